/* fax-page-files.c: fax pages as TIFF (libtiff) and PNG preview (libpng).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-page-files.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <png.h>
#include <tiffio.h>

static void
tiff_quiet(const char *module, const char *fmt, va_list ap)
{
    (void)module;
    (void)fmt;
    (void)ap;
}

/* TIFF Class F (RFC 2306) style: one bilevel page, MINISWHITE, the coding
 * of the fax (T.4 1-D -> G3, T.4 2-D -> G3 2-D, T.6 -> G4). */
static gboolean
write_tiff(const page_asm_image *pg, const char *path, GString *err)
{
    const t4_image *im = &pg->img;
    TIFFErrorHandler old_err = TIFFSetErrorHandler(tiff_quiet);
    TIFFErrorHandler old_warn = TIFFSetWarningHandler(tiff_quiet);
    TIFF *t = TIFFOpen(path, "w");
    gboolean ok = t != NULL;
    GString *desc = g_string_new(NULL);

    if (t) {
        TIFFSetField(t, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
        TIFFSetField(t, TIFFTAG_IMAGEWIDTH, im->width);
        TIFFSetField(t, TIFFTAG_IMAGELENGTH, im->rows);
        TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 1);
        TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
        if (pg->coding == T4_CODING_MMR) {
            TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
        } else {
            TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX3);
            TIFFSetField(t, TIFFTAG_GROUP3OPTIONS,
                         pg->coding == T4_CODING_MR ? GROUP3OPT_2DENCODING : 0);
        }
        TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
        TIFFSetField(t, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
        TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, im->rows);
        TIFFSetField(t, TIFFTAG_XRESOLUTION, (float)pg->x_dpi);
        TIFFSetField(t, TIFFTAG_YRESOLUTION, (float)pg->y_dpi);
        TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
        TIFFSetField(t, TIFFTAG_PAGENUMBER, pg->number - 1, 0);
        TIFFSetField(t, TIFFTAG_SOFTWARE, "faxcalls");
        /* "damaged rows: 3, 7-9" (1-based), at most ~4000 characters */
        g_string_printf(desc, "fax page %u: %u rows, %u damaged", pg->number, im->rows,
                        im->rows_damaged);
        for (guint y = 0, first = 1; y < im->rows && desc->len < 4000; y++) {
            if (!im->row_flags[y])
                continue;
            guint e = y;
            while (e + 1 < im->rows && im->row_flags[e + 1])
                e++;
            g_string_append_printf(desc, first ? "; damaged rows: %u" : ", %u", y + 1);
            if (e > y)
                g_string_append_printf(desc, "-%u", e + 1);
            first = 0;
            y = e;
        }
        TIFFSetField(t, TIFFTAG_IMAGEDESCRIPTION, desc->str);
        for (guint y = 0; ok && y < im->rows; y++)
            ok = TIFFWriteScanline(t, im->pixels + (gsize)y * im->stride, y, 0) >= 0;
        TIFFClose(t);
    }
    TIFFSetErrorHandler(old_err);
    TIFFSetWarningHandler(old_warn);
    g_string_free(desc, TRUE);
    if (!ok)
        g_string_append_printf(err, "cannot write %s\n", path);
    return ok;
}

/* PNG preview: 2-bit palette (white, black, and both tinted red for damaged
 * rows); rows repeated or skipped to give square pixels. */
static gboolean
write_png(const page_asm_image *pg, const char *path, GString *err)
{
    const t4_image *im = &pg->img;
    FILE *fp = g_fopen(path, "wb");
    png_structp png = NULL;
    png_infop info = NULL;
    png_bytep line = NULL;
    gboolean ok = FALSE;
    /* vertical scale: 98 -> x2, 196 -> x1, 391 -> x0.5 (of 204 dpi) */
    guint num = pg->x_dpi ? pg->x_dpi : 204, den = pg->y_dpi ? pg->y_dpi : 98;
    guint out_rows;

    if (!fp) {
        g_string_append_printf(err, "cannot write %s: %s\n", path, g_strerror(errno));
        return FALSE;
    }
    out_rows = (guint)(((guint64)im->rows * num + den / 2) / den);
    if (out_rows == 0)
        out_rows = 1;
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (png)
        info = png_create_info_struct(png);
    line = g_malloc0((im->width + 3) / 4);
    if (png && info && setjmp(png_jmpbuf(png)) == 0) {
        static const png_color pal[4] = {
            { 255, 255, 255 }, { 0, 0, 0 }, { 255, 200, 200 }, { 200, 0, 0 }
        };
        png_init_io(png, fp);
        png_set_IHDR(png, info, im->width, out_rows, 2, PNG_COLOR_TYPE_PALETTE,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        png_set_PLTE(png, info, pal, 4);
        png_set_pHYs(png, info, (png_uint_32)(num / 0.0254 + 0.5), (png_uint_32)(num / 0.0254 + 0.5),
                     PNG_RESOLUTION_METER);
        png_write_info(png, info);
        for (guint oy = 0; oy < out_rows; oy++) {
            guint y = (guint)((guint64)oy * den / num);
            if (y >= im->rows)
                y = im->rows ? im->rows - 1 : 0;
            const guint8 *src = im->rows ? im->pixels + (gsize)y * im->stride : NULL;
            guint dmg = im->rows && im->row_flags[y] ? 2 : 0;
            memset(line, 0, (im->width + 3) / 4);
            for (guint x = 0; x < im->width; x++) {
                guint v = dmg | (src ? (src[x >> 3] >> (7 - (x & 7))) & 1u : 0);
                line[x >> 2] |= (guint8)(v << (6 - 2 * (x & 3)));
            }
            png_write_row(png, line);
        }
        png_write_end(png, info);
        ok = TRUE;
    }
    png_destroy_write_struct(&png, &info);
    g_free(line);
    if (fclose(fp) != 0)
        ok = FALSE;
    if (!ok)
        g_string_append_printf(err, "cannot write %s\n", path);
    return ok;
}

gboolean
fax_page_files_write_one(const page_asm_image *pg, const char *tif_path, const char *png_path,
                         GString *err)
{
    gboolean ok = TRUE;

    if (pg->img.rows == 0 || pg->img.width == 0) {
        g_string_append(err, "no rows decoded: nothing written\n");
        return FALSE;
    }
    if (tif_path)
        ok = write_tiff(pg, tif_path, err) && ok;
    if (png_path)
        ok = write_png(pg, png_path, err) && ok;
    return ok;
}

guint
fax_page_files_write(const char *dir, fax_call *const *calls, guint n_calls, GString *out)
{
    guint written = 0;

    if (g_mkdir_with_parents(dir, 0755) != 0) {
        g_string_append_printf(out, "faxcalls: cannot create %s: %s\n", dir, g_strerror(errno));
        return 0;
    }
    g_string_append_printf(out, "Fax pages -> %s\n", dir);
    for (guint i = 0; i < n_calls; i++) {
        const fax_call *c = calls[i];
        const t30_summary *sum = c->session ? t30_session_summary(c->session) : NULL;
        guint n = c->pages ? page_asm_count(c->pages) : 0;

        for (guint k = 0; k < n; k++) {
            page_asm_image pg;
            if (!page_asm_render(c->pages, k, sum, &pg))
                continue;
            char *base = g_strdup_printf("call%u-page%u", c->id, pg.number);
            char *tif = g_strdup_printf("%s/%s.tif", dir, base);
            char *png = g_strdup_printf("%s/%s.png", dir, base);
            GString *err = g_string_new(NULL);
            gboolean ok = fax_page_files_write_one(&pg, tif, png, err);

            g_string_append_printf(out,
                                   "call %u page %u: %s%s %ux%u %ux%u dpi, rows %u, damaged %u"
                                   " (bad %u, lost %u, 2-D on damaged %u)%s, %s",
                                   c->id, pg.number, pg.ecm ? "ECM " : "", t4_coding_name(pg.coding),
                                   pg.img.width, pg.img.rows, pg.x_dpi, pg.y_dpi, pg.img.rows,
                                   pg.img.rows_damaged, pg.img.rows_bad, pg.img.rows_lost,
                                   pg.img.rows_ref, pg.img.end_seen ? "" : ", no end of page",
                                   pg.confirmed ? "confirmed" : pg.rejected ? "rejected"
                                                                           : "not confirmed");
            if (pg.ecm)
                g_string_append_printf(out, ", ECM frames %u, missing %u", pg.ecm_frames,
                                       pg.ecm_missing);
            else if (pg.gaps)
                g_string_append_printf(out, ", %u loss place%s", pg.gaps, pg.gaps == 1 ? "" : "s");
            if (pg.transmissions > 1)
                g_string_append_printf(out, ", sent %u times (last kept)", pg.transmissions);
            if (pg.coding_guessed)
                g_string_append(out, ", coding guessed");
            if (pg.data_capped || pg.img.truncated)
                g_string_append(out, ", truncated");
            if (ok) {
                g_string_append_printf(out, " -> %s.tif, %s.png\n", base, base);
                written++;
            } else {
                g_string_append_printf(out, ": %s", err->str);
            }
            g_string_free(err, TRUE);
            g_free(base);
            g_free(tif);
            g_free(png);
            page_asm_image_clear(&pg);
        }
    }
    return written;
}
