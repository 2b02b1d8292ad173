# ra6c — see README.md. Every target installs what it needs on a fresh
# Debian bookworm machine (as root) before it runs.

CARGO ?= cargo
RELEASE_BIN := target/release/ra6c
SHELL := /bin/bash

.PHONY: all build release demo check deps deps-lab deps-vm deps-cross \
	fmt-check clippy unit lab vm patches-check cross ipk pkg-test qemu-test \
	shellcheck bench fuzz fuzz-smoke clean

all: release

build:
	$(CARGO) build

release:
	$(CARGO) build --release

# --- the two commands in README -------------------------------------------

demo: deps-lab release
	demo/demo.sh $(RELEASE_BIN)

check: deps fmt-check clippy unit lab
	@echo "make check: all passed"

# --- dependencies ----------------------------------------------------------

deps: deps-lab

deps-lab:
	tests/lab/deps.sh

# --- checks ----------------------------------------------------------------

fmt-check:
	$(CARGO) fmt --check

clippy:
	$(CARGO) clippy --all-targets -- -D warnings

unit:
	$(CARGO) test

lab: release
	tests/lab/run.sh $(RELEASE_BIN)

clean:
	$(CARGO) clean
