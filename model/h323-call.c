/* h323-call.c: H.323 calls (see h323-call.h) as the registry follows them.
 *
 * H.225.0 call signalling (Q.931 in TPKT over TCP, wire/q931.c) gives the
 * call: its connection, call reference, the parties' numbers of the Setup,
 * progress (Call Proceeding, Alerting, Connect) and release (Release
 * Complete with its Q.850 cause).  H.245 (H.245 6: requestMode,
 * openLogicalChannel t38fax, closeLogicalChannel and their answers),
 * tunnelled in H.225.0 or on its own connection, comes from Wireshark's
 * H.245 dissector (its PER decoding), as do the H.225.0 callIdentifier
 * and whether H.245 is tunnelled or Fast Start used.
 *
 * A T.38 stream is tied to an H.323 call by its hosts: the stream joins
 * the one call whose H.225.0 connection runs between the same two hosts
 * and was up when the stream started (gateways send media from the address
 * they signal from); two such calls, and the one whose H.245 opened a
 * t38fax channel wins; otherwise the stream stays without signalling.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-registry-int.h"

#include <string.h>

typedef struct {
    fax_endpoint_pair conn;
    guint16           crv;
} h323_key;

static guint
key_hash(gconstpointer p)
{
    const h323_key *k = p;
    return fax_endpoint_pair_hash(&k->conn) * 31u + k->crv;
}

static gboolean
key_equal(gconstpointer a, gconstpointer b)
{
    const h323_key *x = a, *y = b;
    return x->crv == y->crv && fax_endpoint_pair_equal(&x->conn, &y->conn);
}

void
h323_registry_init(fax_registry *r)
{
    r->h323 = g_ptr_array_new_with_free_func(g_free);
    r->h323_by_key = g_hash_table_new_full(key_hash, key_equal, g_free, NULL);
    r->h323_by_conn = g_hash_table_new_full(fax_endpoint_pair_hash, fax_endpoint_pair_equal, g_free, NULL);
}

void
h323_registry_free(fax_registry *r)
{
    g_hash_table_destroy(r->h323_by_conn);
    g_hash_table_destroy(r->h323_by_key);
    g_ptr_array_free(r->h323, TRUE);
}

void
fax_registry_h225(fax_registry *r, const q931_msg *m, const fax_endpoint *src,
                  const fax_endpoint *dst, guint32 frame, double t)
{
    h323_key key;
    memset(&key, 0, sizeof key);
    fax_endpoint_pair_make(src, dst, &key.conn);
    key.crv = m->call_ref;
    fax_h323 *h = g_hash_table_lookup(r->h323_by_key, &key);
    if (h && h->release_frame && m->msg_type == Q931_SETUP)
        h = NULL;        /* Q.931 4.3: a released call reference is free for a new call */
    if (!h) {
        /* a call starts at its Setup; a capture that starts later, at any
         * message with a call reference */
        if (m->call_ref == 0 || r->h323->len >= FAX_MAX_H323_CALLS) {
            r->truncated = r->truncated || m->call_ref != 0;
            return;
        }
        h = g_new0(fax_h323, 1);
        h->call_ref = m->call_ref;
        /* Q.931 4.3: the flag is 0 in messages of the side that set the
         * call reference up: the caller, side A */
        h->sig[FAX_SIDE_A] = m->from_destination ? *dst : *src;
        h->sig[FAX_SIDE_B] = m->from_destination ? *src : *dst;
        g_ptr_array_add(r->h323, h);
        g_hash_table_replace(r->h323_by_key, g_memdup2(&key, sizeof key), h);
    }
    g_hash_table_replace(r->h323_by_conn, g_memdup2(&key.conn, sizeof key.conn), h);
    fax_side side = m->from_destination ? FAX_SIDE_B : FAX_SIDE_A;
    if (m->display[0] && !h->display[side][0])
        g_strlcpy(h->display[side], m->display, sizeof h->display[side]);
    if (h->t_setup == 0 && h->setup_frame == 0)
        h->t_setup = t;      /* first message seen: the call's start as captured */
    switch (m->msg_type) {
    case Q931_SETUP:
        if (!h->setup_frame) {
            h->setup_frame = frame;
            h->t_setup = t;
            g_strlcpy(h->calling, m->calling, sizeof h->calling);
            g_strlcpy(h->called, m->called, sizeof h->called);
        }
        break;
    case Q931_CALL_PROCEEDING: if (!h->proceeding_frame) h->proceeding_frame = frame; break;
    case Q931_ALERTING:        if (!h->alerting_frame) h->alerting_frame = frame; break;
    case Q931_CONNECT:
        if (!h->connect_frame) {
            h->connect_frame = frame;
            h->t_connect = t;
        }
        break;
    case Q931_RELEASE_COMPLETE:
        if (!h->release_frame) {
            h->release_frame = frame;
            h->t_release = t;
            h->cause = m->cause;
            h->release_side = side;
        }
        break;
    default:
        break;
    }
    h->t_last = t;
    r->dirty = TRUE;
}

/* The H.323 call of a connection's latest H.225.0 message; for H.245 on a
 * connection of its own, the latest call between the same two hosts. */
static fax_h323 *
call_of(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst)
{
    fax_endpoint_pair conn;
    fax_endpoint_pair_make(src, dst, &conn);
    fax_h323 *h = g_hash_table_lookup(r->h323_by_conn, &conn);
    if (h)
        return h;
    for (guint i = r->h323->len; i-- > 0;) {
        fax_h323 *x = g_ptr_array_index(r->h323, i);
        if ((fax_endpoint_same_addr(&x->sig[0], src) && fax_endpoint_same_addr(&x->sig[1], dst)) ||
            (fax_endpoint_same_addr(&x->sig[0], dst) && fax_endpoint_same_addr(&x->sig[1], src)))
            return x;
    }
    return NULL;
}

void
fax_registry_h225_info(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst,
                       const guint8 guid[16], gboolean tunnelling, gboolean faststart)
{
    fax_h323 *h = call_of(r, src, dst);
    if (!h)
        return;
    static const guint8 zero[16];
    if (!h->has_guid && memcmp(guid, zero, 16) != 0) {
        memcpy(h->guid, guid, 16);
        h->has_guid = TRUE;
    }
    h->tunnelling = h->tunnelling || tunnelling;
    h->faststart = h->faststart || faststart;
    r->dirty = TRUE;
}

void
fax_registry_h245(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst,
                  guint32 frame, fax_h245_kind kind, gboolean t38fax, const char *what)
{
    if (kind == FAX_H245_OTHER)
        return;             /* capability exchange, master/slave: not kept */
    fax_h323 *h = call_of(r, src, dst);
    if (!h)
        return;
    /* a frame dissected again (GUI) is not a new message */
    if (h->n_events > 0 && frame < h->events[h->n_events - 1].frame)
        return;
    for (guint i = h->n_events; i-- > 0 && h->events[i].frame == frame;)
        if (h->events[i].kind == kind && strcmp(h->events[i].what, what) == 0)
            return;
    if (h->n_events >= FAX_H323_MAX_EVENTS) {
        h->n_events_dropped++;
        return;
    }
    fax_h245_event *e = &h->events[h->n_events++];
    e->frame = frame;
    e->side = fax_endpoint_same_addr(src, &h->sig[FAX_SIDE_A]) ? FAX_SIDE_A : FAX_SIDE_B;
    e->kind = kind;
    e->t38fax = t38fax;
    g_strlcpy(e->what, what, sizeof e->what);
    r->dirty = TRUE;
}

guint32
fax_h323_t38_olc(const fax_h323 *h)
{
    for (guint i = 0; i < h->n_events; i++)
        if (h->events[i].kind == FAX_H245_OLC && h->events[i].t38fax)
            return h->events[i].frame;
    return 0;
}

guint32
fax_h323_mode_rejected(const fax_h323 *h)
{
    for (guint i = 0; i < h->n_events; i++)
        if (h->events[i].kind == FAX_H245_REQUEST_MODE_REJECT)
            return h->events[i].frame;
    return 0;
}

const char *
fax_h245_kind_name(fax_h245_kind k)
{
    switch (k) {
    case FAX_H245_OLC:                 return "openLogicalChannel";
    case FAX_H245_OLC_ACK:             return "openLogicalChannelAck";
    case FAX_H245_OLC_REJECT:          return "openLogicalChannelReject";
    case FAX_H245_CLC:                 return "closeLogicalChannel";
    case FAX_H245_CLC_ACK:             return "closeLogicalChannelAck";
    case FAX_H245_REQUEST_MODE:        return "requestMode";
    case FAX_H245_REQUEST_MODE_ACK:    return "requestModeAck";
    case FAX_H245_REQUEST_MODE_REJECT: return "requestModeReject";
    default:                           return "other";
    }
}

/* Does H.323 call h run between the hosts of stream call c, when c's
 * T.38 started? */
static gboolean
hosts_match(const fax_h323 *h, const fax_call *c)
{
    const fax_endpoint *a = &c->seen_src[FAX_SIDE_A], *b = &c->seen_src[FAX_SIDE_B];
    gboolean ha = fax_endpoint_same_addr(a, &h->sig[0]) || fax_endpoint_same_addr(a, &h->sig[1]);
    gboolean hb = b->family == 0 || fax_endpoint_same_addr(b, &h->sig[0]) ||
                  fax_endpoint_same_addr(b, &h->sig[1]);
    if (!ha || !hb || (b->family != 0 && fax_endpoint_same_addr(a, b) &&
                       !fax_endpoint_same_addr(&h->sig[0], &h->sig[1])))
        return FALSE;
    return h->t_setup <= c->t_first && (h->release_frame == 0 || h->t_release >= c->t_first);
}

static void
set_str(char **dst, const char *v)
{
    g_free(*dst);
    *dst = v && *v ? g_strdup(v) : NULL;
}

/* The call's identity as the reports show it for any call: calling and
 * called numbers of the Setup, the H.225.0 callIdentifier as Call-ID. */
static void
h323_identity(fax_call *c)
{
    const fax_h323 *h = c->h323;
    set_str(&c->caller, h->calling);
    set_str(&c->callee, h->called);
    char guid[40] = "";
    if (h->has_guid)
        g_snprintf(guid, sizeof guid, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                   h->guid[0], h->guid[1], h->guid[2], h->guid[3], h->guid[4], h->guid[5],
                   h->guid[6], h->guid[7], h->guid[8], h->guid[9], h->guid[10], h->guid[11],
                   h->guid[12], h->guid[13], h->guid[14], h->guid[15]);
    set_str(&c->call_id, guid);
}

void
h323_join(fax_registry *r, fax_call *c)
{
    if (c->origin == FAX_ORIGIN_H323) {
        h323_identity(c);       /* the taps may have told more since */
        c->t38 = fax_h323_t38_olc(c->h323) ? FAX_T38_ACCEPTED : FAX_T38_NONE;
        return;
    }
    if (c->origin != FAX_ORIGIN_UDPTL || r->h323->len == 0)
        return;
    fax_h323 *pick = NULL;
    guint n = 0, n_t38 = 0;
    fax_h323 *pick_t38 = NULL;
    for (guint i = 0; i < r->h323->len; i++) {
        fax_h323 *h = g_ptr_array_index(r->h323, i);
        if (!hosts_match(h, c))
            continue;
        n++;
        pick = h;
        if (fax_h323_t38_olc(h)) {
            n_t38++;
            pick_t38 = h;
        }
    }
    if (n_t38 == 1)
        pick = pick_t38;
    else if (n != 1)
        return;            /* none, or which one is not known */
    c->origin = FAX_ORIGIN_H323;
    c->h323 = pick;
    c->t38 = fax_h323_t38_olc(pick) ? FAX_T38_ACCEPTED : FAX_T38_NONE;
    h323_identity(c);
}
