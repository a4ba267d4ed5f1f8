#!/usr/bin/env python3
"""Analyse a large capture in pieces, in parallel, and merge the -z fax,json output.

  faxsplit.py [-j N] [--tshark CMD] PIECE.pcap ... > merged.jsonl

PIECEs are consecutive parts of one capture, in order, as `editcap -i SECONDS` or
`editcap -c PACKETS` writes them (e.g. `editcap -i 600 big.pcap piece.pcap` gives
piece_00000_<time>.pcap, piece_00001_... : shell glob order is capture order).  Each piece runs
`tshark -n -r PIECE -q -z fax,json` (N at a time, default: CPU count); the objects are then made
capture-wide again: frame numbers are shifted by the packets of the earlier pieces, times are
made relative to the first piece's capture_start_epoch, and calls are numbered again in order of
their first frame.  Calls are merged by SIP Call-ID (T.38 calls with no signalling by their two
UDPTL sources).

What a split loses (docs/PERFORMANCE.md, "Beyond one machine"): a call that spans a piece
boundary is analysed twice, from half its packets each time.  Such calls are written once (the
piece holding the most of it: the most UDPTL packets, then the earliest) and listed on stderr as
`split: CALL-ID pieces 3,4 results incomplete,failed`; their verdict is not to be trusted.  Split
at quiet moments (`editcap -i` with an interval longer than a call, aligned with call starts) or
re-run the listed calls on a piece that holds them whole (`editcap -A/-B`).

SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys

FRAME_KEYS = {"answer_frame", "audio_back_frame", "dcs_frame", "first_frame", "frame", "invite_frame",
              "last_frame", "related_frame", "tcf_frame"}
TIME_KEYS = {"start", "invite_time", "time"}   # relative to capture_start_epoch


def shift(o, frames, secs):
    """Frame numbers + frames, relative times + secs, in place, everywhere in o."""
    if isinstance(o, dict):
        for k, v in o.items():
            if k in FRAME_KEYS and isinstance(v, int) and not isinstance(v, bool):
                o[k] = v + frames
            elif k in TIME_KEYS and isinstance(v, (int, float)) and not isinstance(v, bool):
                o[k] = round(v + secs, 6)
            else:
                shift(v, frames, secs)
    elif isinstance(o, list):
        for x in o:
            shift(x, frames, secs)


def packets(path):
    out = subprocess.run(["capinfos", "-c", "-M", "-T", "-r", path], capture_output=True, text=True,
                         check=True).stdout
    return int(out.strip().split("\t")[-1])


def run_piece(tshark, path):
    p = subprocess.run(tshark + ["-n", "-r", path, "-q", "-z", "fax,json"], capture_output=True,
                       text=True)
    if p.returncode != 0:
        raise RuntimeError("%s: tshark failed: %s" % (path, p.stderr.strip()))
    return [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]


def key(o):
    if o.get("call_id"):
        return ("sip", o["call_id"])
    src = sorted(str((d or {}).get("source")) for d in (o.get("udptl") or {}).values())
    return ("udptl",) + tuple(src)


def udptl_packets(o):
    return sum((d or {}).get("packets") or 0 for d in (o.get("udptl") or {}).values())


def merge(pieces_objs, counts):
    """pieces_objs[i]: objects of piece i; counts[i]: its packet count.  Returns (merged, splits)."""
    epoch0 = None
    frames = 0
    groups = {}
    for i, objs in enumerate(pieces_objs):
        for o in objs:
            e = o.get("capture_start_epoch")
            if epoch0 is None and e is not None:
                epoch0 = e
            shift(o, frames, round((e or 0) - (epoch0 or 0), 6))
            o["capture_start_epoch"] = epoch0
            groups.setdefault(key(o), []).append((i, o))
        frames += counts[i]
    # the T.38 half of a cut call (its SIP in another piece) has no Call-ID: join it to the
    # SIP call with the same UDPTL sources
    by_src = {}
    for k, members in groups.items():
        if k[0] == "sip":
            for _, o in members:
                by_src.setdefault(key(dict(o, call_id=None)), k)
    for k in [k for k in groups if k[0] == "udptl" and k in by_src]:
        groups[by_src[k]].extend(groups.pop(k))
    merged, splits = [], []
    for k, members in groups.items():
        members.sort(key=lambda m: m[0])
        if len(members) > 1:
            splits.append((k, [i for i, _ in members], [o["result"]["code"] for _, o in members]))
        best = max(members, key=lambda m: (udptl_packets(m[1]), -m[0]))[1]
        if k[0] == "sip" and not best.get("call_id"):
            best["call_id"] = k[1]       # the T.38 half won: keep the call's Call-ID
        merged.append(best)
    merged.sort(key=lambda o: (o.get("first_frame") or 0))
    for n, o in enumerate(merged, 1):
        o["call"] = n
    return merged, splits


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--tshark", default="tshark", help="tshark command (may hold options)")
    ap.add_argument("pieces", nargs="+")
    a = ap.parse_args()
    tshark = shlex.split(a.tshark)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
        objs = list(ex.map(lambda p: run_piece(tshark, p), a.pieces))
    merged, splits = merge(objs, [packets(p) for p in a.pieces])
    for o in merged:
        sys.stdout.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
    for k, idx, res in splits:
        print("split: %s pieces %s results %s" % (k[1] if k[0] == "sip" else "udptl " + " ".join(k[1:]),
                                                  ",".join(str(i + 1) for i in idx), ",".join(res)),
              file=sys.stderr)


if __name__ == "__main__":
    main()
