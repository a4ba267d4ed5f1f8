/* sip-dialog.c: SIP dialogs (by Call-ID) as the registry follows them: the
 * initial INVITE, the T.38 offer in a (re-)INVITE and its answer (RFC 3264
 * offer/answer: 2xx with or without an image stream, or a final non-2xx),
 * the way back to audio, and the release (BYE/CANCEL).  A dialog becomes a
 * fax call (is promoted) at its T.38 offer or answer, or when its audio
 * carries T.30 (passthru-watch.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-registry-int.h"

#include <string.h>

void
sip_dialog_free(gpointer p)
{
    fax_dialog *d = p;
    g_free(d->call_id);
    g_free(d->caller);
    g_free(d->callee);
    g_free(d->a_tag);
    g_free(d->mgcp);
    if (d->frames)
        g_array_free(d->frames, TRUE);
    g_free(d);
}

fax_call *
sip_dialog_promote(fax_registry *r, fax_dialog *d, guint32 frame, double t)
{
    if (d->call)
        return d->call;
    guint32 first = d->invite_frame ? d->invite_frame : frame;
    double tf = d->invite_frame ? d->t_invite : t;
    fax_call *c = registry_call_new(r, FAX_ORIGIN_SIP, first, tf);
    if (!c)
        return NULL;
    if (d->origin == FAX_ORIGIN_UDPTL) {
        /* G.711 with no signalling: named by its endpoints */
        c->origin = FAX_ORIGIN_UDPTL;
        c->seen_src[FAX_SIDE_A] = d->bare_media[FAX_SIDE_A];
        c->seen_src[FAX_SIDE_B] = d->bare_media[FAX_SIDE_B];
        d->call = c;
        return c;
    }
    if (d->origin == FAX_ORIGIN_MGCP) {
        /* MGCP names no caller: the gateway's endpoint is side A */
        c->origin = FAX_ORIGIN_MGCP;
        c->mgcp = d->mgcp;
        c->call_id = g_strdup(d->mgcp->call_id);
        c->party[FAX_SIDE_A] = g_strdup(d->mgcp->endpoint);
        d->call = c;
        return c;
    }
    c->call_id = g_strdup(d->call_id);
    if (d->invite_frame) {
        c->caller = g_strdup(d->caller);
        c->callee = g_strdup(d->callee);
    } else {
        /* RFC 3261 12.2: From/To of an in-dialog request name its sender
         * and receiver, not who set the call up */
        c->mid_call = TRUE;
        c->party[FAX_SIDE_A] = g_strdup(d->caller);
        c->party[FAX_SIDE_B] = g_strdup(d->callee);
    }
    c->invite_frame = d->invite_frame;
    c->t_invite = d->t_invite;
    c->invite_ok_frame = d->invite_ok_frame;
    c->t_invite_ok = d->t_invite_ok;
    d->call = c;
    return c;
}

/* The message as the steps below read it. */
typedef struct {
    const sip_msg  *m;
    const sdp_info *sdp;
    int             t38_idx;      /* the SDP's T.38 image stream, or -1 */
    gboolean        invite_req;   /* an INVITE request */
    gboolean        invite_resp;  /* a response to an INVITE */
    fax_side        sender;
    guint32         frame;
    double          t;
} sip_step;

/* Messages of an INVITE dialog (RFC 3261 12, 13, 15; RFC 3311, 6086,
 * 3262): a capture that starts mid-call builds the dialog from the first
 * of them it holds. */
static gboolean
in_invite_dialog(const sip_msg *m)
{
    static const char *const methods[] = { "INVITE", "ACK", "BYE", "CANCEL", "UPDATE", "INFO", "PRACK" };
    const char *meth = m->is_request ? m->method : m->cseq_method;
    if (m->to_tag[0] == '\0' && !(m->is_request && strcmp(meth, "INVITE") == 0))
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(methods); i++)
        if (strcmp(meth, methods[i]) == 0)
            return TRUE;
    return FALSE;
}

/* The dialog of this message.  A dialog starts at its INVITE; in a capture
 * that starts mid-call, at its first in-dialog message or at a message
 * carrying T.38.  NULL: no dialog to follow (or FAX_MAX_DIALOGS hit). */
static fax_dialog *
dialog_of(fax_registry *r, const sip_step *s)
{
    const sip_msg *m = s->m;
    fax_dialog *d = g_hash_table_lookup(r->dialogs, m->call_id);
    if (d)
        return d;
    if (!s->invite_req && s->t38_idx < 0 && !in_invite_dialog(m))
        return NULL;
    if (g_hash_table_size(r->dialogs) >= FAX_MAX_DIALOGS) {
        r->truncated = TRUE;
        return NULL;
    }
    /* From/To keep the direction of the dialog's first request, also in
     * responses; side A is the From side (mid-call: of the first in-dialog
     * request seen, not necessarily the caller) */
    d = g_new0(fax_dialog, 1);
    d->call_id = g_strdup(m->call_id);
    d->caller = g_strdup(m->from);
    d->callee = g_strdup(m->to);
    d->a_tag = m->from_tag[0] ? g_strdup(m->from_tag) : NULL;
    if (s->invite_req && m->to_tag[0] == '\0') {
        d->invite_frame = s->frame;
        d->t_invite = s->t;
        d->invite_cseq = m->cseq;
    }
    g_hash_table_insert(r->dialogs, d->call_id, d);
    return d;
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

/* Remember the dialog's messages, bounded, in case it turns fax. */
static void
dialog_remember(fax_dialog *d, const sip_step *s)
{
    if (d->call)
        return;
    if (!d->frames)
        d->frames = g_array_sized_new(FALSE, FALSE, sizeof(guint32), 8);
    if (d->frames->len < FAX_DIALOG_MAX_FRAMES) {
        guint32 packed = (s->frame << 1) | (guint32)s->sender;
        g_array_append_val(d->frames, packed);
    }
}

/* The initial INVITE's 2xx: the call is up (timing). */
static void
on_invite_ok(fax_dialog *d, const sip_step *s)
{
    const sip_msg *m = s->m;
    if (!s->invite_resp || !d->invite_frame || m->cseq != d->invite_cseq ||
        m->status < 200 || m->status >= 300 || d->invite_ok_frame != 0)
        return;
    d->invite_ok_frame = s->frame;
    d->t_invite_ok = s->t;
    if (d->call) {
        d->call->invite_ok_frame = s->frame;
        d->call->t_invite_ok = s->t;
    }
}

/* Audio endpoints of the SDP: T.38 may follow there in-band (no re-INVITE),
 * and their G.711 may carry the fax itself. */
static void
bind_audio_media(fax_registry *r, fax_dialog *d, const sip_step *s)
{
    if (!s->sdp)
        return;
    for (guint i = 0; i < s->sdp->n_media; i++)
        if (strcmp(s->sdp->media[i].media, "audio") == 0 && s->sdp->media[i].port != 0) {
            passthru_bind_audio(r, d, s->sender, &s->sdp->media[i]);
            d->audio_announced = TRUE;
        }
}

/* A T.38 offer or answer makes the dialog a fax call (if it is not one
 * yet) and gives the message its role.  NULL: no call (cap). */
static fax_call *
promote_for(fax_registry *r, fax_dialog *d, const sip_step *s, fax_sip_note *note,
            fax_sip_role role)
{
    gboolean was = d->call != NULL;
    fax_call *c = sip_dialog_promote(r, d, s->frame, s->t);
    if (!c)
        return NULL;
    note->promoted = !was;
    note->role = role;
    return c;
}

/* A (re-)INVITE offering T.38.  NULL: no call (cap). */
static fax_call *
on_t38_offer(fax_registry *r, fax_dialog *d, const sip_step *s, fax_sip_note *note)
{
    fax_call *c = promote_for(r, d, s, note, FAX_SIP_T38_OFFER);
    if (!c)
        return NULL;
    /* a repeated offer (retransmission, or a new re-INVITE) restarts the
     * negotiation unless it was already accepted */
    if (c->t38 != FAX_T38_ACCEPTED || c->t38_offer_frame == 0) {
        c->t38 = FAX_T38_OFFERED;
        if (c->t38_offer_frame == 0 || d->t38_offer_cseq != s->m->cseq) {
            c->t38_offer_frame = s->frame;
            c->t_t38_offer = s->t;
            c->t38_offer_side = s->sender;
        }
    }
    d->t38_offer_cseq = s->m->cseq;
    d->offer_pending = TRUE;
    c->offer_image = s->sdp->media[s->t38_idx];
    c->has_offer_sdp = TRUE;
    t38_binding_bind(r, c, s->sender, &s->sdp->media[s->t38_idx]);
    return c;
}

static void
set_answer(fax_call *c, const sip_step *s)
{
    c->t38_answer_frame = s->frame;
    c->t_t38_answer = s->t;
    c->t38_answer_status = s->m->status;
    g_strlcpy(c->t38_answer_reason, s->m->reason, sizeof c->t38_answer_reason);
}

/* A 2xx whose SDP answers with a T.38 image stream.  NULL: no call (cap). */
static fax_call *
on_t38_accept(fax_registry *r, fax_dialog *d, const sip_step *s, fax_sip_note *note)
{
    fax_call *c = promote_for(r, d, s, note, FAX_SIP_T38_ACCEPT);
    if (!c)
        return NULL;
    if (c->t38 != FAX_T38_ACCEPTED) {
        c->t38 = FAX_T38_ACCEPTED;
        set_answer(c, s);
    }
    d->offer_pending = FALSE;
    c->answer_image = s->sdp->media[s->t38_idx];
    c->has_answer_sdp = TRUE;
    t38_binding_bind(r, c, s->sender, &s->sdp->media[s->t38_idx]);
    return c;
}

/* The final answer to the pending T.38 offer, without T.38: a refusal
 * (3xx-6xx: 488, 415, 606 ...) or a 2xx without an image stream. */
static void
on_t38_refused(fax_call *c, fax_dialog *d, const sip_step *s, fax_sip_note *note)
{
    d->offer_pending = FALSE;
    set_answer(c, s);
    if (s->m->status >= 300) {
        c->t38 = FAX_T38_REJECTED;
        note->role = FAX_SIP_T38_REJECT;
    } else {
        c->t38 = FAX_T38_NO_IMAGE;
        note->role = FAX_SIP_T38_NO_IMAGE;
    }
}

/* The SIP/SDP offer/answer steps of a dialog's T.38.  FALSE: the dialog
 * should have become a call and could not (cap): stop here. */
static gboolean
offer_answer(fax_registry *r, fax_dialog *d, const sip_step *s, fax_sip_note *note)
{
    const sip_msg *m = s->m;
    fax_call *c = d->call;
    if (s->invite_req && s->t38_idx >= 0)
        return on_t38_offer(r, d, s, note) != NULL;
    if (!m->is_request && s->t38_idx >= 0 && m->status >= 200 && m->status < 300)
        return on_t38_accept(r, d, s, note) != NULL;
    if (c && s->invite_resp && d->offer_pending && m->cseq == d->t38_offer_cseq &&
        m->status >= 200) {
        on_t38_refused(c, d, s, note);
    } else if (c && s->sdp && s->sdp->n_media > 0 && s->t38_idx < 0 &&
               c->t38 == FAX_T38_ACCEPTED && (s->invite_req || s->invite_resp)) {
        /* back to audio after T.38 */
        if (c->audio_back_frame == 0)
            c->audio_back_frame = s->frame;
        note->role = FAX_SIP_AUDIO_BACK;
    }
    return TRUE;
}

/* BYE or CANCEL: the call's release, and where T.30 was if it had not
 * ended with DCN (the call was cut mid-fax). */
static void
on_release(fax_call *c, const sip_step *s, fax_sip_note *note)
{
    note->role = FAX_SIP_BYE;
    if (!c || c->bye_frame != 0)
        return;
    c->bye_frame = s->frame;
    c->t_bye = s->t;
    c->bye_side = s->sender;
    c->bye_is_cancel = s->m->method[0] == 'C';
    const t30_summary *sum = t30_session_summary(c->session);
    if (sum->first_frame != 0 && sum->dcn_frame == 0)
        for (int ph = FAX_PHASE_E; ph > FAX_PHASE_NONE; ph--)
            if (sum->t_phase[ph] != 0) {
                note->bye_mid_fax = (fax_phase)ph;
                break;
            }
}

void
fax_registry_sip(fax_registry *r, const sip_msg *m, const sdp_info *sdp,
                 const fax_endpoint *src, const fax_endpoint *dst,
                 guint32 frame, double t, fax_sip_note *note)
{
    memset(note, 0, sizeof *note);
    if (m->call_id[0] == '\0')
        return;

    sip_step s = {
        .m = m, .sdp = sdp, .t38_idx = sdp ? sdp_t38_media(sdp) : -1,
        .invite_req = m->is_request && strcmp(m->method, "INVITE") == 0,
        .invite_resp = !m->is_request && strcmp(m->cseq_method, "INVITE") == 0,
        .frame = frame, .t = t,
    };
    fax_dialog *d = dialog_of(r, &s);
    if (!d)
        return;
    s.sender = sip_sender(d, m);
    note->side = s.sender;
    if (d->sig[s.sender].family == 0)
        d->sig[s.sender] = *src;
    if (d->sig[FAX_OTHER_SIDE(s.sender)].family == 0)
        d->sig[FAX_OTHER_SIDE(s.sender)] = *dst;
    dialog_remember(d, &s);
    if (s.invite_req && frame == d->invite_frame)
        note->role = FAX_SIP_INVITE;
    on_invite_ok(d, &s);
    bind_audio_media(r, d, &s);
    if (!offer_answer(r, d, &s, note))
        return;

    fax_call *c = d->call;
    if (m->is_request && (strcmp(m->method, "BYE") == 0 || strcmp(m->method, "CANCEL") == 0))
        on_release(c, &s, note);
    if (note->promoted && d->frames) {
        /* this message itself may be among them */
        note->earlier = (const guint32 *)(void *)d->frames->data;
        note->n_earlier = d->frames->len;
    }
    if (c) {
        note->call = c;
        if (!c->user_agent[s.sender] && m->user_agent[0])
            c->user_agent[s.sender] = g_strdup(m->user_agent);
        fax_call_touch(c, frame, t);
        r->dirty = TRUE;
    }
}
