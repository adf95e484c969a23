#!/usr/bin/env bash
# Integration test of vector tiles against an independent decoder: builds the demo store,
# serves it with the real binary, fetches tiles over HTTP and decodes them with GDAL's MVT
# driver; the source features are exported by GDAL in EPSG:3857 from the store itself. Checks
# (in Python, not our code): names and codes match the store, every decoded vertex lies
# within one tile pixel of its source geometry, points within one pixel, labels inside their
# unit, every polygon valid, gzip and plain tiles identical, and zoom rules (no villages
# below z9, no graves in the combined tileset).
set -u
. "$SOURCE_DIR/tests/support/lib.sh"
tmp=$(mktemp -d)
. "$SOURCE_DIR/tests/server/serve_lib.sh"
trap 'serve_stop; rm -rf "$tmp"' EXIT

for tool in ogr2ogr curl python3; do
  command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit 0; }
done

db=$tmp/demo.sqlite
"$JIEWANG" demo --out "$db" >/dev/null 2>&1 || { fail "jiewang demo failed"; finish; exit 1; }
serve_start "$db" || { finish; exit 1; }

# Source layers in EPSG:3857, exported by GDAL from the store.
ogr2ogr -f GeoJSON -t_srs EPSG:3857 "$tmp/villages_src.json" "$db" admin_unit \
  -where "level='village'" 2>/dev/null || fail "export villages"
ogr2ogr -f GeoJSON -t_srs EPSG:3857 "$tmp/cem_src.json" "$db" facility \
  -where "kind='public_cemetery'" 2>/dev/null || fail "export cemeteries"

# fetch TILESET Z X Y LAYER: saves the tile as $tmp/t/Z/X/Y.pbf (so GDAL georeferences it
# in EPSG:3857) and writes the decoded layer to $tmp/LAYER_Z.json ({"features":[]} if absent).
fetch() {
  local ts=$1 z=$2 x=$3 y=$4 layer=$5
  mkdir -p "$tmp/t/$z/$x"
  local f=$tmp/t/$z/$x/$y.pbf
  curl -sf "$base/tiles/$ts/$z/$x/$y.mvt" -o "$f" || { fail "GET tile $ts/$z/$x/$y"; return 1; }
  rm -f "$tmp/${layer}_$z.json"
  if [ -s "$f" ] && ogrinfo -ro -q "$f" 2>/dev/null | grep -q ": $layer "; then
    ogr2ogr -f GeoJSON "$tmp/${layer}_$z.json" "$f" "$layer" 2>/dev/null ||
      fail "GDAL cannot decode $layer of $ts/$z/$x/$y"
  else
    echo '{"features":[]}' > "$tmp/${layer}_$z.json"
  fi
}

# Tile of the first cemetery at a zoom, from its source coordinates (slippy-map formula).
read -r z12x z12y z9x z9y z8x z8y < <(python3 - "$tmp/cem_src.json" <<'EOF'
import json, math, sys
f = json.load(open(sys.argv[1]))["features"][0]["geometry"]["coordinates"]
R = 6378137.0
lon = f[0] / R * 180 / math.pi
lat = (2 * math.atan(math.exp(f[1] / R)) - math.pi / 2) * 180 / math.pi
out = []
for z in (12, 9, 8):
    n = 2 ** z
    out += [int((lon + 180) / 360 * n),
            int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)]
print(*out)
EOF
)

fetch jiewang 12 "$z12x" "$z12y" cemeteries
fetch jiewang 12 "$z12x" "$z12y" villages
fetch jiewang 12 "$z12x" "$z12y" labels
fetch jiewang 9 "$z9x" "$z9y" villages
fetch jiewang 8 "$z8x" "$z8y" villages
fetch jiewang 8 "$z8x" "$z8y" graves

out=$(python3 - "$tmp" "$z12x" "$z12y" "$z9x" "$z9y" <<'EOF'
import json, math, sys
tmp, x12, y12, x9, y9 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
HALF = 20037508.342789244
def load(name): return json.load(open(f"{tmp}/{name}.json"))["features"]
def px(z): return 2 * HALF / 2 ** z / 4096          # metres per tile pixel
def tile_box(z, x, y):
    s = 2 * HALF / 2 ** z
    return (-HALF + x * s, HALF - (y + 1) * s, -HALF + (x + 1) * s, HALF - y * s)
def rings(g):
    if g["type"] == "Polygon": return g["coordinates"]
    if g["type"] == "MultiPolygon": return [r for p in g["coordinates"] for r in p]
    return []
def seg_dist(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    L = dx * dx + dy * dy
    t = 0 if L == 0 else max(0, min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / L))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
def inside(p, g):
    c = False
    for r in rings(g):
        for a, b in zip(r, r[1:]):
            if (a[1] > p[1]) != (b[1] > p[1]) and p[0] < a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]):
                c = not c
    return c
errors = []
src_v = {f["properties"]["code"]: f for f in load("villages_src")}
src_c = {f["properties"]["name"]: f for f in load("cem_src")}
# Cemetery points within one pixel, names and capacity as stored.
cem = load("cemeteries_12")
if not cem: errors.append("no cemetery in its z12 tile")
for f in cem:
    s = src_c.get(f["properties"]["name"])
    if s is None: errors.append("unknown cemetery " + f["properties"]["name"]); continue
    d = math.dist(f["geometry"]["coordinates"], s["geometry"]["coordinates"])
    if d > px(12): errors.append(f"cemetery {f['properties']['name']} off by {d:.1f} m")
    if f["properties"].get("capacity") != s["properties"].get("capacity"):
        errors.append("cemetery capacity differs")
# Village vertices within one pixel of the source boundary (clip edges excepted).
for z, x, y in ((12, x12, y12), (9, x9, y9)):
    vs = load(f"villages_{z}")
    if not vs: errors.append(f"no villages at z{z}")
    box, p = tile_box(z, x, y), px(z)
    checked = 0
    for f in vs:
        code = f["properties"]["code"]
        s = src_v.get(code)
        if s is None: errors.append("unknown village " + code); continue
        if f["properties"]["name"] != s["properties"]["name"]:
            errors.append(f"village {code} name {f['properties']['name']} != {s['properties']['name']}")
        segs = [(a, b) for r in rings(s["geometry"]) for a, b in zip(r, r[1:])]
        for r in rings(f["geometry"]):
            for v in r:
                # Vertices made by clipping lie on the buffered tile edge (64 px out).
                if min(abs(v[0] - box[0]), abs(v[0] - box[2]), abs(v[1] - box[1]),
                       abs(v[1] - box[3])) > 60 * p:
                    d = min(seg_dist(v, a, b) for a, b in segs)
                    checked += 1
                    if d > p: errors.append(f"z{z} village {code} vertex {d / p:.2f} px off")
    if checked == 0: errors.append(f"no village vertex checked at z{z}")
# Labels inside their unit.
for f in load("labels_12"):
    s = src_v.get(f["properties"]["code"])
    if s is not None and not inside(f["geometry"]["coordinates"], s["geometry"]):
        errors.append("label outside " + f["properties"]["code"])
if load("villages_8"): errors.append("villages at z8")
if load("graves_8"): errors.append("graves in the combined tileset")
print("\n".join(errors[:20]) if errors else "ok")
EOF
)
expect_eq ok "$out" "tiles decoded by GDAL match the store"

# Every decoded polygon is valid (GEOS through GDAL's SQLite dialect, not our code).
for zxy in "9/$z9x/$z9y" "12/$z12x/$z12y" "8/$z8x/$z8y"; do
  for layer in county townships villages; do
    f=$tmp/t/$zxy.pbf
    ogrinfo -ro -q "$f" 2>/dev/null | grep -q ": $layer " || continue
    got=$(ogrinfo -ro -q -dialect SQLite -sql \
      "SELECT count(*) - sum(ST_IsValid(geometry)) AS invalid FROM $layer" "$f" 2>/dev/null |
      sed -n 's/^ *invalid (Integer) = //p')
    expect_eq 0 "$got" "invalid $layer polygons in tile $zxy"
  done
done

# gzip and plain bodies are the same tile.
t="$base/tiles/jiewang/12/$z12x/$z12y.mvt"
curl -s -H 'Accept-Encoding: gzip' "$t" | gunzip > "$tmp/gz.mvt" 2>/dev/null || fail "gzip tile"
curl -s "$t" | cmp -s - "$tmp/gz.mvt" && pass || fail "gzip and plain tiles differ"

finish
