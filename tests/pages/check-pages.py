#!/usr/bin/env python3
"""Page export tests (ctest, tests/pages/CMakeLists.txt).

  check-pages.py PLUGIN PAGE_COMPARE gen NAME
      tshark -z fax,pages on pcaps/NAME.pcap (as an unprivileged user); every
      page of every call with pages in its .truth is compared with the page
      the generator sent (tests/gen/tiff-pages.c, seed 0xC0FFEE + call):
      pixel-identical, or, for a capture with lost packets (udptl_*.lost > 0),
      every row not marked damaged equal to a sent row, in order.
  check-pages.py PLUGIN PAGE_COMPARE real NAME
      a "pages" case of tests/real-captures.tsv: the pages, rows and damaged rows measured
      when the feature was written (skips, code 77, when the folder is absent).

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import realcaps  # noqa: E402
from faxtshark import ROOT, Tshark, NOBODY  # noqa: E402

SKIP = 77
LINE = re.compile(r"^call (\d+) page (\d+): (?:ECM )?(MH|MR|MMR) (\d+)x(\d+) .* rows (\d+), damaged (\d+)")

# the "pages" cases of tests/real-captures.tsv (which gives capture and tshark
# options): [(call, page, coding, rows, damaged)]
REAL = {
    "t38faxcap-sample": [(1, 1, "MR", 2272, 4)],
    "nrusso-fax_t38_h323_ogw": [(1, 1, "MH", 1061, 0), (1, 2, "MH", 1078, 0)],
    "nrusso-fax_t38_nse_sip_ogw": [(1, 1, "MH", 1070, 0), (1, 2, "MH", 1076, 0)],
}


def export(ts, pcap, extra=()):
    out = os.path.join(ts.home, "pages")
    os.makedirs(out, exist_ok=True)
    if ts.as_root:
        os.chown(out, NOBODY, NOBODY)
    r = ts.run(list(extra) + ["-r", ts.readable(pcap), "-q", "-z", "fax,pages," + out])
    print(r.stdout, end="")
    pages = {}
    for line in r.stdout.splitlines():
        m = LINE.match(line)
        if m:
            pages[(int(m.group(1)), int(m.group(2)))] = (m.group(3), int(m.group(6)), int(m.group(7)))
    return out, pages


def truth(name):
    kv = {}
    with open(os.path.join(ROOT, "pcaps", name + ".truth")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            kv[k] = v
    return kv


def main():
    plugin, compare, mode, name = sys.argv[1:5]
    ts = Tshark(plugin)
    failures = 0
    try:
        if mode == "real":
            try:
                pcap, case = realcaps.case(name, "pages")
            except realcaps.Mismatch as e:
                print("FAIL: %s" % e)
                return 1
            if pcap is None:
                return SKIP
            want = REAL[name]
            out, pages = export(ts, pcap, case.options)
            for call, page, coding, rows, damaged in want:
                got = pages.get((call, page))
                png = os.path.join(out, "call%d-page%d.png" % (call, page))
                ok = got == (coding, rows, damaged) and os.path.getsize(png) > 0
                print("%s: call %d page %d: got %s, want %s" % ("ok" if ok else "FAIL", call, page,
                                                              got, (coding, rows, damaged)))
                failures += not ok
            if len(pages) != len(want):
                print("FAIL: %d pages exported, want %d" % (len(pages), len(want)))
                failures += 1
            return 1 if failures else 0

        kv = truth(name)
        out, pages = export(ts, os.path.join(ROOT, "pcaps", name + ".pcap"))
        ncalls = int(kv["calls"])
        checked = 0
        for c in range(1, ncalls + 1):
            p = "call.%d." % c
            sent = int(kv.get(p + "pages_sent", "0"))
            in_file = int(kv.get(p + "pages_in_file", "0"))
            lost = int(kv.get(p + "udptl_ab.lost", "0"))
            for page in range(1, sent + 1):
                tif = os.path.join(out, "call%d-page%d.tif" % (c, page))
                if not os.path.exists(tif):
                    print("FAIL: %s missing" % tif)
                    failures += 1
                    continue
                r = subprocess.run([compare, tif, str(in_file), str(page), str(0xC0FFEE + c), "0",
                                    "loss" if lost else "exact"], capture_output=True, text=True)
                print("call %d page %d (%s): %s" % (c, page, "loss" if lost else "exact",
                                                    r.stdout.strip().replace("\n", "; ")))
                if r.returncode != 0:
                    print("FAIL: call %d page %d differs from the page sent" % (c, page))
                    failures += 1
                checked += 1
            if len([k for k in pages if k[0] == c]) != sent:
                print("FAIL: call %d: %d pages exported, %d sent" % (c, len([k for k in pages if k[0] == c]), sent))
                failures += 1
        print("%d pages compared, %d failures" % (checked, failures))
        return 1 if failures or checked == 0 and any(
            int(kv.get("call.%d.pages_sent" % c, "0")) for c in range(1, ncalls + 1)) else 0
    finally:
        ts.cleanup()


if __name__ == "__main__":
    sys.exit(main())
