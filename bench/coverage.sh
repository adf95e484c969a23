#!/usr/bin/env bash
# Benchmark of `jiewang coverage` (issue #5): 1,000,000 graves against 290 villages and 50
# no-burial zones. The peer, measured in the same run, is SpatiaLite SQL computing the same
# counts (graves per zone and per village) through the R*Tree spatial index. Writes
# bench/results/coverage.md. Bounded: each command has a timeout; the data set is built once
# (about 3 minutes) and cached in $BENCH_DIR.
#
# Env: JIEWANG (default build/jiewang; bench/run.sh sets it), BENCH_DIR (default bench/out/coverage), RUNS (default 5),
#      PEER_RUNS (default 3), N_GRAVES (default 1000000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
JIEWANG=${JIEWANG:-$root/build/jiewang}
BENCH_DIR=${BENCH_DIR:-$root/bench/out/coverage}
RUNS=${RUNS:-5}
PEER_RUNS=${PEER_RUNS:-3}
N_GRAVES=${N_GRAVES:-1000000}
out=$here/results/coverage.md
db=$BENCH_DIR/coverage_${N_GRAVES}.sqlite
mkdir -p "$BENCH_DIR" "$here/results"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
command -v spatialite >/dev/null || { echo "bench/coverage.sh: needs spatialite (spatialite-bin)" >&2; exit 2; }
[ -x "$JIEWANG" ] || { echo "bench/coverage.sh: no binary at $JIEWANG" >&2; exit 2; }

build_db() {
  local tmp=$db.tmp
  rm -f "$tmp"
  "$JIEWANG" demo --out "$tmp" --force >/dev/null
  local extra=$((N_GRAVES - $(sqlite3 "$tmp" 'SELECT count(*) FROM grave')))
  # 46 more zones (the demo has 4): discs of 0.5-2.5 km radius inside the county's box, and
  # uniformly random graves over the villages' bounding box (about half fall outside villages).
  timeout 900 spatialite "$tmp" >/dev/null <<SQL
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
PRAGMA cache_size=-200000;
BEGIN;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 46)
INSERT INTO no_burial_zone(name, reason, effective_date, geom)
SELECT 'bench zone ' || i, 'reservoir', '2020-01-01',
  CastToMulti(ST_Buffer(MakePoint(111.2 + (abs(random()) % 100000) / 100000.0 * 0.6,
    31.95 + (abs(random()) % 100000) / 100000.0 * 0.5, 4490),
    0.005 + (abs(random()) % 1000) / 1000.0 * 0.02, 16)) FROM c;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < $extra)
INSERT INTO grave(owner, village_code, protected, status, built_date, geom)
SELECT NULL, NULL, (abs(random()) % 100) = 0,
  CASE abs(random()) % 5 WHEN 0 THEN 'notified' WHEN 1 THEN 'moved' ELSE 'identified' END,
  printf('%04d-%02d-01', 1980 + abs(random()) % 45, 1 + abs(random()) % 12),
  MakePoint(111.128906 + (abs(random()) % 1000000) / 1000000.0 * 0.746,
    31.879883 + (abs(random()) % 1000000) / 1000000.0 * 0.618, 4490) FROM c;
COMMIT;
SQL
  mv "$tmp" "$db"
}
[ -f "$db" ] || { echo "building $db (once, a few minutes)..." >&2; build_db; }

n_graves=$(sqlite3 "$db" 'SELECT count(*) FROM grave')
n_zones=$(sqlite3 "$db" 'SELECT count(*) FROM no_burial_zone')
n_villages=$(sqlite3 "$db" "SELECT count(*) FROM admin_unit WHERE level='village'")

peer_sql="SELECT 'zone', z.id, count(g.id) FROM no_burial_zone z JOIN grave g ON g.ROWID IN
  (SELECT ROWID FROM SpatialIndex WHERE f_table_name='grave' AND f_geometry_column='geom'
   AND search_frame=z.geom) AND ST_Intersects(z.geom, g.geom) GROUP BY z.id;
SELECT 'village', v.id, count(g.id) FROM admin_unit v JOIN grave g ON g.ROWID IN
  (SELECT ROWID FROM SpatialIndex WHERE f_table_name='grave' AND f_geometry_column='geom'
   AND search_frame=v.geom) AND ST_Intersects(v.geom, g.geom) WHERE v.level='village'
  GROUP BY v.id;"
ours_cmd=("$JIEWANG" coverage "$db" --no-save --json "$BENCH_DIR/coverage_bench.json")

# time_one CMD...: prints "wall cpu" seconds of one run (cpu = user + sys).
time_one() {
  local tf=$BENCH_DIR/time.out
  # Exit code 1 (findings reported) is a normal outcome here.
  /usr/bin/time -o "$tf" -f '%e %U %S' timeout 300 "$@" >/dev/null 2>&1 || true
  tail -1 "$tf" | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

ours_wall=(); ours_cpu=(); peer_wall=(); peer_cpu=()
for i in $(seq "$RUNS"); do
  read -r w c < <(time_one "${ours_cmd[@]}"); ours_wall+=("$w"); ours_cpu+=("$c")
done
for i in $(seq "$PEER_RUNS"); do
  read -r w c < <(time_one spatialite "$db" "$peer_sql"); peer_wall+=("$w"); peer_cpu+=("$c")
done
ow=$(printf '%s\n' "${ours_wall[@]}" | median); oc=$(printf '%s\n' "${ours_cpu[@]}" | median)
pw=$(printf '%s\n' "${peer_wall[@]}" | median); pc=$(printf '%s\n' "${peer_cpu[@]}" | median)

# Same answer: graves per zone from our JSON against the SQL counts.
spatialite "$db" "$peer_sql" 2>/dev/null | awk -F'|' '$1=="zone"{print $2, $3}' | sort -n >"$BENCH_DIR/peer_zones.txt"
python3 -c "
import json,sys
d=json.load(open('$BENCH_DIR/coverage_bench.json'))
for z in d['summary']['coverage']['graves']['zones']:
    if z['total']: print(z['zone_id'], z['total'])" | sort -n >"$BENCH_DIR/ours_zones.txt"
if cmp -s "$BENCH_DIR/peer_zones.txt" "$BENCH_DIR/ours_zones.txt"; then same="yes (graves per zone identical for all $n_zones zones)"; else same="NO: per-zone counts differ (see $BENCH_DIR/*_zones.txt)"; fi

btype=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$JIEWANG")/CMakeCache.txt" 2>/dev/null || true)
cpu=$(lscpu 2>/dev/null | awk -F: '/Model name/{gsub(/^ +/,"",$2); print $2; exit}')
mem=$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
{
  echo "# Benchmark: jiewang coverage (issue #5)"
  echo
  echo "Generated by \`bench/coverage.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "- Machine: $cpu, $(nproc) CPUs, $mem RAM; $(. /etc/os-release && echo "$PRETTY_NAME"); load average at start: $load_start"
  echo "- Binary: \`$JIEWANG\` (CMake build type ${btype:-RelWithDebInfo, the project default}); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Data: \`$db\`: $n_graves graves, $n_villages villages, $n_zones no-burial zones (demo county + synthetic zones and graves)"
  echo "- Ours: \`jiewang coverage DB --no-save --json FILE\` (whole run: load, cemetery coverage, capacity, facilities, graves in zones and villages through STRtree + prepared geometries + lazily classified grid, candidate sites, report), $RUNS runs"
  echo "- Peer: SpatiaLite SQL through the spatial index (\`SpatialIndex\` + \`ST_Intersects\`), graves per zone and per village, $PEER_RUNS runs:"
  echo
  echo '```sql'
  echo "$peer_sql"
  echo '```'
  echo
  echo "| | median wall (s) | median CPU user+sys (s) | runs (wall) |"
  echo "|---|---:|---:|---|"
  echo "| jiewang coverage | $ow | $oc | ${ours_wall[*]} |"
  echo "| SpatiaLite SQL (peer) | $pw | $pc | ${peer_wall[*]} |"
  echo "| ratio peer / ours | $(awk "BEGIN{printf \"%.1f\", $pw/$ow}") | $(awk "BEGIN{printf \"%.1f\", $pc/$oc}") | |"
  echo
  echo "Same answer: $same."
  echo "Goal (issue #5): under 3 s for 1,000,000 graves. Wall time depends on the machine's load;"
  echo "CPU time is the steadier figure."
} >"$out"
cat "$out"
