/* t4-roundtrip.c: the T.4/T.6 decoder against an independent encoder:
 * libtiff writes random text-like and noise images as CCITT G3 1-D, G3 2-D
 * (with and without fill bits) and G4; model/t4-decode.c must give back
 * every pixel.  Then a byte of coded data is cut out and the decoder must
 * flag the row it fell in and keep every other 1-D row exact.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "t4-decode.h"

static guint32 rng = 0x1234567u;

static guint32
rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void
make_image(guint8 *img, guint w, guint h, guint stride, guint kind)
{
    memset(img, 0, (gsize)h * stride);
    for (guint y = 0; y < h; y++) {
        guint8 *row = img + (gsize)y * stride;
        guint x = 0;
        if (kind == 0) {             /* noise with runs of every length */
            guint c = rnd() & 1u;
            while (x < w) {
                guint run = (rnd() % 7 == 0) ? rnd() % w : rnd() % 70;
                for (guint i = 0; i < run && x < w; i++, x++)
                    if (c)
                        row[x >> 3] |= (guint8)(0x80u >> (x & 7));
                c ^= 1u;
            }
        } else if (kind == 1) {      /* blocks: text-like, vertical coherence */
            if ((y / 8) % 3 == 2)
                continue;
            for (x = 40; x + 12 < w; x += 12 + (rnd() % 5 == 0 ? 20 : 0))
                if (((x * 7 + (y / 8) * 13) % 11) < 6)
                    for (guint i = 0; i < 8; i++)
                        if ((x + i + y) % 5)
                            row[(x + i) >> 3] |= (guint8)(0x80u >> ((x + i) & 7));
        } else {                     /* all black with a white border run */
            for (x = 1; x < w; x++)
                row[x >> 3] |= (guint8)(0x80u >> (x & 7));
        }
    }
}

/* Encode with libtiff; returns the raw strip (one strip, MSB-first). */
static guint8 *
encode(const char *path, const guint8 *img, guint w, guint h, guint stride, int comp,
       guint32 g3opts, gsize *out_len)
{
    TIFF *t = TIFFOpen(path, "w");
    g_assert_nonnull(t);
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w);
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 1);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(t, TIFFTAG_COMPRESSION, comp);
    if (comp == COMPRESSION_CCITTFAX3)
        TIFFSetField(t, TIFFTAG_GROUP3OPTIONS, g3opts);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    TIFFSetField(t, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, h);
    for (guint y = 0; y < h; y++)
        g_assert_cmpint(TIFFWriteScanline(t, (void *)(img + (gsize)y * stride), y, 0), >=, 0);
    TIFFClose(t);
    t = TIFFOpen(path, "r");
    g_assert_nonnull(t);
    tmsize_t sz = TIFFRawStripSize(t, 0);
    g_assert_cmpint(sz, >, 0);
    guint8 *buf = g_malloc(sz);
    g_assert_cmpint(TIFFReadRawStrip(t, 0, buf, sz), ==, sz);
    TIFFClose(t);
    *out_len = (gsize)sz;
    return buf;
}

int
main(void)
{
    static const guint widths[] = { 1728, 2048, 2432, 3456, 4864, 8, 17 };
    struct { const char *name; int comp; guint32 opts; t4_coding coding; } modes[] = {
        { "G3 1-D", COMPRESSION_CCITTFAX3, 0, T4_CODING_MH },
        { "G3 1-D fill", COMPRESSION_CCITTFAX3, GROUP3OPT_FILLBITS, T4_CODING_MH },
        { "G3 2-D", COMPRESSION_CCITTFAX3, GROUP3OPT_2DENCODING, T4_CODING_MR },
        { "G3 2-D fill", COMPRESSION_CCITTFAX3, GROUP3OPT_2DENCODING | GROUP3OPT_FILLBITS,
          T4_CODING_MR },
        { "G4", COMPRESSION_CCITTFAX4, 0, T4_CODING_MMR },
    };
    char *dir = g_dir_make_tmp("t4rt-XXXXXX", NULL);
    char *path = g_build_filename(dir, "x.tif", NULL);
    guint checks = 0, failures = 0;

    TIFFSetWarningHandler(NULL);
    for (guint wi = 0; wi < G_N_ELEMENTS(widths); wi++)
        for (guint kind = 0; kind < 3; kind++)
            for (guint mi = 0; mi < G_N_ELEMENTS(modes); mi++) {
                guint w = widths[wi], h = 40 + rnd() % 40, stride = (w + 7) / 8;
                guint8 *img = g_malloc((gsize)h * stride);
                gsize len;
                t4_image out;

                make_image(img, w, h, stride, kind);
                guint8 *coded = encode(path, img, w, h, stride, modes[mi].comp, modes[mi].opts,
                                       &len);
                g_assert_true(t4_decode(coded, len, NULL, 0, modes[mi].coding, w, &out));
                checks++;
                if (out.rows != h || out.rows_damaged != 0 ||
                    memcmp(out.pixels, img, (gsize)h * stride) != 0) {
                    failures++;
                    guint bad = 0;
                    while (bad < MIN(h, out.rows) &&
                           memcmp(out.pixels + (gsize)bad * stride, img + (gsize)bad * stride,
                                  stride) == 0)
                        bad++;
                    printf("FAIL: %s width %u kind %u: rows %u/%u damaged %u first diff row %u\n",
                           modes[mi].name, w, kind, out.rows, h, out.rows_damaged, bad);
                }
                t4_image_clear(&out);

                /* loss: cut 3 octets in the middle (MH/MR only: T.6 cannot resync) */
                if (modes[mi].coding != T4_CODING_MMR && len > 40) {
                    gsize cut = len / 2, n = 3;
                    guint8 *lossy = g_malloc(len - n);
                    memcpy(lossy, coded, cut);
                    memcpy(lossy + cut, coded + cut + n, len - cut - n);
                    gsize gap = cut;
                    g_assert_true(t4_decode(lossy, len - n, &gap, 1, modes[mi].coding, w, &out));
                    checks++;
                    /* rows before the loss are exact; some row is marked lost */
                    guint good_prefix = 0;
                    while (good_prefix < out.rows && out.row_flags[good_prefix] == 0)
                        good_prefix++;
                    if (out.rows_lost < 1 || good_prefix == 0 ||
                        memcmp(out.pixels, img, (gsize)good_prefix * stride) != 0) {
                        failures++;
                        printf("FAIL: %s width %u kind %u with loss: lost %u prefix %u\n",
                               modes[mi].name, w, kind, out.rows_lost, good_prefix);
                    }
                    t4_image_clear(&out);
                    g_free(lossy);
                }
                g_free(coded);
                g_free(img);
            }
    g_remove(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
    printf("%u checks, %u failures\n", checks, failures);
    return failures ? 1 : 0;
}
