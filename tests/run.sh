#!/bin/sh
# The README's second command: install everything the tests need, build
# faxcalls with the test-capture generator, and run the whole suite
# (tests/README.md: unit tests of the model, golden and truth tests on the
# generated captures, facts of the real captures of tests/real-captures.tsv).
# Run as root (sudo) on a fresh Debian 12 machine; CI runs exactly this.
# The tests load the build under test from a throwaway plugin folder
# (WIRESHARK_PLUGIN_DIR, tests/lib/faxtshark.py): a faxcalls.so installed in
# Wireshark's system plugin folder is left as it is.
#   FAXCALLS_BUILD        build folder (build-test)
#   FAXCALLS_CMAKE_ARGS   more cmake options
#   FAXCALLS_REAL_PCAPS   folder of the real captures (../shared/pcaps/real)
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
cd "$(dirname "$0")/.."
sh packaging/install-deps.sh --test
BUILD=${FAXCALLS_BUILD:-build-test}
cmake -S . -B "$BUILD" -DFAXCALLS_GENERATOR=ON ${FAXCALLS_CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)"
