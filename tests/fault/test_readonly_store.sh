#!/usr/bin/env bash
# Fault test (issue #9, README R7): a store this user cannot write is still read by the reading
# commands (info, export, validate --no-save, coverage --no-save, findings list, token list,
# atlas, serve with an HTTP request for /collections and one tile), and refused by the writing
# commands (import, validate, coverage, findings accept, token add) with exit 2 and one line
# "store '…' is read-only (…): cannot write to it". The store stays byte-identical and nothing
# (no -wal, no -shm) is created next to it.
# Cases: file and folder not writable; file not writable in a writable folder; folder not
# writable; a store copied with its -wal and -shm (changes only in the WAL must be seen); a -wal
# without its -shm (refused); a read-only mount (tmpfs remounted ro, in a private mount
# namespace: as root with `unshare -m`, otherwise with `unshare -rm` when user namespaces are
# allowed). Root ignores file modes, so as root the permission cases run as user nobody
# (setpriv); each case that cannot be set up is skipped with the reason printed.
set -u
. "$(dirname "$0")/../support/lib.sh"
. "$(dirname "$0")/fault_lib.sh"

# Inner mode: the read-only mount case, run by the outer script inside a new mount namespace.
if [ "${1:-}" = --mount-case ]; then
  tmp=$2
  disk=$tmp/disk
  mkdir -p "$disk"
  mount -t tmpfs -o size=16m tmpfs "$disk" || { echo "skip: mount tmpfs failed"; exit 77; }
  cp "$tmp/good.sqlite" "$disk/ro.sqlite"
  # In a user namespace only the mount (not the file system) can be made read-only.
  mount -o remount,ro "$disk" 2>/dev/null || mount -o remount,bind,ro "$disk" ||
    { echo "skip: remount ro failed"; exit 77; }
  touch "$disk/probe" 2>/dev/null && { echo "skip: the mount is still writable"; exit 77; }
  before=$(sha256sum <"$disk/ro.sqlite")
  expect_eq 0 "$(timeout 60 "$JIEWANG" info "$disk/ro.sqlite" >/dev/null 2>"$tmp/m.err"; echo $?)" \
    "info on a read-only mount ($(head -c 200 "$tmp/m.err"))"
  rm -f "$tmp/m.geojson"
  timeout 60 "$JIEWANG" export "$disk/ro.sqlite" --kind villages --format GeoJSON \
    --out "$tmp/m.geojson" >/dev/null 2>&1
  expect_eq "$N_VILLAGES" "$(jq '.features | length' "$tmp/m.geojson" 2>/dev/null)" \
    "villages exported from a read-only mount"
  port=$(free_port)
  "$JIEWANG" serve "$disk/ro.sqlite" --port "$port" --quiet >/dev/null 2>"$tmp/m.serve.err" &
  pid=$!
  for _ in $(seq 1 150); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.1
  done
  expect_eq 200 "$(http_code "http://127.0.0.1:$port/collections/villages/items?limit=1")" \
    "serve from a read-only mount: villages items ($(head -c 200 "$tmp/m.serve.err"))"
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  expect_fail 2 "is read-only (read-only file system): cannot write to it" \
    "$JIEWANG" import "$disk/ro.sqlite" "$tmp/g.csv" --as graves --quiet
  expect_fail 2 "is read-only (read-only file system): cannot write to it" \
    "$JIEWANG" token add "$disk/ro.sqlite" x
  expect_eq "$before" "$(sha256sum <"$disk/ro.sqlite")" "store on a read-only mount unchanged"
  expect_eq "ro.sqlite" "$(ls "$disk")" "nothing created on the read-only mount"
  umount "$disk"
  finish
  exit
fi

tmp=$(mktemp -d)
srv=""
cleanup() {
  [ -n "$srv" ] && kill "$srv" 2>/dev/null
  chmod -R u+w "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
chmod 755 "$tmp"
demo_db "$tmp/good.sqlite" || { fail "jiewang demo failed"; finish; exit 1; }
printf 'owner,village_code,lon,lat\n张某,420625100201,111.6,32.25\n' >"$tmp/g.csv"
chmod 644 "$tmp/g.csv"
# Expected values, read with the sqlite3 tool from the writable copy (not with jiewang).
N_VILLAGES=$(sqlite3 "$tmp/good.sqlite" "SELECT count(*) FROM admin_unit WHERE level='village'")
export N_VILLAGES
[ "$N_VILLAGES" -gt 0 ] || { fail "no villages in the demo store"; finish; exit 1; }
# Outputs go to a folder every runner can write.
mkdir -p "$tmp/out"; chmod 777 "$tmp/out"

# Permission cases need a user that file modes apply to: as root, nobody.
run=()
perm_ok=1
if [ "$(id -u)" -eq 0 ]; then
  if setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$JIEWANG" 2>/dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$tmp/good.sqlite" 2>/dev/null; then
    run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    perm_ok=0
    echo "skip: permission cases (running as root and user nobody cannot run $JIEWANG or reach $tmp)"
  fi
fi
runner_uid=$("${run[@]}" id -u)
# own_by_runner PATH...: the runner owns PATH (as root: nobody; otherwise already the user).
own_by_runner() { [ "$(id -u)" -eq 0 ] && chown "$runner_uid" "$@"; return 0; }

# listing DIR: names and sizes of the files in DIR (to see that nothing was created or grew).
listing() { (cd "$1" && find . -maxdepth 1 -type f -printf '%f %s\n' | sort); }
# jrun ARGS...: jiewang as the runner, bounded.
jrun() { timeout 120 "${run[@]}" "$JIEWANG" "$@"; }
# expect_exit CODES WHAT CMD...: CMD's exit code is one of CODES (space separated).
expect_exit() {
  local codes=$1 what=$2; shift 2
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  case " $codes " in
    *" $rc "*) pass ;;
    *) fail "$what: exit $rc, want one of $codes: $(head -c 300 <<<"$err")" ;;
  esac
}

# reading DB: the reading commands work on DB (exit 0, or 1 for validate/coverage findings).
reading() {
  local db=$1 tag=$2
  expect_exit 0 "$tag: info" jrun info "$db"
  rm -f "$tmp/out/v.geojson"
  expect_exit 0 "$tag: export" jrun export "$db" --kind villages --format GeoJSON \
    --out "$tmp/out/v.geojson"
  expect_eq "$N_VILLAGES" "$(jq '.features | length' "$tmp/out/v.geojson" 2>/dev/null)" \
    "$tag: villages exported"
  expect_exit "0 1" "$tag: validate --no-save" jrun validate "$db" --no-save
  expect_exit "0 1" "$tag: coverage --no-save" jrun coverage "$db" --no-save
  expect_exit 0 "$tag: findings list" jrun findings list "$db"
  expect_exit 0 "$tag: token list" jrun token list "$db"
}
# writing DB WHY: every writing command exits 2 with one line saying the store is read-only.
writing() {
  local db=$1 why=$2
  local want="store '$db' is read-only ($why): cannot write to it"
  expect_fail 2 "$want" jrun import "$db" "$tmp/g.csv" --as graves --quiet
  expect_fail 2 "$want" jrun validate "$db"
  expect_fail 2 "$want" jrun coverage "$db"
  expect_fail 2 "$want" jrun findings accept "$db" 1 --reason "只读测试"
  expect_fail 2 "$want" jrun token add "$db" x
}
# serve_checks DB TAG: serve DB as the runner; /collections lists villages, a tile is a
# non-empty MVT that GDAL reads with a villages layer.
serve_checks() {
  local db=$1 tag=$2 port
  port=$(free_port)
  "${run[@]}" "$JIEWANG" serve "$db" --port "$port" --quiet >/dev/null 2>"$tmp/serve.err" &
  srv=$!
  local up=0
  for _ in $(seq 1 150); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && { up=1; break; }
    kill -0 "$srv" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$up" -eq 1 ]; then
    pass
    curl -s -o "$tmp/c.json" "http://127.0.0.1:$port/collections"
    expect_eq true "$(jq '[.collections[].id] | index("villages") != null' "$tmp/c.json" 2>/dev/null)" \
      "$tag: /collections lists villages"
    # Tile 10/829/415 covers part of the county (as in tests/server/test_serve.sh).
    expect_eq 200 "$(curl -s -o "$tmp/t.mvt" -w '%{http_code}' \
      "http://127.0.0.1:$port/tiles/jiewang/10/829/415.mvt")" "$tag: tile status"
    ogrinfo -ro -q "$tmp/t.mvt" 2>/dev/null | grep -q villages && pass ||
      fail "$tag: the tile has no villages layer"
  else
    fail "$tag: serve did not start: $(head -c 300 "$tmp/serve.err")"
  fi
  kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
  srv=""
}

if [ "$perm_ok" -eq 1 ]; then
  # --- 1. file and folder not writable (a checkpointed store: no -wal, no -shm) -------------
  d=$tmp/ro; mkdir "$d"; cp "$tmp/good.sqlite" "$d/store.sqlite"
  chmod 444 "$d/store.sqlite"; chmod 555 "$d"
  before=$(sha256sum <"$d/store.sqlite"); files=$(listing "$d")
  reading "$d/store.sqlite" "ro file, ro folder"
  rm -f "$tmp/out/a.pdf"
  expect_exit 0 "ro file, ro folder: atlas" jrun atlas "$d/store.sqlite" --out "$tmp/out/a.pdf"
  [ -s "$tmp/out/a.pdf" ] && pass || fail "ro file, ro folder: atlas wrote no PDF"
  serve_checks "$d/store.sqlite" "ro file, ro folder"
  writing "$d/store.sqlite" "file not writable"
  expect_eq "$before" "$(sha256sum <"$d/store.sqlite")" "ro file, ro folder: store unchanged"
  expect_eq "$files" "$(listing "$d")" "ro file, ro folder: no file created"

  # --- 2. file not writable, folder writable: reading must not leave -wal/-shm files --------
  # (they would belong to this user and lock the store's owner out of writing)
  d=$tmp/rofile; mkdir "$d"; cp "$tmp/good.sqlite" "$d/store.sqlite"
  chmod 444 "$d/store.sqlite"; own_by_runner "$d"
  before=$(sha256sum <"$d/store.sqlite"); files=$(listing "$d")
  reading "$d/store.sqlite" "ro file, rw folder"
  serve_checks "$d/store.sqlite" "ro file, rw folder"
  writing "$d/store.sqlite" "file not writable"
  expect_eq "$before" "$(sha256sum <"$d/store.sqlite")" "ro file, rw folder: store unchanged"
  expect_eq "$files" "$(listing "$d")" "ro file, rw folder: no -wal/-shm left"

  # --- 3. file writable, folder not (SQLite could not create the -wal it writes to) --------
  d=$tmp/rodir; mkdir "$d"; cp "$tmp/good.sqlite" "$d/store.sqlite"
  chmod 644 "$d/store.sqlite"; own_by_runner "$d/store.sqlite"; chmod 555 "$d"
  before=$(sha256sum <"$d/store.sqlite"); files=$(listing "$d")
  expect_exit 0 "rw file, ro folder: info" jrun info "$d/store.sqlite"
  writing "$d/store.sqlite" "folder not writable"
  expect_eq "$before" "$(sha256sum <"$d/store.sqlite")" "rw file, ro folder: store unchanged"
  expect_eq "$files" "$(listing "$d")" "rw file, ro folder: no file created"

  # --- 4. a store copied with its -wal and -shm: a change only in the WAL is read ----------
  cp "$tmp/good.sqlite" "$tmp/w.sqlite"
  d=$tmp/rowal; mkdir "$d"
  python3 - "$tmp/w.sqlite" "$d/store.sqlite" <<'PY' || fail "could not build the WAL copy"
import shutil, sqlite3, sys
src, dst = sys.argv[1], sys.argv[2]
c = sqlite3.connect(src)
c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("UPDATE admin_unit SET name='只在WAL中' WHERE code="
          "(SELECT min(code) FROM admin_unit WHERE level='village')")
c.commit()
for suffix in ("", "-wal", "-shm"):  # copied while the writer is open: the change is in -wal
    shutil.copy(src + suffix, dst + suffix)
c.close()
PY
  chmod 444 "$d"/store.sqlite*; chmod 555 "$d"
  before=$(cat "$d"/store.sqlite* | sha256sum); files=$(listing "$d")
  expect_eq 3 "$(ls "$d" | wc -l)" "WAL copy has -wal and -shm"
  rm -f "$tmp/out/w.geojson"
  expect_exit 0 "ro WAL copy: export" jrun export "$d/store.sqlite" --kind villages \
    --format GeoJSON --out "$tmp/out/w.geojson"
  expect_eq 1 "$(jq '[.features[] | select(.properties.name == "只在WAL中")] | length' \
    "$tmp/out/w.geojson" 2>/dev/null)" "ro WAL copy: the change held only in the -wal is read"
  serve_checks "$d/store.sqlite" "ro WAL copy"
  expect_fail 2 "store '$d/store.sqlite' is read-only (file not writable): cannot write to it" \
    jrun import "$d/store.sqlite" "$tmp/g.csv" --as graves --quiet
  expect_eq "$before" "$(cat "$d"/store.sqlite* | sha256sum)" "ro WAL copy: files unchanged"
  expect_eq "$files" "$(listing "$d")" "ro WAL copy: no file created"

  # --- 5. a -wal without its -shm in a read-only folder: refused, not read stale -----------
  d2=$tmp/rowalonly; mkdir "$d2"
  cp "$d/store.sqlite" "$d/store.sqlite-wal" "$d2/"
  chmod 444 "$d2"/store.sqlite*; chmod 555 "$d2"
  files=$(listing "$d2")
  for c in info "export --kind villages --format GeoJSON --out $tmp/out/x.geojson" \
    "serve --port 0"; do
    # shellcheck disable=SC2086
    set -- $c
    sub=$1; shift
    expect_fail 2 "store '$d2/store.sqlite' is read-only and its -wal file holds changes" \
      jrun "$sub" "$d2/store.sqlite" "$@"
  done
  expect_eq "$files" "$(listing "$d2")" "-wal without -shm: no file created"
fi

# --- 6. a read-only mount, in a private mount namespace ---------------------------------------
chmod 644 "$tmp/good.sqlite"
if [ "$(id -u)" -eq 0 ]; then ns=(unshare -m); else ns=(unshare -rm); fi
if ! "${ns[@]}" true 2>/dev/null; then
  echo "skip: read-only mount case (${ns[*]} not permitted here)"
else
  out=$("${ns[@]}" env N_VILLAGES="$N_VILLAGES" bash "$0" --mount-case "$tmp" 2>&1)
  rc=$?
  echo "read-only mount case: $(tail -1 <<<"$out")"
  if [ "$rc" -eq 77 ]; then
    echo "$out"
  elif [ "$rc" -eq 0 ]; then
    pass
  else
    fail "read-only mount case: $out"
  fi
fi
finish
