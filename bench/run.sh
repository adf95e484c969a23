#!/usr/bin/env bash
# Benchmark entry point: builds jiewang (Release), runs every bench/<topic>.sh (each bounded in
# time, loopback only, measuring its peers in the same run and writing bench/results/<topic>.md),
# then concatenates the sections into bench/RESULTS.md with the machine description.
# Usage: bench/run.sh [topic ...]     (default: all topics)
#        bench/run.sh --collect          only rebuild RESULTS.md from bench/results/*.md
# Benchmarks are not tests: they are never run by `make check`.
set -euo pipefail
cd "$(dirname "$0")/.."
collect_only=0
if [ "${1:-}" = "--collect" ]; then collect_only=1; shift; fi
export BENCH_BUILD=${BENCH_BUILD:-build-bench}
if [ "$collect_only" -eq 0 ]; then
cmake -S . -B "$BENCH_BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BENCH_BUILD" -j "$(nproc)" >/dev/null
export JIEWANG="$PWD/$BENCH_BUILD/jiewang"
mkdir -p bench/results bench/out
topics=("$@")
if [ ${#topics[@]} -eq 0 ]; then
  for f in bench/*.sh; do
    t=$(basename "$f" .sh)
    [ "$t" = run ] || topics+=("$t")
  done
fi
for t in "${topics[@]}"; do
  echo "== bench/$t.sh" >&2
  if ! bash "bench/$t.sh"; then
    echo "bench/$t.sh failed" >&2
    printf '## %s\n\nThe benchmark script failed in this run.\n' "$t" > "bench/results/$t.md"
  fi
done
fi
{
  echo "# jiewang benchmark results"
  echo
  echo "Assembled by \`bench/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) from bench/results/*.md; each"
  echo "section states when and with which command it was measured."
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), Debian $(cat /etc/debian_version)."
  echo "Build: each section names the build it used (CMake RelWithDebInfo, -O2 -g, unless it says otherwise)."
  echo
  for f in bench/results/*.md; do
    cat "$f"
    echo
  done
} > bench/RESULTS.md
echo "wrote bench/RESULTS.md" >&2
