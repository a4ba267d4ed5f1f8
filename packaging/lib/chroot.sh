# Debian chroots for faxcalls' build, test and package scripts, written once.
# Source it:
#   FAXCALLS_LIB=SRC/packaging/lib; . "$FAXCALLS_LIB/chroot.sh"
#   chroot_need_root                       exit unless root
#   chroot_private_mounts "$0" "$@"        re-run the script in a private mount
#                                          namespace (a killed run leaves no mount)
#   mnt TARGET MOUNT-ARGS... / bind_ro SRC TARGET / unmount_all
#                                          mounts, undone most recent first
#   in_chroot DIR SCRIPT                   run sh -ec SCRIPT in DIR with a clean env
#   chroot_apt DIR PKG...                  apt_install PKG... inside DIR (then apt_clean)
#   chroot_create SUITE DIR READY PKG...   debootstrap --variant=minbase SUITE, then
#                                          install PKG...; built in DIR.new and renamed
#                                          to DIR only when complete, READY written last
#   FAXCALLS_MIRROR  Debian mirror (http://deb.debian.org/debian)
# SPDX-License-Identifier: GPL-2.0-or-later

# FAXCALLS_LIB: this folder (set by the caller before sourcing).
: "${FAXCALLS_LIB:?set FAXCALLS_LIB to packaging/lib before sourcing chroot.sh}"
CHROOT_MIRROR=${FAXCALLS_MIRROR:-http://deb.debian.org/debian}
MOUNTS=""
. "$FAXCALLS_LIB/apt.sh"

chroot_need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "$0: must run as root (debootstrap, chroot, mount)" >&2
    exit 1
  fi
}

chroot_private_mounts() {
  if [ -z "${FAXCALLS_IN_UNSHARE:-}" ] && command -v unshare >/dev/null &&
     unshare --mount --propagation private true 2>/dev/null; then
    FAXCALLS_IN_UNSHARE=1 exec unshare --mount --propagation private sh "$@"
  fi
}

mnt() {   # mnt TARGET mount-args...
  _t=$1; shift
  mkdir -p "$_t"
  mount "$@" "$_t"
  MOUNTS="$_t $MOUNTS"
}

bind_ro() {   # bind_ro SRC TARGET
  mnt "$2" --bind "$1"
  mount -o remount,bind,ro "$2"
}

unmount_all() {
  for _m in $MOUNTS; do   # most recent first
    umount "$_m" 2>/dev/null || umount -l "$_m" 2>/dev/null || true
  done
  MOUNTS=""
}

# Something mounted at or under $1 (a leftover bind mount of the source tree
# must never be deleted through).
mounted_under() {
  awk -v d="$1" '$2 == d || index($2, d "/") == 1 { found = 1 } END { exit !found }' /proc/mounts
}

in_chroot() {   # in_chroot DIR sh-script
  _d=$1; shift
  chroot "$_d" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LC_ALL=C TZ=UTC DEBIAN_FRONTEND=noninteractive sh -ec "$1"
}

# apt_install inside the chroot, with the same packaging/lib/apt.sh.
chroot_apt() {   # chroot_apt DIR PKG...
  _d=$1; shift
  cp "$FAXCALLS_LIB/apt.sh" "$_d/tmp/faxcalls-apt.sh"
  mounted_under "$_d/proc" || mnt "$_d/proc" -t proc proc
  in_chroot "$_d" ". /tmp/faxcalls-apt.sh
    missing=\$(apt_missing $*)
    if [ -n \"\$missing\" ]; then apt_install \$missing; apt_clean; fi
    rm -f /tmp/faxcalls-apt.sh"
}

chroot_create() {   # chroot_create SUITE DIR READY PKG...
  _suite=$1 _dir=$2 _ready=$3
  shift 3
  command -v debootstrap >/dev/null || {
    echo "$0: debootstrap is missing (apt-get install debootstrap)" >&2
    return 1
  }
  _new=$_dir.new
  for _d in "$_dir" "$_new"; do
    if mounted_under "$_d"; then
      echo "$0: something is still mounted under $_d; unmount it first" >&2
      return 1
    fi
  done
  rm -rf "$_new"
  mkdir -p "$(dirname "$_dir")"
  _start=$(date +%s)
  echo "faxcalls: debootstrap $_suite into $_new from $CHROOT_MIRROR"
  debootstrap --variant=minbase --components=main "$_suite" "$_new" "$CHROOT_MIRROR" >"$_new.log" 2>&1 || {
    tail -n 30 "$_new.log" >&2
    echo "$0: debootstrap failed (full log: $_new.log)" >&2
    return 1
  }
  # No daemons start inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$_new/usr/sbin/policy-rc.d"
  chmod 755 "$_new/usr/sbin/policy-rc.d"
  # A mirror that serves a frozen snapshot has Release files past their
  # Valid-Until date, which sid's are after a week: accept them.
  echo 'Acquire::Check-Valid-Until "false";' >"$_new/etc/apt/apt.conf.d/99faxcalls"
  echo "faxcalls: installing $* in the $_suite chroot"
  chroot_apt "$_new" "$@" >>"$_new.log" 2>&1 || {
    unmount_all
    tail -n 30 "$_new.log" >&2
    echo "$0: installing packages in the chroot failed (full log: $_new.log)" >&2
    return 1
  }
  unmount_all
  _v=$(chroot "$_new" dpkg-query -W -f='${Version}' "$1")
  echo "$_suite, $1 $_v, made $(date -u +%Y-%m-%dT%H:%MZ)" >"$_new/$_ready"
  rm -rf "$_dir"
  mv "$_new" "$_dir"
  mv "$_new.log" "$_dir.log"
  echo "faxcalls: $_suite chroot ready in $_dir ($1 $_v, $(( $(date +%s) - _start )) s)"
}
