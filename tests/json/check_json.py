#!/usr/bin/env python3
"""-z fax,json and -z fax,csv on one capture (run by ctest, tests/json/CMakeLists.txt).

  check_json.py PLUGIN gen NAME    pcaps/NAME.pcap: every JSON line validates against
                                   docs/json-schema.json, agrees with pcaps/NAME.truth and
                                   with -z fax,report; the CSV agrees with -z fax,stat
  check_json.py PLUGIN real NAME   a "json" case of tests/real-captures.tsv: schema,
                                   report and CSV agreement (skips loudly when absent)
  check_json.py selftest           the validator rejects what it must

The validator implements the subset of JSON Schema 2020-12 the schema uses (type, const,
enum, properties, required, additionalProperties: false, items, maxItems, minimum, maximum,
oneOf, local $ref); when the jsonschema module is installed it validates with it as well.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import csv
import io
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "golden"))
import realcaps  # noqa: E402
from faxtruth import capture_view, read_truth  # noqa: E402
from faxtshark import ROOT, Tshark, parse_report, parse_stat  # noqa: E402

SKIP = 77
SCHEMA = json.load(open(os.path.join(ROOT, "docs", "json-schema.json")))
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def expect(what, got, want):
    if str(got) != str(want):
        fail("%s: got %r, want %r" % (what, got, want))
    else:
        print("ok: %s = %r" % (what, got))


# ---- the validator -------------------------------------------------------

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
KNOWN = {"$schema", "$id", "$defs", "title", "description", "type", "const", "enum", "properties",
         "required", "additionalProperties", "items", "maxItems", "minimum", "maximum", "oneOf", "$ref"}


def validate(v, sch, path="$", root=SCHEMA):
    """Returns a list of error strings."""
    errs = []
    unknown = set(sch) - KNOWN
    if unknown:
        return ["%s: schema keyword(s) %s not supported by this validator" % (path, sorted(unknown))]
    if "$ref" in sch:
        ref = sch["$ref"]
        if not ref.startswith("#/"):
            return ["%s: only local $ref supported: %s" % (path, ref)]
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        errs += validate(v, target, path, root)
    if "type" in sch:
        types = sch["type"] if isinstance(sch["type"], list) else [sch["type"]]
        if not any(TYPES[t](v) for t in types):
            return errs + ["%s: %r is not of type %s" % (path, v, types)]
    if "const" in sch and v != sch["const"]:
        errs.append("%s: %r != const %r" % (path, v, sch["const"]))
    if "enum" in sch and v not in sch["enum"]:
        errs.append("%s: %r not in %s" % (path, v, sch["enum"]))
    if TYPES["number"](v):
        if "minimum" in sch and v < sch["minimum"]:
            errs.append("%s: %r < minimum %r" % (path, v, sch["minimum"]))
        if "maximum" in sch and v > sch["maximum"]:
            errs.append("%s: %r > maximum %r" % (path, v, sch["maximum"]))
    if isinstance(v, dict):
        props = sch.get("properties", {})
        for k in sch.get("required", []):
            if k not in v:
                errs.append("%s: required key %r missing" % (path, k))
        for k, sub in v.items():
            if k in props:
                errs += validate(sub, props[k], "%s.%s" % (path, k), root)
            elif sch.get("additionalProperties", True) is False:
                errs.append("%s: key %r not allowed" % (path, k))
    if isinstance(v, list):
        if "maxItems" in sch and len(v) > sch["maxItems"]:
            errs.append("%s: %d items > maxItems %d" % (path, len(v), sch["maxItems"]))
        if "items" in sch:
            for i, sub in enumerate(v):
                errs += validate(sub, sch["items"], "%s[%d]" % (path, i), root)
    if "oneOf" in sch:
        ok = [i for i, alt in enumerate(sch["oneOf"]) if not validate(v, alt, path, root)]
        if len(ok) != 1:
            errs.append("%s: %d of oneOf's alternatives match (want exactly 1)" % (path, len(ok)))
    return errs


def validate_all(objs):
    for i, o in enumerate(objs):
        errs = validate(o, SCHEMA)
        expect("call %d validates against docs/json-schema.json%s" % (i + 1, ": " + "; ".join(errs[:5]) if errs else ""),
               len(errs), 0)
    try:
        import jsonschema
    except ImportError:
        print("note: python jsonschema module not installed; own validator only")
        return
    v = jsonschema.Draft202012Validator(SCHEMA)
    for i, o in enumerate(objs):
        errs = [e.message for e in v.iter_errors(o)]
        expect("call %d validates with jsonschema %s" % (i + 1, "; ".join(errs[:3])), len(errs), 0)


def selftest():
    """The validator must not accept everything."""
    good = {"schema": "faxcalls/1"}
    sch = {"type": "object", "required": ["schema"], "additionalProperties": False,
           "properties": {"schema": {"const": "faxcalls/1"}}}
    expect("selftest: good object", validate(good, sch, root=sch), [])
    for bad in ({}, {"schema": "faxcalls/2"}, {"schema": "faxcalls/1", "x": 1}, [], None):
        expect("selftest: rejects %r" % (bad,), bool(validate(bad, sch, root=sch)), True)
    expect("selftest: oneOf exactly one", bool(validate(1, {"oneOf": [{"type": "integer"}, {"type": "number"}]})), True)
    expect("selftest: bool is not integer", bool(validate(True, {"type": "integer"})), True)
    expect("selftest: schema itself uses only supported keywords",
           [e for e in validate({}, SCHEMA) if "not supported" in e], [])


# ---- tshark -------------------------------------------------------------

def outputs(ts, pcap, extra=()):
    base = list(extra) + ["-r", pcap, "-q"]
    js = ts.run(base + ["-z", "fax,json"]).stdout
    cs = ts.run(base + ["-z", "fax,csv"]).stdout
    st = ts.run(base + ["-z", "fax,stat"]).stdout
    rep = ts.run(base + ["-z", "fax,report"]).stdout
    objs = []
    for n, line in enumerate(js.splitlines()):
        try:
            objs.append(json.loads(line))
        except ValueError as e:
            fail("JSON line %d does not parse: %s: %r" % (n + 1, e, line[:200]))
    return objs, cs, st, rep


def check_csv(cs, stat):
    rows = parse_stat(stat)
    recs = list(csv.DictReader(io.StringIO(cs, newline="")))
    expect("CSV header first", cs.split("\r\n")[0].startswith("call,start_s,duration_s,t38,"), True)
    expect("CSV rows = fax,stat rows", len(recs), len(rows))
    for r, s in zip(recs, rows):
        pre = "CSV call %s" % r["call"]
        pairs = [("call", "#"), ("start_s", "Start(s)"), ("duration_s", "Dur(s)"), ("t38", "T.38"),
                 ("t38_version", "Ver"), ("rate", "Rate"), ("trainings", "Train"), ("ftt", "FTT"),
                 ("pages", "Pages"), ("confirmed", "Conf"), ("ecm", "ECM"), ("result", "Result"),
                 ("reason", "Reason")]
        got = [r[a] or "-" for a, _ in pairs]
        want = [s[b] for _, b in pairs]
        expect(pre + " columns agree with fax,stat", got, want)
        if r["call_id"] and "[MGCP " in s["who"]:
            # MGCP names no caller/callee: fax,stat shows the gateway's endpoint
            expect(pre + " MGCP CallId", s["who"].endswith("[MGCP %s]" % r["call_id"]), True)
        elif r["call_id"]:
            # H.323: fax,stat marks the callIdentifier; CSV has it bare
            expect(pre + " caller/callee/Call-ID", "%s -> %s  [%s]" % (r["caller"] or "-", r["callee"] or "-",
                                                                     r["call_id"]),
                   s["who"].replace("[H.323 ", "["))
        else:
            expect(pre + " endpoints", "%s <-> %s  [no signalling]" % (r["endpoint_a"], r["endpoint_b"]), s["who"])


def check_report(objs, rep):
    calls = parse_report(rep)
    expect("JSON objects = report calls", len(objs), len(calls))
    for o, c in zip(objs, calls):
        pre = "JSON call %d" % o["call"]
        c["_ladder"] = [l for l in c["_ladder"] if re.match(r"^\d", l)]
        expect(pre + " id", o["call"], c["id"])
        expect(pre + " schema", o["schema"], "faxcalls/1")
        expect(pre + " result", "%s (%s): %s" % (o["result"]["code"], o["result"]["reason"] or "-", o["result"]["text"] or "-"),
               c.get("Result", "").replace(" [analysis limits reached: incomplete]", ""))
        t = o["t30"]
        expect(pre + " pages", "%d sent, %d confirmed, %d rejected" % (t["pages_sent"], t["pages_confirmed"], t["pages_rejected"]),
               c.get("Pages"))
        expect(pre + " training", t["training_ladder"], c.get("Training", "").split(" (")[0])
        expect(pre + " ladder frames", [x["frame"] for x in t["ladder"]], [int(l.split()[0]) for l in c["_ladder"]])
        expect(pre + " ladder texts", [x["text"] for x in t["ladder"]],
               [" ".join(l.split()[3:]).replace(" [bad FCS]", "") for l in c["_ladder"]])
        expect(pre + " findings", [(f["frame"], f["text"]) for f in t["findings"]],
               [(int(l.split()[1]), l.split(None, 2)[2]) for l in c["_findings"]])
        expect(pre + " page rows", len(t["pages"]), len([l for l in c["_pages"] if re.match(r"^\d", l)]))
        for d in ("A->B", "B->A"):
            u = o["udptl"][d]
            line = c.get("UDPTL " + d, "")
            if u is None:
                expect(pre + " UDPTL %s none" % d, line, "none seen")
            else:
                expect(pre + " UDPTL %s packets" % d, line.split(" packets")[0], u["packets"])
        if o["origin"] == "sip":
            expect(pre + " Call-ID", o["call_id"] or "-", c.get("Call-ID"))


def ladder_truth(o):
    tr = o["t30"]["trainings"]
    return ",".join("%d:%s" % (x["rate"], "none" if x["outcome"] == "no_answer" else x["outcome"])
                    for x in tr) if tr else "none"


def check_truth(objs, t):
    expect("number of fax calls (truth)", len(objs), t.get("calls"))
    by = {o["call_id"]: o for o in objs}
    for i in range(1, int(t.get("calls", "0")) + 1):
        k = "call.%d." % i
        o = by.get(t.get(k + "call_id"))
        if o is None and t.get(k + "capture_sip") == "none" and len(objs) == 1:
            o = objs[0]  # t38-cut: no SIP in the capture, one call
        pre = "truth call %d" % i
        caller_ip = t.get(k + "caller", "").rsplit("@", 1)[-1]
        # only what an analyser of the capture can know is checked
        t, vis = capture_view(t, k)
        if vis == "unknown" and o is not None:
            expect(pre + " result is not success", o["result"]["code"] != "success", True)
        elif vis is not None and o is not None:
            expect(pre + " visible result", o["result"]["code"], vis)
        if o is None:
            fail("%s (Call-ID %s) not in the JSON" % (pre, t.get(k + "call_id")))
            continue
        # the truth's A is the caller; with no signalling faxcalls names A the
        # side whose UDPTL it saw first (model/fax-types.h)
        sa, sb, ab, ba = "A", "B", "A->B", "B->A"
        src = (o["udptl"]["A->B"] or {}).get("source") or ""
        if o["origin"] != "sip" and caller_ip and not src.startswith(caller_ip + ":"):
            sa, sb, ab, ba = "B", "A", "B->A", "A->B"
        sides = o["t30"]["sides"]
        checks = [("caller", o["caller"]), ("callee", o["callee"]), ("t38", o["t38"]["state"]),
                  ("t38_status", o["t38"]["answer"]["status"] if o["t38"]["answer"] else None),
                  ("pages_sent", o["t30"]["pages_sent"]), ("pages_confirmed", o["t30"]["pages_confirmed"]),
                  ("final_rate", o["t30"]["final_rate"]), ("trainings", ladder_truth(o)),
                  ("result", o["result"]["code"]), ("reason", o["result"]["reason"]),
                  ("csi", sides[sb]["ident"] if sides[sb]["ident_kind"] == "CSI" else None),
                  ("tsi", sides[sa]["ident"] if sides[sa]["ident_kind"] == "TSI" else None)]
        if o["t30"]["dcs"] and t.get(k + "ecm") in ("yes", "no"):
            checks.append(("ecm", "yes" if o["t30"]["dcs"]["caps"]["ecm"] else "no"))
        # the generator records the configured identities even when they were never sent:
        # CSI goes with the called side's DIS, TSI with the calling side's DCS (T.30 5.3.6.2.4)
        sent = {"csi": sides[sb]["dis"] is not None, "tsi": o["t30"]["dcs"] is not None}
        for key, got in checks:
            if key in sent and not sent[key]:
                continue
            if k + key in t:
                expect("%s %s" % (pre, key), got, t[k + key])
        for d, dk in (("ab", ab), ("ba", ba)):
            u = o["udptl"][dk] or {}
            for key, jk in (("dropped", "missing"), ("recovered", "recovered"), ("lost", "lost")):
                tk = "%sudptl_%s.%s" % (k, d, key)
                if tk in t:
                    want = int(t[tk])
                    if key in ("dropped", "lost"):
                        want -= int(t.get("%sudptl_%s.tail_dropped" % (k, d), "0"))
                    expect("%s UDPTL %s %s" % (pre, dk, key), u.get(jk, 0), str(want))


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "selftest":
        selftest()
        rc = 0
    else:
        if len(sys.argv) < 4:
            sys.exit(__doc__)
        plugin, mode, name = sys.argv[1:4]
        ts = Tshark(plugin)
        rc = 0
        try:
            ts.assert_plugin_loaded()
            if mode == "gen":
                objs, cs, st, rep = outputs(ts, os.path.join(ROOT, "pcaps", name + ".pcap"))
                validate_all(objs)
                check_report(objs, rep)
                check_csv(cs, st)
                tp = os.path.join(ROOT, "pcaps", name + ".truth")
                if os.path.exists(tp):
                    check_truth(objs, read_truth(tp))
            elif mode == "real":
                try:
                    pcap, case = realcaps.case(name, "json")
                except realcaps.Mismatch as e:
                    fail(str(e))
                    pcap, case = None, None
                if pcap is None:
                    rc = SKIP if case else rc
                else:
                    objs, cs, st, rep = outputs(ts, pcap, case.options)
                    validate_all(objs)
                    check_report(objs, rep)
                    check_csv(cs, st)
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
