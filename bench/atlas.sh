#!/usr/bin/env bash
# Benchmark: render the full demo atlas (谷城县: 11 townships, 290 villages) to PDF and record
# wall time, CPU time and peak memory (GNU time -v) over several runs; the median goes to
# bench/results/atlas.md with the machine and the command. Goal: under 10 s.
# Usage: bench/atlas.sh [BUILD_DIR] [RUNS]     (defaults: build, 5)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
runs=${2:-5}
jw=$build/jiewang
[ -x "$jw" ] || { echo "no $jw: build first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (Debian package: time)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$jw" demo --out "$tmp/demo.sqlite" >/dev/null 2>&1
cmd=("$jw" atlas "$tmp/demo.sqlite" --out "$tmp/atlas.pdf")
"${cmd[@]}" >/dev/null # warm the font and page caches once

secs() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<<"$1"; }
: > "$tmp/runs"
for i in $(seq "$runs"); do
  /usr/bin/time -v "${cmd[@]}" >"$tmp/out" 2>"$tmp/time"
  wall=$(secs "$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$tmp/time")")
  user=$(awk -F': ' '/User time/{print $2}' "$tmp/time")
  sys=$(awk -F': ' '/System time/{print $2}' "$tmp/time")
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$tmp/time")
  echo "$wall $user $sys $rss" >> "$tmp/runs"
  echo "run $i: wall ${wall}s user ${user}s sys ${sys}s peak ${rss} KiB" >&2
done
median() { sort -n | awk '{v[NR] = $1} END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m_wall=$(awk '{print $1}' "$tmp/runs" | median)
m_cpu=$(awk '{print $2 + $3}' "$tmp/runs" | median)
m_rss=$(awk '{print $4}' "$tmp/runs" | median)
pages=$(pdfinfo "$tmp/atlas.pdf" 2>/dev/null | awk '/^Pages:/{print $2}' || echo "?")
bytes=$(stat -c %s "$tmp/atlas.pdf")
verdict=$(awk -v w="$m_wall" 'BEGIN{print (w < 10) ? "meets" : "MISSES"}')

mkdir -p "$root/bench/results"
{
  echo "# Atlas benchmark: full demo atlas to PDF"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`bench/atlas.sh\` ($runs runs after one warm-up, median)."
  echo
  echo "| metric | median |"
  echo "|---|---|"
  echo "| wall time | ${m_wall} s (goal < 10 s: ${verdict}) |"
  echo "| CPU time (user + sys) | ${m_cpu} s |"
  echo "| peak memory (max RSS) | $((m_rss / 1024)) MiB |"
  echo "| output | ${pages} pages, $((bytes / 1024)) KiB |"
  echo
  echo "Runs (wall s, user s, sys s, max RSS KiB):"
  echo
  echo '```'
  cat "$tmp/runs"
  echo '```'
  echo
  echo "Command (the demo store comes from \`jiewang demo --out demo.sqlite\`):"
  echo
  echo '```'
  echo "/usr/bin/time -v jiewang atlas demo.sqlite --out atlas.pdf"
  echo '```'
  echo
  echo "Machine: $(lscpu | awk -F': +' '/^Model name/{print $2; exit}'), $(nproc) CPUs,"\
       "$(awk '/MemTotal/{printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; $(uname -sr);"\
       "cairo $(pkg-config --modversion cairo), pango $(pkg-config --modversion pango),"\
       "GEOS $(geos-config --version), PROJ $(pkg-config --modversion proj)."
  echo "Other jobs may share the machine: CPU time is the steadier figure."
} > "$root/bench/results/atlas.md"
cat "$root/bench/results/atlas.md"
