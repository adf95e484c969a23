#!/usr/bin/env bash
# Fault test (issue #9): a store that is garbage, truncated, empty, a few bytes or missing gives
# every command (info, validate, coverage, findings, token, export, import, atlas, serve) a
# clear one-line error naming the file on stderr and exit code 2, and leaves the file
# byte-identical. A store the user cannot write gives the writing commands (import, validate,
# coverage, token add, findings accept) such an error ("is read-only"); it is tested as user
# nobody when run as root (root ignores file modes); its reading commands are tested by
# test_readonly_store.sh. The messages are collected in README.md (Reliability and security)
# (bad-input catalogue).
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/fault_lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
demo_db "$tmp/good.sqlite" || { fail "jiewang demo failed"; finish; exit 1; }
printf 'owner,village_code,lon,lat\n张某,420625100201,111.6,32.25\n' >"$tmp/g.csv"

head -c 65536 /dev/urandom >"$tmp/garbage.sqlite"
head -c 40960 "$tmp/good.sqlite" >"$tmp/truncated.sqlite"
printf 'hello' >"$tmp/tiny.sqlite"
: >"$tmp/empty.sqlite"
# A SQLite file that is not a jiewang store.
sqlite3 "$tmp/other.sqlite" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"

# fingerprint DB: the file's bytes, except for a valid SQLite file that is not a jiewang store,
# whose content (.dump) counts: writing commands switch it to WAL mode before refusing it
# (header bytes 18-19; open finding R2 in README.md (Reliability and security)), which changes no data.
fingerprint() {
  case $1 in
    */other.sqlite) sqlite3 "$1" .dump | sha256sum ;;
    *) sha256sum <"$1" 2>/dev/null ;;
  esac
}
# run_all DB WANT_SUBSTR [RUNNER...]: every command on DB exits 2 with one line containing
# WANT_SUBSTR, and DB is unchanged.
run_all() {
  local db=$1 want=$2; shift 2
  local before; before=$(fingerprint "$db")
  local cmds=(
    "info $db" "validate $db" "coverage $db" "findings list $db" "token list $db"
    "token add $db x" "export $db --kind villages --format GeoJSON --out $tmp/out.geojson"
    "import $db $tmp/g.csv --as graves --quiet" "atlas $db --out $tmp/out.pdf"
    "serve $db --port 0 --quiet")
  local c
  for c in "${cmds[@]}"; do
    # shellcheck disable=SC2086
    expect_fail 2 "$want" timeout 60 "$@" "$JIEWANG" $c
  done
  [ -e "$tmp/out.geojson" ] && fail "$db: export left $tmp/out.geojson" && rm -f "$tmp/out.geojson"
  [ -e "$tmp/out.pdf" ] && fail "$db: atlas left $tmp/out.pdf" && rm -f "$tmp/out.pdf"
  expect_eq "$before" "$(fingerprint "$db")" "$db unchanged"
}
run_all "$tmp/garbage.sqlite" "garbage.sqlite"
run_all "$tmp/truncated.sqlite" "truncated.sqlite"
run_all "$tmp/tiny.sqlite" "tiny.sqlite"
run_all "$tmp/other.sqlite" "other.sqlite"
# An empty file: import initialises it (as for a missing file); every other command refuses.
for c in "info" "validate" "coverage" "export --kind villages --format GeoJSON --out $tmp/e.geojson" "serve --port 0"; do
  set -- $c
  sub=$1; shift
  expect_fail 2 "empty.sqlite" "$JIEWANG" "$sub" "$tmp/empty.sqlite" "$@"
done
# A missing file: every command but import refuses (import creates the store).
for c in "info" "validate" "coverage" "atlas --out $tmp/m.pdf" "serve --port 0"; do
  set -- $c
  sub=$1; shift
  expect_fail 2 "missing.sqlite" "$JIEWANG" "$sub" "$tmp/missing.sqlite" "$@"
done
[ -e "$tmp/missing.sqlite" ] && fail "a command created missing.sqlite"

# Not writable by the user: as root, run as nobody (the binary must be reachable by nobody).
cp "$tmp/good.sqlite" "$tmp/ro.sqlite"
chmod 444 "$tmp/ro.sqlite"
runner=()
if [ "$(id -u)" -eq 0 ]; then
  if setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$JIEWANG" 2>/dev/null; then
    runner=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    echo "skip: read-only store (user nobody cannot run $JIEWANG)"
  fi
fi
# Reading commands work on it (tests/fault/test_readonly_store.sh); the writing ones exit 2 with
# one line saying so, before touching it (README R7).
if [ "$(id -u)" -ne 0 ] || [ ${#runner[@]} -gt 0 ]; then
  chmod 555 "$tmp"
  before=$(fingerprint "$tmp/ro.sqlite")
  for c in "import $tmp/ro.sqlite $tmp/g.csv --as graves --quiet" "validate $tmp/ro.sqlite" \
    "coverage $tmp/ro.sqlite" "token add $tmp/ro.sqlite x" \
    "findings accept $tmp/ro.sqlite 1 --reason x"; do
    # shellcheck disable=SC2086
    expect_fail 2 "store '$tmp/ro.sqlite' is read-only (file not writable): cannot write to it" \
      timeout 60 "${runner[@]}" "$JIEWANG" $c
  done
  expect_eq "$before" "$(fingerprint "$tmp/ro.sqlite")" "ro.sqlite unchanged"
  expect_eq "g.csv good.sqlite ro.sqlite" "$(cd "$tmp" && ls ro.sqlite* good.sqlite g.csv | sort | xargs)" \
    "nothing created next to ro.sqlite"
  chmod 755 "$tmp"
fi
finish
