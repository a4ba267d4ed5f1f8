/* t30-ecm.c: the ECM part of the T.30 session model (T.30 Annex A, T.4
 * Annex A): FCD frames, blocks closed by PPS and answered MCF or PPR,
 * correction rounds, CTC/CTR, RR/RNR, EOR/ERR.  Called by t30-session.c
 * with its private state (t30-session-int.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "t30-session-int.h"

/* The open ECM block; with open, a new one for page p (at its first FCD, or
 * its PPS/PPR when the FCD frames were not seen). */
t30_ecm_block *
t30s_ecm_block(t30_session *s, const fax_event *ev, const t30_page *p, gboolean open)
{
    t30_summary *m = &s->sum;
    t30_ecm_block *b;

    if (s->cur_block >= 0 && (guint)s->cur_block < m->n_ecm_blocks)
        return &m->ecm_blocks[s->cur_block];
    if (!open || p == NULL)
        return NULL;
    if (!RESERVE(m, ecm_blocks, m->n_ecm_blocks, T30_FIRST_ECM_BLOCKS, T30_MAX_ECM_BLOCKS)) {
        t30s_raise_cap(s, ev->frame, "ECM blocks");
        return NULL;
    }
    b = &m->ecm_blocks[m->n_ecm_blocks];
    memset(b, 0, sizeof(*b));
    b->page = p->number;
    b->block = (guint16)MIN(s->ecm_block + 1u, G_MAXUINT16);
    b->first_frame = ev->frame;
    b->last_frame = ev->frame;
    b->answer_fcf = -1;
    b->first_round = m->n_ppr_rounds;
    s->cur_block = (gint)m->n_ecm_blocks++;
    s->cur_round = -1;
    return b;
}

/* An event of block b: its time in retransmission runs from its first PPR
 * to here, and its page's total follows. */
void
t30s_ecm_touch(t30_session *s, t30_ecm_block *b, const fax_event *ev)
{
    t30_page *p;
    double retx;

    b->last_frame = ev->frame;
    if (b->first_ppr_frame == 0 || ev->t < b->t_first_ppr)
        return;
    retx = ev->t - b->t_first_ppr;
    p = t30s_page_at(s, (gint)b->page - 1);
    if (p)
        p->ecm_retx_time += retx - b->retx_time;
    b->retx_time = retx;
}

/* The answer that ends the open block (MCF, RTP/PIP or ERR): the next FCD
 * frames are a new block. */
void
t30s_ecm_next_block(t30_session *s, const fax_event *ev, gint fcf)
{
    t30_ecm_block *b = t30s_ecm_block(s, ev, NULL, FALSE);

    if (b) {
        t30s_ecm_touch(s, b, ev);
        b->answer_fcf = (gint16)fcf;
        b->answer_frame = ev->frame;
    }
    s->cur_block = -1;
    s->cur_round = -1;
    s->ecm_block++;
    s->ecm_ppr_frame = 0;
    memset(s->ecm_seen, 0, sizeof(s->ecm_seen));
}

/* CTC/CTR, RR/RNR, EOR/ERR: counted on the open block and its page (else the
 * page of the pending command, or the page being sent); returns the page. */
t30_page *
t30s_ecm_count(t30_session *s, const fax_event *ev, gint fcf)
{
    t30_ecm_block *b = t30s_ecm_block(s, ev, NULL, FALSE);
    t30_page *p;

    if (b) {
        p = t30s_page_at(s, (gint)b->page - 1);
        t30s_ecm_touch(s, b, ev);
    } else {
        p = t30s_page_at(s, s->pend_page >= 0 ? s->pend_page : s->cur_page);
    }
    switch (fcf) {
    case T30_FCF_CTC:
        if (b) INC16(b->ctc);
        if (p) INC16(p->ctc_count);
        break;
    case T30_FCF_CTR:
        if (b) INC16(b->ctr);
        if (p) INC16(p->ctr_count);
        break;
    case T30_FCF_RR:
        if (b) INC16(b->rr);
        if (p) INC16(p->rr_count);
        break;
    case T30_FCF_RNR:
        if (b) INC16(b->rnr);
        if (p) INC16(p->rnr_count);
        break;
    case T30_FCF_EOR:
        if (b) INC16(b->eor);
        if (p) INC16(p->eor_count);
        break;
    case T30_FCF_ERR:
        if (b) INC16(b->err);
        if (p) INC16(p->err_count);
        break;
    default:
        break;
    }
    return p;
}

/* FCD: one ECM frame of the page (T.4 A.3.6.2) */
void
t30s_ecm_fcd(t30_session *s, const fax_event *ev, const guint8 *fif, guint fl,
             fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_page *p;
    t30_ecm_block *b;
    guint fn;
    gboolean resent;

    t30s_set_phase(s, FAX_PHASE_C, ev->t);
    if (fl < 1) {
        t30s_malformed(s, MAL_FIF, ev->frame, "FCD without a frame number");
        return;
    }
    p = t30s_open_page(s, ev, TRUE);
    if (p == NULL)
        return;
    p->ecm = TRUE;
    s->cmd_rerun_ok = FALSE;   /* data since the last answer: no repeat */
    fn = t30_bit_reverse(fif[0]);   /* T.4 A.3.6.2: sent LSB first */
    resent = s->ecm_ppr_frame != 0 || (s->ecm_seen[fn / 8] & (1u << (fn % 8)));
    s->ecm_seen[fn / 8] |= (guint8)(1u << (fn % 8));
    if (resent) {
        p->frames_resent++;
        s->burst_resent++;
        note->resent_for = s->ecm_ppr_frame;
    } else {
        p->ecm_frames++;
        s->burst_frames++;
    }
    b = t30s_ecm_block(s, ev, p, TRUE);
    if (b) {
        if (resent) {
            if (b->frames_resent < G_MAXUINT32)
                b->frames_resent++;
            if (s->cur_round >= 0 && (guint)s->cur_round < m->n_ppr_rounds)
                INC16(m->ppr_rounds[s->cur_round].resent);
        } else {
            INC16(b->frames_sent);
        }
        t30s_ecm_touch(s, b, ev);
    }
    if (s->burst_frames + s->burst_resent == 1) {
        s->burst_first = ev->frame;
        s->t_burst = ev->t;
    }
    p->bytes += fl - 1;
    p->last_frame = ev->frame;
    p->t_end = ev->t;
    note->page = p->number;
    note->rate = p->rate;
    note->ecm_block = (guint16)(s->ecm_block + 1);
    note->ecm_frame = (guint16)fn;
}

/* PPS (T.30 A.4.3): the end of a block of page p (frames: its frame count) */
void
t30s_ecm_pps(t30_session *s, const fax_event *ev, t30_page *p, guint fl,
             guint frames, fax_note *note)
{
    t30_ladder_item *it;
    t30_ecm_block *b;

    if (s->burst_frames > 0 || s->burst_resent > 0) {
        /* the burst of FCD frames as one ladder item, at its start */
        it = t30s_ladder_add(s, ev, -1, TRUE, "ECM block %u: %u frames%s",
                             s->ecm_block + 1u, s->burst_frames + s->burst_resent,
                             s->burst_resent ? " (resent)" : "");
        if (it) {
            it->frame = s->burst_first;
            it->t = s->t_burst;
            it->page = p->number;
        }
    }
    if (s->ecm_ppr_frame == 0 && p->blocks < G_MAXUINT16
        && p->blocks <= s->ecm_block)
        p->blocks = (guint16)(s->ecm_block + 1);
    s->burst_frames = s->burst_resent = 0;
    note->ecm_block = (guint16)(s->ecm_block + 1);
    b = t30s_ecm_block(s, ev, p, TRUE);
    if (b) {
        if (fl >= 4)
            b->pps_frames = (guint16)frames;
        t30s_ecm_touch(s, b, ev);
    }
    s->cur_round = -1;   /* resends of the last PPR end here */
}

static void
ppr_frames(const guint8 *fif, guint fl, GString *list, guint *count, t30_ppr_round *r)
{
    guint i, b;
    *count = 0;
    /* T.30 A.4.4: 256-bit map, bit for frame 0 first */
    for (i = 0; i < fl && i < 32; i++)
        for (b = 0; b < 8; b++)
            if (fif[i] & (0x80u >> b)) {
                guint n = i * 8 + b;
                (*count)++;
                if (r && r->n_listed < T30_PPR_LIST)
                    r->frames[r->n_listed++] = (guint8)n;
                if (list->len < 120)
                    g_string_append_printf(list, "%s%u", list->len ? ", " : "", n);
                else if (list->str[list->len - 1] != '.')
                    g_string_append(list, ", ...");
            }
}

/* PPR (T.30 A.4.4): the receiver asks for frames of the block again */
void
t30s_ecm_ppr(t30_session *s, const fax_event *ev, t30_page *p, const guint8 *fif, guint fl)
{
    GString *list = g_string_new(NULL);
    guint count = 0;
    t30_summary *m = &s->sum;
    t30_ecm_block *b = t30s_ecm_block(s, ev, p, TRUE);
    t30_ppr_round *r = NULL;

    if (fl != 32)
        t30s_malformed(s, MAL_FIF, ev->frame, "PPR with %u FIF octets (32 expected)", fl);
    if (b) {
        INC16(b->ppr_rounds);
        if (b->first_ppr_frame == 0) {
            b->first_ppr_frame = ev->frame;
            b->t_first_ppr = ev->t;
        }
        t30s_ecm_touch(s, b, ev);
        s->cur_round = -1;
        if (RESERVE(m, ppr_rounds, m->n_ppr_rounds, T30_FIRST_PPR_ROUNDS,
                    T30_MAX_PPR_ROUNDS)) {
            r = &m->ppr_rounds[m->n_ppr_rounds];
            memset(r, 0, sizeof(*r));
            r->page = b->page;
            r->block = b->block;
            r->round = b->ppr_rounds;
            r->ppr_frame = ev->frame;
            r->t = ev->t;
            if (b->rounds_kept == 0)
                b->first_round = m->n_ppr_rounds;
            INC16(b->rounds_kept);
            s->cur_round = (gint)m->n_ppr_rounds++;
        } else {
            t30s_raise_cap(s, ev->frame, "PPR rounds");
        }
    }
    ppr_frames(fif, fl, list, &count, r);
    if (r)
        r->requested = (guint16)MIN(count, G_MAXUINT16);
    if (p->ppr_count < G_MAXUINT16)
        p->ppr_count++;
    add_finding(s, FAX_FIND_PPR, ev->frame, s->pend_frame,
                "PPR on page %u block %u: %u frame%s to resend (%s)",
                p->number, s->ecm_block + 1u, count, count == 1 ? "" : "s",
                list->len ? list->str : "none");
    g_string_free(list, TRUE);
    s->ecm_ppr_frame = ev->frame;
    s->page_expected = TRUE;
    s->pend_fcf = -1;   /* the PPS is answered; a new PPS follows */
}

/* CTC (T.30 A.5): continue to correct after 4 PPR */
void
t30s_ecm_ctc(t30_session *s, const fax_event *ev)
{
    t30_page *p = t30s_ecm_count(s, ev, T30_FCF_CTC);

    t30s_set_phase(s, FAX_PHASE_D, ev->t);
    add_finding(s, FAX_FIND_CTC, ev->frame, s->ecm_ppr_frame,
                "CTC: continue to correct after repeated PPR%s", p ? "" : " (no page)");
    t30s_ladder_add(s, ev, T30_FCF_CTC, TRUE, "CTC");
}

/* EOR (T.30 A.5): the sender gives up correcting the block; ERR answers */
void
t30s_ecm_eor(t30_session *s, const fax_event *ev, const guint8 *fif, guint fl)
{
    t30_page *p = t30s_page_at(s, s->cur_page >= 0 ? s->cur_page : s->pend_page);

    t30s_ecm_count(s, ev, T30_FCF_EOR);
    t30s_set_phase(s, FAX_PHASE_D, ev->t);
    s->ecm_eor = TRUE;
    if (p) {
        t30s_page_commit(s, s->cur_page);
        s->pend_page = (gint)(p->number - 1);
        s->pend_fcf = T30_FCF_EOR;
        s->pend_pps_fcf = fl >= 1 ? (fif[0] & 0x7F) : -1;
        s->pend_side = ev->side;
        s->pend_frame = ev->frame;
    }
    add_finding(s, FAX_FIND_CTC, ev->frame, s->ecm_ppr_frame,
                "EOR: the sender gave up correcting page %u block %u",
                p ? p->number : 0u, s->ecm_block + 1u);
    t30s_ladder_add(s, ev, T30_FCF_EOR, TRUE, "EOR");
}
