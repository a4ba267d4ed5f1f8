/* tone-detect.h: the cheap fax-signal detector run on every G.711 audio
 * stream.  Works on 20 ms blocks (160 samples at 8000/s) with Goertzel
 * filters at the fax tones, each an integer number of cycles per block:
 *   1100 Hz  CNG, T.30 5.2.1 (0.5 s on, 3 s off)
 *   2100 Hz  CED/ANS, T.30 5.2.2 and V.25 (2.6-4 s); ANSam, V.8 7.1: 2100 Hz
 *            amplitude-modulated at 15 Hz (+-20 %); phase reversals every
 *            450 ms (V.25 /ANS, V.8 /ANSam: V.8 / V.34 answer, echo cancellers off)
 *   1650/1850 Hz V.21 channel 2 mark/space: the T.30 preamble and frames
 *
 * Idle mode analyses one block in TONE_IDLE_STRIDE and decodes only those
 * samples, so plain voice costs a quarter of a Goertzel bank; any block with a
 * tone-like share of power switches to dense mode (every block) for a second.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TONE_DETECT_H
#define TONE_DETECT_H

#include <glib.h>
#include "g711.h"

G_BEGIN_DECLS

#define TONE_BLOCK        160     /* samples per analysis block, 20 ms */
#define TONE_IDLE_STRIDE  4       /* idle: analyse 1 block in 4 */
#define TONE_HISTORY      16      /* blocks of 2100 Hz magnitudes kept */

typedef enum {
    TONE_CNG      = 1u << 0,   /* 1100 Hz for >= 0.35 s */
    TONE_CED      = 1u << 1,   /* 2100 Hz for >= 0.5 s */
    TONE_ANSAM    = 1u << 2,   /* 2100 Hz with 15 Hz amplitude modulation */
    TONE_PHASEREV = 1u << 3,   /* 2100 Hz phase reversal (/ANS, /ANSam) */
    TONE_V21      = 1u << 4    /* V.21 ch 2 signal for >= 0.2 s */
} tone_kind;

typedef struct {
    guint64 at_sample;   /* stream sample index where it was first confirmed */
    guint   count;       /* times it started (tone bursts), reversals */
} tone_seen;

typedef struct {
    guint64 sample;          /* stream samples consumed (incl. skipped) */
    guint   fill;            /* samples in the current block so far */
    gboolean analyse;        /* this block is analysed */
    guint   skip;            /* blocks to skip before the next analysed one */
    guint   dense;           /* blocks left in dense mode */
    gint16  blk[TONE_BLOCK];
    /* running state per tone: start sample of the current run, 0 = none */
    guint64 run_start[3];    /* CNG, CED, V21 */
    gboolean run_on[3];
    gboolean run_confirmed[3];
    guint   run_miss[3];     /* blocks without the tone inside the run */
    guint64 last_block_end;  /* sample index after the last analysed block */
    /* 2100 Hz complex outputs and magnitudes of recent consecutive blocks */
    float   c_re[3], c_im[3];
    guint   c_n;             /* consecutive analysed 2100 blocks in c_* */
    float   mag[TONE_HISTORY];
    guint   mag_n;
    guint   rev_holdoff;
    guint   found;           /* tone_kind bits ever confirmed */
    tone_seen seen[5];       /* by bit index of tone_kind */
    guint32 blocks_analysed;
    float   last_power;      /* mean power per sample of the last block */
    float   last_v21_share;
    float   gcos[4], gsin[4];    /* Goertzel coefficients, set at init */
} tone_detect;

void tone_detect_init(tone_detect *td);
/* feed n codes of one law; returns the tone_kind bits newly confirmed in
 * these samples (each kind reported once per run) */
guint tone_detect_g711(tone_detect *td, g711_law law, const guint8 *in, guint n);
/* the same for linear samples (always analysed: for tests) */
guint tone_detect_linear(tone_detect *td, const gint16 *x, guint n);
/* n samples of silence (lost packets): no analysis, runs broken */
void tone_detect_gap(tone_detect *td, guint n);
/* dense mode from now on, for good (a fax was found on the call) */
void tone_detect_force_dense(tone_detect *td);

/* One packet, no state: does a fax signal (CNG 1100 Hz, CED 2100 Hz, V.21
 * channel 2 at 1650/1850 Hz) carry most of its energy?  The cheap gate that
 * decides which voice streams get the full detector (a few sampled packets
 * of a stream, not every one). */
gboolean tone_probe_g711(g711_law law, const guint8 *in, guint n);

G_END_DECLS

#endif /* TONE_DETECT_H */
