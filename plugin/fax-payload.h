/* fax-payload.h: find the UDP datagram or the TCP segment payload Wireshark
 * just dissected, without asking for a protocol tree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_PAYLOAD_H
#define FAX_PAYLOAD_H

#include <epan/packet.h>
#include "fax-registry.h"

/* The innermost UDP payload of this frame (pinfo's net addresses and ports),
 * or NULL.  *len is the captured payload length (snaplen may cut it). */
const guint8 *fax_udp_payload(tvbuff_t *frame_tvb, packet_info *pinfo, guint *len);

/* pinfo's network addresses and ports as model endpoints; FALSE unless UDP
 * over IPv4/IPv6. */
gboolean fax_udp_endpoints(const packet_info *pinfo, fax_endpoint *src, fax_endpoint *dst);

/* The innermost TCP segment's payload of this frame, or NULL (a frame may
 * hold the TCP header in the frame only: no IP reassembly for TCP). */
const guint8 *fax_tcp_payload(tvbuff_t *frame_tvb, packet_info *pinfo, guint *len);

/* pinfo's addresses and ports; FALSE unless TCP over IPv4/IPv6. */
gboolean fax_tcp_endpoints(const packet_info *pinfo, fax_endpoint *src, fax_endpoint *dst);

#endif
