/* discovery-join.c: T.38 streams that discovery (fax-discovery.h) found by
 * their shape, joined to the SIP call that announced one of their ports
 * (image port behind NAT, or the audio port of an in-band switch), else made
 * a call of their own.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-registry-int.h"

#include <string.h>

gboolean
fax_registry_is_found(const fax_registry *r, const fax_endpoint *src,
                      const fax_endpoint *dst)
{
    if (g_hash_table_size(r->found) == 0)
        return FALSE;
    fax_endpoint_pair key;
    fax_endpoint_pair_make(src, dst, &key);
    return g_hash_table_contains(r->found, &key);
}

/* Does announced endpoint e (received on by its owner) fit the datagram:
 * dst is e (the owner receives it) or src is e (the owner sends from where
 * it receives, symmetric RTP/UDPTL)?  Exact match, or the port and the
 * address of the other end (NAT rewrote this one).  Returns 2 exact, 1 NAT,
 * 0 no; *owner_sends tells the direction. */
static int
match_announced(const fax_endpoint *e, const fax_endpoint *peer_e,
                const fax_endpoint *src, const fax_endpoint *dst, gboolean *owner_sends)
{
    for (int k = 0; k < 2; k++) {
        const fax_endpoint *mine = k == 0 ? dst : src;
        const fax_endpoint *other = k == 0 ? src : dst;
        if (mine->port != e->port)
            continue;
        *owner_sends = k == 1;
        if (fax_endpoint_same_addr(mine, e))
            return 2;
        if (peer_e && fax_endpoint_same_addr(other, peer_e))
            return 1;
    }
    return 0;
}

/* The SIP call (image) or dialog (audio) that announced one of the ports,
 * best first: exact endpoint, then port + the other end's address; among
 * equals, the latest call / dialog.  Deterministic whatever the hash order. */
static fax_call *
join_announced(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst,
               guint32 frame, double t, fax_side *sender, fax_found_how *how,
               fax_udptl_note *note)
{
    fax_call *best = NULL;
    int best_q = 0;
    gboolean best_owner_sends = FALSE;
    fax_side best_owner = FAX_SIDE_A;
    if (port_bit_marked(r->t38_ports, src->port) || port_bit_marked(r->t38_ports, dst->port)) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, r->bindings);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            const fax_endpoint *e = k;
            const fax_binding *b = v;
            if (e->port != src->port && e->port != dst->port)
                continue;
            fax_call *c = b->call;
            const fax_endpoint *peer = c->has_sdp_media[FAX_OTHER_SIDE(b->owner)]
                                     ? &c->sdp_media[FAX_OTHER_SIDE(b->owner)] : NULL;
            gboolean os;
            int q = match_announced(e, peer, src, dst, &os);
            if (q > best_q || (q > 0 && q == best_q && c->id > best->id)) {
                best = c; best_q = q; best_owner_sends = os; best_owner = b->owner;
            }
        }
    }
    if (best) {
        *how = FAX_FOUND_SDP_PORT;
        *sender = best_owner_sends ? best_owner : FAX_OTHER_SIDE(best_owner);
        return best;
    }

    fax_dialog *bd = NULL;
    if (port_bit_marked(r->audio_ports, src->port) || port_bit_marked(r->audio_ports, dst->port)) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, r->audio);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            const fax_endpoint *e = k;
            const fax_audio_binding *b = v;
            if (e->port != src->port && e->port != dst->port)
                continue;
            gboolean os;
            /* the other side's audio endpoint is not indexed by dialog:
             * exact matches only, unless both addresses are unknown */
            int q = match_announced(e, NULL, src, dst, &os);
            if (q > best_q || (q > 0 && q == best_q && bd &&
                               b->dialog->invite_frame > bd->invite_frame)) {
                bd = b->dialog; best_q = q; best_owner_sends = os; best_owner = b->owner;
            }
        }
    }
    if (!bd)
        return NULL;
    gboolean was = bd->call != NULL;
    fax_call *c = sip_dialog_promote(r, bd, frame, t);
    if (!c)
        return NULL;
    if (!was) {
        c->t38 = FAX_T38_INBAND;
        if (bd->frames) {
            note->earlier = (const guint32 *)(void *)bd->frames->data;
            note->n_earlier = bd->frames->len;
        }
    }
    /* the audio was announced by SDP, or only found (passthru-bare.c) */
    *how = bd->audio_announced ? FAX_FOUND_AUDIO_PORT : FAX_FOUND_RTP_PORT;
    *sender = best_owner_sends ? best_owner : FAX_OTHER_SIDE(best_owner);
    return c;
}

void
fax_registry_udptl_found(fax_registry *r, const fax_endpoint *src,
                         const fax_endpoint *dst, const guint8 *payload,
                         guint len, guint32 frame, double t,
                         guint32 found_frame, fax_udptl_note *note)
{
    memset(note, 0, sizeof *note);
    fax_endpoint_pair key;
    fax_endpoint_pair_make(src, dst, &key);
    fax_found *f = g_hash_table_lookup(r->found, &key);
    if (!f) {
        if (g_hash_table_size(r->found) >= FAX_MAX_FOUND) {
            r->truncated = TRUE;
            return;
        }
        fax_side sender = FAX_SIDE_A;
        fax_found_how how = FAX_FOUND_BARE;
        fax_call *c = join_announced(r, src, dst, frame, t, &sender, &how, note);
        if (!c) {
            c = g_hash_table_lookup(r->bare, &key);
            if (c) {
                sender = fax_endpoint_equal(src, &c->seen_src[FAX_SIDE_A]) ? FAX_SIDE_A : FAX_SIDE_B;
            } else {
                c = registry_bare_new(r, &key, src, dst, frame, t);
                if (!c)
                    return;
                note->new_call = TRUE;
                sender = FAX_SIDE_A;
            }
        }
        if (c->found_frame == 0) {
            c->found_how = how;
            c->found_frame = found_frame;
        }
        f = g_new0(fax_found, 1);
        f->call = c;
        f->a_src = sender == FAX_SIDE_A ? *src : *dst;
        g_hash_table_insert(r->found, g_memdup2(&key, sizeof key), f);
    }
    fax_side sender = fax_endpoint_equal(src, &f->a_src) ? FAX_SIDE_A : FAX_SIDE_B;
    guint32 ne = note->n_earlier;
    const guint32 *earlier = note->earlier;
    t38_binding_feed(r, f->call, sender, src, payload, len, frame, t, note);
    note->earlier = earlier;
    note->n_earlier = ne;
}
