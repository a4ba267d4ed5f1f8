#!/bin/sh
# faxcalls benchmark: builds the plugin (build-bench/), then bench/bench.py.
#   bench/run.sh [--sizes 10,100,1000,10000] [--runs 5] [--tree] [--callgrind]
# Captures are cached in ${TMPDIR:-/tmp}/faxcalls-bench (not committed).
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${FAXCALLS_BENCH_BUILD:-$top/build-bench}
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAXCALLS_GENERATOR=OFF >/dev/null
cmake --build "$build" -j2 --target faxcalls >/dev/null
exec python3 "$top/bench/bench.py" "$build/plugin/faxcalls.so" "$@"
