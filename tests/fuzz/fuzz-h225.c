/* fuzz-h225.c: libFuzzer harness for H.323: the H.225.0 call signalling
 * decoder (wire/q931.c: TPKT framing, RFC 1006 6, and Q.931 messages) and
 * the registry's H.323 calls (model/h323-call.c): H.225.0 messages, the
 * H.225.0 facts and H.245 messages Wireshark's dissectors hand over, T.38
 * streams that may join a call, the verdicts and the reports.
 *
 * The input is an H.225.0 byte stream as it runs in TCP: TPKT packets back
 * to back, each holding a Q.931 message (fuzz-corpus.py writes the TPKT
 * packets of the captures).  Where tpkt_frame finds no TPKT header
 * (WIRE_BAD_ENCODING) the octet there is a control octet and the framing
 * resumes at the next one; its bits 7-5 say what to do, bits 4-0 (arg)
 * with what:
 *
 *   0  the TPKT packets that follow run on H.225.0 connection arg & 3,
 *      from its called side (Q.931 4.3 flag 1 expected) when arg & 4
 *   1  time step: arg x 0.5 s
 *   2  an H.245 message tunnelled in the current connection: kind
 *      (arg & 15) % 9, naming t38fax when arg & 16
 *   3  an H.245 message on a connection of its own between the current
 *      connection's hosts: kind arg % 9, t38fax when (arg / 9) & 1
 *   4  the H.225.0 facts of the current connection: the callIdentifier is
 *      the next 16 octets (zeros past the end), tunnelling arg & 1, Fast
 *      Start arg & 2
 *   5  a T.38 datagram (UDPTL no-signal indicator, decoded as T.38 by
 *      Wireshark) between media hosts arg & 3 and (arg >> 2) & 3, sent by
 *      the second when arg & 16
 *   6  every call's verdict now (fax_registry_finish)
 *   7  the frame number goes back by arg (the GUI dissects frames again)
 *
 * A packet cut short by the end of the input (WIRE_TRUNCATED) ends it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "fax-json.h"
#include "fax-registry.h"
#include "fax-text.h"

#define TERMINATED(a) (strnlen((a), sizeof(a)) < sizeof(a))

/* Hosts: 10.0.0.1-3 and 2001:db8::4 (another address family). */
static void
host(guint i, guint16 port, fax_endpoint *e)
{
    memset(e, 0, sizeof *e);
    if (i < 3) {
        e->family = 4;
        e->addr[0] = 10;
        e->addr[3] = (guint8)(i + 1);
    } else {
        static const guint8 v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4 };
        e->family = 6;
        memcpy(e->addr, v6, 16);
    }
    e->port = port;
}

/* H.225.0 connections (caller end, called end on port 1720): 0 and 1
 * between the same two hosts, 2 from another caller to the same called
 * host, 3 within one host. */
static void
connection(guint k, fax_endpoint *caller, fax_endpoint *called)
{
    static const guint8 from[4] = { 0, 0, 2, 3 }, to[4] = { 1, 1, 1, 3 };
    host(from[k], (guint16)(12000 + k), caller);
    host(to[k], 1720, called);
}

static void
check_msg(const q931_msg *m)
{
    if (!TERMINATED(m->calling) || !TERMINATED(m->called) || !TERMINATED(m->display))
        __builtin_trap();
    if (m->msg_type > 0x7f || m->call_ref > 0x7fff || m->cause > 0x7f)
        __builtin_trap();
    for (const char *s = m->display; *s; s++)
        if ((guint8)*s < 0x20 || (guint8)*s >= 0x7f)
            __builtin_trap();
}

/* The registry's promises about a call after fax_registry_finish. */
static void
check_call(const fax_call *c, guint id)
{
    if (!c || c->id != id)
        __builtin_trap();
    if (c->origin == FAX_ORIGIN_H323) {
        const fax_h323 *h = c->h323;
        if (!h || h->call_ref == 0 || h->n_events > FAX_H323_MAX_EVENTS)
            __builtin_trap();
        if (!TERMINATED(h->calling) || !TERMINATED(h->called) ||
            !TERMINATED(h->display[0]) || !TERMINATED(h->display[1]))
            __builtin_trap();
        for (guint i = 0; i < h->n_events; i++) {
            const fax_h245_event *e = &h->events[i];
            if (!TERMINATED(e->what) || e->kind > FAX_H245_REQUEST_MODE_REJECT ||
                (e->side != FAX_SIDE_A && e->side != FAX_SIDE_B) ||
                (i > 0 && e->frame < h->events[i - 1].frame))
                __builtin_trap();
        }
        /* the identity is the Setup's numbers and the callIdentifier */
        if ((c->caller == NULL) != (h->calling[0] == '\0') ||
            (c->caller && strcmp(c->caller, h->calling) != 0) ||
            (c->callee == NULL) != (h->called[0] == '\0') ||
            (c->call_id == NULL) != !h->has_guid ||
            (c->call_id && strlen(c->call_id) != 36))
            __builtin_trap();
        gboolean olc = fax_h323_t38_olc(h) != 0;
        if ((c->t38 == FAX_T38_ACCEPTED) != olc)
            __builtin_trap();
    } else if (c->origin == FAX_ORIGIN_UDPTL && c->h323) {
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a copy of exactly the input, so ASan sees any over-read */
    guint8 *buf = g_memdup2(data, (gsize)size);
    fax_registry *r = fax_registry_new();
    guint len = (guint)MIN(size, (size_t)G_MAXUINT);
    guint pos = 0, conn = 0;
    gboolean from_called = FALSE;
    guint32 frame = 1;
    double t = 1.0e9;
    guint16 seq = 0;
    while (pos < len) {
        guint n = 0;
        wire_status st = tpkt_frame(buf + pos, len - pos, &n);
        if (st == WIRE_TRUNCATED)
            break;
        fax_endpoint a, b;
        connection(conn, &a, &b);
        const fax_endpoint *src = from_called ? &b : &a, *dst = from_called ? &a : &b;
        if (st == WIRE_OK) {
            if (n < 7 || n > len - pos)
                __builtin_trap();
            /* the Q.931 message alone, in a buffer of its own length */
            guint8 *msg = g_memdup2(buf + pos + 4, n - 4);
            q931_msg m;
            if (q931_parse(msg, n - 4, &m) == WIRE_OK) {
                check_msg(&m);
                fax_registry_h225(r, &m, src, dst, frame, t);
            }
            g_free(msg);
            pos += n;
            frame++;
            t += 0.01;
            continue;
        }
        guint8 c = buf[pos++], arg = c & 0x1f;
        switch (c >> 5) {
        case 0:
            conn = arg & 3;
            from_called = (arg & 4) != 0;
            break;
        case 1:
            t += arg * 0.5;
            break;
        case 2: {
            fax_h245_kind kind = (fax_h245_kind)((arg & 15) % 9);
            fax_registry_h245(r, src, dst, frame++, kind, (arg & 16) != 0,
                              fax_h245_kind_name(kind));
            break;
        }
        case 3: {
            fax_h245_kind kind = (fax_h245_kind)(arg % 9);
            fax_endpoint hs = *src, hd = *dst;
            hs.port = (guint16)(11000 + arg);
            hd.port = 11001;
            fax_registry_h245(r, &hs, &hd, frame++, kind, ((arg / 9) & 1) != 0,
                              fax_h245_kind_name(kind));
            break;
        }
        case 4: {
            guint8 guid[16] = { 0 };
            guint k = MIN(16u, len - pos);
            memcpy(guid, buf + pos, k);
            pos += k;
            fax_registry_h225_info(r, src, dst, guid, (arg & 1) != 0, (arg & 2) != 0);
            break;
        }
        case 5: {
            fax_endpoint ms, md;
            host(arg & 3, 16384, &ms);
            host((arg >> 2) & 3, 16386, &md);
            const guint8 p[] = { (guint8)(seq >> 8), (guint8)seq, 0x01, 0x00, 0x00, 0x00 };
            seq++;
            fax_udptl_note note;
            if (arg & 16)
                fax_registry_udptl(r, &md, &ms, p, sizeof p, frame++, t, TRUE, &note);
            else
                fax_registry_udptl(r, &ms, &md, p, sizeof p, frame++, t, TRUE, &note);
            t += 0.02;
            break;
        }
        case 6:
            fax_registry_finish(r);
            break;
        default:
            frame = frame > arg ? frame - arg : 1;
            break;
        }
    }
    fax_registry_finish(r);
    guint nc = fax_registry_count(r);
    fax_call **calls = g_new0(fax_call *, nc + 1);
    for (guint i = 0; i < nc; i++) {
        calls[i] = fax_registry_call(r, i + 1);
        check_call(calls[i], i + 1);
    }
    GString *out = g_string_new(NULL);
    fax_text_report(out, calls, nc, 1.0e9, "h225", "fuzz");
    fax_json_calls(out, calls, nc, 1.0e9, "h225", "fuzz", fax_registry_truncated(r));
    g_string_free(out, TRUE);
    g_free(calls);
    fax_registry_free(r);
    g_free(buf);
    return 0;
}
