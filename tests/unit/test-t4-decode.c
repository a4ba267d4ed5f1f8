/* test-t4-decode.c: the T.4/T.6 decoder on hand-built rows, loss places,
 * bounds, and a fuzz loop (fixed seed; every input in a buffer of exactly
 * its size, so ASan catches any read past it).  Pixel exactness against an
 * independent encoder (libtiff) is tests/pages/t4-roundtrip.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "t4-decode.h"
#include "page-assembly.h"

/* A bit writer for hand-built streams: bits as '0'/'1' strings. */
typedef struct {
    guint8 buf[4096];
    guint  nbits;
} bits;

static void
put(bits *b, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ')
            continue;
        if (*s == '1')
            b->buf[b->nbits >> 3] |= (guint8)(0x80u >> (b->nbits & 7));
        b->nbits++;
    }
}

#define EOL "000000000001"
#define WHITE_1728 "010011011 00110101"      /* make-up 1728 + terminating 0 */

/* MH: EOL, white row, EOL, row "10 white, 20 black, 1698 white", RTC */
static void
build_mh(bits *b)
{
    memset(b, 0, sizeof *b);
    put(b, EOL);
    put(b, WHITE_1728);
    put(b, EOL);
    /* white 10 = 00111, black 20 = 00001101000, white 1698 = 1664 (011000) + 34 (00010011) */
    put(b, "00111 00001101000 011000 00010011");
    for (int i = 0; i < 6; i++)
        put(b, EOL);
}

static guint8 *
exact_copy(const bits *b, gsize *len)
{
    *len = (b->nbits + 7) / 8;
    return g_memdup2(b->buf, *len);
}

static void
test_mh_rows(void)
{
    bits b;
    gsize len;
    t4_image img;

    build_mh(&b);
    guint8 *d = exact_copy(&b, &len);
    g_assert_true(t4_decode(d, len, NULL, 0, T4_CODING_MH, 1728, &img));
    g_assert_cmpuint(img.rows, ==, 2);
    g_assert_cmpuint(img.rows_damaged, ==, 0);
    g_assert_true(img.end_seen);
    /* row 2: pixels 10..29 black */
    const guint8 *r = img.pixels + img.stride;
    for (guint x = 0; x < 40; x++) {
        guint px = (r[x >> 3] >> (7 - (x & 7))) & 1u;
        g_assert_cmpuint(px, ==, x >= 10 && x < 30);
    }
    t4_image_clear(&img);

    /* wrong width: the same stream read as 2048 wide is all damaged */
    g_assert_true(t4_decode(d, len, NULL, 0, T4_CODING_MH, 2048, &img));
    g_assert_cmpuint(img.rows, ==, 2);
    g_assert_cmpuint(img.rows_bad, ==, 2);
    t4_image_clear(&img);

    /* a loss place inside row 2: that row is lost, row 1 intact */
    gsize gap = 5;
    g_assert_true(t4_decode(d, len, &gap, 1, T4_CODING_MH, 1728, &img));
    g_assert_cmpuint(img.rows, >=, 2);
    g_assert_cmpuint(img.row_flags[0], ==, 0);
    g_assert_cmpuint(img.rows_lost, >=, 1);
    t4_image_clear(&img);
    g_free(d);
}

static void
test_bounds(void)
{
    t4_image img;
    guint8 one = 0;

    g_assert_false(t4_decode(&one, 1, NULL, 0, T4_CODING_MH, 0, &img));
    g_assert_false(t4_decode(&one, 1, NULL, 0, T4_CODING_MH, T4_MAX_WIDTH + 1, &img));
    t4_image_clear(&img);
    g_assert_true(t4_decode(NULL, 0, NULL, 0, T4_CODING_MMR, 1728, &img));
    g_assert_cmpuint(img.rows, ==, 0);
    t4_image_clear(&img);

    /* many tiny rows: capped at T4_MAX_ROWS (width 1: white 1 = "000111") */
    bits *b = g_new0(bits, 1);
    GByteArray *big = g_byte_array_new();
    for (guint i = 0; i < T4_MAX_ROWS + 100; i++) {
        memset(b, 0, sizeof *b);
        put(b, EOL);
        put(b, "000111");              /* 18 bits: not octet aligned, fine */
        /* pack 4 rows per 9 octets is fiddly: use fill bits to align */
        put(b, "000000");
        g_byte_array_append(big, b->buf, (b->nbits + 7) / 8);
    }
    guint8 *d = g_memdup2(big->data, big->len);
    g_assert_true(t4_decode(d, big->len, NULL, 0, T4_CODING_MH, 1, &img));
    g_assert_cmpuint(img.rows, ==, T4_MAX_ROWS);
    g_assert_true(img.truncated);
    t4_image_clear(&img);
    g_free(d);
    g_byte_array_free(big, TRUE);
    g_free(b);
}

static guint32
xorshift(guint32 *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Fuzz: random octets and mutated valid streams, random codings, widths
 * and loss places.  The decoder must return, stay within its bounds and
 * keep its counters consistent. */
static void
test_fuzz(void)
{
    static const guint widths[] = { 1, 7, 8, 64, 1728, 2048, 2432, 4864 };
    guint32 seed = 0x9E3779B9u;
    bits valid;
    guint iterations = 20000, total_rows = 0;

    build_mh(&valid);
    for (guint it = 0; it < iterations; it++) {
        gsize len = xorshift(&seed) % 600;
        guint8 *d = g_malloc(len ? len : 1);
        if (it % 2 == 0) {
            for (gsize i = 0; i < len; i++)
                d[i] = (guint8)xorshift(&seed);
            /* bias toward zeros: EOL-like and fill patterns */
            for (gsize i = 0; i < len; i++)
                if (xorshift(&seed) % 3 == 0)
                    d[i] = 0;
        } else {
            gsize vl = (valid.nbits + 7) / 8;
            for (gsize i = 0; i < len; i++)
                d[i] = valid.buf[i % vl];
            for (guint f = xorshift(&seed) % 8; f > 0 && len > 0; f--)
                d[xorshift(&seed) % len] ^= (guint8)(1u << (xorshift(&seed) % 8));
        }
        gsize gaps[4];
        guint ng = xorshift(&seed) % 5;
        for (guint g = 0; g < ng; g++)
            gaps[g] = len ? xorshift(&seed) % (len + 1) : 0;
        for (guint g = 1; g < ng; g++)       /* sorted, as documented */
            for (guint h = g; h > 0 && gaps[h - 1] > gaps[h]; h--) {
                gsize t = gaps[h];
                gaps[h] = gaps[h - 1];
                gaps[h - 1] = t;
            }
        t4_image img;
        t4_coding c = (t4_coding)(xorshift(&seed) % 3);
        guint w = widths[xorshift(&seed) % G_N_ELEMENTS(widths)];
        g_assert_true(t4_decode(len ? d : NULL, len, ng ? gaps : NULL, ng, c, w, &img));
        g_assert_cmpuint(img.rows, <=, T4_MAX_ROWS);
        g_assert_cmpuint(img.rows_damaged, <=, img.rows);
        g_assert_cmpuint(img.rows_bad + img.rows_lost + img.rows_ref, >=, img.rows_damaged);
        g_assert_cmpuint(img.width, ==, w);
        for (guint y = 0; y < img.rows; y++)
            g_assert_cmpuint(img.row_flags[y] & ~7u, ==, 0);
        total_rows += img.rows;
        t4_image_clear(&img);
        g_free(d);
    }
    /* the loop reached the row decoder, not only the EOL search */
    g_assert_cmpuint(total_rows, >, iterations / 10);
}

/* Page assembly on events: non-ECM data with a loss, ECM frames out of
 * order with one missing. */
static void
test_assembly(void)
{
    bits b;
    gsize len;
    page_asm *p = page_asm_new();
    fax_event ev;
    fax_note n;
    page_asm_image out;

    build_mh(&b);
    guint8 *d = exact_copy(&b, &len);
    memset(&ev, 0, sizeof ev);
    memset(&n, 0, sizeof n);
    n.page = 1;
    ev.kind = FAX_EV_NONECM_DATA;
    ev.buf = d;
    ev.len = ev.count = (guint)len;
    page_asm_feed(p, &ev, &n);
    ev.kind = FAX_EV_NONECM_END;
    ev.buf = NULL;
    ev.len = ev.count = 0;
    page_asm_feed(p, &ev, &n);
    g_assert_cmpuint(page_asm_count(p), ==, 1);
    g_assert_true(page_asm_render(p, 0, NULL, &out));
    g_assert_cmpuint(out.number, ==, 1);
    g_assert_cmpuint(out.img.rows, ==, 2);
    g_assert_cmpuint(out.img.rows_damaged, ==, 0);
    g_assert_cmpuint(out.octets, ==, len);
    page_asm_image_clear(&out);
    g_assert_false(page_asm_render(p, 1, NULL, &out));

    /* ECM page 2: frames 2, 0 (frame 1 missing), PPS says 3 frames */
    guint8 fcd[4 + 8];
    for (guint f = 0; f < 3; f++) {
        if (f == 1)
            continue;
        memset(&ev, 0, sizeof ev);
        memset(&n, 0, sizeof n);
        ev.kind = FAX_EV_HDLC;
        ev.fcs_ok = TRUE;
        fcd[0] = 0xFF; fcd[1] = 0x03; fcd[2] = 0x60;
        fcd[3] = (guint8)(f == 0 ? 0x00 : 0x40);   /* frame number, bit-reversed */
        memset(fcd + 4, 0, 8);
        ev.buf = fcd;
        ev.len = sizeof fcd;
        n.page = 2;
        n.ecm_block = 1;
        n.fcf = 0x60;
        n.ecm_data = TRUE;
        page_asm_feed(p, &ev, &n);
    }
    guint8 pps[7] = { 0xFF, 0x13, 0x7D, 0x74, 0x00, 0x00, 0x40 };  /* frames-1 = 2 */
    memset(&ev, 0, sizeof ev);
    ev.kind = FAX_EV_HDLC;
    ev.fcs_ok = TRUE;
    ev.buf = pps;
    ev.len = sizeof pps;
    memset(&n, 0, sizeof n);
    n.page = 2;
    n.ecm_block = 1;
    n.fcf = 0x7D;
    page_asm_feed(p, &ev, &n);
    g_assert_cmpuint(page_asm_count(p), ==, 2);
    g_assert_true(page_asm_render(p, 1, NULL, &out));
    g_assert_true(out.ecm);
    g_assert_cmpuint(out.ecm_frames, ==, 2);
    g_assert_cmpuint(out.ecm_missing, ==, 1);
    g_assert_cmpuint(out.octets, ==, 16);
    page_asm_image_clear(&out);
    page_asm_free(p);
    g_free(d);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/t4/mh_rows", test_mh_rows);
    g_test_add_func("/t4/bounds", test_bounds);
    g_test_add_func("/t4/fuzz", test_fuzz);
    g_test_add_func("/t4/assembly", test_assembly);
    return g_test_run();
}
