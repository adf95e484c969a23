# Shell helpers for the fault, load and security tests (sourced after tests/support/lib.sh).
# sq DB SQL: runs SQL with SpatiaLite loaded, prints the result rows.
sq() { sqlite3 -cmd "SELECT load_extension('mod_spatialite');" "$1" "$2" 2>/dev/null | tail -n +2; }
# counts DB: one line with the row counts of every data table.
counts() {
  sqlite3 "$1" "SELECT (SELECT count(*) FROM admin_unit)||' '||(SELECT count(*) FROM boundary_line)
    ||' '||(SELECT count(*) FROM boundary_marker)||' '||(SELECT count(*) FROM facility)
    ||' '||(SELECT count(*) FROM no_burial_zone)||' '||(SELECT count(*) FROM grave)
    ||' '||(SELECT count(*) FROM import_log)"
}
# big_graves_csv SRC_DB OUT N: a CSV of N graves (lon/lat columns) jittered from SRC_DB's graves.
big_graves_csv() {
  local src=$1 out=$2 n=$3
  "$JIEWANG" export "$src" --kind graves --format CSV --out "$out.seed.csv" >/dev/null 2>&1 || return 1
  python3 - "$out.seed.csv" "$out" "$n" <<'PY'
import csv, random, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head, body = rows[0], rows[1:]
ilon, ilat = head.index("lon"), head.index("lat")
random.seed(9)
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(head)
    for i in range(int(sys.argv[3])):
        r = list(body[i % len(body)])
        r[ilon] = "%.9f" % (float(r[ilon]) + random.uniform(-1e-4, 1e-4))
        r[ilat] = "%.9f" % (float(r[ilat]) + random.uniform(-1e-4, 1e-4))
        w.writerow(r)
PY
  rm -f "$out.seed.csv"
}
# free_port: a free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
# start_server DB [ARGS...]: starts `jiewang serve DB --port P` on a free port, waits for
# /healthz; sets $base and $srv_pid. stop_server kills it (use in traps).
srv_pid=""
start_server() {
  local db=$1; shift
  local port; port=$(free_port)
  "$JIEWANG" serve "$db" --port "$port" --quiet "$@" >"$tmp/serve.out" 2>"$tmp/serve.err" &
  srv_pid=$!
  base=http://127.0.0.1:$port
  for _ in $(seq 1 150); do
    curl -sf -o /dev/null "$base/healthz" && return 0
    kill -0 "$srv_pid" 2>/dev/null || break
    sleep 0.1
  done
  fail "server did not start on $base: $(tail -2 "$tmp/serve.err")"
  return 1
}
stop_server() {
  if [ -n "$srv_pid" ]; then kill "$srv_pid" 2>/dev/null; wait "$srv_pid" 2>/dev/null; fi
  srv_pid=""
}
# rss_kb PID: resident set size in KiB.
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
# http_code [CURL ARGS...] URL
http_code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# demo_db PATH: the demo store, built once per build tree and copied (the demo takes seconds).
demo_db() {
  local cache=$BUILD_DIR/tests-rel-demo.sqlite
  if [ ! -s "$cache" ] || [ "$cache" -ot "$JIEWANG" ]; then
    # A private name, then an atomic rename: tests run in parallel (ctest -j).
    "$JIEWANG" demo --out "$cache.$$.tmp" --force >/dev/null 2>&1 || return 1
    mv -f "$cache.$$.tmp" "$cache"
  fi
  cp "$cache" "$1"
}
# small_disk DIR KIB [LIMIT_KIB]: a KIB-KiB tmpfs at DIR (root, as in CI), sets mounted=1 and
# limit=(); without mount permission the file-size limit stands in for a full disk: limit=(…)
# runs a command under `ulimit -f LIMIT_KIB` (default KIB) with SIGXFSZ ignored, so writes past
# it fail with EFBIG, and mounted=0. Unmount with `umount DIR` when mounted=1 (EXIT trap).
small_disk() {
  local dir=$1 kib=$2 limit_kib=${3:-$2}
  mkdir -p "$dir"
  if mount -t tmpfs -o size="${kib}k" tmpfs "$dir" 2>/dev/null; then
    mounted=1
    limit=()
    echo "disk: $kib KiB tmpfs at $dir"
  else
    mounted=0
    limit=(bash -c "trap '' XFSZ; ulimit -f $limit_kib; exec \"\$@\"" limit)
    echo "disk: mount not permitted; ulimit -f $limit_kib (KiB) instead"
  fi
}
