/* sip.c: the few SIP facts faxcalls needs (RFC 3261), read from raw message
 * bytes.  Start line, a handful of headers (long and compact forms, folded
 * lines tolerated), the body located after the first empty line, and the
 * SDP part of a multipart body (RFC 2046 5.1).  Nothing here allocates;
 * every read is bounded by the length passed in.
 *
 * Return values of sip_msg_parse:
 *   WIRE_OK           start line and header section complete (the body may
 *                     still be shorter than Content-Length: see ->truncated)
 *   WIRE_TRUNCATED    input ends inside the start line or the header section
 *                     (fields read so far are filled in)
 *   WIRE_BAD_ENCODING not a SIP/2.0 request or status line
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sip.h"

#include <string.h>

/* Scratch size for one unfolded header value; longer values are cut. */
#define SIP_VALUE_MAX 1024

/* RFC 3261 25.1: token characters. */
static gboolean
sip_is_token_char(guint8 c)
{
    return g_ascii_isalnum(c) || (c != 0 && strchr("-.!%*_+`'~", c) != NULL);
}

static gboolean
sip_is_wsp(guint8 c)
{
    return c == ' ' || c == '\t';
}

/* Replace bytes that do not form valid UTF-8 (e.g. a sequence cut by
 * truncation) with '?', so that every copied string is displayable. */
static void
sip_fix_utf8(char *s)
{
    const gchar *end;

    while (!g_utf8_validate(s, -1, &end)) {
        *(char *)end = '?';
        s = (char *)end + 1;
    }
}

/* Copy n bytes into dst[size]: control characters dropped, leading and
 * trailing blanks trimmed, cut at size-1 bytes, always NUL-terminated. */
static void
sip_copy_text(char *dst, gsize size, const char *src, gsize n)
{
    gsize o = 0;

    if (size == 0)
        return;
    while (n > 0 && sip_is_wsp((guint8)src[0])) {
        src++;
        n--;
    }
    while (n > 0 && sip_is_wsp((guint8)src[n - 1]))
        n--;
    for (gsize i = 0; i < n && o + 1 < size; i++) {
        guint8 c = (guint8)src[i];
        if (c < 0x20 || c == 0x7f)
            continue;
        dst[o++] = (char)c;
    }
    dst[o] = '\0';
    sip_fix_utf8(dst);
}

/* One physical line starting at pos: *end is where its content ends (before
 * CR LF or bare LF), *next just after the LF.  FALSE when no LF remains: the
 * line runs to the end of the buffer and may be cut. */
static gboolean
sip_next_line(const guint8 *buf, guint len, guint pos, guint *end, guint *next)
{
    const guint8 *lf = pos < len ? memchr(buf + pos, '\n', len - pos) : NULL;
    guint e;

    if (lf == NULL) {
        *end = (len > pos && buf[len - 1] == '\r') ? len - 1 : len;
        *next = len;
        return FALSE;
    }
    e = (guint)(lf - buf);
    *next = e + 1;
    if (e > pos && buf[e - 1] == '\r')
        e--;
    *end = e;
    return TRUE;
}

/* Case-insensitive comparison of s[0..n) with the prefix of lit; returns how
 * many bytes matched before a mismatch, n, or strlen(lit). */
static gsize
sip_match_ci(const guint8 *s, gsize n, const char *lit)
{
    gsize k = 0;

    while (lit[k] != '\0' && k < n && g_ascii_toupper(s[k]) == g_ascii_toupper(lit[k]))
        k++;
    return k;
}

/* RFC 3261 25.1: Request-Line = Method SP Request-URI SP SIP-Version CRLF.
 * cut: the line has no line end (buffer ended). */
static wire_status
sip_parse_request_line(const guint8 *s, guint n, gboolean cut, sip_msg *out)
{
    guint i = 0, uri, uri_end, k;

    while (i < n && sip_is_token_char(s[i]))
        i++;
    if (i == n)
        return cut ? WIRE_TRUNCATED : WIRE_BAD_ENCODING;
    if (i == 0 || s[i] != ' ')
        return WIRE_BAD_ENCODING;
    sip_copy_text(out->method, sizeof out->method, (const char *)s, i);

    uri = ++i;
    while (i < n && s[i] > ' ' && s[i] < 0x7f)
        i++;
    if (i == n)
        return cut ? WIRE_TRUNCATED : WIRE_BAD_ENCODING;
    if (i == uri || s[i] != ' ')
        return WIRE_BAD_ENCODING;
    uri_end = i++;

    k = (guint)sip_match_ci(s + i, n - i, "SIP/2.0");
    if (k < 7) {
        if (i + k == n && cut)
            return WIRE_TRUNCATED;
        return WIRE_BAD_ENCODING;
    }
    i += 7;
    while (i < n && sip_is_wsp(s[i]))
        i++;
    if (i != n)
        return WIRE_BAD_ENCODING;

    out->is_request = TRUE;
    sip_copy_text(out->request_uri, sizeof out->request_uri, (const char *)s + uri, uri_end - uri);
    return cut ? WIRE_TRUNCATED : WIRE_OK;
}

/* RFC 3261 25.1: Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF.
 * A missing reason phrase is tolerated. */
static wire_status
sip_parse_status_line(const guint8 *s, guint n, gboolean cut, sip_msg *out)
{
    guint i = 7, code = 0, d;

    if (sip_match_ci(s, n, "SIP/2.0 ") < 8)
        return (cut && sip_match_ci(s, n, "SIP/2.0 ") == n) ? WIRE_TRUNCATED : WIRE_BAD_ENCODING;
    while (i < n && sip_is_wsp(s[i]))
        i++;
    for (d = 0; d < 3; d++, i++) {
        if (i == n)
            return cut ? WIRE_TRUNCATED : WIRE_BAD_ENCODING;
        if (!g_ascii_isdigit(s[i]))
            return WIRE_BAD_ENCODING;
        code = code * 10 + (guint)(s[i] - '0');
    }
    if (code < 100 || code > 699 || (i < n && !sip_is_wsp(s[i])))
        return WIRE_BAD_ENCODING;
    out->is_request = FALSE;
    out->status = code;
    sip_copy_text(out->reason, sizeof out->reason, (const char *)s + i, n - i);
    return cut ? WIRE_TRUNCATED : WIRE_OK;
}

/* Unfold one header value (RFC 3261 7.3.1: LWS, line folding) into v[size]:
 * runs of SP/HT/CR/LF become a single space, other controls are dropped,
 * ends trimmed, cut at size-1. */
static void
sip_unfold(char *v, gsize size, const guint8 *s, guint n)
{
    gsize o = 0;
    gboolean space = FALSE;

    for (guint i = 0; i < n && o + 1 < size; i++) {
        guint8 c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = o > 0;
            continue;
        }
        if (c < 0x20 || c == 0x7f)
            continue;
        if (space) {
            v[o++] = ' ';
            space = FALSE;
            if (o + 1 >= size)
                break;
        }
        v[o++] = (char)c;
    }
    v[o] = '\0';
}

/* Does the header name s[0..n) equal the long form or the compact form? */
static gboolean
sip_name_is(const char *s, gsize n, const char *longname, char compact)
{
    if (compact != 0 && n == 1 && g_ascii_tolower(s[0]) == compact)
        return TRUE;
    return strlen(longname) == n && g_ascii_strncasecmp(s, longname, n) == 0;
}

/* The parameters ";name=value;..." starting at p: copy the value of the
 * first one called name (case-insensitive) into dst.  whole: leave dst empty
 * rather than keep a cut value. */
static void
sip_find_param(const char *p, const char *name, char *dst, gsize size, gboolean whole)
{
    gsize nl = strlen(name);

    while (p != NULL && *p != '\0') {
        const char *semi = strchr(p, ';');
        const char *q;
        gsize vl;
        if (semi == NULL)
            return;
        p = semi + 1;
        while (*p == ' ')
            p++;
        if (g_ascii_strncasecmp(p, name, nl) != 0)
            continue;
        q = p + nl;
        while (*q == ' ')
            q++;
        if (*q != '=')
            continue;
        q++;
        while (*q == ' ')
            q++;
        if (*q == '"') {
            const char *e = strchr(q + 1, '"');
            q++;
            vl = e != NULL ? (gsize)(e - q) : strlen(q);
        } else {
            vl = strcspn(q, ";, ");
        }
        if (!whole || vl < size)
            sip_copy_text(dst, size, q, vl);
        return;
    }
}

/* RFC 3261 20.20 / 20.39: From and To are name-addr (display name and the
 * URI in <...>) or addr-spec; header parameters (tag) follow.  Quoted display
 * names may contain '<' or ';'. */
static void
sip_parse_name_addr(const char *v, char *uri, gsize usize, char *tag, gsize tsize)
{
    const char *p, *lt = NULL, *params;
    gboolean quoted = FALSE;

    for (p = v; *p != '\0'; p++) {
        if (quoted) {
            if (*p == '\\' && p[1] != '\0')
                p++;
            else if (*p == '"')
                quoted = FALSE;
        } else if (*p == '"') {
            quoted = TRUE;
        } else if (*p == '<') {
            lt = p;
            break;
        }
    }
    if (lt != NULL) {
        const char *gt = strchr(lt + 1, '>');
        if (gt == NULL) {
            sip_copy_text(uri, usize, lt + 1, strlen(lt + 1));
            return;
        }
        sip_copy_text(uri, usize, lt + 1, (gsize)(gt - lt - 1));
        params = gt + 1;
    } else {
        params = strchr(v, ';');
        sip_copy_text(uri, usize, v, params != NULL ? (gsize)(params - v) : strlen(v));
    }
    sip_find_param(params, "tag", tag, tsize, FALSE);
}

/* Media type of a Content-Type value (RFC 3261 20.15), lower-cased, without
 * parameters or blanks. */
static void
sip_media_type(const char *v, char *dst, gsize size)
{
    gsize o = 0;

    for (const char *p = v; *p != '\0' && *p != ';' && o + 1 < size; p++) {
        if (*p == ' ')
            continue;
        dst[o++] = g_ascii_tolower(*p);
    }
    dst[o] = '\0';
    sip_fix_utf8(dst);
}

typedef struct {
    guint    seen;          /* bit per header: first occurrence wins */
    gboolean have_length;
    guint    content_length;
} sip_hdr_state;

enum { SEEN_CALLID = 1, SEEN_FROM = 2, SEEN_TO = 4, SEEN_CSEQ = 8, SEEN_UA = 16, SEEN_CTYPE = 32, SEEN_CLEN = 64 };

static gboolean
sip_first(sip_hdr_state *st, guint bit)
{
    if (st->seen & bit)
        return FALSE;
    st->seen |= bit;
    return TRUE;
}

/* One logical header line h[0..n) (folding included). */
static void
sip_parse_header(const guint8 *h, guint n, sip_msg *out, sip_hdr_state *st)
{
    char v[SIP_VALUE_MAX];
    const char *name = (const char *)h;
    guint nl = 0, colon;

    while (nl < n && sip_is_token_char(h[nl]))
        nl++;
    colon = nl;
    while (colon < n && sip_is_wsp(h[colon]))
        colon++;
    if (nl == 0 || colon >= n || h[colon] != ':')
        return; /* not a header line: ignored */
    sip_unfold(v, sizeof v, h + colon + 1, n - colon - 1);

    if (sip_name_is(name, nl, "call-id", 'i')) {
        if (sip_first(st, SEEN_CALLID))
            sip_copy_text(out->call_id, sizeof out->call_id, v, strlen(v));
    } else if (sip_name_is(name, nl, "from", 'f')) {
        if (sip_first(st, SEEN_FROM))
            sip_parse_name_addr(v, out->from, sizeof out->from, out->from_tag, sizeof out->from_tag);
    } else if (sip_name_is(name, nl, "to", 't')) {
        if (sip_first(st, SEEN_TO))
            sip_parse_name_addr(v, out->to, sizeof out->to, out->to_tag, sizeof out->to_tag);
    } else if (sip_name_is(name, nl, "cseq", 0)) {
        /* RFC 3261 20.16: CSeq = 1*DIGIT LWS Method */
        const char *p = v;
        guint64 num = 0;
        if (!sip_first(st, SEEN_CSEQ))
            return;
        while (g_ascii_isdigit(*p)) {
            if (num <= G_MAXUINT32)
                num = num * 10 + (guint64)(*p - '0');
            p++;
        }
        out->cseq = num > G_MAXUINT32 ? G_MAXUINT32 : (guint32)num;
        while (*p == ' ')
            p++;
        sip_copy_text(out->cseq_method, sizeof out->cseq_method, p, strcspn(p, " "));
    } else if (sip_name_is(name, nl, "user-agent", 0) || sip_name_is(name, nl, "server", 0)) {
        if (sip_first(st, SEEN_UA))
            sip_copy_text(out->user_agent, sizeof out->user_agent, v, strlen(v));
    } else if (sip_name_is(name, nl, "content-type", 'c')) {
        if (!sip_first(st, SEEN_CTYPE))
            return;
        sip_media_type(v, out->content_type, sizeof out->content_type);
        sip_find_param(strchr(v, ';'), "boundary", out->boundary, sizeof out->boundary, TRUE);
    } else if (sip_name_is(name, nl, "content-length", 'l')) {
        const char *p = v;
        guint64 num = 0;
        if (!g_ascii_isdigit(*p) || !sip_first(st, SEEN_CLEN))
            return;
        while (g_ascii_isdigit(*p)) {
            if (num <= G_MAXUINT)
                num = num * 10 + (guint64)(*p - '0');
            p++;
        }
        st->have_length = TRUE;
        st->content_length = num > G_MAXUINT ? G_MAXUINT : (guint)num;
    }
}

wire_status
sip_msg_parse(const guint8 *buf, guint len, sip_msg *out)
{
    sip_hdr_state st = { 0, FALSE, 0 };
    guint end, next, pos, avail;
    gboolean complete;
    wire_status status;

    if (out == NULL)
        return WIRE_BAD_ENCODING;
    memset(out, 0, sizeof *out);
    if (buf == NULL || len == 0)
        return WIRE_TRUNCATED;

    complete = sip_next_line(buf, len, 0, &end, &next);
    if (sip_match_ci(buf, end, "SIP/") == 4)
        status = sip_parse_status_line(buf, end, !complete, out);
    else
        status = sip_parse_request_line(buf, end, !complete, out);
    if (status != WIRE_OK)
        return status;

    /* RFC 3261 7: message-header lines up to the empty line. */
    pos = next;
    for (;;) {
        guint hstart = pos, hend;
        if (pos >= len)
            return WIRE_TRUNCATED;
        complete = sip_next_line(buf, len, pos, &end, &next);
        if (end == pos && complete) {
            pos = next;
            break;
        }
        hend = end;
        pos = next;
        /* RFC 3261 7.3.1: a line starting with SP/HT continues the header. */
        while (complete && pos < len && sip_is_wsp(buf[pos])) {
            complete = sip_next_line(buf, len, pos, &end, &next);
            hend = end;
            pos = next;
        }
        if (!complete)
            return WIRE_TRUNCATED; /* header cut: its value may be incomplete */
        sip_parse_header(buf + hstart, hend - hstart, out, &st);
    }

    /* RFC 3261 20.14: the body is Content-Length octets (or, without the
     * header, the rest of the datagram). */
    out->head_len = pos;
    out->have_length = st.have_length;
    out->content_length = st.content_length;
    avail = len - pos;
    if (st.have_length) {
        out->body_len = MIN(st.content_length, avail);
        out->truncated = st.content_length > avail;
    } else {
        out->body_len = avail;
    }
    out->body = out->body_len > 0 ? buf + pos : NULL;
    return WIRE_OK;
}

/* RFC 2046 5.1.1: the next boundary delimiter line ("--" boundary, optional
 * "--" closing mark, transport padding) at a line start at or after pos.
 * *at = its first byte, *after = just past its line end. */
static gboolean
sip_find_delimiter(const guint8 *b, guint n, guint pos, const char *bd, guint bdl,
                   guint *at, guint *after, gboolean *close)
{
    guint i = pos, e, nx;

    while (i < n) {
        if (n - i >= 2 + bdl && b[i] == '-' && b[i + 1] == '-' && memcmp(b + i + 2, bd, bdl) == 0) {
            guint j = i + 2 + bdl;
            gboolean cl = FALSE;
            if (n - j >= 2 && b[j] == '-' && b[j + 1] == '-') {
                cl = TRUE;
                j += 2;
            }
            while (j < n && sip_is_wsp(b[j]))
                j++;
            if (j == n || b[j] == '\r' || b[j] == '\n') {
                sip_next_line(b, n, j, &e, &nx);
                *at = i;
                *after = nx;
                *close = cl;
                return TRUE;
            }
        }
        if (!sip_next_line(b, n, i, &e, &nx))
            break;
        i = nx;
    }
    return FALSE;
}

/* First application/sdp part of a multipart body (RFC 2046 5.1; RFC 5621). */
static gboolean
sip_multipart_sdp(const guint8 *b, guint n, const char *bd, const guint8 **sdp, guint *sdp_len)
{
    guint bdl = (guint)strlen(bd), at, after;
    gboolean close;

    if (!sip_find_delimiter(b, n, 0, bd, bdl, &at, &after, &close))
        return FALSE;
    while (!close) {
        guint pos = after, end, next, body, nat = 0, nafter = 0, pend;
        gboolean is_sdp = FALSE, found, nclose = FALSE;

        /* part headers, up to the empty line */
        for (;;) {
            if (!sip_next_line(b, n, pos, &end, &next))
                return FALSE;
            if (end == pos)
                break;
            if (end - pos > 13 && g_ascii_strncasecmp((const char *)b + pos, "content-type:", 13) == 0) {
                char v[SIP_VALUE_MAX], type[64];
                sip_unfold(v, sizeof v, b + pos + 13, end - pos - 13);
                sip_media_type(v, type, sizeof type);
                is_sdp = strcmp(type, "application/sdp") == 0;
            }
            pos = next;
        }
        body = next;
        found = sip_find_delimiter(b, n, body, bd, bdl, &nat, &nafter, &nclose);
        pend = found ? nat : n;
        /* the CRLF before a delimiter belongs to the delimiter */
        if (found && pend > body && b[pend - 1] == '\n')
            pend--;
        if (found && pend > body && b[pend - 1] == '\r')
            pend--;
        if (is_sdp) {
            *sdp = b + body;
            *sdp_len = pend - body;
            return *sdp_len > 0;
        }
        if (!found)
            return FALSE;
        after = nafter;
        close = nclose;
    }
    return FALSE;
}

gboolean
sip_msg_sdp_body(const sip_msg *m, const guint8 **sdp, guint *sdp_len)
{
    if (m == NULL || sdp == NULL || sdp_len == NULL || m->body == NULL || m->body_len == 0)
        return FALSE;
    if (strcmp(m->content_type, "application/sdp") == 0
        || (m->content_type[0] == '\0' && m->body_len >= 2 && m->body[0] == 'v' && m->body[1] == '=')) {
        *sdp = m->body;
        *sdp_len = m->body_len;
        return TRUE;
    }
    if (g_str_has_prefix(m->content_type, "multipart/") && m->boundary[0] != '\0')
        return sip_multipart_sdp(m->body, m->body_len, m->boundary, sdp, sdp_len);
    return FALSE;
}

wire_status
sip_msg_parse_stream(const guint8 *buf, guint len, sip_msg *out, guint *msg_len)
{
    wire_status status = sip_msg_parse(buf, len, out);
    if (status != WIRE_OK)
        return status;
    if (out->truncated)
        return WIRE_TRUNCATED;
    if (!out->have_length) {
        /* RFC 3261 18.3 makes Content-Length mandatory on a stream; without
         * it the message ends with its headers */
        out->body = NULL;
        out->body_len = 0;
    }
    *msg_len = out->head_len + out->body_len;
    return WIRE_OK;
}
