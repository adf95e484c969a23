#!/usr/bin/env bash
# Integration test: the real binary's CLI errors are one line, name the thing and exit 2, and
# write nothing.
set -u
. "$(dirname "$0")/../support/lib.sh"

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

expect_fail 2 "unknown command 'frobnicate'" "$JIEWANG" frobnicate
expect_fail 2 "does not exist" "$JIEWANG" info "$tmp/missing.sqlite"
[ ! -e "$tmp/missing.sqlite" ] || fail "info created a missing database"
echo "not a database" > "$tmp/garbage.sqlite"
before=$(sha256sum "$tmp/garbage.sqlite")
expect_fail 2 "is not a SQLite database" "$JIEWANG" info "$tmp/garbage.sqlite"
[ "$before" = "$(sha256sum "$tmp/garbage.sqlite")" ] || fail "garbage file was modified"
sqlite3 "$tmp/foreign.sqlite" "CREATE TABLE t(a); INSERT INTO t VALUES (1);"
expect_fail 2 "not a jiewang store" "$JIEWANG" info "$tmp/foreign.sqlite"
expect_fail 2 "unknown option '--bogus'" "$JIEWANG" info --bogus "$tmp/foreign.sqlite"
expect_fail 2 "expected one database path" "$JIEWANG" info
: > "$tmp/empty.sqlite"
expect_fail 2 "is empty, not a jiewang store" "$JIEWANG" info "$tmp/empty.sqlite"

"$JIEWANG" --help | grep -q "Usage: jiewang COMMAND" || fail "--help lacks usage"
"$JIEWANG" help info | grep -q "Usage: jiewang info DB" || fail "help info lacks usage"
"$JIEWANG" info --help | grep -q "Usage: jiewang info DB" || fail "info --help lacks usage"
"$JIEWANG" version | grep -q "^jiewang " || fail "version"
finish
