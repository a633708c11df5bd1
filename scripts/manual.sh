#!/usr/bin/env bash
# Writes meshdiff.1 into the folder given, generated from the command definitions by
# swift-argument-parser's generate-manual plugin (so the manual never drifts from --help).
set -euo pipefail
out="${1:?usage: scripts/manual.sh OUTPUT-FOLDER}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$(dirname "$0")/.."
swift package --allow-writing-to-directory "$out" generate-manual --output-directory "$out" >&2
