#!/usr/bin/env python3
"""sip-transport.py: the same generated calls with their SIP carried the way
networks carry it.

  sip-transport.py tcp IN.pcap OUT.pcap
  sip-transport.py tls IN.pcap OUT.pcap KEYLOG CERTDIR
  sip-transport.py cut IN.pcap OUT.pcap
  sip-transport.py mgcp IN.pcap OUT.pcap
  sip-transport.py h323 IN.pcap OUT.pcap
  sip-transport.py rtponly IN.pcap OUT.pcap

tcp  Every SIP datagram (UDP port 5060) goes on a TCP connection between the
     same two hosts (one connection per host pair, opened by the first
     sender with a three-way handshake, server port 5060), cut into segments
     the way stacks do, in a fixed pattern by message number on the
     connection: a message in two segments; a message with the head of the
     next one (same direction, no reply in between) in one segment; a
     segment retransmitted; the rest one message per segment.  TCP
     checksums are right, sequence and acknowledgement numbers consistent.
tls  The same connections on port 5061 inside real TLS (Python's ssl module,
     OpenSSL, over memory BIOs, a self-signed certificate made with the
     openssl tool in CERTDIR); the session keys go to KEYLOG (NSS key log
     format, what Wireshark's tls.keylog_file reads).  Some messages are
     written as two TLS records, some records cut across TCP segments.
cut  Each call's packets start at its re-INVITE that offers T.38 (m=image):
     the initial INVITE, its answer and the audio before are not in the
     capture (a call never offered T.38 is kept whole).
mgcp The caller's side is an MGCP gateway (RFC 3435) of a call agent at
     10.9.0.1:2727 instead of a SIP phone: its INVITE becomes a CRCX whose
     200 carries the caller's SDP (LocalConnectionDescriptor), a request or
     2xx of the callee with SDP an MDCX carrying the callee's SDP
     (RemoteConnectionDescriptor), the caller's answer to a re-INVITE the
     gateway's response (200 with its SDP; a refusal 534 "codec negotiation
     failure"), BYE a DLCX answered 250.  CallId: mgcp_call_id(Call-ID).
h323 The calls set up by H.323 call signalling instead (H.225.0: Q.931 in
     TPKT over TCP to port 1720, one connection per call, without the
     H.225.0 user-user PER part): the INVITE becomes a Setup with the
     calling and called numbers (the user parts of From and To), 100 a
     Call Proceeding, the 2xx to the INVITE a Connect, BYE a Release
     Complete with cause 16; re-INVITEs, their answers and ACKs have no
     H.225.0 counterpart and are dropped (no H.245).
rtponly Every SIP message is dropped: the media alone, as a probe filtered on
     it sees a call.

Everything else in the capture (RTP, UDPTL) is kept as it is.  tcp and cut
are deterministic; tls is not (TLS randoms), so it is made at test time.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import ssl
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "robust"))
import pcapfile  # noqa: E402

SIP_PORT = 5060


csum = pcapfile._csum     # RFC 1071 (IPv4 header, TCP with its pseudo-header)


def ip4(text):
    return bytes(int(x) for x in text.split("."))


class Conn:
    """One TCP connection between a client (who sent first) and a server."""

    FIN, SYN, PSH_ACK, ACK = 0x01, 0x02, 0x18, 0x10

    def __init__(self, cli, cport, srv, sport, macs):
        self.ends = {cli: (cport, 1000), srv: (sport, 5000)}
        self.cli, self.srv, self.macs = cli, srv, macs
        self.seq = {cli: 1000, srv: 5000}
        self.n = 0                      # messages so far on this connection
        self.pending = {cli: b"", srv: b""}
        self.tls = None

    def frame(self, src, flags, payload=b"", seq=None):
        dst = self.srv if src == self.cli else self.cli
        sport, dport = self.ends[src][0], self.ends[dst][0]
        s = self.seq[src] if seq is None else seq
        ack = self.seq[dst] if flags != self.SYN else 0
        tcp = struct.pack(">HHIIBBHHH", sport, dport, s, ack, 5 << 4, flags, 65535, 0, 0)
        pseudo = ip4(src) + ip4(dst) + struct.pack(">BBH", 0, 6, len(tcp) + len(payload))
        c = csum(pseudo + tcp + payload)
        tcp = tcp[:16] + struct.pack(">H", c) + tcp[18:]
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), 0, 0x4000, 64, 6, 0,
                         ip4(src), ip4(dst))
        ip = ip[:10] + struct.pack(">H", csum(ip)) + ip[12:]
        if seq is None:
            self.seq[src] = (s + len(payload) + (1 if flags & (self.SYN | self.FIN) else 0)) & 0xFFFFFFFF
        return self.macs[src] + b"\x08\x00" + ip + tcp + payload

    def handshake(self, t):
        out = [(t - 0.003, self.frame(self.cli, self.SYN))]
        # the SYN-ACK acknowledges the client's SYN
        out.append((t - 0.002, self.frame(self.srv, self.SYN | self.ACK)))
        out.append((t - 0.001, self.frame(self.cli, self.ACK)))
        return out


def segments(conn, src, data, t, next_same_dir):
    """TCP frames for DATA (one message's bytes on the stream) at time t,
    cut by the connection's pattern."""
    conn.n += 1
    n = conn.n
    held = conn.pending[src]
    buf = held + data
    conn.pending[src] = b""
    out = []
    if n % 4 == 2 and next_same_dir:
        # held back: goes out with the next message (same direction, no
        # reply in between)
        conn.pending[src] = buf
        return out
    if held and n % 8 < 4:
        out.append((t, conn.frame(src, Conn.PSH_ACK, buf)))          # two whole messages
    elif held:
        cut = len(held) + len(data) // 2                                # one and the head of the next
        out.append((t, conn.frame(src, Conn.PSH_ACK, buf[:cut])))
        out.append((t + 0.001, conn.frame(src, Conn.PSH_ACK, buf[cut:])))
    elif n % 4 == 1 and len(buf) > 40:
        half = len(buf) // 2
        out.append((t, conn.frame(src, Conn.PSH_ACK, buf[:half])))
        out.append((t + 0.001, conn.frame(src, Conn.PSH_ACK, buf[half:])))
    elif n % 4 == 3:
        seq = conn.seq[src]
        out.append((t, conn.frame(src, Conn.PSH_ACK, buf)))
        out.append((t + 0.002, conn.frame(src, Conn.PSH_ACK, buf, seq=seq)))   # retransmission
    else:
        for i in range(0, len(buf), 1400):
            out.append((t + i / 1400 * 0.0005, conn.frame(src, Conn.PSH_ACK, buf[i:i + 1400])))
    return out


class TlsPair:
    """A real TLS client and server over memory BIOs."""

    def __init__(self, keylog, certdir):
        cert, key = os.path.join(certdir, "cert.pem"), os.path.join(certdir, "key.pem")
        if not os.path.exists(cert):
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "3650",
                            "-subj", "/CN=sip.test", "-keyout", key, "-out", cert],
                           check=True, capture_output=True)
        sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        sctx.load_cert_chain(cert, key)
        cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        cctx.check_hostname = False
        cctx.verify_mode = ssl.CERT_NONE
        cctx.keylog_filename = keylog
        self.bio = {k: (ssl.MemoryBIO(), ssl.MemoryBIO()) for k in ("c", "s")}
        self.c = cctx.wrap_bio(self.bio["c"][0], self.bio["c"][1], server_side=False)
        self.s = sctx.wrap_bio(self.bio["s"][0], self.bio["s"][1], server_side=True)

    def out(self, side):
        return self.bio[side][1].read()

    def deliver(self, side, data):
        """DATA arrives at SIDE: feed it and let it answer/consume."""
        self.bio[side][0].write(data)
        obj = self.c if side == "c" else self.s
        try:
            if not obj.server_side and not getattr(self, "c_done", False):
                obj.do_handshake()
                self.c_done = True
            elif obj.server_side and not getattr(self, "s_done", False):
                obj.do_handshake()
                self.s_done = True
            while True:
                if not obj.read(65536):
                    break
        except ssl.SSLWantReadError:
            pass

    def handshake_flights(self):
        """[(side, bytes)] of the handshake until both ends are done."""
        flights = []
        try:
            self.c.do_handshake()
        except ssl.SSLWantReadError:
            pass
        side = "c"
        for _ in range(10):
            b = self.out(side)
            if not b:
                break
            flights.append((side, b))
            other = "s" if side == "c" else "c"
            self.deliver(other, b)
            side = other
        return flights


def convert(mode, src, dst, keylog=None, certdir=None):
    cap = pcapfile.read(src)
    recs = []
    conns = {}
    sip = []
    for i, r in enumerate(cap.records):
        u = pcapfile.udp_of(cap.linktype, r.data)
        if u and SIP_PORT in (u.sport, u.dport) and u.payload[:3] != b"\x80":
            sip.append((i, r, u))
    sip_idx = {i for i, _, _ in sip}
    scale = 1e9 if cap.magic == 0xA1B23C4D else 1e6
    for i, r in enumerate(cap.records):
        if i not in sip_idx:
            recs.append((r.sec + r.frac / scale, r.data))
    for j, (i, r, u) in enumerate(sip):
        t = r.sec + r.frac / scale
        key = tuple(sorted((u.src, u.dst)))
        conn = conns.get(key)
        if conn is None:
            macs = {u.src: r.data[0:12], u.dst: r.data[6:12] + r.data[0:6]}
            port = 5061 if mode == "tls" else SIP_PORT
            conn = conns[key] = Conn(u.src, 40000 + len(conns), u.dst, port, macs)
            recs.extend(conn.handshake(t))
            if mode == "tls":
                conn.tls = TlsPair(keylog, certdir)
                for k, (side, b) in enumerate(conn.tls.handshake_flights()):
                    who = conn.cli if side == "c" else conn.srv
                    recs.extend(segments_plain(conn, who, b, t - 0.0009 + k * 0.00005))
        nxt = sip[j + 1] if j + 1 < len(sip) else None
        next_same = (nxt is not None and tuple(sorted((nxt[2].src, nxt[2].dst))) == key
                     and nxt[2].src == u.src)
        data = u.payload
        if mode == "tls":
            side = "c" if u.src == conn.cli else "s"
            obj = conn.tls.c if side == "c" else conn.tls.s
            if conn.n % 5 == 0 and len(data) > 40:
                obj.write(data[:len(data) // 2])     # one message, two TLS records
                obj.write(data[len(data) // 2:])
            else:
                obj.write(data)
            data = conn.tls.out(side)
            conn.tls.deliver("s" if side == "c" else "c", data)
            # the receiver's answer to it (TLS 1.3 session tickets after
            # the handshake) goes the other way
            back = conn.tls.out("s" if side == "c" else "c")
            recs.extend(segments(conn, u.src, data, t, next_same))
            if back:
                recs.extend(segments_plain(conn, conn.srv if side == "c" else conn.cli, back, t + 0.0003))
        else:
            recs.extend(segments(conn, u.src, data, t, next_same))
    write_sorted(cap, recs, dst)


def segments_plain(conn, src, data, t):
    return [(t + k * 0.00001, conn.frame(src, Conn.PSH_ACK, data[i:i + 1400]))
            for k, i in enumerate(range(0, len(data), 1400))]


def cut(src, dst):
    """Per call (host pair), drop what came before its T.38 re-INVITE."""
    cap = pcapfile.read(src)
    scale = 1e9 if cap.magic == 0xA1B23C4D else 1e6
    start = {}
    for r in cap.records:
        u = pcapfile.udp_of(cap.linktype, r.data)
        if (u and SIP_PORT in (u.sport, u.dport) and u.payload.startswith(b"INVITE ")
                and b"\r\nm=image " in u.payload):
            start.setdefault(frozenset((u.src, u.dst)), r.sec + r.frac / scale)
    if not start:
        raise SystemExit("%s: no re-INVITE offering T.38" % src)
    keep = []
    for r in cap.records:
        u = pcapfile.udp_of(cap.linktype, r.data)
        t0 = start.get(frozenset((u.src, u.dst))) if u else None
        if t0 is None or r.sec + r.frac / scale >= t0:
            keep.append(r)
    cap.records = keep
    pcapfile.write(dst, cap)


def mgcp_call_id(sip_call_id):
    """The MGCP CallId (RFC 3435 3.2.2.2: hexadecimal, at most 32) of a call."""
    import hashlib
    return hashlib.sha1(sip_call_id.encode()).hexdigest()[:24].upper()


def sip_header(payload, name):
    for line in payload.split(b"\r\n"):
        if line.lower().startswith(name.lower() + b":"):
            return line.split(b":", 1)[1].strip().decode()
    return ""


def mgcp(src, dst):
    cap = pcapfile.read(src)
    scale = 1e9 if cap.magic == 0xA1B23C4D else 1e6
    agent = "10.9.0.1"
    out = []
    calls = {}
    tx = [1000]

    def send(t, a, ap, b, bp, text):
        out.append((t, pcapfile.ether_udp(a, ap, b, bp, text.encode())))

    def command(t, call, verb, params, sdp=b""):
        tx[0] += 1
        ep = "aaln/1@gw%d.faxgen.test" % call["n"]
        text = "%s %d %s MGCP 1.0\r\nC: %s\r\n" % (verb, tx[0], ep, call["id"])
        text += "".join("%s\r\n" % p for p in params)
        if sdp:
            text += "\r\n" + sdp.decode()
        send(t, agent, 2727, call["gw"], 2427, text)
        return tx[0]

    def response(t, call, txid, code, comment, params=(), sdp=b""):
        text = "%d %d %s\r\n" % (code, txid, comment) + "".join("%s\r\n" % p for p in params)
        if sdp:
            text += "\r\n" + sdp.decode()
        send(t, call["gw"], 2427, agent, 2727, text)

    for r in cap.records:
        t = r.sec + r.frac / scale
        u = pcapfile.udp_of(cap.linktype, r.data)
        if not u or SIP_PORT not in (u.sport, u.dport):
            out.append((t, r.data))
            continue
        p = u.payload
        first = p.split(b"\r\n", 1)[0]
        cid = sip_header(p, b"Call-ID")
        cseq = sip_header(p, b"CSeq")
        body = p.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in p else b""
        call = calls.get(cid)
        if call is None:
            call = calls[cid] = {"id": mgcp_call_id(cid), "gw": u.src, "n": len(calls) + 1, "pending": {}}
        from_gw = u.src == call["gw"]
        is_req = not first.startswith(b"SIP/2.0")
        code = 0 if is_req else int(first.split()[1])
        if is_req and first.startswith(b"INVITE") and from_gw and body:
            txid = command(t, call, "CRCX", ["M: sendrecv"])
            response(t + 0.0005, call, txid, 200, "OK", ["I: 1"], body)
        elif is_req and first.startswith(b"INVITE") and body:
            call["pending"][cseq] = command(t, call, "MDCX", ["I: 1", "M: sendrecv"], body)
        elif not is_req and not from_gw and 200 <= code < 300 and body:
            txid = command(t, call, "MDCX", ["I: 1", "M: sendrecv"], body)
            response(t + 0.0005, call, txid, 200, "OK")
        elif not is_req and from_gw and code >= 200 and cseq in call["pending"]:
            txid = call["pending"].pop(cseq)
            if code < 300:
                response(t, call, txid, 200, "OK", (), body)
            else:
                response(t, call, txid, 534, "Codec negotiation failure")
        elif is_req and first.startswith(b"BYE"):
            call["pending"][cseq] = command(t, call, "DLCX", ["I: 1"])
        elif not is_req and cseq in call["pending"] and cseq.endswith("BYE"):
            response(t, call, call["pending"].pop(cseq), 250, "OK", ["P: PS=1, OS=160, PR=1, OR=160, PL=0, JI=0, LA=0"])
    write_sorted(cap, out, dst)


def q931(msg_type, call_ref, from_destination, ies):
    """A TPKT packet (RFC 1006) holding a Q.931 message (H.225.0 7)."""
    body = bytes([0x08, 0x02, ((call_ref >> 8) & 0x7F) | (0x80 if from_destination else 0), call_ref & 0xFF,
                  msg_type])
    for ie, value in ies:
        body += bytes([ie, len(value)]) + value
    return struct.pack(">BBH", 3, 0, 4 + len(body)) + body


def sip_user(uri):
    """'<sip:1001@10.1.0.1>;tag=x' -> '1001'"""
    u = uri.split("sip:", 1)[-1]
    return u.split("@", 1)[0] if "@" in u else ""


def h323(src, dst):
    cap = pcapfile.read(src)
    scale = 1e9 if cap.magic == 0xA1B23C4D else 1e6
    recs = []
    calls = {}
    bearer = (0x04, bytes([0x80, 0x90, 0xA3]))           # Q.931 4.5.5: speech, 64 kbit/s, A-law
    for r in cap.records:
        t = r.sec + r.frac / scale
        u = pcapfile.udp_of(cap.linktype, r.data)
        if not u or SIP_PORT not in (u.sport, u.dport):
            recs.append((t, r.data))
            continue
        p = u.payload
        first = p.split(b"\r\n", 1)[0]
        cid = sip_header(p, b"Call-ID")
        cseq = sip_header(p, b"CSeq")
        call = calls.get(cid)
        if call is None:
            if not first.startswith(b"INVITE"):
                continue
            macs = {u.src: r.data[0:12], u.dst: r.data[6:12] + r.data[0:6]}
            conn = Conn(u.src, 41000 + len(calls), u.dst, 1720, macs)
            recs.extend(conn.handshake(t))
            call = calls[cid] = {"conn": conn, "caller": u.src, "crv": len(calls) + 1}
        conn, crv = call["conn"], call["crv"]
        from_dest = u.src != call["caller"]
        msg = None
        if first.startswith(b"INVITE") and not from_dest and "setup" not in call:
            call["setup"] = True
            msg = q931(0x05, crv, False, [bearer,
                                          (0x6C, bytes([0x21, 0x80]) + sip_user(sip_header(p, b"From")).encode()),
                                          (0x70, bytes([0xA1]) + sip_user(sip_header(p, b"To")).encode())])
        elif first.startswith(b"SIP/2.0 100") and cseq.endswith("INVITE") and "proceeding" not in call:
            call["proceeding"] = True
            msg = q931(0x02, crv, True, [])
        elif first.startswith(b"SIP/2.0 2") and cseq.endswith("INVITE") and "connect" not in call:
            call["connect"] = True
            msg = q931(0x07, crv, True, [])
        elif first.startswith(b"BYE"):
            msg = q931(0x5A, crv, from_dest, [(0x08, bytes([0x80, 0x90]))])   # cause 16
        if msg:
            recs.append((t, conn.frame(u.src, Conn.PSH_ACK, msg)))
    write_sorted(cap, recs, dst)


def rtponly(src, dst):
    cap = pcapfile.read(src)
    keep = []
    for r in cap.records:
        u = pcapfile.udp_of(cap.linktype, r.data)
        if not (u and SIP_PORT in (u.sport, u.dport)):
            keep.append(r)
    cap.records = keep
    pcapfile.write(dst, cap)


def write_sorted(cap, recs, dst):
    recs.sort(key=lambda x: x[0])
    out = pcapfile.Pcap(cap.linktype, [], cap.endian, 0xA1B2C3D4, cap.snaplen)
    for t, data in recs:
        sec = int(t)
        us = int(round((t - sec) * 1e6))
        if us >= 1000000:
            sec, us = sec + 1, us - 1000000
        out.records.append(pcapfile.Record(sec, us, data, len(data)))
    pcapfile.write(dst, out)


def main(argv):
    if len(argv) >= 4 and argv[1] == "tcp":
        convert("tcp", argv[2], argv[3])
    elif len(argv) >= 6 and argv[1] == "tls":
        convert("tls", argv[2], argv[3], argv[4], argv[5])
    elif len(argv) >= 4 and argv[1] == "cut":
        cut(argv[2], argv[3])
    elif len(argv) >= 4 and argv[1] == "mgcp":
        mgcp(argv[2], argv[3])
    elif len(argv) >= 4 and argv[1] == "h323":
        h323(argv[2], argv[3])
    elif len(argv) >= 4 and argv[1] == "rtponly":
        rtponly(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
