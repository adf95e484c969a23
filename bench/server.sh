#!/usr/bin/env bash
# Benchmark of `jiewang serve` on loopback (never another host), bounded in time:
#   - a fixed list of z8-z15 tile URLs covering the county (tileset "jiewang"), warm (cache
#     primed) and cold (--cache-mb 0: no cache, every request renders), with wrk at 32 and 128
#     connections;
#   - the same tiles served as static files by nginx on the same machine (upper bound);
#   - OGC API - Features items with random bboxes (villages, cemeteries, facilities).
# Reports req/s, p50/p99 latency, errors (non-2xx/3xx and socket errors) and the server's
# resident memory at start and end of each run into bench/results/server.md, with the machine
# and the commands.
# Usage: bench/server.sh [BUILD_DIR] [SECONDS_PER_RUN] [LONG_SECONDS]   (defaults: build, 10, 0)
# LONG_SECONDS > 0 adds one run of that length at 128 connections over tiles and features mixed,
# for memory stability (RSS at start and end).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
secs=${2:-10}
long=${3:-0}
jw=$build/jiewang
out=$root/bench/results/server.md
[ -x "$jw" ] || { echo "no $jw: build first" >&2; exit 2; }
for t in wrk nginx curl jq python3; do
  command -v "$t" >/dev/null || { echo "needs $t (scripts/install-deps.sh)" >&2; exit 2; }
done
tmp=$(mktemp -d)
chmod 755 "$tmp" # nginx workers run as nobody when started by root
srv_pid=""; ngx_pid=""
cleanup() {
  [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
  [ -n "$ngx_pid" ] && kill "$ngx_pid" 2>/dev/null && wait "$ngx_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

db=$tmp/gucheng.sqlite
"$jw" demo --out "$db" >/dev/null 2>&1

# --- URL lists ------------------------------------------------------------------------------
read -r minx miny maxx maxy <<<"$("$jw" info "$db" --json | jq -r '.layers.county.extent | @tsv')"
python3 - "$minx" "$miny" "$maxx" "$maxy" "$tmp" <<'EOF'
import math, random, sys
minx, miny, maxx, maxy = map(float, sys.argv[1:5]); tmp = sys.argv[5]
def tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y
tiles = []
for z in range(8, 16):
    x0, y0 = tile(minx, maxy, z); x1, y1 = tile(maxx, miny, z)
    tiles += [f"/tiles/jiewang/{z}/{x}/{y}.mvt" for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
random.Random(420625).shuffle(tiles)
open(f"{tmp}/tiles.txt", "w").write("\n".join(tiles) + "\n")
rnd = random.Random(6)
feats = []
for i in range(2000):
    w = rnd.uniform(0.01, 0.1); h = rnd.uniform(0.01, 0.1)
    x = rnd.uniform(minx, maxx - w); y = rnd.uniform(miny, maxy - h)
    c = ["villages", "cemeteries", "facilities", "villages"][i % 4]
    feats.append(f"/collections/{c}/items?bbox={x:.5f},{y:.5f},{x + w:.5f},{y + h:.5f}&limit=100")
open(f"{tmp}/features.txt", "w").write("\n".join(feats) + "\n")
EOF
n_tiles=$(wc -l <"$tmp/tiles.txt")

# --- Server, nginx ----------------------------------------------------------------------------
start_server() { # cache_mb
  local port; port=$(free_port)
  "$jw" serve "$db" --port "$port" --quiet --cache-mb "$1" --connection-limit 4096 >"$tmp/srv.out" 2>"$tmp/srv.err" &
  srv_pid=$!
  base=http://127.0.0.1:$port
  for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "server did not start: $(cat "$tmp/srv.err")" >&2; exit 1
}
stop_server() { kill "$srv_pid"; wait "$srv_pid" 2>/dev/null || true; srv_pid=""; }

results=$tmp/results.md
: >"$results"
# run NAME BASE LIST CONNS: one wrk run, one table row.
run() {
  local name=$1 url=$2 list=$3 conns=$4 pid=${5:-$srv_pid}
  local r0 r1; r0=$(rss_kb "$pid")
  LIST=$list wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$root/bench/list.lua" "$url" >"$tmp/wrk.txt" 2>&1
  r1=$(rss_kb "$pid")
  local rps p50 p99 non2xx sockerr
  rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$tmp/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$tmp/wrk.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk.txt"); non2xx=${non2xx:-0}
  sockerr=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' "$tmp/wrk.txt"); sockerr=${sockerr:-0}
  echo "$name|$conns|$rps" >>"$tmp/raw.txt"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s → %s |\n' "$name" "$conns" "$rps" "$p50" "$p99" \
    "$non2xx" "$sockerr" "$((r0 / 1024)) MiB" "$((r1 / 1024)) MiB" >>"$results"
  echo "$name c=$conns: $rps req/s p50 $p50 p99 $p99 non2xx $non2xx sockerr $sockerr" >&2
}

# Cold: no cache (--cache-mb 0), every request renders its tile.
start_server 0
run "tiles cold (render every request)" "$base" "$tmp/tiles.txt" 32
run "tiles cold (render every request)" "$base" "$tmp/tiles.txt" 128
stop_server

# Warm: prime the cache with every tile once, keep a copy of each for nginx.
start_server 512
mkdir -p "$tmp/www"
sed "s#.*#url = \"$base&\"\noutput = \"$tmp/www&\"#" "$tmp/tiles.txt" >"$tmp/prime.curl"
prime_t0=$(date +%s.%N)
curl -s --no-progress-meter --create-dirs --parallel --parallel-max 8 -K "$tmp/prime.curl" 2>/dev/null
chmod -R a+rX "$tmp/www"
prime_s=$(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $prime_t0}")
# nginx: the same tiles as static files, same list, same machine. Runs alternate with the warm
# server's so both see the same background load; each pair is repeated (medians reported).
nport=$(free_port)
mkdir -p "$tmp/nginx/logs"
cat >"$tmp/nginx.conf" <<EOF
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  types { application/vnd.mapbox-vector-tile mvt; }
  server { listen 127.0.0.1:$nport; root $tmp/www; }
}
EOF
nginx -p "$tmp/nginx" -c "$tmp/nginx.conf" -g 'daemon off;' &
ngx_pid=$!
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$nport$(head -1 "$tmp/tiles.txt")" && break; sleep 0.1; done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for rep in 1 2 3; do
  for c in 32 128; do
    run "tiles warm (cached)" "$base" "$tmp/tiles.txt" "$c"
    run "nginx static tiles (upper bound)" "http://127.0.0.1:$nport" "$tmp/tiles.txt" "$c" "$ngx_pid"
  done
done
kill "$ngx_pid"; wait "$ngx_pid" 2>/dev/null || true; ngx_pid=""
run "features, random bbox" "$base" "$tmp/features.txt" 32
run "features, random bbox" "$base" "$tmp/features.txt" 128
if [ "$long" -gt 0 ]; then
  paste -d'\n' "$tmp/tiles.txt" <(cat "$tmp/features.txt" "$tmp/features.txt" "$tmp/features.txt" "$tmp/features.txt" | head -n "$n_tiles") |
    grep . >"$tmp/mixed.txt"
  secs_saved=$secs; secs=$long
  run "tiles and features mixed, ${long} s" "$base" "$tmp/mixed.txt" 128
  secs=$secs_saved
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
metrics=$(curl -s "$base/metrics" | grep -E '^jiewang_(tile_cache|http_requests_total)' | head -12)
stop_server
summary=$(python3 - "$tmp/raw.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, conns, rps = line.strip().split("|")
    runs.setdefault((name, conns), []).append(float(rps or 0))
med = {k: statistics.median(v) for k, v in runs.items()}
for c in ("32", "128"):
    w = med.get(("tiles warm (cached)", c)); n = med.get(("nginx static tiles (upper bound)", c))
    if w and n:
        print(f"- {c} connections: warm tiles {w:.0f} req/s vs nginx {n:.0f} req/s (medians of 3): {100 * w / n:.0f}% of nginx")
PY
)

mkdir -p "$(dirname "$out")"
{
  echo "# jiewang serve benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`bench/server.sh $build $secs $long\` on loopback."
  echo
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GiB RAM, $(uname -sr)"
  echo "- jiewang $("$jw" version | cut -d' ' -f2), libmicrohttpd $(pkg-config --modversion libmicrohttpd 2>/dev/null), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $(nginx -v 2>&1 | cut -d' ' -f3)"
  echo "- data: the demo store (谷城县, 11 townships, 290 villages, 20,000 graves); $n_tiles tile URLs z8-z15 covering the county (shuffled, fixed seed); 2,000 random-bbox items URLs (villages, cemeteries, facilities; limit 100)"
  echo "- server: \`jiewang serve DB --port P --quiet --cache-mb 512\` (warm; cold: \`--cache-mb 0\`, no cache), thread pool = cores; load: \`wrk -t2 -cN -d${secs}s --latency -s list.lua\` (each request the next URL of the list); nginx 'worker_processes auto', sendfile, access_log off"
  echo "- wrk, the server and nginx share the same $(nproc) cores, so absolute figures are lower than on a dedicated load generator"
  echo
  echo "| run | connections | req/s | p50 | p99 | non-2xx/3xx | socket errors | server RSS start → end |"
  echo "|---|---|---|---|---|---|---|---|"
  cat "$results"
  echo
  echo "Warm tiles against nginx on the same tile list:"
  echo
  echo "$summary"
  echo
  echo "Load average (1, 5, 15 min) of the shared machine: $load_before before the warm/nginx runs, $load_after after."
  echo
  echo "Priming the cache (every tile rendered once, 8 parallel curl transfers): ${prime_s} s for $n_tiles tiles."
  echo
  echo "Counters after the warm runs (\`/metrics\`):"
  echo
  echo '```'
  echo "$metrics"
  echo '```'
} >"$out"
echo "wrote $out" >&2
