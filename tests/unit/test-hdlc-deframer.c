/* test-hdlc-deframer.c: flags, de-stuffing, FCS, aborts, bounds.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hdlc-deframer.h"
#include "fax-synth.h"

typedef struct {
    guint n, bad;
    guint8 last[HDLC_DEFRAMER_MAX];
    guint last_len;
} got;

static void
on_frame(const guint8 *f, guint len, gboolean ok, void *user)
{
    got *g = user;
    if (ok)
        g->n++;
    else
        g->bad++;
    memcpy(g->last, f, len);
    g->last_len = len;
}

static void
feed(hdlc_deframer *h, const GByteArray *b)
{
    guint i;
    for (i = 0; i < b->len; i++)
        hdlc_deframer_bit(h, b->data[i]);
}

/* T.30 DIS as Wireshark shows it in T.38: FF C8 01 ... */
static const guint8 dis[] = { 0xFF, 0xC8, 0x01, 0x00, 0x56, 0x00, 0x00, 0xFF, 0x7E, 0x1F };

static void
test_frame(void)
{
    const guint8 *fr[1] = { dis };
    guint len[1] = { sizeof dis };
    GByteArray *b = hdlc_bits(fr, len, 1, 10);
    hdlc_deframer h;
    got g = { 0 };
    hdlc_deframer_init(&h, on_frame, &g);
    feed(&h, b);
    g_assert_cmpuint(g.n, ==, 1);
    g_assert_cmpuint(g.bad, ==, 0);
    g_assert_cmpuint(g.last_len, ==, sizeof dis);
    g_assert_cmpmem(g.last, g.last_len, dis, sizeof dis);   /* 0x7E, 0xFF, 0x1F: stuffing */
    g_assert_cmpuint(h.stats.flags, >=, 12);
    g_byte_array_free(b, TRUE);
}

/* a known FCS: ISO 3309 check of "123456789" is 0x906E (X.25) */
static void
test_fcs_vector(void)
{
    guint8 rev[9], fcs[2];
    const char *s = "123456789";
    guint i, k;
    for (i = 0; i < 9; i++) {          /* T.38 order = each octet bit-reversed */
        rev[i] = 0;
        for (k = 0; k < 8; k++)
            if ((guint8)s[i] & (1u << k))
                rev[i] |= (guint8)(0x80u >> k);
    }
    hdlc_deframer_fcs16_append(rev, 9, fcs);
    /* 0x906E sent low octet first, each octet LSB first */
    g_assert_cmphex(fcs[0], ==, 0x76);   /* 0x6E reversed */
    g_assert_cmphex(fcs[1], ==, 0x09);   /* 0x90 reversed */
}

static void
test_bad_fcs_and_abort(void)
{
    const guint8 *fr[2] = { dis, dis };
    guint len[2] = { sizeof dis, sizeof dis };
    GByteArray *b = hdlc_bits(fr, len, 2, 4);
    hdlc_deframer h;
    got g = { 0 };
    guint i;
    /* flip one bit inside the first frame's FIF (well after the flags) */
    b->data[32 + 40] ^= 1;
    hdlc_deframer_init(&h, on_frame, &g);
    feed(&h, b);
    g_assert_cmpuint(g.bad + h.stats.runts, >=, 1);
    g_assert_cmpuint(g.n, ==, 1);
    /* seven ones inside a frame: abort, nothing delivered */
    hdlc_deframer_init(&h, on_frame, &g);
    g.n = g.bad = 0;
    for (i = 0; i < 32 + 30; i++)
        hdlc_deframer_bit(&h, b->data[i]);
    for (i = 0; i < 8; i++)
        hdlc_deframer_bit(&h, 1);
    g_assert_cmpuint(h.stats.aborts, ==, 1);
    g_assert_cmpuint(g.n + g.bad, ==, 0);
    g_byte_array_free(b, TRUE);
}

static void
test_overlong_and_noise(void)
{
    hdlc_deframer h;
    got g = { 0 };
    guint i;
    guint32 x = 12345;
    const guint8 flag[8] = { 0, 1, 1, 1, 1, 1, 1, 0 };
    hdlc_deframer_init(&h, on_frame, &g);
    for (i = 0; i < 8; i++)
        hdlc_deframer_bit(&h, flag[i]);
    for (i = 0; i < 8 * (HDLC_DEFRAMER_MAX + 50); i++)
        hdlc_deframer_bit(&h, (i % 3) != 0);       /* 110110...: never 5 ones */
    for (i = 0; i < 8; i++)
        hdlc_deframer_bit(&h, flag[i]);
    g_assert_cmpuint(h.stats.overlong, ==, 1);
    g_assert_cmpuint(g.n + g.bad, ==, 0);
    /* random bits: no good frame comes out of 100000 */
    for (i = 0; i < 100000; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        hdlc_deframer_bit(&h, x & 1u);
    }
    g_assert_cmpuint(g.n, ==, 0);
    g_assert_cmpuint(hdlc_deframer_flag_run(&h), <, 100);
}

static void
test_flag_run(void)
{
    hdlc_deframer h;
    GByteArray *b = hdlc_bits(NULL, NULL, 0, 20);
    hdlc_deframer_init(&h, NULL, NULL);
    feed(&h, b);
    g_assert_cmpuint(hdlc_deframer_flag_run(&h), >=, 20);
    g_byte_array_free(b, TRUE);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hdlc-deframer/frame", test_frame);
    g_test_add_func("/hdlc-deframer/fcs-vector", test_fcs_vector);
    g_test_add_func("/hdlc-deframer/bad-fcs-abort", test_bad_fcs_and_abort);
    g_test_add_func("/hdlc-deframer/overlong-noise", test_overlong_and_noise);
    g_test_add_func("/hdlc-deframer/flag-run", test_flag_run);
    return g_test_run();
}
