/* render-fixture.h: what the renderer tests render: a fax call built by
 * hand (every field known, so the expected output is exact), the calls of a
 * committed capture fed to the model as the plugin's first pass feeds it
 * (SIP, then UDPTL on SDP-announced endpoints), and a strict RFC 8259 JSON
 * syntax check.  Test-only, header-only.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef RENDER_FIXTURE_H
#define RENDER_FIXTURE_H

#include <string.h>
#include <glib.h>

#include "fax-registry.h"
#include "t30-session.h"
#include "sip.h"
#include "sdp.h"
#include "../unit/fax-synth.h"

/* ---- a call built by hand -------------------------------------------- */

static inline void
fixture_endpoint(fax_endpoint *e, guint8 a, guint8 b, guint8 c, guint8 d, guint16 port)
{
    memset(e, 0, sizeof *e);
    e->family = 4;
    e->addr[0] = a;
    e->addr[1] = b;
    e->addr[2] = c;
    e->addr[3] = d;
    e->port = port;
}

/* A SIP call whose T.38 was accepted and nothing else was seen: an empty
 * T.30 session, no UDPTL, no SDP.  t0 = 1000 s; the call runs 1001.5 to
 * 1004.25.  Free with fixture_call_free(). */
static inline fax_call *
fixture_call(guint id, const char *caller, const char *callee, const char *call_id)
{
    fax_call *c = g_new0(fax_call, 1);
    c->id = id;
    c->origin = FAX_ORIGIN_SIP;
    c->call_id = g_strdup(call_id);
    c->caller = g_strdup(caller);
    c->callee = g_strdup(callee);
    c->first_frame = 3;
    c->last_frame = 40;
    c->t_first = 1001.5;
    c->t_last = 1004.25;
    c->invite_frame = 3;
    c->t_invite = 1001.5;
    c->t38 = FAX_T38_ACCEPTED;
    c->session = t30_session_new();
    c->result = FAX_RESULT_INCOMPLETE;
    c->reason = "no_t30";
    g_strlcpy(c->result_text, "T.38 accepted, no T.30 seen", sizeof c->result_text);
    return c;
}

static inline void
fixture_call_free(fax_call *c)
{
    t30_session_free(c->session);
    g_free(c->call_id);
    g_free(c->caller);
    g_free(c->callee);
    g_free(c);
}

/* ---- the calls of a capture -------------------------------------------- */

typedef struct {
    fax_registry *r;
    double        t0;      /* time of frame 1 */
} fixture_feed;

static inline void
fixture_feed_udp(guint32 frame, double t, guint32 src, guint16 sport, guint32 dst, guint16 dport,
                 const guint8 *p, guint len, void *user)
{
    fixture_feed *feed = user;
    fax_registry *r = feed->r;
    if (frame == 1)
        feed->t0 = t;
    fax_endpoint s, d;
    fixture_endpoint(&s, src >> 24, src >> 16 & 0xFF, src >> 8 & 0xFF, src & 0xFF, sport);
    fixture_endpoint(&d, dst >> 24, dst >> 16 & 0xFF, dst >> 8 & 0xFF, dst & 0xFF, dport);
    if (sport == 5060 || dport == 5060) {
        sip_msg m;
        sdp_info sdp;
        const guint8 *body;
        guint body_len;
        gboolean has_sdp = FALSE;
        fax_sip_note note;
        if (sip_msg_parse(p, len, &m) != WIRE_OK)
            return;
        if (sip_msg_sdp_body(&m, &body, &body_len))
            has_sdp = sdp_parse(body, body_len, &sdp) == WIRE_OK;
        fax_registry_sip(r, &m, has_sdp ? &sdp : NULL, &s, &d, frame, t, &note);
    } else if (fax_registry_is_t38_endpoint(r, &s, &d)) {
        fax_udptl_note note;
        fax_registry_udptl(r, &s, &d, p, len, frame, t, TRUE, &note);
    }
}

/* The capture pcaps/NAME.pcap through the model (keeping page data if
 * pages); *t0: the time of its first frame (a UDP one in the captures
 * used).  NULL if it cannot be read. */
static inline fax_registry *
fixture_capture_pages(const char *name, double *t0, gboolean pages)
{
    char *path = g_strdup_printf("%s/pcaps/%s.pcap", FAXCALLS_SOURCE_DIR, name);
    fixture_feed feed = { fax_registry_new(), 0 };
    fax_registry_set_pages(feed.r, pages);
    gboolean ok = pcap_read_udp(path, fixture_feed_udp, &feed);
    g_free(path);
    if (!ok) {
        fax_registry_free(feed.r);
        return NULL;
    }
    fax_registry_finish(feed.r);
    *t0 = feed.t0;
    return feed.r;
}

static inline fax_registry *
fixture_capture(const char *name, double *t0)
{
    return fixture_capture_pages(name, t0, FALSE);
}

/* The registry's calls in id order (free the array only). */
static inline GPtrArray *
fixture_calls(fax_registry *r)
{
    GPtrArray *calls = g_ptr_array_new();
    for (guint id = 1; id <= fax_registry_count(r); id++) {
        fax_call *c = fax_registry_call(r, id);
        if (c)
            g_ptr_array_add(calls, c);
    }
    return calls;
}

/* What a renderer wrote equals the expected file FAXCALLS_SOURCE_DIR/rel
 * (what tshark printed before); frees out. */
static inline void
fixture_expect_file(GString *out, const char *rel)
{
    char *path = g_strdup_printf("%s/%s", FAXCALLS_SOURCE_DIR, rel);
    char *want = NULL;
    g_assert_true(g_file_get_contents(path, &want, NULL, NULL));
    g_assert_cmpstr(out->str, ==, want);
    g_free(want);
    g_free(path);
    g_string_free(out, TRUE);
}

/* ---- strict JSON syntax (RFC 8259) ------------------------------------- */

static gboolean json_value(const char **p, guint depth);

static inline void
json_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
        (*p)++;
}

static inline gboolean
json_string(const char **p)
{
    if (**p != '"')
        return FALSE;
    for ((*p)++; **p != '"'; (*p)++) {
        guchar c = (guchar)**p;
        if (c < 0x20)
            return FALSE;              /* clause 7: controls must be escaped */
        if (c == '\\') {
            (*p)++;
            if (**p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!g_ascii_isxdigit((*p)[i]))
                        return FALSE;
                *p += 4;
            } else if (!strchr("\"\\/bfnrt", **p) || !**p) {
                return FALSE;
            }
        }
    }
    (*p)++;
    return TRUE;
}

static inline gboolean
json_number(const char **p)
{
    const char *s = *p;
    if (**p == '-')
        (*p)++;
    if (**p == '0')
        (*p)++;
    else if (g_ascii_isdigit(**p))
        while (g_ascii_isdigit(**p))
            (*p)++;
    else
        return FALSE;
    if (**p == '.') {
        (*p)++;
        if (!g_ascii_isdigit(**p))
            return FALSE;
        while (g_ascii_isdigit(**p))
            (*p)++;
    }
    if (**p == 'e' || **p == 'E') {
        (*p)++;
        if (**p == '+' || **p == '-')
            (*p)++;
        if (!g_ascii_isdigit(**p))
            return FALSE;
        while (g_ascii_isdigit(**p))
            (*p)++;
    }
    return *p > s;
}

static inline gboolean
json_members(const char **p, char close, guint depth)
{
    (*p)++;
    json_ws(p);
    if (**p == close) {
        (*p)++;
        return TRUE;
    }
    for (;;) {
        json_ws(p);
        if (close == '}') {
            if (!json_string(p))
                return FALSE;
            json_ws(p);
            if (**p != ':')
                return FALSE;
            (*p)++;
        }
        if (!json_value(p, depth + 1))
            return FALSE;
        json_ws(p);
        if (**p == close) {
            (*p)++;
            return TRUE;
        }
        if (**p != ',')
            return FALSE;
        (*p)++;
    }
}

static gboolean
json_value(const char **p, guint depth)
{
    json_ws(p);
    if (depth > 32)
        return FALSE;
    switch (**p) {
    case '{': return json_members(p, '}', depth);
    case '[': return json_members(p, ']', depth);
    case '"': return json_string(p);
    case 't': return strncmp(*p, "true", 4) == 0 ? (*p += 4, TRUE) : FALSE;
    case 'f': return strncmp(*p, "false", 5) == 0 ? (*p += 5, TRUE) : FALSE;
    case 'n': return strncmp(*p, "null", 4) == 0 ? (*p += 4, TRUE) : FALSE;
    default:  return json_number(p);
    }
}

/* One complete JSON text, and valid UTF-8. */
static inline gboolean
json_valid(const char *text)
{
    const char *p = text;
    if (!g_utf8_validate(text, -1, NULL) || !json_value(&p, 0))
        return FALSE;
    json_ws(&p);
    return *p == '\0';
}

#endif /* RENDER_FIXTURE_H */
