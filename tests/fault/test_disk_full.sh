#!/usr/bin/env bash
# Fault test (issue #9): a full disk during `jiewang import` gives exit 2 with one line naming
# the store and leaves it as before (integrity_check ok, counts unchanged); during
# `jiewang export` it gives exit 2 and leaves no partial output file. The disk is a 6 MiB tmpfs
# (we run as root in CI); without mount permission the file-size limit (ulimit -f, SIGXFSZ
# ignored so writes fail with EFBIG) stands in for it.
# The known open bug R4 (README.md (Reliability and security)) is printed as KNOWN-BUG and fails only with
# JW_STRICT_KNOWN=1: a KML export to a full disk does not finish. (R3, GeoJSON exiting 0 with
# a truncated file, was fixed in 8f1730f and is asserted.)
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/fault_lib.sh"
tmp=$(mktemp -d)
disk=$tmp/disk
mounted=0
cleanup() { [ "$mounted" -eq 1 ] && umount "$disk" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$disk"
if mount -t tmpfs -o size=6m tmpfs "$disk" 2>/dev/null; then
  mounted=1
  limit=()
  echo "disk: 6 MiB tmpfs at $disk"
else
  # RLIMIT_FSIZE in KiB: writes past it fail with EFBIG like a full disk.
  limit=(bash -c 'trap "" XFSZ; ulimit -f 6144; exec "$@"' limit)
  echo "disk: mount not permitted; ulimit -f 6144 instead"
fi
known() {
  if [ "${JW_STRICT_KNOWN:-0}" = 1 ]; then fail "$*"; else echo "KNOWN-BUG: $*"; fi
}

demo_db "$tmp/src.sqlite" || { fail "jiewang demo failed"; finish; exit 1; }
big_graves_csv "$tmp/src.sqlite" "$tmp/graves.csv" 60000 || { fail "graves CSV"; finish; exit 1; }

# --- import into a store on the full disk ----------------------------------------------------
cp "$tmp/src.sqlite" "$disk/g.sqlite"
before=$(counts "$disk/g.sqlite")
expect_fail 2 "g.sqlite" "${limit[@]}" "$JIEWANG" import "$disk/g.sqlite" "$tmp/graves.csv" --as graves --quiet
err=$("${limit[@]}" "$JIEWANG" import "$disk/g.sqlite" "$tmp/graves.csv" --as graves --quiet 2>&1 >/dev/null)
grep -qiE "full|space|too large" <<<"$err" && pass || fail "import error does not say the disk is full: $err"
echo "import on a full disk: $err"
expect_eq ok "$(sqlite3 "$disk/g.sqlite" 'PRAGMA integrity_check')" "integrity_check after full disk"
expect_eq "$before" "$(counts "$disk/g.sqlite")" "counts after full disk"
rm -f "$disk"/g.sqlite*

# --- exports onto the full disk: leave about 100 KiB free ------------------------------------
if [ "$mounted" -eq 1 ]; then
  avail=$(df -k --output=avail "$disk" | tail -1)
  head -c $(( (avail - 100) * 1024 )) /dev/zero >"$disk/filler" 2>/dev/null
fi
for f in GPKG "ESRI Shapefile" GeoJSON CSV KML; do
  case $f in GPKG) ext=gpkg ;; "ESRI Shapefile") ext=shp ;; GeoJSON) ext=geojson ;;
    CSV) ext=csv ;; KML) ext=kml ;; esac
  out=$disk/graves.$ext
  err=$(timeout 15 "${limit[@]}" "$JIEWANG" export "$tmp/src.sqlite" --kind graves --format "$f" --out "$out" 2>&1 >/dev/null)
  rc=$?
  left=$(find "$disk" -name "graves.*" | wc -l)
  echo "export $f on a full disk: exit $rc: $err"
  if [ "$rc" -eq 2 ] && [ "$left" -eq 0 ] && [ "$(grep -c . <<<"$err")" -eq 1 ]; then
    pass
  elif [ "$f" = KML ]; then
    known "export $f on a full disk: exit $rc, $left output file(s) left"
  else
    fail "export $f on a full disk: exit $rc, $left output file(s) left: $err"
  fi
  rm -f "$disk"/graves.*
done
finish
