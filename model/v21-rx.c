/* v21-rx.c: V.21 FSK demodulation.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <string.h>
#include "v21-rx.h"

#define FS 8000u
#define BAUD 300u
/* carrier detect: in-band power, V.21 clause 5 (-43 dBm on, -48 dBm off);
 * 0 dBm0 is taken as a sine of amplitude 22000 (power 2.4e8 per sample) */
#define CD_ON_POWER   (2.42e8f * 5.0e-5f)    /* -43 dB */
#define CD_OFF_POWER  (2.42e8f * 1.6e-5f)    /* -48 dB */
#define CD_ON_RATIO   0.45f     /* share of the power in the mark+space bins */
#define CD_OFF_RATIO  0.25f
#define CD_HOLD       40u       /* samples (1.5 bit) before the state flips */

void
v21_rx_init(v21_rx *r, v21_channel ch, v21_rx_bit_cb bit_cb,
            v21_rx_carrier_cb carrier_cb, void *user)
{
    double f[2];
    guint k;

    memset(r, 0, sizeof(*r));
    if (ch == V21_CH1) {
        f[0] = 980.0;  f[1] = 1180.0;     /* V.21 clause 2: channel 1 */
    } else {
        f[0] = 1650.0; f[1] = 1850.0;     /* channel 2 */
    }
    for (k = 0; k < 2; k++) {
        r->pr[k] = 1.0f;
        r->pi[k] = 0.0f;
        r->wr[k] = (float)cos(2.0 * G_PI * f[k] / FS);
        r->wi[k] = (float)sin(2.0 * G_PI * f[k] / FS);
    }
    r->bit_cb = bit_cb;
    r->carrier_cb = carrier_cb;
    r->user = user;
    r->baud_phase = FS / 2;
}

gboolean
v21_rx_carrier(const v21_rx *r)
{
    return r->carrier;
}

/* Every 256 samples: keep the phasors on the unit circle; resum the
 * windows so float drift cannot build up. */
static void
renormalise(v21_rx *r)
{
    guint j, k;

    for (k = 0; k < 2; k++) {
        float m = sqrtf(r->pr[k] * r->pr[k] + r->pi[k] * r->pi[k]);
        if (m > 0.0f) {
            r->pr[k] /= m;
            r->pi[k] /= m;
        }
        r->acc[k][0] = r->acc[k][1] = 0.0f;
        for (j = 0; j < V21_RX_WIN; j++) {
            r->acc[k][0] += r->ring[k][0][j];
            r->acc[k][1] += r->ring[k][1][j];
        }
    }
    r->pacc = 0.0f;
    for (j = 0; j < V21_RX_WIN; j++)
        r->pacc += r->pring[j];
}

/* Carrier detect: power per sample and the in-band share, with hysteresis
 * and CD_HOLD samples of hold.  For a tone of amplitude A in the window:
 * e = (A N / 2)^2, pacc = A^2 N / 2.  Called once per sample: inlined. */
static inline void
carrier_detect(v21_rx *r, const float e[2], float pw)
{
    float share = r->pacc > 0.0f ? (e[0] + e[1]) / (r->pacc * (V21_RX_WIN / 2.0f)) : 0.0f;
    gboolean want = r->carrier
        ? !(pw < CD_OFF_POWER || share < CD_OFF_RATIO)
        : (pw >= CD_ON_POWER && share >= CD_ON_RATIO);
    if (want != r->carrier) {
        if (++r->cd_count >= CD_HOLD) {
            r->carrier = want;
            r->cd_count = 0;
            r->baud_phase = FS / 2;
            if (r->carrier_cb)
                r->carrier_cb(want, r->user);
        }
    } else {
        r->cd_count = 0;
    }
}

/* The bit clock: mark (binary 1) when the mark correlator wins; a bit is
 * taken at each sampling instant of the 300 baud clock (V.21). */
static inline void
bit_clock(v21_rx *r, const float e[2])
{
    guint dec;

    dec = e[0] > e[1] ? 1u : 0u;
    if (dec != r->last_dec) {
        /* a transition should fall half-way between two sampling
         * instants: pull the phase a quarter of the way there */
        gint err = (gint)r->baud_phase - (gint)(FS / 2);
        r->baud_phase = (guint)((gint)r->baud_phase - err / 4);
        r->last_dec = dec;
    }
    r->baud_phase += BAUD;
    if (r->baud_phase >= FS) {
        r->baud_phase -= FS;
        r->bits++;
        if (r->bit_cb)
            r->bit_cb(dec, r->user);
    }
}

void
v21_rx_samples(v21_rx *r, const gint16 *x, guint n)
{
    guint i, k;
    float s, e[2];

    for (i = 0; i < n; i++) {
        s = (float)x[i];
        for (k = 0; k < 2; k++) {
            float re = s * r->pr[k], im = s * r->pi[k];
            float npr = r->pr[k] * r->wr[k] - r->pi[k] * r->wi[k];
            r->pi[k] = r->pr[k] * r->wi[k] + r->pi[k] * r->wr[k];
            r->pr[k] = npr;
            r->acc[k][0] += re - r->ring[k][0][r->pos];
            r->acc[k][1] += im - r->ring[k][1][r->pos];
            r->ring[k][0][r->pos] = re;
            r->ring[k][1][r->pos] = im;
            e[k] = r->acc[k][0] * r->acc[k][0] + r->acc[k][1] * r->acc[k][1];
        }
        r->pacc += s * s - r->pring[r->pos];
        r->pring[r->pos] = s * s;
        if (++r->pos >= V21_RX_WIN)
            r->pos = 0;
        if (++r->renorm >= 256) {
            r->renorm = 0;
            renormalise(r);
        }
        r->samples++;
        carrier_detect(r, e, r->pacc / V21_RX_WIN);
        if (!r->carrier)
            continue;
        bit_clock(r, e);
    }
}
