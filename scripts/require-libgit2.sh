#!/usr/bin/env bash
# Makes sure libgit2's development files are installed: installs them with apt when run as
# root on Debian/Ubuntu, else says exactly what to install.
set -euo pipefail
if pkg-config --exists libgit2 2>/dev/null; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "meshdiff: installing libgit2-dev (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq libgit2-dev pkg-config >/dev/null
    exit 0
fi
cat >&2 <<'MSG'
meshdiff needs libgit2's development files, found with pkg-config.
Install them, then run this again:
  Debian/Ubuntu:  sudo apt-get install -y libgit2-dev pkg-config
  Fedora:         sudo dnf install -y libgit2-devel pkgconf
  macOS:          brew install libgit2 pkg-config
MSG
exit 1
