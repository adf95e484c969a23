#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang, ASan and UBSan in build-fuzz/,
# replays the seed corpora and every crash regression input once, then fuzzes each target for
# SECONDS (default 30) and prints executions per target. Exits non-zero on any crash, leak,
# sanitizer report or timeout; the failing input is left in build-fuzz/artifacts/<target>/
# (keep it as tests/fuzz/regressions/<target>/<name> once the bug is fixed).
#
#   scripts/fuzz.sh                 short run, what CI does (.ci/run: 30 s per target)
#   scripts/fuzz.sh 3600            long run: one hour per target
#   scripts/fuzz.sh 600 router mvt  only some targets
#   FUZZ_JOBS=4 scripts/fuzz.sh 3600  parallel fuzzing jobs per target (libFuzzer -jobs)
#
# The working corpus grows in build-fuzz/corpus/<target>/ across runs; the seeds in
# tests/fuzz/corpus/<target>/ stay small (add an input there only when it opens new code).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
shift || true
build=${FUZZ_BUILD:-build-fuzz}
jobs=${FUZZ_JOBS:-1}
if ! command -v clang >/dev/null; then
  echo "fuzz.sh: clang is missing (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
CC=clang cmake -S . -B "$build" -DJW_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzzers >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.c; do t=$(basename "$f" .c); targets+=("${t#fuzz_}"); done
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/support/lsan.supp
summary=$build/fuzz-summary.txt
printf '%-12s %8s %12s %10s %s\n' target seconds executions exec/s "corpus(start->end)" >"$summary"
status=0
for t in "${targets[@]}"; do
  bin=$build/fuzz/fuzz_$t
  seeds=tests/fuzz/corpus/$t
  regress=tests/fuzz/regressions/$t
  work=$build/corpus/$t
  art=$build/artifacts/$t/
  mkdir -p "$work" "$art" "$seeds"
  # Replay: every seed and every past crash input once.
  replay=("$seeds")
  [ -d "$regress" ] && replay+=("$regress")
  if ! "$bin" -runs=0 -timeout=30 -rss_limit_mb=4096 "${replay[@]}" >"$build/fuzz-$t-replay.log" 2>&1; then
    echo "fuzz.sh: $t fails on a seed or regression input; see $build/fuzz-$t-replay.log" >&2
    tail -30 "$build/fuzz-$t-replay.log" >&2
    status=1
    continue
  fi
  start=$(find "$work" -type f | wc -l)
  log=$build/fuzz-$t.log
  extra=()
  [ "$jobs" -gt 1 ] && extra=(-jobs="$jobs" -workers="$jobs")
  if ! "$bin" "$work" "$seeds" -max_total_time="$secs" -timeout=30 -rss_limit_mb=4096 \
      -timeout_exitcode="${FUZZ_TIMEOUT_EXITCODE:-70}" \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$art" "${extra[@]}" >"$log" 2>&1; then
    echo "fuzz.sh: $t found a failure; input in $art, log $log" >&2
    grep -m1 -A25 'ERROR\|runtime error\|deadly signal\|timeout' "$log" >&2 || tail -40 "$log" >&2
    status=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | awk '{s+=$1} END {print s+0}')
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | awk '{s+=$1} END {print s+0}')
  end=$(find "$work" -type f | wc -l)
  printf '%-12s %8s %12s %10s %s\n' "$t" "$secs" "$execs" "$rate" "$start->$end" >>"$summary"
done
cat "$summary"
exit $status
