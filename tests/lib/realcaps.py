#!/usr/bin/env python3
"""The real captures the tests read: tests/real-captures.tsv, in one place.

  realcaps.py cases KIND     the case names that KIND (real, json, pages, unit)
                             runs, ';'-separated (tests/CMakeLists.txt)
  realcaps.py verify         every listed capture present and with its sha256;
                             exit 77 (skip) when the folder is absent, 1 on a
                             missing file or a checksum mismatch
  realcaps.py fetch [DIR]    download the missing captures from their public
                             sources into DIR (default: the folder) and check
                             their sha256
  realcaps.py list           the captures, their sources and what they show

The folder is the environment's FAXCALLS_REAL_PCAPS (ctest sets it from the
CMake cache variable of that name), by default ../shared/pcaps/real next to
the repository.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import hashlib
import os
import shlex
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIST = os.path.join(ROOT, "tests", "real-captures.tsv")
SKIP = 77  # ctest SKIP_RETURN_CODE


def folder():
    return os.path.normpath(os.environ.get("FAXCALLS_REAL_PCAPS")
                            or os.path.join(ROOT, "..", "shared", "pcaps", "real"))


class Capture:
    def __init__(self, f):
        (self.file, self.sha256, self.repo, self.commit, self.path, self.licence,
         self.report) = f

    @property
    def url(self):
        """The file itself at that commit (what fetch downloads)."""
        return "https://raw.githubusercontent.com/%s/%s/%s" % (self.repo, self.commit, self.path)

    @property
    def page(self):
        return "https://github.com/%s/blob/%s/%s" % (self.repo, self.commit, self.path)


class Case:
    def __init__(self, f):
        self.name, self.file, tests, opts, self.checks = f
        self.tests = tests.split(",")
        self.options = [] if opts == "-" else shlex.split(opts)


def load():
    captures, cases = {}, {}
    with open(LIST, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            f = line.split("\t")
            kind, f = f[0], f[1:]
            if kind == "capture" and len(f) == 7:
                c = Capture(f)
                captures[c.file] = c
            elif kind == "case" and len(f) == 5:
                c = Case(f)
                cases[c.name] = c
            else:
                sys.exit("%s:%d: not a capture (7 fields) or case (5 fields) line" % (LIST, n))
    for c in cases.values():
        if c.file not in captures:
            sys.exit("%s: case %s names %s, which has no capture line" % (LIST, c.name, c.file))
    return captures, cases


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Mismatch(Exception):
    pass


def checked_path(capture):
    """The path of a listed capture whose sha256 matches; None (after saying
    so loudly) when the capture is absent; Mismatch when it is another file."""
    path = os.path.join(folder(), capture.file)
    if not os.path.exists(path):
        print("*" * 72)
        print("*** SKIPPED LOUDLY: real capture %s not found" % path)
        print("*** (get it: python3 tests/lib/realcaps.py fetch, or set FAXCALLS_REAL_PCAPS;")
        print("***  tests/README.md, \"Real captures\")")
        print("*" * 72)
        return None
    got = sha256(path)
    if got != capture.sha256:
        raise Mismatch("real capture %s has sha256 %s, but tests/real-captures.tsv lists %s: "
                       "not the file published at %s (the expected facts were read from that "
                       "one); fetch it again" % (path, got, capture.sha256, capture.page))
    return path


def case(name, kind):
    """(checked path or None, Case) of a case of the list that KIND runs."""
    captures, cases = load()
    c = cases.get(name)
    if c is None or kind not in c.tests:
        sys.exit("%s is not a '%s' case of %s" % (name, kind, LIST))
    return checked_path(captures[c.file]), c


def present_captures():
    """Paths of every listed capture that is there (checksums checked)."""
    captures, _ = load()
    out = []
    for c in sorted(captures.values(), key=lambda c: c.file):
        path = os.path.join(folder(), c.file)
        if os.path.exists(path):
            out.append(checked_path(c))
    return out


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    captures, cases = load()
    if argv[1] == "cases" and len(argv) == 3:
        print(";".join(c.name for c in cases.values() if argv[2] in c.tests))
    elif argv[1] == "list":
        for c in captures.values():
            print("%s\n  %s\n  %s (%s)\n  sha256 %s" % (c.file, c.report, c.page, c.licence, c.sha256))
    elif argv[1] == "verify":
        d = folder()
        if not os.path.isdir(d):
            print("SKIPPED LOUDLY: no real-capture folder %s (tests/README.md, \"Real captures\")" % d)
            return SKIP
        bad = 0
        for c in captures.values():
            path = os.path.join(d, c.file)
            if not os.path.exists(path):
                print("FAIL: %s missing from %s" % (c.file, d))
                bad += 1
                continue
            got = sha256(path)
            if got != c.sha256:
                print("FAIL: checksum mismatch: %s has sha256 %s, tests/real-captures.tsv lists %s "
                      "(source %s)" % (path, got, c.sha256, c.page))
                bad += 1
            else:
                print("ok: %s sha256 %s" % (c.file, got))
        return 1 if bad else 0
    elif argv[1] == "fetch":
        import urllib.request
        d = argv[2] if len(argv) > 2 else folder()
        os.makedirs(d, exist_ok=True)
        bad = 0
        for c in captures.values():
            path = os.path.join(d, c.file)
            if os.path.exists(path) and sha256(path) == c.sha256:
                print("have %s" % c.file)
                continue
            print("fetching %s from %s" % (c.file, c.url), flush=True)
            try:
                with urllib.request.urlopen(c.url, timeout=60) as r:
                    data = r.read()
            except OSError as e:
                print("FAIL: %s: %s (download it by hand from %s)" % (c.file, e, c.page))
                bad += 1
                continue
            if hashlib.sha256(data).hexdigest() != c.sha256:
                print("FAIL: %s from %s does not have sha256 %s" % (c.file, c.url, c.sha256))
                bad += 1
                continue
            with open(path + ".part", "wb") as f:
                f.write(data)
            os.replace(path + ".part", path)
        return 1 if bad else 0
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
