/* fax-audit.c: SDP/T.38 parameter audit (see fax-audit.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-audit.h"

#include <stdarg.h>
#include <string.h>

typedef struct {
    fax_audit_item *items;
    guint n, max;
} audit;

static void G_GNUC_PRINTF(3, 4)
add(audit *a, gboolean mismatch, const char *fmt, ...)
{
    if (a->n >= a->max)
        return;
    fax_audit_item *it = &a->items[a->n++];
    it->mismatch = mismatch;
    va_list ap;
    va_start(ap, fmt);
    g_vsnprintf(it->text, sizeof it->text, fmt, ap);
    va_end(ap);
}

static const char *
or_none(const char *s)
{
    return s && *s ? s : "(absent)";
}

/* The SDP with which side X said what it accepts: the offer's sender
 * announced the offer, the other side the answer. */
static const sdp_media *
sdp_of(const fax_call *c, fax_side x)
{
    if (c->has_offer_sdp && c->t38_offer_side == x)
        return &c->offer_image;
    if (c->has_answer_sdp && c->t38_offer_side != x)
        return &c->answer_image;
    return NULL;
}

/* The image streams of the call's offer and answer, and its T.30 story. */
typedef struct {
    const fax_call    *c;
    const sdp_media   *o, *an;   /* offer, answer (NULL: not seen) */
    const sdp_media   *eff;      /* what was agreed (or offered) */
    const t30_summary *s;
} audit_sdp;

/* T38FaxVersion: the answer may lower it, never raise it (T.38 D.2.3). */
static void
audit_version(audit *a, const audit_sdp *sd)
{
    const sdp_media *o = sd->o;
    const sdp_media *an = sd->an;

    if (o && an && o->t38_version >= 0 && an->t38_version > o->t38_version)
        add(a, TRUE, "T38FaxVersion: answer %d above offer %d", an->t38_version, o->t38_version);
    else if (o && an && o->t38_version != an->t38_version)
        add(a, FALSE, "T38FaxVersion: offer %d, answer %d (answer lowered it)", o->t38_version,
            an->t38_version);
}

/* T38MaxBitRate against the fastest DCS rate. */
static void
audit_max_bitrate(audit *a, const audit_sdp *sd)
{
    const sdp_media *o = sd->o;
    const sdp_media *an = sd->an;
    const t30_summary *s = sd->s;

    guint32 maxbr = 0;
    if (o && o->t38_max_bitrate)
        maxbr = o->t38_max_bitrate;
    if (an && an->t38_max_bitrate && (maxbr == 0 || an->t38_max_bitrate < maxbr))
        maxbr = an->t38_max_bitrate;
    guint32 dcs_rate = 0;
    for (guint i = 0; i < s->n_trainings; i++)
        if (s->trainings[i].rate > dcs_rate)
            dcs_rate = s->trainings[i].rate;
    if (maxbr && dcs_rate > maxbr)
        add(a, TRUE, "T38MaxBitRate %u, but a DCS asked for %u bit/s", maxbr, dcs_rate);
}

/* T38FaxRateManagement: transferredTCF sends TCF over T.38, localTCF not. */
static void
audit_rate_mgmt(audit *a, const audit_sdp *sd)
{
    const sdp_media *o = sd->o;
    const sdp_media *an = sd->an;
    const sdp_media *eff = sd->eff;
    const t30_summary *s = sd->s;

    if (o && an && strcmp(o->t38_rate_mgmt, an->t38_rate_mgmt) != 0)
        add(a, TRUE, "T38FaxRateManagement: offer %s, answer %s", or_none(o->t38_rate_mgmt),
            or_none(an->t38_rate_mgmt));
    guint tcf_seen = 0;
    for (guint i = 0; i < s->n_trainings; i++)
        if (s->trainings[i].tcf_frame)
            tcf_seen++;
    if (eff && s->n_trainings) {
        if (g_ascii_strcasecmp(eff->t38_rate_mgmt, "transferredTCF") == 0 && tcf_seen == 0)
            add(a, TRUE, "T38FaxRateManagement transferredTCF, but no TCF data sent for %u DCS",
                s->n_trainings);
        else if (g_ascii_strcasecmp(eff->t38_rate_mgmt, "localTCF") == 0 && tcf_seen > 0)
            add(a, TRUE, "T38FaxRateManagement localTCF, but TCF data sent for %u of %u DCS", tcf_seen,
                s->n_trainings);
    }
}

/* T38FaxMaxDatagram: what the receiver of each direction accepts. */
static void
audit_max_datagram(audit *a, const audit_sdp *sd)
{
    const fax_call *c = sd->c;
    const sdp_media *o = sd->o;
    const sdp_media *an = sd->an;

    for (int x = 0; x < 2; x++) {
        fax_side snd = (fax_side)x, rcv = FAX_OTHER_SIDE(x);
        const sdp_media *rm = sdp_of(c, rcv);
        if (!rm || !c->stream[snd] || rm->t38_max_datagram == 0)
            continue;
        guint32 big = t38_stream_get_stats(c->stream[snd])->max_datagram;
        add(a, big > rm->t38_max_datagram,
            "T38FaxMaxDatagram of %s %u, largest datagram %s->%s %u octets%s", fax_side_name(rcv),
            rm->t38_max_datagram, fax_side_name(snd), fax_side_name(rcv), big,
            big > rm->t38_max_datagram ? ": too big" : ": fits");
    }
    if (o && an && o->t38_max_datagram && an->t38_max_datagram &&
        o->t38_max_datagram != an->t38_max_datagram)
        add(a, FALSE, "T38FaxMaxDatagram differs: offer %u, answer %u (each is its sender's receive limit)",
            o->t38_max_datagram, an->t38_max_datagram);
}

/* T38FaxUdpEC: offered/agreed against what each side used. */
static void
audit_udp_ec(audit *a, const audit_sdp *sd)
{
    const fax_call *c = sd->c;
    const sdp_media *o = sd->o;
    const sdp_media *an = sd->an;
    const sdp_media *eff = sd->eff;

    if (o && an && strcmp(o->t38_udp_ec, an->t38_udp_ec) != 0)
        add(a, FALSE, "T38FaxUdpEC: offer %s, answer %s", or_none(o->t38_udp_ec), or_none(an->t38_udp_ec));
    if (eff)
        for (int x = 0; x < 2; x++) {
            if (!c->stream[x])
                continue;
            const t38_stream_stats *st = t38_stream_get_stats(c->stream[x]);
            const char *used = st->fec_packets ? "t38UDPFEC" : st->redundancy_packets ? "t38UDPRedundancy"
                                                                                      : "t38UDPNoEC";
            guint32 n_used = st->fec_packets ? st->fec_packets : st->redundancy_packets;
            gboolean agreed_none = eff->t38_udp_ec[0] == '\0' ||
                                   g_ascii_strcasecmp(eff->t38_udp_ec, "t38UDPNoEC") == 0;
            gboolean mism = (agreed_none && n_used > 0) ||
                            (!agreed_none && g_ascii_strcasecmp(eff->t38_udp_ec, used) != 0);
            add(a, mism, "T38FaxUdpEC %s, %s->%s sent %s (%u of %u datagrams)", or_none(eff->t38_udp_ec),
                fax_side_name((fax_side)x), fax_side_name(FAX_OTHER_SIDE(x)), used, n_used, st->packets);
        }
}

/* Options the answer may only keep or drop (T.38 D.2.3). */
static void
audit_answer_options(audit *a, const audit_sdp *sd)
{
    const sdp_media *o = sd->o;
    const sdp_media *an = sd->an;

    if (o && an) {
        if (an->t38_fill_bit_removal && !o->t38_fill_bit_removal)
            add(a, TRUE, "T38FaxFillBitRemoval in the answer, not in the offer");
        if (an->t38_transcoding_mmr && !o->t38_transcoding_mmr)
            add(a, TRUE, "T38FaxTranscodingMMR in the answer, not in the offer");
        if (an->t38_transcoding_jbig && !o->t38_transcoding_jbig)
            add(a, TRUE, "T38FaxTranscodingJBIG in the answer, not in the offer");
    }
}

guint
fax_audit_call(const fax_call *c, fax_audit_item *items, guint max)
{
    audit a = { items, 0, max };
    if (!c->has_offer_sdp && !c->has_answer_sdp)
        return 0;
    audit_sdp x;
    x.c = c;
    x.o = c->has_offer_sdp ? &c->offer_image : NULL;
    x.an = c->has_answer_sdp ? &c->answer_image : NULL;
    x.eff = x.an ? x.an : x.o;
    x.s = t30_session_summary(c->session);

    audit_version(&a, &x);
    audit_max_bitrate(&a, &x);
    audit_rate_mgmt(&a, &x);
    audit_max_datagram(&a, &x);
    audit_udp_ec(&a, &x);
    audit_answer_options(&a, &x);
    return a.n;
}
