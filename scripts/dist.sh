#!/usr/bin/env bash
# make dist: a release tarball whose binary runs on a stock Debian/Ubuntu machine: the release
# build (scripts/build-release.sh: the Swift runtime, libstdc++ and libgit2 linked statically,
# only glibc and libgcc_s shared) without debug information, with its man page and completions.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
version="$(sed -n 's/.*static let release = "\(.*\)".*/\1/p' Sources/meshdiff/main.swift)"
arch="$(uname -m)"
work="$root/.build-dist"
scripts/build-release.sh --static-only --scratch-path "$work" -Xlinker --strip-debug
binary="$work/release/meshdiff"

name="meshdiff-$version-linux-$arch"
stage="$work/$name"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/share/man/man1" "$stage/share/bash-completion/completions" \
    "$stage/share/zsh/site-functions" "$stage/share/fish/vendor_completions.d" "$stage/share/meshdiff/schema"
cp "$binary" "$stage/bin/meshdiff"
"$binary" --generate-completion-script bash > "$stage/share/bash-completion/completions/meshdiff"
"$binary" --generate-completion-script zsh > "$stage/share/zsh/site-functions/_meshdiff"
"$binary" --generate-completion-script fish > "$stage/share/fish/vendor_completions.d/meshdiff.fish"
scripts/manual.sh "$stage/share/man/man1" "$work/manual"
cp schema/*.json "$stage/share/meshdiff/schema/"
cp README.md "$stage/"
(cd "$stage" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum > SHA256SUMS)
tar -C "$work" -czf "$root/$name.tar.gz" "$name"
echo "$root/$name.tar.gz"
