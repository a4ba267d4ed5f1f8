#!/bin/sh
# Install the faxcalls .deb into a clean Debian chroot that has nothing but
# tshark from Debian, and check that tshark there loads it and reports the
# bundled sample's three fax calls (tshark -z fax,stat).
#   packaging/deb-test.sh [-b BUILD_CHROOT | -d DEB] [-r OTHER_DEB] [SUITE]
#     SUITE  Debian suite of the clean chroot (default: this machine's, e.g.
#            bookworm for Wireshark 4.0; trixie 4.4; sid 4.6). The chroot is
#            $FAXCALLS_CHROOTS/SUITE-clean, made on first use (debootstrap
#            --variant=minbase, then apt-get install tshark only) and reused.
#     -b DIR build the .deb inside that build chroot (packaging/chroot/
#            make-chroot.sh) instead of on this machine
#     -d DEB test this already built .deb
#     -r DEB also check that apt refuses this .deb (built for another
#            Wireshark X.Y) in the clean chroot
#   FAXCALLS_CHROOTS  (/var/tmp/faxcalls-chroots)  FAXCALLS_MIRROR  (deb.debian.org)
#   FAXCALLS_DEB_OUT  where built .debs are put (build-pkg/dist)
# Without -b/-d the .deb is built here by packaging/deb/build-deb.sh, for the
# running Wireshark. Runs as root: tshark runs as root in the chroot, which
# reads the system plugin folder (the one the .deb installs into).
# The package is removed again (apt-get purge --autoremove) so the chroot
# stays clean. Last line, e.g.:
#   deb 4.4: faxcalls_0.1.0-1+ws4.4_amd64.deb installs, tshark -z fax,stat OK
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd -P)
FAXCALLS_LIB=$SRC/packaging/lib
. "$FAXCALLS_LIB/chroot.sh"
CHROOTS=${FAXCALLS_CHROOTS:-/var/tmp/faxcalls-chroots}
OUT=${FAXCALLS_DEB_OUT:-$SRC/build-pkg/dist}
chroot_need_root
chroot_private_mounts "$0" "$@"
BUILD_CHROOT= DEB= REFUSE=
usage() {
  sed -n '5,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
while getopts b:d:r: opt; do
  case $opt in
    b) BUILD_CHROOT=$(cd "$OPTARG" && pwd -P) ;;
    d) DEB=$OPTARG ;;
    r) REFUSE=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage
SUITE=${1:-$(. /etc/os-release && echo "$VERSION_CODENAME")}
CLEAN=$CHROOTS/$SUITE-clean
READY=.faxcalls-clean-ready

trap unmount_all EXIT
trap 'exit 130' INT TERM
now() { date +%s; }

# ---- 1. the .deb ------------------------------------------------------------
t0=$(now)
mkdir -p "$OUT"
if [ -n "$DEB" ]; then
  [ -f "$DEB" ] || { echo "$0: no such .deb: $DEB" >&2; exit 1; }
  how="given"
elif [ -n "$BUILD_CHROOT" ]; then
  [ -f "$BUILD_CHROOT/.faxcalls-chroot-ready" ] || {
    echo "$0: $BUILD_CHROOT is not a finished build chroot (packaging/chroot/make-chroot.sh)" >&2
    exit 1
  }
  # Packaging needs file (for dpkg-shlibdeps) and the build libpng-dev (page
  # previews), which build chroots made by an older make-chroot.sh lack.
  chroot_apt "$BUILD_CHROOT" file libpng-dev
  unmount_all
  mnt "$BUILD_CHROOT/proc" -t proc proc
  mnt "$BUILD_CHROOT/faxcalls/src" --bind "$SRC"
  mount -o remount,bind,ro "$BUILD_CHROOT/faxcalls/src"
  rm -rf "$BUILD_CHROOT/faxcalls/pkgbuild" "$BUILD_CHROOT/faxcalls/pkgout"
  in_chroot "$BUILD_CHROOT" 'sh /faxcalls/src/packaging/deb/build-deb.sh /faxcalls/pkgbuild /faxcalls/pkgout' >"$OUT/build.log" 2>&1 || {
    cat "$OUT/build.log" >&2
    echo "$0: building the .deb in $BUILD_CHROOT failed" >&2
    exit 1
  }
  unmount_all
  path=$(tail -n 1 "$OUT/build.log")
  cp "$BUILD_CHROOT$path" "$OUT/"
  DEB=$OUT/$(basename "$path")
  how="built in $BUILD_CHROOT"
else
  sh "$SRC/packaging/deb/build-deb.sh" "" "$OUT" >"$OUT/build.log" 2>&1 || {
    cat "$OUT/build.log" >&2
    exit 1
  }
  DEB=$(tail -n 1 "$OUT/build.log")
  how="built here"
fi
DEB=$(cd "$(dirname "$DEB")" && pwd -P)/$(basename "$DEB")
name=$(basename "$DEB")
t1=$(now)
echo "faxcalls: $name ($(stat -c %s "$DEB") bytes, $how, $((t1 - t0)) s)"
pkgws=$(echo "$name" | sed -n 's/.*+ws\([0-9]*\.[0-9]*\)_.*/\1/p')
pkgver=$(dpkg-deb -f "$DEB" Version)
projver=$(sed -n 's/^project(faxcalls VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
case $pkgver in
  "$projver"-*) ;;
  *) echo "$0: package version $pkgver is not the project's $projver (CMakeLists.txt)" >&2; exit 1 ;;
esac
echo "faxcalls: Depends: $(dpkg-deb -f "$DEB" Depends)"

# ---- 2. the clean chroot: tshark and nothing else ---------------------------
if [ ! -f "$CLEAN/$READY" ]; then
  chroot_create "$SUITE" "$CLEAN" "$READY" tshark
else
  echo "faxcalls: reusing the clean chroot $CLEAN ($(cat "$CLEAN/$READY"))"
fi
t2=$(now)
tsver=$(chroot "$CLEAN" dpkg-query -W -f='${Version}' tshark)
chws=$(echo "$tsver" | sed -n 's/^\([0-9]*:\)\{0,1\}\([0-9]*\.[0-9]*\)\..*/\2/p')
if [ "$chws" != "$pkgws" ]; then
  echo "deb $pkgws: $name is for Wireshark $pkgws but the $SUITE chroot has tshark $tsver: FAILED"
  exit 1
fi
# Only tshark (and what it pulls in) may be there: no compiler, no -dev.
if chroot "$CLEAN" dpkg-query -W -f='${Package}\n' | grep -E '^(libwireshark-dev|cmake|gcc|cpp)$'; then
  echo "deb $pkgws: the chroot $CLEAN is not clean: FAILED"
  exit 1
fi

# ---- 3. install, load, report, remove ---------------------------------------
T=/tmp/faxcalls-deb-test
rm -rf "$CLEAN$T"
mkdir -p "$CLEAN$T"
cp "$DEB" "$SRC/pcaps/sample.pcap" "$SRC/tests/golden/expected/sample.stat.txt" "$CLEAN$T/"
[ -z "$REFUSE" ] || cp "$REFUSE" "$CLEAN$T/"
mnt "$CLEAN/proc" -t proc proc
log=$CLEAN$T/log
st=0
in_chroot "$CLEAN" "
  cd $T
  if dpkg-query -W faxcalls >/dev/null 2>&1; then
    echo 'removing faxcalls left by an interrupted run'
    apt-get purge -y -qq --autoremove faxcalls >/dev/null
  fi
  apt-get update -qq
  dpkg-query -W -f='\${Package}\n' | sort >before.txt
  apt-get install -y -qq --no-install-recommends ./$name >apt.log 2>&1 || { cat apt.log; exit 1; }
  added=\$(dpkg-query -W -f='\${Package}\n' | sort | comm -13 before.txt -)
  echo \"installed: \$(echo \$added)\"
  so=\$(dpkg -L faxcalls | grep '/faxcalls\.so\$')
  echo \"plugin: \$so\"
  case \$so in
    /usr/lib/*/wireshark/plugins/$pkgws/epan/faxcalls.so) ;;
    *) echo 'not in the Wireshark $pkgws system plugin folder'; exit 1 ;;
  esac
  tshark -G plugins 2>/dev/null | grep faxcalls >plugins.txt || { echo 'tshark -G plugins does not list faxcalls'; exit 1; }
  echo \"tshark -G plugins: \$(cat plugins.txt)\"
  awk '{ print \$2 }' plugins.txt | grep -qx '$projver' || { echo 'plugin version is not $projver'; exit 1; }
  tshark -r sample.pcap -q -z fax,stat >stat.txt 2>stat.err || { cat stat.err; exit 1; }
  sed -n '2,4p' stat.txt
  grep -qx 'Fax calls: 3' stat.txt || { echo 'no \"Fax calls: 3\"'; cat stat.txt; exit 1; }
  rows=\$(grep -cE '^[123] +[0-9]+\.[0-9]{3} ' stat.txt || true)
  [ \"\$rows\" = 3 ] || { echo \"\$rows call rows, want 3\"; cat stat.txt; exit 1; }
  if ! cmp -s stat.txt sample.stat.txt; then
    echo 'output differs from tests/golden/expected/sample.stat.txt:'
    diff sample.stat.txt stat.txt || true
    exit 1
  fi
  echo 'tshark -z fax,stat equals tests/golden/expected/sample.stat.txt'
  if [ -n '$REFUSE' ]; then
    if apt-get install -s -y -qq --no-install-recommends ./$(basename "${REFUSE:-none}") >refuse.log 2>&1; then
      echo 'apt would install $(basename "${REFUSE:-none}") here: the Wireshark pin does not hold'
      exit 1
    fi
    echo \"apt refuses $(basename "${REFUSE:-none}"): \$(grep -m1 'libwireshark' refuse.log | sed 's/^ *//')\"
  fi
" >"$log" 2>&1 || st=$?
# Remove the package whatever happened above, so the chroot stays clean.
in_chroot "$CLEAN" "
  cd $T
  if dpkg-query -W faxcalls >/dev/null 2>&1; then
    apt-get purge -y -qq --autoremove faxcalls >>apt.log 2>&1
  fi
  if ls /usr/lib/*/wireshark/plugins/*/epan/faxcalls.so 2>/dev/null; then
    echo 'faxcalls.so left behind after purge'
    exit 1
  fi
  if [ -f before.txt ]; then
    left=\$(dpkg-query -W -f='\${Package}\n' | sort | comm -3 before.txt -)
    [ -z \"\$left\" ] || { echo \"installed packages differ after purge: \$left\"; exit 1; }
    echo 'purged: the chroot is as before'
  fi
  apt-get clean
  rm -rf /var/lib/apt/lists/*
" >>"$log" 2>&1 || st=$?
unmount_all
sed 's/^/  /' "$log"
rm -rf "${CLEAN:?}$T"
t3=$(now)
echo "faxcalls: times: package $((t1 - t0)) s, clean chroot $((t2 - t1)) s, install+test $((t3 - t2)) s"
if [ "$st" -ne 0 ]; then
  echo "deb $pkgws: $name in Debian $SUITE (tshark $tsver): FAILED"
  exit 1
fi
echo "deb $pkgws: $name installs, tshark -z fax,stat OK"
