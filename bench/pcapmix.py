#!/usr/bin/env python3
"""Build large benchmark captures from the committed single-call captures.

  pcapmix.py fax  N OUT.pcap    N fax calls: copies of pcaps/{sip-488,t38-*}.pcap in turn
                                (mixed scenarios), call k starting k*GAP seconds in
  pcapmix.py fax N OUT.pcap --gap S    calls S seconds apart (default 0.25 s; S longer
                                than a call (60) gives a capture with no overlapping calls)
  pcapmix.py voip N OUT.pcap    the same N calls and the same packet count with no fax:
                                each T.38 (UDPTL) datagram becomes a G.711 RTP packet on
                                the call's audio RTP stream of that direction, and the SDP
                                of T.38 re-INVITEs/answers offers audio instead of image

Every copy is made a distinct call: IPv4 addresses 10.B.C.D become 10.B.(k>>8).(k&255)
in the IP headers and in the SIP/SDP text, the Call-ID's 8-hex prefix becomes k's, SIP
Content-Length, IP total length and header checksum and UDP length are recomputed (UDP
checksum 0: "not computed", RFC 768).  Output is written in time order (heap merge), pcap
with microsecond timestamps, Ethernet link type.  Plain Python, standard library only.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import heapq
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = ["sip-488", "t38-ecm-2pages", "t38-ftt-fallback", "t38-loss-noec", "t38-loss-redundancy",
           "t38-nonecm-1page", "t38-nonecm-3pages", "t38-rtn", "t38-t1-timeout", "t38-training-fail"]
GAP = 0.25              # seconds between call starts (about 150 calls in progress at once)
T0 = 1767225600.0       # 2026-01-01 00:00:00 UTC
MAX_CALLS = 65535       # the copy number fits the two low address octets

IP4_RE = re.compile(rb"(?<![0-9.])10\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![0-9])")
CALLID_RE = re.compile(rb"[0-9a-f]{8}(-\d+-faxgen@)")
CLEN_RE = re.compile(rb"\r\nContent-Length: *\d+", re.I)


def read_pcap(path):
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0xA1B2C3D4:
        e, div = "<", 1e6
    elif magic == 0xA1B23C4D:
        e, div = "<", 1e9
    else:
        sys.exit("%s: not a little-endian pcap file" % path)
    if struct.unpack(e + "I", data[20:24])[0] != 1:
        sys.exit("%s: not Ethernet" % path)
    off, pkts = 24, []
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(e + "IIII", data[off:off + 16])
        pkts.append((sec + frac / div, data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return pkts


def csum16(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


class Template:
    """One source capture, parsed once; copies are made per call."""

    def __init__(self, name, voip):
        self.pkts = []   # (t_rel, eth, ip_hdr(no addrs), src, dst, sport, dport, payload, kind)
        raw = read_pcap(os.path.join(ROOT, "pcaps", name + ".pcap"))
        t0 = raw[0][0]
        image_ports, rtp_dir = set(), {}
        parsed = []
        for t, fr in raw:
            if len(fr) < 42 or fr[12:14] != b"\x08\x00" or fr[23] != 17 or (fr[14] & 0x0F) != 5:
                sys.exit("%s: only Ethernet/IPv4/UDP without options is supported" % name)
            if struct.unpack("!H", fr[20:22])[0] & 0x3FFF:
                sys.exit("%s: IP fragments are not supported" % name)
            sport, dport = struct.unpack("!HH", fr[34:38])
            payload = fr[42:14 + struct.unpack("!H", fr[16:18])[0]]
            kind = "sip" if 5060 in (sport, dport) else "udp"
            if kind == "sip":
                for m in re.finditer(rb"m=image (\d+)", payload):
                    image_ports.add(int(m.group(1)))
            parsed.append((t - t0, fr[:14], fr[14:34], fr[26:30], fr[30:34], sport, dport, payload, kind))
        for p in parsed:
            if p[8] == "udp":
                if p[5] in image_ports or p[6] in image_ports:
                    p = p[:8] + ("udptl",)
                elif len(p[7]) >= 12 and p[7][0] == 0x80:
                    seq, ts, ssrc = struct.unpack("!HII", p[7][2:12])
                    rtp_dir[p[3]] = [p[3], p[4], p[5], p[6], seq, ts, ssrc]  # last RTP per sender
                    p = p[:8] + ("rtp",)
            self.pkts.append(p)
        self.voip = voip
        self.rtp_dir = rtp_dir

    def copy(self, k, t_start):
        """Yield (time, frame bytes) of copy k."""
        amap = {}

        def addr(a):
            if a not in amap:
                amap[a] = bytes((a[0], a[1], (k >> 8) & 0xFF, k & 0xFF)) if a[0] == 10 else a
            return amap[a]

        def text(b):
            b = IP4_RE.sub(lambda m: b"10.%s.%d.%d" % (m.group(1), (k >> 8) & 0xFF, k & 0xFF), b)
            return CALLID_RE.sub(lambda m: b"%08x%s" % (k, m.group(1)), b)

        rtp_state = {s: list(v) for s, v in self.rtp_dir.items()}
        for t, eth, iph, src, dst, sport, dport, payload, kind in self.pkts:
            if kind == "sip":
                head, sep, body = payload.partition(b"\r\n\r\n")
                if self.voip and b"m=image" in body:
                    body = re.sub(rb"m=image (\d+) udptl t38", rb"m=audio \1 RTP/AVP 0", body)
                    body = re.sub(rb"a=T38[^\r\n]*\r\n", b"", body)
                head, body = text(head), text(body)
                if sep:
                    head = CLEN_RE.sub(b"\r\nContent-Length: %d" % len(body), head)
                payload = head + sep + body
            elif kind == "udptl" and self.voip and src in rtp_state:
                # the same moment, the same direction: a G.711 packet of the audio stream
                st = rtp_state[src]
                src, dst, sport, dport = st[0], st[1], st[2], st[3]
                st[4] = (st[4] + 1) & 0xFFFF
                st[5] = (st[5] + 160) & 0xFFFFFFFF
                payload = struct.pack("!BBHII", 0x80, 0, st[4], st[5], st[6]) + b"\xd5" * 160
            s, d = addr(src), addr(dst)
            total = 20 + 8 + len(payload)
            ip = bytearray(iph)
            ip[2:4] = struct.pack("!H", total)
            ip[10:12] = b"\0\0"
            ip[12:16] = s
            ip[16:20] = d
            ip[10:12] = struct.pack("!H", csum16(bytes(ip)))
            udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
            yield (t_start + t, eth + bytes(ip) + udp + payload)


def main():
    args = sys.argv[1:]
    gap = GAP
    if len(args) == 6 and args[3] == "--gap":
        gap = float(args[4])
        args = args[:3] + args[5:]
    elif len(args) == 5 and args[3] == "--gap":
        gap = float(args[4])
        args = args[:3]
    if len(args) != 3 or args[0] not in ("fax", "voip") or gap <= 0:
        sys.exit(__doc__)
    voip, n, out = args[0] == "voip", int(args[1]), args[2]
    if not 1 <= n <= MAX_CALLS:
        sys.exit("N must be 1..%d" % MAX_CALLS)
    tpl = [Template(s, voip) for s in SOURCES]
    gens = [tpl[(k - 1) % len(tpl)].copy(k, T0 + (k - 1) * gap) for k in range(1, n + 1)]
    count = 0
    tmp = out + ".part"
    with open(tmp, "wb", buffering=1 << 20) as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for t, fr in heapq.merge(*gens, key=lambda x: x[0]):
            us = int(round(t * 1e6))
            f.write(struct.pack("<IIII", us // 1000000, us % 1000000, len(fr), len(fr)))
            f.write(fr)
            count += 1
    os.replace(tmp, out)
    print("%s: %d calls, %d packets" % (out, n, count))


if __name__ == "__main__":
    main()
