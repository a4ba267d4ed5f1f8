#!/bin/sh
# CI, after the test suites (.ci/run): build the faxcalls .deb for each
# Wireshark version and install it into a clean Debian chroot that has only
# tshark (packaging/deb-test.sh):
#   4.0  built here (Debian 12),           tested in SUITE-clean = bookworm-clean
#   4.4  built in the trixie build chroot, tested in trixie-clean
#   4.6  built in the sid build chroot,    tested in sid-clean
# Each clean chroot also has to refuse the previous version's .deb (the
# libwireshark pin). Build chroots come from packaging/chroot/make-chroot.sh
# (reused as .ci/multiversion.sh left them); clean ones are made on first use.
#   FAXCALLS_CHROOTS (/var/tmp/faxcalls-chroots)  FAXCALLS_MIRROR (deb.debian.org)
#   FAXCALLS_DEB_OUT where the .debs go (build-pkg/dist)
# Ends with one line per version, e.g.
#   deb 4.4: faxcalls_0.1.0-1+ws4.4_amd64.deb installs, tshark -z fax,stat OK [116282 bytes, 40 s]
# and exits non-zero if any failed. Runs as root.
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
cd "$(dirname "$0")/.."
CHROOTS=${FAXCALLS_CHROOTS:-/var/tmp/faxcalls-chroots}
OUT=${FAXCALLS_DEB_OUT:-$PWD/build-pkg/dist}
export FAXCALLS_CHROOTS FAXCALLS_DEB_OUT="$OUT"
native=$(. /etc/os-release && echo "$VERSION_CODENAME")

. packaging/lib/apt.sh
apt_install debootstrap file dpkg-dev >/dev/null || {
  echo "packages: cannot install debootstrap, file, dpkg-dev" >&2
  exit 1
}

rc=0
summary=$(mktemp)
out=$(mktemp)
trap 'rm -f "$summary" "$out"' EXIT
mkdir -p "$OUT"
rm -f "$OUT"/faxcalls_*.deb
prev=""
# SUITE:how  ("native" = build on this machine)
for entry in "$native:native" trixie:chroot sid:chroot; do
  suite=${entry%%:*}
  how=${entry#*:}
  echo "==== faxcalls .deb for Debian $suite ===="
  t0=$(date +%s)
  set --
  if [ "$how" = chroot ]; then
    if ! sh packaging/chroot/make-chroot.sh "$suite" "$CHROOTS/$suite"; then
      echo "deb ($suite): the build chroot could not be made: FAILED" >>"$summary"
      rc=1
      continue
    fi
    set -- -b "$CHROOTS/$suite"
  fi
  [ -z "$prev" ] || set -- "$@" -r "$prev"
  sh packaging/deb-test.sh "$@" "$suite" >"$out" 2>&1
  st=$?
  cat "$out"
  [ "$st" -eq 0 ] || rc=1
  line=$(tail -n 1 "$out")
  case $line in
    deb*) ;;
    *) line="deb ($suite): packaging or test failed (exit $st)" ;;
  esac
  deb=$(ls "$OUT"/faxcalls_*+ws*.deb 2>/dev/null | while read -r f; do
          case $line in *"$(basename "$f")"*) echo "$f" ;; esac
        done | head -n 1)
  size=""
  [ -z "$deb" ] || { size="$(stat -c %s "$deb") bytes, "; prev=$deb; }
  echo "$line [${size}$(( $(date +%s) - t0 )) s]" >>"$summary"
done
echo "==== faxcalls packages summary ===="
cat "$summary"
exit $rc
