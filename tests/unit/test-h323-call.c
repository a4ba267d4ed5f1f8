/* test-h323-call.c: the H.323 calls of the registry (model/h323-call.c),
 * through the public API only: H.225.0 messages (Q.931 in TPKT, fed as the
 * q931_msg wire/q931.c makes of them), the H.225.0 facts of Wireshark's
 * H.225 dissector (callIdentifier, tunnelling, Fast Start), H.245 messages,
 * and a T.38 stream without signalling (UDPTL Wireshark decoded as T.38),
 * then fax_registry_finish: does the stream join the H.323 call between
 * the same hosts that was up when it started?
 *
 * The addresses and frames follow the real capture
 * nrusso-fax_t38_h323_ogw.pcapng: H.225.0 10.10.245.3:12358 ->
 * 10.10.245.5:1720, call reference 1, T.38 on UDP 16384 of both hosts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "fax-registry.h"

/* ---- helpers ---------------------------------------------------------- */

static fax_endpoint
ep(guint8 last, guint16 port)
{
    fax_endpoint e = { 4, { 10, 10, 245, last }, port };
    return e;
}

/* H.225.0 7.6: the caller connects to port 1720 of the called side */
#define CALLER   3
#define CALLEE   5
#define SIG_PORT 12358
#define T38_PORT 16384

/* A Q.931 message as q931_parse gives it. */
static q931_msg
msg(guint8 type, guint16 crv, gboolean from_destination)
{
    q931_msg m;
    memset(&m, 0, sizeof m);
    m.msg_type = type;
    m.call_ref = crv;
    m.from_destination = from_destination;
    m.has_uuie = TRUE;
    return m;
}

/* An H.225.0 message on the connection caller:sig_port <-> callee:1720;
 * from_destination: sent by the called side (Q.931 4.3 flag 1). */
static void
h225(fax_registry *r, guint8 caller, guint16 sig_port, guint8 callee, const q931_msg *m,
     guint32 frame, double t)
{
    fax_endpoint a = ep(caller, sig_port), b = ep(callee, 1720);
    if (m->from_destination)
        fax_registry_h225(r, m, &b, &a, frame, t);
    else
        fax_registry_h225(r, m, &a, &b, frame, t);
}

static void
setup(fax_registry *r, guint8 caller, guint16 sig_port, guint8 callee, guint16 crv,
      guint32 frame, double t)
{
    q931_msg m = msg(Q931_SETUP, crv, FALSE);
    g_strlcpy(m.calling, "5551", sizeof m.calling);
    g_strlcpy(m.called, "1234", sizeof m.called);
    h225(r, caller, sig_port, callee, &m, frame, t);
}

static void
answer(fax_registry *r, guint8 caller, guint16 sig_port, guint8 callee, guint8 type,
       guint16 crv, guint32 frame, double t)
{
    q931_msg m = msg(type, crv, TRUE);
    h225(r, caller, sig_port, callee, &m, frame, t);
}

static void
release(fax_registry *r, guint8 caller, guint16 sig_port, guint8 callee, guint16 crv,
        gboolean from_destination, guint8 cause, guint32 frame, double t)
{
    q931_msg m = msg(Q931_RELEASE_COMPLETE, crv, from_destination);
    m.cause = cause;
    h225(r, caller, sig_port, callee, &m, frame, t);
}

/* An H.245 message tunnelled in the H.225.0 connection (H.245 sent by the
 * called side, as the gateway of the real capture does). */
static void
h245(fax_registry *r, guint8 caller, guint16 sig_port, guint8 callee, guint32 frame,
     fax_h245_kind kind, gboolean t38fax)
{
    fax_endpoint a = ep(caller, sig_port), b = ep(callee, 1720);
    fax_registry_h245(r, &b, &a, frame, kind, t38fax, fax_h245_kind_name(kind));
}

/* A T.38 no-signal indicator with empty redundancy (seq, IFP length 1,
 * indicator 0, UDPTL error recovery: redundancy, no secondary IFPs), as
 * the Cisco gateways of the nrusso captures send it. */
static void
t38(fax_registry *r, guint8 from, guint8 to, guint16 seq, guint32 frame, double t)
{
    const guint8 p[] = { (guint8)(seq >> 8), (guint8)seq, 0x01, 0x00, 0x00, 0x00 };
    fax_endpoint s = ep(from, T38_PORT), d = ep(to, T38_PORT);
    fax_udptl_note note;
    fax_registry_udptl(r, &s, &d, p, sizeof p, frame, t, TRUE, &note);
    g_assert_nonnull(note.call);
}

/* A T.38 stream between two hosts starting at frame/t: a few datagrams
 * each way. */
static void
stream(fax_registry *r, guint8 a, guint8 b, guint32 frame, double t)
{
    for (guint i = 0; i < 4; i++) {
        t38(r, a, b, (guint16)(100 + i), frame + 2 * i, t + 0.1 * i);
        t38(r, b, a, (guint16)(200 + i), frame + 2 * i + 1, t + 0.1 * i + 0.05);
    }
}

static fax_call *
only_call(fax_registry *r)
{
    fax_registry_finish(r);
    g_assert_cmpuint(fax_registry_count(r), ==, 1);
    fax_call *c = fax_registry_call(r, 1);
    g_assert_nonnull(c);
    return c;
}

/* the callIdentifier of the real capture (H.225.0 CallIdentifier GUID) */
static const guint8 real_guid[16] = { 0xfd, 0xe3, 0x9d, 0x82, 0x28, 0x69, 0x11, 0xe7,
                                      0x80, 0x08, 0xf2, 0xec, 0x0d, 0x4f, 0xce, 0x8d };

/* ---- joining ------------------------------------------------------------ */

/* The real capture's call: Setup 5, Call Proceeding 7, Connect 989, H.245
 * requestMode t38fax 1314 / Ack 1315, openLogicalChannel t38fax 1318, T.38
 * from 1330, Release Complete 1805 cause 16. */
static void
test_join(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    fax_endpoint a = ep(CALLER, SIG_PORT), b = ep(CALLEE, 1720);
    fax_registry_h225_info(r, &a, &b, real_guid, TRUE, FALSE);
    answer(r, CALLER, SIG_PORT, CALLEE, Q931_CALL_PROCEEDING, 1, 7, 1.1);
    answer(r, CALLER, SIG_PORT, CALLEE, Q931_CONNECT, 1, 989, 5.0);
    h245(r, CALLER, SIG_PORT, CALLEE, 1314, FAX_H245_REQUEST_MODE, TRUE);
    h245(r, CALLER, SIG_PORT, CALLEE, 1315, FAX_H245_REQUEST_MODE_ACK, FALSE);
    h245(r, CALLER, SIG_PORT, CALLEE, 1318, FAX_H245_OLC, TRUE);
    stream(r, CALLER, CALLEE, 1330, 20.0);
    release(r, CALLER, SIG_PORT, CALLEE, 1, FALSE, 16, 1805, 60.0);

    fax_call *c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_H323);
    g_assert_cmpstr(c->caller, ==, "5551");
    g_assert_cmpstr(c->callee, ==, "1234");
    g_assert_cmpstr(c->call_id, ==, "fde39d82-2869-11e7-8008-f2ec0d4fce8d");
    g_assert_cmpint(c->t38, ==, FAX_T38_ACCEPTED);
    const fax_h323 *h = c->h323;
    g_assert_nonnull(h);
    g_assert_cmpuint(h->call_ref, ==, 1);
    fax_endpoint sa = ep(CALLER, SIG_PORT), sb = ep(CALLEE, 1720);
    g_assert_true(fax_endpoint_equal(&h->sig[FAX_SIDE_A], &sa));
    g_assert_true(fax_endpoint_equal(&h->sig[FAX_SIDE_B], &sb));
    g_assert_cmpuint(h->setup_frame, ==, 5);
    g_assert_cmpuint(h->proceeding_frame, ==, 7);
    g_assert_cmpuint(h->connect_frame, ==, 989);
    g_assert_cmpuint(h->release_frame, ==, 1805);
    g_assert_cmpuint(h->cause, ==, 16);
    g_assert_cmpint(h->release_side, ==, FAX_SIDE_A);
    g_assert_true(h->tunnelling);
    g_assert_false(h->faststart);
    g_assert_cmpuint(h->n_events, ==, 3);
    g_assert_cmpint(h->events[0].side, ==, FAX_SIDE_B);
    g_assert_cmpstr(h->events[0].what, ==, "requestMode");
    g_assert_cmpuint(fax_h323_t38_olc(h), ==, 1318);
    g_assert_cmpuint(fax_h323_mode_rejected(h), ==, 0);
    g_assert_false(fax_registry_truncated(r));
    fax_registry_free(r);
}

/* Joined without an OLC naming t38fax: the call is known, the T.38
 * set-up is not. A GUID of zeros is no callIdentifier. */
static void
test_join_without_olc(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 0x1234, 5, 1.0);
    static const guint8 zero[16];
    fax_endpoint a = ep(CALLER, SIG_PORT), b = ep(CALLEE, 1720);
    fax_registry_h225_info(r, &a, &b, zero, FALSE, TRUE);
    answer(r, CALLER, SIG_PORT, CALLEE, Q931_CONNECT, 0x1234, 9, 2.0);
    stream(r, CALLEE, CALLER, 100, 10.0);        /* the stream's first sender: the callee */
    fax_call *c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_H323);
    g_assert_cmpint(c->t38, ==, FAX_T38_NONE);
    g_assert_null(c->call_id);
    g_assert_cmpstr(c->caller, ==, "5551");
    g_assert_true(c->h323->faststart);
    g_assert_false(c->h323->has_guid);
    g_assert_cmpuint(c->h323->call_ref, ==, 0x1234);
    fax_registry_free(r);
}

/* The callIdentifier and the OLC told after a first finish are shown by
 * the next one (h323_join refreshes a joined call). */
static void
test_join_then_more(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    stream(r, CALLER, CALLEE, 100, 10.0);
    fax_call *c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_H323);
    g_assert_null(c->call_id);
    g_assert_cmpint(c->t38, ==, FAX_T38_NONE);
    fax_endpoint a = ep(CALLER, SIG_PORT), b = ep(CALLEE, 1720);
    fax_registry_h225_info(r, &b, &a, real_guid, FALSE, FALSE);
    h245(r, CALLER, SIG_PORT, CALLEE, 120, FAX_H245_OLC, TRUE);
    c = only_call(r);
    g_assert_cmpstr(c->call_id, ==, "fde39d82-2869-11e7-8008-f2ec0d4fce8d");
    g_assert_cmpint(c->t38, ==, FAX_T38_ACCEPTED);
    fax_registry_free(r);
}

/* A stream between other hosts, or between one of the hosts and another,
 * stays a stream without signalling. */
static void
test_other_hosts(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    h245(r, CALLER, SIG_PORT, CALLEE, 50, FAX_H245_OLC, TRUE);
    stream(r, 7, 8, 100, 10.0);
    stream(r, CALLER, 9, 200, 11.0);
    fax_registry_finish(r);
    g_assert_cmpuint(fax_registry_count(r), ==, 2);
    for (guint id = 1; id <= 2; id++) {
        fax_call *c = fax_registry_call(r, id);
        g_assert_cmpint(c->origin, ==, FAX_ORIGIN_UDPTL);
        g_assert_null(c->h323);
        g_assert_null(c->caller);
        g_assert_null(c->call_id);
    }
    fax_registry_free(r);
}

/* Two H.323 calls up between the same hosts (two H.225.0 connections):
 * which one the stream belongs to is not known... */
static void
test_two_calls_ambiguous(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    setup(r, CALLER, SIG_PORT + 2, CALLEE, 2, 6, 1.5);
    answer(r, CALLER, SIG_PORT, CALLEE, Q931_CONNECT, 1, 20, 3.0);
    answer(r, CALLER, SIG_PORT + 2, CALLEE, Q931_CONNECT, 2, 21, 3.5);
    stream(r, CALLER, CALLEE, 100, 10.0);
    fax_call *c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_UDPTL);
    g_assert_null(c->h323);
    fax_registry_free(r);
}

/* ... unless exactly one of them opened a t38fax logical channel. */
static void
test_two_calls_one_olc(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    setup(r, CALLER, SIG_PORT + 2, CALLEE, 2, 6, 1.5);
    /* the first call's OLC is for audio, the second's for t38fax */
    h245(r, CALLER, SIG_PORT, CALLEE, 30, FAX_H245_OLC, FALSE);
    h245(r, CALLER, SIG_PORT + 2, CALLEE, 31, FAX_H245_OLC, TRUE);
    stream(r, CALLER, CALLEE, 100, 10.0);
    fax_call *c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_H323);
    g_assert_cmpuint(c->h323->call_ref, ==, 2);
    g_assert_cmpint(c->t38, ==, FAX_T38_ACCEPTED);
    fax_registry_free(r);
}

/* Both opened one: not known again. */
static void
test_two_calls_two_olcs(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    setup(r, CALLER, SIG_PORT + 2, CALLEE, 2, 6, 1.5);
    h245(r, CALLER, SIG_PORT, CALLEE, 30, FAX_H245_OLC, TRUE);
    h245(r, CALLER, SIG_PORT + 2, CALLEE, 31, FAX_H245_OLC, TRUE);
    stream(r, CALLER, CALLEE, 100, 10.0);
    fax_call *c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_UDPTL);
    fax_registry_free(r);
}

/* A call released (Release Complete) before the stream started is not its
 * call; nor is one set up after the stream started.  With another call up
 * at the time, the stream joins that one. */
static void
test_released_before(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    h245(r, CALLER, SIG_PORT, CALLEE, 8, FAX_H245_OLC, TRUE);
    release(r, CALLER, SIG_PORT, CALLEE, 1, TRUE, 17, 9, 5.0);
    stream(r, CALLER, CALLEE, 100, 10.0);
    setup(r, CALLER, SIG_PORT + 2, CALLEE, 2, 200, 30.0);
    fax_call *c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_UDPTL);
    g_assert_null(c->h323);
    fax_registry_free(r);

    r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    release(r, CALLER, SIG_PORT, CALLEE, 1, TRUE, 17, 9, 5.0);
    setup(r, CALLER, SIG_PORT + 2, CALLEE, 2, 10, 6.0);
    stream(r, CALLER, CALLEE, 100, 10.0);
    release(r, CALLER, SIG_PORT + 2, CALLEE, 2, FALSE, 16, 300, 50.0);
    c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_H323);
    g_assert_cmpuint(c->h323->call_ref, ==, 2);
    g_assert_cmpuint(c->h323->cause, ==, 16);
    fax_registry_free(r);
}

/* A capture that starts after the Setup: the call is made from its first
 * message with a call reference; Q.931 4.3's flag says who the caller was. */
static void
test_mid_call(void)
{
    fax_registry *r = fax_registry_new();
    answer(r, CALLER, SIG_PORT, CALLEE, Q931_CONNECT, 1, 3, 1.0);
    stream(r, CALLER, CALLEE, 100, 10.0);
    release(r, CALLER, SIG_PORT, CALLEE, 1, TRUE, 16, 300, 50.0);
    fax_call *c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_H323);
    const fax_h323 *h = c->h323;
    fax_endpoint sa = ep(CALLER, SIG_PORT);
    g_assert_true(fax_endpoint_equal(&h->sig[FAX_SIDE_A], &sa));
    g_assert_cmpuint(h->setup_frame, ==, 0);
    g_assert_cmpuint(h->connect_frame, ==, 3);
    g_assert_cmpint(h->release_side, ==, FAX_SIDE_B);
    g_assert_null(c->caller);
    g_assert_null(c->callee);
    fax_registry_free(r);
}

/* Q.931 4.3: call reference 0 is the dummy call reference (no call). */
static void
test_call_ref_zero(void)
{
    fax_registry *r = fax_registry_new();
    q931_msg m = msg(Q931_FACILITY, 0, FALSE);
    h225(r, CALLER, SIG_PORT, CALLEE, &m, 5, 1.0);
    m = msg(Q931_SETUP, 0, FALSE);
    h225(r, CALLER, SIG_PORT, CALLEE, &m, 6, 1.1);
    /* nothing for the H.225.0 facts or H.245 to go to either */
    fax_endpoint a = ep(CALLER, SIG_PORT), b = ep(CALLEE, 1720);
    fax_registry_h225_info(r, &a, &b, real_guid, TRUE, TRUE);
    h245(r, CALLER, SIG_PORT, CALLEE, 7, FAX_H245_OLC, TRUE);
    stream(r, CALLER, CALLEE, 100, 10.0);
    fax_call *c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_UDPTL);
    g_assert_null(c->h323);
    g_assert_false(fax_registry_truncated(r));
    fax_registry_free(r);
}

/* ---- H.245 events ------------------------------------------------------- */

/* A frame dissected twice (the GUI dissects again) is not a new message:
 * the same event for the same frame is kept once, an event for an earlier
 * frame than the last kept is ignored; two messages in one frame are both
 * kept; FAX_H245_OTHER is not kept. */
static void
test_h245_redissection(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    h245(r, CALLER, SIG_PORT, CALLEE, 100, FAX_H245_OLC, TRUE);
    h245(r, CALLER, SIG_PORT, CALLEE, 100, FAX_H245_OLC, TRUE);          /* again */
    h245(r, CALLER, SIG_PORT, CALLEE, 100, FAX_H245_CLC, FALSE);         /* same frame, another */
    h245(r, CALLER, SIG_PORT, CALLEE, 100, FAX_H245_OLC, TRUE);          /* again */
    h245(r, CALLER, SIG_PORT, CALLEE, 101, FAX_H245_OLC_ACK, FALSE);
    h245(r, CALLER, SIG_PORT, CALLEE, 90, FAX_H245_REQUEST_MODE_REJECT, FALSE); /* earlier */
    h245(r, CALLER, SIG_PORT, CALLEE, 100, FAX_H245_OLC, TRUE);          /* earlier again */
    h245(r, CALLER, SIG_PORT, CALLEE, 102, FAX_H245_OTHER, FALSE);
    stream(r, CALLER, CALLEE, 200, 10.0);
    fax_call *c = only_call(r);
    const fax_h323 *h = c->h323;
    g_assert_nonnull(h);
    g_assert_cmpuint(h->n_events, ==, 3);
    g_assert_cmpuint(h->events[0].frame, ==, 100);
    g_assert_cmpint(h->events[0].kind, ==, FAX_H245_OLC);
    g_assert_true(h->events[0].t38fax);
    g_assert_cmpuint(h->events[1].frame, ==, 100);
    g_assert_cmpint(h->events[1].kind, ==, FAX_H245_CLC);
    g_assert_cmpuint(h->events[2].frame, ==, 101);
    g_assert_cmpint(h->events[2].kind, ==, FAX_H245_OLC_ACK);
    g_assert_cmpuint(h->n_events_dropped, ==, 0);
    g_assert_cmpuint(fax_h323_mode_rejected(h), ==, 0);
    fax_registry_free(r);
}

/* requestMode rejected (H.245 requestModeReject, the H.323 twin of SIP's
 * 488): its frame; a requestMode naming t38fax is no OLC. */
static void
test_mode_rejected(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    h245(r, CALLER, SIG_PORT, CALLEE, 1314, FAX_H245_REQUEST_MODE, TRUE);
    /* the answer comes from the caller */
    fax_endpoint a = ep(CALLER, SIG_PORT), b = ep(CALLEE, 1720);
    fax_registry_h245(r, &a, &b, 1315, FAX_H245_REQUEST_MODE_REJECT, FALSE, "requestModeReject");
    fax_registry_h245(r, &a, &b, 1400, FAX_H245_REQUEST_MODE_REJECT, FALSE, "requestModeReject");
    stream(r, CALLER, CALLEE, 1500, 10.0);
    fax_call *c = only_call(r);
    const fax_h323 *h = c->h323;
    g_assert_nonnull(h);
    g_assert_cmpuint(fax_h323_mode_rejected(h), ==, 1315);
    g_assert_cmpuint(fax_h323_t38_olc(h), ==, 0);
    g_assert_cmpint(c->t38, ==, FAX_T38_NONE);
    g_assert_cmpint(h->events[1].side, ==, FAX_SIDE_A);
    g_assert_cmpint(h->events[0].side, ==, FAX_SIDE_B);
    g_assert_cmpstr(fax_h245_kind_name(FAX_H245_REQUEST_MODE_REJECT), ==, "requestModeReject");
    fax_registry_free(r);
}

/* H.245 on a connection of its own (H.245 address of the H.225.0
 * messages): it goes to the latest call between the same two hosts. */
static void
test_h245_own_connection(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    fax_endpoint a = ep(CALLER, 11000), b = ep(CALLEE, 11001);
    fax_registry_h245(r, &b, &a, 50, FAX_H245_OLC, TRUE, "openLogicalChannel");
    fax_endpoint x = ep(7, 11000);
    fax_registry_h245(r, &x, &a, 51, FAX_H245_CLC, FALSE, "closeLogicalChannel");  /* no call */
    stream(r, CALLER, CALLEE, 100, 10.0);
    fax_call *c = only_call(r);
    g_assert_cmpint(c->origin, ==, FAX_ORIGIN_H323);
    g_assert_cmpuint(c->h323->n_events, ==, 1);
    g_assert_cmpuint(fax_h323_t38_olc(c->h323), ==, 50);
    g_assert_cmpint(c->t38, ==, FAX_T38_ACCEPTED);
    fax_registry_free(r);
}

/* More than FAX_H323_MAX_EVENTS H.245 messages: the first ones are kept,
 * the rest counted. */
static void
test_events_dropped(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    for (guint i = 0; i < FAX_H323_MAX_EVENTS + 7; i++)
        h245(r, CALLER, SIG_PORT, CALLEE, 10 + i, i % 2 ? FAX_H245_CLC : FAX_H245_OLC, FALSE);
    stream(r, CALLER, CALLEE, 1000, 10.0);
    fax_call *c = only_call(r);
    const fax_h323 *h = c->h323;
    g_assert_nonnull(h);
    g_assert_cmpuint(h->n_events, ==, FAX_H323_MAX_EVENTS);
    g_assert_cmpuint(h->n_events_dropped, ==, 7);
    g_assert_cmpuint(h->events[FAX_H323_MAX_EVENTS - 1].frame, ==, 10 + FAX_H323_MAX_EVENTS - 1);
    fax_registry_free(r);
}

/* The first Display of each side is kept; messages after the first of a
 * kind do not move its frame. */
static void
test_display_and_repeats(void)
{
    fax_registry *r = fax_registry_new();
    setup(r, CALLER, SIG_PORT, CALLEE, 1, 5, 1.0);
    q931_msg m = msg(Q931_FACILITY, 1, FALSE);
    g_strlcpy(m.display, "cisco Systems, Inc.", sizeof m.display);
    h225(r, CALLER, SIG_PORT, CALLEE, &m, 10, 1.2);
    g_strlcpy(m.display, "other", sizeof m.display);
    h225(r, CALLER, SIG_PORT, CALLEE, &m, 11, 1.3);
    m = msg(Q931_ALERTING, 1, TRUE);
    g_strlcpy(m.display, "far end", sizeof m.display);
    h225(r, CALLER, SIG_PORT, CALLEE, &m, 12, 1.4);
    h225(r, CALLER, SIG_PORT, CALLEE, &m, 13, 1.5);
    answer(r, CALLER, SIG_PORT, CALLEE, Q931_CONNECT, 1, 20, 2.0);
    answer(r, CALLER, SIG_PORT, CALLEE, Q931_CONNECT, 1, 21, 2.1);
    q931_msg s = msg(Q931_SETUP, 1, FALSE);
    g_strlcpy(s.called, "999", sizeof s.called);
    h225(r, CALLER, SIG_PORT, CALLEE, &s, 22, 2.2);         /* a second Setup: not the call's */
    release(r, CALLER, SIG_PORT, CALLEE, 1, TRUE, 16, 300, 50.0);
    release(r, CALLER, SIG_PORT, CALLEE, 1, FALSE, 31, 301, 50.1);
    stream(r, CALLER, CALLEE, 100, 10.0);
    fax_call *c = only_call(r);
    const fax_h323 *h = c->h323;
    g_assert_nonnull(h);
    g_assert_cmpstr(h->display[FAX_SIDE_A], ==, "cisco Systems, Inc.");
    g_assert_cmpstr(h->display[FAX_SIDE_B], ==, "far end");
    g_assert_cmpuint(h->alerting_frame, ==, 12);
    g_assert_cmpuint(h->connect_frame, ==, 20);
    g_assert_cmpuint(h->setup_frame, ==, 5);
    g_assert_cmpstr(h->called, ==, "1234");
    g_assert_cmpuint(h->release_frame, ==, 300);
    g_assert_cmpuint(h->cause, ==, 16);
    g_assert_cmpint(h->release_side, ==, FAX_SIDE_B);
    g_assert_cmpstr(c->callee, ==, "1234");
    fax_registry_free(r);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/h323/join", test_join);
    g_test_add_func("/h323/join/without-olc", test_join_without_olc);
    g_test_add_func("/h323/join/then-more", test_join_then_more);
    g_test_add_func("/h323/join/other-hosts", test_other_hosts);
    g_test_add_func("/h323/join/two-calls", test_two_calls_ambiguous);
    g_test_add_func("/h323/join/two-calls-one-olc", test_two_calls_one_olc);
    g_test_add_func("/h323/join/two-calls-two-olcs", test_two_calls_two_olcs);
    g_test_add_func("/h323/join/released-before", test_released_before);
    g_test_add_func("/h323/mid-call", test_mid_call);
    g_test_add_func("/h323/call-ref-zero", test_call_ref_zero);
    g_test_add_func("/h323/h245/redissection", test_h245_redissection);
    g_test_add_func("/h323/h245/mode-rejected", test_mode_rejected);
    g_test_add_func("/h323/h245/own-connection", test_h245_own_connection);
    g_test_add_func("/h323/h245/dropped", test_events_dropped);
    g_test_add_func("/h323/display-and-repeats", test_display_and_repeats);
    return g_test_run();
}
