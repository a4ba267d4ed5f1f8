#!/usr/bin/env python3
"""valgrind.py: valgrind memcheck of tshark with the plugin on a few captures.

  valgrind.py PLUGIN CAPTURE_NAME...     (names of pcaps/NAME.pcap)

Runs `valgrind --tool=memcheck tshark -2 -r pcaps/NAME.pcap -z fax,report -V`
as tshark's unprivileged user and fails on any memcheck error (invalid
read/write, uninitialised value, invalid free) with faxcalls code in its
stack.  Errors entirely inside Wireshark/GLib are listed, not counted.
Leak checking is off: Wireshark frees little at exit and those are not ours.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from common import ROOT, Tshark

OURS = re.compile(r"faxcalls\.so|/(model|wire|plugin|ui)/[\w-]+\.c")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    ts = Tshark(sys.argv[1])
    bad = 0
    try:
        for name in sys.argv[2:]:
            log = os.path.join(ts.home, "vg-%s.log" % name)
            pcap = name if "/" in name else os.path.join(ROOT, "pcaps", name + ".pcap")
            name = os.path.basename(name)
            args = ["--tool=memcheck", "--leak-check=no", "--num-callers=30", "--error-limit=no",
                    "--log-file=" + log, "tshark", "-2", "-r", pcap, "-z", "fax,report", "-V"]
            p = ts.run(args, check=False, program="valgrind")
            text = open(log).read() if os.path.exists(log) else ""
            blocks = re.split(r"\n==\d+== \n", text)
            errors = [b for b in blocks if re.search(r"==\d+== (Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap)", b)]
            ours = [b for b in errors if OURS.search(b)]
            summary = re.search(r"ERROR SUMMARY: (\d+) errors from (\d+) contexts", text)
            print("valgrind %s: exit %d, %s; %d error blocks with faxcalls code in the stack"
                  % (name, p.returncode, summary.group(0) if summary else "no summary", len(ours)))
            if p.returncode != 0 or not summary:
                bad += 1
                print(p.stderr[-3000:])
            for b in ours[:5]:
                print(b)
            bad += len(ours)
    finally:
        ts.cleanup()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
