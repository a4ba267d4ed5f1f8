/* sip.h: the few SIP facts faxcalls needs (RFC 3261), read from the raw
 * message bytes that Wireshark already identified as SIP.  No Wireshark
 * include; bounds-checked; strings copied into fixed buffers (truncated,
 * always NUL-terminated).  Compact header forms (i, f, t, c, l, m) accepted.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIP_H
#define SIP_H

#include <glib.h>
#include "wire-status.h"

G_BEGIN_DECLS

typedef struct {
    gboolean is_request;
    char     method[16];        /* request: INVITE/ACK/BYE/CANCEL/...; "" for responses */
    guint    status;            /* response: 100..699; 0 for requests */
    char     reason[64];        /* response reason phrase */
    char     request_uri[128];
    char     call_id[128];
    char     from[128];         /* From URI, e.g. "sip:1001@10.0.0.1" (no display name, no params) */
    char     from_tag[64];
    char     to[128];
    char     to_tag[64];
    guint32  cseq;
    char     cseq_method[16];
    char     user_agent[64];    /* User-Agent or Server */
    char     content_type[64];  /* lower-cased media type without parameters */
    const guint8 *body;         /* points into the input; NULL if none */
    guint    body_len;          /* Content-Length if present, else rest of buffer (bounded) */
    gboolean truncated;         /* message shorter than its Content-Length */
    char     boundary[72];      /* multipart boundary (RFC 2046 5.1.1: <= 70 chars); "" if none */
    guint    head_len;          /* start line and headers with the empty line after them */
    gboolean have_length;       /* a Content-Length header */
    guint    content_length;
} sip_msg;

wire_status sip_msg_parse(const guint8 *buf, guint len, sip_msg *out);

/* The message at the start of buf[0..len) of a byte stream (TCP, TLS):
 * RFC 3261 18.3, its end is given by Content-Length (none: no body).
 * WIRE_OK: *msg_len octets hold the whole message, out describes it;
 * WIRE_TRUNCATED: the message continues past len (or its start line is
 * cut); WIRE_BAD_ENCODING: buf does not start with a SIP start line. */
wire_status sip_msg_parse_stream(const guint8 *buf, guint len, sip_msg *out, guint *msg_len);

/* The SDP body of a message: application/sdp directly, or the first
 * application/sdp part of a multipart body.  Returns FALSE if none. */
gboolean sip_msg_sdp_body(const sip_msg *m, const guint8 **sdp, guint *sdp_len);

G_END_DECLS

#endif /* SIP_H */
