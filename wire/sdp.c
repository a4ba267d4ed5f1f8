/* sdp.c: SDP (RFC 4566) session and media descriptions, reduced to what
 * faxcalls needs: o= user, c= addresses, m= lines, direction attributes and
 * the T.38 attributes of T.38 Annex D (SDP for SIP, also RFC 3362 usage).
 * Tolerant of what real gateways write (LF-only lines, attribute names in any
 * case, "T38FaxMaxBitRate", host names in c=).  No allocation; every read is
 * bounded by the length passed in.
 *
 * Return values of sdp_parse:
 *   WIRE_OK           a description starting with v= (fields filled in)
 *   WIRE_TRUNCATED    empty input
 *   WIRE_BAD_ENCODING the first line is not v=
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sdp.h"

#include <string.h>

/* Scratch size for one line's value; longer lines are cut. */
#define SDP_LINE_MAX 512

/* Replace bytes that do not form valid UTF-8 with '?'. */
static void
sdp_fix_utf8(char *s)
{
    const gchar *end;

    while (!g_utf8_validate(s, -1, &end)) {
        *(char *)end = '?';
        s = (char *)end + 1;
    }
}

/* Copy at most n bytes of src into dst[size], cut, NUL-terminated. */
static void
sdp_copy(char *dst, gsize size, const char *src, gsize n)
{
    if (size == 0)
        return;
    if (n > size - 1)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    sdp_fix_utf8(dst);
}

/* The next blank-separated token of *p, advancing *p; length in *n. */
static const char *
sdp_token(const char **p, gsize *n)
{
    const char *s = *p, *start;

    while (*s == ' ')
        s++;
    start = s;
    while (*s != '\0' && *s != ' ')
        s++;
    *n = (gsize)(s - start);
    *p = s;
    return start;
}

static gboolean
sdp_tok_is(const char *t, gsize n, const char *lit)
{
    return strlen(lit) == n && g_ascii_strncasecmp(t, lit, n) == 0;
}

/* Decimal digits t[0..n) (n > 0) as an unsigned 32-bit value. */
static gboolean
sdp_uint(const char *t, gsize n, guint32 *out)
{
    guint64 v = 0;

    if (n == 0)
        return FALSE;
    for (gsize i = 0; i < n; i++) {
        if (!g_ascii_isdigit(t[i]))
            return FALSE;
        v = v * 10 + (guint64)(t[i] - '0');
        if (v > G_MAXUINT32)
            return FALSE;
    }
    *out = (guint32)v;
    return TRUE;
}

/* Dotted-quad IPv4 address, the whole of s[0..n). */
static gboolean
sdp_parse_ip4(const char *s, gsize n, guint8 out[4])
{
    gsize i = 0;

    for (int part = 0; part < 4; part++) {
        guint v = 0, digits = 0;
        if (part > 0) {
            if (i >= n || s[i] != '.')
                return FALSE;
            i++;
        }
        while (i < n && g_ascii_isdigit(s[i]) && digits < 3) {
            v = v * 10 + (guint)(s[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || v > 255)
            return FALSE;
        out[part] = (guint8)v;
    }
    return i == n;
}

/* RFC 4291 2.2 text forms of an IPv6 address ("::" compression, trailing
 * dotted IPv4), the whole of s[0..n). */
static gboolean
sdp_parse_ip6(const char *s, gsize n, guint8 out[16])
{
    guint16 w[8];
    int nw = 0, gap = -1;
    gsize i = 0;

    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    } else if (n == 0 || s[0] == ':') {
        return FALSE;
    }
    while (i < n) {
        gsize j = i, k = i;
        guint v = 0;
        if (nw == 8)
            return FALSE;
        while (j < n && s[j] != ':' && s[j] != '.')
            j++;
        if (j < n && s[j] == '.') { /* trailing IPv4 part */
            guint8 v4[4];
            if (nw > 6 || !sdp_parse_ip4(s + i, n - i, v4))
                return FALSE;
            w[nw++] = (guint16)(v4[0] << 8 | v4[1]);
            w[nw++] = (guint16)(v4[2] << 8 | v4[3]);
            break;
        }
        while (k < n && g_ascii_isxdigit(s[k]) && k - i < 4) {
            v = v * 16 + (guint)g_ascii_xdigit_value(s[k]);
            k++;
        }
        if (k == i || (k < n && s[k] != ':'))
            return FALSE;
        w[nw++] = (guint16)v;
        i = k;
        if (i == n)
            break;
        i++; /* ':' */
        if (i < n && s[i] == ':') {
            if (gap >= 0)
                return FALSE;
            gap = nw;
            i++;
        } else if (i == n) {
            return FALSE; /* trailing single ':' */
        }
    }
    if ((gap < 0 && nw != 8) || (gap >= 0 && nw > 7))
        return FALSE;
    memset(out, 0, 16);
    for (int x = 0; x < nw; x++) {
        int slot = (gap >= 0 && x >= gap) ? x + (8 - nw) : x;
        out[2 * slot] = (guint8)(w[x] >> 8);
        out[2 * slot + 1] = (guint8)(w[x] & 0xff);
    }
    return TRUE;
}

/* RFC 4566 5.7: c=<nettype> <addrtype> <connection-address>[/ttl][/n].
 * A host name (or anything unparsable) leaves family 0. */
static void
sdp_parse_conn(const char *v, sdp_addr *a)
{
    const char *p = v, *t;
    gsize n, alen;

    memset(a, 0, sizeof *a);
    t = sdp_token(&p, &n);
    if (!sdp_tok_is(t, n, "IN"))
        return;
    t = sdp_token(&p, &n);
    if (sdp_tok_is(t, n, "IP4")) {
        t = sdp_token(&p, &n);
        alen = strcspn(t, "/ ");
        if (alen <= n && sdp_parse_ip4(t, alen, a->bytes))
            a->family = 4;
    } else if (sdp_tok_is(t, n, "IP6")) {
        t = sdp_token(&p, &n);
        alen = strcspn(t, "/ ");
        if (alen <= n && sdp_parse_ip6(t, alen, a->bytes))
            a->family = 6;
    }
    if (a->family == 0)
        memset(a->bytes, 0, sizeof a->bytes);
}

static void
sdp_media_init(sdp_media *m)
{
    memset(m, 0, sizeof *m);
    m->t38_version = -1;
}

/* Does the fmt list contain t38 (case-insensitive)? */
static gboolean
sdp_fmt_has_t38(const char *fmt)
{
    const char *p = fmt, *t;
    gsize n;

    for (t = sdp_token(&p, &n); n > 0; t = sdp_token(&p, &n))
        if (sdp_tok_is(t, n, "t38"))
            return TRUE;
    return FALSE;
}

/* T.38 Annex D.2.3 / RFC 3362: m=image <port> udptl t38; the TCP transports
 * of T.38 Annex D (tcp, TCPTL, TCP/TPKT/T38) and UDPTL over DTLS (RFC 7345). */
static gboolean
sdp_is_t38(const sdp_media *m)
{
    static const char *const protos[] = {
        "udptl", "UDP/TLS/UDPTL", "tcp", "TCPTL", "TCP/TPKT/T38", "TCP/TLS/TPKT/T38",
    };

    if (g_ascii_strcasecmp(m->media, "image") != 0 || !sdp_fmt_has_t38(m->fmt))
        return FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS(protos); i++)
        if (g_ascii_strcasecmp(m->proto, protos[i]) == 0)
            return TRUE;
    return FALSE;
}

/* RFC 4566 5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ... */
static void
sdp_parse_m(const char *v, sdp_media *m)
{
    const char *p = v, *t;
    gsize n, pn;
    guint32 port = 0;

    t = sdp_token(&p, &n);
    sdp_copy(m->media, sizeof m->media, t, n);
    t = sdp_token(&p, &n);
    pn = strcspn(t, "/ ");
    if (pn <= n && sdp_uint(t, pn, &port) && port <= G_MAXUINT16)
        m->port = (guint16)port;
    t = sdp_token(&p, &n);
    sdp_copy(m->proto, sizeof m->proto, t, n);
    while (*p == ' ')
        p++;
    sdp_copy(m->fmt, sizeof m->fmt, p, strlen(p));
    m->is_t38 = sdp_is_t38(m);
}

/* Boolean T.38 attributes: present without a value, or 1/true. */
static gboolean
sdp_flag(const char *val)
{
    return val == NULL || *val == '\0' || strcmp(val, "1") == 0 || g_ascii_strcasecmp(val, "true") == 0;
}

/* a=<name>[:<value>]; target is the current media, or the session-level
 * template (T.38 attributes written before any m= line). */
static void
sdp_parse_a(const char *v, sdp_media *target, sdp_dir *dir)
{
    const char *colon = strchr(v, ':');
    gsize nl = colon != NULL ? (gsize)(colon - v) : strlen(v);
    const char *val = colon != NULL ? colon + 1 : NULL;
    guint32 u;

    while (nl > 0 && v[nl - 1] == ' ')
        nl--;
    if (val != NULL)
        while (*val == ' ')
            val++;

    /* RFC 4566 6: direction */
    if (sdp_tok_is(v, nl, "sendrecv"))
        *dir = SDP_DIR_SENDRECV;
    else if (sdp_tok_is(v, nl, "sendonly"))
        *dir = SDP_DIR_SENDONLY;
    else if (sdp_tok_is(v, nl, "recvonly"))
        *dir = SDP_DIR_RECVONLY;
    else if (sdp_tok_is(v, nl, "inactive"))
        *dir = SDP_DIR_INACTIVE;
    /* T.38 Annex D.2.3 attributes */
    else if (sdp_tok_is(v, nl, "T38FaxVersion")) {
        if (val != NULL && sdp_uint(val, strcspn(val, " "), &u))
            target->t38_version = (gint)MIN(u, (guint32)G_MAXINT);
    } else if (sdp_tok_is(v, nl, "T38MaxBitRate") || sdp_tok_is(v, nl, "T38FaxMaxBitRate")) {
        if (val != NULL && sdp_uint(val, strcspn(val, " "), &u))
            target->t38_max_bitrate = u;
    } else if (sdp_tok_is(v, nl, "T38FaxRateManagement")) {
        if (val != NULL)
            sdp_copy(target->t38_rate_mgmt, sizeof target->t38_rate_mgmt, val, strcspn(val, " "));
    } else if (sdp_tok_is(v, nl, "T38FaxMaxBuffer")) {
        if (val != NULL && sdp_uint(val, strcspn(val, " "), &u))
            target->t38_max_buffer = u;
    } else if (sdp_tok_is(v, nl, "T38FaxMaxDatagram")) {
        if (val != NULL && sdp_uint(val, strcspn(val, " "), &u))
            target->t38_max_datagram = u;
    } else if (sdp_tok_is(v, nl, "T38FaxUdpEC")) {
        if (val != NULL)
            sdp_copy(target->t38_udp_ec, sizeof target->t38_udp_ec, val, strcspn(val, " "));
    } else if (sdp_tok_is(v, nl, "T38FaxFillBitRemoval")) {
        target->t38_fill_bit_removal = sdp_flag(val);
    } else if (sdp_tok_is(v, nl, "T38FaxTranscodingMMR")) {
        target->t38_transcoding_mmr = sdp_flag(val);
    } else if (sdp_tok_is(v, nl, "T38FaxTranscodingJBIG")) {
        target->t38_transcoding_jbig = sdp_flag(val);
    }
}

/* Session-level T.38 attributes fill those a T.38 media left absent. */
static void
sdp_inherit_t38(sdp_media *m, const sdp_media *s)
{
    if (m->t38_version < 0)
        m->t38_version = s->t38_version;
    if (m->t38_max_bitrate == 0)
        m->t38_max_bitrate = s->t38_max_bitrate;
    if (m->t38_rate_mgmt[0] == '\0')
        memcpy(m->t38_rate_mgmt, s->t38_rate_mgmt, sizeof m->t38_rate_mgmt);
    if (m->t38_max_buffer == 0)
        m->t38_max_buffer = s->t38_max_buffer;
    if (m->t38_max_datagram == 0)
        m->t38_max_datagram = s->t38_max_datagram;
    if (m->t38_udp_ec[0] == '\0')
        memcpy(m->t38_udp_ec, s->t38_udp_ec, sizeof m->t38_udp_ec);
    m->t38_fill_bit_removal |= s->t38_fill_bit_removal;
    m->t38_transcoding_mmr |= s->t38_transcoding_mmr;
    m->t38_transcoding_jbig |= s->t38_transcoding_jbig;
}

/* Where the parse is: session level (before the first m=) or a media. */
typedef struct {
    sdp_info  *out;
    sdp_media  session;                       /* session-level T.38 attributes */
    sdp_dir    session_dir;
    gboolean   has_conn[SDP_MAX_MEDIA];
    sdp_media *cur;
    gboolean   in_session;
} sdp_state;

/* RFC 4566 5: one <type>=<value> line, value v. */
static void
sdp_line(sdp_state *st, char type, const char *v)
{
    sdp_info *out = st->out;

    switch (type) {
    case 'o':
        if (st->in_session && out->origin_user[0] == '\0') {
            const char *p = v, *t;
            gsize n;
            t = sdp_token(&p, &n);
            sdp_copy(out->origin_user, sizeof out->origin_user, t, n);
        }
        break;
    case 'c':
        if (st->in_session) {
            sdp_parse_conn(v, &out->session_conn);
        } else if (st->cur != NULL) {
            sdp_parse_conn(v, &st->cur->conn);
            st->has_conn[out->n_media - 1] = TRUE;
        }
        break;
    case 'm':
        st->in_session = FALSE;
        if (out->n_media == SDP_MAX_MEDIA) {
            out->media_truncated = TRUE;
            st->cur = NULL; /* its attributes are ignored */
            break;
        }
        st->cur = &out->media[out->n_media++];
        sdp_media_init(st->cur);
        st->cur->dir = st->session_dir;
        sdp_parse_m(v, st->cur);
        break;
    case 'a':
        if (st->in_session)
            sdp_parse_a(v, &st->session, &st->session_dir);
        else if (st->cur != NULL)
            sdp_parse_a(v, st->cur, &st->cur->dir);
        break;
    default:
        break;
    }
}

/* The value of the line buf[pos, end): tabs as blanks, controls dropped,
 * trailing blanks trimmed, cut at SDP_LINE_MAX. */
static void
sdp_line_value(const guint8 *buf, guint pos, guint end, char v[SDP_LINE_MAX])
{
    gsize o = 0;

    for (guint i = pos + 2; i < end && o + 1 < SDP_LINE_MAX; i++) {
        guint8 c = buf[i] == '\t' ? ' ' : buf[i];
        if (c >= 0x20 && c != 0x7f)
            v[o++] = (char)c;
    }
    v[o] = '\0';
    while (o > 0 && v[o - 1] == ' ')
        v[--o] = '\0';
}

wire_status
sdp_parse(const guint8 *buf, guint len, sdp_info *out)
{
    sdp_state st;
    gboolean seen_v = FALSE;
    guint pos = 0;

    if (out == NULL)
        return WIRE_BAD_ENCODING;
    memset(out, 0, sizeof *out);
    if (buf == NULL || len == 0)
        return WIRE_TRUNCATED;
    memset(&st, 0, sizeof st);
    st.out = out;
    st.session_dir = SDP_DIR_SENDRECV;
    st.in_session = TRUE;
    sdp_media_init(&st.session);

    while (pos < len) {
        const guint8 *lf = memchr(buf + pos, '\n', len - pos);
        guint end = lf != NULL ? (guint)(lf - buf) : len;
        guint next = lf != NULL ? end + 1 : len;
        char v[SDP_LINE_MAX];
        char type;

        if (end > pos && buf[end - 1] == '\r')
            end--;
        if (end == pos) { /* empty line: tolerated */
            pos = next;
            continue;
        }
        type = (char)buf[pos];
        if (!seen_v) {
            if (end - pos < 2 || type != 'v' || buf[pos + 1] != '=')
                return WIRE_BAD_ENCODING; /* RFC 4566 5: v= comes first */
            seen_v = TRUE;
        }
        if (end - pos < 2 || buf[pos + 1] != '=') {
            pos = next; /* not <type>=<value>: ignored */
            continue;
        }
        sdp_line_value(buf, pos, end, v);
        pos = next;
        sdp_line(&st, type, v);
    }
    if (!seen_v)
        return WIRE_BAD_ENCODING;

    for (guint i = 0; i < out->n_media; i++) {
        sdp_media *m = &out->media[i];
        if (!st.has_conn[i])
            m->conn = out->session_conn;
        if (m->is_t38)
            sdp_inherit_t38(m, &st.session);
    }
    return WIRE_OK;
}

int
sdp_t38_media(const sdp_info *s)
{
    if (s == NULL)
        return -1;
    for (guint i = 0; i < s->n_media && i < SDP_MAX_MEDIA; i++)
        if (s->media[i].is_t38 && s->media[i].port != 0)
            return (int)i;
    return -1;
}
