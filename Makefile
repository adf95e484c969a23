# The two commands of the README:
#   make demo   install what is missing, build, make the 谷城县 demo database, validate it,
#               run the coverage analysis and serve it at http://127.0.0.1:8080/ (Ctrl-C stops)
#   make check  install what is missing, build with -Werror and run every test (ctest),
#               then the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
# Other targets: build, test, asan, fuzz, bench, clean.
#   make fuzz                     libFuzzer targets in build-fuzz/, FUZZ_SECONDS (30) each
#   make fuzz FUZZ_SECONDS=3600   the long run (README.md (Reliability and security))
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 30
# Integration tests fast enough to run again with the sanitizer build of jiewang.
ASAN_INTEGRATION ?= ^(fault_test_bad_db|fault_test_kill_import|fault_test_serve_during_import|security_test_security)$$
DEMO_DB ?= $(BUILD)/gucheng.sqlite

.PHONY: all deps build test check asan fuzz demo bench clean web

all: build

deps:
	./scripts/install-deps.sh

web:
	./scripts/build-web.sh

build: deps
	cmake -S . -B $(BUILD) -DJW_WERROR=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

test: build web
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DJW_WERROR=ON -DJW_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) -L unit
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/support/lsan.supp \
	  ctest --output-on-failure -j $(JOBS) -R '$(ASAN_INTEGRATION)'

fuzz: deps
	./scripts/fuzz.sh $(FUZZ_SECONDS)

check: test asan

demo: build web
	$(BUILD)/jiewang demo --out $(DEMO_DB) --force
	-$(BUILD)/jiewang validate $(DEMO_DB)
	-$(BUILD)/jiewang coverage $(DEMO_DB)
	$(BUILD)/jiewang serve $(DEMO_DB) --port 8080

bench: build
	./bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
