#!/usr/bin/env bash
# Installs the Debian 12 packages jiewang needs to build, test and run, if any is missing.
# Idempotent: does nothing when everything is present. Needs root (or sudo) to install.
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config git
  libgeos-dev libproj-dev proj-bin libgdal-dev gdal-bin
  libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite spatialite-bin
  libmicrohttpd-dev check libjansson-dev libsodium-dev zlib1g-dev
  libprotobuf-c-dev protobuf-c-compiler
  libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils
  curl ca-certificates
  chromium nodejs nginx-light wrk time jq
  clang libclang-rt-14-dev valgrind
)
# Extra packages a caller asks for (e.g. chromium nodejs npm for the browser test).
PKGS+=("$@")
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
