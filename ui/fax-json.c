/* fax-json.c: the JSON report: one object per fax call (schema
 * "faxcalls/1", docs/JSON.md), rendered from the model alone.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "fax-json.h"
#include "fax-text.h"

/* ---- a tiny JSON writer: fixed key order is the caller's order --------- */

#define JW_MAX_DEPTH 8

typedef struct {
    GString *s;
    guint    depth;
    gboolean first[JW_MAX_DEPTH];
} jw;

/* RFC 8259 clause 7: escape '"', '\\' and controls; invalid UTF-8 (SIP
 * headers are packet data) becomes U+FFFD so the output is always valid. */
static void
jw_escaped(GString *s, const char *str)
{
    g_string_append_c(s, '"');
    const char *p = str;
    while (*p) {
        guchar c = (guchar)*p;
        if (c < 0x80) {
            switch (c) {
            case '"':  g_string_append(s, "\\\""); break;
            case '\\': g_string_append(s, "\\\\"); break;
            case '\n': g_string_append(s, "\\n"); break;
            case '\r': g_string_append(s, "\\r"); break;
            case '\t': g_string_append(s, "\\t"); break;
            default:
                if (c < 0x20 || c == 0x7f)
                    g_string_append_printf(s, "\\u%04x", c);
                else
                    g_string_append_c(s, (char)c);
            }
            p++;
            continue;
        }
        gunichar u = g_utf8_get_char_validated(p, -1);
        if (u == (gunichar)-1 || u == (gunichar)-2) {
            g_string_append(s, "\\ufffd");
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        g_string_append_len(s, p, next - p);
        p = next;
    }
    g_string_append_c(s, '"');
}

static void
jw_key(jw *w, const char *key)
{
    if (!w->first[w->depth])
        g_string_append_c(w->s, ',');
    w->first[w->depth] = FALSE;
    if (key) {
        jw_escaped(w->s, key);
        g_string_append_c(w->s, ':');
    }
}

static void
jw_open(jw *w, const char *key, char brace)
{
    jw_key(w, key);
    g_string_append_c(w->s, brace);
    if (w->depth + 1 < JW_MAX_DEPTH)   /* nesting is ours, never packet-driven */
        w->depth++;
    w->first[w->depth] = TRUE;
}

static void
jw_close(jw *w, char brace)
{
    g_string_append_c(w->s, brace);
    if (w->depth)
        w->depth--;
}

#define jw_obj(w, k)   jw_open((w), (k), '{')
#define jw_end(w)      jw_close((w), '}')
#define jw_arr(w, k)   jw_open((w), (k), '[')
#define jw_arr_end(w)  jw_close((w), ']')

static void
jw_str(jw *w, const char *key, const char *v)
{
    jw_key(w, key);
    if (v)
        jw_escaped(w->s, v);
    else
        g_string_append(w->s, "null");
}

static void
jw_null(jw *w, const char *key)
{
    jw_key(w, key);
    g_string_append(w->s, "null");
}

static void
jw_uint(jw *w, const char *key, guint64 v)
{
    jw_key(w, key);
    g_string_append_printf(w->s, "%" G_GUINT64_FORMAT, v);
}

static void
jw_int(jw *w, const char *key, gint64 v)
{
    jw_key(w, key);
    g_string_append_printf(w->s, "%" G_GINT64_FORMAT, v);
}

static void
jw_bool(jw *w, const char *key, gboolean v)
{
    jw_key(w, key);
    g_string_append(w->s, v ? "true" : "false");
}

/* Seconds, microsecond precision, '.' whatever the locale. */
static void
jw_secs(jw *w, const char *key, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    jw_key(w, key);
    g_string_append(w->s, g_ascii_formatd(buf, sizeof buf, "%.6f", v));
}

/* Frame number, or null for 0 (= not seen). */
static void
jw_frame(jw *w, const char *key, guint32 frame)
{
    if (frame)
        jw_uint(w, key, frame);
    else
        jw_null(w, key);
}

/* ---- names ------------------------------------------------------------- */

static const char *const finding_kind_names[] = {
    [FAX_FIND_TRAINING_FTT] = "ftt",
    [FAX_FIND_TRAINING_SETTLED] = "training_settled",
    [FAX_FIND_TRAINING_FAILED] = "training_failed",
    [FAX_FIND_DCS_UNANSWERED] = "dcs_unanswered",
    [FAX_FIND_PAGE_REJECTED] = "page_rejected",
    [FAX_FIND_CMD_REPEATED] = "cmd_repeated",
    [FAX_FIND_DCN_EARLY] = "dcn_early",
    [FAX_FIND_PPR] = "ppr",
    [FAX_FIND_CTC] = "ctc",
    [FAX_FIND_PAGE_LOSS] = "page_loss",
    [FAX_FIND_DIS_REPEATED] = "dis_repeated",
    [FAX_FIND_T1_TIMEOUT] = "t1_timeout",
    [FAX_FIND_SILENCE] = "silence",
    [FAX_FIND_CRP] = "crp",
    [FAX_FIND_BAD_FCS] = "bad_fcs",
    [FAX_FIND_DAMAGED] = "damaged_frame",
    [FAX_FIND_MALFORMED] = "malformed",
    [FAX_FIND_CAP] = "cap",
    [FAX_FIND_SUMMARY] = "summary",
};
G_STATIC_ASSERT(G_N_ELEMENTS(finding_kind_names) == FAX_FIND_COUNT);

static const char *
finding_kind_name(fax_finding_kind k)
{
    return (guint)k < G_N_ELEMENTS(finding_kind_names) && finding_kind_names[k] ? finding_kind_names[k]
                                                                                 : "unknown";
}

static const char *
train_outcome_name(t30_train_outcome o)
{
    switch (o) {
    case T30_TRAIN_CFR:       return "CFR";
    case T30_TRAIN_FTT:       return "FTT";
    case T30_TRAIN_NO_ANSWER: return "no_answer";
    case T30_TRAIN_PENDING:   break;
    }
    return "pending";
}

static const char *
side_dir(fax_side s)
{
    return s == FAX_SIDE_A ? "A->B" : "B->A";
}

/* FCF name, "FCF 0xNN" for one without a name, NULL for -1. */
static void
jw_fcf(jw *w, const char *key, gint fcf)
{
    if (fcf < 0) {
        jw_null(w, key);
        return;
    }
    const char *n = t30_fcf_name(fcf);
    char buf[16];
    if (!n) {
        g_snprintf(buf, sizeof buf, "FCF 0x%02X", (guint)fcf & 0xFF);
        n = buf;
    }
    jw_str(w, key, n);
}

static void
jw_endpoint(jw *w, const char *key, const fax_endpoint *e)
{
    if (!e->family) {
        jw_null(w, key);
        return;
    }
    char buf[80];
    fax_endpoint_format(e, buf, sizeof buf);
    jw_str(w, key, buf);
}

/* ---- the parts of one call ------------------------------------------- */

static void
json_sdp(jw *w, const char *key, gboolean has, const sdp_media *m)
{
    if (!has) {
        jw_null(w, key);
        return;
    }
    fax_endpoint e = { m->conn.family, { 0 }, m->port };
    memcpy(e.addr, m->conn.bytes, sizeof e.addr);
    jw_obj(w, key);
    jw_endpoint(w, "endpoint", &e);
    jw_uint(w, "port", m->port);
    jw_str(w, "proto", m->proto);
    jw_str(w, "fmt", m->fmt);
    /* RFC 3362 / T.38 Annex D attributes: null when absent */
    if (m->t38_version >= 0)
        jw_int(w, "T38FaxVersion", m->t38_version);
    else
        jw_null(w, "T38FaxVersion");
    jw_uint(w, "T38MaxBitRate", m->t38_max_bitrate);
    jw_str(w, "T38FaxRateManagement", m->t38_rate_mgmt[0] ? m->t38_rate_mgmt : NULL);
    jw_uint(w, "T38FaxMaxBuffer", m->t38_max_buffer);
    jw_uint(w, "T38FaxMaxDatagram", m->t38_max_datagram);
    jw_str(w, "T38FaxUdpEC", m->t38_udp_ec[0] ? m->t38_udp_ec : NULL);
    jw_bool(w, "T38FaxFillBitRemoval", m->t38_fill_bit_removal);
    jw_bool(w, "T38FaxTranscodingMMR", m->t38_transcoding_mmr);
    jw_bool(w, "T38FaxTranscodingJBIG", m->t38_transcoding_jbig);
    jw_end(w);
}

static void
json_udptl(jw *w, const fax_call *c, fax_side sd)
{
    const char *key = sd == FAX_SIDE_A ? "A->B" : "B->A";
    if (!c->stream[sd]) {
        jw_null(w, key);
        return;
    }
    const t38_stream_stats *st = t38_stream_get_stats(c->stream[sd]);
    jw_obj(w, key);
    jw_endpoint(w, "source", &c->seen_src[sd]);
    jw_endpoint(w, "sdp_endpoint", c->has_sdp_media[sd] ? &c->sdp_media[sd] : &(fax_endpoint){ 0 });
    jw_frame(w, "first_frame", c->first_udptl_frame[sd]);
    jw_uint(w, "packets", st->packets);
    jw_uint(w, "missing", st->missing);
    jw_uint(w, "recovered", st->recovered);
    jw_uint(w, "lost", st->lost);
    jw_uint(w, "duplicates", st->duplicates);
    jw_uint(w, "reordered", st->reordered);
    jw_uint(w, "malformed", st->malformed);
    jw_uint(w, "max_datagram", st->max_datagram);
    jw_uint(w, "wraps", st->wraps);
    jw_uint(w, "resyncs", st->resyncs);
    jw_bool(w, "redundancy", st->used_redundancy);
    jw_bool(w, "fec", st->used_fec);
    jw_bool(w, "post_corrigendum", st->post_corrigendum);
    jw_uint(w, "hdlc_frames", st->hdlc_frames);
    jw_uint(w, "hdlc_overlong", st->hdlc_overlong);
    jw_uint(w, "hdlc_dropped", st->hdlc_dropped);
    jw_uint(w, "hdlc_damaged", st->hdlc_damaged);
    jw_uint(w, "port_mismatch", c->udptl_port_mismatch[sd]);
    jw_end(w);
}

static void
json_caps(jw *w, const char *key, const t30_caps *cp)
{
    char text[160];
    t30_caps_format(cp, text, sizeof text);
    jw_obj(w, key);
    jw_str(w, "text", text);
    jw_bool(w, "valid", cp->valid);
    jw_arr(w, "modems");
    if (cp->v27ter) jw_str(w, NULL, "V.27ter");
    if (cp->v29)    jw_str(w, NULL, "V.29");
    if (cp->v17)    jw_str(w, NULL, "V.17");
    if (cp->v33)    jw_str(w, NULL, "V.33");
    if (cp->v34)    jw_str(w, NULL, "V.34");
    jw_arr_end(w);
    jw_uint(w, "max_rate", cp->max_rate);
    jw_str(w, "modem", cp->is_dcs && cp->modem != FAX_MODEM_NONE ? fax_modem_name(cp->modem) : NULL);
    jw_bool(w, "ecm", cp->ecm);
    jw_bool(w, "ecm_64", cp->ecm_64);
    jw_bool(w, "mr_2d", cp->mr_2d);
    jw_bool(w, "t6_mmr", cp->t6_mmr);
    jw_bool(w, "uncompressed", cp->uncompressed);
    jw_bool(w, "fine", cp->fine);
    jw_bool(w, "superfine", cp->superfine);
    jw_uint(w, "width_mm", cp->width_mm);
    jw_uint(w, "length", cp->length);
    jw_uint(w, "min_scan_time", cp->min_scan_time);
    jw_bool(w, "jbig", cp->jbig);
    jw_bool(w, "jpeg", cp->jpeg);
    jw_bool(w, "color", cp->color);
    jw_bool(w, "reserved_bits", cp->reserved_bits);
    jw_uint(w, "fif_octets", cp->n_octets);
    jw_end(w);
}

static void
json_side(jw *w, const t30_summary *s, fax_side sd)
{
    const t30_side_info *si = &s->side[sd];
    jw_obj(w, fax_side_name(sd));
    jw_bool(w, "seen", si->seen);
    jw_fcf(w, "ident_kind", si->ident_fcf);
    jw_str(w, "ident", si->ident_fcf >= 0 ? si->ident : NULL);
    if (si->has_nsf) {
        jw_obj(w, "nsf");
        jw_uint(w, "country_code", si->nsf_country);
        jw_str(w, "country", t30_country_name(si->nsf_country));
        if (si->nsf_vendor_valid)
            jw_uint(w, "vendor_code", si->nsf_vendor);
        else
            jw_null(w, "vendor_code");
        jw_end(w);
    } else {
        jw_null(w, "nsf");
    }
    if (si->has_dis) {
        jw_obj(w, "dis");
        jw_uint(w, "frame", si->dis_frame);
        jw_uint(w, "count", si->dis_count);
        json_caps(w, "caps", &si->dis);
        jw_end(w);
    } else {
        jw_null(w, "dis");
    }
    jw_end(w);
}

static void
json_trainings(jw *w, const t30_summary *s, double t0)
{
    jw_arr(w, "trainings");
    for (guint i = 0; i < s->n_trainings && i < T30_MAX_TRAININGS; i++) {
        const t30_training *tr = &s->trainings[i];
        jw_obj(w, NULL);
        jw_uint(w, "attempt", i + 1);
        jw_str(w, "modem", tr->modem != FAX_MODEM_NONE ? fax_modem_name(tr->modem) : NULL);
        jw_uint(w, "rate", tr->rate);
        jw_secs(w, "time", tr->t - t0);
        jw_frame(w, "dcs_frame", tr->dcs_frame);
        jw_frame(w, "tcf_frame", tr->tcf_frame);
        jw_frame(w, "answer_frame", tr->answer_frame);
        jw_str(w, "outcome", train_outcome_name(tr->outcome));
        jw_end(w);
    }
    jw_arr_end(w);
}

static void
json_pages(jw *w, const t30_summary *s, double t0)
{
    jw_arr(w, "pages");
    for (guint i = 0; i < s->n_pages && i < T30_MAX_PAGES; i++) {
        const t30_page *p = &s->pages[i];
        jw_obj(w, NULL);
        jw_uint(w, "number", p->number);
        jw_uint(w, "rate", p->rate);
        jw_bool(w, "ecm", p->ecm);
        jw_frame(w, "first_frame", p->first_frame);
        jw_frame(w, "last_frame", p->last_frame);
        jw_secs(w, "start", p->t_start - t0);
        jw_secs(w, "duration", p->t_end - p->t_start);
        jw_uint(w, "octets", p->bytes);
        jw_uint(w, "packets_lost", p->packets_lost);
        if (p->ecm) {
            jw_obj(w, "ecm_detail");
            jw_uint(w, "blocks", p->blocks);
            jw_uint(w, "frames", p->ecm_frames);
            jw_uint(w, "ppr", p->ppr_count);
            jw_uint(w, "frames_resent", p->frames_resent);
            jw_uint(w, "ctc", p->ctc_count);
            jw_end(w);
        } else {
            jw_null(w, "ecm_detail");
        }
        if (p->cmd_fcf >= 0) {
            jw_obj(w, "command");
            jw_fcf(w, "msg", p->cmd_fcf);
            if (p->cmd_pps_fcf >= 0)   /* T.30 A.4: PPS carries MPS/EOM/EOP/NULL */
                jw_str(w, "pps", p->cmd_pps_fcf == 0 ? "NULL" : t30_fcf_name(p->cmd_pps_fcf));
            else
                jw_null(w, "pps");
            jw_frame(w, "frame", p->cmd_frame);
            jw_uint(w, "repeats", p->cmd_repeats);
            jw_end(w);
        } else {
            jw_null(w, "command");
        }
        if (p->answer_fcf >= 0) {
            jw_obj(w, "answer");
            jw_fcf(w, "msg", p->answer_fcf);
            jw_frame(w, "frame", p->answer_frame);
            jw_end(w);
        } else {
            jw_null(w, "answer");
        }
        jw_str(w, "status", p->confirmed ? "confirmed" : p->rejected ? "rejected" : "unconfirmed");
        jw_uint(w, "retransmissions", p->retransmissions);
        jw_end(w);
    }
    jw_arr_end(w);
}

static void
json_ladder(jw *w, const t30_summary *s, double t0)
{
    jw_arr(w, "ladder");
    for (guint i = 0; i < s->n_ladder && i < T30_MAX_LADDER; i++) {
        const t30_ladder_item *it = &s->ladder[i];
        jw_obj(w, NULL);
        jw_uint(w, "frame", it->frame);
        jw_secs(w, "time", it->t - t0);
        jw_str(w, "dir", side_dir(it->side));
        jw_fcf(w, "msg", it->fcf);
        jw_bool(w, "fcs_ok", it->fcs_ok);
        jw_bool(w, "damaged", it->damaged);
        jw_uint(w, "training", it->training);
        jw_uint(w, "page", it->page);
        jw_str(w, "text", it->text);
        jw_end(w);
    }
    jw_arr_end(w);
}

static void
json_findings(jw *w, const t30_summary *s)
{
    jw_arr(w, "findings");
    for (guint i = 0; i < s->n_findings && i < T30_MAX_FINDINGS; i++) {
        const fax_finding *f = &s->findings[i];
        if (!t30_finding_shown(s, i))
            continue;
        jw_obj(w, NULL);
        jw_str(w, "kind", finding_kind_name(f->kind));
        jw_uint(w, "frame", f->frame);
        jw_frame(w, "related_frame", f->related);
        jw_str(w, "text", f->text);
        jw_end(w);
    }
    jw_arr_end(w);
}

/* ---- one call: the object's members, section by section ---------------- */

/* An H.323 call: H.225.0 parties and progress, the H.245 messages. */
static void
json_h323(jw *w, const fax_h323 *h, const fax_endpoint *media_a, double t0)
{
    char e[64];
    jw_obj(w, "h323");
    fax_endpoint_format(&h->sig[FAX_SIDE_A], e, sizeof e);
    jw_str(w, "calling_signalling", e);
    fax_endpoint_format(&h->sig[FAX_SIDE_B], e, sizeof e);
    jw_str(w, "called_signalling", e);
    jw_uint(w, "call_reference", h->call_ref);
    jw_str(w, "calling_display", h->display[FAX_SIDE_A][0] ? h->display[FAX_SIDE_A] : NULL);
    jw_str(w, "called_display", h->display[FAX_SIDE_B][0] ? h->display[FAX_SIDE_B] : NULL);
    jw_str(w, "calling_media_side", fax_endpoint_same_addr(media_a, &h->sig[FAX_SIDE_A]) ? "A" : "B");
    jw_frame(w, "setup_frame", h->setup_frame);
    jw_frame(w, "call_proceeding_frame", h->proceeding_frame);
    jw_frame(w, "alerting_frame", h->alerting_frame);
    jw_frame(w, "connect_frame", h->connect_frame);
    if (h->release_frame) {
        jw_obj(w, "release_complete");
        jw_frame(w, "frame", h->release_frame);
        jw_secs(w, "time", h->t_release - t0);
        jw_str(w, "from", h->release_side == FAX_SIDE_A ? "calling" : "called");
        if (h->cause)
            jw_uint(w, "cause", h->cause);
        else
            jw_str(w, "cause", NULL);
        jw_str(w, "cause_text", q850_cause_name(h->cause));
        jw_end(w);
    } else {
        jw_str(w, "release_complete", NULL);
    }
    jw_bool(w, "h245_tunnelling", h->tunnelling);
    jw_bool(w, "fast_start", h->faststart);
    jw_frame(w, "t38_open_frame", fax_h323_t38_olc(h));
    jw_frame(w, "request_mode_rejected_frame", fax_h323_mode_rejected(h));
    jw_arr(w, "h245");
    for (guint i = 0; i < h->n_events; i++) {
        jw_obj(w, NULL);
        jw_frame(w, "frame", h->events[i].frame);
        jw_str(w, "from", h->events[i].side == FAX_SIDE_A ? "calling" : "called");
        jw_str(w, "message", h->events[i].what);
        jw_bool(w, "t38fax", h->events[i].t38fax);
        jw_end(w);
    }
    jw_arr_end(w);
    jw_end(w);
}

/* A call set up by MGCP: the gateway's endpoint and the commands. */
static void
json_mgcp(jw *w, const fax_mgcp *g)
{
    char e[64];
    jw_obj(w, "mgcp");
    jw_str(w, "endpoint", g->endpoint);
    fax_endpoint_format(&g->gateway, e, sizeof e);
    jw_str(w, "gateway", e);
    fax_endpoint_format(&g->agent, e, sizeof e);
    jw_str(w, "call_agent", e);
    jw_str(w, "connection_id", g->connection_id[0] ? g->connection_id : NULL);
    jw_frame(w, "crcx_frame", g->crcx_frame);
    jw_frame(w, "crcx_answer_frame", g->crcx_ok_frame);
    jw_arr(w, "mdcx_frames");
    for (guint i = 0; i < g->n_mdcx; i++)
        jw_uint(w, NULL, g->mdcx_frames[i]);
    jw_arr_end(w);
    jw_frame(w, "dlcx_frame", g->dlcx_frame);
    jw_frame(w, "dlcx_answer_frame", g->dlcx_ok_frame);
    jw_str(w, "connection_parameters", g->conn_params[0] ? g->conn_params : NULL);
    jw_arr(w, "events");
    for (guint i = 0; i < g->n_events; i++) {
        jw_obj(w, NULL);
        jw_frame(w, "frame", g->events[i].frame);
        jw_str(w, "observed", g->events[i].text);
        jw_end(w);
    }
    jw_arr_end(w);
    jw_end(w);
}

/* Identity and extent: schema, call, parties, first/last frame. */
static void
json_call_head(jw *w, const fax_call *c, double t0, const char *filter, const char *version,
               gboolean truncated)
{
    jw_str(w, "schema", FAX_JSON_SCHEMA);
    jw_str(w, "faxcalls_version", version);
    jw_str(w, "filter", filter && *filter ? filter : NULL);
    jw_bool(w, "capture_truncated", truncated);
    jw_uint(w, "call", c->id);
    jw_str(w, "origin", c->origin == FAX_ORIGIN_SIP ? "sip" : c->origin == FAX_ORIGIN_H323 ? "h323"
                      : c->origin == FAX_ORIGIN_MGCP ? "mgcp" : c->passthru ? "rtp" : "udptl");
    jw_str(w, "call_id", c->call_id);
    jw_str(w, "caller", c->caller);
    jw_str(w, "callee", c->callee);
    if (c->mid_call) {
        jw_bool(w, "mid_call", TRUE);
        jw_obj(w, "parties");
        jw_str(w, "A", c->party[FAX_SIDE_A]);
        jw_str(w, "B", c->party[FAX_SIDE_B]);
        jw_end(w);
    }
    jw_obj(w, "user_agent");
    jw_str(w, "A", c->user_agent[FAX_SIDE_A]);
    jw_str(w, "B", c->user_agent[FAX_SIDE_B]);
    jw_end(w);
    if (c->h323)
        json_h323(w, c->h323, &c->seen_src[FAX_SIDE_A], t0);
    if (c->mgcp)
        json_mgcp(w, c->mgcp);
    if (c->enc_sip_found) {
        char e[64];
        jw_obj(w, "signalling_encrypted");
        jw_str(w, "transport", "tls");
        fax_endpoint_format(&c->enc_sip.server, e, sizeof e);
        jw_str(w, "server", e);
        fax_endpoint_format(&c->enc_sip.client, e, sizeof e);
        jw_str(w, "client", e);
        jw_uint(w, "packets", c->enc_sip.packets);
        jw_frame(w, "first_frame", c->enc_sip.first_frame);
        jw_frame(w, "last_frame", c->enc_sip.last_frame);
        jw_bool(w, "same_hosts", c->enc_sip_same_hosts);
        jw_end(w);
    }
    jw_secs(w, "capture_start_epoch", t0);
    jw_secs(w, "start", c->t_first - t0);
    jw_secs(w, "duration", c->t_last - c->t_first);
    jw_uint(w, "first_frame", c->first_frame);
    jw_uint(w, "last_frame", c->last_frame);
}

/* The verdict first among the facts: what a dashboard wants. */
static void
json_result(jw *w, const fax_call *c, const t30_summary *s)
{
    jw_obj(w, "result");
    jw_str(w, "code", fax_result_name(c->result));
    jw_str(w, "reason", c->reason);
    jw_str(w, "text", c->result_text);
    jw_str(w, "t30_result", t30_result_name(s->result));
    jw_str(w, "t30_reason", t30_reason_name(s->reason));
    jw_bool(w, "analysis_truncated", s->truncated);
    jw_end(w);
}

/* SIP: the initial INVITE, the way back to audio, the end of the dialog. */
static void
json_sip(jw *w, const fax_call *c, double t0)
{
    jw_obj(w, "sip");
    jw_frame(w, "invite_frame", c->invite_frame);
    if (c->invite_frame)
        jw_secs(w, "invite_time", c->t_invite - t0);
    else
        jw_null(w, "invite_time");
    jw_frame(w, "audio_back_frame", c->audio_back_frame);
    if (c->bye_frame) {
        jw_obj(w, "end");
        jw_str(w, "method", c->bye_is_cancel ? "CANCEL" : "BYE");
        jw_str(w, "from", fax_side_name(c->bye_side));
        jw_uint(w, "frame", c->bye_frame);
        jw_secs(w, "time", c->t_bye - t0);
        jw_end(w);
    } else {
        jw_null(w, "end");
    }
    jw_end(w);
}

/* T.38 negotiation: state, offer, answer and the image SDP of each. */
static void
json_t38(jw *w, const fax_call *c, double t0)
{
    jw_obj(w, "t38");
    jw_str(w, "state", c->origin == FAX_ORIGIN_UDPTL ? "no-sig" : fax_t38_state_name(c->t38));
    if (c->t38_offer_frame) {
        jw_obj(w, "offer");
        jw_uint(w, "frame", c->t38_offer_frame);
        jw_secs(w, "time", c->t_t38_offer - t0);
        jw_str(w, "from", fax_side_name(c->t38_offer_side));
        jw_end(w);
    } else {
        jw_null(w, "offer");
    }
    if (c->t38_answer_frame) {
        jw_obj(w, "answer");
        jw_uint(w, "frame", c->t38_answer_frame);
        jw_secs(w, "time", c->t_t38_answer - t0);
        jw_uint(w, "status", c->t38_answer_status);
        jw_str(w, "reason_phrase", c->t38_answer_reason);
        if (c->t38_offer_frame)
            jw_secs(w, "delay", c->t_t38_answer - c->t_t38_offer);
        else
            jw_null(w, "delay");
        jw_end(w);
    } else {
        jw_null(w, "answer");
    }
    json_sdp(w, "sdp_offer", c->has_offer_sdp, &c->offer_image);
    json_sdp(w, "sdp_answer", c->has_answer_sdp, &c->answer_image);
    jw_end(w);
}

/* UDPTL: one stream per direction, and datagrams on a refused image port. */
static void
json_udptl_streams(jw *w, const fax_call *c)
{
    jw_obj(w, "udptl");
    json_udptl(w, c, FAX_SIDE_A);
    json_udptl(w, c, FAX_SIDE_B);
    jw_uint(w, "after_reject", c->udptl_after_reject);
    jw_end(w);
}

/* T.30: the terminals, DCS, training, pages, release, ladder, findings. */
static void
json_t30(jw *w, const t30_summary *s, double t0)
{
    GString *ladder = g_string_new(NULL);
    fax_text_training_ladder(ladder, s);
    jw_obj(w, "t30");
    jw_obj(w, "sides");
    json_side(w, s, FAX_SIDE_A);
    json_side(w, s, FAX_SIDE_B);
    jw_end(w);
    if (s->has_dcs) {
        jw_obj(w, "dcs");
        jw_str(w, "from", fax_side_name(s->transmitter));
        json_caps(w, "caps", &s->dcs);
        jw_end(w);
    } else {
        jw_null(w, "dcs");
    }
    jw_str(w, "training_ladder", ladder->str);
    jw_uint(w, "ftt_count", s->ftt_count);
    jw_uint(w, "final_rate", s->final_rate);
    json_trainings(w, s, t0);
    jw_uint(w, "pages_sent", s->n_pages);
    jw_uint(w, "pages_confirmed", s->pages_confirmed);
    jw_uint(w, "pages_rejected", s->pages_rejected);
    json_pages(w, s, t0);
    jw_uint(w, "crp_count", s->crp_count);
    jw_uint(w, "bad_fcs_count", s->bad_fcs_count);
    jw_uint(w, "damaged_count", s->damaged_count);
    jw_uint(w, "packets_lost", s->packets_lost);
    if (s->dcn_frame) {
        jw_obj(w, "dcn");
        jw_str(w, "from", fax_side_name(s->dcn_side));
        jw_uint(w, "frame", s->dcn_frame);
        jw_secs(w, "time", s->t_dcn - t0);
        jw_end(w);
    } else {
        jw_null(w, "dcn");
    }
    json_ladder(w, s, t0);
    json_findings(w, s);
    jw_end(w);
    g_string_free(ladder, TRUE);
}

static void
json_call(jw *w, const fax_call *c, double t0, const char *filter, const char *version,
          gboolean truncated)
{
    const t30_summary *s = t30_session_summary(c->session);
    jw_obj(w, NULL);
    json_call_head(w, c, t0, filter, version, truncated);
    json_result(w, c, s);
    json_sip(w, c, t0);
    json_t38(w, c, t0);
    json_udptl_streams(w, c);
    json_t30(w, s, t0);
    jw_end(w);
}

void
fax_json_calls(GString *out, fax_call *const *calls, guint n, double t0,
               const char *filter, const char *version, gboolean truncated)
{
    for (guint i = 0; i < n; i++) {
        jw w = { .s = out, .depth = 0, .first = { TRUE } };
        json_call(&w, calls[i], t0, filter, version, truncated);
        g_string_append_c(out, '\n');
    }
}
