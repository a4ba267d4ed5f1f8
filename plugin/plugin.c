/* plugin.c: the entry points Wireshark's plugin loader looks for.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gmodule.h>
#include <epan/proto.h>
#include <ws_version.h>

#include "packet-fax.h"
#include "ws-compat.h"

#ifndef FAXCALLS_VERSION
#error "FAXCALLS_VERSION must come from CMake (project version)"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = FAXCALLS_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
FAX_PLUGIN_DESCRIBE(WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER)

WS_DLL_PUBLIC void plugin_register(void);

void
plugin_register(void)
{
    static proto_plugin plug;
    plug.register_protoinfo = proto_register_fax;
    plug.register_handoff = proto_reg_handoff_fax;
    proto_register_plugin(&plug);
}
