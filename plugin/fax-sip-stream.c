/* fax-sip-stream.c: the SIP messages of a frame of a byte stream (see
 * fax-sip-stream.h).
 *
 * SIP over TCP or TLS has no datagram boundaries (RFC 3261 18.3: a message
 * ends where its Content-Length says).  Wireshark's SIP dissector asks TCP
 * (or TLS) to reassemble a message that spans segments (records) and is
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
#include "fax-sip-stream.h"

#include <string.h>

#include "fax-payload.h"
#include "sip.h"
#include "ws-compat.h"

#define MAX_SOURCES 16

typedef struct {
    const guint8 *buf;
    guint         len;
} span;

/* Every whole message from buf[pos..len), in order; stops at a message
 * that continues past len or at bytes that are not SIP. */
static guint
messages_from(const guint8 *buf, guint len, guint pos, fax_sip_stream_cb cb, void *user)
{
    guint n = 0;
    sip_msg m;
    for (;;) {
        /* RFC 5626 4.4.1: CRLF keep-alives between messages */
        while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n'))
            pos++;
        guint mlen;
        if (pos >= len || sip_msg_parse_stream(buf + pos, len - pos, &m, &mlen) != WIRE_OK)
            return n;
        cb(buf + pos, mlen, user);
        n++;
        pos += mlen;
    }
}

/* Where the messages of segment s start: after the tail of a reassembled
 * message r (s's first octets are r's last ones, and a start line or the
 * end of s follows), else at 0.  Only line starts are candidates. */
static guint
tail_of(span s, const span *r, guint nr)
{
    if (nr == 0)
        return 0;
    sip_msg m;
    guint mlen;
    guint pos = 0;
    for (;;) {
        const guint8 *lf = pos < s.len ? memchr(s.buf + pos, '\n', s.len - pos) : NULL;
        pos = lf ? (guint)(lf - s.buf) + 1 : s.len;
        gboolean starts = pos == s.len ||
                          sip_msg_parse_stream(s.buf + pos, s.len - pos, &m, &mlen) != WIRE_BAD_ENCODING;
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
fax_sip_stream_messages(tvbuff_t *frame_tvb, packet_info *pinfo, fax_sip_stream_cb cb, void *user)
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
        n += messages_from(whole[i].buf, whole[i].len, 0, cb, user);
    for (guint i = 0; i < ns; i++)
        n += messages_from(seg[i].buf, seg[i].len, tail_of(seg[i], whole, nw), cb, user);
    return n;
}
