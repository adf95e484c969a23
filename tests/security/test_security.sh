#!/usr/bin/env bash
# Security test (issue #9) against `jiewang serve` on the demo store (loopback, free port):
# SQL injection payloads in every query parameter of every public collection, in feature ids,
# collection names and tile addresses -> 400 (404 for paths; a filter value may match nothing)
# and the store is byte-identical afterwards; path traversal on the static files -> 404;
# graves: 401 without token, 403 with a wrong one, 200 with a valid one, never in the public
# collections list's data, the combined tiles (decoded with GDAL's MVT driver) or any public
# tile; tokens stored hashed only; refusal of 0.0.0.0 / :: without --allow-public-bind.
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/../fault/fault_lib.sh"
tmp=$(mktemp -d); trap 'stop_server; rm -rf "$tmp"' EXIT
db=$tmp/g.sqlite
demo_db "$db" || { fail "jiewang demo failed"; finish; exit 1; }
token=$("$JIEWANG" token add "$db" security-test 2>/dev/null)
[ -n "$token" ] || fail "token add printed nothing"
owner=$(sqlite3 "$db" "SELECT owner FROM grave WHERE owner <> '' LIMIT 1")
n_graves=$(sqlite3 "$db" "SELECT count(*) FROM grave")
before=$(sha256sum <"$db")
before_counts=$(counts "$db")
start_server "$db" --web-dir "$SOURCE_DIR/web" || { finish; exit 1; }

# --- SQL injection ---------------------------------------------------------------------------
# One python3 client on a kept-alive connection (thousands of requests in seconds); it prints
# one line per violation and a summary line "injection: N requests, M violations".
collections=$(curl -s "$base/collections" | jq -r '.collections[].id' | tr '\n' ' ')
[ -n "$collections" ] || fail "no public collections"
python3 - "${base#http://}" $collections >"$tmp/inject.txt" <<'PY'
import http.client, json, sys, urllib.parse
host, colls = sys.argv[1], sys.argv[2:]
payloads = ["1'", "1' OR '1'='1", "1;DROP TABLE grave;--", "1) OR (1=1",
            "' UNION SELECT owner FROM grave--", '1" OR ""="', "0x1", "1e999", "-1",
            "1 OR 1=1", "\x00", "1/**/OR/**/1=1", "'; ATTACH DATABASE '/tmp/x' AS x;--",
            "%27%20OR%201=1", "420625' OR code LIKE '%", "(SELECT 1)"]
conn = http.client.HTTPConnection(host, timeout=30)
n = bad = 0
def get(path):
    global n, conn
    n += 1
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read()
    except (http.client.HTTPException, OSError):
        conn = http.client.HTTPConnection(host, timeout=30)
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read()
def violation(msg):
    global bad
    bad += 1
    print("VIOLATION", msg)
q = lambda v: urllib.parse.quote(v, safe="")
for c in colls:
    for p in ["limit", "offset", "bbox", "bbox-crs", "crs", "f", "properties", "sortby"]:
        for v in payloads:
            extra = "&bbox=111,32,112,33" if p == "bbox-crs" else ""  # bbox-crs needs a bbox
            st, _ = get(f"/collections/{c}/items?{p}={q(v)}{extra}")
            if st != 400:
                violation(f"{c}?{p}={v}: HTTP {st}, want 400")
    # datetime: every payload is refused with 400 (RFC 3339 instants or intervals only).
    for v in payloads:
        st, _ = get(f"/collections/{c}/items?limit=3&datetime={q(v)}")
        if st != 400:
            violation(f"{c}?datetime={v}: HTTP {st}, want 400")
    for p in ["code", "parent_code", "name", "kind", "village_code", "level", "line_code", "number"]:
        for v in payloads:
            st, body = get(f"/collections/{c}/items?{p}={q(v)}")
            if st == 400:
                continue
            m = json.loads(body).get("numberMatched") if st == 200 else None
            if st != 200 or m != 0:
                violation(f"{c}?{p}={v}: HTTP {st}, numberMatched {m}")
    for v in payloads:
        st, _ = get(f"/collections/{c}/items/{q(v)}")
        if st not in (400, 404):
            violation(f"item id {v} in {c}: HTTP {st}")
for v in payloads:
    nul = (400,) if v == "\x00" else ()  # a decoded NUL is refused before routing
    for path, ok in ((f"/collections/{q(v)}/items", (404,) + nul), (f"/collections/{q(v)}", (404,) + nul),
                     (f"/tiles/jiewang/10/{q(v)}/415.mvt", (400, 404)),
                     (f"/tiles/jiewang/{q(v)}/827/415.mvt", (400, 404)),
                     (f"/tiles/{q(v)}/10/827/415.mvt", (400, 404)),
                     (f"/collections/villages/items?{q(v)}=1", (400,))):
        st, _ = get(path)
        if st not in ok:
            violation(f"{path}: HTTP {st}")
print(f"injection: {n} requests, {bad} violations")
PY
grep -av '^VIOLATION' || true
while read -r line; do fail "$line"; done < <(grep -a "^VIOLATION" "$tmp/inject.txt")
grep -aq "^injection: [0-9]* requests, 0 violations" "$tmp/inject.txt" && pass || fail "injection run incomplete"
expect_eq "$before" "$(sha256sum <"$db")" "store byte-identical after the injection attempts"
expect_eq "$before_counts" "$(counts "$db")" "row counts after the injection attempts"

# --- Path traversal --------------------------------------------------------------------------
for p in "/web/../../../../etc/passwd" "/web/%2e%2e/%2e%2e/%2e%2e/etc/passwd" "/web/..%2f..%2f..%2fetc/passwd" \
         "/web/....//....//etc/passwd" "/map/../../etc/passwd" "/web/%252e%252e/etc/passwd" \
         "/web//etc/passwd" "/web/../CMakeLists.txt" "/web/node_modules/../../README.md"; do
  s=$(curl -s --path-as-is -o "$tmp/body" -w '%{http_code}' "$base$p")
  grep -q "root:" "$tmp/body" && fail "$p served /etc/passwd"
  [ "$s" = 404 ] || [ "$s" = 400 ] && pass || fail "traversal $p: HTTP $s, want 404"
done

# A decoded NUL byte (%00) would end the path inside libmicrohttpd (/web/index.html%00.png was
# served as index.html, R5): the server refuses any path or parameter holding one with 400.
for p in "/web/index.html%00.png" "/web/index.html%00/../../../etc/passwd" "/collections/%00" \
         "/map%00" "/collections/villages/items?code=420625%00" "/collections/villages/items?lim%00it=1"; do
  s=$(curl -s --path-as-is -o "$tmp/body" -w '%{http_code}' "$base$p")
  grep -q "root:" "$tmp/body" && fail "NUL path $p served /etc/passwd"
  expect_eq 400 "$s" "NUL byte in $p"
done
grep -q 'NUL (%00)' "$tmp/body" && pass || fail "NUL refusal names the byte: $(head -c 200 "$tmp/body")"

# --- Restricted graves -----------------------------------------------------------------------
expect_eq 401 "$(http_code "$base/collections/graves/items")" "graves without token"
expect_eq 403 "$(http_code -H 'Authorization: Bearer jw_not_a_token' "$base/collections/graves/items")" "graves wrong token"
expect_eq 403 "$(http_code -H "Authorization: Bearer ${token}x" "$base/collections/graves/items")" "graves token plus a byte"
expect_eq 200 "$(http_code -H "Authorization: Bearer $token" "$base/collections/graves/items?limit=1")" "graves with the token"
for t in 8/413/208 10/827/414 12/3309/1657; do
  expect_eq 401 "$(http_code "$base/tiles/graves/$t.mvt")" "graves tile $t without token"
done
curl -s "$base/collections" >"$tmp/colls.json"
grep -qF "$owner" "$tmp/colls.json" && fail "collections list holds a grave owner"
curl -s "$base/api" | grep -q '/collections/graves/items' && fail "/api documents graves"
# Every public collection's items (first page) and the combined tiles over the county.
for c in $collections; do
  curl -s "$base/collections/$c/items?limit=1000" | grep -qF "$owner" && fail "$c items hold a grave owner"
done
read -r minx miny maxx maxy <<<"$(sqlite3 "$db" "SELECT MbrMinX(geom), MbrMinY(geom), MbrMaxX(geom), MbrMaxY(geom) FROM admin_unit WHERE level='county'" 2>/dev/null | tr '|' ' ')"
[ -n "${minx:-}" ] || read -r minx miny maxx maxy <<<"111.2 31.9 111.9 32.5"
tiles=$(python3 - "$minx" "$miny" "$maxx" "$maxy" <<'PY'
import math, sys
x0, y0, x1, y1 = map(float, sys.argv[1:])
def t(z, lon, lat):
    n = 2 ** z; r = math.radians(lat)
    return int((lon + 180) / 360 * n), int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
for z in (6, 9, 12, 14):
    ax, ay = t(z, x0, y1); bx, by = t(z, x1, y0)
    cells = [(x, y) for x in range(ax, bx + 1) for y in range(ay, by + 1)]
    step = max(1, len(cells) // 8)
    for x, y in cells[::step][:8]:
        print(f"{z}/{x}/{y}")
PY
)
n_tiles=0; n_layers=0
for t in $tiles; do
  f=$tmp/t_${t//\//_}.mvt
  s=$(curl -s -o "$f" -w '%{http_code}' "$base/tiles/jiewang/$t.mvt")
  [ "$s" = 200 ] || [ "$s" = 204 ] || { fail "combined tile $t: HTTP $s"; continue; }
  n_tiles=$((n_tiles + 1))
  [ -s "$f" ] || continue
  if gzip -t "$f" 2>/dev/null; then gunzip -c "$f" >"$f.raw" && mv "$f.raw" "$f"; fi
  grep -qaF "$owner" "$f" && fail "combined tile $t holds a grave owner"
  layers=$(ogrinfo -ro -q "$f" 2>/dev/null | sed -n 's/^[0-9]*: \([^ ]*\) .*/\1/p')
  n_layers=$((n_layers + $(grep -c . <<<"$layers")))
  grep -qx graves <<<"$layers" && fail "combined tile $t has a graves layer"
done
echo "combined tiles checked: $n_tiles, layers decoded by GDAL: $n_layers"
[ "$n_layers" -gt 0 ] || fail "GDAL decoded no layer from the combined tiles"

# --- Tokens stored hashed --------------------------------------------------------------------
sqlite3 "$db" .dump | grep -qF "$token" && fail "token in clear in the store"
grep -qaF "$token" "$db" "$db-wal" 2>/dev/null && fail "token bytes in the store file"
pass
expect_eq "$n_graves" "$(sqlite3 "$db" 'SELECT count(*) FROM grave')" "graves intact"
stop_server

# --- Public bind refused ---------------------------------------------------------------------
for addr in 0.0.0.0 :: 192.0.2.1; do
  expect_fail 2 "allow-public-bind" timeout 10 "$JIEWANG" serve "$db" --bind "$addr" --port 0
done
finish
