/* packet-fax.c: the "fax" protocol: a postdissector that feeds the fax model
 * on the first pass and, on every pass, renders the Fax subtree, expert
 * hints and tap data from a per-frame record.
 *
 * Cost: no wanted fields, so Wireshark never builds a protocol tree for us.
 * Per frame the postdissector looks at pinfo->layers (SIP? T.38?) and, for
 * UDP, a 64 Kibit port bitmap of SDP-announced T.38 ports; only frames that
 * pass read their UDP payload (fax-payload.c) and parse it (wire/).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "faxcalls"

#include "packet-fax.h"
#include "fax-tap.h"
#include "fax-payload.h"
#include "fax-stream.h"
#include "fax-frames.h"
#include "ws-compat.h"

#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <string.h>

#include "fax-registry.h"
#include "fax-discovery.h"
#include "tone-detect.h"
#include "fax-audit.h"
#include "sip.h"
#include "mgcp.h"
#include "sdp.h"

static int proto_fax = -1;
static int proto_sip = -1;
static int proto_t38 = -1;
static int proto_rtp = -1;
static int proto_tls = -1;
static int proto_q931 = -1;     /* H.225.0 call signalling is Q.931 in TPKT */
static int proto_mgcp = -1;
static int proto_data = -1;
static int proto_rtpevent = -1;
static fax_pref_bool pref_discover = TRUE;   /* fax.discover */
static const char *pref_pages_dir = "";  /* fax.pages_dir */
static fax_pref_bool pref_passthru = TRUE;   /* fax.passthru */
static int fax_tap = -1;
static int expert_tap = -1;            /* Wireshark's "expert" tap */

static int hf_fax_call = -1;
static int hf_fax_call_id = -1;
static int hf_fax_direction = -1;
static int hf_fax_sip_role = -1;
static int hf_fax_invite_frame = -1;
static int hf_fax_t38_offer_frame = -1;
static int hf_fax_t38_answer_frame = -1;
static int hf_fax_udptl_seq = -1;
static int hf_fax_udptl_duplicate = -1;
static int hf_fax_udptl_recovered = -1;
static int hf_fax_udptl_lost = -1;
static int hf_fax_t30 = -1;
static int hf_fax_phase = -1;
static int hf_fax_msg = -1;
static int hf_fax_fcf = -1;
static int hf_fax_training = -1;
static int hf_fax_rate = -1;
static int hf_fax_page = -1;
static int hf_fax_ecm_block = -1;
static int hf_fax_ecm_frame = -1;
static int hf_fax_answers = -1;
static int hf_fax_tcf_frame = -1;
static int hf_fax_damaged = -1;
static int hf_fax_indicator = -1;
static int hf_fax_damaged_msg = -1;
static int hf_fax_damaged_lost = -1;
static int hf_fax_damaged_octets = -1;
static int hf_fax_damaged_first = -1;
static int hf_fax_result = -1;
static int hf_fax_reason = -1;
static int hf_fax_ftt_count = -1;
static int hf_fax_pages_sent = -1;
static int hf_fax_pages_confirmed = -1;
static int hf_fax_modem = -1;
static int hf_fax_resent_for = -1;
static int hf_fax_hint = -1;
static int hf_fax_page_missing = -1;
static int hf_fax_page_recovered = -1;
static int hf_fax_page_lost = -1;
static int hf_fax_hint_frame = -1;

static gint ett_fax = -1;
static gint ett_fax_t30 = -1;
static gint ett_fax_udptl = -1;
static gint ett_fax_hint = -1;

static expert_field ei_fax_finding[FAX_FIND_COUNT];
static expert_field ei_fax_t38_rejected = EI_INIT;
static expert_field ei_fax_t38_no_image = EI_INIT;
static expert_field ei_fax_post_corrigendum = EI_INIT;
static expert_field ei_fax_udptl_malformed = EI_INIT;
static expert_field ei_fax_udptl_lost = EI_INIT;
static expert_field ei_fax_t38_unanswered = EI_INIT;
static expert_field ei_fax_no_udptl = EI_INIT;
static expert_field ei_fax_port_mismatch = EI_INIT;
static expert_field ei_fax_bye_mid_fax = EI_INIT;
static expert_field ei_fax_call_summary = EI_INIT;
static expert_field ei_fax_discovered = EI_INIT;
static expert_field ei_fax_sdp_audit = EI_INIT;
static expert_field ei_fax_page_udptl_loss = EI_INIT;
static expert_field ei_fax_passthru = EI_INIT;
static expert_field ei_fax_passthru_rtp = EI_INIT;
static expert_field ei_fax_v8_ansam = EI_INIT;

static fax_registry *registry;         /* the capture's fax calls */
static fax_discovery *discovery;       /* candidate undecoded UDPTL tuples */
static guint32 disc_watch_until;       /* look at all RTP until this frame */
static guint32 layers_frame;           /* frame_has_proto: layers_bits is for this frame */
static guint   layers_bits;

#define FAX_DISC_SAMPLE       16       /* RTP frames: look at 1 in 16 ... */
#define FAX_DISC_WATCH_FRAMES 2000     /* ... or all, after an RTP event */
static double capture_t0;
static gboolean have_t0;

static const value_string phase_vals[] = {
    { FAX_PHASE_NONE, "none" },
    { FAX_PHASE_A, "A (call set-up)" },
    { FAX_PHASE_B, "B (pre-message procedure)" },
    { FAX_PHASE_C, "C (message transmission)" },
    { FAX_PHASE_D, "D (post-message procedure)" },
    { FAX_PHASE_E, "E (call release)" },
    { 0, NULL }
};

static const char *
sip_role_name(guint role)
{
    switch (role) {
    case FAX_SIP_INVITE:       return "initial INVITE";
    case FAX_SIP_T38_OFFER:    return "T.38 offer";
    case FAX_SIP_T38_ACCEPT:   return "T.38 accepted";
    case FAX_SIP_T38_REJECT:   return "T.38 rejected";
    case FAX_SIP_T38_NO_IMAGE: return "T.38 answered without image";
    case FAX_SIP_AUDIO_BACK:   return "back to audio";
    case FAX_SIP_BYE:          return "call release";
    default:                   return "in dialog";
    }
}

/* ---- capture lifetime --------------------------------------------------- */

static void
fax_init(void)
{
    registry = fax_registry_new();
    layers_frame = 0;
    /* the reports say now whether page data is kept (fax_tap_keep_pages) */
    fax_tap_capture_opened();
    discovery = fax_discovery_new();
    fax_frames_init();
    disc_watch_until = 0;
    have_t0 = FALSE;
    capture_t0 = 0;
}

static void
fax_cleanup(void)
{
    fax_registry_free(registry);
    registry = NULL;
    fax_discovery_free(discovery);
    discovery = NULL;
    fax_frames_cleanup();
}

/* ---- what the reports see (fax-tap.h) ---------------------------------- */

/* -z fax,pages starts after the capture is opened (tshark), but before a
 * frame is read: it switches page keeping on for the registry already made. */
void
fax_tap_keep_pages(gboolean keep)
{
    if (registry)
        fax_registry_set_pages(registry, keep);
}

const char *
fax_tap_pref_pages_dir(void)
{
    return pref_pages_dir;
}

fax_registry *
fax_capture_registry(void)
{
    return registry;
}

fax_registry *
fax_tap_registry(void)
{
    if (registry)
        fax_registry_finish(registry);
    return registry;
}

double
fax_tap_capture_start(void)
{
    return capture_t0;
}

/* ---- first pass: classify and feed ------------------------------------- */

/* The first pass asks up to six "does the frame hold protocol X?" questions
 * per frame: one walk of pinfo->layers answers them all (measured: bench/). */

static guint8 *layer_table;      /* protocol id -> its bit, up to layer_max */
static int     layer_max = -1;

static void
layer_table_add(int proto, guint8 bit)
{
    if (proto >= 0 && proto <= layer_max)
        layer_table[proto] = bit;
}

/* Built once the protocols are known (handoff): a byte per protocol id up
 * to the largest one asked about, so a layer costs one compare and a load. */
static void
layer_table_build(void)
{
    const int ids[] = { proto_sip, proto_t38, proto_data, proto_rtp, proto_rtpevent, proto_tls,
                        proto_q931, proto_mgcp };
    layer_max = -1;
    for (guint i = 0; i < G_N_ELEMENTS(ids); i++)
        layer_max = MAX(layer_max, ids[i]);
    g_free(layer_table);
    layer_table = layer_max >= 0 ? g_new0(guint8, (gsize)layer_max + 1) : NULL;
    for (guint i = 0; i < G_N_ELEMENTS(ids); i++)
        layer_table_add(ids[i], (guint8)(1u << i));
}

static inline guint
layer_bit(int proto)
{
    return proto >= 0 && proto <= layer_max ? layer_table[proto] : 0u;
}

static gboolean
frame_has_proto(const packet_info *pinfo, int proto)
{
    if (proto < 0)
        return FALSE;
    guint bit = layer_bit(proto);
    if (bit && layers_frame == pinfo->num && pinfo->num != 0)
        return (layers_bits & bit) != 0;
    guint bits = 0;
    gboolean has = FALSE;
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        int p = GPOINTER_TO_INT(wmem_list_frame_data(f));
        bits |= layer_bit(p);
        has = has || p == proto;
    }
    layers_frame = pinfo->num;
    layers_bits = bits;
    return has;
}

/* One SIP message (its bytes as Wireshark's SIP dissector read them). */
static void
feed_sip(const guint8 *payload, guint len, packet_info *pinfo, double t,
         const fax_endpoint *src, const fax_endpoint *dst)
{
    sip_msg *m = wmem_new(pinfo->pool, sip_msg);
    if (sip_msg_parse(payload, len, m) != WIRE_OK)
        return;
    sdp_info *sdp = NULL;
    const guint8 *body;
    guint body_len;
    if (sip_msg_sdp_body(m, &body, &body_len)) {
        sdp = wmem_new(pinfo->pool, sdp_info);
        if (sdp_parse(body, body_len, sdp) != WIRE_OK)
            sdp = NULL;
    }
    fax_sip_note note;
    fax_registry_sip(registry, m, sdp, src, dst, pinfo->num, t, &note);
    if (!note.call)
        return;
    fax_frame_rec *rec = fax_frames_add_sip(pinfo->num, note.call->id, note.side, note.role);
    if (note.bye_mid_fax && rec->call == note.call->id)
        rec->bye_mid_fax = (guint8)note.bye_mid_fax;
    /* The dialog became a fax call only now: its earlier messages belong to
     * it too (rendered from the next pass on). */
    fax_frames_add_earlier_sip(note.earlier, note.n_earlier, note.call);
}

static void
first_pass_sip(tvbuff_t *tvb, packet_info *pinfo, double t)
{
    guint len;
    const guint8 *payload = fax_udp_payload(tvb, pinfo, &len);
    fax_endpoint src, dst;
    if (payload && fax_udp_endpoints(pinfo, &src, &dst))
        feed_sip(payload, len, pinfo, t, &src, &dst);
}

typedef struct {
    packet_info *pinfo;
    double       t;
    fax_endpoint src, dst;
} sip_stream_ctx;

static void
sip_stream_message(const guint8 *msg, guint len, void *user)
{
    sip_stream_ctx *ctx = user;
    feed_sip(msg, len, ctx->pinfo, ctx->t, &ctx->src, &ctx->dst);
}

/* H.225.0 call signalling: a TPKT packet holding a Q.931 message. */
static void
h225_message(const guint8 *msg, guint len, void *user)
{
    sip_stream_ctx *ctx = user;
    q931_msg m;
    if (len > 4 && q931_parse(msg + 4, len - 4, &m) == WIRE_OK)
        fax_registry_h225(registry, &m, &ctx->src, &ctx->dst, ctx->pinfo->num, ctx->t);
}

/* SIP over TCP, or over TLS that Wireshark decrypted (fax-sip-stream.c);
 * TLS it could not decrypt on the SIP-over-TLS port is counted, so that a
 * fax call with no signalling can say why. */
static void
first_pass_tcp(tvbuff_t *tvb, packet_info *pinfo, double t)
{
    sip_stream_ctx ctx = { pinfo, t, { 0 }, { 0 } };
    if (!fax_tcp_endpoints(pinfo, &ctx.src, &ctx.dst))
        return;
    gboolean tls_port = ctx.src.port == FAX_SIP_TLS_PORT || ctx.dst.port == FAX_SIP_TLS_PORT;
    const fax_endpoint *server = ctx.dst.port == FAX_SIP_TLS_PORT ? &ctx.dst : &ctx.src;
    if (frame_has_proto(pinfo, proto_sip)) {
        if (fax_stream_messages(tvb, pinfo, &fax_stream_sip, sip_stream_message, &ctx) > 0 && tls_port)
            fax_registry_sip_decrypted(registry, server);
        return;
    }
    if (frame_has_proto(pinfo, proto_q931)) {
        fax_stream_messages(tvb, pinfo, &fax_stream_tpkt, h225_message, &ctx);
        return;
    }
    if (tls_port && frame_has_proto(pinfo, proto_tls))
        fax_registry_sip_encrypted(registry, server, server == &ctx.dst ? &ctx.src : &ctx.dst,
                                   pinfo->num);
}

static void
first_pass_udptl(tvbuff_t *tvb, packet_info *pinfo, double t, gboolean ws_t38,
                 const fax_endpoint *src, const fax_endpoint *dst)
{
    guint len;
    const guint8 *payload = fax_udp_payload(tvb, pinfo, &len);
    if (!payload)
        return;
    fax_udptl_note note;
    fax_registry_udptl(registry, src, dst, payload, len, pinfo->num, t, ws_t38, &note);
    if (note.call)
        fax_frames_add_udptl(pinfo->num, &note, FALSE);
}

/* MGCP (RFC 3435): every message of the datagram (3.5.5 piggy-backing). */
static void
first_pass_mgcp(tvbuff_t *tvb, packet_info *pinfo, double t)
{
    guint len;
    const guint8 *payload = fax_udp_payload(tvb, pinfo, &len);
    fax_endpoint src, dst;
    if (!payload || !fax_udp_endpoints(pinfo, &src, &dst))
        return;
    mgcp_msg *m = wmem_new(pinfo->pool, mgcp_msg);
    for (guint pos = 0, used = 0, n = 0; pos < len && n < 16; pos += used, n++) {
        if (mgcp_msg_parse(payload + pos, len - pos, m, &used) != WIRE_OK || used == 0)
            return;
        sdp_info *sdp = NULL;
        if (m->sdp) {
            sdp = wmem_new(pinfo->pool, sdp_info);
            if (sdp_parse(m->sdp, m->sdp_len, sdp) != WIRE_OK)
                sdp = NULL;
        }
        fax_sip_note note;
        fax_registry_mgcp(registry, m, sdp, &src, &dst, pinfo->num, t, &note);
        if (note.call)
            fax_frames_add_sip(pinfo->num, note.call->id, note.side, note.role);
    }
}

/* G.711 RTP of a SIP dialog's audio (SDP audio endpoints), whatever
 * Wireshark made of it (RTP by SDP, or T.38 when the refused image port is
 * the audio port): watched for fax; the T.30 heard in it goes to the call
 * (model/audio-fax.c).  FALSE: not such audio, the UDPTL path may take it. */
static gboolean
first_pass_rtp(tvbuff_t *tvb, packet_info *pinfo, double t,
               const fax_endpoint *src, const fax_endpoint *dst)
{
    guint len;
    const guint8 *payload = fax_udp_payload(tvb, pinfo, &len);
    audio_fax_rtp rtp;
    if (!payload || !audio_fax_rtp_parse(payload, len, &rtp) || !AUDIO_FAX_PT_WANTED(rtp.pt))
        return FALSE;
    fax_udptl_note note;
    if (!fax_registry_rtp(registry, src, dst, rtp.ssrc, rtp.seq, rtp.ts, rtp.pt, rtp.payload,
                          rtp.len, pinfo->num, t, &note))
        return FALSE;
    if (note.call) {
        fax_frames_add_earlier_sip(note.earlier, note.n_earlier, note.call);
        fax_frames_add_rtp(pinfo->num, &note);
    }
    return TRUE;
}

/* One datagram of a discovered stream: feed it and keep its record. */
static void
found_datagram(const fax_endpoint *src, const fax_endpoint *dst, const guint8 *payload,
               guint len, guint32 frame, double t, guint32 found_frame)
{
    fax_udptl_note note;
    fax_registry_udptl_found(registry, src, dst, payload, len, frame, t, found_frame, &note);
    if (!note.call)
        return;
    fax_frames_add_earlier_sip(note.earlier, note.n_earlier, note.call);
    fax_frames_add_udptl(frame, &note, found_frame != 0 && frame == found_frame);
}

/* UDP that Wireshark left undecoded ('data'), took for RTP on an SDP audio
 * port, or gave to the dissector registered for its port (gateways pick
 * UDPTL ports from ranges where Wireshark knows DNP3, Quake, ...): UDPTL by
 * its shape?  (fax-discovery.c) */
static void
first_pass_discover(tvbuff_t *tvb, packet_info *pinfo, double t,
                    const fax_endpoint *src, const fax_endpoint *dst)
{
    gboolean found = fax_registry_is_found(registry, src, dst);
    if (!found && !frame_has_proto(pinfo, proto_data)) {
        /* Voice is most of a VoIP capture and an in-band switch to T.38 is
         * rare: of RTP, look at one frame in FAX_DISC_SAMPLE, at every frame
         * for a while after an RTP event (Cisco NSE signals the switch with
         * one), and at every frame while a candidate waits for its
         * confirming datagrams.  Any other dissector's datagram is tested
         * (a failed UDPTL decode costs little), so that a stream on a
         * claimed port is found from its first datagram. */
        if (frame_has_proto(pinfo, proto_rtp)) {
            if (frame_has_proto(pinfo, proto_rtpevent) && fax_registry_is_audio_port(registry, src, dst))
                disc_watch_until = pinfo->num + FAX_DISC_WATCH_FRAMES;
            if (pinfo->num % FAX_DISC_SAMPLE != 0 && pinfo->num > disc_watch_until &&
                !fax_discovery_waiting(discovery, pinfo->num))
                return;
        }
    }
    guint len;
    const guint8 *payload = fax_udp_payload(tvb, pinfo, &len);
    if (!payload)
        return;
    if (found) {
        /* the stream is known: RTP between fax phases is not fed */
        if (udptl_plausible(payload, len))
            found_datagram(src, dst, payload, len, pinfo->num, t, 0);
        return;
    }
    const fax_disc_datagram *replay;
    guint n;
    if (fax_discovery_feed(discovery, src, dst, payload, len, pinfo->num, t, &replay, &n)
        != FAX_DISC_CONFIRMED)
        return;
    for (guint i = 0; i < n; i++)
        found_datagram(&replay[i].src, &replay[i].dst, replay[i].payload, replay[i].len,
                       replay[i].frame, replay[i].t, pinfo->num);
}

/* Voice is most of a VoIP capture and fax is rare in it: the full G.711
 * analysis (model/audio-fax.c) runs only on armed ports.  Until then one
 * packet in FAX_PROBE_SAMPLE (picked by a hash of the frame number, so that
 * no stream is always skipped) gets a one-packet probe; a fax tone in it
 * arms the stream.  CED lasts seconds, a CNG burst 0.5 s, the V.21 preamble
 * 1 s: each spans many sampled packets. */
#define FAX_PROBE_SAMPLE_SHIFT 4       /* 1 packet in 16 */

/* Is this frame one of the sampled ones, G.711 RTP, with a fax tone? */
static gboolean
sampled_fax_tone(tvbuff_t *tvb, packet_info *pinfo)
{
    if (((pinfo->num * 2654435761u) >> (32 - FAX_PROBE_SAMPLE_SHIFT)) != 0)
        return FALSE;
    guint len;
    const guint8 *payload = fax_udp_payload(tvb, pinfo, &len);
    audio_fax_rtp rtp;
    if (!payload || !audio_fax_rtp_parse(payload, len, &rtp) ||
        (rtp.pt != AUDIO_FAX_PT_PCMU && rtp.pt != AUDIO_FAX_PT_PCMA))
        return FALSE;
    return tone_probe_g711(rtp.pt == AUDIO_FAX_PT_PCMU ? FAX_G711_ULAW : FAX_G711_ALAW, rtp.payload, rtp.len);
}

static gboolean
audio_wanted(tvbuff_t *tvb, packet_info *pinfo, const fax_endpoint *src, const fax_endpoint *dst)
{
    if (fax_registry_audio_armed(registry, src, dst))
        return TRUE;
    if (!sampled_fax_tone(tvb, pinfo))
        return FALSE;
    fax_registry_arm_audio(registry, src, dst);
    return TRUE;
}

/* G.711 that no signalling in the capture announced: RTP Wireshark decoded
 * by itself (heuristics, Decode As) or UDP it left undecoded.  The same
 * sampled probe; a fax tone makes the stream pair watched from then on
 * (model/passthru-bare.c), and a T.30 frame in it a call of its own. */
static gboolean
bare_audio(tvbuff_t *tvb, packet_info *pinfo, double t, const fax_endpoint *src,
           const fax_endpoint *dst)
{
    if (!frame_has_proto(pinfo, proto_rtp) && !frame_has_proto(pinfo, proto_data))
        return FALSE;
    if (!sampled_fax_tone(tvb, pinfo) || !fax_registry_rtp_found(registry, src, dst))
        return FALSE;
    fax_registry_arm_audio(registry, src, dst);
    return first_pass_rtp(tvb, pinfo, t, src, dst);
}

static void
first_pass(tvbuff_t *tvb, packet_info *pinfo)
{
    if (!have_t0) {
        nstime_t t0;
        nstime_delta(&t0, &pinfo->abs_ts, &pinfo->rel_ts);
        capture_t0 = nstime_to_sec(&t0);
        have_t0 = TRUE;
    }
    double t = nstime_to_sec(&pinfo->abs_ts);
    if (pinfo->ptype == PT_TCP) {
        first_pass_tcp(tvb, pinfo, t);
        return;
    }
    if (pinfo->ptype != PT_UDP)
        return;
    if (frame_has_proto(pinfo, proto_sip)) {
        first_pass_sip(tvb, pinfo, t);
        return;
    }
    if (frame_has_proto(pinfo, proto_mgcp)) {
        first_pass_mgcp(tvb, pinfo, t);
        return;
    }
    gboolean ws_t38 = frame_has_proto(pinfo, proto_t38);
    fax_endpoint src, dst;
    if (!fax_udp_endpoints(pinfo, &src, &dst))
        return;
    gboolean audio_port = pref_passthru && fax_registry_is_audio_port(registry, &src, &dst);
    if (audio_port && audio_wanted(tvb, pinfo, &src, &dst) && first_pass_rtp(tvb, pinfo, t, &src, &dst))
        return;
    if (ws_t38 || fax_registry_is_t38_endpoint(registry, &src, &dst))
        first_pass_udptl(tvb, pinfo, t, ws_t38, &src, &dst);
    else if (pref_passthru && !audio_port && bare_audio(tvb, pinfo, t, &src, &dst))
        return;   /* announced audio was probed above, once */
    else if (pref_discover)
        first_pass_discover(tvb, pinfo, t, &src, &dst);
}

/* ---- every pass: render ------------------------------------------------- */

/* A hint: a generated fax.hint item carrying the expert info, with a link to
 * the frame it refers to.  Works without a tree too (-z expert). */
static void G_GNUC_PRINTF(6, 7)
add_hint(proto_tree *ft, tvbuff_t *tvb, packet_info *pinfo, expert_field *ei,
         guint32 related, const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    g_vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    proto_item *ti = proto_tree_add_string(ft, hf_fax_hint, tvb, 0, 0, text);
    proto_item_set_generated(ti);
    if (related && ti) {
        proto_tree *ht = proto_item_add_subtree(ti, ett_fax_hint);
        proto_item *ri = proto_tree_add_uint(ht, hf_fax_hint_frame, tvb, 0, 0, related);
        proto_item_set_generated(ri);
    }
    expert_add_info_format(pinfo, ti, ei, "%s", text);
}

static void
add_findings(proto_tree *ft, tvbuff_t *tvb, packet_info *pinfo, const fax_call *c)
{
    const t30_summary *s = t30_session_summary(c->session);
    for (guint i = 0; i < s->n_findings; i++) {
        const fax_finding *f = &s->findings[i];
        if (f->frame != pinfo->num || f->kind >= FAX_FIND_COUNT || f->kind == FAX_FIND_SUMMARY
            || !t30_finding_shown(s, i))
            continue;
        add_hint(ft, tvb, pinfo, &ei_fax_finding[f->kind], f->related, "%s", f->text);
    }
}

/* The call's one-line summary on its last frame (known once all was read). */
static void
add_call_summary(proto_tree *ft, tvbuff_t *tvb, packet_info *pinfo, const fax_call *c)
{
    const t30_summary *s = t30_session_summary(c->session);
    const char *text = c->result_text;
    if (c->result != FAX_RESULT_NOT_FAX)
        for (guint i = 0; i < s->n_findings; i++)
            if (s->findings[i].kind == FAX_FIND_SUMMARY)
                text = s->findings[i].text;
    guint32 miss = 0, rec = 0, lost = 0;
    for (int sd = 0; sd < 2; sd++)
        if (c->stream[sd]) {
            const t38_stream_stats *st = t38_stream_get_stats(c->stream[sd]);
            miss += st->missing;
            rec += st->recovered;
            lost += st->lost;
        }
    if (miss)
        add_hint(ft, tvb, pinfo, &ei_fax_call_summary, c->first_frame,
                 "Fax call %u: %s; UDPTL: %u packets missing, %u recovered by redundancy/FEC, %u lost",
                 c->id, text, miss, rec, lost);
    else
        add_hint(ft, tvb, pinfo, &ei_fax_call_summary, c->first_frame, "Fax call %u: %s", c->id, text);
}

/* Per page UDPTL loss, on the page's post-page command (known at the end). */
static void
add_page_loss(proto_tree *ft, tvbuff_t *tvb, packet_info *pinfo, const fax_call *c)
{
    const t30_summary *s = t30_session_summary(c->session);
    for (guint i = 0; i < s->n_pages; i++) {
        const t30_page *p = &s->pages[i];
        guint32 at = p->cmd_frame ? p->cmd_frame : p->last_frame;
        if (at != pinfo->num || p->number == 0 || p->number > T30_MAX_PAGES)
            continue;
        guint32 rec = 0, lost = 0;
        for (int sd = 0; sd < 2; sd++)
            if (c->loss_page[sd]) {
                rec += c->loss_page[sd][p->number].recovered;
                lost += c->loss_page[sd][p->number].lost;
            }
        if (rec + lost == 0)
            continue;
        proto_item *ti = proto_tree_add_uint(ft, hf_fax_page_missing, tvb, 0, 0, rec + lost);
        proto_item_set_generated(ti);
        ti = proto_tree_add_uint(ft, hf_fax_page_recovered, tvb, 0, 0, rec);
        proto_item_set_generated(ti);
        ti = proto_tree_add_uint(ft, hf_fax_page_lost, tvb, 0, 0, lost);
        proto_item_set_generated(ti);
        add_hint(ft, tvb, pinfo, &ei_fax_page_udptl_loss, p->first_frame,
                 "Page %u: %u UDPTL packets missing, %u recovered by redundancy/FEC, %u lost",
                 p->number, rec + lost, rec, lost);
    }
}

static void
gen_uint(proto_tree *t, int hf, tvbuff_t *tvb, guint32 v)
{
    proto_item *ti = proto_tree_add_uint(t, hf, tvb, 0, 0, v);
    proto_item_set_generated(ti);
}

static void
gen_string(proto_tree *t, int hf, tvbuff_t *tvb, const char *v)
{
    proto_item *ti = proto_tree_add_string(t, hf, tvb, 0, 0, v);
    proto_item_set_generated(ti);
}

static void
render_note(proto_tree *tree, tvbuff_t *tvb, const fax_note *n)
{
    proto_item *ti;
    const char *name = n->fcf >= 0 ? t30_fcf_name(n->fcf) : NULL;
    const char *dname = n->damaged && n->damaged_fcf >= 0 ? t30_fcf_name(n->damaged_fcf) : NULL;
    proto_tree *t;
    if (n->damaged)
        t = proto_tree_add_subtree_format(tree, tvb, 0, 0, ett_fax_t30, &ti,
                "T.30: HDLC frame damaged by UDPTL loss%s%s%s", dname ? " (starts as " : "",
                dname ? dname : "", dname ? ")" : "");
    else
        t = proto_tree_add_subtree_format(tree, tvb, 0, 0, ett_fax_t30, &ti, "T.30: %s%s%s",
                n->ecm_data ? "ECM data " : "",
                name ? name : n->indicator ? fax_indicator_name((fax_indicator)(n->indicator - 1)) : "(event)",
                !name && n->indicator ? " (signal)" : "");
    proto_item_set_generated(ti);
    if (n->damaged) {
        proto_item *di = proto_tree_add_boolean(t, hf_fax_damaged, tvb, 0, 0, TRUE);
        proto_item_set_generated(di);
        if (dname)
            gen_string(t, hf_fax_damaged_msg, tvb, dname);
        gen_uint(t, hf_fax_damaged_lost, tvb, n->damaged_lost);
        gen_uint(t, hf_fax_damaged_octets, tvb, n->damaged_octets);
        if (n->damaged_first)
            gen_uint(t, hf_fax_damaged_first, tvb, n->damaged_first);
    }
    gen_uint(t, hf_fax_phase, tvb, n->phase);
    if (n->indicator)
        gen_string(t, hf_fax_indicator, tvb, fax_indicator_name((fax_indicator)(n->indicator - 1)));
    if (n->fcf >= 0) {
        gen_string(t, hf_fax_msg, tvb, name ? name : "unknown");
        gen_uint(t, hf_fax_fcf, tvb, (guint32)n->fcf | (n->x_bit ? 0x80u : 0u));
    }
    if (n->training)
        gen_uint(t, hf_fax_training, tvb, n->training);
    if (n->modem != FAX_MODEM_NONE && n->modem < FAX_MODEM_COUNT)
        gen_string(t, hf_fax_modem, tvb, fax_modem_name(n->modem));
    if (n->rate)
        gen_uint(t, hf_fax_rate, tvb, n->rate);
    if (n->page)
        gen_uint(t, hf_fax_page, tvb, n->page);
    if (n->ecm_block) {
        gen_uint(t, hf_fax_ecm_block, tvb, n->ecm_block);
        gen_uint(t, hf_fax_ecm_frame, tvb, n->ecm_frame);
    }
    if (n->answers)
        gen_uint(t, hf_fax_answers, tvb, n->answers);
    if (n->tcf_frame)
        gen_uint(t, hf_fax_tcf_frame, tvb, n->tcf_frame);
    if (n->resent_for)
        gen_uint(t, hf_fax_resent_for, tvb, n->resent_for);
}

static const char *
phase_letter(guint ph)
{
    static const char *const l[] = { "-", "A", "B", "C", "D", "E" };
    return ph < G_N_ELEMENTS(l) ? l[ph] : "?";
}

/* G.711 pass-through hints (known once the whole capture was read), all on
 * the first T.30 frame heard after the 488 (or the first at all): why the
 * fax went as audio, and from audio_fax_stats the RTP trouble during the fax
 * and V.8 ANSam, each linked to the frame of its first occurrence. */
static void
add_passthru_hints(proto_tree *ft, tvbuff_t *tvb, packet_info *pinfo, const fax_call *c)
{
    const t30_summary *s = t30_session_summary(c->session);
    guint32 first = 0;
    for (guint i = 0; i < s->n_ladder && !first; i++)
        if (s->ladder[i].fcf >= 0 && (c->t38 != FAX_T38_REJECTED || s->ladder[i].frame > c->t38_answer_frame))
            first = s->ladder[i].frame;
    if (pinfo->num != first)
        return;
    if (c->t38 == FAX_T38_REJECTED)
        add_hint(ft, tvb, pinfo, &ei_fax_passthru, c->t38_answer_frame,
                 "Fax call %u: T.38 rejected (%u, frame %u) and the fax went as G.711 pass-through",
                 c->id, c->t38_answer_status, c->t38_answer_frame);
    else if (c->t38 == FAX_T38_NONE)
        add_hint(ft, tvb, pinfo, &ei_fax_passthru, 0,
                 "Fax call %u: T.38 never offered; the fax went as G.711 pass-through", c->id);
    for (int sd = 0; sd < 2; sd++) {
        const audio_fax_stats *st = c->audio[sd] ? audio_fax_get_stats(c->audio[sd]) : NULL;
        const char *dir = sd == FAX_SIDE_A ? "A->B" : "B->A";
        if (!st)
            continue;
        if (st->fax_lost)
            add_hint(ft, tvb, pinfo, &ei_fax_passthru_rtp, st->fax_loss_frame,
                     "Fax call %u: %u RTP packets lost in the fax audio %s (first at frame %u)",
                     c->id, st->fax_lost, dir, st->fax_loss_frame);
        if (st->fax_cn_packets)
            add_hint(ft, tvb, pinfo, &ei_fax_passthru_rtp, st->fax_cn_frame,
                     "Fax call %u: %u comfort noise packets (VAD on) in the fax audio %s (first at frame %u)",
                     c->id, st->fax_cn_packets, dir, st->fax_cn_frame);
        if (st->fax_codec_changes)
            add_hint(ft, tvb, pinfo, &ei_fax_passthru_rtp, st->fax_codec_frame,
                     "Fax call %u: codec (RTP payload type) changed %u times in the fax audio %s (first at frame %u)",
                     c->id, st->fax_codec_changes, dir, st->fax_codec_frame);
        if (st->ansam_frame)
            add_hint(ft, tvb, pinfo, &ei_fax_v8_ansam, st->ansam_frame,
                     "Fax call %u: V.8 ANSam%s %s (frame %u): likely V.34 Super G3, which T.38 v0-2 cannot carry",
                     c->id, st->phaserev_frame ? " with phase reversals" : "", dir, st->ansam_frame);
    }
}

static void
render_sip(proto_tree *ft, tvbuff_t *tvb, packet_info *pinfo, const fax_frame_rec *rec,
           const fax_call *c)
{
    proto_item *ti = proto_tree_add_string(ft, hf_fax_sip_role, tvb, 0, 0, sip_role_name(rec->sip_role));
    proto_item_set_generated(ti);
    if (rec->sip_role == FAX_SIP_T38_REJECT)
        add_hint(ft, tvb, pinfo, &ei_fax_t38_rejected, c->t38_offer_frame,
                 "Fax call %u: T.38 re-INVITE (frame %u) rejected: %u %s", c->id,
                 c->t38_offer_frame, c->t38_answer_status, c->t38_answer_reason);
    else if (rec->sip_role == FAX_SIP_T38_NO_IMAGE)
        add_hint(ft, tvb, pinfo, &ei_fax_t38_no_image, c->t38_offer_frame,
                 "Fax call %u: T.38 re-INVITE (frame %u) answered %u without an image stream",
                 c->id, c->t38_offer_frame, c->t38_answer_status);
    if (rec->bye_mid_fax)
        add_hint(ft, tvb, pinfo, &ei_fax_bye_mid_fax, 0,
                 "Fax call %u ended by %s in T.30 phase %s, without DCN", c->id,
                 c->bye_is_cancel ? "CANCEL" : "BYE", phase_letter(rec->bye_mid_fax));
    if (!pinfo->fd->visited)
        return;
    /* what only the end of the capture proves */
    if (pinfo->num == c->t38_offer_frame && c->t38 == FAX_T38_OFFERED &&
        c->udptl_packets[0] + c->udptl_packets[1] == 0)
        add_hint(ft, tvb, pinfo, &ei_fax_t38_unanswered, 0,
                 "Fax call %u: T.38 re-INVITE never answered", c->id);
    if (pinfo->num == c->t38_answer_frame && c->t38 == FAX_T38_ACCEPTED) {
        fax_audit_item items[FAX_AUDIT_MAX];
        guint n = fax_audit_call(c, items, FAX_AUDIT_MAX);
        for (guint i = 0; i < n; i++)
            if (items[i].mismatch)
                add_hint(ft, tvb, pinfo, &ei_fax_sdp_audit, c->t38_offer_frame, "Fax call %u: %s",
                         c->id, items[i].text);
    }
    if (pinfo->num == c->t38_answer_frame && c->t38 == FAX_T38_ACCEPTED)
        for (int sd = 0; sd < 2; sd++)
            if (c->udptl_packets[sd] == 0) {
                char ep[80] = "?";
                if (c->has_sdp_media[FAX_OTHER_SIDE(sd)])
                    fax_endpoint_format(&c->sdp_media[FAX_OTHER_SIDE(sd)], ep, sizeof ep);
                add_hint(ft, tvb, pinfo, &ei_fax_no_udptl, 0,
                         "Fax call %u: T.38 negotiated but no UDPTL seen from %s to %s", c->id,
                         fax_side_name((fax_side)sd), ep);
            }
}

static void
add_discovered_hint(proto_tree *ft, tvbuff_t *tvb, packet_info *pinfo, const fax_call *c)
{
    const char *how = c->found_how == FAX_FOUND_SDP_PORT
                    ? "on the SDP image port from another address (NAT?)"
                    : c->found_how == FAX_FOUND_AUDIO_PORT
                    ? "on the SDP audio port: in-band switch to T.38, no re-INVITE"
                    : c->found_how == FAX_FOUND_RTP_PORT
                    ? "on the ports of G.711 audio with a fax tone: in-band switch to T.38"
                    : "with no SIP/SDP that announced it (H.245? Decode As)";
    add_hint(ft, tvb, pinfo, &ei_fax_discovered, c->t38_offer_frame,
             "Fax call %u: T.38 found by faxcalls %s; Wireshark does not decode it "
             "(-d udp.port==%u,t38)", c->id, how, pinfo->destport);
}

static void
render_udptl(proto_tree *ft, tvbuff_t *tvb, packet_info *pinfo, const fax_frame_rec *rec,
             const fax_call *c)
{
    proto_item *ti;
    proto_tree *ut = proto_tree_add_subtree(ft, tvb, 0, 0, ett_fax_udptl, &ti, "UDPTL");
    proto_item_set_generated(ti);
    if (!rec->pkt.decoded) {
        expert_add_info_format(pinfo, ti, &ei_fax_udptl_malformed, "UDPTL packet could not be decoded (%s)",
                               rec->pkt.status == WIRE_TRUNCATED ? "truncated" : "bad encoding");
    } else {
        gen_uint(ut, hf_fax_udptl_seq, tvb, rec->pkt.seq);
        if (rec->pkt.duplicate) {
            ti = proto_tree_add_boolean(ut, hf_fax_udptl_duplicate, tvb, 0, 0, TRUE);
            proto_item_set_generated(ti);
        }
        if (rec->pkt.recovered)
            gen_uint(ut, hf_fax_udptl_recovered, tvb, rec->pkt.recovered);
        if (rec->pkt.lost) {
            ti = proto_tree_add_uint(ut, hf_fax_udptl_lost, tvb, 0, 0, rec->pkt.lost);
            proto_item_set_generated(ti);
            expert_add_info_format(pinfo, ti, &ei_fax_udptl_lost,
                                   "%u UDPTL packet%s lost before this one (not recoverable)",
                                   rec->pkt.lost, rec->pkt.lost == 1 ? "" : "s");
        }
        if (rec->pkt.post_corrigendum)
            expert_add_info(pinfo, ti, &ei_fax_post_corrigendum);
    }
    if (rec->port_mismatch) {
        char ep[80];
        fax_endpoint_format(&c->sdp_media[rec->side], ep, sizeof ep);
        add_hint(ft, tvb, pinfo, &ei_fax_port_mismatch, c->t38_answer_frame ? c->t38_answer_frame
                                                                             : c->t38_offer_frame,
                 "UDPTL from port %u, but side %s announced %s in its SDP", pinfo->srcport,
                 fax_side_name((fax_side)rec->side), ep);
    }
    if (rec->found)
        add_discovered_hint(ft, tvb, pinfo, c);
    for (guint i = 0; i < rec->n_notes; i++)
        render_note(ft, tvb, &rec->notes[i]);
}

static void
render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const fax_frame_rec *rec)
{
    fax_call *c = fax_registry_call(registry, rec->call);
    if (!c)
        return;
    proto_item *top = proto_tree_add_item(tree, proto_fax, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(top);
    proto_item_append_text(top, ", call %u", c->id);
    proto_tree *ft = proto_item_add_subtree(top, ett_fax);

    gen_uint(ft, hf_fax_call, tvb, c->id);
    if (c->call_id)
        gen_string(ft, hf_fax_call_id, tvb, c->call_id);
    gen_string(ft, hf_fax_direction, tvb, rec->side == FAX_SIDE_A ? "A->B" : "B->A");
    if (c->invite_frame)
        gen_uint(ft, hf_fax_invite_frame, tvb, c->invite_frame);
    if (c->t38_offer_frame)
        gen_uint(ft, hf_fax_t38_offer_frame, tvb, c->t38_offer_frame);
    if (c->t38_answer_frame)
        gen_uint(ft, hf_fax_t38_answer_frame, tvb, c->t38_answer_frame);

    if (rec->kind == FAX_REC_SIP) {
        render_sip(ft, tvb, pinfo, rec, c);
    } else if (rec->kind == FAX_REC_RTP) {
        /* G.711 pass-through: the T.30 heard in this packet's audio */
        for (guint i = 0; i < rec->n_notes; i++)
            render_note(ft, tvb, &rec->notes[i]);
        if (pinfo->fd->visited)
            add_passthru_hints(ft, tvb, pinfo, c);
    } else {
        render_udptl(ft, tvb, pinfo, rec, c);
    }

    if (pinfo->fd->visited) {
        /* the verdict is known only once the whole capture was read */
        const t30_summary *s = t30_session_summary(c->session);
        gen_string(ft, hf_fax_result, tvb, fax_result_name(c->result));
        gen_string(ft, hf_fax_reason, tvb, c->reason);
        gen_uint(ft, hf_fax_ftt_count, tvb, s->ftt_count);
        gen_uint(ft, hf_fax_pages_sent, tvb, s->n_pages);
        gen_uint(ft, hf_fax_pages_confirmed, tvb, s->pages_confirmed);
        if (c->loss_page[0] || c->loss_page[1])
            add_page_loss(ft, tvb, pinfo, c);
        if (pinfo->num == c->last_frame)
            add_call_summary(ft, tvb, pinfo, c);
    }
    add_findings(ft, tvb, pinfo, c);
}

static int
dissect_fax(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (!registry)
        return 0;
    if (!pinfo->fd->visited)
        first_pass(tvb, pinfo);
    fax_frame_rec scratch;
    const fax_frame_rec *rec = fax_frames_get(pinfo->num, &scratch);
    if (!rec)
        return 0;
    if (pinfo->fd->visited)
        fax_registry_finish(registry);
    /* the Fax subtree and hints only where someone looks: a tree (GUI,
     * -V, filters) or the expert tap (-z expert, Expert Information) */
    if (expert_tap <= 0)     /* registered after the handoffs (expert_packet_init) */
        expert_tap = find_tap_id("expert");
    if (tree || have_tap_listener(expert_tap))
        render(tvb, pinfo, tree, rec);
    if (have_tap_listener(fax_tap))
        tap_queue_packet(fax_tap, pinfo, GUINT_TO_POINTER(rec->call));
    return 0;
}

/* ---- registration ------------------------------------------------------- */

static const struct {
    fax_finding_kind kind;
    const char *name;
    int group;
    int severity;
    const char *summary;
} finding_info[] = {
    { FAX_FIND_TRAINING_FTT,     "fax.expert.ftt",            PI_SEQUENCE,      PI_WARN, "Training failed (FTT)" },
    { FAX_FIND_TRAINING_SETTLED, "fax.expert.training_settled", PI_SEQUENCE,    PI_NOTE, "Training settled after FTT" },
    { FAX_FIND_TRAINING_FAILED,  "fax.expert.training_failed", PI_SEQUENCE,     PI_ERROR, "Training failed at every rate" },
    { FAX_FIND_DCS_UNANSWERED,   "fax.expert.dcs_unanswered", PI_SEQUENCE,      PI_WARN, "DCS with no CFR/FTT answer" },
    { FAX_FIND_PAGE_REJECTED,    "fax.expert.page_rejected",  PI_RESPONSE_CODE, PI_WARN, "Page rejected (RTN/PIN)" },
    { FAX_FIND_CMD_REPEATED,     "fax.expert.cmd_repeated",   PI_SEQUENCE,      PI_WARN, "Post-page command repeated without answer" },
    { FAX_FIND_DCN_EARLY,        "fax.expert.dcn_early",      PI_SEQUENCE,      PI_ERROR, "DCN before the last page was confirmed" },
    { FAX_FIND_PPR,              "fax.expert.ppr",            PI_SEQUENCE,      PI_NOTE, "ECM partial page request" },
    { FAX_FIND_CTC,              "fax.expert.ctc",            PI_SEQUENCE,      PI_WARN, "ECM continue to correct / end of retransmission" },
    { FAX_FIND_PAGE_LOSS,        "fax.expert.page_loss",      PI_SEQUENCE,      PI_WARN, "Page data with UDPTL packets lost" },
    { FAX_FIND_DIS_REPEATED,     "fax.expert.dis_repeated",   PI_SEQUENCE,      PI_NOTE, "DIS repeated" },
    { FAX_FIND_T1_TIMEOUT,       "fax.expert.t1_timeout",     PI_SEQUENCE,      PI_ERROR, "DIS unanswered for T1 (35 s)" },
    { FAX_FIND_SILENCE,          "fax.expert.silence",        PI_SEQUENCE,      PI_WARN, "Silence in the T.30 session" },
    { FAX_FIND_CRP,              "fax.expert.crp",            PI_SEQUENCE,      PI_NOTE, "Command repeat (CRP)" },
    { FAX_FIND_BAD_FCS,          "fax.expert.bad_fcs",        PI_CHECKSUM,      PI_WARN, "HDLC frame with bad FCS" },
    { FAX_FIND_DAMAGED,          "fax.expert.damaged_frame",  PI_SEQUENCE,      PI_WARN, "HDLC frame damaged by UDPTL loss" },
    { FAX_FIND_MALFORMED,        "fax.expert.malformed",      PI_MALFORMED,     PI_WARN, "Malformed T.30 frame" },
    { FAX_FIND_CAP,              "fax.expert.cap",            PI_UNDECODED,     PI_NOTE, "Limit reached: rest not analysed" },
};

/* The Fax tree's fields (all generated: faxcalls adds no bytes of its own). */
static hf_register_info hf_fax[] = {
    { &hf_fax_call, { "Fax call", "fax.call", FT_UINT32, BASE_DEC, NULL, 0x0,
        "Number of the fax call this frame belongs to (as in -z fax,stat)", HFILL } },
    { &hf_fax_call_id, { "Call-ID", "fax.call_id", FT_STRING, BASE_NONE, NULL, 0x0,
        "SIP Call-ID of the fax call", HFILL } },
    { &hf_fax_direction, { "Direction", "fax.direction", FT_STRING, BASE_NONE, NULL, 0x0,
        "A->B: sent by the side that sent the initial INVITE (or the first T.38 packet)", HFILL } },
    { &hf_fax_sip_role, { "SIP role", "fax.sip.role", FT_STRING, BASE_NONE, NULL, 0x0,
        "What this SIP message does for the fax call", HFILL } },
    { &hf_fax_invite_frame, { "INVITE in frame", "fax.invite_frame", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "The call's initial INVITE", HFILL } },
    { &hf_fax_t38_offer_frame, { "T.38 offer in frame", "fax.t38.offer_frame", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "The (re-)INVITE that offered T.38", HFILL } },
    { &hf_fax_t38_answer_frame, { "T.38 answer in frame", "fax.t38.answer_frame", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "The final answer to the T.38 offer", HFILL } },
    { &hf_fax_udptl_seq, { "UDPTL sequence number", "fax.udptl.seq", FT_UINT16, BASE_DEC, NULL, 0x0,
        NULL, HFILL } },
    { &hf_fax_udptl_duplicate, { "Duplicate", "fax.udptl.duplicate", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
        "This sequence number was seen before", HFILL } },
    { &hf_fax_udptl_recovered, { "Packets recovered", "fax.udptl.recovered", FT_UINT16, BASE_DEC, NULL, 0x0,
        "Missing earlier packets rebuilt from this packet's redundancy/FEC", HFILL } },
    { &hf_fax_udptl_lost, { "Packets lost", "fax.udptl.lost", FT_UINT16, BASE_DEC, NULL, 0x0,
        "Missing earlier packets nothing could rebuild", HFILL } },
    { &hf_fax_t30, { "T.30", "fax.t30", FT_NONE, BASE_NONE, NULL, 0x0, NULL, HFILL } },
    { &hf_fax_phase, { "T.30 phase", "fax.phase", FT_UINT8, BASE_DEC, VALS(phase_vals), 0x0,
        "T.30 phase (Figure 1): A set-up, B pre-message, C message, D post-message, E release", HFILL } },
    { &hf_fax_msg, { "T.30 message", "fax.msg", FT_STRING, BASE_NONE, NULL, 0x0,
        "T.30 control message (FCF parsed by faxcalls, X bit and ECM data handled)", HFILL } },
    { &hf_fax_fcf, { "FCF", "fax.fcf", FT_UINT8, BASE_HEX, NULL, 0x0,
        "T.30 facsimile control field as sent, X bit included (0x80)", HFILL } },
    { &hf_fax_training, { "Training attempt", "fax.training", FT_UINT16, BASE_DEC, NULL, 0x0,
        "Number of the DCS/TCF training attempt (1-based)", HFILL } },
    { &hf_fax_rate, { "Rate", "fax.rate", FT_UINT32, BASE_DEC | BASE_UNIT_STRING, &units_bit_sec, 0x0,
        "Signalling rate of this training attempt or page", HFILL } },
    { &hf_fax_page, { "Page", "fax.page", FT_UINT16, BASE_DEC, NULL, 0x0,
        "Page number (1-based)", HFILL } },
    { &hf_fax_ecm_block, { "ECM block", "fax.ecm.block", FT_UINT16, BASE_DEC, NULL, 0x0,
        "ECM partial page (block) number", HFILL } },
    { &hf_fax_ecm_frame, { "ECM frame", "fax.ecm.frame", FT_UINT16, BASE_DEC, NULL, 0x0,
        "ECM frame number within the block", HFILL } },
    { &hf_fax_answers, { "Answers command in frame", "fax.answers", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "The command this response answers", HFILL } },
    { &hf_fax_indicator, { "Signal", "fax.indicator", FT_STRING, BASE_NONE, NULL, 0x0,
        "The signal that starts here: a T.38 t30-indicator (T.38 Annex A: CNG, CED, V.21 preamble, "
        "a training, no-signal), or a tone heard in G.711 pass-through audio", HFILL } },
    { &hf_fax_damaged, { "Damaged by UDPTL loss", "fax.damaged", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
        "HDLC frame with octets lost to UDPTL loss that redundancy/FEC did not repair: not named, not decoded", HFILL } },
    { &hf_fax_damaged_msg, { "Starts as", "fax.damaged.msg", FT_STRING, BASE_NONE, NULL, 0x0,
        "The T.30 message its first octets name, when they arrived in place: a hint, not a fact", HFILL } },
    { &hf_fax_damaged_lost, { "Packets lost", "fax.damaged.lost", FT_UINT16, BASE_DEC, NULL, 0x0,
        "UDPTL packets lost in the frame or just before it", HFILL } },
    { &hf_fax_damaged_octets, { "Octets arrived", "fax.damaged.octets", FT_UINT16, BASE_DEC, NULL, 0x0,
        "Octets of the frame that arrived", HFILL } },
    { &hf_fax_damaged_first, { "First octet in frame", "fax.damaged.first_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
        "Frame of the first octet of it that arrived", HFILL } },
    { &hf_fax_tcf_frame, { "TCF in frame", "fax.tcf_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
        "The training check (TCF) this CFR/FTT judged", HFILL } },
    { &hf_fax_result, { "Call result", "fax.result", FT_STRING, BASE_NONE, NULL, 0x0,
        "success, partial, failed, incomplete or not_fax", HFILL } },
    { &hf_fax_reason, { "Result reason", "fax.reason", FT_STRING, BASE_NONE, NULL, 0x0,
        "Stable reason code, e.g. ok, training_failed, page_rejected, t38_rejected", HFILL } },
    { &hf_fax_ftt_count, { "FTT count", "fax.ftt_count", FT_UINT32, BASE_DEC, NULL, 0x0,
        "Training attempts answered with FTT in this call", HFILL } },
    { &hf_fax_pages_sent, { "Pages sent", "fax.pages_sent", FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_fax_pages_confirmed, { "Pages confirmed", "fax.pages_confirmed", FT_UINT32, BASE_DEC, NULL, 0x0,
        "Pages the receiver confirmed (MCF)", HFILL } },
    { &hf_fax_modem, { "Modem", "fax.modem", FT_STRING, BASE_NONE, NULL, 0x0,
        "Modem and rate of this training attempt or page, e.g. V.17 14400", HFILL } },
    { &hf_fax_resent_for, { "Resent for PPR in frame", "fax.ecm.resent_for", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "The PPR that asked for this ECM frame again", HFILL } },
    { &hf_fax_page_missing, { "Page: UDPTL packets missing", "fax.udptl.page_missing", FT_UINT32, BASE_DEC,
        NULL, 0x0, "UDPTL sequence gaps resolved while this page was sent (both directions)", HFILL } },
    { &hf_fax_page_recovered, { "Page: UDPTL packets recovered", "fax.udptl.page_recovered", FT_UINT32,
        BASE_DEC, NULL, 0x0, "Of those, rebuilt from redundancy/FEC", HFILL } },
    { &hf_fax_page_lost, { "Page: UDPTL packets lost", "fax.udptl.page_lost", FT_UINT32, BASE_DEC,
        NULL, 0x0, "Of those, lost for good", HFILL } },
    { &hf_fax_hint, { "Hint", "fax.hint", FT_STRING, BASE_NONE, NULL, 0x0,
        "What faxcalls concluded at this frame (also an expert info)", HFILL } },
    { &hf_fax_hint_frame, { "Refers to frame", "fax.hint.frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
        "The frame the hint refers to (e.g. the DCS an FTT answers)", HFILL } },
};

static gint *ett_fax_all[] = { &ett_fax, &ett_fax_t30, &ett_fax_udptl, &ett_fax_hint };

/* Hints raised by the glue itself (the model's findings: finding_info). */
static ei_register_info ei_fax[] = {
    { &ei_fax_t38_rejected, { "fax.expert.t38_rejected", PI_RESPONSE_CODE, PI_WARN,
        "T.38 re-INVITE rejected", EXPFILL } },
    { &ei_fax_t38_no_image, { "fax.expert.t38_no_image", PI_RESPONSE_CODE, PI_WARN,
        "T.38 re-INVITE answered without an image stream", EXPFILL } },
    { &ei_fax_post_corrigendum, { "fax.expert.post_corrigendum", PI_PROTOCOL, PI_NOTE,
        "This T.38 sender uses the post-corrigendum ASN.1: Wireshark shows it as malformed unless "
        "-o t38.use_pre_corrigendum_asn1_specification:FALSE (faxcalls decodes both)", EXPFILL } },
    { &ei_fax_udptl_malformed, { "fax.expert.udptl_malformed", PI_MALFORMED, PI_WARN,
        "UDPTL packet could not be decoded", EXPFILL } },
    { &ei_fax_udptl_lost, { "fax.expert.udptl_lost", PI_SEQUENCE, PI_WARN,
        "UDPTL packets lost", EXPFILL } },
    { &ei_fax_t38_unanswered, { "fax.expert.t38_unanswered", PI_SEQUENCE, PI_WARN,
        "T.38 re-INVITE never answered", EXPFILL } },
    { &ei_fax_no_udptl, { "fax.expert.no_udptl", PI_SEQUENCE, PI_WARN,
        "T.38 negotiated but no UDPTL seen in one direction", EXPFILL } },
    { &ei_fax_port_mismatch, { "fax.expert.port_mismatch", PI_SEQUENCE, PI_WARN,
        "UDPTL from a port other than the one its SDP announced", EXPFILL } },
    { &ei_fax_bye_mid_fax, { "fax.expert.bye_mid_fax", PI_SEQUENCE, PI_WARN,
        "Call ended by BYE/CANCEL while the fax was running", EXPFILL } },
    { &ei_fax_call_summary, { "fax.expert.call_summary", PI_SEQUENCE, PI_CHAT,
        "Fax call summary", EXPFILL } },
    { &ei_fax_sdp_audit, { "fax.expert.sdp_audit", PI_PROTOCOL, PI_WARN,
        "T.38 SDP parameters do not fit each other or the traffic", EXPFILL } },
    { &ei_fax_page_udptl_loss, { "fax.expert.page_udptl_loss", PI_SEQUENCE, PI_WARN,
        "UDPTL packets missing during a page", EXPFILL } },
    { &ei_fax_passthru, { "fax.expert.passthru", PI_PROTOCOL, PI_NOTE,
        "Fax sent as G.711 pass-through", EXPFILL } },
    { &ei_fax_passthru_rtp, { "fax.expert.passthru_rtp", PI_SEQUENCE, PI_WARN,
        "RTP loss, comfort noise or codec change in the fax audio", EXPFILL } },
    { &ei_fax_v8_ansam, { "fax.expert.v8_ansam", PI_PROTOCOL, PI_NOTE,
        "V.8 ANSam in the fax audio (V.34)", EXPFILL } },
    { &ei_fax_discovered, { "fax.expert.discovered", PI_PROTOCOL, PI_NOTE,
        "T.38 found by faxcalls that Wireshark does not decode", EXPFILL } },
};

static void
register_expert(void)
{
    static ei_register_info ei_find[G_N_ELEMENTS(finding_info)];

    for (guint i = 0; i < FAX_FIND_COUNT; i++) {
        ei_fax_finding[i].ei = EI_INIT_EI;   /* FAX_FIND_SUMMARY: rendered as call_summary */
        ei_fax_finding[i].hf = EI_INIT_HF;
    }
    for (guint i = 0; i < G_N_ELEMENTS(finding_info); i++) {
        expert_field *e = &ei_fax_finding[finding_info[i].kind];
        e->ei = EI_INIT_EI;
        e->hf = EI_INIT_HF;
        ei_register_info r = { e, { finding_info[i].name, finding_info[i].group,
                                    finding_info[i].severity, finding_info[i].summary, EXPFILL } };
        ei_find[i] = r;
    }
    expert_module_t *em = expert_register_protocol(proto_fax);
    expert_register_field_array(em, ei_fax, array_length(ei_fax));
    expert_register_field_array(em, ei_find, array_length(ei_find));
}

static void
register_prefs(void)
{
    module_t *pm = prefs_register_protocol(proto_fax, NULL);
    prefs_register_bool_preference(pm, "discover", "Find undecoded T.38",
        "Look for UDPTL (T.38) in UDP that Wireshark leaves undecoded or takes for RTP on an SDP "
        "audio port: NAT-rewritten addresses, in-band switches (Cisco NSE), H.245 set-up. "
        "A 4-tuple counts after 3 consecutive datagrams that decode as UDPTL.", &pref_discover);
    prefs_register_directory_preference(pm, "pages_dir", "Write fax pages to folder",
        "When set, the pages of every fax call are rebuilt from the T.38 data and written to "
        "this folder when a capture is read: call<N>-page<M>.tif (bilevel, G3/G4) and .png "
        "(preview, damaged rows in red). Empty: pages are not kept (no cost).", &pref_pages_dir);
    prefs_register_bool_preference(pm, "passthru", "Decode fax in G.711 audio",
        "Watch the PCMU/PCMA RTP of SIP calls (SDP audio endpoints) for fax tones and V.21, and "
        "decode the T.30 frames of faxes sent as G.711 pass-through (T.38 not offered or refused).",
        &pref_passthru);
}

void
proto_register_fax(void)
{
    proto_fax = proto_register_protocol("Fax calls (faxcalls)", "Fax", "fax");
    proto_register_field_array(proto_fax, hf_fax, array_length(hf_fax));
    proto_register_subtree_array(ett_fax_all, array_length(ett_fax_all));
    register_prefs();
    register_expert();

    register_init_routine(fax_init);
    register_cleanup_routine(fax_cleanup);
    fax_tap = register_tap(FAX_TAP_NAME);
}

void
proto_reg_handoff_fax(void)
{
    dissector_handle_t h = create_dissector_handle(dissect_fax, proto_fax);
    register_postdissector(h);
    proto_sip = proto_get_id_by_filter_name("sip");
    proto_t38 = proto_get_id_by_filter_name("t38");
    proto_rtp = proto_get_id_by_filter_name("rtp");
    proto_tls = proto_get_id_by_filter_name("tls");
    proto_data = proto_get_id_by_filter_name("data");
    proto_rtpevent = proto_get_id_by_filter_name("rtpevent");
    proto_q931 = proto_get_id_by_filter_name("q931");
    proto_mgcp = proto_get_id_by_filter_name("mgcp");
    layer_table_build();
    fax_h323_taps_register();
    if (proto_sip < 0 || proto_t38 < 0)
        ws_warning("faxcalls: Wireshark has no %s protocol; fax calls will not be found",
                   proto_sip < 0 ? "sip" : "t38");
}
