/* ws-compat.h: the few Wireshark API differences between the versions
 * faxcalls supports (4.0 Debian 12, 4.4 Debian 13, 4.6 Debian unstable),
 * keyed on <ws_version.h>. The glue uses these names and stays #if-free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAXCALLS_WS_COMPAT_H
#define FAXCALLS_WS_COMPAT_H

#include <ws_version.h>

#define FAX_WS_AT_LEAST(maj, min) \
    (WIRESHARK_VERSION_MAJOR > (maj) || \
     (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* units_bit_sec & co.: 4.0's <epan/packet.h> brought them in, 4.4's does not. */
#include <epan/unit_strings.h>

/* Stat menu groups: 4.2 renamed REGISTER_STAT_GROUP_TELEPHONY. */
#if FAX_WS_AT_LEAST(4, 2)
#define FAX_STAT_GROUP_TELEPHONY REGISTER_TELEPHONY_GROUP_UNSORTED
#else
#define FAX_STAT_GROUP_TELEPHONY REGISTER_STAT_GROUP_TELEPHONY
#endif

/* -z init callbacks (stat_tap_init_cb): 4.6 made them return whether the
 * listener started (bool); before, void. */
#if FAX_WS_AT_LEAST(4, 6)
#define FAX_STAT_INIT_RET bool
#define FAX_STAT_INIT_RETURN(ok) return (ok) != 0
#else
#define FAX_STAT_INIT_RET void
#define FAX_STAT_INIT_RETURN(ok) (void)(ok)
#endif

/* Plugin type for "tshark -G plugins" (4.4 added plugin_describe(); without
 * it the plugin is listed as "unknown"). Use once, at file scope, no ';'. */
#if FAX_WS_AT_LEAST(4, 4)
#include <wsutil/plugins.h>
#define FAX_PLUGIN_DESCRIBE(flags) \
    WS_DLL_PUBLIC uint32_t plugin_describe(void); \
    uint32_t plugin_describe(void) { return (flags); }
#else
#define FAX_PLUGIN_DESCRIBE(flags)
#endif

/* Boolean preferences: 4.2 moved prefs_register_bool_preference() from
 * gboolean * to bool *. */
#if FAX_WS_AT_LEAST(4, 2)
#include <stdbool.h>
typedef bool fax_pref_bool;
#else
typedef gboolean fax_pref_bool;
#endif

/* A frame's data source as "NAME (N bytes)", freed with g_free(): 4.6
 * renamed get_data_source_name() to get_data_source_description(). */
#if FAX_WS_AT_LEAST(4, 6)
#define FAX_DATA_SOURCE_DESCRIPTION(src) get_data_source_description(src)
#else
#define FAX_DATA_SOURCE_DESCRIPTION(src) get_data_source_name(src)
#endif

#endif /* FAXCALLS_WS_COMPAT_H */
