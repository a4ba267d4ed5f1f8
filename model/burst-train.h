/* burst-train.h: which modem a high-speed burst in G.711 audio is, from
 * the first segment of its training sequence, for bursts no DCS announced
 * (an NSS set-up, a DCS lost in the audio).
 *
 * The segments alternate two constellation points at the symbol rate, so
 * the line carries the carrier and two lines at carrier +- symbol rate / 2:
 * V.17 (ITU-T V.17 11.3.1.1, segment 1, carrier 1800 Hz, 2400 baud): 600 and
 * 3000 Hz; V.29 (V.29 7.3, segment 2, carrier 1700 Hz, 2400 baud): 500 and
 * 2900 Hz; V.27ter (V.27ter 8.3, 180-degree reversals, carrier 1800 Hz):
 * 1000 and 2600 Hz at 1600 baud (4800 bit/s), 1200 and 2400 Hz at 1200
 * baud (2400 bit/s).  V.17 and V.29 carry their rate only later, in the
 * scrambled data: for them the modem is known, the rate is not.
 *
 * Plain C + GLib; no Wireshark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef BURST_TRAIN_H
#define BURST_TRAIN_H

#include <glib.h>
#include "fax-types.h"

G_BEGIN_DECLS

/* The modem whose training this block of samples (at least 80 at 8000
 * samples/s) is: FAX_MODEM_V17_RATE_UNKNOWN, FAX_MODEM_V29_RATE_UNKNOWN,
 * FAX_MODEM_V27_4800, FAX_MODEM_V27_2400, or FAX_MODEM_NONE. */
fax_modem burst_train_classify(const gint16 *x, guint n);

G_END_DECLS

#endif /* BURST_TRAIN_H */
