#!/bin/sh
# Install what faxcalls needs from Debian's packages.
#   packaging/install-deps.sh          build + run (libwireshark-dev, tshark, GLib, CMake)
#   packaging/install-deps.sh --test   also the test tools (spandsp, libtiff, python3)
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
PKGS="build-essential cmake pkg-config libglib2.0-dev libwireshark-dev tshark libtiff-dev libpng-dev"
if [ "${1:-}" = "--test" ]; then
  PKGS="$PKGS libspandsp-dev python3 util-linux time"
fi
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "faxcalls: missing Debian packages:$missing" >&2
  echo "faxcalls: run this as root (sudo $0 ${1:-})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture: keep Debian's default (no)
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing
