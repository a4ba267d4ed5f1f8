/* fax-tap.c: the reports' side of the "fax" tap (fax-tap.h): capture-open
 * hooks, and the one tap listener every call report is made of.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/tap.h>
#include <stdio.h>

#include "fax-tap.h"
#include "fax-idset.h"
#include "packet-fax.h"

/* ---- capture-open hooks ------------------------------------------------- */

static GPtrArray *open_hooks;   /* void (*)(void), in registration order */

void
fax_tap_on_capture_open(void (*hook)(void))
{
    if (!open_hooks)
        open_hooks = g_ptr_array_new();
    g_ptr_array_add(open_hooks, (gpointer)hook);
}

void
fax_tap_capture_opened(void)
{
    for (guint i = 0; open_hooks && i < open_hooks->len; i++)
        ((void (*)(void))g_ptr_array_index(open_hooks, i))();
}

/* ---- a listener over the calls the tap delivers ------------------------- */

typedef struct {
    char           *report;     /* for messages: "fax,stat" ... */
    fax_idset       calls;      /* call ids seen in tapped frames */
    gboolean        changed;    /* frames tapped since the last draw */
    fax_tap_draw_fn draw;
    GDestroyNotify  user_free;
    void           *user_data;
} calls_listener;

static void
calls_reset(void *p)
{
    calls_listener *l = p;
    fax_idset_clear(&l->calls);
    l->changed = FALSE;
}

static tap_packet_status
calls_packet(void *p, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *data,
             tap_flags_t flags _U_)
{
    calls_listener *l = p;
    fax_idset_add(&l->calls, GPOINTER_TO_UINT(data));
    l->changed = TRUE;
    return TAP_PACKET_REDRAW;
}

static void
calls_draw(void *p)
{
    calls_listener *l = p;
    fax_registry *r = fax_tap_registry();
    GArray *ids = fax_idset_ids(&l->calls);
    GPtrArray *calls = g_ptr_array_new();
    for (guint i = 0; r && i < ids->len; i++) {
        fax_call *c = fax_registry_call(r, g_array_index(ids, guint, i));
        if (c)
            g_ptr_array_add(calls, c);
    }
    fax_tap_calls seen = { r, (fax_call *const *)calls->pdata, calls->len,
                           fax_tap_capture_start(), l->changed };
    if (l->draw(&seen, l->user_data))
        l->changed = FALSE;
    g_ptr_array_free(calls, TRUE);
    g_array_free(ids, TRUE);
}

static void
calls_finish(void *p)
{
    calls_listener *l = p;
    if (l->user_free)
        l->user_free(l->user_data);
    fax_idset_free(&l->calls);
    g_free(l->report);
    g_free(l);
}

gboolean
fax_tap_listen_calls(const char *report, const char *filter, fax_tap_draw_fn draw,
                     GDestroyNotify user_free, void *user_data)
{
    calls_listener *l = g_new0(calls_listener, 1);
    l->report = g_strdup(report);
    l->draw = draw;
    l->user_free = user_free;
    l->user_data = user_data;
    fax_idset_init(&l->calls);
    GString *err = register_tap_listener(FAX_TAP_NAME, l, filter, TL_REQUIRES_NOTHING, calls_reset,
                                         calls_packet, calls_draw, calls_finish);
    if (err) {
        fprintf(stderr, "faxcalls: could not register the %s tap: %s\n", report, err->str);
        g_string_free(err, TRUE);
        calls_finish(l);
        return FALSE;
    }
    return TRUE;
}
