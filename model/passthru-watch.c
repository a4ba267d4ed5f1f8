/* passthru-watch.c: the G.711 pass-through watch.  The SDP audio endpoints
 * of every SIP dialog are bound to it; the RTP there is listened to for fax
 * (CNG, CED/ANSam, V.21 HDLC: audio-fax.h), in full only on armed ports.
 * The first T.30 frame heard makes the dialog a fax call, whose T.30 session
 * then gets every event of its audio.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-registry-int.h"

#include <string.h>

void
passthru_bind_audio(fax_registry *r, fax_dialog *d, fax_side owner, const sdp_media *m)
{
    fax_endpoint e;
    registry_endpoint_from_sdp(m, &e);
    if (e.family == 0 || e.port == 0)
        return;
    fax_audio_binding *b = g_hash_table_lookup(r->audio, &e);
    if (!b) {
        if (g_hash_table_size(r->audio) >= FAX_MAX_AUDIO) {
            r->truncated = TRUE;
            return;
        }
        b = g_new(fax_audio_binding, 1);
        g_hash_table_insert(r->audio, g_memdup2(&e, sizeof e), b);
    }
    b->dialog = d;     /* the latest announcement wins (port reuse) */
    b->owner = owner;
    port_bit_mark(r->audio_ports, e.port);
}

gboolean
fax_registry_audio_armed(const fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst)
{
    return port_bit_marked(r->audio_armed, src->port) || port_bit_marked(r->audio_armed, dst->port);
}

void
fax_registry_arm_audio(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst)
{
    port_bit_mark(r->audio_armed, src->port);
    port_bit_mark(r->audio_armed, dst->port);
}

gboolean
fax_registry_is_audio_port(const fax_registry *r, const fax_endpoint *src,
                           const fax_endpoint *dst)
{
    return port_bit_marked(r->audio_ports, src->port) || port_bit_marked(r->audio_ports, dst->port);
}

struct audio_ctx {
    fax_registry   *r;
    fax_udptl_note *note;
    guint32         frame;
    double          t;
};

static void
audio_note(fax_udptl_note *un, const fax_note *n)
{
    if (un->n_notes < FAX_MAX_NOTES_PER_PACKET)
        un->notes[un->n_notes++] = *n;
    else
        un->notes_truncated = TRUE;
}

static void
on_audio_event(const fax_event *ev, void *user)
{
    fax_dialog *d = user;
    struct audio_ctx *ctx = d->actx;
    fax_note n;

    if (ctx == NULL)
        return;
    if (!d->call) {
        /* T.30 5.3.5: a frame with a good FCS and address 0xFF is the proof;
         * tones alone never make a voice call a fax call */
        if (ev->kind == FAX_EV_INDICATOR && d->n_early < G_N_ELEMENTS(d->early))
            d->early[d->n_early++] = *ev;
        if (ev->kind != FAX_EV_HDLC || !ev->fcs_ok || ev->len < 3 || ev->buf[0] != 0xFF)
            return;
        fax_call *c = sip_dialog_promote(ctx->r, d, ctx->frame, ctx->t);
        if (!c)
            return;
        if (d->frames) {
            ctx->note->earlier = (const guint32 *)(void *)d->frames->data;
            ctx->note->n_earlier = d->frames->len;
        }
        c->passthru = TRUE;
        c->audio[0] = d->audio[0];
        c->audio[1] = d->audio[1];
        for (guint i = 0; i < d->n_early; i++)
            t30_session_feed(c->session, &d->early[i], NULL);
    }
    fax_call *c = d->call;
    if (!c->passthru) {
        /* a call made by its T.38 offer: the audio before T.38 media */
        if (ev->kind == FAX_EV_HDLC && ev->fcs_ok)
            c->passthru = TRUE;
        c->audio[0] = d->audio[0];
        c->audio[1] = d->audio[1];
    }
    if (c->passthru_frame == 0) {
        guint32 f0 = audio_fax_get_stats(d->audio[0])->first_fax_frame;
        guint32 f1 = audio_fax_get_stats(d->audio[1])->first_fax_frame;
        c->passthru_frame = f0 && (!f1 || f0 < f1) ? f0 : f1;
    }
    t30_session_feed(c->session, ev, &n);
    audio_note(ctx->note, &n);
    ctx->r->dirty = TRUE;
}

gboolean
fax_registry_rtp(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst,
                 guint32 ssrc, guint16 seq, guint32 ts, guint8 pt,
                 const guint8 *payload, guint len, guint32 frame, double t,
                 fax_udptl_note *note)
{
    memset(note, 0, sizeof *note);
    if (!port_bit_marked(r->audio_ports, dst->port) && !port_bit_marked(r->audio_ports, src->port))
        return FALSE;
    fax_audio_binding *b = g_hash_table_lookup(r->audio, dst);
    fax_side sender;
    if (b) {
        sender = FAX_OTHER_SIDE(b->owner);
    } else if ((b = g_hash_table_lookup(r->audio, src)) != NULL) {
        sender = b->owner;
    } else {
        return FALSE;
    }
    fax_dialog *d = b->dialog;
    fax_call *c = d->call;
    /* T.38 media flows (or the image port is this port): not audio */
    if (c && c->udptl_packets[0] + c->udptl_packets[1] > 0)
        return FALSE;
    if (!d->audio[0]) {
        if (r->n_audio_streams >= FAX_MAX_AUDIO_STREAMS) {
            r->truncated = TRUE;
            return FALSE;
        }
        r->n_audio_streams++;
        d->audio[0] = audio_fax_new(FAX_SIDE_A, on_audio_event, d);
        d->audio[1] = audio_fax_new(FAX_SIDE_B, on_audio_event, d);
        audio_fax_pair(d->audio[0], d->audio[1]);
    }
    struct audio_ctx ctx = { r, note, frame, t };
    d->actx = &ctx;
    audio_fax_packet(d->audio[sender], frame, t, ssrc, seq, ts, pt, payload, len);
    d->actx = NULL;
    c = d->call;
    if (c && c->passthru) {
        note->call = c;
        note->side = sender;
        c->rtp_packets[sender]++;
        fax_call_touch(c, frame, t);
    }
    return TRUE;
}
