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
#define T30_MAX_DAMAGED_FINDINGS 8
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

    /* training (Phase B): the DCS (or NSS) sender and what it said of ECM */
    gboolean    have_tx;           /* sum.transmitter is valid */
    enum { T30S_ECM_NO, T30S_ECM_YES, T30S_ECM_UNKNOWN } tx_ecm;
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
    double      t_hs_start;        /* its first data */
    gint        resend_page;       /* after RTN/PIN: index to resend, -1 */
    gint        pend_page;         /* page of the unanswered command, -1 */
    gint        pend_fcf;          /* unanswered post-page command, -1 */
    gint        pend_pps_fcf;
    guint32     pend_pps_id;       /* PPS page, block and frame counters */
    fax_side    pend_side;
    guint32     pend_frame;
    guint       pend_repeat_findings;
    gboolean    after_eop;         /* EOP confirmed: the end is near */
    /* the post-page command last confirmed (MCF/RTP/PIP): the transmitter
     * sends it again when it missed the answer (T.30 5.3.6, T4); the same
     * command with no page data since is that repeat, not a new page */
    gboolean    cmd_rerun_ok;
    gint        done_fcf, done_pps_fcf;
    guint32     done_pps_id;       /* PPS page, block and frame counters */
    gint        done_page;
    fax_side    done_side;
    guint32     done_answer_frame;
    gboolean    pend_rerun;        /* the pending command is such a repeat */
    guint       rerun_findings;
    guint       rerun_page;        /* page of the last such finding */

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
    guint       silence_findings, fcs_findings, crp_findings, damaged_findings;
    gboolean    cap_raised;
    gboolean    training_failed_raised;
    gboolean    dcn_early_raised;
};

#define FEED_LIMIT (T30_MAX_FINDINGS - T30_END_FINDINGS)
#define add_finding(s, ...) t30s_add_finding((s), FEED_LIMIT, __VA_ARGS__)
#define add_end_finding(s, ...) t30s_add_finding((s), T30_MAX_FINDINGS, __VA_ARGS__)

/* TRUE when m->arr[idx] may be written (grown if needed), FALSE at the cap */
#define RESERVE(m, arr, idx, first, max) \
    (((m)->arr = t30s_grow((m)->arr, &(m)->cap_##arr, (idx), sizeof(*(m)->arr), (first), (max))), \
     (idx) < (m)->cap_##arr)
#define INC16(x) do { if ((x) < G_MAXUINT16) (x)++; } while (0)

/* helpers of t30-session.c used by t30-verdict.c and t30-ecm.c */
gpointer    t30s_grow(gpointer arr, guint *cap, guint idx, gsize elem, guint first, guint max);
void        t30s_raise_cap(t30_session *s, guint32 frame, const char *what);
void        t30s_malformed(t30_session *s, guint kind, guint32 frame, const char *fmt, ...)
                           G_GNUC_PRINTF(4, 5);
t30_ladder_item *t30s_ladder_add(t30_session *s, const fax_event *ev, gint fcf,
                                 gboolean fcs_ok, const char *fmt, ...) G_GNUC_PRINTF(5, 6);
void        t30s_set_phase(t30_session *s, fax_phase p, double t);
t30_page   *t30s_open_page(t30_session *s, const fax_event *ev, gboolean ecm);
void        t30s_page_commit(t30_session *s, gint idx);
const char *t30s_fcf_label(gint fcf);
void        t30s_add_finding(t30_session *s, guint limit, fax_finding_kind kind,
                             guint32 frame, guint32 related, const char *fmt, ...)
                             G_GNUC_PRINTF(6, 7);
t30_page   *t30s_page_at(t30_session *s, gint idx);
void        t30s_recount_pages(t30_session *s);
guint       t30s_seq_ftts(const t30_session *s);
void        t30s_training_failed_text(t30_session *s, char *buf, gsize size);

/* t30-phase-b.c: phase B, the pre-message procedure */
void        t30s_answer_dis(t30_session *s, fax_side from);
fax_modem   t30s_indicator_modem(fax_indicator ind);
void        t30s_training_learn_modem(t30_session *s, fax_modem modem);
t30_training *t30s_training_start(t30_session *s, const fax_event *ev, gint fcf,
                                  fax_modem modem, guint32 rate, gboolean ecm_known,
                                  gboolean ecm, fax_note *note);
void        t30s_on_dis(t30_session *s, const fax_event *ev, gint fcf, const guint8 *fif,
                        guint fl, fax_note *note);
void        t30s_on_ident(t30_session *s, const fax_event *ev, gint fcf, const guint8 *fif,
                          guint fl);
void        t30s_on_nsf(t30_session *s, const fax_event *ev, gint fcf, const guint8 *fif,
                        guint fl, fax_note *note);
void        t30s_on_dcs(t30_session *s, const fax_event *ev, const guint8 *fif, guint fl,
                        fax_note *note);
void        t30s_on_cfr_ftt(t30_session *s, const fax_event *ev, gint fcf, fax_note *note);

/* t30-ecm.c: ECM (T.30 Annex A) frames, blocks and correction rounds */
t30_ecm_block *t30s_ecm_block(t30_session *s, const fax_event *ev, const t30_page *p,
                              gboolean open);
void        t30s_ecm_touch(t30_session *s, t30_ecm_block *b, const fax_event *ev);
t30_page   *t30s_ecm_count(t30_session *s, const fax_event *ev, gint fcf);
void        t30s_ecm_next_block(t30_session *s, const fax_event *ev, gint fcf);
void        t30s_ecm_fcd(t30_session *s, const fax_event *ev, const guint8 *fif, guint fl,
                         fax_note *note);
void        t30s_ecm_pps(t30_session *s, const fax_event *ev, t30_page *p, guint fl,
                         guint frames, fax_note *note);
void        t30s_ecm_ppr(t30_session *s, const fax_event *ev, t30_page *p,
                         const guint8 *fif, guint fl);
void        t30s_ecm_ctc(t30_session *s, const fax_event *ev);
void        t30s_ecm_eor(t30_session *s, const fax_event *ev, const guint8 *fif, guint fl);

G_END_DECLS

#endif /* T30_SESSION_INT_H */
