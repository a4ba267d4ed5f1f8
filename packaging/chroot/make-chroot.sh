#!/bin/sh
# Make (or reuse) a Debian chroot in which faxcalls can be built and tested
# against that suite's Wireshark, from Debian's own packages.
#   packaging/chroot/make-chroot.sh SUITE DIR
#     SUITE  trixie (Wireshark 4.4), sid/unstable (Wireshark 4.6), bookworm (4.0), ...
#     DIR    where the chroot lives; reused as is when a previous run completed it
#            (delete DIR, or set FAXCALLS_CHROOT_REFRESH=1 to upgrade its packages)
#   FAXCALLS_MIRROR   Debian mirror (default http://deb.debian.org/debian)
# Runs as root. The chroot is built in DIR.new and renamed only when complete,
# so an interrupted run never leaves a half-made DIR that looks reusable.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
if [ $# -ne 2 ]; then
  echo "usage: $0 SUITE DIR" >&2
  exit 2
fi
SUITE=$1
DIR=$2
MIRROR=${FAXCALLS_MIRROR:-http://deb.debian.org/debian}
# The build and test dependencies (as packaging/install-deps.sh --test).
PKGS="build-essential cmake pkg-config libglib2.0-dev libwireshark-dev tshark
      libspandsp-dev libtiff-dev libpng-dev python3 util-linux file time"
READY=.faxcalls-chroot-ready

if [ "$(id -u)" -ne 0 ]; then
  echo "$0: must run as root (debootstrap, chroot)" >&2
  exit 1
fi

# Private mount namespace: a killed run leaves no /proc mounted in the tree.
if [ -z "${FAXCALLS_IN_UNSHARE:-}" ] && command -v unshare >/dev/null &&
   unshare --mount --propagation private true 2>/dev/null; then
  FAXCALLS_IN_UNSHARE=1 exec unshare --mount --propagation private sh "$0" "$@"
fi

# Refuse to touch a tree that still has something mounted inside it: a
# leftover bind mount of the source tree must never be deleted through.
mounted_under() {
  awk -v d="$1" '$2 == d || index($2, d "/") == 1 { found = 1 } END { exit !found }' /proc/mounts
}

if [ -f "$DIR/$READY" ]; then
  if [ "${FAXCALLS_CHROOT_REFRESH:-0}" = 1 ]; then
    echo "faxcalls: refreshing the $SUITE chroot in $DIR"
    echo 'Acquire::Check-Valid-Until "false";' >"$DIR/etc/apt/apt.conf.d/99faxcalls"
    mount -t proc proc "$DIR/proc"
    trap 'umount "$DIR/proc"' EXIT
    chroot "$DIR" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
      'apt-get update -qq && apt-get -y -qq --no-install-recommends dist-upgrade && apt-get clean && rm -rf /var/lib/apt/lists/*'
  else
    echo "faxcalls: reusing the $SUITE chroot in $DIR ($(cat "$DIR/$READY"))"
  fi
  # a chroot made before a dependency was added gets it now
  missing=""
  for p in $PKGS; do
    chroot "$DIR" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "faxcalls: adding$missing to the $SUITE chroot"
    mount -t proc proc "$DIR/proc"
    trap 'umount "$DIR/proc"' EXIT
    chroot "$DIR" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      sh -ec "apt-get update -qq; apt-get install -y -qq --no-install-recommends $missing;
              apt-get clean; rm -rf /var/lib/apt/lists/*" >>"$DIR.log" 2>&1 || {
      echo "$0: could not add$missing to the $SUITE chroot (log: $DIR.log)" >&2
      exit 1
    }
  fi
  exit 0
fi

command -v debootstrap >/dev/null || {
  echo "$0: debootstrap is missing (apt-get install debootstrap)" >&2
  exit 1
}

NEW=$DIR.new
for d in "$DIR" "$NEW"; do
  if mounted_under "$d"; then
    echo "$0: something is still mounted under $d; unmount it first" >&2
    exit 1
  fi
done
rm -rf "$NEW"
mkdir -p "$(dirname "$DIR")"

cleanup() {
  if mounted_under "$NEW"; then
    umount "$NEW/proc" 2>/dev/null || umount -l "$NEW/proc" 2>/dev/null || true
  fi
}
trap cleanup EXIT

start=$(date +%s)
echo "faxcalls: debootstrap $SUITE into $NEW from $MIRROR"
debootstrap --variant=minbase --components=main "$SUITE" "$NEW" "$MIRROR" >"$NEW.log" 2>&1 || {
  tail -n 30 "$NEW.log" >&2
  echo "$0: debootstrap failed (full log: $NEW.log)" >&2
  exit 1
}

# No daemons start inside the chroot; tshark does not ask about capture rights.
printf '#!/bin/sh\nexit 101\n' >"$NEW/usr/sbin/policy-rc.d"
chmod 755 "$NEW/usr/sbin/policy-rc.d"
echo "wireshark-common wireshark-common/install-setuid boolean false" >"$NEW/tmp/preseed"
# A mirror that serves a frozen snapshot (as CI's may) has Release files past
# their Valid-Until date, which sid's are after a week: accept them.
echo 'Acquire::Check-Valid-Until "false";' >"$NEW/etc/apt/apt.conf.d/99faxcalls"

mount -t proc proc "$NEW/proc"
echo "faxcalls: installing build and test dependencies in the $SUITE chroot"
chroot "$NEW" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  DEBIAN_FRONTEND=noninteractive LC_ALL=C sh -ec "
    debconf-set-selections /tmp/preseed
    rm -f /tmp/preseed
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $(echo $PKGS)
    apt-get clean
    rm -rf /var/lib/apt/lists/*
  " >>"$NEW.log" 2>&1 || {
  tail -n 30 "$NEW.log" >&2
  echo "$0: installing packages in the chroot failed (full log: $NEW.log)" >&2
  exit 1
}
umount "$NEW/proc"

ws=$(chroot "$NEW" dpkg-query -W -f='${Version}' libwireshark-dev)
echo "$SUITE, libwireshark-dev $ws, made $(date -u +%Y-%m-%dT%H:%MZ)" >"$NEW/$READY"
rm -rf "$DIR"
mv "$NEW" "$DIR"
mv "$NEW.log" "$DIR.log"
echo "faxcalls: $SUITE chroot ready in $DIR (libwireshark-dev $ws, $(( $(date +%s) - start ))s)"
