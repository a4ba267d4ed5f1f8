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
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)"
