#!/usr/bin/env python3
"""fuzz-corpus.py: write the libFuzzer seed corpora from the captures.

  fuzz-corpus.py OUTDIR [SEED_T30_TOOL]

Reads every pcaps/*.pcap and the real captures of tests/real-captures.tsv
(when present) and writes
  OUTDIR/sip/       each distinct SIP message (fuzz-sip)
  OUTDIR/udptl/     each T.38 flow pair, in windows of <= 4 KiB (fuzz-udptl)
  OUTDIR/registry/  each capture's SIP + T.38 datagrams, <= 64 KiB (fuzz-registry)
  OUTDIR/t30/       each whole T.38 flow pair turned into T.30 events by
                    SEED_T30_TOOL (fuzz-seed-t30), when given (fuzz-t30)
in the input formats the harnesses document.  T.38 is the UDP on ports an
SDP m=image line announced, plus the ports the real captures' PROVENANCE.md
says need Decode As.  Deterministic: same captures, same corpus.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import glob
import hashlib
import os
import re
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(ROOT, "tests", "robust"))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import pcapfile  # noqa: E402
import realcaps  # noqa: E402

DECODE_AS_PORTS = {1, 2, 16384, 16390}   # real captures whose T.38 has no SDP
SIP_START = re.compile(rb"^(SIP/2\.0 |[A-Z]+ [^ ]+ SIP/2\.0\r?\n)")


def captures():
    out = sorted(glob.glob(os.path.join(ROOT, "pcaps", "*.pcap")))
    real = realcaps.present_captures()
    out += [c for c in real if c.endswith(".pcap")] + [c for c in real if c.endswith(".pcapng")]
    return out


def put(d, data):
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    return os.path.join(d, name)


def v4(text):
    try:
        b = bytes(int(x) for x in text.split("."))
        return b if len(b) == 4 else None
    except ValueError:
        return None


def main():
    out = sys.argv[1]
    tool = sys.argv[2] if len(sys.argv) > 2 else None
    counts = {"sip": 0, "udptl": 0, "registry": 0, "t30": 0}
    for cap in captures():
        pc = pcapfile.read(cap)
        dgrams = []
        image_ports = set()
        for r in pc.records:
            u = pcapfile.udp_of(pc.linktype, r.data)
            if u is None:
                continue
            t = r.sec + r.frac / (1e9 if pc.magic == 0xA1B23C4D else 1e6)
            is_sip = bool(SIP_START.match(u.payload))
            if is_sip:
                for m in re.finditer(rb"\nm=image (\d+) ", u.payload):
                    image_ports.add(int(m.group(1)))
            dgrams.append((t, u, is_sip))
        flows = {}
        reg = bytearray()
        last_t = None
        for t, u, is_sip in dgrams:
            ws_t38 = not is_sip and (u.sport in DECODE_AS_PORTS or u.dport in DECODE_AS_PORTS)
            t38 = not is_sip and (ws_t38 or u.sport in image_ports or u.dport in image_ports)
            if is_sip:
                if counts["sip"] < 4000:
                    put(os.path.join(out, "sip"), u.payload)
                    counts["sip"] += 1
            elif t38:
                key = tuple(sorted([(u.src, u.sport), (u.dst, u.dport)]))
                side = 0 if (u.src, u.sport) == key[0] else 1
                flows.setdefault(key, []).append(struct.pack(">BH", side, len(u.payload)) + u.payload)
            else:
                continue
            s, d = v4(u.src), v4(u.dst)
            if s and d and len(reg) < 65536:
                step = 0 if last_t is None else min(15, int((t - last_t) / 0.1))
                flags = (step << 4) | (0 if is_sip else 1) | (2 if ws_t38 else 0)
                reg += struct.pack(">B4sH4sHH", flags, s, u.sport, d, u.dport, len(u.payload)) + u.payload
                last_t = t
        if reg:
            put(os.path.join(out, "registry"), bytes(reg[:65536]))
            counts["registry"] += 1
        for key in sorted(flows):
            recs = flows[key]
            win = b""
            for rec in recs:
                if len(win) + len(rec) > 4096 and win:
                    put(os.path.join(out, "udptl"), win)
                    counts["udptl"] += 1
                    win = b""
                win += rec
            if win:
                put(os.path.join(out, "udptl"), win)
                counts["udptl"] += 1
            if tool:
                whole = put(os.path.join(out, "t30-streams"), b"".join(recs))
                t30 = subprocess.run([tool, whole], check=True, capture_output=True).stdout
                if t30:
                    put(os.path.join(out, "t30"), t30)
                    counts["t30"] += 1
    print("corpus: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())))


if __name__ == "__main__":
    main()
