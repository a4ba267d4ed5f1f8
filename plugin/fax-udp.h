/* fax-udp.h: find the UDP datagram Wireshark just dissected, without asking
 * for a protocol tree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_UDP_H
#define FAX_UDP_H

#include <epan/packet.h>
#include "fax-registry.h"

/* The innermost UDP payload of this frame (pinfo's net addresses and ports),
 * or NULL.  *len is the captured payload length (snaplen may cut it). */
const guint8 *fax_udp_payload(tvbuff_t *frame_tvb, packet_info *pinfo, guint *len);

/* pinfo's network addresses and ports as model endpoints; FALSE unless UDP
 * over IPv4/IPv6. */
gboolean fax_udp_endpoints(const packet_info *pinfo, fax_endpoint *src, fax_endpoint *dst);

#endif
