# Shell helpers for the server integration tests (sourced after tests/support/lib.sh).
# serve_start DB [ARGS...] starts `jiewang serve DB --port 0 ARGS` and waits for /healthz;
# it sets $base, $serve_pid and $serve_log. serve_stop kills it (for traps).
serve_pid=""
serve_start() {
  local db=$1; shift
  serve_log=$tmp/serve.log
  "$JIEWANG" serve "$db" --port 0 "$@" >"$tmp/serve.out" 2>"$serve_log" &
  serve_pid=$!
  base=""
  for _ in $(seq 1 100); do
    base=$(sed -n 's#^listening on \(http://[^ ]*\)/$#\1#p' "$tmp/serve.out")
    [ -n "$base" ] && break
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$base" ]; then fail "server did not start: $(tail -3 "$serve_log")"; return 1; fi
  for _ in $(seq 1 50); do
    curl -sf "$base/healthz" >/dev/null && return 0
    sleep 0.1
  done
  fail "server does not answer /healthz"; return 1
}
serve_stop() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null; fi
  serve_pid=""
}
# code [CURL ARGS...] URL: HTTP status.
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# ctype [CURL ARGS...] URL: Content-Type.
ctype() { curl -s -o /dev/null -w '%{content_type}' "$@"; }
# hdr NAME [CURL ARGS...] URL: value of response header NAME (GET, body discarded).
hdr() {
  local name=$1; shift
  curl -s -D - -o /dev/null "$@" | tr -d '\r' | sed -n "s/^$name: //Ip" | head -1
}
# jq_has [CURL ARGS...] URL FILTER WANT DESC: jq FILTER of the body equals WANT (JSON text).
jq_has() {
  local n=$# args=("$@")
  local desc=${args[n-1]} want=${args[n-2]} filter=${args[n-3]}
  local got
  got=$(curl -s "${args[@]:0:n-3}" | jq -c "$filter" 2>&1)
  expect_eq "$want" "$got" "$desc"
}
