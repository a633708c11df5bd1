#!/usr/bin/env bash
# Times `meshdiff diff` against `git diff` on the same revisions, and measures meshdiff's
# peak memory against the YAML size of one revision. Figures go in the README.
#
#   Benchmarks/run.sh            (make bench)  needs hyperfine and GNU time (apt-get install hyperfine time)
#
# (a) make_repo.py --layout components, stable-2.10.0 → edge-26.8.3
# (b) make_scale_repo.py --apps 3000 --commits 300, v1 → v29
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.build/release/meshdiff"
corpus="${MESHDIFF_CORPUS:-$root/../shared/corpus}"
out="$root/bench-out"
mkdir -p "$out"
for tool in hyperfine /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y hyperfine time" >&2; exit 1; }
done
[ -d "$out/components" ] || python3 "$corpus/make_repo.py" "$out/components" --layout components >/dev/null
[ -d "$out/scale" ] || python3 "$corpus/make_scale_repo.py" "$out/scale" --apps 3000 --commits 300 >/dev/null

yaml_bytes() { # total size of the YAML files of a revision
    git -C "$1" ls-tree -r -l "$2" | awk '$NF ~ /\.(ya?ml|json)$/ { s += $4 } END { print s }'
}

race() { # name runs meshdiff-command git-command: times both and prints the ratio
    local name=$1 runs=$2
    hyperfine -N --warmup 2 --runs "$runs" --export-json "$out/$name.json" "$3" "$4" >/dev/null
    python3 - "$out/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
m, g = r[0]["mean"] * 1000, r[1]["mean"] * 1000
print(f"   meshdiff {m:.1f} ms ± {r[0]['stddev']*1000:.1f}   git {r[1]['command'].split()[3]} {g:.1f} ms ± {r[1]['stddev']*1000:.1f}   ratio {m/g:.1f}×")
PY
}

peak_kib() { # peak RSS of a command, in KiB
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
}

bench() { # name repo from to
    local name=$1 repo=$2 from=$3 to=$4
    echo "== $name: $from → $to"
    race "$name" 20 "$bin diff $from $to --repo $repo --format json" "git -C $repo diff $from $to"
    local rss grss bytes
    rss=$(peak_kib "$bin" diff "$from" "$to" --repo "$repo" --format json)
    grss=$(peak_kib git -C "$repo" diff "$from" "$to")
    bytes=$(yaml_bytes "$repo" "$to")
    python3 -c "import sys; r,g,b=map(int,sys.argv[1:]); print(f'   peak RSS meshdiff {r/1024:.1f} MiB, git diff {g/1024:.1f} MiB; YAML of one revision {b/1048576:.2f} MiB; meshdiff RSS / YAML = {r*1024/b:.1f}×')" "$rss" "$grss" "$bytes"
    MESHDIFF_PROFILE=1 "$bin" diff "$from" "$to" --repo "$repo" --format json 2>&1 >/dev/null | sed 's/^/   /'
}

bench corpus "$out/components" stable-2.10.0 edge-26.8.3
bench scale "$out/scale" v1 v29

echo "== changelog: the whole history of the scale repository"
race changelog 5 "$bin changelog --repo $out/scale --format json" "git -C $out/scale log -p"
echo "   peak RSS meshdiff changelog $(($(peak_kib "$bin" changelog --repo "$out/scale" --format json) / 1024)) MiB, git log -p $(($(peak_kib git -C "$out/scale" log -p) / 1024)) MiB"
