#!/usr/bin/env python3
"""faxcalls benchmark (bench/run.sh).  Not part of ctest.

For each size N (fax calls), builds with bench/pcapmix.py a fax capture (N mixed calls) and
a plain VoIP capture with the same calls and packet count (no fax), in a cache directory,
then times in alternation, median of --runs runs, as an unprivileged user with -n (no name
resolution, whose time-outs would swamp everything):

  no-tree arms (tshark -n -r F -q -z sip,stat: every packet dissected, no protocol tree)
    plain   HOME without the plugin
    loaded  HOME with the plugin
    fax     HOME with the plugin, and -z fax,stat
  tree arms (-Y 'frame.number == 0' forces a protocol tree on every packet)
    plain-tree / fax-tree

Wall, CPU (user+sys) and peak RSS come from /usr/bin/time -v.  With --callgrind, instruction
counts of the plain and fax arms on the smallest size >= 100 (valgrind --tool=callgrind).
Prints a Markdown report on stdout.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "lib"))
from faxtshark import Tshark  # noqa: E402

ARMS = {
    "plain": (False, ["-q", "-z", "sip,stat"]),
    "loaded": (True, ["-q", "-z", "sip,stat"]),
    "fax": (True, ["-q", "-z", "sip,stat", "-z", "fax,stat"]),
    "plain-tree": (False, ["-q", "-z", "sip,stat", "-Y", "frame.number == 0"]),
    "fax-tree": (True, ["-q", "-z", "sip,stat", "-z", "fax,stat", "-Y", "frame.number == 0"]),
}


def timed(ts, args, plain_home):
    """Run tshark under /usr/bin/time -v; returns (wall, cpu, rss_kib)."""
    env_home = ["env", "HOME=" + plain_home, "WIRESHARK_CONFIG_DIR=" + plain_home + "/.config",
                "WIRESHARK_PLUGIN_DIR=" + plain_home + "/plugins"] if plain_home else []
    cmd = ["time", "-v"] + env_home   # GNU time (package time), not the shell keyword + ["tshark", "-n"] + args
    if ts.as_root:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
    p = subprocess.run(cmd, env=ts.env, capture_output=True, text=True, cwd="/")
    if p.returncode != 0:
        raise RuntimeError("failed: %s\n%s" % (" ".join(cmd), p.stderr[-2000:]))
    def field(name):
        m = re.search(r"^\s*%s: (.*)$" % re.escape(name), p.stderr, re.M)
        return m.group(1).strip()
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return secs, cpu, int(field("Maximum resident set size (kbytes)")), p.stdout


def callgrind(ts, args, plain_home, outdir):
    env_home = ["env", "HOME=" + plain_home, "WIRESHARK_CONFIG_DIR=" + plain_home + "/.config",
                "WIRESHARK_PLUGIN_DIR=" + plain_home + "/plugins"] if plain_home else []
    out = os.path.join(outdir, "callgrind.%d.out" % len(os.listdir(outdir)))   # outdir: writable by the tshark user
    cmd = env_home + ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, "tshark", "-n"] + args
    if ts.as_root:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
    p = subprocess.run(cmd, env=ts.env, capture_output=True, text=True, cwd="/")
    m = re.search(r"Collected : (\d+)", p.stderr)
    if not m:
        raise RuntimeError("callgrind failed:\n" + p.stderr[-2000:])
    return int(m.group(1)), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plugin")
    ap.add_argument("--sizes", default="10,100,1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "faxcalls-bench"))
    ap.add_argument("--tree", action="store_true", help="also the tree arms")
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--arms", default=None, help="comma list of arms (default: all; plain is always run)")
    ap.add_argument("--kinds", default="fax,voip", help="captures: fax, voip or both")
    ap.add_argument("--tshark-opt", action="append", default=[],
                    help="extra tshark option for the plugin arms, e.g. -o fax.passthru:FALSE")
    a = ap.parse_args()

    os.makedirs(a.cache, exist_ok=True)
    os.chmod(a.cache, 0o755)
    ts = Tshark(a.plugin)
    ts.assert_plugin_loaded()
    plain_home = tempfile.mkdtemp(prefix="faxcalls-plain-")
    os.chmod(plain_home, 0o755)
    if ts.as_root:
        os.chown(plain_home, 65534, 65534)
    arms = [x for x in ARMS if a.tree or "tree" not in x]
    if a.arms:
        want = set(a.arms.split(",")) | {"plain"}
        arms = [x for x in arms if x in want]
    results = {}
    try:
        for n in [int(x) for x in a.sizes.split(",")]:
            for kind in a.kinds.split(","):
                path = os.path.join(a.cache, "%s-%d.pcap" % (kind, n))
                if not os.path.exists(path):
                    subprocess.run([sys.executable, os.path.join(HERE, "pcapmix.py"), kind, str(n), path],
                                   check=True, stdout=sys.stderr)
                os.chmod(path, 0o644)
                packets = os.path.getsize(path)
                samples = {arm: [] for arm in arms}
                for r in range(a.runs):
                    for arm in (arms if r % 2 == 0 else arms[::-1]):   # alternate, and reverse order
                        with_plugin, extra = ARMS[arm]
                        opts = a.tshark_opt if with_plugin else []
                        w, c, rss, out = timed(ts, opts + ["-r", path] + extra, None if with_plugin else plain_home)
                        if arm == "fax" and kind == "fax" and r == 0:
                            m = re.search(r"^Fax calls: (\d+)$", out, re.M)
                            if not m or int(m.group(1)) != n:
                                raise RuntimeError("fax arm found %s calls, want %d" % (m and m.group(1), n))
                        samples[arm].append((w, c, rss))
                        print("%s-%d %-10s run %d: wall %.2f s cpu %.2f s rss %d KiB" % (kind, n, arm, r + 1, w, c, rss),
                              file=sys.stderr)
                results[(kind, n)] = ({arm: tuple(statistics.median(s[i] for s in samples[arm]) for i in range(3))
                                       for arm in arms}, packets)
        cg = None
        if a.callgrind:
            n = min([int(x) for x in a.sizes.split(",") if int(x) >= 100] or [100])
            path = os.path.join(a.cache, "fax-%d.pcap" % n)
            try:
                cgp, _ = callgrind(ts, ["-r", path] + ARMS["plain"][1], plain_home, plain_home)
                cgf, cgfile = callgrind(ts, a.tshark_opt + ["-r", path] + ARMS["fax"][1], None, plain_home)
                keep = os.path.join(a.cache, "callgrind-fax-%d.out" % n)
                shutil.copy(cgfile, keep)
                cg = (n, cgp, cgf, keep)
            except RuntimeError as e:
                print("callgrind: %s" % e, file=sys.stderr)
    finally:
        ts.cleanup()
        shutil.rmtree(plain_home, ignore_errors=True)

    # ---- report ----
    print("Machine: %s, %d CPUs (%s), %s; tshark %s" % (
        platform.machine(), os.cpu_count(), cpu_model(), platform.platform(),
        subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout.split("\n")[0]))
    print("Load average at the end: %s" % open("/proc/loadavg").read().split()[:3])
    print("Median of %d alternating runs.\n" % a.runs)
    print("| capture | calls | arm | wall s | CPU s | peak RSS MiB | wall vs plain | CPU vs plain | wall ms/call |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (kind, n), (med, _) in results.items():
        for arm in arms:
            w, c, rss = med[arm]
            base = med["plain-tree"] if arm == "fax-tree" else med["plain"]
            print("| %s | %d | %s | %.2f | %.2f | %.1f | %+.1f %% | %+.1f %% | %.3f |" % (
                kind, n, arm, w, c, rss / 1024.0, 100.0 * (w / base[0] - 1), 100.0 * (c / base[1] - 1),
                1000.0 * w / n))
    print("\nMemory beyond plain tshark per fax call (fax arm RSS - plain arm RSS) / calls:\n")
    for (kind, n), (med, _) in results.items():
        if kind == "fax":
            d = med["fax"][2] - med["plain"][2]
            print("- %d calls: %+d KiB total, %.1f KiB per call" % (n, d, d / n))
    if cg:
        n, cgp, cgf, cgfile = cg
        print("\nInstructions (callgrind, fax-%d.pcap): plain %d, fax %d, %+.2f %% (profile: %s)" % (
            n, cgp, cgf, 100.0 * (cgf / cgp - 1), cgfile))


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


if __name__ == "__main__":
    main()
