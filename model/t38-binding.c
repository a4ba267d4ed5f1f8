/* t38-binding.c: the T.38 endpoints a call's SDP announced, bound to the
 * call and the side that receives there, and each UDPTL datagram of a call
 * fed to its T.38 stream of that direction, the stream's events to the T.30
 * session (and the page assembly), the sequence gaps counted by T.30 phase
 * and page.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-registry-int.h"

#include <string.h>

void
t38_binding_bind(fax_registry *r, fax_call *c, fax_side owner, const sdp_media *m)
{
    fax_endpoint e;
    registry_endpoint_from_sdp(m, &e);
    if (e.family == 0 || e.port == 0)
        return;
    c->sdp_media[owner] = e;
    c->has_sdp_media[owner] = TRUE;
    fax_binding *b = g_hash_table_lookup(r->bindings, &e);
    if (!b) {
        b = g_new(fax_binding, 1);
        g_hash_table_insert(r->bindings, g_memdup2(&e, sizeof e), b);
    }
    b->call = c;       /* the latest announcement wins (port reuse) */
    b->owner = owner;
    port_bit_mark(r->t38_ports, e.port);
}

gboolean
fax_registry_is_t38_endpoint(const fax_registry *r, const fax_endpoint *src,
                             const fax_endpoint *dst)
{
    if (!port_bit_marked(r->t38_ports, dst->port) && !port_bit_marked(r->t38_ports, src->port))
        return FALSE;
    return g_hash_table_contains(r->bindings, dst) ||
           g_hash_table_contains(r->bindings, src);
}

void
fax_registry_udptl(fax_registry *r, const fax_endpoint *src,
                   const fax_endpoint *dst, const guint8 *payload, guint len,
                   guint32 frame, double t, gboolean ws_t38,
                   fax_udptl_note *note)
{
    memset(note, 0, sizeof *note);
    fax_call *c = NULL;
    fax_side sender = FAX_SIDE_A;

    fax_binding *b = NULL;
    if (port_bit_marked(r->t38_ports, dst->port))
        b = g_hash_table_lookup(r->bindings, dst);
    if (b) {
        c = b->call;
        sender = FAX_OTHER_SIDE(b->owner);
    } else if (port_bit_marked(r->t38_ports, src->port) &&
               (b = g_hash_table_lookup(r->bindings, src)) != NULL) {
        c = b->call;
        sender = b->owner;
    } else if (ws_t38) {
        /* Wireshark decodes it as T.38 (Decode As, H.245, or an SDP we could
         * not read): a call of its own, but only if it really is UDPTL. */
        fax_endpoint_pair key;
        fax_endpoint_pair_make(src, dst, &key);
        c = g_hash_table_lookup(r->bare, &key);
        if (!c) {
            if (!udptl_plausible(payload, len))
                return;
            c = registry_bare_new(r, &key, src, dst, frame, t);
            if (!c)
                return;
            note->new_call = TRUE;
        }
        sender = fax_endpoint_equal(src, &c->seen_src[FAX_SIDE_A]) ? FAX_SIDE_A : FAX_SIDE_B;
    }
    if (!c)
        return;
    t38_binding_feed(r, c, sender, src, payload, len, frame, t, note);
}

/* Attribute this packet's resolved gaps to the session's phase and page. */
static void
account_loss(fax_call *c, fax_side sender, const t38_packet_note *pkt)
{
    if (pkt->recovered == 0 && pkt->lost == 0)
        return;
    fax_phase ph;
    guint page;
    t30_session_position(c->session, &ph, &page);
    if ((guint)ph >= G_N_ELEMENTS(c->loss_phase[0]))
        ph = FAX_PHASE_NONE;
    c->loss_phase[sender][ph].recovered += pkt->recovered;
    c->loss_phase[sender][ph].lost += pkt->lost;
    if (page == 0 || page > T30_MAX_PAGES)
        return;
    if (!c->loss_page[sender])
        c->loss_page[sender] = g_new0(fax_loss, T30_MAX_PAGES + 1);
    c->loss_page[sender][page].recovered += pkt->recovered;
    c->loss_page[sender][page].lost += pkt->lost;
}

typedef struct {
    fax_call       *call;
    fax_udptl_note *note;
} feed_ctx;

/* A T.38 stream event: to the T.30 session and the page assembly. */
static void
on_event(const fax_event *ev, void *user)
{
    feed_ctx *ctx = user;
    fax_note n;
    t30_session_feed(ctx->call->session, ev, &n);
    if (ctx->call->pages)
        page_asm_feed(ctx->call->pages, ev, &n);
    fax_udptl_note *un = ctx->note;
    if (un->n_notes < FAX_MAX_NOTES_PER_PACKET)
        un->notes[un->n_notes++] = n;
    else
        un->notes_truncated = TRUE;
}

/* Media counters of one datagram: first one per side, the longest silence,
 * a source port other than the SDP's. */
static void
count_datagram(fax_call *c, fax_side sender, const fax_endpoint *src,
               guint32 frame, double t, fax_udptl_note *note)
{
    if (c->udptl_packets[sender] == 0) {
        c->first_udptl_frame[sender] = frame;
        c->t_first_udptl[sender] = t;
        c->seen_src[sender] = *src;
    }
    if (c->t_prev_udptl > 0 && t - c->t_prev_udptl > c->max_gap) {
        c->max_gap = t - c->t_prev_udptl;
        c->max_gap_frame = frame;
    }
    if (t > c->t_prev_udptl)
        c->t_prev_udptl = t;
    c->udptl_packets[sender]++;
    if (c->has_sdp_media[sender] && src->port != c->sdp_media[sender].port &&
        c->udptl_port_mismatch[sender]++ == 0)
        note->port_mismatch = TRUE;
}

void
t38_binding_feed(fax_registry *r, fax_call *c, fax_side sender, const fax_endpoint *src,
                 const guint8 *payload, guint len, guint32 frame, double t,
                 fax_udptl_note *note)
{
    note->call = c;
    note->side = sender;
    if (c->t38 == FAX_T38_REJECTED) {
        /* the image port was refused: what flows there is not T.38 */
        c->udptl_after_reject++;
        return;
    }
    count_datagram(c, sender, src, frame, t, note);
    if (!c->stream[sender])
        c->stream[sender] = t38_stream_new(sender);

    const t30_summary *sum = t30_session_summary(c->session);
    guint before = sum->n_findings;
    feed_ctx ctx = { c, note };
    t38_stream_feed(c->stream[sender], payload, len, frame, t, on_event, &ctx, &note->pkt);
    sum = t30_session_summary(c->session);
    note->first_finding = before;
    note->n_findings = sum->n_findings > before ? sum->n_findings - before : 0;
    account_loss(c, sender, &note->pkt);

    fax_call_touch(c, frame, t);
    r->dirty = TRUE;
}
