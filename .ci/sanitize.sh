#!/bin/sh
# CI, robustness.  Runs as root after tests/run.sh installed the deps.
#  1. ASan+UBSan build (-DFAXCALLS_SANITIZE=ON): the whole ctest suite (unit,
#     golden, truth, real, robust/*).  tshark itself is not built with ASan:
#     the compiler's libasan is LD_PRELOADed into it (ASAN_OPTIONS
#     detect_leaks=0: Wireshark's own leaks are not ours;
#     FAXCALLS_TSHARK_PRELOAD, which tests/lib/faxtshark.py turns into
#     LD_PRELOAD for tshark alone), and any sanitizer report fails.  As in
#     every test run, tshark loads the build under test from a throwaway
#     WIRESHARK_PLUGIN_DIR, never an installed faxcalls.so.
#     Not here: robust/adversarial (measures memory: plain build only),
#     json/pipeline-split (bench/faxsplit.py starts tshark and capinfos itself,
#     without the preload) and gui/fax-calls-dialog (the Qt wireshark is not
#     started with the preload, so it cannot load an ASan plugin; the plain
#     run of tests/run.sh covers it).
#  2. libFuzzer harnesses (clang, -DFAXCALLS_FUZZ=ON), FAXCALLS_FUZZ_SECONDS
#     each (default 40) on the seed corpus made from the captures.
#  3. valgrind memcheck of tshark with the (plain) plugin on a few captures:
#     fails on any invalid read/write or use of uninitialised values whose
#     stack has faxcalls code in it.
# Env: FAXCALLS_SAN_BUILD, FAXCALLS_FUZZ_BUILD, FAXCALLS_VG_BUILD (build dirs),
#      FAXCALLS_FUZZ_SECONDS, FAXCALLS_ROBUST_ITER.
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
cd "$(dirname "$0")/.."
SRC=$(pwd)
J=${FAXCALLS_JOBS:-2}
rc=0
t0=$(date +%s)
. packaging/lib/apt.sh
apt_install clang valgrind wireshark-common >/dev/null || { echo "sanitize: cannot install the tools"; exit 1; }
# libFuzzer's runtime comes with clang's version-numbered runtime package:
# ask clang itself whether it can link a fuzzer.
can_fuzz() {
  printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' |
    clang -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null
}
if ! can_fuzz; then
  apt_install "libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev" >/dev/null
  can_fuzz || { echo "sanitize: clang cannot link -fsanitize=fuzzer"; exit 1; }
fi

# ---- 1. sanitizers --------------------------------------------------------
SAN=${FAXCALLS_SAN_BUILD:-build-sanitize}
LIBASAN=$(${CC:-cc} -print-file-name=libasan.so)
[ -f "$LIBASAN" ] || { echo "sanitize: ${CC:-cc} has no libasan.so to preload into tshark"; exit 1; }
echo "==== ASan+UBSan build ($SAN), tshark with libasan preloaded ($LIBASAN) ===="
cmake -S . -B "$SAN" -DFAXCALLS_SANITIZE=ON -DFAXCALLS_GENERATOR=OFF >/dev/null &&
  cmake --build "$SAN" -j"$J" >/dev/null || { echo "sanitize: build failed"; exit 1; }
san_log=$(mktemp -d)
chmod 777 "$san_log"   # tshark runs as nobody and writes its reports here
# tshark forks its extcap tools at start-up; with libasan preloaded into a
# threaded process they deadlock (seen with androiddump): give it none.
mkdir -p "$san_log/extcap"
(
  cd "$SAN" &&
  WIRESHARK_EXTCAP_DIR="$san_log/extcap" FAXCALLS_TSHARK_PRELOAD="$LIBASAN" \
  ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:halt_on_error=1:log_path=$san_log/asan" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$san_log/ubsan" \
  ctest -j"$J" --output-on-failure -E '^fuzz/|^robust/adversarial$|^json/pipeline-split$|^gui/fax-calls-dialog$'
) || rc=1
if ls "$san_log"/asan* "$san_log"/ubsan* >/dev/null 2>&1; then
  echo "sanitize: sanitizer reports:"; cat "$san_log"/asan* "$san_log"/ubsan* 2>/dev/null; rc=1
else
  echo "sanitize: no ASan/UBSan report"
fi
rm -rf "$san_log"
t1=$(date +%s)

# ---- 2. libFuzzer ---------------------------------------------------------
FZ=${FAXCALLS_FUZZ_BUILD:-build-fuzz}
echo "==== libFuzzer harnesses ($FZ), ${FAXCALLS_FUZZ_SECONDS:-40} s each ===="
CC=clang cmake -S . -B "$FZ" -DFAXCALLS_FUZZ=ON -DFAXCALLS_PLUGIN=OFF -DFAXCALLS_GENERATOR=OFF >/dev/null &&
  cmake --build "$FZ" -j"$J" >/dev/null || { echo "sanitize: fuzz build failed"; exit 1; }
(cd "$FZ" && ctest -j"$J" --output-on-failure -R '^fuzz/' -V | grep -E 'runs in|corpus:|Passed|Failed|crash') || rc=1
t2=$(date +%s)

# ---- 3. valgrind memcheck -------------------------------------------------
echo "==== valgrind memcheck of tshark with the plugin ===="
VG=${FAXCALLS_VG_BUILD:-build-valgrind}
cmake -S . -B "$VG" -DFAXCALLS_GENERATOR=OFF -DCMAKE_BUILD_TYPE=Debug >/dev/null &&
  cmake --build "$VG" -j"$J" --target faxcalls >/dev/null || { echo "sanitize: valgrind build failed"; exit 1; }
python3 tests/robust/valgrind.py "$VG/plugin/faxcalls.so" sample t38-ecm-2pages t38-loss-redundancy || rc=1
t3=$(date +%s)

echo "==== sanitize: sanitizers $((t1 - t0)) s, fuzzing $((t2 - t1)) s, valgrind $((t3 - t2)) s; exit $rc ===="
exit $rc
