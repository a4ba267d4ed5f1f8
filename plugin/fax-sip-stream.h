/* fax-sip-stream.h: the SIP messages Wireshark's SIP dissector read in a
 * frame of a byte stream: SIP over TCP, or over TLS it decrypted.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_SIP_STREAM_H
#define FAX_SIP_STREAM_H

#include <epan/packet.h>

typedef void (*fax_sip_stream_cb)(const guint8 *msg, guint len, void *user);

/* Calls cb for every whole SIP message that ends in this frame, in stream
 * order; returns how many.  Read from what Wireshark reassembled and
 * decrypted (the frame's data sources): a message cut across segments or
 * TLS records is given once, in the frame that completes it. */
guint fax_sip_stream_messages(tvbuff_t *frame_tvb, packet_info *pinfo, fax_sip_stream_cb cb, void *user);

#endif
