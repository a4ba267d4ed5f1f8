/* packet-fax.h: the fax protocol's registration (named by plugin_register())
 * and what packet-fax.c and fax-tap.c share inside plugin/.  The reports see
 * only fax-tap.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_FAX_H
#define PACKET_FAX_H

void proto_register_fax(void);
void proto_reg_handoff_fax(void);

/* fax-tap.c: run the fax_tap_on_capture_open() hooks (from the init routine). */
void fax_tap_capture_opened(void);

#endif
