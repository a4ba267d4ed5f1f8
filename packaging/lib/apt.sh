# Debian package installs for faxcalls' scripts, written once.  Source it:
#   . packaging/lib/apt.sh
#   apt_missing PKG...     print the packages of the list not installed (none: nothing)
#   apt_install PKG...     install the missing ones from Debian's archive; does
#                          nothing (and needs no root) when all are there
#   apt_clean              drop the package cache and lists (chroots stay small)
# Also copied into the chroots (packaging/lib/chroot.sh) and sourced there.
# SPDX-License-Identifier: GPL-2.0-or-later

apt_missing() {
  for _p in "$@"; do
    dpkg-query -W -f='${Status}' "$_p" 2>/dev/null | grep -q "install ok installed" ||
      printf '%s ' "$_p"
  done
}

apt_install() {
  _missing=$(apt_missing "$@")
  [ -n "$_missing" ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "faxcalls: missing Debian packages: $_missing" >&2
    echo "faxcalls: run as root (sudo) to install them" >&2
    return 1
  fi
  echo "faxcalls: installing $_missing"
  # tshark asks whether non-root users may capture: keep Debian's default (no)
  echo "wireshark-common wireshark-common/install-setuid boolean false" |
    DEBIAN_FRONTEND=noninteractive debconf-set-selections
  # A mirror serving a frozen snapshot (sid's Release files expire after a
  # week) is accepted: Check-Valid-Until=false.
  DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $_missing
}

apt_clean() {
  apt-get clean
  rm -rf /var/lib/apt/lists/*
}
