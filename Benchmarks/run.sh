#!/usr/bin/env bash
# Times meshdiff against git itself on the same revisions, in one run, and prints each figure
# as a ratio; measures meshdiff's peak memory against the YAML size of one revision. Figures go
# in the README (Performance).
#
#   Benchmarks/run.sh            (make bench)  needs hyperfine and GNU time (apt-get install hyperfine time)
#
# diff     (a) make_repo.py --layout components: stable-2.10.0 → edge-26.8.3
#          (b) make_scale_repo.py --apps 3000 --commits 300: v1 → v29
#          (c) every consecutive release pair of make_repo.py --mesh all --layout components
#              (Linkerd's and Istio's real releases, as committed): the median ratio
# changelog  the scale repository's 300 commits; a long history (--apps 300 --commits 2000);
#          the corpus repository's 21 releases
# memory   a no-op diff, (a), (b) and the changelogs
# start-up meshdiff --version against git --version
# real     with MESHDIFF_REAL_REPO=<a clone of argoproj/argo-cd>: its install.yaml history and minor releases
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
[ -d "$out/releases" ] || python3 "$corpus/make_repo.py" "$out/releases" --mesh all --layout components >/dev/null
[ -d "$out/scale" ] || python3 "$corpus/make_scale_repo.py" "$out/scale" --apps 3000 --commits 300 >/dev/null
[ -d "$out/long" ] || python3 "$corpus/make_scale_repo.py" "$out/long" --apps 300 --commits 2000 >/dev/null

yaml_bytes() { # total size of the YAML files of a revision
    git -C "$1" ls-tree -r -l "$2" | awk '$NF ~ /\.(ya?ml|json)$/ { s += $4 } END { print s }'
}

ratio() { # hyperfine-json: prints "meshdiff … git … ratio", the ratio alone on the last line of $out/ratio
    python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
m, g = r[0]["mean"] * 1000, r[1]["mean"] * 1000
print(f"   meshdiff {m:.1f} ms ± {r[0]['stddev']*1000:.1f}   {' '.join(r[1]['command'].split()[0:1] + r[1]['command'].split()[3:4])} {g:.1f} ms ± {r[1]['stddev']*1000:.1f}   ratio {m/g:.1f}×")
PY
}

race() { # name runs meshdiff-command git-command: times both in one hyperfine run
    hyperfine -N --warmup 2 --runs "$2" --export-json "$out/$1.json" "$3" "$4" >/dev/null
    ratio "$out/$1.json"
}

peak_kib() { # peak RSS of a command, in KiB
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
}

bench() { # name repo from to
    local name=$1 repo=$2 from=$3 to=$4
    echo "== diff $name: $from → $to"
    race "$name" 20 "$bin diff $from $to --repo $repo --format json" "git -C $repo diff $from $to"
    local rss grss bytes
    rss=$(peak_kib "$bin" diff "$from" "$to" --repo "$repo" --format json)
    grss=$(peak_kib git -C "$repo" diff "$from" "$to")
    bytes=$(yaml_bytes "$repo" "$to")
    python3 -c "import sys; r,g,b=map(int,sys.argv[1:]); print(f'   peak RSS meshdiff {r/1024:.1f} MiB, git diff {g/1024:.1f} MiB; YAML of one revision {b/1048576:.2f} MiB; target 16 MiB + 4 × YAML = {16+4*b/1048576:.1f} MiB')" "$rss" "$grss" "$bytes"
    MESHDIFF_PROFILE=1 "$bin" diff "$from" "$to" --repo "$repo" --format json 2>&1 >/dev/null | sed 's/^/   /'
}

echo "== start-up"
race startup 30 "$bin --version" "git --version"
echo "   peak RSS meshdiff --version $(($(peak_kib "$bin" --version) / 1024)) MiB; a no-op diff (a revision against itself) $(($(peak_kib "$bin" diff edge-26.8.3 edge-26.8.3 --repo "$out/components") / 1024)) MiB (target 12)"
race noop 20 "$bin diff edge-26.8.3 edge-26.8.3 --repo $out/components --format json" "git -C $out/components diff edge-26.8.3 edge-26.8.3"

bench corpus "$out/components" stable-2.10.0 edge-26.8.3
bench scale "$out/scale" v1 v29

echo "== diff (c): every consecutive release pair of the corpus repository (Linkerd and Istio)"
tags=($(git -C "$out/releases" tag --sort=creatordate))
ratios=()
for ((i = 1; i < ${#tags[@]}; i++)); do
    from=${tags[$((i - 1))]} to=${tags[$i]}
    hyperfine -N --warmup 1 --runs 5 --export-json "$out/pair.json" \
        "$bin diff $from $to --repo $out/releases --format json" "git -C $out/releases diff $from $to" >/dev/null
    ratios+=("$(python3 -c "import json; r=json.load(open('$out/pair.json'))['results']; print(f\"{r[0]['mean']/r[1]['mean']:.2f}\")")")
    echo "   $from → $to: ${ratios[-1]}×"
done
python3 -c "import statistics, sys; v=sorted(map(float, sys.argv[1:])); print(f'   median {statistics.median(v):.1f}× over {len(v)} pairs (min {v[0]:.1f}×, max {v[-1]:.1f}×)')" "${ratios[@]}"

changelog() { # name repo runs
    echo "== changelog $1: $(git -C "$2" rev-list --count HEAD) commits"
    race "changelog-$1" "$3" "$bin changelog --repo $2 --format json" "git -C $2 log -p"
    echo "   peak RSS meshdiff changelog $(($(peak_kib "$bin" changelog --repo "$2" --format json) / 1024)) MiB, git log -p $(($(peak_kib git -C "$2" log -p) / 1024)) MiB"
}
changelog scale "$out/scale" 5
changelog long "$out/long" 3
changelog releases "$out/releases" 5

# A real public repository, when one is at hand: MESHDIFF_REAL_REPO=<a clone of argoproj/argo-cd>.
# Its manifests/install.yaml over its whole history, and its minor releases pairwise (vX.Y.0).
if [ -n "${MESHDIFF_REAL_REPO:-}" ]; then
    real="$MESHDIFF_REAL_REPO"
    echo "== changelog of a real history: $real, manifests/install.yaml ($(git -C "$real" rev-list --count HEAD) commits)"
    race changelog-real 3 "$bin changelog --repo $real --path manifests/install.yaml --format json" \
        "git -C $real log -p -- manifests/install.yaml"
    echo "== diff of a real repository's minor releases, manifests/install.yaml"
    releases=($(git -C "$real" tag --sort=v:refname | grep -E '^v[0-9]+\.[0-9]+\.0$' | tail -13))
    ratios=()
    for ((i = 1; i < ${#releases[@]}; i++)); do
        from=${releases[$((i - 1))]} to=${releases[$i]}
        hyperfine -N --warmup 1 --runs 5 --export-json "$out/pair.json" \
            "$bin diff $from $to --repo $real --path manifests/install.yaml --format json" \
            "git -C $real diff $from $to -- manifests/install.yaml" >/dev/null
        ratios+=("$(python3 -c "import json; r=json.load(open('$out/pair.json'))['results']; print(f\"{r[0]['mean']/r[1]['mean']:.2f}\")")")
        echo "   $from → $to: ${ratios[-1]}×"
    done
    python3 -c "import statistics, sys; v=sorted(map(float, sys.argv[1:])); print(f'   median {statistics.median(v):.1f}× over {len(v)} pairs (min {v[0]:.1f}×, max {v[-1]:.1f}×)')" "${ratios[@]}"
fi
