/* mgcp.h: the MGCP facts faxcalls reads (RFC 3435): command or response
 * line, the parameters that name a call (CallId, ConnectionId), the
 * observed events of a NTFY, and the session description (SDP) after the
 * empty line.  No Wireshark include; bounds-checked; strings copied,
 * truncated, NUL-terminated.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MGCP_H
#define MGCP_H

#include <glib.h>
#include "wire-status.h"

G_BEGIN_DECLS

typedef struct {
    gboolean is_command;
    char     verb[8];           /* command: CRCX, MDCX, DLCX, NTFY, RQNT, AUEP ... */
    guint    code;              /* response: 000..999 (RFC 3435 2.4) */
    char     comment[48];       /* response: the text after the code and transaction */
    guint32  transaction;       /* RFC 3435 3.2.1: 1..999999999 */
    char     endpoint[96];      /* command: EndpointName (local@domain) */
    char     call_id[48];       /* C: */
    char     connection_id[40]; /* I: */
    char     mode[16];          /* M: */
    char     observed[96];      /* O: (NTFY) */
    char     conn_params[96];   /* P: (DLCX response: PS, OS, PR, OR, PL, JI, LA) */
    const guint8 *sdp;          /* the session description, or NULL */
    guint    sdp_len;
} mgcp_msg;

/* One MGCP message at the start of buf[0..len).  A datagram may carry
 * several (RFC 3435 3.5.5 piggy-backing, separated by a line with "."):
 * *used is where the next one starts (len when none follows). */
wire_status mgcp_msg_parse(const guint8 *buf, guint len, mgcp_msg *out, guint *used);

G_END_DECLS

#endif /* MGCP_H */
