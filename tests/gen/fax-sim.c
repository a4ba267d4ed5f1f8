/* faxgen: the T.38 part of a call: two spandsp 0.0.6 t38_terminal's (caller
 * sends a TIFF, callee receives), time driven in 20 ms steps, their IFPs
 * carried by the simulated link, their outcome written as truth.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "faxgen.h"
#include "link.h"

#include <glib/gstdio.h>
#include <string.h>
#include <spandsp.h>

#define STEP_US 20000u
#define STEP_SAMPLES 160
#define TAIL_US 1000000u /* keep running this long after both phase E */

typedef struct {
    t38_terminal_state_t *term;
    t30_state_t *t30;
    t38_core_state_t *core;
    gboolean alive;
    gboolean done;
    uint64_t done_us;
    int completion;
    GString *phase_d; /* FCFs reported by phase D, in order */
    int phase_b_count;
    t30_stats_t stats;
    char rx_ident[T30_MAX_IDENT_LEN + 1];
    char vendor_model[64];
} side;

typedef struct {
    const call_spec *spec;
    fax_link *link;
    side s[2]; /* 0 = caller (A, transmits), 1 = callee (B, receives) */
    uint64_t now_us;
} sim;

static const char *fcf_name(int fcf)
{
    switch (fcf & 0xFE) {
    case T30_MCF: return "MCF";
    case T30_RTN: return "RTN";
    case T30_RTP: return "RTP";
    case T30_PIP: return "PIP";
    case T30_PIN: return "PIN";
    case T30_MPS: return "MPS";
    case T30_EOP: return "EOP";
    case T30_EOM: return "EOM";
    case T30_PPS: return "PPS";
    case T30_PPR: return "PPR";
    case T30_RNR: return "RNR";
    case T30_DCN: return "DCN";
    case T30_CTC: return "CTC";
    default: break;
    }
    switch (fcf) {
    case T30_PRI_MPS: return "PRI-MPS";
    case T30_PRI_EOP: return "PRI-EOP";
    case T30_PRI_EOM: return "PRI-EOM";
    default: break;
    }
    return NULL;
}

static int tx_handler(t38_core_state_t *core, void *user, const uint8_t *buf, int len, int count)
{
    sim *m = user;
    int dir = (core == m->s[0].core) ? LINK_AB : LINK_BA;

    if (len > 0)
        fax_link_send(m->link, dir, buf, (size_t)len, count, m->now_us);
    return 0;
}

static void deliver(void *user, int dir, const uint8_t *ifp, size_t len, uint16_t seq)
{
    sim *m = user;
    side *to = &m->s[dir == LINK_AB ? 1 : 0];

    if (to->alive)
        t38_core_rx_ifp_packet(to->core, ifp, (int)len, seq);
}

static int phase_b(t30_state_t *t30, void *user, int result)
{
    side *sd = user;

    (void)t30;
    (void)result;
    sd->phase_b_count++;
    return T30_ERR_OK;
}

static int phase_d(t30_state_t *t30, void *user, int result)
{
    side *sd = user;
    const char *n = fcf_name(result);
    char buf[16];

    (void)t30;
    if (n == NULL) {
        g_snprintf(buf, sizeof buf, "0x%02X", result & 0xFF);
        n = buf;
    }
    g_string_append_printf(sd->phase_d, "%s%s", sd->phase_d->len ? "," : "", n);
    return T30_ERR_OK;
}

static void phase_e(t30_state_t *t30, void *user, int completion_code)
{
    side *sd = user;
    const char *id;

    sd->completion = completion_code;
    sd->done = TRUE;
    t30_get_transfer_statistics(t30, &sd->stats);
    id = t30_get_rx_ident(t30);
    g_strlcpy(sd->rx_ident, id ? id : "", sizeof sd->rx_ident);
}

static void side_init(sim *m, side *sd, int calling, const call_addr *addr, const char *tiff,
                      const char *rx_file)
{
    const call_spec *spec = m->spec;

    sd->term = t38_terminal_init(NULL, calling, tx_handler, m);
    sd->t30 = t38_terminal_get_t30_state(sd->term);
    sd->core = t38_terminal_get_t38_core_state(sd->term);
    sd->alive = TRUE;
    sd->phase_d = g_string_new(NULL);
    t38_set_t38_version(sd->core, 0);
    /* T.38 8.x: repeated indicator packets (same sequence number) */
    t38_set_redundancy_control(sd->core, T38_PACKET_CATEGORY_INDICATOR, spec->redundancy > 0 ? 1 : 3);
    t38_set_redundancy_control(sd->core, T38_PACKET_CATEGORY_CONTROL_DATA, 1);
    t38_set_redundancy_control(sd->core, T38_PACKET_CATEGORY_CONTROL_DATA_END, 1);
    t38_set_redundancy_control(sd->core, T38_PACKET_CATEGORY_IMAGE_DATA, 1);
    t38_set_redundancy_control(sd->core, T38_PACKET_CATEGORY_IMAGE_DATA_END, 1);
    t38_set_max_datagram_size(sd->core, 400);
    t38_set_max_buffer_size(sd->core, 2000);
    t38_set_data_rate_management_method(sd->core, T38_DATA_RATE_MANAGEMENT_TRANSFERRED_TCF);
    t38_set_fastest_image_data_rate(sd->core, 14400);
    t30_set_tx_ident(sd->t30, calling ? addr->tsi : addr->csi);
    t30_set_ecm_capability(sd->t30, spec->ecm);
    t30_set_supported_modems(sd->t30, T30_SUPPORT_V27TER | T30_SUPPORT_V29 | T30_SUPPORT_V17);
    t30_set_supported_compressions(sd->t30, T30_SUPPORT_T4_1D_COMPRESSION | T30_SUPPORT_T4_2D_COMPRESSION
                                                | (spec->ecm ? T30_SUPPORT_T6_COMPRESSION : 0));
    t30_set_phase_b_handler(sd->t30, phase_b, sd);
    t30_set_phase_d_handler(sd->t30, phase_d, sd);
    t30_set_phase_e_handler(sd->t30, phase_e, sd);
    if (calling)
        t30_set_tx_file(sd->t30, tiff, -1, -1);
    else
        t30_set_rx_file(sd->t30, rx_file, -1);
}

static const char *completion_name(int c)
{
    return t30_completion_code_to_str(c);
}

/* A stable token for a T.30 completion code (spandsp T30_ERR_*). */
static const char *completion_slug(int c)
{
    switch (c) {
    case T30_ERR_OK: return "ok";
    case T30_ERR_T0_EXPIRED: return "t0_timeout";
    case T30_ERR_T1_EXPIRED: return "t1_timeout";
    case T30_ERR_T3_EXPIRED: return "t3_timeout";
    case T30_ERR_CANNOT_TRAIN: return "training_failed";
    case T30_ERR_INCOMPATIBLE: return "incompatible";
    case T30_ERR_UNEXPECTED: return "unexpected_message";
    case T30_ERR_TX_BADDCS: return "tx_bad_dcs_response";
    case T30_ERR_TX_BADPG: return "tx_dcn_after_page";
    case T30_ERR_TX_ECMPHD: return "tx_ecm_phase_d";
    case T30_ERR_TX_INVALRSP: return "tx_invalid_response";
    case T30_ERR_TX_PHBDEAD: return "tx_no_response_phase_b";
    case T30_ERR_TX_PHDDEAD: return "tx_no_response_phase_d";
    case T30_ERR_TX_T5EXP: return "tx_t5_timeout";
    case T30_ERR_RX_NOCARRIER: return "rx_no_carrier";
    case T30_ERR_RX_T2EXPDCN: return "rx_t2_timeout_dcn";
    case T30_ERR_RX_T2EXPD: return "rx_t2_timeout_phase_d";
    case T30_ERR_RX_T2EXPFAX: return "rx_t2_timeout_page";
    case T30_ERR_RX_T2EXPMPS: return "rx_t2_timeout_next_page";
    case T30_ERR_RX_T2EXP: return "rx_t2_timeout";
    case T30_ERR_RX_DCNDATA: return "rx_dcn_in_data";
    case T30_ERR_RX_DCNFAX: return "rx_dcn_in_page";
    case T30_ERR_RETRYDCN: return "retry_dcn";
    case T30_ERR_CALLDROPPED: return "call_dropped";
    default: return "t30_error";
    }
}

static int gw_indicator(t38_core_state_t *s, void *user, int indicator)
{
    (void)s;
    (void)user;
    (void)indicator;
    return 0;
}

static int gw_data(t38_core_state_t *s, void *user, int data_type, int field_type, const uint8_t *buf, int len)
{
    (void)s;
    (void)user;
    (void)data_type;
    (void)field_type;
    (void)buf;
    (void)len;
    return 0;
}

static int gw_missing(t38_core_state_t *s, void *user, int rx_seq_no, int expected_seq_no)
{
    (void)s;
    (void)user;
    (void)rx_seq_no;
    (void)expected_seq_no;
    return 0;
}

#define NO_DIS_CED_AT_US 200000u   /* the called gateway hears CED 0.2 s in */
#define NO_DIS_CED_LEN_US 3000000u /* T.30 5.3.1.1 / 6.2.4: CED lasts 2.6-4 s */

uint64_t fax_sim_run(const call_spec *spec, const call_addr *addr, uint64_t t0_us,
                     capture *cap, truth *tr, const char *tiff_path, uint64_t cut_window[2])
{
    t38_core_state_t *gw = NULL;
    int ced_seq = -1;
    sim m;
    char *rx_file = g_strdup_printf("%s.rx.tif", tiff_path);
    int c = addr->index;
    int i;
    uint64_t end_us;
    int pages_confirmed = 0;
    int rtn = 0;
    int rtp = 0;
    const char *result;
    const char *reason;
    gchar **parts;

    memset(&m, 0, sizeof m);
    m.spec = spec;
    m.now_us = t0_us;
    m.link = fax_link_new(spec, addr, cap);
    side_init(&m, &m.s[0], TRUE, addr, tiff_path, rx_file);
    side_init(&m, &m.s[1], FALSE, addr, tiff_path, rx_file);
    if (spec->caller_dead)
        m.s[0].alive = FALSE;
    if (spec->callee_no_dis) {
        /* The called side is a gateway whose fax machine answered with CED
         * and then never sent DIS (a fax machine that hung, a modem that is
         * no fax). A bare t38_core plays that gateway: it sends the CED
         * indicator and, when the tone ends, no-signal, then nothing; the
         * called t38_terminal is never run, so no T.30 frame leaves B.
         * The calling terminal runs alone (CNG, then waits for DIS until
         * spandsp's own T1 gives up). */
        m.s[1].alive = FALSE;
        gw = t38_core_init(NULL, gw_indicator, gw_data, gw_missing, NULL, tx_handler, &m);
        t38_set_t38_version(gw, 0);
        t38_set_redundancy_control(gw, T38_PACKET_CATEGORY_INDICATOR, spec->redundancy > 0 ? 1 : 3);
    }

    for (;;) {
        gboolean all_done = TRUE;

        fax_link_tick(m.link, m.now_us, deliver, &m);
        if (gw != NULL && m.now_us == t0_us + NO_DIS_CED_AT_US) {
            ced_seq = t38_core_send_indicator(gw, T38_IND_CED) >= 0 ? 0 : -1;
            truth_setc(tr, c, "ced_us", "%" G_GUINT64_FORMAT, m.now_us + 20000u - FAXGEN_EPOCH_US);
        }
        if (gw != NULL && m.now_us == t0_us + NO_DIS_CED_AT_US + NO_DIS_CED_LEN_US)
            t38_core_send_indicator(gw, T38_IND_NO_SIGNAL);
        for (i = 0; i < 2; i++) {
            side *sd = &m.s[i];

            if (!sd->alive)
                continue;
            if (!sd->done)
                t38_terminal_send_timeout(sd->term, STEP_SAMPLES);
            if (sd->done && sd->done_us == 0)
                sd->done_us = m.now_us;
            if (!sd->done || m.now_us < sd->done_us + TAIL_US)
                all_done = FALSE;
        }
        if (all_done)
            break;
        if (spec->max_fax_us && m.now_us >= t0_us + spec->max_fax_us)
            break;
        m.now_us += STEP_US;
    }
    end_us = m.now_us;
    fax_link_tick(m.link, end_us + 1000000u, deliver, &m);
    fax_link_finish(m.link, tr, c);
    if (spec->cut && !fax_link_cut_window(m.link, &cut_window[0], &cut_window[1]))
        cut_window[0] = cut_window[1] = 0;
    if (gw != NULL) {
        truth_setc(tr, c, "ced_seq", "%d", ced_seq);
        t38_core_free(gw);
    }

    /* The transmitter's phase D results are the receiver's answers to its
     * post-page commands (T.30 5.3.6.1.4). */
    parts = g_strsplit(m.s[0].phase_d->str, ",", -1);
    for (i = 0; parts[i] != NULL; i++) {
        /* T.30 5.3.6.1.4: MCF, RTP and PIP all confirm the page */
        if (strcmp(parts[i], "MCF") == 0 || strcmp(parts[i], "RTP") == 0 || strcmp(parts[i], "PIP") == 0)
            pages_confirmed++;
        if (strcmp(parts[i], "RTP") == 0)
            rtp++;
        else if (strcmp(parts[i], "RTN") == 0)
            rtn++;
    }
    g_strfreev(parts);
    if (!m.s[0].done)
        t30_get_transfer_statistics(m.s[0].t30, &m.s[0].stats);
    if (!m.s[1].done)
        t30_get_transfer_statistics(m.s[1].t30, &m.s[1].stats);

    for (i = 0; i < 2; i++) {
        side *sd = &m.s[i];
        const char *who = i == 0 ? "tx" : "rx";
        char key[64];

        g_snprintf(key, sizeof key, "%s.alive", who);
        truth_setc(tr, c, key, "%s", sd->alive ? "yes" : "no");
        if (!sd->alive)
            continue;
        g_snprintf(key, sizeof key, "%s.phase_e", who);
        truth_setc(tr, c, key, "%s", sd->done ? completion_name(sd->completion) : "not_reached");
        g_snprintf(key, sizeof key, "%s.phase_e_reason", who);
        truth_setc(tr, c, key, "%s", sd->done ? completion_slug(sd->completion) : "not_reached");
        g_snprintf(key, sizeof key, "%s.phase_e_code", who);
        truth_setc(tr, c, key, "%d", sd->done ? sd->completion : -1);
        g_snprintf(key, sizeof key, "%s.phase_d", who);
        truth_setc(tr, c, key, "%s", sd->phase_d->len ? sd->phase_d->str : "none");
        g_snprintf(key, sizeof key, "%s.phase_b_count", who);
        truth_setc(tr, c, key, "%d", sd->phase_b_count);
        g_snprintf(key, sizeof key, "%s.bit_rate", who);
        truth_setc(tr, c, key, "%d", sd->stats.bit_rate);
        g_snprintf(key, sizeof key, "%s.pages", who);
        truth_setc(tr, c, key, "%d", i == 0 ? sd->stats.pages_tx : sd->stats.pages_rx);
        g_snprintf(key, sizeof key, "%s.remote_ident", who);
        truth_setc(tr, c, key, "%s", sd->rx_ident);
        g_snprintf(key, sizeof key, "%s.ecm_used", who);
        truth_setc(tr, c, key, "%s", sd->stats.error_correcting_mode ? "yes" : "no");
        if (i == 1) {
            truth_setc(tr, c, "rx.bad_rows", "%d", sd->stats.bad_rows);
            truth_setc(tr, c, "rx.longest_bad_row_run", "%d", sd->stats.longest_bad_row_run);
            truth_setc(tr, c, "rx.width", "%d", sd->stats.width);
            truth_setc(tr, c, "rx.length", "%d", sd->stats.length);
            truth_setc(tr, c, "rx.x_resolution", "%d", sd->stats.x_resolution);
            truth_setc(tr, c, "rx.y_resolution", "%d", sd->stats.y_resolution);
            truth_setc(tr, c, "rx.encoding", "%d", sd->stats.encoding);
        }
    }
    truth_setc(tr, c, "pages_in_file", "%d", spec->pages);
    truth_setc(tr, c, "pages_confirmed", "%d", pages_confirmed);
    truth_setc(tr, c, "rtn_count", "%d", rtn);
    truth_setc(tr, c, "rtp_count", "%d", rtp);
    truth_setc(tr, c, "ecm", "%s", spec->ecm ? "yes" : "no");
    truth_setc(tr, c, "fax_start_us", "%" G_GUINT64_FORMAT, t0_us - FAXGEN_EPOCH_US);

    if (spec->callee_no_dis) {
        /* the called side answered (CED) but never sent DIS */
        result = "failed";
        reason = "no_dis";
    } else if (spec->caller_dead) {
        /* the link kept the calling side silent: the called side's DIS
         * was never answered, whatever spandsp names its give-up */
        result = "failed";
        reason = "dis_unanswered";
    } else if (m.s[0].done && m.s[0].completion == T30_ERR_OK && pages_confirmed >= spec->pages) {
        result = "success";
        reason = "ok";
    } else {
        result = pages_confirmed > 0 ? "partial" : "failed";
        if (m.s[0].done && m.s[0].completion == T30_ERR_CANNOT_TRAIN)
            reason = "training_failed";
        else if (m.s[0].done && m.s[0].completion == T30_ERR_TX_PHBDEAD)
            reason = "dcs_unanswered"; /* "no response to DCS or TCF", in faxcalls' words */
        else if (rtn > 0)
            reason = "page_rejected";
        else if (m.s[0].done)
            reason = completion_slug(m.s[0].completion);
        else
            reason = "incomplete";
    }
    truth_setc(tr, c, "result", "%s", result);
    truth_setc(tr, c, "reason", "%s", reason);

    for (i = 0; i < 2; i++) {
        t38_terminal_free(m.s[i].term);
        g_string_free(m.s[i].phase_d, TRUE);
    }
    fax_link_free(m.link);
    g_unlink(rx_file);
    g_free(rx_file);
    return end_us;
}
