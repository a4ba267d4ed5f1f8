/* fax-tap.h: what the fax dissector offers the reports (ui/), and all it
 * offers them.  The reports depend on this header; the dissector never
 * names a report: Wireshark runs the reports' registrations through its tap
 * plugin entry (plugin_register(), generated from plugin/plugin.c.in).
 *
 *   the "fax" tap      one tap_queue_packet() per frame of a fax call, data
 *                      GUINT_TO_POINTER(call id); fax_tap_listen_calls()
 *                      is the usual way to listen to it
 *   the open capture   its registry of calls and its start time
 *   page data          kept by the model only when a report asks for it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_TAP_H
#define FAX_TAP_H

#include <glib.h>
#include "fax-registry.h"

/* Name of the tap, for register_tap_listener(). */
#define FAX_TAP_NAME "fax"

/* The open capture's fax calls with their verdicts brought up to date (a
 * pass over the calls when frames were added since the last call); NULL
 * when no capture is open. */
fax_registry *fax_tap_registry(void);

/* Absolute time of the capture's first frame, seconds (0 before it). */
double fax_tap_capture_start(void);

/* The fax.pages_dir preference: the folder to write pages to, "" if unset. */
const char *fax_tap_pref_pages_dir(void);

/* Keep (or not) page data for the open capture from now on.  Without it
 * the model keeps no page data; it must be asked before frames are read. */
void fax_tap_keep_pages(gboolean keep);

/* Call hook each time a capture is opened, once its registry exists and
 * before any frame is read (there hook may call fax_tap_keep_pages() and
 * register tap listeners).  Register at tap registration time. */
void fax_tap_on_capture_open(void (*hook)(void));

/* What fax_tap_listen_calls() hands its draw callback. */
typedef struct {
    fax_registry    *registry;  /* fax_tap_registry(); NULL: no capture open */
    fax_call *const *calls;     /* calls with a frame that passed the filter, */
    guint            n_calls;   /* in call id order (order of first frame) */
    double           t0;        /* fax_tap_capture_start() */
    gboolean         changed;   /* frames were tapped since the last draw
                                   that returned TRUE */
} fax_tap_calls;

/* Render the calls; return FALSE to leave "changed" set for the next draw. */
typedef gboolean (*fax_tap_draw_fn)(const fax_tap_calls *seen, void *user_data);

/* Listen to the "fax" tap: collect the ids of the calls having a frame that
 * passes filter (NULL or "": every frame) and, at each tap draw (tshark:
 * once, after the file; Wireshark: every few seconds while reading, and at
 * the end), call draw with those calls.  user_free (may be NULL) frees
 * user_data when the listener is removed.  On error (e.g. a bad filter)
 * prints "faxcalls: could not register the <report> tap: ..." on stderr,
 * frees user_data as well and returns FALSE. */
gboolean fax_tap_listen_calls(const char *report, const char *filter, fax_tap_draw_fn draw,
                              GDestroyNotify user_free, void *user_data);

#endif /* FAX_TAP_H */
