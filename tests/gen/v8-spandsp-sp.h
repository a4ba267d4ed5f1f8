/* v8-spandsp-sp.h: spandsp's V.8 terminals behind a plain interface
 * (spandsp names a function v8_rx; faxcalls' headers define FAX_MODEM_NONE
 * as spandsp does).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef V8_SPANDSP_SP_H
#define V8_SPANDSP_SP_H

#include <glib.h>

/* A calling and an answering spandsp V.8 terminal facing each other for n
 * samples: the calling one's line signal (CM ...) in caller[n], the
 * answering one's (ANSam, JM ...) in answerer[n].  call_function and
 * modulations in spandsp's V8_CALL_* / V8_MOD_* values; *cm_seen and
 * *jm_seen: each terminal accepted the other's message. */
void sp_v8_call(int call_function, unsigned modulations, gint16 *caller, gint16 *answerer,
                guint n, gboolean *caller_heard_jm, gboolean *answerer_heard_cm);

#endif
