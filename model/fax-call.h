/* fax-call.h: one fax call, as the registry (fax-registry.h) finds it.  A
 * fax call is a SIP dialog (by Call-ID) whose INVITE or re-INVITE offers T.38
 * (m=image ... udptl t38), or whose G.711 audio carries T.30, or a T.38
 * stream with no signalling in the capture (keyed by its two UDP endpoints).
 * It holds what its signalling said, its T.38 media per direction, its T.30
 * session, and its verdict.
 *
 * Plain C + GLib; no Wireshark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_CALL_H
#define FAX_CALL_H

#include "fax-types.h"
#include "fax-endpoint.h"
#include "t30-session.h"
#include "t38-stream.h"
#include "page-assembly.h"
#include "audio-fax.h"
#include "h323-call.h"
#include "mgcp-call.h"
#include "../wire/sdp.h"

G_BEGIN_DECLS

typedef enum {
    FAX_ORIGIN_SIP = 0,    /* set up by SIP/SDP in the capture */
    FAX_ORIGIN_UDPTL,      /* T.38 seen with no signalling */
    FAX_ORIGIN_H323,       /* T.38 of an H.323 call in the capture (h323-call.c) */
    FAX_ORIGIN_MGCP        /* set up by MGCP/SDP in the capture (mgcp-call.c) */
} fax_origin;

typedef enum {
    FAX_T38_NONE = 0,      /* never offered (bare stream: unknown) */
    FAX_T38_OFFERED,       /* offered, no final answer seen */
    FAX_T38_ACCEPTED,      /* 2xx with an image stream */
    FAX_T38_REJECTED,      /* 3xx-6xx (488, 415, 606 ...) */
    FAX_T38_NO_IMAGE,      /* 2xx without an image stream */
    FAX_T38_INBAND         /* no T.38 offer: UDPTL found on the SDP audio port
                              (in-band switch, e.g. Cisco NSE) */
} fax_t38_state;

/* How the T.38 of a call was found. */
typedef enum {
    FAX_FOUND_WIRESHARK = 0,  /* SDP image endpoint, or Wireshark decoded T.38 */
    FAX_FOUND_SDP_PORT,       /* discovery: SDP image port, other address (NAT) */
    FAX_FOUND_AUDIO_PORT,     /* discovery: the SDP audio port (in-band switch) */
    FAX_FOUND_RTP_PORT,       /* discovery: the ports of unannounced G.711 where a fax
                                 tone was heard (in-band switch, passthru-bare.c) */
    FAX_FOUND_BARE            /* discovery: no signalling that announced it */
} fax_found_how;

/* UDPTL sequence gaps of one direction, attributed to where the T.30
 * session was when the gap was resolved (recovered or given up). */
typedef struct {
    guint32 recovered;       /* rebuilt from redundancy/FEC */
    guint32 lost;            /* lost for good */
} fax_loss;

/* Call-level verdict: the T.30 result, or why there was no fax at all. */
typedef enum {
    FAX_RESULT_SUCCESS = 0,
    FAX_RESULT_PARTIAL,
    FAX_RESULT_FAILED,
    FAX_RESULT_INCOMPLETE,
    FAX_RESULT_NOT_FAX      /* not a completed fax: T.38 rejected, no media ... */
} fax_result;

/* A SIP-over-TLS flow (RFC 3261 26.2, port 5061): sip-over-tls.c */
typedef struct {
    fax_endpoint server;      /* the port-5061 end */
    fax_endpoint client;      /* the other end (first seen) */
    guint32      packets;     /* TLS packets with no SIP Wireshark could read */
    guint32      first_frame, last_frame;
    gboolean     decrypted;   /* Wireshark read SIP in this flow */
} fax_tls_flow;

typedef struct fax_call {
    guint        id;             /* 1-based, in order of the first frame */
    fax_origin   origin;
    char        *call_id;        /* SIP Call-ID, or NULL */
    char        *caller;         /* From URI of the INVITE */
    char        *callee;         /* To URI */
    /* mid_call: the capture starts after the initial INVITE; who called is
     * unknown (caller and callee NULL) and party[] holds From and To of the
     * first in-dialog request seen (A: its sender) */
    gboolean     mid_call;
    const fax_h323 *h323;        /* FAX_ORIGIN_H323: its call (the registry's) */
    const fax_mgcp *mgcp;        /* FAX_ORIGIN_MGCP: its call (the dialog's) */
    char        *party[2];
    char        *user_agent[2];  /* User-Agent/Server per side, or NULL */
    guint32      first_frame, last_frame;
    double       t_first, t_last;

    /* signalling (frame 0 = not seen) */
    guint32      invite_frame;   double t_invite;
    guint32      t38_offer_frame; double t_t38_offer; fax_side t38_offer_side;
    guint32      t38_answer_frame; double t_t38_answer;
    guint        t38_answer_status;
    char         t38_answer_reason[64];
    fax_t38_state t38;
    gboolean     has_offer_sdp, has_answer_sdp;
    sdp_media    offer_image, answer_image;
    guint32      audio_back_frame;   /* re-INVITE back to audio after T.38 */
    guint32      bye_frame;  double t_bye; fax_side bye_side; gboolean bye_is_cancel;
    guint32      invite_ok_frame; double t_invite_ok; /* 2xx to the initial INVITE */

    /* T.38 media */
    fax_endpoint sdp_media[2];       /* where each side said it receives T.38 */
    gboolean     has_sdp_media[2];
    fax_endpoint seen_src[2];        /* where each side's UDPTL really came from */
    /* no signalling read: SIP over TLS Wireshark could not decrypt */
    gboolean     enc_sip_found;
    gboolean     enc_sip_same_hosts; /* between the hosts of the media */
    fax_tls_flow enc_sip;
    guint32      first_udptl_frame[2];
    double       t_first_udptl[2];
    fax_found_how found_how;         /* how its T.38 was found */
    guint32      found_frame;        /* discovery: frame that confirmed it */
    fax_loss     loss_phase[2][6];   /* per sender, per fax_phase */
    double       t_prev_udptl;       /* last UDPTL datagram, either side */
    double       max_gap;            /* longest silence between two datagrams */
    guint32      max_gap_frame;      /* the datagram that ended it */
    fax_loss    *loss_page[2];       /* per sender, [T30_MAX_PAGES + 1] by page
                                        number, allocated at the first loss */
    guint32      udptl_packets[2];
    guint32      udptl_port_mismatch[2]; /* packets from a port other than the SDP's */
    guint32      udptl_after_reject;     /* datagrams on a refused image port */
    t38_stream  *stream[2];
    t30_session *session;
    page_asm   *pages;              /* page data, only when page export is on */

    /* G.711 pass-through (audio-fax.c): T.30 heard in the RTP audio */
    gboolean     passthru;           /* a T.30 frame was decoded from the audio */
    guint32      passthru_frame;     /* the first fax signal in the audio */
    guint32      rtp_packets[2];     /* RTP of the dialog's audio, per sender */
    const audio_fax *audio[2];       /* owned by the dialog; NULL if no RTP */

    /* verdict (fax_registry_finish) */
    fax_result   result;
    const char  *reason;             /* stable code: "ok", "t38_rejected", ... */
    char         result_text[256];
} fax_call;

/* A new call: id (1-based), no T.30 yet, verdict "none".  pages: keep page
 * data (page-assembly.h).  Owned strings and streams are freed by fax_call_free(). */
fax_call *fax_call_new(guint id, fax_origin origin, guint32 frame, double t,
                       gboolean pages);
void      fax_call_free(fax_call *c);
/* The call was active at this frame. */
void      fax_call_touch(fax_call *c, guint32 frame, double t);
/* The call's verdict as of t_last (result, reason, result_text): the T.30
 * story when T.30 was seen, else why there was no fax (T.38 refused ...). */
void      fax_call_verdict(fax_call *c);

const char *fax_result_name(fax_result res);        /* "success" ... "not_fax" */
const char *fax_t38_state_name(fax_t38_state st);   /* "accepted" ... */
const char *fax_side_name(fax_side s);              /* "A" / "B" */
const char *fax_found_how_name(fax_found_how h);    /* "sdp_port_nat" ... */

G_END_DECLS

#endif /* FAX_CALL_H */
