#!/usr/bin/env bash
# Load benchmark (issue #9): `jiewang serve` on the demo store, loopback only, then wrk for
# LOAD_SECONDS (60) at LOAD_CONNECTIONS (128) over the tile list and feature queries of
# tests/load (combined tiles z8-14, single-collection tiles, random-bbox items, paging,
# filters, single features). Reports requests, request rate, status classes, socket errors,
# latency and the server's RSS at start and end into bench/results/load.md.
#   bench/load.sh                       60 s at 128 connections with build/jiewang
#   JIEWANG=build-rel/jiewang LOAD_SECONDS=10 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JIEWANG=${JIEWANG:-$PWD/build/jiewang}
export BUILD_DIR=${BUILD_DIR:-$(dirname "$JIEWANG")}
secs=${LOAD_SECONDS:-60}
conns=${LOAD_CONNECTIONS:-128}
set +e
. tests/support/lib.sh
. tests/fault/fault_lib.sh
. tests/load/load_lib.sh
set -e
tmp=$(mktemp -d); trap 'stop_server; rm -rf "$tmp"' EXIT
demo_db "$tmp/g.sqlite"
load_paths "$tmp/g.sqlite" "$tmp/paths.txt"
start_server "$tmp/g.sqlite"
rss0=$(rss_kb "$srv_pid")
run_wrk "$base" "$secs" "$conns" "$tmp/paths.txt" "$tmp/wrk.txt"
rss1=$(rss_kb "$srv_pid")
alive=yes; curl -sf -o /dev/null "$base/healthz" || alive=no
reqs=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
rate=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk.txt")
status=$(grep '^status ' "$tmp/wrk.txt" | sed 's/^status //')
errors=$(grep '^errors ' "$tmp/wrk.txt" | sed 's/^errors //')
lat=$(grep '^latency ' "$tmp/wrk.txt" | sed 's/^latency //')
out=bench/results/load.md
{
  echo "# Load: jiewang serve under wrk"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/load.sh\` on $(nproc) cores"
  echo "($(uname -m), $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//')), loopback only."
  echo "Demo store (谷城县, 290 villages, 20,000 graves); $(wc -l <"$tmp/paths.txt") distinct paths:"
  echo "combined tiles z8-14 over the county, single-collection tiles, random-bbox items, paging,"
  echo "filters, single features. wrk, $conns connections, $(nproc) threads, ${secs} s, \`Accept-Encoding: gzip\`."
  echo "Load average at the start: $(cut -d" " -f1-3 /proc/loadavg) (other processes share the machine)."
  echo
  echo "| figure | value |"
  echo "|---|---|"
  echo "| requests | $reqs |"
  echo "| requests/s | $rate |"
  echo "| status classes | $status |"
  echo "| socket errors | $errors |"
  echo "| latency | $lat |"
  echo "| server RSS start | $rss0 KiB |"
  echo "| server RSS end | $rss1 KiB |"
  echo "| server alive after the run | $alive |"
  echo
  echo '```'
  cat "$tmp/wrk.txt"
  echo '```'
} >"$out"
cat "$out"
