#!/usr/bin/env python3
"""fuzz-corpus.py: write the libFuzzer seed corpora from the captures.

  fuzz-corpus.py OUTDIR [SEED_T30_TOOL]

Reads every pcaps/*.pcap and the real captures of tests/real-captures.tsv
(when present) and writes
  OUTDIR/sip/       each distinct SIP message (fuzz-sip)
  OUTDIR/udptl/     each T.38 flow pair, in windows of <= 4 KiB (fuzz-udptl)
  OUTDIR/registry/  each capture's SIP + T.38 datagrams, <= 64 KiB (fuzz-registry)
  OUTDIR/h225/      each distinct H.225.0 TPKT packet (TCP port 1720), and each
                    H.225.0 connection whole with the harness's control octets
                    (fuzz-h225); a crafted call when no capture has H.225.0
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
H225_PORT = 1720            # H.225.0 7.6: the call signalling channel's well-known port
H225_MAX = 16384            # fuzz-h225's max_len (CMakeLists.txt)


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


def tcp_of(linktype, data):
    """(src, sport, dst, dport, seq, payload) of a frame's TCP, or None
    (first fragments only; the IP length, not the frame's, bounds it)."""
    off = 0
    if linktype == pcapfile.LINKTYPE_ETHERNET:
        off, et = 14, data[12:14]
        while et in (b"\x81\x00", b"\x88\xa8") and len(data) >= off + 4:
            et, off = data[off + 2:off + 4], off + 4
        if et not in (b"\x08\x00", b"\x86\xdd"):
            return None
    elif linktype == pcapfile.LINKTYPE_SLL:
        off = 16
    elif linktype not in (pcapfile.LINKTYPE_RAW, pcapfile.LINKTYPE_IPV4):
        return None
    if len(data) < off + 20:
        return None
    ver = data[off] >> 4
    if ver == 4:
        ihl = (data[off] & 15) * 4
        if data[off + 9] != 6 or struct.unpack(">H", data[off + 6:off + 8])[0] & 0x1FFF:
            return None
        end = off + struct.unpack(">H", data[off + 2:off + 4])[0]
        src, dst, t = data[off + 12:off + 16], data[off + 16:off + 20], off + ihl
    elif ver == 6:
        if len(data) < off + 40 or data[off + 6] != 6:
            return None
        end = off + 40 + struct.unpack(">H", data[off + 4:off + 6])[0]
        src, dst, t = data[off + 8:off + 24], data[off + 24:off + 40], off + 40
    else:
        return None
    if len(data) < t + 20:
        return None
    sport, dport, seq = struct.unpack(">HHI", data[t:t + 8])
    return src, sport, dst, dport, seq, data[t + (data[t + 12] >> 4) * 4:min(end, len(data))]


def tpkt_packets(stream):
    """RFC 1006 6: the whole TPKT packets at the start of stream, and the rest."""
    out = []
    while len(stream) >= 4 and stream[0] == 3 and stream[1] == 0:
        n = struct.unpack(">H", stream[2:4])[0]
        if n < 7 or n > len(stream):
            break
        out.append(stream[:n])
        stream = stream[n:]
    return out, stream


def h225_messages(pc):
    """The H.225.0 messages (TPKT packets) of a capture, per TCP connection
    in capture order: {connection: [(t, from_called, packet)]}, the
    connection keyed (caller, called) with the called end on port 1720.
    Retransmitted segments (a sequence number seen before) are skipped."""
    conns, pending, seen = {}, {}, set()
    for r in pc.records:
        tcp = tcp_of(pc.linktype, r.data)
        if tcp is None:
            continue
        src, sport, dst, dport, seq, payload = tcp
        if not payload or H225_PORT not in (sport, dport):
            continue
        from_called = sport == H225_PORT
        key = ((dst, dport), (src, sport)) if from_called else ((src, sport), (dst, dport))
        if (src, sport, dst, dport, seq) in seen:
            continue
        seen.add((src, sport, dst, dport, seq))
        t = r.sec + r.frac / (1e9 if pc.magic == 0xA1B23C4D else 1e6)
        pkts, pending[key, from_called] = tpkt_packets(pending.get((key, from_called), b"") + payload)
        for p in pkts:
            conns.setdefault(key, []).append((t, from_called, p))
    return conns


# fuzz-h225.c's control octets: bits 7-5 what, bits 4-0 its argument
def ctl(op, arg):
    return bytes([op << 5 | arg])


H245_OLC, H245_OLC_ACK = 1, 2             # fax_h245_kind
Q931_SETUP, Q931_CONNECT = 0x05, 0x07


def q931_type(pkt):
    """Q.931 4.4: the message type of a TPKT packet's message, or None."""
    crl = pkt[5] & 15 if len(pkt) > 5 else 15
    return pkt[6 + crl] & 0x7f if crl <= 2 and len(pkt) > 6 + crl and pkt[4] == 8 else None


def h225_connection_seed(key, msgs):
    """A connection's messages as fuzz-h225 reads them: connection 0 (two
    hosts), the direction and time steps as control octets, a
    callIdentifier after the Setup, and after the Connect an H.245
    openLogicalChannel t38fax, its Ack and T.38 datagrams between the two
    hosts (media hosts 0 and 1), so that the stream joins the call."""
    seed, last_dir, last_t = bytearray(), None, None
    guid = hashlib.sha1(repr(key).encode()).digest()[:16]
    for t, from_called, pkt in msgs:
        if from_called != last_dir:
            seed += ctl(0, 4 if from_called else 0)
            last_dir = from_called
        if last_t is not None and t - last_t >= 0.5:
            seed += ctl(1, min(31, int((t - last_t) / 0.5)))
        last_t = t
        if len(seed) + len(pkt) + 40 > H225_MAX:
            break
        seed += pkt
        typ = q931_type(pkt)
        if typ == Q931_SETUP:
            seed += ctl(4, 1) + guid
        elif typ == Q931_CONNECT:
            seed += ctl(2, 16 | H245_OLC) + ctl(2, H245_OLC_ACK)
            seed += ctl(7, 1) + ctl(2, 16 | H245_OLC)        # dissected again
            seed += ctl(1, 2) + (ctl(5, 1 << 2) + ctl(5, 16 | 1 << 2)) * 4
            seed += ctl(6, 0)
    return bytes(seed)


# A crafted call when no capture has H.225.0: Setup (call reference 1,
# calling 5551, called 1234, display, user-user IE), Connect from the called
# side, Release Complete cause 16 (Q.931 4.5.12).
CRAFTED_H225 = [
    (False, bytes.fromhex("080200010504038090a36c06218035353531700581313233342803466178"
                          "7e00052080060008")),
    (True, bytes.fromhex("08028001077e00052280060008")),
    (False, bytes.fromhex("080200015a080281907e00052580060008")),
]


def tpkt(msg):
    return struct.pack(">BBH", 3, 0, 4 + len(msg)) + msg


def h225_seeds(conns, out, counts):
    for key in sorted(conns):
        msgs = conns[key]
        for _, _, pkt in msgs:
            if counts["h225"] < 1000:
                put(os.path.join(out, "h225"), pkt)
                counts["h225"] += 1
        put(os.path.join(out, "h225"), h225_connection_seed(key, msgs))
        counts["h225"] += 1


def main():
    out = sys.argv[1]
    tool = sys.argv[2] if len(sys.argv) > 2 else None
    counts = {"sip": 0, "udptl": 0, "registry": 0, "t30": 0, "h225": 0}
    for cap in captures():
        pc = pcapfile.read(cap)
        h225_seeds(h225_messages(pc), out, counts)
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
    if counts["h225"] == 0:
        msgs = [(i * 1.0, d, tpkt(m)) for i, (d, m) in enumerate(CRAFTED_H225)]
        h225_seeds({("crafted",): msgs}, out, counts)
    print("corpus: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())))


if __name__ == "__main__":
    main()
