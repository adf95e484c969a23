#!/usr/bin/env bash
# Integration test of the server's limits (issue #9): slow clients sending headers byte by byte
# do not starve others and are dropped after the idle timeout; oversized headers, URLs and
# argument lists are refused; HEAD works; the connection limit answers rather than hangs.
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/serve_lib.sh"

tmp=$(mktemp -d)
slow_pid=""
trap '[ -n "$slow_pid" ] && kill "$slow_pid" 2>/dev/null; serve_stop; rm -rf "$tmp"' EXIT
db=$tmp/gucheng.sqlite
"$JIEWANG" demo --out "$db" >/dev/null 2>&1 || { fail "jiewang demo failed"; finish; exit 1; }
serve_start "$db" --quiet --timeout 2 --threads 2 || { finish; exit 1; }
port=${base##*:}

# 200 slow clients: each sends a request line and headers one byte every 0.3 s for 6 s.
python3 - "$port" >"$tmp/slow.txt" 2>&1 <<'EOF' &
import socket, sys, time
port = int(sys.argv[1])
socks = []
for _ in range(200):
    s = socket.socket(); s.settimeout(5)
    try:
        s.connect(("127.0.0.1", port)); socks.append(s)
    except OSError:
        pass
req = b"GET /collections HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 40
t0 = time.time(); i = 0
while time.time() - t0 < 6 and i < len(req):
    for s in socks:
        try: s.send(req[i:i + 1])
        except OSError: pass
    i += 1
    time.sleep(0.3)
closed = 0
for s in socks:
    try:
        s.settimeout(0.5)
        if s.recv(1) == b"": closed += 1
    except OSError:
        closed += 1
print(len(socks), closed)
EOF
slow_pid=$!
sleep 1
# While they trickle, other clients are served promptly.
for i in 1 2 3 4 5; do
  t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 "$base/collections/villages/items?limit=1")
  read -r c secs <<<"$t"
  expect_eq 200 "$c" "request $i during slow clients"
  awk -v s="$secs" 'BEGIN { exit !(s < 1.0) }' && pass || fail "request $i took ${secs}s during slow clients"
done
wait "$slow_pid"; slow_pid=""
read -r n_open n_closed <"$tmp/slow.txt"
[ "${n_open:-0}" -ge 100 ] && pass || fail "slow clients could not connect: $(cat "$tmp/slow.txt")"

# An idle connection is closed after the timeout (--timeout 2).
python3 - "$port" >"$tmp/idle.txt" <<'EOF'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(6)
t0 = time.time()
try:
    data = s.recv(1)
except OSError:
    data = b""
print("closed" if data == b"" else "open", round(time.time() - t0, 1))
EOF
read -r state after <"$tmp/idle.txt"
expect_eq closed "$state" "idle connection closed"
awk -v s="$after" 'BEGIN { exit !(s >= 1.5 && s < 5.5) }' && pass || fail "idle connection closed after ${after}s, want about 2"

# Oversized requests are refused, not served.
big=$(head -c 70000 /dev/zero | tr '\0' 'a')
c=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $big" "$base/healthz")
case "$c" in 400|413|431) pass ;; *) fail "70 KB header gave $c" ;; esac
c=$(curl -s -o /dev/null -w '%{http_code}' "$base/collections/$big")
case "$c" in 400|404|413|414|431) pass ;; *) fail "70 KB URL gave $c" ;; esac
args=$(for i in $(seq 1 40); do printf 'a%d=1&' "$i"; done)
expect_eq 400 "$(code "$base/collections/villages/items?$args")" "40 query parameters"
jq_has "$base/collections/villages/items?$args" '.error.message | test("too many query parameters")' true "too many parameters message"
expect_eq 413 "$(code -X GET --data-binary 'x=1' "$base/collections")" "GET with a body"

# HEAD: headers only.
expect_eq 200 "$(code -I "$base/collections")" "HEAD"
expect_eq 0 "$(curl -s -I -o /dev/null -w '%{size_download}' "$base/collections")" "HEAD without body"

# The server is still healthy.
jq_has "$base/healthz" '.status' '"ok"' "healthy after limits"
finish
