/* t30-session-int.h: private state of the T.30 session model, shared by
 * t30-session.c (feeding events) and t30-verdict.c (the end-of-call
 * verdict).  Not part of the model's API.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef T30_SESSION_INT_H
#define T30_SESSION_INT_H

#include "t30-session.h"
#include "t30-fcf.h"

G_BEGIN_DECLS

#define T30_T1_SECONDS       35.0  /* T.30 5.4.3.1: T1 */
#define T30_SILENCE_SECONDS  6.0   /* T.30 5.4.3.2: T2 */
#define T30_MAX_SILENCE_FINDINGS 4
#define T30_MAX_FCS_FINDINGS     3
#define T30_MAX_CRP_FINDINGS     3
#define T30_MAX_REPEAT_FINDINGS  3 /* per post-page command */
#define T30_END_FINDINGS         5 /* slots kept for t30_session_finish() */

/* first capacity of the summary's heap arrays (doubled when full, up to the
 * T30_MAX_* caps): a clean 1-page fax fits without growing */
#define T30_FIRST_TRAININGS  2
#define T30_FIRST_PAGES      2
#define T30_FIRST_LADDER     16
#define T30_FIRST_FINDINGS   2
#define T30_FIRST_ECM_BLOCKS 2
#define T30_FIRST_PPR_ROUNDS 2

enum {  /* kinds of malformed frames, raised once each */
    MAL_SHORT = 1 << 0,
    MAL_ADDRESS = 1 << 1,
    MAL_UNKNOWN_FCF = 1 << 2,
    MAL_FIF = 1 << 3,
    MAL_UNEXPECTED = 1 << 4
};

struct t30_session {
    t30_summary sum;
    fax_phase   phase;
    guint       phases_seen;       /* bit per fax_phase */
    gboolean    any_event;
    double      t_prev;            /* previous event time */
    guint32     frame_prev;

    /* DIS repeated without an answer (T.30 5.3.2: T1) */
    gint        dis_side;          /* side of the unanswered DIS streak, -1 */
    guint       dis_streak;
    guint32     dis_streak_frame;
    double      t_dis_streak;
    gboolean    dis_ever_answered;

    /* training (Phase B) */
    gint        cur_train;         /* index of the pending attempt, -1 */
    guint       seq_start;         /* first attempt since the last CFR */
    gboolean    tcf_expected;
    gboolean    tcf_active;
    double      t_tcf_start;
    guint32     tcf_bytes;
    gboolean    dcs_unanswered_raised;

    /* pages (Phase C/D) */
    gboolean    page_expected;     /* CFR or MCF-to-MPS seen: data is a page */
    gint        cur_page;          /* index of the page being sent, -1 */
    gboolean    page_burst;        /* non-ECM data burst open */
    gint        resend_page;       /* after RTN/PIN: index to resend, -1 */
    gint        pend_page;         /* page of the unanswered command, -1 */
    gint        pend_fcf;          /* unanswered post-page command, -1 */
    gint        pend_pps_fcf;
    fax_side    pend_side;
    guint32     pend_frame;
    guint       pend_repeat_findings;
    gboolean    after_eop;         /* EOP confirmed: the end is near */

    /* ECM (T.30 Annex A) */
    guint16     ecm_block;         /* current block, 0-based */
    guint8      ecm_seen[32];      /* frames of the block already sent */
    guint32     ecm_ppr_frame;     /* last PPR: frames after it are resends */
    guint32     burst_frames, burst_resent;
    guint32     burst_first;
    double      t_burst;
    gboolean    ecm_eor;           /* EOR sent on the current page */
    gint        cur_block;         /* open block in sum.ecm_blocks, -1 */
    gint        cur_round;         /* its last PPR round in sum.ppr_rounds, -1;
                                      FCD resent count towards it until a PPS */

    /* findings bookkeeping */
    guint       n_feed_findings;   /* findings raised by feed (not finish) */
    gboolean    finished;
    guint       malformed_mask;
    guint       silence_findings, fcs_findings, crp_findings;
    gboolean    cap_raised;
    gboolean    training_failed_raised;
    gboolean    dcn_early_raised;
};

#define FEED_LIMIT (T30_MAX_FINDINGS - T30_END_FINDINGS)
#define add_finding(s, ...) t30s_add_finding((s), FEED_LIMIT, __VA_ARGS__)
#define add_end_finding(s, ...) t30s_add_finding((s), T30_MAX_FINDINGS, __VA_ARGS__)

/* helpers of t30-session.c used by t30-verdict.c */
const char *t30s_fcf_label(gint fcf);
void        t30s_add_finding(t30_session *s, guint limit, fax_finding_kind kind,
                             guint32 frame, guint32 related, const char *fmt, ...)
                             G_GNUC_PRINTF(6, 7);
t30_page   *t30s_page_at(t30_session *s, gint idx);
void        t30s_recount_pages(t30_session *s);
guint       t30s_seq_ftts(const t30_session *s);
void        t30s_training_failed_text(t30_session *s, char *buf, gsize size);

G_END_DECLS

#endif /* T30_SESSION_INT_H */
