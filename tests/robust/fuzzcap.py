#!/usr/bin/env python3
"""fuzzcap.py: capture-level fuzzing of tshark with the plugin.

  fuzzcap.py PLUGIN [ITERATIONS] [SEED]

ITERATIONS (default: $FAXCALLS_ROBUST_ITER, else 24) mutated captures, made
from every pcaps/*.pcap (and the real captures of tests/real-captures.tsv
when present) in turn, each
with one of
  corrupt    editcap -E P --seed S (P in 0.002 .. 0.05)
  snaplen    editcap -s N (N in 42 .. 300)
  chop       editcap -C N (N octets off the start of each frame)
  duplicate  mergecap of the capture with itself (every frame twice)
  reorder    frames shuffled within windows of 2..8 (pcapfile.py)
  cut        the capture cut short at a random frame (pcapfile.py)
then tshark -z fax,report -V must exit 0 within 120 s with no crash text
(common.py).  Prints one line per failure and a summary; every failing
capture is kept in $FAXCALLS_ROBUST_KEEP (default /tmp/faxcalls-fuzzcap-fail).

SPDX-License-Identifier: GPL-2.0-or-later
"""
import glob
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from common import ROOT, Tshark, sanity, timed, tool_env
import realcaps
import pcapfile

KINDS = ["corrupt", "snaplen", "chop", "duplicate", "reorder", "cut"]


def captures():
    caps = sorted(glob.glob(os.path.join(ROOT, "pcaps", "*.pcap")))
    real = realcaps.present_captures()
    caps += [c for c in real if c.endswith(".pcap")] + [c for c in real if c.endswith(".pcapng")]
    return caps


def mutate(src, dst, kind, rng):
    seed = rng.randrange(1 << 30)
    if kind == "corrupt":
        p = rng.choice([0.002, 0.005, 0.01, 0.02, 0.05])
        args = ["editcap", "-F", "pcap", "-E", str(p), "--seed", str(seed), src, dst]
    elif kind == "snaplen":
        args = ["editcap", "-F", "pcap", "-s", str(rng.randrange(42, 300)), src, dst]
    elif kind == "chop":
        args = ["editcap", "-F", "pcap", "-C", str(rng.randrange(1, 60)), src, dst]
    elif kind == "duplicate":
        args = ["mergecap", "-F", "pcap", "-w", dst, src, src]
    else:
        pc = pcapfile.read(src)
        if kind == "reorder":
            w = rng.randrange(2, 9)
            recs = []
            for i in range(0, len(pc.records), w):
                chunk = pc.records[i:i + w]
                times = [(r.sec, r.frac) for r in chunk]
                rng.shuffle(chunk)
                recs += [r._replace(sec=s, frac=f) for r, (s, f) in zip(chunk, times)]
            pc.records = recs
        else:
            pc.records = pc.records[:rng.randrange(1, max(2, len(pc.records)))]
        pcapfile.write(dst, pc)
        return "%s seed %d" % (kind, seed)
    subprocess.run(args, check=True, capture_output=True, env=tool_env())
    return " ".join(a for a in args[:-2] if a not in ("-F", "pcap")).replace("-w " + dst, "")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    iters = int(sys.argv[2]) if len(sys.argv) > 2 else int(os.environ.get("FAXCALLS_ROBUST_ITER", "24"))
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20260101
    keep = os.environ.get("FAXCALLS_ROBUST_KEEP", "/tmp/faxcalls-fuzzcap-fail")
    rng = random.Random(seed)
    caps = captures()
    ts = Tshark(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="faxcalls-fuzzcap-")
    failures = 0
    slowest = 0.0
    try:
        for i in range(iters):
            cap = caps[i % len(caps)]
            kind = KINDS[(i // len(caps) + i) % len(KINDS)]
            dst = os.path.join(tmp, "m%05d-%s.pcap" % (i, os.path.basename(cap).split(".")[0]))
            how = mutate(cap, dst, kind, rng)
            problems = []
            for what, args in (("report", ["-r", dst, "-z", "fax,report", "-V"]),
                               ("two-pass", ["-2", "-r", dst, "-q", "-z", "fax,stat", "-z", "expert"])):
                p, secs = timed(ts, args)
                slowest = max(slowest, secs)
                problems += sanity(p, what, secs, 120)
            if problems:
                failures += 1
                os.makedirs(keep, exist_ok=True)
                shutil.copy(dst, keep)
                print("FAIL %d: %s [%s] kept as %s" % (i, os.path.basename(cap), how, os.path.join(keep, os.path.basename(dst))))
                for pr in problems:
                    print("   " + pr[:2000])
            os.unlink(dst)
            if ts.as_root:
                rd = os.path.join(ts.home, "captures", os.path.basename(dst))
                if os.path.exists(rd):
                    os.unlink(rd)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        ts.cleanup()
    print("fuzzcap: %d mutated captures (seed %d), %d failures, slowest tshark run %.1f s"
          % (iters, seed, failures, slowest))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
