/* test-sdp.c: unit tests of wire/sdp.c on the SDP of real messages
 * (tests/unit/data/sip) and on crafted descriptions.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "sdp.h"
#include "sip.h"

static guint8 *
load_vector(const char *name, guint *len)
{
    const char *srcdir = g_getenv("G_TEST_SRCDIR");
    gchar *dir = srcdir != NULL ? g_strdup(srcdir) : g_path_get_dirname(__FILE__);
    gchar *path = g_build_filename(dir, "data", "sip", name, NULL), *data = NULL;
    gsize n = 0;
    GError *err = NULL;

    if (!g_file_get_contents(path, &data, &n, &err))
        g_error("cannot read %s: %s", path, err->message);
    g_free(path);
    g_free(dir);
    *len = (guint)n;
    return (guint8 *)data;
}

/* Parse the SDP body of a vector file into *s. */
static void
parse_vector_sdp(const char *file, sdp_info *s)
{
    guint len, sdp_len;
    guint8 *buf = load_vector(file, &len);
    sip_msg m;
    const guint8 *sdp;

    g_assert_cmpint(sip_msg_parse(buf, len, &m), ==, WIRE_OK);
    g_assert_true(sip_msg_sdp_body(&m, &sdp, &sdp_len));
    g_assert_cmpint(sdp_parse(sdp, sdp_len, s), ==, WIRE_OK);
    g_free(buf);
}

static wire_status
parse_str(const char *s, sdp_info *out)
{
    return sdp_parse((const guint8 *)s, (guint)strlen(s), out);
}

static void
assert_ip4(const sdp_addr *a, guint8 b0, guint8 b1, guint8 b2, guint8 b3)
{
    const guint8 want[4] = { b0, b1, b2, b3 };

    g_assert_cmpuint(a->family, ==, 4);
    g_assert_cmpmem(a->bytes, 4, want, 4);
}

static void
assert_no_t38_attrs(const sdp_media *m)
{
    g_assert_cmpint(m->t38_version, ==, -1);
    g_assert_cmpuint(m->t38_max_bitrate, ==, 0);
    g_assert_cmpstr(m->t38_rate_mgmt, ==, "");
    g_assert_cmpuint(m->t38_max_buffer, ==, 0);
    g_assert_cmpuint(m->t38_max_datagram, ==, 0);
    g_assert_cmpstr(m->t38_udp_ec, ==, "");
    g_assert_false(m->t38_fill_bit_removal);
    g_assert_false(m->t38_transcoding_mmr);
    g_assert_false(m->t38_transcoding_jbig);
}

/* ---- real descriptions ------------------------------------------------ */

static void
test_real_t38faxcap(void)
{
    sdp_info s;
    const sdp_media *m;

    /* frame 1: the initial INVITE, PCMU */
    parse_vector_sdp("t38faxcap-f1-invite-pcmu.txt", &s);
    g_assert_cmpstr(s.origin_user, ==, "Sonus_UAC");
    assert_ip4(&s.session_conn, 66, 7, 123, 211);
    g_assert_cmpuint(s.n_media, ==, 1);
    m = &s.media[0];
    g_assert_cmpstr(m->media, ==, "audio");
    g_assert_cmpuint(m->port, ==, 51328);
    g_assert_cmpstr(m->proto, ==, "RTP/AVP");
    g_assert_cmpstr(m->fmt, ==, "0");
    g_assert_false(m->is_t38);
    assert_ip4(&m->conn, 66, 7, 123, 211);
    g_assert_cmpint(sdp_t38_media(&s), ==, -1);
    assert_no_t38_attrs(m);

    /* frame 308: the callee's T.38 re-INVITE */
    parse_vector_sdp("t38faxcap-f308-reinvite-t38.txt", &s);
    g_assert_cmpstr(s.origin_user, ==, "-");
    g_assert_cmpuint(s.n_media, ==, 1);
    g_assert_cmpint(sdp_t38_media(&s), ==, 0);
    m = &s.media[0];
    g_assert_cmpstr(m->media, ==, "image");
    g_assert_cmpuint(m->port, ==, 4441);
    g_assert_cmpstr(m->proto, ==, "udptl");
    g_assert_cmpstr(m->fmt, ==, "t38");
    g_assert_true(m->is_t38);
    assert_ip4(&m->conn, 198, 18, 9, 42);
    g_assert_cmpint(m->dir, ==, SDP_DIR_SENDRECV);
    g_assert_cmpint(m->t38_version, ==, 0);
    g_assert_cmpuint(m->t38_max_bitrate, ==, 14400);
    g_assert_cmpstr(m->t38_rate_mgmt, ==, "transferredTCF");
    g_assert_cmpuint(m->t38_max_buffer, ==, 0);
    g_assert_cmpuint(m->t38_max_datagram, ==, 1400);
    g_assert_cmpstr(m->t38_udp_ec, ==, "t38UDPRedundancy");

    /* frame 319: its 200 OK; the other side's datagram limit is 176 */
    parse_vector_sdp("t38faxcap-f319-200ok-t38.txt", &s);
    g_assert_cmpint(sdp_t38_media(&s), ==, 0);
    m = &s.media[0];
    g_assert_cmpuint(m->port, ==, 51328);
    assert_ip4(&m->conn, 66, 7, 123, 211);
    g_assert_cmpint(m->t38_version, ==, 0);
    g_assert_cmpuint(m->t38_max_bitrate, ==, 14400);
    g_assert_cmpuint(m->t38_max_buffer, ==, 262);
    g_assert_cmpuint(m->t38_max_datagram, ==, 176);
    g_assert_cmpint(m->dir, ==, SDP_DIR_SENDRECV);

    /* frame 702: back to audio */
    parse_vector_sdp("t38faxcap-f702-reinvite-audio.txt", &s);
    g_assert_cmpint(sdp_t38_media(&s), ==, -1);
    g_assert_cmpuint(s.media[0].port, ==, 13572);
    g_assert_cmpstr(s.media[0].fmt, ==, "0 101");
}

static void
test_real_wiki(void)
{
    sdp_info s;
    const sdp_media *m;

    parse_vector_sdp("wiki-t38-f1-invite-g729.txt", &s);
    g_assert_cmpstr(s.origin_user, ==, "Quintum");
    g_assert_cmpuint(s.media[0].port, ==, 10964);
    g_assert_cmpstr(s.media[0].fmt, ==, "18 101");
    g_assert_cmpint(sdp_t38_media(&s), ==, -1);

    /* re-INVITE: image 46012, no T.38 attributes at all */
    parse_vector_sdp("wiki-t38-f11-reinvite-t38.txt", &s);
    g_assert_cmpint(sdp_t38_media(&s), ==, 0);
    m = &s.media[0];
    g_assert_cmpuint(m->port, ==, 46012);
    assert_ip4(&m->conn, 212, 15, 13, 21);
    assert_no_t38_attrs(m);

    /* 200 OK: image 10964, T38FaxVersion 0, MaxBitRate 9600, flags 0 */
    parse_vector_sdp("wiki-t38-f13-200ok-t38.txt", &s);
    g_assert_cmpint(sdp_t38_media(&s), ==, 0);
    m = &s.media[0];
    g_assert_cmpuint(m->port, ==, 10964);
    assert_ip4(&m->conn, 84, 44, 107, 78);
    g_assert_cmpint(m->t38_version, ==, 0);
    g_assert_cmpuint(m->t38_max_bitrate, ==, 9600);
    g_assert_false(m->t38_fill_bit_removal);
    g_assert_false(m->t38_transcoding_mmr);
    g_assert_false(m->t38_transcoding_jbig);

    /* the re-INVITE that was answered 488 */
    parse_vector_sdp("wiki-fb1-f3107-reinvite-t38.txt", &s);
    g_assert_cmpint(sdp_t38_media(&s), ==, 0);
    g_assert_cmpuint(s.media[0].port, ==, 15580);
    assert_ip4(&s.media[0].conn, 138, 132, 169, 101);
}

/* ---- crafted descriptions --------------------------------------------- */

static void
test_t38_attributes(void)
{
    const char *sdp = "v=0\n"
                      "o=gw 1 1 IN IP4 192.0.2.1\n"
                      "c=IN IP4 192.0.2.1\n"
                      "m=image 6000 UDPTL T38\n"
                      "a=t38faxversion:3\n"
                      "a=T38FaxMaxBitRate:33600\n"
                      "a=T38FAXRATEMANAGEMENT:localTCF\n"
                      "a=T38FaxMaxBuffer : 2000\n"
                      "a=T38FaxMaxDatagram:72\n"
                      "a=T38FaxUdpEC:t38UDPFEC\n"
                      "a=T38FaxFillBitRemoval\n"
                      "a=T38FaxTranscodingMMR:true\n"
                      "a=T38FaxTranscodingJBIG:1\n"
                      "a=sendonly\n";
    const char *offs = "v=0\r\n"
                       "m=image 6000 udptl t38\r\n"
                       "a=T38FaxVersion:x\r\n"
                       "a=T38MaxBitRate:99999999999\r\n"
                       "a=T38FaxFillBitRemoval:0\r\n"
                       "a=T38FaxTranscodingMMR:false\r\n"
                       "a=T38FaxMaxDatagram\r\n";
    sdp_info s;
    const sdp_media *m;

    g_assert_cmpint(parse_str(sdp, &s), ==, WIRE_OK);
    g_assert_cmpint(sdp_t38_media(&s), ==, 0);
    m = &s.media[0];
    g_assert_true(m->is_t38);
    g_assert_cmpint(m->t38_version, ==, 3);
    g_assert_cmpuint(m->t38_max_bitrate, ==, 33600);
    g_assert_cmpstr(m->t38_rate_mgmt, ==, "localTCF");
    g_assert_cmpuint(m->t38_max_buffer, ==, 2000);
    g_assert_cmpuint(m->t38_max_datagram, ==, 72);
    g_assert_cmpstr(m->t38_udp_ec, ==, "t38UDPFEC");
    g_assert_true(m->t38_fill_bit_removal);
    g_assert_true(m->t38_transcoding_mmr);
    g_assert_true(m->t38_transcoding_jbig);
    g_assert_cmpint(m->dir, ==, SDP_DIR_SENDONLY);

    /* unparsable numbers stay absent; explicit 0/false are false */
    g_assert_cmpint(parse_str(offs, &s), ==, WIRE_OK);
    assert_no_t38_attrs(&s.media[0]);
}

static void
test_session_level(void)
{
    const char *sdp = "v=0\r\n"
                      "c=IN IP4 10.0.0.1\r\n"
                      "a=recvonly\r\n"
                      "a=T38FaxVersion:1\r\n"
                      "a=T38FaxMaxDatagram:300\r\n"
                      "m=audio 5004 RTP/AVP 0\r\n"
                      "m=image 5006 udptl t38\r\n"
                      "c=IN IP4 10.0.0.2\r\n"
                      "a=T38FaxMaxDatagram:200\r\n"
                      "a=inactive\r\n";
    sdp_info s;

    g_assert_cmpint(parse_str(sdp, &s), ==, WIRE_OK);
    g_assert_cmpuint(s.n_media, ==, 2);
    assert_ip4(&s.media[0].conn, 10, 0, 0, 1);
    assert_ip4(&s.media[1].conn, 10, 0, 0, 2);
    g_assert_cmpint(s.media[0].dir, ==, SDP_DIR_RECVONLY);
    g_assert_cmpint(s.media[1].dir, ==, SDP_DIR_INACTIVE);
    /* session-level T.38 attributes reach the T.38 media only */
    g_assert_cmpint(s.media[0].t38_version, ==, -1);
    g_assert_cmpint(s.media[1].t38_version, ==, 1);
    g_assert_cmpuint(s.media[1].t38_max_datagram, ==, 200);
    g_assert_cmpint(sdp_t38_media(&s), ==, 1);
}

static void
test_ipv6(void)
{
    static const struct {
        const char *c;
        guint8      family;
        guint8      bytes[16];
    } cases[] = {
        { "c=IN IP6 2001:db8::1", 6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
        { "c=IN IP6 ::1", 6, { [15] = 1 } },
        { "c=IN IP6 ::", 6, { 0 } },
        { "c=IN IP6 fe80::", 6, { 0xfe, 0x80 } },
        { "c=IN IP6 2001:DB8:0:0:8:800:200C:417A", 6,
          { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 8, 0x08, 0, 0x20, 0x0c, 0x41, 0x7a } },
        { "c=IN IP6 ::ffff:192.0.2.33", 6, { [10] = 0xff, [11] = 0xff, [12] = 192, [13] = 0, [14] = 2, [15] = 33 } },
        { "c=IN IP6 ff15::101/3", 6, { 0xff, 0x15, [14] = 1, [15] = 1 } },
        { "c=IN IP6 2001:db8:::1", 0, { 0 } },
        { "c=IN IP6 1:2:3:4:5:6:7:8:9", 0, { 0 } },
        { "c=IN IP6 1:2:3:4:5:6:7", 0, { 0 } },
        { "c=IN IP6 12345::", 0, { 0 } },
        { "c=IN IP6 1::2::3", 0, { 0 } },
        { "c=IN IP6 :1::", 0, { 0 } },
        { "c=IN IP6 1:", 0, { 0 } },
        { "c=IN IP6 fe80::1%eth0", 0, { 0 } },
        { "c=IN IP6 1:2:3:4:5:6:7:1.2.3.4", 0, { 0 } },
        { "c=IN IP6 ipv6.example.net", 0, { 0 } },
        { "c=IN IP4 192.0.2.1", 4, { 192, 0, 2, 1 } },
        { "c=IN IP4 224.2.1.1/127/3", 4, { 224, 2, 1, 1 } },
        { "c=IN IP4 gw.example.com", 0, { 0 } },
        { "c=IN IP4 256.1.1.1", 0, { 0 } },
        { "c=IN IP4 1.2.3", 0, { 0 } },
        { "c=IN IP4 1.2.3.4.5", 0, { 0 } },
        { "c=IN IP4", 0, { 0 } },
        { "c=ATM NSAP 47.0091", 0, { 0 } },
        { "c=in ip4 10.1.2.3", 4, { 10, 1, 2, 3 } },
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        gchar *sdp = g_strdup_printf("v=0\r\n%s\r\nm=image 1 udptl t38\r\n", cases[i].c);
        sdp_info s;
        g_test_message("%s", cases[i].c);
        g_assert_cmpint(parse_str(sdp, &s), ==, WIRE_OK);
        g_assert_cmpuint(s.session_conn.family, ==, cases[i].family);
        g_assert_cmpmem(s.session_conn.bytes, 16, cases[i].bytes, 16);
        g_assert_cmpmem(&s.media[0].conn, sizeof(sdp_addr), &s.session_conn, sizeof(sdp_addr));
        g_free(sdp);
    }
}

static void
test_rejected_and_variants(void)
{
    const char *rejected = "v=0\r\nm=image 0 udptl t38\r\nm=audio 0 RTP/AVP 0\r\n";
    const char *second = "v=0\r\nm=audio 0 RTP/AVP 0\r\nm=image 0 udptl t38\r\nm=image 5000 UDPTL t38\r\n";
    static const struct {
        const char *m;
        gboolean    t38;
        guint16     port;
    } variants[] = {
        { "m=image 6000 udptl t38", TRUE, 6000 },
        { "m=image 6000 UDPTL T38", TRUE, 6000 },
        { "m=image 6000 tcp t38", TRUE, 6000 },
        { "m=image 6000 TCPTL t38", TRUE, 6000 },
        { "m=image 6000 TCP/TPKT/T38 t38", TRUE, 6000 },
        { "m=image 6000 udptl t38 t38", TRUE, 6000 },
        { "m=image 6000 RTP/AVP 96", FALSE, 6000 },
        { "m=audio 6000 udptl t38", FALSE, 6000 },
        { "m=image 6000 udptl", FALSE, 6000 },
        { "m=image 6000 udptl t38x", FALSE, 6000 },
        { "m=audio 49170/2 RTP/AVP 0", FALSE, 49170 },
        { "m=image 65536 udptl t38", TRUE, 0 },
        { "m=image -1 udptl t38", TRUE, 0 },
        { "m=image", FALSE, 0 },
        { "m=", FALSE, 0 },
    };
    sdp_info s;

    g_assert_cmpint(parse_str(rejected, &s), ==, WIRE_OK);
    g_assert_cmpuint(s.n_media, ==, 2);
    g_assert_true(s.media[0].is_t38);
    g_assert_cmpuint(s.media[0].port, ==, 0);
    g_assert_cmpint(sdp_t38_media(&s), ==, -1);

    g_assert_cmpint(parse_str(second, &s), ==, WIRE_OK);
    g_assert_cmpint(sdp_t38_media(&s), ==, 2);

    for (gsize i = 0; i < G_N_ELEMENTS(variants); i++) {
        gchar *sdp = g_strdup_printf("v=0\r\n%s\r\n", variants[i].m);
        g_test_message("%s", variants[i].m);
        g_assert_cmpint(parse_str(sdp, &s), ==, WIRE_OK);
        g_assert_cmpuint(s.n_media, ==, 1);
        g_assert_cmpint(s.media[0].is_t38, ==, variants[i].t38);
        g_assert_cmpuint(s.media[0].port, ==, variants[i].port);
        g_free(sdp);
    }
    g_assert_cmpint(sdp_t38_media(NULL), ==, -1);
}

static void
test_limits(void)
{
    GString *sdp = g_string_new("v=0\r\no=");
    sdp_info s;

    for (int i = 0; i < 100; i++)
        g_string_append_c(sdp, 'u');
    g_string_append(sdp, " 1 1 IN IP4 1.2.3.4\r\nm=imageimageimageimage 7 ");
    for (int i = 0; i < 100; i++)
        g_string_append_c(sdp, 'p');
    g_string_append(sdp, " ");
    for (int i = 0; i < 2000; i++)
        g_string_append(sdp, "1 ");
    g_string_append(sdp, "\r\na=T38FaxRateManagement:");
    for (int i = 0; i < 100; i++)
        g_string_append_c(sdp, 'r');
    g_string_append(sdp, "\r\na=T38FaxUdpEC:\x01\x02\xc3\r\n");
    for (int i = 0; i < 20; i++)
        g_string_append_printf(sdp, "m=image %d udptl t38\r\na=T38FaxVersion:%d\r\n", 1000 + i, i);

    g_assert_cmpint(sdp_parse((const guint8 *)sdp->str, (guint)sdp->len, &s), ==, WIRE_OK);
    g_assert_cmpuint(strlen(s.origin_user), ==, sizeof s.origin_user - 1);
    g_assert_cmpuint(strlen(s.media[0].media), ==, sizeof s.media[0].media - 1);
    g_assert_cmpuint(strlen(s.media[0].proto), ==, sizeof s.media[0].proto - 1);
    g_assert_cmpuint(strlen(s.media[0].fmt), ==, sizeof s.media[0].fmt - 1);
    g_assert_cmpuint(strlen(s.media[0].t38_rate_mgmt), ==, sizeof s.media[0].t38_rate_mgmt - 1);
    g_assert_cmpstr(s.media[0].t38_udp_ec, ==, "?");
    g_assert_cmpuint(s.media[0].port, ==, 7);
    g_assert_cmpuint(s.n_media, ==, SDP_MAX_MEDIA);
    g_assert_true(s.media_truncated);
    /* the last kept media has its own attributes, not those of later ones */
    g_assert_cmpuint(s.media[SDP_MAX_MEDIA - 1].port, ==, 1000 + SDP_MAX_MEDIA - 2);
    g_assert_cmpint(s.media[SDP_MAX_MEDIA - 1].t38_version, ==, SDP_MAX_MEDIA - 2);
    g_string_free(sdp, TRUE);
}

static void
test_not_sdp(void)
{
    sdp_info s;

    g_assert_cmpint(sdp_parse(NULL, 0, &s), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_str("", &s), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_str("hello", &s), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(parse_str("o=x 1 1 IN IP4 1.2.3.4\r\nv=0\r\n", &s), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(sdp_parse((const guint8 *)"\0\0\0\0", 4, &s), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(parse_str("\r\n\r\n", &s), ==, WIRE_BAD_ENCODING);
    /* tolerated: leading empty lines, a last line without its end, junk lines */
    g_assert_cmpint(parse_str("\r\nv=0\r\njunk\r\n\x01\x02\r\nm=image 9 udptl t38", &s), ==, WIRE_OK);
    g_assert_cmpint(sdp_t38_media(&s), ==, 0);
    g_assert_cmpint(parse_str("v=0", &s), ==, WIRE_OK);
    g_assert_cmpuint(s.n_media, ==, 0);
}

/* ---- fuzz ------------------------------------------------------------- */

static const char *const fuzz_files[] = {
    "t38faxcap-f1-invite-pcmu.txt", "t38faxcap-f308-reinvite-t38.txt", "t38faxcap-f319-200ok-t38.txt",
    "wiki-t38-f13-200ok-t38.txt",   "wiki-t38-f1-invite-g729.txt",     "wiki-fb1-f3107-reinvite-t38.txt",
};

static void
check_info(const sdp_info *s)
{
    g_assert_cmpuint(s->n_media, <=, SDP_MAX_MEDIA);
    g_assert_nonnull(memchr(s->origin_user, 0, sizeof s->origin_user));
    g_assert_true(s->session_conn.family == 0 || s->session_conn.family == 4 || s->session_conn.family == 6);
    for (guint i = 0; i < s->n_media; i++) {
        const sdp_media *m = &s->media[i];
        g_assert_nonnull(memchr(m->media, 0, sizeof m->media));
        g_assert_nonnull(memchr(m->proto, 0, sizeof m->proto));
        g_assert_nonnull(memchr(m->fmt, 0, sizeof m->fmt));
        g_assert_nonnull(memchr(m->t38_rate_mgmt, 0, sizeof m->t38_rate_mgmt));
        g_assert_nonnull(memchr(m->t38_udp_ec, 0, sizeof m->t38_udp_ec));
        g_assert_true(g_utf8_validate(m->fmt, -1, NULL));
        g_assert_true(g_utf8_validate(m->t38_udp_ec, -1, NULL));
        g_assert_true(m->dir <= SDP_DIR_INACTIVE);
    }
}

static void
test_fuzz(void)
{
    GRand *rng = g_rand_new_with_seed(0x5d9f00d);
    guint8 *bodies[G_N_ELEMENTS(fuzz_files)];
    guint blen[G_N_ELEMENTS(fuzz_files)];

    for (gsize i = 0; i < G_N_ELEMENTS(fuzz_files); i++) {
        guint len;
        guint8 *buf = load_vector(fuzz_files[i], &len);
        sip_msg m;
        const guint8 *sdp;
        g_assert_cmpint(sip_msg_parse(buf, len, &m), ==, WIRE_OK);
        g_assert_true(sip_msg_sdp_body(&m, &sdp, &blen[i]));
        bodies[i] = g_memdup2(sdp, blen[i]);
        g_free(buf);
    }
    for (int it = 0; it < 20000; it++) {
        gsize v = (gsize)g_rand_int_range(rng, 0, G_N_ELEMENTS(fuzz_files));
        guint n = (guint)g_rand_int_range(rng, 0, (gint32)blen[v] + 1);
        guint8 *b = g_memdup2(bodies[v], n); /* exact size: over-reads show under ASan */
        sdp_info s;
        wire_status st;

        if (it % 2 == 1) {
            int flips = g_rand_int_range(rng, 1, 10);
            for (int f = 0; f < flips && n > 0; f++) {
                static const guint8 nasty[] = { '\r', '\n', ' ', ':', '/', '=', '.', 'm', 'c', 0, 0xff, 0xc3 };
                guint at = (guint)g_rand_int_range(rng, 0, (gint32)n);
                b[at] = g_rand_boolean(rng) ? (guint8)g_rand_int_range(rng, 0, 256)
                                            : nasty[g_rand_int_range(rng, 0, (gint32)sizeof nasty)];
            }
        }
        st = sdp_parse(b, n, &s);
        g_assert_true(st == WIRE_OK || st == WIRE_TRUNCATED || st == WIRE_BAD_ENCODING);
        check_info(&s);
        (void)sdp_t38_media(&s);
        g_free(b);
    }
    for (gsize i = 0; i < G_N_ELEMENTS(fuzz_files); i++)
        g_free(bodies[i]);
    g_rand_free(rng);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sdp/real/t38faxcap", test_real_t38faxcap);
    g_test_add_func("/sdp/real/wiki", test_real_wiki);
    g_test_add_func("/sdp/t38-attributes", test_t38_attributes);
    g_test_add_func("/sdp/session-level", test_session_level);
    g_test_add_func("/sdp/ipv6-and-conn", test_ipv6);
    g_test_add_func("/sdp/rejected-and-variants", test_rejected_and_variants);
    g_test_add_func("/sdp/limits", test_limits);
    g_test_add_func("/sdp/not-sdp", test_not_sdp);
    g_test_add_func("/sdp/fuzz", test_fuzz);
    return g_test_run();
}
