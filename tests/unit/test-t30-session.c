/* test-t30-session.c: unit tests of the T.30 session model, fed with event
 * sequences built from real frames (t38faxcap-sample.pcap, the nrusso H.323
 * ECM capture) and from T.30 Table 2 codes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "t30-session.h"

#define A FAX_SIDE_A   /* calling side: the transmitter in these tests */
#define B FAX_SIDE_B   /* called side: CSI/DIS, the receiver */

typedef struct {
    t30_session *s;
    guint32 frame;
    double t;
    fax_note note;
} ctx;

static void
ctx_init(ctx *c)
{
    memset(c, 0, sizeof(*c));
    c->s = t30_session_new();
    c->t = 1000.0;
}

static void
feed(ctx *c, fax_event *ev, double dt)
{
    c->t += dt;
    ev->frame = ++c->frame;
    ev->t = c->t;
    t30_session_feed(c->s, ev, &c->note);
}

static void
hdlc(ctx *c, fax_side side, double dt, const guint8 *b, guint len, gboolean fcs_ok)
{
    fax_event ev = { 0 };
    ev.kind = FAX_EV_HDLC;
    ev.side = side;
    ev.modem = FAX_MODEM_V21;
    ev.buf = b;
    ev.len = len;
    ev.fcs_ok = fcs_ok;
    feed(c, &ev, dt);
}

#define HDLC(c, side, dt, ...) do { \
        static const guint8 b_[] = { __VA_ARGS__ }; \
        hdlc((c), (side), (dt), b_, sizeof(b_), TRUE); \
    } while (0)

static void
data(ctx *c, fax_side side, double dt, guint count)
{
    fax_event ev = { 0 };
    ev.kind = FAX_EV_NONECM_DATA;
    ev.side = side;
    ev.count = count;
    feed(c, &ev, dt);
}

static void
data_end(ctx *c, fax_side side, double dt)
{
    fax_event ev = { 0 };
    ev.kind = FAX_EV_NONECM_END;
    ev.side = side;
    feed(c, &ev, dt);
}

static void
indicator(ctx *c, fax_side side, double dt, fax_indicator ind)
{
    fax_event ev = { 0 };
    ev.kind = FAX_EV_INDICATOR;
    ev.side = side;
    ev.indicator = ind;
    feed(c, &ev, dt);
}

/* The ladder's K-th message (from the end when K < 0), T.38 indicators
 * (CNG, CED, training) skipped. */
static const t30_ladder_item *
msg_ladder(const t30_summary *m, gint k)
{
    guint n = 0, i;
    const t30_ladder_item *v[T30_MAX_LADDER];
    for (i = 0; i < m->n_ladder; i++)
        if (!m->ladder[i].is_indicator)
            v[n++] = &m->ladder[i];
    if (k < 0)
        k += (gint)n;
    g_assert_true(k >= 0 && (guint)k < n);
    return v[k];
}

static guint
n_indicators(const t30_summary *m)
{
    guint n = 0;
    for (guint i = 0; i < m->n_ladder; i++)
        n += m->ladder[i].is_indicator ? 1 : 0;
    return n;
}

/* TCF: 1.5 s of zeros */
static void
tcf(ctx *c)
{
    int i;
    data(c, A, 0.1, 540);
    for (i = 0; i < 5; i++)
        data(c, A, 0.3, 540);
    data_end(c, A, 0.0);
}

static void
page(ctx *c, guint bursts)
{
    guint i;
    for (i = 0; i < bursts; i++)
        data(c, A, 0.1, 1000);
    data_end(c, A, 0.05);
}

/* Real frames, as reassembled by Wireshark (address, control, FCF, FIF) */
#define F_CSI_FAX 0xff, 0xc0, 0x02, 0x1e, 0x86, 0x62, 0x04, 0x04, 0x04, 0x04, 0x04, \
                  0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04
#define F_DIS_SAMPLE 0xff, 0xc8, 0x01, 0x20, 0x77, 0x1f, 0x23, 0x01, 0x89, 0x01, 0x01, 0x01, 0x18
#define F_DCS_SAMPLE 0xff, 0xc8, 0xc1, 0x00, 0x47, 0x1e       /* V.17 14400 */
#define F_DIS_H323 0xff, 0xc8, 0x01, 0x00, 0x72, 0x1d, 0x21, 0x01, 0x88
#define F_DCS_H323 0xff, 0xc8, 0xc1, 0x00, 0x60, 0x1f, 0x21, 0x01, 0x00 /* V.29 9600 ECM */
#define F_CFR 0xff, 0xc8, 0x21
#define F_FTT 0xff, 0xc8, 0x22
#define F_MCF 0xff, 0xc8, 0x31
#define F_RTN 0xff, 0xc8, 0x32
#define F_MPS 0xff, 0xc8, 0xf2
#define F_EOP 0xff, 0xc8, 0xf4
#define F_DCN 0xff, 0xc8, 0xdf
#define F_PPS_MPS 0xff, 0xc8, 0xfd, 0xf2, 0x00, 0x00, 0xf0
#define F_PPS_EOP 0xff, 0xc8, 0xfd, 0xf4, 0x80, 0x00, 0xf0

/* DCS at a T.30 Table 2 rate code (bits 11-14), fine, 2-D */
static void
dcs(ctx *c, double dt, guint code)
{
    guint8 b[6] = { 0xff, 0xc8, 0xc1, 0x00, 0x43, 0x1e };
    b[4] = (guint8)(0x40 | (code << 2) | 0x03);
    hdlc(c, A, dt, b, sizeof(b), TRUE);
}

static guint
count_findings(const t30_summary *m, fax_finding_kind k)
{
    guint i, n = 0;
    for (i = 0; i < m->n_findings; i++)
        if (m->findings[i].kind == k)
            n++;
    return n;
}

static const fax_finding *
find(const t30_summary *m, fax_finding_kind k)
{
    guint i;
    for (i = 0; i < m->n_findings; i++)
        if (m->findings[i].kind == k)
            return &m->findings[i];
    return NULL;
}

static void
start_call(ctx *c, gboolean ecm)
{
    indicator(c, B, 0.0, FAX_IND_CED);
    HDLC(c, B, 0.5, F_CSI_FAX);
    if (ecm)
        HDLC(c, B, 0.1, F_DIS_H323);
    else
        HDLC(c, B, 0.1, F_DIS_SAMPLE);
}

static void
test_clean_non_ecm(void)
{
    ctx c;
    const t30_summary *m;
    guint32 cfr_frame;

    ctx_init(&c);
    start_call(&c, FALSE);
    g_assert_cmpint(c.note.phase, ==, FAX_PHASE_B);
    HDLC(&c, A, 1.0, 0xff, 0xc0, 0xc2, 0x1e, 0x86, 0x62, 0x04, 0x04, 0x04, 0x04,
         0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04);
    HDLC(&c, A, 0.1, F_DCS_SAMPLE);
    g_assert_cmpint(c.note.fcf, ==, 0x41);
    g_assert_true(c.note.x_bit);
    g_assert_cmpuint(c.note.training, ==, 1);
    g_assert_cmpuint(c.note.rate, ==, 14400);
    indicator(&c, A, 0.1, FAX_IND_V17_14400_LONG_TRAINING);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    cfr_frame = c.frame;
    g_assert_cmpuint(c.note.answers, ==, 5);  /* the DCS */
    g_assert_cmpuint(c.note.tcf_frame, ==, cfr_frame - 1);
    page(&c, 20);
    g_assert_cmpint(c.note.phase, ==, FAX_PHASE_C);
    g_assert_cmpuint(c.note.page, ==, 1);
    HDLC(&c, A, 1.0, F_MPS);
    g_assert_cmpint(c.note.phase, ==, FAX_PHASE_D);
    HDLC(&c, B, 0.5, F_MCF);
    g_assert_cmpuint(c.note.page, ==, 1);
    page(&c, 10);
    g_assert_cmpuint(c.note.page, ==, 2);
    HDLC(&c, A, 1.0, F_EOP);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 0.5, F_DCN);
    g_assert_cmpint(c.note.phase, ==, FAX_PHASE_E);
    t30_session_finish(c.s, c.t + 1, c.frame, TRUE);
    m = t30_session_summary(c.s);

    g_assert_cmpstr(m->side[B].ident, ==, "Fax");
    g_assert_cmpint(m->side[B].ident_fcf, ==, 0x02);
    g_assert_cmpint(m->side[A].ident_fcf, ==, 0x42);
    g_assert_true(m->side[B].has_dis);
    g_assert_cmpuint(m->side[B].dis_count, ==, 1);
    g_assert_true(m->side[B].dis.v17);
    g_assert_true(m->has_dcs);
    g_assert_cmpint(m->transmitter, ==, A);
    g_assert_cmpint(m->dcs.modem, ==, FAX_MODEM_V17_14400);
    g_assert_cmpuint(m->n_trainings, ==, 1);
    g_assert_cmpint(m->trainings[0].outcome, ==, T30_TRAIN_CFR);
    g_assert_cmpuint(m->trainings[0].answer_frame, ==, cfr_frame);
    g_assert_cmpuint(m->final_rate, ==, 14400);
    g_assert_cmpuint(m->n_pages, ==, 2);
    g_assert_cmpuint(m->pages_confirmed, ==, 2);
    g_assert_cmpuint(m->pages[0].bytes, ==, 20000);
    g_assert_cmpuint(m->pages[1].bytes, ==, 10000);
    g_assert_cmpint(m->pages[0].cmd_fcf, ==, 0x72);
    g_assert_cmpint(m->pages[1].cmd_fcf, ==, 0x74);
    g_assert_cmpint(m->pages[1].answer_fcf, ==, 0x31);
    g_assert_cmpuint(m->pages[0].rate, ==, 14400);
    g_assert_false(m->pages[0].ecm);
    g_assert_cmpuint(m->dcn_frame, ==, c.frame);
    g_assert_cmpint(m->dcn_side, ==, A);
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    g_assert_cmpint(m->reason, ==, T30_REASON_OK);
    g_assert_cmpstr(m->result_text, ==, "Fax sent: 2 pages, all confirmed (V.17 14400)");
    g_assert_cmpstr(find(m, FAX_FIND_SUMMARY)->text, ==, "2 pages sent, 2 confirmed, V.17 14400");
    g_assert_cmpuint(find(m, FAX_FIND_SUMMARY)->frame, ==, c.frame);
    g_assert_cmpuint(count_findings(m, FAX_FIND_MALFORMED), ==, 0);
    g_assert_cmpuint(count_findings(m, FAX_FIND_SILENCE), ==, 0);
    g_assert_true(m->t_phase[FAX_PHASE_A] > 0);
    g_assert_true(m->t_phase[FAX_PHASE_B] > m->t_phase[FAX_PHASE_A]);
    g_assert_true(m->t_phase[FAX_PHASE_C] > m->t_phase[FAX_PHASE_B]);
    g_assert_true(m->t_phase[FAX_PHASE_E] > m->t_phase[FAX_PHASE_D]);
    /* ladder: CSI DIS TSI DCS TCF CFR page MPS MCF page EOP MCF DCN */
    g_assert_cmpuint(m->n_ladder - n_indicators(m), ==, 13);
    g_assert_cmpuint(n_indicators(m), ==, 2);   /* CNG, CED */
    g_assert_cmpstr(msg_ladder(m, 0)->text, ==, "CSI \"Fax\"");
    g_assert_cmpstr(msg_ladder(m, 3)->text, ==, "DCS V.17 14400, fine, A4, MR");
    g_assert_cmpstr(msg_ladder(m, 4)->text, ==, "TCF 1.5 s");
    g_assert_cmpint(msg_ladder(m, 4)->fcf, ==, -1);
    g_assert_cmpstr(msg_ladder(m, 5)->text, ==, "CFR 14400");
    g_assert_cmpuint(msg_ladder(m, 6)->page, ==, 1);
    g_assert_cmpstr(msg_ladder(m, 12)->text, ==, "DCN");
    /* heap arrays: a clean 2-page fax needs no more than the first sizes */
    g_assert_cmpuint(m->cap_trainings, ==, 2);
    g_assert_cmpuint(m->cap_pages, ==, 2);
    g_assert_cmpuint(m->cap_ladder, ==, 16);
    g_assert_cmpuint(m->cap_findings, ==, 2);
    g_assert_cmpuint(m->n_ecm_blocks, ==, 0);
    g_assert_null(m->ecm_blocks);
    g_assert_null(m->ppr_rounds);
    t30_session_free(c.s);
}

static void
fcd(ctx *c, guint n)
{
    guint8 b[4 + 64];
    guint i;
    guint8 r = 0;
    for (i = 0; i < 8; i++)
        if (n & (1u << i))
            r |= (guint8)(0x80 >> i);
    b[0] = 0xff; b[1] = 0xc0; b[2] = 0x60; b[3] = r;
    for (i = 4; i < sizeof(b); i++)
        b[i] = (guint8)(i * 7);
    hdlc(c, A, 0.04, b, sizeof(b), TRUE);
}

static void
rcp(ctx *c)
{
    int i;
    for (i = 0; i < 3; i++)
        HDLC(c, A, 0.01, 0xff, 0xc8, 0x61);
}

/* PPR (T.30 A.4.4): 256-bit map, bit for frame 0 first */
static void
ppr(ctx *c, double dt, const guint *frames, guint n)
{
    guint8 b[3 + 32] = { 0xff, 0xc8, 0x3d };
    guint i;
    for (i = 0; i < n; i++)
        b[3 + frames[i] / 8] |= (guint8)(0x80u >> (frames[i] % 8));
    hdlc(c, B, dt, b, sizeof(b), TRUE);
}

/* PPS-x (T.30 A.4.3): post-page FCF, page, block, frames - 1, bit-reversed */
static void
pps(ctx *c, double dt, guint8 pp_fcf, guint page_ct, guint block_ct, guint frames)
{
    guint8 b[7] = { 0xff, 0xc8, 0xfd, pp_fcf, 0, 0, 0 };
    guint i;
    for (i = 0; i < 8; i++) {
        if (page_ct & (1u << i))
            b[4] |= (guint8)(0x80u >> i);
        if (block_ct & (1u << i))
            b[5] |= (guint8)(0x80u >> i);
        if ((frames - 1) & (1u << i))
            b[6] |= (guint8)(0x80u >> i);
    }
    hdlc(c, A, dt, b, sizeof(b), TRUE);
}

static void
test_ecm_ppr(void)
{
    ctx c;
    const t30_summary *m;
    const fax_finding *f;
    guint i;
    guint32 ppr_frame;

    ctx_init(&c);
    start_call(&c, TRUE);
    HDLC(&c, A, 1.0, F_DCS_H323);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    for (i = 0; i < 15; i++)
        fcd(&c, i);
    g_assert_true(c.note.ecm_data);
    g_assert_cmpuint(c.note.ecm_frame, ==, 14);
    g_assert_cmpuint(c.note.ecm_block, ==, 1);
    g_assert_cmpuint(c.note.page, ==, 1);
    g_assert_cmpint(c.note.fcf, ==, 0x60);
    rcp(&c);
    g_assert_true(c.note.ecm_data);
    HDLC(&c, A, 0.1, F_PPS_MPS);
    /* T.30 A.4.4: PPR asks for frames 3 and 7 */
    HDLC(&c, B, 0.5, 0xff, 0xc8, 0x3d, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    ppr_frame = c.frame;
    fcd(&c, 3);
    g_assert_cmpuint(c.note.resent_for, ==, ppr_frame);
    fcd(&c, 7);
    rcp(&c);
    HDLC(&c, A, 0.1, F_PPS_MPS);
    HDLC(&c, B, 0.5, F_MCF);
    for (i = 0; i < 15; i++)
        fcd(&c, i);
    g_assert_cmpuint(c.note.page, ==, 2);
    g_assert_cmpuint(c.note.resent_for, ==, 0);
    rcp(&c);
    HDLC(&c, A, 0.1, F_PPS_EOP);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 0.5, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, FALSE);
    m = t30_session_summary(c.s);

    g_assert_cmpuint(m->n_pages, ==, 2);
    g_assert_cmpuint(m->pages_confirmed, ==, 2);
    g_assert_true(m->pages[0].ecm);
    g_assert_cmpuint(m->pages[0].ecm_frames, ==, 15);
    g_assert_cmpuint(m->pages[0].frames_resent, ==, 2);
    g_assert_cmpuint(m->pages[0].ppr_count, ==, 1);
    g_assert_cmpuint(m->pages[0].blocks, ==, 1);
    g_assert_cmpuint(m->pages[0].bytes, ==, 17 * 64);
    g_assert_cmpint(m->pages[0].cmd_fcf, ==, 0x7D);
    g_assert_cmpint(m->pages[0].cmd_pps_fcf, ==, 0x72);
    g_assert_cmpuint(m->pages[0].cmd_repeats, ==, 0);
    g_assert_cmpint(m->pages[1].cmd_pps_fcf, ==, 0x74);
    g_assert_cmpuint(m->pages[1].ppr_count, ==, 0);
    f = find(m, FAX_FIND_PPR);
    g_assert_nonnull(f);
    g_assert_cmpuint(f->frame, ==, ppr_frame);
    g_assert_cmpstr(f->text, ==, "PPR on page 1 block 1: 2 frames to resend (3, 7)");
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    g_assert_cmpstr(m->result_text, ==, "Fax sent: 2 pages, all confirmed (V.29 9600, ECM)");
    g_assert_cmpstr(find(m, FAX_FIND_SUMMARY)->text, ==, "2 pages sent, 2 confirmed, V.29 9600, ECM");
    /* FCD/RCP never in the ladder, nor counted as commands */
    for (i = 0; i < m->n_ladder; i++) {
        g_assert_cmpint(m->ladder[i].fcf, !=, 0x60);
        g_assert_cmpint(m->ladder[i].fcf, !=, 0x61);
    }
    g_assert_cmpuint(count_findings(m, FAX_FIND_MALFORMED), ==, 0);
    /* ECM analytics: one block per page, one PPR round on page 1 */
    g_assert_cmpuint(m->n_ecm_blocks, ==, 2);
    g_assert_cmpuint(m->ecm_blocks[0].page, ==, 1);
    g_assert_cmpuint(m->ecm_blocks[0].block, ==, 1);
    g_assert_cmpuint(m->ecm_blocks[0].pps_frames, ==, 16);
    g_assert_cmpuint(m->ecm_blocks[0].frames_sent, ==, 15);
    g_assert_cmpuint(m->ecm_blocks[0].frames_resent, ==, 2);
    g_assert_cmpuint(m->ecm_blocks[0].ppr_rounds, ==, 1);
    g_assert_cmpuint(m->ecm_blocks[0].first_ppr_frame, ==, ppr_frame);
    g_assert_cmpint(m->ecm_blocks[0].answer_fcf, ==, 0x31);
    g_assert_cmpuint(m->ecm_blocks[1].page, ==, 2);
    g_assert_cmpuint(m->ecm_blocks[1].ppr_rounds, ==, 0);
    g_assert_cmpfloat(m->ecm_blocks[1].retx_time, ==, 0.0);
    g_assert_cmpuint(m->n_ppr_rounds, ==, 1);
    g_assert_cmpuint(m->ppr_rounds[0].ppr_frame, ==, ppr_frame);
    g_assert_cmpuint(m->ppr_rounds[0].requested, ==, 2);
    g_assert_cmpuint(m->ppr_rounds[0].resent, ==, 2);
    g_assert_cmpuint(m->ppr_rounds[0].n_listed, ==, 2);
    g_assert_cmpuint(m->ppr_rounds[0].frames[0], ==, 3);
    g_assert_cmpuint(m->ppr_rounds[0].frames[1], ==, 7);
    /* PPR at +0.5, FCD x2 (0.04 each), RCP x3 (0.01), PPS 0.1, MCF 0.5 */
    g_assert_cmpfloat_with_epsilon(m->ecm_blocks[0].retx_time, 0.08 + 0.03 + 0.1 + 0.5, 1e-9);
    g_assert_cmpfloat_with_epsilon(m->pages[0].ecm_retx_time, m->ecm_blocks[0].retx_time, 1e-9);
    t30_session_free(c.s);
}

/* Four PPR rounds, CTC/CTR, a fifth round, then MCF; a second block of the
 * same page with RNR/RR flow control; the retransmission time of block 1
 * runs from its first PPR to its MCF. */
static void
test_ecm_rounds_ctc_rnr(void)
{
    ctx c;
    const t30_summary *m;
    const t30_ecm_block *b;
    guint i, round;
    double t_ppr1 = 0, t_mcf;
    static const guint want[] = { 1, 2, 9, 40, 63 };

    ctx_init(&c);
    start_call(&c, TRUE);
    HDLC(&c, A, 1.0, F_DCS_H323);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    for (i = 0; i < 64; i++)
        fcd(&c, i);
    rcp(&c);
    pps(&c, 0.1, 0x00, 0, 0, 64);               /* PPS-NULL page 1 block 1 */
    for (round = 1; round <= 5; round++) {
        guint n = round == 5 ? 1 : 6 - round;   /* 5, 4, 3, 2 then 1 frame */
        ppr(&c, 0.5, want, n);
        if (round == 1)
            t_ppr1 = c.t;
        if (round == 4) {                       /* T.30 A.5: after 4 PPR */
            HDLC(&c, A, 0.2, 0xff, 0xc8, 0x48, 0x00, 0x00);   /* CTC */
            HDLC(&c, B, 0.2, 0xff, 0xc8, 0x23);               /* CTR */
        }
        for (i = 0; i < n; i++)
            fcd(&c, want[i]);
        rcp(&c);
        pps(&c, 0.1, 0x00, 0, 0, 64);
    }
    HDLC(&c, B, 0.5, F_MCF);
    t_mcf = c.t;
    /* block 2: the receiver is busy twice (RNR), polled with RR */
    for (i = 0; i < 10; i++)
        fcd(&c, i);
    rcp(&c);
    pps(&c, 0.1, 0xf4, 0, 1, 10);               /* PPS-EOP page 1 block 2 */
    HDLC(&c, B, 0.5, 0xff, 0xc8, 0x37);         /* RNR */
    HDLC(&c, A, 1.0, 0xff, 0xc8, 0x76);         /* RR */
    HDLC(&c, B, 0.5, 0xff, 0xc8, 0x37);         /* RNR */
    HDLC(&c, A, 1.0, 0xff, 0xc8, 0x76);         /* RR */
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 0.5, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);

    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    g_assert_cmpuint(m->n_pages, ==, 1);
    g_assert_cmpuint(m->pages[0].ppr_count, ==, 5);
    g_assert_cmpuint(m->pages[0].ctc_count, ==, 1);
    g_assert_cmpuint(m->pages[0].ctr_count, ==, 1);
    g_assert_cmpuint(m->pages[0].rr_count, ==, 2);
    g_assert_cmpuint(m->pages[0].rnr_count, ==, 2);
    g_assert_cmpuint(m->pages[0].eor_count, ==, 0);
    g_assert_cmpuint(m->pages[0].frames_resent, ==, 5 + 4 + 3 + 2 + 1);
    g_assert_cmpuint(m->n_ecm_blocks, ==, 2);
    b = &m->ecm_blocks[0];
    g_assert_cmpuint(b->block, ==, 1);
    g_assert_cmpuint(b->pps_frames, ==, 64);
    g_assert_cmpuint(b->frames_sent, ==, 64);
    g_assert_cmpuint(b->frames_resent, ==, 15);
    g_assert_cmpuint(b->ppr_rounds, ==, 5);
    g_assert_cmpuint(b->rounds_kept, ==, 5);
    g_assert_cmpuint(b->first_round, ==, 0);
    g_assert_cmpuint(b->ctc, ==, 1);
    g_assert_cmpuint(b->ctr, ==, 1);
    g_assert_cmpuint(b->rr + b->rnr + b->eor + b->err, ==, 0);
    g_assert_cmpint(b->answer_fcf, ==, 0x31);
    g_assert_cmpfloat_with_epsilon(b->retx_time, t_mcf - t_ppr1, 1e-9);
    b = &m->ecm_blocks[1];
    g_assert_cmpuint(b->block, ==, 2);
    g_assert_cmpuint(b->frames_sent, ==, 10);
    g_assert_cmpuint(b->frames_resent, ==, 0);
    g_assert_cmpuint(b->ppr_rounds, ==, 0);
    g_assert_cmpuint(b->rr, ==, 2);
    g_assert_cmpuint(b->rnr, ==, 2);
    g_assert_cmpfloat(b->retx_time, ==, 0.0);
    g_assert_cmpint(b->answer_fcf, ==, 0x31);
    g_assert_cmpfloat_with_epsilon(m->pages[0].ecm_retx_time, t_mcf - t_ppr1, 1e-9);
    g_assert_cmpuint(m->n_ppr_rounds, ==, 5);
    for (round = 0; round < 5; round++) {
        const t30_ppr_round *r = &m->ppr_rounds[round];
        guint n = round == 4 ? 1 : 5 - round;
        g_assert_cmpuint(r->round, ==, round + 1);
        g_assert_cmpuint(r->page, ==, 1);
        g_assert_cmpuint(r->block, ==, 1);
        g_assert_cmpuint(r->requested, ==, n);
        g_assert_cmpuint(r->resent, ==, n);
        g_assert_cmpuint(r->n_listed, ==, n);
        for (i = 0; i < n; i++)
            g_assert_cmpuint(r->frames[i], ==, want[i]);
    }
    g_assert_cmpuint(count_findings(m, FAX_FIND_PPR), ==, 5);
    g_assert_cmpuint(count_findings(m, FAX_FIND_CTC), ==, 1);
    t30_session_free(c.s);
}

/* EOR (T.30 A.5): the sender gives up the block; ERR ends it.  A PPR that
 * asks for every frame lists the first T30_PPR_LIST numbers only. */
static void
test_ecm_eor(void)
{
    ctx c;
    const t30_summary *m;
    const t30_ecm_block *b;
    guint all[256], i, round;

    for (i = 0; i < 256; i++)
        all[i] = i;
    ctx_init(&c);
    start_call(&c, TRUE);
    HDLC(&c, A, 1.0, F_DCS_H323);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    for (i = 0; i < 256; i++)
        fcd(&c, i);
    rcp(&c);
    pps(&c, 0.1, 0xf4, 0, 0, 256);             /* PPS-EOP */
    for (round = 0; round < 4; round++) {
        ppr(&c, 0.5, all, 256);
        if (round < 3) {
            for (i = 0; i < 256; i++)
                fcd(&c, i);
            rcp(&c);
            pps(&c, 0.1, 0xf4, 0, 0, 256);
        }
    }
    HDLC(&c, A, 0.2, 0xff, 0xc8, 0xf3, 0xf4);  /* EOR-EOP (X bit set) */
    HDLC(&c, B, 0.5, 0xff, 0xc8, 0x38);        /* ERR */
    HDLC(&c, A, 0.5, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);

    g_assert_cmpuint(m->n_ecm_blocks, ==, 1);
    b = &m->ecm_blocks[0];
    g_assert_cmpuint(b->frames_sent, ==, 256);
    g_assert_cmpuint(b->frames_resent, ==, 3 * 256);
    g_assert_cmpuint(b->ppr_rounds, ==, 4);
    g_assert_cmpuint(b->eor, ==, 1);
    g_assert_cmpuint(b->err, ==, 1);
    g_assert_cmpint(b->answer_fcf, ==, 0x38);
    g_assert_cmpfloat(b->retx_time, >, 0.0);
    g_assert_cmpuint(m->pages[0].eor_count, ==, 1);
    g_assert_cmpuint(m->pages[0].err_count, ==, 1);
    g_assert_cmpuint(m->n_ppr_rounds, ==, 4);
    g_assert_cmpuint(m->ppr_rounds[0].requested, ==, 256);
    g_assert_cmpuint(m->ppr_rounds[0].n_listed, ==, T30_PPR_LIST);
    g_assert_cmpuint(m->ppr_rounds[0].frames[T30_PPR_LIST - 1], ==, T30_PPR_LIST - 1);
    g_assert_cmpuint(m->ppr_rounds[0].resent, ==, 256);
    g_assert_cmpuint(m->ppr_rounds[3].resent, ==, 0);
    g_assert_cmpint(m->reason, ==, T30_REASON_ECM_FAILED);
    t30_session_free(c.s);
}

static void
test_training_settled(void)
{
    ctx c;
    const t30_summary *m;
    const fax_finding *f;
    guint i, ftt_ladder = 0;

    ctx_init(&c);
    start_call(&c, FALSE);
    dcs(&c, 1.0, 0x1);  tcf(&c); HDLC(&c, B, 0.5, F_FTT);
    g_assert_cmpuint(c.note.training, ==, 1);
    dcs(&c, 0.5, 0x1);  tcf(&c); HDLC(&c, B, 0.5, F_FTT);
    dcs(&c, 0.5, 0x5);  tcf(&c); HDLC(&c, B, 0.5, F_FTT);
    dcs(&c, 0.5, 0x9);  tcf(&c); HDLC(&c, B, 0.5, F_CFR);
    g_assert_cmpuint(c.note.training, ==, 4);
    g_assert_cmpuint(c.note.rate, ==, 9600);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->ftt_count, ==, 3);
    g_assert_cmpuint(m->n_trainings, ==, 4);
    g_assert_cmpuint(m->final_rate, ==, 9600);
    g_assert_cmpuint(count_findings(m, FAX_FIND_TRAINING_FTT), ==, 3);
    g_assert_cmpstr(m->findings[0].text, ==, "FTT at 14400");
    g_assert_cmpstr(m->findings[1].text, ==, "FTT at 14400 (x2)");
    g_assert_cmpstr(m->findings[2].text, ==, "FTT at 14400 (x2), 12000");
    f = find(m, FAX_FIND_TRAINING_SETTLED);
    g_assert_nonnull(f);
    g_assert_cmpstr(f->text, ==, "FTT at 14400 (x2), 12000; settled at 9600 after 4 attempts");
    g_assert_cmpuint(f->frame, ==, c.frame);
    for (i = 0; i < m->n_ladder; i++)
        if (m->ladder[i].fcf == 0x22) {
            ftt_ladder++;
            g_assert_cmpuint(m->ladder[i].training, ==, ftt_ladder);
        }
    g_assert_cmpuint(ftt_ladder, ==, 3);
    g_assert_cmpstr(msg_ladder(m, 2)->text, ==, "DCS V.17 14400, fine, A4, MR");
    g_assert_cmpstr(msg_ladder(m, 4)->text, ==, "FTT at 14400");
    g_assert_cmpstr(msg_ladder(m, -1)->text, ==, "CFR 9600");
    page(&c, 3);
    HDLC(&c, A, 1.0, F_EOP);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 0.5, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    g_assert_cmpstr(m->result_text, ==, "Fax sent: 1 page, all confirmed (V.17 9600, after FTT at 14400 (x2), 12000)");
    g_assert_cmpuint(m->pages[0].rate, ==, 9600);
    t30_session_free(c.s);
}

static void
test_training_failed(void)
{
    ctx c;
    const t30_summary *m;
    const fax_finding *f;
    static const guint codes[] = { 0x1, 0x5, 0x9, 0xD, 0x4, 0x0 };
    guint i;

    ctx_init(&c);
    start_call(&c, FALSE);
    for (i = 0; i < G_N_ELEMENTS(codes); i++) {
        dcs(&c, 0.5, codes[i]);
        tcf(&c);
        HDLC(&c, B, 0.5, F_FTT);
    }
    HDLC(&c, A, 0.5, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->ftt_count, ==, 6);
    g_assert_cmpuint(m->final_rate, ==, 0);
    f = find(m, FAX_FIND_TRAINING_FAILED);
    g_assert_nonnull(f);
    g_assert_cmpuint(f->frame, ==, c.frame);
    g_assert_cmpstr(f->text, ==,
                    "Training failed at every rate: FTT at 14400, 12000, 9600, 7200, 4800, 2400");
    g_assert_cmpint(m->result, ==, T30_RESULT_FAILED);
    g_assert_cmpint(m->reason, ==, T30_REASON_TRAINING_FAILED);
    g_assert_cmpstr(m->result_text, ==,
                    "Training failed at every rate: FTT at 14400, 12000, 9600, 7200, 4800, 2400");
    t30_session_free(c.s);
}

static void
test_rtn_not_resent(void)
{
    ctx c;
    const t30_summary *m;
    const fax_finding *f;

    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, A, 1.0, F_DCS_SAMPLE);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    page(&c, 5);
    HDLC(&c, A, 1.0, F_MPS);
    HDLC(&c, B, 0.5, F_MCF);
    page(&c, 5);
    HDLC(&c, A, 1.0, F_EOP);
    HDLC(&c, B, 0.5, F_RTN);
    g_assert_cmpuint(c.note.page, ==, 2);
    HDLC(&c, A, 0.5, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->n_pages, ==, 2);
    g_assert_cmpuint(m->pages_confirmed, ==, 1);
    g_assert_cmpuint(m->pages_rejected, ==, 1);
    g_assert_true(m->pages[1].rejected);
    f = find(m, FAX_FIND_PAGE_REJECTED);
    g_assert_nonnull(f);
    g_assert_cmpstr(f->text, ==, "Page 2 rejected (RTN)");
    g_assert_cmpint(m->result, ==, T30_RESULT_PARTIAL);
    g_assert_cmpint(m->reason, ==, T30_REASON_PAGE_REJECTED);
    g_assert_cmpstr(m->result_text, ==, "Page 2 rejected (RTN) and not resent");
    g_assert_nonnull(find(m, FAX_FIND_DCN_EARLY));
    t30_session_free(c.s);
}

static void
test_rtn_resent(void)
{
    ctx c;
    const t30_summary *m;

    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, A, 1.0, F_DCS_SAMPLE);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    page(&c, 5);
    HDLC(&c, A, 1.0, F_EOP);
    HDLC(&c, B, 0.5, F_RTN);
    dcs(&c, 0.5, 0x5);     /* retrain at 12000 */
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    page(&c, 6);
    g_assert_cmpuint(c.note.page, ==, 1);
    HDLC(&c, A, 1.0, F_EOP);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 0.5, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->n_pages, ==, 1);
    g_assert_cmpuint(m->pages[0].retransmissions, ==, 1);
    g_assert_cmpuint(m->pages[0].bytes, ==, 6000);
    g_assert_cmpuint(m->pages[0].rate, ==, 12000);
    g_assert_true(m->pages[0].confirmed);
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    g_assert_cmpuint(count_findings(m, FAX_FIND_PAGE_REJECTED), ==, 1);
    t30_session_free(c.s);
}

static void
test_dis_t1(void)
{
    ctx c;
    const t30_summary *m;

    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, B, 3.0, F_DIS_SAMPLE);
    HDLC(&c, B, 3.0, F_DIS_SAMPLE);
    t30_session_finish(c.s, c.t + 35.0, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->side[B].dis_count, ==, 3);
    g_assert_cmpuint(count_findings(m, FAX_FIND_DIS_REPEATED), ==, 1);
    g_assert_nonnull(find(m, FAX_FIND_T1_TIMEOUT));
    g_assert_cmpint(m->result, ==, T30_RESULT_FAILED);
    g_assert_cmpint(m->reason, ==, T30_REASON_DIS_UNANSWERED);
    g_assert_cmpstr(m->result_text, ==, "DIS sent 3 times, never answered (T1 timeout)");
    t30_session_free(c.s);
}

static void
test_cmd_repeated(void)
{
    ctx c;
    const t30_summary *m;

    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, A, 1.0, F_DCS_SAMPLE);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    page(&c, 5);
    HDLC(&c, A, 1.0, F_EOP);
    HDLC(&c, A, 3.0, F_EOP);
    g_assert_cmpuint(c.note.page, ==, 1);
    HDLC(&c, A, 3.0, F_EOP);
    HDLC(&c, A, 3.0, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->n_pages, ==, 1);
    g_assert_cmpuint(m->pages[0].cmd_repeats, ==, 2);
    g_assert_cmpuint(count_findings(m, FAX_FIND_CMD_REPEATED), >=, 2);
    g_assert_cmpstr(find(m, FAX_FIND_CMD_REPEATED)->text, ==,
                    "EOP on page 1 sent 2 times without an answer");
    g_assert_cmpint(m->result, ==, T30_RESULT_FAILED);
    g_assert_cmpint(m->reason, ==, T30_REASON_NO_RESPONSE);
    g_assert_cmpstr(m->result_text, ==, "EOP on page 1 sent 3 times, never answered");
    t30_session_free(c.s);
}

static void
test_dcn_early(void)
{
    ctx c;
    const t30_summary *m;

    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, A, 1.0, F_DCS_SAMPLE);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    data(&c, A, 0.5, 1000);
    data(&c, A, 0.5, 1000);
    HDLC(&c, B, 0.5, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_nonnull(find(m, FAX_FIND_DCN_EARLY));
    g_assert_cmpint(m->dcn_side, ==, B);
    g_assert_cmpint(m->result, ==, T30_RESULT_FAILED);
    g_assert_cmpint(m->reason, ==, T30_REASON_DCN_EARLY);
    g_assert_cmpstr(m->result_text, ==, "Disconnected before page 1 was confirmed");
    t30_session_free(c.s);
}

static void
test_incomplete(void)
{
    ctx c;
    const t30_summary *m;

    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, A, 1.0, F_DCS_SAMPLE);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    data(&c, A, 0.5, 1000);
    t30_session_finish(c.s, c.t, c.frame, FALSE);
    m = t30_session_summary(c.s);
    g_assert_cmpint(m->result, ==, T30_RESULT_INCOMPLETE);
    g_assert_cmpint(m->reason, ==, T30_REASON_CAPTURE_ENDED);
    g_assert_cmpstr(m->result_text, ==, "Capture ends in phase C (page 1 being sent)");
    t30_session_free(c.s);

    ctx_init(&c);
    t30_session_finish(c.s, 0, 0, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpint(m->result, ==, T30_RESULT_NONE);
    g_assert_cmpint(m->reason, ==, T30_REASON_NO_T30);
    t30_session_free(c.s);
}

static void
test_malformed(void)
{
    ctx c;
    const t30_summary *m;
    static const guint8 two[] = { 0xff, 0xc8 };
    static const guint8 dcs_bad[] = { 0xff, 0xc8, 0x41, 0x00, 0x4c, 0x1e };

    ctx_init(&c);
    hdlc(&c, A, 0.1, NULL, 0, TRUE);
    hdlc(&c, A, 0.1, two, sizeof(two), TRUE);
    g_assert_cmpint(c.note.fcf, ==, -1);
    HDLC(&c, A, 0.1, 0xff, 0xc8, 0x5a);            /* unknown FCF */
    g_assert_cmpint(c.note.fcf, ==, -1);
    HDLC(&c, A, 0.1, 0xff, 0xc8, 0x7f, 1, 2, 3);   /* unknown FCF again */
    HDLC(&c, A, 0.1, 0x00, 0x00, 0x21);            /* bad address, CFR with no DCS */
    HDLC(&c, B, 0.1, 0xff, 0xc8, 0x31);            /* MCF with no command */
    HDLC(&c, A, 0.1, 0xff, 0xc8, 0xfd, 0xf2);      /* short PPS */
    HDLC(&c, A, 0.1, 0xff, 0xc8, 0x41);            /* DCS without FIF */
    HDLC(&c, A, 0.1, 0xff, 0xc8, 0x60);            /* FCD without frame number */
    hdlc(&c, B, 0.1, (const guint8[]){ F_CFR }, 3, FALSE);
    g_assert_cmpint(c.note.fcf, ==, 0x21);
    hdlc(&c, A, 0.1, dcs_bad, sizeof(dcs_bad), TRUE);
    m = t30_session_summary(c.s);
    g_assert_true(m->dcs.reserved_bits);
    g_assert_cmpint(m->dcs.modem, ==, FAX_MODEM_NONE);
    g_assert_cmpuint(m->bad_fcs_count, ==, 1);
    g_assert_nonnull(find(m, FAX_FIND_BAD_FCS));
    g_assert_cmpuint(count_findings(m, FAX_FIND_MALFORMED), >=, 4);
    g_assert_cmpuint(count_findings(m, FAX_FIND_MALFORMED), <=, 5);
    /* the bad-FCS frame is in the ladder, marked */
    g_assert_false(msg_ladder(m, -2)->fcs_ok);
    t30_session_finish(c.s, c.t, c.frame, FALSE);
    t30_session_free(c.s);
}

static void
test_idempotent_finish(void)
{
    ctx c;
    const t30_summary *m;
    guint n;
    char text[256];

    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, A, 1.0, F_DCS_SAMPLE);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    page(&c, 3);
    HDLC(&c, A, 1.0, F_EOP);
    t30_session_finish(c.s, c.t, c.frame, FALSE);
    m = t30_session_summary(c.s);
    n = m->n_findings;
    g_strlcpy(text, m->result_text, sizeof(text));
    g_assert_cmpint(m->result, ==, T30_RESULT_INCOMPLETE);
    t30_session_finish(c.s, c.t, c.frame, FALSE);
    g_assert_cmpuint(m->n_findings, ==, n);
    g_assert_cmpstr(m->result_text, ==, text);
    g_assert_cmpuint(count_findings(m, FAX_FIND_SUMMARY), ==, 1);
    /* more events, then a new verdict replaces the old one */
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 0.5, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    g_assert_cmpuint(count_findings(m, FAX_FIND_SUMMARY), ==, 1);
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    g_assert_cmpuint(find(m, FAX_FIND_SUMMARY)->frame, ==, c.frame);
    t30_session_free(c.s);
}

static void
test_caps(void)
{
    ctx c;
    const t30_summary *m;
    guint i;

    ctx_init(&c);
    start_call(&c, FALSE);
    for (i = 0; i < 50000; i++) {
        dcs(&c, 0.01, 0x1);
        HDLC(&c, B, 0.01, F_FTT);
    }
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->n_trainings, ==, T30_MAX_TRAININGS);
    g_assert_cmpuint(m->n_ladder, ==, T30_MAX_LADDER);
    g_assert_cmpuint(m->cap_trainings, ==, T30_MAX_TRAININGS);
    g_assert_cmpuint(m->cap_ladder, ==, T30_MAX_LADDER);
    g_assert_cmpuint(m->n_findings, <=, T30_MAX_FINDINGS);
    g_assert_true(m->truncated);
    g_assert_cmpuint(count_findings(m, FAX_FIND_CAP), ==, 1);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    g_assert_cmpuint(m->n_findings, <=, T30_MAX_FINDINGS);
    g_assert_cmpuint(count_findings(m, FAX_FIND_SUMMARY), ==, 1);
    t30_session_free(c.s);

    /* pages */
    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, A, 1.0, F_DCS_SAMPLE);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    for (i = 0; i < 30000; i++) {
        page(&c, 1);
        HDLC(&c, A, 0.01, F_MPS);
        HDLC(&c, B, 0.01, F_MCF);
    }
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->n_pages, ==, T30_MAX_PAGES);
    g_assert_cmpuint(m->pages_confirmed, ==, T30_MAX_PAGES);
    g_assert_cmpuint(m->cap_pages, ==, T30_MAX_PAGES);
    g_assert_true(m->truncated);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    g_assert_cmpuint(m->n_findings, <=, T30_MAX_FINDINGS);
    g_assert_cmpuint(m->cap_findings, <=, T30_MAX_FINDINGS);
    t30_session_free(c.s);

    /* ECM blocks and PPR rounds: one page of endless blocks, each corrected once */
    ctx_init(&c);
    start_call(&c, TRUE);
    HDLC(&c, A, 1.0, F_DCS_H323);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    for (i = 0; i < 2000; i++) {
        static const guint one[] = { 0 };
        fcd(&c, 0);
        pps(&c, 0.01, 0x00, 0, i & 0xFF, 1);
        ppr(&c, 0.01, one, 1);
        fcd(&c, 0);
        pps(&c, 0.01, 0x00, 0, i & 0xFF, 1);
        HDLC(&c, B, 0.01, F_MCF);
    }
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->n_ecm_blocks, ==, T30_MAX_ECM_BLOCKS);
    g_assert_cmpuint(m->cap_ecm_blocks, ==, T30_MAX_ECM_BLOCKS);
    g_assert_cmpuint(m->n_ppr_rounds, ==, T30_MAX_PPR_ROUNDS);
    g_assert_cmpuint(m->cap_ppr_rounds, ==, T30_MAX_PPR_ROUNDS);
    g_assert_cmpuint(m->pages[0].ppr_count, ==, 2000);
    g_assert_cmpuint(m->ecm_blocks[T30_MAX_PPR_ROUNDS].rounds_kept, ==, 0);
    g_assert_cmpuint(m->ecm_blocks[T30_MAX_PPR_ROUNDS - 1].rounds_kept, ==, 1);
    g_assert_true(m->truncated);
    g_assert_cmpuint(count_findings(m, FAX_FIND_CAP), ==, 1);
    t30_session_free(c.s);
}

static void
test_fuzz(void)
{
    static const guint8 fcfs[] = {
        0x01, 0x02, 0x04, 0x81, 0x82, 0x41, 0xc1, 0x42, 0x21, 0x22, 0x23, 0x31, 0x32,
        0x33, 0x34, 0x35, 0x37, 0x38, 0x3d, 0x48, 0x58, 0x5f, 0x60, 0x61, 0x71, 0x72,
        0x73, 0x74, 0x76, 0x7d, 0xfd, 0xf2, 0xf4, 0x00, 0xff, 0x5a };
    GRand *r = g_rand_new_with_seed(20240611);
    int round;

    for (round = 0; round < 20; round++) {
        t30_session *s = t30_session_new();
        const t30_summary *m;
        double t = 100.0;
        guint32 frame = 0;
        int i;
        guint k;

        for (i = 0; i < 3000; i++) {
            guint8 buf[64];
            fax_event ev = { 0 };
            fax_note note;
            guint j, len;

            ev.frame = ++frame;
            t += g_rand_double_range(r, -0.5, 4.0);
            ev.t = t;
            ev.side = (fax_side)g_rand_int_range(r, 0, 3);  /* 2 is invalid */
            ev.kind = (fax_event_kind)g_rand_int_range(r, 0, 6);
            ev.indicator = (fax_indicator)g_rand_int_range(r, 0, FAX_IND_COUNT + 2);
            ev.modem = (fax_modem)g_rand_int_range(r, 0, FAX_MODEM_COUNT + 2);
            ev.count = (guint)g_rand_int_range(r, 0, 100000);
            ev.fcs_ok = g_rand_int_range(r, 0, 10) != 0;
            len = (guint)g_rand_int_range(r, 0, sizeof(buf) + 1);
            for (j = 0; j < len; j++)
                buf[j] = (guint8)g_rand_int_range(r, 0, 256);
            if (len >= 3 && g_rand_boolean(r)) {
                buf[0] = 0xff;
                buf[1] = 0xc8;
                buf[2] = fcfs[g_rand_int_range(r, 0, G_N_ELEMENTS(fcfs))];
            }
            ev.buf = g_rand_boolean(r) || len > 0 ? buf : NULL;
            ev.len = len;
            t30_session_feed(s, &ev, (i & 1) ? &note : NULL);
            if (i % 997 == 0)
                t30_session_finish(s, t, frame, g_rand_boolean(r));
        }
        t30_session_finish(s, t, frame, TRUE);
        t30_session_finish(s, t, frame, FALSE);
        m = t30_session_summary(s);
        g_assert_cmpuint(m->n_findings, <=, T30_MAX_FINDINGS);
        g_assert_cmpuint(m->n_ladder, <=, T30_MAX_LADDER);
        g_assert_cmpuint(m->n_pages, <=, T30_MAX_PAGES);
        g_assert_cmpuint(m->n_trainings, <=, T30_MAX_TRAININGS);
        g_assert_cmpuint(m->n_ecm_blocks, <=, T30_MAX_ECM_BLOCKS);
        g_assert_cmpuint(m->n_ppr_rounds, <=, T30_MAX_PPR_ROUNDS);
        for (k = 0; k < m->n_ecm_blocks; k++)
            g_assert_cmpuint(m->ecm_blocks[k].first_round + m->ecm_blocks[k].rounds_kept, <=,
                             m->n_ppr_rounds);
        g_assert_cmpuint(strlen(m->result_text), <, sizeof(m->result_text));
        g_assert_cmpuint(count_findings(m, FAX_FIND_SUMMARY), <=, 1);
        t30_session_free(s);
    }
    g_rand_free(r);
    /* NULL safety */
    t30_session_feed(NULL, NULL, NULL);
    t30_session_finish(NULL, 0, 0, FALSE);
    g_assert_null(t30_session_summary(NULL));
}

static void
test_names(void)
{
    g_assert_cmpstr(t30_result_name(T30_RESULT_SUCCESS), ==, "success");
    g_assert_cmpstr(t30_result_name(T30_RESULT_INCOMPLETE), ==, "incomplete");
    g_assert_cmpstr(t30_reason_name(T30_REASON_TRAINING_FAILED), ==, "training_failed");
    g_assert_cmpstr(t30_reason_name(T30_REASON_DIS_UNANSWERED), ==, "dis_unanswered");
}

/* T.30 5.3.6: the transmitter repeats a command whose MCF it did not hear;
 * the wiki CA-TDM pass-through call: EOP, MCF, EOP, MCF, EOP, MCF, DCN */
static void
test_cmd_rerun_after_mcf(void)
{
    ctx c;
    const t30_summary *m;
    guint32 mcf1;

    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, A, 1.0, F_DCS_SAMPLE);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    page(&c, 5);
    HDLC(&c, A, 1.0, F_EOP);
    HDLC(&c, B, 1.7, F_MCF);
    mcf1 = c.frame;
    HDLC(&c, A, 0.3, F_EOP);
    g_assert_cmpuint(c.note.page, ==, 1);
    HDLC(&c, B, 1.7, F_MCF);
    g_assert_cmpuint(c.note.page, ==, 1);
    g_assert_cmpuint(c.note.answers, ==, c.frame - 1);
    HDLC(&c, A, 0.3, F_EOP);
    HDLC(&c, B, 1.7, F_MCF);
    HDLC(&c, A, 1.5, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->n_pages, ==, 1);
    g_assert_cmpuint(m->pages_confirmed, ==, 1);
    g_assert_cmpuint(m->pages[0].cmd_repeats, ==, 2);
    g_assert_cmpuint(m->pages[0].answer_frame, ==, c.frame - 1);
    g_assert_true(m->pages[0].t_end >= m->pages[0].t_start);
    g_assert_cmpuint(count_findings(m, FAX_FIND_CMD_REPEATED), ==, 1);
    g_assert_cmpuint(find(m, FAX_FIND_CMD_REPEATED)->related, ==, mcf1);
    g_assert_cmpuint(mcf1, ==, 20);
    g_assert_cmpstr(find(m, FAX_FIND_CMD_REPEATED)->text, ==,
                    "EOP on page 1 sent again after the MCF of frame 20: the sender did not hear it");
    g_assert_cmpuint(count_findings(m, FAX_FIND_MALFORMED), ==, 0);
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    g_assert_cmpstr(m->result_text, ==, "Fax sent: 1 page, all confirmed (V.17 14400)");
    g_assert_cmpstr(msg_ladder(m, -3)->text, ==, "EOP page 1 (again: answer missed)");

    /* MPS repeated with no page data in between: still page 1; data, then
     * a new command: page 2 */
    t30_session_free(c.s);
    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, A, 1.0, F_DCS_SAMPLE);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    page(&c, 5);
    HDLC(&c, A, 1.0, F_MPS);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 3.0, F_MPS);
    HDLC(&c, B, 0.5, F_MCF);
    page(&c, 5);
    HDLC(&c, A, 1.0, F_EOP);
    g_assert_cmpuint(c.note.page, ==, 2);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 3.0, F_EOP);       /* a repeat after MCF, no data: page 2 */
    g_assert_cmpuint(c.note.page, ==, 2);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 1.0, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->n_pages, ==, 2);
    g_assert_cmpuint(m->pages_confirmed, ==, 2);
    g_assert_cmpuint(m->pages[0].cmd_repeats, ==, 1);
    g_assert_cmpuint(m->pages[1].cmd_repeats, ==, 1);
    g_assert_cmpuint(m->pages[1].bytes, ==, 5000);
    g_assert_cmpuint(count_findings(m, FAX_FIND_CMD_REPEATED), ==, 2);
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);

    /* ECM: the same PPS (same page/block/frame counters) after its MCF is a
     * repeat and opens no block; the next page's PPS is not */
    t30_session_free(c.s);
    ctx_init(&c);
    start_call(&c, TRUE);
    HDLC(&c, A, 1.0, F_DCS_H323);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    HDLC(&c, A, 5.0, F_PPS_MPS);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 3.0, F_PPS_MPS);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 5.0, F_PPS_EOP);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 1.0, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->n_pages, ==, 2);
    g_assert_cmpuint(m->pages_confirmed, ==, 2);
    g_assert_cmpuint(m->n_ecm_blocks, ==, 2);
    g_assert_cmpuint(m->ecm_blocks[1].page, ==, 2);
    g_assert_cmpuint(m->ecm_blocks[1].block, ==, 1);
    g_assert_cmpuint(m->pages[0].cmd_repeats, ==, 1);
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    t30_session_free(c.s);
}

#define F_NSS_JAPAN 0xff, 0xc8, 0xc4, 0x00, 0x00, 0x56, 0x41, 0x00, 0x06
#define F_NSF_JAPAN 0xff, 0xc0, 0x04, 0x00, 0x00, 0x56, 0x41, 0x00, 0x06

/* high-speed data heard in the audio: one event every 20 ms */
static void
hs_burst(ctx *c, double seconds)
{
    guint i, n = (guint)(seconds / 0.02);
    for (i = 0; i < n; i++)
        data(c, A, 0.02, 24);
    data_end(c, A, 0.06);
}

/* T.30 5.3.6.2.6: NSS in place of a DCS starts a training attempt; the
 * nrusso pass-through call: NSF, CSI, DIS, NSS, TCF, CFR, ECM data, PPS-MPS,
 * MCF, ECM data, PPS-EOP, MCF, DCN, with 10 s of page data in the audio */
static void
test_nss_training(void)
{
    ctx c;
    const t30_summary *m;
    guint i;

    ctx_init(&c);
    HDLC(&c, B, 0.0, F_NSF_JAPAN);
    HDLC(&c, B, 0.5, F_CSI_FAX);
    HDLC(&c, B, 0.3, F_DIS_H323);
    HDLC(&c, A, 1.8, F_NSS_JAPAN);
    g_assert_cmpuint(c.note.training, ==, 1);
    g_assert_cmpuint(c.note.rate, ==, 0);
    hs_burst(&c, 1.5);                    /* TCF, modem not known */
    HDLC(&c, B, 1.5, F_CFR);
    g_assert_cmpuint(c.note.training, ==, 1);
    g_assert_cmpuint(c.note.answers, ==, 4);
    hs_burst(&c, 10.4);                   /* ECM frames, not demodulated */
    HDLC(&c, A, 1.3, F_PPS_MPS);
    HDLC(&c, B, 1.4, F_MCF);
    hs_burst(&c, 10.4);
    HDLC(&c, A, 1.3, F_PPS_EOP);
    HDLC(&c, B, 1.4, F_MCF);
    HDLC(&c, A, 1.4, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(count_findings(m, FAX_FIND_MALFORMED), ==, 0);   /* no "CFR without a DCS" */
    g_assert_cmpuint(count_findings(m, FAX_FIND_SILENCE), ==, 0);
    g_assert_false(m->has_dcs);
    g_assert_cmpint(m->transmitter, ==, A);
    g_assert_cmpuint(m->n_trainings, ==, 1);
    g_assert_true(m->trainings[0].nss);
    g_assert_cmpint(m->trainings[0].outcome, ==, T30_TRAIN_CFR);
    g_assert_cmpuint(m->trainings[0].rate, ==, 0);
    g_assert_cmpuint(m->trainings[0].tcf_frame, >, 4);
    g_assert_cmpuint(m->n_pages, ==, 2);
    g_assert_cmpuint(m->pages_confirmed, ==, 2);
    for (i = 0; i < 2; i++) {
        g_assert_true(m->pages[i].ecm);
        g_assert_cmpuint(m->pages[i].bytes, ==, 0);
        g_assert_cmpfloat(m->pages[i].t_end - m->pages[i].t_start, >, 10.0);
        g_assert_cmpfloat(m->pages[i].t_end - m->pages[i].t_start, <, 10.5);
        g_assert_cmpuint(m->pages[i].first_frame, <, m->pages[i].cmd_frame);
    }
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    g_assert_cmpstr(m->result_text, ==, "Fax sent: 2 pages, all confirmed (rate unknown, ECM)");
    g_assert_cmpstr(msg_ladder(m, 3)->text, ==, "NSS Japan");
    g_assert_cmpuint(msg_ladder(m, 3)->training, ==, 1);
    g_assert_cmpstr(msg_ladder(m, 5)->text, ==, "CFR (rate unknown)");
    g_assert_cmpstr(msg_ladder(m, 6)->text, ==, "Page 1: high-speed data 10.4 s");
    t30_session_free(c.s);

    /* T.38: the training indicator says the modem of an NSS training */
    ctx_init(&c);
    start_call(&c, FALSE);
    HDLC(&c, A, 1.0, F_NSS_JAPAN);
    indicator(&c, A, 0.1, FAX_IND_V29_9600_TRAINING);
    tcf(&c);
    HDLC(&c, B, 0.5, F_CFR);
    g_assert_cmpuint(c.note.rate, ==, 9600);
    g_assert_cmpint(c.note.modem, ==, FAX_MODEM_V29_9600);
    page(&c, 5);
    HDLC(&c, A, 1.0, F_EOP);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 1.0, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->final_rate, ==, 9600);
    g_assert_cmpuint(m->pages[0].bytes, ==, 5000);   /* not ECM: octets kept */
    g_assert_false(m->pages[0].ecm);
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    g_assert_cmpuint(count_findings(m, FAX_FIND_MALFORMED), ==, 0);
    t30_session_free(c.s);
}

/* ECM in the audio: the DCS says ECM, the bursts time the pages (no
 * octets, no 12 s silence); a page with no data seen lasts 0 s */
static void
test_ecm_audio_bursts(void)
{
    ctx c;
    const t30_summary *m;

    ctx_init(&c);
    start_call(&c, TRUE);
    HDLC(&c, A, 1.0, F_DCS_H323);
    hs_burst(&c, 1.5);
    HDLC(&c, B, 0.5, F_CFR);
    hs_burst(&c, 13.0);
    HDLC(&c, A, 1.2, F_PPS_MPS);
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 14.0, F_PPS_EOP);   /* its data not seen (lost): silence */
    HDLC(&c, B, 0.5, F_MCF);
    HDLC(&c, A, 1.0, F_DCN);
    t30_session_finish(c.s, c.t, c.frame, TRUE);
    m = t30_session_summary(c.s);
    g_assert_cmpuint(m->n_pages, ==, 2);
    g_assert_true(m->pages[0].ecm);
    g_assert_cmpuint(m->pages[0].bytes, ==, 0);
    g_assert_cmpfloat(m->pages[0].t_end - m->pages[0].t_start, >, 12.9);
    g_assert_cmpfloat(m->pages[0].t_end - m->pages[0].t_start, <, 13.1);
    g_assert_cmpfloat(m->pages[1].t_end - m->pages[1].t_start, ==, 0.0);
    g_assert_cmpuint(m->pages[1].first_frame, ==, m->pages[1].cmd_frame);
    g_assert_cmpuint(count_findings(m, FAX_FIND_SILENCE), ==, 1);   /* the 14 s */
    g_assert_cmpstr(msg_ladder(m, 5)->text, ==, "Page 1: high-speed data 13.0 s (ECM)");
    g_assert_cmpint(m->result, ==, T30_RESULT_SUCCESS);
    t30_session_free(c.s);
}

/* An HDLC frame damaged by UDPTL loss (T.38 9.1) is never named nor acted
 * upon: a DCS that starts in place is a hint, and the DCS resent after it
 * is the one that counts. */
static void
test_damaged_frame(void)
{
    ctx c;
    const t30_summary *m;
    static const guint8 dcs_head[] = { F_DCS_SAMPLE };
    static const guint8 tail[] = { 0x47, 0x1e };
    fax_event ev = { 0 };

    ctx_init(&c);
    HDLC(&c, B, 0.1, F_DIS_SAMPLE);
    ev.kind = FAX_EV_HDLC;
    ev.side = A;
    ev.modem = FAX_MODEM_V21;
    ev.buf = dcs_head;
    ev.len = 4;                    /* ff c8 c1 00 | lost | ... */
    ev.fcs_ok = TRUE;
    ev.damaged = TRUE;
    ev.intact = 4;
    ev.lost = 2;
    ev.first_frame = c.frame + 1;
    feed(&c, &ev, 1.0);
    g_assert_true(c.note.damaged);
    g_assert_cmpint(c.note.fcf, ==, -1);
    g_assert_cmpint(c.note.damaged_fcf, ==, 0x41);
    g_assert_cmpuint(c.note.damaged_lost, ==, 2);
    m = t30_session_summary(c.s);
    g_assert_false(m->has_dcs);
    g_assert_cmpuint(m->damaged_count, ==, 1);
    g_assert_nonnull(find(m, FAX_FIND_DAMAGED));
    g_assert_nonnull(strstr(find(m, FAX_FIND_DAMAGED)->text, "starts as DCS"));
    g_assert_true(msg_ladder(m, -1)->damaged);
    g_assert_cmpint(msg_ladder(m, -1)->fcf, ==, -1);
    /* its start not in place: no hint of a name */
    ev.buf = tail;
    ev.len = 2;
    ev.intact = 0;
    feed(&c, &ev, 0.1);
    g_assert_cmpint(c.note.damaged_fcf, ==, -1);
    /* the DCS sent again, whole */
    HDLC(&c, A, 3.0, F_DCS_SAMPLE);
    m = t30_session_summary(c.s);
    g_assert_true(m->has_dcs);
    g_assert_cmpint(m->dcs.modem, ==, FAX_MODEM_V17_14400);
    t30_session_free(c.s);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/t30-session/damaged-frame", test_damaged_frame);
    g_test_add_func("/t30/session/clean-non-ecm", test_clean_non_ecm);
    g_test_add_func("/t30/session/ecm-ppr", test_ecm_ppr);
    g_test_add_func("/t30/session/ecm-rounds-ctc-rnr", test_ecm_rounds_ctc_rnr);
    g_test_add_func("/t30/session/ecm-eor", test_ecm_eor);
    g_test_add_func("/t30/session/training-settled", test_training_settled);
    g_test_add_func("/t30/session/training-failed", test_training_failed);
    g_test_add_func("/t30/session/rtn-not-resent", test_rtn_not_resent);
    g_test_add_func("/t30/session/rtn-resent", test_rtn_resent);
    g_test_add_func("/t30/session/dis-t1", test_dis_t1);
    g_test_add_func("/t30/session/cmd-repeated", test_cmd_repeated);
    g_test_add_func("/t30/session/dcn-early", test_dcn_early);
    g_test_add_func("/t30/session/cmd-rerun-after-mcf", test_cmd_rerun_after_mcf);
    g_test_add_func("/t30/session/nss-training", test_nss_training);
    g_test_add_func("/t30/session/ecm-audio-bursts", test_ecm_audio_bursts);
    g_test_add_func("/t30/session/incomplete", test_incomplete);
    g_test_add_func("/t30/session/malformed", test_malformed);
    g_test_add_func("/t30/session/idempotent-finish", test_idempotent_finish);
    g_test_add_func("/t30/session/caps", test_caps);
    g_test_add_func("/t30/session/fuzz", test_fuzz);
    g_test_add_func("/t30/session/names", test_names);
    return g_test_run();
}
