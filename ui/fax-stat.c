/* fax-stat.c: tshark -z fax,stat[,filter] and -z fax,report[,filter].
 *
 * Each report is a tap listener on the "fax" tap that collects the calls
 * having at least one frame that passes the filter; at the end it renders
 * those calls (ui/fax-text.c) from the model, whose verdicts are then final.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/stat_tap_ui.h>
#include <stdio.h>
#include <string.h>

#include "packet-fax.h"
#include "fax-text.h"
#include "fax-json.h"
#include "fax-table.h"
#include "fax-idset.h"
#include "ws-compat.h"

typedef enum { FAX_OUT_STAT, FAX_OUT_REPORT } fax_out_kind;

typedef struct {
    fax_out_kind kind;
    char        *filter;
    fax_idset    calls;      /* call ids seen in tapped frames */
} fax_stat_t;

static void
fax_stat_reset(void *p)
{
    fax_stat_t *st = p;
    fax_idset_clear(&st->calls);
}

static tap_packet_status
fax_stat_packet(void *p, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                const void *data, tap_flags_t flags _U_)
{
    fax_stat_t *st = p;
    fax_idset_add(&st->calls, GPOINTER_TO_UINT(data));
    return TAP_PACKET_REDRAW;
}

static void
fax_stat_draw(void *p)
{
    fax_stat_t *st = p;
    fax_registry *r = fax_get_registry();
    GArray *ids = fax_idset_ids(&st->calls);

    GPtrArray *calls = g_ptr_array_new();
    for (guint i = 0; r && i < ids->len; i++) {
        fax_call *c = fax_registry_call(r, g_array_index(ids, guint, i));
        if (c)
            g_ptr_array_add(calls, c);
    }
    GString *out = g_string_new(NULL);
    if (st->kind == FAX_OUT_STAT)
        fax_text_stat(out, (fax_call *const *)calls->pdata, calls->len, fax_capture_start(),
                      st->filter, FAXCALLS_VERSION);
    else
        fax_text_report(out, (fax_call *const *)calls->pdata, calls->len, fax_capture_start(),
                        st->filter, FAXCALLS_VERSION);
    if (r && fax_registry_truncated(r))
        g_string_append(out, "Note: the capture has more calls or dialogs than faxcalls keeps; the rest were not analysed.\n");
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    g_ptr_array_free(calls, TRUE);
    g_array_free(ids, TRUE);
}

static void
fax_stat_finish(void *p)
{
    fax_stat_t *st = p;
    fax_idset_free(&st->calls);
    g_free(st->filter);
    g_free(st);
}

static gboolean
fax_stat_init_kind(const char *opt_arg, fax_out_kind kind, const char *prefix)
{
    fax_stat_t *st = g_new0(fax_stat_t, 1);
    st->kind = kind;
    gsize pl = strlen(prefix);
    if (strncmp(opt_arg, prefix, pl) == 0 && opt_arg[pl] == ',')
        st->filter = g_strdup(opt_arg + pl + 1);
    fax_idset_init(&st->calls);
    GString *err = register_tap_listener("fax", st, st->filter, TL_REQUIRES_NOTHING,
                                         fax_stat_reset, fax_stat_packet, fax_stat_draw,
                                         fax_stat_finish);
    if (err) {
        fprintf(stderr, "faxcalls: could not register the %s tap: %s\n", prefix, err->str);
        g_string_free(err, TRUE);
        fax_stat_finish(st);
        return FALSE;
    }
    return TRUE;
}

static FAX_STAT_INIT_RET
fax_stat_init(const char *opt_arg, void *userdata _U_)
{
    FAX_STAT_INIT_RETURN(fax_stat_init_kind(opt_arg, FAX_OUT_STAT, "fax,stat"));
}

static FAX_STAT_INIT_RET
fax_report_init(const char *opt_arg, void *userdata _U_)
{
    FAX_STAT_INIT_RETURN(fax_stat_init_kind(opt_arg, FAX_OUT_REPORT, "fax,report"));
}

static stat_tap_ui fax_stat_ui = {
    FAX_STAT_GROUP_TELEPHONY, "Fax Calls", "fax,stat", fax_stat_init, 0, NULL
};

static stat_tap_ui fax_report_ui = {
    FAX_STAT_GROUP_TELEPHONY, "Fax Call Report", "fax,report", fax_report_init, 0, NULL
};

void
fax_register_reports(void)
{
    register_stat_tap_ui(&fax_stat_ui, NULL);
    register_stat_tap_ui(&fax_report_ui, NULL);
    fax_json_register_reports();   /* ui/fax-json.c: -z fax,json / fax,csv */
    fax_register_table();          /* ui/fax-table.c: Telephony > Fax Calls, -z fax,calls */
}
