#!/usr/bin/env bash
# Integration test with real OGC API - Features clients: GDAL's OAPIF driver (ogrinfo,
# ogr2ogr) reads `jiewang serve` on loopback. Counts, codes and names are compared with the
# store read by sqlite3, not by our code.
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/serve_lib.sh"

tmp=$(mktemp -d)
trap 'serve_stop; rm -rf "$tmp"' EXIT
db=$tmp/gucheng.sqlite
"$JIEWANG" demo --out "$db" >/dev/null 2>&1 || { fail "jiewang demo failed"; finish; exit 1; }
serve_start "$db" --quiet || { finish; exit 1; }
export GDAL_HTTP_TIMEOUT=30 CPL_DEBUG=OFF

# ogrinfo lists the public collections (not graves).
ogrinfo -ro -q "OAPIF:$base" >"$tmp/layers.txt" 2>"$tmp/ogrinfo.err" || fail "ogrinfo failed: $(head -3 "$tmp/ogrinfo.err")"
for c in county townships villages boundary_lines markers cemeteries facilities no_burial_zones findings; do
  grep -q "^[0-9]*: $c " "$tmp/layers.txt" || fail "ogrinfo does not list $c"
done
grep -q "graves" "$tmp/layers.txt" && fail "ogrinfo lists the restricted graves collection"
pass

# ogrinfo reads the villages: feature count and names as in the store.
n_db=$(sqlite3 "$db" "SELECT count(*) FROM admin_unit WHERE level='village'")
n_gdal=$(ogrinfo -ro -so "OAPIF:$base" villages 2>/dev/null | sed -n 's/^Feature Count: //p')
expect_eq "$n_db" "$n_gdal" "ogrinfo villages feature count"
ogrinfo -ro -q "OAPIF:$base" villages 2>/dev/null | sed -n 's/^  name (String) = //p' | sort >"$tmp/names_gdal.txt"
sqlite3 "$db" "SELECT name FROM admin_unit WHERE level='village'" | sort >"$tmp/names_db.txt"
cmp -s "$tmp/names_db.txt" "$tmp/names_gdal.txt" && pass || fail "village names read by ogrinfo differ from the store ($(wc -l <"$tmp/names_gdal.txt") lines)"

# ogr2ogr copies villages to a GeoPackage: same count and codes.
ogr2ogr -f GPKG "$tmp/villages.gpkg" "OAPIF:$base" villages 2>"$tmp/ogr2ogr.err" || fail "ogr2ogr failed: $(head -3 "$tmp/ogr2ogr.err")"
expect_eq "$n_db" "$(sqlite3 "$tmp/villages.gpkg" "SELECT count(*) FROM villages")" "ogr2ogr feature count"
sqlite3 "$tmp/villages.gpkg" "SELECT code FROM villages ORDER BY code" >"$tmp/codes_gpkg.txt"
sqlite3 "$db" "SELECT code FROM admin_unit WHERE level='village' ORDER BY code" >"$tmp/codes_db.txt"
cmp -s "$tmp/codes_db.txt" "$tmp/codes_gpkg.txt" && pass || fail "codes copied by ogr2ogr differ from the store"
# Geometry survives: the GeoPackage's total area equals the store's within rounding (1e-6).
a_db=$(spatialite -silent "$db" "SELECT printf('%.6f', sum(Area(geom))) FROM admin_unit WHERE level='village'" 2>/dev/null | tail -1)
a_gpkg=$(ogrinfo -ro -q -dialect SQLite -sql "SELECT printf('%.6f', sum(ST_Area(geom))) AS a FROM villages" "$tmp/villages.gpkg" 2>/dev/null | sed -n 's/^  a (String) = //p')
expect_eq "$a_db" "$a_gpkg" "village area in square degrees"

# Paging across pages (limit smaller than the layer) and a cemeteries copy.
ogr2ogr -f GPKG "$tmp/cem.gpkg" "OAPIF:$base" cemeteries -oo PAGE_SIZE=50 2>/dev/null || fail "ogr2ogr cemeteries"
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM facility WHERE kind='public_cemetery'")" \
  "$(sqlite3 "$tmp/cem.gpkg" "SELECT count(*) FROM cemeteries")" "cemeteries paged by 50"
finish
