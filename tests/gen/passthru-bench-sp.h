/* passthru-bench-sp.h: spandsp's V.21 receiver behind a plain interface
 * (spandsp's headers and faxcalls' fax-types.h both define FAX_MODEM_NONE).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PASSTHRU_BENCH_SP_H
#define PASSTHRU_BENCH_SP_H

#include <glib.h>

/* octets as spandsp delivers them (line order, LSB first), FCS stripped */
typedef void (*sp_frame_cb)(const guint8 *pkt, guint len, gboolean ok, void *user);

/* spandsp 0.0.6 fsk_rx (V.21 channel 2, synchronous) + hdlc_rx (CRC-16,
 * bad frames reported, 5 flags to start framing) over n samples */
void sp_v21_run(const gint16 *x, guint n, sp_frame_cb cb, void *user);

#endif
