#!/bin/sh
# Build faxcalls and run its whole test suite (tests/run.sh) inside a chroot
# made by make-chroot.sh, i.e. against that Debian suite's Wireshark.
#   packaging/chroot/test-in-chroot.sh SUITE DIR
# The source tree is bind-mounted read-only at /faxcalls/src and the real
# captures (FAXCALLS_REAL_PCAPS, default ../shared/pcaps/real) at
# /faxcalls/real-pcaps; the build goes to /faxcalls/build inside the chroot
# (fresh each run unless FAXCALLS_CHROOT_KEEP_BUILD=1). FAXCALLS_CMAKE_ARGS
# is passed on to tests/run.sh.
# The last line printed is the summary:
#   wireshark X.Y: N passed, F failed, S skipped (Debian SUITE, libwireshark-dev VERSION)
# Runs as root. Mounts live in a private mount namespace (unshare) and are
# also unmounted on exit, so nothing stays mounted inside DIR.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
if [ $# -ne 2 ]; then
  echo "usage: $0 SUITE DIR" >&2
  exit 2
fi
SUITE=$1
DIR=$(cd "$2" && pwd -P)
SRC=$(cd "$(dirname "$0")/../.." && pwd -P)
REAL=${FAXCALLS_REAL_PCAPS:-$SRC/../shared/pcaps/real}
FAXCALLS_LIB=$SRC/packaging/lib
. "$FAXCALLS_LIB/chroot.sh"

chroot_need_root
if [ ! -f "$DIR/.faxcalls-chroot-ready" ]; then
  echo "$0: $DIR is not a finished chroot (run packaging/chroot/make-chroot.sh $SUITE $DIR)" >&2
  exit 1
fi
chroot_private_mounts "$0" "$@"
trap unmount_all EXIT
trap 'exit 130' INT TERM

mnt "$DIR/proc" -t proc proc
mnt "$DIR/dev" --bind /dev
bind_ro "$SRC" "$DIR/faxcalls/src"
# Without the captures the tests are pointed at a folder that does not exist
# (they skip loudly), not at the empty mount point left by an earlier run.
REAL_IN=/faxcalls/real-pcaps
if [ -d "$REAL" ]; then
  bind_ro "$REAL" "$DIR$REAL_IN"
else
  echo "faxcalls: no $REAL: the real-capture tests will skip"
  REAL_IN=/faxcalls/no-real-pcaps
fi
if [ "${FAXCALLS_CHROOT_KEEP_BUILD:-0}" != 1 ]; then
  rm -rf "$DIR/faxcalls/build"
fi

log=$(mktemp)
trap 'unmount_all; rm -f "$log" "$log.rc"' EXIT
{
  rc=0
  chroot "$DIR" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C TZ=UTC \
    PYTHONDONTWRITEBYTECODE=1 FAXCALLS_BUILD=/faxcalls/build FAXCALLS_REAL_PCAPS="$REAL_IN" \
    FAXCALLS_CMAKE_ARGS="${FAXCALLS_CMAKE_ARGS:-}" \
    sh -c 'cd /faxcalls/src && sh tests/run.sh' 2>&1 || rc=$?
  echo "$rc" >"$log.rc"
} | tee "$log"
rc=$(cat "$log.rc")

ver=$(chroot "$DIR" tshark --version 2>/dev/null |
      sed -n 's/^TShark (Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p' | head -n 1)
# ctest: "NN% tests passed, F tests failed out of T"; skipped tests are
# counted as passed there, so they are taken out.
total=$(sed -n 's/.* tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -n 1)
failed=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of.*/\1/p' "$log" | tail -n 1)
skipped=$(grep -c '\*\*\*Skipped' "$log" || true)
pkg=$(chroot "$DIR" dpkg-query -W -f='${Version}' libwireshark-dev 2>/dev/null || true)
if [ -z "$total" ]; then
  echo "wireshark ${ver:-?}: build or set-up failed before the tests ran, exit $rc (Debian $SUITE, libwireshark-dev $pkg)"
  exit 1
fi
echo "wireshark ${ver:-?}: $((total - failed - skipped)) passed, $failed failed, $skipped skipped (Debian $SUITE, libwireshark-dev $pkg)"
exit "$rc"
