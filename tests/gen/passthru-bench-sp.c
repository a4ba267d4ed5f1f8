/* passthru-bench-sp.c: spandsp 0.0.6's V.21 channel 2 receiver, for the
 * comparison in passthru-bench.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <spandsp.h>

#include "passthru-bench-sp.h"

typedef struct {
    sp_frame_cb cb;
    void *user;
} sp_ctx;

static void sp_frame(void *user, const uint8_t *pkt, int len, int ok)
{
    sp_ctx *c = user;

    if (len >= 0)   /* negative: a status report (carrier, framing) */
        c->cb(pkt, (guint)len, ok != 0, c->user);
}

void sp_v21_run(const gint16 *x, guint n, sp_frame_cb cb, void *user)
{
    sp_ctx c = { cb, user };
    hdlc_rx_state_t *h = hdlc_rx_init(NULL, FALSE, TRUE, 5, sp_frame, &c);
    fsk_rx_state_t *fsk = fsk_rx_init(NULL, &preset_fsk_specs[FSK_V21CH2], FSK_FRAME_MODE_SYNC,
                                      (put_bit_func_t)hdlc_rx_put_bit, h);
    guint i;

    for (i = 0; i < n; i += 160)
        fsk_rx(fsk, (int16_t *)(x + i), (int)(n - i < 160 ? n - i : 160));
    fsk_rx_free(fsk);
    hdlc_rx_free(h);
}
