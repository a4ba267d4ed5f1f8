/* audio-fax.h: one direction of an RTP audio stream (G.711 PCMU/PCMA) read as
 * a fax line.  Takes RTP payloads in capture order with their sequence
 * number, timestamp, SSRC and payload type; puts them back in order (small
 * bounded jitter buffer), drops duplicates, fills lost or suppressed time with
 * silence (bounded), and runs:
 *   - always: the cheap tone detector (tone-detect.h), idle-strided;
 *   - once a fax signal was found (CNG, CED/ANS/ANSam, V.21 ch 2) or the
 *     caller says so: the V.21 ch 2 demodulator and the HDLC receiver, and
 *     an energy detector for the high-speed (V.27ter/V.29/V.17) bursts.
 * What it hears goes out as fax_event's, the same the T.38 stream layer
 * produces, so one t30_session tells the story:
 *   FAX_EV_INDICATOR  CNG, CED, V.21 preamble (flags), V.8 ANSam
 *   FAX_EV_HDLC       each V.21 frame, T.38 octet order, FCS stripped, fcs_ok
 *   FAX_EV_NONECM_DATA/END  high-speed bursts after a DCS (or NSS) from
 *                     this side: the TCF, then page data; octets estimated
 *                     from the burst length and the DCS rate (not
 *                     demodulated).  ECM pages are reported the same way:
 *                     the session knows from the DCS (or the PPS) that the
 *                     burst carries FCD frames and uses it only for timing
 *   FAX_EV_LOSS       RTP packets lost (sequence gaps never filled)
 *
 * Plain C + GLib.  Memory per direction is bounded: about 2.5 KB while
 * idle; the jitter buffer (4 KB) comes at the first out-of-order packet, the
 * demodulator (1 KB) with the first fax signal.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AUDIO_FAX_H
#define AUDIO_FAX_H

#include "fax-types.h"
#include "g711.h"
#include "v8-signal.h"

G_BEGIN_DECLS

#define AUDIO_FAX_JB_DEPTH    8      /* packets held for reordering */
#define AUDIO_FAX_MAX_PAYLOAD 480    /* octets per packet kept (60 ms) */
#define AUDIO_FAX_MAX_FILL    8000   /* samples of silence put in a gap (1 s) */
#define AUDIO_FAX_HISTORY     1600   /* samples replayed into the demodulator
                                        when it starts (200 ms) */

#define AUDIO_FAX_ECHO_WINDOW 1.0  /* s: the same frame from the peer this close */
#define AUDIO_FAX_ECHO_RATIO  10.0 /* and 10 dB stronger: this is its echo */
#define AUDIO_FAX_ECHO_KEEP   4    /* frames remembered per direction */

#define AUDIO_FAX_PT_PCMU 0
#define AUDIO_FAX_PT_PCMA 8
#define AUDIO_FAX_PT_CN   13

typedef struct {
    guint32 packets;          /* fed */
    guint32 g711_packets;     /* PT 0/8 played */
    guint32 cn_packets;       /* PT 13 comfort noise (RFC 3389) */
    guint32 other_packets;    /* other payload types (another codec) */
    guint32 event_packets;    /* dynamic PT 96-127 (telephone-event, NSE) */
    guint32 duplicates;
    guint32 reordered;        /* arrived after a later sequence number */
    guint32 late;             /* arrived after its place was played: dropped */
    guint32 lost;             /* sequence numbers never seen */
    guint32 oversize;         /* payload cut at AUDIO_FAX_MAX_PAYLOAD */
    guint32 resyncs;          /* sequence/timestamp/SSRC jumps: restarted */
    guint32 fill_samples;     /* silence put in for lost/suppressed time */
    guint32 codec_changes;    /* PCMU <-> PCMA or to another codec */
    guint32 hdlc_ok, hdlc_bad;
    guint32 echo_frames;      /* frames dropped as the other side's echo */
    guint32 bursts;           /* high-speed bursts reported */
    /* first frame of each finding, 0 = never */
    guint32 cng_frame, ced_frame, ansam_frame, phaserev_frame, v21_frame;
    guint32 phase_reversals;
    guint32 demod_frame;      /* the demodulator started here */
    guint32 first_fax_frame;  /* the first fax signal */
    /* during the fax (after first_fax_frame): trouble the glue can hint */
    guint32 fax_lost, fax_cn_packets, fax_codec_changes;
    guint32 fax_loss_frame, fax_cn_frame, fax_codec_frame;  /* first of each */
    guint8  laws;             /* bit 0: PCMU seen, bit 1: PCMA seen */
    guint32 blocks_analysed;  /* 20 ms blocks the tone detector looked at */
    /* V.8 (v8-signal.c): the CM this direction sent (the calling terminal,
     * channel 1, read while the other direction's ANSam is heard and a
     * while after) or its JM (the answering terminal, channel 2) */
    guint32 v8_frame;         /* accepted in this frame, 0 = none */
    /* high-speed bursts whose training showed their modem (burst-train.c),
     * and those whose training disagreed with the DCS before them */
    guint32 bursts_trained, train_mismatch;
    fax_modem first_trained;  /* FAX_MODEM_NONE until one */
    guint32 first_trained_frame, mismatch_frame;
    fax_modem mismatch_dcs, mismatch_heard;
    v8_message v8;
} audio_fax_stats;

typedef void (*audio_fax_event_cb)(const fax_event *ev, void *user);

/* An RTP packet (RFC 3550 5.1): the fixed header, CSRCs, header extension
 * and padding skipped, bounds-checked. */
typedef struct {
    guint32 ssrc;
    guint16 seq;
    guint32 ts;
    guint8  pt;
    gboolean marker;
    const guint8 *payload;
    guint   len;
} audio_fax_rtp;

/* FALSE: not RTP version 2, or lengths that do not add up */
gboolean audio_fax_rtp_parse(const guint8 *p, guint len, audio_fax_rtp *out);
/* PCMU, PCMA or comfort noise: what this decoder reads (RFC 3551, 3389) */
#define AUDIO_FAX_PT_WANTED(pt) ((pt) == AUDIO_FAX_PT_PCMU || (pt) == AUDIO_FAX_PT_PCMA \
                                 || (pt) == AUDIO_FAX_PT_CN)

typedef struct audio_fax audio_fax;

audio_fax *audio_fax_new(fax_side side, audio_fax_event_cb cb, void *user);
void       audio_fax_free(audio_fax *af);

/* the two directions of one call: each drops the other's line echo */
void audio_fax_pair(audio_fax *a, audio_fax *b);
/* one RTP packet of this direction */
void audio_fax_packet(audio_fax *af, guint32 frame, double t, guint32 ssrc,
                      guint16 seq, guint32 ts, guint8 pt,
                      const guint8 *payload, guint len);
/* end of capture: play what the jitter buffer holds, flush the demodulator */
void audio_fax_finish(audio_fax *af);
/* start demodulating now (the other direction found a fax) */
void audio_fax_activate(audio_fax *af);
gboolean audio_fax_is_fax(const audio_fax *af);   /* a fax signal was found */
const audio_fax_stats *audio_fax_get_stats(const audio_fax *af);

G_END_DECLS

#endif /* AUDIO_FAX_H */
