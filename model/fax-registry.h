/* fax-registry.h: the registry of the fax calls of one capture.  It keeps
 * the SIP dialogs until one offers T.38 (or its audio carries T.30), binds
 * the T.38 endpoints their SDP announced to their call, feeds each UDPTL
 * datagram to the call's T.38 stream of that direction and the stream's
 * events to the call's T.30 session, and watches the G.711 audio of the
 * dialogs for fax (pass-through).
 *
 * Plain C + GLib; no Wireshark.  Owned memory is GLib-allocated and freed by
 * fax_registry_free(); the glue frees the registry when the capture closes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_REGISTRY_H
#define FAX_REGISTRY_H

#include "fax-call.h"
#include "../wire/sip.h"
#include "../wire/sdp.h"
#include "../wire/q931.h"
#include "../wire/mgcp.h"

G_BEGIN_DECLS

#define FAX_MAX_CALLS     100000   /* fax calls kept per capture */
#define FAX_MAX_DIALOGS   500000   /* SIP dialogs remembered (most are not faxes) */
#define FAX_MAX_AUDIO     200000   /* SDP audio endpoints remembered (in-band T.38) */
#define FAX_MAX_FOUND     10000    /* T.38 streams found by discovery */
#define FAX_MAX_AUDIO_STREAMS 20000 /* SIP dialogs whose G.711 audio is watched
                                       for fax (about 6.4 KB each while idle) */

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
/* Keep page data (page-assembly.h) for calls created from now on.  Off by default:
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

/* SIP over TLS (sip-over-tls.c).  RFC 3261 26.2: port 5061.  A fax call
 * with no signalling in the capture may have had it encrypted: the TLS
 * flows to that port in which Wireshark read no SIP (no key log) say so. */
#define FAX_SIP_TLS_PORT 5061
#define FAX_MAX_TLS_SERVERS 8


/* A TLS packet to or from server (port 5061) holding no readable SIP. */
void fax_registry_sip_encrypted(fax_registry *r, const fax_endpoint *server,
                                const fax_endpoint *client, guint32 frame);
/* SIP read over TCP/TLS to or from server: its TLS was decrypted. */
void fax_registry_sip_decrypted(fax_registry *r, const fax_endpoint *server);
/* The flows to port 5061 seen, in order of first packet; *n of them.
 * Those with packets and not decrypted held SIP Wireshark could not read. */
const fax_tls_flow *fax_registry_tls_flows(const fax_registry *r, guint *n);

/* H.323 (h323-call.c).  An H.225.0 message (Q.931 in TPKT) on a TCP
 * connection; the H.225.0 facts Wireshark's H.225 dissector decoded (PER)
 * for the message on that connection; an H.245 message (Wireshark's H.245
 * dissector), tunnelled or on its own connection. */
#define FAX_MAX_H323_CALLS 20000
void fax_registry_h225(fax_registry *r, const q931_msg *m, const fax_endpoint *src,
                       const fax_endpoint *dst, guint32 frame, double t);
void fax_registry_h225_info(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst,
                            const guint8 guid[16], gboolean tunnelling, gboolean faststart);
void fax_registry_h245(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst,
                       guint32 frame, fax_h245_kind kind, gboolean t38fax, const char *what);

/* MGCP (mgcp-call.c): a command or response between a call agent and a
 * gateway, with its session description.  The call is the CallId; the
 * gateway's endpoint is side A (SDP of its responses), the far end side B
 * (SDP the call agent sends it).  note as for SIP. */
void fax_registry_mgcp(fax_registry *r, const mgcp_msg *m, const sdp_info *sdp,
                       const fax_endpoint *src, const fax_endpoint *dst,
                       guint32 frame, double t, fax_sip_note *note);

/* G.711 RTP between src and dst that no signalling announced, in which a
 * fax tone was heard (passthru-bare.c): from now on watched like the audio
 * of a SIP dialog (fax_registry_rtp), a call of its own (no signalling) once
 * a T.30 frame is heard.  FALSE: the endpoints are watched already. */
gboolean fax_registry_rtp_found(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst);

/* Compute every call's verdict as of the end of the capture.  Idempotent;
 * cheap when nothing changed since the last call. */
void fax_registry_finish(fax_registry *r);

guint     fax_registry_count(const fax_registry *r);
fax_call *fax_registry_call(const fax_registry *r, guint id);   /* 1-based */
gboolean  fax_registry_truncated(const fax_registry *r);

G_END_DECLS

#endif /* FAX_REGISTRY_H */
