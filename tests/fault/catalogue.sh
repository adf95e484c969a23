#!/usr/bin/env bash
# Prints the bad-input catalogue of README.md (Reliability and security) as Markdown rows: each bad input is
# actually run against $JIEWANG (default build/jiewang) and the exact stderr line and exit code
# are recorded. Not a test (no test_ prefix); regenerate the table with
#   JIEWANG=build/jiewang tests/fault/catalogue.sh > /tmp/rows.md
set -u
JIEWANG=${JIEWANG:-build/jiewang}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$JIEWANG" demo --out d.sqlite >/dev/null 2>&1
row() { # DESCRIPTION CMD...
  local d=$1; shift
  local err rc
  timeout 60 "$@" >/dev/null 2>"$tmp/err"; rc=$?
  err=$(head -3 "$tmp/err" | tr '\n' ' ' | sed 's/|/\\|/g; s/ *$//')
  printf '| %s | `%s` | %s | %s |\n' "$d" "$(echo "${*#$JIEWANG}" | sed "s#$JIEWANG#jiewang#g; s#|#\\\\|#g")" "$rc" "$err"
}
J=$JIEWANG
head -c 65536 /dev/urandom >garbage.sqlite
head -c 40960 d.sqlite >truncated.sqlite
: >empty.sqlite
sqlite3 other.sqlite "CREATE TABLE t(x)"
printf 'owner,village_code,lon,lat\n张某,420625100201,111.6,32.25\n' >g.csv
printf 'owner,village_code,lon,lat\n张某,420625100201,abc,32.25\n' >badnum.csv
printf 'owner,village_code,lon,lat\n张某,420625100201,500,32.25\n' >range.csv
printf 'name,x\n甲,1\n' >nocoords.csv
printf 'owner,village_code,lon,lat\n张某,420625100201,111.6\n' >short.csv
printf '\xff\xfe\x00garbage' >bad.geojson
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"XZQDM":"4206251","XZQMC":"城关镇"},"geometry":{"type":"Polygon","coordinates":[[[111.6,32.2],[111.7,32.2],[111.7,32.3],[111.6,32.2]]]}}]}' >badcode.geojson
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"XZQMC":"城关镇"},"geometry":{"type":"Polygon","coordinates":[[[111.6,32.2],[111.7,32.2],[111.7,32.3],[111.6,32.2]]]}}]}' >nocode.geojson
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"XZQDM":"420625100","XZQMC":"城关镇"},"geometry":{"type":"Point","coordinates":[111.6,32.2]}}]}' >point.geojson
printf '界桩号,X,Y\nGC1,3570869.04,561247.16\n' >gk6.csv
printf 'owner,village_code,X,Y\n张某,420625100201,32.25,111.6\n' >xy.csv
printf 'owner,village_code,lon,lat\n\xd5\xc5\xc4\xb3,420625100201,111.6,32.25\n' >gbk.csv
sqlite3 d.sqlite "PRAGMA user_version=999" 2>/dev/null; cp d.sqlite newer.sqlite; sqlite3 d.sqlite "PRAGMA user_version=$("$J" info d.sqlite --json 2>/dev/null | jq -r '.schema_version // empty' || true)" 2>/dev/null
"$J" demo --out d.sqlite --force >/dev/null 2>&1
echo "### Stores"
for f in missing garbage truncated empty other newer; do
  row "store: $f" "$J" info $f.sqlite
done
row "store: garbage, import" "$J" import garbage.sqlite g.csv --as graves
row "store: truncated, validate" "$J" validate truncated.sqlite
echo "### Import files"
row "file missing" "$J" import d.sqlite nope.shp --as townships
row "unknown kind" "$J" import d.sqlite g.csv --as cemetery
row "no --as" "$J" import d.sqlite g.csv
row "not a GIS file" "$J" import d.sqlite bad.geojson --as townships
row "CSV: text in a coordinate" "$J" import d.sqlite badnum.csv --as graves
row "CSV: longitude 500" "$J" import d.sqlite range.csv --as graves
row "CSV: no coordinate columns" "$J" import d.sqlite nocoords.csv --as graves
row "CSV: short row" "$J" import d.sqlite short.csv --as graves
row "CSV: X/Y in degrees" "$J" import d.sqlite xy.csv --as graves
row "CSV: 6-digit GK eastings" "$J" import d.sqlite gk6.csv --as markers
row "CSV: GBK bytes, no --encoding" "$J" import d.sqlite gbk.csv --as graves
row "bad --encoding" "$J" import d.sqlite g.csv --as graves --encoding KLINGON
row "bad --towgs84" "$J" import d.sqlite gk6.csv --as markers --srs EPSG:2383 --towgs84 1,2
row "bad --field" "$J" import d.sqlite g.csv --as graves --field nonsense=owner
row "--field names a missing column" "$J" import d.sqlite g.csv --as graves --field owner=户主
row "township code with 7 digits" "$J" import d.sqlite badcode.geojson --as townships
row "township without code column" "$J" import d.sqlite nocode.geojson --as townships
row "points as townships" "$J" import d.sqlite point.geojson --as townships
row "bad --srs" "$J" import d.sqlite g.csv --as graves --srs EPSG:999999
echo "### Export, atlas, serve, other commands"
row "export over an existing file" "$J" export d.sqlite --kind villages --format GeoJSON --out g.csv
row "export unknown format" "$J" export d.sqlite --kind villages --format PDFX --out x.pdfx
row "export to a missing folder" "$J" export d.sqlite --kind villages --format GPKG --out /nonexistent/x.gpkg
row "atlas to a missing folder" "$J" atlas d.sqlite --out /nonexistent/a.pdf
row "serve on 0.0.0.0" "$J" serve d.sqlite --bind 0.0.0.0
row "serve on a bad port" "$J" serve d.sqlite --port 70000
row "serve on a busy port" bash -c "python3 -c 'import socket,time; s=socket.socket(); s.bind((\"127.0.0.1\",47123)); s.listen(); time.sleep(5)' & sleep 0.5; $J serve d.sqlite --port 47123"
row "unknown command" "$J" frobnicate
row "unknown option" "$J" validate d.sqlite --frob
row "token for a missing name" "$J" token remove d.sqlite nobody
row "findings accept without reason" "$J" findings accept d.sqlite 1
echo "### HTTP"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$J" serve d.sqlite --port "$port" --quiet >/dev/null 2>&1 &
srv=$!
B=http://127.0.0.1:$port
for _ in $(seq 1 100); do curl -sf -o /dev/null "$B/healthz" && break; sleep 0.1; done
hrow() { # DESCRIPTION CURL-ARGS...
  local d=$1; shift
  local s; s=$(curl -s --path-as-is -o "$tmp/b" -w '%{http_code}' "$@")
  printf '| %s | %s | `%s` |\n' "$d" "$s" "$(head -c 240 "$tmp/b" | tr -d '\n' | sed 's/|/\\|/g')"
}
for p in "/collections/villages/items?limit=abc" "/collections/villages/items?bbox=1,2,3" \
  "/collections/villages/items?bbox=3,0,1,1" "/collections/villages/items?crs=EPSG:9999" \
  "/collections/villages/items?foo=1" "/collections/villages/items?code=1%27%20OR%201=1--" \
  "/collections/villages/items/abc" "/collections/villages/items/99999999" "/collections/nope" \
  "/tiles/jiewang/25/0/0.mvt" "/tiles/jiewang/3/9/9.mvt" "/tiles/jiewang/a/b/c.png" \
  "/collections/graves/items" "/web/../../etc/passwd" "/web/index.html%00.png" \
  "/collections/boundary_lines/items?datetime=2019-02-30" \
  "/collections/boundary_lines/items?datetime=2020-01-01/2019-01-01"; do
  hrow "\`GET $p\`" "$B$p"
done
hrow '`GET /collections/graves/items`, `Authorization: Bearer wrong`' -H 'Authorization: Bearer wrong' "$B/collections/graves/items"
hrow '`POST /collections`' -X POST "$B/collections"
hrow '`GET /collections?x=` + 100 KB' "$B/collections?x=$(head -c 100000 /dev/zero | tr '\0' a)"
kill "$srv"; wait "$srv" 2>/dev/null
