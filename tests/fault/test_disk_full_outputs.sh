#!/usr/bin/env bash
# Fault test (issue #9): a full disk while writing the products of validate, coverage and
# atlas (QC report HTML, JSON, GeoJSON, CSV tables, PDF/SVG/PNG maps, atlas report) gives
# exit 2 with one line naming the file and the reason, leaves no partial file and no temporary
# file, and keeps an existing file of the same name unchanged. Findings written into a store on
# the full disk leave it as before (integrity_check ok, findings count unchanged).
# The disk is a 96 KiB tmpfs (root in CI); without mount permission the file-size limit
# (ulimit -f, SIGXFSZ ignored, so writes fail with EFBIG "File too large") stands in for it.
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/fault_lib.sh"
tmp=$(mktemp -d)
disk=$tmp/disk
mounted=0
cleanup() { [ "$mounted" -eq 1 ] && umount "$disk" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
# 96 KiB of tmpfs, or else a 4 KiB file-size limit (small enough for every product).
small_disk "$disk" 96 4

demo_db "$tmp/src.sqlite" || { fail "jiewang demo failed"; finish; exit 1; }
db=$tmp/src.sqlite
holder=""
if [ "$mounted" -eq 0 ]; then
  # Under ulimit -f the store's WAL index (-shm, 32 KiB) could not be created either: keep a
  # reader connected so that it exists already, at full size, while the commands run.
  python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM meta").fetchall(); time.sleep(600)' "$db" &
  holder=$!
  for _ in $(seq 1 50); do [ -s "$db-shm" ] && break; sleep 0.1; done
fi
cleanup() { [ -n "$holder" ] && kill "$holder" 2>/dev/null; [ "$mounted" -eq 1 ] && umount "$disk" 2>/dev/null; rm -rf "$tmp"; }
# Outputs must not land in the store's folder by accident: keep an eye on it too.
"$JIEWANG" validate "$db" --no-save >/dev/null 2>&1

# An existing product of the same name that must survive a failed rewrite.
echo "previous report" >"$disk/keep.html"
old=$(sha256sum <"$disk/keep.html")
if [ "$mounted" -eq 1 ]; then # leave about 4 KiB free
  avail=$(df -k --output=avail "$disk" | tail -1)
  head -c $(( (avail - 4) * 1024 )) /dev/zero >"$disk/filler" 2>/dev/null
fi
listing() { find "$disk" -type f ! -name filler ! -name keep.html | sort; }

# run_full WHAT CMD...: CMD exits 2, one stderr line naming the disk and why, nothing left.
run_full() {
  local what=$1; shift
  local err rc
  err=$(timeout 120 "${limit[@]}" "$@" 2>&1 >/dev/null); rc=$?
  echo "$what on a full disk: exit $rc: $err"
  expect_eq 2 "$rc" "$what: exit code"
  expect_eq 1 "$(grep -c . <<<"$err")" "$what: one line on stderr"
  grep -qE "No space left on device|File too large" <<<"$err" && pass ||
    fail "$what: the message does not give the reason: $err"
  grep -qF "$disk/" <<<"$err" && pass || fail "$what: the message does not name the file: $err"
  expect_eq "" "$(listing)" "$what: files left on the disk"
  rm -f "$disk"/*.tmp-* 2>/dev/null
}

run_full "atlas PDF" "$JIEWANG" atlas "$db" --out "$disk/atlas.pdf"
run_full "atlas SVG" "$JIEWANG" atlas "$db" --out "$disk/map.svg" --format svg --units 420625101
run_full "atlas PNG" "$JIEWANG" atlas "$db" --out "$disk/map.png" --format png --units 420625101
run_full "validate --report" "$JIEWANG" validate "$db" --no-save --report "$disk/qc.html"
run_full "validate --report over an existing file" "$JIEWANG" validate "$db" --no-save --report "$disk/keep.html"
expect_eq "$old" "$(sha256sum <"$disk/keep.html")" "existing report unchanged after the failed rewrite"
run_full "validate --geojson" "$JIEWANG" validate "$db" --no-save --geojson "$disk/qc.geojson"
run_full "coverage --json" "$JIEWANG" coverage "$db" --no-save --json "$disk/coverage.json"
mkdir -p "$disk/csv"
run_full "coverage --csv" "$JIEWANG" coverage "$db" --no-save --csv "$disk/csv"

# The same commands with room to write: every product appears, complete (the checks above
# would pass for a command that never writes anything).
rm -f "$disk/filler"
if [ "$mounted" -eq 1 ]; then umount "$disk"; mount -t tmpfs -o size=64m tmpfs "$disk"; fi
"$JIEWANG" validate "$db" --no-save --report "$disk/qc.html" --geojson "$disk/qc.geojson" >/dev/null 2>&1
expect_eq 1 "$?" "validate with room: exit 1 (the demo's defects)"
grep -q "</html>" "$disk/qc.html" && pass || fail "QC report incomplete with room"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["features"]' "$disk/qc.geojson" && pass ||
  fail "findings GeoJSON unreadable with room"
mkdir -p "$disk/csv"
"$JIEWANG" coverage "$db" --no-save --csv "$disk/csv" --json "$disk/coverage.json" >/dev/null 2>&1
expect_eq 290 "$(($(wc -l <"$disk/csv/village_coverage.csv") - 1))" "village_coverage.csv rows with room"
"$JIEWANG" atlas "$db" --out "$disk/atlas.pdf" >/dev/null 2>&1 && pass || fail "atlas with room"
[ "$(head -c 5 "$disk/atlas.pdf")" = "%PDF-" ] && tail -c 8 "$disk/atlas.pdf" | grep -q "%%EOF" && pass ||
  fail "atlas PDF incomplete with room"
expect_eq "" "$(find "$disk" -name '*.tmp-*')" "no temporary files with room"
rm -rf "${disk:?}"/*

# Findings saved into a store that sits on the full disk: refused, store as before.
if [ "$mounted" -eq 1 ]; then
  umount "$disk"; mount -t tmpfs -o size=$(( $(stat -c %s "$db") / 1024 + 600 ))k tmpfs "$disk"
  cp "$db" "$disk/g.sqlite"
  before=$(sqlite3 "$disk/g.sqlite" "SELECT count(*) FROM finding")
  # Room for the WAL index (-shm, 32 KiB) and a few pages, not for the findings.
  avail=$(df -k --output=avail "$disk" | tail -1)
  head -c $(( (avail - 48) * 1024 )) /dev/zero >"$disk/filler" 2>/dev/null
  err=$("$JIEWANG" validate "$disk/g.sqlite" 2>&1 >/dev/null); rc=$?
  echo "validate saving findings on a full disk: exit $rc: $(tail -1 <<<"$err")"
  expect_eq 2 "$rc" "validate saving on a full disk: exit code"
  grep -qiE "full|space" <<<"$err" && pass || fail "validate saving: message lacks the reason: $err"
  rm -f "$disk/filler"
  expect_eq ok "$(sqlite3 "$disk/g.sqlite" 'PRAGMA integrity_check')" "store integrity after validate on a full disk"
  expect_eq "$before" "$(sqlite3 "$disk/g.sqlite" "SELECT count(*) FROM finding")" "findings unchanged after validate on a full disk"
else
  echo "SKIP: store on a full disk needs a tmpfs mount (not permitted here)"
fi
finish
