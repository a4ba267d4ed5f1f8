/* fax-discovery.c: UDPTL found by its shape on UDP that Wireshark did not
 * decode as T.38 (see fax-discovery.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-discovery.h"

#include <string.h>

/* A candidate tuple (keyed by its fax_endpoint_pair): per-direction streak. */
typedef struct {
    guint             streak[2];   /* consecutive plausible datagrams, lo->hi / hi->lo */
    guint16           last_seq[2]; /* UDPTL seq-number of the streak's last one */
    guint             n_held;
    fax_disc_datagram held[2 * FAX_DISC_CONFIRM];
} disc_tuple;

struct fax_discovery {
    GHashTable       *tuples;      /* fax_endpoint_pair -> disc_tuple */
    fax_disc_datagram out[2 * FAX_DISC_CONFIRM];
    guint             n_out;
    guint32           last_plausible_frame;
    fax_disc_stats    stats;
};

static void
held_free(fax_disc_datagram *g)
{
    g_free(g->payload);
    g->payload = NULL;
}

static void
tuple_free(gpointer p)
{
    disc_tuple *t = p;
    for (guint i = 0; i < t->n_held; i++)
        held_free(&t->held[i]);
    g_free(t);
}

static void
out_clear(fax_discovery *d)
{
    for (guint i = 0; i < d->n_out; i++)
        held_free(&d->out[i]);
    d->n_out = 0;
}

fax_discovery *
fax_discovery_new(void)
{
    fax_discovery *d = g_new0(fax_discovery, 1);
    d->tuples = g_hash_table_new_full(fax_endpoint_pair_hash, fax_endpoint_pair_equal, g_free, tuple_free);
    return d;
}

void
fax_discovery_free(fax_discovery *d)
{
    if (!d)
        return;
    out_clear(d);
    g_hash_table_destroy(d->tuples);
    g_free(d);
}

const fax_disc_stats *
fax_discovery_stats(const fax_discovery *d)
{
    return &d->stats;
}

/* Forget the held datagrams of one direction (its streak broke). */
static void
drop_direction(disc_tuple *t, const fax_endpoint *src)
{
    guint k = 0;
    for (guint i = 0; i < t->n_held; i++) {
        if (fax_endpoint_equal(&t->held[i].src, src))
            held_free(&t->held[i]);
        else
            t->held[k++] = t->held[i];
    }
    t->n_held = k;
}

guint
fax_discovery_pending(const fax_discovery *d)
{
    return g_hash_table_size(d->tuples);
}

gboolean
fax_discovery_waiting(const fax_discovery *d, guint32 frame)
{
    return g_hash_table_size(d->tuples) > 0
           && frame - d->last_plausible_frame <= FAX_DISC_WAIT_FRAMES;
}

/* The streak of one direction breaks: its held datagrams are forgotten,
 * and the tuple too when nothing of it is held any more. */
static void
break_streak(fax_discovery *d, disc_tuple *tp, const fax_endpoint_pair *key, guint dir,
             const fax_endpoint *src)
{
    tp->streak[dir] = 0;
    drop_direction(tp, src);
    if (tp->n_held == 0)
        g_hash_table_remove(d->tuples, key);
}

fax_disc_verdict
fax_discovery_feed(fax_discovery *d, const fax_endpoint *src,
                   const fax_endpoint *dst, const guint8 *payload, guint len,
                   guint32 frame, double t, const fax_disc_datagram **replay,
                   guint *n_replay)
{
    out_clear(d);
    *replay = NULL;
    *n_replay = 0;
    d->stats.tested++;

    fax_endpoint_pair key;
    guint dir = fax_endpoint_pair_make(src, dst, &key) ? 0 : 1;
    disc_tuple *tp = g_hash_table_lookup(d->tuples, &key);

    gboolean ok = len <= FAX_DISC_MAX_DATAGRAM && udptl_plausible(payload, len);
    if (!ok) {
        if (tp)
            break_streak(d, tp, &key, dir, src);
        return FAX_DISC_NO;
    }
    d->stats.plausible++;
    d->last_plausible_frame = frame;
    guint16 seq = (guint16)((payload[0] << 8) | payload[1]);   /* T.38 9.1 seq-number */
    if (tp && tp->streak[dir] > 0 && (guint16)(seq - tp->last_seq[dir]) > FAX_DISC_SEQ_STEP) {
        /* not the next datagram of a UDPTL sender: start the streak again
         * from this one */
        break_streak(d, tp, &key, dir, src);
        tp = g_hash_table_lookup(d->tuples, &key);
    }
    if (!tp) {
        if (g_hash_table_size(d->tuples) >= FAX_DISC_MAX_TUPLES) {
            d->stats.dropped++;
            return FAX_DISC_NO;
        }
        tp = g_new0(disc_tuple, 1);
        g_hash_table_insert(d->tuples, g_memdup2(&key, sizeof key), tp);
    }
    if (tp->n_held >= G_N_ELEMENTS(tp->held)) {
        /* cannot happen: each direction holds fewer than CONFIRM */
        return FAX_DISC_NO;
    }
    fax_disc_datagram *g = &tp->held[tp->n_held++];
    g->src = *src;
    g->dst = *dst;
    g->frame = frame;
    g->t = t;
    g->len = len;
    g->payload = g_memdup2(payload, len);
    tp->last_seq[dir] = seq;
    if (++tp->streak[dir] < FAX_DISC_CONFIRM)
        return FAX_DISC_PENDING;

    /* confirmed: hand the held datagrams back in frame order (they were
     * appended in capture order) */
    memcpy(d->out, tp->held, tp->n_held * sizeof tp->held[0]);
    d->n_out = tp->n_held;
    tp->n_held = 0;
    g_hash_table_remove(d->tuples, &key);
    d->stats.confirmed++;
    *replay = d->out;
    *n_replay = d->n_out;
    return FAX_DISC_CONFIRMED;
}
