"""Run tshark with the faxcalls plugin just built, as an unprivileged user.

The build under test is copied into a throwaway plugin folder that
WIRESHARK_PLUGIN_DIR names ($DIR/X.Y/epan/faxcalls.so, where X.Y is the
Wireshark version; the same on 4.0, 4.4 and 4.6, asked of tshark -G folders).
With that variable Wireshark does not scan its system plugin folder, so a
faxcalls.so installed there (the README's first command) is neither loaded nor
touched. Wireshark ignores the variable and personal plugin folders when it
runs as root, so when the tests run as root (CI does) tshark, sharkd and
wireshark are started as 'nobody' with a throwaway HOME.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOBODY = 65534


def ws_version():
    out = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout
    m = re.search(r"TShark \(Wireshark\) (\d+)\.(\d+)", out)
    if not m:
        sys.exit("cannot tell the tshark version")
    return "%s.%s" % (m.group(1), m.group(2))


class Tshark:
    def __init__(self, plugin):
        if not os.path.exists(plugin):
            sys.exit("plugin not built: %s" % plugin)
        self.plugin = plugin
        self.home = tempfile.mkdtemp(prefix="faxcalls-home-")
        self.plugin_dir = os.path.join(self.home, "plugins")
        self.as_root = os.geteuid() == 0
        if self.as_root:
            os.chmod(self.home, 0o755)
        self.env = {
            "HOME": self.home,
            "PATH": "/usr/bin:/bin:/usr/sbin:/sbin",
            "LC_ALL": "C",
            "TZ": "UTC",
            # keep the developer's own Wireshark profile out of the results
            "WIRESHARK_CONFIG_DIR": os.path.join(self.home, ".config", "wireshark"),
            # the build under test, and no installed plugin
            "WIRESHARK_PLUGIN_DIR": self.plugin_dir,
        }
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "LD_PRELOAD", "WIRESHARK_EXTCAP_DIR"):
            if k in os.environ:
                self.env[k] = os.environ[k]
        # .ci/sanitize.sh: libasan for tshark/sharkd started by run() only
        # (capinfos, editcap and mergecap deadlock with it preloaded)
        self.tshark_preload = os.environ.get("FAXCALLS_TSHARK_PRELOAD")
        pdir = os.path.join(self.versioned_plugin_dir(), "epan")
        os.makedirs(pdir)
        shutil.copy(plugin, pdir)
        self.plugin_copy = os.path.join(pdir, os.path.basename(plugin))
        if self.as_root:
            for d, dirs, files in os.walk(self.home):
                os.chown(d, NOBODY, NOBODY)
                for f in files:
                    os.chown(os.path.join(d, f), NOBODY, NOBODY)

    def versioned_plugin_dir(self):
        """The folder under WIRESHARK_PLUGIN_DIR this Wireshark loads binary
        plugins from ($DIR/X.Y), as tshark -G folders names it."""
        out = self.run(["-G", "folders"], check=False).stdout
        for line in out.splitlines():
            key, _, val = line.partition(":")
            if key.strip() == "Global Plugins" and val.strip().startswith(self.plugin_dir + os.sep):
                return val.strip()
        return os.path.join(self.plugin_dir, ws_version())

    def cleanup(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def readable(self, path):
        """A copy of a capture in the throwaway HOME: the unprivileged tshark
        may not be allowed into the folder the repository sits in."""
        if not self.as_root:
            return path
        caps = os.path.join(self.home, "captures")
        os.makedirs(caps, exist_ok=True)
        dst = os.path.join(caps, os.path.basename(path))
        if not os.path.exists(dst):
            shutil.copy(path, dst)
            os.chmod(dst, 0o644)
        return dst

    def run(self, args, check=True, program="tshark", stdin=None):
        args = list(args)
        for i in range(len(args) - 1):
            if args[i] == "-r":
                args[i + 1] = self.readable(args[i + 1])
        cmd = [program] + args
        if self.as_root:
            cmd = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"] + cmd
        env = self.env
        if self.tshark_preload and program in ("tshark", "sharkd"):
            env = dict(self.env, LD_PRELOAD=self.tshark_preload)
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd="/", input=stdin)
        if check and p.returncode != 0:
            raise RuntimeError("tshark %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr))
        return p

    def sharkd(self, requests):
        """Run sharkd on JSON-RPC requests (dicts); returns the responses."""
        import json
        lines = [json.dumps(dict(r, jsonrpc="2.0", id=i + 1)) for i, r in enumerate(requests)]
        p = self.run(["-"], program="sharkd", stdin="\n".join(lines) + "\n")
        out = []
        for line in p.stdout.splitlines():
            line = line.strip()
            if line.startswith("{"):
                out.append(json.loads(line))
        return out

    def assert_plugin_loaded(self):
        """tshark loads the faxcalls.so under test, from the throwaway plugin
        folder (not an installed copy)."""
        out = self.run(["-G", "plugins"]).stdout
        paths = [l.split("\t")[-1].strip() for l in out.splitlines() if l.startswith("faxcalls")]
        if not paths:
            raise RuntimeError("faxcalls plugin not loaded by tshark:\n" + out)
        if paths != [self.plugin_copy]:
            raise RuntimeError("tshark loads %s, not the build under test (%s, copied to %s)"
                               % (", ".join(paths), self.plugin, self.plugin_copy))


def parse_report(text):
    """-z fax,report text -> list of dicts, one per call: 'Key' -> value."""
    calls = []
    cur = None
    section = None
    for line in text.splitlines():
        m = re.match(r"^Fax call (\d+)$", line)
        if m:
            cur = {"id": int(m.group(1)), "_pages": [], "_ladder": [], "_findings": [], "_h245": []}
            calls.append(cur)
            section = None
            continue
        if cur is None:
            continue
        if line.startswith("  ") and not line.startswith("    "):
            section = None
            km = re.match(r"^  ([A-Za-z0-9 .>\-]+?):\s+(.*)$", line)
            if km:
                cur[km.group(1)] = km.group(2)
            if line.strip() == "Pages:":
                section = "_pages"
            elif line.strip() == "T.30 ladder:":
                section = "_ladder"
            elif line.strip() == "Findings:":
                section = "_findings"
            elif line.startswith("  H.245:"):
                section = "_h245"
        elif line.startswith("    ") and section:
            cur[section].append(line.strip())
    return calls


def parse_stat(text):
    """-z fax,stat text -> list of rows (dicts by column name)."""
    rows = []
    cols = None
    for line in text.splitlines():
        if re.match(r"^#\s+Start\(s\)", line):
            cols = line.split()[:13]
            continue
        if cols and re.match(r"^\d+\s", line):
            parts = line.split(None, 13)
            row = dict(zip(cols, parts[:13]))
            row["who"] = parts[13] if len(parts) > 13 else ""
            rows.append(row)
        if line.startswith("Diagnosis:"):
            cols = None
    return rows
