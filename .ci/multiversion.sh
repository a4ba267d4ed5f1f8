#!/bin/sh
# CI, after the native run (Wireshark 4.0, Debian 12): build faxcalls with
# -Werror and run the whole test suite against Wireshark 4.4 (Debian 13
# "trixie") and 4.6 (Debian unstable "sid"), each in a debootstrap chroot
# made from Debian's packages (packaging/chroot/). Runs as root.
#   FAXCALLS_CHROOTS  where the chroots live and are reused (/var/tmp/faxcalls-chroots)
#   FAXCALLS_SUITES   suites to test ("trixie sid")
#   FAXCALLS_MIRROR   Debian mirror (http://deb.debian.org/debian)
# Ends with one line per version, e.g.
#   wireshark 4.4: 37 passed, 0 failed, 0 skipped (Debian trixie, libwireshark-dev 4.4.x)
# and exits non-zero if any version failed.
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
cd "$(dirname "$0")/.."
CHROOTS=${FAXCALLS_CHROOTS:-/var/tmp/faxcalls-chroots}
SUITES=${FAXCALLS_SUITES:-trixie sid}

. packaging/lib/apt.sh
apt_install debootstrap >/dev/null || {
  echo "multiversion: cannot install debootstrap" >&2
  exit 1
}

rc=0
summary=$(mktemp)
out=$(mktemp)
trap 'rm -f "$summary" "$out"' EXIT
for suite in $SUITES; do
  echo "==== faxcalls on Debian $suite ===="
  t0=$(date +%s)
  if ! sh packaging/chroot/make-chroot.sh "$suite" "$CHROOTS/$suite"; then
    echo "Debian $suite: the chroot could not be made" >>"$summary"
    rc=1
    continue
  fi
  t1=$(date +%s)
  sh packaging/chroot/test-in-chroot.sh "$suite" "$CHROOTS/$suite" >"$out" 2>&1
  st=$?
  cat "$out"
  t2=$(date +%s)
  [ "$st" -eq 0 ] || rc=1
  line=$(tail -n 1 "$out")
  case $line in
    wireshark*) ;;
    *) line="Debian $suite: test run failed (exit $st)" ;;
  esac
  echo "$line [chroot $((t1 - t0)) s, build+tests $((t2 - t1)) s]" >>"$summary"
done
echo "==== faxcalls multi-version summary ===="
cat "$summary"
exit $rc
