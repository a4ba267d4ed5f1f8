/* fax-text.h: the plain-text reports (tshark -z fax,stat and -z fax,report),
 * rendered from the model alone so that they can be tested without
 * Wireshark.  Output is deterministic: calls in id order (= order of their
 * first frame), times relative to the capture start, C number formats.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_TEXT_H
#define FAX_TEXT_H

#include <glib.h>
#include "fax-registry.h"

G_BEGIN_DECLS

/* calls: the calls to show, in order; t0: capture start (seconds). */
void fax_text_stat(GString *out, fax_call *const *calls, guint n, double t0,
                   const char *filter, const char *version);
void fax_text_report(GString *out, fax_call *const *calls, guint n, double t0,
                     const char *filter, const char *version);

/* "14400 FTT · 12000 FTT · 9600 CFR" */
void fax_text_training_ladder(GString *out, const t30_summary *s);

G_END_DECLS

#endif
