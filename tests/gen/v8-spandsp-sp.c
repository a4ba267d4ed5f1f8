/* v8-spandsp-sp.c: two spandsp 0.0.6 V.8 terminals (see v8-spandsp-sp.h).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include <spandsp.h>

#include "v8-spandsp-sp.h"

static void
on_result(void *user, v8_parms_t *r)
{
    gboolean *heard = user;
    if (r->status == V8_STATUS_V8_CALL)
        *heard = TRUE;
}

void
sp_v8_call(int call_function, unsigned modulations, gint16 *caller, gint16 *answerer,
           guint n, gboolean *caller_heard_jm, gboolean *answerer_heard_cm)
{
    v8_parms_t pc, pa;
    memset(&pc, 0, sizeof pc);
    pc.modem_connect_tone = MODEM_CONNECT_TONES_NONE;
    pc.call_function = call_function;
    pc.modulations = modulations;
    pa = pc;
    pa.modem_connect_tone = MODEM_CONNECT_TONES_ANSAM_PR;
    *caller_heard_jm = *answerer_heard_cm = FALSE;
    v8_state_t *c = v8_init(NULL, TRUE, &pc, on_result, caller_heard_jm);
    v8_state_t *a = v8_init(NULL, FALSE, &pa, on_result, answerer_heard_cm);
    memset(caller, 0, n * sizeof *caller);
    memset(answerer, 0, n * sizeof *answerer);
    for (guint i = 0; i + 160 <= n; i += 160) {
        v8_tx(c, caller + i, 160);
        v8_tx(a, answerer + i, 160);
        v8_rx(c, answerer + i, 160);
        v8_rx(a, caller + i, 160);
    }
    v8_free(c);
    v8_free(a);
}
