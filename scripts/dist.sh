#!/usr/bin/env bash
# make dist: a release tarball whose binary runs on a stock Debian/Ubuntu machine.
#
# The Swift runtime is linked statically (--static-swift-stdlib); libgit2 and libyaml, and what
# Debian's libgit2.a needs (mbedTLS, http-parser, libssh2, OpenSSL's libcrypto, PCRE2, zlib),
# are linked from their static archives. What remains shared is the C library itself (glibc:
# libc, libm; Linux's loader) and libstdc++/libgcc_s, which the Swift runtime needs and every
# Debian/Ubuntu system has (apt itself depends on them). Debian's libgit2.a also references
# Kerberos GSSAPI, which Debian ships only shared; meshdiff never reaches that code (it opens
# local repositories only), so dist/gssapi-unavailable.c answers those calls instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
version="$(sed -n 's/.*static let release = "\(.*\)".*/\1/p' Sources/meshdiff/main.swift)"
commit="${MESHDIFF_COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}"
arch="$(uname -m)"
work="$root/.build-dist"
static="$work/static-libs"
mkdir -p "$static/pkgconfig"

multiarch="$(gcc -print-multiarch 2>/dev/null || echo "$arch-linux-gnu")"
libdir="/usr/lib/$multiarch"
archives=(git2 yaml mbedtls mbedx509 mbedcrypto http_parser ssh2 crypto pcre2-8 z)
for name in "${archives[@]}"; do
    if [ ! -f "$libdir/lib$name.a" ]; then
        echo "make dist: $libdir/lib$name.a is missing; install the -dev packages:" >&2
        echo "  apt-get install libgit2-dev libyaml-dev libssh2-1-dev libmbedtls-dev libhttp-parser-dev libssl-dev libpcre2-dev zlib1g-dev" >&2
        exit 1
    fi
    ln -sf "$libdir/lib$name.a" "$static/lib$name.a"
done
# pkg-config files that point SwiftPM's system-library targets at the static archives only.
cat > "$static/pkgconfig/libgit2.pc" <<PC
Name: libgit2
Description: libgit2, linked statically for make dist
Version: $(pkg-config --modversion libgit2)
Libs: -L$static -lgit2 -lmbedtls -lmbedx509 -lmbedcrypto -lhttp_parser -lssh2 -lcrypto -lpcre2-8 -lz -lrt -lpthread -ldl
Cflags: $(pkg-config --cflags libgit2)
PC
cat > "$static/pkgconfig/yaml-0.1.pc" <<PC
Name: yaml-0.1
Description: libyaml, linked statically for make dist
Version: $(pkg-config --modversion yaml-0.1)
Libs: -L$static -lyaml
Cflags: $(pkg-config --cflags yaml-0.1)
PC
cc -O2 -c dist/gssapi-unavailable.c -o "$work/gssapi-unavailable.o"

PKG_CONFIG_PATH="$static/pkgconfig" swift build -c release --static-swift-stdlib --scratch-path "$work" \
    -Xcc "-DMESHDIFF_COMMIT=\"$commit\"" -Xlinker "$work/gssapi-unavailable.o" -Xlinker --strip-debug
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
scripts/manual.sh "$stage/share/man/man1"
cp schema/*.json "$stage/share/meshdiff/schema/"
cp README.md "$stage/"
(cd "$stage" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum > SHA256SUMS)
tar -C "$work" -czf "$root/$name.tar.gz" "$name"
echo "$root/$name.tar.gz"
