/* test-g711.c: G.711 companding against the G.711 tables.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "g711.h"

/* G.711 Table 2a (µ-law) decision values, x4 for 16 bits: code -> value */
static void
test_ulaw_points(void)
{
    g_assert_cmpint(g711_ulaw_to_linear(0xFF), ==, 0);
    g_assert_cmpint(g711_ulaw_to_linear(0x7F), ==, 0);
    g_assert_cmpint(g711_ulaw_to_linear(0x80), ==, 32124);    /* max positive */
    g_assert_cmpint(g711_ulaw_to_linear(0x00), ==, -32124);
    g_assert_cmpint(g711_ulaw_to_linear(0xFE), ==, 8);
    g_assert_cmpint(g711_ulaw_to_linear(0xEF), ==, 132);      /* 33 x 4: segment 1 start */
}

static void
test_alaw_points(void)
{
    g_assert_cmpint(g711_alaw_to_linear(0xD5), ==, 8);
    g_assert_cmpint(g711_alaw_to_linear(0x55), ==, -8);
    g_assert_cmpint(g711_alaw_to_linear(0xAA), ==, 32256);    /* max positive */
    g_assert_cmpint(g711_alaw_to_linear(0x2A), ==, -32256);
}

/* every code survives decode -> encode (the quantizer is idempotent) */
static void
test_roundtrip_codes(void)
{
    guint c;
    for (c = 0; c < 256; c++) {
        if (c != 0x7F)   /* µ-law -0 encodes as +0 */
            g_assert_cmpuint(g711_linear_to_ulaw(g711_ulaw_to_linear((guint8)c)), ==, c);
        g_assert_cmpuint(g711_linear_to_alaw(g711_alaw_to_linear((guint8)c)), ==, c);
    }
}

/* encoding is monotonic and the error is within half a quantizer step */
static void
test_quantizer_error(void)
{
    gint v;
    for (v = -32768; v <= 32767; v += 7) {
        gint u = g711_ulaw_to_linear(g711_linear_to_ulaw((gint16)v));
        gint a = g711_alaw_to_linear(g711_linear_to_alaw((gint16)v));
        gint eu = ABS(u - v), ea = ABS(a - v);
        /* the step is 1/16 of the segment: about 6.5 % of |v|, >= 8 */
        g_assert_cmpint(eu, <=, MAX(16, ABS(v) / 15) + (ABS(v) > 32124 ? 700 : 0));
        g_assert_cmpint(ea, <=, MAX(16, ABS(v) / 15) + (ABS(v) > 32256 ? 600 : 0));
    }
}

static void
test_block(void)
{
    gint16 in[4] = { 0, 1000, -1000, 30000 }, out[4];
    guint8 c[4];
    g711_encode_samples(FAX_G711_ALAW, in, 4, c);
    g711_decode_codes(FAX_G711_ALAW, c, 4, out);
    g_assert_cmpint(out[1], ==, g711_alaw_to_linear(g711_linear_to_alaw(1000)));
    g_assert_cmpint(out[2], <, 0);
    g711_encode_samples(FAX_G711_ULAW, in, 4, c);
    g_assert_cmpuint(c[0], ==, FAX_G711_ULAW_SILENCE);
    g711_decode_codes(FAX_G711_ULAW, c, 4, out);
    g_assert_cmpint(out[3], >, 28000);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/g711/ulaw-points", test_ulaw_points);
    g_test_add_func("/g711/alaw-points", test_alaw_points);
    g_test_add_func("/g711/roundtrip", test_roundtrip_codes);
    g_test_add_func("/g711/quantizer", test_quantizer_error);
    g_test_add_func("/g711/block", test_block);
    return g_test_run();
}
