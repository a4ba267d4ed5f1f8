/* fax-csv.c: the -z fax,stat table as CSV (RFC 4180), rendered from the
 * model alone.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "fax-csv.h"

/* RFC 4180 clause 2: quote a field holding a comma, quote, CR or LF. */
static void
csv_field(GString *out, const char *v, gboolean last)
{
    if (!v)
        v = "";
    if (strpbrk(v, ",\"\r\n")) {
        g_string_append_c(out, '"');
        for (const char *p = v; *p; p++) {
            if (*p == '"')
                g_string_append_c(out, '"');
            g_string_append_c(out, *p);
        }
        g_string_append_c(out, '"');
    } else {
        g_string_append(out, v);
    }
    g_string_append(out, last ? "\r\n" : ",");
}

static void
csv_uint(GString *out, guint v)
{
    g_string_append_printf(out, "%u,", v);
}

void
fax_csv_stat(GString *out, fax_call *const *calls, guint n, double t0)
{
    char b[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append(out, "call,start_s,duration_s,t38,t38_version,rate,trainings,ftt,pages,confirmed,"
                         "ecm,result,reason,caller,callee,call_id,endpoint_a,endpoint_b,diagnosis\r\n");
    for (guint i = 0; i < n; i++) {
        const fax_call *c = calls[i];
        const t30_summary *s = t30_session_summary(c->session);
        const sdp_media *m = c->has_answer_sdp ? &c->answer_image : c->has_offer_sdp ? &c->offer_image : NULL;
        char ver[16] = "", ea[80] = "", eb[80] = "";
        if (m && m->t38_version >= 0)
            g_snprintf(ver, sizeof ver, "%d", m->t38_version);
        if (c->seen_src[FAX_SIDE_A].family)
            fax_endpoint_format(&c->seen_src[FAX_SIDE_A], ea, sizeof ea);
        if (c->seen_src[FAX_SIDE_B].family)
            fax_endpoint_format(&c->seen_src[FAX_SIDE_B], eb, sizeof eb);
        csv_uint(out, c->id);
        csv_field(out, g_ascii_formatd(b, sizeof b, "%.3f", c->t_first - t0), FALSE);
        csv_field(out, g_ascii_formatd(b, sizeof b, "%.3f", c->t_last - c->t_first), FALSE);
        csv_field(out, c->origin == FAX_ORIGIN_UDPTL ? "no-sig" : fax_t38_state_name(c->t38), FALSE);
        csv_field(out, ver, FALSE);
        csv_uint(out, s->final_rate);
        csv_uint(out, s->n_trainings);
        csv_uint(out, s->ftt_count);
        csv_uint(out, s->n_pages);
        csv_uint(out, s->pages_confirmed);
        csv_field(out, s->has_dcs ? (s->dcs.ecm ? "yes" : "no") : "", FALSE);
        csv_field(out, fax_result_name(c->result), FALSE);
        csv_field(out, c->reason, FALSE);
        csv_field(out, c->caller, FALSE);
        csv_field(out, c->callee, FALSE);
        csv_field(out, c->call_id, FALSE);
        csv_field(out, ea, FALSE);
        csv_field(out, eb, FALSE);
        csv_field(out, c->result_text, TRUE);
    }
}
