/* fax-stream.c: the messages of a frame of a byte stream (see
 * fax-stream.h).
 *
 * A byte stream has no datagram boundaries (SIP, RFC 3261 18.3: a message
 * ends where its Content-Length says; TPKT, RFC 1006: where its length
 * says).  Wireshark's dissector asks TCP (or TLS) to reassemble a message
 * that spans segments (records) and is
 * then handed the whole message as a data source of the frame that
 * completes it ("Reassembled TCP", "Reassembled TLS").  The rest of that
 * frame's segment (record) follows the message's tail and may hold further
 * messages, and the head of one that completes later.  So a frame's
 * messages are: those of its reassembled data sources, then those of its
 * own segment payload (TCP payload, or each "Decrypted TLS" record) after
 * the tail that belongs to the reassembled message.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-stream.h"

#include <string.h>

#include "fax-payload.h"
#include "q931.h"
#include "sip.h"
#include "ws-compat.h"

#define MAX_SOURCES 16

typedef struct {
    const guint8 *buf;
    guint         len;
} span;

/* ---- SIP (RFC 3261 18.3) and TPKT (RFC 1006 6) framing -------------- */

static wire_status
sip_frame(const guint8 *buf, guint len, guint *msg_len)
{
    sip_msg m;
    return sip_msg_parse_stream(buf, len, &m, msg_len);
}

/* a start line begins a line */
static guint
sip_next_start(const guint8 *buf, guint len, guint pos)
{
    const guint8 *lf = pos < len ? memchr(buf + pos, '\n', len - pos) : NULL;
    return lf ? (guint)(lf - buf) + 1 : len;
}

const fax_stream_proto fax_stream_sip = { sip_frame, sip_next_start, TRUE };

static guint
tpkt_next_start(const guint8 *buf, guint len, guint pos)
{
    const guint8 *v = pos + 1 < len ? memchr(buf + pos + 1, 3, len - pos - 1) : NULL;
    return v ? (guint)(v - buf) : len;
}

const fax_stream_proto fax_stream_tpkt = { tpkt_frame, tpkt_next_start, FALSE };

/* ---- a frame's messages ------------------------------------------------ */

/* Every whole message from buf[pos..len), in order; stops at a message
 * that continues past len or at bytes that are not the protocol's. */
static guint
messages_from(const fax_stream_proto *p, const guint8 *buf, guint len, guint pos,
              fax_stream_cb cb, void *user)
{
    guint n = 0;
    for (;;) {
        while (p->skip_crlf && pos < len && (buf[pos] == '\r' || buf[pos] == '\n'))
            pos++;
        guint mlen;
        if (pos >= len || p->frame(buf + pos, len - pos, &mlen) != WIRE_OK || mlen == 0)
            return n;
        cb(buf + pos, mlen, user);
        n++;
        pos += mlen;
    }
}

/* Where the messages of segment s start: after the tail of a reassembled
 * message r (s's first octets are r's last ones, and a message start or
 * the end of s follows), else at 0. */
static guint
tail_of(const fax_stream_proto *p, span s, const span *r, guint nr)
{
    if (nr == 0)
        return 0;
    guint pos = 0;
    for (;;) {
        pos = p->next_start(s.buf, s.len, pos);
        guint mlen;
        gboolean starts = pos >= s.len || p->frame(s.buf + pos, s.len - pos, &mlen) != WIRE_BAD_ENCODING;
        if (starts)
            for (guint i = 0; i < nr; i++)
                if (pos <= r[i].len && memcmp(s.buf, r[i].buf + r[i].len - pos, pos) == 0)
                    return pos;
        if (pos >= s.len)
            return 0;
    }
}

static gboolean
name_starts(const char *desc, const char *prefix)
{
    return strncmp(desc, prefix, strlen(prefix)) == 0;
}

guint
fax_stream_messages(tvbuff_t *frame_tvb, packet_info *pinfo, const fax_stream_proto *proto,
                    fax_stream_cb cb, void *user)
{
    span whole[MAX_SOURCES], seg[MAX_SOURCES + 1];
    guint nw = 0, ns = 0;

    guint tl;
    const guint8 *tcp = fax_tcp_payload(frame_tvb, pinfo, &tl);
    if (tcp && tl > 0)
        seg[ns++] = (span){ tcp, tl };
    for (GSList *l = pinfo->data_src; l; l = l->next) {
        struct data_source *src = (struct data_source *)l->data;
        tvbuff_t *t = get_data_source_tvb(src);
        if (t == frame_tvb)
            continue;
        guint len = tvb_captured_length(t);
        if (len == 0)
            continue;
        char *desc = FAX_DATA_SOURCE_DESCRIPTION(src);
        gboolean reassembled = desc && name_starts(desc, "Reassembled ");
        gboolean decrypted = desc && name_starts(desc, "Decrypted ");
        g_free(desc);
        span sp = { tvb_get_ptr(t, 0, len), len };
        if (reassembled && nw < MAX_SOURCES)
            whole[nw++] = sp;
        else if (decrypted && ns <= MAX_SOURCES)
            seg[ns++] = sp;
    }

    guint n = 0;
    for (guint i = 0; i < nw; i++)
        n += messages_from(proto, whole[i].buf, whole[i].len, 0, cb, user);
    for (guint i = 0; i < ns; i++)
        n += messages_from(proto, seg[i].buf, seg[i].len, tail_of(proto, seg[i], whole, nw), cb, user);
    return n;
}
