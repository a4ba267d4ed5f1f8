/* faxgen: the pages the calling terminal sends, as a TIFF/F file (libtiff).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "faxgen.h"

#include <string.h>
#include <tiffio.h>

#define PAGE_WIDTH 1728 /* T.4 2.2: A4 at 204 dpi */
#define PAGE_ROWS 64   /* a short page: keeps each capture small */

static void set_px(uint8_t *row, int x)
{
    row[x >> 3] |= (uint8_t)(0x80 >> (x & 7)); /* MINISWHITE: 1 = black */
}

/* A text-like pattern: lines of "words" made of small glyph blocks, plus a
 * header band whose bar count tells the page number. */
static void draw_row(uint8_t *row, int page, int y, int rows, uint32_t seed)
{
    int line = y / 16;
    int in_line = y % 16;
    int x;

    memset(row, 0, PAGE_WIDTH / 8);
    if (y < 24) {
        if (y >= 4 && y < 20) {
            int b;

            for (b = 0; b <= page; b++)
                for (x = 64 + b * 48; x < 64 + b * 48 + 32; x++)
                    set_px(row, x);
        }
        return;
    }
    if (in_line >= 10 || y > rows - 16)
        return;
    {
        uint32_t st = seed ^ (uint32_t)(line * 2654435761u) ^ (uint32_t)(page * 40503u);
        int words = 0;

        if (st == 0)
            st = 1;
        x = 96;
        while (x < PAGE_WIDTH - 160 && words < 14) {
            int glyphs = 2 + (int)(faxgen_rand(&st) % 7);
            int g;

            for (g = 0; g < glyphs && x < PAGE_WIDTH - 120; g++) {
                uint32_t shape = faxgen_rand(&st);
                int gx;

                /* each glyph: 8 px wide, a few vertical strokes chosen by shape */
                for (gx = 0; gx < 8; gx++)
                    if ((shape >> ((gx + in_line) % 24)) & 1)
                        set_px(row, x + gx);
                x += 12;
            }
            x += 20;
            words++;
        }
    }
}

int tiff_pages_write(const char *path, int pages, gboolean fine, uint32_t seed)
{
    TIFF *tif = TIFFOpen(path, "w");
    uint8_t row[PAGE_WIDTH / 8];
    int rows = fine ? PAGE_ROWS * 2 : PAGE_ROWS;
    int p;
    int y;

    if (tif == NULL)
        return -1;
    for (p = 0; p < pages; p++) {
        TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
        TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, PAGE_WIDTH);
        TIFFSetField(tif, TIFFTAG_IMAGELENGTH, rows);
        TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1);
        TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
        TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX3);
        TIFFSetField(tif, TIFFTAG_GROUP3OPTIONS, 0);
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
        TIFFSetField(tif, TIFFTAG_FILLORDER, FILLORDER_LSB2MSB);
        TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, rows);
        TIFFSetField(tif, TIFFTAG_XRESOLUTION, 204.0f);
        TIFFSetField(tif, TIFFTAG_YRESOLUTION, fine ? 196.0f : 98.0f);
        TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
        TIFFSetField(tif, TIFFTAG_PAGENUMBER, p, pages);
        for (y = 0; y < rows; y++) {
            draw_row(row, p, fine ? y / 2 : y, PAGE_ROWS, seed);
            if (TIFFWriteScanline(tif, row, (uint32_t)y, 0) < 0) {
                TIFFClose(tif);
                return -1;
            }
        }
        if (!TIFFWriteDirectory(tif)) {
            TIFFClose(tif);
            return -1;
        }
    }
    TIFFClose(tif);
    return 0;
}
