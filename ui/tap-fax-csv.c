/* tap-fax-csv.c: tshark -z fax,csv[,filter]: the -z fax,stat table as CSV
 * (fax-csv.c) for the fax calls having a frame that passes the filter.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <stdio.h>
#include <string.h>

#include "fax-tap.h"
#include "fax-csv.h"
#include "ws-compat.h"

void register_tap_listener_fax_csv(void);

#define CSV_PREFIX "fax,csv,"

static gboolean
csv_draw(const fax_tap_calls *seen, void *user_data _U_)
{
    GString *out = g_string_new(NULL);
    fax_csv_stat(out, seen->calls, seen->n_calls, seen->t0);
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    return TRUE;
}

static FAX_STAT_INIT_RET
fax_csv_init(const char *opt_arg, void *userdata _U_)
{
    const char *filter = g_str_has_prefix(opt_arg, CSV_PREFIX) ? opt_arg + strlen(CSV_PREFIX) : NULL;
    FAX_STAT_INIT_RETURN(fax_tap_listen_calls("fax,csv", filter, csv_draw, NULL, NULL));
}

static stat_tap_ui fax_csv_ui = {
    FAX_STAT_GROUP_TELEPHONY, "Fax Calls (CSV)", "fax,csv", fax_csv_init, 0, NULL
};

void
register_tap_listener_fax_csv(void)
{
    register_stat_tap_ui(&fax_csv_ui, NULL);
}
