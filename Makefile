# meshdiff: the two set-up commands are `make demo` and `make test`.
SWIFT ?= swift

.PHONY: demo test build release bench format lint clean deps

deps:
	@scripts/require-system-libraries.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib

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
	rm -rf .build
