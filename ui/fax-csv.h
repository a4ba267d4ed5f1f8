/* fax-csv.h: the -z fax,stat table as CSV (tshark -q -z fax,csv[,filter]),
 * RFC 4180 (CRLF line ends, fields quoted when needed), with a header row.
 *
 * Rendered from the model alone (no Wireshark) and deterministic: calls in
 * the order given, times relative to the capture start with '.' as decimal
 * separator whatever the locale.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_CSV_H
#define FAX_CSV_H

#include <glib.h>
#include "fax-call.h"

G_BEGIN_DECLS

/* Header row, then one row per call. */
void fax_csv_stat(GString *out, fax_call *const *calls, guint n, double t0);

G_END_DECLS

#endif
