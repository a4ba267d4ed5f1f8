/* fax-call.h: fax calls and the registry that finds them.  A fax call is a
 * SIP dialog (by Call-ID) whose INVITE or re-INVITE offers T.38
 * (m=image ... udptl t38), or a T.38 stream with no signalling in the
 * capture (keyed by its two UDP endpoints).  The registry binds the T.38
 * endpoints the SDP announced to their call, feeds each UDPTL datagram to the
 * call's T.38 stream of that direction, and the stream's events to the
 * call's T.30 session.
 *
 * Plain C + GLib; no Wireshark.  Owned memory is GLib-allocated and freed by
 * fax_registry_free(); the glue frees the registry when the capture closes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_CALL_H
#define FAX_CALL_H

#include "fax-types.h"
#include "t30-session.h"
#include "t38-stream.h"
#include "fax-page.h"
#include "audio-fax.h"
#include "../wire/sip.h"
#include "../wire/sdp.h"

G_BEGIN_DECLS

#define FAX_MAX_CALLS     100000   /* fax calls kept per capture */
#define FAX_MAX_DIALOGS   500000   /* SIP dialogs remembered (most are not faxes) */
#define FAX_MAX_AUDIO     200000   /* SDP audio endpoints remembered (in-band T.38) */
#define FAX_MAX_FOUND     10000    /* T.38 streams found by discovery */
#define FAX_MAX_AUDIO_STREAMS 20000 /* SIP dialogs whose G.711 audio is watched
                                       for fax (about 6.4 KB each while idle) */

typedef struct {
    guint8  family;        /* 4 or 6; 0 = unknown */
    guint8  addr[16];
    guint16 port;
} fax_endpoint;

typedef enum {
    FAX_ORIGIN_SIP = 0,    /* set up by SIP/SDP in the capture */
    FAX_ORIGIN_UDPTL       /* T.38 seen with no signalling */
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

typedef struct fax_call {
    guint        id;             /* 1-based, in order of the first frame */
    fax_origin   origin;
    char        *call_id;        /* SIP Call-ID, or NULL */
    char        *caller;         /* From URI of the INVITE */
    char        *callee;         /* To URI */
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
    fax_pages   *pages;              /* page data, only when page export is on */

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

/* What the registry says about one SIP message, for its frame record. */
typedef enum {
    FAX_SIP_OTHER = 0,
    FAX_SIP_INVITE,          /* the dialog's initial INVITE */
    FAX_SIP_T38_OFFER,       /* (re-)INVITE offering T.38 */
    FAX_SIP_T38_ACCEPT,      /* 2xx with T.38 */
    FAX_SIP_T38_REJECT,      /* final non-2xx answer to the T.38 offer */
    FAX_SIP_T38_NO_IMAGE,    /* 2xx answering the T.38 offer without image */
    FAX_SIP_AUDIO_BACK,      /* offer/answer back to audio after T.38 */
    FAX_SIP_BYE              /* BYE or CANCEL */
} fax_sip_role;

#define FAX_DIALOG_MAX_FRAMES 64   /* SIP messages remembered before T.38 */

typedef struct {
    fax_call    *call;        /* NULL: not (yet) a fax call */
    fax_side     side;        /* sender */
    fax_sip_role role;
    gboolean     promoted;    /* this message made the dialog a fax call */
    /* when promoted: the dialog's earlier SIP messages, (frame << 1) | side */
    const guint32 *earlier;
    guint        n_earlier;
    fax_phase    bye_mid_fax; /* BYE/CANCEL while T.30 ran without DCN: its phase */
} fax_sip_note;

#define FAX_MAX_NOTES_PER_PACKET 8

typedef struct {
    fax_call        *call;    /* NULL: not T.38 of any call */
    fax_side         side;    /* sender */
    gboolean         new_call;
    gboolean         port_mismatch; /* first packet of this side from a port
                                       other than its SDP's */
    t38_packet_note  pkt;
    guint            n_notes; /* fax_note for each T.30 event of this packet */
    fax_note         notes[FAX_MAX_NOTES_PER_PACKET];
    gboolean         notes_truncated;
    guint            first_finding, n_findings; /* session findings raised by it */
    /* discovery joined a SIP dialog that was no fax call yet: its SIP
     * messages so far, (frame << 1) | side, as in fax_sip_note */
    const guint32   *earlier;
    guint            n_earlier;
} fax_udptl_note;

typedef struct fax_registry fax_registry;

fax_registry *fax_registry_new(void);
/* Keep page data (fax-page.h) for calls created from now on.  Off by default:
 * then nothing is kept and nothing is spent. */
void          fax_registry_set_pages(fax_registry *r, gboolean on);
void          fax_registry_free(fax_registry *r);

/* A SIP message (first pass, capture order). sdp may be NULL. */
void fax_registry_sip(fax_registry *r, const sip_msg *m, const sdp_info *sdp,
                      const fax_endpoint *src, const fax_endpoint *dst,
                      guint32 frame, double t, fax_sip_note *note);

/* Is this UDP datagram T.38 of a call the registry knows (an SDP-announced
 * endpoint)?  Cheap: a port bitmap, then a hash lookup. */
gboolean fax_registry_is_t38_endpoint(const fax_registry *r,
                                      const fax_endpoint *src,
                                      const fax_endpoint *dst);

/* A UDPTL datagram.  ws_t38: Wireshark itself decoded it as T.38 (SDP/H.245
 * set-up or Decode As); without it, only SDP-announced endpoints count. */
void fax_registry_udptl(fax_registry *r, const fax_endpoint *src,
                        const fax_endpoint *dst, const guint8 *payload,
                        guint len, guint32 frame, double t, gboolean ws_t38,
                        fax_udptl_note *note);

/* Discovery (fax-discovery.c): is this 4-tuple a T.38 stream found earlier? */
gboolean fax_registry_is_found(const fax_registry *r, const fax_endpoint *src,
                               const fax_endpoint *dst);

/* Is one of these ports an SDP audio port of a SIP dialog?  (a port bitmap) */
/* G.711 pass-through is analysed in full only on armed audio ports: a
 * sampled packet whose energy is mostly a fax tone arms both ports of its
 * stream (tone_probe_g711); every later packet there is then analysed. */
gboolean fax_registry_audio_armed(const fax_registry *r, const fax_endpoint *src,
                                  const fax_endpoint *dst);
void     fax_registry_arm_audio(fax_registry *r, const fax_endpoint *src,
                                const fax_endpoint *dst);
gboolean fax_registry_is_audio_port(const fax_registry *r, const fax_endpoint *src,
                                    const fax_endpoint *dst);

/* A UDPTL datagram of a stream discovery confirmed.  The first one of a
 * 4-tuple joins the SIP call whose SDP announced one of its ports (image:
 * NAT-rewritten address; audio: in-band switch), else makes a call of its
 * own.  found_frame: the frame that confirmed the stream. */
void fax_registry_udptl_found(fax_registry *r, const fax_endpoint *src,
                              const fax_endpoint *dst, const guint8 *payload,
                              guint len, guint32 frame, double t,
                              guint32 found_frame, fax_udptl_note *note);

/* An RTP packet (first pass) to or from an SDP audio endpoint of a SIP
 * dialog.  Its G.711 audio is watched for fax (CNG, CED/ANSam, V.21); the
 * first T.30 frame heard makes the dialog a fax call ("G.711 pass-through")
 * and every later fax_event goes to its T.30 session, notes in note.
 * FALSE: not the audio of a dialog, or the call's T.38 runs (the packet is
 * then left to the UDPTL path). */
gboolean fax_registry_rtp(fax_registry *r, const fax_endpoint *src,
                          const fax_endpoint *dst, guint32 ssrc, guint16 seq,
                          guint32 ts, guint8 pt, const guint8 *payload, guint len,
                          guint32 frame, double t, fax_udptl_note *note);

/* Compute every call's verdict as of the end of the capture.  Idempotent;
 * cheap when nothing changed since the last call. */
void fax_registry_finish(fax_registry *r);

guint     fax_registry_count(const fax_registry *r);
fax_call *fax_registry_call(const fax_registry *r, guint id);   /* 1-based */
gboolean  fax_registry_truncated(const fax_registry *r);

const char *fax_result_name(fax_result res);        /* "success" ... "not_fax" */
const char *fax_t38_state_name(fax_t38_state st);   /* "accepted" ... */
const char *fax_side_name(fax_side s);              /* "A" / "B" */
const char *fax_found_how_name(fax_found_how h);    /* "sdp_port_nat" ... */

/* fax_endpoint as a hash key (GHashFunc / GEqualFunc), and a total order */
guint    fax_endpoint_hash(gconstpointer e);
gboolean fax_endpoint_equal(gconstpointer a, gconstpointer b);
int      fax_endpoint_cmp(const fax_endpoint *x, const fax_endpoint *y);

/* "10.0.0.1:4441" / "[2001:db8::1]:4441" */
void fax_endpoint_format(const fax_endpoint *e, char *buf, gsize size);

G_END_DECLS

#endif /* FAX_CALL_H */
