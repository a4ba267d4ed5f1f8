"""pcapfile.py: a tiny classic-pcap reader/writer and UDP packet (de)framer,
enough to cut, edit and build test captures without scapy.

  read(path)  -> (linktype, [Record])      (pcapng: converted by editcap first)
  write(path, linktype, records)
  udp_of(linktype, data) -> Udp or None    (Ethernet/VLAN, Linux SLL, raw IP)
  ether_udp(src, sport, dst, dport, payload) -> bytes   (IPv4 in Ethernet)

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import struct
import subprocess
import tempfile
from collections import namedtuple

Record = namedtuple("Record", "sec frac data origlen")   # frac: us or ns as the file says
Udp = namedtuple("Udp", "src sport dst dport payload ip_off")  # src/dst: dotted or v6 text

LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_SLL, LINKTYPE_IPV4 = 1, 101, 113, 228


class Pcap:
    def __init__(self, linktype, records, endian="<", magic=0xA1B2C3D4, snaplen=262144):
        self.linktype, self.records, self.endian, self.magic, self.snaplen = linktype, records, endian, magic, snaplen


def read(path):
    with open(path, "rb") as f:
        head = f.read(24)
        if head[:4] == b"\x0a\x0d\x0d\x0a":            # pcapng: let editcap convert it
            with tempfile.NamedTemporaryFile(suffix=".pcap", delete=False) as t:
                tmp = t.name
            env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}   # see common.tool_env
            subprocess.run(["editcap", "-F", "pcap", path, tmp], check=True, capture_output=True, env=env)
            try:
                return read(tmp)
            finally:
                os.unlink(tmp)
        for e in ("<", ">"):
            magic = struct.unpack(e + "I", head[:4])[0]
            if magic in (0xA1B2C3D4, 0xA1B23C4D):
                break
        else:
            raise ValueError("%s: not a pcap file" % path)
        snaplen, linktype = struct.unpack(e + "II", head[16:24])
        recs = []
        while True:
            h = f.read(16)
            if len(h) < 16:
                break
            sec, frac, incl, orig = struct.unpack(e + "IIII", h)
            recs.append(Record(sec, frac, f.read(incl), orig))
    return Pcap(linktype & 0xFFFF, recs, e, magic, snaplen)


def write(path, pcap):
    e = pcap.endian
    with open(path, "wb") as f:
        f.write(struct.pack(e + "IHHiIII", pcap.magic, 2, 4, 0, 0, pcap.snaplen, pcap.linktype))
        for r in pcap.records:
            f.write(struct.pack(e + "IIII", r.sec, r.frac, len(r.data), max(r.origlen, len(r.data))))
            f.write(r.data)


def _ip_text(b):
    if len(b) == 4:
        return ".".join(str(x) for x in b)
    return ":".join("%x" % x for x in struct.unpack(">8H", b))


def udp_of(linktype, data):
    """The first fragment's UDP of a frame, or None (no IP reassembly)."""
    off = 0
    if linktype == LINKTYPE_ETHERNET:
        off, et = 14, data[12:14]
        while et in (b"\x81\x00", b"\x88\xa8") and len(data) >= off + 4:
            et, off = data[off + 2:off + 4], off + 4
        if et not in (b"\x08\x00", b"\x86\xdd"):
            return None
    elif linktype == LINKTYPE_SLL:
        off = 16
    elif linktype not in (LINKTYPE_RAW, LINKTYPE_IPV4):
        return None
    if len(data) < off + 20:
        return None
    ver = data[off] >> 4
    if ver == 4:
        ihl = (data[off] & 15) * 4
        if data[off + 9] != 17 or struct.unpack(">H", data[off + 6:off + 8])[0] & 0x1FFF:
            return None
        src, dst, u = data[off + 12:off + 16], data[off + 16:off + 20], off + ihl
    elif ver == 6:
        if len(data) < off + 40 or data[off + 6] != 17:
            return None
        src, dst, u = data[off + 8:off + 24], data[off + 24:off + 40], off + 40
    else:
        return None
    if len(data) < u + 8:
        return None
    sport, dport, ulen = struct.unpack(">HHH", data[u:u + 6])
    payload = data[u + 8:u + max(ulen, 8)]
    return Udp(_ip_text(src), sport, _ip_text(dst), dport, payload, off)


def _csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(">%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ether_udp(src, sport, dst, dport, payload, ident=0):
    """An Ethernet + IPv4 + UDP frame (UDP checksum 0: not computed)."""
    s = bytes(int(x) for x in src.split("."))
    d = bytes(int(x) for x in dst.split("."))
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 28 + len(payload), ident & 0xFFFF, 0, 64, 17, 0, s, d)
    ip = ip[:10] + struct.pack(">H", _csum(ip)) + ip[12:]
    udp = struct.pack(">HHHH", sport, dport, 8 + len(payload), 0)
    return b"\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00" + ip + udp + payload


def with_udp_payload(linktype, data, payload):
    """The same frame with its UDP payload replaced (lengths and IPv4
    header checksum fixed, UDP checksum zeroed)."""
    u = udp_of(linktype, data)
    if u is None:
        raise ValueError("not a UDP frame")
    off = u.ip_off
    if data[off] >> 4 == 4:
        ihl = (data[off] & 15) * 4
        ip = bytearray(data[off:off + ihl])
        struct.pack_into(">H", ip, 2, ihl + 8 + len(payload))
        struct.pack_into(">H", ip, 10, 0)
        struct.pack_into(">H", ip, 10, _csum(bytes(ip)))
        uo = off + ihl
    else:
        ip = bytearray(data[off:off + 40])
        struct.pack_into(">H", ip, 4, 8 + len(payload))
        uo = off + 40
    udp = bytearray(data[uo:uo + 8])
    struct.pack_into(">HH", udp, 4, 8 + len(payload), 0)
    return data[:off] + bytes(ip) + bytes(udp) + payload
