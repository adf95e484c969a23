#!/usr/bin/env bash
# Browser test of the web map (issue #7): builds the demo database, runs validate and coverage
# on it (exit 1 = findings, expected), starts `jiewang serve` on a free port, waits for /healthz,
# runs tests/browser/browser_test.mjs (headless Debian chromium via playwright-core, one tile
# decoded with @mapbox/vector-tile), then stops the server. Screenshots go to
# $BUILD_DIR/tests/browser (webmap.png and friends). Needs web/node_modules: `make test` runs
# scripts/build-web.sh first; run it by hand otherwise.
set -u
: "${JIEWANG:?JIEWANG must point to build/jiewang}"
here=$(cd "$(dirname "$0")" && pwd)
SOURCE_DIR=${SOURCE_DIR:-$(cd "$here/../.." && pwd)}
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build}
WEB_DIR=$SOURCE_DIR/web
OUT_DIR=$BUILD_DIR/tests/browser
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

die() { echo "FAIL: $*" >&2; echo "0 passed, 1 failed"; exit 1; }
for m in playwright-core @mapbox/vector-tile pbf maplibre-gl; do
  [ -d "$WEB_DIR/node_modules/$m" ] ||
    die "web/node_modules/$m is missing: run scripts/build-web.sh (npm ci in web/) first"
done
command -v node >/dev/null || die "node is not installed (scripts/install-deps.sh installs nodejs)"
[ -x "$CHROMIUM" ] || die "$CHROMIUM is missing (scripts/install-deps.sh installs chromium)"

mkdir -p "$OUT_DIR"
tmp=$(mktemp -d)
server_pid=""
server2_pid=""
cleanup() {
  for pid in $server_pid $server2_pid; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

db=$tmp/demo.sqlite
"$JIEWANG" demo --out "$db" >"$tmp/demo.log" 2>&1 || die "jiewang demo --out failed: $(tail -3 "$tmp/demo.log")"
"$JIEWANG" validate "$db" >"$tmp/validate.log" 2>&1
rc=$?; [ "$rc" -le 1 ] || die "jiewang validate exited $rc: $(tail -3 "$tmp/validate.log")"
"$JIEWANG" coverage "$db" >"$tmp/coverage.log" 2>&1
rc=$?; [ "$rc" -le 1 ] || die "jiewang coverage exited $rc: $(tail -3 "$tmp/coverage.log")"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$JIEWANG" serve "$db" --port "$port" >"$tmp/serve.log" 2>&1 &
server_pid=$!
base=http://127.0.0.1:$port
up=""
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "$base/healthz" 2>/dev/null; then up=1; break; fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$up" ] || die "jiewang serve did not answer $base/healthz: $(tail -5 "$tmp/serve.log")"

# A second server as an operator configures it: 审图号 and a (fake) Tianditu key.
port2=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$JIEWANG" serve "$db" --port "$port2" --map-number '鄂S(2024)001号' --tianditu-token TESTKEY \
  --title '谷城县民政地图（测试）' >"$tmp/serve2.log" 2>&1 &
server2_pid=$!
base2=http://127.0.0.1:$port2
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$base2/healthz" 2>/dev/null && break
  sleep 0.1
done

# Routes the page needs; a missing one is named here instead of as a browser error.
missing=()
for p in /map /web/app.js /web/style.js /web/app.css /web/config.json \
         /web/vendor/maplibre-gl/maplibre-gl.js /web/vendor/maplibre-gl/maplibre-gl.css \
         /tiles/jiewang.json /collections/findings/items?limit=1 \
         /collections/villages/items?limit=1 /collections/townships/items?code=420625100; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$p")
  [ "$code" = 200 ] || missing+=("$p -> HTTP $code")
done
if [ ${#missing[@]} -gt 0 ]; then
  printf 'server route missing: %s\n' "${missing[@]}" >&2
  echo "0 passed, ${#missing[@]} failed"
  exit 1
fi

echo "screenshots go to $OUT_DIR/webmap*.png"
BASE_URL=$base BASE_URL2=$base2 WEB_DIR=$WEB_DIR OUT_DIR=$OUT_DIR CHROMIUM=$CHROMIUM \
  timeout 300 node "$here/browser_test.mjs"
