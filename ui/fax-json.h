/* fax-json.h: the JSON report (tshark -q -z fax,json[,filter]): one JSON
 * object per fax call, one per line (JSON Lines), schema "faxcalls/1"
 * (docs/JSON.md, docs/json-schema.json).
 *
 * Rendered from the model alone (no Wireshark) and deterministic: calls in
 * the order given, fixed key order, times relative to the capture start
 * with '.' as decimal separator whatever the locale.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_JSON_H
#define FAX_JSON_H

#include <glib.h>
#include "fax-registry.h"

G_BEGIN_DECLS

#define FAX_JSON_SCHEMA "faxcalls/1"

/* One line per call: {"schema":"faxcalls/1",...}\n.  truncated: the registry
 * hit a cap (some calls of the capture were not analysed). */
void fax_json_calls(GString *out, fax_call *const *calls, guint n, double t0,
                    const char *filter, const char *version, gboolean truncated);

G_END_DECLS

#endif
