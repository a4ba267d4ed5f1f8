/* fax-types.h: the plain vocabulary shared by the wire decoders, the T.38
 * stream layer and the T.30 session model.  No Wireshark include here, ever.
 *
 * FCF encoding (canonical, used everywhere in faxcalls): the octet exactly as
 * it travels in T.38 HDLC data, which is also how Wireshark numbers it and
 * how T.30 Table 2 writes it left to right (MSB first).  The X bit is 0x80;
 * DIS = 0x01, CSI = 0x02, NSF = 0x04, DCS = 0x41 (|0x80 with X), CFR = 0x21,
 * FTT = 0x22, MCF = 0x31, EOP = 0x74, DCN = 0x5F, FCD = 0x60, RCP = 0x61.
 * spandsp's T30_* constants are the bit-reverse of these: convert once, at
 * the boundary (the test generator), never inside the model.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_TYPES_H
#define FAX_TYPES_H

#include <glib.h>

G_BEGIN_DECLS

/* The two ends of one fax call.  For a SIP call, A is the side that sent the
 * initial INVITE; for a T.38 stream with no signalling, A is the side that
 * sent the first UDPTL packet seen. */
typedef enum {
    FAX_SIDE_A = 0,
    FAX_SIDE_B = 1
} fax_side;

#define FAX_OTHER_SIDE(s) ((fax_side)(1 - (s)))

/* T.38 (2002) Annex A, T30-indicator, in ASN.1 enumeration order. */
typedef enum {
    FAX_IND_NO_SIGNAL = 0,
    FAX_IND_CNG,
    FAX_IND_CED,
    FAX_IND_V21_PREAMBLE,
    FAX_IND_V27_2400_TRAINING,
    FAX_IND_V27_4800_TRAINING,
    FAX_IND_V29_7200_TRAINING,
    FAX_IND_V29_9600_TRAINING,
    FAX_IND_V17_7200_SHORT_TRAINING,
    FAX_IND_V17_7200_LONG_TRAINING,
    FAX_IND_V17_9600_SHORT_TRAINING,
    FAX_IND_V17_9600_LONG_TRAINING,
    FAX_IND_V17_12000_SHORT_TRAINING,
    FAX_IND_V17_12000_LONG_TRAINING,
    FAX_IND_V17_14400_SHORT_TRAINING,
    FAX_IND_V17_14400_LONG_TRAINING,
    /* extensions (T.38 2002) */
    FAX_IND_V8_ANSAM,
    FAX_IND_V8_SIGNAL,
    FAX_IND_V34_CNTL_CHANNEL_1200,
    FAX_IND_V34_PRI_CHANNEL,
    FAX_IND_V34_CC_RETRAIN,
    FAX_IND_V33_12000_TRAINING,
    FAX_IND_V33_14400_TRAINING,
    FAX_IND_COUNT
} fax_indicator;

/* T.38 (2002) Annex A, T30-data (the modem a data IFP travels on). */
typedef enum {
    FAX_MODEM_V21 = 0,
    FAX_MODEM_V27_2400,
    FAX_MODEM_V27_4800,
    FAX_MODEM_V29_7200,
    FAX_MODEM_V29_9600,
    FAX_MODEM_V17_7200,
    FAX_MODEM_V17_9600,
    FAX_MODEM_V17_12000,
    FAX_MODEM_V17_14400,
    /* extensions (T.38 2002) */
    FAX_MODEM_V8,
    FAX_MODEM_V34_PRI_RATE,
    FAX_MODEM_V34_CC_1200,
    FAX_MODEM_V34_PRI_CH,
    FAX_MODEM_V33_12000,
    FAX_MODEM_V33_14400,
    /* not T.38 values: a burst whose training shows the modem but not its
     * rate (burst-train.c) */
    FAX_MODEM_V29_RATE_UNKNOWN,
    FAX_MODEM_V17_RATE_UNKNOWN,
    FAX_MODEM_COUNT,
    FAX_MODEM_NONE = 0xFF
} fax_modem;

/* Events the T.38 stream layer hands to the T.30 session, one per thing that
 * happened on the line in one direction, in the order it happened. */
typedef enum {
    FAX_EV_INDICATOR,    /* T.38 t30-indicator: .indicator */
    FAX_EV_HDLC,         /* one complete HDLC frame: .buf/.len = address,
                            control, FCF, FIF (no FCS); .fcs_ok; .modem.
                            .damaged: UDPTL loss inside it (see below) */
    FAX_EV_NONECM_DATA,  /* t4-non-ecm-data: .count octets on .modem (TCF or
                            page data, the session knows which) */
    FAX_EV_NONECM_END,   /* t4-non-ecm-sig-end: end of TCF or of a page burst */
    FAX_EV_LOSS          /* .count UDPTL packets of this direction lost for
                            good (after redundancy/FEC recovery) just before
                            this point */
} fax_event_kind;

typedef struct {
    fax_event_kind kind;
    fax_side       side;      /* who sent it */
    guint32        frame;     /* capture frame number that completed it */
    double         t;         /* seconds since the epoch (frame time) */
    fax_indicator  indicator; /* FAX_EV_INDICATOR */
    fax_modem      modem;     /* data events and HDLC */
    const guint8  *buf;       /* FAX_EV_HDLC: frame bytes; FAX_EV_NONECM_DATA: the
                                 t4-non-ecm-data octets; valid during the call only */
    guint          len;
    gboolean       fcs_ok;    /* FAX_EV_HDLC: hdlc-fcs-OK (TRUE) or -BAD */
    guint          count;     /* NONECM_DATA: octets; LOSS: packets */
    /* FAX_EV_HDLC damaged by UDPTL loss that neither redundancy nor FEC
     * repaired (T.38 9.1): .buf holds only the octets that arrived, so the
     * frame is not what was sent.  .intact octets from its start arrived in
     * place (0: its start may be lost); .lost packets were lost in it or
     * just before it; .fcs_ok only says which marker ended it, if any. */
    gboolean       damaged;
    gboolean       no_end;    /* damaged: no FCS marker arrived (a new signal
                                 or the end of the signal came first) */
    guint          intact;
    guint          lost;
    guint32        first_frame; /* FAX_EV_HDLC: frame of its first octet */
} fax_event;

/* T.30 phases (T.30 clause 2.2, Figure 1). */
typedef enum {
    FAX_PHASE_NONE = 0,
    FAX_PHASE_A,   /* call set-up: CNG/CED */
    FAX_PHASE_B,   /* pre-message procedure: DIS/DCS/training */
    FAX_PHASE_C,   /* message transmission: page data */
    FAX_PHASE_D,   /* post-message procedure: MPS/EOP/MCF/RTN/PPS/PPR */
    FAX_PHASE_E    /* call release: DCN */
} fax_phase;

/* What the session says about one event, for the per-frame record that the
 * Wireshark glue renders on every pass. */
typedef struct {
    fax_phase phase;
    gint16    fcf;          /* canonical FCF without the X bit, -1 if none */
    gboolean  x_bit;
    gboolean  ecm_data;     /* an ECM FCD/RCP frame, not a control message */
    guint16   training;     /* training attempt number (1-based), 0 if none */
    guint32   rate;         /* bit/s of that attempt or of the page, 0 if none */
    fax_modem modem;        /* modem of that attempt or page, FAX_MODEM_NONE */
    guint16   page;         /* page number (1-based), 0 if none */
    guint16   ecm_block;    /* ECM block (1-based) with ecm_frame, 0 if none */
    guint16   ecm_frame;    /* ECM frame number within the block (0-255) */
    guint32   answers;      /* frame of the command this response answers
                               (CFR/FTT -> DCS, MCF/RTN/PPR -> post-page cmd) */
    guint32   tcf_frame;    /* CFR/FTT: frame of the TCF it judged */
    guint32   resent_for;   /* retransmitted ECM frame: frame of the PPR */
    /* An HDLC frame damaged by UDPTL loss: never named as a message (fcf is
     * -1); damaged_fcf is the FCF its first octets carry when they arrived
     * in place (-1 otherwise), a hint of what it was, not a fact. */
    gboolean  damaged;
    gint16    damaged_fcf;
    guint16   damaged_lost;   /* packets lost in or just before it */
    guint16   damaged_octets; /* octets that arrived */
    guint8    indicator;      /* FAX_EV_INDICATOR: the fax_indicator + 1, 0 none */
    guint32   damaged_first;  /* frame of its first octet that arrived */
} fax_note;

/* Expert findings the session raises; the glue maps kind -> expert field. */
typedef enum {
    FAX_FIND_TRAINING_FTT,       /* an FTT (text lists the ladder so far) */
    FAX_FIND_TRAINING_SETTLED,   /* CFR after one or more FTT */
    FAX_FIND_TRAINING_FAILED,    /* training failed at every rate tried */
    FAX_FIND_DCS_UNANSWERED,     /* DCS with no CFR/FTT */
    FAX_FIND_PAGE_REJECTED,      /* RTN or PIN on page N */
    FAX_FIND_CMD_REPEATED,       /* post-page command repeated without answer */
    FAX_FIND_DCN_EARLY,          /* DCN before the last page was confirmed */
    FAX_FIND_PPR,                /* ECM PPR: frames re-requested */
    FAX_FIND_CTC,                /* ECM CTC/CTR, or EOR */
    FAX_FIND_PAGE_LOSS,          /* page data with UDPTL packets lost */
    FAX_FIND_DIS_REPEATED,       /* DIS repeated (no answer) */
    FAX_FIND_T1_TIMEOUT,         /* DIS unanswered for T1 (35 s) */
    FAX_FIND_SILENCE,            /* T2/T4-like silence in the middle */
    FAX_FIND_CRP,                /* CRP: repeat request */
    FAX_FIND_BAD_FCS,            /* frame with FCS bad */
    FAX_FIND_DAMAGED,            /* HDLC frame damaged by UDPTL loss */
    FAX_FIND_MALFORMED,          /* T.30 frame too short / invalid FCF / FIF */
    FAX_FIND_CAP,                /* a bound was hit: the rest is not counted */
    FAX_FIND_SUMMARY,            /* the call's one-line summary, last frame */
    FAX_FIND_COUNT
} fax_finding_kind;

#define FAX_FINDING_TEXT 200

typedef struct {
    fax_finding_kind kind;
    guint32 frame;         /* where the evidence completes (hint goes here) */
    guint32 related;       /* a frame it refers to (e.g. the DCS), 0 if none */
    char    text[FAX_FINDING_TEXT];
} fax_finding;

/* Human names, static strings. */
const char *fax_indicator_name(fax_indicator ind);
const char *fax_modem_name(fax_modem m);         /* "V.17 14400" */
guint32     fax_modem_rate(fax_modem m);         /* bit/s, 0 for V.21/V.8 */

G_END_DECLS

#endif /* FAX_TYPES_H */
