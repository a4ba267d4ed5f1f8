/* fax-call.c: the registry of fax calls: SIP dialogs that offer T.38, the
 * T.38 endpoints their SDP announces, and T.38 streams with no signalling.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-call.h"

#include <string.h>
#include <stdio.h>

/* A SIP dialog remembered until it offers T.38 (most never do). */
typedef struct {
    char    *call_id;
    char    *caller, *callee;
    char    *a_tag;          /* From tag of the initial INVITE: side A */
    guint32  invite_frame;
    double   t_invite;
    guint32  invite_cseq;    /* CSeq of the initial INVITE */
    guint32  invite_ok_frame; double t_invite_ok;
    guint32  t38_offer_cseq; /* CSeq of the pending T.38 offer */
    gboolean offer_pending;
    GArray  *frames;         /* guint32 (frame << 1) | side, until promoted */
    fax_call *call;          /* once promoted */
    /* G.711 pass-through: the audio of each sender, and what it said before
     * the first T.30 frame made the dialog a fax call */
    audio_fax *audio[2];
    struct audio_ctx *actx;  /* the packet being fed, during the call only */
    fax_event early[8];      /* indicators before promotion (no buffers) */
    guint    n_early;
} fax_dialog;

typedef struct {
    fax_call *call;
    fax_side  owner;         /* the side that receives on this endpoint */
} fax_binding;

/* An SDP audio endpoint of a dialog (where UDPTL may follow in-band). */
typedef struct {
    fax_dialog *dialog;
    fax_side    owner;
} fax_audio_binding;

/* A discovered T.38 stream (endpoint pair). */
typedef struct {
    fax_call    *call;
    fax_endpoint a_src;      /* the endpoint side A sends from */
} fax_found;

struct fax_registry {
    GHashTable *dialogs;     /* call_id -> fax_dialog */
    GHashTable *bindings;    /* fax_endpoint -> fax_binding (SDP T.38 media) */
    GHashTable *bare;        /* endpoint pair -> fax_call (no signalling) */
    GHashTable *audio;       /* fax_endpoint -> fax_audio_binding (SDP audio) */
    GHashTable *found;       /* endpoint pair -> fax_found (discovery) */
    guint       n_audio_streams;  /* dialogs with audio_fax, capped */
    guint8      audio_ports[65536 / 8];
    guint8      audio_armed[65536 / 8];  /* ports whose audio is analysed in full */
    GPtrArray  *calls;       /* fax_call*, id = index + 1 */
    guint8      t38_ports[65536 / 8];   /* quick reject before hashing */
    gboolean    dirty;       /* fed since the last finish */
    gboolean    truncated;   /* a cap was hit */
    gboolean    pages;       /* keep page data (fax_registry_set_pages) */
};

/* ---- endpoints ---------------------------------------------------------- */

guint
fax_endpoint_hash(gconstpointer p)
{
    const fax_endpoint *e = p;
    guint h = e->family * 131u + e->port;
    guint n = e->family == 6 ? 16 : 4;
    for (guint i = 0; i < n; i++)
        h = h * 31u + e->addr[i];
    return h;
}

gboolean
fax_endpoint_equal(gconstpointer a, gconstpointer b)
{
    const fax_endpoint *x = a, *y = b;
    return x->family == y->family && x->port == y->port &&
           memcmp(x->addr, y->addr, x->family == 6 ? 16 : 4) == 0;
}

int
fax_endpoint_cmp(const fax_endpoint *x, const fax_endpoint *y)
{
    if (x->family != y->family)
        return x->family < y->family ? -1 : 1;
    int c = memcmp(x->addr, y->addr, 16);
    if (c != 0)
        return c;
    return x->port == y->port ? 0 : (x->port < y->port ? -1 : 1);
}

typedef struct {
    fax_endpoint lo, hi;
} endpoint_pair;

static guint
pair_hash(gconstpointer p)
{
    const endpoint_pair *k = p;
    return fax_endpoint_hash(&k->lo) * 17u ^ fax_endpoint_hash(&k->hi);
}

static gboolean
pair_equal(gconstpointer a, gconstpointer b)
{
    const endpoint_pair *x = a, *y = b;
    return fax_endpoint_equal(&x->lo, &y->lo) && fax_endpoint_equal(&x->hi, &y->hi);
}

void
fax_endpoint_format(const fax_endpoint *e, char *buf, gsize size)
{
    if (e->family == 4) {
        g_snprintf(buf, size, "%u.%u.%u.%u:%u", e->addr[0], e->addr[1],
                   e->addr[2], e->addr[3], e->port);
    } else if (e->family == 6) {
        char a[48];
        gsize o = 0;
        for (int i = 0; i < 16; i += 2)
            o += g_snprintf(a + o, sizeof a - o, "%s%x", i ? ":" : "",
                            (e->addr[i] << 8) | e->addr[i + 1]);
        g_snprintf(buf, size, "[%s]:%u", a, e->port);
    } else {
        g_snprintf(buf, size, "?:%u", e->port);
    }
}

static void
bit_mark(guint8 *map, guint16 port)
{
    map[port >> 3] |= (guint8)(1u << (port & 7));
}

static gboolean
bit_marked(const guint8 *map, guint16 port)
{
    return (map[port >> 3] >> (port & 7)) & 1u;
}

static void
port_mark(fax_registry *r, guint16 port)
{
    bit_mark(r->t38_ports, port);
}

static gboolean
port_marked(const fax_registry *r, guint16 port)
{
    return bit_marked(r->t38_ports, port);
}

static void
pair_key(const fax_endpoint *src, const fax_endpoint *dst, endpoint_pair *key)
{
    gboolean src_lo = fax_endpoint_cmp(src, dst) <= 0;
    key->lo = src_lo ? *src : *dst;
    key->hi = src_lo ? *dst : *src;
}

/* ---- lifetime ----------------------------------------------------------- */

static void
dialog_free(gpointer p)
{
    fax_dialog *d = p;
    g_free(d->call_id);
    g_free(d->caller);
    g_free(d->callee);
    g_free(d->a_tag);
    if (d->frames)
        g_array_free(d->frames, TRUE);
    g_free(d);
}

static void
call_free(gpointer p)
{
    fax_call *c = p;
    g_free(c->call_id);
    g_free(c->caller);
    g_free(c->callee);
    g_free(c->user_agent[0]);
    g_free(c->user_agent[1]);
    for (int i = 0; i < 2; i++)
        if (c->stream[i])
            t38_stream_free(c->stream[i]);
    t30_session_free(c->session);
    fax_pages_free(c->pages);
    g_free(c->loss_page[0]);
    g_free(c->loss_page[1]);
    g_free(c);
}

fax_registry *
fax_registry_new(void)
{
    fax_registry *r = g_new0(fax_registry, 1);
    r->dialogs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, dialog_free);
    r->bindings = g_hash_table_new_full(fax_endpoint_hash, fax_endpoint_equal, g_free, g_free);
    r->bare = g_hash_table_new_full(pair_hash, pair_equal, g_free, NULL);
    r->calls = g_ptr_array_new_with_free_func(call_free);
    r->audio = g_hash_table_new_full(fax_endpoint_hash, fax_endpoint_equal, g_free, g_free);
    r->found = g_hash_table_new_full(pair_hash, pair_equal, g_free, g_free);
    return r;
}

void
fax_registry_set_pages(fax_registry *r, gboolean on)
{
    r->pages = on;
}

void
fax_registry_free(fax_registry *r)
{
    if (!r)
        return;
    g_hash_table_destroy(r->dialogs);
    g_hash_table_destroy(r->bindings);
    g_hash_table_destroy(r->bare);
    g_hash_table_destroy(r->audio);
    g_hash_table_destroy(r->found);
    g_ptr_array_free(r->calls, TRUE);
    g_free(r);
}

guint
fax_registry_count(const fax_registry *r)
{
    return r->calls->len;
}

fax_call *
fax_registry_call(const fax_registry *r, guint id)
{
    if (id == 0 || id > r->calls->len)
        return NULL;
    return g_ptr_array_index(r->calls, id - 1);
}

gboolean
fax_registry_truncated(const fax_registry *r)
{
    return r->truncated;
}

static fax_call *
call_new(fax_registry *r, fax_origin origin, guint32 frame, double t)
{
    if (r->calls->len >= FAX_MAX_CALLS) {
        r->truncated = TRUE;
        return NULL;
    }
    fax_call *c = g_new0(fax_call, 1);
    c->id = r->calls->len + 1;
    c->origin = origin;
    c->first_frame = c->last_frame = frame;
    c->t_first = c->t_last = t;
    c->session = t30_session_new();
    if (r->pages)
        c->pages = fax_pages_new();
    c->result = FAX_RESULT_NOT_FAX;
    c->reason = "none";
    g_ptr_array_add(r->calls, c);
    return c;
}

static void
call_touch(fax_call *c, guint32 frame, double t)
{
    if (frame > c->last_frame) {
        c->last_frame = frame;
        c->t_last = t;
    }
}

/* ---- SIP ---------------------------------------------------------------- */

static void
endpoint_from_sdp(const sdp_media *m, fax_endpoint *e)
{
    memset(e, 0, sizeof *e);
    e->family = m->conn.family;
    memcpy(e->addr, m->conn.bytes, sizeof e->addr);
    e->port = m->port;
}

static void
bind_media(fax_registry *r, fax_call *c, fax_side owner, const sdp_media *m)
{
    fax_endpoint e;
    endpoint_from_sdp(m, &e);
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
    port_mark(r, e.port);
}

static void
bind_audio(fax_registry *r, fax_dialog *d, fax_side owner, const sdp_media *m)
{
    fax_endpoint e;
    endpoint_from_sdp(m, &e);
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
    bit_mark(r->audio_ports, e.port);
}

/* Which side sent this message: requests come from the side whose tag is in
 * From; responses from the other one. */
static fax_side
sip_sender(const fax_dialog *d, const sip_msg *m)
{
    gboolean from_a = d->a_tag == NULL || m->from_tag[0] == '\0' ||
                      strcmp(m->from_tag, d->a_tag) == 0;
    if (m->is_request)
        return from_a ? FAX_SIDE_A : FAX_SIDE_B;
    return from_a ? FAX_SIDE_B : FAX_SIDE_A;
}

static fax_call *
promote(fax_registry *r, fax_dialog *d, guint32 frame, double t)
{
    if (d->call)
        return d->call;
    guint32 first = d->invite_frame ? d->invite_frame : frame;
    double tf = d->invite_frame ? d->t_invite : t;
    fax_call *c = call_new(r, FAX_ORIGIN_SIP, first, tf);
    if (!c)
        return NULL;
    c->call_id = g_strdup(d->call_id);
    c->caller = g_strdup(d->caller);
    c->callee = g_strdup(d->callee);
    c->invite_frame = d->invite_frame;
    c->t_invite = d->t_invite;
    c->invite_ok_frame = d->invite_ok_frame;
    c->t_invite_ok = d->t_invite_ok;
    d->call = c;
    return c;
}

static void
set_user_agent(fax_call *c, fax_side s, const sip_msg *m)
{
    if (!c->user_agent[s] && m->user_agent[0])
        c->user_agent[s] = g_strdup(m->user_agent);
}

void
fax_registry_sip(fax_registry *r, const sip_msg *m, const sdp_info *sdp,
                 const fax_endpoint *src, const fax_endpoint *dst,
                 guint32 frame, double t, fax_sip_note *note)
{
    (void)src;
    (void)dst;
    memset(note, 0, sizeof *note);
    if (m->call_id[0] == '\0')
        return;

    int t38_idx = sdp ? sdp_t38_media(sdp) : -1;
    gboolean is_invite_req = m->is_request && strcmp(m->method, "INVITE") == 0;
    gboolean invite_resp = !m->is_request && strcmp(m->cseq_method, "INVITE") == 0;

    fax_dialog *d = g_hash_table_lookup(r->dialogs, m->call_id);
    if (!d) {
        /* A dialog starts at its INVITE; a capture that starts mid-call still
         * counts when the message itself carries T.38. */
        if (!is_invite_req && t38_idx < 0)
            return;
        if (g_hash_table_size(r->dialogs) >= FAX_MAX_DIALOGS) {
            r->truncated = TRUE;
            return;
        }
        /* From/To keep the direction of the dialog's first request, also in
         * responses; side A is the From side */
        d = g_new0(fax_dialog, 1);
        d->call_id = g_strdup(m->call_id);
        d->caller = g_strdup(m->from);
        d->callee = g_strdup(m->to);
        d->a_tag = m->from_tag[0] ? g_strdup(m->from_tag) : NULL;
        if (is_invite_req && m->to_tag[0] == '\0') {
            d->invite_frame = frame;
            d->t_invite = t;
            d->invite_cseq = m->cseq;
        }
        g_hash_table_insert(r->dialogs, d->call_id, d);
    }

    fax_side sender = sip_sender(d, m);
    note->side = sender;
    if (!d->call) {
        /* remember the dialog's messages, bounded, in case it turns fax */
        if (!d->frames)
            d->frames = g_array_sized_new(FALSE, FALSE, sizeof(guint32), 8);
        if (d->frames->len < FAX_DIALOG_MAX_FRAMES) {
            guint32 packed = (frame << 1) | (guint32)sender;
            g_array_append_val(d->frames, packed);
        }
    }
    if (is_invite_req && frame == d->invite_frame)
        note->role = FAX_SIP_INVITE;

    /* the initial INVITE's 2xx: the call is up (timing) */
    if (invite_resp && d->invite_frame && m->cseq == d->invite_cseq && m->status >= 200 &&
        m->status < 300 && d->invite_ok_frame == 0) {
        d->invite_ok_frame = frame;
        d->t_invite_ok = t;
        if (d->call) {
            d->call->invite_ok_frame = frame;
            d->call->t_invite_ok = t;
        }
    }
    /* audio endpoints: T.38 may follow there in-band (no re-INVITE) */
    if (sdp)
        for (guint i = 0; i < sdp->n_media; i++)
            if (strcmp(sdp->media[i].media, "audio") == 0 && sdp->media[i].port != 0)
                bind_audio(r, d, sender, &sdp->media[i]);

    fax_call *c = d->call;
    if (is_invite_req && t38_idx >= 0) {
        gboolean was = c != NULL;
        c = promote(r, d, frame, t);
        if (!c)
            return;
        note->promoted = !was;
        note->role = FAX_SIP_T38_OFFER;
        /* a repeated offer (retransmission, or a new re-INVITE) restarts the
         * negotiation unless it was already accepted */
        if (c->t38 != FAX_T38_ACCEPTED || c->t38_offer_frame == 0) {
            c->t38 = FAX_T38_OFFERED;
            if (c->t38_offer_frame == 0 || d->t38_offer_cseq != m->cseq) {
                c->t38_offer_frame = frame;
                c->t_t38_offer = t;
                c->t38_offer_side = sender;
            }
        }
        d->t38_offer_cseq = m->cseq;
        d->offer_pending = TRUE;
        c->offer_image = sdp->media[t38_idx];
        c->has_offer_sdp = TRUE;
        bind_media(r, c, sender, &sdp->media[t38_idx]);
    } else if (!m->is_request && t38_idx >= 0 && m->status >= 200 && m->status < 300) {
        gboolean was = c != NULL;
        c = promote(r, d, frame, t);
        if (!c)
            return;
        note->promoted = !was;
        note->role = FAX_SIP_T38_ACCEPT;
        if (c->t38 != FAX_T38_ACCEPTED) {
            c->t38 = FAX_T38_ACCEPTED;
            c->t38_answer_frame = frame;
            c->t_t38_answer = t;
            c->t38_answer_status = m->status;
            g_strlcpy(c->t38_answer_reason, m->reason, sizeof c->t38_answer_reason);
        }
        d->offer_pending = FALSE;
        c->answer_image = sdp->media[t38_idx];
        c->has_answer_sdp = TRUE;
        bind_media(r, c, sender, &sdp->media[t38_idx]);
    } else if (c && invite_resp && d->offer_pending && m->cseq == d->t38_offer_cseq &&
               m->status >= 200) {
        d->offer_pending = FALSE;
        c->t38_answer_frame = frame;
        c->t_t38_answer = t;
        c->t38_answer_status = m->status;
        g_strlcpy(c->t38_answer_reason, m->reason, sizeof c->t38_answer_reason);
        if (m->status >= 300) {
            c->t38 = FAX_T38_REJECTED;
            note->role = FAX_SIP_T38_REJECT;
        } else {
            c->t38 = FAX_T38_NO_IMAGE;
            note->role = FAX_SIP_T38_NO_IMAGE;
        }
    } else if (c && sdp && sdp->n_media > 0 && t38_idx < 0 &&
               c->t38 == FAX_T38_ACCEPTED && (is_invite_req || invite_resp)) {
        if (c->audio_back_frame == 0)
            c->audio_back_frame = frame;
        note->role = FAX_SIP_AUDIO_BACK;
    }

    if (m->is_request && (strcmp(m->method, "BYE") == 0 || strcmp(m->method, "CANCEL") == 0)) {
        note->role = FAX_SIP_BYE;
        if (c && c->bye_frame == 0) {
            c->bye_frame = frame;
            c->t_bye = t;
            c->bye_side = sender;
            c->bye_is_cancel = m->method[0] == 'C';
            /* T.30 going on, not released by DCN: the call was cut mid-fax */
            const t30_summary *sum = t30_session_summary(c->session);
            if (sum->first_frame != 0 && sum->dcn_frame == 0)
                for (int ph = FAX_PHASE_E; ph > FAX_PHASE_NONE; ph--)
                    if (sum->t_phase[ph] != 0) {
                        note->bye_mid_fax = (fax_phase)ph;
                        break;
                    }
        }
    }

    if (note->promoted && d->frames) {
        /* this message itself may be among them */
        note->earlier = (const guint32 *)(void *)d->frames->data;
        note->n_earlier = d->frames->len;
    }
    if (c) {
        note->call = c;
        set_user_agent(c, sender, m);
        call_touch(c, frame, t);
        r->dirty = TRUE;
    }
}

/* ---- UDPTL -------------------------------------------------------------- */

gboolean
fax_registry_is_t38_endpoint(const fax_registry *r, const fax_endpoint *src,
                             const fax_endpoint *dst)
{
    if (!port_marked(r, dst->port) && !port_marked(r, src->port))
        return FALSE;
    return g_hash_table_contains(r->bindings, dst) ||
           g_hash_table_contains(r->bindings, src);
}

typedef struct {
    fax_call       *call;
    fax_udptl_note *note;
} feed_ctx;

/* ---- G.711 pass-through ------------------------------------------------ */

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
        fax_call *c = promote(ctx->r, d, ctx->frame, ctx->t);
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
    if (!bit_marked(r->audio_ports, dst->port) && !bit_marked(r->audio_ports, src->port))
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
        call_touch(c, frame, t);
    }
    return TRUE;
}

static void
on_event(const fax_event *ev, void *user)
{
    feed_ctx *ctx = user;
    fax_note n;
    t30_session_feed(ctx->call->session, ev, &n);
    if (ctx->call->pages)
        fax_pages_feed(ctx->call->pages, ev, &n);
    fax_udptl_note *un = ctx->note;
    if (un->n_notes < FAX_MAX_NOTES_PER_PACKET)
        un->notes[un->n_notes++] = n;
    else
        un->notes_truncated = TRUE;
}

static void feed_call(fax_registry *r, fax_call *c, fax_side sender,
                      const fax_endpoint *src, const guint8 *payload, guint len,
                      guint32 frame, double t, fax_udptl_note *note);

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
    if (port_marked(r, dst->port))
        b = g_hash_table_lookup(r->bindings, dst);
    if (b) {
        c = b->call;
        sender = FAX_OTHER_SIDE(b->owner);
    } else if (port_marked(r, src->port) &&
               (b = g_hash_table_lookup(r->bindings, src)) != NULL) {
        c = b->call;
        sender = b->owner;
    } else if (ws_t38) {
        /* Wireshark decodes it as T.38 (Decode As, H.245, or an SDP we could
         * not read): a call of its own, but only if it really is UDPTL. */
        endpoint_pair key;
        gboolean src_lo = fax_endpoint_cmp(src, dst) <= 0;
        key.lo = src_lo ? *src : *dst;
        key.hi = src_lo ? *dst : *src;
        c = g_hash_table_lookup(r->bare, &key);
        if (!c) {
            if (!udptl_plausible(payload, len))
                return;
            c = call_new(r, FAX_ORIGIN_UDPTL, frame, t);
            if (!c)
                return;
            /* side A: the first sender seen */
            c->seen_src[FAX_SIDE_A] = *src;
            c->seen_src[FAX_SIDE_B] = *dst;
            g_hash_table_insert(r->bare, g_memdup2(&key, sizeof key), c);
            note->new_call = TRUE;
        }
        sender = fax_endpoint_equal(src, &c->seen_src[FAX_SIDE_A]) ? FAX_SIDE_A : FAX_SIDE_B;
    }
    if (!c)
        return;
    feed_call(r, c, sender, src, payload, len, frame, t, note);
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

static void
feed_call(fax_registry *r, fax_call *c, fax_side sender, const fax_endpoint *src,
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

    call_touch(c, frame, t);
    r->dirty = TRUE;
}

/* ---- discovery ---------------------------------------------------------- */

gboolean
fax_registry_is_found(const fax_registry *r, const fax_endpoint *src,
                      const fax_endpoint *dst)
{
    if (g_hash_table_size(r->found) == 0)
        return FALSE;
    endpoint_pair key;
    pair_key(src, dst, &key);
    return g_hash_table_contains(r->found, &key);
}

gboolean
fax_registry_audio_armed(const fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst)
{
    return bit_marked(r->audio_armed, src->port) || bit_marked(r->audio_armed, dst->port);
}

void
fax_registry_arm_audio(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst)
{
    bit_mark(r->audio_armed, src->port);
    bit_mark(r->audio_armed, dst->port);
}

gboolean
fax_registry_is_audio_port(const fax_registry *r, const fax_endpoint *src,
                           const fax_endpoint *dst)
{
    return bit_marked(r->audio_ports, src->port) || bit_marked(r->audio_ports, dst->port);
}

static gboolean
same_addr(const fax_endpoint *x, const fax_endpoint *y)
{
    return x->family == y->family && memcmp(x->addr, y->addr, x->family == 6 ? 16 : 4) == 0;
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
        if (same_addr(mine, e))
            return 2;
        if (peer_e && same_addr(other, peer_e))
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
    if (port_marked(r, src->port) || port_marked(r, dst->port)) {
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
    if (bit_marked(r->audio_ports, src->port) || bit_marked(r->audio_ports, dst->port)) {
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
    fax_call *c = promote(r, bd, frame, t);
    if (!c)
        return NULL;
    if (!was) {
        c->t38 = FAX_T38_INBAND;
        if (bd->frames) {
            note->earlier = (const guint32 *)(void *)bd->frames->data;
            note->n_earlier = bd->frames->len;
        }
    }
    *how = FAX_FOUND_AUDIO_PORT;
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
    endpoint_pair key;
    pair_key(src, dst, &key);
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
                c = call_new(r, FAX_ORIGIN_UDPTL, frame, t);
                if (!c)
                    return;
                c->seen_src[FAX_SIDE_A] = *src;
                c->seen_src[FAX_SIDE_B] = *dst;
                g_hash_table_insert(r->bare, g_memdup2(&key, sizeof key), c);
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
    feed_call(r, f->call, sender, src, payload, len, frame, t, note);
    note->earlier = earlier;
    note->n_earlier = ne;
}

/* ---- verdict ------------------------------------------------------------ */

static void
call_verdict(fax_call *c)
{
    gboolean released = c->bye_frame != 0;
    t30_session_finish(c->session, c->t_last, c->last_frame, released);
    const t30_summary *s = t30_session_summary(c->session);

    if (c->passthru) {
        /* the fax went as G.711 audio (T.38 never offered, or refused):
         * the T.30 story decides, as for T.38 */
        goto t30;
    }
    if (c->origin == FAX_ORIGIN_SIP && c->t38 == FAX_T38_REJECTED) {
        c->result = FAX_RESULT_NOT_FAX;
        c->reason = "t38_rejected";
        g_snprintf(c->result_text, sizeof c->result_text,
                   "T.38 rejected (%u %s)", c->t38_answer_status,
                   c->t38_answer_reason[0] ? c->t38_answer_reason : "no reason phrase");
        return;
    }
    if (c->origin == FAX_ORIGIN_SIP && c->t38 == FAX_T38_NO_IMAGE) {
        c->result = FAX_RESULT_NOT_FAX;
        c->reason = "t38_no_image";
        g_snprintf(c->result_text, sizeof c->result_text,
                   "T.38 re-INVITE answered %u without an image stream",
                   c->t38_answer_status);
        return;
    }
    if (c->origin == FAX_ORIGIN_SIP && c->t38 == FAX_T38_OFFERED &&
        c->udptl_packets[0] + c->udptl_packets[1] == 0) {
        c->result = FAX_RESULT_NOT_FAX;
        c->reason = "t38_unanswered";
        g_snprintf(c->result_text, sizeof c->result_text,
                   "T.38 re-INVITE (frame %u) never answered", c->t38_offer_frame);
        return;
    }
    if (c->udptl_packets[0] + c->udptl_packets[1] == 0) {
        c->result = FAX_RESULT_NOT_FAX;
        c->reason = "no_t38_media";
        g_snprintf(c->result_text, sizeof c->result_text,
                   "T.38 negotiated, no UDPTL seen in either direction");
        return;
    }
t30:
    switch (s->result) {
    case T30_RESULT_SUCCESS:    c->result = FAX_RESULT_SUCCESS; break;
    case T30_RESULT_PARTIAL:    c->result = FAX_RESULT_PARTIAL; break;
    case T30_RESULT_FAILED:     c->result = FAX_RESULT_FAILED; break;
    case T30_RESULT_INCOMPLETE: c->result = FAX_RESULT_INCOMPLETE; break;
    case T30_RESULT_NONE:
    default:
        c->result = FAX_RESULT_NOT_FAX;
        c->reason = "no_t30";
        g_snprintf(c->result_text, sizeof c->result_text,
                   "UDPTL seen (%u packets) but no T.30 frame",
                   c->udptl_packets[0] + c->udptl_packets[1]);
        return;
    }
    c->reason = t30_reason_name(s->reason);
    g_strlcpy(c->result_text, s->result_text, sizeof c->result_text);
}

void
fax_registry_finish(fax_registry *r)
{
    if (!r->dirty)
        return;
    for (guint i = 0; i < r->calls->len; i++)
        call_verdict(g_ptr_array_index(r->calls, i));
    r->dirty = FALSE;
}

/* ---- names -------------------------------------------------------------- */

const char *
fax_result_name(fax_result res)
{
    switch (res) {
    case FAX_RESULT_SUCCESS:    return "success";
    case FAX_RESULT_PARTIAL:    return "partial";
    case FAX_RESULT_FAILED:     return "failed";
    case FAX_RESULT_INCOMPLETE: return "incomplete";
    case FAX_RESULT_NOT_FAX:    return "not_fax";
    }
    return "unknown";
}

const char *
fax_t38_state_name(fax_t38_state st)
{
    switch (st) {
    case FAX_T38_NONE:     return "none";
    case FAX_T38_OFFERED:  return "offered";
    case FAX_T38_ACCEPTED: return "accepted";
    case FAX_T38_REJECTED: return "rejected";
    case FAX_T38_NO_IMAGE: return "no_image";
    case FAX_T38_INBAND:   return "inband";
    }
    return "unknown";
}

const char *
fax_side_name(fax_side s)
{
    return s == FAX_SIDE_A ? "A" : "B";
}

const char *
fax_found_how_name(fax_found_how h)
{
    switch (h) {
    case FAX_FOUND_WIRESHARK:  return "signalled";
    case FAX_FOUND_SDP_PORT:   return "sdp_image_port";
    case FAX_FOUND_AUDIO_PORT: return "sdp_audio_port";
    case FAX_FOUND_BARE:       return "unsignalled";
    }
    return "unknown";
}
