/* v21-rx.h: ITU-T V.21 300 bit/s FSK receiver, 8000 samples/s.
 * Channel 1: mark 980 Hz, space 1180 Hz; channel 2 (the T.30 control channel,
 * T.30 5.3 / V.21 clause 2): mark 1650 Hz, space 1850 Hz.  Binary 1 = mark.
 *
 * Two quadrature correlators over one bit time (27 samples), decision by the
 * larger energy; carrier detect on in-band power with hysteresis; bit timing
 * from a first-order digital PLL nudged at every mark/space transition.
 * Float arithmetic, no tables, ~20 operations per sample.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef V21_RX_H
#define V21_RX_H

#include <glib.h>

G_BEGIN_DECLS

#define V21_RX_WIN 27           /* samples in one bit time (8000/300 = 26.7) */

typedef enum {
    V21_CH1 = 1,
    V21_CH2 = 2
} v21_channel;

/* bit: 0/1 in line order; called only while the carrier is up */
typedef void (*v21_rx_bit_cb)(guint bit, void *user);
/* carrier up (TRUE) or down (FALSE) */
typedef void (*v21_rx_carrier_cb)(gboolean up, void *user);

typedef struct {
    /* oscillators: cos/sin phasors and their per-sample rotation */
    float  pr[2], pi[2], wr[2], wi[2];
    float  ring[2][2][V21_RX_WIN];   /* [tone][re/im][i] */
    float  acc[2][2];
    float  pring[V21_RX_WIN];        /* x^2 */
    float  pacc;
    guint  pos;
    guint  renorm;
    guint  baud_phase;               /* in 1/8000 s * 300 units, wraps at 8000 */
    guint  last_dec;
    gboolean carrier;
    guint  cd_count;                 /* samples in the other state */
    guint64 samples;
    guint32 bits;
    v21_rx_bit_cb bit_cb;
    v21_rx_carrier_cb carrier_cb;
    void  *user;
} v21_rx;

void v21_rx_init(v21_rx *r, v21_channel ch, v21_rx_bit_cb bit_cb,
                 v21_rx_carrier_cb carrier_cb, void *user);
void v21_rx_samples(v21_rx *r, const gint16 *x, guint n);
gboolean v21_rx_carrier(const v21_rx *r);

G_END_DECLS

#endif /* V21_RX_H */
