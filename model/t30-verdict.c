/* t30-verdict.c: the end of a T.30 session: result, reason, one plain
 * sentence, and the end-of-call findings (T1 timeout, unanswered DCS or
 * post-page command, the summary on the last frame).  Idempotent: every
 * call drops the findings of the previous verdict first.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "t30-session-int.h"

static const char *
modem_family(fax_modem m)
{
    switch (m) {
    case FAX_MODEM_V27_2400: case FAX_MODEM_V27_4800:
        return "V.27ter";
    case FAX_MODEM_V29_7200: case FAX_MODEM_V29_9600:
        return "V.29";
    case FAX_MODEM_V17_7200: case FAX_MODEM_V17_9600:
    case FAX_MODEM_V17_12000: case FAX_MODEM_V17_14400:
        return "V.17";
    case FAX_MODEM_V33_12000: case FAX_MODEM_V33_14400:
        return "V.33";
    default:
        return NULL;
    }
}

static const char *
modem_text(guint32 rate, fax_modem m, char *buf, gsize size)
{
    const char *fam = modem_family(m);
    if (fam)
        g_snprintf(buf, size, "%s %u", fam, rate ? rate : fax_modem_rate(m));
    else if (rate)
        g_snprintf(buf, size, "%u bit/s", rate);
    else
        g_strlcpy(buf, "rate unknown", size);
    return buf;
}

/* ", after FTT at 14400 (x2), 12000" for a fax that trained down */
static void
ftt_history(const t30_summary *m, char *buf, gsize size)
{
    GString *g = g_string_new(NULL);
    for (guint i = 0; i < m->n_trainings;) {
        if (m->trainings[i].outcome != T30_TRAIN_FTT) {
            i++;
            continue;
        }
        guint32 rate = m->trainings[i].rate;
        guint n = 0;
        while (i < m->n_trainings && m->trainings[i].outcome == T30_TRAIN_FTT
               && m->trainings[i].rate == rate) {
            n++;
            i++;
        }
        g_string_append_printf(g, "%s%u", g->len ? ", " : ", after FTT at ", rate);
        if (n > 1)
            g_string_append_printf(g, " (x%u)", n);
    }
    g_strlcpy(buf, g->str, size);
    g_string_free(g, TRUE);
}

/* End-of-call findings whose evidence is the end itself: DIS never answered
 * (T1), the last DCS never answered. */
static void
end_findings(t30_session *s, double t_end, guint32 where, gboolean complete)
{
    t30_summary *m = &s->sum;

    if (s->dis_side >= 0 && !s->dis_ever_answered && !s->have_tx
        && t_end - s->t_dis_streak >= T30_T1_SECONDS)
        add_end_finding(s, FAX_FIND_T1_TIMEOUT, where, s->dis_streak_frame,
                        "DIS sent %u times, never answered for %.0f s (T1)",
                        s->dis_streak, t_end - s->t_dis_streak);
    if (s->cur_train >= 0 && m->trainings[s->cur_train].outcome == T30_TRAIN_PENDING
        && complete && m->missing_side < 0
        && m->last_damaged_frame < m->trainings[s->cur_train].dcs_frame)
        add_end_finding(s, FAX_FIND_DCS_UNANSWERED, where,
                        m->trainings[s->cur_train].dcs_frame,
                        "DCS of frame %u never answered", m->trainings[s->cur_train].dcs_frame);
}

/* The capture ends before the call does: where T.30 was. */
static void
verdict_incomplete(t30_session *s, guint sent)
{
    t30_summary *m = &s->sum;

    m->result = T30_RESULT_INCOMPLETE;
    m->reason = T30_REASON_CAPTURE_ENDED;
    if (s->phase == FAX_PHASE_C && s->cur_page >= 0)
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Capture ends in phase C (page %d being sent)", s->cur_page + 1);
    else if (s->pend_fcf >= 0 && t30s_page_at(s, s->pend_page))
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Capture ends in phase D (%s on page %u not answered yet)",
                   t30s_fcf_label(s->pend_fcf), m->pages[s->pend_page].number);
    else if (sent > 0 && m->pages_confirmed == sent && s->after_eop)
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Capture ends before DCN (%u page%s confirmed)", sent,
                   sent == 1 ? "" : "s");
    else
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Capture ends in phase %c", "-ABCDE"[s->phase % 6]);
}

/* Released with pages missing or unconfirmed: the first cause that fits,
 * from the page that failed back to a training that never succeeded. */
static void
verdict_failed(t30_session *s, const t30_page *bad, guint sent, guint32 where, double t_end)
{
    t30_summary *m = &s->sum;

    m->result = m->pages_confirmed > 0 ? T30_RESULT_PARTIAL : T30_RESULT_FAILED;
    if (bad && bad->rejected && s->ecm_eor) {
        m->reason = T30_REASON_ECM_FAILED;
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Page %u could not be corrected (EOR)", bad->number);
    } else if (bad && bad->rejected) {
        m->reason = T30_REASON_PAGE_REJECTED;
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Page %u rejected (%s) and not resent", bad->number,
                   t30s_fcf_label(bad->answer_fcf));
    } else if (bad && bad->answer_fcf < 0 && bad->cmd_fcf >= 0 && bad->cmd_repeats > 0) {
        m->reason = T30_REASON_NO_RESPONSE;
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "%s on page %u sent %u times, never answered",
                   t30s_fcf_label(bad->cmd_fcf), bad->number, bad->cmd_repeats + 1u);
        add_end_finding(s, FAX_FIND_CMD_REPEATED, where, bad->cmd_frame, "%s",
                        m->result_text);
    } else if (bad || (s->cur_page >= 0 && (guint)s->cur_page >= sent)) {
        m->reason = T30_REASON_DCN_EARLY;
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Disconnected before page %u was confirmed",
                   bad ? bad->number : (guint)s->cur_page + 1u);
    } else if (s->training_failed_raised || (t30s_seq_ftts(s) > 0 && m->final_rate == 0)) {
        m->reason = T30_REASON_TRAINING_FAILED;
        t30s_training_failed_text(s, m->result_text, sizeof(m->result_text));
    } else if (!s->have_tx && s->dis_side >= 0 && !s->dis_ever_answered) {
        m->reason = T30_REASON_DIS_UNANSWERED;
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "DIS sent %u time%s, never answered%s", s->dis_streak,
                   s->dis_streak == 1 ? "" : "s",
                   t_end - s->t_dis_streak >= T30_T1_SECONDS ? " (T1 timeout)" : "");
    } else if (m->n_trainings > 0 && m->final_rate == 0) {
        m->reason = T30_REASON_DCS_UNANSWERED;
        g_strlcpy(m->result_text, "DCS never answered with CFR or FTT",
                  sizeof(m->result_text));
    } else {
        m->reason = T30_REASON_NO_PAGES;
        g_strlcpy(m->result_text, "Released without sending a page",
                  sizeof(m->result_text));
    }
}

/* Add a qualification to the verdict's sentence. */
static void G_GNUC_PRINTF(2, 3)
result_text_append(t30_summary *m, const char *fmt, ...)
{
    gsize used = strlen(m->result_text);
    va_list ap;

    if (used + 1 >= sizeof m->result_text)
        return;
    va_start(ap, fmt);
    g_vsnprintf(m->result_text + used, sizeof m->result_text - used, fmt, ap);
    va_end(ap);
}

/* T.38 came up (CNG or CED crossed it) but no T.30 frame followed: the
 * called side never sent DIS (T.30 5.3.1), and the caller gave up. */
static void
verdict_no_dis(t30_session *s, double t_end, gboolean complete)
{
    t30_summary *m = &s->sum;
    double t0 = m->cng_frame && (!m->ced_frame || m->t_cng < m->t_ced) ? m->t_cng : m->t_ced;
    char seen[64];

    if (m->ced_frame)
        g_snprintf(seen, sizeof seen, "CED at frame %u", m->ced_frame);
    else
        g_snprintf(seen, sizeof seen, "CNG at frame %u, no CED", m->cng_frame);
    if (m->missing_side >= 0) {
        m->result = T30_RESULT_INCOMPLETE;
        m->reason = T30_REASON_ONE_WAY;
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Only %s captured (%s): the other side cannot be seen",
                   m->missing_side == FAX_SIDE_A ? "B->A" : "A->B", seen);
    } else if (!complete) {
        m->result = T30_RESULT_INCOMPLETE;
        m->reason = T30_REASON_CAPTURE_ENDED;
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Capture ends in phase A (%s, no DIS yet)", seen);
    } else {
        m->result = T30_RESULT_FAILED;
        m->reason = T30_REASON_NO_DIS;
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Called side never sent DIS (%s); the call ended %.0f s later%s", seen,
                   t_end - t0, t_end - t0 >= T30_T1_SECONDS ? ", past T1 (35 s)" : "");
    }
}

/* Findings that say an answer never came; with one direction not captured
 * they say nothing (the answers went where the capture did not look). */
static gboolean
finding_claims_absence(fax_finding_kind k)
{
    return k == FAX_FIND_DCS_UNANSWERED || k == FAX_FIND_DCN_EARLY || k == FAX_FIND_CMD_REPEATED
           || k == FAX_FIND_DIS_REPEATED || k == FAX_FIND_T1_TIMEOUT;
}

gboolean
t30_finding_shown(const t30_summary *m, guint i)
{
    return i < m->n_findings
           && !(m->absence_hidden && finding_claims_absence(m->findings[i].kind));
}

/* Only one direction was captured: what the other side answered is not
 * known, so neither success nor a failure can be told. */
static void
verdict_one_way(t30_session *s, guint sent)
{
    t30_summary *m = &s->sum;
    const char *dir = m->missing_side == FAX_SIDE_A ? "B->A" : "A->B";

    m->absence_hidden = TRUE;
    m->result = T30_RESULT_INCOMPLETE;
    m->reason = T30_REASON_ONE_WAY;
    g_snprintf(m->result_text, sizeof(m->result_text),
               "Only %s captured: the answers cannot be seen (%u training%s, %u page%s seen)",
               dir, m->n_trainings, m->n_trainings == 1 ? "" : "s", sent, sent == 1 ? "" : "s");
}

/* A failure told by a frame that never came, while frames were damaged by
 * loss: the missing answer may be one of them, so the failure is not
 * proven. */
static void
verdict_hedge_damaged(t30_session *s)
{
    t30_summary *m = &s->sum;

    if (m->damaged_count == 0)
        return;
    switch (m->reason) {
    case T30_REASON_DCN_EARLY: case T30_REASON_NO_RESPONSE: case T30_REASON_DCS_UNANSWERED:
    case T30_REASON_DIS_UNANSWERED: case T30_REASON_NO_PAGES:
        break;
    default:
        return;
    }
    /* no page went out: the fax failed whatever the damaged frames held;
     * pages sent and not confirmed may have been confirmed in them */
    if (m->n_pages > 0 || m->pages_confirmed > 0)
        m->result = T30_RESULT_INCOMPLETE;
    m->reason = T30_REASON_DAMAGED;
    result_text_append(m, ", as far as can be read: %u frame%s damaged by UDPTL loss (last in frame %u)",
                       m->damaged_count, m->damaged_count == 1 ? "" : "s", m->last_damaged_frame);
}

/* A capture that starts mid-fax: no CNG/CED, no DIS, the story begins in
 * phase B or later (T.30 Figure 1).  Said, so that what is missing at the
 * start is not read as never sent. */
static void
verdict_late_start(t30_session *s)
{
    t30_summary *m = &s->sum;
    guint p;

    if (m->side[FAX_SIDE_A].has_dis || m->side[FAX_SIDE_B].has_dis || m->cng_frame || m->ced_frame)
        return;
    for (p = FAX_PHASE_A; p <= FAX_PHASE_E && !(s->phases_seen & (1u << p)); p++)
        ;
    if (p == FAX_PHASE_B)
        result_text_append(m, "; the capture starts in phase B: no DIS in it");
    else if (p > FAX_PHASE_B && p <= FAX_PHASE_E)
        result_text_append(m, "; the capture starts in phase %c: no DIS or DCS in it", "-ABCDE"[p]);
}

/* The one-line summary, on the last frame. */
static void
summary_finding(t30_session *s, guint sent, const char *modem, gboolean ecm, guint32 where)
{
    t30_summary *m = &s->sum;
    char text[FAX_FINDING_TEXT];

    g_snprintf(text, sizeof(text), "%u page%s sent, %u confirmed", sent,
               sent == 1 ? "" : "s", m->pages_confirmed);
    if (m->final_rate) {
        g_strlcat(text, ", ", sizeof(text));
        g_strlcat(text, modem, sizeof(text));
    }
    if (ecm)
        g_strlcat(text, ", ECM", sizeof(text));
    if (m->result != T30_RESULT_SUCCESS) {
        g_strlcat(text, ": ", sizeof(text));
        g_strlcat(text, m->result_text, sizeof(text));
    }
    add_end_finding(s, FAX_FIND_SUMMARY, where, 0, "%s", text);
}

void
t30_session_finish(t30_session *s, double t_end, guint32 last_frame,
                   gboolean call_released)
{
    t30_summary *m;
    char modem[48];
    fax_modem final_modem = FAX_MODEM_NONE;
    gboolean ecm = FALSE, complete, dis_unanswered_proven;
    guint i, sent;
    t30_page *bad = NULL;
    guint32 where;

    if (s == NULL)
        return;
    m = &s->sum;
    m->n_findings = s->n_feed_findings;   /* idempotent: drop the last verdict */
    m->absence_hidden = FALSE;
    s->finished = TRUE;
    t30s_recount_pages(s);
    for (i = 0; i < m->n_trainings; i++)
        if (m->trainings[i].outcome == T30_TRAIN_CFR)
            final_modem = m->trainings[i].modem;
    for (i = 0; i < m->n_pages; i++)
        ecm = ecm || m->pages[i].ecm;
    if (m->has_dcs && m->dcs.ecm)
        ecm = TRUE;
    modem_text(m->final_rate, final_modem, modem, sizeof(modem));
    where = last_frame ? last_frame : m->last_frame;
    sent = m->n_pages;
    complete = m->dcn_frame != 0 || call_released;
    for (i = 0; i < m->n_pages && bad == NULL; i++)
        if (!m->pages[i].confirmed)
            bad = &m->pages[i];

    if (m->first_frame == 0 && (m->cng_frame || m->ced_frame)) {
        verdict_no_dis(s, t_end, complete);
        summary_finding(s, 0, modem, FALSE, where);
        return;
    }
    if (m->first_frame == 0) {
        m->result = T30_RESULT_NONE;
        m->reason = T30_REASON_NO_T30;
        g_strlcpy(m->result_text, "No T.30 fax procedure seen", sizeof(m->result_text));
        return;
    }

    end_findings(s, t_end, where, complete);
    /* The DIS sender's own repeats prove it never heard an answer (T.30
     * 5.3.2: DIS is repeated until T1 only while nothing comes back), even
     * when the other direction is not in the capture. */
    dis_unanswered_proven = m->missing_side >= 0 && !s->have_tx && s->dis_side >= 0
                     && s->dis_side != m->missing_side && !s->dis_ever_answered;
    if (m->missing_side >= 0 && !dis_unanswered_proven) {
        verdict_one_way(s, sent);
    } else if (!complete) {
        verdict_incomplete(s, sent);
    } else if (sent > 0 && m->pages_confirmed == sent
               && !(s->cur_page >= 0 && (guint)s->cur_page >= sent)) {
        char ftts[120];
        ftt_history(m, ftts, sizeof(ftts));
        m->result = T30_RESULT_SUCCESS;
        m->reason = T30_REASON_OK;
        g_snprintf(m->result_text, sizeof(m->result_text),
                   "Fax sent: %u page%s, all confirmed (%s%s%s)", sent,
                   sent == 1 ? "" : "s", modem, ecm ? ", ECM" : "", ftts);
    } else {
        verdict_failed(s, bad, sent, where, t_end);
        verdict_hedge_damaged(s);
        if (dis_unanswered_proven)
            result_text_append(m, "; nothing from %s in the capture",
                               m->missing_side == FAX_SIDE_A ? "A->B" : "B->A");
    }
    verdict_late_start(s);
    summary_finding(s, sent, modem, ecm, where);
}

const char *
t30_result_name(t30_result r)
{
    switch (r) {
    case T30_RESULT_NONE:       return "none";
    case T30_RESULT_SUCCESS:    return "success";
    case T30_RESULT_PARTIAL:    return "partial";
    case T30_RESULT_FAILED:     return "failed";
    case T30_RESULT_INCOMPLETE: return "incomplete";
    default:                    return "unknown";
    }
}

const char *
t30_reason_name(t30_reason r)
{
    switch (r) {
    case T30_REASON_NONE:            return "none";
    case T30_REASON_OK:              return "ok";
    case T30_REASON_NO_T30:          return "no_t30";
    case T30_REASON_DIS_UNANSWERED:  return "dis_unanswered";
    case T30_REASON_TRAINING_FAILED: return "training_failed";
    case T30_REASON_DCS_UNANSWERED:  return "dcs_unanswered";
    case T30_REASON_PAGE_REJECTED:   return "page_rejected";
    case T30_REASON_NO_RESPONSE:     return "no_response";
    case T30_REASON_DCN_EARLY:       return "dcn_early";
    case T30_REASON_ECM_FAILED:      return "ecm_failed";
    case T30_REASON_CAPTURE_ENDED:   return "capture_ended";
    case T30_REASON_NO_PAGES:        return "no_pages";
    case T30_REASON_NO_DIS:          return "no_dis";
    case T30_REASON_ONE_WAY:         return "one_way";
    case T30_REASON_DAMAGED:         return "damaged";
    default:                         return "unknown";
    }
}
