#!/usr/bin/env bash
# The built-in demo: builds a GitOps repository from the real release corpus (or, without
# it, from our own fixtures) and runs meshdiff on a Linkerd upgrade.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.build/release/meshdiff"
demo="$(mktemp -d)/gitops"
corpus="${MESHDIFF_CORPUS:-$root/../shared/corpus}"
if [ -x "$corpus/make_repo.py" ] || [ -f "$corpus/make_repo.py" ]; then
    python3 "$corpus/make_repo.py" "$demo" --layout components --noise --downgrade >/dev/null
    echo "== meshdiff diff stable-2.13.7 stable-2.14.0  (a real Linkerd upgrade, repo: $demo)"
    "$bin" diff stable-2.13.7 stable-2.14.0 --repo "$demo"
    echo
    echo "== meshdiff diff stable-2.13.7 stable-2.14.0 --format json | head -40"
    "$bin" diff stable-2.13.7 stable-2.14.0 --repo "$demo" --format json | head -40
else
    echo "(../shared/corpus not found: using our own fixture scenario)" >&2
    mkdir -p "$demo"
    git -C "$demo" init -q -b main
    cp -R "$root/fixtures/scenarios/workload-upgrade/before/." "$demo/"
    git -C "$demo" add -A && git -C "$demo" -c user.name=demo -c user.email=demo@example.com commit -qm before && git -C "$demo" tag before
    rm -f "$demo"/*.yaml && cp -R "$root/fixtures/scenarios/workload-upgrade/after/." "$demo/"
    git -C "$demo" add -A && git -C "$demo" -c user.name=demo -c user.email=demo@example.com commit -qm after
    echo "== meshdiff diff before HEAD  (repo: $demo)"
    "$bin" diff before HEAD --repo "$demo"
fi
