#!/usr/bin/env bash
# Checks the release tarball as a user without a Swift toolchain would meet it: unpacks it,
# verifies SHA256SUMS, lists the shared libraries the binary needs (only glibc's and
# libgcc_s may remain), then runs it in a mount namespace where the toolchain
# folder and the shared libgit2/libyaml are hidden: it must print its version, run a real diff,
# and its man page must render.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tarball="$(ls -t "$root"/meshdiff-*-linux-*.tar.gz | head -1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball"
dir="$(find "$work" -mindepth 1 -maxdepth 1 -type d)"
(cd "$dir" && sha256sum --quiet -c SHA256SUMS)
echo "ok: SHA256SUMS"

allowed='^(linux-vdso|libc|libm|libgcc_s|ld-linux-[a-z0-9-]+|libpthread|libdl|librt)\.so'
needed="$(ldd "$dir/bin/meshdiff" | awk '{print $1}' | xargs -n1 basename)"
unexpected="$(echo "$needed" | grep -Ev "$allowed" || true)"
if [ -n "$unexpected" ]; then
    echo "FAIL: the binary needs shared libraries beyond glibc and libgcc_s: $unexpected" >&2
    exit 1
fi
echo "ok: shared libraries: $(echo $needed | tr '\n' ' ')"

# A repository to diff, built from our own fixture with git.
repo="$work/repo"
git init -q "$repo"
cp -R "$root/fixtures/scenarios/workload-upgrade/before/." "$repo/"
git -C "$repo" add -A && git -C "$repo" -c user.name=check -c user.email=check@example.com commit -qm before && git -C "$repo" tag before
rm -f "$repo"/*.yaml && cp -R "$root/fixtures/scenarios/workload-upgrade/after/." "$repo/"
git -C "$repo" add -A && git -C "$repo" -c user.name=check -c user.email=check@example.com commit -qm after

empty="$work/empty"
mkdir -p "$empty"
unshare -m bash -euo pipefail -c '
    mount --bind "$1" /opt/swift
    for lib in /usr/lib/*/libgit2.so* /usr/lib/*/libyaml-0.so*; do [ -e "$lib" ] && mount --bind /dev/null "$lib"; done
    "$2/bin/meshdiff" --version
    "$2/bin/meshdiff" diff before HEAD --repo "$3" --format json > "$4/report.json"
    grep -q "\"schemaVersion\" : 1" "$4/report.json"
    grep -q "registry.example.com/shop/web:1.5.0" "$4/report.json"
' check "$empty" "$dir" "$repo" "$work"
echo "ok: --version and a real diff with the toolchain and the shared libgit2/libyaml hidden"
man -l "$dir/share/man/man1/meshdiff.1" | grep -q "meshdiff"
echo "ok: man -l renders"
