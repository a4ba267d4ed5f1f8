/* fax-audit.h: the SDP/T.38 parameter audit of one fax call: the offer
 * against the answer, and both against what the traffic did (T.38 Annex D
 * / RFC 3362 attributes: T38FaxVersion, T38MaxBitRate, T38FaxRateManagement,
 * T38FaxMaxDatagram, T38FaxUdpEC, FillBitRemoval, TranscodingMMR/JBIG).
 *
 * Plain C + GLib.  Pure function of the call: run it once the capture was
 * read (after fax_registry_finish).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_AUDIT_H
#define FAX_AUDIT_H

#include "fax-registry.h"

G_BEGIN_DECLS

#define FAX_AUDIT_MAX 16

typedef struct {
    gboolean mismatch;     /* TRUE: a hint (both values in the text); FALSE: a fact */
    char     text[200];
} fax_audit_item;

/* Fills items (up to max), returns how many.  No SDP: 0. */
guint fax_audit_call(const fax_call *c, fax_audit_item *items, guint max);

G_END_DECLS

#endif /* FAX_AUDIT_H */
