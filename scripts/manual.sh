#!/usr/bin/env bash
# Writes meshdiff.1 into the folder given, generated from the command definitions by
# swift-argument-parser's generate-manual plugin (so the manual never drifts from --help).
#
#   scripts/manual.sh OUTPUT-FOLDER [SCRATCH-PATH]
#
# The plugin builds meshdiff in plain release mode (shared runtime) under SCRATCH-PATH (default
# .build): make dist gives it a folder of its own, so that neither the release build it ships nor
# .build/release/meshdiff is overwritten by that plain one.
set -euo pipefail
out="${1:?usage: scripts/manual.sh OUTPUT-FOLDER [SCRATCH-PATH]}"
scratch="${2:-}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$(dirname "$0")/.."
swift package ${scratch:+--scratch-path "$scratch"} --allow-writing-to-directory "$out" generate-manual --output-directory "$out" >&2
