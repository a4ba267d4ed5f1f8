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

/* Text of the training attempts of the current sequence:
 * "FTT at 14400 (x2), 12000" */
static void
ftt_list(t30_session *s, char *buf, gsize size)
{
    t30_summary *m = &s->sum;
    GString *g = g_string_new(NULL);
    guint i = s->seq_start;

    while (i < m->n_trainings) {
        guint32 rate = m->trainings[i].rate;
        guint n = 0;
        if (m->trainings[i].outcome != T30_TRAIN_FTT) {
            i++;
            continue;
        }
        while (i < m->n_trainings && m->trainings[i].outcome == T30_TRAIN_FTT
               && m->trainings[i].rate == rate) {
            n++;
            i++;
        }
        g_string_append_printf(g, "%s%u", g->len ? ", " : "FTT at ", rate);
        if (n > 1)
            g_string_append_printf(g, " (x%u)", n);
    }
    g_strlcpy(buf, g->str, size);
    g_string_free(g, TRUE);
}

guint
t30s_seq_ftts(const t30_session *s)
{
    guint i, n = 0;
    for (i = s->seq_start; i < s->sum.n_trainings; i++)
        if (s->sum.trainings[i].outcome == T30_TRAIN_FTT)
            n++;
    return n;
}

static guint32
seq_lowest_ftt_rate(const t30_session *s)
{
    guint i;
    guint32 low = 0;
    for (i = s->seq_start; i < s->sum.n_trainings; i++)
        if (s->sum.trainings[i].outcome == T30_TRAIN_FTT
            && (low == 0 || s->sum.trainings[i].rate < low))
            low = s->sum.trainings[i].rate;
    return low;
}

void
t30s_training_failed_text(t30_session *s, char *buf, gsize size)
{
    char list[160];
    ftt_list(s, list, sizeof(list));
    if (seq_lowest_ftt_rate(s) <= 2400)
        g_snprintf(buf, size, "Training failed at every rate: %s", list);
    else
        g_snprintf(buf, size, "Training failed: %s, then the sender gave up", list);
}

/* ------------------------------------------------------------------ */
/* T.30 frames */

static void
answer_dis(t30_session *s, fax_side from)
{
    if (s->dis_side >= 0 && (fax_side)s->dis_side != from) {
        s->dis_side = -1;
        s->dis_streak = 0;
        s->dis_ever_answered = TRUE;
    }
}

static void
on_dis(t30_session *s, const fax_event *ev, gint fcf, const guint8 *fif, guint fl,
       fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_side_info *si = &m->side[ev->side];
    char caps[64];

    t30_caps_decode(fif, fl, FALSE, &si->dis);
    if (!si->dis.valid)
        t30s_malformed(s, MAL_FIF, ev->frame, "%s too short (%u FIF octets)", t30s_fcf_label(fcf), fl);
    si->has_dis = TRUE;
    si->dis_frame = ev->frame;
    if (si->dis_count < G_MAXUINT16)
        si->dis_count++;
    if (fcf == T30_FCF_DIS && m->first_dis_frame == 0) {
        m->first_dis_frame = ev->frame;
        m->t_first_dis = ev->t;
    }
    answer_dis(s, ev->side);
    if (s->dis_side == (gint)ev->side) {
        s->dis_streak++;
        if (s->dis_streak == 2)
            add_finding(s, FAX_FIND_DIS_REPEATED, ev->frame, s->dis_streak_frame,
                        "%s repeated: no answer to the %s of frame %u",
                        t30s_fcf_label(fcf), t30s_fcf_label(fcf), s->dis_streak_frame);
    } else {
        s->dis_side = ev->side;
        s->dis_streak = 1;
        s->dis_streak_frame = ev->frame;
        s->t_dis_streak = ev->t;
    }
    t30s_set_phase(s, FAX_PHASE_B, ev->t);
    t30_caps_format(&si->dis, caps, sizeof(caps));
    t30s_ladder_add(s, ev, fcf, TRUE, "%s %s", t30s_fcf_label(fcf), caps);
    (void)note;
}

/* T.38 (2002) Annex A: the modem a training indicator announces */
static fax_modem
indicator_modem(fax_indicator ind)
{
    switch (ind) {
    case FAX_IND_V27_2400_TRAINING:        return FAX_MODEM_V27_2400;
    case FAX_IND_V27_4800_TRAINING:        return FAX_MODEM_V27_4800;
    case FAX_IND_V29_7200_TRAINING:        return FAX_MODEM_V29_7200;
    case FAX_IND_V29_9600_TRAINING:        return FAX_MODEM_V29_9600;
    case FAX_IND_V17_7200_SHORT_TRAINING:
    case FAX_IND_V17_7200_LONG_TRAINING:   return FAX_MODEM_V17_7200;
    case FAX_IND_V17_9600_SHORT_TRAINING:
    case FAX_IND_V17_9600_LONG_TRAINING:   return FAX_MODEM_V17_9600;
    case FAX_IND_V17_12000_SHORT_TRAINING:
    case FAX_IND_V17_12000_LONG_TRAINING:  return FAX_MODEM_V17_12000;
    case FAX_IND_V17_14400_SHORT_TRAINING:
    case FAX_IND_V17_14400_LONG_TRAINING:  return FAX_MODEM_V17_14400;
    case FAX_IND_V33_12000_TRAINING:       return FAX_MODEM_V33_12000;
    case FAX_IND_V33_14400_TRAINING:       return FAX_MODEM_V33_14400;
    default:                               return FAX_MODEM_NONE;
    }
}

/* An attempt whose command did not say the modem (NSS) learns it from the
 * training indicator or the TCF data of its sender. */
static void
training_learn_modem(t30_session *s, fax_modem modem)
{
    t30_training *tr;
    guint32 rate = fax_modem_rate(modem);

    if (s->cur_train < 0 || rate == 0)
        return;
    tr = &s->sum.trainings[s->cur_train];
    if (tr->rate != 0 || tr->outcome != T30_TRAIN_PENDING)
        return;
    tr->modem = modem;
    tr->rate = rate;
}

/* A training attempt begins (T.30 5.3.6.2.8): DCS, or NSS, the
 * non-standard set-up that replaces it (T.30 5.3.6.2.6), whose FIF is the
 * vendor's: its modem comes from the training indicator or the TCF, else
 * stays unknown (rate 0). */
static t30_training *
training_start(t30_session *s, const fax_event *ev, gint fcf, fax_modem modem,
               guint32 rate, gboolean ecm_known, gboolean ecm, fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_training *tr;

    m->transmitter = ev->side;
    s->have_tx = TRUE;
    s->tx_ecm = ecm_known ? (ecm ? T30S_ECM_YES : T30S_ECM_NO) : T30S_ECM_UNKNOWN;
    s->cmd_rerun_ok = FALSE;
    answer_dis(s, ev->side);
    t30s_set_phase(s, FAX_PHASE_B, ev->t);

    /* T.30 5.3.2: a DCS sent again with no CFR/FTT: no answer to the last */
    if (s->cur_train >= 0) {
        tr = &m->trainings[s->cur_train];
        if (tr->outcome == T30_TRAIN_PENDING) {
            tr->outcome = T30_TRAIN_NO_ANSWER;
            if (!s->dcs_unanswered_raised) {
                s->dcs_unanswered_raised = TRUE;
                add_finding(s, FAX_FIND_DCS_UNANSWERED, ev->frame, tr->dcs_frame,
                            "%s of frame %u got no CFR/FTT: sent again",
                            tr->nss ? "NSS" : "DCS", tr->dcs_frame);
            }
        }
    }
    s->cur_train = -1;
    s->tcf_expected = TRUE;
    s->tcf_active = FALSE;
    s->tcf_bytes = 0;
    s->page_expected = FALSE;
    if (!RESERVE(m, trainings, m->n_trainings, T30_FIRST_TRAININGS, T30_MAX_TRAININGS)) {
        t30s_raise_cap(s, ev->frame, "training attempts");
        return NULL;
    }
    tr = &m->trainings[m->n_trainings];
    memset(tr, 0, sizeof(*tr));
    tr->modem = modem;
    tr->rate = rate;
    tr->nss = fcf == T30_FCF_NSS;
    tr->dcs_frame = ev->frame;
    tr->t = ev->t;
    tr->outcome = T30_TRAIN_PENDING;
    s->cur_train = (gint)m->n_trainings++;
    note->training = (guint16)m->n_trainings;
    note->rate = tr->rate;
    return tr;
}

static void
on_dcs(t30_session *s, const fax_event *ev, const guint8 *fif, guint fl, fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_ladder_item *it;
    char caps[64];

    t30_caps_decode(fif, fl, TRUE, &m->dcs);
    if (!m->dcs.valid)
        t30s_malformed(s, MAL_FIF, ev->frame, "DCS too short (%u FIF octets)", fl);
    m->has_dcs = TRUE;
    training_start(s, ev, T30_FCF_DCS, m->dcs.modem, m->dcs.valid ? m->dcs.max_rate : 0,
                   m->dcs.valid, m->dcs.ecm, note);
    t30_caps_format(&m->dcs, caps, sizeof(caps));
    it = t30s_ladder_add(s, ev, T30_FCF_DCS, TRUE, "DCS %s", caps);
    if (it && s->cur_train >= 0)
        it->training = (guint16)(s->cur_train + 1);
}

static void
on_cfr_ftt(t30_session *s, const fax_event *ev, gint fcf, fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_training *tr = NULL;
    t30_ladder_item *it;
    char list[160];

    t30s_set_phase(s, FAX_PHASE_B, ev->t);
    s->tcf_expected = FALSE;
    s->tcf_active = FALSE;
    if (s->cur_train >= 0)
        tr = &m->trainings[s->cur_train];
    if (tr == NULL || tr->outcome != T30_TRAIN_PENDING
        || (s->have_tx && m->transmitter == ev->side)) {
        t30s_malformed(s, MAL_UNEXPECTED, ev->frame, "%s without a DCS to answer",
                  t30s_fcf_label(fcf));
        it = t30s_ladder_add(s, ev, fcf, TRUE, "%s (no DCS)", t30s_fcf_label(fcf));
        if (fcf == T30_FCF_CFR) {       /* capture may have started late */
            s->page_expected = TRUE;
            t30s_set_phase(s, FAX_PHASE_B, ev->t);
        }
        return;
    }
    tr->answer_frame = ev->frame;
    note->training = (guint16)(s->cur_train + 1);
    note->rate = tr->rate;
    note->answers = tr->dcs_frame;
    note->tcf_frame = tr->tcf_frame;
    if (fcf == T30_FCF_CFR) {
        tr->outcome = T30_TRAIN_CFR;
        m->final_rate = tr->rate;
        if (t30s_seq_ftts(s) > 0) {
            ftt_list(s, list, sizeof(list));
            add_finding(s, FAX_FIND_TRAINING_SETTLED, ev->frame, tr->dcs_frame,
                        "%s; settled at %u after %u attempts", list, tr->rate,
                        m->n_trainings - s->seq_start);
        }
        s->seq_start = m->n_trainings;
        s->page_expected = TRUE;
        if (tr->rate)
            it = t30s_ladder_add(s, ev, fcf, TRUE, "CFR %u", tr->rate);
        else
            it = t30s_ladder_add(s, ev, fcf, TRUE, "CFR (rate unknown)");
    } else {
        tr->outcome = T30_TRAIN_FTT;
        m->ftt_count++;
        ftt_list(s, list, sizeof(list));
        add_finding(s, FAX_FIND_TRAINING_FTT, ev->frame, tr->dcs_frame, "%s", list);
        if (tr->rate)
            it = t30s_ladder_add(s, ev, fcf, TRUE, "FTT at %u", tr->rate);
        else
            it = t30s_ladder_add(s, ev, fcf, TRUE, "FTT (rate unknown)");
    }
    if (it)
        it->training = (guint16)(s->cur_train + 1);
    s->cur_train = -1;
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
static void
on_post_page(t30_session *s, const fax_event *ev, gint fcf, const guint8 *fif,
             guint fl, fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_page *p;
    gint pps_fcf = -1;
    guint pc = 0, bc = 0, fc = 0;
    gint idx;
    t30_ladder_item *it;

    t30s_set_phase(s, FAX_PHASE_D, ev->t);
    answer_dis(s, ev->side);
    if (fcf == T30_FCF_PPS) {
        if (fl < 4) {
            t30s_malformed(s, MAL_FIF, ev->frame, "PPS with %u FIF octets (4 expected)", fl);
        } else {
            pps_fcf = fif[0] & 0x7F;
            if (pps_fcf != 0 && !t30_fcf_is_post_page(pps_fcf))
                t30s_malformed(s, MAL_FIF, ev->frame, "PPS with unknown post-page code 0x%02X", fif[0]);
            pc = t30_bit_reverse(fif[1]);
            bc = t30_bit_reverse(fif[2]);
            fc = t30_bit_reverse(fif[3]) + 1u;   /* T.30 A.4: frames - 1 */
        }
    }
    if (post_page_rerun(s, ev, fcf, pps_fcf, pc << 16 | bc << 8 | fc, note))
        return;
    /* the same command again with no answer: a repeat (T.30 5.3.2.2) */
    if (s->pend_fcf == fcf && s->pend_pps_fcf == pps_fcf && s->pend_side == ev->side
        && s->pend_page >= 0 && (s->cur_page < 0 || s->cur_page == s->pend_page)
        && !s->page_burst && s->burst_frames == 0) {
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
    (void)m;
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
        break;
    case T30_FCF_RTN:
    case T30_FCF_PIN:
        p->rejected = TRUE;
        p->confirmed = FALSE;
        s->resend_page = s->pend_page;
        s->cur_page = -1;
        s->page_expected = FALSE;
        s->pend_fcf = -1;
        add_finding(s, FAX_FIND_PAGE_REJECTED, ev->frame, p->cmd_frame,
                    "Page %u rejected (%s)", p->number, t30s_fcf_label(fcf));
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

static void
on_hdlc(t30_session *s, const fax_event *ev, fax_note *note)
{
    t30_summary *m = &s->sum;
    const guint8 *fif;
    guint fl;
    gint fcf;
    gboolean x_bit = FALSE;
    t30_side_info *si;

    if (ev->buf == NULL || ev->len < 3) {
        t30s_malformed(s, MAL_SHORT, ev->frame, "T.30 frame of %u octets (3 at least)",
                  ev->buf ? ev->len : 0);
        return;
    }
    fcf = t30_fcf_canonical(ev->buf[2], &x_bit);
    fif = ev->buf + 3;
    fl = ev->len - 3;
    /* T.30 5.3.7: a frame with a bad FCS is discarded: counted, never
     * acted upon nor judged malformed */
    if (!ev->fcs_ok) {
        gboolean known = t30_fcf_known(fcf);
        m->bad_fcs_count++;
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
        return;
    }
    /* T.30 5.3.5: address 0xFF; control 0xC0 (0x03) or 0xC8 (0x13) */
    if (ev->buf[0] != 0xFF || (ev->buf[1] != 0xC0 && ev->buf[1] != 0xC8
                               && ev->buf[1] != 0x03 && ev->buf[1] != 0x13))
        t30s_malformed(s, MAL_ADDRESS, ev->frame,
                  "T.30 frame with address 0x%02X, control 0x%02X",
                  ev->buf[0], ev->buf[1]);
    note->fcf = (gint16)fcf;
    note->x_bit = x_bit;
    if (!t30_fcf_known(fcf)) {
        t30s_malformed(s, MAL_UNKNOWN_FCF, ev->frame, "Unknown T.30 FCF 0x%02X", ev->buf[2]);
        note->fcf = -1;
        return;
    }
    m->side[ev->side].seen = TRUE;
    if (m->first_frame == 0) {
        m->first_frame = ev->frame;
        m->t_first = ev->t;
    }
    if (t30_fcf_is_ecm_data(fcf)) {
        note->ecm_data = TRUE;
        note->phase = FAX_PHASE_C;
    }

    si = &m->side[ev->side];
    switch (fcf) {
    case T30_FCF_DIS:
    case T30_FCF_DTC:
        on_dis(s, ev, fcf, fif, fl, note);
        break;
    case T30_FCF_CSI:
    case T30_FCF_TSI:
    case T30_FCF_CIG:
        t30_ident_decode(fif, fl, si->ident, sizeof(si->ident));
        si->ident_fcf = (gint16)fcf;
        if (fl != 20)
            t30s_malformed(s, MAL_FIF, ev->frame, "%s with %u digits (20 expected)",
                      t30s_fcf_label(fcf), fl);
        t30s_set_phase(s, FAX_PHASE_B, ev->t);
        if (fcf != T30_FCF_CSI)
            answer_dis(s, ev->side);
        t30s_ladder_add(s, ev, fcf, TRUE, "%s \"%s\"", t30s_fcf_label(fcf), si->ident);
        break;
    case T30_FCF_NSF:
    case T30_FCF_NSS:
    case T30_FCF_NSC: {
        const char *cn = NULL;
        t30_ladder_item *it;
        if (fcf == T30_FCF_NSF || !si->has_nsf) {
            si->has_nsf = t30_nsf_decode(fif, fl, &si->nsf_country, &si->nsf_vendor,
                                         &si->nsf_vendor_valid);
        }
        if (si->has_nsf)
            cn = t30_country_name(si->nsf_country);
        /* T.30 5.3.6.2.6: NSS in place of a DCS starts a training attempt */
        if (fcf == T30_FCF_NSS)
            training_start(s, ev, fcf, FAX_MODEM_NONE, 0, FALSE, FALSE, note);
        t30s_set_phase(s, FAX_PHASE_B, ev->t);
        if (cn)
            it = t30s_ladder_add(s, ev, fcf, TRUE, "%s %s", t30s_fcf_label(fcf), cn);
        else if (si->has_nsf)
            it = t30s_ladder_add(s, ev, fcf, TRUE, "%s T.35 country 0x%02X",
                                 t30s_fcf_label(fcf), si->nsf_country);
        else
            it = t30s_ladder_add(s, ev, fcf, TRUE, "%s (empty)", t30s_fcf_label(fcf));
        if (it && fcf == T30_FCF_NSS && s->cur_train >= 0)
            it->training = (guint16)(s->cur_train + 1);
        break;
    }
    case T30_FCF_DCS:
        on_dcs(s, ev, fif, fl, note);
        break;
    case T30_FCF_CFR:
    case T30_FCF_FTT:
        on_cfr_ftt(s, ev, fcf, note);
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
    case T30_FCF_CTR: case T30_FCF_RR: case T30_FCF_RNR:
        t30s_set_phase(s, FAX_PHASE_D, ev->t);
        t30s_ecm_count(s, ev, fcf);
        if (fcf == T30_FCF_CTR)
            s->page_expected = TRUE;
        t30s_ladder_add(s, ev, fcf, TRUE, "%s", t30s_fcf_label(fcf));
        break;
    case T30_FCF_CRP:
        m->crp_count++;
        if (s->crp_findings < T30_MAX_CRP_FINDINGS) {
            s->crp_findings++;
            add_finding(s, FAX_FIND_CRP, ev->frame, 0,
                        "CRP: the other side asks for the last command again");
        }
        t30s_ladder_add(s, ev, fcf, TRUE, "CRP");
        break;
    case T30_FCF_DCN:
        on_dcn(s, ev, note);
        break;
    default:
        answer_dis(s, ev->side);
        t30s_ladder_add(s, ev, fcf, TRUE, "%s", t30s_fcf_label(fcf));
        break;
    }
}

/* ------------------------------------------------------------------ */
/* T.4 data: TCF or page */

static void
on_data(t30_session *s, const fax_event *ev, fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_page *p;
    t30_training *tr;
    gboolean carrier;

    /* TCF: right after the DCS, from its sender (T.30 5.3.6.2.8) */
    if (s->tcf_expected && s->have_tx && ev->side == m->transmitter) {
        t30s_set_phase(s, FAX_PHASE_B, ev->t);
        if (ev->modem != FAX_MODEM_NONE)
            training_learn_modem(s, ev->modem);   /* after an NSS */
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
        return;
    }
    if (!s->page_expected && s->cur_page < 0)
        return;   /* data nobody asked for: noted, not counted */
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
t30_session_feed(t30_session *s, const fax_event *ev, fax_note *note)
{
    fax_note scratch;
    fax_event e;

    if (note == NULL)
        note = &scratch;
    memset(note, 0, sizeof(*note));
    note->fcf = -1;
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
        if (ev->indicator == FAX_IND_CNG || ev->indicator == FAX_IND_CED) {
            if (s->phase == FAX_PHASE_NONE)
                t30s_set_phase(s, FAX_PHASE_A, ev->t);
        } else if (s->tcf_expected && s->cur_train >= 0) {
            training_learn_modem(s, indicator_modem(ev->indicator));
            note->training = (guint16)(s->cur_train + 1);
            note->rate = s->sum.trainings[s->cur_train].rate;
        }
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
