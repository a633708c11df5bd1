#!/usr/bin/env bash
# Formats the sources with the toolchain's swift-format and .swift-format;
# `scripts/format.sh --check` only lints, failing on any drift (CI runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(Sources Tests Package.swift)
if [ "${1:-}" = "--check" ]; then
    swift format lint --strict --recursive "${targets[@]}"
else
    swift format format --in-place --recursive "${targets[@]}"
fi
