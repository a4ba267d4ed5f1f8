/* fax-pages.c: tshark -z fax,pages,DIR[,filter], and the fax.pages_dir
 * preference (GUI and tshark): write each page of each fax call as
 * DIR/call<N>-page<M>.tif and .png (fax-page-files.c) and print one line
 * per page.
 *
 * Page data is kept by the model only when asked for before the capture is
 * read (fax_pages_wanted(), read by the registry's init); otherwise nothing
 * is kept and nothing is spent.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/stat_tap_ui.h>
#include <stdio.h>
#include <string.h>

#include "packet-fax.h"
#include "fax-page-files.h"
#include "ws-compat.h"

typedef struct {
    char       *dir;
    char       *filter;
    gboolean    from_pref;   /* the preference's listener: quiet, rewrites */
    GHashTable *calls;       /* call ids seen in tapped frames */
    gboolean    dirty;       /* frames tapped since the last write */
} fax_pages_t;

static gboolean pages_cli_requested;    /* a -z fax,pages was given */
static fax_pages_t *pref_listener;      /* the fax.pages_dir listener */

gboolean
fax_pages_wanted(void)
{
    const char *dir = fax_pref_pages_dir();
    return pages_cli_requested || (dir && dir[0]);
}

static void
fax_pages_reset(void *p)
{
    fax_pages_t *st = p;
    g_hash_table_remove_all(st->calls);
    st->dirty = FALSE;
}

static tap_packet_status
fax_pages_packet(void *p, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                 const void *data, tap_flags_t flags _U_)
{
    fax_pages_t *st = p;
    g_hash_table_add(st->calls, (gpointer)data);
    st->dirty = TRUE;
    return TAP_PACKET_REDRAW;
}

static gint
cmp_id(gconstpointer a, gconstpointer b)
{
    guint x = GPOINTER_TO_UINT(*(gconstpointer const *)a);
    guint y = GPOINTER_TO_UINT(*(gconstpointer const *)b);
    return x < y ? -1 : x > y;
}

static void
fax_pages_draw(void *p)
{
    fax_pages_t *st = p;
    fax_registry *r = fax_get_registry();
    const char *dir = st->from_pref ? fax_pref_pages_dir() : st->dir;

    /* the GUI calls this every few seconds while reading: write only when
     * frames arrived since the last time */
    if (!r || !dir || !dir[0] || (st->from_pref && !st->dirty))
        return;
    st->dirty = FALSE;

    GPtrArray *ids = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, st->calls);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(ids, k);
    g_ptr_array_sort(ids, cmp_id);
    GPtrArray *calls = g_ptr_array_new();
    for (guint i = 0; i < ids->len; i++) {
        fax_call *c = fax_registry_call(r, GPOINTER_TO_UINT(g_ptr_array_index(ids, i)));
        if (c)
            g_ptr_array_add(calls, c);
    }
    GString *out = g_string_new(NULL);
    guint n = fax_page_files_write(dir, (fax_call *const *)calls->pdata, calls->len, out);
    if (!st->from_pref) {
        g_string_append_printf(out, "Pages written: %u\n", n);
        fputs(out->str, stdout);
    }
    g_string_free(out, TRUE);
    g_ptr_array_free(calls, TRUE);
    g_ptr_array_free(ids, TRUE);
}

static void
fax_pages_finish(void *p)
{
    fax_pages_t *st = p;
    if (st == pref_listener)
        pref_listener = NULL;
    g_hash_table_destroy(st->calls);
    g_free(st->dir);
    g_free(st->filter);
    g_free(st);
}

static gboolean
fax_pages_start(fax_pages_t *st)
{
    st->calls = g_hash_table_new(g_direct_hash, g_direct_equal);
    GString *err = register_tap_listener("fax", st, st->filter, TL_REQUIRES_NOTHING,
                                         fax_pages_reset, fax_pages_packet, fax_pages_draw,
                                         fax_pages_finish);
    if (err) {
        fprintf(stderr, "faxcalls: could not register the fax,pages tap: %s\n", err->str);
        g_string_free(err, TRUE);
        fax_pages_finish(st);
        return FALSE;
    }
    return TRUE;
}

/* -z fax,pages,DIR[,FILTER] */
static FAX_STAT_INIT_RET
fax_pages_init(const char *opt_arg, void *userdata _U_)
{
    const char *prefix = "fax,pages,";
    gsize pl = strlen(prefix);
    fax_pages_t *st;

    if (strncmp(opt_arg, prefix, pl) != 0 || opt_arg[pl] == '\0' || opt_arg[pl] == ',') {
        fprintf(stderr, "faxcalls: usage: -z fax,pages,DIR[,FILTER]\n");
        FAX_STAT_INIT_RETURN(FALSE);
    }
    st = g_new0(fax_pages_t, 1);
    const char *dir = opt_arg + pl;
    const char *comma = strchr(dir, ',');
    st->dir = comma ? g_strndup(dir, (gsize)(comma - dir)) : g_strdup(dir);
    if (comma && comma[1])
        st->filter = g_strdup(comma + 1);
    pages_cli_requested = TRUE;
    fax_pages_apply();
    FAX_STAT_INIT_RETURN(fax_pages_start(st));
}

/* Called when a capture is opened: with fax.pages_dir set, listen (once). */
void
fax_pages_pref_changed(void)
{
    const char *dir = fax_pref_pages_dir();
    if (!dir || !dir[0] || pref_listener)
        return;
    pref_listener = g_new0(fax_pages_t, 1);
    pref_listener->from_pref = TRUE;
    if (!fax_pages_start(pref_listener))
        pref_listener = NULL;
}

static stat_tap_ui fax_pages_ui = {
    FAX_STAT_GROUP_TELEPHONY, "Fax Pages", "fax,pages", fax_pages_init, 0, NULL
};

void
fax_register_pages(void)
{
    register_stat_tap_ui(&fax_pages_ui, NULL);
}
