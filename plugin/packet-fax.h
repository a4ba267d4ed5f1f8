/* packet-fax.h: what the fax protocol glue offers the report UIs.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_FAX_H
#define PACKET_FAX_H

#include <epan/packet.h>
#include "fax-registry.h"

void proto_register_fax(void);
void proto_reg_handoff_fax(void);

/* The capture's fax calls with their verdicts up to date (NULL before a
 * capture is open). */
fax_registry *fax_get_registry(void);
/* Absolute time of the capture's first frame, seconds. */
double fax_capture_start(void);
/* The "fax" tap: data is GUINT_TO_POINTER(call id) for every frame of a call. */
int fax_get_tap_id(void);

/* ui/fax-stat.c */
void fax_register_reports(void);

/* fax.pages_dir preference ("" when unset) */
const char *fax_pref_pages_dir(void);
/* page keeping on/off as fax_pages_wanted() says, for the open capture */
void        fax_pages_apply(void);
/* ui/fax-pages.c: -z fax,pages,DIR and the fax.pages_dir preference */
void     fax_register_pages(void);
gboolean fax_pages_wanted(void);        /* keep page data for this capture */
void     fax_pages_pref_changed(void);  /* at capture open: listen if set */

#endif
