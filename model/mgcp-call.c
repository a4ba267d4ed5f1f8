/* mgcp-call.c: calls set up by MGCP (RFC 3435), see mgcp-call.h.
 *
 * A call agent creates a connection on a gateway's endpoint (CRCX), changes
 * it (MDCX) and deletes it (DLCX); the gateway notifies what it observed
 * (NTFY).  Session descriptions ride on both (RFC 3435 3.4): the one the
 * call agent sends is the far end's (RemoteConnectionDescriptor), the one
 * in the gateway's response its own (LocalConnectionDescriptor).  So the
 * gateway's endpoint is side A, the far end side B; a T.38 image stream
 * sent by the call agent is the offer, the gateway's 2xx with one the
 * acceptance, a final error response to that command the refusal (the
 * MGCP twin of SIP's 488).  The call is a fax_dialog keyed "mgcp:" CallId,
 * so that the audio watch (G.711 pass-through) and the T.38 binding work
 * as for SIP.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-registry-int.h"

#include <string.h>

#define MGCP_MAX_PENDING 4096     /* commands awaiting their response */

typedef struct {
    char    *key;                 /* dialog key */
    char     verb[8];
    guint32  frame;
    gboolean t38_offer;
} mgcp_pending;

static void
pending_free(gpointer p)
{
    mgcp_pending *x = p;
    g_free(x->key);
    g_free(x);
}

void
mgcp_registry_init(fax_registry *r)
{
    r->mgcp_tx = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, pending_free);
    r->mgcp_ep = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

void
mgcp_registry_free(fax_registry *r)
{
    g_hash_table_destroy(r->mgcp_tx);
    g_hash_table_destroy(r->mgcp_ep);
}

/* The dialog of CallId; CRCX/MDCX create it.  NULL: none (or cap). */
static fax_dialog *
dialog_for(fax_registry *r, const mgcp_msg *m, gboolean create, const fax_endpoint *gw,
           const fax_endpoint *agent)
{
    char *key = g_strdup_printf("mgcp:%s", m->call_id);
    fax_dialog *d = g_hash_table_lookup(r->dialogs, key);
    if (d || !create) {
        g_free(key);
        return d;
    }
    if (g_hash_table_size(r->dialogs) >= FAX_MAX_DIALOGS) {
        r->truncated = TRUE;
        g_free(key);
        return NULL;
    }
    d = g_new0(fax_dialog, 1);
    d->origin = FAX_ORIGIN_MGCP;
    d->call_id = key;
    d->mgcp = g_new0(fax_mgcp, 1);
    g_strlcpy(d->mgcp->call_id, m->call_id, sizeof d->mgcp->call_id);
    g_strlcpy(d->mgcp->endpoint, m->endpoint, sizeof d->mgcp->endpoint);
    d->mgcp->gateway = *gw;
    d->mgcp->agent = *agent;
    g_hash_table_insert(r->dialogs, d->call_id, d);
    return d;
}

/* An SDP: its audio watched for G.711 fax, its T.38 image stream bound. */
static int
bind_sdp(fax_registry *r, fax_dialog *d, fax_side owner, const sdp_info *sdp)
{
    if (!sdp)
        return -1;
    for (guint i = 0; i < sdp->n_media; i++)
        if (strcmp(sdp->media[i].media, "audio") == 0 && sdp->media[i].port != 0) {
            passthru_bind_audio(r, d, owner, &sdp->media[i]);
            d->audio_announced = TRUE;
        }
    return sdp_t38_media(sdp);
}

static fax_call *
promote(fax_registry *r, fax_dialog *d, guint32 frame, double t, fax_sip_note *note)
{
    gboolean was = d->call != NULL;
    fax_call *c = sip_dialog_promote(r, d, frame, t);
    note->promoted = c && !was;
    return c;
}

static void
on_command(fax_registry *r, const mgcp_msg *m, const sdp_info *sdp, const fax_endpoint *src,
           const fax_endpoint *dst, guint32 frame, double t, fax_sip_note *note)
{
    gboolean crcx = strcmp(m->verb, "CRCX") == 0, mdcx = strcmp(m->verb, "MDCX") == 0;
    gboolean dlcx = strcmp(m->verb, "DLCX") == 0;
    if (strcmp(m->verb, "NTFY") == 0) {
        /* RFC 3435 2.3.3: the endpoint's observed events, for its call;
         * 2.1.1: endpoint names are case-insensitive */
        gchar *ep = g_ascii_strdown(m->endpoint, -1);
        const char *key = m->observed[0] ? g_hash_table_lookup(r->mgcp_ep, ep) : NULL;
        g_free(ep);
        fax_dialog *d = key ? g_hash_table_lookup(r->dialogs, key) : NULL;
        if (d && d->mgcp->n_events < FAX_MGCP_MAX_EVENTS) {
            fax_mgcp_event *e = &d->mgcp->events[d->mgcp->n_events++];
            e->frame = frame;
            g_strlcpy(e->text, m->observed, sizeof e->text);
        }
        note->call = d ? d->call : NULL;
        note->side = FAX_SIDE_A;
        return;
    }
    if (!m->call_id[0] || !(crcx || mdcx || dlcx))
        return;
    fax_dialog *d = dialog_for(r, m, crcx || mdcx, dst, src);
    if (!d)
        return;
    if (m->endpoint[0]) {
        if (g_hash_table_size(r->mgcp_ep) >= FAX_MAX_DIALOGS)
            g_hash_table_remove_all(r->mgcp_ep);
        g_hash_table_replace(r->mgcp_ep, g_ascii_strdown(m->endpoint, -1), g_strdup(d->call_id));
    }
    fax_mgcp *g = d->mgcp;
    if (crcx && !g->crcx_frame) {
        g->crcx_frame = frame;
        d->invite_frame = frame;     /* the call starts there (not shown as an INVITE) */
        d->t_invite = t;
    }
    if (mdcx && g->n_mdcx < G_N_ELEMENTS(g->mdcx_frames))
        g->mdcx_frames[g->n_mdcx++] = frame;
    if (m->connection_id[0])
        g_strlcpy(g->connection_id, m->connection_id, sizeof g->connection_id);
    note->side = FAX_SIDE_B;
    int t38 = bind_sdp(r, d, FAX_SIDE_B, sdp);
    fax_call *c = d->call;
    if (t38 >= 0) {
        c = promote(r, d, frame, t, note);
        if (c) {
            note->role = FAX_SIP_T38_OFFER;
            if (c->t38 != FAX_T38_ACCEPTED) {
                c->t38 = FAX_T38_OFFERED;
                c->t38_offer_frame = frame;
                c->t_t38_offer = t;
                c->t38_offer_side = FAX_SIDE_B;
            }
            c->offer_image = sdp->media[t38];
            c->has_offer_sdp = TRUE;
            t38_binding_bind(r, c, FAX_SIDE_B, &sdp->media[t38]);
        }
    }
    if (dlcx) {
        if (!g->dlcx_frame)
            g->dlcx_frame = frame;
        note->role = FAX_SIP_BYE;
        if (c && !c->bye_frame) {
            c->bye_frame = frame;
            c->t_bye = t;
            c->bye_side = FAX_SIDE_B;
        }
    }
    if (g_hash_table_size(r->mgcp_tx) >= MGCP_MAX_PENDING)
        g_hash_table_remove_all(r->mgcp_tx);   /* unanswered commands: forget them */
    mgcp_pending *p = g_new0(mgcp_pending, 1);
    p->key = g_strdup(d->call_id);
    g_strlcpy(p->verb, m->verb, sizeof p->verb);
    p->frame = frame;
    p->t38_offer = t38 >= 0;
    g_hash_table_replace(r->mgcp_tx, GUINT_TO_POINTER(m->transaction), p);
    if (c)
        note->call = c;
}

static void
on_response(fax_registry *r, const mgcp_msg *m, const sdp_info *sdp, guint32 frame, double t,
            fax_sip_note *note)
{
    mgcp_pending *p = g_hash_table_lookup(r->mgcp_tx, GUINT_TO_POINTER(m->transaction));
    if (!p)
        return;
    fax_dialog *d = g_hash_table_lookup(r->dialogs, p->key);
    gboolean final = m->code >= 200;     /* RFC 3435 2.4: 1xx provisional */
    if (!d) {
        if (final)
            g_hash_table_remove(r->mgcp_tx, GUINT_TO_POINTER(m->transaction));
        return;
    }
    fax_mgcp *g = d->mgcp;
    note->side = FAX_SIDE_A;
    if (final && m->code < 300 && strcmp(p->verb, "CRCX") == 0 && !g->crcx_ok_frame)
        g->crcx_ok_frame = frame;
    if (final && strcmp(p->verb, "DLCX") == 0) {
        g->dlcx_ok_frame = frame;
        if (m->conn_params[0])
            g_strlcpy(g->conn_params, m->conn_params, sizeof g->conn_params);
    }
    int t38 = final && m->code < 300 ? bind_sdp(r, d, FAX_SIDE_A, sdp) : -1;
    fax_call *c = d->call;
    if (t38 >= 0) {
        c = promote(r, d, frame, t, note);
        if (c) {
            note->role = FAX_SIP_T38_ACCEPT;
            if (c->t38 != FAX_T38_ACCEPTED) {
                c->t38 = FAX_T38_ACCEPTED;
                c->t38_answer_frame = frame;
                c->t_t38_answer = t;
                c->t38_answer_status = m->code;
                g_strlcpy(c->t38_answer_reason, m->comment, sizeof c->t38_answer_reason);
            }
            c->answer_image = sdp->media[t38];
            c->has_answer_sdp = TRUE;
            t38_binding_bind(r, c, FAX_SIDE_A, &sdp->media[t38]);
        }
    } else if (c && p->t38_offer && final && c->t38 == FAX_T38_OFFERED) {
        /* the gateway refused the image stream (RFC 3435 2.4: 4xx/5xx), or
         * answered without one */
        c->t38 = m->code >= 300 ? FAX_T38_REJECTED : FAX_T38_NO_IMAGE;
        note->role = m->code >= 300 ? FAX_SIP_T38_REJECT : FAX_SIP_T38_NO_IMAGE;
        c->t38_answer_frame = frame;
        c->t_t38_answer = t;
        c->t38_answer_status = m->code;
        g_strlcpy(c->t38_answer_reason, m->comment, sizeof c->t38_answer_reason);
    }
    if (final)
        g_hash_table_remove(r->mgcp_tx, GUINT_TO_POINTER(m->transaction));
    if (c)
        note->call = c;
}

void
fax_registry_mgcp(fax_registry *r, const mgcp_msg *m, const sdp_info *sdp,
                  const fax_endpoint *src, const fax_endpoint *dst,
                  guint32 frame, double t, fax_sip_note *note)
{
    memset(note, 0, sizeof *note);
    if (m->is_command)
        on_command(r, m, sdp, src, dst, frame, t, note);
    else
        on_response(r, m, sdp, frame, t, note);
    if (note->call) {
        fax_call_touch(note->call, frame, t);
        r->dirty = TRUE;
    }
}
