/* packet-fax.h: the fax protocol's registration (named by plugin_register())
 * and what packet-fax.c and fax-tap.c share inside plugin/.  The reports see
 * only fax-tap.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_FAX_H
#define PACKET_FAX_H

void proto_register_fax(void);
void proto_reg_handoff_fax(void);

#include "fax-registry.h"

/* The capture's registry as it is (no verdicts computed): what the taps
 * of other dissectors feed (fax-h323-taps.c).  NULL before a capture. */
fax_registry *fax_capture_registry(void);

/* fax-h323-taps.c: listen to Wireshark's H.225 and H.245 taps. */
void fax_h323_taps_register(void);

/* fax-tap.c: run the fax_tap_on_capture_open() hooks (from the init routine). */
void fax_tap_capture_opened(void);

#endif
