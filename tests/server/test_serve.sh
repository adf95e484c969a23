#!/usr/bin/env bash
# Integration test of `jiewang serve` on loopback against the demo store: OGC API - Features
# documents, paging, filters, CRS, errors (400 problem bodies), restricted graves (401/403/200),
# tiles (gzip, ETag/304), static files (no traversal), metrics, access log, new data picked up
# from another process, clean shutdown. Expected values come from sqlite3/spatialite queries
# on the same file, never from the server's own code.
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/serve_lib.sh"

tmp=$(mktemp -d)
trap 'serve_stop; rm -rf "$tmp"' EXIT
db=$tmp/gucheng.sqlite
"$JIEWANG" demo --out "$db" >/dev/null 2>&1 || { fail "jiewang demo failed"; finish; exit 1; }
serve_start "$db" --map-number "鄂S(2026)001号" --web-dir "$SOURCE_DIR/web" || { finish; exit 1; }

# --- Landing page, conformance, API ---------------------------------------------------------
expect_eq 200 "$(code "$base/")" "GET /"
expect_eq "application/json" "$(ctype "$base/")" "/ content type"
jq_has "$base/" '[.links[].href] | map(select(endswith("/map"))) | length' 1 "landing links /map"
jq_has "$base/conformance" '.conformsTo | map(select(test("conf/(core|geojson|html|oas30|crs)$"))) | length' 5 "conformance classes"
expect_eq "application/vnd.oai.openapi+json;version=3.0" "$(ctype "$base/api")" "/api content type"
jq_has "$base/api" '.openapi' '"3.0.3"' "openapi version"
jq_has "$base/api" '.paths | has("/collections/graves/items")' false "api hides graves"
expect_eq "text/html; charset=utf-8" "$(ctype "$base/?f=html")" "?f=html"
expect_eq "text/html; charset=utf-8" "$(ctype -H 'Accept: text/html,application/xhtml+xml' "$base/collections")" "Accept: text/html"
curl -s "$base/collections?f=html" | grep -q "村 Villages" || fail "collections HTML lacks villages"

# --- Collections ----------------------------------------------------------------------------
want='boundary_lines,cemeteries,county,facilities,findings,markers,no_burial_zones,townships,villages'
jq_has "$base/collections" '[.collections[].id] | sort | join(",")' "\"$want\"" "public collections"
jq_has "$base/collections/villages" '.crs | length' 3 "collection crs list"

# --- Items: counts, paging, filters, bbox, crs ----------------------------------------------
n_villages=$(sqlite3 "$db" "SELECT count(*) FROM admin_unit WHERE level='village'")
jq_has "$base/collections/villages/items?limit=5" '.numberMatched' "$n_villages" "villages numberMatched"
jq_has "$base/collections/villages/items?limit=5" '.numberReturned' 5 "limit 5"
jq_has "$base/collections/villages/items?limit=5" '[.links[].rel] | index("next") != null' true "next link"
last=$((n_villages - 2))
jq_has "$base/collections/villages/items?limit=5&offset=$last" '.numberReturned' 2 "last page"
jq_has "$base/collections/villages/items?limit=5&offset=$last" '[.links[].rel] | (index("prev") != null and index("next") == null)' true "prev, no next"
jq_has "$base/collections/villages/items?limit=100000" '.numberReturned' "$n_villages" "limit above maximum is clamped"
parent=$(sqlite3 "$db" "SELECT code FROM admin_unit WHERE level='township' ORDER BY code LIMIT 1")
n_parent=$(sqlite3 "$db" "SELECT count(*) FROM admin_unit WHERE level='village' AND parent_code='$parent'")
jq_has "$base/collections/villages/items?parent_code=$parent" '.numberMatched' "$n_parent" "parent_code filter"
read -r vid vcode vname <<<"$(sqlite3 -separator ' ' "$db" "SELECT id, code, name FROM admin_unit WHERE level='village' ORDER BY code LIMIT 1 OFFSET 7")"
jq_has "$base/collections/villages/items?code=$vcode" '.features[0].properties.name' "\"$vname\"" "code filter"
jq_has "$base/collections/villages/items/$vid" '.properties.code' "\"$vcode\"" "item by id"
n_cem=$(sqlite3 "$db" "SELECT count(*) FROM facility WHERE kind='public_cemetery'")
jq_has "$base/collections/cemeteries/items" '.numberMatched' "$n_cem" "cemeteries count"
bbox=111.5,32.1,111.8,32.3
n_bbox=$(spatialite -silent "$db" "SELECT count(*) FROM admin_unit WHERE level='village' AND Intersects(geom, BuildMbr(111.5,32.1,111.8,32.3,4490))" 2>/dev/null | tail -1)
jq_has "$base/collections/villages/items?bbox=$bbox&limit=1000" '.numberMatched' "$n_bbox" "bbox CRS84"
jq_has "$base/collections/villages/items?bbox=32.1,111.5,32.3,111.8&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4490&limit=1000" '.numberMatched' "$n_bbox" "bbox-crs 4490 (lat first)"
read -r mx1 my1 mx2 my2 <<<"$(echo "111.5 32.1 111.8 32.3" | awk '{pi=atan2(0,-1); r=6378137; printf "%.3f %.3f %.3f %.3f\n", $1*pi/180*r, r*log(sin(pi/4+$2*pi/360)/cos(pi/4+$2*pi/360)), $3*pi/180*r, r*log(sin(pi/4+$4*pi/360)/cos(pi/4+$4*pi/360))}')"
jq_has "$base/collections/villages/items?bbox=$mx1,$my1,$mx2,$my2&bbox-crs=EPSG:3857&limit=1000" '.numberMatched' "$n_bbox" "bbox-crs 3857"
expect_eq "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>" "$(hdr Content-Crs "$base/collections/villages/items?limit=1")" "default Content-Crs"
expect_eq "<http://www.opengis.net/def/crs/EPSG/0/3857>" "$(hdr Content-Crs "$base/collections/markers/items?limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/3857")" "Content-Crs 3857"
jq_has "$base/collections/markers/items?limit=1&crs=EPSG:3857" '.features[0].geometry.coordinates[0] > 1e7' true "3857 easting in metres"
jq_has "$base/collections/markers/items?limit=1&crs=EPSG:4490" '.features[0].geometry.coordinates[0] < 40' true "4490 latitude first"
expect_eq "application/geo+json" "$(ctype "$base/collections/villages/items?limit=1")" "items content type"

# --- Bad parameters: 400 with a JSON problem body -------------------------------------------
for q in "limit=abc" "limit=-1" "limit=0" "offset=x" "offset=-5" "bbox=1,2,3" "bbox=a,b,c,d" \
         "bbox=3,0,1,1" "bbox=1,2,3,4,5" "bbox=nan,1,2,3" "crs=EPSG:9999" "bbox-crs=EPSG:4326&bbox=1,2,3,4" \
         "foo=1" "f=xml" "population=5" "bbox=-200,0,10,10" "nearest_cemetery_id=1"; do
  expect_eq 400 "$(code "$base/collections/villages/items?$q")" "400 for $q"
done
jq_has "$base/collections/villages/items?limit=abc" '.error.code' '"EINVAL"' "problem body code"
jq_has "$base/collections/villages/items?limit=abc" '.error.message | test("limit")' true "problem names the parameter"
expect_eq 400 "$(code "$base/collections/villages/items/abc")" "non-numeric feature id"
expect_eq 400 "$(code "$base/collections/villages/items/1?crs=foo")" "item crs"
expect_eq 404 "$(code "$base/collections/villages/items/99999999")" "missing feature"
expect_eq 404 "$(code "$base/collections/nope")" "unknown collection"
expect_eq 404 "$(code "$base/collections/nope/items")" "unknown collection items"
expect_eq 404 "$(code "$base/nothing/here")" "unknown path"
expect_eq 405 "$(code -X POST "$base/collections")" "POST refused"
expect_eq 405 "$(code -X DELETE "$base/collections/villages/items/1")" "DELETE refused"

# --- SQL injection attempts: 400 or no match, and the file never changes --------------------
before=$(sha256sum "$db" | cut -d' ' -f1)
expect_eq 400 "$(code "$base/collections/villages/items?limit=1;DROP%20TABLE%20admin_unit")" "injection in limit"
expect_eq 400 "$(code "$base/collections/villages/items?offset=0%20OR%201=1")" "injection in offset"
expect_eq 400 "$(code "$base/collections/villages/items?bbox=1,2,3,4)%3BDROP%20TABLE%20grave--")" "injection in bbox"
expect_eq 400 "$(code "$base/collections/villages/items/1%20OR%201=1")" "injection in id"
expect_eq 404 "$(code "$base/collections/villages';DROP%20TABLE%20grave;--/items")" "injection in collection"
expect_eq 400 "$(code "$base/collections/villages/items?code%3D1%20OR%201=1--=1")" "injection in key"
jq_has "$base/collections/villages/items?name=x'%20OR%20'1'='1" '.numberMatched' 0 "quote in a filter value is data"
jq_has "$base/collections/villages/items?code=1');DROP%20TABLE%20admin_unit;--" '.numberMatched' 0 "DROP in a filter value is data"
expect_eq "$before" "$(sha256sum "$db" | cut -d' ' -f1)" "database unchanged"
expect_eq "$n_villages" "$(sqlite3 "$db" "SELECT count(*) FROM admin_unit WHERE level='village'")" "villages intact"

# --- datetime (OGC API - Features Part 1, 7.15.4): dates of the records, compared in UTC+8 ---
n_dt=$(sqlite3 "$db" "SELECT count(*) FROM boundary_line WHERE date(inspected_on) BETWEEN '2019-01-01' AND '2020-12-31'")
jq_has "$base/collections/boundary_lines/items?datetime=2019-01-01/2020-12-31" '.numberMatched' "$n_dt" "datetime interval on boundary_lines"
n_dt=$(sqlite3 "$db" "SELECT count(*) FROM boundary_line WHERE date(inspected_on) >= '2021-01-01'")
jq_has "$base/collections/boundary_lines/items?datetime=2021-01-01/.." '.numberMatched' "$n_dt" "datetime open end"
d=$(sqlite3 "$db" "SELECT min(inspected_on) FROM boundary_line")
n_dt=$(sqlite3 "$db" "SELECT count(*) FROM boundary_line WHERE inspected_on='$d'")
prev=$(date -u -d "$d -1 day" +%F)
# 16:00Z the day before is midnight of day $d in Beijing; one second earlier is still the day before.
jq_has "$base/collections/boundary_lines/items?datetime=${prev}T16:00:00Z" '.numberMatched' "$n_dt" "datetime instant at CST midnight"
n_prev=$(sqlite3 "$db" "SELECT count(*) FROM boundary_line WHERE inspected_on='$prev'")
jq_has "$base/collections/boundary_lines/items?datetime=${prev}T15:59:59Z" '.numberMatched' "$n_prev" "datetime instant one second before"
n_dt=$(sqlite3 "$db" "SELECT count(*) FROM no_burial_zone WHERE date(effective_date) <= '2019-12-31'")
jq_has "$base/collections/no_burial_zones/items?datetime=../2019-12-31" '.numberMatched' "$n_dt" "datetime open start on zones"
jq_has "$base/collections/villages/items?datetime=2019-01-01" '.numberMatched' "$n_villages" "datetime on a collection without dates"
t0=$(sqlite3 "$db" "SELECT min(date(inspected_on)) FROM boundary_line")
t1=$(sqlite3 "$db" "SELECT max(date(inspected_on)) FROM boundary_line")
jq_has "$base/collections/boundary_lines" '.extent.temporal.interval[0] | join("/")' "\"${t0}T00:00:00+08:00/${t1}T23:59:59+08:00\"" "temporal extent of boundary_lines"
jq_has "$base/collections/villages" '.extent.temporal' null "no temporal extent without dates"
for v in "../.." "2019-02-30" "2020-01-01/2019-01-01" "2024-05-01T08:00:00" "yesterday"; do
  expect_eq 400 "$(code "$base/collections/boundary_lines/items?datetime=$v")" "datetime=$v refused"
done

# --- Restricted collection: graves ----------------------------------------------------------
expect_eq 401 "$(code "$base/collections/graves/items")" "graves without token"
expect_eq 401 "$(code "$base/collections/graves")" "graves collection without token"
expect_eq "Bearer realm=\"jiewang\"" "$(hdr WWW-Authenticate "$base/collections/graves/items")" "WWW-Authenticate"
expect_eq 403 "$(code -H 'Authorization: Bearer jw_wrongwrongwrongwrong' "$base/collections/graves/items")" "graves wrong token"
expect_eq 403 "$(code -H 'Authorization: Basic Zm9vOmJhcg==' "$base/collections/graves/items")" "graves basic auth"
curl -s "$base/collections/graves/items" | grep -q '"owner"' && fail "401 body reveals grave data"
token=$("$JIEWANG" token add "$db" survey-team 2>/dev/null)
[ -n "$token" ] || fail "token add printed nothing"
sqlite3 "$db" "SELECT hash FROM api_token" | grep -qF "$token" && fail "token stored in clear"
grep -qaF "$token" "$db" "$db-wal" 2>/dev/null && fail "token bytes found in the database files"
expect_eq "survey-team" "$("$JIEWANG" token list "$db" | cut -f1)" "token list"
n_graves=$(sqlite3 "$db" "SELECT count(*) FROM grave")
jq_has -H "Authorization: Bearer $token" "$base/collections/graves/items?limit=1" '.numberMatched' "$n_graves" "graves with token"
expect_eq "private, no-store" "$(hdr Cache-Control -H "Authorization: Bearer $token" "$base/collections/graves/items?limit=1")" "graves not cached by proxies"
jq_has -H "Authorization: Bearer $token" "$base/collections" '[.collections[].id] | index("graves") != null' true "graves listed with token"
expect_eq 401 "$(code "$base/tiles/graves/10/829/415.mvt")" "graves tiles without token"
expect_eq 403 "$(code -H 'Authorization: Bearer jw_nope_nope_nope' "$base/tiles/graves/10/829/415.mvt")" "graves tiles wrong token"
expect_eq 200 "$(code -H "Authorization: Bearer $token" "$base/tiles/graves/10/829/415.mvt")" "graves tiles with token"
"$JIEWANG" token remove "$db" survey-team 2>/dev/null || fail "token remove"
expect_eq 403 "$(code -H "Authorization: Bearer $token" "$base/collections/graves/items")" "removed token refused"

# --- Tiles ----------------------------------------------------------------------------------
t=$base/tiles/jiewang/10/829/415.mvt
expect_eq 200 "$(code "$t")" "tile"
expect_eq "application/vnd.mapbox-vector-tile" "$(ctype "$t")" "tile content type"
expect_eq "gzip" "$(hdr Content-Encoding -H 'Accept-Encoding: gzip' "$t")" "tile gzip"
curl -s -H 'Accept-Encoding: gzip' "$t" | gunzip > "$tmp/t.mvt" || fail "gzip tile does not decompress"
curl -s "$t" | cmp -s - "$tmp/t.mvt" || fail "gzip and plain tiles differ"
ogrinfo -ro -q "$tmp/t.mvt" 2>/dev/null | grep -q villages || fail "GDAL MVT cannot read the tile"
ogrinfo -ro -q "$tmp/t.mvt" 2>/dev/null | grep -q graves && fail "combined tile holds graves"
etag=$(hdr ETag "$t")
[ -n "$etag" ] || fail "tile without ETag"
expect_eq 304 "$(code -H "If-None-Match: $etag" "$t")" "tile 304"
expect_eq "public, max-age=60" "$(hdr Cache-Control "$t")" "tile Cache-Control"
jq_has "$base/tiles/jiewang.json" '.tilejson' '"3.0.0"' "TileJSON"
jq_has "$base/tiles/villages.json" '.tiles[0] | test("/tiles/villages/")' true "TileJSON of one collection"
for bad in "jiewang/99/0/0.mvt" "jiewang/3/8/0.mvt" "jiewang/3/0/8.mvt" "jiewang/3/0/0.png" "jiewang/-1/0/0.mvt" "jiewang/a/0/0.mvt" "jiewang/3/0/0.mvt?x=1"; do
  expect_eq 400 "$(code "$base/tiles/$bad")" "400 for tile $bad"
done
expect_eq 404 "$(code "$base/tiles/nope/1/0/0.mvt")" "unknown tileset"
etag_json=$(hdr ETag "$base/collections/villages/items?limit=3")
expect_eq 304 "$(code -H "If-None-Match: $etag_json" "$base/collections/villages/items?limit=3")" "items 304"
expect_eq "gzip" "$(hdr Content-Encoding -H 'Accept-Encoding: gzip' "$base/collections/villages/items?limit=50")" "items gzip"
expect_eq "" "$(hdr Content-Encoding -H 'Accept-Encoding: gzip;q=0' "$base/collections/villages/items?limit=50")" "gzip;q=0 honoured"

# --- Security headers -----------------------------------------------------------------------
expect_eq "nosniff" "$(hdr X-Content-Type-Options "$base/collections")" "nosniff"
hdr Content-Security-Policy "$base/map" | grep -q "default-src 'self'" || fail "CSP on /map"
expect_eq "strict-origin-when-cross-origin" "$(hdr Referrer-Policy "$base/")" "Referrer-Policy"

# --- Static web map, no traversal -----------------------------------------------------------
expect_eq 200 "$(code "$base/map")" "/map"
expect_eq "text/html; charset=utf-8" "$(ctype "$base/map")" "/map content type"
jq_has "$base/web/config.json" '.map_number' '"鄂S(2026)001号"' "config map_number"
jq_has "$base/web/config.json" '.tianditu_token' null "config tianditu_token"
if [ -f "$SOURCE_DIR/web/node_modules/maplibre-gl/dist/maplibre-gl.js" ]; then
  expect_eq 200 "$(code "$base/web/vendor/maplibre-gl/maplibre-gl.js")" "vendored MapLibre"
fi
for p in "/web/../../../../etc/passwd" "/web/%2e%2e/%2e%2e/%2e%2e/etc/passwd" "/web/..%2f..%2f..%2fetc%2fpasswd" \
         "/web/node_modules/maplibre-gl/package.json" "/web/vendor/maplibre-gl/../../../package.json" \
         "/web/vendor/maplibre-gl/..%2fpackage.json" "/web/.git/config" "/web/package.json/" "/web/build.sh" \
         "/web/vendor/maplibre-gl/" "/web//etc/passwd"; do
  c=$(code --path-as-is "$base$p")
  [ "$c" = 404 ] || [ "$c" = 400 ] && pass || fail "traversal $p gave $c"
done
curl -s --path-as-is "$base/web/../../../../etc/passwd" | grep -q "root:" && fail "passwd leaked"

# --- Metrics, health, access log ------------------------------------------------------------
jq_has "$base/healthz" '.status' '"ok"' "healthz"
m=$(curl -s "$base/metrics")
grep -q 'jiewang_http_requests_total{code="200"}' <<<"$m" || fail "metrics lack 200 counter"
grep -q 'jiewang_http_requests_total{code="400"}' <<<"$m" || fail "metrics lack 400 counter"
grep -q 'jiewang_http_request_duration_seconds_bucket{le="+Inf"}' <<<"$m" || fail "metrics lack histogram"
grep -Eq '^jiewang_tile_cache_hits_total [1-9]' <<<"$m" || fail "metrics lack tile cache hits"
grep -q '"GET /collections/villages/items" 200' "$serve_log" || fail "access log lacks items line"

# --- New data written by another process is served without restart -------------------------
v0=$(curl -s "$base/healthz" | jq .data_version)
sqlite3 "$db" "UPDATE admin_unit SET name='新村测试' WHERE id=$vid; UPDATE meta SET value=value+1 WHERE key='data_version';"
jq_has "$base/collections/villages/items/$vid" '.properties.name' '"新村测试"' "new name served"
jq_has "$base/healthz" '.data_version' "$((v0 + 1))" "data_version picked up"
[ "$(hdr ETag "$t")" != "$etag" ] || fail "tile ETag unchanged after new data"

# --- Safe by default ------------------------------------------------------------------------
expect_fail 2 "allow-public-bind" "$JIEWANG" serve "$db" --bind 0.0.0.0 --port 0
expect_fail 2 "allow-public-bind" "$JIEWANG" serve "$db" --bind :: --port 0
expect_fail 2 "does not exist" "$JIEWANG" serve "$tmp/missing.sqlite" --port 0
expect_fail 2 "bad value" "$JIEWANG" serve "$db" --port 70000

# --- Clean shutdown -------------------------------------------------------------------------
kill -TERM "$serve_pid"
wait "$serve_pid"; rc=$?
serve_pid=""
expect_eq 0 "$rc" "exit status after SIGTERM"
finish
