"""The generator's truth files (pcaps/NAME.truth, tests/gen/README.md), and
what a capture of a call can show of them.

SPDX-License-Identifier: GPL-2.0-or-later
"""


def read_truth(path):
    """key=value lines -> dict (lines starting with '#' are comments)."""
    truth = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            truth[k] = v
    return truth


def capture_view(t, k):
    """The truth keys of call prefix K ('call.N.') as an analyser of the
    capture can know them, and the call's visible_result (None when the
    capture holds the whole call).

    A capture with part of the call (one-way, cut: visible_result) does not
    show what spandsp's terminals concluded (result, reason, pages
    confirmed), nor the post-page commands when it is cut, nor the SIP when
    it has none (nor the SIP when the capture holds no signalling at all,
    capture_sip=none). Where damaged frames hide what the link carried, the
    visible_* keys stand for the trainings, the rate and the reason. An
    identity (TSI, CSI) whose every frame was damaged is not known."""
    v = dict(t)
    vis = v.get(k + "visible_result")
    if vis is not None:
        for key in ("result", "reason", "pages_confirmed"):
            v.pop(k + key, None)
        if k + "capture_from_us" in v:
            v.pop(k + "pages_sent", None)
    if v.get(k + "capture_sip") == "none":
        for key in ("caller", "callee", "t38", "t38_status"):
            v.pop(k + key, None)
    for key in ("trainings", "final_rate", "reason"):
        if k + "visible_" + key in v:
            v[k + key] = v[k + "visible_" + key]
    for key, name, d in (("tsi", "TSI", "ab"), ("csi", "CSI", "ba")):
        sent = [x for x in v.get(k + "msgs_" + d, "").split(",") if x.startswith(name + "@")]
        if sent and all(x.endswith("!") for x in sent):
            v.pop(k + key, None)
    return v, vis
