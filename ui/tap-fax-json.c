/* tap-fax-json.c: tshark -z fax,json[,filter]: one JSON object per fax call
 * having a frame that passes the filter (fax-json.c), once the whole capture
 * was read.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <stdio.h>
#include <string.h>

#include "fax-tap.h"
#include "fax-json.h"
#include "ws-compat.h"

void register_tap_listener_fax_json(void);

#define JSON_PREFIX "fax,json,"

static gboolean
json_draw(const fax_tap_calls *seen, void *filter)
{
    GString *out = g_string_new(NULL);
    fax_json_calls(out, seen->calls, seen->n_calls, seen->t0, filter, FAXCALLS_VERSION,
                   seen->registry && fax_registry_truncated(seen->registry));
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    return TRUE;
}

static FAX_STAT_INIT_RET
fax_json_init(const char *opt_arg, void *userdata _U_)
{
    char *filter = g_str_has_prefix(opt_arg, JSON_PREFIX) ? g_strdup(opt_arg + strlen(JSON_PREFIX))
                                                          : NULL;
    FAX_STAT_INIT_RETURN(fax_tap_listen_calls("fax,json", filter, json_draw, g_free, filter));
}

static stat_tap_ui fax_json_ui = {
    FAX_STAT_GROUP_TELEPHONY, "Fax Calls (JSON)", "fax,json", fax_json_init, 0, NULL
};

void
register_tap_listener_fax_json(void)
{
    register_stat_tap_ui(&fax_json_ui, NULL);
}
