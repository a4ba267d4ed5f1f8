/* mgcp.c: MGCP messages (RFC 3435 3), see mgcp.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "mgcp.h"

#include <string.h>

/* The line at pos: [pos, *end) without CR LF; *next after the LF. */
static gboolean
line_at(const guint8 *b, guint len, guint pos, guint *end, guint *next)
{
    const guint8 *lf = pos < len ? memchr(b + pos, '\n', len - pos) : NULL;
    guint e = lf ? (guint)(lf - b) : len;
    *next = lf ? e + 1 : len;
    if (e > pos && b[e - 1] == '\r')
        e--;
    *end = e;
    return lf != NULL;
}

static void
copy_text(char *dst, gsize size, const guint8 *s, guint n)
{
    gsize o = 0;
    for (guint i = 0; i < n && o + 1 < size; i++)
        if (s[i] >= 0x20 && s[i] < 0x7f)
            dst[o++] = (char)s[i];
    dst[o] = '\0';
}

/* The next space-separated word of s[*i..n). */
static gboolean
word(const guint8 *s, guint n, guint *i, guint *ws, guint *we)
{
    while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
        (*i)++;
    *ws = *i;
    while (*i < n && s[*i] != ' ' && s[*i] != '\t')
        (*i)++;
    *we = *i;
    return *we > *ws;
}

static gboolean
number(const guint8 *s, guint n, guint32 *v)
{
    if (n == 0 || n > 9)
        return FALSE;
    guint32 x = 0;
    for (guint i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return FALSE;
        x = x * 10 + (guint32)(s[i] - '0');
    }
    *v = x;
    return TRUE;
}

/* RFC 3435 3.2.1: verb transaction-id endpoint "MGCP" version;
 * 3.3: response-code transaction-id [package-name] [response-string]. */
static wire_status
first_line(const guint8 *s, guint n, mgcp_msg *out)
{
    guint i = 0, a, b, c, d;
    if (!word(s, n, &i, &a, &b) || !word(s, n, &i, &c, &d))
        return WIRE_BAD_ENCODING;
    if (!number(s + c, d - c, &out->transaction))
        return WIRE_BAD_ENCODING;
    guint32 code;
    if (b - a == 3 && number(s + a, 3, &code)) {
        out->code = code;
        while (i < n && s[i] == ' ')
            i++;
        copy_text(out->comment, sizeof out->comment, s + i, n - i);
        return WIRE_OK;
    }
    if (b - a != 4)
        return WIRE_BAD_ENCODING;
    for (guint k = a; k < b; k++)
        if (!g_ascii_isupper(s[k]))
            return WIRE_BAD_ENCODING;
    guint e0, e1, m0, m1;
    if (!word(s, n, &i, &e0, &e1) || !word(s, n, &i, &m0, &m1) || m1 - m0 != 4 ||
        memcmp(s + m0, "MGCP", 4) != 0)
        return WIRE_BAD_ENCODING;
    out->is_command = TRUE;
    copy_text(out->verb, sizeof out->verb, s + a, b - a);
    copy_text(out->endpoint, sizeof out->endpoint, s + e0, e1 - e0);
    return WIRE_OK;
}

/* RFC 3435 3.2.2: "X: value", case-insensitive one-letter codes. */
static void
parameter(const guint8 *s, guint n, mgcp_msg *out)
{
    if (n < 2 || s[1] != ':')
        return;
    guint v = 2;
    while (v < n && (s[v] == ' ' || s[v] == '\t'))
        v++;
    const guint8 *val = s + v;
    guint vl = n - v;
    switch (g_ascii_toupper(s[0])) {
    case 'C': copy_text(out->call_id, sizeof out->call_id, val, vl); break;
    case 'I': copy_text(out->connection_id, sizeof out->connection_id, val, vl); break;
    case 'M': copy_text(out->mode, sizeof out->mode, val, vl); break;
    case 'O': copy_text(out->observed, sizeof out->observed, val, vl); break;
    case 'P': copy_text(out->conn_params, sizeof out->conn_params, val, vl); break;
    default: break;
    }
}

wire_status
mgcp_msg_parse(const guint8 *buf, guint len, mgcp_msg *out, guint *used)
{
    memset(out, 0, sizeof *out);
    *used = len;
    if (buf == NULL || len == 0)
        return WIRE_TRUNCATED;
    guint end, next;
    line_at(buf, len, 0, &end, &next);
    wire_status st = first_line(buf, end, out);
    if (st != WIRE_OK)
        return st;
    guint pos = next;
    while (pos < len) {
        gboolean lf = line_at(buf, len, pos, &end, &next);
        if (end == pos) {
            /* RFC 3435 3.4: an empty line, then the session description,
             * up to a piggy-backing separator */
            guint sdp = next, k = sdp;
            while (k < len) {
                guint e2, n2;
                line_at(buf, len, k, &e2, &n2);
                if (e2 - k == 1 && buf[k] == '.') {
                    *used = n2;
                    break;
                }
                k = n2;
            }
            guint sdp_end = k < len ? k : len;
            if (sdp_end > sdp) {
                out->sdp = buf + sdp;
                out->sdp_len = sdp_end - sdp;
            }
            return WIRE_OK;
        }
        if (end - pos == 1 && buf[pos] == '.') {
            *used = next;                   /* RFC 3435 3.5.5 */
            return WIRE_OK;
        }
        parameter(buf + pos, end - pos, out);
        if (!lf)
            break;
        pos = next;
    }
    return WIRE_OK;
}
