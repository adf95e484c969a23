#!/usr/bin/env bash
# Benchmark of `jiewang validate` (issue #4): township partitions of 300, 3,000 and 30,000
# polygons of about 500 vertices each (a jittered grid of 0.01-degree cells with wavy shared
# edges, with injected gaps and overlaps; bench/validate_gen.py), timed against the same checks
# written as SpatiaLite SQL (overlaps: pairwise ST_Intersection of spatial-index candidates;
# gaps: holes of ST_Union) on the same machine in the same run. Reports wall and CPU time and
# peak memory (/usr/bin/time). Writes bench/results/validate.md. Bounded: every command has a
# timeout (TIMEOUT seconds); the stores are built once and cached in $BENCH_DIR.
#
# Env: JIEWANG (default build/jiewang), BENCH_DIR (default bench/out/validate), SIZES (default
#      "300 3000 30000"), RUNS (default 3), PEER_RUNS (default 1), TIMEOUT (default 900).
# The largest size is also run once more with -v for the CPU time of each phase.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
JIEWANG=${JIEWANG:-$root/build/jiewang}
BENCH_DIR=${BENCH_DIR:-$root/bench/out/validate}
SIZES=${SIZES:-300 3000 30000}
RUNS=${RUNS:-3}
PEER_RUNS=${PEER_RUNS:-1}
TIMEOUT=${TIMEOUT:-900}
out=$here/results/validate.md
mkdir -p "$BENCH_DIR" "$here/results"
command -v spatialite >/dev/null || { echo "bench/validate.sh: needs spatialite (spatialite-bin)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/validate.sh: needs /usr/bin/time (package time)" >&2; exit 2; }
[ -x "$JIEWANG" ] || { echo "bench/validate.sh: no binary at $JIEWANG" >&2; exit 2; }

build_db() { # N: an empty store (created by importing a tiny county file), then the grid
  local n=$1 db=$BENCH_DIR/grid_$1.sqlite tmp=$BENCH_DIR/grid_$1.tmp.sqlite
  rm -f "$tmp"
  printf '%s' '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"420625","name":"bench"},"geometry":{"type":"Polygon","coordinates":[[[111,32],[111.1,32],[111.1,32.1],[111,32.1],[111,32]]]}}]}' \
    >"$BENCH_DIR/county.geojson"
  "$JIEWANG" import "$tmp" "$BENCH_DIR/county.geojson" --as county --quiet >/dev/null
  /usr/bin/python3 "$here/validate_gen.py" "$tmp" "$n" >"$BENCH_DIR/grid_$n.json"
  mv "$tmp" "$db"
}

peer_sql="SELECT 'overlaps', count(*) FROM (SELECT ST_Area(ST_Intersection(x.geom, y.geom)) AS a
  FROM admin_unit x, admin_unit y WHERE y.ROWID IN (SELECT ROWID FROM SpatialIndex
  WHERE f_table_name='admin_unit' AND f_geometry_column='geom' AND search_frame=x.geom)
  AND x.id < y.id AND ST_Intersects(x.geom, y.geom)) WHERE a > 1e-10;
SELECT 'gaps', ST_NumInteriorRing(g) FROM (SELECT CastToPolygon(ST_Union(geom)) AS g
  FROM admin_unit WHERE level='township');"

# time_one CMD...: prints "wall cpu maxrss_mib" of one run; "timeout" when killed.
time_one() {
  local tf=$BENCH_DIR/time.out rc=0
  /usr/bin/time -o "$tf" -f '%e %U %S %M' timeout "$TIMEOUT" "$@" >"$BENCH_DIR/cmd.out" 2>&1 || rc=$?
  if [ "$rc" -eq 124 ]; then echo "timeout timeout timeout"; return; fi
  tail -1 "$tf" | awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}'
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
ratio() { awk -v p="$1" -v o="$2" 'BEGIN{ if (p+0 > 0 && o+0 > 0) printf "%.1f", p/o; else printf "-" }'; }

rows=()
for n in $SIZES; do
  db=$BENCH_DIR/grid_$n.sqlite
  [ -f "$db" ] || { echo "building $db (once)..." >&2; build_db "$n"; }
  injected=$(cat "$BENCH_DIR/grid_$n.json")
  runs=$RUNS
  declare -A wall=() cpu=() mem=()
  for variant in gk deg; do
    crs=gk; [ "$variant" = deg ] && crs=4490
    ws=(); cs=(); ms=()
    for i in $(seq "$runs"); do
      read -r w c m < <(time_one "$JIEWANG" validate "$db" --level township --no-save \
        --overlay-crs "$crs" --json "$BENCH_DIR/ours_${n}_$variant.json")
      ws+=("$w"); cs+=("$c"); ms+=("$m")
    done
    wall[$variant]=$(printf '%s\n' "${ws[@]}" | median); cpu[$variant]=$(printf '%s\n' "${cs[@]}" | median)
    mem[$variant]=$(printf '%s\n' "${ms[@]}" | median)
  done
  ps_w=(); ps_c=(); ps_m=()
  for i in $(seq "$PEER_RUNS"); do
    read -r w c m < <(time_one spatialite "$db" "$peer_sql")
    ps_w+=("$w"); ps_c+=("$c"); ps_m+=("$m")
  done
  cp "$BENCH_DIR/cmd.out" "$BENCH_DIR/peer_$n.out"
  pw=$(printf '%s\n' "${ps_w[@]}" | median); pc=$(printf '%s\n' "${ps_c[@]}" | median)
  pm=$(printf '%s\n' "${ps_m[@]}" | median)
  [ "${ps_w[0]}" = timeout ] && { pw=">$TIMEOUT"; pc="-"; pm="-"; }
  ours=$(jq -c '[.summary.by_rule.gap // 0, .summary.by_rule.overlap // 0]' "$BENCH_DIR/ours_${n}_gk.json" 2>/dev/null || echo "?")
  ours_deg=$(jq -c '[.summary.by_rule.gap // 0, .summary.by_rule.overlap // 0]' "$BENCH_DIR/ours_${n}_deg.json" 2>/dev/null || echo "?")
  peer=$(awk -F'|' '$1=="gaps"{g=$2} $1=="overlaps"{o=$2} END{printf "[%s,%s]", g, o}' "$BENCH_DIR/peer_$n.out")
  want=$(jq -c '[.gaps, .overlaps]' <<<"$injected")
  largest=$n
  rows+=("| $n | ${wall[gk]} | ${cpu[gk]} | ${mem[gk]} | ${wall[deg]} | ${cpu[deg]} | ${mem[deg]} | $pw | $pc | $pm | $(ratio "$pw" "${wall[deg]}") | $(ratio "$pc" "${cpu[deg]}") | $want | $ours / $ours_deg | $peer |")
  unset wall cpu mem
done

# Phases (CPU seconds from -v) of one more run at the largest size, GK and EPSG:4490.
phase_rows=()
declare -A phase=()
phase_names=()
for crs in gk 4490; do
  timeout "$TIMEOUT" "$JIEWANG" validate "$BENCH_DIR/grid_$largest.sqlite" --level township \
    --no-save --overlay-crs "$crs" -v >/dev/null 2>"$BENCH_DIR/phases_$crs.txt" || true
  while IFS='|' read -r name secs; do
    [ -n "${phase[$name]+x}" ] || phase_names+=("$name")
    phase[$name]="${phase[$name]:-} $crs=$secs"
  done < <(sed -n 's/^validate: \(.*\) [0-9.]* s (CPU \([0-9.]*\) s)$/\1|\2/p' "$BENCH_DIR/phases_$crs.txt")
done
for name in "${phase_names[@]}"; do
  g=$(tr ' ' '\n' <<<"${phase[$name]}" | sed -n 's/^gk=//p'); d=$(tr ' ' '\n' <<<"${phase[$name]}" | sed -n 's/^4490=//p')
  phase_rows+=("| $name | ${g:--} | ${d:--} |")
done
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$JIEWANG")/CMakeCache.txt" 2>/dev/null || true)

cpu_model=$(lscpu 2>/dev/null | awk -F: '/Model name/{gsub(/^ +/,"",$2); print $2; exit}')
memtotal=$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
{
  echo "# Benchmark: jiewang validate (issue #4)"
  echo
  echo "Generated by \`bench/validate.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "- Machine: $cpu_model, $(nproc) CPUs, $memtotal RAM; $(. /etc/os-release && echo "$PRETTY_NAME"); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Data: \`bench/validate_gen.py\` grids of N township polygons, ~500 vertices each (0.01-degree cells, jittered nodes, wavy shared edges), with about N/97 injected gaps and N/89 overlaps; no parent geometry (gaps = holes of the union)."
  echo "- Ours: \`jiewang validate DB --level township --no-save --overlay-crs gk|4490 --json FILE\` (whole run: load, validity, codes, boundary pre-test of all STRtree pairs in one sweep + GEOS intersection of the pairs it cannot clear, gaps from the boundary segments no sibling shares, report); $RUNS runs. \`gk\` (default) transforms every polygon to the Gauss-Kruger zone first (a second thread runs PROJ); \`4490\` overlays in degrees like the SQL peer."
  echo "- Binary: \`$JIEWANG\` (CMake build type ${build_type:-unknown})."
  echo "- Peer: SpatiaLite SQL, the same two checks, $PEER_RUNS run(s), timeout $TIMEOUT s:"
  echo
  echo '```sql'
  echo "$peer_sql"
  echo '```'
  echo
  echo "| N | ours GK wall s | ours GK CPU s | ours GK peak MiB | ours 4490 wall s | ours 4490 CPU s | ours 4490 peak MiB | SQL wall s | SQL CPU s | SQL peak MiB | wall ratio SQL/ours(4490) | CPU ratio | injected [gaps, overlaps] | ours [gaps, overlaps] GK / 4490 | SQL [holes, overlapping pairs] |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Medians of the runs. Wall time depends on the machine's load (other jobs share the 2 CPUs);"
  echo "CPU time (user + sys) is the steadier figure. Goal (issue #4): 30,000 polygons under 10 s and"
  echo "5x faster than SQL."
  echo
  echo "Where the CPU time goes at $largest polygons (one more \`-v\` run each; CPU seconds of the"
  echo "process, both threads; \`load\` is reading the store):"
  echo
  echo "| phase | GK | 4490 |"
  echo "|---|---:|---:|"
  printf '%s\n' "${phase_rows[@]}"
} >"$out"
cat "$out"
