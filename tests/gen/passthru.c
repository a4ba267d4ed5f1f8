/* faxgen: fax over G.711 pass-through.  Two spandsp 0.0.6 audio fax
 * terminals (fax_state_t: V.21, V.27ter, V.29, V.17 modems and T.30) run back
 * to back; every 20 ms each one's samples are G.711-encoded (PCMU or PCMA),
 * sent as one RTP packet (RFC 3550/3551) and decoded again for the other
 * terminal, so both hear exactly what is in the capture.  Seeded loss drops
 * packets from the capture and gives the receiving terminal silence instead.
 * The truth lists the T.30 frames each terminal sent, in order.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "faxgen.h"

#include <glib/gstdio.h>
#include <string.h>
#include <spandsp.h>

#define STEP_US 20000u
#define STEP_SAMPLES 160
#define TAIL_US 1000000u

typedef struct {
    fax_state_t *fax;
    t30_state_t *t30;
    gboolean done;
    uint64_t done_us;
    int completion;
    GString *frames;      /* "DCS,CFR,..." sent by this terminal */
    GString *phase_d;
    t30_stats_t stats;
} pt_side;

typedef struct {
    const call_spec *spec;
    pt_side s[2];          /* 0 = caller (sends the TIFF), 1 = callee */
    GString *ladder;       /* "A:DIS,B:DCS,..." both, in time order */
} pt_sim;

static void rt_frame(t30_state_t *t30, void *user, int incoming, const uint8_t *msg, int len)
{
    pt_sim *m = user;
    int who = t30 == m->s[0].t30 ? 0 : 1;
    const char *name;

    if (incoming || len < 3)
        return;
    name = t30_frametype(msg[2]);
    if (name == NULL || strcmp(name, "FCD") == 0 || strcmp(name, "RCP") == 0)
        return;   /* ECM image frames go at high speed, not on V.21 */
    g_string_append_printf(m->s[who].frames, "%s%s", m->s[who].frames->len ? "," : "", name);
    g_string_append_printf(m->ladder, "%s%c:%s", m->ladder->len ? "," : "", who ? 'B' : 'A', name);
}

static int phase_d(t30_state_t *t30, void *user, int result)
{
    pt_side *sd = user;
    const char *n = t30_frametype((uint8_t)result);

    (void)t30;
    g_string_append_printf(sd->phase_d, "%s%s", sd->phase_d->len ? "," : "", n ? n : "?");
    return T30_ERR_OK;
}

static void phase_e(t30_state_t *t30, void *user, int completion_code)
{
    pt_side *sd = user;

    sd->completion = completion_code;
    sd->done = TRUE;
    t30_get_transfer_statistics(t30, &sd->stats);
}

static void side_init(pt_sim *m, int who, const call_addr *addr, const char *tiff, const char *rx_file)
{
    pt_side *sd = &m->s[who];

    sd->fax = fax_init(NULL, who == 0);
    sd->t30 = fax_get_t30_state(sd->fax);
    sd->frames = g_string_new(NULL);
    sd->phase_d = g_string_new(NULL);
    fax_set_transmit_on_idle(sd->fax, TRUE);
    t30_set_tx_ident(sd->t30, who == 0 ? addr->tsi : addr->csi);
    t30_set_ecm_capability(sd->t30, m->spec->ecm);
    t30_set_supported_modems(sd->t30, T30_SUPPORT_V27TER | T30_SUPPORT_V29 | T30_SUPPORT_V17);
    t30_set_supported_compressions(sd->t30, T30_SUPPORT_T4_1D_COMPRESSION | T30_SUPPORT_T4_2D_COMPRESSION
                                                | (m->spec->ecm ? T30_SUPPORT_T6_COMPRESSION : 0));
    t30_set_phase_d_handler(sd->t30, phase_d, sd);
    t30_set_phase_e_handler(sd->t30, phase_e, sd);
    t30_set_real_time_frame_handler(sd->t30, rt_frame, m);
    if (who == 0)
        t30_set_tx_file(sd->t30, tiff, -1, -1);
    else
        t30_set_rx_file(sd->t30, rx_file, -1);
}

static void rtp_packet(capture *cap, uint64_t t, const call_addr *a, int side, uint8_t pt, uint16_t *seq,
                       uint32_t *ts, uint32_t ssrc, const uint8_t *payload, gboolean send)
{
    uint8_t pkt[12 + STEP_SAMPLES];

    pkt[0] = 0x80;
    pkt[1] = pt;
    pkt[2] = (uint8_t)(*seq >> 8);
    pkt[3] = (uint8_t)*seq;
    pkt[4] = (uint8_t)(*ts >> 24);
    pkt[5] = (uint8_t)(*ts >> 16);
    pkt[6] = (uint8_t)(*ts >> 8);
    pkt[7] = (uint8_t)*ts;
    pkt[8] = (uint8_t)(ssrc >> 24);
    pkt[9] = (uint8_t)(ssrc >> 16);
    pkt[10] = (uint8_t)(ssrc >> 8);
    pkt[11] = (uint8_t)ssrc;
    memcpy(pkt + 12, payload, STEP_SAMPLES);
    (*seq)++;
    *ts += STEP_SAMPLES;
    if (!send)
        return;
    if (side == 0)
        capture_add(cap, t, a->ip_a, a->rtp_a, a->ip_b, a->rtp_b, pkt, sizeof pkt);
    else
        capture_add(cap, t, a->ip_b, a->rtp_b, a->ip_a, a->rtp_a, pkt, sizeof pkt);
}

uint64_t passthru_run(const call_spec *spec, const call_addr *addr, uint64_t t0_us, capture *cap,
                      truth *tr, const char *tiff_path, uint16_t seq[2], uint32_t ts[2],
                      const uint32_t ssrc[2])
{
    pt_sim m;
    char *rx_file = g_strdup_printf("%s.rx.tif", tiff_path);
    int c = addr->index;
    int i, k;
    uint64_t now = t0_us;
    uint32_t rng = spec->seed ? spec->seed : 1u;
    uint8_t pt = spec->pcma ? 8 : 0;
    guint lost[2] = { 0, 0 };
    int pages_confirmed = 0;
    gchar **parts;

    memset(&m, 0, sizeof m);
    m.spec = spec;
    m.ladder = g_string_new(NULL);
    side_init(&m, 0, addr, tiff_path, rx_file);
    side_init(&m, 1, addr, tiff_path, rx_file);

    for (;;) {
        int16_t amp[2][STEP_SAMPLES];
        uint8_t code[2][STEP_SAMPLES];
        gboolean all_done = TRUE;

        for (i = 0; i < 2; i++) {
            int n = fax_tx(m.s[i].fax, amp[i], STEP_SAMPLES);

            for (k = n < 0 ? 0 : n; k < STEP_SAMPLES; k++)
                amp[i][k] = 0;
            for (k = 0; k < STEP_SAMPLES; k++)
                code[i][k] = spec->pcma ? linear_to_alaw(amp[i][k]) : linear_to_ulaw(amp[i][k]);
        }
        for (i = 0; i < 2; i++) {
            /* the two streams are not in phase: B's packets 7 ms later */
            gboolean drop = spec->loss > 0.0
                            && (double)(faxgen_rand(&rng) % 1000000u) < spec->loss * 1000000.0;
            int16_t heard[STEP_SAMPLES];

            if (drop)
                lost[i]++;
            rtp_packet(cap, now + (i ? 7000u : 0u), addr, i, pt, &seq[i], &ts[i], ssrc[i], code[i], !drop);
            for (k = 0; k < STEP_SAMPLES; k++)
                heard[k] = drop ? 0 : spec->pcma ? alaw_to_linear(code[i][k]) : ulaw_to_linear(code[i][k]);
            fax_rx(m.s[1 - i].fax, heard, STEP_SAMPLES);
        }
        for (i = 0; i < 2; i++) {
            pt_side *sd = &m.s[i];

            if (sd->done && sd->done_us == 0)
                sd->done_us = now;
            if (!sd->done || now < sd->done_us + TAIL_US)
                all_done = FALSE;
        }
        now += STEP_US;
        if (all_done || (spec->max_fax_us && now >= t0_us + spec->max_fax_us))
            break;
    }

    parts = g_strsplit(m.s[0].phase_d->str, ",", -1);
    for (i = 0; parts[i] != NULL; i++)
        if (strcmp(parts[i], "MCF") == 0 || strcmp(parts[i], "RTP") == 0 || strcmp(parts[i], "PIP") == 0)
            pages_confirmed++;
    g_strfreev(parts);
    for (i = 0; i < 2; i++) {
        pt_side *sd = &m.s[i];
        const char *who = i == 0 ? "tx" : "rx";
        char key[64];

        if (!sd->done)
            t30_get_transfer_statistics(sd->t30, &sd->stats);
        g_snprintf(key, sizeof key, "%s.frames", who);
        truth_setc(tr, c, key, "%s", sd->frames->len ? sd->frames->str : "none");
        g_snprintf(key, sizeof key, "%s.phase_e", who);
        truth_setc(tr, c, key, "%s", sd->done ? t30_completion_code_to_str(sd->completion) : "not_reached");
        g_snprintf(key, sizeof key, "%s.phase_e_code", who);
        truth_setc(tr, c, key, "%d", sd->done ? sd->completion : -1);
        g_snprintf(key, sizeof key, "%s.bit_rate", who);
        truth_setc(tr, c, key, "%d", sd->stats.bit_rate);
        g_snprintf(key, sizeof key, "%s.pages", who);
        truth_setc(tr, c, key, "%d", i == 0 ? sd->stats.pages_tx : sd->stats.pages_rx);
        g_snprintf(key, sizeof key, "%s.ecm_used", who);
        truth_setc(tr, c, key, "%s", sd->stats.error_correcting_mode ? "yes" : "no");
    }
    truth_setc(tr, c, "t30_frames", "%s", m.ladder->str);
    truth_setc(tr, c, "media", "%s", spec->pcma ? "PCMA" : "PCMU");
    truth_setc(tr, c, "rtp_lost_ab", "%u", lost[0]);
    truth_setc(tr, c, "rtp_lost_ba", "%u", lost[1]);
    truth_setc(tr, c, "pages_in_file", "%d", spec->pages);
    truth_setc(tr, c, "pages_confirmed", "%d", pages_confirmed);
    truth_setc(tr, c, "ecm", "%s", spec->ecm ? "yes" : "no");
    truth_setc(tr, c, "fax_start_us", "%" G_GUINT64_FORMAT, t0_us - FAXGEN_EPOCH_US);
    truth_setc(tr, c, "result", "%s",
               m.s[0].done && m.s[0].completion == T30_ERR_OK && pages_confirmed >= spec->pages ? "success"
               : pages_confirmed > 0 ? "partial" : "failed");

    for (i = 0; i < 2; i++) {
        fax_free(m.s[i].fax);
        g_string_free(m.s[i].frames, TRUE);
        g_string_free(m.s[i].phase_d, TRUE);
    }
    g_string_free(m.ladder, TRUE);
    g_unlink(rx_file);
    g_free(rx_file);
    return now;
}
