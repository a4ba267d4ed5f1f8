/* fax-text.c: plain-text fax reports.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-text.h"

#include <string.h>

#include "fax-audit.h"

#define RULE "===================================================================================================="

/* Seconds with a '.' whatever the locale. */
static const char *
secs(char *buf, gsize size, double v)
{
    return g_ascii_formatd(buf, (gint)size, "%.3f", v);
}

static const char *
or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static const char *
fcf_label(gint fcf)
{
    const char *n = fcf >= 0 ? t30_fcf_name(fcf) : NULL;
    return n ? n : "?";
}

void
fax_text_training_ladder(GString *out, const t30_summary *s)
{
    if (s->n_trainings == 0) {
        g_string_append(out, "-");
        return;
    }
    for (guint i = 0; i < s->n_trainings; i++) {
        const t30_training *tr = &s->trainings[i];
        const char *o = tr->outcome == T30_TRAIN_CFR ? "CFR"
                      : tr->outcome == T30_TRAIN_FTT ? "FTT"
                      : tr->outcome == T30_TRAIN_NO_ANSWER ? "no answer" : "pending";
        if (tr->rate)
            g_string_append_printf(out, "%s%u %s", i ? " \xC2\xB7 " : "", tr->rate, o);
        else if (tr->modem != FAX_MODEM_NONE)   /* NSS: the modem from its training */
            g_string_append_printf(out, "%s%s? %s", i ? " \xC2\xB7 " : "", fax_modem_name(tr->modem), o);
        else    /* NSS in G.711 audio: no DCS rate, no training indicator */
            g_string_append_printf(out, "%s? %s", i ? " \xC2\xB7 " : "", o);
    }
}

static void
header(GString *out, const char *title, guint n, const char *filter, const char *version)
{
    g_string_append_printf(out, "%s\n%s (faxcalls %s)\nFilter: %s\nFax calls: %u\n",
                           RULE, title, version, filter && *filter ? filter : "(none)", n);
}

static const char *
t38_label(const fax_call *c)
{
    if (c->origin == FAX_ORIGIN_UDPTL)
        return "no-sig";
    return fax_t38_state_name(c->t38);
}

static char
t38_version(const fax_call *c)
{
    const sdp_media *m = c->has_answer_sdp ? &c->answer_image : c->has_offer_sdp ? &c->offer_image : NULL;
    if (!m || m->t38_version < 0 || m->t38_version > 9)
        return '-';
    return (char)('0' + m->t38_version);
}

void
fax_text_stat(GString *out, fax_call *const *calls, guint n, double t0,
              const char *filter, const char *version)
{
    char b1[32], b2[32];
    header(out, "Fax Calls", n, filter, version);
    g_string_append_printf(out, "\n%-3s %9s %8s %-9s %-3s %6s %5s %4s %5s %5s %-3s %-10s %-18s %s\n",
                           "#", "Start(s)", "Dur(s)", "T.38", "Ver", "Rate", "Train", "FTT",
                           "Pages", "Conf", "ECM", "Result", "Reason", "Caller -> Callee / Call-ID");
    for (guint i = 0; i < n; i++) {
        const fax_call *c = calls[i];
        const t30_summary *s = t30_session_summary(c->session);
        char who[512];
        if (c->origin == FAX_ORIGIN_SIP && c->mid_call) {
            g_snprintf(who, sizeof who, "%s <-> %s  [%s] mid-call", or_dash(c->party[FAX_SIDE_A]),
                       or_dash(c->party[FAX_SIDE_B]), or_dash(c->call_id));
        } else if (c->origin == FAX_ORIGIN_SIP) {
            g_snprintf(who, sizeof who, "%s -> %s  [%s]", or_dash(c->caller), or_dash(c->callee),
                       or_dash(c->call_id));
        } else if (c->origin == FAX_ORIGIN_MGCP) {
            g_snprintf(who, sizeof who, "%s  [MGCP %s]", or_dash(c->party[FAX_SIDE_A]), or_dash(c->call_id));
        } else if (c->origin == FAX_ORIGIN_H323) {
            g_snprintf(who, sizeof who, "%s -> %s  [H.323 %s]", or_dash(c->caller), or_dash(c->callee),
                       or_dash(c->call_id));
        } else {
            char a[64], b[64];
            fax_endpoint_format(&c->seen_src[FAX_SIDE_A], a, sizeof a);
            fax_endpoint_format(&c->seen_src[FAX_SIDE_B], b, sizeof b);
            g_snprintf(who, sizeof who, "%s <-> %s  [no signalling]", a, b);
        }
        g_string_append_printf(out, "%-3u %9s %8s %-9s %-3c %6u %5u %4u %5u %5u %-3s %-10s %-18s %s\n",
                               c->id, secs(b1, sizeof b1, c->t_first - t0),
                               secs(b2, sizeof b2, c->t_last - c->t_first), t38_label(c),
                               t38_version(c), s->final_rate, s->n_trainings, s->ftt_count,
                               s->n_pages, s->pages_confirmed,
                               s->has_dcs ? (s->dcs.ecm ? "yes" : "no") : "-",
                               fax_result_name(c->result), or_dash(c->reason), who);
    }
    if (n) {
        g_string_append(out, "\nDiagnosis:\n");
        for (guint i = 0; i < n; i++)
            g_string_append_printf(out, "%-3u %s\n", calls[i]->id, or_dash(calls[i]->result_text));
    }
    g_string_append_printf(out, "%s\n", RULE);
}

/* ---- detailed report ---------------------------------------------------- */

static void
sdp_line(GString *out, const char *label, const sdp_media *m)
{
    char ep[80];
    fax_endpoint e = { m->conn.family, { 0 }, m->port };
    memcpy(e.addr, m->conn.bytes, sizeof e.addr);
    fax_endpoint_format(&e, ep, sizeof ep);
    g_string_append_printf(out, "  %-18s%s, T38FaxVersion %d, T38MaxBitRate %u, %s, T38FaxMaxDatagram %u, %s%s%s%s\n",
                           label, ep, m->t38_version, m->t38_max_bitrate, or_dash(m->t38_rate_mgmt),
                           m->t38_max_datagram, or_dash(m->t38_udp_ec),
                           m->t38_fill_bit_removal ? ", FillBitRemoval" : "",
                           m->t38_transcoding_mmr ? ", TranscodingMMR" : "",
                           m->t38_transcoding_jbig ? ", TranscodingJBIG" : "");
}

static void
udptl_line(GString *out, const fax_call *c, fax_side s)
{
    const char *label = s == FAX_SIDE_A ? "UDPTL A->B:" : "UDPTL B->A:";
    if (!c->stream[s]) {
        g_string_append_printf(out, "  %-18snone seen\n", label);
        return;
    }
    const t38_stream_stats *st = t38_stream_get_stats(c->stream[s]);
    char ep[80];
    fax_endpoint_format(&c->seen_src[s], ep, sizeof ep);
    g_string_append_printf(out, "  %-18s%u packets from %s (first frame %u), %u missing, %u recovered, "
                           "%u lost, %u duplicate, %u reordered, %u malformed, max datagram %u octets%s%s\n",
                           label, st->packets, ep, c->first_udptl_frame[s], st->missing, st->recovered,
                           st->lost, st->duplicates, st->reordered, st->malformed, st->max_datagram,
                           st->used_redundancy ? ", redundancy" : st->used_fec ? ", FEC" : "",
                           st->post_corrigendum ? ", post-corrigendum ASN.1" : "");
}

/* Where UDPTL loss of one direction fell: per T.30 phase and per page. */
static void
loss_line(GString *out, const fax_call *c, fax_side sd)
{
    if (!c->stream[sd])
        return;
    const t38_stream_stats *st = t38_stream_get_stats(c->stream[sd]);
    if (st->missing == 0 && st->wraps == 0)
        return;
    static const char *const ph[] = { "before T.30", "A", "B", "C", "D", "E" };
    g_string_append_printf(out, "  Loss %s:%*s%u missing = %u recovered + %u lost; %u wrap%s;", sd ? "B->A" : "A->B",
                           8, "", st->missing, st->recovered, st->lost, st->wraps, st->wraps == 1 ? "" : "s");
    for (guint p = 0; p < G_N_ELEMENTS(ph); p++) {
        const fax_loss *l = &c->loss_phase[sd][p];
        if (l->recovered + l->lost)
            g_string_append_printf(out, " phase %s %u/%u", ph[p], l->recovered, l->lost);
    }
    if (c->loss_page[sd])
        for (guint pg = 1; pg <= T30_MAX_PAGES; pg++) {
            const fax_loss *l = &c->loss_page[sd][pg];
            if (l->recovered + l->lost)
                g_string_append_printf(out, ", page %u %u/%u", pg, l->recovered, l->lost);
        }
    g_string_append(out, " (recovered/lost)\n");
}

static void
timing_line(GString *out, const fax_call *c, const t30_summary *s)
{
    char b[32];
    GString *tl = g_string_new(NULL);
    if (c->invite_frame && c->invite_ok_frame)
        g_string_append_printf(tl, "%sINVITE->200 %s s", tl->len ? ", " : "",
                               secs(b, sizeof b, c->t_invite_ok - c->t_invite));
    if (c->invite_frame && c->t38_offer_frame && c->t38_offer_frame != c->invite_frame)
        g_string_append_printf(tl, "%sINVITE->re-INVITE %s s", tl->len ? ", " : "",
                               secs(b, sizeof b, c->t_t38_offer - c->t_invite));
    if (c->t38_offer_frame && c->t38_answer_frame)
        g_string_append_printf(tl, "%sre-INVITE->answer %s s", tl->len ? ", " : "",
                               secs(b, sizeof b, c->t_t38_answer - c->t_t38_offer));
    double t_up = c->t38_answer_frame && c->t38 == FAX_T38_ACCEPTED ? c->t_t38_answer
                : c->invite_ok_frame ? c->t_invite_ok : 0;
    double t_udptl = 0;
    for (int sd = 0; sd < 2; sd++)
        if (c->first_udptl_frame[sd] && (t_udptl == 0 || c->t_first_udptl[sd] < t_udptl))
            t_udptl = c->t_first_udptl[sd];
    if (t_up > 0 && t_udptl > 0)
        g_string_append_printf(tl, "%s%s->first UDPTL %s s", tl->len ? ", " : "",
                               c->t38 == FAX_T38_ACCEPTED ? "200" : "INVITE 200",
                               secs(b, sizeof b, t_udptl - t_up));
    /* phases: when each first began, relative to the first of them */
    static const char *const pl[] = { "", "A", "B", "C", "D", "E" };
    double t_base = 0;
    for (int p = FAX_PHASE_A; p <= FAX_PHASE_E; p++)
        if (s->t_phase[p] != 0 && (t_base == 0 || s->t_phase[p] < t_base))
            t_base = s->t_phase[p];
    for (int p = FAX_PHASE_A; p <= FAX_PHASE_E; p++)
        if (s->t_phase[p] != 0)
            g_string_append_printf(tl, "%sphase %s at +%s s", tl->len ? ", " : "", pl[p],
                                   secs(b, sizeof b, s->t_phase[p] - t_base));
    if (t_base != 0 && s->t_last > t_base)
        g_string_append_printf(tl, "%sT.30 lasted %s s", tl->len ? ", " : "",
                               secs(b, sizeof b, s->t_last - t_base));
    if (tl->len)
        g_string_append_printf(out, "  %-18s%s\n", "Timing:", tl->str);
    if (c->max_gap_frame) {
        /* T.30 5.4.3.1: T1 35 s, T2 6 s, T4 3 s, T5 60 s */
        const char *cmp = c->max_gap > 60.0 ? "over T5 (60 s)" : c->max_gap > 35.0 ? "over T1 (35 s)"
                        : c->max_gap > 6.0 ? "over T2 (6 s)" : c->max_gap > 3.0 ? "over T4 (3 s)"
                        : "within T4 (3 s)";
        g_string_append_printf(out, "  %-18s%s s before frame %u, %s\n", "Longest silence:",
                               secs(b, sizeof b, c->max_gap), c->max_gap_frame, cmp);
    }
    g_string_free(tl, TRUE);
}

static void
audit_lines(GString *out, const fax_call *c)
{
    fax_audit_item items[FAX_AUDIT_MAX];
    guint n = fax_audit_call(c, items, FAX_AUDIT_MAX);
    for (guint i = 0; i < n; i++)
        g_string_append_printf(out, "  %-18s%s%s\n", i == 0 ? "SDP audit:" : "",
                               items[i].mismatch ? "MISMATCH " : "", items[i].text);
}

static void
side_lines(GString *out, const t30_summary *s, fax_side side)
{
    const t30_side_info *si = &s->side[side];
    if (!si->seen)
        return;
    const char *sn = fax_side_name(side);
    if (si->ident_fcf >= 0)
        g_string_append_printf(out, "  %-18s%s \"%s\"\n", side == FAX_SIDE_A ? "Identity A:" : "Identity B:",
                               fcf_label(si->ident_fcf), si->ident);
    if (si->has_nsf) {
        const char *country = t30_country_name(si->nsf_country);
        g_string_append_printf(out, "  NSF %s:%*scountry 0x%02X (%s)", sn, 12, "", si->nsf_country,
                               country ? country : "unknown");
        if (si->nsf_vendor_valid)
            g_string_append_printf(out, ", vendor 0x%04X", si->nsf_vendor);
        g_string_append_c(out, '\n');
    }
    if (si->has_dis) {
        char caps[160];
        t30_caps_format(&si->dis, caps, sizeof caps);
        g_string_append_printf(out, "  DIS %s:%*s%s (sent %u time%s, last frame %u)\n", sn, 12, "", caps,
                               si->dis_count, si->dis_count == 1 ? "" : "s", si->dis_frame);
    }
}

static void
pages_table(GString *out, const t30_summary *s)
{
    char b1[32];
    if (s->n_pages == 0)
        return;
    g_string_append_printf(out, "  Pages:\n    %-4s %6s %-3s %-15s %8s %8s %5s %-14s %-14s %s\n", "Page", "Rate",
                           "ECM", "Data frames", "Octets", "Dur(s)", "Lost", "Command", "Answer", "Status");
    for (guint i = 0; i < s->n_pages; i++) {
        const t30_page *p = &s->pages[i];
        char frames[40], cmd[40], ans[40], ecm[224] = "";
        g_snprintf(frames, sizeof frames, "%u-%u", p->first_frame, p->last_frame);
        if (p->cmd_fcf >= 0) {
            if (p->cmd_pps_fcf >= 0)
                g_snprintf(cmd, sizeof cmd, "PPS-%s@%u", p->cmd_pps_fcf == 0 ? "NULL" : fcf_label(p->cmd_pps_fcf),
                           p->cmd_frame);
            else
                g_snprintf(cmd, sizeof cmd, "%s@%u", fcf_label(p->cmd_fcf), p->cmd_frame);
        } else
            g_strlcpy(cmd, "-", sizeof cmd);
        if (p->answer_fcf >= 0)
            g_snprintf(ans, sizeof ans, "%s@%u", fcf_label(p->answer_fcf), p->answer_frame);
        else
            g_strlcpy(ans, "-", sizeof ans);
        if (p->ecm) {
            /* the T.30 A.5 exchanges and the retransmission time only when they happened */
            const struct { const char *name; guint n; } more[] = {
                { "CTR", p->ctr_count }, { "RR", p->rr_count }, { "RNR", p->rnr_count },
                { "EOR", p->eor_count }, { "ERR", p->err_count },
            };
            gsize at = (gsize)g_snprintf(ecm, sizeof ecm, " (blocks %u, frames %u, PPR %u, resent %u, CTC %u",
                                         p->blocks, p->ecm_frames, p->ppr_count, p->frames_resent, p->ctc_count);
            for (guint k = 0; k < G_N_ELEMENTS(more); k++)
                if (more[k].n && at < sizeof ecm)
                    at += (gsize)g_snprintf(ecm + at, sizeof ecm - at, ", %s %u", more[k].name, more[k].n);
            if (p->ecm_retx_time > 0 && at < sizeof ecm)
                at += (gsize)g_snprintf(ecm + at, sizeof ecm - at, ", retransmission %s s",
                                        secs(b1, sizeof b1, p->ecm_retx_time));
            if (at < sizeof ecm)
                g_strlcpy(ecm + at, ")", sizeof ecm - at);
        }
        g_string_append_printf(out, "    %-4u %6u %-3s %-15s %8u %8s %5u %-14s %-14s %s%s%s\n", p->number, p->rate,
                               p->ecm ? "yes" : "no", frames, p->bytes, secs(b1, sizeof b1, p->t_end - p->t_start),
                               p->packets_lost, cmd, ans,
                               p->confirmed ? "confirmed" : p->rejected ? "rejected" : "unconfirmed",
                               p->cmd_repeats ? " (command repeated)" : "", ecm);
    }
}

/* T.30 Annex A: one line per ECM block, then one per PPR round with the
 * frame numbers asked for again. */
static void
ecm_tables(GString *out, const t30_summary *s)
{
    char b1[32], ans[40], fr[40];
    if (s->n_ecm_blocks == 0)
        return;
    g_string_append_printf(out, "  ECM blocks:\n    %-4s %5s %6s %5s %6s %4s %7s %7s %7s %10s %-15s %s\n", "Page", "Block",
                           "Frames", "Sent", "Resent", "PPR", "CTC/CTR", "RR/RNR", "EOR/ERR", "Retrans(s)", "Span",
                           "Answer");
    for (guint i = 0; i < s->n_ecm_blocks; i++) {
        const t30_ecm_block *b = &s->ecm_blocks[i];
        char cc[16], rr[16], ee[16];
        g_snprintf(cc, sizeof cc, "%u/%u", b->ctc, b->ctr);
        g_snprintf(rr, sizeof rr, "%u/%u", b->rr, b->rnr);
        g_snprintf(ee, sizeof ee, "%u/%u", b->eor, b->err);
        g_snprintf(fr, sizeof fr, "%u-%u", b->first_frame, b->last_frame);
        if (b->answer_fcf >= 0)
            g_snprintf(ans, sizeof ans, "%s@%u", fcf_label(b->answer_fcf), b->answer_frame);
        else
            g_strlcpy(ans, "-", sizeof ans);
        g_string_append_printf(out, "    %-4u %5u %6u %5u %6u %4u %7s %7s %7s %10s %-15s %s\n", b->page, b->block,
                               b->pps_frames, b->frames_sent, b->frames_resent, b->ppr_rounds, cc, rr, ee,
                               secs(b1, sizeof b1, b->retx_time), fr, ans);
    }
    if (s->n_ppr_rounds == 0)
        return;
    g_string_append_printf(out, "  PPR rounds:\n    %-4s %5s %5s %8s %9s %6s %s\n", "Page", "Block", "Round", "Frame",
                           "Requested", "Resent", "Frame numbers");
    for (guint i = 0; i < s->n_ppr_rounds; i++) {
        const t30_ppr_round *r = &s->ppr_rounds[i];
        GString *nums = g_string_new(NULL);
        for (guint k = 0; k < r->n_listed && k < T30_PPR_LIST; k++)
            g_string_append_printf(nums, "%s%u", k ? ", " : "", r->frames[k]);
        if (r->requested > r->n_listed)
            g_string_append_printf(nums, "%s... (%u more)", nums->len ? ", " : "", r->requested - r->n_listed);
        g_string_append_printf(out, "    %-4u %5u %5u %8u %9u %6u %s\n", r->page, r->block, r->round, r->ppr_frame,
                               r->requested, r->resent, nums->len ? nums->str : "-");
        g_string_free(nums, TRUE);
    }
}

static void
ladder_table(GString *out, const t30_summary *s, double t0)
{
    char b1[32];
    if (s->n_ladder == 0)
        return;
    g_string_append_printf(out, "  T.30 ladder:\n    %8s %10s %-5s %s\n", "Frame", "Time(s)", "Dir", "Message");
    for (guint i = 0; i < s->n_ladder; i++) {
        const t30_ladder_item *it = &s->ladder[i];
        g_string_append_printf(out, "    %8u %10s %-5s %s%s\n", it->frame, secs(b1, sizeof b1, it->t - t0),
                               it->side == FAX_SIDE_A ? "A->B" : "B->A", it->text,
                               it->fcs_ok ? "" : " [bad FCS]");
    }
}

/* ---- -z fax,report: one block per call, in the report's own sections --- */

/* Who: the SIP parties, or the bare T.38 stream. */
static void
report_parties(GString *out, const fax_call *c)
{
    if (c->origin == FAX_ORIGIN_SIP && c->mid_call) {
        g_string_append_printf(out, "  %-18s%s\n  %-18sunknown: the capture starts mid-call, after the INVITE\n"
                               "  %-18s%s (sent the first in-dialog request seen)\n  %-18s%s\n",
                               "Call-ID:", or_dash(c->call_id), "Caller:", "Party A:",
                               or_dash(c->party[FAX_SIDE_A]), "Party B:", or_dash(c->party[FAX_SIDE_B]));
        for (int sd = 0; sd < 2; sd++)
            if (c->user_agent[sd])
                g_string_append_printf(out, "  User-Agent %s:%*s%s\n", sd ? "B" : "A", 5, "", c->user_agent[sd]);
    } else if (c->origin == FAX_ORIGIN_SIP) {
        g_string_append_printf(out, "  %-18s%s\n  %-18s%s (A)\n  %-18s%s (B)\n", "Call-ID:", or_dash(c->call_id),
                               "Caller:", or_dash(c->caller), "Callee:", or_dash(c->callee));
        for (int sd = 0; sd < 2; sd++)
            if (c->user_agent[sd])
                g_string_append_printf(out, "  User-Agent %s:%*s%s\n", sd ? "B" : "A", 5, "", c->user_agent[sd]);
    } else if (c->origin == FAX_ORIGIN_MGCP) {
        const fax_mgcp *g = c->mgcp;
        char gw[64], ca[64];
        fax_endpoint_format(&g->gateway, gw, sizeof gw);
        fax_endpoint_format(&g->agent, ca, sizeof ca);
        g_string_append_printf(out, "  %-18sMGCP: endpoint %s (A) on gateway %s, call agent %s; "
                               "B is the far end\n", "Origin:", g->endpoint, gw, ca);
        g_string_append_printf(out, "  %-18s%s%s%s\n", "CallId:", g->call_id,
                               g->connection_id[0] ? ", connection " : "", g->connection_id);
        GString *p = g_string_new(NULL);
        if (g->crcx_frame)
            g_string_append_printf(p, "CRCX %u", g->crcx_frame);
        if (g->crcx_ok_frame)
            g_string_append_printf(p, " (answered in %u)", g->crcx_ok_frame);
        for (guint i = 0; i < g->n_mdcx; i++)
            g_string_append_printf(p, "%sMDCX %u", p->len ? ", " : "", g->mdcx_frames[i]);
        if (g->dlcx_frame)
            g_string_append_printf(p, "%sDLCX %u", p->len ? ", " : "", g->dlcx_frame);
        if (g->dlcx_ok_frame)
            g_string_append_printf(p, " (answered in %u%s%s)", g->dlcx_ok_frame,
                                   g->conn_params[0] ? ": " : "", g->conn_params);
        g_string_append_printf(out, "  %-18s%s\n", "MGCP:", p->len ? p->str : "-");
        g_string_free(p, TRUE);
        for (guint i = 0; i < g->n_events; i++)
            g_string_append_printf(out, "  %-18sO: %s (frame %u)\n", i ? "" : "NTFY events:",
                                   g->events[i].text, g->events[i].frame);
    } else if (c->origin == FAX_ORIGIN_H323) {
        /* report_h323(), from report_signalling() */
    } else {
        g_string_append_printf(out, "  %-18s%s with no signalling in the capture\n", "Origin:",
                               c->passthru ? "G.711 audio (RTP)" : "T.38");
        if (c->enc_sip_found) {
            char sv[64], cl[64];
            fax_endpoint_format(&c->enc_sip.server, sv, sizeof sv);
            fax_endpoint_format(&c->enc_sip.client, cl, sizeof cl);
            g_string_append_printf(out, "  %-18sencrypted: SIP over TLS to %s from %s, %u TLS packets "
                                   "(frames %u-%u), no key log to decrypt it (tls.keylog_file)%s\n",
                                   "Signalling:", sv, cl, c->enc_sip.packets, c->enc_sip.first_frame,
                                   c->enc_sip.last_frame,
                                   c->enc_sip_same_hosts ? "" : "; not between the hosts of this call's media");
        }
    }
}

/* An H.323 call: H.225.0 parties and progress, what H.245 did. */
static void
report_h323(GString *out, const fax_call *c, double t0)
{
    const fax_h323 *h = c->h323;
    char a[64], b[64], b1[32];
    fax_endpoint_format(&h->sig[FAX_SIDE_A], a, sizeof a);
    fax_endpoint_format(&h->sig[FAX_SIDE_B], b, sizeof b);
    g_string_append_printf(out, "  %-18sH.323: H.225.0 from %s (calling) to %s, call reference %u\n",
                           "Origin:", a, b, h->call_ref);
    g_string_append_printf(out, "  %-18s%s\n", "Call identifier:", or_dash(c->call_id));
    g_string_append_printf(out, "  %-18s%s%s%s%s\n", "Calling:", h->setup_frame ? or_dash(c->caller) : "unknown (no Setup in the capture)",
                           h->display[FAX_SIDE_A][0] ? " \"" : "", h->display[FAX_SIDE_A],
                           h->display[FAX_SIDE_A][0] ? "\"" : "");
    g_string_append_printf(out, "  %-18s%s%s%s%s\n", "Called:", h->setup_frame ? or_dash(c->callee) : "unknown (no Setup in the capture)",
                           h->display[FAX_SIDE_B][0] ? " \"" : "", h->display[FAX_SIDE_B],
                           h->display[FAX_SIDE_B][0] ? "\"" : "");
    GString *p = g_string_new(NULL);
    static const char *const names[] = { "Setup", "Call Proceeding", "Alerting", "Connect" };
    const guint32 frames[] = { h->setup_frame, h->proceeding_frame, h->alerting_frame, h->connect_frame };
    for (guint i = 0; i < G_N_ELEMENTS(frames); i++)
        if (frames[i])
            g_string_append_printf(p, "%s%s %u", p->len ? ", " : "", names[i], frames[i]);
    if (h->release_frame) {
        const char *cn = q850_cause_name(h->cause);
        g_string_append_printf(p, "%sRelease Complete %u from the %s side at %s s", p->len ? ", " : "",
                               h->release_frame, h->release_side == FAX_SIDE_A ? "calling" : "called",
                               secs(b1, sizeof b1, h->t_release - t0));
        if (h->cause)
            g_string_append_printf(p, ", cause %u%s%s%s", h->cause, cn ? " (" : "", cn ? cn : "", cn ? ")" : "");
    }
    g_string_append_printf(out, "  %-18s%s\n", "H.225.0:", p->len ? p->str : "-");
    g_string_free(p, TRUE);
    g_string_append_printf(out, "  %-18s%s%s\n", "H.245:",
                           h->n_events ? (h->tunnelling ? "tunnelled in H.225.0" : "seen") : "none seen",
                           h->faststart ? "; Fast Start in H.225.0" : "");
    for (guint i = 0; i < h->n_events; i++) {
        const fax_h245_event *e = &h->events[i];
        g_string_append_printf(out, "    %8u %-8s %s\n", e->frame, e->side == FAX_SIDE_A ? "calling" : "called",
                               e->what);
    }
    if (h->n_events_dropped)
        g_string_append_printf(out, "    (%u more H.245 messages not kept)\n", h->n_events_dropped);
    guint32 olc = fax_h323_t38_olc(h), rej = fax_h323_mode_rejected(h);
    if (olc)
        g_string_append_printf(out, "  %-18sopened by H.245 openLogicalChannel t38fax in frame %u\n", "T.38:", olc);
    if (rej)
        g_string_append_printf(out, "  %-18sH.245 requestMode rejected in frame %u\n", "T.38 refused:", rej);
    gboolean a_calls = fax_endpoint_same_addr(&c->seen_src[FAX_SIDE_A], &h->sig[FAX_SIDE_A]);
    g_string_append_printf(out, "  %-18sthe calling side is media side %s (media between the H.225.0 hosts)\n",
                           "Sides:", a_calls ? "A" : "B");
}

/* When and how it was set up: first frame, INVITE, T.38 offer/answer, SDP. */
static void
report_signalling(GString *out, const fax_call *c, double t0)
{
    char b1[32], b2[32], b3[32];
    if (c->origin == FAX_ORIGIN_H323)
        report_h323(out, c, t0);
    g_string_append_printf(out, "  %-18s%s s (frame %u), duration %s s, last frame %u\n", "Start:",
                           secs(b1, sizeof b1, c->t_first - t0), c->first_frame,
                           secs(b2, sizeof b2, c->t_last - c->t_first), c->last_frame);
    if (c->invite_frame)
        g_string_append_printf(out, "  %-18sframe %u at %s s\n", "INVITE:", c->invite_frame,
                               secs(b1, sizeof b1, c->t_invite - t0));
    if (c->t38_offer_frame) {
        g_string_append_printf(out, "  %-18s%s: offered in frame %u by %s at %s s", "T.38:",
                               fax_t38_state_name(c->t38), c->t38_offer_frame, fax_side_name(c->t38_offer_side),
                               secs(b1, sizeof b1, c->t_t38_offer - t0));
        if (c->t38_answer_frame)
            g_string_append_printf(out, ", answered %u %s in frame %u at %s s (%s s later)",
                                   c->t38_answer_status, c->t38_answer_reason, c->t38_answer_frame,
                                   secs(b2, sizeof b2, c->t_t38_answer - t0),
                                   secs(b3, sizeof b3, c->t_t38_answer - c->t_t38_offer));
        g_string_append_c(out, '\n');
    }
    if (c->has_offer_sdp)
        sdp_line(out, "SDP offer:", &c->offer_image);
    if (c->has_answer_sdp)
        sdp_line(out, "SDP answer:", &c->answer_image);
}

/* V.8 (v8-signal.c) heard in the audio: CM of the calling terminal, JM of
 * the answering one, and what V.34 in them means for the gateway. */
static void
v8_lines(GString *out, const fax_call *c)
{
    const audio_fax_stats *st[2] = { NULL, NULL };
    gboolean first = TRUE;
    for (int sd = 0; sd < 2; sd++) {
        st[sd] = c->audio[sd] ? audio_fax_get_stats(c->audio[sd]) : NULL;
        if (!st[sd] || !st[sd]->v8_frame)
            continue;
        const v8_message *m = &st[sd]->v8;
        char mods[160];
        v8_modulations_text(m->modulations, mods, sizeof mods);
        /* the answering terminal sent ANSam, so its message is JM */
        gboolean jm = st[sd]->ansam_frame != 0;
        g_string_append_printf(out, "  %-18s%s from %s in frame %u: %s%s%s%s\n", first ? "V.8:" : "",
                               jm ? "JM" : "CM", fax_side_name((fax_side)sd), st[sd]->v8_frame,
                               m->has_call_function ? v8_call_function_name(m->call_function) : "",
                               m->has_call_function && m->has_modulations ? "; " : "",
                               m->has_modulations ? "modulations " : "", m->has_modulations ? mods : "");
        first = FALSE;
    }
    for (int sd = 0; sd < 2; sd++) {
        const audio_fax_stats *a = st[sd];
        if (!a || !a->bursts)
            continue;
        g_string_append_printf(out, "  %-18s%u from %s", "Bursts:", a->bursts, fax_side_name((fax_side)sd));
        if (a->bursts_trained)
            g_string_append_printf(out, ", training heard in %u: %s (first in frame %u)", a->bursts_trained,
                                   fax_modem_name(a->first_trained), a->first_trained_frame);
        g_string_append_c(out, '\n');
        if (a->train_mismatch)
            g_string_append_printf(out, "  %-18sthe DCS said %s but the burst in frame %u trains as %s (%u bursts)\n",
                                   "Modem mismatch:", fax_modem_name(a->mismatch_dcs), a->mismatch_frame,
                                   fax_modem_name(a->mismatch_heard), a->train_mismatch);
    }
    if (st[0] && st[1] && st[0]->v8_frame && st[1]->v8_frame &&
        (st[0]->v8.modulations & st[1]->v8.modulations & V8_MODN_V34HDX))
        g_string_append_printf(out, "  %-18sboth terminals offered V.34 half-duplex (Super G3): T.38 versions "
                               "0-2 cannot carry it and V.34 in G.711 is not read here; the gateway should "
                               "suppress V.8 (CED, not ANSam) so that they fall back to V.17\n", "");
}

/* What carried the fax: G.711 audio or UDPTL, its losses and timing. */
static void
report_media(GString *out, const fax_call *c, const t30_summary *s)
{
    if (c->passthru) {
        for (int sd = 0; sd < 2; sd++) {
            const audio_fax_stats *as = c->audio[sd] ? audio_fax_get_stats(c->audio[sd]) : NULL;
            if (!as)
                continue;
            g_string_append_printf(out, "  %-18sG.711 pass-through (%s), %u RTP packets, first fax signal frame %u"
                                   "%s%s%s; %u lost, %u comfort noise\n",
                                   sd ? "Audio B->A:" : "Audio A->B:",
                                   as->laws == 3 ? "PCMU+PCMA" : as->laws == 2 ? "PCMA" : "PCMU",
                                   as->packets, as->first_fax_frame,
                                   as->cng_frame ? ", CNG" : "", as->ced_frame ? ", CED" : "",
                                   as->ansam_frame ? ", ANSam (V.8)" : "", as->fax_lost, as->fax_cn_packets);
        }
    }
    v8_lines(out, c);
    udptl_line(out, c, FAX_SIDE_A);
    udptl_line(out, c, FAX_SIDE_B);
    loss_line(out, c, FAX_SIDE_A);
    loss_line(out, c, FAX_SIDE_B);
    if (c->found_frame)
        g_string_append_printf(out, "  %-18sby faxcalls (%s), confirmed at frame %u; Wireshark does not decode it\n",
                               "T.38 found:", fax_found_how_name(c->found_how), c->found_frame);
    audit_lines(out, c);
    timing_line(out, c, s);
    if (c->udptl_after_reject)
        g_string_append_printf(out, "  %-18s%u datagrams on the refused image port (not T.38)\n", "After reject:",
                               c->udptl_after_reject);
}

/* The T.30 session: terminals, DCS, training, pages, release, verdict. */
static void
report_t30(GString *out, const fax_call *c, const t30_summary *s, double t0)
{
    char b1[32];
    side_lines(out, s, FAX_SIDE_A);
    side_lines(out, s, FAX_SIDE_B);
    if (s->has_dcs) {
        char caps[160];
        t30_caps_format(&s->dcs, caps, sizeof caps);
        g_string_append_printf(out, "  DCS %s:%*s%s\n", fax_side_name(s->transmitter), 12, "", caps);
    }
    g_string_append_printf(out, "  %-18s", "Training:");
    fax_text_training_ladder(out, s);
    g_string_append_printf(out, " (%u attempt%s, %u FTT, final rate %u)\n", s->n_trainings,
                           s->n_trainings == 1 ? "" : "s", s->ftt_count, s->final_rate);
    g_string_append_printf(out, "  %-18s%u sent, %u confirmed, %u rejected\n", "Pages:", s->n_pages,
                           s->pages_confirmed, s->pages_rejected);
    if (s->dcn_frame)
        g_string_append_printf(out, "  %-18sDCN from %s in frame %u at %s s\n", "Release:",
                               fax_side_name(s->dcn_side), s->dcn_frame, secs(b1, sizeof b1, s->t_dcn - t0));
    if (c->bye_frame && c->origin == FAX_ORIGIN_MGCP)
        g_string_append_printf(out, "  %-18sDLCX in frame %u at %s s\n", "MGCP end:", c->bye_frame,
                               secs(b1, sizeof b1, c->t_bye - t0));
    else if (c->bye_frame)
        g_string_append_printf(out, "  %-18s%s from %s in frame %u at %s s\n", "SIP end:",
                               c->bye_is_cancel ? "CANCEL" : "BYE", fax_side_name(c->bye_side), c->bye_frame,
                               secs(b1, sizeof b1, c->t_bye - t0));
    g_string_append_printf(out, "  %-18s%s (%s): %s%s\n", "Result:", fax_result_name(c->result),
                           or_dash(c->reason), or_dash(c->result_text),
                           s->truncated ? " [analysis limits reached: incomplete]" : "");
}

/* Pages, ECM blocks, the T.30 ladder and the findings. */
static void
report_tables(GString *out, const t30_summary *s, double t0)
{
    pages_table(out, s);
    ecm_tables(out, s);
    ladder_table(out, s, t0);
    gboolean header = FALSE;
    for (guint k = 0; k < s->n_findings; k++) {
        if (!t30_finding_shown(s, k))
            continue;
        if (!header)
            g_string_append(out, "  Findings:\n");
        header = TRUE;
        g_string_append_printf(out, "    frame %-8u %s\n", s->findings[k].frame, s->findings[k].text);
    }
}

void
fax_text_report(GString *out, fax_call *const *calls, guint n, double t0,
                const char *filter, const char *version)
{
    header(out, "Fax Call Report", n, filter, version);
    for (guint i = 0; i < n; i++) {
        const fax_call *c = calls[i];
        const t30_summary *s = t30_session_summary(c->session);
        g_string_append_printf(out, "\nFax call %u\n", c->id);
        report_parties(out, c);
        report_signalling(out, c, t0);
        report_media(out, c, s);
        report_t30(out, c, s, t0);
        report_tables(out, s, t0);
    }
    g_string_append_printf(out, "%s\n", RULE);
}
