#!/bin/sh
# Make (or reuse) a Debian chroot in which faxcalls can be built and tested
# against that suite's Wireshark, from Debian's own packages.
#   packaging/chroot/make-chroot.sh SUITE DIR
#     SUITE  trixie (Wireshark 4.4), sid/unstable (Wireshark 4.6), bookworm (4.0), ...
#     DIR    where the chroot lives; reused as is when a previous run completed it
#            (delete DIR, or set FAXCALLS_CHROOT_REFRESH=1 to upgrade its packages)
#   FAXCALLS_MIRROR   Debian mirror (default http://deb.debian.org/debian)
# Runs as root. The chroot is built in DIR.new and renamed only when complete,
# so an interrupted run never leaves a half-made DIR that looks reusable
# (packaging/lib/chroot.sh).
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
if [ $# -ne 2 ]; then
  echo "usage: $0 SUITE DIR" >&2
  exit 2
fi
SUITE=$1
DIR=$2
FAXCALLS_LIB=$(cd "$(dirname "$0")/../lib" && pwd -P)
. "$FAXCALLS_LIB/chroot.sh"
# The build and test dependencies (packaging/install-deps.sh --test), plus
# file for CPack's dependency scan (packaging/deb-test.sh -b).
PKGS=$(sh "$FAXCALLS_LIB/../install-deps.sh" --list --test)
PKGS="$PKGS file"
READY=.faxcalls-chroot-ready

chroot_need_root
chroot_private_mounts "$0" "$@"
trap unmount_all EXIT

if [ ! -f "$DIR/$READY" ]; then
  chroot_create "$SUITE" "$DIR" "$READY" $PKGS
  exit 0
fi

if [ "${FAXCALLS_CHROOT_REFRESH:-0}" = 1 ]; then
  echo "faxcalls: refreshing the $SUITE chroot in $DIR"
  echo 'Acquire::Check-Valid-Until "false";' >"$DIR/etc/apt/apt.conf.d/99faxcalls"
  mnt "$DIR/proc" -t proc proc
  in_chroot "$DIR" 'apt-get update -qq && apt-get -y -qq --no-install-recommends dist-upgrade && apt-get clean && rm -rf /var/lib/apt/lists/*'
else
  echo "faxcalls: reusing the $SUITE chroot in $DIR ($(cat "$DIR/$READY"))"
fi
# a chroot made before a dependency was added gets it now
chroot_apt "$DIR" $PKGS >>"$DIR.log" 2>&1 || {
  echo "$0: could not add missing packages to the $SUITE chroot (log: $DIR.log)" >&2
  exit 1
}
