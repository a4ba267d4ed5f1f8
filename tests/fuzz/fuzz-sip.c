/* fuzz-sip.c: libFuzzer harness for the SIP and SDP parsers (wire/sip.c,
 * wire/sdp.c).  The input is one SIP message as it travels in UDP (the
 * corpus holds every SIP message of the captures); it goes through the path
 * the plugin takes (sip_msg_parse, sip_msg_sdp_body, sdp_parse), and the
 * whole input is also parsed as a bare SDP body, as a byte stream of SIP
 * messages (sip_msg_parse_stream, SIP over TCP/TLS) and as MGCP datagram
 * (mgcp_msg_parse, piggy-backed messages, their SDP).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "mgcp.h"
#include "sdp.h"
#include "sip.h"

#define TERMINATED(a) (strnlen((a), sizeof(a)) < sizeof(a))

static void
check_sdp(const sdp_info *s)
{
    if (s->n_media > SDP_MAX_MEDIA)
        __builtin_trap();
    for (guint i = 0; i < s->n_media; i++) {
        const sdp_media *m = &s->media[i];
        if (!TERMINATED(m->media) || !TERMINATED(m->proto) || !TERMINATED(m->fmt) ||
            !TERMINATED(m->t38_rate_mgmt) || !TERMINATED(m->t38_udp_ec))
            __builtin_trap();
    }
    int k = sdp_t38_media(s);
    if (k >= (int)s->n_media)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a copy of exactly the input, so ASan sees any over-read */
    guint8 *buf = g_memdup2(data, (gsize)size);
    sip_msg m;
    if (sip_msg_parse(buf, (guint)size, &m) == WIRE_OK) {
        if (!TERMINATED(m.method) || !TERMINATED(m.reason) || !TERMINATED(m.call_id) ||
            !TERMINATED(m.from) || !TERMINATED(m.to) || !TERMINATED(m.user_agent) ||
            !TERMINATED(m.content_type) || !TERMINATED(m.boundary))
            __builtin_trap();
        if (m.body && (m.body < buf || m.body + m.body_len > buf + size))
            __builtin_trap();
        const guint8 *body;
        guint blen;
        if (sip_msg_sdp_body(&m, &body, &blen)) {
            if (body < buf || body + blen > buf + size)
                __builtin_trap();
            sdp_info s;
            if (sdp_parse(body, blen, &s) == WIRE_OK)
                check_sdp(&s);
        }
    }
    sdp_info s;
    if (sdp_parse(buf, (guint)size, &s) == WIRE_OK)
        check_sdp(&s);
    /* a stream: whole messages one after the other, each inside the input */
    for (guint pos = 0, mlen = 0; pos < size; pos += mlen) {
        if (sip_msg_parse_stream(buf + pos, (guint)size - pos, &m, &mlen) != WIRE_OK)
            break;
        if (mlen == 0 || mlen > size - pos || m.head_len > mlen)
            __builtin_trap();
    }
    /* MGCP: every message of the datagram, its SDP inside the input */
    for (guint pos = 0, used = 0, n = 0; pos < size && n < 64; pos += used, n++) {
        mgcp_msg g;
        if (mgcp_msg_parse(buf + pos, (guint)size - pos, &g, &used) != WIRE_OK)
            break;
        if (used == 0 || used > size - pos || !TERMINATED(g.verb) || !TERMINATED(g.endpoint) ||
            !TERMINATED(g.call_id) || !TERMINATED(g.observed) || !TERMINATED(g.conn_params) ||
            !TERMINATED(g.comment))
            __builtin_trap();
        if (g.sdp && (g.sdp < buf + pos || g.sdp + g.sdp_len > buf + size))
            __builtin_trap();
        if (g.sdp && sdp_parse(g.sdp, g.sdp_len, &s) == WIRE_OK)
            check_sdp(&s);
    }
    g_free(buf);
    return 0;
}
