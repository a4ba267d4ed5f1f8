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
CHROOTS=${FAXCALLS_CHROOTS:-/var/tmp/faxcalls-chroots}
MIRROR=${FAXCALLS_MIRROR:-http://deb.debian.org/debian}
OUT=${FAXCALLS_DEB_OUT:-$SRC/build-pkg/dist}
if [ "$(id -u)" -ne 0 ]; then
  echo "$0: must run as root (debootstrap, chroot, mount)" >&2
  exit 1
fi
# Private mount namespace: a killed run leaves nothing mounted in a chroot.
if [ -z "${FAXCALLS_IN_UNSHARE:-}" ] && command -v unshare >/dev/null &&
   unshare --mount --propagation private true 2>/dev/null; then
  FAXCALLS_IN_UNSHARE=1 exec unshare --mount --propagation private sh "$0" "$@"
fi
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

MOUNTS=""
cleanup() {
  for m in $MOUNTS; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  MOUNTS=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mnt() {   # mnt TARGET mount-args...
  t=$1; shift
  mkdir -p "$t"
  mount "$@" "$t"
  MOUNTS="$t $MOUNTS"
}
in_chroot() {   # in_chroot DIR sh-script
  d=$1; shift
  chroot "$d" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LC_ALL=C TZ=UTC DEBIAN_FRONTEND=noninteractive sh -ec "$1"
}
mounted_under() {
  awk -v d="$1" '$2 == d || index($2, d "/") == 1 { found = 1 } END { exit !found }' /proc/mounts
}
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
  if ! chroot "$BUILD_CHROOT" sh -c 'command -v file && pkg-config --exists libpng' >/dev/null 2>&1; then
    echo "faxcalls: installing file and libpng-dev into the build chroot $BUILD_CHROOT"
    mnt "$BUILD_CHROOT/proc" -t proc proc
    in_chroot "$BUILD_CHROOT" 'apt-get update -qq && apt-get install -y -qq --no-install-recommends file libpng-dev >/dev/null 2>&1 && apt-get clean && rm -rf /var/lib/apt/lists/*'
    cleanup
  fi
  mnt "$BUILD_CHROOT/proc" -t proc proc
  mnt "$BUILD_CHROOT/faxcalls/src" --bind "$SRC"
  mount -o remount,bind,ro "$BUILD_CHROOT/faxcalls/src"
  rm -rf "$BUILD_CHROOT/faxcalls/pkgbuild" "$BUILD_CHROOT/faxcalls/pkgout"
  in_chroot "$BUILD_CHROOT" 'sh /faxcalls/src/packaging/deb/build-deb.sh /faxcalls/pkgbuild /faxcalls/pkgout' >"$OUT/build.log" 2>&1 || {
    cat "$OUT/build.log" >&2
    echo "$0: building the .deb in $BUILD_CHROOT failed" >&2
    exit 1
  }
  cleanup
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
  command -v debootstrap >/dev/null || { echo "$0: debootstrap is missing" >&2; exit 1; }
  NEW=$CLEAN.new
  for d in "$CLEAN" "$NEW"; do
    if mounted_under "$d"; then
      echo "$0: something is still mounted under $d; unmount it first" >&2
      exit 1
    fi
  done
  rm -rf "$NEW"
  mkdir -p "$CHROOTS"
  echo "faxcalls: debootstrap $SUITE into $NEW (minbase + tshark) from $MIRROR"
  debootstrap --variant=minbase --components=main "$SUITE" "$NEW" "$MIRROR" >"$NEW.log" 2>&1 || {
    tail -n 30 "$NEW.log" >&2
    echo "$0: debootstrap failed (full log: $NEW.log)" >&2
    exit 1
  }
  printf '#!/bin/sh\nexit 101\n' >"$NEW/usr/sbin/policy-rc.d"
  chmod 755 "$NEW/usr/sbin/policy-rc.d"
  echo "wireshark-common wireshark-common/install-setuid boolean false" >"$NEW/tmp/preseed"
  echo 'Acquire::Check-Valid-Until "false";' >"$NEW/etc/apt/apt.conf.d/99faxcalls"
  mnt "$NEW/proc" -t proc proc
  in_chroot "$NEW" '
    debconf-set-selections /tmp/preseed
    rm -f /tmp/preseed
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends tshark
    apt-get clean
    rm -rf /var/lib/apt/lists/*' >>"$NEW.log" 2>&1 || {
    tail -n 30 "$NEW.log" >&2
    echo "$0: installing tshark in the clean chroot failed (full log: $NEW.log)" >&2
    exit 1
  }
  cleanup
  v=$(chroot "$NEW" dpkg-query -W -f='${Version}' tshark)
  echo "$SUITE minbase + tshark $v, made $(date -u +%Y-%m-%dT%H:%MZ)" >"$NEW/$READY"
  mv "$NEW" "$CLEAN"
  mv "$NEW.log" "$CLEAN.log"
  echo "faxcalls: clean $SUITE chroot ready in $CLEAN (tshark $v, $(($(now) - t1)) s)"
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
cleanup
sed 's/^/  /' "$log"
rm -rf "${CLEAN:?}$T"
t3=$(now)
echo "faxcalls: times: package $((t1 - t0)) s, clean chroot $((t2 - t1)) s, install+test $((t3 - t2)) s"
if [ "$st" -ne 0 ]; then
  echo "deb $pkgws: $name in Debian $SUITE (tshark $tsver): FAILED"
  exit 1
fi
echo "deb $pkgws: $name installs, tshark -z fax,stat OK"
