/* burst-train-spandsp-sp.h: spandsp's high-speed fax modems' transmitters
 * behind a plain interface (its headers and fax-types.h both define
 * FAX_MODEM_NONE).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef BURST_TRAIN_SPANDSP_SP_H
#define BURST_TRAIN_SPANDSP_SP_H

#include <glib.h>

typedef enum { SP_V17, SP_V29, SP_V27TER } sp_modem;

/* n samples of the modem's line signal from its start (training, then
 * scrambled random data) */
void sp_modem_tx(sp_modem m, int bit_rate, gint16 *x, guint n);

#endif
