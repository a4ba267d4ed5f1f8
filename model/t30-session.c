/* t30-session.c: the T.30 session model (T.30 clause 5, Figures 5-2..5-7;
 * Annex A for ECM).  Fed with fax_event in capture order; keeps the story
 * in a bounded t30_summary and answers each event with a fax_note.
 *
 * Page counting: a page sent again after RTN/PIN keeps its number (pages[]
 * counts distinct pages and holds the final state of each); the resend is
 * counted in t30_page.retransmissions.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>


#include "t30-session-int.h"

/* ------------------------------------------------------------------ */
/* helpers */

/* Room for element idx of a heap array of the summary: doubles its capacity
 * (from first) until idx fits, never past max; new slots are zeroed.  The
 * array is unchanged when idx >= max. */
gpointer
t30s_grow(gpointer arr, guint *cap, guint idx, gsize elem, guint first, guint max)
{
    guint n;

    if (idx < *cap || idx >= max)
        return arr;
    n = *cap ? *cap : first;
    while (n <= idx && n < max)
        n = n > max / 2 ? max : n * 2;
    arr = g_realloc_n(arr, n, elem);
    memset((char *)arr + (gsize)*cap * elem, 0, (gsize)(n - *cap) * elem);
    *cap = n;
    return arr;
}

const char *
t30s_fcf_label(gint fcf)
{
    const char *n = t30_fcf_name(fcf);
    return n ? n : "?";
}

void
t30s_add_finding(t30_session *s, guint limit, fax_finding_kind kind,
                 guint32 frame, guint32 related, const char *fmt, ...)
{
    t30_summary *m = &s->sum;
    fax_finding *f;
    va_list ap;

    if (m->n_findings + 1 >= limit) {
        if (!s->cap_raised && m->n_findings < limit
            && RESERVE(m, findings, m->n_findings, T30_FIRST_FINDINGS, T30_MAX_FINDINGS)) {
            s->cap_raised = TRUE;
            m->truncated = TRUE;
            f = &m->findings[m->n_findings++];
            f->kind = FAX_FIND_CAP;
            f->frame = frame;
            f->related = 0;
            g_strlcpy(f->text, "Too many findings: the rest are not listed",
                      sizeof(f->text));
        }
        return;
    }
    if (!RESERVE(m, findings, m->n_findings, T30_FIRST_FINDINGS, T30_MAX_FINDINGS))
        return;   /* limit <= T30_MAX_FINDINGS: not reached */
    f = &m->findings[m->n_findings++];
    f->kind = kind;
    f->frame = frame;
    f->related = related;
    va_start(ap, fmt);
    g_vsnprintf(f->text, sizeof(f->text), fmt, ap);
    va_end(ap);
}


void
t30s_raise_cap(t30_session *s, guint32 frame, const char *what)
{
    t30_summary *m = &s->sum;
    m->truncated = TRUE;
    if (s->cap_raised || m->n_findings >= FEED_LIMIT)
        return;
    s->cap_raised = TRUE;
    add_finding(s, FAX_FIND_CAP, frame, 0, "Too many %s: the rest are not counted", what);
}

void
t30s_malformed(t30_session *s, guint kind, guint32 frame, const char *fmt, ...)
{
    char text[FAX_FINDING_TEXT];
    va_list ap;

    if (s->malformed_mask & kind)
        return;
    s->malformed_mask |= kind;
    va_start(ap, fmt);
    g_vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    add_finding(s, FAX_FIND_MALFORMED, frame, 0, "%s", text);
}

t30_ladder_item *
t30s_ladder_add(t30_session *s, const fax_event *ev, gint fcf, gboolean fcs_ok,
           const char *fmt, ...)
{
    t30_summary *m = &s->sum;
    t30_ladder_item *it;
    va_list ap;

    if (!RESERVE(m, ladder, m->n_ladder, T30_FIRST_LADDER, T30_MAX_LADDER)) {
        t30s_raise_cap(s, ev->frame, "T.30 frames for the ladder");
        return NULL;
    }
    it = &m->ladder[m->n_ladder++];
    memset(it, 0, sizeof(*it));
    it->frame = ev->frame;
    it->t = ev->t;
    it->side = ev->side;
    it->fcf = (gint16)fcf;
    it->fcs_ok = fcs_ok;
    va_start(ap, fmt);
    g_vsnprintf(it->text, sizeof(it->text), fmt, ap);
    va_end(ap);
    return it;
}

void
t30s_set_phase(t30_session *s, fax_phase p, double t)
{
    if (p <= FAX_PHASE_NONE || p > FAX_PHASE_E)
        return;
    s->phase = p;
    if (!(s->phases_seen & (1u << p))) {
        s->phases_seen |= 1u << p;
        s->sum.t_phase[p] = t;
    }
}

t30_page *
t30s_page_at(t30_session *s, gint idx)
{
    /* pages[n_pages] is the page being sent, not yet committed */
    if (idx < 0 || (guint)idx >= s->sum.cap_pages || (guint)idx > s->sum.n_pages)
        return NULL;
    return &s->sum.pages[idx];
}

void
t30s_recount_pages(t30_session *s)
{
    t30_summary *m = &s->sum;
    guint i;
    m->pages_confirmed = 0;
    m->pages_rejected = 0;
    for (i = 0; i < m->n_pages && i < T30_MAX_PAGES; i++) {
        if (m->pages[i].confirmed)
            m->pages_confirmed++;
        else if (m->pages[i].rejected)
            m->pages_rejected++;
    }
}

/* Open the page that data (non-ECM burst or FCD) belongs to. */
t30_page *
t30s_open_page(t30_session *s, const fax_event *ev, gboolean ecm)
{
    t30_summary *m = &s->sum;
    t30_page *p;
    gint idx;

    if (s->cur_page >= 0)
        return t30s_page_at(s, s->cur_page);
    if (s->resend_page >= 0) {
        idx = s->resend_page;           /* the same page, sent again */
        s->resend_page = -1;
        p = t30s_page_at(s, idx);
        if (p == NULL)
            return NULL;
        p->retransmissions++;
        p->rejected = FALSE;
        p->answer_fcf = -1;
        p->answer_frame = 0;
        p->bytes = 0;
        p->first_frame = ev->frame;
        p->t_start = ev->t;
        p->t_end = ev->t;
    } else {
        if (!RESERVE(m, pages, m->n_pages, T30_FIRST_PAGES, T30_MAX_PAGES)) {
            t30s_raise_cap(s, ev->frame, "pages");
            return NULL;
        }
        idx = (gint)m->n_pages;
        p = &m->pages[idx];
        memset(p, 0, sizeof(*p));
        p->number = (guint16)(idx + 1);
        p->first_frame = ev->frame;
        p->t_start = ev->t;
        p->t_end = ev->t;   /* no data seen yet: 0 s, never negative */
        p->cmd_fcf = -1;
        p->cmd_pps_fcf = -1;
        p->answer_fcf = -1;
    }
    p->ecm = ecm;
    p->rate = m->final_rate;
    if (p->rate == 0 && s->cur_train >= 0)   /* its CFR not in the capture */
        p->rate = m->trainings[s->cur_train].rate;
    s->cur_page = idx;
    s->ecm_block = 0;
    s->ecm_ppr_frame = 0;
    s->ecm_eor = FALSE;
    s->cur_block = -1;
    s->cur_round = -1;
    memset(s->ecm_seen, 0, sizeof(s->ecm_seen));
    return p;
}

/* Make the current page count as sent (a post-page command was seen). */
void
t30s_page_commit(t30_session *s, gint idx)
{
    if (idx >= 0 && (guint)idx == s->sum.n_pages && idx < T30_MAX_PAGES)
        s->sum.n_pages++;
}

/* "EOP", "PPS-MPS", "PPS-NULL" */
static void
cmd_label(gint fcf, gint pps_fcf, char *buf, gsize size)
{
    g_snprintf(buf, size, "%s%s%s", t30s_fcf_label(fcf), pps_fcf >= 0 ? "-" : "",
               pps_fcf > 0 ? t30s_fcf_label(pps_fcf) : (pps_fcf == 0 ? "NULL" : ""));
}

/* T.30 5.3.6, 5.4.3.1: the command confirmed last, sent again with no page
 * data since: the transmitter did not hear the MCF (T4 ran out) and
 * repeats the command; it is the same page, answered again. */
static gboolean
post_page_rerun(t30_session *s, const fax_event *ev, gint fcf, gint pps_fcf, guint32 pps_id,
                fax_note *note)
{
    t30_page *p;
    t30_ladder_item *it;
    char cmd[32];

    if (!s->cmd_rerun_ok || s->pend_fcf >= 0 || s->done_fcf != fcf
        || s->done_pps_fcf != pps_fcf || s->done_side != ev->side
        || (fcf == T30_FCF_PPS && s->done_pps_id != pps_id)
        || s->page_burst || s->burst_frames > 0 || s->burst_resent > 0)
        return FALSE;
    p = t30s_page_at(s, s->done_page);
    if (p == NULL)
        return FALSE;
    INC16(p->cmd_repeats);
    p->cmd_frame = ev->frame;
    note->page = p->number;
    cmd_label(fcf, pps_fcf, cmd, sizeof(cmd));
    if (s->rerun_findings < T30_MAX_REPEAT_FINDINGS && s->rerun_page != p->number) {
        s->rerun_findings++;
        s->rerun_page = p->number;   /* once a page */
        add_finding(s, FAX_FIND_CMD_REPEATED, ev->frame, s->done_answer_frame,
                    "%s on page %u sent again after the %s of frame %u: "
                    "the sender did not hear it", cmd, p->number,
                    t30s_fcf_label(p->answer_fcf), s->done_answer_frame);
    }
    s->pend_page = s->done_page;
    s->pend_fcf = fcf;
    s->pend_pps_fcf = pps_fcf;
    s->pend_pps_id = pps_id;
    s->pend_side = ev->side;
    s->pend_frame = ev->frame;
    s->pend_repeat_findings = 0;
    s->pend_rerun = TRUE;
    s->page_expected = FALSE;
    s->cmd_rerun_ok = FALSE;
    it = t30s_ladder_add(s, ev, fcf, TRUE, "%s page %u (again: answer missed)", cmd, p->number);
    if (it)
        it->page = p->number;
    return TRUE;
}

/* T.30 5.3.6.1.4: MPS/EOM/EOP/PRI-x (non-ECM) or PPS-x (ECM) */
/* T.30 A.4: the PPS FIF: post-page code, page, block and frame counters
 * (the frame count is sent minus one). */
static void
pps_fif_decode(t30_session *s, const fax_event *ev, const guint8 *fif, guint fl,
               gint *pps_fcf, guint *pc, guint *bc, guint *fc)
{
    if (fl < 4) {
        t30s_malformed(s, MAL_FIF, ev->frame, "PPS with %u FIF octets (4 expected)", fl);
        return;
    }
    *pps_fcf = fif[0] & 0x7F;
    if (*pps_fcf != 0 && !t30_fcf_is_post_page(*pps_fcf))
        t30s_malformed(s, MAL_FIF, ev->frame, "PPS with unknown post-page code 0x%02X", fif[0]);
    *pc = t30_bit_reverse(fif[1]);
    *bc = t30_bit_reverse(fif[2]);
    *fc = t30_bit_reverse(fif[3]) + 1u;
}

/* T.30 5.3.2.2: the same post-page command again with no answer: a repeat
 * of the pending one. */
static void
post_page_repeat(t30_session *s, const fax_event *ev, gint fcf, gint pps_fcf, fax_note *note)
{
    t30_page *p;

    p = t30s_page_at(s, s->pend_page);
    if (p) {
        if (p->cmd_repeats < G_MAXUINT16)
            p->cmd_repeats++;
        p->cmd_frame = ev->frame;
        note->page = p->number;
        if (s->pend_repeat_findings < T30_MAX_REPEAT_FINDINGS) {
            s->pend_repeat_findings++;
            add_finding(s, FAX_FIND_CMD_REPEATED, ev->frame, s->pend_frame,
                        "%s%s%s on page %u sent %u times without an answer",
                        t30s_fcf_label(fcf), pps_fcf >= 0 ? "-" : "",
                        pps_fcf > 0 ? t30s_fcf_label(pps_fcf) : (pps_fcf == 0 ? "NULL" : ""),
                        p->number, p->cmd_repeats + 1u);
        }
        if (fcf == T30_FCF_PPS) {
            t30_ecm_block *b = t30s_ecm_block(s, ev, NULL, FALSE);
            if (b)
                t30s_ecm_touch(s, b, ev);
        }
        s->pend_rerun = FALSE;
        t30s_ladder_add(s, ev, fcf, TRUE, "%s%s%s (repeat %u)", t30s_fcf_label(fcf),
                   pps_fcf >= 0 ? "-" : "",
                   pps_fcf > 0 ? t30s_fcf_label(pps_fcf) : (pps_fcf == 0 ? "NULL" : ""),
                   p->cmd_repeats);
        s->pend_frame = ev->frame;
    }
}

static void
on_post_page(t30_session *s, const fax_event *ev, gint fcf, const guint8 *fif,
             guint fl, fax_note *note)
{
    t30_page *p;
    gint pps_fcf = -1;
    guint pc = 0, bc = 0, fc = 0;
    gint idx;
    t30_ladder_item *it;

    t30s_set_phase(s, FAX_PHASE_D, ev->t);
    t30s_answer_dis(s, ev->side);
    if (fcf == T30_FCF_PPS)
        pps_fif_decode(s, ev, fif, fl, &pps_fcf, &pc, &bc, &fc);
    if (post_page_rerun(s, ev, fcf, pps_fcf, pc << 16 | bc << 8 | fc, note))
        return;
    if (s->pend_fcf == fcf && s->pend_pps_fcf == pps_fcf && s->pend_side == ev->side
        && s->pend_page >= 0 && (s->cur_page < 0 || s->cur_page == s->pend_page)
        && !s->page_burst && s->burst_frames == 0) {
        post_page_repeat(s, ev, fcf, pps_fcf, note);
        return;
    }
    p = t30s_open_page(s, ev, fcf == T30_FCF_PPS);
    if (p == NULL)
        return;
    idx = s->cur_page;
    /* close an unterminated non-ECM burst */
    s->page_burst = FALSE;
    t30s_page_commit(s, idx);
    p->cmd_fcf = (gint16)fcf;
    p->cmd_pps_fcf = (gint16)pps_fcf;
    p->cmd_frame = ev->frame;
    p->answer_fcf = -1;
    p->answer_frame = 0;
    s->cmd_rerun_ok = FALSE;
    s->pend_rerun = FALSE;
    if (fcf == T30_FCF_PPS) {
        if (!p->ecm && p->ecm_frames == 0 && p->frames_resent == 0)
            p->bytes = 0;   /* high-speed data after an NSS: ECM frames, not octets */
        p->ecm = TRUE;
        t30s_ecm_pps(s, ev, p, fl, fc, note);
    }
    s->pend_page = idx;
    s->pend_fcf = fcf;
    s->pend_pps_fcf = pps_fcf;
    s->pend_pps_id = pc << 16 | bc << 8 | fc;
    s->pend_side = ev->side;
    s->pend_frame = ev->frame;
    s->pend_repeat_findings = 0;
    s->page_expected = FALSE;
    note->page = p->number;
    note->rate = p->rate;
    if (fcf == T30_FCF_PPS)
        it = t30s_ladder_add(s, ev, fcf, TRUE, "PPS-%s page %u block %u, %u frames",
                        pps_fcf > 0 ? t30s_fcf_label(pps_fcf) : "NULL", pc + 1, bc + 1, fc);
    else
        it = t30s_ladder_add(s, ev, fcf, TRUE, "%s page %u", t30s_fcf_label(fcf), p->number);
    if (it)
        it->page = p->number;
}

/* T.30 5.3.6.1.4: MCF, RTP or PIP to the pending post-page command: the page
 * (or ECM block) is confirmed; what comes next depends on the command. */
static void
on_positive_answer(t30_session *s, const fax_event *ev, gint fcf, t30_page *p,
                   gboolean end_of_page)
{
    if (s->pend_fcf == T30_FCF_PPS && !s->pend_rerun)
        t30s_ecm_next_block(s, ev, fcf);
    if (end_of_page) {
        p->confirmed = TRUE;
        p->rejected = FALSE;
        p->last_frame = MAX(p->last_frame, p->first_frame);
        s->cur_page = -1;
        if (s->pend_fcf == T30_FCF_EOP || s->pend_pps_fcf == T30_FCF_EOP
            || s->pend_fcf == T30_FCF_PRI_EOP || s->pend_pps_fcf == T30_FCF_PRI_EOP)
            s->after_eop = TRUE;
        /* T.30 5.3.6.1.4: after MCF to MPS the next page follows at once;
         * RTP/PIP and EOM send the transmitter back to phase B */
        s->page_expected = fcf == T30_FCF_MCF
            && (s->pend_fcf == T30_FCF_MPS || s->pend_pps_fcf == T30_FCF_MPS);
    } else {
        s->page_expected = TRUE;   /* next ECM block of the same page */
    }
    s->cmd_rerun_ok = TRUE;
    s->done_fcf = s->pend_fcf;
    s->done_pps_fcf = s->pend_pps_fcf;
    s->done_pps_id = s->pend_pps_id;
    s->done_page = s->pend_page;
    s->done_side = s->pend_side;
    s->done_answer_frame = ev->frame;
    s->pend_fcf = -1;
}

/* RTN or PIN: the page is rejected; the transmitter goes back to phase B
 * to retrain and send it again (or gives up). */
static void
on_negative_answer(t30_session *s, const fax_event *ev, gint fcf, t30_page *p)
{
    p->rejected = TRUE;
    p->confirmed = FALSE;
    s->resend_page = s->pend_page;
    s->cur_page = -1;
    s->page_expected = FALSE;
    s->pend_fcf = -1;
    add_finding(s, FAX_FIND_PAGE_REJECTED, ev->frame, p->cmd_frame,
                "Page %u rejected (%s)", p->number, t30s_fcf_label(fcf));
}

static void
on_post_page_answer(t30_session *s, const fax_event *ev, gint fcf,
                    const guint8 *fif, guint fl, fax_note *note)
{
    t30_page *p = NULL;
    t30_ladder_item *it;
    gboolean end_of_page;

    t30s_set_phase(s, FAX_PHASE_D, ev->t);
    if (s->pend_fcf >= 0 && s->pend_side != ev->side)
        p = t30s_page_at(s, s->pend_page);
    if (p == NULL) {
        t30s_malformed(s, MAL_UNEXPECTED, ev->frame, "%s without a post-page command",
                  t30s_fcf_label(fcf));
        t30s_ladder_add(s, ev, fcf, TRUE, "%s (no command)", t30s_fcf_label(fcf));
        return;
    }
    note->page = p->number;
    note->answers = s->pend_frame;
    p->answer_fcf = (gint16)fcf;
    p->answer_frame = ev->frame;
    end_of_page = s->pend_fcf != T30_FCF_PPS || s->pend_pps_fcf != 0;

    switch (fcf) {
    case T30_FCF_MCF:
    case T30_FCF_RTP:
    case T30_FCF_PIP:
        on_positive_answer(s, ev, fcf, p, end_of_page);
        break;
    case T30_FCF_RTN:
    case T30_FCF_PIN:
        on_negative_answer(s, ev, fcf, p);
        break;
    case T30_FCF_PPR:
        t30s_ecm_ppr(s, ev, p, fif, fl);
        break;
    case T30_FCF_ERR:
        /* T.30 A.5: EOR answered: the block is given up */
        t30s_ecm_count(s, ev, fcf);
        t30s_ecm_next_block(s, ev, fcf);
        if (end_of_page) {
            p->rejected = TRUE;
            s->cur_page = -1;
        }
        s->page_expected = TRUE;
        s->pend_fcf = -1;
        break;
    default:
        break;
    }
    if (fcf != T30_FCF_MCF && fcf != T30_FCF_RTP && fcf != T30_FCF_PIP)
        s->cmd_rerun_ok = FALSE;
    s->pend_rerun = FALSE;
    t30s_recount_pages(s);
    it = t30s_ladder_add(s, ev, fcf, TRUE, "%s page %u", t30s_fcf_label(fcf), p->number);
    if (it)
        it->page = p->number;
}

static void
on_dcn(t30_session *s, const fax_event *ev, fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_page *last;
    char text[FAX_FINDING_TEXT];

    t30s_set_phase(s, FAX_PHASE_E, ev->t);
    t30s_ladder_add(s, ev, T30_FCF_DCN, TRUE, "DCN");
    if (m->dcn_frame != 0)
        return;
    m->dcn_frame = ev->frame;
    m->dcn_side = ev->side;
    m->t_dcn = ev->t;
    /* training given up: FTTs and no CFR since */
    if (t30s_seq_ftts(s) > 0 && (s->cur_train < 0
                            || m->trainings[s->cur_train].outcome != T30_TRAIN_PENDING)
        && !s->page_expected && !s->training_failed_raised) {
        s->training_failed_raised = TRUE;
        t30s_training_failed_text(s, text, sizeof(text));
        add_finding(s, FAX_FIND_TRAINING_FAILED, ev->frame, 0, "%s", text);
    }
    if (s->cur_train >= 0 && m->trainings[s->cur_train].outcome == T30_TRAIN_PENDING) {
        m->trainings[s->cur_train].outcome = T30_TRAIN_NO_ANSWER;
        add_finding(s, FAX_FIND_DCS_UNANSWERED, ev->frame,
                    m->trainings[s->cur_train].dcs_frame,
                    "DCS of frame %u never answered", m->trainings[s->cur_train].dcs_frame);
        s->cur_train = -1;
    }
    last = m->n_pages > 0 ? &m->pages[m->n_pages - 1] : NULL;
    if (s->cur_page >= 0 && (guint)s->cur_page >= m->n_pages) {
        s->dcn_early_raised = TRUE;
        add_finding(s, FAX_FIND_DCN_EARLY, ev->frame, 0,
                    "DCN while page %u was being sent", s->cur_page + 1);
    } else if (last && !last->confirmed) {
        s->dcn_early_raised = TRUE;
        add_finding(s, FAX_FIND_DCN_EARLY, ev->frame, last->cmd_frame,
                    "DCN before page %u was confirmed", last->number);
    }
    (void)note;
}

/* T.30 5.3.7: a frame with a bad FCS is discarded: counted, never acted
 * upon nor judged malformed. */
static void
on_bad_fcs(t30_session *s, const fax_event *ev, gint fcf, gboolean x_bit, fax_note *note)
{
    gboolean known = t30_fcf_known(fcf);
    s->sum.bad_fcs_count++;
    note->fcf = known ? (gint16)fcf : -1;
    note->x_bit = x_bit;
    note->ecm_data = known && t30_fcf_is_ecm_data(fcf);
    if (s->fcs_findings < T30_MAX_FCS_FINDINGS) {
        s->fcs_findings++;
        add_finding(s, FAX_FIND_BAD_FCS, ev->frame, 0, "%s with a bad FCS (discarded)",
                    known ? t30s_fcf_label(fcf) : "HDLC frame");
    }
    if (known && !note->ecm_data)
        t30s_ladder_add(s, ev, fcf, FALSE, "%s (bad FCS)", t30s_fcf_label(fcf));
}

/* T.30 5.3.5: address 0xFF; control 0xC0 (0x03) or 0xC8 (0x13). */
static gboolean
frame_head_ok(const guint8 *b)
{
    return b[0] == 0xFF && (b[1] == 0xC0 || b[1] == 0xC8 || b[1] == 0x03 || b[1] == 0x13);
}

/* A frame damaged by UDPTL loss (T.38 9.1): the far end got it with octets
 * missing, a bad frame it cannot act on (T.30 5.3.7).  Never named: its
 * first octets give a hint of what it was only when they arrived in place
 * (address, control and FCF, T.30 5.3.5); its FIF is never decoded. */
static void
on_damaged(t30_session *s, const fax_event *ev, fax_note *note)
{
    gint fcf = -1;
    gboolean x_bit = FALSE;
    char what[48], lost[64], where[32];

    s->sum.damaged_count++;
    s->sum.last_damaged_frame = ev->frame;
    s->sum.side[ev->side].seen = TRUE;   /* it sent something, whatever */
    if (s->sum.first_frame == 0) {
        s->sum.first_frame = ev->frame;
        s->sum.t_first = ev->t;
    }
    if (ev->buf && ev->intact >= 3 && ev->len >= 3 && frame_head_ok(ev->buf)) {
        fcf = t30_fcf_canonical(ev->buf[2], &x_bit);
        if (!t30_fcf_known(fcf))
            fcf = -1;
    }
    note->damaged = TRUE;
    note->damaged_fcf = (gint16)fcf;
    note->damaged_lost = (guint16)MIN(ev->lost, G_MAXUINT16);
    note->damaged_octets = (guint16)MIN(ev->len, G_MAXUINT16);
    note->damaged_first = ev->first_frame;
    note->ecm_data = fcf >= 0 && t30_fcf_is_ecm_data(fcf);
    if (note->ecm_data)
        return;   /* ECM data: the PPR that follows tells what was missed */
    if (fcf >= 0)
        g_snprintf(what, sizeof what, "HDLC frame (starts as %s)", t30s_fcf_label(fcf));
    else
        g_strlcpy(what, "HDLC frame", sizeof what);
    if (ev->len == 0)
        g_strlcpy(lost, "only its end arrived", sizeof lost);
    else
        g_snprintf(lost, sizeof lost, "%u octet%s arrived%s", ev->len, ev->len == 1 ? "" : "s",
                   ev->no_end ? ", its end did not" : "");
    if (s->damaged_findings < T30_MAX_DAMAGED_FINDINGS) {
        gboolean span = ev->first_frame && ev->first_frame != ev->frame;
        s->damaged_findings++;
        if (span)
            g_snprintf(where, sizeof where, "frames %u-%u", ev->first_frame, ev->frame);
        else
            g_snprintf(where, sizeof where, "frame %u", ev->frame);
        add_finding(s, FAX_FIND_DAMAGED, ev->frame, span ? ev->first_frame : 0,
                    "%s damaged by UDPTL loss (%s, %u packet%s lost, %s): "
                    "a receiver behind this loss got a bad frame", what, where,
                    ev->lost, ev->lost == 1 ? "" : "s", lost);
    }
    t30_ladder_item *it = t30s_ladder_add(s, ev, -1, TRUE, "%s%s damaged by loss (%u lost)",
                                          fcf >= 0 ? t30s_fcf_label(fcf) : "frame",
                                          fcf >= 0 ? "?" : "", ev->lost);
    if (it)
        it->damaged = TRUE;
}

/* The HDLC frame as T.30 5.3.5 frames it: length, FCS, address and control,
 * a known FCF.  Returns the canonical FCF, or -1: not a frame to act on. */
static gint
frame_fcf(t30_session *s, const fax_event *ev, fax_note *note)
{
    gboolean x_bit = FALSE;
    gint fcf;

    if (ev->damaged) {
        on_damaged(s, ev, note);
        return -1;
    }
    if (ev->buf == NULL || ev->len < 3) {
        t30s_malformed(s, MAL_SHORT, ev->frame, "T.30 frame of %u octets (3 at least)",
                  ev->buf ? ev->len : 0);
        return -1;
    }
    fcf = t30_fcf_canonical(ev->buf[2], &x_bit);
    if (!ev->fcs_ok) {
        on_bad_fcs(s, ev, fcf, x_bit, note);
        return -1;
    }
    if (!frame_head_ok(ev->buf))
        t30s_malformed(s, MAL_ADDRESS, ev->frame,
                  "T.30 frame with address 0x%02X, control 0x%02X",
                  ev->buf[0], ev->buf[1]);
    note->fcf = (gint16)fcf;
    note->x_bit = x_bit;
    if (!t30_fcf_known(fcf)) {
        t30s_malformed(s, MAL_UNKNOWN_FCF, ev->frame, "Unknown T.30 FCF 0x%02X", ev->buf[2]);
        note->fcf = -1;
        return -1;
    }
    return fcf;
}

/* T.30 Annex A / T.4 Annex A: the ECM frames of phases C and D other than
 * FCD, PPS and PPR (RCP, CTC/CTR, EOR/ERR, RR/RNR). */
static void
on_ecm_control(t30_session *s, const fax_event *ev, gint fcf, const guint8 *fif,
               guint fl, fax_note *note)
{
    switch (fcf) {
    case T30_FCF_RCP:
        t30s_set_phase(s, FAX_PHASE_C, ev->t);
        if (s->cur_page >= 0) {
            note->page = (guint16)(s->cur_page + 1);
            note->ecm_block = (guint16)(s->ecm_block + 1);
        }
        break;
    case T30_FCF_CTC:
        t30s_ecm_ctc(s, ev);
        break;
    case T30_FCF_EOR:
        t30s_ecm_eor(s, ev, fif, fl);
        break;
    default:   /* CTR, RR, RNR */
        t30s_set_phase(s, FAX_PHASE_D, ev->t);
        t30s_ecm_count(s, ev, fcf);
        if (fcf == T30_FCF_CTR)
            s->page_expected = TRUE;
        t30s_ladder_add(s, ev, fcf, TRUE, "%s", t30s_fcf_label(fcf));
        break;
    }
}

/* T.30 5.3.6.1 (Table 1): CRP, the other side asks for the last command again. */
static void
on_crp(t30_session *s, const fax_event *ev, gint fcf)
{
    s->sum.crp_count++;
    if (s->crp_findings < T30_MAX_CRP_FINDINGS) {
        s->crp_findings++;
        add_finding(s, FAX_FIND_CRP, ev->frame, 0,
                    "CRP: the other side asks for the last command again");
    }
    t30s_ladder_add(s, ev, fcf, TRUE, "CRP");
}

/* One T.30 frame: checked, then handed to its message family (T.30 5.3.6,
 * Table 2): phase B negotiation and training, phase C/D post-page commands
 * and answers, ECM (Annex A), release (DCN). */
static void
on_hdlc(t30_session *s, const fax_event *ev, fax_note *note)
{
    t30_summary *m = &s->sum;
    gint fcf = frame_fcf(s, ev, note);
    if (fcf < 0)
        return;
    const guint8 *fif = ev->buf + 3;
    guint fl = ev->len - 3;

    m->side[ev->side].seen = TRUE;
    if (m->first_frame == 0) {
        m->first_frame = ev->frame;
        m->t_first = ev->t;
    }
    if (t30_fcf_is_ecm_data(fcf)) {
        note->ecm_data = TRUE;
        note->phase = FAX_PHASE_C;
    }

    switch (fcf) {
    case T30_FCF_DIS:
    case T30_FCF_DTC:
        t30s_on_dis(s, ev, fcf, fif, fl, note);
        break;
    case T30_FCF_CSI:
    case T30_FCF_TSI:
    case T30_FCF_CIG:
        t30s_on_ident(s, ev, fcf, fif, fl);
        break;
    case T30_FCF_NSF:
    case T30_FCF_NSS:
    case T30_FCF_NSC:
        t30s_on_nsf(s, ev, fcf, fif, fl, note);
        break;
    case T30_FCF_DCS:
        t30s_on_dcs(s, ev, fif, fl, note);
        break;
    case T30_FCF_CFR:
    case T30_FCF_FTT:
        t30s_on_cfr_ftt(s, ev, fcf, note);
        break;
    case T30_FCF_MPS: case T30_FCF_EOM: case T30_FCF_EOP:
    case T30_FCF_PRI_MPS: case T30_FCF_PRI_EOM: case T30_FCF_PRI_EOP:
    case T30_FCF_PPS:
        on_post_page(s, ev, fcf, fif, fl, note);
        break;
    case T30_FCF_MCF: case T30_FCF_RTN: case T30_FCF_RTP:
    case T30_FCF_PIN: case T30_FCF_PIP: case T30_FCF_PPR: case T30_FCF_ERR:
        on_post_page_answer(s, ev, fcf, fif, fl, note);
        break;
    case T30_FCF_FCD:
        t30s_ecm_fcd(s, ev, fif, fl, note);
        break;
    case T30_FCF_RCP:
    case T30_FCF_CTC:
    case T30_FCF_EOR:
    case T30_FCF_CTR: case T30_FCF_RR: case T30_FCF_RNR:
        on_ecm_control(s, ev, fcf, fif, fl, note);
        break;
    case T30_FCF_CRP:
        on_crp(s, ev, fcf);
        break;
    case T30_FCF_DCN:
        on_dcn(s, ev, note);
        break;
    default:
        t30s_answer_dis(s, ev->side);
        t30s_ladder_add(s, ev, fcf, TRUE, "%s", t30s_fcf_label(fcf));
        break;
    }
}

/* ------------------------------------------------------------------ */
/* T.4 data: TCF or page */

/* TCF (T.30 5.3.6.2.8): the training check after the DCS, timed from its
 * first octets to its end. */
static void
on_tcf(t30_session *s, const fax_event *ev, fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_training *tr;

    t30s_set_phase(s, FAX_PHASE_B, ev->t);
    if (ev->modem != FAX_MODEM_NONE)
        t30s_training_learn_modem(s, ev->modem);   /* after an NSS */
    tr = s->cur_train >= 0 ? &m->trainings[s->cur_train] : NULL;
    if (tr) {
        note->training = (guint16)(s->cur_train + 1);
        note->rate = tr->rate;
    }
    if (ev->kind == FAX_EV_NONECM_DATA) {
        if (!s->tcf_active) {
            s->tcf_active = TRUE;
            s->t_tcf_start = ev->t;
            s->tcf_bytes = 0;
        }
        s->tcf_bytes += ev->count;
    } else {
        t30_ladder_item *it;
        if (tr)
            tr->tcf_frame = ev->frame;
        it = t30s_ladder_add(s, ev, -1, TRUE, "TCF %.1f s",
                        s->tcf_active ? ev->t - s->t_tcf_start : 0.0);
        if (it && tr)
            it->training = (guint16)(s->cur_train + 1);
        s->tcf_active = FALSE;
        s->tcf_expected = FALSE;
    }
}

static void
on_data(t30_session *s, const fax_event *ev, fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_page *p;
    gboolean carrier;

    /* TCF: right after the DCS, from its sender (T.30 5.3.6.2.8) */
    if (s->tcf_expected && s->have_tx && ev->side == m->transmitter) {
        on_tcf(s, ev, note);
        return;
    }
    if (!s->page_expected && s->cur_page < 0) {
        /* T.30 5.3.2.4: after its TCF the transmitter sends high-speed data
         * only once it got CFR, so data from it after a finished TCF is
         * page 1 even when the CFR is not in the capture (one-way capture,
         * CFR damaged by loss) */
        const t30_training *tr = s->cur_train >= 0 ? &m->trainings[s->cur_train] : NULL;
        if (!(s->have_tx && ev->side == m->transmitter && tr && tr->tcf_frame != 0
              && tr->outcome == T30_TRAIN_PENDING))
            return;   /* data nobody asked for: noted, not counted */
        s->page_expected = TRUE;
    }
    if (s->have_tx && ev->side != m->transmitter)
        return;
    t30s_set_phase(s, FAX_PHASE_C, ev->t);
    /* High-speed data heard in the audio (G.711 pass-through) after a DCS
     * with ECM, or on an ECM page: the carrier of FCD frames that are not
     * demodulated; it times the page, its octets are not counted.  After an
     * NSS it is not known yet: counted, and dropped if a PPS follows. */
    p = t30s_open_page(s, ev, s->tx_ecm == T30S_ECM_YES);
    if (p == NULL)
        return;
    carrier = p->ecm || s->tx_ecm == T30S_ECM_YES;
    s->cmd_rerun_ok = FALSE;   /* page data: a command now is a new one */
    note->page = p->number;
    note->rate = p->rate;
    if (ev->kind == FAX_EV_NONECM_DATA) {
        if (!s->page_burst)
            s->t_hs_start = ev->t;
        s->page_burst = TRUE;
        if (!carrier && G_MAXUINT32 - p->bytes > ev->count)
            p->bytes += ev->count;
        p->last_frame = ev->frame;
        p->t_end = ev->t;
    } else {
        t30_ladder_item *it;
        s->page_burst = FALSE;
        p->last_frame = ev->frame;
        p->t_end = ev->t;
        s->page_expected = FALSE;
        if (carrier)
            it = t30s_ladder_add(s, ev, -1, TRUE, "Page %u: high-speed data %.1f s (ECM)",
                                 p->number, ev->t - s->t_hs_start);
        else if (s->tx_ecm == T30S_ECM_UNKNOWN)
            it = t30s_ladder_add(s, ev, -1, TRUE, "Page %u: high-speed data %.1f s",
                                 p->number, ev->t - s->t_hs_start);
        else
            it = t30s_ladder_add(s, ev, -1, TRUE, "Page %u: %u octets, %.1f s", p->number,
                                 p->bytes, p->t_end - p->t_start);
        if (it)
            it->page = p->number;
        if (p->packets_lost > 0)
            add_finding(s, FAX_FIND_PAGE_LOSS, ev->frame, p->first_frame,
                        "Page %u: %u UDPTL packets lost", p->number, p->packets_lost);
    }
}

/* ------------------------------------------------------------------ */
/* public */

t30_session *
t30_session_new(void)
{
    t30_session *s = g_new0(t30_session, 1);
    guint i;
    s->dis_side = -1;
    s->cur_train = -1;
    s->cur_page = -1;
    s->resend_page = -1;
    s->pend_page = -1;
    s->pend_fcf = -1;
    s->pend_pps_fcf = -1;
    s->cur_block = -1;
    s->cur_round = -1;
    for (i = 0; i < 2; i++)
        s->sum.side[i].ident_fcf = -1;
    s->sum.missing_side = -1;
    return s;
}

void
t30_session_free(t30_session *s)
{
    if (s == NULL)
        return;
    g_free(s->sum.trainings);
    g_free(s->sum.pages);
    g_free(s->sum.ladder);
    g_free(s->sum.findings);
    g_free(s->sum.ecm_blocks);
    g_free(s->sum.ppr_rounds);
    g_free(s);
}

void
t30_session_set_missing_side(t30_session *s, gint side)
{
    if (s)
        s->sum.missing_side = side == FAX_SIDE_A || side == FAX_SIDE_B ? side : -1;
}

/* T.38 7.2 / Annex A indicators that tell the story: CNG and CED (T.30
 * phase A), the training of each TCF and page burst, V.8.  The V.21
 * preamble and no-signal, which come with every burst, are left out. */
static gboolean
indicator_in_ladder(fax_indicator ind)
{
    return ind == FAX_IND_CNG || ind == FAX_IND_CED
           || (ind >= FAX_IND_V27_2400_TRAINING && ind < FAX_IND_COUNT);
}

static void
on_indicator(t30_session *s, const fax_event *ev, fax_note *note)
{
    t30_summary *m = &s->sum;

    if ((guint)ev->indicator < FAX_IND_COUNT)
        note->indicator = (guint8)(ev->indicator + 1);
    if (ev->indicator == FAX_IND_CNG && m->cng_frame == 0) {
        m->cng_frame = ev->frame;
        m->t_cng = ev->t;
    } else if (ev->indicator == FAX_IND_CED && m->ced_frame == 0) {
        m->ced_frame = ev->frame;
        m->t_ced = ev->t;
    }
    if (ev->indicator == FAX_IND_CNG || ev->indicator == FAX_IND_CED) {
        if (s->phase == FAX_PHASE_NONE)
            t30s_set_phase(s, FAX_PHASE_A, ev->t);
    } else if (s->tcf_expected && s->cur_train >= 0) {
        t30s_training_learn_modem(s, t30s_indicator_modem(ev->indicator));
        note->training = (guint16)(s->cur_train + 1);
        note->rate = s->sum.trainings[s->cur_train].rate;
    }
    if (indicator_in_ladder(ev->indicator)) {
        t30_ladder_item *it = t30s_ladder_add(s, ev, -1, TRUE, "%s", fax_indicator_name(ev->indicator));
        if (it) {
            it->is_indicator = TRUE;
            it->training = note->training;
        }
    }
}

void
t30_session_feed(t30_session *s, const fax_event *ev, fax_note *note)
{
    fax_note scratch;
    fax_event e;

    if (note == NULL)
        note = &scratch;
    memset(note, 0, sizeof(*note));
    note->fcf = -1;
    note->damaged_fcf = -1;
    note->modem = FAX_MODEM_NONE;
    if (s == NULL || ev == NULL)
        return;
    e = *ev;
    if (e.side != FAX_SIDE_A && e.side != FAX_SIDE_B)
        e.side = FAX_SIDE_A;
    ev = &e;

    if (s->finished) {  /* more events after a verdict: drop it */
        s->sum.n_findings = s->n_feed_findings;
        s->finished = FALSE;
    }
    /* T.30 5.4.3: silences longer than T2 in the middle of the procedure */
    if (s->any_event && s->sum.first_frame != 0 && s->sum.dcn_frame == 0
        && ev->t - s->t_prev > T30_SILENCE_SECONDS
        && s->silence_findings < T30_MAX_SILENCE_FINDINGS) {
        s->silence_findings++;
        add_finding(s, FAX_FIND_SILENCE, ev->frame, s->frame_prev,
                    "Silence of %.1f s after frame %u", ev->t - s->t_prev, s->frame_prev);
    }
    s->any_event = TRUE;
    s->t_prev = ev->t;
    s->frame_prev = ev->frame;

    switch (ev->kind) {
    case FAX_EV_INDICATOR:
        on_indicator(s, ev, note);
        break;
    case FAX_EV_HDLC:
        on_hdlc(s, ev, note);
        break;
    case FAX_EV_NONECM_DATA:
    case FAX_EV_NONECM_END:
        on_data(s, ev, note);
        break;
    case FAX_EV_LOSS:
        s->sum.packets_lost += ev->count;
        if (s->cur_page >= 0 && (s->page_burst || s->burst_frames > 0)) {
            t30_page *p = t30s_page_at(s, s->cur_page);
            if (p)
                p->packets_lost += ev->count;
        }
        break;
    default:
        break;
    }
    if (s->sum.first_frame != 0) {
        s->sum.last_frame = ev->frame;
        s->sum.t_last = ev->t;
    }
    if (note->phase == FAX_PHASE_NONE)
        note->phase = s->phase;
    /* the modem behind the rate: the training attempt's, else the DCS's */
    if (note->training && note->training <= s->sum.n_trainings)
        note->modem = s->sum.trainings[note->training - 1].modem;
    else if (note->rate && s->sum.has_dcs)
        note->modem = s->sum.dcs.modem;
    s->n_feed_findings = s->sum.n_findings;
}

void
t30_session_position(const t30_session *s, fax_phase *phase, guint *page)
{
    *phase = s ? s->phase : FAX_PHASE_NONE;
    *page = s && s->cur_page >= 0 ? (guint)s->cur_page + 1 : 0;
}

const t30_summary *
t30_session_summary(const t30_session *s)
{
    return s ? &s->sum : NULL;
}
