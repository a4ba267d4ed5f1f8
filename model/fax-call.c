/* fax-call.c: one fax call: its lifetime, its verdict at the end of the
 * capture, and the names of its states (see fax-call.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-call.h"

fax_call *
fax_call_new(guint id, fax_origin origin, guint32 frame, double t, gboolean pages)
{
    fax_call *c = g_new0(fax_call, 1);
    c->id = id;
    c->origin = origin;
    c->first_frame = c->last_frame = frame;
    c->t_first = c->t_last = t;
    c->session = t30_session_new();
    if (pages)
        c->pages = page_asm_new();
    c->result = FAX_RESULT_NOT_FAX;
    c->reason = "none";
    return c;
}

void
fax_call_free(fax_call *c)
{
    g_free(c->call_id);
    g_free(c->caller);
    g_free(c->callee);
    g_free(c->party[0]);
    g_free(c->party[1]);
    g_free(c->user_agent[0]);
    g_free(c->user_agent[1]);
    for (int i = 0; i < 2; i++)
        if (c->stream[i])
            t38_stream_free(c->stream[i]);
    t30_session_free(c->session);
    page_asm_free(c->pages);
    g_free(c->loss_page[0]);
    g_free(c->loss_page[1]);
    g_free(c);
}

void
fax_call_touch(fax_call *c, guint32 frame, double t)
{
    if (frame > c->last_frame) {
        c->last_frame = frame;
        c->t_last = t;
    }
}

/* ---- verdict ------------------------------------------------------------ */

/* Calls whose T.38 was offered and answered in the capture (SIP/SDP,
 * MGCP/SDP): a refusal there means no T.38 media. */
static gboolean
offer_answer_origin(const fax_call *c)
{
    return c->origin == FAX_ORIGIN_SIP || c->origin == FAX_ORIGIN_MGCP;
}

/* T.38 refused or answered without image in a capture that starts
 * mid-call: the fax may have gone on in G.711 audio whose ports only the
 * INVITE's SDP (not captured) announced; nothing says it did not. */
static gboolean
verdict_audio_unknown(fax_call *c, const char *what)
{
    if (!c->mid_call)
        return FALSE;
    c->result = FAX_RESULT_INCOMPLETE;
    g_snprintf(c->result_text, sizeof c->result_text,
               "%s; a fax in G.711 audio after it cannot be ruled out: the capture starts "
               "mid-call, the audio ports were announced before it", what);
    return TRUE;
}

/* A SIP call whose T.38 never ran: refused, answered without an image
 * stream, never answered, or no UDPTL at all.  FALSE: T.38 media flowed. */
static gboolean
verdict_no_media(fax_call *c)
{
    char what[96];
    if (offer_answer_origin(c) && c->t38 == FAX_T38_REJECTED) {
        c->reason = "t38_rejected";
        g_snprintf(what, sizeof what, "T.38 rejected (%u %s)", c->t38_answer_status,
                   c->t38_answer_reason[0] ? c->t38_answer_reason : "no reason phrase");
        if (verdict_audio_unknown(c, what))
            return TRUE;
        c->result = FAX_RESULT_NOT_FAX;
        g_strlcpy(c->result_text, what, sizeof c->result_text);
        return TRUE;
    }
    if (offer_answer_origin(c) && c->t38 == FAX_T38_NO_IMAGE) {
        c->reason = "t38_no_image";
        g_snprintf(what, sizeof what, "T.38 re-INVITE answered %u without an image stream",
                   c->t38_answer_status);
        if (verdict_audio_unknown(c, what))
            return TRUE;
        c->result = FAX_RESULT_NOT_FAX;
        g_strlcpy(c->result_text, what, sizeof c->result_text);
        return TRUE;
    }
    if (offer_answer_origin(c) && c->t38 == FAX_T38_OFFERED &&
        c->udptl_packets[0] + c->udptl_packets[1] == 0) {
        c->result = FAX_RESULT_NOT_FAX;
        c->reason = "t38_unanswered";
        g_snprintf(c->result_text, sizeof c->result_text,
                   "T.38 re-INVITE (frame %u) never answered", c->t38_offer_frame);
        return TRUE;
    }
    if (c->udptl_packets[0] + c->udptl_packets[1] == 0) {
        c->result = FAX_RESULT_NOT_FAX;
        c->reason = "no_t38_media";
        g_snprintf(c->result_text, sizeof c->result_text,
                   "T.38 negotiated, no UDPTL seen in either direction");
        return TRUE;
    }
    return FALSE;
}

/* The T.30 session's result is the call's. */
static void
verdict_t30(fax_call *c, const t30_summary *s)
{
    switch (s->result) {
    case T30_RESULT_SUCCESS:    c->result = FAX_RESULT_SUCCESS; break;
    case T30_RESULT_PARTIAL:    c->result = FAX_RESULT_PARTIAL; break;
    case T30_RESULT_FAILED:     c->result = FAX_RESULT_FAILED; break;
    case T30_RESULT_INCOMPLETE: c->result = FAX_RESULT_INCOMPLETE; break;
    case T30_RESULT_NONE:
    default:
        c->result = FAX_RESULT_NOT_FAX;
        c->reason = "no_t30";
        g_snprintf(c->result_text, sizeof c->result_text,
                   "UDPTL seen (%u packets) but no T.30 frame",
                   c->udptl_packets[0] + c->udptl_packets[1]);
        return;
    }
    c->reason = t30_reason_name(s->reason);
    g_strlcpy(c->result_text, s->result_text, sizeof c->result_text);
}

void
fax_call_verdict(fax_call *c)
{
    gboolean released = c->bye_frame != 0;
    /* T.38 with one direction never captured: its answers are unknown */
    if (!c->passthru && (c->udptl_packets[0] == 0) != (c->udptl_packets[1] == 0))
        t30_session_set_missing_side(c->session,
                                     c->udptl_packets[0] == 0 ? FAX_SIDE_A : FAX_SIDE_B);
    else
        t30_session_set_missing_side(c->session, -1);
    t30_session_finish(c->session, c->t_last, c->last_frame, released);
    /* a fax that went as G.711 audio (T.38 never offered, or refused): the
     * T.30 story decides, as for T.38 */
    if (!c->passthru && verdict_no_media(c))
        return;
    verdict_t30(c, t30_session_summary(c->session));
}

/* ---- names -------------------------------------------------------------- */

const char *
fax_result_name(fax_result res)
{
    switch (res) {
    case FAX_RESULT_SUCCESS:    return "success";
    case FAX_RESULT_PARTIAL:    return "partial";
    case FAX_RESULT_FAILED:     return "failed";
    case FAX_RESULT_INCOMPLETE: return "incomplete";
    case FAX_RESULT_NOT_FAX:    return "not_fax";
    }
    return "unknown";
}

const char *
fax_t38_state_name(fax_t38_state st)
{
    switch (st) {
    case FAX_T38_NONE:     return "none";
    case FAX_T38_OFFERED:  return "offered";
    case FAX_T38_ACCEPTED: return "accepted";
    case FAX_T38_REJECTED: return "rejected";
    case FAX_T38_NO_IMAGE: return "no_image";
    case FAX_T38_INBAND:   return "inband";
    }
    return "unknown";
}

const char *
fax_side_name(fax_side s)
{
    return s == FAX_SIDE_A ? "A" : "B";
}

const char *
fax_found_how_name(fax_found_how h)
{
    switch (h) {
    case FAX_FOUND_WIRESHARK:  return "signalled";
    case FAX_FOUND_SDP_PORT:   return "sdp_image_port";
    case FAX_FOUND_AUDIO_PORT: return "sdp_audio_port";
    case FAX_FOUND_RTP_PORT:   return "fax_audio_port";
    case FAX_FOUND_BARE:       return "unsignalled";
    }
    return "unknown";
}
