#!/bin/sh
# extract.sh: regenerate the SIP test vectors in this directory from the real
# captures of tests/real-captures.tsv (read in place, never copied; the
# folder is PCAP_DIR, else FAXCALLS_REAL_PCAPS, else ../shared/pcaps/real).
# Each vector is the exact UDP payload of one frame, CRLFs preserved.
#   usage: tests/unit/data/sip/extract.sh [PCAP_DIR]
# Needs tshark and xxd.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pcaps=${1:-${FAXCALLS_REAL_PCAPS:-$here/../../../../../shared/pcaps/real}}

# vector-name  capture  frame
while read -r name cap frame; do
    [ -n "$name" ] || continue
    tshark -r "$pcaps/$cap" -Y "frame.number == $frame" -T fields -e udp.payload 2>/dev/null \
        | xxd -r -p > "$here/$name.txt"
    [ -s "$here/$name.txt" ] || { echo "extract.sh: $cap frame $frame: empty" >&2; exit 1; }
done <<'LIST'
t38faxcap-f1-invite-pcmu       t38faxcap-sample.pcap                  1
t38faxcap-f308-reinvite-t38    t38faxcap-sample.pcap                  308
t38faxcap-f319-200ok-t38       t38faxcap-sample.pcap                  319
t38faxcap-f702-reinvite-audio  t38faxcap-sample.pcap                  702
t38faxcap-f717-bye             t38faxcap-sample.pcap                  717
wiki-t38-f1-invite-g729        wiki-T38.pcap                          1
wiki-t38-f11-reinvite-t38      wiki-T38.pcap                          11
wiki-t38-f13-200ok-t38         wiki-T38.pcap                          13
wiki-t38-f16-bye               wiki-T38.pcap                          16
wiki-fb1-f3107-reinvite-t38    wiki-FAX-Call-t38-CA-TDM-SIP-FB-1.pcap 3107
wiki-fb1-f3112-488             wiki-FAX-Call-t38-CA-TDM-SIP-FB-1.pcap 3112
LIST
