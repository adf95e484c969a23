#!/usr/bin/env bash
# Fault test (issue #9): the server keeps serving while `jiewang import` writes the same store
# from another process (WAL: readers never wait for the writer), every request during the import
# is answered 200, and the imported rows are served afterwards without a restart; a kill -9 of
# the import while serving changes nothing the server shows.
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/fault_lib.sh"
tmp=$(mktemp -d); trap 'stop_server; rm -rf "$tmp"' EXIT
db=$tmp/g.sqlite
demo_db "$db" || { fail "jiewang demo failed"; finish; exit 1; }
big_graves_csv "$db" "$tmp/graves.csv" 100000 || { fail "graves CSV"; finish; exit 1; }
cp "$tmp/graves.csv" "$tmp/graves2.csv"
token=$("$JIEWANG" token add "$db" wal-test 2>/dev/null)
auth=(-H "Authorization: Bearer $token")
n0=$(sqlite3 "$db" "SELECT count(*) FROM grave")
start_server "$db" || { finish; exit 1; }
served() { curl -s "${auth[@]}" "$base/collections/graves/items?limit=1" | jq '.numberMatched'; }
expect_eq "$n0" "$(served)" "graves served before the import"

# A killed import: nothing changes for the server.
"$JIEWANG" import "$db" "$tmp/graves.csv" --as graves --quiet >/dev/null 2>&1 &
imp=$!
sleep 0.3
if kill -0 "$imp" 2>/dev/null; then
  kill -9 "$imp"; wait "$imp" 2>/dev/null
  expect_eq "$n0" "$(served)" "graves served after a killed import"
else
  wait "$imp"; echo "note: the import finished within 0.3 s; nothing to kill"
fi
n1=$(sqlite3 "$db" "SELECT count(*) FROM grave")

# A complete import while clients keep asking.
"$JIEWANG" import "$db" "$tmp/graves2.csv" --as graves --quiet >/dev/null 2>&1 &
imp=$!
n_req=0; n_ok=0; worst=0
while kill -0 "$imp" 2>/dev/null; do
  for p in "/collections/villages/items?limit=2" "/tiles/jiewang/10/827/415.mvt" "/collections/graves/items?limit=1"; do
    r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 "${auth[@]}" "$base$p")
    n_req=$((n_req + 1)); [ "${r%% *}" = 200 ] && n_ok=$((n_ok + 1))
    ms=$(awk -v t="${r#* }" 'BEGIN {printf "%d", t * 1000}'); [ "$ms" -gt "$worst" ] && worst=$ms
  done
done
wait "$imp"; rc=$?
expect_eq 0 "$rc" "import while serving"
echo "during the import: $n_ok/$n_req answered 200, slowest ${worst} ms"
[ "$n_req" -gt 0 ] && expect_eq "$n_req" "$n_ok" "every request during the import answered 200"
[ "$worst" -lt 5000 ] && pass || fail "a request waited ${worst} ms during the import"
expect_eq $((n1 + 100000)) "$(served)" "new graves served without restart"
kill -0 "$srv_pid" 2>/dev/null && pass || fail "server died"
finish
