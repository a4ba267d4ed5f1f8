"""common.py: what every robustness test asserts about one tshark run on a
hostile capture: exit status 0, within a time bound, and no sign of a crash
or of an exception from faxcalls code in its output.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from faxtshark import ROOT, Tshark  # noqa: E402,F401

BAD = [re.compile(p) for p in (
    r"Dissector bug",
    r"Malformed Packet: Fax",
    r"\[Malformed Packet: faxcalls",
    r"[Aa]ssertion",
    r"ERROR: AddressSanitizer|runtime error:|LeakSanitizer",
    r"\*\* \(tshark:\d+\): (CRITICAL|ERROR|WARNING)",
    r"Segmentation fault|Aborted|core dumped",
)]


def tool_env():
    """Environment for Wireshark's editcap/mergecap: without the libasan
    preload that .ci/sanitize.sh gives tshark (editcap deadlocks under it)."""
    return {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


def sanity(p, what, seconds, limit):
    """Problems with one finished run, as a list of strings."""
    out = []
    if p.returncode != 0:
        out.append("%s: exit status %d" % (what, p.returncode))
    if seconds > limit:
        out.append("%s: took %.1f s (limit %.0f s)" % (what, seconds, limit))
    text = p.stdout + "\n" + p.stderr
    for rx in BAD:
        m = rx.search(text)
        if m:
            i = m.start()
            out.append("%s: %r in output: ...%s..." % (what, m.group(0), text[max(0, i - 200):i + 200]))
    return out


def timed(ts, args):
    t0 = time.monotonic()
    p = ts.run(args, check=False)
    return p, time.monotonic() - t0
