"""faxcalls-archive: an archive of rotated captures analysed as one, on a Dask cluster.

The library behind archive/faxcalls-archive (and bench/faxsplit.py).  Everything a worker
runs (scan_file, analyse_window, worker_info) is a plain function of this module using only
the Python standard library, tshark, capinfos, editcap and mergecap; the client sends these
functions to the workers by value (cloudpickle), so a worker needs no copy of this file.

How an archive is analysed (README.md, "Archives and clusters"; archive/README.md):

1. scan: a task per file reads it with capinfos (packet count, earliest/latest time) and its
   first packet's time (pcap/pcapng headers); a damaged file (truncated, corrupt past some
   packet) keeps the packets before the damage, an unreadable one is left out; both are
   reported.
2. the files of each probe are put in order of their first packet and numbered through:
   file i holds the capture-wide frames offset[i]+1 .. offset[i]+count[i], as in the
   concatenation `mergecap -a` writes.
3. analyse: a task per file runs one tshark -z fax,json over the concatenation of its file and
   the neighbours that cover [first packet - max_call, last packet + max_call], and keeps the
   calls whose first frame lies in its own file: every call is analysed once, whole.  A call
   still running near the end of the window is analysed again with twice the context after.
4. the client makes the kept calls capture-wide (frame numbers + the packets of the files
   before the window, times relative to the probe's first packet: every frame and time key of
   docs/json-schema.json), numbers them in capture order and writes them as soon as all the
   files before are done.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import gzip
import json
import os
import queue
import re
import shlex
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

VERSION = "0.1.0"
DEFAULT_MAX_CALL = 600.0        # seconds: a long fax call (20+ pages at 9600)
HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURE_NAME_RE = re.compile(r"\.(pcap|pcapng|cap|ntar|dmp|erf)(\.gz|\.zst|\.lz4)?$", re.I)
# tshark/dumpcap -b and editcap -i/-c: PREFIX_NNNNN_YYYYMMDDHHMMSS.EXT
ROTATED_RE = re.compile(r"^(?P<prefix>.*?)_\d{5,}_\d{14}(?P<ext>\..*)?$")


class ArchiveError(Exception):
    """A problem the user has to solve (bad options, no workers, plugin not loaded)."""


# ---------------------------------------------------------------- capture headers

def _open_capture(path):
    f = open(path, "rb")
    if f.read(2) == b"\x1f\x8b":
        f.close()
        return gzip.open(path, "rb")
    f.seek(0)
    return f


def first_packet_time(path):
    """(seconds, nanoseconds) of the first packet record of a pcap or pcapng file (gzip too),
    or None when there is none or the format is another (then capinfos' earliest time
    stands in)."""
    try:
        with _open_capture(path) as f:
            head = f.read(24)
            if len(head) < 24:
                return None
            magic = head[:4]
            pcap = {b"\xd4\xc3\xb2\xa1": ("<", 1000), b"\xa1\xb2\xc3\xd4": (">", 1000),
                    b"\x4d\x3c\xb2\xa1": ("<", 1), b"\xa1\xb2\x3c\x4d": (">", 1)}
            if magic in pcap:
                e, mult = pcap[magic]
                rec = f.read(16)
                if len(rec) < 16:
                    return None
                sec, frac = struct.unpack(e + "II", rec[:8])
                return (sec, frac * mult)
            if magic != b"\x0a\x0d\x0d\x0a":
                return None
            return _pcapng_first(f, head)
    except (OSError, EOFError, struct.error, gzip.BadGzipFile):
        return None


def _pcapng_first(f, head):
    bom = head[8:12]
    e = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">" if bom == b"\x1a\x2b\x3c\x4d" else None
    if e is None:
        return None
    shb_len = struct.unpack(e + "I", head[4:8])[0]
    f.read(shb_len - 24)
    ifaces = []          # (units per second, offset seconds)
    for _ in range(100000):
        bh = f.read(8)
        if len(bh) < 8:
            return None
        btype, blen = struct.unpack(e + "II", bh)
        if blen < 12:
            return None
        body = f.read(blen - 8)
        if len(body) < blen - 8:
            return None
        if btype == 0x0A0D0D0A:                  # a new section: its own interfaces
            ifaces = []
        elif btype == 1:                          # IDB: if_tsresol (9), if_tsoffset (14)
            res, off = 10 ** 6, 0
            opts = body[8:-4]
            while len(opts) >= 4:
                code, olen = struct.unpack(e + "HH", opts[:4])
                val = opts[4:4 + olen]
                if code == 0:
                    break
                if code == 9 and olen >= 1:
                    r = val[0]
                    res = 2 ** (r & 0x7F) if r & 0x80 else 10 ** r
                elif code == 14 and olen >= 8:
                    off = struct.unpack(e + "q", val[:8])[0]
                opts = opts[4 + ((olen + 3) & ~3):]
            ifaces.append((res, off))
        elif btype in (6, 2):                     # EPB, obsolete PB
            if btype == 6:
                iface, hi, lo = struct.unpack(e + "III", body[:12])
            else:
                iface, _drops, hi, lo = struct.unpack(e + "HHII", body[:12])
            if iface >= len(ifaces):
                return None
            res, off = ifaces[iface]
            ts = (hi << 32) | lo
            sec, rem = divmod(ts, res)
            return (sec + off, rem * 10 ** 9 // res)
        elif btype == 3:                          # SPB: no time stamp
            return None
    return None


# ---------------------------------------------------------------- tools (workers)

def _tool_env(plugin_dir=None):
    env = dict(os.environ)
    env.setdefault("LC_ALL", "C")
    if plugin_dir:
        env["WIRESHARK_PLUGIN_DIR"] = plugin_dir
    return env


def _run(cmd, env=None, **kw):
    return subprocess.run(cmd, env=env, capture_output=True, **kw)


def _capinfos(path, env):
    """(count, earliest, latest, returncode, stderr) from capinfos; times as float or None."""
    p = _run(["capinfos", "-c", "-a", "-e", "-S", "-M", "-T", "-r", path], env=env, text=True)
    count = first = last = None
    for line in p.stdout.splitlines():
        cols = line.split("\t")
        if len(cols) >= 4:
            try:
                count = int(cols[1])
            except ValueError:
                continue
            try:
                first, last = float(cols[2]), float(cols[3])
            except ValueError:
                first = last = None
    return count, first, last, p.returncode, p.stderr.strip()


def scan_file(path):
    """What the archive needs to know of one capture file (runs on a worker)."""
    info = {"path": path, "status": "ok", "count": 0, "first": None, "earliest": None,
            "latest": None, "message": None, "host": socket.gethostname()}
    env = _tool_env()
    try:
        info["size"] = os.path.getsize(path)
    except OSError as e:
        info.update(status="unreadable", message=str(e))
        return info
    count, first, last, rc, err = _capinfos(path, env)
    if rc != 0:
        m = re.search(r"after reading (\d+) packets", err)
        good = int(m.group(1)) if m else 0
        msg = " ".join(l for l in err.splitlines() if "will continue anyway" not in l)
        msg = re.sub(r"^capinfos: ", "", msg).replace(" capinfos: ", " ")
        if good == 0:
            info.update(status="unreadable", message=msg or "capinfos failed (exit %d)" % rc)
            return info
        info.update(status="damaged", message=msg)
        count = good
        if first is None:
            # no summary printed: read the good packets' times from a salvaged copy
            tmp = tempfile.mkdtemp(prefix="faxarchive-scan-")
            try:
                out = os.path.join(tmp, "salvaged.pcapng")
                _run(["editcap", "-F", "pcapng", path, out], env=env)
                c2, first, last, _rc, _err = _capinfos(out, env)
                if c2 != good:
                    info.update(status="unreadable",
                                message="%s; editcap salvaged %s packets, not %d" % (msg, c2, good))
                    return info
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    if count is None:
        info.update(status="unreadable", message="capinfos gave no packet count")
        return info
    info["count"] = count
    if count == 0:
        info.update(status="empty")
        return info
    info["earliest"], info["latest"] = first, last
    fp = first_packet_time(path)
    if fp is not None:
        info["first"] = list(fp)
    elif first is not None:
        sec = int(first)
        info["first"] = [sec, int(round((first - sec) * 1e9))]
    return info


def worker_info(tshark, plugin_dir):
    """Which tshark and faxcalls plugin this worker runs (client.run on every worker)."""
    env = _tool_env(plugin_dir)
    out = {"host": socket.gethostname(), "euid": os.geteuid(), "plugin": None,
           "tshark": None, "tools": {}, "error": None}
    for t in ("capinfos", "editcap", "mergecap"):
        out["tools"][t] = shutil.which(t, path=env.get("PATH"))
    try:
        v = _run(tshark + ["--version"], env=env, text=True)
        m = re.search(r"TShark \(Wireshark\) (\S+)", v.stdout)
        out["tshark"] = m.group(1) if m else None
        p = _run(tshark + ["-G", "plugins"], env=env, text=True)
        for line in p.stdout.splitlines():
            if line.startswith("faxcalls"):
                out["plugin"] = line.split("\t")[-1].strip()
    except OSError as e:
        out["error"] = str(e)
    return out


def _salvage(path, count, tmp, env, n):
    out = os.path.join(tmp, "salvaged-%d.pcapng" % n)
    _run(["editcap", "-F", "pcapng", path, out], env=env)
    c, _f, _l, rc, err = _capinfos(out, env)
    if rc != 0 or c != count:
        raise RuntimeError("%s: salvaging its %d good packets gave %s (%s)" % (path, count, c, err))
    return out


def analyse_window(task):
    """One tshark -z fax,json over the concatenation of task["files"]; returns the calls whose
    first frame (window-local) lies in task["keep"] = (after, upto), unchanged otherwise."""
    t0 = time.time()
    env = _tool_env(task.get("plugin_dir"))
    tmp = tempfile.mkdtemp(prefix="faxarchive-")
    try:
        paths = []
        for n, (path, status, count) in enumerate(task["files"]):
            paths.append(_salvage(path, count, tmp, env, n) if status == "damaged" else path)
        z = "fax,json" + ("," + task["filter"] if task.get("filter") else "")
        tshark = list(task["tshark"]) + list(task.get("options") or []) + ["-n", "-q", "-z", z]
        if len(paths) == 1:
            p = _run(tshark + ["-r", paths[0]], env=env)
            merge_rc, merge_err = 0, b""
        else:
            with open(os.path.join(tmp, "mergecap.err"), "w+b") as errf:
                mc = subprocess.Popen(["mergecap", "-a", "-F", "pcapng", "-w", "-"] + paths,
                                      stdout=subprocess.PIPE, stderr=errf, env=env)
                try:
                    p = subprocess.run(tshark + ["-r", "-"], stdin=mc.stdout, capture_output=True,
                                       env=env)
                finally:
                    mc.stdout.close()
                    merge_rc = mc.wait()
                errf.seek(0)
                merge_err = errf.read()
        if merge_rc != 0:
            raise RuntimeError("mergecap failed (exit %d) on %s: %s"
                               % (merge_rc, " ".join(paths), merge_err.decode(errors="replace").strip()))
        err = p.stderr.decode(errors="replace").strip()
        if p.returncode != 0:
            if "fax,json" in err and "invalid" in err.lower():
                err += " (the faxcalls plugin is not loaded: --plugin-dir, or install it)"
            raise RuntimeError("tshark failed (exit %d) on %s: %s" % (p.returncode, task["name"], err))
        after, upto = task["keep"]
        calls, order = [], []
        epoch = None
        for line in p.stdout.decode("utf-8", errors="replace").splitlines():
            if not line.startswith("{"):
                continue
            o = json.loads(line)
            epoch = o.get("capture_start_epoch", epoch)
            ff = o.get("first_frame")
            # every call of the window, in the plugin's order (the order it found them in)
            order.append([ff, list(ident_key(o))])
            if isinstance(ff, int) and after < ff <= upto:
                calls.append(o)
        return {"calls": calls, "order": order, "epoch": epoch, "host": socket.gethostname(),
                "pid": os.getpid(), "seconds": time.time() - t0, "stderr": err}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- frames and times

FRAME_REFS = ("#/$defs/frame", "#/$defs/frame_or_null")


def _guess(k, v):
    """What a key the schema does not know is, by its name and value."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int) and (k == "frame" or k.endswith("_frame")):
        return "frame"
    if isinstance(v, list) and k.endswith("_frames"):
        return "frame"
    if isinstance(v, float) and (k in ("time", "start") or k.endswith("_time")):
        return "time"
    return None


def schema_rules(schema):
    """A trie of the keys of docs/json-schema.json: every property is there (known keys are
    never guessed), with "." = "frame" (a frame number, or a list of them) or "time"
    (seconds relative to capture_start_epoch) where it is one.  Frames: every $ref to
    frame / frame_or_null, and the counts named frame or *_frame (findings[].frame); times:
    the numbers named time, start or *_time (not *_epoch, duration, delay)."""
    defs = schema.get("$defs", {})

    def walk(node, key, seen):
        trie = {}
        if not isinstance(node, dict):
            return trie
        ref = node.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            if ref in FRAME_REFS or (name == "count" and key and
                                     (key == "frame" or key.endswith("_frame"))):
                return {".": "frame"}
            if name in seen or name not in defs:
                return trie
            return walk(defs[name], key, seen | {name})
        t = node.get("type")
        types = t if isinstance(t, list) else [t]
        if key and "number" in types and (key in ("time", "start") or key.endswith("_time")):
            trie["."] = "time"
        if key and "integer" in types and (key == "frame" or key.endswith("_frame")):
            trie["."] = "frame"
        for k, v in (node.get("properties") or {}).items():
            _merge(trie.setdefault(k, {}), walk(v, k, seen))
        if isinstance(node.get("items"), dict):
            sub = walk(node["items"], key, seen)
            if sub.get(".") == "frame":
                trie["."] = "frame"
            else:
                _merge(trie.setdefault("[]", {}), sub)
        for kw in ("oneOf", "anyOf", "allOf"):
            for alt in node.get(kw) or []:
                _merge(trie, walk(alt, key, seen))
        return trie

    return walk(schema, None, frozenset())


def _merge(a, b):
    for k, v in b.items():
        if k == ".":
            a["."] = v
        else:
            _merge(a.setdefault(k, {}), v)


def load_rules(path=None):
    """The shift rules of docs/json-schema.json (found next to this repository's archive/,
    or at path); None when there is none: then key names alone decide."""
    cands = [path] if path else [os.path.join(HERE, "..", "docs", "json-schema.json"),
                                 os.path.join(HERE, "json-schema.json"),
                                 "/usr/share/doc/faxcalls/json-schema.json"]
    for c in cands:
        if c and os.path.exists(c):
            with open(c, encoding="utf-8") as f:
                return schema_rules(json.load(f))
    if path:
        raise ArchiveError("no schema at %s" % path)
    return None


def _us(x):
    return int(round(x * 1e6))


def shift(o, rules, frames, secs_us):
    """Frame numbers + frames and relative times + secs_us microseconds, in place.  rules:
    the trie of schema_rules at o (None: not in the schema, key names decide)."""
    if isinstance(o, dict):
        for k, v in o.items():
            node = rules.get(k) if rules is not None else None
            kind = node.get(".") if node is not None else _guess(k, v)
            if kind == "frame":
                o[k] = _shift_frames(v, frames)
            elif k == "text" and isinstance(v, str) and frames:
                o[k] = shift_text(v, frames)
            elif kind == "time":
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    o[k] = (_us(v) + secs_us) / 1e6
            elif isinstance(v, dict):
                shift(v, node, frames, secs_us)
            elif isinstance(v, list):
                item = node.get("[]") if node is not None else None
                for x in v:
                    shift(x, item, frames, secs_us)


TEXT_FRAME_RE = re.compile(r"\b(frame) (\d+)\b|\b(frames) (\d+)-(\d+)\b")


def shift_text(s, frames):
    """The frame numbers a sentence names ("no answer to the DIS of frame 492", "frames
    12-40"); "10 frames", "ECM frames 3" are counts and stay."""
    def sub(m):
        if m.group(1):
            return "frame %d" % (int(m.group(2)) + frames)
        return "frames %d-%d" % (int(m.group(4)) + frames, int(m.group(5)) + frames)
    return TEXT_FRAME_RE.sub(sub, s)


def _shift_frames(v, frames):
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v + frames if v > 0 else v
    if isinstance(v, list):
        return [_shift_frames(x, frames) for x in v]
    return v


# ---------------------------------------------------------------- faxcalls/1 text

def _esc(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif c < 0x20 or c == 0x7F:
            out.append("\\u%04x" % c)
        elif ch == "\ufffd":
            out.append("\\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dumps(v):
    """JSON text as the plugin writes it (compact, numbers with 6 decimals, its escapes): an
    object that did not change reads the same, byte for byte."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "%.6f" % v
    if isinstance(v, str):
        return _esc(v)
    if isinstance(v, dict):
        return "{" + ",".join(_esc(k) + ":" + dumps(x) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    raise TypeError("cannot write %r" % (v,))


def ident_key(o):
    """Call-ID, else the UDPTL sources: with the first frame, what tells a call apart."""
    if o.get("call_id"):
        return ("id", o["call_id"])
    src = sorted(str(d.get("source")) for d in (o.get("udptl") or {}).values()
                 if isinstance(d, dict) and d.get("source"))
    return ("udptl",) + tuple(src)


def call_keys(o):
    """What a call shares with a cut piece of itself: its Call-ID, and each UDPTL source it saw
    (a piece of a call cut from its signalling has only those, maybe one direction's)."""
    keys = []
    if o.get("call_id"):
        keys.append(("id", o["call_id"]))
    for d in (o.get("udptl") or {}).values():
        if isinstance(d, dict) and d.get("source"):
            keys.append(("src", str(d["source"])))
    return keys or [("frame", o.get("first_frame"))]


# ---------------------------------------------------------------- files and probes

def list_inputs(args):
    """Files named, and the capture files under directories named (recursively)."""
    out = []
    for a in args:
        if os.path.isdir(a):
            for d, dirs, files in os.walk(a):
                dirs[:] = sorted(x for x in dirs if not x.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and CAPTURE_NAME_RE.search(f):
                        out.append(os.path.join(d, f))
        elif os.path.exists(a):
            out.append(a)
        else:
            raise ArchiveError("%s: no such file or directory" % a)
    seen, uniq = set(), []
    for p in out:
        r = os.path.abspath(p)
        if r not in seen:
            seen.add(r)
            uniq.append(r)
    return uniq


def name_prefix(path):
    """The rotation prefix of a file name: p_00003_20260101000030.pcapng -> p."""
    base = os.path.basename(path)
    m = ROTATED_RE.match(base)
    if m:
        return m.group("prefix")
    stem = CAPTURE_NAME_RE.sub("", base)
    return re.sub(r"[-_.]*\d+$", "", stem) or stem


def probe_of(path, mode):
    if mode == "none":
        return ""
    d = os.path.dirname(path)
    if mode == "dir":
        return d
    if mode == "prefix":
        return os.path.join(d, name_prefix(path))
    raise ArchiveError("--probes %s: dir, prefix or none" % mode)


def probe_names(keys):
    """Short names: the last path parts that tell the probes apart."""
    keys = list(keys)
    if len(keys) == 1:
        k = keys[0]
        return {k: os.path.basename(k.rstrip("/")) or "capture"}
    parts = {k: [p for p in k.split(os.sep) if p] for k in keys}
    n = 1
    while n < 64:
        names = {k: "/".join(v[-n:]) for k, v in parts.items()}
        if len(set(names.values())) == len(keys):
            return names
        n += 1
    return {k: k for k in keys}


class File:
    def __init__(self, info, probe):
        self.path = info["path"]
        self.status = info["status"]
        self.count = info["count"]
        self.message = info.get("message")
        self.probe = probe
        f = info.get("first")
        self.first_ns = f[0] * 10 ** 9 + f[1] if f else None
        self.first = self.first_ns / 1e9 if f else None
        self.earliest = info.get("earliest")
        self.latest = info.get("latest")
        self.start = min([x for x in (self.first, self.earliest) if x is not None] or [0.0])
        self.end = self.latest if self.latest is not None else self.start
        self.offset = 0
        self.index = 0


def windows_for(files, i, before, after):
    """(lo, hi): the files around i whose packets cover [start_i - before, end_i + after]."""
    lo = i
    while lo > 0 and files[lo - 1].end >= files[i].start - before:
        lo -= 1
    hi = i
    while hi + 1 < len(files) and files[hi + 1].start <= files[i].end + after:
        hi += 1
    return lo, hi


# ---------------------------------------------------------------- runners

class LocalRunner:
    """N tasks at a time on this machine, no cluster (threads: the work is in tshark)."""

    def __init__(self, jobs):
        import concurrent.futures
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs))
        self.describe = "%d local job(s)" % max(1, jobs)

    def submit(self, fn, arg, key, done):
        f = self.pool.submit(fn, arg)
        f.add_done_callback(lambda fut: done(key, fut))

    def check_workers(self, tshark, plugin_dir):
        return [worker_info(tshark, plugin_dir)]

    def close(self):
        self.pool.shutdown(wait=False, cancel_futures=True)


class ByValue:
    """A function of this module, callable on a Dask scheduler and workers that have no copy of
    it: it pickles as cloudpickle.loads(its code), a by-value pickle (newer Dask pickles task
    graphs with plain pickle, which would name the module instead)."""

    def __init__(self, fn):
        import cloudpickle
        self.fn = fn
        self.blob = cloudpickle.dumps(fn)

    def __call__(self, *args, **kw):
        return self.fn(*args, **kw)

    def __reduce__(self):
        import cloudpickle
        return (cloudpickle.loads, (self.blob,))


class DaskRunner:
    """Tasks on a Dask cluster: a running scheduler, or a local cluster of N processes."""

    def __init__(self, scheduler=None, scheduler_file=None, workers=None, wait=60.0):
        try:
            import cloudpickle
            import distributed
        except ImportError as e:
            raise ArchiveError("Dask is not installed (%s): apt-get install python3-distributed, "
                               "or analyse on this machine alone with --jobs N" % e)
        import logging
        logging.getLogger("distributed").setLevel(logging.ERROR)
        # the workers get this module's functions by value: they need no copy of it
        mod = sys.modules[__name__]
        if mod.__name__ not in cloudpickle.list_registry_pickle_by_value():
            cloudpickle.register_pickle_by_value(mod)
        self.cluster = None
        self.wrapped = {}
        if workers:
            self.cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                                    processes=True, dashboard_address=None,
                                                    silence_logs=logging.ERROR)
            self.client = distributed.Client(self.cluster)
            self.describe = "a local Dask cluster of %d worker processes" % workers
        else:
            kw = {"scheduler_file": scheduler_file} if scheduler_file else {"address": scheduler}
            try:
                self.client = distributed.Client(timeout=wait, **kw)
            except (OSError, TimeoutError) as e:
                raise ArchiveError("cannot reach the Dask scheduler %s: %s"
                                   % (scheduler or scheduler_file, e))
            self.describe = "Dask scheduler %s" % self.client.scheduler.address
        try:
            self.client.wait_for_workers(1, timeout=wait)
        except Exception as e:      # TimeoutError (asyncio's or distributed's, by version)
            self.close()
            raise ArchiveError("no Dask worker joined %s within %g s (%s)"
                               % (self.describe, wait, type(e).__name__))
        self.nworkers = len(self.client.scheduler_info().get("workers", {}))
        self.describe += " (%d workers)" % self.nworkers

    def submit(self, fn, arg, key, done):
        wrapped = self.wrapped.get(fn)
        if wrapped is None:
            wrapped = self.wrapped[fn] = ByValue(fn)
        fut = self.client.submit(wrapped, arg, pure=False, retries=2)
        fut.add_done_callback(lambda f: done(key, f))

    def check_workers(self, tshark, plugin_dir):
        """worker_info of every worker; a worker that dies meanwhile is left out."""
        for attempt in range(5):
            try:
                res = self.client.run(ByValue(worker_info), tshark, plugin_dir, on_error="return")
                break
            except Exception as e:       # a worker lost mid-broadcast (CommClosedError)
                if attempt == 4:
                    raise ArchiveError("cannot ask the workers which tshark they run: %s" % e)
                time.sleep(1.0)
        out = []
        for addr, info in sorted(res.items()):
            if isinstance(info, dict):
                info["address"] = addr
                out.append(info)
            else:
                warn("worker %s: %s" % (addr, info))
        if not out:
            raise ArchiveError("no worker answered")
        return out

    def close(self):
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


# ---------------------------------------------------------------- the archive

class Call:
    """A call of the archive: obj (faxcalls/1, capture-wide), probe, files (those its frames
    span); unit (first file of its task), hi (last file of that task's window), ident, pos
    and posmap (where it and the window's other calls stand in the plugin's order)."""
    __slots__ = ("obj", "probe", "files", "unit", "hi", "ident", "pos", "posmap")

    def __init__(self, obj, probe, files, unit=0, hi=0, ident=None, pos=0, posmap=None):
        self.obj, self.probe, self.files = obj, probe, files
        self.unit, self.hi, self.ident, self.pos, self.posmap = unit, hi, ident, pos, posmap or {}


class Progress:
    def __init__(self, quiet, interval):
        self.quiet, self.interval = quiet, interval
        self.last = 0.0
        self.t0 = time.time()

    def say(self, msg, force=False):
        now = time.time()
        if self.quiet or (not force and now - self.last < self.interval):
            return
        self.last = now
        print("faxcalls-archive: [%6.1f s] %s" % (now - self.t0, msg), file=sys.stderr, flush=True)


def warn(msg):
    print("faxcalls-archive: " + msg, file=sys.stderr, flush=True)


class Archive:
    """Options: tshark (list), options (tshark options), plugin_dir, filter, max_call,
    probes (dir | prefix | none), rules (shift_rules), quiet, progress_interval."""

    def __init__(self, runner, tshark=("tshark",), options=(), plugin_dir=None, filter=None,
                 max_call=DEFAULT_MAX_CALL, probes="dir", rules=None, quiet=False,
                 progress_interval=5.0, check_workers=True, chunk=0.0):
        self.runner = runner
        self.tshark = list(tshark)
        self.options = list(options)
        self.plugin_dir = plugin_dir
        self.filter = filter
        self.max_call = float(max_call)
        self.chunk = float(chunk or 0)
        self.probes = probes
        self.rules = rules
        self.progress = Progress(quiet, progress_interval)
        self.do_check = check_workers
        self.problems = []        # (path, message): damaged, unreadable, failed
        self.failed = []          # files whose calls could not be analysed
        self.stats = {"files": 0, "calls": 0, "found": 0, "dropped": 0, "reruns": 0, "tshark_seconds": 0.0,
                      "packets": 0, "window_packets": 0}
        self.probe_files = {}     # probe name -> [File] in capture order

    # -- worker check
    def check(self):
        infos = self.runner.check_workers(self.tshark, self.plugin_dir)
        bad = []
        for w in infos:
            where = w.get("address") or w["host"]
            if w.get("error") or not w.get("tshark"):
                bad.append("%s: cannot run %s: %s" % (where, " ".join(self.tshark), w.get("error")))
            elif not w.get("plugin"):
                bad.append("%s: tshark %s does not load the faxcalls plugin%s" % (
                    where, w["tshark"], " from --plugin-dir %s (it must be DIR/X.Y/epan/faxcalls.so, "
                    "X.Y = %s)" % (self.plugin_dir, ".".join(w["tshark"].split(".")[:2]))
                    if self.plugin_dir else ": install it, or give --plugin-dir"))
            elif self.plugin_dir and not w["plugin"].startswith(os.path.join(self.plugin_dir, "")):
                why = (" (it runs as root: Wireshark ignores WIRESHARK_PLUGIN_DIR for root; run "
                       "the workers as an unprivileged user)") if w["euid"] == 0 else ""
                bad.append("%s: tshark loads %s, not the plugin of --plugin-dir %s%s"
                           % (where, w["plugin"], self.plugin_dir, why))
            missing = [t for t, p in w.get("tools", {}).items() if not p]
            if missing:
                bad.append("%s: %s not found (Debian package wireshark-common)" % (where, ", ".join(missing)))
        if bad:
            raise ArchiveError("worker check failed:\n  " + "\n  ".join(bad))
        return infos

    # -- running tasks and collecting results as they come
    def _run_all(self, fn, items, on_result):
        """Submit fn(item) for every (key, item); on_result(key, result or exception) is called
        in this thread; it may return [(key, item), ...] to submit more."""
        q = queue.Queue()
        pending = 0

        def done(key, fut):
            try:
                q.put((key, fut.result(), None))
            except BaseException as e:      # noqa: B902 - a worker's error travels here
                q.put((key, None, e))

        for key, item in items:
            self.runner.submit(fn, item, key, done)
            pending += 1
        while pending:
            key, res, exc = q.get()
            pending -= 1
            for k, it in on_result(key, res, exc) or ():
                self.runner.submit(fn, it, k, done)
                pending += 1

    # -- 1. scan
    def scan(self, paths):
        infos = {}
        n = len(paths)

        def got(i, res, exc):
            if exc is not None:
                res = {"path": paths[i], "status": "unreadable", "count": 0,
                       "message": "scan failed: %s: %s" % (type(exc).__name__, exc)}
            infos[i] = res
            self.progress.say("scanned %d/%d files" % (len(infos), n), force=len(infos) == n)

        self._run_all(scan_file, list(enumerate(paths)), got)
        groups = {}
        for i in range(n):
            info = infos[i]
            if info["status"] in ("unreadable",):
                self.problems.append((info["path"], "left out: " + (info.get("message") or "unreadable")))
                warn("%s: unreadable, left out: %s" % (info["path"], info.get("message")))
                continue
            if info["status"] == "empty":
                continue
            if info["status"] == "damaged":
                self.problems.append((info["path"], "damaged: %s; its %d good packets are analysed"
                                      % (info["message"], info["count"])))
                warn("%s: damaged (%s): its first %d packets are analysed"
                     % (info["path"], info["message"], info["count"]))
            groups.setdefault(probe_of(info["path"], self.probes), []).append(info)
        names = probe_names(groups)
        for key, infos_ in groups.items():
            files = [File(x, names[key]) for x in infos_]
            files.sort(key=lambda f: (f.start, f.path))
            off = 0
            for idx, f in enumerate(files):
                f.index, f.offset = idx, off
                off += f.count
                if idx and f.start < max(g.end for g in files[:idx]) - 1e-6:
                    warn("%s starts (%.6f) before the previous file of probe %s ends: files of "
                         "one probe must not overlap in time (several probes? --probes)"
                         % (f.path, f.start, names[key]))
            self.probe_files[names[key]] = files
            self.stats["packets"] += off
        return self.probe_files

    # -- 2. analyse, in order
    def units(self, files):
        """Tasks of a probe: (first file, last file) each; a file each, or with chunk > 0
        consecutive files until a task covers chunk seconds."""
        if self.chunk <= 0:
            return [(i, i) for i in range(len(files))]
        out, s = [], 0
        for i in range(len(files)):
            if i + 1 == len(files) or files[i + 1].start - files[s].start >= self.chunk:
                out.append((s, i))
                s = i + 1
        return out

    def _task(self, files, unit, after):
        s, e = unit
        lo, _ = windows_for(files, s, self.max_call, after)
        _, hi = windows_for(files, e, self.max_call, after)
        base = files[lo].offset
        return {"name": files[s].path if s == e else "%s .. %s" % (files[s].path, files[e].path),
                "lo": lo, "hi": hi, "after": after,
                "files": [(g.path, g.status, g.count) for g in files[lo:hi + 1]],
                "keep": (files[s].offset - base, files[e].offset + files[e].count - base),
                "tshark": self.tshark, "options": self.options, "plugin_dir": self.plugin_dir,
                "filter": self.filter}

    def calls(self):
        """Every call of every probe, capture-wide, numbered as one tshark run over the probe's
        files merged in time order numbers them; yields Call (probe after probe)."""
        import functools
        tasks, total = [], 0
        self.unit_list = {}
        for probe, files in self.probe_files.items():
            us = self.units(files)
            self.unit_list[probe] = us
            for u, unit in enumerate(us):
                tasks.append(((probe, u), self._task(files, unit, self.max_call)))
            total += len(files)
        state = {p: {"results": {}, "cursor": 0, "buffer": [], "number": 0, "recent": {}}
                 for p in self.probe_files}
        out = queue.Queue()
        done_files = [0]

        def emit(probe, final=False):
            """Hand on, in order, every buffered call that no call still unknown can precede."""
            st = state[probe]
            us = self.unit_list[probe]
            upto = us[st["cursor"] - 1][1] if st["cursor"] else -1     # last file of the done prefix
            st["buffer"].sort(key=functools.cmp_to_key(_creation_cmp))
            n = 0
            for c in st["buffer"]:
                if not final and c.hi > upto:
                    break
                out.put(c)
                n += 1
            del st["buffer"][:n]

        def got(key, res, exc):
            probe, u = key
            files = self.probe_files[probe]
            s, e = self.unit_list[probe][u]
            st = state[probe]
            if exc is not None:
                msg = "%s: %s" % (type(exc).__name__, exc)
                names = [f.path for f in files[s:e + 1]]
                warn("%s: analysis failed, its calls are missing: %s" % (" ".join(names), msg))
                for n in names:
                    self.problems.append((n, "analysis failed: " + msg))
                self.failed.extend(names)
                st["results"][u] = []
            else:
                more = self._accept(files, (s, e), res, key)
                if more:
                    return more
                st["results"][u] = res["_calls"]
            done_files[0] += e - s + 1
            while st["cursor"] in st["results"]:
                st["buffer"].extend(st["results"].pop(st["cursor"]))
                st["cursor"] += 1
            emit(probe, final=st["cursor"] == len(self.unit_list[probe]))
            self.progress.say("files done %d/%d, calls found %d"
                              % (done_files[0], total, self.stats["found"]),
                              force=done_files[0] == total)
            return None

        th_exc = []

        def runner():
            try:
                self._run_all(analyse_task, tasks, got)
            except BaseException as ex:   # noqa: B902
                th_exc.append(ex)
            finally:
                out.put(None)

        th = threading.Thread(target=runner, daemon=True)
        th.start()
        while True:
            c = out.get()
            if c is None:
                break
            st = state[c.probe]
            o = c.obj
            # a call longer than --max-call (or spanning a gap longer than that) can show up
            # again, cut, in a later task's window: an object that shares the Call-ID or a UDPTL
            # source with a call of an earlier task and starts inside it is a piece of that call
            keys = call_keys(o)
            prev = None
            for k in keys:
                p = st["recent"].get(k)
                if p is not None and p[3] != c.unit and p[0] <= o["first_frame"] <= p[1]:
                    prev = p
                    break
            if prev is not None:
                warn("%s: a call seen again from frame %d (%s), inside call %d (frames %d-%d): a "
                     "call longer than --max-call %g s? dropped" % (
                         c.files[0], o["first_frame"], " ".join(k[-1] for k in keys), prev[2], prev[0], prev[1],
                         self.max_call))
                self.stats["dropped"] += 1
                continue
            st["number"] += 1
            o["call"] = st["number"]
            for k in keys:
                st["recent"][k] = (o["first_frame"], o.get("last_frame") or o["first_frame"], o["call"], c.unit)
            if len(st["recent"]) > 4096:
                lim = o["first_frame"]
                st["recent"] = {kk: v for kk, v in st["recent"].items() if v[1] >= lim}
            self.stats["calls"] += 1
            yield c
        th.join()
        if th_exc:
            raise th_exc[0]
        self.stats["files"] = done_files[0]

    def _accept(self, files, unit, res, key):
        """Make a window's kept calls capture-wide; a call still running at the window's end
        (window short of the probe's last file) asks for the task again with more after."""
        s, e = unit
        lo, hi, after = res["_lo"], res["_hi"], res["_after"]
        self.stats["tshark_seconds"] += res.get("seconds", 0.0)
        self.stats["window_packets"] += sum(g.count for g in files[lo:hi + 1])
        calls = res["calls"]
        if calls and hi < len(files) - 1:
            win_end = files[hi].end
            guard = min(self.max_call / 4.0, 30.0)
            for o in calls:
                end = (o.get("capture_start_epoch") or 0) + (o.get("start") or 0) + (o.get("duration") or 0)
                if end >= win_end - guard:
                    self.stats["reruns"] += 1
                    if not self.progress.quiet:
                        warn("%s: call %s still active %.1f s before its window's end: analysed "
                             "again with %g s of context after" % (files[s].path, ident_key(o)[-1],
                                                                 win_end - end, after * 2))
                    return [(key, self._task(files, unit, after * 2))]
        base = files[lo]
        epoch0_us = files[0].first_ns // 1000 if files[0].first_ns is not None else _us(files[0].start)
        # the window's calls in the order the plugin found them: where each kept call stands
        posmap = {}
        for n, (ff, k) in enumerate(res["order"]):
            if isinstance(ff, int):
                posmap.setdefault((ff + base.offset, tuple(k)), n)
        out = []
        for o in calls:
            ident = (o["first_frame"] + base.offset, ident_key(o))
            w_us = _us(o["capture_start_epoch"]) if o.get("capture_start_epoch") is not None else \
                (base.first_ns // 1000 if base.first_ns is not None else _us(base.start))
            shift(o, self.rules, base.offset, w_us - epoch0_us)
            o["capture_start_epoch"] = epoch0_us / 1e6
            ff, lf = o["first_frame"], o.get("last_frame") or o["first_frame"]
            span = [g.path for g in files if g.count and g.offset < lf and g.offset + g.count >= ff]
            out.append(Call(o, files[s].probe, span or [files[s].path], unit=s, hi=hi,
                            ident=ident, pos=posmap.get(ident, len(posmap)), posmap=posmap))
        res["_calls"] = out
        self.stats["found"] += len(out)
        return None


def _creation_cmp(c, d):
    """The order one tshark run gives calls (the order it found them in, not always that of
    their first frames: a call with no signalling is found some packets into its stream).
    The earlier-unit call's window saw both, if it saw the other at all; if not, the other
    began after that window, so after this call was found."""
    if c.unit == d.unit:
        return (c.pos > d.pos) - (c.pos < d.pos)
    if c.unit > d.unit:
        return -_creation_cmp(d, c)
    pd = c.posmap.get(d.ident)
    if pd is None:
        return -1
    return (c.pos > pd) - (c.pos < pd)


def analyse_task(task):
    res = analyse_window(task)
    res["_lo"], res["_hi"], res["_after"] = task["lo"], task["hi"], task["after"]
    return res


# ---------------------------------------------------------------- stores

def _iso(epoch):
    t = time.gmtime(int(epoch // 1))
    us = int(round((epoch - int(epoch // 1)) * 1e6))
    if us >= 1000000:
        t = time.gmtime(int(epoch // 1) + 1)
        us -= 1000000
    return time.strftime("%Y-%m-%d %H:%M:%S", t) + ".%06d+00" % us


def _g(o, *path):
    for p in path:
        if not isinstance(o, dict):
            return None
        o = o.get(p)
    return o


# (column, SQL type, value of a call object)
SQL_COLUMNS = [
    ("probe", "text NOT NULL", None),
    ("capture_start", "timestamptz NOT NULL", lambda o: _iso(o["capture_start_epoch"])),
    ("call", "integer NOT NULL", lambda o: o["call"]),
    ("call_id", "text", lambda o: o.get("call_id")),
    ("origin", "text", lambda o: o.get("origin")),
    ("caller", "text", lambda o: o.get("caller")),
    ("callee", "text", lambda o: o.get("callee")),
    ("started_at", "timestamptz", lambda o: _iso(o["capture_start_epoch"] + (o.get("start") or 0))),
    ("duration", "double precision", lambda o: o.get("duration")),
    ("first_frame", "bigint", lambda o: o.get("first_frame")),
    ("last_frame", "bigint", lambda o: o.get("last_frame")),
    ("t38", "text", lambda o: _g(o, "t38", "state")),
    ("result", "text", lambda o: _g(o, "result", "code")),
    ("reason", "text", lambda o: _g(o, "result", "reason")),
    ("diagnosis", "text", lambda o: _g(o, "result", "text")),
    ("final_rate", "integer", lambda o: _g(o, "t30", "final_rate")),
    ("ftt_count", "integer", lambda o: _g(o, "t30", "ftt_count")),
    ("pages_sent", "integer", lambda o: _g(o, "t30", "pages_sent")),
    ("pages_confirmed", "integer", lambda o: _g(o, "t30", "pages_confirmed")),
    ("doc", "jsonb NOT NULL", None),
]


def sql_schema(table):
    cols = ",\n".join("  %s %s" % (c, t) for c, t, _ in SQL_COLUMNS)
    return ("-- faxcalls-archive --format pg writes rows of this table for\n"
            "--   COPY %s FROM STDIN (FORMAT csv)\n"
            "CREATE TABLE IF NOT EXISTS %s (\n%s,\n  PRIMARY KEY (probe, capture_start, call)\n);\n"
            "CREATE INDEX IF NOT EXISTS %s_started_at ON %s (started_at);\n"
            "CREATE INDEX IF NOT EXISTS %s_call_id ON %s (call_id);\n"
            % (table, table, cols, table, table, table, table))


def _csv(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return dumps(v)
    return '"' + str(v).replace('"', '""') + '"'


def pg_row(o, probe, text):
    vals = []
    for col, _t, fn in SQL_COLUMNS:
        if col == "probe":
            vals.append(probe)
        elif col == "doc":
            vals.append(text)
        else:
            vals.append(fn(o))
    return ",".join(_csv(v) for v in vals) + "\n"


def ek_lines(o, probe, text, index):
    day = time.strftime("%Y.%m.%d", time.gmtime(o["capture_start_epoch"] + (o.get("start") or 0)))
    ident = "%s:%.6f:%d" % (probe, o["capture_start_epoch"], o["call"])
    action = {"index": {"_index": "%s-%s" % (index, day), "_id": ident}}
    stamp = _iso(o["capture_start_epoch"] + (o.get("start") or 0)).replace(" ", "T")[:-3] + "Z"
    return (json.dumps(action, ensure_ascii=False, separators=(",", ":")) + "\n" +
            '{"@timestamp":%s,"probe":%s,' % (_esc(stamp), _esc(probe)) + text[1:] + "\n")


class Writer:
    """jsonl (faxcalls/1, stdout or --output-dir DIR/PROBE.jsonl), pg (CSV rows for COPY) or
    ek (Elasticsearch bulk lines)."""

    def __init__(self, fmt, stream=None, output_dir=None, index="faxcalls", probe_name=None):
        self.fmt, self.stream, self.output_dir = fmt, stream or sys.stdout, output_dir
        self.index, self.probe_name = index, probe_name
        self.files = {}

    def write(self, obj, probe):
        probe = self.probe_name or probe
        text = dumps(obj)
        if self.fmt == "jsonl":
            line = text + "\n"
        elif self.fmt == "pg":
            line = pg_row(obj, probe, text)
        elif self.fmt == "ek":
            line = ek_lines(obj, probe, text, self.index)
        else:
            raise ArchiveError("--format %s: jsonl, pg or ek" % self.fmt)
        if self.output_dir:
            f = self.files.get(probe)
            if f is None:
                name = re.sub(r"[^A-Za-z0-9._-]+", "_", probe).strip("_") or "capture"
                ext = {"jsonl": ".jsonl", "pg": ".csv", "ek": ".ek.jsonl"}[self.fmt]
                f = self.files[probe] = open(os.path.join(self.output_dir, name + ext), "w",
                                             encoding="utf-8")
            f.write(line)
        else:
            self.stream.write(line)

    def close(self):
        for f in self.files.values():
            f.close()
        self.stream.flush()


# ---------------------------------------------------------------- command line

USAGE = """faxcalls-archive [--scheduler tcp://HOST:PORT | --scheduler-file F | --workers N | --jobs N]
                        [--max-call SECONDS] [--probes dir|prefix|none] [--format jsonl|pg|ek]
                        [--tshark CMD] [--plugin-dir DIR] [-o PREF] [-d DECODE_AS] [--filter F]
                        FILE|DIR...
       faxcalls-archive --convert --format pg|ek [--probe-name NAME] [JSONL...]
       faxcalls-archive --sql-schema [--table NAME]"""


def parse_args(argv):
    import argparse
    ap = argparse.ArgumentParser(
        prog="faxcalls-archive", usage=USAGE,
        description="Rotated captures of fax-over-IP traffic analysed as one capture (every call "
                    "once, whole), on a Dask cluster: JSON lines of schema faxcalls/1 on stdout, "
                    "exactly what one tshark -z fax,json over all the files merged in time order "
                    "gives.")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="a running Dask scheduler")
    where.add_argument("--scheduler-file", metavar="FILE", help="its dask-scheduler --scheduler-file")
    where.add_argument("--workers", type=int, metavar="N", help="start a local Dask cluster of N worker processes")
    where.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="no cluster: N tshark at a time on this machine (the default, N = CPUs)")
    ap.add_argument("--max-call", type=float, default=DEFAULT_MAX_CALL, metavar="SECONDS",
                    help="longest fax call: context read before and after each file (default %g)"
                    % DEFAULT_MAX_CALL)
    ap.add_argument("--chunk", type=float, default=0.0, metavar="SECONDS",
                    help="a task per file (0, the default), or per run of consecutive files that "
                         "covers SECONDS of capture: fewer tasks, less context read twice")
    ap.add_argument("--probes", choices=("dir", "prefix", "none"), default="dir",
                    help="files of one probe: same directory (default), same directory and name "
                         "prefix (NAME_NNNNN_YYYYMMDDHHMMSS.pcapng), or all one probe")
    ap.add_argument("--format", choices=("jsonl", "pg", "ek"), default="jsonl",
                    help="jsonl: faxcalls/1 (default); pg: CSV rows for COPY into --sql-schema's "
                         "table; ek: Elasticsearch bulk lines")
    ap.add_argument("--output-dir", metavar="DIR", help="one file per probe (DIR/PROBE.jsonl) instead of stdout")
    ap.add_argument("--probe-name", metavar="NAME", help="the probe column/field (pg, ek) when one probe")
    ap.add_argument("--index", default="faxcalls", help="ek: index name prefix (default faxcalls-YYYY.MM.DD)")
    ap.add_argument("--tshark", default="tshark", metavar="CMD", help="tshark command (may hold options)")
    ap.add_argument("--plugin-dir", metavar="DIR",
                    help="WIRESHARK_PLUGIN_DIR for the workers' tshark (the plugin in DIR/X.Y/epan/); "
                         "same path on every worker; workers must not run as root")
    ap.add_argument("-o", dest="prefs", action="append", default=[], metavar="PREF",
                    help="tshark -o PREF (repeatable)")
    ap.add_argument("-d", dest="decode_as", action="append", default=[], metavar="DECODE_AS",
                    help="tshark -d (repeatable)")
    ap.add_argument("--filter", metavar="DISPLAY_FILTER", help="-z fax,json,FILTER: calls with a matching frame")
    ap.add_argument("--schema", metavar="FILE", help="docs/json-schema.json (found next to archive/ by default)")
    ap.add_argument("--wait-workers", type=float, default=60.0, metavar="SECONDS",
                    help="how long to wait for a first worker (default 60)")
    ap.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    ap.add_argument("--progress", type=float, default=5.0, metavar="SECONDS",
                    help="seconds between progress lines (default 5)")
    ap.add_argument("--strict", action="store_true",
                    help="exit 3 when a file was damaged or unreadable (default: reported, exit 0)")
    ap.add_argument("--stats", action="store_true", help="a last stderr line: files, calls, packets, seconds, calls/s")
    ap.add_argument("--convert", action="store_true",
                    help="read JSON lines (tshark -z fax,json or this tool) from JSONL files or stdin, "
                         "write --format")
    ap.add_argument("--sql-schema", action="store_true", help="print the CREATE TABLE for --format pg")
    ap.add_argument("--table", default="fax_calls", help="--sql-schema table name (default fax_calls)")
    ap.add_argument("--version", action="version", version="faxcalls-archive " + VERSION)
    ap.add_argument("files", nargs="*", metavar="FILE")
    return ap.parse_args(argv)


def convert(a):
    w = Writer(a.format, output_dir=a.output_dir, index=a.index, probe_name=a.probe_name)
    srcs = a.files or ["-"]
    for s in srcs:
        f = sys.stdin if s == "-" else open(s, encoding="utf-8")
        probe = a.probe_name or (os.path.splitext(os.path.basename(s))[0] if s != "-" else "capture")
        for line in f:
            if line.startswith("{"):
                w.write(json.loads(line), probe)
        if f is not sys.stdin:
            f.close()
    w.close()
    return 0


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    if a.sql_schema:
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_.]*$", a.table):
            raise SystemExit("faxcalls-archive: --table %s: not a plain SQL name" % a.table)
        sys.stdout.write(sql_schema(a.table))
        return 0
    if a.convert:
        return convert(a)
    if not a.files:
        raise SystemExit("faxcalls-archive: no capture files (usage: faxcalls-archive --help)")
    try:
        return run(a)
    except ArchiveError as e:
        print("faxcalls-archive: %s" % e, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def make_runner(a):
    if a.scheduler or a.scheduler_file:
        return DaskRunner(scheduler=a.scheduler, scheduler_file=a.scheduler_file, wait=a.wait_workers)
    if a.workers:
        return DaskRunner(workers=a.workers, wait=a.wait_workers)
    return LocalRunner(a.jobs or os.cpu_count() or 1)


def build(a, runner):
    opts = []
    for p in a.prefs:
        opts += ["-o", p]
    for d in a.decode_as:
        opts += ["-d", d]
    plugin_dir = os.path.abspath(a.plugin_dir) if a.plugin_dir else None
    return Archive(runner, tshark=shlex.split(a.tshark), options=opts, plugin_dir=plugin_dir,
                   filter=a.filter, max_call=a.max_call, probes=a.probes, rules=load_rules(a.schema),
                   quiet=a.quiet, progress_interval=a.progress, chunk=a.chunk)


def run(a, on_call=None):
    if a.max_call <= 0:
        raise ArchiveError("--max-call must be > 0")
    paths = list_inputs(a.files)
    if not paths:
        raise ArchiveError("no capture files in %s" % " ".join(a.files))
    if a.output_dir:
        os.makedirs(a.output_dir, exist_ok=True)
    t0 = time.time()
    runner = make_runner(a)
    try:
        ar = build(a, runner)
        ar.progress.say("%d files, on %s" % (len(paths), runner.describe), force=True)
        ar.check()
        probes = ar.scan(paths)
        if len(probes) > 1 and a.format == "jsonl" and not a.output_dir:
            raise ArchiveError("%d probes (%s): their calls cannot share one faxcalls/1 stream: give "
                               "--output-dir DIR (a file per probe), --format pg|ek, or --probes none "
                               "if the files are one capture" % (len(probes), ", ".join(sorted(probes))))
        w = Writer(a.format, output_dir=a.output_dir, index=a.index,
                   probe_name=a.probe_name if len(probes) == 1 else None)
        for c in ar.calls():
            w.write(c.obj, c.probe)
            if on_call:
                on_call(c)
        w.close()
    finally:
        runner.close()
    secs = time.time() - t0
    st = ar.stats
    ar.progress.say("done: %d files (%d probe%s), %d calls, %d packets in %.1f s"
                    % (st["files"], len(probes), "" if len(probes) == 1 else "s", st["calls"],
                       st["packets"], secs), force=True)
    if a.stats:
        print("faxcalls-archive: stats files=%d calls=%d packets=%d window_packets=%d reruns=%d "
              "seconds=%.3f calls_per_second=%.2f" % (st["files"], st["calls"], st["packets"],
                                                      st["window_packets"], st["reruns"], secs,
                                                      st["calls"] / secs if secs else 0.0),
              file=sys.stderr)
    for path, msg in ar.problems:
        print("faxcalls-archive: problem: %s: %s" % (path, msg), file=sys.stderr)
    if ar.failed:
        return 1
    if a.strict and ar.problems:
        return 3
    return 0
