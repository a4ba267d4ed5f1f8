/* test-udptl.c: UDPTL framing and IFP decoding (wire/udptl.c), hand-built
 * vectors and real ones from t38faxcap-sample.pcap checked against tshark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "udptl.h"
#include "data/t38/t38faxcap-sample.h"
#include "data/t38/ast-2016-003.h"

/* hex -> bytes; returns length */
static guint
unhex(const char *hex, guint8 *out, guint cap)
{
    guint n = 0;
    for (; hex[0] && hex[1] && n < cap; hex += 2)
        out[n++] = (guint8)((g_ascii_xdigit_value(hex[0]) << 4)
                            | g_ascii_xdigit_value(hex[1]));
    return n;
}

/* Frame 350: seq 4, data v21 hdlc-data [ff], secondary: v21-preamble. */
static void
test_real_hdlc_data(void)
{
    guint8 b[64];
    guint n = unhex("000406c001800000ff00010106", b, sizeof b);
    udptl_packet u;
    ifp_packet p;
    guint used;

    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_OK);
    g_assert_cmpuint(u.seq, ==, 4);
    g_assert_cmpuint(u.primary.len, ==, 6);
    g_assert_cmpint(u.ec, ==, UDPTL_EC_REDUNDANCY);
    g_assert_cmpuint(u.n_secondary, ==, 1);
    g_assert_cmpuint(u.secondary[0].len, ==, 1);
    g_assert_false(u.truncated_lists);

    g_assert_cmpint(ifp_decode(u.primary.buf, u.primary.len, IFP_ASN1_PRE_CORRIGENDUM,
                               &p, &used), ==, WIRE_OK);
    g_assert_cmpuint(used, ==, 6);
    g_assert_true(p.is_data);
    g_assert_cmpuint(p.value, ==, 0);            /* v21 */
    g_assert_cmpuint(p.n_fields, ==, 1);
    g_assert_cmpint(p.fields[0].type, ==, IFP_FIELD_HDLC_DATA);
    g_assert_cmpuint(p.fields[0].len, ==, 1);
    g_assert_cmpuint(p.fields[0].data[0], ==, 0xff);

    g_assert_cmpint(ifp_decode(u.secondary[0].buf, u.secondary[0].len,
                               IFP_ASN1_PRE_CORRIGENDUM, &p, &used), ==, WIRE_OK);
    g_assert_false(p.is_data);
    g_assert_cmpuint(p.value, ==, 3);            /* v21-preamble */
    g_assert_cmpuint(p.n_fields, ==, 0);
    g_assert_true(udptl_plausible(b, n));
}

/* Frames 375 / 390: the end of CSI and DIS.  tshark (pre-corrigendum, its
 * default) shows hdlc-fcs-OK and hdlc-fcs-OK-sig-end; the same octet 0x20
 * means hdlc-fcs-OK-sig-end in the post-corrigendum ASN.1. */
static void
test_real_fcs_variants(void)
{
    guint8 b[64];
    guint n = unhex("001b03c00120000106c00180000004", b, sizeof b);
    udptl_packet u;
    ifp_packet p;

    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_OK);
    g_assert_cmpuint(u.seq, ==, 27);
    g_assert_cmpint(ifp_decode(u.primary.buf, u.primary.len, IFP_ASN1_PRE_CORRIGENDUM,
                               &p, NULL), ==, WIRE_OK);
    g_assert_cmpuint(p.n_fields, ==, 1);
    g_assert_cmpint(p.fields[0].type, ==, IFP_FIELD_HDLC_FCS_OK);
    g_assert_null(p.fields[0].data);
    g_assert_cmpint(ifp_decode(u.primary.buf, u.primary.len, IFP_ASN1_POST_CORRIGENDUM,
                               &p, NULL), ==, WIRE_OK);
    g_assert_cmpint(p.fields[0].type, ==, IFP_FIELD_HDLC_FCS_OK_SIG_END);

    n = unhex("002903c00140000106c00180000018", b, sizeof b);
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_OK);
    g_assert_cmpuint(u.seq, ==, 41);
    g_assert_cmpint(ifp_decode(u.primary.buf, u.primary.len, IFP_ASN1_PRE_CORRIGENDUM,
                               &p, NULL), ==, WIRE_OK);
    g_assert_cmpint(p.fields[0].type, ==, IFP_FIELD_HDLC_FCS_OK_SIG_END);
}

/* Frame 468: V.17 14400 t4-non-ecm-data, 72 octets; frame 451: indicator. */
static void
test_real_nonecm_and_indicator(void)
{
    guint8 b[256];
    const char *hex = NULL;
    udptl_packet u;
    ifp_packet p;
    guint n;

    for (guint i = 0; i < G_N_ELEMENTS(t38faxcap_sample); i++)
        if (t38faxcap_sample[i].frame == 468)
            hex = t38faxcap_sample[i].hex;
    g_assert_nonnull(hex);
    n = unhex(hex, b, sizeof b);
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_OK);
    g_assert_cmpuint(u.seq, ==, 35);
    g_assert_cmpint(ifp_decode(u.primary.buf, u.primary.len, IFP_ASN1_PRE_CORRIGENDUM,
                               &p, NULL), ==, WIRE_OK);
    g_assert_true(p.is_data);
    g_assert_cmpuint(p.value, ==, 8);            /* v17-14400 */
    g_assert_cmpint(p.fields[0].type, ==, IFP_FIELD_T4_NON_ECM_DATA);
    g_assert_cmpuint(p.fields[0].len, ==, 72);

    n = unhex("0022011e00010100", b, sizeof b);
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_OK);
    g_assert_cmpuint(u.seq, ==, 34);
    g_assert_cmpint(ifp_decode(u.primary.buf, u.primary.len, IFP_ASN1_PRE_CORRIGENDUM,
                               &p, NULL), ==, WIRE_OK);
    g_assert_false(p.is_data);
    g_assert_cmpuint(p.value, ==, 15);           /* v17-14400-long-training */
}

/* Every T.38 datagram of the real capture decodes and looks plausible. */
static void
test_real_all(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(t38faxcap_sample); i++) {
        guint8 b[1500];
        guint n = unhex(t38faxcap_sample[i].hex, b, sizeof b);
        udptl_packet u;
        g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_OK);
        g_assert_true(udptl_plausible(b, n));
    }
}

/* Hand-built FEC form: fec-npackets 3, two entries. */
static void
test_fec_form(void)
{
    guint8 b[64];
    guint n = unhex("0102" "0106" "80" "0103" "02" "02aabb" "01cc", b, sizeof b);
    udptl_packet u;

    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_OK);
    g_assert_cmpuint(u.seq, ==, 0x0102);
    g_assert_cmpint(u.ec, ==, UDPTL_EC_FEC);
    g_assert_cmpuint(u.fec_npackets, ==, 3);
    g_assert_cmpuint(u.n_fec, ==, 2);
    g_assert_cmpuint(u.fec[0].len, ==, 2);
    g_assert_cmpuint(u.fec[0].buf[1], ==, 0xbb);
    g_assert_cmpuint(u.fec[1].len, ==, 1);
    g_assert_true(udptl_plausible(b, n));

    /* negative fec-npackets, and an over-long integer */
    n = unhex("0102" "0106" "80" "01ff" "00", b, sizeof b);
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_BAD_ENCODING);
    n = unhex("0102" "0106" "80" "050000000001" "00", b, sizeof b);
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_BAD_ENCODING);
}

/* Length determinants: long form, fragmented form, truncation, trailing. */
static void
test_lengths(void)
{
    guint8 b[600];
    udptl_packet u;
    ifp_packet p;
    guint n = 0, used;

    /* 300-octet hdlc-data: primary length 305 (long form 0x8131), field-data
     * length 300 - 1 = 0x012b. */
    b[n++] = 0x00; b[n++] = 0x07;
    b[n++] = 0x81; b[n++] = 0x31;
    b[n++] = 0xc0; b[n++] = 0x01; b[n++] = 0x80; b[n++] = 0x01; b[n++] = 0x2b;
    for (guint i = 0; i < 300; i++)
        b[n++] = (guint8)i;
    b[n++] = 0x00; b[n++] = 0x00;
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_OK);
    g_assert_cmpuint(u.primary.len, ==, 305);
    g_assert_cmpuint(u.n_secondary, ==, 0);
    g_assert_cmpint(ifp_decode(u.primary.buf, u.primary.len, IFP_ASN1_PRE_CORRIGENDUM,
                               &p, &used), ==, WIRE_OK);
    g_assert_cmpuint(used, ==, 305);
    g_assert_cmpuint(p.fields[0].len, ==, 300);
    g_assert_cmpuint(p.fields[0].data[299], ==, 299 & 0xff);

    /* every truncation of it is TRUNCATED, never a read past the end */
    for (guint cut = 0; cut < n; cut++) {
        guint8 *copy = g_memdup2(b, cut);
        g_assert_cmpint(udptl_decode(copy, cut, &u), ==, WIRE_TRUNCATED);
        g_free(copy);
    }
    /* trailing octet */
    b[n] = 0;
    g_assert_cmpint(udptl_decode(b, n + 1, &u), ==, WIRE_BAD_ENCODING);

    /* a long-form length for a short value is accepted */
    n = unhex("0001" "8001" "06" "00" "00", b, sizeof b);
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_OK);
    g_assert_cmpuint(u.primary.len, ==, 1);

    /* fragmented form (11xxxxxx) is malformed, not followed */
    n = unhex("0001" "c1" "06" "00" "00", b, sizeof b);
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_BAD_ENCODING);
    n = unhex("0001" "0106" "00" "c4", b, sizeof b);
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_BAD_ENCODING);

    /* overlong: primary says 10, only 3 follow */
    n = unhex("0001" "0a" "060000", b, sizeof b);
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_TRUNCATED);
    /* empty primary */
    n = unhex("0001" "00" "00" "00", b, sizeof b);
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_BAD_ENCODING);

    /* field-data length beyond the IFP */
    n = unhex("c0018000ff01", b, sizeof b);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_PRE_CORRIGENDUM, &p, NULL), ==,
                    WIRE_TRUNCATED);
}

/* More secondaries than UDPTL_MAX_SECONDARY. */
static void
test_list_caps(void)
{
    guint8 b[128];
    guint n = 0;
    udptl_packet u;

    b[n++] = 0; b[n++] = 30; b[n++] = 1; b[n++] = 0x02;   /* cng */
    b[n++] = 0x00; b[n++] = 20;
    for (guint i = 0; i < 20; i++) {
        b[n++] = 1;
        b[n++] = 0x02;
    }
    g_assert_cmpint(udptl_decode(b, n, &u), ==, WIRE_OK);
    g_assert_cmpuint(u.n_secondary, ==, UDPTL_MAX_SECONDARY);
    g_assert_true(u.truncated_lists);
    g_assert_false(udptl_plausible(b, n));

    /* IFP with more than IFP_MAX_FIELDS fields (20 x hdlc-sig-end, pre:
     * 4 bits each: 0x11 per two fields) */
    n = 0;
    b[n++] = 0xc0; b[n++] = 20;
    for (guint i = 0; i < 10; i++)
        b[n++] = 0x11;
    ifp_packet p;
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_PRE_CORRIGENDUM, &p, NULL), ==, WIRE_OK);
    g_assert_cmpuint(p.n_fields, ==, IFP_MAX_FIELDS);
    g_assert_true(p.fields_truncated);
}

/* T.38 2002 extensions and the corrigendum difference. */
static void
test_extensions_and_variants(void)
{
    guint8 b[32];
    ifp_packet p;
    guint n, used;

    /* v8-ansam indicator (extension 0): 0x2000 */
    n = unhex("2000", b, sizeof b);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_PRE_CORRIGENDUM, &p, &used), ==, WIRE_OK);
    g_assert_cmpuint(p.value, ==, 16);
    g_assert_cmpuint(used, ==, 2);
    /* v33-14400-training (extension 6): 0x2000 | 6 << 6 */
    n = unhex("2180", b, sizeof b);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_POST_CORRIGENDUM, &p, NULL), ==, WIRE_OK);
    g_assert_cmpuint(p.value, ==, 22);
    /* unknown indicator extension 7 */
    n = unhex("21c0", b, sizeof b);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_POST_CORRIGENDUM, &p, NULL), ==,
                    WIRE_BAD_ENCODING);
    /* t30-data v33-14400 (extension 5) with one hdlc-data field */
    n = unhex("e140" "01" "800000" "aa", b, sizeof b);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_PRE_CORRIGENDUM, &p, &used), ==, WIRE_OK);
    g_assert_cmpuint(p.value, ==, 14);
    g_assert_cmpuint(used, ==, n);
    /* t30-data root value 9 does not exist */
    n = unhex("d2" "01" "800000" "aa", b, sizeof b);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_PRE_CORRIGENDUM, &p, NULL), ==,
                    WIRE_BAD_ENCODING);

    /* post: hdlc-data [13] then hdlc-fcs-OK (5 bits 00010) */
    n = unhex("c002" "800000" "13" "10", b, sizeof b);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_POST_CORRIGENDUM, &p, &used), ==, WIRE_OK);
    g_assert_cmpuint(p.n_fields, ==, 2);
    g_assert_cmpint(p.fields[1].type, ==, IFP_FIELD_HDLC_FCS_OK);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_PRE_CORRIGENDUM, &p, &used), ==, WIRE_OK);
    g_assert_cmpint(p.fields[1].type, ==, IFP_FIELD_HDLC_SIG_END);

    /* two fields without data share an octet: unaligned PER.
     * post: fcs-OK 00010, sig-end 00001 -> 0001 0000 01.. = 0x10 0x40
     * pre:  fcs-OK 0010,  sig-end 0001  -> 0x21 */
    n = unhex("c002" "1040", b, sizeof b);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_POST_CORRIGENDUM, &p, &used), ==, WIRE_OK);
    g_assert_cmpuint(used, ==, 4);
    g_assert_cmpint(p.fields[0].type, ==, IFP_FIELD_HDLC_FCS_OK);
    g_assert_cmpint(p.fields[1].type, ==, IFP_FIELD_HDLC_SIG_END);
    n = unhex("c002" "21", b, sizeof b);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_PRE_CORRIGENDUM, &p, &used), ==, WIRE_OK);
    g_assert_cmpuint(used, ==, 3);
    g_assert_cmpint(p.fields[0].type, ==, IFP_FIELD_HDLC_FCS_OK);
    g_assert_cmpint(p.fields[1].type, ==, IFP_FIELD_HDLC_SIG_END);
    /* post-only: cm-message (extension field type 0) with one octet:
     * 1 1 0 000000 -> 0xc0 0x00, aligned length 0x0000, data */
    n = unhex("c001" "c000" "0000" "aa", b, sizeof b);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_POST_CORRIGENDUM, &p, &used), ==, WIRE_OK);
    g_assert_cmpint(p.fields[0].type, ==, IFP_FIELD_CM_MESSAGE);
    g_assert_cmpuint(p.fields[0].len, ==, 1);
    g_assert_cmpuint(used, ==, n);
    g_assert_cmpint(ifp_decode(b, n, IFP_ASN1_PRE_CORRIGENDUM, &p, &used), ==, WIRE_OK);
    g_assert_cmpuint(used, !=, n);             /* leaves an octet: not this variant */

    g_assert_cmpstr(ifp_field_type_name(IFP_FIELD_HDLC_FCS_OK_SIG_END), ==,
                    "hdlc-fcs-OK-sig-end");
    g_assert_cmpstr(ifp_field_type_name(IFP_FIELD_COUNT), ==, "unknown");
}

/* RTP (version 2) headers with random payloads are not UDPTL. */
static void
test_plausible_rejects_rtp(void)
{
    GRand *r = g_rand_new_with_seed(38);
    guint fp = 0, total = 20000;

    for (guint i = 0; i < total; i++) {
        guint8 b[172];
        guint n = 12 + g_rand_int_range(r, 0, 161);
        for (guint k = 0; k < n; k++)
            b[k] = (guint8)g_rand_int(r);
        b[0] = 0x80;
        b[1] = (guint8)(g_rand_boolean(r) ? 0x00 : 0x08) | (i % 7 == 0 ? 0x80 : 0);
        if (udptl_plausible(b, n))
            fp++;
    }
    g_test_message("udptl_plausible on random RTP: %u of %u", fp, total);
    g_assert_cmpuint(fp, <, total / 1000);
    g_rand_free(r);
}

/* Never crash, never read past len (run under ASan): random bytes and
 * bit-flipped real datagrams. */
static void
test_fuzz(void)
{
    GRand *r = g_rand_new_with_seed(0x7381);
    guint ok = 0;

    for (guint i = 0; i < 60000; i++) {
        guint8 src[1500];
        guint n;
        if (i % 2 == 0) {
            n = g_rand_int_range(r, 0, 80);
            for (guint k = 0; k < n; k++)
                src[k] = (guint8)g_rand_int(r);
        } else {
            const char *hex = i % 4 == 1
                ? t38faxcap_sample[g_rand_int_range(r, 0, G_N_ELEMENTS(t38faxcap_sample))].hex
                : ast_2016_003[g_rand_int_range(r, 0, G_N_ELEMENTS(ast_2016_003))].hex;
            n = unhex(hex, src, sizeof src);
            for (guint f = g_rand_int_range(r, 1, 4); f > 0 && n > 0; f--)
                src[g_rand_int_range(r, 0, n)] ^= (guint8)(1u << g_rand_int_range(r, 0, 8));
            if (g_rand_boolean(r) && n > 0)
                n = g_rand_int_range(r, 0, n);
        }
        /* exact-size heap copy so ASan sees any overread */
        guint8 *b = g_malloc(n ? n : 1);
        memcpy(b, src, n);
        udptl_packet u;
        ifp_packet p;
        if (udptl_decode(b, n, &u) == WIRE_OK) {
            ok++;
            g_assert_cmpuint(u.n_secondary, <=, UDPTL_MAX_SECONDARY);
            g_assert_cmpuint(u.n_fec, <=, UDPTL_MAX_FEC);
            for (guint v = 0; v < 2; v++) {
                guint used = 0;
                if (ifp_decode(u.primary.buf, u.primary.len, (ifp_asn1)v, &p, &used) == WIRE_OK)
                    g_assert_cmpuint(used, <=, u.primary.len);
                for (guint k = 0; k < u.n_secondary; k++)
                    ifp_decode(u.secondary[k].buf, u.secondary[k].len, (ifp_asn1)v, &p, NULL);
            }
        }
        ifp_decode(b, n, IFP_ASN1_PRE_CORRIGENDUM, &p, NULL);
        ifp_decode(b, n, IFP_ASN1_POST_CORRIGENDUM, &p, NULL);
        udptl_plausible(b, n);
        g_free(b);
    }
    g_test_message("fuzz: %u of 60000 framed", ok);
    g_assert_cmpuint(ok, >, 0);
    g_rand_free(r);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/udptl/real/hdlc-data", test_real_hdlc_data);
    g_test_add_func("/udptl/real/fcs-variants", test_real_fcs_variants);
    g_test_add_func("/udptl/real/nonecm-indicator", test_real_nonecm_and_indicator);
    g_test_add_func("/udptl/real/all", test_real_all);
    g_test_add_func("/udptl/fec", test_fec_form);
    g_test_add_func("/udptl/lengths", test_lengths);
    g_test_add_func("/udptl/caps", test_list_caps);
    g_test_add_func("/udptl/ifp/variants", test_extensions_and_variants);
    g_test_add_func("/udptl/plausible/rtp", test_plausible_rejects_rtp);
    g_test_add_func("/udptl/fuzz", test_fuzz);
    return g_test_run();
}
