/*
 * This file implements gis_store_blob_geom() (gis/store_blob.h): reading SpatiaLite's own
 * BLOB-Geometry format straight into GEOS, so that tile queries skip AsBinary() (a parse into
 * SpatiaLite's model and a WKB export) and the WKB parse. Only what jiewang stores is read:
 * uncompressed XY geometries (classes 1-7); anything else is refused with GIS_EGEOM.
 * Layout: 0x00, endian (1 = little), srid int32, MBR 4 doubles, 0x7C, class int32, body, 0xFE;
 * collections prefix each part with 0x69 and its class.
 */
#include "gis/store_blob.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gis/geom_int.h"

typedef struct reader {
    const unsigned char *p;
    size_t len, pos;
    bool swap; /* blob endianness differs from the host's */
    gis_ctx *ctx;
} reader;

static bool host_little(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

static bool read_u32(reader *r, uint32_t *out)
{
    if (r->len - r->pos < 4)
        return false;
    unsigned char b[4];
    memcpy(b, r->p + r->pos, 4);
    if (r->swap) {
        unsigned char t = b[0];
        b[0] = b[3];
        b[3] = t;
        t = b[1];
        b[1] = b[2];
        b[2] = t;
    }
    memcpy(out, b, 4);
    r->pos += 4;
    return true;
}

/* Reads n XY points into a new coordinate sequence, or NULL. */
static GEOSCoordSequence *read_seq(reader *r, uint32_t n)
{
    if (n > (r->len - r->pos) / 16)
        return NULL;
    double *xy = malloc(sizeof(double) * 2 * (n ? n : 1));
    if (xy == NULL)
        return NULL;
    memcpy(xy, r->p + r->pos, (size_t)n * 16);
    r->pos += (size_t)n * 16;
    if (r->swap)
        for (size_t i = 0; i < (size_t)n * 2; i++) {
            unsigned char b[8], s[8];
            memcpy(b, &xy[i], 8);
            for (int k = 0; k < 8; k++)
                s[k] = b[7 - k];
            memcpy(&xy[i], s, 8);
        }
    GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(r->ctx->geos, xy, n, 0, 0);
    free(xy);
    return seq;
}

static GEOSGeometry *read_body(reader *r, uint32_t cls, int depth);

static GEOSGeometry *read_polygon(reader *r)
{
    GEOSContextHandle_t h = r->ctx->geos;
    uint32_t n_rings = 0;
    if (!read_u32(r, &n_rings) || n_rings == 0 || n_rings > (r->len - r->pos) / 4)
        return NULL;
    GEOSGeometry **rings = calloc(n_rings, sizeof *rings);
    if (rings == NULL)
        return NULL;
    uint32_t k = 0;
    for (; k < n_rings; k++) {
        uint32_t n = 0;
        GEOSCoordSequence *seq = read_u32(r, &n) ? read_seq(r, n) : NULL;
        if (seq == NULL || (rings[k] = GEOSGeom_createLinearRing_r(h, seq)) == NULL)
            break; /* a failed ring constructor takes the sequence with it */
    }
    GEOSGeometry *poly = NULL;
    if (k == n_rings) /* the polygon takes the rings; the array stays ours */
        poly = GEOSGeom_createPolygon_r(h, rings[0], rings + 1, n_rings - 1);
    else
        for (uint32_t i = 0; i < k; i++)
            GEOSGeom_destroy_r(h, rings[i]);
    free(rings);
    return poly;
}

static GEOSGeometry *read_collection(reader *r, uint32_t cls, int depth)
{
    GEOSContextHandle_t h = r->ctx->geos;
    uint32_t n = 0, k = 0;
    if (!read_u32(r, &n) || n > (r->len - r->pos) / 5)
        return NULL;
    GEOSGeometry **parts = calloc(n ? n : 1, sizeof *parts);
    if (parts == NULL)
        return NULL;
    for (; k < n; k++) {
        uint32_t part_cls = 0;
        if (r->pos >= r->len || r->p[r->pos++] != 0x69 || !read_u32(r, &part_cls) ||
            (parts[k] = read_body(r, part_cls, depth + 1)) == NULL)
            break;
    }
    GEOSGeometry *g = NULL;
    int type = cls == 4   ? GEOS_MULTIPOINT
               : cls == 5 ? GEOS_MULTILINESTRING
               : cls == 6 ? GEOS_MULTIPOLYGON
                          : GEOS_GEOMETRYCOLLECTION;
    if (k == n) /* the collection takes the parts; the array stays ours */
        g = GEOSGeom_createCollection_r(h, type, parts, n);
    else
        for (uint32_t i = 0; i < k; i++)
            GEOSGeom_destroy_r(h, parts[i]);
    free(parts);
    return g;
}

static GEOSGeometry *read_body(reader *r, uint32_t cls, int depth)
{
    GEOSContextHandle_t h = r->ctx->geos;
    uint32_t n = 0;
    GEOSCoordSequence *seq = NULL;
    if (depth > 8)
        return NULL;
    switch (cls) {
    case 1:
        seq = read_seq(r, 1);
        return seq ? GEOSGeom_createPoint_r(h, seq) : NULL;
    case 2:
        seq = read_u32(r, &n) ? read_seq(r, n) : NULL;
        return seq ? GEOSGeom_createLineString_r(h, seq) : NULL;
    case 3:
        return read_polygon(r);
    case 4:
    case 5:
    case 6:
    case 7:
        return read_collection(r, cls, depth);
    default:
        return NULL; /* Z/M or compressed classes: jiewang stores XY only */
    }
}

int gis_store_blob_geom(gis_ctx *ctx, const unsigned char *blob, size_t len, gis_geom **out,
                        gis_error *err)
{
    *out = NULL;
    if (blob == NULL || len < 44 || blob[0] != 0x00 || blob[1] > 1 || blob[38] != 0x7C ||
        blob[len - 1] != 0xFE)
        return GIS_ERR(err, GIS_EGEOM, "not a SpatiaLite geometry blob");
    reader r = {
        .p = blob, .len = len - 1, .pos = 39, .swap = (blob[1] == 1) != host_little(), .ctx = ctx};
    uint32_t cls = 0;
    GEOSGeometry *g = read_u32(&r, &cls) ? read_body(&r, cls, 0) : NULL;
    if (g == NULL || r.pos != r.len) {
        if (g != NULL)
            GEOSGeom_destroy_r(ctx->geos, g);
        return GIS_ERR(err, GIS_EGEOM, "unreadable SpatiaLite geometry blob (class %u)",
                       (unsigned)cls);
    }
    return gis_geom_wrap(ctx, g, out, err); /* ownership of g moves into *out */
}
