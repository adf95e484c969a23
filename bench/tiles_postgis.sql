-- PostGIS peer of bench/tiles.sh: the combined "jiewang" tile with the same layers, properties
-- and minimum zooms as tiles/tileset.c (labels and area_km2 left out: PostGIS computes neither
-- here; findings left out), from tables loaded by ogr2ogr in EPSG:3857 with GiST indexes.
-- PL/pgSQL so that the session caches the query plan (as tile servers such as pg_tileserv and
-- Martin do with prepared statements); a LANGUAGE sql function would be re-planned per tile.
CREATE OR REPLACE FUNCTION jw_tile(z int, x int, y int) RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
RETURN (
WITH b AS (
  SELECT ST_TileEnvelope(z, x, y) AS env,
         ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS benv
),
county AS (
  SELECT ST_AsMVTGeom(u.geom, b.env, 4096, 64) AS geom, u.id, u.code, u.name, u.level,
         u.parent_code, u.kind
  FROM admin_unit u, b WHERE u.level = 'county' AND u.geom && b.benv
),
townships AS (
  SELECT ST_AsMVTGeom(u.geom, b.env, 4096, 64) AS geom, u.id, u.code, u.name, u.level,
         u.parent_code, u.kind
  FROM admin_unit u, b WHERE z >= 6 AND u.level = 'township' AND u.geom && b.benv
),
villages AS (
  SELECT ST_AsMVTGeom(u.geom, b.env, 4096, 64) AS geom, u.id, u.code, u.name, u.level,
         u.parent_code, u.kind, c.status AS coverage
  FROM b, admin_unit u LEFT JOIN village_coverage c ON c.code = u.code
  WHERE z >= 9 AND u.level = 'village' AND u.geom && b.benv
),
lines AS (
  SELECT ST_AsMVTGeom(t.geom, b.env, 4096, 64) AS geom, t.id, t.line_code, t.left_code,
         t.right_code
  FROM boundary_line t, b WHERE z >= 8 AND t.geom && b.benv
),
markers AS (
  SELECT ST_AsMVTGeom(t.geom, b.env, 4096, 64) AS geom, t.id, t.number, t.type, t.line_code
  FROM boundary_marker t, b WHERE z >= 12 AND t.geom && b.benv
),
cemeteries AS (
  SELECT ST_AsMVTGeom(t.geom, b.env, 4096, 64) AS geom, t.id, t.name, t.kind, t.village_code,
         t.capacity, t.used
  FROM facility t, b WHERE z >= 10 AND t.kind = 'public_cemetery' AND t.geom && b.benv
),
facilities AS (
  SELECT ST_AsMVTGeom(t.geom, b.env, 4096, 64) AS geom, t.id, t.name, t.kind, t.village_code,
         t.beds
  FROM facility t, b WHERE z >= 10 AND t.kind <> 'public_cemetery' AND t.geom && b.benv
),
zones AS (
  SELECT ST_AsMVTGeom(t.geom, b.env, 4096, 64) AS geom, t.id, t.name, t.reason,
         t.effective_date
  FROM no_burial_zone t, b WHERE z >= 8 AND t.geom && b.benv
)
SELECT COALESCE((SELECT ST_AsMVT(l.*, 'county', 4096, 'geom', 'id') FROM county l WHERE geom IS NOT NULL), '')
    || COALESCE((SELECT ST_AsMVT(l.*, 'townships', 4096, 'geom', 'id') FROM townships l WHERE geom IS NOT NULL), '')
    || COALESCE((SELECT ST_AsMVT(l.*, 'villages', 4096, 'geom', 'id') FROM villages l WHERE geom IS NOT NULL), '')
    || COALESCE((SELECT ST_AsMVT(l.*, 'boundary_lines', 4096, 'geom', 'id') FROM lines l WHERE geom IS NOT NULL), '')
    || COALESCE((SELECT ST_AsMVT(l.*, 'markers', 4096, 'geom', 'id') FROM markers l WHERE geom IS NOT NULL), '')
    || COALESCE((SELECT ST_AsMVT(l.*, 'cemeteries', 4096, 'geom', 'id') FROM cemeteries l WHERE geom IS NOT NULL), '')
    || COALESCE((SELECT ST_AsMVT(l.*, 'facilities', 4096, 'geom', 'id') FROM facilities l WHERE geom IS NOT NULL), '')
    || COALESCE((SELECT ST_AsMVT(l.*, 'no_burial_zones', 4096, 'geom', 'id') FROM zones l WHERE geom IS NOT NULL), '')
);
END
$$;
