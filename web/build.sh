#!/usr/bin/env bash
# Build step of the web map, run by scripts/build-web.sh after `npm ci`.
#
# Nothing is generated: MapLibre is served straight from node_modules/maplibre-gl/dist
# (the server maps /web/vendor/maplibre-gl/<file> there), and labels are drawn with the
# browser's local fonts (the style has no "glyphs" URL, so MapLibre renders every glyph
# locally with TinySDF; see README.md (The web map) "Chinese labels offline"). This script only
# checks that what the page loads is present, so a broken install fails at build time.
set -euo pipefail
cd "$(dirname "$0")"
dist=node_modules/maplibre-gl/dist
for f in maplibre-gl.js maplibre-gl.css; do
  if [ ! -s "$dist/$f" ]; then
    echo "web/build.sh: $dist/$f is missing; run scripts/build-web.sh (npm ci)" >&2
    exit 2
  fi
done
want=$(node -p "require('./package.json').dependencies['maplibre-gl']")
have=$(node -p "require('./node_modules/maplibre-gl/package.json').version")
if [ "$want" != "$have" ]; then
  echo "web/build.sh: maplibre-gl $have installed but package.json pins $want; run npm ci" >&2
  exit 2
fi
