/* fax-payload.c: find the UDP datagram or TCP segment payload Wireshark
 * just dissected.
 *
 * Why not fields: a postdissector that asks for fields makes Wireshark build
 * a protocol tree for every packet of the capture, which costs far more than
 * this plugin's own work.  Instead the postdissector is told by pinfo which
 * protocols the frame holds and which addresses and ports its innermost
 * IP/UDP (IP/TCP) header had, and finds that header in the frame (or, for
 * UDP, in the IP reassembly data source) by those exact values, validating
 * every field.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE             /* memmem */
#include "fax-payload.h"

#include <string.h>

/* pinfo's addresses and ports, whatever the transport */
static gboolean
endpoints(const packet_info *pinfo, fax_endpoint *src, fax_endpoint *dst)
{
    const address *as = &pinfo->net_src, *ad = &pinfo->net_dst;
    guint8 fam;
    if (as->type == AT_IPv4 && ad->type == AT_IPv4)
        fam = 4;
    else if (as->type == AT_IPv6 && ad->type == AT_IPv6)
        fam = 6;
    else
        return FALSE;
    int n = fam == 4 ? 4 : 16;
    memset(src, 0, sizeof *src);
    memset(dst, 0, sizeof *dst);
    src->family = dst->family = fam;
    memcpy(src->addr, as->data, n);
    memcpy(dst->addr, ad->data, n);
    src->port = (guint16)pinfo->srcport;
    dst->port = (guint16)pinfo->destport;
    return TRUE;
}

gboolean
fax_udp_endpoints(const packet_info *pinfo, fax_endpoint *src, fax_endpoint *dst)
{
    return pinfo->ptype == PT_UDP && endpoints(pinfo, src, dst);
}

gboolean
fax_tcp_endpoints(const packet_info *pinfo, fax_endpoint *src, fax_endpoint *dst)
{
    return pinfo->ptype == PT_TCP && endpoints(pinfo, src, dst);
}

#define IPPROTO_NUM_TCP 6
#define IPPROTO_NUM_UDP 17

/* A UDP header at off in buf[0..len): ports as expected, a length that fits
 * what the IP layer said (ip_payload) or at least the captured bytes. */
static const guint8 *
udp_at(const guint8 *buf, guint len, guint off, guint ip_payload,
       const fax_endpoint *src, const fax_endpoint *dst, guint *plen)
{
    if (off + 8 > len)
        return NULL;
    const guint8 *u = buf + off;
    if (((u[0] << 8) | u[1]) != src->port || ((u[2] << 8) | u[3]) != dst->port)
        return NULL;
    guint ulen = (u[4] << 8) | u[5];
    if (ulen < 8 || (ip_payload && ulen > ip_payload))
        return NULL;
    guint avail = len - off;
    *plen = (ulen < avail ? ulen : avail) - 8;
    return u + 8;
}

/* A TCP header at off in buf[0..len) (RFC 9293 3.1): ports as expected, a
 * data offset inside the segment; the payload is what the IP layer carried
 * after it (ip_payload), as far as captured. */
static const guint8 *
tcp_at(const guint8 *buf, guint len, guint off, guint ip_payload,
       const fax_endpoint *src, const fax_endpoint *dst, guint *plen)
{
    if (off + 20 > len)
        return NULL;
    const guint8 *h = buf + off;
    if (((h[0] << 8) | h[1]) != src->port || ((h[2] << 8) | h[3]) != dst->port)
        return NULL;
    guint doff = (h[12] >> 4) * 4u;
    if (doff < 20 || doff > ip_payload || off + doff > len)
        return NULL;
    guint avail = len - off - doff;
    guint want = ip_payload - doff;
    *plen = want < avail ? want : avail;
    return h + doff;
}

static const guint8 *
transport_at(guint8 proto, const guint8 *buf, guint len, guint off, guint ip_payload,
             const fax_endpoint *src, const fax_endpoint *dst, guint *plen)
{
    return proto == IPPROTO_NUM_UDP ? udp_at(buf, len, off, ip_payload, src, dst, plen)
                                    : tcp_at(buf, len, off, ip_payload, src, dst, plen);
}

/* IPv4 header whose addresses are at buf[off+12..off+20). */
static const guint8 *
try_ipv4(guint8 proto, const guint8 *buf, guint len, guint hdr, const fax_endpoint *src,
         const fax_endpoint *dst, guint *plen)
{
    if (hdr + 20 > len)
        return NULL;
    const guint8 *ip = buf + hdr;
    guint ihl = (ip[0] & 0x0F) * 4u;
    if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != proto)
        return NULL;
    if (((ip[6] & 0x1F) | ip[7]) != 0)
        return NULL;            /* a non-first fragment holds no transport header */
    guint total = (ip[2] << 8) | ip[3];
    if (total < ihl + 8)
        return NULL;
    return transport_at(proto, buf, len, hdr + ihl, total - ihl, src, dst, plen);
}

/* IPv6 header at buf[hdr..]: walk the usual extension headers to UDP. */
static const guint8 *
try_ipv6(guint8 proto, const guint8 *buf, guint len, guint hdr, const fax_endpoint *src,
         const fax_endpoint *dst, guint *plen)
{
    if (hdr + 40 > len || (buf[hdr] >> 4) != 6)
        return NULL;
    guint payload = (buf[hdr + 4] << 8) | buf[hdr + 5];
    guint nh = buf[hdr + 6];
    guint off = hdr + 40;
    for (int i = 0; i < 8 && nh != proto; i++) {
        if (off + 8 > len)
            return NULL;
        guint ext;
        if (nh == 0 || nh == 43 || nh == 60)        /* hop-by-hop, routing, dest opts */
            ext = (buf[off + 1] + 1u) * 8u;
        else if (nh == 44) {                        /* fragment */
            if ((((buf[off + 2] << 8) | buf[off + 3]) & 0xFFF8) != 0)
                return NULL;
            ext = 8;
        } else
            return NULL;
        nh = buf[off];
        if (payload < ext)
            return NULL;
        payload -= ext;
        off += ext;
    }
    if (nh != proto)
        return NULL;
    return transport_at(proto, buf, len, off, payload, src, dst, plen);
}

static const guint8 *
find_in_frame(guint8 proto, const guint8 *buf, guint len, const fax_endpoint *src,
              const fax_endpoint *dst, guint *plen)
{
    /* Look for the address pair; the innermost header is the last valid one.
     * memmem() instead of a byte loop: this runs on every SIP and T.38
     * datagram, and the loop cost ~5 instructions per frame octet. */
    const guint8 *found = NULL;
    guint alen = src->family == 4 ? 4 : 16;
    guint pair_off = src->family == 4 ? 12 : 8;
    if (len < pair_off + 2 * alen)
        return NULL;
    guint8 pair[32];
    memcpy(pair, src->addr, alen);
    memcpy(pair + alen, dst->addr, alen);
    const guint8 *end = buf + len;
    const guint8 *from = buf + pair_off;
    while (from + 2 * alen <= end) {
        const guint8 *hit = memmem(from, (size_t)(end - from), pair, 2 * alen);
        if (!hit)
            break;
        guint hdr = (guint)(hit - buf) - pair_off;
        guint l;
        const guint8 *pl = src->family == 4 ? try_ipv4(proto, buf, len, hdr, src, dst, &l)
                                            : try_ipv6(proto, buf, len, hdr, src, dst, &l);
        if (pl) {
            found = pl;
            *plen = l;
        }
        from = hit + 1;
    }
    return found;
}

const guint8 *
fax_udp_payload(tvbuff_t *frame_tvb, packet_info *pinfo, guint *len)
{
    fax_endpoint src, dst;
    if (!fax_udp_endpoints(pinfo, &src, &dst))
        return NULL;

    /* A datagram IP reassembled from fragments: its own data source, which
     * starts with the UDP header. */
    for (GSList *l = pinfo->data_src; l; l = l->next) {
        tvbuff_t *t = get_data_source_tvb((struct data_source *)l->data);
        if (t == frame_tvb)
            continue;
        guint tl = tvb_captured_length(t);
        if (tl < 8)
            continue;
        const guint8 *b = tvb_get_ptr(t, 0, tl);
        guint pl;
        const guint8 *p = udp_at(b, tl, 0, tl, &src, &dst, &pl);
        if (p && (guint)((b[4] << 8) | b[5]) == tl) {
            *len = pl;
            return p;
        }
    }

    guint fl = tvb_captured_length(frame_tvb);
    if (fl == 0)
        return NULL;
    return find_in_frame(IPPROTO_NUM_UDP, tvb_get_ptr(frame_tvb, 0, fl), fl, &src, &dst, len);
}

const guint8 *
fax_tcp_payload(tvbuff_t *frame_tvb, packet_info *pinfo, guint *len)
{
    fax_endpoint src, dst;
    if (!fax_tcp_endpoints(pinfo, &src, &dst))
        return NULL;
    guint fl = tvb_captured_length(frame_tvb);
    if (fl == 0)
        return NULL;
    return find_in_frame(IPPROTO_NUM_TCP, tvb_get_ptr(frame_tvb, 0, fl), fl, &src, &dst, len);
}
