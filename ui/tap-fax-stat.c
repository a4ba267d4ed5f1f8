/* tap-fax-stat.c: tshark -z fax,stat[,filter] (one line per call) and
 * -z fax,report[,filter] (the story of each call): the calls having a frame
 * that passes the filter, rendered as text (fax-text.c) once the whole
 * capture was read, when the verdicts are final.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <stdio.h>
#include <string.h>

#include "fax-tap.h"
#include "fax-text.h"
#include "ws-compat.h"

void register_tap_listener_fax_stat(void);

typedef struct {
    gboolean report;    /* -z fax,report; else -z fax,stat */
    char    *filter;
} text_report;

static gboolean
text_draw(const fax_tap_calls *seen, void *user_data)
{
    const text_report *tr = user_data;
    GString *out = g_string_new(NULL);
    if (tr->report)
        fax_text_report(out, seen->calls, seen->n_calls, seen->t0, tr->filter, FAXCALLS_VERSION);
    else
        fax_text_stat(out, seen->calls, seen->n_calls, seen->t0, tr->filter, FAXCALLS_VERSION);
    if (seen->registry && fax_registry_truncated(seen->registry))
        g_string_append(out, "Note: the capture has more calls or dialogs than faxcalls keeps; the rest were not analysed.\n");
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    return TRUE;
}

static void
text_free(void *p)
{
    text_report *tr = p;
    g_free(tr->filter);
    g_free(tr);
}

/* opt_arg: "fax,stat" or "fax,stat,FILTER" (prefix: "fax,stat,") */
static gboolean
text_start(const char *opt_arg, const char *prefix, gboolean report)
{
    text_report *tr = g_new0(text_report, 1);
    tr->report = report;
    if (g_str_has_prefix(opt_arg, prefix))
        tr->filter = g_strdup(opt_arg + strlen(prefix));
    return fax_tap_listen_calls(report ? "fax,report" : "fax,stat", tr->filter, text_draw,
                                text_free, tr);
}

static FAX_STAT_INIT_RET
fax_stat_init(const char *opt_arg, void *userdata _U_)
{
    FAX_STAT_INIT_RETURN(text_start(opt_arg, "fax,stat,", FALSE));
}

static FAX_STAT_INIT_RET
fax_report_init(const char *opt_arg, void *userdata _U_)
{
    FAX_STAT_INIT_RETURN(text_start(opt_arg, "fax,report,", TRUE));
}

static stat_tap_ui fax_stat_ui = {
    FAX_STAT_GROUP_TELEPHONY, "Fax Calls", "fax,stat", fax_stat_init, 0, NULL
};

static stat_tap_ui fax_report_ui = {
    FAX_STAT_GROUP_TELEPHONY, "Fax Call Report", "fax,report", fax_report_init, 0, NULL
};

void
register_tap_listener_fax_stat(void)
{
    register_stat_tap_ui(&fax_stat_ui, NULL);
    register_stat_tap_ui(&fax_report_ui, NULL);
}
