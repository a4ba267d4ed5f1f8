/* test-mgcp.c: unit tests of wire/mgcp.c on the MGCP messages of a real
 * capture (nrusso-modem_mgcp_passthru_nse_tgw.pcapng, frames 35, 36, 43,
 * 4436, 4437, 41: Wireshark's mgcp dissection of them is the truth) and
 * on crafted edge cases.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "mgcp.h"
#include "sdp.h"

static wire_status
parse(const char *text, mgcp_msg *m, guint *used)
{
    /* an exact-length copy, so that ASan/valgrind see any over-read */
    guint8 *b = g_memdup2(text, strlen(text));
    wire_status st = mgcp_msg_parse(b, (guint)strlen(text), m, used);
    /* the SDP pointer must stay inside the input: re-base it for the test */
    if (m->sdp) {
        g_assert_true(m->sdp >= b && m->sdp + m->sdp_len <= b + strlen(text));
        m->sdp = (const guint8 *)text + (m->sdp - b);
    }
    g_free(b);
    return st;
}

static void
test_crcx(void)
{
    mgcp_msg m;
    guint used;
    g_assert_cmpint(parse("CRCX 203 AALN/S0/SU0/0@KYDAVIS-BR3.kydavis.cisco.com MGCP 0.1\r\n"
                          "C: A000000001bd5421000000F5\r\nX: 9\r\nL: p:20, a:G.729b, s:off, t:b8\r\n"
                          "M: recvonly\r\nR: L/hd\r\nS: L/rg, L/ci(04/25/20/55,8678309,)\r\nQ: process,loop\r\n",
                          &m, &used), ==, WIRE_OK);
    g_assert_true(m.is_command);
    g_assert_cmpstr(m.verb, ==, "CRCX");
    g_assert_cmpuint(m.transaction, ==, 203);
    g_assert_cmpstr(m.endpoint, ==, "AALN/S0/SU0/0@KYDAVIS-BR3.kydavis.cisco.com");
    g_assert_cmpstr(m.call_id, ==, "A000000001bd5421000000F5");
    g_assert_cmpstr(m.mode, ==, "recvonly");
    g_assert_null(m.sdp);
}

static void
test_response_with_sdp(void)
{
    const char *text = "200 203 OK\r\nI: 3\r\n\r\nv=0\r\nc=IN IP4 10.10.245.5\r\n"
                       "m=audio 16408 RTP/AVP 18 100\r\na=rtpmap:18 G.729/8000\r\n";
    mgcp_msg m;
    guint used;
    g_assert_cmpint(parse(text, &m, &used), ==, WIRE_OK);
    g_assert_false(m.is_command);
    g_assert_cmpuint(m.code, ==, 200);
    g_assert_cmpuint(m.transaction, ==, 203);
    g_assert_cmpstr(m.comment, ==, "OK");
    g_assert_cmpstr(m.connection_id, ==, "3");
    g_assert_nonnull(m.sdp);
    sdp_info s;
    g_assert_cmpint(sdp_parse(m.sdp, m.sdp_len, &s), ==, WIRE_OK);
    g_assert_cmpuint(s.n_media, ==, 1);
    g_assert_cmpuint(s.media[0].port, ==, 16408);
    g_assert_cmpuint(used, ==, strlen(text));
}

static void
test_dlcx_ntfy(void)
{
    mgcp_msg m;
    guint used;
    g_assert_cmpint(parse("250 210 OK\r\nP: PS=2177, OS=341432, PR=2183, OR=341724, PL=0, JI=0, LA=0\r\n",
                          &m, &used), ==, WIRE_OK);
    g_assert_cmpuint(m.code, ==, 250);
    g_assert_cmpstr(m.conn_params, ==, "PS=2177, OS=341432, PR=2183, OR=341724, PL=0, JI=0, LA=0");
    g_assert_cmpint(parse("NTFY 66867085 aaln/S0/SU0/0@KYDAVIS-BR3.kydavis.cisco.com MGCP 0.1\r\n"
                          "N: ca@10.10.244.2:2427\r\nX: 9\r\nO: L/hd\r\n", &m, &used), ==, WIRE_OK);
    g_assert_cmpstr(m.verb, ==, "NTFY");
    g_assert_cmpuint(m.transaction, ==, 66867085);
    g_assert_cmpstr(m.observed, ==, "L/hd");
}

/* RFC 3435 3.5.5: piggy-backed messages separated by a "." line */
static void
test_piggyback(void)
{
    const char *text = "200 1 OK\r\n.\r\nMDCX 2 aaln/1@gw MGCP 1.0\r\nC: 12AB\r\n\r\nv=0\r\n"
                       "m=image 4000 udptl t38\r\n.\r\nDLCX 3 aaln/1@gw MGCP 1.0\r\nC: 12AB\r\n";
    mgcp_msg m;
    guint used, pos = 0;
    g_assert_cmpint(parse(text, &m, &used), ==, WIRE_OK);
    g_assert_cmpuint(m.code, ==, 200);
    pos += used;
    g_assert_cmpint(parse(text + pos, &m, &used), ==, WIRE_OK);
    g_assert_cmpstr(m.verb, ==, "MDCX");
    g_assert_nonnull(m.sdp);
    g_assert_true(g_strstr_len((const char *)m.sdp, m.sdp_len, "m=image") != NULL);
    g_assert_null(g_strstr_len((const char *)m.sdp, m.sdp_len, "DLCX"));
    pos += used;
    g_assert_cmpint(parse(text + pos, &m, &used), ==, WIRE_OK);
    g_assert_cmpstr(m.verb, ==, "DLCX");
    g_assert_cmpuint(pos + used, ==, strlen(text));
}

static void
test_not_mgcp(void)
{
    mgcp_msg m;
    guint used;
    g_assert_cmpint(parse("INVITE sip:a@b SIP/2.0\r\n", &m, &used), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(parse("crcx 1 ep MGCP 1.0\r\n", &m, &used), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(parse("CRCX x ep MGCP 1.0\r\n", &m, &used), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(parse("CRCX 1 ep SIP 1.0\r\n", &m, &used), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(parse("20 1 OK\r\n", &m, &used), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(mgcp_msg_parse(NULL, 0, &m, &used), ==, WIRE_TRUNCATED);
}

/* every prefix of a valid message parses without reading past it */
static void
test_prefixes(void)
{
    const char *text = "MDCX 205 AALN/S0/SU0/0@KYDAVIS-BR3.kydavis.cisco.com MGCP 0.1\r\n"
                       "C: A000000001bd5421000000F5\r\nI: 3\r\nM: sendrecv\r\n\r\nv=0\r\n"
                       "m=audio 16408 RTP/AVP 18\r\nc=IN IP4 10.10.245.3\r\n";
    for (gsize n = 1; n <= strlen(text); n++) {
        guint8 *b = g_memdup2(text, n);
        mgcp_msg m;
        guint used;
        wire_status st = mgcp_msg_parse(b, (guint)n, &m, &used);
        g_assert_true(st == WIRE_OK || st == WIRE_BAD_ENCODING || st == WIRE_TRUNCATED);
        if (st == WIRE_OK) {
            g_assert_cmpuint(used, <=, n);
            if (m.sdp)
                g_assert_true(m.sdp >= b && m.sdp + m.sdp_len <= b + n);
        }
        g_free(b);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mgcp/crcx", test_crcx);
    g_test_add_func("/mgcp/response-sdp", test_response_with_sdp);
    g_test_add_func("/mgcp/dlcx-ntfy", test_dlcx_ntfy);
    g_test_add_func("/mgcp/piggyback", test_piggyback);
    g_test_add_func("/mgcp/not-mgcp", test_not_mgcp);
    g_test_add_func("/mgcp/prefixes", test_prefixes);
    return g_test_run();
}
