# Shell helpers for integration tests (sourced). $JIEWANG is the binary under test.
: "${JIEWANG:?JIEWANG must point to build/jiewang}"
n_pass=0
n_fail=0
fail() { echo "FAIL: $*" >&2; n_fail=$((n_fail + 1)); }
pass() { n_pass=$((n_pass + 1)); }
# expect_fail CODE SUBSTRING CMD...: CMD exits CODE, stderr is one line containing SUBSTRING.
expect_fail() {
  local want=$1 substr=$2; shift 2
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne "$want" ]; then fail "$* exited $rc, want $want ($err)"; return; fi
  if ! grep -qF -- "$substr" <<<"$err"; then fail "$*: stderr '$err' lacks '$substr'"; return; fi
  if [ "$(grep -c . <<<"$err")" -ne 1 ]; then fail "$*: stderr is not one line: $err"; return; fi
  pass
}
# expect_eq WANT GOT WHAT
expect_eq() { if [ "$1" = "$2" ]; then pass; else fail "$3: want '$1', got '$2'"; fi; }
finish() {
  echo "$n_pass passed, $n_fail failed"
  [ "$n_fail" -eq 0 ]
}
