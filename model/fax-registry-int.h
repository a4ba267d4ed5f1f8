/* fax-registry-int.h: the registry's own state, shared by the files that
 * implement fax-registry.h: fax-registry.c (lifetime, calls, verdicts),
 * sip-dialog.c (SIP dialogs and their offer/answer), t38-binding.c (SDP
 * T.38 endpoints, UDPTL feeding, loss), passthru-watch.c (the G.711 audio
 * of the dialogs) and discovery-join.c (streams found by their shape).
 * Not for use outside the registry.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_REGISTRY_INT_H
#define FAX_REGISTRY_INT_H

#include "fax-registry.h"

/* A SIP dialog remembered until it offers T.38 (most never do). */
typedef struct fax_dialog {
    fax_origin origin;       /* SIP, or MGCP (its key is then "mgcp:" CallId) */
    fax_mgcp *mgcp;          /* origin MGCP */
    fax_endpoint bare_media[2];  /* origin UDPTL: unsignalled G.711 (passthru-bare.c) */
    fax_endpoint sig[2];     /* where each side's SIP came from (first seen) */
    gboolean audio_announced;/* an SDP audio stream was bound */
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

/* An SDP T.38 endpoint of a call. */
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
    GHashTable *bare;        /* fax_endpoint_pair -> fax_call (no signalling) */
    GHashTable *audio;       /* fax_endpoint -> fax_audio_binding (SDP audio) */
    GHashTable *found;       /* fax_endpoint_pair -> fax_found (discovery) */
    guint       n_audio_streams;  /* dialogs with audio_fax, capped */
    guint8      audio_ports[65536 / 8];
    guint8      audio_armed[65536 / 8];  /* ports whose audio is analysed in full */
    GPtrArray  *calls;       /* fax_call*, id = index + 1 */
    guint8      t38_ports[65536 / 8];   /* quick reject before hashing */
    gboolean    dirty;       /* fed since the last finish */
    gboolean    truncated;   /* a cap was hit */
    gboolean    pages;       /* keep page data (fax_registry_set_pages) */
    GHashTable *mgcp_tx;     /* MGCP transaction id -> mgcp_pending */
    GHashTable *mgcp_ep;     /* endpoint name -> its latest dialog key */
    GPtrArray  *h323;        /* fax_h323*, in order of first message */
    GHashTable *h323_by_key; /* (connection, call reference) -> fax_h323 */
    GHashTable *h323_by_conn;/* connection -> its latest fax_h323 */
    fax_tls_flow tls[FAX_MAX_TLS_SERVERS];   /* SIP over TLS servers seen */
    guint       n_tls;
};

/* Port bitmaps: a quick reject before any hash lookup. */
static inline void
port_bit_mark(guint8 *map, guint16 port)
{
    map[port >> 3] |= (guint8)(1u << (port & 7));
}

static inline gboolean
port_bit_marked(const guint8 *map, guint16 port)
{
    return (map[port >> 3] >> (port & 7)) & 1u;
}

/* fax-registry.c: a new call, numbered in order (NULL: FAX_MAX_CALLS hit) */
fax_call *registry_call_new(fax_registry *r, fax_origin origin, guint32 frame, double t);
/* A new call for a T.38 stream with no signalling, keyed by its pair, side
 * A = src (the first sender seen).  NULL: FAX_MAX_CALLS hit. */
fax_call *registry_bare_new(fax_registry *r, const fax_endpoint_pair *key,
                            const fax_endpoint *src, const fax_endpoint *dst,
                            guint32 frame, double t);

/* The endpoint an SDP media line announces (family 0 or port 0: none). */
void registry_endpoint_from_sdp(const sdp_media *m, fax_endpoint *e);

/* sip-dialog.c */
void      sip_over_tls_explain(fax_registry *r, fax_call *c);
void      mgcp_registry_init(fax_registry *r);
void      mgcp_registry_free(fax_registry *r);
void      h323_registry_init(fax_registry *r);
void      h323_registry_free(fax_registry *r);
void      h323_join(fax_registry *r, fax_call *c);

void      sip_dialog_free(gpointer d);
/* The dialog's fax call, made now if it is none yet (NULL: a cap was hit) */
fax_call *sip_dialog_promote(fax_registry *r, fax_dialog *d, guint32 frame, double t);

/* t38-binding.c */
void t38_binding_bind(fax_registry *r, fax_call *c, fax_side owner, const sdp_media *m);
/* One UDPTL datagram of call c sent by sender: T.38 stream, T.30 session,
 * counters, loss accounting; notes in note. */
void t38_binding_feed(fax_registry *r, fax_call *c, fax_side sender,
                      const fax_endpoint *src, const guint8 *payload, guint len,
                      guint32 frame, double t, fax_udptl_note *note);

/* passthru-watch.c */
void passthru_bind_audio(fax_registry *r, fax_dialog *d, fax_side owner,
                         const sdp_media *m);

#endif /* FAX_REGISTRY_INT_H */
