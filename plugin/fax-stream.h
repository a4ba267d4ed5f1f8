/* fax-stream.h: the messages of a byte-stream protocol (SIP over TCP or
 * TLS, H.225.0 in TPKT) that Wireshark's dissector read in a frame.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_STREAM_H
#define FAX_STREAM_H

#include <epan/packet.h>
#include "wire-status.h"

/* How a protocol's messages are delimited on the stream. */
typedef struct {
    /* the message at buf[0..len): WIRE_OK with its length, WIRE_TRUNCATED
     * (continues past len), WIRE_BAD_ENCODING (no message starts here) */
    wire_status (*frame)(const guint8 *buf, guint len, guint *msg_len);
    /* the next offset after pos where a message could start, or len */
    guint (*next_start)(const guint8 *buf, guint len, guint pos);
    gboolean skip_crlf;     /* CRLF keep-alives between messages (SIP) */
} fax_stream_proto;

extern const fax_stream_proto fax_stream_sip;    /* RFC 3261 18.3 */
extern const fax_stream_proto fax_stream_tpkt;   /* RFC 1006 6 */

typedef void (*fax_stream_cb)(const guint8 *msg, guint len, void *user);

/* Calls cb for every whole message that ends in this frame, in stream
 * order; returns how many.  Read from what Wireshark reassembled and
 * decrypted (the frame's data sources): a message cut across segments or
 * TLS records is given once, in the frame that completes it. */
guint fax_stream_messages(tvbuff_t *frame_tvb, packet_info *pinfo, const fax_stream_proto *proto,
                          fax_stream_cb cb, void *user);

#endif
