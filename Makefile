# sniffer-bridge: the two commands a newcomer needs are `make run` and `make test`.
# Every system package the build needs is installed here, only when missing.

SWIFT        ?= swift
CONFIG       ?= debug
BUILD_FLAGS  ?= -c $(CONFIG)
BIN           = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)/sniffer-bridge

# Debian packages the build needs (headers and pkg-config files).
BUILD_PACKAGES = libcurl4-openssl-dev libsqlite3-dev libssl-dev pkg-config
# Extra packages the benchmarks drive or compare against.
BENCH_PACKAGES = wrk nginx libnginx-mod-http-echo

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

.PHONY: all deps bench-deps build test run bench clean

all: build

# Installs what is missing; prints what it does; does nothing when all is there.
deps:
	@$(call install_missing,$(BUILD_PACKAGES))

bench-deps:
	@$(call install_missing,$(BENCH_PACKAGES))

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

run: deps
	$(SWIFT) build $(BUILD_FLAGS)
	$(BIN) demo

bench: deps bench-deps
	bench/run-all

clean:
	rm -rf .build
