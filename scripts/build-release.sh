#!/usr/bin/env bash
# The release build (make release, make demo, make bench, make dist):
#
#   scripts/build-release.sh [--static-only] [--scratch-path DIR] [extra swift build arguments]
#
# The Swift runtime is linked statically (--static-swift-stdlib); libgit2 and libyaml, and what
# Debian's libgit2.a needs (mbedTLS, http-parser, PCRE2, zlib), are linked from their static
# archives, with dist/libgit2-local-only.c in place of libgit2's network set-up (Kerberos GSSAPI,
# TLS certificates, the SSH transport with libssh2 and OpenSSL's libcrypto; see that file), and
# so is libstdc++, which the Swift runtime needs. What remains shared is the C library (glibc:
# libc, libm; Linux's loader) and libgcc_s (the unwinder), which every Debian/Ubuntu system has.
#
# Why it matters beyond shipping: a run of meshdiff linked against the shared libgit2 spends
# ~5 ms loading 20 shared libraries and ~5 ms parsing the machine's CA certificates before it
# reads anything; this build spends neither. The shared libstdc++ cost every run 0.9 ms and
# 1 MiB (its own relocations and initialisers) for the few functions the runtime calls.
#
# Where the static archives are missing (not Debian/Ubuntu), it says so and builds against the
# shared libraries instead; with --static-only (make dist) it stops there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scratch="$root/.build"
static_only=false
if [ "${1:-}" = "--static-only" ]; then static_only=true; shift; fi
if [ "${1:-}" = "--scratch-path" ]; then scratch="$2"; shift 2; fi
commit="${MESHDIFF_COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}"
# Generic types are instantiated through their metadata accessors, not by demangling their names
# at run time: demangling checks each generic requirement by scanning the binary's 4,000
# conformance records (a no-op diff: 23.8M → 20.3M instructions). Modules optimize across each
# other (-cross-module-optimization: 1% fewer instructions on a corpus and on the scale diff).
build=(swift build -c release --static-swift-stdlib --disable-local-rpath --scratch-path "$scratch" -Xcc "-DMESHDIFF_COMMIT=\"$commit\""
    -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors -Xswiftc -cross-module-optimization)
# The code a run uses laid out together: every function in a section of its own, and the linker
# (the toolchain's lld; GNU ld has no symbol ordering) places the functions dist/code-order.txt
# names first, in its order (start-up first; scripts/code-order.sh writes it from callgrind runs).
# The kernel maps 64 KiB of the binary around each page a run touches: a no-op diff touched 150
# places spread over 12.8 MB of code, 10 MiB resident; laid out by use, 4 MiB. A function the
# file does not name (new code, a renamed one) goes after them, as it would anyway.
# MESHDIFF_CODE_ORDER=none builds without the order (what scripts/code-order.sh profiles).
lld="$(dirname "$(command -v swiftc || command -v swift)")/ld.lld"
if [ -x "$lld" ]; then
    build+=(-Xswiftc -use-ld=lld -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections)
    if [ "${MESHDIFF_CODE_ORDER:-}" != none ] && [ -f "$root/dist/code-order.txt" ]; then
        build+=(-Xlinker "--symbol-ordering-file=$root/dist/code-order.txt" -Xlinker --no-warn-symbol-ordering)
        # SwiftPM does not know the file is an input of the link: a binary older than it is relinked.
        if [ "$root/dist/code-order.txt" -nt "$scratch/release/meshdiff" ]; then rm -f "$scratch/release/meshdiff"; fi
    fi
else
    echo "meshdiff: no ld.lld beside swiftc, so this build links with the system linker, its code not laid out by use" >&2
fi

arch="$(uname -m)"
multiarch="$(gcc -print-multiarch 2>/dev/null || echo "$arch-linux-gnu")"
libdir="/usr/lib/$multiarch"
archives=(git2 yaml mbedtls mbedx509 mbedcrypto http_parser pcre2-8 z)
for name in "${archives[@]}"; do
    if [ ! -f "$libdir/lib$name.a" ]; then
        echo "meshdiff: $libdir/lib$name.a is missing, so this build would link the shared libgit2 (slower to start);" >&2
        echo "  to link it statically: apt-get install libgit2-dev libyaml-dev libmbedtls-dev libhttp-parser-dev libpcre2-dev zlib1g-dev" >&2
        $static_only && exit 1
        exec "${build[@]}" "$@"
    fi
done

static="$scratch/static-libs"
mkdir -p "$static/pkgconfig"
for name in "${archives[@]}"; do ln -sf "$libdir/lib$name.a" "$static/lib$name.a"; done
# The Swift driver links -lstdc++; found in this folder first, the archive is what it links.
# (Without the archive, the shared library, as before.)
libstdcxx="$(cc -print-file-name=libstdc++.a)"
if [ -f "$libstdcxx" ]; then
    ln -sf "$libstdcxx" "$static/libstdc++.a"
else
    echo "meshdiff: libstdc++.a is missing, so this build links the shared libstdc++ (slower to start);" >&2
    echo "  to link it statically: apt-get install libstdc++-12-dev (or your compiler's)" >&2
    $static_only && exit 1
    rm -f "$static/libstdc++.a"
fi
# pkg-config files that point SwiftPM's system-library targets at the static archives only.
cat > "$static/pkgconfig/libgit2.pc" <<PC
Name: libgit2
Description: libgit2, linked statically by scripts/build-release.sh
Version: $(pkg-config --modversion libgit2)
Libs: -L$static -lgit2 -lmbedtls -lmbedx509 -lmbedcrypto -lhttp_parser -lpcre2-8 -lz -lrt -lpthread -ldl
Cflags: $(pkg-config --cflags libgit2)
PC
cat > "$static/pkgconfig/yaml-0.1.pc" <<PC
Name: yaml-0.1
Description: libyaml, linked statically by scripts/build-release.sh
Version: $(pkg-config --modversion yaml-0.1)
Libs: -L$static -lyaml
Cflags: $(pkg-config --cflags yaml-0.1)
PC
cc -O2 $(pkg-config --cflags libgit2) -c dist/libgit2-local-only.c -o "$static/libgit2-local-only.o"
wraps=()
for symbol in git_mbedtls_stream_global_init git_mbedtls_stream_new git_mbedtls_stream_wrap git_transport_ssh_global_init \
    git_smart_subtransport_ssh; do
    wraps+=(-Xlinker "--wrap=$symbol")
done
PKG_CONFIG_PATH="$static/pkgconfig" exec "${build[@]}" -Xlinker "$static/libgit2-local-only.o" "${wraps[@]}" "$@"
