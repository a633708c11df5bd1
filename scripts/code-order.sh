#!/usr/bin/env bash
# Writes dist/code-order.txt, the order in which scripts/build-release.sh has the linker lay out
# the binary's functions: the functions a release build runs, start-up first, then a diff of a
# real Linkerd upgrade in every report format, then a changelog. Run it again when the code has
# changed much (a function it does not name is laid out after those it does, so a stale order
# costs memory, never correctness):
#
#   scripts/code-order.sh        (needs valgrind, python3, git and ../shared/corpus)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${MESHDIFF_CORPUS:-$root/../shared/corpus}"
command -v valgrind >/dev/null || { echo "code-order: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[ -f "$corpus/make_repo.py" ] || { echo "code-order: needs the release corpus at $corpus (set MESHDIFF_CORPUS)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

MESHDIFF_CODE_ORDER=none "$root/scripts/build-release.sh" --scratch-path "$root/.build-order" >&2
bin="$(readlink -f "$root/.build-order/release/meshdiff")"
python3 "$corpus/make_repo.py" "$work/repo" --layout components --noise >/dev/null

n=0
profile() {
    n=$((n + 1))
    valgrind --tool=callgrind --demangle=no --compress-strings=no --dump-instr=no \
        --callgrind-out-file="$work/$(printf %02d $n).out" "$bin" "$@" >/dev/null 2>&1 || true
}
profile --version
profile diff edge-26.8.3 edge-26.8.3 --repo "$work/repo" --format json
for format in text json markdown html; do
    profile diff stable-2.10.0 edge-26.8.3 --repo "$work/repo" --format "$format"
done
profile changelog stable-2.14.0..edge-26.8.3 --repo "$work/repo"
profile changelog stable-2.14.0..edge-26.8.3 --repo "$work/repo" --format markdown

# A callgrind profile names each function that ran as `fn=<symbol>` under `ob=<the binary>`
# (a recursion depth as a `'N` suffix). Each symbol once, with the first profile that ran it;
# sorted by name within a profile (callgrind's own order varies from run to run, and names
# group a type's functions), so that the file changes only where the code does.
python3 - "$bin" "$work"/*.out > "$root/dist/code-order.txt" <<'PY'
import re, sys
binary, seen = sys.argv[1], set()
for path in sys.argv[2:]:
    ours, found = False, set()
    for line in open(path, errors="replace"):
        if line.startswith("ob="):
            ours = line[3:].strip() == binary
        elif ours and line.startswith("fn="):
            name = re.sub(r"'\d+$", "", line[3:].strip())
            if not name.startswith("0x") and name not in seen:
                found.add(name)
    seen |= found
    for name in sorted(found):
        print(name)
PY
echo "code-order: $(wc -l < "$root/dist/code-order.txt") functions in dist/code-order.txt" >&2
