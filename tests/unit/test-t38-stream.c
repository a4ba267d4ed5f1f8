/* test-t38-stream.c: sequence tracking, recovery, HDLC reassembly and
 * events of model/t38-stream.c, on hand-built streams and on every T.38
 * datagram of real captures.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "t38-stream.h"
#include "data/t38/t38faxcap-sample.h"
#include "data/t38/ast-2016-003.h"

#define MAX_EV 512

typedef struct {
    fax_event ev;
    guint8    buf[T38_HDLC_MAX];
} rec_event;

typedef struct {
    guint     n;
    rec_event e[MAX_EV];
} recorder;

static void
record(const fax_event *ev, void *user)
{
    recorder *r = user;
    if (r->n >= MAX_EV)
        return;
    rec_event *e = &r->e[r->n++];
    e->ev = *ev;
    if (ev->buf && ev->len <= T38_HDLC_MAX) {
        memcpy(e->buf, ev->buf, ev->len);
        e->ev.buf = e->buf;
    }
}

static guint
unhex(const char *hex, guint8 *out, guint cap)
{
    guint n = 0;
    for (; hex[0] && hex[1] && n < cap; hex += 2)
        out[n++] = (guint8)((g_ascii_xdigit_value(hex[0]) << 4)
                            | g_ascii_xdigit_value(hex[1]));
    return n;
}

static void
feed_hex(t38_stream *s, const char *hex, guint32 frame, recorder *r,
         t38_packet_note *note)
{
    guint8 b[2048];
    guint n = unhex(hex, b, sizeof b);
    t38_stream_feed(s, b, n, frame, frame * 0.02, record, r, note);
}

/* UDPTL with redundancy count 0 around one IFP given in hex. */
static void
feed_ifp(t38_stream *s, guint16 seq, const char *ifp_hex, guint32 frame,
         recorder *r, t38_packet_note *note)
{
    guint n = (guint)(strlen(ifp_hex) / 2);
    char *hex = n < 128
        ? g_strdup_printf("%04x%02x%s0000", seq, n, ifp_hex)
        : g_strdup_printf("%04x%04x%s0000", seq, 0x8000 | n, ifp_hex);
    feed_hex(s, hex, frame, r, note);
    g_free(hex);
}

/* The whole real capture: the frames, in order, checked against tshark. */
static void
test_real_sample(void)
{
    t38_stream *st[2] = { t38_stream_new(FAX_SIDE_A), t38_stream_new(FAX_SIDE_B) };
    recorder *r = g_new0(recorder, 1);
    /* tshark: frame, sender (side), t30.FacsimileControl */
    static const struct { guint32 frame; fax_side side; guint8 fcf; } want[] = {
        { 375, FAX_SIDE_B, 0x02 },  /* CSI */
        { 390, FAX_SIDE_B, 0x01 },  /* DIS */
        { 436, FAX_SIDE_A, 0x42 },  /* TSI */
        { 443, FAX_SIDE_A, 0x41 },  /* DCS */
        { 528, FAX_SIDE_B, 0x21 },  /* CFR */
        { 659, FAX_SIDE_A, 0x74 },  /* EOP */
        { 678, FAX_SIDE_B, 0x31 },  /* MCF */
        { 701, FAX_SIDE_A, 0x5f },  /* DCN */
    };
    static const guint8 csi[] = { 0xff, 0xc0, 0x02, 0x1e, 0x86, 0x62, 0x04, 0x04,
                                  0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04,
                                  0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04 };
    static const guint8 dis[] = { 0xff, 0xc8, 0x01, 0x20, 0x77, 0x1f, 0x23, 0x01,
                                  0x89, 0x01, 0x01, 0x01, 0x18 };
    guint nh = 0, n_nonecm_end = 0, n_ind = 0;
    guint32 octets = 0;

    for (guint i = 0; i < G_N_ELEMENTS(t38faxcap_sample); i++) {
        int sd = t38faxcap_sample[i].side;
        t38_packet_note note;
        feed_hex(st[sd], t38faxcap_sample[i].hex, t38faxcap_sample[i].frame, r, &note);
        g_assert_true(note.decoded);
    }
    for (guint i = 0; i < r->n; i++) {
        const fax_event *ev = &r->e[i].ev;
        switch (ev->kind) {
        case FAX_EV_HDLC:
            g_assert_cmpuint(nh, <, G_N_ELEMENTS(want));
            g_assert_cmpuint(ev->frame, ==, want[nh].frame);
            g_assert_cmpint(ev->side, ==, want[nh].side);
            g_assert_cmpuint(ev->len, >=, 3);
            g_assert_cmphex(ev->buf[2] & 0x7f, ==, want[nh].fcf);
            g_assert_true(ev->fcs_ok);
            g_assert_cmpint(ev->modem, ==, FAX_MODEM_V21);
            if (nh == 0)
                g_assert_cmpmem(ev->buf, ev->len, csi, sizeof csi);
            if (nh == 1)
                g_assert_cmpmem(ev->buf, ev->len, dis, sizeof dis);
            nh++;
            break;
        case FAX_EV_NONECM_DATA:
            g_assert_cmpint(ev->side, ==, FAX_SIDE_A);
            g_assert_cmpint(ev->modem, ==, FAX_MODEM_V17_14400);
            octets += ev->count;
            break;
        case FAX_EV_NONECM_END:
            n_nonecm_end++;
            break;
        case FAX_EV_INDICATOR:
            n_ind++;
            break;
        case FAX_EV_LOSS:
            g_assert_not_reached();
        }
    }
    g_assert_cmpuint(nh, ==, G_N_ELEMENTS(want));
    g_assert_cmpuint(n_nonecm_end, ==, 2);        /* TCF, page */
    g_assert_cmpuint(octets, >, 0);

    const t38_stream_stats *a = t38_stream_get_stats(st[0]);
    const t38_stream_stats *b = t38_stream_get_stats(st[1]);
    g_test_message("A: %u pkts, %u dup; B: %u pkts, %u dup; %u indicator events, "
                   "%u non-ECM octets", a->packets, a->duplicates, b->packets,
                   b->duplicates, n_ind, octets);
    g_assert_cmpuint(a->duplicates, ==, 142);
    g_assert_cmpuint(a->missing + b->missing, ==, 0);
    g_assert_cmpuint(a->malformed + b->malformed, ==, 0);
    g_assert_cmpuint(a->hdlc_frames, ==, 4);
    g_assert_cmpuint(b->hdlc_frames, ==, 4);
    g_assert_false(a->post_corrigendum);
    g_assert_false(b->post_corrigendum);
    t38_stream_free(st[0]);
    t38_stream_free(st[1]);
    g_free(r);
}

/* Crafted AST-2016-003 trace: seq wraps at 65535, every third missing,
 * bogus redundancy.  Must not crash and must count sensibly. */
static void
test_real_ast_2016_003(void)
{
    t38_stream *s = t38_stream_new(FAX_SIDE_A);
    recorder *r = g_new0(recorder, 1);

    for (guint i = 0; i < G_N_ELEMENTS(ast_2016_003); i++)
        feed_hex(s, ast_2016_003[i].hex, ast_2016_003[i].frame, r, NULL);
    const t38_stream_stats *st = t38_stream_get_stats(s);
    g_test_message("ast-2016-003: packets %u malformed %u dup %u reordered %u "
                   "missing %u recovered %u lost %u wraps %u frames %u dropped %u",
                   st->packets, st->malformed, st->duplicates, st->reordered,
                   st->missing, st->recovered, st->lost, st->wraps,
                   st->hdlc_frames, st->hdlc_dropped);
    g_assert_cmpuint(st->packets, ==, G_N_ELEMENTS(ast_2016_003));
    g_assert_cmpuint(st->wraps, ==, 1);
    g_assert_cmpuint(st->missing, >, 0);
    g_assert_cmpuint(st->missing, ==, st->recovered + st->lost);
    g_assert_cmpuint(st->resyncs, ==, 0);
    t38_stream_free(s);
    g_free(r);
}

/* Redundancy fills a gap in the middle of an HDLC frame. */
static void
test_redundancy_recovery(void)
{
    t38_stream *s = t38_stream_new(FAX_SIDE_B);
    recorder *r = g_new0(recorder, 1);
    t38_packet_note note;

    feed_hex(s, "0000" "06c001800000ff" "0000", 10, r, NULL);
    /* seq 2 carries seq 1 (hdlc-data [13]) and seq 0 */
    feed_hex(s, "0002" "03c00120" "0002" "06c00180000013" "06c001800000ff", 12, r, &note);
    g_assert_cmpuint(note.recovered, ==, 1);
    g_assert_cmpuint(note.lost, ==, 0);
    g_assert_cmpuint(r->n, ==, 1);
    g_assert_cmpint(r->e[0].ev.kind, ==, FAX_EV_HDLC);
    g_assert_cmpuint(r->e[0].ev.len, ==, 2);
    g_assert_cmphex(r->e[0].ev.buf[1], ==, 0x13);
    g_assert_cmpuint(r->e[0].ev.frame, ==, 12);
    g_assert_cmpint(r->e[0].ev.side, ==, FAX_SIDE_B);
    const t38_stream_stats *st = t38_stream_get_stats(s);
    g_assert_cmpuint(st->missing, ==, 1);
    g_assert_cmpuint(st->recovered, ==, 1);
    g_assert_true(st->used_redundancy);
    t38_stream_free(s);
    g_free(r);
}

/* A loss in the middle of a frame (T.38 9.1, no redundancy): LOSS, then the
 * frame once, marked damaged, with the octets before the loss in place. */
static void
test_loss_mid_frame(void)
{
    t38_stream *s = t38_stream_new(FAX_SIDE_A);
    recorder *r = g_new0(recorder, 1);
    t38_packet_note note;

    feed_ifp(s, 7, "c001800000ff", 1, r, NULL);
    feed_ifp(s, 8, "c00180000013", 2, r, NULL);
    feed_ifp(s, 11, "c00180000014", 3, r, &note);   /* 9, 10 lost */
    g_assert_cmpuint(note.lost, ==, 2);
    feed_ifp(s, 12, "c00120", 4, r, NULL);          /* fcs-OK */
    g_assert_cmpuint(r->n, ==, 2);
    g_assert_cmpint(r->e[0].ev.kind, ==, FAX_EV_LOSS);
    g_assert_cmpuint(r->e[0].ev.count, ==, 2);
    g_assert_cmpuint(r->e[0].ev.frame, ==, 3);
    g_assert_cmpint(r->e[1].ev.kind, ==, FAX_EV_HDLC);
    g_assert_true(r->e[1].ev.damaged);
    g_assert_false(r->e[1].ev.no_end);
    g_assert_cmpuint(r->e[1].ev.len, ==, 3);        /* ff 13 | 14 */
    g_assert_cmpuint(r->e[1].ev.intact, ==, 2);     /* ff 13 in place */
    g_assert_cmpuint(r->e[1].ev.lost, ==, 2);
    g_assert_cmpuint(r->e[1].ev.first_frame, ==, 1);
    g_assert_cmpuint(r->e[1].ev.frame, ==, 4);
    const t38_stream_stats *st = t38_stream_get_stats(s);
    g_assert_cmpuint(st->lost, ==, 2);
    g_assert_cmpuint(st->hdlc_dropped, ==, 0);
    g_assert_cmpuint(st->hdlc_damaged, ==, 1);
    g_assert_cmpuint(st->hdlc_frames, ==, 0);
    t38_stream_free(s);
    g_free(r);
}

/* Loss right after a frame's FCS marker: the next frame's start may have
 * been lost, so nothing of it is in place; loss before a new signal
 * (indicator) does not touch the frame after that signal. */
static void
test_loss_before_frame(void)
{
    t38_stream *s = t38_stream_new(FAX_SIDE_A);
    recorder *r = g_new0(recorder, 1);

    feed_ifp(s, 0, "c001800000ff", 1, r, NULL);     /* hdlc-data ff */
    feed_ifp(s, 1, "c00120", 2, r, NULL);           /* fcs-OK: a clean frame */
    feed_ifp(s, 3, "c00180000013", 3, r, NULL);     /* 2 lost */
    feed_ifp(s, 4, "c00120", 4, r, NULL);
    /* frame 1 (1 octet: short, but clean), LOSS, damaged frame */
    g_assert_cmpuint(r->n, ==, 3);
    g_assert_false(r->e[0].ev.damaged);
    g_assert_cmpint(r->e[1].ev.kind, ==, FAX_EV_LOSS);
    g_assert_true(r->e[2].ev.damaged);
    g_assert_cmpuint(r->e[2].ev.intact, ==, 0);
    g_assert_cmpuint(r->e[2].ev.lost, ==, 1);
    g_assert_cmpuint(r->e[2].ev.len, ==, 1);
    /* loss, then a new indicator, then a clean frame: not damaged */
    feed_ifp(s, 7, "06", 5, r, NULL);               /* 5, 6 lost; V.21 preamble */
    feed_ifp(s, 8, "c001800000ff", 6, r, NULL);
    feed_ifp(s, 9, "c00120", 7, r, NULL);
    g_assert_cmpuint(r->n, ==, 6);
    g_assert_cmpint(r->e[3].ev.kind, ==, FAX_EV_LOSS);
    g_assert_cmpint(r->e[4].ev.kind, ==, FAX_EV_INDICATOR);
    g_assert_cmpint(r->e[5].ev.kind, ==, FAX_EV_HDLC);
    g_assert_false(r->e[5].ev.damaged);
    /* only an FCS marker after a loss: a frame lost whole */
    feed_ifp(s, 11, "c00120", 8, r, NULL);          /* 10 lost */
    g_assert_cmpuint(r->n, ==, 8);
    g_assert_true(r->e[7].ev.damaged);
    g_assert_cmpuint(r->e[7].ev.len, ==, 0);
    /* a frame cut by loss and then a new signal: handed over, no end */
    feed_ifp(s, 12, "c001800000ff", 9, r, NULL);
    feed_ifp(s, 14, "02", 10, r, NULL);             /* 13 lost; CNG */
    g_assert_cmpuint(r->n, ==, 11);
    g_assert_cmpint(r->e[8].ev.kind, ==, FAX_EV_LOSS);
    g_assert_true(r->e[9].ev.damaged);
    g_assert_true(r->e[9].ev.no_end);
    g_assert_cmpuint(r->e[9].ev.intact, ==, 1);
    g_assert_cmpint(r->e[10].ev.kind, ==, FAX_EV_INDICATOR);
    t38_stream_free(s);
    g_free(r);
}

/* Wrap, duplicates, reordering. */
static void
test_sequence(void)
{
    t38_stream *s = t38_stream_new(FAX_SIDE_A);
    recorder *r = g_new0(recorder, 1);
    t38_packet_note note;

    feed_ifp(s, 65534, "00", 1, r, NULL);
    feed_ifp(s, 65535, "02", 2, r, NULL);
    feed_ifp(s, 0, "00", 3, r, NULL);
    feed_ifp(s, 0, "00", 4, r, &note);
    g_assert_true(note.duplicate);
    feed_ifp(s, 2, "02", 5, r, NULL);               /* 1 lost */
    feed_ifp(s, 1, "04", 6, r, &note);              /* late */
    g_assert_true(note.reordered);
    g_assert_cmpuint(note.seq, ==, 1);
    feed_ifp(s, 1, "04", 7, r, &note);              /* and again */
    g_assert_true(note.duplicate);
    const t38_stream_stats *st = t38_stream_get_stats(s);
    g_assert_cmpuint(st->wraps, ==, 1);
    g_assert_cmpuint(st->duplicates, ==, 2);
    g_assert_cmpuint(st->reordered, ==, 1);
    g_assert_cmpuint(st->missing, ==, 1);
    g_assert_cmpuint(st->lost, ==, 1);
    /* events: no-signal, cng, no-signal, LOSS, cng (the late ced is not fed) */
    g_assert_cmpuint(r->n, ==, 5);
    g_assert_cmpint(r->e[3].ev.kind, ==, FAX_EV_LOSS);
    g_assert_cmpint(r->e[4].ev.indicator, ==, FAX_IND_CNG);

    /* far back: a restart */
    feed_ifp(s, 30000, "06", 8, r, NULL);
    g_assert_cmpuint(st->resyncs, ==, 0);           /* a (big) jump ahead */
    feed_ifp(s, 5, "00", 9, r, NULL);
    g_assert_cmpuint(st->resyncs, ==, 1);
    feed_ifp(s, 6, "02", 10, r, &note);
    g_assert_false(note.reordered || note.duplicate);
    t38_stream_free(s);
    g_free(r);
}

/* Indicators are events only when they change. */
static void
test_indicator_dedupe(void)
{
    t38_stream *s = t38_stream_new(FAX_SIDE_A);
    recorder *r = g_new0(recorder, 1);
    static const char *const ind[] = { "00", "00", "00", "02", "02", "00", "1e" };

    for (guint i = 0; i < G_N_ELEMENTS(ind); i++)
        feed_ifp(s, (guint16)i, ind[i], i + 1, r, NULL);
    g_assert_cmpuint(r->n, ==, 4);
    g_assert_cmpint(r->e[0].ev.indicator, ==, FAX_IND_NO_SIGNAL);
    g_assert_cmpint(r->e[1].ev.indicator, ==, FAX_IND_CNG);
    g_assert_cmpint(r->e[2].ev.indicator, ==, FAX_IND_NO_SIGNAL);
    g_assert_cmpint(r->e[3].ev.indicator, ==, FAX_IND_V17_14400_LONG_TRAINING);
    g_assert_cmpuint(r->e[3].ev.frame, ==, 7);
    t38_stream_free(s);
    g_free(r);
}

/* Non-ECM data and sig-end; several HDLC frames in one IFP. */
static void
test_nonecm_and_multi(void)
{
    t38_stream *s = t38_stream_new(FAX_SIDE_A);
    recorder *r = g_new0(recorder, 1);

    /* v17-14400 t4-non-ecm-data 3 octets, then sig-end with 2 octets */
    feed_ifp(s, 0, "d001" "e00002" "010203", 1, r, NULL);
    feed_ifp(s, 1, "d001" "f00001" "0405", 2, r, NULL);
    g_assert_cmpuint(r->n, ==, 3);
    g_assert_cmpint(r->e[0].ev.kind, ==, FAX_EV_NONECM_DATA);
    g_assert_cmpuint(r->e[0].ev.count, ==, 3);
    g_assert_cmpint(r->e[0].ev.modem, ==, FAX_MODEM_V17_14400);
    g_assert_cmpint(r->e[1].ev.kind, ==, FAX_EV_NONECM_DATA);
    g_assert_cmpuint(r->e[1].ev.count, ==, 2);
    g_assert_cmpint(r->e[2].ev.kind, ==, FAX_EV_NONECM_END);

    /* v21: [hdlc-data ff13, fcs-OK, hdlc-data ff14, fcs-BAD-sig-end] (pre:
     * fcs-OK 0010 then hdlc-data 1000 -> 0x28, len, data; fcs-BAD-sig-end
     * 0101 -> 0x50) */
    feed_ifp(s, 2, "c004" "800001ff13" "28" "0001ff14" "50", 3, r, NULL);
    g_assert_cmpuint(r->n, ==, 5);
    g_assert_cmpint(r->e[3].ev.kind, ==, FAX_EV_HDLC);
    g_assert_true(r->e[3].ev.fcs_ok);
    g_assert_cmphex(r->e[3].ev.buf[1], ==, 0x13);
    g_assert_cmpint(r->e[4].ev.kind, ==, FAX_EV_HDLC);
    g_assert_false(r->e[4].ev.fcs_ok);
    g_assert_cmphex(r->e[4].ev.buf[1], ==, 0x14);

    /* sig-end with pending data and no verdict: dropped */
    feed_ifp(s, 3, "c001800000ff", 4, r, NULL);
    feed_ifp(s, 4, "c00110", 5, r, NULL);
    g_assert_cmpuint(r->n, ==, 5);
    g_assert_cmpuint(t38_stream_get_stats(s)->hdlc_dropped, ==, 1);
    t38_stream_free(s);
    g_free(r);
}

/* A frame longer than T38_HDLC_MAX is cut and counted. */
static void
test_overlong(void)
{
    t38_stream *s = t38_stream_new(FAX_SIDE_A);
    recorder *r = g_new0(recorder, 1);
    GString *ifp = g_string_new("c001800257");      /* 600 octets */

    for (guint i = 0; i < 600; i++)
        g_string_append(ifp, "aa");
    feed_ifp(s, 0, ifp->str, 1, r, NULL);
    feed_ifp(s, 1, ifp->str, 2, r, NULL);
    feed_ifp(s, 2, "c00120", 3, r, NULL);
    g_assert_cmpuint(r->n, ==, 1);
    g_assert_cmpuint(r->e[0].ev.len, ==, T38_HDLC_MAX);
    g_assert_cmpuint(t38_stream_get_stats(s)->hdlc_overlong, ==, 1);
    g_string_free(ifp, TRUE);
    t38_stream_free(s);
    g_free(r);
}

/* A packet that only decodes post-corrigendum switches the stream. */
static void
test_post_corrigendum(void)
{
    t38_stream *s = t38_stream_new(FAX_SIDE_A);
    recorder *r = g_new0(recorder, 1);
    t38_packet_note note;

    feed_ifp(s, 0, "06", 1, r, &note);              /* v21-preamble */
    g_assert_false(note.post_corrigendum);
    /* cm-message (extension field type): pre leaves an octet unread */
    feed_ifp(s, 1, "c001" "c000" "0000" "aa", 2, r, &note);
    g_assert_true(note.decoded);
    g_assert_true(note.post_corrigendum);
    g_assert_true(t38_stream_get_stats(s)->post_corrigendum);
    /* now 0x10 is hdlc-fcs-OK (pre would read hdlc-sig-end) */
    feed_ifp(s, 2, "c002" "800001ff13" "10", 3, r, NULL);
    g_assert_cmpuint(r->n, ==, 2);
    g_assert_cmpint(r->e[1].ev.kind, ==, FAX_EV_HDLC);
    g_assert_true(r->e[1].ev.fcs_ok);
    g_assert_cmpuint(r->e[1].ev.len, ==, 2);
    t38_stream_free(s);
    g_free(r);
}

/* FEC (T.38 9.1.2.2, spandsp layout): one entry over span 3. */
static void
test_fec_recovery(void)
{
    t38_stream *s = t38_stream_new(FAX_SIDE_A);
    recorder *r = g_new0(recorder, 1);
    t38_packet_note note;
    /* IFPs of seq 1..3: hdlc-data [ff], [13] + fcs-OK, no-signal */
    guint8 p1[] = { 0xc0, 0x01, 0x80, 0x00, 0x00, 0xff };
    guint8 p2[] = { 0xc0, 0x02, 0x80, 0x00, 0x00, 0x13, 0x20 };
    guint8 p3[] = { 0x00 };
    guint8 x[7] = { 0 };
    char *hex;

    for (guint i = 0; i < sizeof p1; i++) x[i] ^= p1[i];
    for (guint i = 0; i < sizeof p2; i++) x[i] ^= p2[i];
    for (guint i = 0; i < sizeof p3; i++) x[i] ^= p3[i];

    feed_hex(s, "0000" "0102" "80" "0100" "00", 1, r, NULL);       /* cng, no FEC */
    feed_hex(s, "0001" "06c001800000ff" "80" "0100" "00", 2, r, NULL);
    /* seq 2 lost; seq 3 arrives with FEC over 0..2 (does not cover 2 alone) */
    feed_hex(s, "0003" "0100" "80" "0100" "00", 4, r, &note);
    g_assert_cmpuint(note.lost, ==, 1);
    t38_stream_free(s);

    /* again, with seq 4 carrying FEC over 3, 2, 1 while 3 is lost */
    s = t38_stream_new(FAX_SIDE_A);
    r->n = 0;
    feed_hex(s, "0000" "0102" "80" "0100" "00", 1, r, NULL);
    feed_hex(s, "0001" "06c001800000ff" "80" "0100" "00", 2, r, NULL);
    feed_hex(s, "0002" "07c00280000013" "20" "80" "0100" "00", 3, r, NULL);
    /* seq 3 = p3 (no-signal) lost; seq 4 FEC = p1 ^ p2 ^ p3 */
    hex = g_strdup_printf("0004" "0102" "80" "0103" "01" "07"
                          "%02x%02x%02x%02x%02x%02x%02x",
                          x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
    feed_hex(s, hex, 5, r, &note);
    g_free(hex);
    g_assert_cmpuint(note.recovered, ==, 1);
    g_assert_cmpuint(note.lost, ==, 0);
    const t38_stream_stats *st = t38_stream_get_stats(s);
    g_assert_true(st->used_fec);
    g_assert_cmpuint(st->recovered, ==, 1);
    /* events: cng, HDLC ff13, no-signal (rebuilt, zero-padded), cng */
    g_assert_cmpuint(r->n, ==, 4);
    g_assert_cmpint(r->e[1].ev.kind, ==, FAX_EV_HDLC);
    g_assert_cmpint(r->e[2].ev.kind, ==, FAX_EV_INDICATOR);
    g_assert_cmpint(r->e[2].ev.indicator, ==, FAX_IND_NO_SIGNAL);
    g_assert_cmpuint(r->e[2].ev.frame, ==, 5);
    t38_stream_free(s);
    g_free(r);
}

/* Names and rates. */
static void
test_names(void)
{
    g_assert_cmpstr(fax_modem_name(FAX_MODEM_V17_14400), ==, "V.17 14400");
    g_assert_cmpuint(fax_modem_rate(FAX_MODEM_V29_9600), ==, 9600);
    g_assert_cmpuint(fax_modem_rate(FAX_MODEM_V21), ==, 0);
    g_assert_cmpuint(fax_modem_rate(FAX_MODEM_NONE), ==, 0);
    g_assert_cmpstr(fax_indicator_name(FAX_IND_CED), ==, "CED");
    g_assert_nonnull(fax_indicator_name(FAX_IND_COUNT));
    g_assert_nonnull(fax_modem_name(FAX_MODEM_COUNT));
}

/* Random datagrams into one stream: never crash, counters consistent. */
static void
test_fuzz(void)
{
    GRand *g = g_rand_new_with_seed(0x38);
    t38_stream *s = t38_stream_new(FAX_SIDE_A);

    for (guint i = 0; i < 40000; i++) {
        guint8 src[1500];
        guint n;
        if (i % 3 == 0) {
            n = g_rand_int_range(g, 0, 64);
            for (guint k = 0; k < n; k++)
                src[k] = (guint8)g_rand_int(g);
        } else {
            const char *hex = i % 3 == 1
                ? t38faxcap_sample[g_rand_int_range(g, 0, G_N_ELEMENTS(t38faxcap_sample))].hex
                : ast_2016_003[g_rand_int_range(g, 0, G_N_ELEMENTS(ast_2016_003))].hex;
            n = unhex(hex, src, sizeof src);
            if (n > 2 && g_rand_boolean(g))
                src[g_rand_int_range(g, 0, n)] ^= (guint8)(1u << g_rand_int_range(g, 0, 8));
            if (n > 0 && g_rand_int_range(g, 0, 8) == 0)
                n = g_rand_int_range(g, 0, n);
        }
        guint8 *b = g_malloc(n ? n : 1);
        memcpy(b, src, n);
        t38_packet_note note;
        t38_stream_feed(s, b, n, i, i * 0.01, NULL, NULL, &note);
        g_free(b);
        if (i % 10000 == 9999) {
            t38_stream_free(s);
            s = t38_stream_new(FAX_SIDE_B);
        }
    }
    t38_stream_free(s);
    g_rand_free(g);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/t38-stream/real/t38faxcap-sample", test_real_sample);
    g_test_add_func("/t38-stream/real/ast-2016-003", test_real_ast_2016_003);
    g_test_add_func("/t38-stream/redundancy", test_redundancy_recovery);
    g_test_add_func("/t38-stream/loss-mid-frame", test_loss_mid_frame);
    g_test_add_func("/t38-stream/loss-before-frame", test_loss_before_frame);
    g_test_add_func("/t38-stream/sequence", test_sequence);
    g_test_add_func("/t38-stream/indicators", test_indicator_dedupe);
    g_test_add_func("/t38-stream/nonecm-multi", test_nonecm_and_multi);
    g_test_add_func("/t38-stream/overlong", test_overlong);
    g_test_add_func("/t38-stream/post-corrigendum", test_post_corrigendum);
    g_test_add_func("/t38-stream/fec", test_fec_recovery);
    g_test_add_func("/t38-stream/names", test_names);
    g_test_add_func("/t38-stream/fuzz", test_fuzz);
    return g_test_run();
}
