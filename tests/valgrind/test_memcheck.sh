#!/usr/bin/env bash
# Valgrind memcheck (issue #9) on one import, one validate and a short serve session (a few
# documents, tiles, graves with and without token, then SIGTERM): no invalid reads or writes
# and no definitely lost bytes. Bounded: a small store (--graves 500) and a small import.
# Skips with a reason when valgrind is missing.
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/../fault/fault_lib.sh"
if ! command -v valgrind >/dev/null; then
  echo "skip: valgrind is not installed (apt-get install valgrind)"; finish; exit 0
fi
tmp=$(mktemp -d); trap 'stop_server; rm -rf "$tmp"' EXIT
db=$tmp/g.sqlite
"$JIEWANG" demo --out "$db" --graves 500 >/dev/null 2>&1 || { fail "jiewang demo failed"; finish; exit 1; }
printf 'owner,village_code,lon,lat\n张某,420625100201,111.60,32.25\n李某,420625100201,111.61,32.26\n' >"$tmp/g.csv"
vg=(valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --error-exitcode=99 --num-callers=30 --track-origins=no)
# check LOG WHAT: valgrind's summary says no errors and nothing definitely lost.
check() {
  local log=$1 what=$2
  local errs lost
  errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -1)
  lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -1)
  echo "$what: errors ${errs:-?}, definitely lost ${lost:-0} bytes"
  expect_eq 0 "${errs:-x}" "$what: valgrind errors"
  expect_eq 0 "${lost:-0}" "$what: definitely lost bytes"
  [ "${errs:-x}" = 0 ] || grep -m1 -A20 "Invalid\|definitely lost in" "$log" >&2
}
timeout 300 "${vg[@]}" --log-file="$tmp/import.vg" "$JIEWANG" import "$db" "$tmp/g.csv" --as graves --quiet >/dev/null 2>&1
check "$tmp/import.vg" "import"
timeout 300 "${vg[@]}" --log-file="$tmp/validate.vg" "$JIEWANG" validate "$db" >/dev/null 2>&1
check "$tmp/validate.vg" "validate"
token=$("$JIEWANG" token add "$db" vg 2>/dev/null)
port=$(free_port)
"${vg[@]}" --log-file="$tmp/serve.vg" "$JIEWANG" serve "$db" --port "$port" --threads 2 --quiet >/dev/null 2>&1 &
srv_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 1 300); do curl -sf -o /dev/null "$base/healthz" && break; sleep 0.2; done
n=0
for p in / /collections /collections/villages/items?limit=5 "/collections/villages/items?bbox=111.5,32.1,111.8,32.3" \
         /tiles/jiewang/10/827/415.mvt /tiles/jiewang/12/3309/1657.mvt /collections/graves/items \
         "/collections/villages/items?limit=abc" /nothing /tiles/jiewang.json; do
  s=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 --compressed "$base$p"); [ "$s" != 000 ] && n=$((n + 1))
done
curl -s -o /dev/null --max-time 60 -H "Authorization: Bearer $token" "$base/collections/graves/items?limit=3" && n=$((n + 1))
echo "serve under valgrind answered $n/11 requests"
expect_eq 11 "$n" "requests answered under valgrind"
kill -TERM "$srv_pid"
for _ in $(seq 1 150); do kill -0 "$srv_pid" 2>/dev/null || break; sleep 0.2; done
wait "$srv_pid" 2>/dev/null
srv_pid=""
check "$tmp/serve.vg" "serve"
finish
