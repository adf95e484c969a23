#!/usr/bin/env bash
# Integration test: the web map can be embedded in the county portal only when the operator
# names the portal's origin (--frame-ancestors); by default no page may be framed.
set -u
. "$(dirname "$0")/../support/lib.sh"
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
"$JIEWANG" demo --out "$tmp/d.sqlite" --graves 10 2>/dev/null || fail "demo"

start() { # start PORTVAR ARGS...: serves d.sqlite, waits for /healthz
  local port
  port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  "$JIEWANG" serve "$tmp/d.sqlite" --port "$port" --quiet "$@" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  echo "$port"
}

p1=$(start)
h=$(curl -sI "http://127.0.0.1:$p1/map")
grep -qi "^X-Frame-Options: DENY" <<<"$h" && pass || fail "default: X-Frame-Options DENY missing"
grep -qi "frame-ancestors 'none'" <<<"$h" && pass || fail "default: frame-ancestors 'none' missing"

p2=$(start --frame-ancestors "https://www.gucheng.gov.cn 'self'")
h=$(curl -sI "http://127.0.0.1:$p2/map")
grep -qi "^X-Frame-Options" <<<"$h" && fail "embeddable: X-Frame-Options still sent" || pass
grep -qi "frame-ancestors https://www.gucheng.gov.cn 'self'" <<<"$h" && pass \
  || fail "embeddable: CSP lacks the portal origin: $(grep -i content-security <<<"$h")"

expect_fail 2 "--frame-ancestors needs origins" "$JIEWANG" serve "$tmp/d.sqlite" \
  --frame-ancestors "x; script-src *"
finish
