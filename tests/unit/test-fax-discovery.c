/* test-fax-discovery.c: model/fax-discovery.c (UDPTL found by its shape),
 * the registry's joining of discovered streams to SIP dialogs, and the
 * SDP audit of model/fax-audit.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "fax-discovery.h"
#include "fax-audit.h"

static fax_endpoint
ep(guint8 last, guint16 port)
{
    fax_endpoint e = { 4, { 10, 10, 245, last }, port };
    return e;
}

/* T.38 indicator (no-signal) with empty redundancy, as the Cisco gateways
 * of the nrusso captures send it: seq, IFP length 1, indicator 0, EC. */
static guint
udptl_ind(guint16 seq, guint8 *b)
{
    const guint8 t[] = { (guint8)(seq >> 8), (guint8)seq, 0x01, 0x00, 0x00, 0x00 };
    memcpy(b, t, sizeof t);
    return sizeof t;
}

/* An RTP packet: version 2, PT 0, payload of pseudo-random octets. */
static guint
rtp(guint16 seq, GRand *r, guint8 *b)
{
    b[0] = 0x80; b[1] = 0x00; b[2] = (guint8)(seq >> 8); b[3] = (guint8)seq;
    for (guint i = 4; i < 172; i++)
        b[i] = (guint8)g_rand_int_range(r, 0, 256);
    return 172;
}

/* Feed a no-signal indicator with seq-number SEQ from SRC at FRAME. */
static fax_disc_verdict
feed_ind(fax_discovery *d, const fax_endpoint *src, const fax_endpoint *dst, guint16 seq,
         guint32 frame)
{
    guint8 buf[16];
    const fax_disc_datagram *rp;
    guint n;
    guint len = udptl_ind(seq, buf);
    return fax_discovery_feed(d, src, dst, buf, len, frame, frame * 0.1, &rp, &n);
}

static void
test_confirm_and_replay(void)
{
    fax_discovery *d = fax_discovery_new();
    fax_endpoint a = ep(5, 16384), b = ep(3, 16384);
    guint8 buf[16];
    const fax_disc_datagram *rp;
    guint n;
    guint len = udptl_ind(0x13b, buf);
    g_assert_true(udptl_plausible(buf, len));
    g_assert_cmpint(fax_discovery_feed(d, &a, &b, buf, len, 10, 1.0, &rp, &n), ==, FAX_DISC_PENDING);
    /* the other direction's datagram does not break A's streak */
    len = udptl_ind(0x44, buf);
    g_assert_cmpint(fax_discovery_feed(d, &b, &a, buf, len, 11, 1.1, &rp, &n), ==, FAX_DISC_PENDING);
    len = udptl_ind(0x13c, buf);
    g_assert_cmpint(fax_discovery_feed(d, &a, &b, buf, len, 12, 1.2, &rp, &n), ==, FAX_DISC_PENDING);
    len = udptl_ind(0x13d, buf);
    g_assert_cmpint(fax_discovery_feed(d, &a, &b, buf, len, 13, 1.3, &rp, &n), ==, FAX_DISC_CONFIRMED);
    g_assert_cmpuint(n, ==, 4);
    for (guint i = 0; i < n; i++)
        g_assert_cmpuint(rp[i].frame, ==, 10 + i);
    g_assert_true(rp[1].src.addr[3] == 3);
    g_assert_cmpuint(fax_discovery_stats(d)->confirmed, ==, 1);
    fax_discovery_free(d);
}

static void
test_streak_broken(void)
{
    fax_discovery *d = fax_discovery_new();
    fax_endpoint a = ep(5, 16390), b = ep(3, 16390);
    GRand *r = g_rand_new_with_seed(38);
    guint8 buf[200];
    const fax_disc_datagram *rp;
    guint n;
    guint len = udptl_ind(1, buf);
    fax_discovery_feed(d, &a, &b, buf, len, 1, 0.1, &rp, &n);
    len = udptl_ind(2, buf);
    fax_discovery_feed(d, &a, &b, buf, len, 2, 0.2, &rp, &n);
    len = rtp(7, r, buf);
    g_assert_cmpint(fax_discovery_feed(d, &a, &b, buf, len, 3, 0.3, &rp, &n), ==, FAX_DISC_NO);
    len = udptl_ind(3, buf);
    g_assert_cmpint(fax_discovery_feed(d, &a, &b, buf, len, 4, 0.4, &rp, &n), ==, FAX_DISC_PENDING);
    g_rand_free(r);
    fax_discovery_free(d);
}

/* 20,000 RTP packets with random payloads: none confirmed. */
static void
test_rtp_never_confirmed(void)
{
    fax_discovery *d = fax_discovery_new();
    fax_endpoint a = ep(1, 20000), b = ep(2, 30000);
    GRand *r = g_rand_new_with_seed(1);
    guint8 buf[200];
    const fax_disc_datagram *rp;
    guint n;
    for (guint i = 0; i < 20000; i++) {
        guint len = rtp((guint16)i, r, buf);
        g_assert_cmpint(fax_discovery_feed(d, &a, &b, buf, len, i + 1, i * 0.02, &rp, &n), !=,
                        FAX_DISC_CONFIRMED);
    }
    g_assert_cmpuint(fax_discovery_stats(d)->confirmed, ==, 0);
    g_rand_free(r);
    fax_discovery_free(d);
}

/* A DNS query for NAME with transaction id ID (RFC 1035 4.1). */
static guint
dns_query(guint16 id, const char *name, guint8 *b)
{
    guint n = 0;
    const guint8 hdr[] = { (guint8)(id >> 8), (guint8)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
    memcpy(b, hdr, sizeof hdr);
    n = sizeof hdr;
    for (const char *p = name; *p;) {
        const char *dot = strchr(p, '.');
        guint l = dot ? (guint)(dot - p) : (guint)strlen(p);
        b[n++] = (guint8)l;
        memcpy(b + n, p, l);
        n += l;
        p += l + (dot ? 1 : 0);
    }
    b[n++] = 0;
    b[n++] = 0; b[n++] = 1;   /* QTYPE A */
    b[n++] = 0; b[n++] = 1;   /* QCLASS IN */
    return n;
}

/* Feed N datagrams made by MAKE on one tuple: none may confirm. */
static void
never_confirmed(const char *what, guint n, guint (*make)(guint i, GRand *r, guint8 *b))
{
    fax_discovery *d = fax_discovery_new();
    fax_endpoint a = ep(7, 20000), b = ep(8, 27960);
    GRand *r = g_rand_new_with_seed(2026);
    guint8 buf[1500];
    const fax_disc_datagram *rp;
    guint nr;
    for (guint i = 0; i < n; i++) {
        guint len = make(i, r, buf);
        if (i % 2)
            g_assert_cmpint(fax_discovery_feed(d, &b, &a, buf, len, i + 1, i * 0.01, &rp, &nr), !=,
                            FAX_DISC_CONFIRMED);
        else
            g_assert_cmpint(fax_discovery_feed(d, &a, &b, buf, len, i + 1, i * 0.01, &rp, &nr), !=,
                            FAX_DISC_CONFIRMED);
    }
    g_test_message("%s: %u datagrams, %u plausible, 0 confirmed", what, n,
                   fax_discovery_stats(d)->plausible);
    g_assert_cmpuint(fax_discovery_stats(d)->confirmed, ==, 0);
    g_rand_free(r);
    fax_discovery_free(d);
}

static guint
make_dns(guint i, GRand *r, guint8 *b)
{
    static const char *const names[] = { "sbc1.carrier.example", "fax.example.org", "a.b", "x" };
    (void)i;
    return dns_query((guint16)g_rand_int_range(r, 0, 65536), names[g_rand_int_range(r, 0, 4)], b);
}

static guint
make_sip(guint i, GRand *r, guint8 *b)
{
    (void)r;
    return (guint)g_snprintf((char *)b, 1500,
                             "OPTIONS sip:gw%u@10.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.2\r\n"
                             "Call-ID: %u@x\r\nCSeq: %u OPTIONS\r\nContent-Length: 0\r\n\r\n",
                             i % 7, i, i);
}

/* Random payloads, most of them short: a short datagram is the likeliest to
 * pass for UDPTL (an indicator IFP is 6 octets). */
static guint
make_random(guint i, GRand *r, guint8 *b)
{
    guint len = i % 4 ? 3 + (guint)g_rand_int_range(r, 0, 12) : 1 + (guint)g_rand_int_range(r, 0, 400);
    for (guint k = 0; k < len; k++)
        b[k] = (guint8)g_rand_int_range(r, 0, 256);
    return len;
}

/* Random payloads whose first two octets count up like a seq-number: only
 * the shape of what follows can tell them from UDPTL. */
static guint
make_random_counting(guint i, GRand *r, guint8 *b)
{
    guint len = make_random(i, r, b);
    if (len < 2)
        len = 2;
    b[0] = (guint8)(i >> 9);
    b[1] = (guint8)(i >> 1);
    return len;
}

/* Plausible in shape (a no-signal indicator) but with the seq-number of a
 * DNS id, random: a sender of UDPTL counts up, this does not. */
static guint
make_udptl_shape_random_seq(guint i, GRand *r, guint8 *b)
{
    (void)i;
    return udptl_ind((guint16)g_rand_int_range(r, 0, 65536), b);
}

static guint
make_rtp(guint i, GRand *r, guint8 *b)
{
    return rtp((guint16)i, r, b);
}

/* Traffic that a port-registered dissector takes: never UDPTL. */
static void
test_other_protocols_never_confirmed(void)
{
    never_confirmed("DNS", 20000, make_dns);
    never_confirmed("SIP", 2000, make_sip);
    never_confirmed("random", 20000, make_random);
    never_confirmed("random, counting first octets", 20000, make_random_counting);
    never_confirmed("RTP", 20000, make_rtp);
    never_confirmed("UDPTL-shaped, random seq-numbers", 20000, make_udptl_shape_random_seq);
}

/* Plausible datagrams whose seq-numbers jump (T.38 9.1: a sender counts up
 * by one per IFP) do not make a stream; a one-off plausible datagram stops
 * keeping every later frame under test after FAX_DISC_WAIT_FRAMES. */
static void
test_seq_steps_and_wait(void)
{
    fax_discovery *d = fax_discovery_new();
    fax_endpoint a = ep(5, 20000), b = ep(3, 27960), c = ep(9, 4000);
    guint8 buf[16];
    const fax_disc_datagram *rp;
    guint n;
    g_assert_cmpint(feed_ind(d, &a, &b, 100, 1), ==, FAX_DISC_PENDING);
    g_assert_cmpint(feed_ind(d, &a, &b, 5000, 2), ==, FAX_DISC_PENDING);
    g_assert_cmpint(feed_ind(d, &a, &b, 9000, 3), ==, FAX_DISC_PENDING);
    g_assert_cmpuint(fax_discovery_stats(d)->confirmed, ==, 0);
    /* a repeat (same seq) and the next one: confirmed, from the first of them */
    g_assert_cmpint(feed_ind(d, &a, &b, 9000, 4), ==, FAX_DISC_PENDING);
    guint len = udptl_ind(9001, buf);
    g_assert_cmpint(fax_discovery_feed(d, &a, &b, buf, len, 5, 0.5, &rp, &n), ==, FAX_DISC_CONFIRMED);
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpuint(rp[0].frame, ==, 3);
    /* a one-off candidate: waited for, then not any more */
    g_assert_cmpint(feed_ind(d, &c, &b, 1, 10), ==, FAX_DISC_PENDING);
    g_assert_true(fax_discovery_waiting(d, 10 + FAX_DISC_WAIT_FRAMES));
    g_assert_false(fax_discovery_waiting(d, 11 + FAX_DISC_WAIT_FRAMES));
    g_assert_cmpuint(fax_discovery_pending(d), ==, 1);
    fax_discovery_free(d);
}

/* In-band switch: UDPTL on the audio port of a SIP dialog joins it. */
static void
test_join_audio_dialog(void)
{
    fax_registry *reg = fax_registry_new();
#define INV \
        "INVITE sip:1234@10.10.245.5 SIP/2.0\r\nVia: SIP/2.0/UDP 10.10.245.3\r\n" \
        "From: <sip:10.10.245.3>;tag=a1\r\nTo: <sip:1234@10.10.245.5>\r\nCall-ID: nse-1\r\n" \
        "CSeq: 101 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: %u\r\n\r\n%s"
    const char *body = "v=0\r\no=x 1 1 IN IP4 10.10.245.3\r\ns=-\r\nc=IN IP4 10.10.245.3\r\nt=0 0\r\n"
                       "m=audio 16390 RTP/AVP 0\r\n";
    char *msg = g_strdup_printf(INV, (guint)strlen(body), body);
    sip_msg m;
    sdp_info sdp;
    g_assert_cmpint(sip_msg_parse((const guint8 *)msg, (guint)strlen(msg), &m), ==, WIRE_OK);
    g_assert_cmpint(sdp_parse((const guint8 *)body, (guint)strlen(body), &sdp), ==, WIRE_OK);
    fax_endpoint a = ep(3, 5060), b = ep(5, 5060);
    fax_sip_note sn;
    fax_registry_sip(reg, &m, &sdp, &a, &b, 1, 0.0, &sn);
    g_assert_null(sn.call);
    fax_endpoint ua = ep(3, 16390), ub = ep(5, 16390);
    g_assert_true(fax_registry_is_audio_port(reg, &ub, &ua));
    guint8 buf[16];
    guint len = udptl_ind(5, buf);
    fax_udptl_note un;
    fax_registry_udptl_found(reg, &ub, &ua, buf, len, 50, 5.0, 52, &un);
    g_assert_nonnull(un.call);
    g_assert_cmpint(un.call->t38, ==, FAX_T38_INBAND);
    g_assert_cmpint(un.call->found_how, ==, FAX_FOUND_AUDIO_PORT);
    g_assert_cmpint(un.side, ==, FAX_SIDE_B);   /* sent to A's audio endpoint */
    g_assert_cmpstr(un.call->call_id, ==, "nse-1");
    g_assert_cmpuint(un.n_earlier, ==, 1);
    g_assert_true(fax_registry_is_found(reg, &ua, &ub));
    g_free(msg);
    fax_registry_free(reg);
}

static void
test_audit(void)
{
    fax_call c;
    memset(&c, 0, sizeof c);
    c.session = t30_session_new();
    c.has_offer_sdp = c.has_answer_sdp = TRUE;
    c.t38_offer_side = FAX_SIDE_B;
    c.offer_image.t38_version = 0;
    c.answer_image.t38_version = 3;
    c.offer_image.t38_max_datagram = 1400;
    c.answer_image.t38_max_datagram = 176;
    g_strlcpy(c.offer_image.t38_rate_mgmt, "transferredTCF", sizeof c.offer_image.t38_rate_mgmt);
    g_strlcpy(c.answer_image.t38_rate_mgmt, "localTCF", sizeof c.answer_image.t38_rate_mgmt);
    c.answer_image.t38_transcoding_jbig = TRUE;
    fax_audit_item it[FAX_AUDIT_MAX];
    guint n = fax_audit_call(&c, it, FAX_AUDIT_MAX);
    GString *all = g_string_new(NULL);
    guint mism = 0;
    for (guint i = 0; i < n; i++) {
        g_string_append_printf(all, "%s|", it[i].text);
        mism += it[i].mismatch;
    }
    g_assert_nonnull(strstr(all->str, "T38FaxVersion: answer 3 above offer 0"));
    g_assert_nonnull(strstr(all->str, "T38FaxRateManagement: offer transferredTCF, answer localTCF"));
    g_assert_nonnull(strstr(all->str, "T38FaxMaxDatagram differs: offer 1400, answer 176"));
    g_assert_nonnull(strstr(all->str, "TranscodingJBIG in the answer"));
    g_assert_cmpuint(mism, ==, 3);
    g_string_free(all, TRUE);
    t30_session_free(c.session);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/discovery/confirm_and_replay", test_confirm_and_replay);
    g_test_add_func("/discovery/streak_broken", test_streak_broken);
    g_test_add_func("/discovery/rtp_never_confirmed", test_rtp_never_confirmed);
    g_test_add_func("/discovery/other_protocols_never_confirmed", test_other_protocols_never_confirmed);
    g_test_add_func("/discovery/seq_steps_and_wait", test_seq_steps_and_wait);
    g_test_add_func("/discovery/join_audio_dialog", test_join_audio_dialog);
    g_test_add_func("/audit/offer_answer", test_audit);
    return g_test_run();
}
