#!/usr/bin/env python3
"""adversarial.py: bounded memory and linear time on adversarial captures.

  adversarial.py PLUGIN [--ci | --full] [--keep DIR]

Writes (to a temporary folder, never committed) two kinds of capture, each at
two sizes, built by t38build.py (no faxgen):
  frames  one SIP call offering T.38, then N T.30 HDLC frames over UDPTL, one
          frame per datagram, cycling DIS TSI DCS FTT DCS CFR MPS MCF: every
          per-session list (trainings, pages, ladder, findings) hits its cap
  calls   N SIP calls, each an INVITE offering T.38 and its 200 OK
Sizes: --full  frames 500,000 and 1,000,000; calls 50,000 and 100,000
       --ci    (default) frames 50,000 and 100,000; calls 5,000 and 10,000
For each it runs tshark -q -z fax,stat under /usr/bin/time -v (twice: best
time) with the plugin and with the plugin's protocol disabled, and prints the peak RSS, the wall
time, and the plugin's share of both.  Fails when a run fails, when time grows
more than 1.6x faster than the input (not linear), or when the plugin's memory
per input frame at the larger size exceeds 1.5x that at the smaller one.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from common import Tshark, sanity
import t38build as tb

CYCLE = [(1, tb.DIS, tb.DIS_FIF), (0, tb.TSI, tb.IDENT_A), (0, tb.DCS, tb.DCS_FIF), (1, 0x22, b""),
         (0, tb.DCS, tb.DCS_FIF), (1, tb.CFR, b""), (0, 0xF2, b""), (1, tb.MCF, b"")]


def frames_capture(path, n):
    cap = tb.Capture()
    a, b, pa, pb = "10.1.0.1", "10.2.0.1", 40001, 42001
    cid, fa, tt = "adv-frames@10.1.0.1", "sip:1001@10.1.0.1", "sip:2001@10.2.0.1"
    cap.add(0.0, a, 5060, b, 5060, tb.sip("INVITE %s SIP/2.0" % tt, cid, fa, tt, 1, tb.sdp(a, pa)))
    cap.add(0.1, b, 5060, a, 5060, tb.sip("SIP/2.0 200 OK", cid, fa, tt, 1, tb.sdp(b, pb), to_tag="b1"))
    seq = [0, 0]
    ifps = [tb.udptl(0, tb.ifp_hdlc(tb.hdlc(f, fif))) for _, f, fif in CYCLE]
    for i in range(n):
        side, _, _ = CYCLE[i % len(CYCLE)]
        body = ifps[i % len(CYCLE)]
        pkt = bytes([seq[side] >> 8 & 0xFF, seq[side] & 0xFF]) + body[2:]
        seq[side] = (seq[side] + 1) & 0xFFFF
        src, sp, dst, dp = (a, pa, b, pb) if side == 0 else (b, pb, a, pa)
        cap.add(0.2 + i * 0.001, src, sp, dst, dp, pkt)
    cap.records.sort(key=lambda r: (r.sec, r.frac))
    cap.write(path)
    return n + 2


def calls_capture(path, n):
    cap = tb.Capture()
    for k in range(n):
        a = "10.%d.%d.%d" % (1 + (k >> 16), (k >> 8) & 255, k & 255)
        b = "10.%d.%d.%d" % (101 + (k >> 16), (k >> 8) & 255, k & 255)
        cid, fa, tt = "adv-%d@%s" % (k, a), "sip:%d@%s" % (k, a), "sip:2%d@%s" % (k, b)
        port = 20000 + (k % 20000) * 2
        cap.add(k * 0.001, a, 5060, b, 5060, tb.sip("INVITE %s SIP/2.0" % tt, cid, fa, tt, 1, tb.sdp(a, port)))
        cap.add(k * 0.001 + 0.0005, b, 5060, a, 5060, tb.sip("SIP/2.0 200 OK", cid, fa, tt, 1, tb.sdp(b, port + 1), to_tag="b1"))
    cap.write(path)
    return 2 * n


def measure(ts, pcap, disable):
    """Peak RSS and the best wall time of two runs (the machine is shared)."""
    p, rss, secs = measure1(ts, pcap, disable)
    _, rss2, secs2 = measure1(ts, pcap, disable)
    return p, max(rss, rss2), min(secs, secs2)


def measure1(ts, pcap, disable):
    args = ["-v", "tshark"] + (["--disable-protocol", "fax"] if disable else []) + ["-r", pcap, "-q", "-z", "fax,stat"]
    p = ts.run(args, check=False, program="time")   # GNU time, found on the harness's PATH
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    secs = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    # the time(1) report is not ours: keep it out of the crash-text check
    p.stderr = p.stderr[:p.stderr.find("\tCommand being timed")]
    return p, rss, secs


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    full = "--full" in sys.argv
    sizes = {"frames": (500000, 1000000) if full else (50000, 100000),
             "calls": (50000, 100000) if full else (5000, 10000)}
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    ts = Tshark(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="faxcalls-adv-")
    problems = []
    try:
        for kind, build in (("frames", frames_capture), ("calls", calls_capture)):
            res = []
            for n in sizes[kind]:
                pcap = os.path.join(tmp, "adv-%s-%d.pcap" % (kind, n))
                nframes = build(pcap, n)
                p, rss, secs = measure(ts, pcap, False)
                problems += sanity(p, "%s %d" % (kind, n), secs, 3600)
                _, rss0, secs0 = measure(ts, pcap, True)
                stat = re.search(r"Fax calls: (\d+)", p.stdout)
                print("%-6s N=%-8d frames=%-8d calls=%-6s peak RSS %7.1f MiB (plugin off %7.1f MiB, plugin share %6.1f MiB = %5.0f B/frame)  "
                      "time %6.2f s (plugin off %6.2f s)"
                      % (kind, n, nframes, stat.group(1) if stat else "?", rss / 1024, rss0 / 1024,
                         (rss - rss0) / 1024, (rss - rss0) * 1024 / nframes, secs, secs0))
                res.append((nframes, rss - rss0, secs))
                if kind == "frames":
                    trunc = re.search(r"\n1 .*", p.stdout)
                    print("        " + (trunc.group(0).strip() if trunc else "(no call row)"))
                if keep:
                    shutil.copy(pcap, keep)
                os.unlink(pcap)
                if ts.as_root:
                    rd = os.path.join(ts.home, "captures", os.path.basename(pcap))
                    if os.path.exists(rd):
                        os.unlink(rd)
            (n1, m1, t1), (n2, m2, t2) = res
            ratio = n2 / n1
            print("%-6s size x%.1f: time x%.2f, plugin memory x%.2f" % (kind, ratio, t2 / t1, m2 / max(m1, 1)))
            if t2 / t1 > ratio * 1.6:
                problems.append("%s: time grows x%.2f for input x%.1f: not linear" % (kind, t2 / t1, ratio))
            if m2 / n2 > 1.5 * max(m1, 1024) / n1:
                problems.append("%s: plugin memory per frame grows (%.0f -> %.0f B/frame)"
                                % (kind, m1 * 1024 / n1, m2 * 1024 / n2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        ts.cleanup()
    for p in problems:
        print("FAIL: " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
