/* t38-stream.c: one direction of a T.38 UDPTL stream, from datagrams in
 * capture order to fax_event's in the order they happened on the line.
 *
 * Sequence numbers (T.38 9.1): tracked as a 32-bit extended number; a bitmap
 * of the last T38_SEEN_WINDOW numbers tells duplicates from late arrivals.
 * Gaps are filled from the secondary IFPs (redundancy, T.38 9.1.2.1) or the
 * FEC entries (T.38 9.1.2.2) of the packet that reveals the gap; what cannot
 * be rebuilt becomes one FAX_EV_LOSS.  A packet arriving after a later one
 * (reordered) is counted but not fed: its place in the HDLC reassembly has
 * already been passed, and feeding it would glue it onto a later frame.
 *
 * Plain C + GLib, no Wireshark; memory per stream is bounded.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "t38-stream.h"

#include <string.h>

#define T38_SEEN_WINDOW 1024          /* sequence numbers remembered */
#define T38_SEEN_WORDS  (T38_SEEN_WINDOW / 64)
#define T38_FEC_HISTORY 32            /* IFPs kept for FEC repair */
#define T38_FEC_IFP_MAX 512           /* longest IFP kept for FEC repair */
#define T38_MALFORMED_REACH 16        /* a bad datagram's seq-number is
                                         believed this close ahead only */

typedef struct {
    gboolean valid;
    guint32  ext;                     /* extended sequence number */
    guint    len;
    guint8   buf[T38_FEC_IFP_MAX];
} fec_slot;

struct t38_stream {
    fax_side side;
    ifp_asn1 variant;
    gboolean started;
    gboolean seeded_by_malformed;     /* first seq came from a bad datagram */
    guint32  highest;                 /* extended seq of the newest packet */
    guint64  seen[T38_SEEN_WORDS];    /* bit i: highest - i arrived */
    gint     last_indicator;          /* -1 before the first */
    guint8   hdlc[T38_HDLC_MAX];
    guint    hdlc_len;
    gboolean hdlc_cut;
    fax_modem hdlc_modem;
    guint32  hdlc_first_frame;        /* frame of its first octet */
    guint32  hdlc_lost;               /* packets lost in or before it */
    gboolean hdlc_damaged;            /* loss in it, or before its first
                                         octet since the last boundary */
    guint    hdlc_intact;             /* octets in place from its start */
    guint32  loss_since_boundary;     /* lost packets since the last FCS
                                         marker or signal change, while no
                                         frame was open: the next frame's
                                         start may be among them */
    guint32  pending_loss;
    fec_slot *fec_hist;               /* allocated when FEC is first seen */
    t38_stream_stats stats;
};

/* Everything about the datagram being fed that the helpers need. */
typedef struct {
    t38_stream      *s;
    t38_event_cb     cb;
    void            *user;
    guint32          frame;
    double           t;
    t38_packet_note *note;
} feed_ctx;

t38_stream *
t38_stream_new(fax_side side)
{
    t38_stream *s = g_new0(t38_stream, 1);
    s->side = side;
    s->variant = IFP_ASN1_PRE_CORRIGENDUM;  /* Wireshark's default too */
    s->last_indicator = -1;
    s->hdlc_modem = FAX_MODEM_NONE;
    return s;
}

void
t38_stream_free(t38_stream *s)
{
    if (!s)
        return;
    g_free(s->fec_hist);
    g_free(s);
}

const t38_stream_stats *
t38_stream_get_stats(const t38_stream *s)
{
    return &s->stats;
}

/* ---- events --------------------------------------------------------- */

static void
emit(feed_ctx *c, fax_event *ev)
{
    ev->side = c->s->side;
    ev->frame = c->frame;
    ev->t = c->t;
    if (c->note && c->note->n_events < G_MAXUINT16)
        c->note->n_events++;
    if (c->cb)
        c->cb(ev, c->user);
}

static void
hdlc_reset(t38_stream *s)
{
    s->hdlc_len = 0;
    s->hdlc_cut = FALSE;
    s->hdlc_lost = 0;
    s->hdlc_damaged = FALSE;
    s->hdlc_intact = 0;
}

/* Hand over the frame being assembled.  A damaged frame (T.38 9.1: loss
 * not repaired) goes out marked as such, so that what arrived of it is
 * shown as damaged, never decoded as the message it may have been. */
static void
hdlc_emit(feed_ctx *c, gboolean fcs_ok, gboolean no_end)
{
    t38_stream *s = c->s;
    fax_event ev;

    memset(&ev, 0, sizeof ev);
    ev.kind = FAX_EV_HDLC;
    ev.modem = s->hdlc_modem;
    ev.buf = s->hdlc;
    ev.len = s->hdlc_len;
    ev.fcs_ok = fcs_ok;
    ev.first_frame = s->hdlc_len ? s->hdlc_first_frame : c->frame;
    if (s->hdlc_damaged) {
        ev.damaged = TRUE;
        ev.no_end = no_end;
        ev.lost = s->hdlc_lost;
        ev.intact = s->hdlc_intact;
        s->stats.hdlc_damaged++;
    } else {
        s->stats.hdlc_frames++;
        if (s->hdlc_cut)
            s->stats.hdlc_overlong++;
    }
    hdlc_reset(s);
    emit(c, &ev);
}

/* Throw away any partial frame and forget earlier loss. */
static void
hdlc_discard(t38_stream *s)
{
    if (s->hdlc_len > 0)
        s->stats.hdlc_dropped++;
    hdlc_reset(s);
    s->loss_since_boundary = 0;
}

/* A signal boundary (sig-end, a new indicator, non-ECM data) ends any
 * partial frame: thrown away when nothing was lost (it was never finished
 * by its sender), handed over as damaged when loss cut it.  Loss before
 * the boundary is no longer the next frame's concern. */
static void
hdlc_boundary(feed_ctx *c)
{
    if (c->s->hdlc_damaged)
        hdlc_emit(c, FALSE, TRUE);
    hdlc_discard(c->s);
}

/* A frame begins (its first octet, or an FCS marker with nothing before
 * it): loss since the last boundary may have taken its start. */
static void
hdlc_begin(t38_stream *s)
{
    if (s->loss_since_boundary > 0) {
        s->hdlc_damaged = TRUE;
        s->hdlc_intact = 0;
        s->hdlc_lost = s->loss_since_boundary;
        s->loss_since_boundary = 0;
    }
}

/* Lost packets are reported just before whatever comes next.  A frame
 * being reassembled across them is damaged from the octets it has so far;
 * with no frame open, the next frame's first octets may be among them. */
static void
flush_loss(feed_ctx *c)
{
    t38_stream *s = c->s;
    fax_event ev;

    if (s->pending_loss == 0)
        return;
    if (s->hdlc_len > 0) {
        if (!s->hdlc_damaged)
            s->hdlc_intact = s->hdlc_len;
        s->hdlc_damaged = TRUE;
        s->hdlc_lost += s->pending_loss;
    } else {
        s->loss_since_boundary += s->pending_loss;
    }
    memset(&ev, 0, sizeof ev);
    ev.kind = FAX_EV_LOSS;
    ev.modem = FAX_MODEM_NONE;
    ev.count = s->pending_loss;
    s->pending_loss = 0;
    emit(c, &ev);
}

/* An FCS marker ends a frame.  With nothing before it: a frame whose every
 * octet was lost, when loss came since the last boundary; else nothing. */
static void
hdlc_complete(feed_ctx *c, gboolean fcs_ok)
{
    t38_stream *s = c->s;

    if (s->hdlc_len == 0)
        hdlc_begin(s);
    s->loss_since_boundary = 0;
    if (s->hdlc_len == 0 && !s->hdlc_damaged)
        return;                       /* FCS verdict with nothing before it */
    hdlc_emit(c, fcs_ok, FALSE);
}

static void
nonecm_event(feed_ctx *c, fax_event_kind kind, fax_modem modem,
             const guint8 *data, guint count)
{
    fax_event ev;

    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.modem = modem;
    ev.count = count;
    ev.buf = data;                    /* t4-non-ecm-data octets (T.38 7.4) */
    ev.len = data ? count : 0;
    emit(c, &ev);
}

/* T.38 7.4 / Annex A: act on one decoded IFP, in sequence order. */
static void
process_ifp(feed_ctx *c, const ifp_packet *ifp)
{
    t38_stream *s = c->s;

    flush_loss(c);
    if (!ifp->is_data) {
        fax_event ev;
        /* Endpoints repeat indicators (T.38 5.4 suggests it); only a
         * change is an event. */
        if ((gint)ifp->value == s->last_indicator) {
            if (s->hdlc_len == 0)
                s->loss_since_boundary = 0;   /* the loss came before it */
            return;
        }
        s->last_indicator = (gint)ifp->value;
        hdlc_boundary(c);             /* a new signal ends any partial frame */
        memset(&ev, 0, sizeof ev);
        ev.kind = FAX_EV_INDICATOR;
        ev.indicator = (fax_indicator)ifp->value;
        ev.modem = FAX_MODEM_NONE;
        emit(c, &ev);
        return;
    }

    fax_modem modem = (fax_modem)ifp->value;
    for (guint i = 0; i < ifp->n_fields; i++) {
        const ifp_field *f = &ifp->fields[i];

        switch (f->type) {
        case IFP_FIELD_HDLC_DATA:
            if (f->len == 0)
                break;
            if (s->hdlc_len == 0) {
                s->hdlc_modem = modem;
                s->hdlc_first_frame = c->frame;
                hdlc_begin(s);
            }
            if (s->hdlc_len + f->len > T38_HDLC_MAX) {
                guint room = T38_HDLC_MAX - s->hdlc_len;
                memcpy(s->hdlc + s->hdlc_len, f->data, room);
                s->hdlc_len = T38_HDLC_MAX;
                s->hdlc_cut = TRUE;
            } else {
                memcpy(s->hdlc + s->hdlc_len, f->data, f->len);
                s->hdlc_len += f->len;
            }
            break;
        case IFP_FIELD_HDLC_FCS_OK:
        case IFP_FIELD_HDLC_FCS_OK_SIG_END:
            hdlc_complete(c, TRUE);
            break;
        case IFP_FIELD_HDLC_FCS_BAD:
        case IFP_FIELD_HDLC_FCS_BAD_SIG_END:
            hdlc_complete(c, FALSE);
            break;
        case IFP_FIELD_HDLC_SIG_END:
            hdlc_boundary(c);         /* flags end without an FCS verdict */
            break;
        case IFP_FIELD_T4_NON_ECM_DATA:
            hdlc_boundary(c);
            if (f->len > 0)
                nonecm_event(c, FAX_EV_NONECM_DATA, modem, f->data, f->len);
            break;
        case IFP_FIELD_T4_NON_ECM_SIG_END:
            hdlc_boundary(c);
            if (f->len > 0)
                nonecm_event(c, FAX_EV_NONECM_DATA, modem, f->data, f->len);
            nonecm_event(c, FAX_EV_NONECM_END, modem, NULL, 0);
            break;
        default:                      /* V.34/V.8 messages: not followed */
            break;
        }
    }
}

/* ---- ASN.1 variant -------------------------------------------------- */

/* Field contents that a T.38 sender never means: data-carrying field types
 * without data, or data on an FCS/sig-end marker.  A post-corrigendum
 * packet read with the pre-corrigendum ASN.1 typically looks like this
 * (e.g. hdlc-sig-end 0x08 reads as an empty hdlc-data). */
static gboolean
ifp_odd(const ifp_packet *p)
{
    if (!p->is_data)
        return p->n_fields > 0;
    for (guint i = 0; i < p->n_fields; i++) {
        const ifp_field *f = &p->fields[i];
        gboolean wants_data = f->type == IFP_FIELD_HDLC_DATA
                              || f->type == IFP_FIELD_T4_NON_ECM_DATA;
        gboolean no_data = f->type >= IFP_FIELD_HDLC_SIG_END
                           && f->type <= IFP_FIELD_HDLC_FCS_BAD_SIG_END;
        if ((wants_data && f->len == 0) || (no_data && f->len > 0))
            return TRUE;
    }
    return FALSE;
}

/* Decode in variant v; a rebuilt (FEC) IFP may have zero padding. */
static gboolean
ifp_try(const udptl_blob *b, ifp_asn1 v, gboolean padded, ifp_packet *out)
{
    guint used = 0;

    if (b->len == 0 || ifp_decode(b->buf, b->len, v, out, &used) != WIRE_OK)
        return FALSE;
    if (used == b->len)
        return TRUE;
    if (!padded)
        return FALSE;
    for (guint i = used; i < b->len; i++)
        if (b->buf[i] != 0)
            return FALSE;
    return TRUE;
}

/* Start with pre-corrigendum (T.38 1998 ASN.1, Wireshark's default); switch
 * the stream to post-corrigendum for good when a packet only makes sense
 * that way. */
static gboolean
ifp_decode_stream(t38_stream *s, const udptl_blob *b, gboolean padded,
                  ifp_packet *out)
{
    ifp_packet alt;
    ifp_asn1 other = s->variant == IFP_ASN1_PRE_CORRIGENDUM
                     ? IFP_ASN1_POST_CORRIGENDUM : IFP_ASN1_PRE_CORRIGENDUM;
    gboolean ok = ifp_try(b, s->variant, padded, out);

    if (ok && (s->variant == IFP_ASN1_POST_CORRIGENDUM || !ifp_odd(out)))
        return TRUE;
    if (!ifp_try(b, other, padded, &alt) || (ok && ifp_odd(&alt)))
        return ok;
    if (other == IFP_ASN1_POST_CORRIGENDUM) {
        s->variant = IFP_ASN1_POST_CORRIGENDUM;
        s->stats.post_corrigendum = TRUE;
    }
    *out = alt;
    return TRUE;
}

/* ---- FEC history (T.38 9.1.2.2) -------------------------------------- */

static void
fec_remember(t38_stream *s, guint32 ext, const guint8 *buf, guint len)
{
    fec_slot *slot;

    if (!s->fec_hist)
        return;
    slot = &s->fec_hist[ext % T38_FEC_HISTORY];
    slot->valid = len <= T38_FEC_IFP_MAX;
    slot->ext = ext;
    slot->len = slot->valid ? len : 0;
    if (slot->valid && len)
        memcpy(slot->buf, buf, len);
}

static const fec_slot *
fec_find(const t38_stream *s, guint32 ext)
{
    const fec_slot *slot = &s->fec_hist[ext % T38_FEC_HISTORY];
    return slot->valid && slot->ext == ext ? slot : NULL;
}

/* Rebuild packet `miss` from the FEC of packet `ext`: entry k covers
 * ext + k - entries*j for j = 1..span (the spandsp/T.38 layout); it works
 * when every other packet it covers is known.  out must hold
 * T38_FEC_IFP_MAX octets. */
static gboolean
fec_rebuild(const t38_stream *s, const udptl_packet *u, guint32 ext,
            guint32 miss, guint8 *out, guint *out_len)
{
    guint entries = u->n_fec, span = u->fec_npackets;
    guint32 d = ext - miss, j, k;

    if (!s->fec_hist || entries == 0 || span == 0 || u->truncated_lists)
        return FALSE;
    j = (d + entries - 1) / entries;
    k = entries * j - d;
    if (j > span || j > T38_FEC_HISTORY || u->fec[k].len > T38_FEC_IFP_MAX)
        return FALSE;
    *out_len = u->fec[k].len;
    if (u->fec[k].len)
        memcpy(out, u->fec[k].buf, u->fec[k].len);
    for (guint32 jj = 1; jj <= span; jj++) {
        const fec_slot *o;
        if (jj == j)
            continue;
        if (entries * jj > T38_FEC_HISTORY)
            return FALSE;
        o = fec_find(s, ext + k - entries * jj);
        if (!o)
            return FALSE;
        for (guint i = 0; i < o->len && i < *out_len; i++)
            out[i] ^= o->buf[i];
    }
    return TRUE;
}

/* ---- sequence numbers ------------------------------------------------- */

static gboolean
seen_test(const t38_stream *s, guint back)
{
    return back < T38_SEEN_WINDOW
           && (s->seen[back / 64] >> (back % 64)) & 1u;
}

static void
seen_set(t38_stream *s, guint back)
{
    if (back < T38_SEEN_WINDOW)
        s->seen[back / 64] |= (guint64)1 << (back % 64);
}

/* The window moves forward by n: bit i becomes bit i + n. */
static void
seen_advance(t38_stream *s, guint n)
{
    guint words = n / 64, bits = n % 64;

    if (n >= T38_SEEN_WINDOW) {
        memset(s->seen, 0, sizeof s->seen);
        return;
    }
    for (gint w = T38_SEEN_WORDS - 1; w >= 0; w--) {
        guint64 v = 0;
        gint src = w - (gint)words;
        if (src >= 0) {
            v = s->seen[src] << bits;
            if (bits && src > 0)
                v |= s->seen[src - 1] >> (64 - bits);
        }
        s->seen[w] = v;
    }
}

/* Fill the gap (highest, ext) from packet u, oldest first. */
static void
fill_gap(feed_ctx *c, const udptl_packet *u, guint32 ext, guint32 gap)
{
    t38_stream *s = c->s;
    guint reach = 0;
    guint8 rebuilt[T38_FEC_IFP_MAX];

    s->stats.missing += gap;
    if (u->ec == UDPTL_EC_REDUNDANCY)
        reach = u->n_secondary;
    else if (s->fec_hist)
        reach = T38_FEC_HISTORY;
    if (gap > reach) {                /* too old for any repair */
        s->stats.lost += gap - reach;
        s->pending_loss += gap - reach;
        if (c->note)
            c->note->lost = (guint16)MIN(G_MAXUINT16, c->note->lost + gap - reach);
        gap = reach;
    }
    for (guint32 back = gap; back >= 1; back--) {
        guint32 miss = ext - back;
        udptl_blob b = { NULL, 0 };
        gboolean padded = FALSE;
        ifp_packet ifp;

        if (u->ec == UDPTL_EC_REDUNDANCY) {
            if (back - 1 < u->n_secondary)
                b = u->secondary[back - 1];
        } else if (fec_rebuild(s, u, ext, miss, rebuilt, &b.len)) {
            b.buf = rebuilt;
            padded = TRUE;            /* FEC entries run to the longest IFP */
        }
        if (b.len > 0 && ifp_decode_stream(s, &b, padded, &ifp)) {
            s->stats.recovered++;
            if (u->ec == UDPTL_EC_REDUNDANCY)
                s->stats.used_redundancy = TRUE;
            else
                s->stats.used_fec = TRUE;
            if (c->note && c->note->recovered < G_MAXUINT16)
                c->note->recovered++;
            fec_remember(s, miss, b.buf, b.len);
            process_ifp(c, &ifp);
        } else {
            s->stats.lost++;
            s->pending_loss++;
            if (c->note && c->note->lost < G_MAXUINT16)
                c->note->lost++;
        }
    }
}

/* Sequence bookkeeping.  Returns TRUE when the primary should be processed;
 * *ext gets its extended sequence number. */
static gboolean
track_seq(feed_ctx *c, const udptl_packet *u, guint32 *ext)
{
    t38_stream *s = c->s;
    gint delta;

    if (!s->started) {
        s->started = TRUE;
        s->highest = u->seq;
        memset(s->seen, 0, sizeof s->seen);
        seen_set(s, 0);
        *ext = s->highest;
        return TRUE;
    }
    delta = (gint16)(guint16)(u->seq - (guint16)s->highest);
    if (s->seeded_by_malformed) {
        /* The start came from an undecodable datagram: trust it only when
         * the first good one lies close after it. */
        s->seeded_by_malformed = FALSE;
        if (delta <= 0 || delta > T38_MALFORMED_REACH) {
            s->started = FALSE;
            return track_seq(c, u, ext);
        }
    }
    if (delta > 0) {
        guint32 gap = (guint32)delta - 1;
        *ext = s->highest + (guint32)delta;
        if (u->seq < (guint16)s->highest)
            s->stats.wraps++;         /* T.38 9.1: 65535 -> 0 */
        if (gap)
            fill_gap(c, u, *ext, gap);
        seen_advance(s, (guint)delta);
        s->highest = *ext;
        seen_set(s, 0);
        return TRUE;
    }
    if (seen_test(s, (guint)-delta)) {
        s->stats.duplicates++;
        if (c->note)
            c->note->duplicate = TRUE;
        return FALSE;
    }
    if (-delta < T38_SEEN_WINDOW) {
        /* Late: counted, not fed (see the top of this file). */
        seen_set(s, (guint)-delta);
        s->stats.reordered++;
        if (c->note)
            c->note->reordered = TRUE;
        return FALSE;
    }
    /* Far back: the sender restarted its numbering. */
    s->stats.resyncs++;
    hdlc_discard(s);
    memset(s->seen, 0, sizeof s->seen);
    if (s->fec_hist)
        memset(s->fec_hist, 0, T38_FEC_HISTORY * sizeof *s->fec_hist);
    s->highest += (guint32)delta;
    seen_set(s, 0);
    *ext = s->highest;
    return TRUE;
}

/* A datagram whose framing does not decode still arrived: when its
 * seq-number (the first two octets) lies just ahead of or inside the window,
 * it is not counted as missing.  Nothing in it can be used. */
static void
track_malformed(feed_ctx *c, guint16 seq)
{
    t38_stream *s = c->s;
    udptl_packet empty;
    guint32 ext;
    gint delta;

    memset(&empty, 0, sizeof empty);
    empty.seq = seq;
    if (c->note)
        c->note->seq = seq;
    if (!s->started) {
        (void)track_seq(c, &empty, &ext);
        s->seeded_by_malformed = TRUE;
        return;
    }
    delta = (gint16)(guint16)(seq - (guint16)s->highest);
    if (delta > 0 && delta <= T38_MALFORMED_REACH) {
        (void)track_seq(c, &empty, &ext);
        flush_loss(c);
    } else if (delta <= 0 && -delta < T38_SEEN_WINDOW) {
        seen_set(s, (guint)-delta);
    }
}

void
t38_stream_feed(t38_stream *s, const guint8 *payload, guint len,
                guint32 frame, double t,
                t38_event_cb cb, void *user, t38_packet_note *note)
{
    feed_ctx c = { s, cb, user, frame, t, note };
    udptl_packet u;
    ifp_packet ifp;
    wire_status st;
    guint32 ext = 0;
    gboolean ok;

    if (note)
        memset(note, 0, sizeof *note);
    if (!s)
        return;
    s->stats.packets++;
    if (len > s->stats.max_datagram)
        s->stats.max_datagram = len;

    st = udptl_decode(payload, len, &u);
    if (st != WIRE_OK) {
        s->stats.malformed++;
        if (note) {
            note->status = st;
            note->post_corrigendum = s->variant == IFP_ASN1_POST_CORRIGENDUM;
        }
        if (len >= 2)
            track_malformed(&c, (guint16)((payload[0] << 8) | payload[1]));
        return;
    }
    if (u.ec == UDPTL_EC_REDUNDANCY && u.n_secondary > 0)
        s->stats.redundancy_packets++;
    else if (u.ec == UDPTL_EC_FEC && u.n_fec > 0)
        s->stats.fec_packets++;
    if (u.ec == UDPTL_EC_FEC && !s->fec_hist)
        s->fec_hist = g_new0(fec_slot, T38_FEC_HISTORY);
    if (note)
        note->seq = u.seq;

    if (!track_seq(&c, &u, &ext)) {
        /* duplicate or late: still report what it carries */
        if (note && ifp_try(&u.primary, s->variant, FALSE, &ifp)) {
            note->decoded = TRUE;
            note->is_data = ifp.is_data;
            note->value = ifp.value;
        }
        if (note)
            note->post_corrigendum = s->variant == IFP_ASN1_POST_CORRIGENDUM;
        return;
    }
    fec_remember(s, ext, u.primary.buf, u.primary.len);
    ok = ifp_decode_stream(s, &u.primary, FALSE, &ifp);
    if (note) {
        note->decoded = ok;
        note->status = ok ? WIRE_OK : WIRE_BAD_ENCODING;
        note->post_corrigendum = s->variant == IFP_ASN1_POST_CORRIGENDUM;
        if (ok) {
            note->is_data = ifp.is_data;
            note->value = ifp.value;
        }
    }
    if (!ok) {
        s->stats.malformed++;
        flush_loss(&c);
        return;
    }
    process_ifp(&c, &ifp);
}
