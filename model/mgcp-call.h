/* mgcp-call.h: a call set up by MGCP (RFC 3435) as the capture shows it:
 * the gateway's endpoint and its connection, the call agent's commands
 * (CRCX, MDCX, DLCX) and the events the gateway notified (NTFY).
 *
 * Plain C + GLib; no Wireshark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MGCP_CALL_H
#define MGCP_CALL_H

#include <glib.h>
#include "fax-endpoint.h"

G_BEGIN_DECLS

#define FAX_MGCP_MAX_EVENTS 12    /* NTFY observed events kept per call */

typedef struct {
    guint32 frame;
    char    text[96];             /* the O: line as sent */
} fax_mgcp_event;

typedef struct fax_mgcp {
    char         call_id[48];     /* C: */
    char         endpoint[96];    /* the gateway's endpoint (side A) */
    char         connection_id[40];
    fax_endpoint gateway, agent;  /* MGCP signalling ends */
    guint32      crcx_frame, crcx_ok_frame, dlcx_frame, dlcx_ok_frame;
    guint32      mdcx_frames[4];  /* the first MDCX commands */
    guint        n_mdcx;
    char         conn_params[96]; /* P: of the DLCX response (RFC 3435 3.2.2.20) */
    fax_mgcp_event events[FAX_MGCP_MAX_EVENTS];
    guint        n_events;
} fax_mgcp;

G_END_DECLS

#endif /* MGCP_CALL_H */
