/* burst-train-spandsp-sp.c: spandsp 0.0.6 V.17, V.29, V.27ter transmitters.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include <spandsp.h>

#include "burst-train-spandsp-sp.h"

static int
random_bit(void *user)
{
    guint32 *s = user;
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return (int)(*s & 1);
}

void
sp_modem_tx(sp_modem m, int bit_rate, gint16 *x, guint n)
{
    guint32 seed = 12345;
    memset(x, 0, n * sizeof *x);
    if (m == SP_V17) {
        v17_tx_state_t *t = v17_tx_init(NULL, bit_rate, FALSE, random_bit, &seed);
        v17_tx(t, x, (int)n);
        v17_tx_free(t);
    } else if (m == SP_V29) {
        v29_tx_state_t *t = v29_tx_init(NULL, bit_rate, FALSE, random_bit, &seed);
        v29_tx(t, x, (int)n);
        v29_tx_free(t);
    } else {
        v27ter_tx_state_t *t = v27ter_tx_init(NULL, bit_rate, FALSE, random_bit, &seed);
        v27ter_tx(t, x, (int)n);
        v27ter_tx_free(t);
    }
}
