#!/bin/sh
# The README's second command: install everything the tests need, build
# faxcalls with the test-capture generator, and run the whole suite
# (unit tests of the model, golden and truth tests on the generated
# captures, facts of the real captures in ../shared/pcaps/real).
# Run as root (sudo) on a fresh Debian 12 machine; CI runs exactly this.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
cd "$(dirname "$0")/.."
sh packaging/install-deps.sh --test
BUILD=${FAXCALLS_BUILD:-build-test}
cmake -S . -B "$BUILD" -DFAXCALLS_GENERATOR=ON ${FAXCALLS_CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
# The README's first command installs faxcalls into Wireshark's system plugin
# folder, which Wireshark scans before the personal one: put this build there
# too, or tshark would load the installed copy instead of the one under test.
sysplug="$(pkg-config --variable=plugindir wireshark)/epan/faxcalls.so"
if [ -e "$sysplug" ] && ! cmp -s "$sysplug" "$BUILD/plugin/faxcalls.so"; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "faxcalls: replacing the installed $sysplug by this build (the tests load the build under test)"
    cmake --install "$BUILD" >/dev/null
  else
    echo "faxcalls: $sysplug is not this build; run as root (sudo) to replace it, or remove it" >&2
    exit 1
  fi
fi
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)"
