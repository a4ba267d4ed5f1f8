#!/bin/sh
# Rebuilds every committed generated capture: pcaps/NAME.pcap + pcaps/NAME.truth.
# Usage: tests/gen/regen.sh [CAPTURE...]   (no argument = all of them)
# Deterministic: no wall-clock time, fixed PRNG seeds; two runs give identical files.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FAXGEN_BUILD_DIR:-$root/build-faxgen}
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DFAXCALLS_PLUGIN=OFF -DFAXCALLS_GENERATOR=ON >/dev/null
fi
cmake --build "$build" --target faxgen -j2 >/dev/null
mkdir -p "$root/pcaps"
"$build/tests/gen/faxgen" "$root/pcaps" "$@"
