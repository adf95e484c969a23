#!/usr/bin/env bash
# Fault test (issue #9): `kill -9` in the middle of a large import leaves the store exactly as it
# was before the import (SQLite transaction + WAL): PRAGMA integrity_check is ok, every table's
# row count is unchanged, the next import of the same file succeeds, and a read-only command
# works on the killed store. Repeated at several moments of the import.
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/fault_lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/g.sqlite
demo_db "$db" || { fail "jiewang demo failed"; finish; exit 1; }
big_graves_csv "$db" "$tmp/graves.csv" 100000 || { fail "could not write the graves CSV"; finish; exit 1; }
cp "$db" "$tmp/pristine.sqlite"
before=$(counts "$db")
sum_before=$(sqlite3 "$db" "SELECT total(X(geom)) FROM grave" 2>/dev/null || echo x)

killed=0
for delay in 0.2 0.5 1 2; do
  cp "$tmp/pristine.sqlite" "$db"; rm -f "$db-wal" "$db-shm"
  "$JIEWANG" import "$db" "$tmp/graves.csv" --as graves --quiet >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid"; wait "$pid" 2>/dev/null
    killed=$((killed + 1))
    expect_eq ok "$(sqlite3 "$db" 'PRAGMA integrity_check')" "integrity_check after kill -9 at ${delay}s"
    expect_eq "$before" "$(counts "$db")" "row counts after kill -9 at ${delay}s"
  else
    wait "$pid"
    echo "note: import finished within ${delay}s; no kill at this moment"
  fi
done
[ "$killed" -ge 1 ] || fail "the import always finished before kill -9: make the CSV larger"
echo "killed $killed imports mid-way"
# A read-only command and a full import still work on a killed store.
if [ "$killed" -ge 1 ]; then
  cp "$tmp/pristine.sqlite" "$db"; rm -f "$db-wal" "$db-shm"
  "$JIEWANG" import "$db" "$tmp/graves.csv" --as graves --quiet >/dev/null 2>&1 &
  pid=$!; sleep 0.2; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
fi
"$JIEWANG" info "$db" >/dev/null 2>&1 && pass || fail "jiewang info after kill -9"
"$JIEWANG" import "$db" "$tmp/graves.csv" --as graves --replace --quiet >/dev/null 2>&1 && pass \
  || fail "import after kill -9"
n=$(sqlite3 "$db" "SELECT count(*) FROM grave")
expect_eq $(( $(cut -d' ' -f6 <<<"$before") + 100000 )) "$n" "graves after the completed import"
expect_eq ok "$(sqlite3 "$db" 'PRAGMA integrity_check')" "integrity_check after the completed import"
finish
