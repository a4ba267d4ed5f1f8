#!/usr/bin/env python3
"""catalogue.py: the malformed-input catalogue: captures broken in the ways
real networks and hostile senders break them.  Each case builds a
capture (from scratch with t38build.py, or by editing a generated one with
pcapfile.py) in a temporary folder, runs tshark with the plugin (-z fax,report,
-z expert with -2, -V) and checks that it does not crash and that the report
says something clear: an expert note, a counter, or the "incomplete" mark.

  catalogue.py PLUGIN CASE|all [--show]

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from common import ROOT, Tshark, sanity, timed
import pcapfile
import t38build as tb


def udptl_records(pc, port_filter=None):
    out = []
    for i, r in enumerate(pc.records):
        u = pcapfile.udp_of(pc.linktype, r.data)
        if u and u.sport != 5060 and u.dport != 5060 and (port_filter is None or port_filter(u)):
            out.append(i)
    return out


def clean(tmp, **kw):
    cap = tb.Capture()
    tb.fax_call(cap, 0.0, **kw)
    path = os.path.join(tmp, "c.pcap")
    cap.write(path)
    return path


# ---- the cases: (build(tmp) -> (pcap, extra tshark args), checks) --------------
# checks: list of (description, regex that must match report+expert text)

def c_truncated(tmp):
    """Frames cut short by the capture (caplen < wire length): every 4th
    T.38 datagram keeps only 3 octets of UDP payload."""
    pc = pcapfile.read(clean(tmp))
    for n, i in enumerate(udptl_records(pc)):
        if n % 4 == 1:
            r = pc.records[i]
            u = pcapfile.udp_of(pc.linktype, r.data)
            cut = u.ip_off + 20 + 8 + 3
            pc.records[i] = r._replace(data=r.data[:cut], origlen=len(r.data))
    path = os.path.join(tmp, "truncated.pcap")
    pcapfile.write(path, pc)
    return path, []


def c_snaplen_sip(tmp):
    """Snaplen-cut SIP: every SIP message captured to its first 180 octets of
    UDP payload (the SDP is gone)."""
    pc = pcapfile.read(clean(tmp))
    for i, r in enumerate(pc.records):
        u = pcapfile.udp_of(pc.linktype, r.data)
        if u.sport == 5060 or u.dport == 5060:
            pc.records[i] = r._replace(data=r.data[:u.ip_off + 28 + 180], origlen=len(r.data))
    path = os.path.join(tmp, "snaplen.pcap")
    pcapfile.write(path, pc)
    return path, []


def c_seq_wrap(tmp):
    """UDPTL sequence numbers wrap 65535 -> 0 mid-fax in both directions."""
    return clean(tmp, seq0=(65500, 65533)), []


def c_duplicates(tmp):
    """Every T.38 datagram captured twice (as a mirror port does)."""
    pc = pcapfile.read(clean(tmp))
    recs = []
    idx = set(udptl_records(pc))
    for i, r in enumerate(pc.records):
        recs.append(r)
        if i in idx:
            recs.append(r)
    pc.records = recs
    path = os.path.join(tmp, "dup.pcap")
    pcapfile.write(path, pc)
    return path, []


def c_reordered(tmp):
    """Adjacent T.38 datagrams of the sender swapped (every 5th pair)."""
    pc = pcapfile.read(clean(tmp))
    idx = udptl_records(pc, lambda u: u.sport == 40001)
    for n in range(0, len(idx) - 1, 5):
        a, b = idx[n], idx[n + 1]
        ra, rb = pc.records[a], pc.records[b]
        pc.records[a] = rb._replace(sec=ra.sec, frac=ra.frac)
        pc.records[b] = ra._replace(sec=rb.sec, frac=rb.frac)
    path = os.path.join(tmp, "reorder.pcap")
    pcapfile.write(path, pc)
    return path, []


def c_sdp_bad_port(tmp):
    """SDP m=image with a port that is not a port (99999)."""
    return clean(tmp, sdp_port_text="99999"), []


def c_sdp_no_port(tmp):
    """SDP m=image with the port missing."""
    return clean(tmp, sdp_port_text=""), []


def c_t38_no_sip(tmp):
    """T.38 with no SIP in the capture (Wireshark told by Decode As)."""
    return clean(tmp, sip_on=False), ["-d", "udp.port==40001,t38"]


def c_two_faxes(tmp):
    """Two complete T.30 sessions (DCN, then a new DIS) in one SIP call."""
    return clean(tmp, faxes=2), []


def c_reinvite_glare(tmp):
    """Both sides re-INVITE to T.38 at once; both get 491; B retries."""
    return clean(tmp, glare=True), []


def c_invalid_fcf(tmp):
    """The DCS replaced by a frame with an undefined FCF (0x4F, X set)."""
    return clean(tmp, dcs_fcf=0xCF), []


def c_dcs_reserved(tmp):
    """DCS with reserved bits 2, 5 and 8 set (T.30 Table 2)."""
    return clean(tmp, dcs_fif=bytes([tb.DCS_FIF[0] | 0x49]) + tb.DCS_FIF[1:]), []


def c_overlong_tsi(tmp):
    """TSI of 200 characters (20 allowed, T.30 5.3.6.2.4)."""
    return clean(tmp, tsi=tb.ident("+1 555 4321" * 18, 200)), []


CASES = {
    "truncated": (c_truncated, [("report counts malformed UDPTL", r"UDPTL A->B: .*[1-9]\d* malformed")]),
    "snaplen-sip": (c_snaplen_sip, [("cut SIP claims no call; the T.38 is shown unsignalled", r"Origin: +T.38 with no signalling")]),
    "seq-wrap": (c_seq_wrap, [("fax still succeeds across the wrap", r"Result: +success"),
                              ("nothing counted lost", r"UDPTL A->B: .* 0 missing, 0 recovered, 0 lost")]),
    "duplicates": (c_duplicates, [("duplicates counted", r"UDPTL A->B: .* [1-9]\d* duplicate"),
                                  ("fax still succeeds", r"Result: +success")]),
    "reordered": (c_reordered, [("reordering counted", r"UDPTL A->B: .* [1-9]\d* reordered"),
                                ("fax still succeeds", r"Result: +success")]),
    "sdp-bad-port": (c_sdp_bad_port, [("bad SDP binds nothing; the T.38 is shown unsignalled", r"Origin: +T.38 with no signalling")]),
    "sdp-no-port": (c_sdp_no_port, [("bad SDP binds nothing; the T.38 is shown unsignalled", r"Origin: +T.38 with no signalling")]),
    "t38-no-sip": (c_t38_no_sip, [("found without signalling", r"Origin: +T.38 with no signalling"),
                                  ("fax read", r"Result: +success")]),
    "two-faxes": (c_two_faxes, [("both pages counted", r"Pages: +2 sent, 2 confirmed")]),
    "reinvite-glare": (c_reinvite_glare, [("491 not taken as the answer", r"T.38: +accepted"),
                                          ("fax read", r"Result: +success")]),
    "invalid-fcf": (c_invalid_fcf, [("expert note on the FCF", r"Unknown T.30 FCF 0xCF"),
                                    ("rate unknown without a DCS", r"Result: .*rate unknown")]),
    "dcs-reserved": (c_dcs_reserved, [("DCS shown with reserved bits", r"DCS .*reserved bits set")]),
    "overlong-tsi": (c_overlong_tsi, [("expert note on the TSI", r"TSI with 200 digits \(20 expected\)")]),
}


def run_case(ts, name, show=False):
    build, checks = CASES[name]
    tmp = tempfile.mkdtemp(prefix="faxcalls-cat-")
    try:
        pcap, extra = build(tmp)
        # a name of its own: Tshark.readable() keeps one copy per name
        named = os.path.join(tmp, "catalogue-%s.pcap" % name)
        shutil.move(pcap, named)
        pcap = named
        problems = []
        runs = {}
        for what, args in (("report", ["-r", pcap, "-q", "-z", "fax,report"]),
                           ("expert", ["-2", "-r", pcap, "-q", "-z", "expert"]),
                           ("verbose", ["-r", pcap, "-V"])):
            p, secs = timed(ts, extra + args)
            problems += sanity(p, what, secs, 60)
            runs[what] = p.stdout
        text = runs["report"] + runs["expert"]
        if show:
            print(text)
        for desc, rx in checks:
            if re.search(rx, text):
                print("ok: %s: %s" % (name, desc))
            else:
                problems.append("%s: %s: /%s/ not in the report or expert output" % (name, desc, rx))
        for p in problems:
            print("FAIL: " + p)
        if not problems:
            print("ok: %s: exit 0, no crash text, report:\n%s" % (name, "\n".join(
                l for l in runs["report"].splitlines() if re.match(r"  (T.38|UDPTL|Result|Pages):", l))))
        return not problems
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    ts = Tshark(sys.argv[1])
    try:
        names = sorted(CASES) if sys.argv[2] == "all" else [sys.argv[2]]
        ok = all([run_case(ts, n, "--show" in sys.argv) for n in names])
    finally:
        ts.cleanup()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
