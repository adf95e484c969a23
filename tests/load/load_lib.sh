# Shell helpers for the load test and bench/load.sh (sourced after tests/fault/fault_lib.sh).
# load_paths DB OUT: writes the request paths of a load run to OUT: combined tiles at zooms
# 8..14 over the county, single-collection tiles, feature queries with random bboxes, paging
# and filters, and single features.
load_paths() {
  local db=$1 out=$2
  local ext codes ids
  ext=$(sqlite3 -cmd "SELECT load_extension('mod_spatialite');" "$db" \
    "SELECT MbrMinX(geom)||' '||MbrMinY(geom)||' '||MbrMaxX(geom)||' '||MbrMaxY(geom) FROM admin_unit WHERE level='county'" 2>/dev/null | tail -1)
  [ -n "$ext" ] || ext="111.2 31.9 111.9 32.5"
  codes=$(sqlite3 "$db" "SELECT code FROM admin_unit WHERE level='township'" | tr '\n' ' ')
  ids=$(sqlite3 "$db" "SELECT id FROM admin_unit WHERE level='village' LIMIT 50" | tr '\n' ' ')
  python3 - "$ext" "$codes" "$ids" >"$out" <<'PY'
import math, random, sys
x0, y0, x1, y1 = map(float, sys.argv[1].split())
codes, ids = sys.argv[2].split(), sys.argv[3].split()
random.seed(42)
def t(z, lon, lat):
    n = 2 ** z; r = math.radians(lat)
    return int((lon + 180) / 360 * n), int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
paths = []
for z in range(8, 15):
    ax, ay = t(z, x0, y1); bx, by = t(z, x1, y0)
    cells = [(x, y) for x in range(ax, bx + 1) for y in range(ay, by + 1)]
    random.shuffle(cells)
    for x, y in cells[:60]:
        paths.append(f"/tiles/jiewang/{z}/{x}/{y}.mvt")
    for x, y in cells[:5]:
        paths.append(f"/tiles/villages/{z}/{x}/{y}.mvt")
for i in range(200):
    w = random.uniform(0.01, 0.2); h = random.uniform(0.01, 0.2)
    a = random.uniform(x0, x1 - w); b = random.uniform(y0, y1 - h)
    coll = random.choice(["villages", "townships", "cemeteries", "facilities", "markers", "boundary_lines", "no_burial_zones"])
    paths.append(f"/collections/{coll}/items?bbox={a:.4f},{b:.4f},{a+w:.4f},{b+h:.4f}&limit=100")
for i in range(40):
    paths.append(f"/collections/villages/items?limit=20&offset={random.randint(0, 270)}")
for c in codes:
    paths.append(f"/collections/villages/items?parent_code={c}")
for i in ids:
    paths.append(f"/collections/villages/items/{i}")
paths += ["/collections", "/", "/conformance", "/tiles/jiewang.json", "/collections/villages"]
random.shuffle(paths)
print("\n".join(paths))
PY
}
# run_wrk BASE SECONDS CONNECTIONS PATHS OUT: wrk over the paths; its report in OUT.
run_wrk() {
  local base=$1 secs=$2 conns=$3 paths=$4 out=$5
  local threads; threads=$(nproc); [ "$threads" -gt 8 ] && threads=8
  JW_PATHS=$paths wrk -t "$threads" -c "$conns" -d "${secs}s" --timeout 10s --latency \
    -s "$(dirname "${BASH_SOURCE[0]}")/paths.lua" "$base" >"$out" 2>&1
}
