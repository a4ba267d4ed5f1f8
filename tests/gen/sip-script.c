/* faxgen: the SIP dialog (RFC 3261), SDP (RFC 4566, T.38 Annex D attributes)
 * and PCMU RTP (RFC 3550) around the T.38 part of one call.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "faxgen.h"

#include <stdio.h>
#include <string.h>

#define SIP_PORT 5060
#define RTP_STEP_US 20000u

typedef struct {
    const call_spec *spec;
    const call_addr *addr;
    capture *cap;
    char ip_a[20], ip_b[20];
    uint16_t rtp_seq[2];
    uint32_t rtp_ts[2];
    uint32_t ssrc[2];
    gboolean rtp_marker_sent[2];
    int sdp_ver[2];
    int branch; /* counts Via branches */
} sip_ctx;

static void ip_str(char *buf, size_t n, uint32_t ip)
{
    g_snprintf(buf, n, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xFF, (ip >> 8) & 0xFF, ip & 0xFF);
}

static void send_text(sip_ctx *x, uint64_t t, int from_a, const GString *msg)
{
    const call_addr *a = x->addr;

    if (from_a)
        capture_add(x->cap, t, a->ip_a, SIP_PORT, a->ip_b, SIP_PORT, (const uint8_t *)msg->str, msg->len);
    else
        capture_add(x->cap, t, a->ip_b, SIP_PORT, a->ip_a, SIP_PORT, (const uint8_t *)msg->str, msg->len);
}

static char *sdp_audio(sip_ctx *x, int side)
{
    const char *ip = side == 0 ? x->ip_a : x->ip_b;
    uint16_t port = side == 0 ? x->addr->rtp_a : x->addr->rtp_b;

    return g_strdup_printf("v=0\r\no=faxgen %u %d IN IP4 %s\r\ns=faxgen\r\nc=IN IP4 %s\r\nt=0 0\r\n"
                           "m=audio %u RTP/AVP %s\r\na=ptime:20\r\na=sendrecv\r\n",
                           4000u + (unsigned)x->addr->index * 10u + (unsigned)side, x->sdp_ver[side]++, ip, ip,
                           port, x->spec->pcma ? "8\r\na=rtpmap:8 PCMA/8000" : "0\r\na=rtpmap:0 PCMU/8000");
}

/* T.38 Annex D (SDP for T.38 over UDPTL) */
static char *sdp_image(sip_ctx *x, int side)
{
    const char *ip = side == 0 ? x->ip_a : x->ip_b;
    uint16_t port = side == 0 ? x->addr->t38_a : x->addr->t38_b;

    return g_strdup_printf("v=0\r\no=faxgen %u %d IN IP4 %s\r\ns=faxgen\r\nc=IN IP4 %s\r\nt=0 0\r\n"
                           "m=image %u udptl t38\r\na=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\n"
                           "a=T38FaxRateManagement:transferredTCF\r\na=T38FaxMaxBuffer:2000\r\n"
                           "a=T38FaxMaxDatagram:400\r\na=T38FaxUdpEC:%s\r\n",
                           4000u + (unsigned)x->addr->index * 10u + (unsigned)side, x->sdp_ver[side]++, ip, ip,
                           port, x->spec->redundancy > 0 ? "t38UDPRedundancy" : "t38UDPNoEC");
}

/* Headers common to a request or response of this dialog.  FROM_A: the
 * request's originator is the caller. TO_TAG: include the callee's tag. */
static void dialog_headers(sip_ctx *x, GString *m, int req_from_a, int with_to_tag, const char *branch,
                           int cseq, const char *method)
{
    const call_addr *a = x->addr;
    const char *via_ip = req_from_a ? x->ip_a : x->ip_b;

    g_string_append_printf(m, "Via: SIP/2.0/UDP %s:%d;branch=%s\r\n", via_ip, SIP_PORT, branch);
    if (req_from_a) {
        g_string_append_printf(m, "From: <sip:%s@%s>;tag=%s\r\n", a->num_a, x->ip_a, a->tag_a);
        g_string_append_printf(m, "To: <sip:%s@%s>%s%s\r\n", a->num_b, x->ip_b, with_to_tag ? ";tag=" : "",
                               with_to_tag ? a->tag_b : "");
    } else {
        g_string_append_printf(m, "From: <sip:%s@%s>;tag=%s\r\n", a->num_b, x->ip_b, a->tag_b);
        g_string_append_printf(m, "To: <sip:%s@%s>;tag=%s\r\n", a->num_a, x->ip_a, a->tag_a);
    }
    g_string_append_printf(m, "Call-ID: %s\r\nCSeq: %d %s\r\n", a->call_id, cseq, method);
}

static void finish(GString *m, const char *sdp)
{
    if (sdp != NULL)
        g_string_append_printf(m, "Content-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%s", strlen(sdp), sdp);
    else
        g_string_append(m, "Content-Length: 0\r\n\r\n");
}

static void request(sip_ctx *x, uint64_t t, int from_a, const char *method, const char *branch, int cseq,
                    int with_to_tag, const char *sdp)
{
    GString *m = g_string_new(NULL);
    const call_addr *a = x->addr;

    if (from_a)
        g_string_append_printf(m, "%s sip:%s@%s:%d SIP/2.0\r\n", method, a->num_b, x->ip_b, SIP_PORT);
    else
        g_string_append_printf(m, "%s sip:%s@%s:%d SIP/2.0\r\n", method, a->num_a, x->ip_a, SIP_PORT);
    dialog_headers(x, m, from_a, with_to_tag, branch, cseq, method);
    g_string_append(m, "Max-Forwards: 70\r\n");
    g_string_append_printf(m, "Contact: <sip:%s@%s:%d>\r\n", from_a ? a->num_a : a->num_b,
                           from_a ? x->ip_a : x->ip_b, SIP_PORT);
    g_string_append(m, "User-Agent: faxgen/1.0\r\n");
    if (strcmp(method, "INVITE") == 0)
        g_string_append(m, "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n");
    finish(m, sdp);
    send_text(x, t, from_a, m);
    g_string_free(m, TRUE);
}

/* A response travels against its request: REQ_FROM_A tells who sent the request. */
static void response(sip_ctx *x, uint64_t t, int req_from_a, int code, const char *phrase, const char *branch,
                     int cseq, const char *method, int with_to_tag, const char *sdp)
{
    GString *m = g_string_new(NULL);
    const call_addr *a = x->addr;

    g_string_append_printf(m, "SIP/2.0 %d %s\r\n", code, phrase);
    dialog_headers(x, m, req_from_a, with_to_tag, branch, cseq, method);
    if (code >= 200 && code < 300)
        g_string_append_printf(m, "Contact: <sip:%s@%s:%d>\r\n", req_from_a ? a->num_b : a->num_a,
                               req_from_a ? x->ip_b : x->ip_a, SIP_PORT);
    if (code == 488)
        g_string_append(m, "Warning: 304 faxgen \"Media type not available\"\r\n");
    g_string_append(m, "Server: faxgen/1.0\r\n");
    finish(m, sdp);
    send_text(x, t, !req_from_a, m);
    g_string_free(m, TRUE);
}

static char *new_branch(sip_ctx *x)
{
    return g_strdup_printf("z9hG4bK%s%02d", x->addr->tag_a, x->branch++);
}

/* PCMU silence, 20 ms a packet, both directions over [FROM, TO). */
static void rtp_span(sip_ctx *x, uint64_t from, uint64_t to)
{
    uint64_t t;
    uint8_t pkt[12 + 160];
    int side;

    for (t = from; t < to; t += RTP_STEP_US) {
        for (side = 0; side < 2; side++) {
            const call_addr *a = x->addr;
            uint64_t ts = t + (side ? 7000u : 0u); /* the two streams are not in phase */

            pkt[0] = 0x80;
            pkt[1] = (uint8_t)((x->rtp_marker_sent[side] ? 0 : 0x80) | (x->spec->pcma ? 8 : 0)); /* PCMA / PCMU */
            x->rtp_marker_sent[side] = TRUE;
            pkt[2] = (uint8_t)(x->rtp_seq[side] >> 8);
            pkt[3] = (uint8_t)x->rtp_seq[side];
            pkt[4] = (uint8_t)(x->rtp_ts[side] >> 24);
            pkt[5] = (uint8_t)(x->rtp_ts[side] >> 16);
            pkt[6] = (uint8_t)(x->rtp_ts[side] >> 8);
            pkt[7] = (uint8_t)x->rtp_ts[side];
            pkt[8] = (uint8_t)(x->ssrc[side] >> 24);
            pkt[9] = (uint8_t)(x->ssrc[side] >> 16);
            pkt[10] = (uint8_t)(x->ssrc[side] >> 8);
            pkt[11] = (uint8_t)x->ssrc[side];
            memset(pkt + 12, x->spec->pcma ? 0xD5 : 0xFF, 160); /* G.711 silence */
            x->rtp_seq[side]++;
            x->rtp_ts[side] += 160;
            if (side == 0)
                capture_add(x->cap, ts, a->ip_a, a->rtp_a, a->ip_b, a->rtp_b, pkt, sizeof pkt);
            else
                capture_add(x->cap, ts, a->ip_b, a->rtp_b, a->ip_a, a->rtp_a, pkt, sizeof pkt);
        }
    }
}

/* Fax over G.711 pass-through: the fax starts right after the answer; with
 * passthru == 2 the callee asks for T.38 once it hears the fax (1.32 s) and
 * the caller refuses with 488, the fax going on in the audio. */
static uint64_t passthru_call(sip_ctx *x, uint64_t t, int cseq_b, truth *tr, const char *tmpdir)
{
    const call_spec *spec = x->spec;
    int c = x->addr->index;
    char *tiff = g_strdup_printf("%s/call%d-%s.tif", tmpdir, c, spec->name);
    uint64_t t_end;

    if (spec->passthru == 2) {
        uint64_t tr_t = t + FAXGEN_MS(1320);
        char *br = new_branch(x);
        char *sdp = sdp_image(x, 1);

        request(x, tr_t, FALSE, "INVITE", br, cseq_b, TRUE, sdp);
        g_free(sdp);
        response(x, tr_t + FAXGEN_MS(8), FALSE, 100, "Trying", br, cseq_b, "INVITE", TRUE, NULL);
        response(x, tr_t + FAXGEN_MS(40), FALSE, 488, "Not Acceptable Here", br, cseq_b, "INVITE", TRUE, NULL);
        request(x, tr_t + FAXGEN_MS(50), FALSE, "ACK", br, cseq_b, TRUE, NULL);
        g_free(br);
    }
    if (spec->passthru == 2) {      /* no T.38 line in the report otherwise */
        truth_setc(tr, c, "t38", "rejected");
        truth_setc(tr, c, "t38_status", "488");
    }
    truth_setc(tr, c, "t38_udp_ec", "none");
    truth_setc(tr, c, "reinvite_from", "%s", spec->passthru == 2 ? "callee" : "none");
    truth_setc(tr, c, "transport", "g711-passthrough");
    if (tiff_pages_write(tiff, spec->pages, spec->fine, 0xC0FFEEu + (uint32_t)c) < 0)
        g_printerr("faxgen: cannot write %s\n", tiff);
    t_end = passthru_run(spec, x->addr, t + FAXGEN_MS(320), x->cap, tr, tiff, x->rtp_seq, x->rtp_ts, x->ssrc);
    remove(tiff);
    g_free(tiff);
    return t_end;
}

void sip_call_run(const call_spec *spec, const call_addr *addr, capture *cap, truth *tr, const char *tmpdir)
{
    sip_ctx x;
    uint64_t t = addr->start_us;
    uint64_t t_end;
    char *br;
    char *sdp;
    int c = addr->index;
    int cseq_a = 1;
    int cseq_b = 101;
    int bye_from_a = !spec->caller_dead;
    uint64_t cut_window[2] = { 0, 0 };

    memset(&x, 0, sizeof x);
    x.spec = spec;
    x.addr = addr;
    x.cap = cap;
    ip_str(x.ip_a, sizeof x.ip_a, addr->ip_a);
    ip_str(x.ip_b, sizeof x.ip_b, addr->ip_b);
    x.rtp_seq[0] = (uint16_t)(1000 + c * 7);
    x.rtp_seq[1] = (uint16_t)(3000 + c * 11);
    x.rtp_ts[0] = 160000u * (uint32_t)c;
    x.rtp_ts[1] = 320000u * (uint32_t)c;
    x.ssrc[0] = 0x1A2B0000u + (uint32_t)c;
    x.ssrc[1] = 0x3C4D0000u + (uint32_t)c;

    truth_setc(tr, c, "call_id", "%s", addr->call_id);
    truth_setc(tr, c, "caller", "sip:%s@%s", addr->num_a, x.ip_a);
    truth_setc(tr, c, "callee", "sip:%s@%s", addr->num_b, x.ip_b);
    truth_setc(tr, c, "scenario", "%s", spec->name);
    truth_setc(tr, c, "start_us", "%" G_GUINT64_FORMAT, addr->start_us - FAXGEN_EPOCH_US);
    truth_setc(tr, c, "tsi", "%s", addr->tsi);
    truth_setc(tr, c, "csi", "%s", addr->csi);
    truth_setc(tr, c, "reinvite_from", "callee");
    truth_setc(tr, c, "t38_udp_ec", "%s", spec->reject_t38 ? "none" : spec->redundancy > 0 ? "t38UDPRedundancy" : "t38UDPNoEC");

    /* INVITE with audio offer -> 100 -> 200 (answer) -> ACK */
    br = new_branch(&x);
    sdp = sdp_audio(&x, 0);
    request(&x, t, TRUE, "INVITE", br, cseq_a, FALSE, sdp);
    g_free(sdp);
    response(&x, t + FAXGEN_MS(8), TRUE, 100, "Trying", br, cseq_a, "INVITE", FALSE, NULL);
    sdp = sdp_audio(&x, 1);
    response(&x, t + FAXGEN_MS(300), TRUE, 200, "OK", br, cseq_a, "INVITE", TRUE, sdp);
    g_free(sdp);
    g_free(br);
    br = new_branch(&x);
    request(&x, t + FAXGEN_MS(310), TRUE, "ACK", br, cseq_a, TRUE, NULL);
    g_free(br);
    cseq_a++;

    if (spec->passthru) {
        t_end = passthru_call(&x, t, cseq_b++, tr, tmpdir);
        goto bye;
    }

    /* about a second of audio, then the callee (which heard CED/V.21 on the
     * line) re-INVITEs to T.38 */
    rtp_span(&x, t + FAXGEN_MS(320), t + FAXGEN_MS(1320));
    t += FAXGEN_MS(1320);
    br = new_branch(&x);
    sdp = sdp_image(&x, 1);
    request(&x, t, FALSE, "INVITE", br, cseq_b, TRUE, sdp);
    g_free(sdp);
    response(&x, t + FAXGEN_MS(8), FALSE, 100, "Trying", br, cseq_b, "INVITE", TRUE, NULL);
    if (spec->reject_t38) {
        /* RFC 3261 17.1.1.3: the ACK of a non-2xx final response reuses the branch */
        response(&x, t + FAXGEN_MS(40), FALSE, 488, "Not Acceptable Here", br, cseq_b, "INVITE", TRUE, NULL);
        request(&x, t + FAXGEN_MS(50), FALSE, "ACK", br, cseq_b, TRUE, NULL);
        g_free(br);
        rtp_span(&x, t + FAXGEN_MS(20), t + FAXGEN_MS(1520));
        t_end = t + FAXGEN_MS(1520);
        truth_setc(tr, c, "t38", "rejected");
        truth_setc(tr, c, "t38_status", "488");
        truth_setc(tr, c, "result", "not_fax");
        truth_setc(tr, c, "reason", "t38_rejected");
        truth_setc(tr, c, "pages_sent", "0");
        truth_setc(tr, c, "pages_confirmed", "0");
        truth_setc(tr, c, "ecm", "no");
        truth_setc(tr, c, "final_rate", "0");
        truth_setc(tr, c, "trainings", "none");
        truth_setc(tr, c, "pages_in_file", "0");
        {
            static const char *const k[] = { "udptl_ab.sent", "udptl_ab.dropped", "udptl_ab.recovered",
                                             "udptl_ab.lost", "udptl_ba.sent", "udptl_ba.dropped",
                                             "udptl_ba.recovered", "udptl_ba.lost" };
            size_t i;

            for (i = 0; i < G_N_ELEMENTS(k); i++)
                truth_setc(tr, c, k[i], "0");
        }
    } else {
        sdp = sdp_image(&x, 0);
        response(&x, t + FAXGEN_MS(60), FALSE, 200, "OK", br, cseq_b, "INVITE", TRUE, sdp);
        g_free(sdp);
        g_free(br);
        br = new_branch(&x);
        request(&x, t + FAXGEN_MS(70), FALSE, "ACK", br, cseq_b, TRUE, NULL);
        g_free(br);
        truth_setc(tr, c, "t38", "accepted");
        truth_setc(tr, c, "t38_status", "200");
        {
            char *tiff = g_strdup_printf("%s/call%d-%s.tif", tmpdir, c, spec->name);

            if (tiff_pages_write(tiff, spec->pages, spec->fine, 0xC0FFEEu + (uint32_t)c) < 0)
                g_printerr("faxgen: cannot write %s\n", tiff);
            t_end = fax_sim_run(spec, addr, t + FAXGEN_MS(100), cap, tr, tiff, cut_window);
            remove(tiff);
            g_free(tiff);
        }
    }
    cseq_b++;

bye:
    /* BYE -> 200 */
    t_end += FAXGEN_MS(500);
    br = new_branch(&x);
    if (bye_from_a) {
        request(&x, t_end, TRUE, "BYE", br, cseq_a, TRUE, NULL);
        response(&x, t_end + FAXGEN_MS(12), TRUE, 200, "OK", br, cseq_a, "BYE", TRUE, NULL);
    } else {
        request(&x, t_end, FALSE, "BYE", br, cseq_b, TRUE, NULL);
        response(&x, t_end + FAXGEN_MS(12), FALSE, 200, "OK", br, cseq_b, "BYE", TRUE, NULL);
    }
    g_free(br);
    truth_setc(tr, c, "bye_from", "%s", bye_from_a ? "caller" : "callee");
    truth_setc(tr, c, "end_us", "%" G_GUINT64_FORMAT, t_end + FAXGEN_MS(12) - FAXGEN_EPOCH_US);
    if (spec->cut) {
        /* a capture started late and stopped early: no SIP, no RTP, only
         * the T.38 of the window (first DCS .. end of page 1's data) */
        capture_keep_window(cap, addr->ip_a, addr->ip_b, cut_window[0], cut_window[1]);
        truth_setc(tr, c, "capture_phases", "B,C");
        truth_setc(tr, c, "capture_sip", "none");
        truth_setc(tr, c, "visible_result", "incomplete");
    }
    if (spec->capture_dirs != 0)
        truth_setc(tr, c, "visible_result", "unknown");
    if (spec->no_signalling) {
        /* a capture filter on the media: the UDPTL only, the whole of it */
        capture_keep_ports(cap, addr->ip_a, addr->ip_b, addr->t38_a, addr->t38_b);
        truth_setc(tr, c, "capture_sip", "none");
    }
}
