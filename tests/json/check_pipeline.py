#!/usr/bin/env python3
"""Pipelines beyond one tshark run: a capture too big for one run split and its
reports merged by Call-ID, and the fax.* fields in tshark's own JSON output
(run by ctest, tests/json/CMakeLists.txt).

  check_pipeline.py PLUGIN split   a 6-call capture (bench/pcapmix.py, calls 100 s apart) split
                                   with editcap -i 100 at quiet moments: bench/faxsplit.py's merge
                                   of the per-piece -z fax,json equals the whole-capture output,
                                   object for object; split with editcap -c 400 (boundaries cut
                                   calls): the calls no boundary cuts are still equal, the cut
                                   ones are listed as split, and none is lost
  check_pipeline.py PLUGIN ek      fax.* fields in tshark's own -T ek and -T json output on
                                   pcaps/sample.pcap agree with -z fax,json

SPDX-License-Identifier: GPL-2.0-or-later
"""
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from faxtshark import ROOT, Tshark  # noqa: E402

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def ok(msg):
    print("ok: " + msg)


def fax_json(ts, path):
    out = ts.run(["-n", "-r", path, "-q", "-z", "fax,json"]).stdout
    return [json.loads(l) for l in out.splitlines() if l.startswith("{")]


def diff(a, b, path=""):
    """First difference between two JSON values, or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            d = diff(a.get(k), b.get(k), path + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return "%s: %d items vs %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r vs %r" % (path, a, b)


def split_run(ts, work, pieces):
    """bench/faxsplit.py on the pieces, as the tshark user; returns (objects, split lines)."""
    for p in pieces:
        os.chmod(p, 0o644)
    # the unprivileged user may not enter the folder the repository (or a
    # root-owned interpreter) sits in: run a copy from the throwaway HOME
    script = os.path.join(ts.home, "faxsplit.py")
    shutil.copy(os.path.join(ROOT, "bench", "faxsplit.py"), script)
    # faxsplit.py is a thin user of the archive's code (archive/faxarchive.py)
    shutil.copy(os.path.join(ROOT, "archive", "faxarchive.py"), ts.home)
    os.chmod(os.path.join(ts.home, "faxarchive.py"), 0o644)
    os.chmod(script, 0o644)
    python = shutil.which("python3", path=ts.env["PATH"]) or sys.executable
    cmd = [python, script, "-j", "2"] + pieces
    if ts.as_root:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
    p = subprocess.run(cmd, env=ts.env, capture_output=True, text=True, cwd=work)
    if p.returncode != 0:
        raise RuntimeError("faxsplit.py failed: " + p.stderr)
    objs = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    return objs, [l for l in p.stderr.splitlines() if l.startswith("split: ")]


def lead_packet(path, t):
    """A one-packet pcap (an Ethernet frame that is no IP) at time t."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        fr = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x88\xb5" + b"\x00" * 46   # local experimental ethertype
        f.write(struct.pack("<IIII", int(t), 0, len(fr), len(fr)) + fr)


def check_split(ts):
    work = tempfile.mkdtemp(prefix="faxcalls-split-")
    os.chmod(work, 0o777)
    try:
        calls = os.path.join(work, "calls.pcap")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "pcapmix.py"), "fax", "6", calls,
                        "--gap", "100"], check=True, stdout=subprocess.DEVNULL)
        # a packet 50 s before the first call: editcap -i 100 boundaries then fall between calls
        # (calls last at most 40 s)
        # (a packet exactly on a boundary goes to the earlier piece: an INVITE there would be cut off)
        lead = os.path.join(work, "lead.pcap")
        lead_packet(lead, 1767225600 - 50)   # bench/pcapmix.py T0 - 50 s
        whole_path = os.path.join(work, "whole.pcap")
        subprocess.run(["mergecap", "-F", "pcap", "-w", whole_path, lead, calls], check=True)
        os.chmod(whole_path, 0o644)
        whole = fax_json(ts, whole_path)
        if len(whole) != 6:
            fail("whole capture: %d calls, want 6" % len(whole))
            return

        # 1. boundaries at quiet moments: nothing lost
        d1 = os.path.join(work, "by-time")
        os.mkdir(d1)
        before = len(failures)
        subprocess.run(["editcap", "-i", "100", whole_path, os.path.join(d1, "piece.pcap")], check=True)
        pieces = sorted(glob.glob(os.path.join(d1, "piece_*.pcap")))
        merged, splits = split_run(ts, work, pieces)
        if len(pieces) < 6:
            fail("editcap -i 100 made %d pieces, want >= 6" % len(pieces))
        if splits:
            fail("split at quiet moments, yet calls were cut: %s" % splits)
        if len(merged) != len(whole):
            fail("merged %d calls, whole capture %d" % (len(merged), len(whole)))
        for w, m in zip(whole, merged):
            d = diff(w, m)
            if d:
                fail("call %s (%s): merged differs from the whole-capture run: %s" % (w["call"], w["call_id"], d))
        if len(failures) == before:
            ok("editcap -i 100, %d pieces: the merged JSON equals the whole-capture JSON (%d calls)"
               % (len(pieces), len(whole)))

        # 2. boundaries that cut calls: the uncut ones survive, the cut ones are flagged
        d2 = os.path.join(work, "by-count")
        os.mkdir(d2)
        subprocess.run(["editcap", "-c", "400", whole_path, os.path.join(d2, "piece.pcap")], check=True)
        pieces = sorted(glob.glob(os.path.join(d2, "piece_*.pcap")))
        merged, splits = split_run(ts, work, pieces)
        bounds, n = [], 0
        for p in pieces:
            n += int(subprocess.run(["capinfos", "-c", "-M", "-T", "-r", p], capture_output=True, text=True,
                                    check=True).stdout.strip().split("\t")[-1])
            bounds.append(n)
        by_id = {m["call_id"]: m for m in merged if m.get("call_id")}
        cut = flagged = 0
        before = len(failures)
        for w in whole:
            crosses = any(w["first_frame"] <= b < w["last_frame"] for b in bounds)
            m = by_id.get(w["call_id"])
            if m is None:
                fail("call %s (%s) lost in the split" % (w["call"], w["call_id"]))
                continue
            if crosses:
                # what a cut costs depends on where: a piece holding only the INVITE adds
                # nothing (the call loses it); otherwise both halves are calls: listed as split
                cut += 1
                if any(w["call_id"] in s for s in splits):
                    flagged += 1
                d = diff(w, dict(m, call=w["call"]))
                print("   call %s cut by a boundary: result %s (whole: %s)%s" % (
                    w["call"], m["result"]["code"], w["result"]["code"], "; differs at " + d if d else ""))
                continue
            m = dict(m, call=w["call"])
            d = diff(w, m)
            if d:
                fail("call %s, inside one piece: merged differs: %s" % (w["call"], d))
        if cut == 0 or flagged == 0:
            fail("editcap -c 400 cut %d calls, %d listed as split: the test shows nothing" % (cut, flagged))
        for s in splits:
            print("   " + s)
        if len(failures) == before:
            ok("editcap -c 400, %d pieces: %d calls cut by a boundary (%d listed as split), the %d others equal"
               % (len(pieces), cut, flagged, len(whole) - cut))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_ek(ts):
    sample = os.path.join(ROOT, "pcaps", "sample.pcap")
    calls = {c["call"]: c for c in fax_json(ts, sample)}
    # -T ek with -J fax: the whole Fax subtree, fields named fax_fax_<field> (EK flattens dots)
    out = ts.run(["-n", "-2", "-r", sample, "-Y", "fax", "-T", "ek", "-J", "fax"]).stdout
    docs = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    index = [d for d in docs if "index" in d]
    pkts = [d for d in docs if "layers" in d]
    if not pkts or len(index) != len(pkts):
        fail("-T ek: %d index lines, %d documents" % (len(index), len(pkts)))
        return
    seen = {}
    for d in pkts:
        fax = d["layers"].get("fax")
        if not isinstance(fax, dict) or "fax_fax_call" not in fax:
            fail("-T ek: a packet passing -Y fax without fax_fax_call: %s" % json.dumps(d)[:300])
            return
        n = int(fax["fax_fax_call"])
        seen[n] = seen.get(n, 0) + 1
        c = calls.get(n)
        if c is None:
            fail("-T ek: fax.call %d not in -z fax,json" % n)
            continue
        if fax.get("fax_fax_result") != c["result"]["code"] or fax.get("fax_fax_reason") != c["result"]["reason"]:
            fail("-T ek: call %d result %s/%s, -z fax,json %s/%s" % (
                n, fax.get("fax_fax_result"), fax.get("fax_fax_reason"), c["result"]["code"], c["result"]["reason"]))
            return
        if c.get("call_id") and fax.get("fax_fax_call_id") != c["call_id"]:
            fail("-T ek: call %d call_id %s" % (n, fax.get("fax_fax_call_id")))
            return
    if sorted(seen) != sorted(calls):
        fail("-T ek: calls %s, -z fax,json %s" % (sorted(seen), sorted(calls)))
    else:
        ok("-T ek -J fax: %d packets, fax_fax_call/result/reason/call_id agree with -z fax,json for calls %s"
           % (len(pkts), sorted(seen)))

    # -T ek / -T json with -e: chosen fields, e.g. the rate each CFR confirmed
    for fmt in ("ek", "json"):
        out = ts.run(["-n", "-2", "-r", sample, "-Y", 'fax.msg == "CFR"', "-T", fmt,
                      "-e", "fax.call", "-e", "fax.msg", "-e", "fax.rate", "-e", "fax.result"]).stdout
        if fmt == "ek":
            rows = [json.loads(l)["layers"] for l in out.splitlines() if '"layers"' in l]
            get = lambda r, f: r.get(f.replace(".", "_"), [None])[0]   # noqa: E731
        else:
            rows = [d["_source"]["layers"] for d in json.loads(out)]
            get = lambda r, f: r.get(f, [None])[0]   # noqa: E731
        cfr = {}
        for r in rows:
            cfr[int(get(r, "fax.call"))] = int(get(r, "fax.rate"))
            if get(r, "fax.msg") != "CFR":
                fail("-T %s -e fax.msg: %s" % (fmt, get(r, "fax.msg")))
        want = {n: c["t30"]["final_rate"] if "final_rate" in c.get("t30", {}) else None for n, c in calls.items()}
        want = {n: r for n, r in want.items() if r}
        if cfr != want:
            fail("-T %s -e fax.rate on CFR: %s, -z fax,json final rates %s" % (fmt, cfr, want))
        else:
            ok("-T %s -e fax.call -e fax.rate: the CFR rates %s agree with -z fax,json" % (fmt, cfr))


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("split", "ek"):
        sys.exit(__doc__)
    for tool in ("editcap", "mergecap", "capinfos"):
        if not shutil.which(tool):
            print("SKIP: %s not installed" % tool)
            sys.exit(77)
    ts = Tshark(sys.argv[1])
    try:
        ts.assert_plugin_loaded()
        (check_split if sys.argv[2] == "split" else check_ek)(ts)
    finally:
        ts.cleanup()
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
