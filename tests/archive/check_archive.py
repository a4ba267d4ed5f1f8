#!/usr/bin/python3
"""archive/faxcalls-archive against one tshark run over the whole capture (ctest archive/*).

  check_archive.py PLUGIN cluster     a real dask-scheduler and two dask-worker processes on
                                      127.0.0.1: a 240-call capture (bench/pcapmix.py) split
                                      with editcap -i 10 into pieces shorter than a call; the
                                      archive equals the single run call for call (Call-ID,
                                      result, reason, rate, pages, capture-wide first frame)
                                      and line for line; a garbage piece and a truncated piece
                                      (reported, the rest equals the single run over what is
                                      readable); a worker killed with its tshark mid-task (the
                                      task is run again on the other: nothing lost or doubled);
                                      calls/s on 2 workers against one tshark on the merged file
  check_archive.py PLUGIN inputs      rotated files as tshark/dumpcap -b and editcap -i name
                                      them, pcap and pcapng mixed, names in no time order, a
                                      300 s gap in a probe (longer than --max-call), two probes
                                      by directory and two by name prefix, --workers 2 (a local
                                      Dask cluster), --jobs, bench/faxsplit.py; each probe equals
                                      tshark over `mergecap` (time order) of its files
  check_archive.py PLUGIN postgresql  a real PostgreSQL server (initdb + pg_ctl in a temporary
                                      folder, unix socket only): --sql-schema, --format pg
                                      loaded with COPY, the rows and their jsonb documents equal
                                      the single run; --format ek bulk lines

Everything that runs tshark (the Dask scheduler and workers, faxcalls-archive, the reference
tshark) runs as the unprivileged user nobody when the tests run as root, with the build under
test in a throwaway WIRESHARK_PLUGIN_DIR (tests/lib/faxtshark.py).  Skips (exit 77, loudly)
only when Debian's python3-distributed (cluster, inputs) or postgresql (postgresql) is not
installed.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import glob
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from faxtshark import ROOT, Tshark  # noqa: E402

PY = "/usr/bin/python3"       # Debian's python3-distributed is installed for this one
NOBODY = 65534
T0 = 1767225600               # bench/pcapmix.py's first call
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, flush=True)


def ok(msg):
    print("ok: " + msg, flush=True)


def skip(msg):
    print("SKIPPED LOUDLY: " + msg, flush=True)
    sys.exit(77)


def have_distributed():
    p = subprocess.run([PY, "-c", "import distributed, cloudpickle; print(distributed.__version__)"],
                       capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else None


class Env:
    """A work folder the unprivileged user owns, the archive tool copied into it (the
    repository may sit where nobody cannot enter), and commands run as that user."""

    def __init__(self, plugin):
        self.ts = Tshark(plugin)
        self.ts.assert_plugin_loaded()
        self.as_root = os.geteuid() == 0
        self.work = tempfile.mkdtemp(prefix="faxcalls-archive-test-")
        os.chmod(self.work, 0o755)
        self.home = os.path.join(self.work, "home")
        os.mkdir(self.home)
        for d in ("archive", "docs", "bench"):
            os.mkdir(os.path.join(self.work, d))
        for f in ("archive/faxcalls-archive", "archive/faxarchive.py", "docs/json-schema.json",
                  "bench/faxsplit.py"):
            shutil.copy(os.path.join(ROOT, f), os.path.join(self.work, f))
        self.tool = os.path.join(self.work, "archive", "faxcalls-archive")
        os.chmod(self.tool, 0o755)
        os.mkdir(os.path.join(self.work, "tmp"))     # a killed task's temporary files end here too
        self.env = {"HOME": self.home, "PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "LC_ALL": "C",
                    "TZ": "UTC", "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": os.path.join(self.work, "tmp")}
        # .ci/sanitize.sh: the sanitizers' options reach every tshark (through the workers'
        # environment), libasan is preloaded into tshark alone (--tshark "env LD_PRELOAD=...")
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "WIRESHARK_EXTCAP_DIR"):
            if k in os.environ:
                self.env[k] = os.environ[k]
        preload = os.environ.get("FAXCALLS_TSHARK_PRELOAD")
        self.tshark = ["--tshark", "env LD_PRELOAD=%s tshark" % preload] if preload else []
        self.plugin_dir = self.ts.plugin_dir
        self.shm_fix = False
        self.give()

    def give(self):
        """Everything in the work folder to the unprivileged user."""
        if not self.as_root:
            return
        for d, dirs, files in os.walk(self.work):
            os.chown(d, NOBODY, NOBODY)
            for f in files:
                os.chown(os.path.join(d, f), NOBODY, NOBODY)

    def cmd(self, argv, shm=False):
        """argv as the unprivileged user; shm: with a writable /dev/shm (Dask's nanny and local
        cluster start processes with Python's multiprocessing, whose locks are POSIX semaphores
        in /dev/shm): where it is not writable for that user (a chroot with /dev bind-mounted),
        a private tmpfs in a private mount namespace (unshare)."""
        if self.as_root:
            argv = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"] + argv
        if shm and self.shm_fix:
            # (in a chroot / is no mount point: --propagation private fails there; /dev is one)
            argv = ["unshare", "--mount", "--propagation", "unchanged", "sh", "-c",
                    "{ mount --make-rprivate / || mount --make-rprivate /dev; } 2>/dev/null && "
                    'mount -t tmpfs -o mode=1777,size=64m faxcalls-shm /dev/shm && exec "$@"', "sh"] + argv
        return argv

    def check_shm(self):
        """Can the unprivileged user make a multiprocessing lock?  If not, and we are root,
        its Dask processes get their own /dev/shm."""
        self.shm_fix = False
        probe = [PY, "-c", "import multiprocessing as m; m.get_context('spawn').Lock()"]
        p = subprocess.run(self.cmd(probe), env=self.env, cwd=self.work, capture_output=True, text=True)
        if p.returncode == 0:
            return
        if not self.as_root or not shutil.which("unshare"):
            fail("Python's multiprocessing cannot make a lock here (/dev/shm not writable?), which "
                 "Dask's worker processes need: %s" % p.stderr.strip().splitlines()[-1:])
            return
        self.shm_fix = True
        p = subprocess.run(self.cmd(probe, shm=True), env=self.env, cwd=self.work, capture_output=True, text=True)
        if p.returncode != 0:
            fail("no multiprocessing lock even with a private /dev/shm: %s" % p.stderr[-1000:])
        else:
            print("   note: /dev/shm is not writable for nobody here (%s): the Dask processes get a "
                  "private tmpfs /dev/shm (unshare --mount)" % oct(os.stat("/dev/shm").st_mode & 0o7777),
                  flush=True)

    def path(self, *p):
        return os.path.join(self.work, *p)

    def cleanup(self):
        self.ts.cleanup()
        shutil.rmtree(self.work, ignore_errors=True)

    # -- captures
    def gen(self, name, n, gap):
        out = self.path(name)
        subprocess.run([PY, os.path.join(ROOT, "bench", "pcapmix.py"), "fax", str(n), out, "--gap", str(gap)],
                       check=True, stdout=subprocess.DEVNULL)
        return out

    def split(self, src, secs, folder, prefix="piece", fmt=None):
        d = self.path(folder)
        os.makedirs(d, exist_ok=True)
        ext = ".pcapng" if fmt == "pcapng" else ".pcap"
        cmd = ["editcap", "-i", str(secs)] + (["-F", "pcapng"] if fmt else []) + [src, os.path.join(d, prefix + ext)]
        subprocess.run(cmd, check=True)
        return sorted(glob.glob(os.path.join(d, prefix + "_*")))

    def reference(self, files, name):
        """One tshark -z fax,json over the files merged in time order (mergecap)."""
        if len(files) == 1:
            merged = files[0]
        else:
            merged = self.path(name + ".merged.pcapng")
            subprocess.run(["mergecap", "-F", "pcapng", "-w", merged] + list(files), check=True)
        t = time.time()
        out = self.ts.run(["-n", "-r", merged, "-q", "-z", "fax,json"]).stdout
        secs = time.time() - t
        return [l for l in out.splitlines() if l.startswith("{")], secs

    def archive(self, args, check=True, background=False, shm=False):
        """faxcalls-archive ARGS as the unprivileged user; shm: it starts Dask processes."""
        self.give()
        argv = self.cmd([PY, self.tool, "--plugin-dir", self.plugin_dir, "--progress", "2"] + self.tshark
                        + list(args), shm=shm)
        if background:
            return subprocess.Popen(argv, env=self.env, cwd=self.work, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
        t = time.time()
        p = subprocess.run(argv, env=self.env, cwd=self.work, capture_output=True, text=True)
        secs = time.time() - t
        if check and p.returncode != 0:
            fail("faxcalls-archive %s: exit %d\n%s" % (" ".join(args), p.returncode, p.stderr[-4000:]))
        return [l for l in p.stdout.splitlines() if l.startswith("{")], p.stderr, p.returncode, secs


# ---------------------------------------------------------------- comparison

def ident(o):
    if o.get("call_id"):
        return o["call_id"]
    src = sorted(str(d.get("source")) for d in (o.get("udptl") or {}).values() if isinstance(d, dict))
    return "udptl " + " ".join(src)


def facts(o):
    t30 = o.get("t30") or {}
    return {"call": o["call"], "first_frame": o["first_frame"], "result": o["result"]["code"],
            "reason": o["result"]["reason"], "final_rate": t30.get("final_rate"),
            "pages_sent": t30.get("pages_sent"), "pages_confirmed": t30.get("pages_confirmed")}


def first_diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            d = first_diff(a.get(k), b.get(k), path + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return "%s: %d items vs %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r vs %r" % (path, a, b)


def compare(label, ref_lines, got_lines, min_calls=1):
    """Call for call (identity, number, first frame, result, reason, rate, pages), then line
    for line.  Returns True when equal."""
    before = len(failures)
    ref = [json.loads(l) for l in ref_lines]
    got = [json.loads(l) for l in got_lines]
    if len(ref) < min_calls:
        fail("%s: the single run found %d calls, want >= %d" % (label, len(ref), min_calls))
        return False
    rid = {}
    for o in ref:
        rid.setdefault(ident(o), []).append(o)
    gid = {}
    for o in got:
        gid.setdefault(ident(o), []).append(o)
    missing = [k for k in rid if k not in gid]
    extra = [k for k in gid if k not in rid]
    doubled = [k for k, v in gid.items() if len(v) > len(rid.get(k, []))]
    if missing:
        fail("%s: %d calls missing: %s" % (label, len(missing), ", ".join(missing[:5])))
    if extra:
        fail("%s: %d calls that the single run does not have: %s" % (label, len(extra), ", ".join(extra[:5])))
    if doubled:
        fail("%s: %d calls doubled: %s" % (label, len(doubled), ", ".join(doubled[:5])))
    bad = 0
    for k, rs in rid.items():
        for r, g in zip(rs, gid.get(k, [])):
            if facts(r) != facts(g):
                bad += 1
                if bad <= 5:
                    fail("%s: call %s: %s, single run %s" % (label, k, facts(g), facts(r)))
    if len(failures) == before:
        if got_lines != ref_lines:
            n = sum(1 for a, b in zip(ref_lines, got_lines) if a != b)
            i = next(i for i, (a, b) in enumerate(zip(ref_lines, got_lines)) if a != b)
            fail("%s: same calls and verdicts, but %d JSON lines differ; first: call %d: %s"
                 % (label, n, i + 1, first_diff(json.loads(ref_lines[i]), json.loads(got_lines[i]))))
        else:
            ok("%s: %d calls, equal to the single tshark run call for call and line for line"
               % (label, len(ref)))
    return len(failures) == before


# ---------------------------------------------------------------- a Dask cluster

def dask_cmd(what):
    """`dask scheduler` / `dask worker` where that CLI has them (2022.10 on), else the older
    dask-scheduler / dask-worker."""
    if os.path.exists("/usr/bin/dask"):
        p = subprocess.run([PY, "/usr/bin/dask", what, "--help"], capture_output=True, text=True)
        if p.returncode == 0:
            return [PY, "/usr/bin/dask", what]
    return [PY, "/usr/bin/dask-" + what]


class Cluster:
    """dask-scheduler and dask-worker processes on 127.0.0.1, as the unprivileged user, each
    in its own process group (killed whole at the end, also on failure)."""

    def __init__(self, env, nworkers):
        self.env = env
        self.procs = {}
        self.logs = {}
        self.sfile = env.path("scheduler.json")
        try:
            self.boot(nworkers)
        except BaseException:
            self.close()         # nothing left running when the cluster does not come up
            raise

    def boot(self, nworkers):
        self.start("scheduler", dask_cmd("scheduler") + [
            "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", self.sfile,
            "--idle-timeout", "900"])
        t = time.time()
        while not os.path.exists(self.sfile) or os.path.getsize(self.sfile) == 0:
            if time.time() - t > 60 or self.procs["scheduler"].poll() is not None:
                raise RuntimeError("dask-scheduler did not start:\n" + self.log("scheduler"))
            time.sleep(0.1)
        time.sleep(0.2)
        with open(self.sfile) as f:
            self.address = json.load(f)["address"]
        for i in range(1, nworkers + 1):
            self.add_worker("w%d" % i)
        self.wait_workers(nworkers)

    def start(self, name, argv):
        os.makedirs(self.env.path("dask", name), exist_ok=True)
        self.env.give()
        log = open(self.env.path("dask", name + ".log"), "w")
        self.logs[name] = log.name
        self.procs[name] = subprocess.Popen(self.env.cmd(argv, shm=True), env=self.env.env, cwd=self.env.path("dask", name),
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def add_worker(self, name):
        self.start(name, dask_cmd("worker") + [
            "--scheduler-file", self.sfile, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
            "--no-dashboard", "--memory-limit", "0", "--name", name, "--death-timeout", "60",
            "--local-directory", self.env.path("dask", name)])

    def workers(self):
        from distributed import Client
        with Client(self.address, timeout=30) as c:
            return {w["name"]: a for a, w in c.scheduler_info()["workers"].items()}

    def wait_workers(self, n, timeout=90):
        t = time.time()
        while True:
            try:
                if len(self.workers()) >= n:
                    return
            except OSError:
                pass
            if time.time() - t > timeout:
                raise RuntimeError("%d dask workers did not join in %d s:\n%s" % (
                    n, timeout, "\n".join(self.log(k) for k in self.procs)))
            time.sleep(0.5)

    def log(self, name):
        try:
            with open(self.logs[name]) as f:
                return "---- %s log:\n%s" % (name, f.read()[-3000:])
        except OSError:
            return ""

    def kill(self, name):
        p = self.procs.get(name)
        if p and p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()

    def close(self):
        for name in list(self.procs):
            self.kill(name)


def group_children(pgid, names=("mergecap",)):
    """pids of the processes named names in process group pgid."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        comm = st[st.index("(") + 1:st.rindex(")")]
        fields = st[st.rindex(")") + 2:].split()
        if comm in names and int(fields[2]) == pgid:
            out.append(int(d))
    return out


# ---------------------------------------------------------------- the tests

def rewrite_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def check_cluster(env):
    src = env.gen("calls.pcap", 240, 0.5)
    pieces = env.split(src, 10, "pieces")
    ref, ref_secs = env.reference([src], "calls")
    ref_calls = len(ref)
    durations = [json.loads(l)["duration"] for l in ref]
    print("   %d calls (longest %.1f s) in %d pieces of 10 s; one tshark: %.2f s, %.1f calls/s"
          % (ref_calls, max(durations), len(pieces), ref_secs, ref_calls / ref_secs), flush=True)
    if len(pieces) < 10 or max(durations) <= 10:
        fail("the pieces (%d) are not shorter than a call" % len(pieces))
    env.check_shm()
    cl = Cluster(env, 2)
    try:
        ok("dask-scheduler %s with 2 dask-worker processes (as %s)"
           % (cl.address, "nobody" if env.as_root else "this user"))
        sched = ["--scheduler", cl.address, "--max-call", "80", "--stats"]     # a task per file

        # 1. the archive equals the single run
        got, err, rc, secs = env.archive(sched + [env.path("pieces")])
        compare("2 workers, %d pieces" % len(pieces), ref, got, min_calls=200)
        if "files done %d/%d" % (len(pieces), len(pieces)) not in err or "calls found" not in err:
            fail("no progress (files done / total, calls found) on stderr:\n" + err[-2000:])
        stats = [l for l in err.splitlines() if "stats " in l]
        print("   archive on 2 workers: %.2f s, %.1f calls/s (one tshark on the merged file: %.1f "
              "calls/s); %s" % (secs, len(got) / secs, ref_calls / ref_secs,
                                stats[0].split("stats ")[1] if stats else ""), flush=True)

        # 2. a garbage piece and a truncated one: reported, the rest analysed
        bad = env.path("pieces-bad")
        shutil.copytree(env.path("pieces"), bad)
        names = sorted(os.listdir(bad))
        garbage, cut = os.path.join(bad, names[4]), os.path.join(bad, names[9])
        rewrite_bytes(garbage, os.urandom(5000))
        with open(cut, "rb") as f:
            data = f.read()
        rewrite_bytes(cut, data[:len(data) // 2 + 7])      # mid-record
        salvaged = env.path("salvaged.pcap")
        subprocess.run(["editcap", cut, salvaged], capture_output=True)     # exits 2: cut short
        readable = [os.path.join(bad, n) for n in names if n != names[4]]
        readable[readable.index(cut)] = salvaged
        ref_bad, _ = env.reference(readable, "bad")
        got, err, rc, _ = env.archive(sched + [bad])
        if rc != 0:
            fail("a garbage and a truncated piece: exit %d (want 0: reported, not fatal)" % rc)
        if names[4] not in err or "unreadable" not in err:
            fail("the garbage piece %s is not reported:\n%s" % (names[4], err[-2000:]))
        if names[9] not in err or "damaged" not in err:
            fail("the truncated piece %s is not reported:\n%s" % (names[9], err[-2000:]))
        compare("garbage piece %s and truncated piece %s" % (names[4], names[9]), ref_bad, got, min_calls=150)
        got, err, rc, _ = env.archive(sched + ["--strict", "--quiet", bad], check=False)
        if rc != 3:
            fail("--strict with damaged pieces: exit %d, want 3" % rc)

        # 3. a worker killed (nanny, worker, its mergecap and tshark) mid-task: mergecap runs in
        # the analysis tasks only
        p = env.archive(sched + [env.path("pieces")], background=True)
        victim = cl.procs["w1"].pid
        t = time.time()
        killed = None
        while p.poll() is None and time.time() - t < 120:
            kids = group_children(victim)
            if kids:
                cl.kill("w1")
                killed = kids
                break
            time.sleep(0.02)
        out, err = p.communicate(timeout=600)
        got = [l for l in out.splitlines() if l.startswith("{")]
        if not killed:
            fail("worker w1 was never seen running an analysis task: not killed mid-task")
        else:
            print("   killed worker w1 (process group %d) while it ran %s" % (victim, killed), flush=True)
            if p.returncode != 0:
                fail("killed worker: faxcalls-archive exit %d:\n%s" % (p.returncode, err[-3000:]))
            if compare("a worker killed mid-task", ref, got, min_calls=200):
                try:
                    left = sorted(cl.workers())
                except OSError as e:
                    left = ["? (%s)" % e]
                ok("the killed worker's task ran again elsewhere (workers left: %s)" % ", ".join(left))
    except Exception:
        print("\n".join(cl.log(k) for k in cl.procs))
        raise
    finally:
        cl.close()


def ts_name(prefix, n, t, ext):
    """tshark/dumpcap -b names: PREFIX_NNNNN_YYYYMMDDHHMMSS.EXT"""
    return "%s_%05d_%s%s" % (prefix, n, time.strftime("%Y%m%d%H%M%S", time.gmtime(t)), ext)


def first_time(path):
    out = subprocess.run(["capinfos", "-a", "-S", "-M", "-T", "-r", path], capture_output=True,
                         text=True, check=True).stdout.strip().split("\t")
    return float(out[-1])


def check_inputs(env):
    # probe A (a directory): pcap and pcapng pieces mixed, tshark -b names, then 300 s of
    # nothing (probe down, longer than --max-call) and more pieces
    src = env.gen("a.pcap", 60, 0.5)
    tmp = env.split(src, 10, "tmp-a")
    a_dir = env.path("probes", "a")
    os.makedirs(a_dir)
    files_a = []
    for n, p in enumerate(tmp):
        dst = p
        if n >= 4:     # the probe was down for 300 s after the 4th file
            dst = p + ".late"
            subprocess.run(["editcap", "-t", "300", p, dst], check=True)
        ext = ".pcapng" if n % 2 else ".pcap"
        name = os.path.join(a_dir, ts_name("probeA", n + 1, first_time(dst), ext))
        subprocess.run(["editcap", "-F", "pcapng" if n % 2 else "pcap", dst, name], check=True)
        files_a.append(name)
    ref_a, _ = env.reference(files_a, "a")

    # probe B (another directory): pcapng, names that sort in no time order
    src_b = env.gen("b.pcap", 40, 0.7)
    tmp = env.split(src_b, 10, "tmp-b", fmt="pcapng")
    b_dir = env.path("probes", "b")
    os.makedirs(b_dir)
    files_b = []
    for n, p in enumerate(tmp):
        name = os.path.join(b_dir, "capture-%s.pcapng" % "qkxbmfazrwtnhpdjcgsv"[(n * 7) % 20])
        shutil.copy(p, name)
        files_b.append(name)
    if sorted(files_b) == files_b:
        fail("probe B's names sort in time order: the test shows nothing")
    ref_b, _ = env.reference(files_b, "b")

    out = env.path("out")
    os.makedirs(out)
    got, err, rc, _ = env.archive(["--jobs", "2", "--max-call", "80", "--output-dir", out, env.path("probes")])
    for probe, ref in (("a", ref_a), ("b", ref_b)):
        f = os.path.join(out, probe + ".jsonl")
        lines = open(f).read().splitlines() if os.path.exists(f) else []
        compare("--probes dir, probe %s (%s)" % (probe, "pcap+pcapng, tshark -b names, a 300 s gap"
                                                  if probe == "a" else "pcapng, names in no time order"),
                ref, lines, min_calls=30)
    got, err, rc, _ = env.archive(["--jobs", "2", env.path("probes")], check=False)
    if rc != 2 or "--output-dir" not in err:
        fail("two probes to one faxcalls/1 stream: exit %d, want 2 and a hint:\n%s" % (rc, err[-1000:]))

    # probes by name prefix: two probes in one folder
    c_dir = env.path("probes-prefix")
    os.makedirs(c_dir)
    for prefix, files in (("east", files_a), ("west", files_b)):
        for n, p in enumerate(files):
            t = first_time(p)
            shutil.copy(p, os.path.join(c_dir, ts_name(prefix, n + 1, t, os.path.splitext(p)[1])))
    out2 = env.path("out2")
    os.makedirs(out2)
    env.archive(["--jobs", "2", "--max-call", "80", "--probes", "prefix", "--output-dir", out2, c_dir])
    for probe, ref in (("east", ref_a), ("west", ref_b)):
        f = [x for x in glob.glob(os.path.join(out2, "*.jsonl")) if x.endswith(probe + ".jsonl")]
        lines = open(f[0]).read().splitlines() if f else []
        compare("--probes prefix, probe %s" % probe, ref, lines, min_calls=30)

    # a local Dask cluster (--workers 2), and bench/faxsplit.py on probe A's files
    env.check_shm()
    got, err, rc, _ = env.archive(["--workers", "2", "--max-call", "80", a_dir], shm=True)
    compare("--workers 2 (a local Dask cluster), probe A", ref_a, got, min_calls=30)
    env.give()
    p = subprocess.run(env.cmd([PY, env.path("bench", "faxsplit.py"), "-j", "2", "--max-call", "80"] + env.tshark
                               + files_a),
                       env=dict(env.env, WIRESHARK_PLUGIN_DIR=env.plugin_dir), capture_output=True, text=True)
    if p.returncode != 0:
        fail("bench/faxsplit.py: exit %d: %s" % (p.returncode, p.stderr[-2000:]))
    compare("bench/faxsplit.py (a thin user of faxcalls-archive), probe A", ref_a,
            [l for l in p.stdout.splitlines() if l.startswith("{")], min_calls=30)


def pg_bin():
    cands = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return os.path.dirname(cands[-1]) if cands else None


def check_postgresql(env):
    bindir = pg_bin()
    if not bindir or not os.path.exists(os.path.join(bindir, "pg_ctl")):
        skip("PostgreSQL is not installed (Debian package postgresql): no initdb/pg_ctl in "
             "/usr/lib/postgresql/*/bin")
    psql = shutil.which("psql") or os.path.join(bindir, "psql")
    src = env.gen("pg.pcap", 60, 0.4)
    env.split(src, 10, "pg-pieces")
    ref, _ = env.reference([src], "pg")
    pg = tempfile.mkdtemp(prefix="fxpg-")          # short: a unix socket path has 107 octets
    os.chmod(pg, 0o755)
    if env.as_root:
        os.chown(pg, NOBODY, NOBODY)
    data, sock = os.path.join(pg, "data"), pg
    pgenv = dict(env.env, PGHOST=sock, PGUSER="fax", PGDATABASE="postgres")

    def sh(argv, **kw):
        return subprocess.run(env.cmd(argv), env=pgenv, cwd=pg, capture_output=True, text=True, **kw)

    try:
        p = sh([os.path.join(bindir, "initdb"), "-D", data, "-U", "fax", "--auth=trust", "-E", "UTF8",
                "--no-locale"])
        if p.returncode != 0:
            fail("initdb: %s" % p.stderr[-2000:])
            return
        p = sh([os.path.join(bindir, "pg_ctl"), "-D", data, "-l", os.path.join(pg, "log"), "-w", "-t", "60",
                "-o", "-c listen_addresses='' -c unix_socket_directories='%s' -c fsync=off" % sock, "start"])
        if p.returncode != 0:
            fail("pg_ctl start: %s %s" % (p.stdout, p.stderr))
            return
        ok("PostgreSQL %s running as %s, unix socket in %s" % (
            os.path.basename(os.path.dirname(bindir)), "nobody" if env.as_root else "this user", sock))
        sh([psql, "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE fax"], check=True)
        pgenv["PGDATABASE"] = "fax"
        # the README's commands: the table, then the archive loaded with COPY
        schema = subprocess.run(env.cmd([PY, env.tool, "--sql-schema"]), env=env.env, capture_output=True,
                                text=True, check=True).stdout
        p = sh([psql, "-v", "ON_ERROR_STOP=1", "-q"], input=schema)
        if p.returncode != 0:
            fail("--sql-schema | psql: %s" % p.stderr)
            return
        env.give()
        tool = " ".join([PY, env.tool, "--plugin-dir", env.plugin_dir, "--jobs", "2", "--max-call", "80",
                         "--quiet", "--format", "pg"] + [shlex.quote(a) for a in env.tshark] + [env.path("pg-pieces")])
        load = tool + " | %s -v ON_ERROR_STOP=1 -c '\\copy fax_calls FROM STDIN (FORMAT csv)'" % psql
        p = subprocess.run(env.cmd(["bash", "-ec", "set -o pipefail; " + load]), env=pgenv,
                           cwd=pg, capture_output=True, text=True)
        if p.returncode != 0 or "COPY %d" % len(ref) not in p.stdout:
            fail("faxcalls-archive --format pg | psql \\copy: exit %d, %s %s (want COPY %d)"
                 % (p.returncode, p.stdout, p.stderr[-2000:], len(ref)))
            return
        ok("faxcalls-archive --format pg | psql -c '\\copy fax_calls FROM STDIN (FORMAT csv)': %s" % p.stdout.strip())
        q = ("SELECT json_build_object('call', call, 'call_id', call_id, 'result', result, 'reason', reason, "
             "'final_rate', final_rate, 'pages_sent', pages_sent, 'pages_confirmed', pages_confirmed, "
             "'first_frame', first_frame, 'started_at', extract(epoch from started_at), 'doc', doc) "
             "FROM fax_calls ORDER BY call")
        p = sh([psql, "-v", "ON_ERROR_STOP=1", "-At", "-c", q])
        rows = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
        refo = [json.loads(l) for l in ref]
        if len(rows) != len(refo):
            fail("PostgreSQL holds %d rows, the single run %d calls" % (len(rows), len(refo)))
        bad = 0
        for r, o in zip(rows, refo):
            want = {"call": o["call"], "call_id": o["call_id"], "result": o["result"]["code"],
                    "reason": o["result"]["reason"], "final_rate": o["t30"]["final_rate"],
                    "pages_sent": o["t30"]["pages_sent"], "pages_confirmed": o["t30"]["pages_confirmed"],
                    "first_frame": o["first_frame"]}
            have = {k: r[k] for k in want}
            d = first_diff(o, r["doc"]) or (None if have == want else "columns %s, want %s" % (have, want))
            if d is None and abs(float(r["started_at"]) - (o["capture_start_epoch"] + o["start"])) > 1e-6:
                d = "started_at %s" % r["started_at"]
            if d:
                bad += 1
                if bad <= 3:
                    fail("PostgreSQL row of call %s: %s" % (o["call"], d))
        if not bad and rows:
            ok("%d rows: columns and jsonb documents equal the single tshark run" % len(rows))
        # a query the README shows
        p = sh([psql, "-At", "-c", "SELECT reason, count(*) FROM fax_calls WHERE result <> 'success' "
                                   "GROUP BY reason ORDER BY reason"])
        print("   " + p.stdout.strip().replace("\n", "; "))
        # loading the same archive twice is refused (primary key)
        p = subprocess.run(env.cmd(["sh", "-ec", load]), env=pgenv, cwd=pg, capture_output=True, text=True)
        if p.returncode == 0:
            fail("loading the same archive twice was accepted")
        # --convert: the JSON lines of a plain tshark run
        jl = os.path.join(pg, "single.jsonl")
        with open(jl, "w") as f:
            f.write("\n".join(ref) + "\n")
        os.chmod(jl, 0o644)
        p = subprocess.run(env.cmd(["sh", "-ec", "%s %s --convert --format pg --probe-name single %s | %s "
                                    "-v ON_ERROR_STOP=1 -c '\\copy fax_calls FROM STDIN (FORMAT csv)'"
                                    % (PY, env.tool, jl, psql)]), env=pgenv, cwd=pg, capture_output=True, text=True)
        c = sh([psql, "-At", "-c", "SELECT count(*) FROM fax_calls a JOIN fax_calls b USING (call) WHERE "
                                   "a.probe = 'single' AND b.probe <> 'single' AND a.doc = b.doc"]).stdout.strip()
        if p.returncode != 0 or c != str(len(ref)):
            fail("--convert --format pg of the single run: exit %d, %s of %d documents equal: %s"
                 % (p.returncode, c, len(ref), p.stderr[-1000:]))
        else:
            ok("--convert --format pg (tshark's own JSON lines): %s rows, documents equal to the archive's" % c)
    finally:
        sh([os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(pg, ignore_errors=True)

    # Elasticsearch bulk lines: an action and a document per call
    env.give()
    p = subprocess.run(env.cmd([PY, env.tool, "--plugin-dir", env.plugin_dir, "--jobs", "2", "--max-call", "80",
                                "--quiet", "--format", "ek"] + env.tshark + [env.path("pg-pieces")]),
                       env=env.env, capture_output=True, text=True)
    lines = p.stdout.splitlines()
    acts, docs = lines[0::2], lines[1::2]
    try:
        acts = [json.loads(l) for l in acts]
        docs = [json.loads(l) for l in docs]
        good = (len(docs) == len(ref) and all("index" in a and a["index"]["_index"].startswith("faxcalls-")
                                              for a in acts)
                and len({a["index"]["_id"] for a in acts}) == len(acts)
                and all(d["call_id"] == json.loads(r)["call_id"] and "@timestamp" in d and "probe" in d
                        for d, r in zip(docs, ref)))
    except (ValueError, KeyError) as e:
        good = False
        print(e)
    if p.returncode != 0 or not good:
        fail("--format ek: exit %d, %d lines: %s" % (p.returncode, len(lines), p.stdout[:500]))
    else:
        ok("--format ek: %d bulk action/document pairs, unique _id, @timestamp, probe" % len(docs))


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("cluster", "inputs", "postgresql"):
        sys.exit(__doc__)
    for tool in ("editcap", "mergecap", "capinfos"):
        if not shutil.which(tool):
            fail("%s not installed (Debian package wireshark-common)" % tool)
            sys.exit(1)
    if sys.argv[2] in ("cluster", "inputs"):
        v = have_distributed()
        if not v:
            skip("Dask is not installed for %s (Debian package python3-distributed): "
                 "packaging/install-deps.sh --test installs it" % PY)
        print("   Dask distributed %s" % v, flush=True)
    env = Env(sys.argv[1])
    try:
        {"cluster": check_cluster, "inputs": check_inputs, "postgresql": check_postgresql}[sys.argv[2]](env)
    finally:
        env.cleanup()
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
