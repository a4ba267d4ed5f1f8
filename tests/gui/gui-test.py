#!/usr/bin/env python3
"""The real Wireshark GUI with the faxcalls plugin, under Xvfb.

  gui-test.py PLUGIN.so [--screenshots DIR]
  gui-test.py PLUGIN.so --tshark     (the same table through tshark, no GUI)

1. Opens pcaps/multi-5calls.pcap with `wireshark -r F -z fax,calls`, waits
   for the "Fax Calls" dialog (xdotool search --name), writes its screenshot,
   copies its rows (the dialog's context menu > Copy) and reads the clipboard
   (xclip): every row, every column, must equal `tshark -z fax,stat` on the
   same file.
2. Types a display filter into the dialog and applies it: the rows (now
   fewer) must equal `tshark -z fax,stat,FILTER` -- the table is reset on a
   retap, never stale.
3. Opens pcaps/sample.pcap filtered on a training hint, selects the packet,
   expands the Fax subtree and writes that screenshot; the window must show
   the frame.

Wireshark runs as an unprivileged user with WIRESHARK_PLUGIN_DIR at a
throwaway folder holding the build under test, so an installed faxcalls.so is
not loaded (tests/lib/faxtshark.py), on an Xvfb display of its own.  Missing tools (wireshark-qt, xvfb, xdotool,
imagemagick, xclip) are installed from Debian's packages when running as
root; the test is SKIPPED (exit 77) only when they cannot be installed.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
from faxtshark import NOBODY, Tshark, parse_stat  # noqa: E402

SKIP = 77
# tool -> the Debian packages that give it, first choice first: the Qt GUI is
# wireshark-qt on Debian 12 and wireshark on 13 and unstable
TOOLS = {"wireshark": ("wireshark-qt", "wireshark"), "Xvfb": ("xvfb",), "xdotool": ("xdotool",),
         "import": ("imagemagick",), "xclip": ("xclip",)}
MULTI = os.path.join(ROOT, "pcaps", "multi-5calls.pcap")
SAMPLE = os.path.join(ROOT, "pcaps", "sample.pcap")
DIALOG = "Fax Calls"
FILTER = "fax.call == 3 || fax.call == 5"
HINT_FILTER = "fax.expert.training_settled"
COLS = ["#", "Start(s)", "Dur(s)", "T.38", "Ver", "Rate", "Train", "FTT", "Pages", "Conf",
        "ECM", "Result", "Reason"]


def skip(why):
    print("*" * 72)
    print("*** SKIPPED: the real-GUI test did not run: %s" % why)
    print("*" * 72)
    sys.exit(SKIP)


def fail(why):
    print("FAIL: %s" % why)
    sys.exit(1)


def ensure_tools():
    def missing(choice):
        return sorted({pkgs[min(choice, len(pkgs) - 1)] for tool, pkgs in TOOLS.items()
                       if not shutil.which(tool)})
    if not missing(0):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        skip("missing %s and cannot install them (not root, or no apt-get)" % " ".join(missing(0)))
    errors = []
    for choice in range(max(len(p) for p in TOOLS.values())):
        want = missing(choice)
        if not want:
            return
        print("installing %s from Debian's packages" % " ".join(want), flush=True)
        # packaging/lib/apt.sh: the one way faxcalls' scripts install packages
        p = subprocess.run(["sh", "-c", '. "$0" && apt_install "$@"',
                            os.path.join(ROOT, "packaging", "lib", "apt.sh")] + want,
                           capture_output=True, text=True)
        if p.returncode != 0:
            errors.append(p.stderr.strip()[-300:])
    if missing(0):
        skip("could not install %s: %s" % (" ".join(missing(0)), " / ".join(errors)))


class Gui:
    """Xvfb + programs run as the unprivileged user of a Tshark instance."""

    def __init__(self, ts):
        self.ts = ts
        self.procs = []
        cfg = ts.env["WIRESHARK_CONFIG_DIR"]
        os.makedirs(cfg, exist_ok=True)
        # fixed window geometry, no first-run questions, no bytes pane
        with open(os.path.join(cfg, "recent_common"), "w") as f:
            f.write("gui.geometry_main_x: 0\ngui.geometry_main_y: 0\n"
                    "gui.geometry_main_width: 1600\ngui.geometry_main_height: 900\n"
                    "gui.geometry_main_maximized: FALSE\n"
                    "privs.warn_if_elevated: FALSE\nsys.warn_if_no_capture: FALSE\n"
                    "gui.geom.%s.x: 20\ngui.geom.%s.y: 120\n"
                    "gui.geom.%s.width: 1880\ngui.geom.%s.height: 420\n"
                    "gui.geom.%s.maximized: FALSE\n" % ((DIALOG,) * 5))
        with open(os.path.join(cfg, "recent"), "w") as f:
            f.write("gui.byte_view_show: FALSE\ngui.geometry_main_upper_pane: 160\n")
        self.own(cfg)
        rfd, wfd = os.pipe()
        self.xvfb = self.spawn(["Xvfb", "-displayfd", str(wfd), "-screen", "0", "1920x1080x24",
                                "-nolisten", "tcp"], pass_fds=(wfd,))
        os.close(wfd)
        num = b""
        deadline = time.time() + 30
        while not num.endswith(b"\n") and time.time() < deadline:
            chunk = os.read(rfd, 16)
            if not chunk:
                break
            num += chunk
        os.close(rfd)
        if not num.strip():
            skip("Xvfb did not start")
        self.display = ":" + num.decode().strip()
        self.env = dict(ts.env, DISPLAY=self.display, LC_ALL="C.UTF-8",
                        XDG_RUNTIME_DIR=os.path.join(ts.home, "run"))
        os.makedirs(self.env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
        self.own(self.env["XDG_RUNTIME_DIR"])

    def own(self, path):
        if self.ts.as_root:
            for d, dirs, files in os.walk(path):
                os.chown(d, NOBODY, NOBODY)
                for f in files:
                    os.chown(os.path.join(d, f), NOBODY, NOBODY)

    def cmd(self, args):
        if self.ts.as_root:
            return ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY,
                    "--clear-groups"] + args
        return args

    def spawn(self, args, pass_fds=()):
        env = getattr(self, "env", self.ts.env)
        p = subprocess.Popen(self.cmd(args), env=env, cwd="/", pass_fds=pass_fds,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(p)
        return p

    def x(self, args, check=True, timeout=30):
        p = subprocess.run(self.cmd(args), env=self.env, cwd="/", capture_output=True,
                           text=True, timeout=timeout)
        if check and p.returncode != 0:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr))
        return p.stdout

    def wait_window(self, name, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            out = self.x(["xdotool", "search", "--name", name], check=False)
            ids = out.split()
            if ids:
                return ids[0]
            time.sleep(0.5)
        return None

    def window_name(self, wid):
        return self.x(["xdotool", "getwindowname", wid]).strip()

    def screenshot(self, wid, path):
        tmp = os.path.join(self.ts.home, "shot.png")
        # -strip: no time stamps in the PNG
        self.x(["import", "-window", wid, "-strip", tmp])
        shutil.copy(tmp, path)

    def clipboard(self):
        return self.x(["xclip", "-o", "-selection", "clipboard"], check=False, timeout=10)

    def wireshark(self, args):
        return self.spawn(["wireshark"] + args)

    def stop(self, p):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def close(self):
        for p in reversed(self.procs):
            self.stop(p)


def parse_copy(text):
    """The dialog's Copy (plain text) -> list of rows: 16 whitespace-free
    columns, then the diagnosis, then 'fax.call == N'."""
    rows = []
    for line in text.splitlines():
        if not re.match(r"^\s*\d+\s", line):
            continue
        parts = line.split(None, 16)
        if len(parts) < 17:
            fail("dialog row with too few columns: %r" % line)
        m = re.match(r"^(.*?)\s+(fax\.call == \d+)\s*$", parts[16])
        if not m:
            fail("dialog row without its display filter: %r" % line)
        rows.append(parts[:16] + [m.group(1), m.group(2)])
    return rows


def expected_rows(stat_text):
    """tshark -z fax,stat -> the rows the dialog must show."""
    diag = dict(re.findall(r"^(\d+)\s+(.+)$", stat_text.split("Diagnosis:", 1)[-1], re.M))
    rows = []
    for r in parse_stat(stat_text):
        # a SIP call, or T.38 with no signalling (the dialog shows its endpoints, Call-ID "-")
        m = (re.match(r"^(\S+) -> (\S+)  \[(.*)\]$", r["who"])
             or re.match(r"^(\S+) <-> (\S+)  \[no signalling\]()$", r["who"]))
        if not m:
            fail("unexpected fax,stat caller/callee column: %r" % r["who"])
        rows.append([r[c] for c in COLS] + [m.group(1), m.group(2), m.group(3) or "-",
                                             diag.get(r["#"], "-"), "fax.call == %s" % r["#"]])
    return rows


def same(got, want, what):
    """Compare dialog rows with tshark's: numbers as numbers (the dialog
    shows seconds with 6 decimals, tshark with 3), the rest as text."""
    problems = []
    if len(got) != len(want):
        problems.append("%d rows in the dialog, %d in tshark -z fax,stat" % (len(got), len(want)))
    for g, w in zip(got, want):
        for i, (a, b) in enumerate(zip(g, w)):
            if i in (1, 2):
                ok = abs(float(a) - float(b)) < 5e-4
            else:
                ok = a == b
            if not ok:
                problems.append("call %s column %d: dialog %r, tshark %r" % (w[0], i, a, b))
    if problems:
        fail("%s: the Fax Calls dialog disagrees with tshark -z fax,stat:\n  %s"
             % (what, "\n  ".join(problems)))
    print("ok: %s: %d rows x %d columns agree with tshark -z fax,stat" % (what, len(got), len(got[0]) if got else 0),
          flush=True)


def copy_rows(gui, wid):
    """Right-click in the table, first menu entry ("Copy"), read the clipboard."""
    geom = gui.x(["xdotool", "getwindowgeometry", wid])
    w, h = map(int, re.search(r"Geometry: (\d+)x(\d+)", geom).groups())
    for attempt in range(3):
        gui.x(["xdotool", "mousemove", "--window", wid, str(w // 2), str(h // 3), "click", "3"])
        time.sleep(1)
        gui.x(["xdotool", "key", "Down", "Return"])
        time.sleep(1)
        text = gui.clipboard()
        if "fax.call ==" in text:
            return text
    fail("could not copy the rows of the Fax Calls dialog (clipboard: %r)" % text[:200])


def apply_filter(gui, wid, flt):
    """Type a display filter into the dialog's filter box and apply it."""
    geom = gui.x(["xdotool", "getwindowgeometry", wid])
    w, h = map(int, re.search(r"Geometry: (\d+)x(\d+)", geom).groups())
    gui.x(["xdotool", "mousemove", "--window", wid, str(w // 2), str(h - 55), "click", "1"])
    time.sleep(0.5)
    gui.x(["xdotool", "key", "ctrl+a", "BackSpace"])
    gui.x(["xdotool", "type", "--delay", "20", flt])
    time.sleep(1)
    # a click in the box closes the field-name completion popup, which
    # would otherwise swallow the click on Apply
    gui.x(["xdotool", "mousemove", "--window", wid, str(w // 2), str(h - 55), "click", "1"])
    time.sleep(0.5)
    gui.x(["xdotool", "mousemove", "--window", wid, str(w - 53), str(h - 55), "click", "1"])
    time.sleep(4)


def tshark_table(plugin):
    """tshark -z fax,calls (the same table, no GUI), one pass and two, on
    every bundled capture: the rows must equal -z fax,stat's."""
    ts = Tshark(plugin)
    try:
        ts.assert_plugin_loaded()
        pcaps = sorted(f for f in os.listdir(os.path.join(ROOT, "pcaps")) if f.endswith(".pcap"))
        for name in pcaps:
            path = os.path.join(ROOT, "pcaps", name)
            want = expected_rows(ts.run(["-r", path, "-q", "-z", "fax,stat"]).stdout)
            for passes in ([], ["-2"]):
                out = ts.run(["-r", path, "-q", "-z", "fax,calls"] + passes).stdout
                got = [[c.strip() for c in line.split(" |")[:18]]
                       for line in out.splitlines() if re.match(r"^\d+ \|", line)]
                same(got, want, "tshark -z fax,calls %s%s" % (" ".join(passes + [""]), name))
    finally:
        ts.cleanup()
    print("PASS")


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: gui-test.py PLUGIN.so [--screenshots DIR] | PLUGIN.so --tshark")
    plugin = sys.argv[1]
    if "--tshark" in sys.argv:
        return tshark_table(plugin)
    shots = os.path.join(os.getcwd(), "screenshots")
    if "--screenshots" in sys.argv:
        shots = sys.argv[sys.argv.index("--screenshots") + 1]
    os.makedirs(shots, exist_ok=True)
    ensure_tools()
    ws = subprocess.run(["wireshark", "--version"], capture_output=True, text=True).stdout
    ts_ver = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout
    if ws.split("\n")[0].split()[1:2] != ts_ver.split("\n")[0].split()[2:3]:
        fail("wireshark and tshark versions differ: %r / %r" % (ws.split("\n")[0], ts_ver.split("\n")[0]))

    t0 = time.time()
    ts = Tshark(plugin)
    gui = None
    try:
        ts.assert_plugin_loaded()
        gui = Gui(ts)
        multi = ts.readable(MULTI)
        sample = ts.readable(SAMPLE)

        # 1. the dialog from -z fax,calls
        want = expected_rows(ts.run(["-r", MULTI, "-q", "-z", "fax,stat"]).stdout)
        ws1 = gui.wireshark(["-r", multi, "-z", "fax,calls"])
        wid = gui.wait_window(DIALOG)
        if not wid:
            fail("no window named %r within 90 s: the Fax Calls dialog is missing" % DIALOG)
        print("ok: dialog window %s: %r" % (wid, gui.window_name(wid)))
        time.sleep(3)   # the retap and the first draw
        got = parse_copy(copy_rows(gui, wid))
        same(got, want, "multi-5calls")
        gui.screenshot(wid, os.path.join(shots, "fax-calls-dialog.png"))

        # 2. a display filter in the dialog: reset, retap, fewer rows
        want_f = expected_rows(ts.run(["-r", MULTI, "-q", "-z", "fax,stat," + FILTER]).stdout)
        apply_filter(gui, wid, FILTER)
        got_f = parse_copy(copy_rows(gui, wid))
        same(got_f, want_f, "multi-5calls, display filter %r" % FILTER)
        gui.stop(ws1)

        # 3. a packet with the Fax subtree and an expert hint
        frame = ts.run(["-r", SAMPLE, "-2", "-Y", HINT_FILTER, "-T", "fields", "-e",
                        "frame.number"]).stdout.split()
        if not frame:
            fail("tshark finds no %s frame in sample.pcap" % HINT_FILTER)
        gui.wireshark(["-r", sample, "-Y", HINT_FILTER, "-g", frame[0]])
        mid = gui.wait_window("sample.pcap")
        if not mid:
            fail("Wireshark did not open sample.pcap")
        time.sleep(4)
        gui.x(["xdotool", "windowfocus", "--sync", mid])
        # a click in the empty lower part of the packet details focuses
        # them; Down from the first item (Frame, Ethernet, IP, UDP, T.38)
        # reaches the postdissector's Fax tree (End and Page Down are taken
        # by Wireshark's packet navigation); Shift+Right expands it and its
        # subtrees
        geom = gui.x(["xdotool", "getwindowgeometry", mid])
        w, h = map(int, re.search(r"Geometry: (\d+)x(\d+)", geom).groups())
        gui.x(["xdotool", "mousemove", "--window", mid, str(w // 2), str(h - 60), "click", "1"])
        time.sleep(0.5)
        gui.x(["xdotool", "key", "Home", "Down", "Down", "Down", "Down", "Down"])
        time.sleep(0.5)
        gui.x(["xdotool", "key", "shift+Right"])
        time.sleep(1)
        gui.screenshot(mid, os.path.join(shots, "fax-subtree-hint.png"))
        print("ok: screenshots in %s" % shots)
    finally:
        if gui:
            gui.close()
        ts.cleanup()
    print("PASS (%.0f s)" % (time.time() - t0))


if __name__ == "__main__":
    main()
