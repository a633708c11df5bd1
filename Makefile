# meshdiff: the two set-up commands are `make demo` and `make test`.
SWIFT ?= swift
# The commit release builds name in `meshdiff --version` (a debug build says "unknown").
COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

.PHONY: demo test build release dist check-dist bench format lint clean deps

deps:
	@scripts/require-system-libraries.sh

build: deps
	$(SWIFT) build

## The release build: Swift runtime and libgit2 linked statically (see scripts/build-release.sh).
release: deps
	@MESHDIFF_COMMIT=$(COMMIT) scripts/build-release.sh

## The release tarball meshdiff-<version>-linux-<arch>.tar.gz: a binary that needs nothing but
## glibc and libgcc_s, the man page, shell completions, the JSON schemas and SHA256SUMS.
dist: deps
	@scripts/dist.sh

## Builds the tarball, then runs its binary with the Swift toolchain hidden (see scripts/check-dist.sh).
check-dist: dist
	@scripts/check-dist.sh

## Runs meshdiff on a real Linkerd upgrade built from ../shared/corpus.
demo: release
	@scripts/demo.sh

## Builds everything and runs every test (corpus tests skip, saying so, without ../shared).
test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test

## Times meshdiff against git diff on the corpus and the scale repository (see README).
bench: release
	@Benchmarks/run.sh

## Formats the sources; `make lint` fails on formatting drift (CI runs it).
format:
	@scripts/format.sh

lint:
	@scripts/format.sh --check

clean:
	rm -rf .build .build-dist .build-fuzz meshdiff-*.tar.gz
