/* tap-fax-pages.c: tshark -z fax,pages,DIR[,filter], and the fax.pages_dir
 * preference (GUI and tshark): write each page of each fax call as
 * DIR/call<N>-page<M>.tif and .png (fax-page-files.c) and print one line
 * per page.
 *
 * Page data is kept by the model only when asked for before the capture is
 * read (fax_tap_keep_pages(), at capture open or when -z fax,pages starts);
 * otherwise nothing is kept and nothing is spent.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <stdio.h>
#include <string.h>

#include "fax-tap.h"
#include "fax-page-files.h"
#include "ws-compat.h"

void register_tap_listener_fax_pages(void);

typedef struct {
    char     *dir;
    gboolean  from_pref;   /* the preference's listener: quiet, rewrites */
} page_export;

static gboolean cli_requested;          /* a -z fax,pages was given */
static page_export *pref_export;        /* the fax.pages_dir listener */

static gboolean
pages_wanted(void)
{
    const char *dir = fax_tap_pref_pages_dir();
    return cli_requested || (dir && dir[0]);
}

static gboolean
pages_draw(const fax_tap_calls *seen, void *user_data)
{
    const page_export *pe = user_data;
    const char *dir = pe->from_pref ? fax_tap_pref_pages_dir() : pe->dir;

    /* the GUI calls this every few seconds while reading: write only when
     * frames arrived since the last time */
    if (!seen->registry || !dir || !dir[0] || (pe->from_pref && !seen->changed))
        return FALSE;
    GString *out = g_string_new(NULL);
    guint n = fax_page_files_write(dir, seen->calls, seen->n_calls, out);
    if (!pe->from_pref) {
        g_string_append_printf(out, "Pages written: %u\n", n);
        fputs(out->str, stdout);
    }
    g_string_free(out, TRUE);
    return TRUE;
}

static void
pages_free(void *p)
{
    page_export *pe = p;
    if (pe == pref_export)
        pref_export = NULL;
    g_free(pe->dir);
    g_free(pe);
}

/* -z fax,pages,DIR[,FILTER] */
static FAX_STAT_INIT_RET
fax_pages_init(const char *opt_arg, void *userdata _U_)
{
    const char *prefix = "fax,pages,";
    gsize pl = strlen(prefix);

    if (strncmp(opt_arg, prefix, pl) != 0 || opt_arg[pl] == '\0' || opt_arg[pl] == ',') {
        fprintf(stderr, "faxcalls: usage: -z fax,pages,DIR[,FILTER]\n");
        FAX_STAT_INIT_RETURN(FALSE);
    }
    page_export *pe = g_new0(page_export, 1);
    const char *dir = opt_arg + pl;
    const char *comma = strchr(dir, ',');
    pe->dir = comma ? g_strndup(dir, (gsize)(comma - dir)) : g_strdup(dir);
    char *filter = comma && comma[1] ? g_strdup(comma + 1) : NULL;
    cli_requested = TRUE;
    fax_tap_keep_pages(pages_wanted());
    gboolean ok = fax_tap_listen_calls("fax,pages", filter, pages_draw, pages_free, pe);
    g_free(filter);
    FAX_STAT_INIT_RETURN(ok);
}

/* A capture opens: with fax.pages_dir set, listen (once); keep page data
 * when some listener will write it. */
static void
pages_capture_open(void)
{
    const char *dir = fax_tap_pref_pages_dir();
    if (dir && dir[0] && !pref_export) {
        pref_export = g_new0(page_export, 1);
        pref_export->from_pref = TRUE;
        /* on failure pages_free() has cleared pref_export */
        fax_tap_listen_calls("fax,pages", NULL, pages_draw, pages_free, pref_export);
    }
    fax_tap_keep_pages(pages_wanted());
}

static stat_tap_ui fax_pages_ui = {
    FAX_STAT_GROUP_TELEPHONY, "Fax Pages", "fax,pages", fax_pages_init, 0, NULL
};

void
register_tap_listener_fax_pages(void)
{
    register_stat_tap_ui(&fax_pages_ui, NULL);
    fax_tap_on_capture_open(pages_capture_open);
}
