# sniffer-bridge: the two commands a newcomer needs are `make run` and `make test`.
# Every system package the build needs is installed here, only when missing.

SWIFT        ?= swift
CONFIG       ?= debug
BUILD_FLAGS  ?= -c $(CONFIG)
BIN           = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)/sniffer-bridge

# Debian packages the build needs (headers and pkg-config files).
BUILD_PACKAGES = libcurl4-openssl-dev libsqlite3-dev libssl-dev liblz4-dev libpq-dev pkg-config
# What the tests run beside the build: a throwaway PostgreSQL cluster
# (Tests/with-postgres.sh) for the PostgreSQL store's tests.
TEST_PACKAGES = postgresql
# The console's browser test (Tests/Browser/console_test.py): Debian's
# chromium, its WebDriver and Python's selenium, all from Debian.
BROWSER_PACKAGES = chromium chromium-driver python3-selenium fonts-dejavu-core
# Extra packages the benchmarks drive or compare against.
BENCH_PACKAGES = wrk nginx libnginx-mod-http-echo sqlite3

SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

# $(call install_missing,PACKAGES): apt-get update once, then install only the
# packages dpkg does not report as installed; says what it does either way.
define install_missing
missing=""; \
for p in $(1); do \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
done; \
if [ -z "$$missing" ]; then echo "deps: all present ($(strip $(1)))"; \
else echo "deps: installing$$missing"; \
  $(SUDO) apt-get update -q && \
  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; fi
endef

.PHONY: all deps bench-deps test-deps browser-deps test-browser console-screenshots build test run bench bench-json bench-http bench-rules bench-sniffer bench-store bench-bridge bench-storm bench-postgres bench-peers fuzz-http clean

all: build

# Installs what is missing; prints what it does; does nothing when all is there.
deps:
	@$(call install_missing,$(BUILD_PACKAGES))

bench-deps:
	@$(call install_missing,$(BENCH_PACKAGES))

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# Tests run in two passes. The suites marked `.serialized` (Swift Testing)
# open sockets, spawn processes or write the disk hard: they block threads
# while a server answers, and on a 2-core machine Swift's cooperative pool
# has 2 threads, so beside each other they starve the async handlers they
# talk to (timeouts, not bugs). They run last, one at a time. Every other
# suite is pure, in-process work and runs first, in parallel. The list is
# read from the sources: each `@Suite(... .serialized ...)` and its type.
LIVE_SUITES := $(shell awk 'FNR == 1 { suite = "" } \
	/^@Suite/ { suite = $$0; if ($$0 !~ /(struct|class) /) next } \
	suite != "" && /(struct|class) [A-Za-z0-9_]+/ { \
		if (suite ~ /\.serialized/) { match($$0, /(struct|class) [A-Za-z0-9_]+/); \
			name = substr($$0, RSTART, RLENGTH); sub(/.* /, "", name); print name } \
		suite = "" }' $$(find Tests -name '*.swift') | sort -u | paste -sd'|' -)
LIVE_FILTER = \.($(LIVE_SUITES))/

# Both passes run beside one throwaway PostgreSQL cluster (Tests/with-postgres.sh),
# stopped at the end whatever the outcome.
test: test-deps
	@test -n "$(LIVE_SUITES)" || { echo "test: no .serialized suites found under Tests/"; exit 1; }
	$(SWIFT) build --build-tests
	Tests/with-postgres.sh sh -c "$(SWIFT) test --skip-build --skip '$(LIVE_FILTER)' \
		&& $(SWIFT) test --skip-build --no-parallel --filter '$(LIVE_FILTER)'"
	/usr/bin/python3 Tests/Browser/console_test.py "$(BIN)"

# One install for all the tests need (so one `apt-get update` on a fresh machine).
test-deps:
	@$(call install_missing,$(BUILD_PACKAGES) $(TEST_PACKAGES) $(BROWSER_PACKAGES))

browser-deps:
	@$(call install_missing,$(BUILD_PACKAGES) $(BROWSER_PACKAGES))

# The admin console in chromium against a running gateway and simulator.
test-browser: browser-deps
	$(SWIFT) build $(BUILD_FLAGS)
	/usr/bin/python3 Tests/Browser/console_test.py "$(BIN)"

# The same test, saving the console's main pages as docs/console-*.png.
console-screenshots: browser-deps
	$(SWIFT) build $(BUILD_FLAGS)
	/usr/bin/python3 Tests/Browser/console_test.py "$(BIN)" docs

run: deps
	$(SWIFT) build $(BUILD_FLAGS)
	$(BIN) demo

# Benchmarks: release builds; figures and how to read them in bench/README.md.
bench: bench-json bench-http bench-rules bench-sniffer bench-store bench-bridge bench-storm bench-postgres

# The release bin folder, read when the recipe runs (after the build).
RELEASE_BIN = $$($(SWIFT) build -c release --show-bin-path)

# Self-contained benchmarks: build the product of the same name and run it.
bench-json bench-sniffer bench-store: deps
	$(SWIFT) build -c release --product $@
	$(RELEASE_BIN)/$@

bench-http: deps bench-deps
	$(SWIFT) build -c release --product bench-http
	bench/HTTPBench/run.sh $(RELEASE_BIN)/bench-http

bench-rules: deps
	$(SWIFT) build -c release --product bench-rules
	$(RELEASE_BIN)/bench-rules
	bench/malloc-count/run.sh $(RELEASE_BIN)/bench-rules

# Peers the gateway is measured against, each its own package with its own
# .build folder (the product's Package.swift names no package).
HUMMINGBIRD_PEER = bench/peers/hummingbird-receiver
PEER_BIN = $$($(SWIFT) build -c release --package-path $(HUMMINGBIRD_PEER) --show-bin-path)

POSTGRES_PEER = bench/peers/hummingbird-postgres
POSTGRES_PEER_BIN = $$($(SWIFT) build -c release --package-path $(POSTGRES_PEER) --show-bin-path)

bench-peers:
	$(SWIFT) build -c release --package-path $(HUMMINGBIRD_PEER)
	$(SWIFT) build -c release --package-path $(POSTGRES_PEER)

# The gateway: the headline is GitHub on /hooks/github (serve vs a Hummingbird
# receiver vs nginx), then ingest on /hooks/ci (fsync/os) and 20,000 events
# end to end into the simulator. RUNS, ONLY and the rest: bench/BridgeBench/README.md.
bench-bridge: deps bench-deps bench-peers
	$(SWIFT) build -c release --product sniffer-bridge
	bench/BridgeBench/run.sh $(RELEASE_BIN)/sniffer-bridge $(PEER_BIN)/hummingbird-receiver

# A failure storm: 2,000 GitHub failures of one key, coalesced, with a kill -9
# in the middle. EVENTS, COALESCE, RUNS and the checks: bench/StormBench/README.md.
bench-storm: deps bench-deps
	$(SWIFT) build -c release --product sniffer-bridge
	bench/StormBench/run.sh $(RELEASE_BIN)/sniffer-bridge

# The GitHub path on PostgreSQL against the same on SQLite, beside a throwaway
# cluster. RUNS and the figures: bench/PostgresBench/README.md.
bench-postgres: deps bench-deps test-deps bench-peers
	$(SWIFT) build -c release --product sniffer-bridge
	Tests/with-postgres.sh bench/PostgresBench/run.sh $(RELEASE_BIN)/sniffer-bridge $(POSTGRES_PEER_BIN)/hummingbird-postgres

# libFuzzer over the HTTP request parser (its files only, no sockets).
# FUZZ_SECONDS limits the run; the corpus and crashes stay under .build/fuzz.
FUZZ_SECONDS ?= 60
HTTP_PARSER_FILES = $(addprefix Sources/HTTP/,HTTPRequestParser.swift HTTPRequestParser+Configuration.swift \
	HeadParser.swift UInt8+HTTP.swift HTTPError.swift HTTPHeaders.swift HTTPRequest.swift HTTPResponse.swift \
	HTTPRequest+KeepAlive.swift)

fuzz-http:
	mkdir -p .build/fuzz/corpus
	printf 'POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\n' > .build/fuzz/corpus/chunked
	printf 'POST /h HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabcGET / HTTP/1.0\r\n\r\n' > .build/fuzz/corpus/length
	swiftc -O -sanitize=fuzzer,address -parse-as-library -package-name fuzz -module-name HTTPFuzz \
		$(HTTP_PARSER_FILES) Tests/Fuzz/HTTPFuzz/main.swift -o .build/fuzz/http-fuzz
	.build/fuzz/http-fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=1024 -artifact_prefix=.build/fuzz/ .build/fuzz/corpus

clean:
	rm -rf .build
