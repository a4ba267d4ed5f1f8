#!/usr/bin/env python3
"""tshark-level tests of faxcalls (run by ctest, see tests/CMakeLists.txt).

  check.py PLUGIN golden NAME [--update]  pcaps/NAME.pcap: -z fax,stat and -z fax,report
                                          equal tests/golden/expected/NAME.*.txt, in one
                                          pass and with -2
  check.py PLUGIN truth NAME              pcaps/NAME.pcap: the report agrees with the
                                          generator's truth, pcaps/NAME.truth
  check.py PLUGIN real NAME               case NAME of tests/real-captures.tsv: the facts
                                          its capture's provenance states (skips loudly
                                          when the capture is absent)
  check.py PLUGIN filters sample          the display filters the README promises
  check.py PLUGIN shuffle NAME            sharkd: the Fax subtree is the same whatever
                                          order the frames are dissected in
  check.py PLUGIN transport NAME HOW      pcaps/NAME.pcap with its SIP over tcp or tls
                                          (tests/gen/sip-transport.py), cut mid-call, set
                                          up by mgcp or h323 instead, or rtponly:
                                          the truth holds and every call is as over UDP
  check.py PLUGIN frames NAME             pcaps/NAME.pcap: every T.30 name faxcalls puts
                                          on a frame (fax.msg) is a message its sender
                                          sent there, undamaged (pcaps/NAME.truth,
                                          msgs_ab/msgs_ba); every intact message whose
                                          FCS datagram is captured is named

To update the expected files of a golden test after a deliberate change of
the output: check.py BUILD/plugin/faxcalls.so golden NAME --update, then read
the diff (git diff tests/golden/expected) before committing it
(tests/README.md).

SPDX-License-Identifier: GPL-2.0-or-later
"""
import difflib
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import realcaps  # noqa: E402
from faxtruth import capture_view, read_truth  # noqa: E402
from faxtshark import ROOT, Tshark, parse_report, parse_stat  # noqa: E402

SKIP = 77  # ctest SKIP_RETURN_CODE
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def expect(what, got, want):
    if str(got) != str(want):
        fail("%s: got %r, want %r" % (what, got, want))
    else:
        print("ok: %s = %r" % (what, got))


def reports(ts, pcap, extra=(), two_pass=False):
    base = (["-2"] if two_pass else []) + list(extra) + ["-r", pcap, "-q"]
    stat = ts.run(base + ["-z", "fax,stat"]).stdout
    rep = ts.run(base + ["-z", "fax,report"]).stdout
    return stat, rep


# ---- golden --------------------------------------------------------------

FIELDS = ["frame.number", "fax.call", "fax.direction", "fax.sip.role", "fax.udptl.lost",
          "fax.phase", "fax.msg", "fax.fcf", "fax.indicator", "fax.damaged", "fax.damaged.msg",
          "fax.training", "fax.modem", "fax.rate", "fax.page",
          "fax.ecm.block", "fax.ecm.frame", "fax.answers", "fax.tcf_frame", "fax.ecm.resent_for",
          "fax.result", "fax.reason", "fax.hint", "fax.hint.frame"]


def fields_text(ts, pcap):
    args = ["-2", "-r", pcap, "-Y", "fax.msg || fax.sip.role || fax.hint || fax.damaged", "-T", "fields",
            "-E", "header=y"]
    for f in FIELDS:
        args += ["-e", f]
    # a boolean field prints 1/0 in Wireshark 4.0, True/False from 4.2 on
    bools = {"True": "1", "False": "0"}
    return "".join("\t".join(bools.get(v, v) for v in line.split("\t")) + "\n"
                   for line in ts.run(args).stdout.splitlines())


def expert_text(ts, pcap):
    """tshark -z expert, the rows of protocol Fax only: other dissectors'
    expert infos (A21 on a claimed port, Wireshark's T.30) change between
    Wireshark versions and are not faxcalls' to test."""
    out, section = [], None
    for line in ts.run(["-2", "-r", pcap, "-q", "-z", "expert"]).stdout.splitlines():
        m = re.match(r"^\s*(\d+)\s+(\S+)\s+(\S+)\s+(.*)$", line)
        if re.match(r"^(Errors|Warns|Notes|Chats|Comments) \(\d+\)$", line):
            section = [line.split(" ")[0], 0, []]
            out.append(section)
        elif section is not None and m and m.group(3) == "Fax":
            section[1] += int(m.group(1))
            section[2].append(line)
    text = ""
    for name, count, rows in out:
        if rows:
            text += "\n%s (%d)\n=============\n   Frequency      Group           Protocol  Summary\n%s\n" % (
                name, count, "\n".join(rows))
    return text


def golden(ts, name, update):
    pcap = os.path.join(ROOT, "pcaps", name + ".pcap")
    exp_dir = os.path.join(ROOT, "tests", "golden", "expected")
    stat, rep = reports(ts, pcap)
    outputs = (("stat", stat), ("report", rep), ("fields", fields_text(ts, pcap)),
               ("expert", expert_text(ts, pcap)))
    for kind, text in outputs:
        path = os.path.join(exp_dir, "%s.%s.txt" % (name, kind))
        if update:
            os.makedirs(exp_dir, exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            print("updated " + path)
            continue
        if not os.path.exists(path):
            fail("missing expected file %s (run with --update)" % path)
            continue
        want = open(path).read()
        if text != want:
            fail("%s differs from %s:\n%s" % (kind, path, "".join(
                difflib.unified_diff(want.splitlines(True), text.splitlines(True), "expected", "got"))))
        else:
            print("ok: %s matches %s" % (kind, os.path.basename(path)))
    # two passes (as the GUI and tshark -2 dissect) tell the same story
    stat2, rep2 = reports(ts, pcap, two_pass=True)
    expect("-2 stat identical to one pass", stat2 == stat, True)
    expect("-2 report identical to one pass", rep2 == rep, True)


# ---- display filters on the fax fields and hints --------------------------

def frames_matching(ts, pcap, flt, two_pass=True):
    args = (["-2"] if two_pass else []) + ["-r", pcap, "-Y", flt, "-T", "fields", "-e", "frame.number"]
    return [int(x) for x in ts.run(args).stdout.split()]


def filters(ts, name):
    """The filters the README promises, on the bundled sample (3 calls: clean,
    FTT fallback 14400 -> 9600, 488)."""
    pcap = os.path.join(ROOT, "pcaps", "sample.pcap")
    calls = parse_report(reports(ts, pcap)[1])
    by_id = {c["id"]: c for c in calls}
    ftt = frames_matching(ts, pcap, '_ws.expert.message contains "FTT"')
    cfr = [int(l.split()[0]) for l in by_id[2]["_ladder"] if l.split()[3] == "CFR"]
    expect("CFR of call 2 carries the FTT/settled hint", cfr and cfr[-1] in ftt, True)
    settled = frames_matching(ts, pcap, '_ws.expert.message contains "settled at 9600"')
    expect("settled hint on exactly the CFR", settled, cfr[-1:])
    # knowable at the frame: also in a single pass
    expect("settled hint in single-pass tshark", frames_matching(ts, pcap, '_ws.expert.message contains "settled"', False), cfr[-1:])
    two = set(frames_matching(ts, pcap, "fax.call == 2"))
    expect("fax.ftt_count > 1 selects exactly call 2", set(frames_matching(ts, pcap, "fax.ftt_count > 1")), two)
    three = set(frames_matching(ts, pcap, "fax.call == 3"))
    expect('fax.result != "success" selects exactly call 3', set(frames_matching(ts, pcap, 'fax.result != "success"')), three)
    rej = frames_matching(ts, pcap, 'fax.sip.role == "T.38 rejected"')
    expect("one 488 marked T.38 rejected", len(rej), 1)
    expect("488 hint in single pass", frames_matching(ts, pcap, '_ws.expert.message contains "rejected: 488"', False), rej)
    expect("fax.rate == 9600 only in call 2", set(frames_matching(ts, pcap, "fax.rate == 9600")) <= two, True)
    fields = ts.run(["-G", "fields"]).stdout
    for f in FIELDS[1:]:
        expect("tshark -G fields lists " + f, ("\t%s\t" % f) in fields, True)


# ---- redissection in any order (as the GUI does) ---------------------------

def fax_subtree(tree):
    for node in tree or []:
        if node.get("l", "").startswith("Fax calls"):
            return node
    return None


def shuffle(ts, name):
    import json
    import random
    pcap = ts.readable(os.path.join(ROOT, "pcaps", name + ".pcap"))
    st = ts.sharkd([{"method": "load", "params": {"file": pcap}}, {"method": "status"}])
    nframes = st[-1]["result"]["frames"]
    order = list(range(1, nframes + 1))
    random.Random(20261126).shuffle(order)
    reqs = [{"method": "load", "params": {"file": pcap}}]
    reqs += [{"method": "frame", "params": {"frame": n, "proto": True}} for n in list(range(1, nframes + 1)) + order]
    res = ts.sharkd(reqs)[1:]
    if len(res) != 2 * nframes:
        fail("sharkd answered %d of %d frame requests" % (len(res), 2 * nframes))
        return
    seq = {n: json.dumps(fax_subtree(r["result"].get("tree")), sort_keys=True) for n, r in zip(range(1, nframes + 1), res[:nframes])}
    shuf = {n: json.dumps(fax_subtree(r["result"].get("tree")), sort_keys=True) for n, r in zip(order, res[nframes:])}
    with_fax = sum(1 for v in seq.values() if v != "null")
    expect("frames with a Fax subtree (sequential)", with_fax > 0, True)
    diff = [n for n in seq if seq[n] != shuf[n]]
    expect("Fax subtree identical in shuffled order (%d frames, %d with Fax)" % (nframes, with_fax), diff[:5], [])


# ---- truth ---------------------------------------------------------------

def ladder_to_truth(text):
    """'14400 FTT · 12000 FTT · 9600 CFR (3 attempts, ...)' -> '14400:FTT,12000:FTT,9600:CFR'"""
    text = text.split(" (")[0]
    if text == "-":
        return "none"
    items = [i.strip() for i in text.split("\u00b7")]
    # the truth says 'none' for a TCF that got neither CFR nor FTT
    return ",".join(i.replace(" ", ":", 1).replace(":no answer", ":none") for i in items)


def truth(ts, name, pcap=None, extra=(), mid_call=False, call_id=None, signalling="sip"):
    """pcap (default pcaps/NAME.pcap) against pcaps/NAME.truth.  mid_call:
    the capture starts after each call's INVITE (who called is unknown);
    call_id: the call's identifier in pcap from its SIP Call-ID (MGCP), whose
    parties are then not checked.  signalling: "h323" (the calls are set up
    by H.225.0 alone: parties are numbers, no T.38 negotiation to check),
    "none" (only the media is in the capture)."""
    pcap = pcap or os.path.join(ROOT, "pcaps", name + ".pcap")
    t = read_truth(os.path.join(ROOT, "pcaps", name + ".truth"))
    stat, rep = reports(ts, pcap, extra)
    calls = parse_report(rep)
    rows = parse_stat(stat)
    if signalling != "sip":
        # with no SIP, a call whose T.38 was refused and that sent no page
        # in the audio has nothing that shows it was a fax
        hidden = [i for i in range(1, int(t.get("calls", "0")) + 1)
                  if t.get("call.%d.t38" % i) == "rejected" and t.get("call.%d.pages_sent" % i, "0") == "0"]
        for i in hidden:
            for key in [k for k in t if k.startswith("call.%d." % i)]:
                del t[key]
        t["calls"] = str(int(t.get("calls", "0")) - len(hidden))
        t = {k: v for k, v in t.items()}
    expect("number of fax calls", len(calls), t.get("calls"))
    by_callid = {c.get("Call-ID", c.get("CallId", "").split(",")[0]): c for c in calls}
    n = max([int(k.split(".")[1]) for k in t if k.startswith("call.")] or [0])
    for i in range(1, n + 1):
        k = "call.%d." % i
        if k + "call_id" not in t and k + "caller" not in t:
            continue
        cid = t.get(k + "call_id")
        c = by_callid.get(call_id(cid) if call_id and cid else cid)
        if signalling == "h323":
            user = t.get(k + "caller", "").split("sip:")[-1].split("@")[0]
            c = next((x for x in calls if x.get("Calling") == user), None)
        elif signalling == "none":
            ip = truth_ip(t.get(k + "caller", "")) + ":"
            row = next((r for r in rows if r.get("who", "").startswith(ip) or (" " + ip) in r.get("who", "")), None)
            c = next((x for x in calls if row and x["id"] == int(row["#"])), None)
        if c is None and t.get(k + "capture_sip") == "none":
            # no SIP in the capture (t38-cut): the call is its caller's UDPTL
            a = "from %s:" % truth_ip(t.get(k + "caller", ""))
            c = next((x for x in calls if a in x.get("UDPTL A->B", "") + x.get("UDPTL B->A", "")), None)
        if c is None:
            fail("call %d (Call-ID %s) not reported" % (i, cid))
            continue
        row = next((r for r in rows if int(r["#"]) == c["id"]), {})
        pre = "call %d" % i
        # only what an analyser of the capture can know is checked
        t, vis = capture_view(t, k)
        heard = c.get("Audio A->B", "").startswith("G.711 pass-through")
        if mid_call and t.get(k + "t38") == "rejected" and not heard:
            # T.38 refused and the audio ports announced before the capture:
            # whether a fax went on in G.711 is not known
            expect(pre + " result after a refused T.38, mid-call", c.get("Result", "").split(" ")[0],
                   "incomplete")
            continue
        if vis is not None:
            got = c.get("Result", "").split(" ")[0]
            if vis == "unknown":
                expect(pre + " result does not claim success (capture: %s)" % t.get(k + "captured"),
                       got != "success", True)
            else:
                expect(pre + " visible result", got, vis)
        if k + "capture_phases" in t:
            # a capture that starts mid-fax says where it starts
            first = t[k + "capture_phases"].split(",")[0]
            expect(pre + " says the capture starts in phase " + first,
                   "the capture starts in phase %s" % first in c.get("Result", ""), True)
        if signalling == "h323":
            expect(pre + " calling number", c.get("Calling"), t[k + "caller"].split("sip:")[-1].split("@")[0])
            expect(pre + " called number", c.get("Called"), t[k + "callee"].split("sip:")[-1].split("@")[0])
            t = {key: v for key, v in t.items() if key not in (k + "t38", k + "t38_status")}
        elif call_id or signalling == "none":
            t = {key: v for key, v in t.items() if key not in (k + "t38", k + "t38_status")}
        elif call_id or signalling != "sip":
            pass
        elif mid_call and k + "caller" in t:
            expect(pre + " caller not claimed", c.get("Caller", "").startswith("unknown"), True)
            parties = {c.get("Party A", "").split(" (")[0], c.get("Party B", "")}
            expect(pre + " parties", sorted(parties), sorted([t[k + "caller"], t[k + "callee"]]))
        elif k + "caller" in t:
            expect(pre + " caller", c.get("Caller", "").replace(" (A)", ""), t[k + "caller"])
        if not mid_call and not call_id and signalling == "sip" and k + "callee" in t:
            expect(pre + " callee", c.get("Callee", "").replace(" (B)", ""), t[k + "callee"])
        if k + "t38" in t:
            expect(pre + " T.38", c.get("T.38", "").split(":")[0], t[k + "t38"])
        if k + "t38_status" in t:
            m = re.search(r"answered (\d+)", c.get("T.38", ""))
            # the MGCP gateway refuses with 534 where the SIP phone said 488
            want = {"488": "534"}.get(t[k + "t38_status"], t[k + "t38_status"]) if call_id else t[k + "t38_status"]
            expect(pre + " T.38 answer status", m.group(1) if m else None, want)
        m = re.match(r"(\d+) sent, (\d+) confirmed", c.get("Pages", ""))
        if k + "pages_sent" in t:
            expect(pre + " pages sent", m.group(1) if m else None, t[k + "pages_sent"])
        if k + "pages_confirmed" in t:
            expect(pre + " pages confirmed", m.group(2) if m else None, t[k + "pages_confirmed"])
        if k + "ecm" in t and t[k + "ecm"] in ("yes", "no") and row.get("ECM") != "-":
            expect(pre + " ECM", row.get("ECM"), t[k + "ecm"])
        if k + "final_rate" in t:
            m = re.search(r"final rate (\d+)", c.get("Training", ""))
            expect(pre + " final rate", m.group(1) if m else None, t[k + "final_rate"])
        if k + "trainings" in t:
            expect(pre + " training ladder", ladder_to_truth(c.get("Training", "-")), t[k + "trainings"])
        if k + "result" in t:
            expect(pre + " result", c.get("Result", "").split(" ")[0], t[k + "result"])
        if k + "reason" in t:
            m = re.match(r"\S+ \(([^)]*)\)", c.get("Result", ""))
            expect(pre + " reason", m.group(1) if m else None, t[k + "reason"])
        swap = mid_call and c.get("Party A", "").split(" (")[0] == t.get(k + "callee")
        for d, label in (("ab", "UDPTL A->B"), ("ba", "UDPTL B->A")):
            if swap:     # side A is who sent the first request seen: the callee
                label = "UDPTL B->A" if d == "ab" else "UDPTL A->B"
            line = c.get(label, "")
            for key, rx in (("dropped", r"(\d+) missing"), ("recovered", r"(\d+) recovered"),
                            ("lost", r"(\d+) lost")):
                tk = "%sudptl_%s.%s" % (k, d, key)
                if tk in t:
                    m = re.search(rx, line)
                    want = int(t[tk])
                    if key in ("dropped", "lost"):
                        # lost after the last datagram that arrived: invisible
                        want -= int(t.get("%sudptl_%s.tail_dropped" % (k, d), "0"))
                    expect("%s %s %s" % (pre, label, key), m.group(1) if m else "0", str(want))


# ---- every named frame against what its sender sent -------------------------

def truth_ip(uri):
    """'sip:1001@10.1.0.1' -> '10.1.0.1'"""
    return uri.rsplit("@", 1)[-1]


def truth_msgs(value):
    """'TSI@4-27,DCS@28-34!' -> [{name, first, fcs, damaged}] (tests/gen/README.md)"""
    out = []
    if value in ("", "none"):
        return out
    for item in value.split(","):
        m = re.match(r"([^@]+)@(\d+)-(\d+)(~?)(!?)$", item)
        if m is None:
            fail("truth message %r not understood" % item)
            continue
        out.append({"name": m.group(1), "first": int(m.group(2)), "fcs": int(m.group(3)),
                    "damaged": m.group(5) == "!"})
    return out


def describe(m):
    return "%s@%d-%d%s" % (m["name"], m["first"], m["fcs"], " damaged" if m["damaged"] else "")


def frames_pass(ts, pcap, calls, two_pass):
    """One tshark run; checks its named frames against the truth of CALLS."""
    label = "-2" if two_pass else "1 pass"
    cols = ["frame.number", "ip.src", "ip.dst", "fax.call", "fax.direction", "fax.udptl.seq", "fax.msg",
            "fax.damaged"]
    args = (["-2"] if two_pass else []) + ["-r", pcap, "-Y", "fax.udptl.seq || fax.msg", "-T", "fields",
                                           "-E", "occurrence=a", "-E", "aggregator=,"]
    for c in cols:
        args += ["-e", c]
    rows = []
    for line in ts.run(args).stdout.splitlines():
        v = dict(zip(cols, line.split("\t")))
        rows.append(v)
    bad = []
    named = 0
    for (i, d), info in calls.items():
        red, msgs, src, dst = info["red"], info["msgs"], info["src"], info["dst"]
        mine = [r for r in rows if r.get("ip.src") == src and r.get("ip.dst") == dst and r.get("fax.udptl.seq")]
        captured = {}
        for r in mine:
            for sq in r["fax.udptl.seq"].split(","):
                captured.setdefault(int(sq), int(r["frame.number"]))
        where = "call %d %s" % (i, "A->B" if d == "ab" else "B->A")
        # 1. no frame carries a name its sender did not send there, intact
        for r in mine:
            names = [x for x in r.get("fax.msg", "").split(",") if x]
            if not names:
                continue
            seq = int(r["fax.udptl.seq"].split(",")[0])
            dmg_field = r.get("fax.damaged", "")
            for nm in names:
                named += 1
                what = "frame %s (%s, fax.call %s %s, seq %d) named %s" % (
                    r["frame.number"], where, r.get("fax.call"), r.get("fax.direction"), seq, nm)
                ok = [m for m in msgs if m["name"] == nm and seq - red <= m["fcs"] <= seq]
                if ok and not any(m["damaged"] for m in ok):
                    if dmg_field in ("1", "True"):
                        bad.append("%s, and fax.damaged set on it" % what)
                    continue
                if ok:
                    bad.append("%s, truth: %s (must not be named)" % (what, ", ".join(describe(m) for m in ok)))
                    continue
                near = [m for m in msgs if m["first"] <= seq <= m["fcs"] + red]
                bad.append("%s, truth: %s" % (what, ", ".join(describe(m) for m in near)
                                              if near else "no message of the sender ends at seq %d" % seq))
        # 2. every intact message whose FCS datagram is captured is named there
        for m in msgs:
            if m["damaged"] or m["fcs"] not in captured:
                continue
            hit = [r for r in mine if m["name"] in r.get("fax.msg", "").split(",")
                   and m["fcs"] <= int(r["fax.udptl.seq"].split(",")[0]) <= m["fcs"] + red]
            if not hit:
                bad.append("%s: truth %s (intact, FCS datagram at frame %d) not named"
                           % (where, describe(m), captured[m["fcs"]]))
    for b in bad[:40]:
        fail("[%s] %s" % (label, b))
    if len(bad) > 40:
        fail("[%s] ... and %d more" % (label, len(bad) - 40))
    print("%s: %d names on frames, %d problems" % (label, named, len(bad)))


def frames(ts, name):
    pcap = os.path.join(ROOT, "pcaps", name + ".pcap")
    t = read_truth(os.path.join(ROOT, "pcaps", name + ".truth"))
    calls = {}
    for i in range(1, int(t.get("calls", "0")) + 1):
        k = "call.%d." % i
        # T.38 only: RTP pass-through is out of this check's scope
        if t.get(k + "t38") != "accepted" or t.get(k + "transport") or k + "msgs_ab" not in t:
            continue
        a, b = truth_ip(t[k + "caller"]), truth_ip(t[k + "callee"])
        for d, src, dst in (("ab", a, b), ("ba", b, a)):
            calls[(i, d)] = {"src": src, "dst": dst, "msgs": truth_msgs(t[k + "msgs_" + d]),
                             "red": int(t.get(k + "udptl_%s.redundancy" % d, "0"))}
            print("call %d %s: %d messages sent, %s damaged in the capture, redundancy %d"
                  % (i, d, len(calls[(i, d)]["msgs"]), t.get(k + "msgs_%s.damaged" % d),
                     calls[(i, d)]["red"]))
    if not calls:
        print("no T.38 call with per-message truth in %s" % name)
        return
    frames_pass(ts, pcap, calls, True)
    frames_pass(ts, pcap, calls, False)


# ---- real captures --------------------------------------------------------

def real_t38faxcap(calls, rows, rep):
    expect("fax calls", len(calls), 1)
    c = calls[0]
    expect("T.38", c.get("T.38", "").split(":")[0], "accepted")
    expect("result", c.get("Result", "").split(" ")[0], "success")
    expect("pages", c.get("Pages"), "1 sent, 1 confirmed, 0 rejected")
    expect("training", c.get("Training", "").split(" (")[0], "14400 CFR")
    expect("ECM", rows[0].get("ECM"), "no")
    ladder = " ".join(x.split()[3] for x in c["_ladder"])
    for msg in ("CSI", "DIS", "TSI", "DCS", "TCF", "CFR", "EOP", "MCF", "DCN"):
        expect("ladder has " + msg, msg in ladder.split(), True)
    expect("SDP max datagram differs", ("T38FaxMaxDatagram 1400" in c.get("SDP offer", "") + c.get("SDP answer", ""))
           and ("T38FaxMaxDatagram 176" in c.get("SDP offer", "") + c.get("SDP answer", "")), True)
    dups = [int(re.search(r"(\d+) duplicate", c.get(k, "0 duplicate")).group(1)) for k in ("UDPTL A->B", "UDPTL B->A")]
    expect("duplicate UDPTL sequence numbers (one direction)", max(dups), 142)


def real_wiki_t38(calls, rows, rep):
    expect("fax calls", len(calls), 1)
    c = calls[0]
    expect("T.38", c.get("T.38", "").split(":")[0], "accepted")
    expect("result", c.get("Result", "").split(" ")[0], "not_fax")
    expect("reason", re.match(r"\S+ \(([^)]*)\)", c.get("Result", "")).group(1), "no_t38_media")
    expect("answer image port", "10964" in c.get("SDP answer", ""), True)
    expect("answer T38FaxVersion 0", "T38FaxVersion 0" in c.get("SDP answer", ""), True)
    expect("answer T38MaxBitRate 9600", "T38MaxBitRate 9600" in c.get("SDP answer", ""), True)


def is_signal_row(word):
    """Ladder rows that are not T.30 messages: TCF, page data, and T.38/audio
    signals (CNG, CED, training indicators such as "V.17 14400 long training")."""
    return word in ("TCF", "Page", "CNG", "CED") or word.startswith("V.")


def real_wiki_fb(calls, rows, rep):
    rej = [c for c in calls if c.get("T.38", "").startswith("rejected")]
    expect("calls with T.38 rejected", len(rej) >= 1, True)
    for c in rej:
        expect("rejected with 488", "answered 488" in c.get("T.38", ""), True)
    # the leg whose G.711 audio is in the capture: the fax went on as audio
    pt = [c for c in rej if c.get("Audio A->B", "").startswith("G.711 pass-through")]
    expect("calls with the fax in G.711 after the 488", len(pt), 1)
    for c in pt:
        expect("pass-through PCMA", "(PCMA)" in c.get("Audio A->B", ""), True)
        expect("CED heard", "CED" in c.get("Audio B->A", ""), True)
        ladder = [x.split(None, 3)[3].split()[0] for x in c["_ladder"] if x.split()[0].isdigit()]
        expect("T.30 messages from the audio", ",".join(m for m in ladder if not is_signal_row(m)),
               "CSI,DIS,CSI,DIS,CSI,DIS,CSI,DIS,CSI,DIS,TSI,DCS,CFR,EOP,MCF,EOP,MCF,EOP,MCF,DCN")
        expect("result", c.get("Result", "").split(" ")[0], "success")
        # PROVENANCE.md: one page, EOP x3 (the sender missed two MCFs): 1 page
        expect("pages", c.get("Pages"), "1 sent, 1 confirmed, 0 rejected")
        expect("EOP repeats marked", sum(1 for x in c["_ladder"] if "(again: answer missed)" in x), 2)
        t_rej = float(re.search(r"answered 488 .* at ([0-9.]+) s", c.get("T.38", "")).group(1))
        first = [float(x.split()[1]) for x in c["_ladder"] if x.split()[0].isdigit() and x.split()[3] == "TSI"]
        expect("fax (TSI) after the 488", bool(first) and first[0] > t_rej, True)
    for c in rej:
        if c in pt:
            continue
        expect("result", c.get("Result", "").split(" ")[0], "not_fax")
        expect("reason", re.match(r"\S+ \(([^)]*)\)", c.get("Result", "")).group(1), "t38_rejected")


def real_passthru(calls, rows, rep):
    # G.711 pass-through, no T.38 offered: the T.30 story from the audio
    expect("fax calls", len(calls), 1)
    c = calls[0]
    expect("T.38 column", rows[0].get("T.38"), "none")
    expect("pass-through", c.get("Audio A->B", "").startswith("G.711 pass-through (PCMU)"), True)
    ladder = [x.split(None, 3)[3].split()[0] for x in c["_ladder"] if x.split()[0].isdigit()]
    expect("T.30 messages from the audio", ",".join(m for m in ladder if not is_signal_row(m)),
           "NSF,CSI,DIS,NSS,CFR,PPS-MPS,MCF,PPS-EOP,MCF,DCN")
    expect("pages", c.get("Pages"), "2 sent, 2 confirmed, 0 rejected")
    nss_trained_v29(c)
    # NSS starts the training: CFR answers it; ECM page data heard as bursts
    expect("no finding 'CFR without a DCS'", "without a DCS" in rep, False)
    expect("no 12 s silence across the ECM pages", "Silence of" in rep, False)
    expect("training", c.get("Training", "").split(" (")[1].split(",")[0], "1 attempt")
    for n in ("1", "2"):
        row = [x for x in c.get("_pages", []) if x.split()[0] == n]
        expect("page %s lasts 10-11 s" % n, bool(row) and 10.0 < float(row[0].split()[5]) < 11.0, True)
    expect("result", c.get("Result", "").split(" ")[0], "success")


def real_h323_decoded(calls, rows, rep):
    expect("fax calls", len(calls), 1)
    c = calls[0]
    if "H.323" in c.get("Origin", ""):
        real_h323_signalling(c, rows[0])
    expect("result", c.get("Result", "").split(" ")[0], "success")
    expect("pages", c.get("Pages"), "2 sent, 2 confirmed, 0 rejected")
    expect("ECM", rows[0].get("ECM"), "yes")
    expect("final rate 9600", "final rate 9600" in c.get("Training", ""), True)


def real_h323_signalling(c, row):
    # the H.323 call as Wireshark's own Q.931/H.225/H.245 dissection shows it
    # (tshark -Y q931 -T fields ...; tests/real-captures.tsv)
    expect("T.38 column (H.245 opened t38fax)", row.get("T.38"), "accepted")
    expect("origin", c.get("Origin"), "H.323: H.225.0 from 10.10.245.3:12358 (calling) to 10.10.245.5:1720, "
                                      "call reference 1")
    expect("callIdentifier", c.get("Call identifier"), "fde39d82-2869-11e7-8008-f2ec0d4fce8d")
    expect("called number", c.get("Called", "").split(" ")[0], "1234")
    expect("no calling number in the Setup", c.get("Calling", "").split(" ")[0], "-")
    expect("H.225.0", c.get("H.225.0"), "Setup 5, Call Proceeding 7, Connect 989, Release Complete 1805 "
                                        "from the calling side at 69.321 s, cause 16 (normal call clearing)")
    expect("H.245 tunnelled", c.get("H.245", "").startswith("tunnelled in H.225.0"), True)
    expect("T.38 opened", c.get("T.38"), "opened by H.245 openLogicalChannel t38fax in frame 1318")
    h245 = c.get("_h245", [])
    expect("requestMode t38fax from the called side", "1314 called   requestMode t38fax" in h245, True)
    expect("its Ack", "1315 calling  requestModeAck" in h245, True)
    expect("OLCAck", "1324 called   openLogicalChannelAck" in h245, True)
    expect("back to audio", "1747 calling  requestMode g711Ulaw64k" in h245, True)


def real_h323_found(calls, rows, rep):
    # no Decode As: faxcalls finds the T.38 (set up by H.245) itself
    real_h323_decoded(calls, rows, rep)
    c = calls[0]
    real_h323_signalling(c, rows[0])
    # on the ports where PCMU with a fax tone ran before the switch (1277 PCMU
    # packets on 16384 before frame 1328: tshark -d udp.port==16384,rtp)
    expect("found by discovery", c.get("T.38 found", "").split(" (")[0:2],
           ["by faxcalls", "fax_audio_port), confirmed at frame 1330; Wireshark does not decode it"])
    expect("UDPTL A->B", c.get("UDPTL A->B", "").split(",")[0], "103 packets from 10.10.245.5:16384 (first frame 1328)")
    expect("RTP after the fax not fed as T.38", "0 malformed" in c.get("UDPTL A->B", ""), True)


def real_nse_found(calls, rows, rep):
    # no Decode As, no re-INVITE: UDPTL on the SDP audio port joins the SIP call
    real_h323_decoded(calls, rows, rep)
    c = calls[0]
    expect("stat T.38 column", rows[0].get("T.38"), "inband")
    expect("joined the SIP call", c.get("Call-ID"), "C46FA038-286C11E7-801AF2EC-D4FCE8D@10.10.245.3")
    expect("found on the audio port", c.get("T.38 found", "").startswith("by faxcalls (sdp_audio_port)"), True)
    expect("UDPTL A->B packets", c.get("UDPTL A->B", "").split(" packets")[0], "357")
    expect("UDPTL B->A packets", c.get("UDPTL B->A", "").split(" packets")[0], "103")


def real_mgcp(calls, rows, rep):
    # set up by MGCP (CRCX/MDCX SDP): the pass-through on its audio ports
    expect("fax calls", len(calls), 1)
    c = calls[0]
    expect("origin", c.get("Origin"), "MGCP: endpoint AALN/S0/SU0/0@KYDAVIS-BR3.kydavis.cisco.com (A) on "
                                      "gateway 10.10.245.5:2427, call agent 10.10.244.2:2427; B is the far end")
    expect("CallId", c.get("CallId"), "A000000001bd5421000000F5, connection 3")
    expect("MGCP commands", c.get("MGCP", "").split(" (answered in 4437")[0],
           "CRCX 35 (answered in 36), MDCX 43, MDCX 4434, DLCX 4436")
    expect("end", c.get("MGCP end", "").split(" at ")[0], "DLCX in frame 4436")
    expect("pass-through", c.get("Audio A->B", "").startswith("G.711 pass-through (PCMU)"), True)
    ladder = [x.split(None, 3)[3].split()[0] for x in c["_ladder"] if x.split()[0].isdigit()]
    expect("T.30 messages from the audio", ",".join(m for m in ladder if not is_signal_row(m)),
           "NSF,CSI,DIS,NSS,CFR,PPS-MPS,MCF,PPS-EOP,MCF,DCN")
    expect("pages", c.get("Pages"), "2 sent, 2 confirmed, 0 rejected")
    expect("result", c.get("Result", "").split(" ")[0], "success")


def nss_trained_v29(c):
    # NSS set-up, no DCS: the receiver's DIS offers V.29 only ("V.29 9600"),
    # so the training of every burst must be V.29 (model/burst-train.c)
    expect("DIS offers V.29 only", (c.get("DIS A") or c.get("DIS B", "")).startswith("V.29 9600"), True)
    expect("training heard as V.29", c.get("Training", "").startswith("V.29? CFR"), True)
    expect("every burst trained as V.29", re.search(r"training heard in (\d+): V\.29 ", c.get("Bursts", "")) is not None
           and c.get("Bursts", "").split(" from ")[0] == re.search(r"training heard in (\d+)", c.get("Bursts", "")).group(1),
           True)


def real_h323_passthru(calls, rows, rep):
    # H.323 (Wireshark's q931 dissection: Setup 1 called 1234, Connect 974,
    # Release Complete 5411 cause 16); NSE switch to PCMU on 16400 that
    # Wireshark does not decode: found by its fax tone, joined to the call
    expect("fax calls", len(calls), 1)
    c = calls[0]
    expect("origin", c.get("Origin", "").split(",")[0], "H.323: H.225.0 from 10.10.245.3:38793 (calling) to 10.10.245.5:1720")
    expect("callIdentifier", c.get("Call identifier"), "8c9d9c50-2870-11e7-8033-f2ec0d4fce8d")
    expect("called", c.get("Called"), "1234")
    expect("H.225.0", c.get("H.225.0", "").split(" from ")[0], "Setup 1, Call Proceeding 2, Connect 974, Release Complete 5411")
    passthru_story(c, rep)


def real_sccp_passthru(calls, rows, rep):
    # SCCP is not read: the PCMU on 16416 (not decoded by Wireshark) is
    # found by its fax tone, a call with no signalling
    expect("fax calls", len(calls), 1)
    c = calls[0]
    expect("origin", c.get("Origin"), "G.711 audio (RTP) with no signalling in the capture")
    expect("T.38 column", rows[0].get("T.38"), "no-sig")
    expect("endpoints", rows[0].get("who", "").split("  [")[0], "10.10.245.5:16416 <-> 10.10.245.3:16416")
    passthru_story(c, rep)


def passthru_story(c, rep):
    expect("pass-through", c.get("Audio A->B", "").startswith("G.711 pass-through (PCMU)"), True)
    nss_trained_v29(c)
    ladder = [x.split(None, 3)[3].split()[0] for x in c["_ladder"] if x.split()[0].isdigit()]
    expect("T.30 messages from the audio", ",".join(m for m in ladder if not is_signal_row(m)),
           "NSF,CSI,DIS,NSS,CFR,PPS-MPS,MCF,PPS-EOP,MCF,DCN")
    expect("pages", c.get("Pages"), "2 sent, 2 confirmed, 0 rejected")
    expect("result", c.get("Result", "").split(" ")[0], "success")


def real_none(calls, rows, rep):
    expect("fax calls", len(calls), 0)


def real_crash(calls, rows, rep):
    # a crafted exploit trace: it must be survived and reported as no fax
    for c in calls:
        expect("crafted trace is no completed fax", c.get("Result", "").split(" ")[0] in ("not_fax", "incomplete", "failed"), True)


# The checks of each "real" case of tests/real-captures.tsv (which gives its
# capture and tshark options).
REAL = {
    "t38faxcap-sample": real_t38faxcap,
    "wiki-T38": real_wiki_t38,
    "wiki-FAX-Call-t38-CA-TDM-SIP-FB-1": real_wiki_fb,
    "nrusso-fax_t38_h323_ogw-decodeas": real_h323_decoded,
    "nrusso-fax_t38_nse_sip_ogw-decodeas": real_h323_decoded,
    "nrusso-fax_t38_h323_ogw": real_h323_found,
    "nrusso-modem_mgcp_passthru_nse_tgw": real_mgcp,
    "nrusso-modem_h323_passthru_nse_tgw": real_h323_passthru,
    "nrusso-modem_sccp_passthru_nse_tgw": real_sccp_passthru,
    "nrusso-fax_t38_nse_sip_ogw": real_nse_found,
    "nrusso-fax_t38_h323_ogw-nodiscover": real_none,
    "nrusso-fax_sip_passthru_ogw": real_passthru,
    "asterisk-crash-decodeas": real_crash,
}


# ---- the same calls with their SIP over TCP, over TLS, or cut mid-call -----

TRANSPORT = os.path.join(ROOT, "tests", "gen", "sip-transport.py")


def transport(ts, name, how):
    """pcaps/NAME.pcap rewritten by tests/gen/sip-transport.py (tcp, tls, cut,
    mgcp): the generator's truth holds, and every call has the Call-ID, T.38
    outcome, pages, training and verdict it has over UDP."""
    import importlib.util
    import shutil
    import subprocess
    import tempfile
    spec = importlib.util.spec_from_file_location("sip_transport", TRANSPORT)
    st = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(st)
    idmap = st.mgcp_call_id if how == "mgcp" else (lambda x: x)
    src = os.path.join(ROOT, "pcaps", name + ".pcap")
    tmp = tempfile.mkdtemp(prefix="faxcalls-transport-")
    os.chmod(tmp, 0o755)     # tshark runs as an unprivileged user
    try:
        out = os.path.join(tmp, "%s-%s.pcap" % (name, how))
        args = [sys.executable, TRANSPORT, how, src, out]
        extra = []
        if how == "tls":
            keylog = os.path.join(tmp, "keys.txt")
            args += [keylog, tmp]
            extra = ["-o", "tls.keylog_file:" + keylog]
        subprocess.run(args, check=True)
        for f in os.listdir(tmp):
            os.chmod(os.path.join(tmp, f), 0o644)
        truth(ts, name, pcap=out, extra=extra, mid_call=(how == "cut"),
              call_id=st.mgcp_call_id if how == "mgcp" else None,
              signalling={"h323": "h323", "rtponly": "none"}.get(how, "sip"))
        if how in ("h323", "rtponly"):
            return                # no Call-ID to pair the calls with the UDP run's
        want = {idmap(c.get("Call-ID")): c for c in parse_report(reports(ts, src)[1])}
        got = {c.get("Call-ID", c.get("CallId", "").split(",")[0]): c
               for c in parse_report(reports(ts, out, extra)[1])}
        expect("Call-IDs over %s" % how, sorted(got), sorted(want))
        for cid, w in sorted(want.items()):
            g = got.get(cid, {})
            keys = ("T.38", "Result", "Pages", "Training")
            if (how == "cut" and w.get("T.38", "").startswith("rejected")
                    and not g.get("Audio A->B", "").startswith("G.711 pass-through")):
                keys = ("T.38",)      # the truth check above: incomplete
            for key in keys:
                wv, gv = w.get(key, ""), g.get(key, "")
                if key == "T.38" or (key == "Result" and how == "mgcp"):
                    # frame numbers and times differ; MGCP refuses with its own code
                    wv, gv = wv.split(":")[0], gv.split(":")[0]
                expect("%s %s over %s" % (cid, key, how), gv, wv)
            if how in ("tcp", "tls"):
                expect("%s caller over %s" % (cid, how), g.get("Caller"), w.get("Caller"))
            if how == "mgcp":
                expect("%s set up by MGCP" % cid, g.get("Origin", "").startswith("MGCP: endpoint aaln/1@gw"), True)
        if how == "tls":
            # without the key log: the fax calls are still found, and say why
            # they have no identity
            rep = parse_report(reports(ts, out)[1])
            media = [c for c in want.values() if c.get("T.38", "").startswith("accepted")
                     or c.get("Audio A->B", "").startswith("G.711 pass-through")]
            expect("calls with T.38 media found without the key log", len(rep), len(media))
            for c in rep:
                expect("call %d says its signalling is encrypted" % c["id"],
                       c.get("Signalling", "").startswith("encrypted: SIP over TLS to "), True)
        if how == "tcp":
            stat2, rep2 = reports(ts, out, two_pass=True)
            expect("-2 report identical to one pass over tcp", rep2, reports(ts, out)[1])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def real(ts, name):
    pcap, case = realcaps.case(name, "real")
    if pcap is None:
        return SKIP
    extra, checker = case.options, REAL[name]
    stat, rep = reports(ts, pcap, extra)
    print(stat)
    calls = parse_report(rep)
    checker(calls, parse_stat(stat), rep)
    stat2, rep2 = reports(ts, pcap, extra, two_pass=True)
    expect("-2 report identical to one pass", rep2 == rep, True)
    return 0


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    plugin, mode, name = sys.argv[1:4]
    ts = Tshark(plugin)
    rc = 0
    try:
        ts.assert_plugin_loaded()
        if mode == "golden":
            golden(ts, name, "--update" in sys.argv)
        elif mode == "truth":
            truth(ts, name)
        elif mode == "real":
            try:
                rc = real(ts, name)
            except realcaps.Mismatch as e:
                fail(str(e))
        elif mode == "filters":
            filters(ts, name)
        elif mode == "shuffle":
            shuffle(ts, name)
        elif mode == "frames":
            frames(ts, name)
        elif mode == "transport" and len(sys.argv) > 4:
            transport(ts, name, sys.argv[4])
        else:
            sys.exit(__doc__)
    finally:
        ts.cleanup()
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    sys.exit(rc)


if __name__ == "__main__":
    main()
