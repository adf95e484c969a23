#!/usr/bin/env bash
# Integration test (issue #3): `jiewang import` and `jiewang export` on fixtures generated here
# with ogr2ogr and printf: a GBK Shapefile with .cpg in EPSG:4525, a DXF with two layers, a KML,
# a GeoJSON, a CSV of markers in zone-prefixed Gauss-Kruger; every bad input exits 2 with one
# line naming the file/feature/field and leaves the database byte-identical.
set -u
. "$(dirname "$0")/../support/lib.sh"

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/g.sqlite
sq() { sqlite3 -cmd "SELECT load_extension('mod_spatialite');" "$db" "$@" | tail -n +2; }

# --- fixtures -------------------------------------------------------------------------------
cat > "$tmp/twp.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"XZQDM":"420625100","XZQMC":"城关镇"},"geometry":{"type":"Polygon","coordinates":[[[111.6,32.2],[111.7,32.2],[111.7,32.3],[111.6,32.3],[111.6,32.2]]]}},
{"type":"Feature","properties":{"XZQDM":"420625101","XZQMC":"石花镇"},"geometry":{"type":"Polygon","coordinates":[[[111.7,32.2],[111.8,32.2],[111.8,32.3],[111.7,32.3],[111.7,32.2]]]}}]}
JSON
# 谷城县 township boundaries as a survey team hands them over: GBK Shapefile, EPSG:4525.
ogr2ogr -f "ESRI Shapefile" "$tmp/乡镇.shp" "$tmp/twp.geojson" -s_srs EPSG:4490 -t_srs EPSG:4525 \
  -lco ENCODING=GBK 2>/dev/null
expect_eq "GBK" "$(cat "$tmp/乡镇.cpg")" "fixture .cpg"
# Markers in a survey table: X = northing, Y = zone-prefixed easting (DOMAIN.md CRS-05).
printf '界桩号,类型,X,Y\nGC001Q,Q,3570869.04,37561247.16\nGC002Q,Q,3571000.00,37561400.00\n' \
  > "$tmp/markers.csv"

# --- successful imports ---------------------------------------------------------------------
out=$("$JIEWANG" import "$db" "$tmp/乡镇.shp" --as townships 2>&1); rc=$?
expect_eq 0 "$rc" "GBK shapefile import ($out)"
expect_eq "420625100|城关镇|420625;420625101|石花镇|420625" \
  "$(sq "SELECT group_concat(code||'|'||name||'|'||parent_code, ';') FROM admin_unit")" \
  "GBK names and codes"
grep -q "EPSG:4525" <<<"$out" || fail "summary lacks the source CRS: $out"

out=$("$JIEWANG" import "$db" "$tmp/markers.csv" --as markers 2>&1); rc=$?
expect_eq 0 "$rc" "GK CSV import ($out)"
grep -q "column 'Y' read as easting" <<<"$out" || fail "summary lacks the axis note: $out"
# Expected CGCS2000 coordinates from PROJ's cs2cs (EPSG:4525 is northing, easting).
want=$(echo "3571000.00 37561400.00" | cs2cs -f %.7f EPSG:4525 EPSG:4490 | awk '{print $2" "$1}')
got=$(sq "SELECT printf('%.7f %.7f', X(geom), Y(geom)) FROM boundary_marker WHERE number='GC002Q'")
expect_eq "$want" "$got" "GK point against cs2cs"
expect_eq "111.6500000 32.2600000" \
  "$(sq "SELECT printf('%.7f %.7f', X(geom), Y(geom)) FROM boundary_marker WHERE number='GC001Q'")" \
  "DOMAIN.md CRS-04 test point"

# DXF with two CAD layers: refused without --layer (listing them), loaded with it.
cat > "$tmp/dxf.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"Layer":"JX"},"geometry":{"type":"LineString","coordinates":[[37561247.16,3570869.04],[37562247.16,3571869.04]]}},
{"type":"Feature","properties":{"Layer":"JZ"},"geometry":{"type":"Point","coordinates":[37561247.16,3570869.04]}}]}
JSON
ogr2ogr -f DXF "$tmp/two.dxf" "$tmp/dxf.geojson" 2>/dev/null
expect_fail 2 "choose one with --layer (JX, JZ)" "$JIEWANG" import "$db" "$tmp/two.dxf" --as boundary_lines
"$JIEWANG" import "$db" "$tmp/two.dxf" --as boundary_lines --layer JX --field line_code=Layer \
  >/dev/null 2>&1 || fail "DXF layer import"
expect_eq 1 "$(sq "SELECT count(*) FROM boundary_line")" "DXF line count"

# KML (WGS 84) and GeoJSON.
ogr2ogr -f KML "$tmp/zones.kml" "$tmp/twp.geojson" -sql "SELECT XZQMC AS Name FROM twp" 2>/dev/null
"$JIEWANG" import "$db" "$tmp/zones.kml" --as no_burial_zones >/dev/null 2>&1 || fail "KML import"
expect_eq "城关镇,石花镇" "$(sq "SELECT group_concat(name) FROM no_burial_zone")" "KML names"
"$JIEWANG" import "$db" "$tmp/twp.geojson" --as villages --field code=XZQDM >/dev/null 2>&1 \
  || fail "GeoJSON import"

# XLSX: a cemetery register with 经度/纬度 columns (all-text sheet: the header row is forced).
printf '名称,经度,纬度,容量\n城关公墓,111.62,32.21,800\n' > "$tmp/cem.csv"
ogr2ogr -f XLSX "$tmp/cem.xlsx" "$tmp/cem.csv" 2>/dev/null
"$JIEWANG" import "$db" "$tmp/cem.xlsx" --as cemeteries >/dev/null 2>&1 || fail "XLSX import"
expect_eq "城关公墓|800|111.62|32.21" \
  "$(sq "SELECT name||'|'||capacity||'|'||X(geom)||'|'||Y(geom) FROM facility")" "XLSX cemetery"

# GPX from a handheld: several layers, so --layer is needed.
cat > "$tmp/jz.gpx" <<'GPX'
<?xml version="1.0"?>
<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="32.26" lon="111.65"><name>GC101Q</name></wpt>
<trk><name>t</name><trkseg><trkpt lat="32.26" lon="111.65"/><trkpt lat="32.27" lon="111.66"/></trkseg></trk>
</gpx>
GPX
expect_fail 2 "choose one with --layer (waypoints, tracks, track_points)" \
  "$JIEWANG" import "$tmp/gpx.sqlite" "$tmp/jz.gpx" --as markers
"$JIEWANG" import "$tmp/gpx.sqlite" "$tmp/jz.gpx" --as markers --layer waypoints >/dev/null 2>&1 \
  || fail "GPX waypoints import"

# A legacy Xian 1980 source is accepted only with explicit Helmert parameters.
"$JIEWANG" import "$tmp/legacy.sqlite" "$tmp/markers.csv" --as markers --srs EPSG:2361 \
  --towgs84 24,-123,-94 >/dev/null 2>&1 || fail "Xian 1980 with --towgs84"

# --replace and duplicates.
expect_fail 2 "already imported" "$JIEWANG" import "$db" "$tmp/markers.csv" --as markers
"$JIEWANG" import "$db" "$tmp/markers.csv" --as markers --replace >/dev/null 2>&1 || fail "--replace"
expect_eq 2 "$(sq "SELECT count(*) FROM boundary_marker")" "markers after --replace"

# --- bad inputs: exit 2, one line, database unchanged ----------------------------------------
before=$(sha256sum "$db")
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"420625100","name":"a"},"geometry":{"type":"Point","coordinates":[111.6,32.2]}}]}' > "$tmp/pts.geojson"
printf 'garbage\x01\x02' > "$tmp/junk.bin"
printf '{"type":"FeatureCollection","features":[]}' > "$tmp/empty.geojson"
printf '编号,经度,纬度\nA,111.6,32.2\nB,abc,32.2\n' > "$tmp/nonnum.csv"
printf '编号,经度,纬度\nA,111.6,32.2\nB,111.6,95.5\n' > "$tmp/range.csv"
printf '名称,经度,纬度\n\xb9\xc8\xb3\xc7\xcf\xd8,111.6,32.2\n' > "$tmp/gbk.csv"
printf '备注,经度,纬度\nx,111.6,32.2\n' > "$tmp/nofield.csv"
expect_fail 2 "does not exist" "$JIEWANG" import "$db" "$tmp/missing.shp" --as townships
expect_fail 2 "unknown or unsupported format" "$JIEWANG" import "$db" "$tmp/junk.bin" --as markers
expect_fail 2 "no features to import" "$JIEWANG" import "$db" "$tmp/empty.geojson" --as townships
expect_fail 2 "needs polygons" "$JIEWANG" import "$db" "$tmp/markers.csv" --as townships
expect_fail 2 "feature 1 is points but --as townships expects polygons" "$JIEWANG" import "$db" "$tmp/pts.geojson" --as townships
expect_fail 2 "missing mandatory field 'number'" "$JIEWANG" import "$db" "$tmp/nofield.csv" --as markers
expect_fail 2 "nonnum.csv: line 3: field '经度': 'abc' is not a number" \
  "$JIEWANG" import "$db" "$tmp/nonnum.csv" --as markers
expect_fail 2 "range.csv: line 3: coordinates out of range" \
  "$JIEWANG" import "$db" "$tmp/range.csv" --as markers
expect_fail 2 "unknown CRS 'EPSG:99999'" "$JIEWANG" import "$db" "$tmp/markers.csv" --as markers --replace --srs EPSG:99999
expect_fail 2 "is Xian 1980 / Beijing 1954" "$JIEWANG" import "$db" "$tmp/markers.csv" --as markers --replace --srs EPSG:2361
expect_fail 2 "not valid UTF-8" "$JIEWANG" import "$db" "$tmp/gbk.csv" --as cemeteries
expect_fail 2 "unknown layer kind 'lakes'" "$JIEWANG" import "$db" "$tmp/twp.geojson" --as lakes
expect_fail 2 "--as KIND is required" "$JIEWANG" import "$db" "$tmp/twp.geojson"
if [ "$(id -u)" != 0 ]; then
  cp "$tmp/markers.csv" "$tmp/locked.csv"; chmod 000 "$tmp/locked.csv"
  expect_fail 2 "cannot read" "$JIEWANG" import "$db" "$tmp/locked.csv" --as markers
fi
# A big import on a full disk (file size limit) rolls back.
awk 'BEGIN { print "墓主,经度,纬度"; for (i = 0; i < 60000; i++)
  printf "owner%d,%.6f,%.6f\n", i, 111.5 + (i % 300) / 1000, 32.1 + int(i / 300) / 1000 }' \
  > "$tmp/graves.csv"
size_kb=$(( $(stat -c %s "$db") / 1024 + 64 ))
err=$( (trap '' XFSZ; ulimit -f "$size_kb"; "$JIEWANG" import "$db" "$tmp/graves.csv" --as graves) 2>&1 >/dev/null); rc=$?
expect_eq 2 "$rc" "full disk exit code ($err)"
expect_eq "$before" "$(sha256sum "$db")" "database unchanged after every bad input"
expect_eq 0 "$(sq "SELECT count(*) FROM grave")" "no graves after the full-disk failure"
# A database the failed import would have created is not left behind.
expect_fail 2 "not a number" "$JIEWANG" import "$tmp/new.sqlite" "$tmp/nonnum.csv" --as markers
[ ! -e "$tmp/new.sqlite" ] || fail "failed import left a new database"

# --- export and round trip --------------------------------------------------------------------
"$JIEWANG" export "$db" --kind townships --format "ESRI Shapefile" --out "$tmp/out.shp" --encoding GBK \
  >/dev/null || fail "export shapefile"
expect_eq "GBK" "$(cat "$tmp/out.cpg")" "exported .cpg"
db2=$tmp/rt.sqlite
"$JIEWANG" import "$db2" "$tmp/out.shp" --as townships >/dev/null 2>&1 || fail "re-import"
expect_eq "$(sq "SELECT group_concat(code||name||parent_code||printf('%.8f',ST_Area(geom)),';') FROM admin_unit WHERE level='township'")" \
  "$(sqlite3 -cmd "SELECT load_extension('mod_spatialite');" "$db2" "SELECT group_concat(code||name||parent_code||printf('%.8f',ST_Area(geom)),';') FROM admin_unit" | tail -n +2)" \
  "round trip keeps codes, names and geometry"
# Without --encoding the Shapefile is UTF-8 with a .cpg (GDAL's own default, ISO-8859-1, turned
# every Chinese name into "???"); read back by ogrinfo, an independent reader.
"$JIEWANG" export "$db" --kind townships --format "ESRI Shapefile" --out "$tmp/utf8.shp" \
  >/dev/null || fail "export shapefile without --encoding"
expect_eq "UTF-8" "$(cat "$tmp/utf8.cpg")" "default .cpg"
expect_eq "$(sq "SELECT group_concat(name,',') FROM (SELECT name FROM admin_unit WHERE level='township' ORDER BY name)")" \
  "$(ogrinfo -q -al -geom=NO "$tmp/utf8.shp" | sed -n 's/^ *name (String) = //p' | LC_ALL=C sort | paste -sd, -)" \
  "Chinese names in the UTF-8 Shapefile"
expect_fail 2 "already exists" "$JIEWANG" export "$db" --kind townships --format GPKG --out "$tmp/out.shp"
expect_fail 2 "unknown format 'XYZ'" "$JIEWANG" export "$db" --kind townships --format XYZ --out "$tmp/o.x"
expect_fail 2 "lower-case .shp" "$JIEWANG" export "$db" --kind townships --format "ESRI Shapefile" --out "$tmp/UP.SHP"
expect_eq "" "$(find "$tmp" -maxdepth 1 -iname 'UP.*')" "nothing written for an upper-case .SHP"
finish
