/* t30-phase-b.c: T.30 phase B, the pre-message procedure (T.30 5.3.6.2,
 * Figures 5-2a/5-2b): DIS/DTC, identities and non-standard facilities,
 * DCS/NSS, training (TCF) and its answer CFR/FTT, and the text of the
 * training attempts for the verdict.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "t30-session-int.h"

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

void
t30s_answer_dis(t30_session *s, fax_side from)
{
    if (s->dis_side >= 0 && (fax_side)s->dis_side != from) {
        s->dis_side = -1;
        s->dis_streak = 0;
        s->dis_ever_answered = TRUE;
    }
}

void
t30s_on_dis(t30_session *s, const fax_event *ev, gint fcf, const guint8 *fif, guint fl,
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
    t30s_answer_dis(s, ev->side);
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
fax_modem
t30s_indicator_modem(fax_indicator ind)
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
void
t30s_training_learn_modem(t30_session *s, fax_modem modem)
{
    t30_training *tr;
    guint32 rate = fax_modem_rate(modem);

    if (s->cur_train < 0)
        return;
    tr = &s->sum.trainings[s->cur_train];
    if (tr->rate != 0 || tr->outcome != T30_TRAIN_PENDING)
        return;
    if (rate == 0) {
        /* the modem heard in the training, its rate not (burst-train.h) */
        if ((modem == FAX_MODEM_V29_RATE_UNKNOWN || modem == FAX_MODEM_V17_RATE_UNKNOWN) &&
            tr->modem == FAX_MODEM_NONE)
            tr->modem = modem;
        return;
    }
    tr->modem = modem;
    tr->rate = rate;
}

/* A training attempt begins (T.30 5.3.6.2.8): DCS, or NSS, the
 * non-standard set-up that replaces it (T.30 5.3.6.2.6), whose FIF is the
 * vendor's: its modem comes from the training indicator or the TCF, else
 * stays unknown (rate 0). */
t30_training *
t30s_training_start(t30_session *s, const fax_event *ev, gint fcf, fax_modem modem,
                    guint32 rate, gboolean ecm_known, gboolean ecm, fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_training *tr;

    m->transmitter = ev->side;
    s->have_tx = TRUE;
    s->tx_ecm = ecm_known ? (ecm ? T30S_ECM_YES : T30S_ECM_NO) : T30S_ECM_UNKNOWN;
    s->cmd_rerun_ok = FALSE;
    t30s_answer_dis(s, ev->side);
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

void
t30s_on_dcs(t30_session *s, const fax_event *ev, const guint8 *fif, guint fl, fax_note *note)
{
    t30_summary *m = &s->sum;
    t30_ladder_item *it;
    char caps[64];

    t30_caps_decode(fif, fl, TRUE, &m->dcs);
    if (!m->dcs.valid)
        t30s_malformed(s, MAL_FIF, ev->frame, "DCS too short (%u FIF octets)", fl);
    m->has_dcs = TRUE;
    t30s_training_start(s, ev, T30_FCF_DCS, m->dcs.modem, m->dcs.valid ? m->dcs.max_rate : 0,
                   m->dcs.valid, m->dcs.ecm, note);
    t30_caps_format(&m->dcs, caps, sizeof(caps));
    it = t30s_ladder_add(s, ev, T30_FCF_DCS, TRUE, "DCS %s", caps);
    if (it && s->cur_train >= 0)
        it->training = (guint16)(s->cur_train + 1);
}

void
t30s_on_cfr_ftt(t30_session *s, const fax_event *ev, gint fcf, fax_note *note)
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
        else if (tr->modem != FAX_MODEM_NONE)
            it = t30s_ladder_add(s, ev, fcf, TRUE, "CFR (%s, rate unknown)", fax_modem_name(tr->modem));
        else
            it = t30s_ladder_add(s, ev, fcf, TRUE, "CFR (rate unknown)");
    } else {
        tr->outcome = T30_TRAIN_FTT;
        m->ftt_count++;
        ftt_list(s, list, sizeof(list));
        add_finding(s, FAX_FIND_TRAINING_FTT, ev->frame, tr->dcs_frame, "%s", list);
        if (tr->rate)
            it = t30s_ladder_add(s, ev, fcf, TRUE, "FTT at %u", tr->rate);
        else if (tr->modem != FAX_MODEM_NONE)
            it = t30s_ladder_add(s, ev, fcf, TRUE, "FTT (%s, rate unknown)", fax_modem_name(tr->modem));
        else
            it = t30s_ladder_add(s, ev, fcf, TRUE, "FTT (rate unknown)");
    }
    if (it)
        it->training = (guint16)(s->cur_train + 1);
    s->cur_train = -1;
}

/* T.30 5.3.6.2.4: CSI/TSI/CIG, the station identity (20 digits). */
void
t30s_on_ident(t30_session *s, const fax_event *ev, gint fcf, const guint8 *fif, guint fl)
{
    t30_side_info *si = &s->sum.side[ev->side];
    t30_ident_decode(fif, fl, si->ident, sizeof(si->ident));
    si->ident_fcf = (gint16)fcf;
    if (fl != 20)
        t30s_malformed(s, MAL_FIF, ev->frame, "%s with %u digits (20 expected)",
                  t30s_fcf_label(fcf), fl);
    t30s_set_phase(s, FAX_PHASE_B, ev->t);
    if (fcf != T30_FCF_CSI)
        t30s_answer_dis(s, ev->side);
    t30s_ladder_add(s, ev, fcf, TRUE, "%s \"%s\"", t30s_fcf_label(fcf), si->ident);
}

/* T.30 5.3.6.2.7: NSF/NSS/NSC, non-standard facilities (T.35 country and
 * vendor). */
void
t30s_on_nsf(t30_session *s, const fax_event *ev, gint fcf, const guint8 *fif, guint fl,
            fax_note *note)
{
    t30_side_info *si = &s->sum.side[ev->side];
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
        t30s_training_start(s, ev, fcf, FAX_MODEM_NONE, 0, FALSE, FALSE, note);
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
}
