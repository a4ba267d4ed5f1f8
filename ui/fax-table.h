/* fax-table.h: Telephony > Fax Calls (Wireshark) and -z fax,calls (tshark).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_TABLE_H
#define FAX_TABLE_H

/* Register the Fax Calls table; called from fax_register_reports(). */
void fax_register_table(void);

#endif
