/* t30-session.h: one T.30 session (both directions of one fax call),
 * fed with fax_event in capture order, answering with a fax_note per event
 * and keeping the story: capabilities, identities, training attempts, pages,
 * post-message commands and responses, release, and a verdict.
 *
 * Plain C + GLib.  Bounded: every array below is a heap array that grows on
 * demand (doubling from a few elements) up to its cap; hitting a cap sets
 * .truncated and raises one FAX_FIND_CAP finding, never grows further.
 * Each array is a pointer, its count n_* and its allocated capacity cap_*;
 * read elements [0, n_*) only.  t30_session_free() frees them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef T30_SESSION_H
#define T30_SESSION_H

#include "fax-types.h"
#include "t30-fif.h"
#include "t30-fcf.h"   /* the FCFs its summary and findings name */

G_BEGIN_DECLS

#define T30_MAX_TRAININGS  32
#define T30_MAX_PAGES      256
#define T30_MAX_FINDINGS   64
#define T30_MAX_LADDER     512   /* control frames kept for the ladder report */
#define T30_MAX_ECM_BLOCKS 512   /* ECM blocks kept (all pages of the call) */
#define T30_MAX_PPR_ROUNDS 256   /* PPR rounds kept (all blocks of the call) */
#define T30_PPR_LIST       32    /* frame numbers listed per PPR round */

typedef enum {
    T30_TRAIN_PENDING = 0,  /* no answer yet */
    T30_TRAIN_CFR,
    T30_TRAIN_FTT,
    T30_TRAIN_NO_ANSWER     /* DCS was repeated / call moved on without CFR/FTT */
} t30_train_outcome;

typedef struct {
    fax_modem modem;        /* from the DCS (and the training indicator) */
    guint32   rate;         /* bit/s, 0 unknown (NSS, see below) */
    guint32   dcs_frame;    /* the DCS (or NSS) */
    guint32   tcf_frame;    /* last TCF data frame (sig-end), 0 if none seen */
    guint32   answer_frame; /* CFR/FTT frame, 0 if none */
    double    t;            /* DCS time */
    t30_train_outcome outcome;
    gboolean  nss;          /* begun by NSS (T.30 5.3.6.2.6), not a DCS: modem
                               from the training indicator/TCF, else unknown */
} t30_training;

typedef struct {
    guint16  number;        /* 1-based */
    gboolean ecm;
    guint32  rate;          /* bit/s the page was sent at */
    guint32  first_frame;   /* first page data (or first FCD) frame */
    guint32  last_frame;    /* last page data frame */
    double   t_start, t_end;
    guint32  bytes;         /* non-ECM image octets / ECM FCD payload octets */
    guint32  packets_lost;  /* UDPTL packets lost for good inside the page */
    /* ECM (T.30 Annex A) */
    guint16  blocks;        /* partial pages (PPS) sent */
    guint32  ecm_frames;    /* FCD frames sent, first transmissions */
    guint16  ppr_count;     /* PPR answers received */
    guint32  frames_resent; /* FCD frames sent again after a PPR */
    guint16  ctc_count;     /* CTC sent (continue to correct) */
    guint16  ctr_count;     /* CTR answers to CTC (T.30 A.5) */
    guint16  rr_count;      /* RR sent (receive ready?, T.30 A.5) */
    guint16  rnr_count;     /* RNR answers (receiver not ready) */
    guint16  eor_count;     /* EOR sent (end of retransmission) */
    guint16  err_count;     /* ERR answers to EOR */
    double   ecm_retx_time; /* seconds in retransmission, summed over blocks
                               (t30_ecm_block.retx_time) */
    /* post-message procedure (T.30 5.3.6) */
    gint16   cmd_fcf;       /* MPS/EOM/EOP/PRI-x, or PPS-x (FCF of the PPS; the
                               post-page command is in cmd_pps_fcf) ; -1 none */
    gint16   cmd_pps_fcf;   /* for PPS: the MPS/EOM/EOP/NULL octet in its FIF */
    guint32  cmd_frame;     /* the (last) post-page command frame */
    guint16  cmd_repeats;   /* times the command was sent again unanswered */
    gint16   answer_fcf;    /* MCF/RTN/RTP/PIP/PIN/PPR..., -1 none */
    guint32  answer_frame;
    gboolean confirmed;     /* MCF (or RTP/PIP, which confirm the page) */
    gboolean rejected;      /* RTN/PIN */
    guint16  retransmissions; /* times the page was sent again after RTN/PIN */
} t30_page;

/* One ECM block (T.30 Annex A, T.4 Annex A): up to 256 FCD frames, closed
 * by a PPS that the receiver answers MCF, or PPR (frames to send again:
 * one round each), and after 4 PPRs CTC/CTR (continue) or EOR/ERR (give
 * up); RNR/RR when the receiver is busy. */
typedef struct {
    guint16  page;          /* 1-based page number */
    guint16  block;         /* 1-based block number within the page */
    guint16  pps_frames;    /* frame count of its last PPS (T.30 A.4.3), 0 none */
    guint16  frames_sent;   /* FCD frames sent the first time */
    guint32  frames_resent; /* FCD frames sent again after a PPR */
    guint16  ppr_rounds;    /* PPR answers (correction rounds) */
    guint16  rounds_kept;   /* of which in t30_summary.ppr_rounds, from first_round */
    guint    first_round;   /* index of its first round in t30_summary.ppr_rounds */
    guint16  ctc, ctr, rr, rnr, eor, err;
    guint32  first_frame;   /* first FCD (or PPS) of the block */
    guint32  last_frame;    /* last frame that belongs to it */
    guint32  first_ppr_frame; /* 0: never asked for a correction */
    double   t_first_ppr;
    gint16   answer_fcf;    /* MCF (or RTP/PIP), ERR; -1 while open */
    guint32  answer_frame;
    double   retx_time;     /* seconds from its first PPR to the MCF/ERR that
                               closed it (to its last frame while open); 0
                               without PPR */
} t30_ecm_block;

/* One PPR round (T.30 A.4.4): the frames of a block the receiver asks for
 * again, and the FCD frames sent after it before the next PPS. */
typedef struct {
    guint16  page;          /* 1-based */
    guint16  block;         /* 1-based within the page */
    guint16  round;         /* 1-based within the block */
    guint32  ppr_frame;
    double   t;
    guint16  requested;     /* frames the PPR asked for */
    guint16  resent;        /* FCD frames sent after it */
    guint16  n_listed;      /* frame numbers kept in frames[] */
    guint8   frames[T30_PPR_LIST]; /* the first requested frame numbers, ascending */
} t30_ppr_round;

/* One line of the T.30 ladder: a control frame (or notable indicator). */
typedef struct {
    guint32   frame;
    double    t;
    fax_side  side;
    gint16    fcf;          /* canonical, X masked; -1 for a non-HDLC item */
    gboolean  fcs_ok;
    gboolean  damaged;      /* HDLC frame damaged by UDPTL loss (fcf -1) */
    gboolean  is_indicator; /* a T.38 indicator (CNG, CED, training), not a
                               T.30 message */
    guint16   training;     /* attempt this belongs to, 0 none */
    guint16   page;
    char      text[64];     /* "DCS V.17 14400, ECM, fine" / "TCF 1.5 s" */
} t30_ladder_item;

typedef enum {
    T30_RESULT_NONE = 0,        /* no T.30 at all */
    T30_RESULT_SUCCESS,         /* every page sent was confirmed, released */
    T30_RESULT_PARTIAL,         /* some pages confirmed, not all */
    T30_RESULT_FAILED,          /* T.30 ran, no page confirmed */
    T30_RESULT_INCOMPLETE       /* capture ends mid-fax */
} t30_result;

typedef enum {
    T30_REASON_NONE = 0,
    T30_REASON_OK,
    T30_REASON_NO_T30,            /* no T.30 frame seen */
    T30_REASON_DIS_UNANSWERED,    /* DIS never answered (T1 timeout when >= 35 s) */
    T30_REASON_TRAINING_FAILED,   /* FTT at every rate tried */
    T30_REASON_DCS_UNANSWERED,
    T30_REASON_PAGE_REJECTED,     /* RTN/PIN not resent/confirmed */
    T30_REASON_NO_RESPONSE,       /* post-page command never answered */
    T30_REASON_DCN_EARLY,         /* DCN before last page confirmed */
    T30_REASON_ECM_FAILED,        /* PPR rounds exhausted / EOR */
    T30_REASON_CAPTURE_ENDED,     /* capture stops mid-fax */
    T30_REASON_NO_PAGES,          /* released cleanly without sending a page */
    T30_REASON_NO_DIS,            /* CNG/CED, but the called side never sent DIS */
    T30_REASON_ONE_WAY,           /* one direction not captured: answers unseen */
    T30_REASON_DAMAGED            /* the frames that decide it were damaged by loss */
} t30_reason;

typedef struct {
    gboolean  seen;             /* any T.30 frame from this side */
    char      ident[24];        /* CSI/TSI/CIG (T.30 5.3.6.2.4), trimmed */
    gint16    ident_fcf;        /* which of CSI/TSI/CIG, -1 none */
    gboolean  has_dis;          /* DIS or DTC seen from this side */
    t30_caps  dis;              /* last DIS/DTC */
    guint32   dis_frame;
    guint16   dis_count;        /* DIS/DTC sent (repeats included) */
    gboolean  has_nsf;
    guint8    nsf_country;      /* T.35 country code */
    guint16   nsf_vendor;       /* T.35 provider code (2 octets) */
    gboolean  nsf_vendor_valid;
} t30_side_info;

typedef struct {
    t30_side_info side[2];
    gboolean  has_dcs;
    t30_caps  dcs;              /* last DCS sent */
    fax_side  transmitter;      /* DCS sender; valid when has_dcs */
    guint32   first_frame, last_frame;
    double    t_first, t_last;
    double    t_first_dis;      /* 0 if none */
    guint32   first_dis_frame;
    double    t_phase[6];       /* first time each fax_phase began; 0 = never */

    t30_training *trainings;    /* [n_trainings], capacity cap_trainings */
    guint     n_trainings, cap_trainings;
    guint     ftt_count;
    guint32   final_rate;       /* bit/s of the training that got CFR, 0 if none */

    t30_page *pages;            /* [n_pages] (one more while a page is being
                                   sent), capacity cap_pages */
    guint     n_pages;          /* pages for which a post-page command was sent */
    guint     cap_pages;
    guint     pages_confirmed;
    guint     pages_rejected;

    guint     crp_count;
    guint     bad_fcs_count;
    guint     damaged_count;     /* HDLC frames damaged by UDPTL loss */
    guint32   last_damaged_frame;
    guint32   cng_frame, ced_frame;   /* first T.38 CNG / CED indicator, 0 none */
    double    t_cng, t_ced;
    gint      missing_side;      /* -1, or the side whose direction was never
                                    captured (t30_session_set_missing_side) */
    gboolean  absence_hidden;    /* one-way: findings that claim an answer
                                    never came are not shown */
    guint32   dcn_frame;        /* 0 if none */
    fax_side  dcn_side;
    double    t_dcn;
    guint32   packets_lost;     /* FAX_EV_LOSS total */

    t30_ladder_item *ladder;    /* [n_ladder], capacity cap_ladder */
    guint     n_ladder, cap_ladder;

    fax_finding *findings;      /* [n_findings], capacity cap_findings */
    guint     n_findings, cap_findings;

    /* ECM analytics (T.30 Annex A), in the order the blocks were sent */
    t30_ecm_block *ecm_blocks;  /* [n_ecm_blocks], capacity cap_ecm_blocks */
    guint     n_ecm_blocks, cap_ecm_blocks;
    t30_ppr_round *ppr_rounds;  /* [n_ppr_rounds], capacity cap_ppr_rounds */
    guint     n_ppr_rounds, cap_ppr_rounds;

    t30_result result;
    t30_reason reason;
    char       result_text[256]; /* one plain-language sentence */
    gboolean   truncated;        /* a cap was hit */
} t30_summary;

typedef struct t30_session t30_session;

t30_session *t30_session_new(void);
void         t30_session_free(t30_session *s);

/* Feed one event (capture order).  note may be NULL; when given it is filled
 * with what the session concluded about this event. */
void t30_session_feed(t30_session *s, const fax_event *ev, fax_note *note);

/* Before t30_session_finish(): the fax transport of SIDE never appeared in
 * the capture (one-way capture), so its answers cannot be seen; -1 when
 * both directions were. */
void t30_session_set_missing_side(t30_session *s, gint side);

/* Whether finding I is part of the story (one-way captures hide the
 * findings that claim an answer never came). */
gboolean t30_finding_shown(const t30_summary *m, guint i);

/* Compute the verdict as of time t_end (end of call or of capture).  May be
 * called again after more events; it recomputes and replaces the verdict and
 * the end-of-call findings (idempotent). */
void t30_session_finish(t30_session *s, double t_end, guint32 last_frame,
                        gboolean call_released);

const t30_summary *t30_session_summary(const t30_session *s);

/* Where the session is now: its T.30 phase, and the page (1-based) whose data
 * is being sent, 0 when none (for attributing UDPTL loss). */
void t30_session_position(const t30_session *s, fax_phase *phase, guint *page);

/* Names */
const char *t30_result_name(t30_result r);     /* "success", "partial", ... */
const char *t30_reason_name(t30_reason r);     /* "training_failed", ... */

G_END_DECLS

#endif /* T30_SESSION_H */
