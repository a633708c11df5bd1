#!/usr/bin/env bash
# Builds the libFuzzer target over parse → redact → pair → compare → render of two manifest
# files, and runs it with a seed corpus made from our fixtures. Not part of `make test`.
#   Fuzz/run.sh [SECONDS] [libFuzzer flags…]   (default 60; the closing note of issue 9 used 2100)
#   Fuzz/run.sh 600 -len_control=0   mutates up to the 1 MB limit from the start
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
shift || true
work="$root/.build-fuzz"
mkdir -p "$work/corpus" "$work/artifacts"
# Seeds: each fixture scenario's before/after file pairs, joined by the separator the target splits at.
python3 - "$root" "$work/corpus" <<'PY'
import os, sys, hashlib
root, out = sys.argv[1], sys.argv[2]
for group in ("scenarios", "issues"):
    base = os.path.join(root, "fixtures", group)
    for name in sorted(os.listdir(base)):
        before, after = os.path.join(base, name, "before"), os.path.join(base, name, "after")
        if not os.path.isdir(after): continue
        files = sorted(os.path.relpath(os.path.join(d, f), after) for d, _, fs in os.walk(after) for f in fs)
        for f in files:
            a = os.path.join(before, f)
            old = open(a, "rb").read() if os.path.isfile(a) else b""
            new = open(os.path.join(after, f), "rb").read()
            data = (old + b"\0---\0" + new)[: 1 << 20]
            open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb").write(data)
PY
MESHDIFF_FUZZ=1 swift build -c release --package-path "$root" --scratch-path "$work/build" --product meshdiff-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
binary="$work/build/release/meshdiff-fuzz"
exec "$binary" "$work/corpus" -max_len=1048576 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$@"
