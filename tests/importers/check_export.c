/*
 * Tests for importers/export.c and importers/export_stage.c: round trips import -> export ->
 * import through GeoPackage, Shapefile (GBK with .cpg), CSV, GeoJSON and KML keep codes, names
 * and geometry; errors for unknown kinds and formats, existing outputs (also a Shapefile
 * sidecar) and invalid polygons in KML, and no file (output, sidecar, temporary file or staging
 * directory) left behind by a refused or failed export; the stage's commit never replaces a file
 * that appears meanwhile, also without RENAME_NOREPLACE or hard links.
 */
#define _GNU_SOURCE /* renameat2, SYS_renameat2 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gis/store.h"
#include "gis/store_facilities.h"
#include "gis/store_survey.h"
#include "gis/store_units.h"
#include "importers/export.h"
#include "importers/export_stage.h"
#include "importers/import.h"
#include "importers/gdal_init.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static char dir[64];
static gis_ctx *ctx;
static gis_store *a, *b;

/* Seams: importers/export_stage.c moves files with renameat2() and link(); these definitions
 * take their place in this program (the importers library is static). fake_*_errno makes the
 * call fail as on a file system without RENAME_NOREPLACE (EINVAL) or without hard links
 * (EPERM); race_name makes a file of that name appear at the destination just before the call,
 * as if another program created it while the export was committing. */
static int fake_renameat2_errno, fake_link_errno;
static char race_name[64];
static char race_saw[256]; /* the final names present in dir when the race happened */
static const char *files_like(const char *prefix);

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static void race(const char *to)
{
    const char *slash = strrchr(to, '/');
    if (race_name[0] != '\0' && strcmp(slash ? slash + 1 : to, race_name) == 0) {
        race_name[0] = '\0';
        snprintf(race_saw, sizeof race_saw, "%s", files_like("s."));
        put(to, "theirs");
    }
}

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
              unsigned int flags)
{
    if (fake_renameat2_errno != 0) {
        errno = fake_renameat2_errno;
        return -1;
    }
    race(newpath);
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
}

int link(const char *from, const char *to)
{
    if (fake_link_errno != 0) {
        errno = fake_link_errno;
        return -1;
    }
    race(to);
    return linkat(AT_FDCWD, from, AT_FDCWD, to, 0);
}

static void setup(void)
{
    imp_gdal_init();
    snprintf(dir, sizeof dir, "/tmp/jw_exp_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char p[128];
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    snprintf(p, sizeof p, "%s/a.sqlite", dir);
    ck_assert_int_eq(gis_store_open(p, GIS_STORE_CREATE, &a, NULL), GIS_OK);
    snprintf(p, sizeof p, "%s/b.sqlite", dir);
    ck_assert_int_eq(gis_store_open(p, GIS_STORE_CREATE, &b, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_store_close(a);
    gis_store_close(b);
    gis_ctx_free(ctx);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static const char *path_in(const char *name)
{
    static char p[4][160];
    static int slot;
    char *s = p[slot++ % 4];
    snprintf(s, 160, "%s/%s", dir, name);
    return s;
}

static void load(gis_store *s, const char *name, const char *text, const char *kind)
{
    const char *p = path_in(name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    imp_options o = {.kind = kind};
    imp_summary sum;
    gis_error err = {0};
    ck_assert_msg(imp_import_run(ctx, s, p, &o, &sum, &err) == GIS_OK, "%s", err.msg);
}

#define TWP                                                                                        \
    "{\"type\":\"FeatureCollection\",\"features\":["                                               \
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"420625100\",\"name\":\"城关镇\"},"        \
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[111.6,32.2],[111.7,32.2],[111.7,32.3]," \
    "[111.6,32.3],[111.6,32.2]]]}},"                                                               \
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"420625101\",\"name\":\"石花镇\"},"        \
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[111.7,32.2],[111.8,32.2],[111.7,32.3]," \
    "[111.8,32.3],[111.7,32.2]]]}}]}"

/* Ring vertex sums: independent of ring orientation and start point, which Shapefile writers
 * change (clockwise shells), but not of coordinates. */
typedef struct sums {
    double x, y;
    size_t n;
} sums;

static int ring_sum(void *user, size_t ring_index, const double *xy, size_t n)
{
    (void)ring_index;
    sums *s = user;
    for (size_t i = 0; i + 1 < n; i++) {
        s->x += xy[2 * i];
        s->y += xy[2 * i + 1];
        s->n++;
    }
    return 0;
}

/* Codes, names and vertex sums (9 decimals) of every township of s, joined. Owned, free(). */
static char *townships_text(gis_store *s)
{
    gis_unit *u = NULL;
    size_t n = 0;
    ck_assert_int_eq(gis_store_units_load(ctx, s, "township", &u, &n, NULL), GIS_OK);
    size_t cap = 4096, len = 0;
    char *out = calloc(1, cap);
    gis_geom_visitor v = {.ring = ring_sum};
    for (size_t i = 0; i < n; i++) {
        sums sm = {0};
        ck_assert_int_eq(gis_geom_walk(ctx, u[i].geom, &v, &sm, NULL), GIS_OK);
        len += (size_t)snprintf(out + len, cap - len, "%s|%s|%s|%d|%zu|%.9f|%.9f;", u[i].code,
                                u[i].name, u[i].parent_code ? u[i].parent_code : "",
                                gis_geom_type(ctx, u[i].geom), sm.n, sm.x, sm.y);
    }
    gis_unit_array_free(ctx, u, n);
    return out;
}

static void round_trip(const char *format, const char *file, const char *encoding)
{
    load(a, "t.geojson", TWP, "townships");
    imp_export_options eo = {.kind = "townships", .format = format, .encoding = encoding};
    int64_t n = 0;
    gis_error err = {0};
    ck_assert_msg(imp_export_run(ctx, a, path_in(file), &eo, &n, &err) == GIS_OK, "%s", err.msg);
    ck_assert_int_eq(n, 2);
    imp_options o = {.kind = "townships"};
    imp_summary sum;
    ck_assert_msg(imp_import_run(ctx, b, path_in(file), &o, &sum, &err) == GIS_OK, "%s", err.msg);
    char *ta = townships_text(a), *tb = townships_text(b);
    ck_assert_str_eq(ta, tb);
    ck_assert_ptr_nonnull(strstr(tb, "420625101|石花镇|420625|"));
    free(ta);
    free(tb);
}

START_TEST(test_export_round_trip_gpkg)
{
    round_trip("GPKG", "t.gpkg", NULL);
}
END_TEST

START_TEST(test_export_round_trip_geojson)
{
    round_trip("GeoJSON", "t2.geojson", NULL);
}
END_TEST

START_TEST(test_export_round_trip_shapefile_gbk)
{
    round_trip("ESRI Shapefile", "t.shp", "GBK");
    FILE *f = fopen(path_in("t.cpg"), "rb");
    ck_assert_ptr_nonnull(f);
    char cpg[16] = "";
    ck_assert_ptr_nonnull(fgets(cpg, sizeof cpg, f));
    fclose(f);
    ck_assert_str_eq(cpg, "GBK");
    /* The DBF holds 石花镇 in GBK bytes (CAAF BBA8 D5F2), not UTF-8. */
    f = fopen(path_in("t.dbf"), "rb");
    char buf[4096];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    bool found = false;
    for (size_t i = 0; i + 6 <= len && !found; i++)
        found = memcmp(buf + i, "\xca\xaf\xbb\xa8\xd5\xf2", 6) == 0;
    ck_assert(found);
}
END_TEST

START_TEST(test_export_round_trip_csv_points)
{
    load(a, "m.csv", "界桩号,类型,X,Y\nGC001Q,Q,3570869.04,37561247.16\n", "markers");
    imp_export_options eo = {.kind = "markers", .format = "CSV"};
    int64_t n = 0;
    gis_error err = {0};
    ck_assert_int_eq(imp_export_run(ctx, a, path_in("out.csv"), &eo, &n, &err), GIS_OK);
    imp_options o = {.kind = "markers"};
    imp_summary sum;
    ck_assert_int_eq(imp_import_run(ctx, b, path_in("out.csv"), &o, &sum, &err), GIS_OK);
    gis_marker *m = NULL;
    size_t nm = 0;
    ck_assert_int_eq(gis_store_markers_load(ctx, b, &m, &nm, NULL), GIS_OK);
    ck_assert_uint_eq(nm, 1);
    ck_assert_str_eq(m[0].number, "GC001Q");
    ck_assert_str_eq(m[0].type, "Q");
    double bb[4];
    ck_assert_int_eq(gis_geom_bounds(ctx, m[0].geom, bb, NULL), GIS_OK);
    ck_assert_double_eq_tol(bb[0], 111.65, 1e-7); /* DOMAIN.md CRS-04 */
    ck_assert_double_eq_tol(bb[1], 32.26, 1e-7);
    gis_marker_array_free(ctx, m, nm);
}
END_TEST

/* Grave fields and coordinates (9 decimals) appended to a text buffer, one grave a line. */
static int grave_line(void *user, const gis_grave *g)
{
    char *out = user;
    double bb[4];
    ck_assert_int_eq(gis_geom_bounds(ctx, g->geom, bb, NULL), GIS_OK);
    size_t len = strlen(out);
    snprintf(out + len, 1024 - len, "%s|%s|%d|%s|%s|%.9f|%.9f\n", g->owner ? g->owner : "",
             g->village_code ? g->village_code : "", g->is_protected, g->status,
             g->built_date ? g->built_date : "", bb[0], bb[1]);
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* KML is written by GDAL's KML driver: the owner in <name>, every other field in ExtendedData
 * under its own name (the driver's own Name/Description fields must not shift them), WGS 84
 * coordinates (EPSG:4490 and WGS 84 coincide to the metre here), Chinese text as UTF-8. */
START_TEST(test_export_round_trip_kml_graves)
{
    load(a, "g.csv",
         "owner,village_code,protected,status,built_date,lon,lat\n"
         "张某某,420625100201,1,moved,1954-04-21,111.65,32.26\n"
         "李某某,420625100202,0,identified,,111.66,32.27\n",
         "graves");
    imp_export_options eo = {.kind = "graves", .format = "KML"};
    int64_t n = 0;
    gis_error err = {0};
    ck_assert_msg(imp_export_run(ctx, a, path_in("g.kml"), &eo, &n, &err) == GIS_OK, "%s", err.msg);
    ck_assert_int_eq(n, 2);
    const char *kml = slurp(path_in("g.kml"));
    ck_assert_ptr_nonnull(strstr(kml, "<name>张某某</name>"));
    ck_assert_ptr_nonnull(strstr(kml, "<SimpleData name=\"village_code\">420625100201<"));
    ck_assert_ptr_nonnull(strstr(kml, "<SimpleData name=\"status\">moved<"));
    ck_assert_ptr_nonnull(strstr(kml, "<SimpleData name=\"built_date\">1954-04-21<"));
    ck_assert_ptr_null(strstr(kml, "<description>"));
    imp_options o = {.kind = "graves"};
    imp_summary sum;
    ck_assert_msg(imp_import_run(ctx, b, path_in("g.kml"), &o, &sum, &err) == GIS_OK, "%s",
                  err.msg);
    char got[1024] = "";
    ck_assert_int_eq(gis_store_graves_each(ctx, b, grave_line, got, NULL), GIS_OK);
    ck_assert_str_eq(got, "张某某|420625100201|1|moved|1954-04-21|111.650000000|32.260000000\n"
                          "李某某|420625100202|0|identified||111.660000000|32.270000000\n");
}
END_TEST

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Names in dir starting with prefix ("." and ".." aside), sorted, each followed by a space
 * ("" if none). */
static const char *files_like(const char *prefix)
{
    static char out[1024];
    char *names[64];
    size_t n = 0;
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            strncmp(e->d_name, prefix, strlen(prefix)) == 0 && n < 64)
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s ", names[i]);
        free(names[i]);
    }
    return out;
}

START_TEST(test_export_errors)
{
    load(a, "t.geojson", TWP, "townships");
    int64_t n = 0;
    gis_error err = {0};
    imp_export_options eo = {.kind = "townships", .format = "NoSuchFormat"};
    ck_assert_fails_with(imp_export_run(ctx, a, path_in("x"), &eo, &n, &err), err, GIS_EINVAL,
                         "unknown format 'NoSuchFormat'");
    eo = (imp_export_options){.kind = "lakes", .format = "GPKG"};
    ck_assert_fails_with(imp_export_run(ctx, a, path_in("x.gpkg"), &eo, &n, &err), err, GIS_EINVAL,
                         "unknown layer kind 'lakes'");
    eo = (imp_export_options){.kind = "townships", .format = "GPKG"};
    ck_assert_fails_with(imp_export_run(ctx, a, path_in("t.geojson"), &eo, &n, &err), err,
                         GIS_EEXIST, "already exists");
    eo = (imp_export_options){.kind = "townships", .format = "GeoJSON", .encoding = "GBK"};
    ck_assert_fails_with(imp_export_run(ctx, a, path_in("y.geojson"), &eo, &n, &err), err,
                         GIS_EINVAL, "--encoding applies to");
    eo = (imp_export_options){.kind = "townships", .format = "KML"};
    ck_assert_fails_with(imp_export_run(ctx, a, path_in("t.kml"), &eo, &n, &err), err, GIS_EGEOM,
                         "invalid polygon, which KML cannot hold");
    ck_assert_str_eq(files_like("t.kml"), ""); /* no output, no temporary file */
    ck_assert_str_eq(files_like(".t.kml"), "");
    /* A KML export does not replace an existing file and leaves it as it was. */
    load(a, "m.csv", "界桩号,类型,X,Y\nGC001Q,Q,3570869.04,37561247.16\n", "markers");
    fclose(fopen(path_in("m.kml"), "wb"));
    eo = (imp_export_options){.kind = "markers", .format = "KML"};
    ck_assert_fails_with(imp_export_run(ctx, a, path_in("m.kml"), &eo, &n, &err), err, GIS_EEXIST,
                         "already exists");
    ck_assert_str_eq(files_like("m.kml"), "m.kml ");
}
END_TEST

/* A Shapefile sidecar that exists already refuses the export: nothing is written beside it, it
 * keeps its content, and no staging directory is left. */
START_TEST(test_export_refuses_existing_sidecar)
{
    load(a, "t.geojson", TWP, "townships");
    put(path_in("v.dbf"), "mine");
    imp_export_options eo = {.kind = "townships", .format = "ESRI Shapefile"};
    int64_t n = 0;
    gis_error err = {0};
    ck_assert_fails_with(imp_export_run(ctx, a, path_in("v.shp"), &eo, &n, &err), err, GIS_EEXIST,
                         "/v.dbf' already exists");
    ck_assert_str_eq(files_like("v."), "v.dbf ");
    ck_assert_str_eq(files_like(".v."), "");
    ck_assert_str_eq(slurp(path_in("v.dbf")), "mine");
}
END_TEST

/* A Shapefile export to a name without .shp makes a folder of that name holding the layer, as
 * GDAL does; the folder appears whole. */
START_TEST(test_export_shapefile_folder)
{
    load(a, "t.geojson", TWP, "townships");
    imp_export_options eo = {.kind = "townships", .format = "ESRI Shapefile", .encoding = "GBK"};
    int64_t n = 0;
    gis_error err = {0};
    ck_assert_msg(imp_export_run(ctx, a, path_in("shpdir"), &eo, &n, &err) == GIS_OK, "%s",
                  err.msg);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(files_like(".shpdir"), "");
    imp_options o = {.kind = "townships"};
    imp_summary sum;
    ck_assert_msg(imp_import_run(ctx, b, path_in("shpdir/townships.shp"), &o, &sum, &err) == GIS_OK,
                  "%s", err.msg);
    char *ta = townships_text(a), *tb = townships_text(b);
    ck_assert_str_eq(ta, tb);
    free(ta);
    free(tb);
}
END_TEST

/* A staging directory left by a killed export (hidden, random suffix) neither blocks the next
 * export of the same name nor is removed by it. */
START_TEST(test_export_beside_stale_stage)
{
    ck_assert_int_eq(mkdir(path_in(".t.gpkg.jw-export-Ab12Cd"), 0700), 0);
    put(path_in(".t.gpkg.jw-export-Ab12Cd/t.gpkg"), "partial");
    round_trip("GPKG", "t.gpkg", NULL);
    ck_assert_str_eq(files_like(".t.gpkg"), ".t.gpkg.jw-export-Ab12Cd ");
    ck_assert_str_eq(slurp(path_in(".t.gpkg.jw-export-Ab12Cd/t.gpkg")), "partial");
}
END_TEST

/* An export that fails while writing (file size limit, as a full disk) leaves nothing in the
 * folder, in every format: no output, no sidecar, no temporary file, no staging directory. */
START_TEST(test_export_failed_leaves_nothing)
{
    size_t cap = 3000 * 64 + 64, len = 0;
    char *csv = malloc(cap);
    len += (size_t)snprintf(csv, cap, "owner,village_code,protected,status,lon,lat\n");
    for (int i = 0; i < 3000; i++)
        len += (size_t)snprintf(csv + len, cap - len,
                                "某%d,420625100201,0,identified,111.%04d,32.26\n", i, i);
    load(a, "g.csv", csv, "graves");
    free(csv);
    static const char *const formats[][2] = {{"GPKG", "gpkg"},       {"ESRI Shapefile", "shp"},
                                             {"GeoJSON", "geojson"}, {"CSV", "csv"},
                                             {"KML", "kml"},         {"DXF", "dxf"}};
    struct rlimit old, lim;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 64 * 1024; /* every format writes more for 3,000 graves */
    signal(SIGXFSZ, SIG_IGN); /* writes past the limit fail with EFBIG instead */
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "out.%s", formats[i][1]);
        imp_export_options eo = {.kind = "graves", .format = formats[i][0]};
        int64_t n = 0;
        gis_error err = {0};
        ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
        int rc = imp_export_run(ctx, a, path_in(name), &eo, &n, &err);
        ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
        ck_assert_msg(rc == GIS_EIO && strstr(err.msg, name), "%s: %d %s", formats[i][0], rc,
                      err.msg);
        ck_assert_msg(strcmp(files_like("out"), "") == 0 && strcmp(files_like(".out"), "") == 0,
                      "%s left %s%s", formats[i][0], files_like("out"), files_like(".out"));
    }
    signal(SIGXFSZ, SIG_DFL);
}
END_TEST

/* A stage holding a Shapefile-like set written by hand: s.shp (the target) and two sidecars.
 * Nothing of it is visible under the final names. */
static void stage_set(imp_stage *st)
{
    gis_error err = {0};
    ck_assert_msg(imp_stage_open(st, path_in("s.shp"), false, &err) == GIS_OK, "%s", err.msg);
    ck_assert_int_eq(st->fd, -1);
    ck_assert_ptr_nonnull(strstr(st->dir, "/.s.shp.jw-export-"));
    char p[PATH_MAX];
    const char *const names[] = {"s.shp", "s.dbf", "s.prj"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", st->dir, names[i]);
        put(p, names[i] + 2);
    }
    snprintf(p, sizeof p, "%s/s.shp", st->dir);
    ck_assert_str_eq(st->write_path, p);
    ck_assert_str_eq(files_like("s."), "");
}

static void commit_ok(void)
{
    imp_stage st;
    stage_set(&st);
    gis_error err = {0};
    ck_assert_msg(imp_stage_commit(&st, &err) == GIS_OK, "%s", err.msg);
    ck_assert_str_eq(files_like("s."), "s.dbf s.prj s.shp ");
    ck_assert_str_eq(slurp(path_in("s.shp")), "shp");
    ck_assert_str_eq(slurp(path_in("s.dbf")), "dbf");
    ck_assert_str_eq(slurp(path_in("s.prj")), "prj");
    ck_assert_str_eq(files_like(".s."), ""); /* the staging directory is gone */
    imp_stage_abort(&st);                    /* harmless after a commit */
}

START_TEST(test_stage_commit_moves_every_file)
{
    commit_ok();
}
END_TEST

START_TEST(test_stage_commit_without_noreplace)
{
    fake_renameat2_errno = EINVAL; /* e.g. NFS: link() + unlink() */
    commit_ok();
}
END_TEST

START_TEST(test_stage_commit_without_hard_links)
{
    fake_renameat2_errno = EINVAL; /* e.g. FAT: rename() after checking the name is free */
    fake_link_errno = EPERM;
    commit_ok();
}
END_TEST

/* A file that appears under name while the stage is being committed is kept; the commit fails
 * naming it and publishes nothing (files already moved are taken back). */
static void commit_race(const char *name)
{
    imp_stage st;
    stage_set(&st);
    snprintf(race_name, sizeof race_name, "%s", name);
    gis_error err = {0};
    char want[96], left[64];
    snprintf(want, sizeof want, "/%s' already exists", name);
    ck_assert_fails_with(imp_stage_commit(&st, &err), err, GIS_EEXIST, want);
    ck_assert_str_eq(race_name, ""); /* the file did appear during the commit */
    snprintf(left, sizeof left, "%s ", name);
    ck_assert_str_eq(files_like("s."), left);
    ck_assert_str_eq(slurp(path_in(name)), "theirs");
    ck_assert_str_eq(files_like(".s."), "");
}

START_TEST(test_stage_commit_race_on_target)
{
    commit_race("s.shp"); /* moved last: both sidecars are moved, then taken back */
    ck_assert_str_eq(race_saw, "s.dbf s.prj ");
}
END_TEST

START_TEST(test_stage_commit_race_on_sidecar)
{
    commit_race("s.dbf");
}
END_TEST

START_TEST(test_stage_commit_race_without_noreplace)
{
    fake_renameat2_errno = EINVAL;
    commit_race("s.shp");
    ck_assert_str_eq(race_saw, "s.dbf s.prj ");
}
END_TEST

/* Every final name is checked before any file moves. */
START_TEST(test_stage_commit_existing_sidecar)
{
    imp_stage st;
    stage_set(&st);
    put(path_in("s.prj"), "mine");
    gis_error err = {0};
    ck_assert_fails_with(imp_stage_commit(&st, &err), err, GIS_EEXIST, "/s.prj' already exists");
    ck_assert_str_eq(files_like("s."), "s.prj ");
    ck_assert_str_eq(slurp(path_in("s.prj")), "mine");
    ck_assert_str_eq(files_like(".s."), "");
}
END_TEST

/* A writer that wrote sidecars but not the target itself publishes nothing. */
START_TEST(test_stage_commit_without_target)
{
    imp_stage st;
    stage_set(&st);
    ck_assert_int_eq(unlink(st.write_path), 0);
    gis_error err = {0};
    ck_assert_fails_with(imp_stage_commit(&st, &err), err, GIS_EIO, "did not create it");
    ck_assert_str_eq(files_like("s."), "");
    ck_assert_str_eq(files_like(".s."), "");
}
END_TEST

START_TEST(test_stage_abort_removes_everything)
{
    imp_stage st;
    stage_set(&st);
    char sub[PATH_MAX];
    snprintf(sub, sizeof sub, "%s/sub", st.dir); /* as GDAL's folder outputs */
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    snprintf(sub, sizeof sub, "%s/sub/x.csv", st.dir);
    put(sub, "x");
    imp_stage_abort(&st);
    imp_stage_abort(&st);
    ck_assert_str_eq(files_like(""), "a.sqlite b.sqlite ");
}
END_TEST

/* A target name near NAME_MAX (255 bytes) still gets a staging directory: its name keeps only
 * the start of the target's name, cut between characters. */
START_TEST(test_stage_long_name)
{
    char target[512];
    size_t len = (size_t)snprintf(target, sizeof target, "%s/", dir);
    for (int i = 0; i < 83; i++) /* 249 bytes of UTF-8, then ".csv": 253 */
        len += (size_t)snprintf(target + len, sizeof target - len, "墓");
    snprintf(target + len, sizeof target - len, ".csv");
    imp_stage st;
    gis_error err = {0};
    ck_assert_msg(imp_stage_open(&st, target, false, &err) == GIS_OK, "%s", err.msg);
    const char *dname = strrchr(st.dir, '/') + 1;
    ck_assert_uint_le(strlen(dname), 255);
    ck_assert_ptr_nonnull(strstr(dname, IMP_STAGE_MARK));
    put(st.write_path, "x");
    ck_assert_msg(imp_stage_commit(&st, &err) == GIS_OK, "%s", err.msg);
    ck_assert_str_eq(slurp(target), "x");
    ck_assert_str_eq(files_like("."), "");
}
END_TEST

static Suite *imp_export_suite(void)
{
    Suite *s = suite_create("export");
    TCase *ok = tcase_create("round_trip");
    tcase_add_checked_fixture(ok, setup, teardown);
    tcase_set_timeout(ok, 60); /* store creation is slow on a loaded machine */
    tcase_add_test(ok, test_export_round_trip_gpkg);
    tcase_add_test(ok, test_export_round_trip_geojson);
    tcase_add_test(ok, test_export_round_trip_shapefile_gbk);
    tcase_add_test(ok, test_export_round_trip_csv_points);
    tcase_add_test(ok, test_export_round_trip_kml_graves);
    suite_add_tcase(s, ok);
    TCase *bad = tcase_create("errors");
    tcase_add_checked_fixture(bad, setup, teardown);
    tcase_set_timeout(bad, 60); /* store creation is slow on a loaded machine */
    tcase_add_test(bad, test_export_errors);
    tcase_add_test(bad, test_export_refuses_existing_sidecar);
    tcase_add_test(bad, test_export_failed_leaves_nothing);
    suite_add_tcase(s, bad);
    TCase *stage = tcase_create("stage");
    tcase_add_checked_fixture(stage, setup, teardown);
    tcase_set_timeout(stage, 60);
    tcase_add_test(stage, test_export_shapefile_folder);
    tcase_add_test(stage, test_export_beside_stale_stage);
    tcase_add_test(stage, test_stage_commit_moves_every_file);
    tcase_add_test(stage, test_stage_commit_without_noreplace);
    tcase_add_test(stage, test_stage_commit_without_hard_links);
    tcase_add_test(stage, test_stage_commit_race_on_target);
    tcase_add_test(stage, test_stage_commit_race_on_sidecar);
    tcase_add_test(stage, test_stage_commit_race_without_noreplace);
    tcase_add_test(stage, test_stage_commit_existing_sidecar);
    tcase_add_test(stage, test_stage_commit_without_target);
    tcase_add_test(stage, test_stage_abort_removes_everything);
    tcase_add_test(stage, test_stage_long_name);
    suite_add_tcase(s, stage);
    return s;
}

CHECK_MAIN(imp_export_suite)
