/* tap-fax-calls.c: Telephony > Fax Calls in Wireshark, and tshark -z fax,calls.
 *
 * One stat_tap_table registration gives both: Wireshark's Qt
 * SimpleStatisticsDialog (display filter box, sortable columns, Copy, Save
 * as) and a -z entry.  One row per fax call with the columns and values of
 * -z fax,stat, then the call's diagnosis and the display filter that shows
 * its packets.  Rows are filled from the model (fax_tap_registry()) for the
 * calls the "fax" tap delivers.
 *
 * Staleness: a reset (retap, new display filter, another file) drops every
 * row; rows own copies of their strings, never pointers into the registry,
 * which is freed with the file.  Qt's tree items keep pointers to the rows,
 * and several Fax Calls dialogs share this one table, so rows dropped while
 * a dialog may still show them are parked and freed only when no dialog can.
 *
 * Verdicts are final once the whole capture was read.  Wireshark's dialog
 * retaps a file already read, so its rows are final when added.  tshark's
 * single pass taps each frame as it reads it: a second listener, registered
 * after the table's own so that it is drawn before it, refreshes every row
 * from the finished registry just before the table is printed (in Wireshark
 * it refreshes the same values).  It goes when the file closes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/stat_tap_ui.h>
#include <string.h>

#include "fax-tap.h"
#include "ws-compat.h"

void register_tap_listener_fax_calls(void);

#define FAX_TABLE_NAME "Fax Calls"

enum {
    COL_CALL, COL_START, COL_DURATION, COL_T38, COL_VERSION, COL_RATE,
    COL_TRAININGS, COL_FTT, COL_PAGES, COL_CONFIRMED, COL_ECM, COL_RESULT,
    COL_REASON, COL_CALLER, COL_CALLEE, COL_CALL_ID, COL_DIAGNOSIS, COL_FILTER,
    FAX_TABLE_COLS
};

static stat_tap_table_item fax_table_fields[FAX_TABLE_COLS] = {
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Call",            "%u" },
    { TABLE_ITEM_FLOAT,  TAP_ALIGN_RIGHT, "Start (s)",       "%.3f" },
    { TABLE_ITEM_FLOAT,  TAP_ALIGN_RIGHT, "Duration (s)",    "%.3f" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "T.38",            "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "T.38 version",    "%s" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Rate (bit/s)",    "%u" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Trainings",       "%u" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "FTT",             "%u" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Pages sent",      "%u" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Pages confirmed", "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "ECM",             "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Result",          "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Reason",          "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Caller",          "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Callee",          "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Call-ID",         "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Diagnosis",       "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Display filter",  "%s" },
};

static stat_tap_table_ui fax_table_ui;

static GHashTable *row_of_call;   /* call id -> row index + 1, this retap */
static GPtrArray  *parked_rows;   /* dropped rows a dialog may still point to */
static gboolean    refresh_listening;
static fax_registry *file_registry; /* fax_tap_registry() of this file, or NULL */

/* fax_tap_registry() brings every verdict up to date, which costs a pass
 * over all calls whenever a frame was added since: once per file here. */
static fax_registry *
registry(void)
{
    if (!file_registry)
        file_registry = fax_tap_registry();
    return file_registry;
}

/* ---- rows --------------------------------------------------------------- */

static void
free_row_strings(stat_tap_table_item_type *row)
{
    for (guint i = 0; i < FAX_TABLE_COLS; i++) {
        if (fax_table_fields[i].type == TABLE_ITEM_STRING) {
            g_free((char *)row[i].value.string_value);
            row[i].value.string_value = NULL;
        }
    }
}

static void
free_row(gpointer p)
{
    free_row_strings(p);
    g_free(p);
}

static void
free_parked_rows(void)
{
    if (parked_rows)
        g_ptr_array_set_size(parked_rows, 0);
}

static const char *
or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* Seconds, rounded as -z fax,stat prints them ("%.3f"), whatever the locale. */
static double
millis(double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_ascii_strtod(g_ascii_formatd(buf, sizeof buf, "%.3f", v), NULL);
}

static void
set_uint(stat_tap_table_item_type *f, guint v)
{
    f->type = TABLE_ITEM_UINT;
    f->value.uint_value = v;
}

static void
set_float(stat_tap_table_item_type *f, double v)
{
    f->type = TABLE_ITEM_FLOAT;
    f->value.float_value = v;
}

static void
set_string(stat_tap_table_item_type *f, char *owned)
{
    f->type = TABLE_ITEM_STRING;
    g_free((char *)f->value.string_value);
    f->value.string_value = owned;
}

/* The labels of -z fax,stat (ui/fax-text.c), from the same call. */
static const char *
t38_label(const fax_call *c)
{
    return c->origin == FAX_ORIGIN_UDPTL ? "no-sig" : fax_t38_state_name(c->t38);
}

static char *
t38_version(const fax_call *c)
{
    const sdp_media *m = c->has_answer_sdp ? &c->answer_image
                       : c->has_offer_sdp ? &c->offer_image : NULL;
    if (!m || m->t38_version < 0 || m->t38_version > 9)
        return g_strdup("-");
    return g_strdup_printf("%d", m->t38_version);
}

static void
fill_row(stat_tap_table_item_type *row, const fax_call *c, double t0)
{
    const t30_summary *s = t30_session_summary(c->session);

    set_uint(&row[COL_CALL], c->id);
    set_float(&row[COL_START], millis(c->t_first - t0));
    set_float(&row[COL_DURATION], millis(c->t_last - c->t_first));
    set_string(&row[COL_T38], g_strdup(t38_label(c)));
    set_string(&row[COL_VERSION], t38_version(c));
    set_uint(&row[COL_RATE], s->final_rate);
    set_uint(&row[COL_TRAININGS], s->n_trainings);
    set_uint(&row[COL_FTT], s->ftt_count);
    set_uint(&row[COL_PAGES], s->n_pages);
    set_uint(&row[COL_CONFIRMED], s->pages_confirmed);
    set_string(&row[COL_ECM], g_strdup(s->has_dcs ? (s->dcs.ecm ? "yes" : "no") : "-"));
    set_string(&row[COL_RESULT], g_strdup(fax_result_name(c->result)));
    set_string(&row[COL_REASON], g_strdup(or_dash(c->reason)));
    if (c->origin == FAX_ORIGIN_MGCP) {
        set_string(&row[COL_CALLER], g_strdup(or_dash(c->party[FAX_SIDE_A])));
        set_string(&row[COL_CALLEE], g_strdup("-"));
        set_string(&row[COL_CALL_ID], g_strdup(or_dash(c->call_id)));
    } else if (c->origin == FAX_ORIGIN_SIP || c->origin == FAX_ORIGIN_H323) {
        if (c->mid_call) {
            /* who called is not in the capture: the parties, marked */
            set_string(&row[COL_CALLER], g_strdup_printf("? %s", or_dash(c->party[FAX_SIDE_A])));
            set_string(&row[COL_CALLEE], g_strdup_printf("? %s", or_dash(c->party[FAX_SIDE_B])));
        } else {
            set_string(&row[COL_CALLER], g_strdup(or_dash(c->caller)));
            set_string(&row[COL_CALLEE], g_strdup(or_dash(c->callee)));
        }
        set_string(&row[COL_CALL_ID], g_strdup(or_dash(c->call_id)));
    } else {
        char a[64], b[64];
        fax_endpoint_format(&c->seen_src[FAX_SIDE_A], a, sizeof a);
        fax_endpoint_format(&c->seen_src[FAX_SIDE_B], b, sizeof b);
        set_string(&row[COL_CALLER], g_strdup(a));
        set_string(&row[COL_CALLEE], g_strdup(b));
        set_string(&row[COL_CALL_ID], g_strdup("-"));
    }
    set_string(&row[COL_DIAGNOSIS], g_strdup(or_dash(c->result_text)));
    set_string(&row[COL_FILTER], g_strdup_printf("fax.call == %u", c->id));
}

/* ---- tshark's single pass: refresh the rows before they are printed ---- */

static void
refresh_draw(void *p _U_)
{
    stat_tap_table *t = stat_tap_find_table(&fax_table_ui, FAX_TABLE_NAME);
    fax_registry *r = file_registry = fax_tap_registry();
    if (!t || !r)
        return;
    for (guint i = 0; i < t->num_elements; i++) {
        stat_tap_table_item_type *row = t->elements[i];
        const fax_call *c = fax_registry_call(r, row[COL_CALL].value.uint_value);
        if (c)
            fill_row(row, c, fax_tap_capture_start());
    }
}

static void
refresh_finish(void *p _U_)
{
    refresh_listening = FALSE;
}

static void
listen_for_refresh(void)
{
    if (refresh_listening)
        return;
    /* Registered now, after the table's listener: listeners are drawn
     * newest first, so this one runs before the table is printed. */
    GString *err = register_tap_listener(FAX_TAP_NAME, &refresh_listening, NULL, TL_REQUIRES_NOTHING,
                                         NULL, NULL, refresh_draw, refresh_finish);
    if (err) {
        ws_warning("faxcalls: Fax Calls rows will not be refreshed: %s", err->str);
        g_string_free(err, TRUE);
        return;
    }
    refresh_listening = TRUE;
}

/* ---- stat_tap_table_ui callbacks ---------------------------------------- */

/* Drop every row.  from_retap: Wireshark's dialog clears its tree right
 * after this (SimpleStatisticsDialog::tapReset), so when it is the only
 * Fax Calls dialog no tree item can point to a row any more. */
static void
drop_rows(stat_tap_table *t, gboolean from_retap)
{
    gboolean only_viewer = from_retap && fax_table_ui.refcount <= 1;
    if (only_viewer)
        free_parked_rows();
    for (guint i = 0; i < t->num_elements; i++) {
        if (only_viewer)
            free_row(t->elements[i]);
        else
            g_ptr_array_add(parked_rows, t->elements[i]);
    }
    g_free(t->elements);
    t->elements = NULL;
    t->num_elements = 0;
    g_hash_table_remove_all(row_of_call);
}

static void
fax_table_reset(stat_tap_table *t)
{
    drop_rows(t, TRUE);
}

static void
fax_table_init(stat_tap_table_ui *ui)
{
    stat_tap_table *t = stat_tap_find_table(ui, FAX_TABLE_NAME);
    if (t) {
        /* Wireshark re-initialises before each retap while the dialog still
         * shows the old rows: park them. */
        drop_rows(t, FALSE);
        return;
    }
    /* A new table: the last one was freed with the last dialog showing it. */
    free_parked_rows();
    g_hash_table_remove_all(row_of_call);
    t = stat_tap_init_table(FAX_TABLE_NAME, FAX_TABLE_COLS, 0, NULL);
    stat_tap_add_table(ui, t);
}

static tap_packet_status
fax_table_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                 const void *data, tap_flags_t flags _U_)
{
    stat_data_t *sd = tapdata;
    guint id = GPOINTER_TO_UINT(data);
    stat_tap_table *t = stat_tap_find_table(sd->stat_tap_data, FAX_TABLE_NAME);
    if (!t || id == 0 || g_hash_table_contains(row_of_call, GUINT_TO_POINTER(id)))
        return TAP_PACKET_DONT_REDRAW;

    fax_registry *r = registry();
    const fax_call *c = r ? fax_registry_call(r, id) : NULL;
    if (!c)
        return TAP_PACKET_DONT_REDRAW;
    stat_tap_table_item_type row[FAX_TABLE_COLS];
    memset(row, 0, sizeof row);
    fill_row(row, c, fax_tap_capture_start());
    listen_for_refresh();
    guint index = t->num_elements;
    stat_tap_init_table_row(t, index, FAX_TABLE_COLS, row);
    g_hash_table_insert(row_of_call, GUINT_TO_POINTER(id), GUINT_TO_POINTER(index + 1));
    return TAP_PACKET_REDRAW;
}

static void
fax_table_free_item(stat_tap_table *t _U_, guint row _U_, guint column,
                    stat_tap_table_item_type *field)
{
    if (column < FAX_TABLE_COLS && fax_table_fields[column].type == TABLE_ITEM_STRING) {
        g_free((char *)field->value.string_value);
        field->value.string_value = NULL;
    }
    /* the table goes with the last dialog showing it: so can parked rows */
    free_parked_rows();
}

static stat_tap_table_ui fax_table_ui = {
    FAX_STAT_GROUP_TELEPHONY,
    FAX_TABLE_NAME,
    FAX_TAP_NAME,
    "fax,calls",
    fax_table_init,
    fax_table_packet,
    fax_table_reset,
    fax_table_free_item,
    NULL,
    G_N_ELEMENTS(fax_table_fields), fax_table_fields,
    0, NULL,
    NULL,
    0
};

/* Init and cleanup routines: a file opens or closes. */
static void
fax_table_file_init(void)
{
    file_registry = NULL;
}

static void
fax_table_file_cleanup(void)
{
    file_registry = NULL;
    if (refresh_listening)
        remove_tap_listener(&refresh_listening);   /* its finish clears the flag */
    refresh_listening = FALSE;
}

void
register_tap_listener_fax_calls(void)
{
    register_init_routine(fax_table_file_init);
    register_cleanup_routine(fax_table_file_cleanup);
    row_of_call = g_hash_table_new(g_direct_hash, g_direct_equal);
    parked_rows = g_ptr_array_new_with_free_func(free_row);
    register_stat_tap_table_ui(&fax_table_ui);
}
