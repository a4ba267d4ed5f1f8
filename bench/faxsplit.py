#!/usr/bin/env python3
"""Analyse a capture cut in pieces, in parallel: a thin user of faxcalls-archive.

  faxsplit.py [-j N] [--tshark CMD] [--max-call SECONDS] PIECE.pcap ... > merged.jsonl

PIECEs are consecutive parts of one capture, as `editcap -i SECONDS` or `editcap -c PACKETS`
writes them (or rotated files: tshark/dumpcap -b).  This is `archive/faxcalls-archive --jobs N
--probes none PIECE...` (README.md, "Archives and clusters"): each piece is analysed by one
tshark -z fax,json over it and the pieces around it (--max-call seconds of traffic before and
after, default 600), keeping the calls whose first frame lies in it, so a call that spans a
boundary is analysed once, whole; frame numbers and times are made capture-wide and calls are
numbered in capture order.  The output is what one tshark run over the whole capture gives.

The calls that span more than one piece are listed on stderr, for the record:
`split: CALL-ID pieces 3,4 result success (analysed whole)` (pieces numbered as given).

The old time split (each piece alone, a call cut by a boundary analysed twice from half its
packets) is gone.  For an archive on several machines use faxcalls-archive with a Dask cluster.

Needs archive/faxarchive.py: next to this script, or in ../archive/ (this repository).

SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
for d in (HERE, os.path.join(HERE, "..", "archive")):
    if os.path.exists(os.path.join(d, "faxarchive.py")):
        sys.path.insert(0, d)
        break
import faxarchive  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1, help="tshark runs at a time")
    ap.add_argument("--tshark", default="tshark", help="tshark command (may hold options)")
    ap.add_argument("--max-call", type=float, default=faxarchive.DEFAULT_MAX_CALL)
    ap.add_argument("pieces", nargs="+")
    a = ap.parse_args()
    pieces = [os.path.abspath(p) for p in a.pieces]
    spans = []

    def on_call(c):
        if len(c.files) > 1:
            spans.append(c)

    args = faxarchive.parse_args(["--jobs", str(max(1, a.j)), "--probes", "none", "--quiet",
                                  "--tshark", a.tshark, "--max-call", str(a.max_call)] + pieces)
    try:
        rc = faxarchive.run(args, on_call=on_call)
    except faxarchive.ArchiveError as e:
        sys.exit("faxsplit.py: %s" % e)
    for c in spans:
        idx = ",".join(str(pieces.index(p) + 1) if p in pieces else os.path.basename(p) for p in c.files)
        who = c.obj.get("call_id") or "udptl " + " ".join(faxarchive.call_keys(c.obj)[0][1:])
        print("split: %s pieces %s result %s (analysed whole)" % (who, idx, c.obj["result"]["code"]),
              file=sys.stderr)
    sys.exit(rc)


if __name__ == "__main__":
    main()
