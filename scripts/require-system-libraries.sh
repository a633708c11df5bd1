#!/usr/bin/env bash
# Makes sure the C libraries meshdiff links are installed with their development files
# (libgit2 to read repositories, libyaml to read manifests), found with pkg-config:
# installs them with apt when run as root on Debian/Ubuntu, else says exactly what to install.
set -euo pipefail
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists libgit2 2>/dev/null || missing+=(libgit2-dev)
pkg-config --exists yaml-0.1 2>/dev/null || missing+=(libyaml-dev)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "meshdiff: installing ${missing[*]} (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq libgit2-dev libyaml-dev pkg-config >/dev/null
    exit 0
fi
cat >&2 <<MSG
meshdiff needs these development packages, found with pkg-config: ${missing[*]}
Install them, then run this again:
  Debian/Ubuntu:  sudo apt-get install -y libgit2-dev libyaml-dev pkg-config
  Fedora:         sudo dnf install -y libgit2-devel libyaml-devel pkgconf
  macOS:          brew install libgit2 libyaml pkg-config
MSG
exit 1
