#!/usr/bin/env bash
# Benchmark (issue #3): `jiewang import` of 1,000,000 grave points from CSV and of a 30,000-polygon
# Shapefile, next to `ogr2ogr -f SQLite -dsco SPATIALITE=YES` on the same files in the same run
# (ogr2ogr is the floor: the same GDAL without our checks, CRS decision and import log).
# Reports medians of wall and CPU (user+sys) time and features/s to bench/results/import.md.
# Goal: jiewang within 1.5x of ogr2ogr's time.
# Usage: bench/import.sh [BUILD_DIR] [RUNS] [GRAVES] [POLYGONS]   (defaults: build, 3, 1e6, 30000)
# Every run is bounded by `timeout` (BENCH_TIMEOUT seconds, default 900). No network.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
runs=${2:-3}
n_graves=${3:-1000000}
n_polys=${4:-30000}
limit=${BENCH_TIMEOUT:-900}
jw=$build/jiewang
[ -x "$jw" ] || { echo "no $jw: build first" >&2; exit 2; }
command -v ogr2ogr >/dev/null || { echo "needs ogr2ogr (Debian package gdal-bin)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (Debian package: time)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Inputs, deterministic: graves spread over 谷城县, polygons a grid of 30,000 small squares.
awk -v n="$n_graves" 'BEGIN { srand(7); print "owner,village_code,status,lon,lat";
  for (i = 0; i < n; i++) printf "owner%d,420625100%03d,identified,%.6f,%.6f\n", i, 200 + i % 30,
    111.3 + rand() * 0.6, 32.0 + rand() * 0.5 }' > "$tmp/graves.csv"
awk -v n="$n_polys" 'BEGIN { print "code,name,WKT"; side = int(sqrt(n)) + 1; d = 0.6 / side;
  for (i = 0; i < n; i++) { x = 111.3 + (i % side) * d; y = 32.0 + int(i / side) * d;
    printf "4206251%05d,村%d,\"POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))\"\n",
      i, i, x, y, x + d, y, x + d, y + d, x, y + d, x, y } }' > "$tmp/polys.csv"
ogr2ogr -f "ESRI Shapefile" "$tmp/villages.shp" "$tmp/polys.csv" -a_srs EPSG:4490 \
  -nlt POLYGON -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO 2>/dev/null

secs() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<<"$1"; }
median() { sort -n | awk '{v[NR] = $1} END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run NAME OUTFILE CMD...: one timed run appended to $tmp/NAME as "wall cpu".
run() {
  local name=$1 out=$2; shift 2
  rm -f "$out" "$out-wal" "$out-shm"
  timeout "$limit" /usr/bin/time -v "$@" >/dev/null 2>"$tmp/time" || { cat "$tmp/time" >&2; exit 1; }
  local wall user sys
  wall=$(secs "$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$tmp/time")")
  user=$(awk -F': ' '/User time/{print $2}' "$tmp/time")
  sys=$(awk -F': ' '/System time/{print $2}' "$tmp/time")
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u + s}')" >> "$tmp/$name"
  echo "$name: wall ${wall}s cpu $(tail -1 "$tmp/$name" | cut -d' ' -f2)s" >&2
}

jw_graves=("$jw" import "$tmp/jw.sqlite" "$tmp/graves.csv" --as graves --quiet)
ogr_graves=(ogr2ogr -f SQLite -dsco SPATIALITE=YES "$tmp/ogr.sqlite" "$tmp/graves.csv"
  -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4490 -nln grave)
jw_polys=("$jw" import "$tmp/jw.sqlite" "$tmp/villages.shp" --as villages --quiet)
ogr_polys=(ogr2ogr -f SQLite -dsco SPATIALITE=YES "$tmp/ogr.sqlite" "$tmp/villages.shp"
  -nlt MULTIPOLYGON -nln admin_unit)
for i in $(seq "$runs"); do  # interleaved, so that load on the machine hits both alike
  run jw_graves "$tmp/jw.sqlite" "${jw_graves[@]}"
  run ogr_graves "$tmp/ogr.sqlite" "${ogr_graves[@]}"
  run jw_polys "$tmp/jw.sqlite" "${jw_polys[@]}"
  run ogr_polys "$tmp/ogr.sqlite" "${ogr_polys[@]}"
done

row() { # NAME FEATURES -> "wall cpu features/s"
  local w c
  w=$(awk '{print $1}' "$tmp/$1" | median); c=$(awk '{print $2}' "$tmp/$1" | median)
  echo "$w $c $(awk -v n="$2" -v w="$w" 'BEGIN{printf "%.0f", (w > 0) ? n / w : 0}')"
}
read -r jgw jgc jgr <<<"$(row jw_graves "$n_graves")"
read -r ogw ogc ogr_r <<<"$(row ogr_graves "$n_graves")"
read -r jpw jpc jpr <<<"$(row jw_polys "$n_polys")"
read -r opw opc opr <<<"$(row ogr_polys "$n_polys")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", (b > 0) ? a / b : 0}'; }

out=$root/bench/results/import.md
mkdir -p "$(dirname "$out")"
{
  echo "## Import: jiewang import vs ogr2ogr (issue #3)"
  echo
  echo "Machine: $(uname -srm), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "load average at start $(cut -d' ' -f1-3 /proc/loadavg); GDAL $(gdal-config --version 2>/dev/null || ogr2ogr --version | cut -d, -f1); $(date -u +%Y-%m-%dT%H:%MZ)."
  echo
  echo "Command: \`bench/import.sh $build $runs $n_graves $n_polys\`; medians of $runs interleaved runs."
  echo "Peers: \`${ogr_graves[*]##*/}\` and \`${ogr_polys[*]##*/}\` (paths shortened)."
  echo
  echo "| input | tool | wall s | CPU s | features/s | wall vs ogr2ogr | CPU vs ogr2ogr |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  echo "| $n_graves grave points, CSV | jiewang import | $jgw | $jgc | $jgr | $(ratio "$jgw" "$ogw")x | $(ratio "$jgc" "$ogc")x |"
  echo "| $n_graves grave points, CSV | ogr2ogr | $ogw | $ogc | $ogr_r | 1.00x | 1.00x |"
  echo "| $n_polys polygons, Shapefile | jiewang import | $jpw | $jpc | $jpr | $(ratio "$jpw" "$opw")x | $(ratio "$jpc" "$opc")x |"
  echo "| $n_polys polygons, Shapefile | ogr2ogr | $opw | $opc | $opr | 1.00x | 1.00x |"
  echo
  echo "jiewang does more per feature than ogr2ogr: field alias mapping, code normalisation, CRS"
  echo "decision, range and encoding checks, validity counting (polygons), one transaction with an"
  echo "import log row. Goal: within 1.5x of ogr2ogr."
} > "$out"
cat "$out"
