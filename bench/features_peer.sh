#!/usr/bin/env bash
# Features peer of the server benchmark (issue #6, "MapServer OGC API peer for feature queries
# not measured"): the same random-bbox OGC API - Features workload on the villages collection,
# against `jiewang serve` and against MapServer 8 (mapserv FastCGI under spawn-fcgi, behind
# nginx), both reading the same demo store, in the same run, loopback only, bounded in time.
#
#   1. `jiewang demo` writes the store (SpatiaLite). MapServer reads the same file through its OGR
#      connection type (GDAL's SQLite driver); the script adds one SpatiaLite spatial view to it,
#      ms_villages (villages with the coverage columns, as jiewang's catalogue defines the
#      collection), registered in views_geometry_columns so that GDAL uses the store's R*Tree
#      index; bench/features_peer.map.in is the mapfile. jiewang ignores the view.
#   2. Like for like: every URL of the list is asked of both servers; numberMatched,
#      numberReturned and the feature ids must agree (limit 100, above the largest match), and
#      what differs in the returned features (geometry type and precision, property types) is
#      counted and reported.
#   3. Timed: RUNS rounds; in each, for each connection count, one wrk run against jiewang then
#      one against MapServer (alternating, so both see the same background load); medians.
#      Per run: req/s, latency p50/p99, non-2xx/3xx, socket errors, the CPU time the server's
#      processes used (jiewang: its process; MapServer: the mapserv processes and nginx), the
#      CPU other jobs of the shared machine used meanwhile, and the load average at the start.
# Writes bench/results/features_peer.md.
#
# Needs (Debian 12 packages; this script installs nothing, it exits 2 when one is missing):
#   mapserver-bin cgi-mapserver spawn-fcgi nginx-light wrk curl jq python3 time
# e.g. `apt-get install -y mapserver-bin cgi-mapserver spawn-fcgi`; the rest come with
# scripts/install-deps.sh. The benchmark is not run by CI, so the MapServer packages are not in
# scripts/install-deps.sh.
#
# Usage: bench/features_peer.sh [BUILD_DIR] [SECONDS_PER_RUN] [RUNS]   (defaults: build, 20, 3)
# Env:   JIEWANG (binary; default BUILD_DIR/jiewang, set by bench/run.sh), CONNS ("32 128"),
#        MS_PROCS (mapserv FastCGI processes, default 2 x cores), LOAD_MAX (1.5) and LOAD_WAIT
#        (600 s): before the timed runs, wait at most LOAD_WAIT seconds for the 1-min load average
#        of the shared machine to fall below LOAD_MAX (the runs go ahead after that, and the load
#        is reported), MAPSERV (default /usr/lib/cgi-bin/mapserv).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
secs=${2:-20}
runs=${3:-3}
jw=${JIEWANG:-$build/jiewang}
conns=${CONNS:-32 128}
ncpu=$(nproc)
ms_procs=${MS_PROCS:-$((2 * ncpu))}
load_max=${LOAD_MAX:-1.5}
load_wait=${LOAD_WAIT:-600}
mapserv=${MAPSERV:-/usr/lib/cgi-bin/mapserv}
out=$root/bench/results/features_peer.md
template=$root/bench/features_peer.map.in

missing=()
for t in wrk:wrk nginx:nginx-light curl:curl jq:jq python3:python3 spawn-fcgi:spawn-fcgi; do
  command -v "${t%%:*}" >/dev/null || missing+=("${t#*:}")
done
[ -x /usr/bin/time ] || missing+=(time)
[ -x "$mapserv" ] || missing+=(cgi-mapserver)
command -v mapserv >/dev/null || missing+=(mapserver-bin)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench/features_peer.sh needs the Debian packages: ${missing[*]}" >&2
  echo "  (all: mapserver-bin cgi-mapserver spawn-fcgi nginx-light wrk curl jq python3 time)" >&2
  exit 2
fi
"$mapserv" -v 2>/dev/null | grep -q 'SUPPORTS=OGCAPI_SERVER' || {
  echo "$mapserv lacks OGC API support (SUPPORTS=OGCAPI_SERVER): MapServer 8 needed" >&2; exit 2; }
[ -x "$jw" ] || { echo "no $jw: build first (or set JIEWANG)" >&2; exit 2; }

tmp=$(mktemp -d)
chmod 755 "$tmp" # nginx workers run as nobody when started by root
srv_pid="" ngx_pid=""
ms_pids() { cat "$tmp/ms.pids" 2>/dev/null || true; }
cleanup() {
  [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
  [ -n "$ngx_pid" ] && kill "$ngx_pid" 2>/dev/null && wait "$ngx_pid" 2>/dev/null
  # mapserv's FastCGI loop leaves on SIGTERM only after one more request: SIGKILL (no state).
  for p in $(ms_pids); do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# --- Store ----------------------------------------------------------------------------------
db=$tmp/gucheng.sqlite
timeout 300 "$jw" demo --out "$db" >/dev/null 2>&1
python3 - "$db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
# The villages collection of gis/store_query.c as a SpatiaLite spatial view; ogc_fid is the
# view's row id for GDAL (it maps onto admin_unit.id and so onto the R*Tree's pkid).
c.executescript("""
CREATE VIEW ms_villages AS
SELECT t.id AS ogc_fid, t.id AS id, t.code AS code, t.name AS name, t.level AS level,
       t.parent_code AS parent_code, t.kind AS kind, t.population AS population,
       t.older_population AS older_population, vc.status AS coverage,
       vc.nearest_cemetery_id AS nearest_cemetery_id, vc.nearest_distance_m AS nearest_distance_m,
       t.geom AS geom
FROM admin_unit t LEFT JOIN village_coverage vc ON vc.code = t.code
WHERE t.level = 'village';
INSERT INTO views_geometry_columns VALUES ('ms_villages', 'geom', 'ogc_fid', 'admin_unit', 'geom', 1);
""")
c.commit()
EOF
read -r minx miny maxx maxy <<<"$("$jw" info "$db" --json | jq -r '.layers.county.extent | @tsv')"

# --- URL lists: 2,000 random bboxes over the county (the generator of bench/server.sh, seed 6,
# 0.01-0.1 degree sides), villages only, limit 100, f=json. MapServer's paths carry its prefix.
python3 - "$minx" "$miny" "$maxx" "$maxy" "$tmp" <<'EOF'
import random, sys
minx, miny, maxx, maxy = map(float, sys.argv[1:5]); tmp = sys.argv[5]
rnd = random.Random(6)
paths = []
for i in range(2000):
    w = rnd.uniform(0.01, 0.1); h = rnd.uniform(0.01, 0.1)
    x = rnd.uniform(minx, maxx - w); y = rnd.uniform(miny, maxy - h)
    paths.append(f"/collections/villages/items?bbox={x:.5f},{y:.5f},{x + w:.5f},{y + h:.5f}&limit=100&f=json")
open(f"{tmp}/jw.txt", "w").write("\n".join(paths) + "\n")
open(f"{tmp}/ms.txt", "w").write("\n".join("/mapserv/jiewang/ogcapi" + p for p in paths) + "\n")
EOF

# --- jiewang --------------------------------------------------------------------------------
jport=$(free_port)
"$jw" serve "$db" --port "$jport" --quiet --connection-limit 4096 >"$tmp/srv.out" 2>"$tmp/srv.err" &
srv_pid=$!
jbase=http://127.0.0.1:$jport
for _ in $(seq 1 100); do curl -sf "$jbase/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "$jbase/healthz" >/dev/null || { echo "jiewang did not start: $(cat "$tmp/srv.err")" >&2; exit 1; }

# --- MapServer: CONFIG file, mapfile, spawn-fcgi, nginx --------------------------------------
nport=$(free_port)
mbase=http://127.0.0.1:$nport
sed -e "s#@DB@#$db#" -e "s#@ONLINE@#$mbase/mapserv/jiewang/ogcapi#" \
  -e "s#@TEMPLATES@#/usr/share/mapserver/ogcapi/templates/html-plain/#" "$template" >"$tmp/jiewang.map"
cat >"$tmp/mapserver.conf" <<EOF
CONFIG
  ENV
    MS_MAP_NO_PATH "1"
    MS_ERRORFILE "$tmp/mapserver.log"
  END
  MAPS
    jiewang "$tmp/jiewang.map"
  END
END
EOF
MAPSERVER_CONFIG_FILE=$tmp/mapserver.conf spawn-fcgi -s "$tmp/ms.sock" -M 0666 -F "$ms_procs" \
  -P "$tmp/ms.pids" -- "$mapserv" >/dev/null
mkdir -p "$tmp/nginx/logs"
cat >"$tmp/nginx.conf" <<EOF
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$nport;
    location /mapserv/ {
      fastcgi_split_path_info ^(/mapserv)(/.*)\$;
      fastcgi_pass unix:$tmp/ms.sock;
      fastcgi_param SCRIPT_NAME \$fastcgi_script_name;
      fastcgi_param PATH_INFO \$fastcgi_path_info;
      fastcgi_param QUERY_STRING \$query_string;
      fastcgi_param REQUEST_METHOD \$request_method;
      fastcgi_param CONTENT_TYPE \$content_type;
      fastcgi_param CONTENT_LENGTH \$content_length;
      fastcgi_param REQUEST_URI \$request_uri;
      fastcgi_param SERVER_PROTOCOL \$server_protocol;
      fastcgi_param SERVER_NAME 127.0.0.1;
      fastcgi_param SERVER_PORT \$server_port;
      fastcgi_param REMOTE_ADDR \$remote_addr;
      fastcgi_param HTTP_ACCEPT \$http_accept;
    }
  }
}
EOF
nginx -p "$tmp/nginx" -c "$tmp/nginx.conf" -g 'daemon off;' &
ngx_pid=$!
probe="$mbase$(head -1 "$tmp/ms.txt")"
for _ in $(seq 1 50); do curl -sf -o /dev/null "$probe" && break; sleep 0.1; done
curl -sf -o /dev/null "$probe" || {
  echo "MapServer did not answer: $(curl -s "$probe" | head -c 300) $(cat "$tmp/mapserver.log" 2>/dev/null)" >&2
  exit 1
}

# --- Like for like ----------------------------------------------------------------------------
echo "comparing the answers of both servers for the 2,000 bboxes..." >&2
timeout 600 python3 - "$jbase" "$mbase" "$tmp/jw.txt" "$tmp/ms.txt" >"$tmp/check.md" 2>"$tmp/check.err" <<'EOF' || {
import json, statistics, sys, urllib.request
jbase, mbase, jlist, mlist = sys.argv[1:5]
jp = open(jlist).read().split(); mp = open(mlist).read().split()
def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        body = r.read()
    return json.loads(body), len(body)
def parts(g):
    return [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
def shape(g):  # ring lengths per part
    return [[len(r) for r in poly] for poly in parts(g)]
n = len(jp); same = 0; first_diff = []
feats = 0; matched = []; jbytes = []; mbytes = []
props_equal = 0; num_as_str = set(); null_as_empty = set(); other_prop = set()
id_str = 0; type_poly = 0; verts_equal = 0; maxd = 0.0; diffs = 0; ncoord = 0; bad_shape = {}
for a_path, b_path in zip(jp, mp):
    a, la = get(jbase + a_path); b, lb = get(mbase + b_path)
    jbytes.append(la); mbytes.append(lb)
    ia = {f["id"]: f for f in a["features"]}
    ib = {int(f["id"]): f for f in b["features"]}
    matched.append(a["numberMatched"])
    key_a = (a["numberMatched"], a["numberReturned"], sorted(ia))
    key_b = (b.get("numberMatched"), b.get("numberReturned"), sorted(ib))
    if key_a == key_b:
        same += 1
    elif len(first_diff) < 5:
        first_diff.append(f"{a_path}: jiewang {key_a[:2]}, MapServer {key_b[:2]}, ids only in one: "
                          f"{sorted(set(ia) ^ set(ib))}")
    for fid in set(ia) & set(ib):
        fa, fb = ia[fid], ib[fid]
        feats += 1
        id_str += isinstance(fb["id"], str)
        ok = True
        for k, v in fa["properties"].items():
            w = fb["properties"].get(k, "<missing>")
            if w == v:
                continue
            if v is None and w == "":
                null_as_empty.add(k); continue
            if isinstance(v, (int, float)) and not isinstance(v, bool) and isinstance(w, str):
                try:
                    if float(w) == v:
                        num_as_str.add(k); continue
                except ValueError:
                    pass
            other_prop.add(k); ok = False
        props_equal += ok
        if fb["geometry"]["type"] != fa["geometry"]["type"]:
            type_poly += 1
        sa, sb = shape(fa["geometry"]), shape(fb["geometry"])
        if sa != sb:
            bad_shape.setdefault(fid, (sa, sb))
            continue
        verts_equal += 1
        for pa_, pb_ in zip(parts(fa["geometry"]), parts(fb["geometry"])):
            for ra, rb in zip(pa_, pb_):
                for pa, pb in zip(ra, rb):
                    ncoord += 2
                    for u, v in zip(pa, pb):
                        d = abs(u - v); maxd = max(maxd, d); diffs += d > 5e-8
def ks(s): return ", ".join(sorted(s)) or "none"
print(f"- {n} bboxes asked of both: numberMatched, numberReturned and the set of feature ids agree "
      f"for **{same} of {n}**; {sum(matched)} features in all, up to {max(matched)} per bbox "
      f"(mean {statistics.mean(matched):.1f}), so limit=100 never truncates")
for d in first_diff:
    print(f"  - differs: {d}")
print(f"- response size: jiewang {statistics.mean(jbytes) / 1024:.1f} KiB, MapServer "
      f"{statistics.mean(mbytes) / 1024:.1f} KiB per request (mean)")
print(f"- properties: same values for {props_equal} of {feats} features once MapServer's "
      f"representation is allowed for: numbers as JSON strings ({ks(num_as_str)}), null as \"\" "
      f"({ks(null_as_empty)}); other differences: {ks(other_prop)}; MapServer's `id` is a string "
      f"in {id_str} features (jiewang: integer)")
print(f"- geometry: same parts, rings and vertex counts for {verts_equal} of {feats} features; "
      f"{type_poly} features are `Polygon` from MapServer where jiewang writes `MultiPolygon` "
      f"(the store's type; MapServer writes Polygon for a one-part multipolygon); in those, "
      f"coordinates differ by at most {maxd:.1e} degrees ({diffs} of {ncoord} ordinates differ "
      f"by more than 5e-8): both write 7 decimals, jiewang rounds to nearest, MapServer 8.0 "
      f"rounds up (ceil)")
if bad_shape:
    n_bad = feats - verts_equal
    ex = ", ".join(f"village id {k}: jiewang {a}, MapServer {b}" for k, (a, b) in sorted(bad_shape.items()))
    print(f"- geometry differs in structure for {n_bad} returned features ({len(bad_shape)} distinct "
          f"{'village' if len(bad_shape) == 1 else 'villages'}; ring lengths per part: {ex}): MapServer 8.0.0 writes a multi-part polygon with "
          f"every outer ring repeated in each part (each other part becomes a hole), a wrong geometry")
sys.exit(0 if same == n else 3)
EOF
  rc=$?
  if [ "$rc" -eq 3 ]; then echo "WARNING: the servers disagree on some bboxes (see the report)" >&2
  else echo "comparison failed: $(tail -5 "$tmp/check.err")" >&2; exit 1; fi
}
cat "$tmp/check.md" >&2

# --- Timed runs -------------------------------------------------------------------------------
ticks=$(getconf CLK_TCK)
proc_ticks() { # sum of utime+stime of the given pids
  local s=0 p t
  for p in "$@"; do
    t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
    s=$((s + t))
  done
  echo "$s"
}
proc_rss_kb() { local s=0 p r; for p in "$@"; do r=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); s=$((s + r)); done; echo "$s"; }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

waited=0
while awk -v l="$(load1)" -v m="$load_max" 'BEGIN { exit !(l >= m) }' && [ "$waited" -lt "$load_wait" ]; do
  sleep 10; waited=$((waited + 10))
done
echo "load average $(load1) after waiting ${waited} s (limit ${load_wait} s for < $load_max)" >&2
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

: >"$tmp/rows.md"; : >"$tmp/raw.txt"
# run NAME URL LIST CONNS REP PIDS...
run() {
  local name=$1 url=$2 list=$3 c=$4 rep=$5; shift 5
  local l0 t0 b0 t1 b1 r1
  l0=$(load1); t0=$(proc_ticks "$@"); b0=$(busy_ticks)
  LIST=$list timeout $((secs + 60)) /usr/bin/time -f '%U %S' -o "$tmp/wrk.time" \
    wrk -t2 -c"$c" -d"${secs}s" --timeout 10s --latency -s "$root/bench/list.lua" "$url" >"$tmp/wrk.txt" 2>&1
  t1=$(proc_ticks "$@"); b1=$(busy_ticks); r1=$(proc_rss_kb "$@")
  local rps p50 p99 non2xx sockerr n cpu wrk_cpu other
  rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk.txt")
  n=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$tmp/wrk.txt")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$tmp/wrk.txt")")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk.txt"); non2xx=${non2xx:-0}
  sockerr=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' "$tmp/wrk.txt"); sockerr=${sockerr:-0}
  cpu=$(awk -v a="$t0" -v b="$t1" -v k="$ticks" 'BEGIN {printf "%.1f", (b - a) / k}')
  wrk_cpu=$(awk '{printf "%.1f", $1 + $2}' "$tmp/wrk.time")
  other=$(awk -v a="$b0" -v b="$b1" -v k="$ticks" -v s="$cpu" -v w="$wrk_cpu" -v d="$secs" \
    'BEGIN {o = ((b - a) / k - s - w) / d; if (o < 0) o = 0; printf "%.2f", o}')
  local cpu_req; cpu_req=$(awk -v s="$cpu" -v n="${n:-0}" 'BEGIN {printf "%.2f", (n > 0 ? 1000 * s / n : 0)}')
  echo "$name|$c|$rps|$p50|$p99|$non2xx|$sockerr|$cpu_req|$cpu" >>"$tmp/raw.txt"
  printf '| %s | %s | %s | %s | %s ms | %s ms | %s | %s | %s s (%s ms/req) | %s | %s | %s MiB |\n' \
    "$name" "$c" "$rep" "$rps" "$p50" "$p99" "$non2xx" "$sockerr" "$cpu" "$cpu_req" "$wrk_cpu" \
    "$other" "$((r1 / 1024))" >>"$tmp/rows.md"
  echo "$name c=$c run $rep: $rps req/s p50 ${p50} ms p99 ${p99} ms non2xx $non2xx sockerr $sockerr cpu ${cpu} s other ${other} cores load $l0" >&2
  echo "$l0" >>"$tmp/loads.txt"
}
for rep in $(seq 1 "$runs"); do
  for c in $conns; do
    run "jiewang" "$jbase" "$tmp/jw.txt" "$c" "$rep" "$srv_pid"
    # shellcheck disable=SC2046
    run "MapServer" "$mbase" "$tmp/ms.txt" "$c" "$rep" $(ms_pids) "$ngx_pid" $(pgrep -P "$ngx_pid" || true)
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
ms_log=$(grep -c . "$tmp/mapserver.log" 2>/dev/null || true)
# shellcheck disable=SC2046
ms_cpu_split=$(proc_ticks $(ms_pids))
# shellcheck disable=SC2046
ngx_cpu_split=$(proc_ticks "$ngx_pid" $(pgrep -P "$ngx_pid" || true))

summary=$(python3 - "$tmp/raw.txt" "$conns" "$secs" <<'PY'
import statistics, sys
rows = {}
secs = float(sys.argv[3])
for line in open(sys.argv[1]):
    name, c, rps, p50, p99, non2xx, sockerr, cpu_req, cpu = line.strip().split("|")
    rows.setdefault((name, c), []).append(
        (float(rps or 0), float(p50), float(p99), int(non2xx), int(sockerr), float(cpu_req),
         float(cpu) / secs))
med = lambda v: statistics.median(v)
print("| connections | server | req/s | p50 | p99 | errors (non-2xx + socket) | server CPU per request | server cores busy | jiewang / MapServer |")
print("|---|---|---|---|---|---|---|---|---|")
for c in sys.argv[2].split():
    j = rows.get(("jiewang", c), []); m = rows.get(("MapServer", c), [])
    if not j or not m:
        continue
    ratio = med([r[0] for r in j]) / med([r[0] for r in m])
    cpu_ratio = med([r[5] for r in m]) / max(med([r[5] for r in j]), 1e-9)
    for name, r in (("jiewang", j), ("MapServer 8.0", m)):
        cmp = f"**{ratio:.1f}x** the req/s, {cpu_ratio:.1f}x less CPU per request" if name == "jiewang" else ""
        print(f"| {c} | {name} | {med([x[0] for x in r]):,.0f} | {med([x[1] for x in r]):.1f} ms | "
              f"{med([x[2] for x in r]):.1f} ms | {sum(x[3] + x[4] for x in r)} | "
              f"{med([x[5] for x in r]):.2f} ms | {med([x[6] for x in r]):.2f} | {cmp} |")
PY
)
loads=$(sort -n "$tmp/loads.txt" | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "-" hi}')

mkdir -p "$(dirname "$out")"
{
  echo "# Features peer: jiewang and MapServer 8, random-bbox OGC API - Features items"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`bench/features_peer.sh $build $secs $runs\` on loopback (medians of $runs runs of $secs s per server and connection count)."
  echo
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $ncpu cores, $(free -g | awk '/^Mem/ {print $2}') GiB RAM, $(uname -sr), shared with other jobs"
  echo "- jiewang $("$jw" version | cut -d' ' -f2), CMake build type $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$jw")/CMakeCache.txt" 2>/dev/null || echo '?') (\`jiewang serve DB --port P --quiet --connection-limit 4096\`, libmicrohttpd $(pkg-config --modversion libmicrohttpd 2>/dev/null), thread pool = cores)"
  echo "- $("$mapserv" -v | cut -d' ' -f1-3) (Debian $(dpkg-query -W -f='${Version}' cgi-mapserver 2>/dev/null), GDAL $(gdal-config --version 2>/dev/null || echo '?')): $ms_procs mapserv FastCGI processes (\`spawn-fcgi -F $ms_procs\`, 2 x cores, unix socket) behind $(nginx -v 2>&1 | cut -d' ' -f3) (worker_processes auto, access_log off); mapfile \`bench/features_peer.map.in\` (CONNECTIONTYPE OGR on the same SpatiaLite file, PROCESSING CLOSE_CONNECTION=DEFER, oga_geometry_precision 7)"
  echo "- data: the demo store (谷城县, 290 villages); MapServer reads the villages through the spatial view ms_villages the script adds to that store (the same rows and columns as jiewang's villages collection, with the store's R*Tree index); jiewang ignores the view"
  echo "- workload: 2,000 random bboxes over the county (0.01-0.1 degree sides, the generator of bench/server.sh with seed 6, villages only), \`/collections/villages/items?bbox=...&limit=100&f=json\` (MapServer: the same query under \`/mapserv/jiewang/ogcapi\`); \`wrk -t2 -cN -d${secs}s --timeout 10s --latency -s list.lua\`, each request the next URL of the list; runs alternate jiewang / MapServer"
  echo "- wrk, the servers and other engineers' jobs share the same $ncpu cores: absolute figures are lower than on a dedicated machine; server CPU per request (user + system time of the server's processes / requests) is the steadier figure. On a busy machine the scheduler shares CPU out per runnable thread, and MapServer runs $ms_procs mapserv processes and nginx's workers against jiewang's $ncpu pool threads, so it gets more of the contended cores (column 'server cores busy'): the req/s ratio understates the difference in work per request"
  echo
  echo "Same answers (checked before the timed runs, every URL of the list asked of both servers):"
  echo
  cat "$tmp/check.md"
  echo
  echo "Medians:"
  echo
  echo "$summary"
  echo
  echo "Every run (server CPU: jiewang's process; MapServer's mapserv processes and nginx, $(awk -v a="$ms_cpu_split" -v b="$ngx_cpu_split" 'BEGIN {printf "%.0f", (a + b > 0 ? 100 * a / (a + b) : 0)}') % of it in mapserv over the runs; other jobs: CPU the rest of the machine used during the run, in cores):"
  echo
  echo "| server | connections | run | req/s | p50 | p99 | non-2xx/3xx | socket errors | server CPU | wrk CPU (s) | other jobs (cores) | server RSS at end |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  cat "$tmp/rows.md"
  echo
  echo "Load average (1, 5, 15 min): $load_start at the start of the timed runs (after waiting ${waited} s, at most ${load_wait} s, for the 1-min figure to fall below $load_max), $load_end at the end; 1-min figure $loads at the starts of the runs. MapServer error log lines: ${ms_log:-0}."
} >"$out"
echo "wrote $out" >&2
