#!/bin/sh
# The README's first command: install the build dependencies, build faxcalls,
# install it, and print the fax report of the bundled sample capture.
# Run as root (sudo) to install into Wireshark's system plugin folder, or as
# a normal user (dependencies already installed) for the personal folder.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
cd "$(dirname "$0")/.."
sh packaging/install-deps.sh
cmake -S . -B build -DFAXCALLS_GENERATOR=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
if [ "$(id -u)" -eq 0 ]; then
  cmake --install build
else
  cmake --build build --target install-user
fi
echo
echo "tshark -r pcaps/sample.pcap -q -z fax,stat"
tshark -r pcaps/sample.pcap -q -z fax,stat 2>/dev/null
