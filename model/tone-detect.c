/* tone-detect.c: Goertzel bank over 20 ms blocks.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <string.h>
#include "tone-detect.h"

/* Goertzel frequencies.  CNG and CED over the whole 160-sample block (50 Hz
 * bins, 22 and 42 cycles); the V.21 pair over 40-sample quarters (200 Hz
 * bins): a 300 bit/s FSK signal spreads too wide for 50 Hz bins. */
#define F_CNG  1100.0
#define F_CED  2100.0
#define F_MARK 1650.0
#define F_SPC  1850.0
#define V21_SUB 40

#define MIN_POWER   (2.42e8f * 3.2e-5f)  /* -45 dBm0 mean power per sample */
#define TONE_SHARE  0.60f                /* of the block power in one bin */
#define V21_SHARE   0.45f                /* in the mark+space bins together */
#define HINT_SHARE  0.30f                /* wakes the dense mode */
#define DENSE_BLOCKS 50u                 /* one second */

/* CNG 0.35 s: T.30 5.2.1 allows 0.5 s -15 %, and the idle stride may see
 * the burst up to 60 ms late; CED 0.5 s; V.21 0.2 s */
static const guint need_samples[3] = { 2800, 4000, 1600 };
static const guint run_bit[3] = { TONE_CNG, TONE_CED, TONE_V21 };

void
tone_detect_init(tone_detect *td)
{
    const double f[4] = { F_CNG, F_CED, F_MARK, F_SPC };
    guint g;
    memset(td, 0, sizeof(*td));
    td->analyse = TRUE;
    for (g = 0; g < 4; g++) {
        td->gcos[g] = (float)cos(2.0 * G_PI * f[g] / 8000.0);
        td->gsin[g] = (float)sin(2.0 * G_PI * f[g] / 8000.0);
    }
}

void
tone_detect_force_dense(tone_detect *td)
{
    td->dense = G_MAXUINT;
}

/* Goertzel filter number g (F_CNG, F_CED, F_MARK, F_SPC) over n samples */
static void
goertzel(const tone_detect *td, guint g, const gint16 *x, guint n, float *re, float *im)
{
    float c = 2.0f * td->gcos[g], s1 = 0.0f, s2 = 0.0f, s0;
    guint i;
    for (i = 0; i < n; i++) {
        s0 = (float)x[i] + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    *re = s1 - s2 * td->gcos[g];
    *im = s2 * td->gsin[g];
}

static void
break_runs(tone_detect *td)
{
    guint i;
    for (i = 0; i < 3; i++) {
        td->run_on[i] = FALSE;
        td->run_confirmed[i] = FALSE;
    }
    td->c_n = 0;
    td->mag_n = 0;
}

static void
mark_found(tone_detect *td, guint bit, guint64 at, guint *newbits)
{
    guint idx = (guint)g_bit_nth_lsf(bit, -1);
    if (idx < 5) {
        if (td->seen[idx].count == 0)
            td->seen[idx].at_sample = at;
        if (td->seen[idx].count < G_MAXUINT)
            td->seen[idx].count++;
    }
    td->found |= bit;
    *newbits |= bit;
}

/* Share of the block's power at each frequency: 1100 Hz (CNG), 2100 Hz
 * (CED/ANS), and the V.21 channel 2 mark and space, per quarter block.
 * Zero below MIN_POWER.  re/im: the Goertzel terms at 1100 and 2100 Hz. */
static void
block_shares(tone_detect *td, float re[2], float im[2], float share[4])
{
    float p = 0.0f, e;
    guint i, j;

    for (i = 0; i < TONE_BLOCK; i++)
        p += (float)td->blk[i] * (float)td->blk[i];
    for (i = 0; i < 2; i++) {
        goertzel(td, i, td->blk, TONE_BLOCK, &re[i], &im[i]);
        e = re[i] * re[i] + im[i] * im[i];
        /* a tone holding the whole block gives e = p N / 2 */
        share[i] = p > 0.0f ? e / (p * (TONE_BLOCK / 2.0f)) : 0.0f;
    }
    /* V.21: mark+space share per quarter, averaged (quarter power weights) */
    share[2] = share[3] = 0.0f;
    for (j = 0; j < TONE_BLOCK / V21_SUB; j++) {
        float r2, i2;
        goertzel(td, 2, td->blk + j * V21_SUB, V21_SUB, &r2, &i2);
        share[2] += r2 * r2 + i2 * i2;
        goertzel(td, 3, td->blk + j * V21_SUB, V21_SUB, &r2, &i2);
        share[3] += r2 * r2 + i2 * i2;
    }
    for (i = 2; i < 4; i++)
        share[i] = p > 0.0f ? share[i] / (p * (V21_SUB / 2.0f)) : 0.0f;
    td->last_power = p / TONE_BLOCK;
    td->last_v21_share = share[2] + share[3];
    if (td->last_power < MIN_POWER) {
        for (i = 0; i < 4; i++)
            share[i] = 0.0f;
    }
}

/* Runs: a tone is confirmed after need_samples of consecutive blocks
 * (skipped idle blocks in between are bridged: idle only skips 3); one
 * block without it is forgiven (a phase reversal, a glitch). */
static void
track_runs(tone_detect *td, const gboolean on[3], guint64 start, guint *newbits)
{
    guint i;

    for (i = 0; i < 3; i++) {
        if (on[i]) {
            td->run_miss[i] = 0;
            if (!td->run_on[i]) {
                td->run_on[i] = TRUE;
                td->run_confirmed[i] = FALSE;
                td->run_start[i] = start;
            }
            if (!td->run_confirmed[i] && td->sample - td->run_start[i] >= need_samples[i]) {
                td->run_confirmed[i] = TRUE;
                mark_found(td, run_bit[i], td->run_start[i], newbits);
            }
        } else if (td->run_on[i] && td->run_miss[i] == 0) {
            td->run_miss[i] = 1;
        } else {
            td->run_on[i] = FALSE;
            td->run_confirmed[i] = FALSE;
        }
    }
}

/* 2100 Hz: phase reversals and 15 Hz AM, on consecutive blocks only.
 * 42 cycles per block: a steady tone keeps its phase block to block. */
static void
watch_2100(tone_detect *td, const gboolean on[3], const float re[2], const float im[2],
           guint64 start, gboolean contiguous, guint *newbits)
{
    guint i;

    if (on[1] || (td->run_on[1] && td->run_miss[1] == 1)) {
        float mag = sqrtf(re[1] * re[1] + im[1] * im[1]);
        if (!contiguous)
            td->c_n = 0;
        if (td->c_n >= 2 && td->rev_holdoff == 0) {
            /* compare with the block two back: a reversal inside the block
             * between flips the sign of the dot product */
            float dot = re[1] * td->c_re[0] + im[1] * td->c_im[0];
            float m0 = sqrtf(td->c_re[0] * td->c_re[0] + td->c_im[0] * td->c_im[0]);
            if (dot < -0.5f * mag * m0) {
                mark_found(td, TONE_PHASEREV, start, newbits);
                td->rev_holdoff = 10;     /* reversals are 450 ms apart */
                td->mag_n = 0;            /* the dip is not AM */
            }
        }
        if (td->rev_holdoff > 0)
            td->rev_holdoff--;
        td->c_re[0] = td->c_re[1];
        td->c_im[0] = td->c_im[1];
        td->c_re[1] = re[1];
        td->c_im[1] = im[1];
        if (td->c_n < 3)
            td->c_n++;
        if (on[1] && td->rev_holdoff < 8) {
            if (td->mag_n < TONE_HISTORY)
                td->mag[td->mag_n++] = mag;
            else {
                memmove(td->mag, td->mag + 1, sizeof(float) * (TONE_HISTORY - 1));
                td->mag[TONE_HISTORY - 1] = mag;
            }
            if (td->mag_n >= 10 && !(td->found & TONE_ANSAM)) {
                float lo = td->mag[0], hi = td->mag[0], sum = 0.0f;
                for (i = 0; i < td->mag_n; i++) {
                    lo = MIN(lo, td->mag[i]);
                    hi = MAX(hi, td->mag[i]);
                    sum += td->mag[i];
                }
                /* V.8 7.1: +-20 % at 15 Hz, seen through 20 ms blocks as
                 * a spread of about 0.3 of the mean; plain ANS stays < 0.05 */
                if (sum > 0.0f && (hi - lo) / (sum / td->mag_n) > 0.15f)
                    mark_found(td, TONE_ANSAM, start, newbits);
            }
        }
    } else {
        td->c_n = 0;
        td->mag_n = 0;
    }
}

/* the block in td->blk ends at stream sample td->sample */
static guint
analyse_block(tone_detect *td)
{
    float re[2], im[2], share[4];
    guint newbits = 0;
    guint64 start = td->sample - TONE_BLOCK;
    gboolean on[3];
    gboolean contiguous = td->last_block_end == start;

    td->blocks_analysed++;
    block_shares(td, re, im, share);
    on[0] = share[0] >= TONE_SHARE;
    on[1] = share[1] >= TONE_SHARE;
    on[2] = share[2] + share[3] >= V21_SHARE && !on[0] && !on[1];
    if (share[0] >= HINT_SHARE || share[1] >= HINT_SHARE || share[2] + share[3] >= HINT_SHARE)
        td->dense = MAX(td->dense, DENSE_BLOCKS);

    track_runs(td, on, start, &newbits);
    watch_2100(td, on, re, im, start, contiguous, &newbits);
    td->last_block_end = td->sample;
    return newbits;
}

static guint
feed(tone_detect *td, g711_law law, const guint8 *codes, const gint16 *lin, guint n,
     gboolean always)
{
    guint newbits = 0, take;

    while (n > 0) {
        if (td->fill == 0) {
            /* start of a block: analyse it or not */
            if (always || td->dense > 0) {
                td->analyse = TRUE;
            } else if (td->skip > 0) {
                td->analyse = FALSE;
                td->skip--;
            } else {
                td->analyse = TRUE;
                td->skip = TONE_IDLE_STRIDE - 1;
            }
        }
        take = MIN(n, TONE_BLOCK - td->fill);
        if (td->analyse) {
            if (lin)
                memcpy(td->blk + td->fill, lin, take * sizeof(gint16));
            else
                g711_decode_codes(law, codes, take, td->blk + td->fill);
        }
        td->fill += take;
        td->sample += take;
        if (lin)
            lin += take;
        else
            codes += take;
        n -= take;
        if (td->fill == TONE_BLOCK) {
            td->fill = 0;
            if (td->analyse)
                newbits |= analyse_block(td);
            if (td->dense > 0 && td->dense != G_MAXUINT)
                td->dense--;
        }
    }
    return newbits;
}

guint
tone_detect_g711(tone_detect *td, g711_law law, const guint8 *in, guint n)
{
    return feed(td, law, in, NULL, n, FALSE);
}

guint
tone_detect_linear(tone_detect *td, const gint16 *x, guint n)
{
    return feed(td, FAX_G711_ULAW, NULL, x, n, TRUE);
}

void
tone_detect_gap(tone_detect *td, guint n)
{
    td->sample += n;
    td->fill = 0;
    break_runs(td);
}

/* ---- one-packet probe --------------------------------------------------- */

#define PROBE_N        80      /* 10 ms: 100 Hz bins, enough to tell the tones apart */
#define PROBE_MIN_MEAN 4.0e4f  /* mean power floor (about -45 dBm0): not silence */
#define PROBE_SHARE    0.40f   /* fraction of the power in the fax tones */

static float
probe_power(const gint16 *x, guint n, float coef)
{
    float s1 = 0.0f, s2 = 0.0f;
    for (guint i = 0; i < n; i++) {
        float s0 = (float)x[i] + coef * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    return s1 * s1 + s2 * s2 - coef * s1 * s2;
}

gboolean
tone_probe_g711(g711_law law, const guint8 *in, guint n)
{
    /* 2 cos(2 pi f / 8000) for 1100, 2100, 1650, 1850 Hz */
    static const float coef[4] = { 1.29889610f, -0.15691819f, 0.54288090f, 0.23507479f };
    gint16 x[PROBE_N];
    if (n > PROBE_N)
        n = PROBE_N;
    if (n < 80)
        return FALSE;
    g711_decode_codes(law, in, n, x);
    float e = 0.0f;
    for (guint i = 0; i < n; i++)
        e += (float)x[i] * (float)x[i];
    if (e < PROBE_MIN_MEAN * (float)n)
        return FALSE;
    /* a pure tone at the bin puts 2|X|^2 / n of the energy e in its bin */
    float p[4];
    for (guint g = 0; g < 4; g++)
        p[g] = 2.0f * probe_power(x, n, coef[g]) / (float)n;
    return p[0] >= PROBE_SHARE * e || p[1] >= PROBE_SHARE * e || p[2] + p[3] >= PROBE_SHARE * e;
}
