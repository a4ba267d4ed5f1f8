/* burst-train.c: a burst's modem from its training (see burst-train.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "burst-train.h"

#include <math.h>

#define RATE 8000.0

/* Goertzel power of frequency f in x[0..n), normalised like n * x^2 */
static double
tone_power(const gint16 *x, guint n, double f)
{
    double c = 2.0 * cos(2.0 * G_PI * f / RATE), s1 = 0.0, s2 = 0.0;
    for (guint i = 0; i < n; i++) {
        double s0 = x[i] + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    return (s1 * s1 + s2 * s2 - c * s1 * s2) * 2.0 / n;
}

fax_modem
burst_train_classify(const gint16 *x, guint n)
{
    static const struct {
        double    lo, hi;
        fax_modem modem;
    } pairs[] = {
        { 600.0, 3000.0, FAX_MODEM_V17_RATE_UNKNOWN },
        { 500.0, 2900.0, FAX_MODEM_V29_RATE_UNKNOWN },
        { 1000.0, 2600.0, FAX_MODEM_V27_4800 },
        { 1200.0, 2400.0, FAX_MODEM_V27_2400 },
    };
    if (n < 80)
        return FAX_MODEM_NONE;
    double total = 0.0;
    for (guint i = 0; i < n; i++)
        total += (double)x[i] * x[i];
    if (total / n < 1.0e4)          /* below about -40 dBm0: no burst */
        return FAX_MODEM_NONE;
    double best = 0.0, second = 0.0;
    fax_modem m = FAX_MODEM_NONE;
    for (guint i = 0; i < G_N_ELEMENTS(pairs); i++) {
        double p = tone_power(x, n, pairs[i].lo) + tone_power(x, n, pairs[i].hi);
        if (p > best) {
            second = best;
            best = p;
            m = pairs[i].modem;
        } else if (p > second) {
            second = p;
        }
    }
    /* the two side lines hold about half the power of a training segment
     * (the carrier line the rest); scrambled data spreads it */
    return best >= 0.35 * total && best >= 4.0 * second ? m : FAX_MODEM_NONE;
}
