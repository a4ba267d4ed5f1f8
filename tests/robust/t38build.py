"""t38build.py: build fax-over-IP traffic from scratch (no faxgen, no spandsp):
SIP/SDP messages and UDPTL datagrams (T.38 Annex A, pre-corrigendum ASN.1,
one whole HDLC frame per IFP), for the malformed-input catalogue and the
adversarial captures.  Frames are Ethernet/IPv4/UDP (pcapfile.ether_udp).

SPDX-License-Identifier: GPL-2.0-or-later
"""
import struct

import pcapfile

# T.30 frames, canonical octets (address 0xFF, control 0xC0 / 0xC8 final)
def hdlc(fcf, fif=b"", final=True):
    return bytes([0xFF, 0xC8 if final else 0xC0, fcf]) + fif

def bitrev(data):
    """T.30 octets travel least significant bit first: in T.38 octet order
    every FIF octet of an identity is bit-reversed."""
    return bytes(int(format(b, "08b")[::-1], 2) for b in data)


def ident(text, n=20):
    """CSI/TSI FIF: n characters, last digit first (T.30 5.3.6.2.4)."""
    return bitrev(text.encode().rjust(n)[::-1])


IDENT_A = ident("+1 555 4321")
IDENT_B = ident("+1 555 1234")
DIS_FIF = bytes.fromhex("00771f01018901010118")
DCS_FIF = bytes.fromhex("00451e")   # V.17 14400, as the generated captures send it
CSI, DIS, TSI, DCS, CFR, EOP, MCF, DCN = 0x02, 0x01, 0xC2, 0xC1, 0x21, 0xF4, 0x31, 0xDF


def _len(n):
    return bytes([n]) if n < 128 else struct.pack(">H", 0x8000 | n)


def ifp_indicator(ind):
    return bytes([(ind & 15) << 1])


def ifp_data(modem, fields):
    """fields: [(field_type, bytes or None)] (hdlc-data 0, hdlc-fcs-OK 2,
    hdlc-fcs-OK-sig-end 4, t4-non-ecm-data 6, t4-non-ecm-sig-end 7)."""
    bits = ""
    out = bytearray([0xC0 | (modem & 15) << 1, len(fields)])
    for ftype, data in fields:
        bits += ("1" if data else "0") + format(ftype, "03b")
        if data:
            bits += "0" * (-len(bits) % 8)
            for i in range(0, len(bits), 8):
                out.append(int(bits[i:i + 8], 2))
            bits = ""
            out += struct.pack(">H", len(data) - 1) + data
    if bits:
        bits += "0" * (-len(bits) % 8)
        for i in range(0, len(bits), 8):
            out.append(int(bits[i:i + 8], 2))
    return bytes(out)


def ifp_hdlc(frame, last=True):
    return ifp_data(0, [(0, frame), (4 if last else 2, None)])


def udptl(seq, ifp, secondaries=()):
    out = struct.pack(">H", seq & 0xFFFF) + _len(len(ifp)) + ifp
    out += b"\x00" + _len(len(secondaries))    # error-recovery: secondary-ifp-packets
    for s in secondaries:
        out += _len(len(s)) + s
    return out


def sdp(ip, port, image=True, port_text=None):
    p = port_text if port_text is not None else str(port)
    m = ("m=image %s udptl t38\r\na=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\n"
         "a=T38FaxRateManagement:transferredTCF\r\na=T38FaxUdpEC:t38UDPNoEC\r\n" % p
         if image else "m=audio %s RTP/AVP 0\r\n" % p)
    return ("v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n%s" % (ip, ip, m)).encode()


def sip(first_line, call_id, from_uri, to_uri, cseq, body=b"", from_tag="a1", to_tag=None):
    method = first_line.split()[0] if not first_line.startswith("SIP/") else "INVITE"
    hdr = [first_line, "Via: SIP/2.0/UDP 0.0.0.0:5060;branch=z9hG4bK%s%d" % (call_id[:8], cseq),
           "From: <%s>;tag=%s" % (from_uri, from_tag),
           "To: <%s>%s" % (to_uri, ";tag=" + to_tag if to_tag else ""),
           "Call-ID: %s" % call_id, "CSeq: %d %s" % (cseq, method), "Max-Forwards: 70"]
    if body:
        hdr.append("Content-Type: application/sdp")
    hdr.append("Content-Length: %d" % len(body))
    return ("\r\n".join(hdr) + "\r\n\r\n").encode() + body


class Capture:
    """Records in time order; t in seconds from 2026-01-01T00:00:00Z."""
    T0 = 1767225600

    def __init__(self):
        self.records = []

    def add(self, t, src, sport, dst, dport, payload):
        us = int(round(t * 1e6))
        data = pcapfile.ether_udp(src, sport, dst, dport, payload, len(self.records))
        self.records.append(pcapfile.Record(self.T0 + us // 1000000, us % 1000000, data, len(data)))

    def write(self, path):
        self.records.sort(key=lambda r: (r.sec, r.frac))
        pcapfile.write(path, pcapfile.Pcap(pcapfile.LINKTYPE_ETHERNET, self.records))


def fax_call(cap, t, k=1, sip_on=True, seq0=(0, 0), tsi=IDENT_A, dcs_fif=DCS_FIF,
             dcs_fcf=DCS, pages=1, sdp_port_text=None, bye=True, faxes=1, glare=False):
    """One SIP call offering T.38 in its INVITE and a clean non-ECM fax:
    A (caller 10.1.0.k:40000+k) sends, B (10.2.0.k:42000+k) receives.
    Returns the time after the call."""
    a, b = "10.1.0.%d" % k, "10.2.0.%d" % k
    pa, pb = 40000 + k, 42000 + k
    cid = "robust-%d@10.1.0.%d" % (k, k)
    fa, tb = "sip:100%d@%s" % (k, a), "sip:200%d@%s" % (k, b)
    if sip_on and glare:
        # audio call, then both sides re-INVITE to T.38 at once: each gets
        # 491 Request Pending (RFC 3261 14.1); B tries again and wins
        cap.add(t, a, 5060, b, 5060, sip("INVITE %s SIP/2.0" % tb, cid, fa, tb, 1, sdp(a, pa - 1000, image=False)))
        cap.add(t + 0.1, b, 5060, a, 5060, sip("SIP/2.0 200 OK", cid, fa, tb, 1, sdp(b, pb - 1000, image=False), to_tag="b1"))
        cap.add(t + 0.11, a, 5060, b, 5060, sip("ACK %s SIP/2.0" % tb, cid, fa, tb, 1, to_tag="b1").replace(b"1 INVITE", b"1 ACK"))
        cap.add(t + 0.2, a, 5060, b, 5060, sip("INVITE %s SIP/2.0" % tb, cid, fa, tb, 2, sdp(a, pa), to_tag="b1"))
        cap.add(t + 0.2, b, 5060, a, 5060, sip("INVITE %s SIP/2.0" % fa, cid, tb, fa, 1, sdp(b, pb), from_tag="b1", to_tag="a1"))
        cap.add(t + 0.21, b, 5060, a, 5060, sip("SIP/2.0 491 Request Pending", cid, fa, tb, 2, to_tag="b1"))
        cap.add(t + 0.21, a, 5060, b, 5060, sip("SIP/2.0 491 Request Pending", cid, tb, fa, 1, from_tag="b1", to_tag="a1"))
        cap.add(t + 0.25, b, 5060, a, 5060, sip("INVITE %s SIP/2.0" % fa, cid, tb, fa, 2, sdp(b, pb), from_tag="b1", to_tag="a1"))
        cap.add(t + 0.3, a, 5060, b, 5060, sip("SIP/2.0 200 OK", cid, tb, fa, 2, sdp(a, pa), from_tag="b1", to_tag="a1"))
        cap.add(t + 0.31, b, 5060, a, 5060, sip("ACK %s SIP/2.0" % fa, cid, tb, fa, 2, from_tag="b1", to_tag="a1").replace(b"2 INVITE", b"2 ACK"))
    elif sip_on:
        cap.add(t, a, 5060, b, 5060, sip("INVITE %s SIP/2.0" % tb, cid, fa, tb, 1, sdp(a, pa, port_text=sdp_port_text)))
        cap.add(t + 0.3, b, 5060, a, 5060, sip("SIP/2.0 200 OK", cid, fa, tb, 1, sdp(b, pb, port_text=sdp_port_text), to_tag="b1"))
        cap.add(t + 0.31, a, 5060, b, 5060, sip("ACK %s SIP/2.0" % tb, cid, fa, tb, 1, to_tag="b1").replace(b"CSeq: 1 INVITE", b"CSeq: 1 ACK"))
    seq = list(seq0)
    now = [t + 0.5]

    def send(side, ifp):
        src, sp, dst, dp = (a, pa, b, pb) if side == 0 else (b, pb, a, pa)
        cap.add(now[0], src, sp, dst, dp, udptl(seq[side], ifp))
        seq[side] = (seq[side] + 1) & 0xFFFF
        now[0] += 0.02
    send.t = lambda: now[0]

    for _fax in range(faxes):
        t = _t30(send, tsi, dcs_fcf, dcs_fif, pages)
    if sip_on and bye:
        cap.add(t + 0.5, a, 5060, b, 5060, sip("BYE %s SIP/2.0" % tb, cid, fa, tb, 3, to_tag="b1").replace(b"CSeq: 3 INVITE", b"CSeq: 3 BYE"))
        cap.add(t + 0.51, b, 5060, a, 5060, sip("SIP/2.0 200 OK", cid, fa, tb, 3, to_tag="b1").replace(b"CSeq: 3 INVITE", b"CSeq: 3 BYE"))
    return t + 1.0


def _t30(send, tsi, dcs_fcf, dcs_fif, pages):
    """A clean non-ECM T.30 session: B answers, A sends pages."""
    send(1, ifp_indicator(2))                       # CED
    send(1, ifp_indicator(3))                       # V.21 preamble
    send(1, ifp_data(0, [(0, hdlc(CSI, IDENT_B, False)), (2, None)]))
    send(1, ifp_hdlc(hdlc(DIS, DIS_FIF)))
    send(0, ifp_indicator(3))
    send(0, ifp_data(0, [(0, hdlc(TSI, tsi, False)), (2, None)]))
    send(0, ifp_hdlc(hdlc(dcs_fcf, dcs_fif)))
    send(0, ifp_indicator(15))                      # V.17 14400 long training
    for _ in range(20):
        send(0, ifp_data(8, [(6, b"\0" * 90)]))     # TCF: 1.5 s of zeros at 14400
    send(0, ifp_data(8, [(7, None)]))
    send(1, ifp_indicator(3))
    send(1, ifp_hdlc(hdlc(CFR)))
    for p in range(pages):
        send(0, ifp_indicator(15))
        for _ in range(30):
            send(0, ifp_data(8, [(6, bytes(range(1, 91)))]))
        send(0, ifp_data(8, [(7, None)]))
        send(0, ifp_indicator(3))
        send(0, ifp_hdlc(hdlc(EOP if p == pages - 1 else 0xF2)))   # EOP / MPS
        send(1, ifp_indicator(3))
        send(1, ifp_hdlc(hdlc(MCF)))
    send(0, ifp_indicator(3))
    send(0, ifp_hdlc(hdlc(DCN)))
    return send.t()
