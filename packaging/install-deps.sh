#!/bin/sh
# Install what faxcalls needs from Debian's packages.
#   packaging/install-deps.sh          build + run (libwireshark-dev, tshark, GLib, CMake)
#   packaging/install-deps.sh --test   also the test tools (spandsp, libtiff, python3)
#   packaging/install-deps.sh --list [--test]   print the list only (for the chroots)
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
LIST=0
if [ "${1:-}" = "--list" ]; then
  LIST=1
  shift
fi
# libwireshark-dev first: the chroots name themselves after its version.
PKGS="libwireshark-dev build-essential cmake pkg-config libglib2.0-dev tshark libtiff-dev libpng-dev"
if [ "${1:-}" = "--test" ]; then
  PKGS="$PKGS libspandsp-dev python3 util-linux time wireshark-common python3-distributed postgresql"
fi
if [ "$LIST" = 1 ]; then
  echo $PKGS
  exit 0
fi
. "$(dirname "$0")/lib/apt.sh"
apt_install $PKGS
