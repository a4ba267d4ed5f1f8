#!/bin/sh
# Build the faxcalls .deb for the Wireshark installed here (libwireshark-dev):
#   packaging/deb/build-deb.sh [BUILD_DIR [OUT_DIR]]
#     BUILD_DIR  CMake build dir (default build-pkg/wsX.Y in the source tree)
#     OUT_DIR    where the .deb is copied (default build-pkg/dist)
# Configures with -DFAXCALLS_GENERATOR=OFF (no spandsp needed), builds the
# plugin only, runs cpack -G DEB (packaging/cpack.cmake) and prints the path of
# the .deb as its last line: OUT_DIR/faxcalls_VERSION-1+wsX.Y_ARCH.deb
# Needs: build-essential (dpkg-dev), cmake, pkg-config, libwireshark-dev,
# libglib2.0-dev, libtiff-dev, libpng-dev (packaging/install-deps.sh), file.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd -P)
ws=$(pkg-config --modversion wireshark 2>/dev/null | cut -d. -f1,2) || ws=
if [ -z "$ws" ]; then
  echo "$0: no Wireshark development files (pkg-config wireshark); run packaging/install-deps.sh" >&2
  exit 1
fi
for tool in dpkg-shlibdeps file; do   # CPack's DEB dependency scan
  command -v $tool >/dev/null || {
    echo "$0: $tool is missing (apt-get install dpkg-dev file)" >&2
    exit 1
  }
done
BUILD=${1:-$SRC/build-pkg/ws$ws}
OUT=${2:-$SRC/build-pkg/dist}
mkdir -p "$BUILD" "$OUT"
cmake -S "$SRC" -B "$BUILD" -DFAXCALLS_GENERATOR=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$BUILD/configure.log" 2>&1 || {
  tail -n 30 "$BUILD/configure.log" >&2
  exit 1
}
cmake --build "$BUILD" --target faxcalls -j2 >"$BUILD/build.log" 2>&1 || {
  tail -n 30 "$BUILD/build.log" >&2
  exit 1
}
rm -f "$BUILD"/faxcalls_*.deb
(cd "$BUILD" && cpack -G DEB) >"$BUILD/cpack.log" 2>&1 || {
  tail -n 30 "$BUILD/cpack.log" >&2
  exit 1
}
set -- "$BUILD"/faxcalls_*.deb
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "$0: cpack made no single faxcalls_*.deb in $BUILD" >&2
  exit 1
fi
case $(basename "$1") in
  *+ws"$ws"_*.deb) ;;
  *) echo "$0: $(basename "$1") is not named for Wireshark $ws" >&2; exit 1 ;;
esac
cp "$1" "$OUT/"
echo "$OUT/$(basename "$1")"
