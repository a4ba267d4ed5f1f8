/* test-fax-page-files.c: the page files writer (ui/fax-page-files.c)
 * through fax_page_files_write(): the pages of committed captures, one line
 * per page as -z fax,pages prints it, and TIFF/PNG files libtiff and a PNG
 * signature check accept with the page's size.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gstdio.h>
#include <tiffio.h>

#include "fax-page-files.h"
#include "render-fixture.h"

static void
check_tiff(const char *path, guint32 width, guint32 rows)
{
    TIFF *t = TIFFOpen(path, "r");
    guint32 w = 0, h = 0;
    guint16 comp = 0;
    g_assert_nonnull(t);
    TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h);
    TIFFGetField(t, TIFFTAG_COMPRESSION, &comp);
    g_assert_cmpuint(w, ==, width);
    g_assert_cmpuint(h, ==, rows);
    g_assert_true(comp == COMPRESSION_CCITTFAX3 || comp == COMPRESSION_CCITTFAX4);
    TIFFClose(t);
}

static void
check_png(const char *path)
{
    static const guint8 sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    char *data = NULL;
    gsize n = 0;
    g_assert_true(g_file_get_contents(path, &data, &n, NULL));
    g_assert_cmpuint(n, >, 8);
    g_assert_cmpmem(data, 8, sig, 8);
    g_free(data);
}

static void
remove_dir(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *f;
    while (d && (f = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, f, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(dir);
}

/* sample.pcap: call 1 and call 2 send one 1728x64 page each, call 3 none */
static void
test_sample(void)
{
    double t0 = 0;
    fax_registry *r = fixture_capture_pages("sample", &t0, TRUE);
    g_assert_nonnull(r);
    GPtrArray *calls = fixture_calls(r);
    char *tmp = g_dir_make_tmp("faxcalls-pages-XXXXXX", NULL);
    char *dir = g_build_filename(tmp, "out", NULL);   /* created by the writer */
    GString *out = g_string_new(NULL);

    guint n = fax_page_files_write(dir, (fax_call *const *)calls->pdata, calls->len, out);
    g_assert_cmpuint(n, ==, 2);
    char *want = g_strdup_printf(
        "Fax pages -> %s\n"
        "call 1 page 1: MR 1728x64 204x98 dpi, rows 64, damaged 0 (bad 0, lost 0, 2-D on damaged 0),"
        " confirmed -> call1-page1.tif, call1-page1.png\n"
        "call 2 page 1: MR 1728x64 204x98 dpi, rows 64, damaged 0 (bad 0, lost 0, 2-D on damaged 0),"
        " confirmed -> call2-page1.tif, call2-page1.png\n", dir);
    g_assert_cmpstr(out->str, ==, want);
    for (guint call = 1; call <= 2; call++) {
        char *tif = g_strdup_printf("%s/call%u-page1.tif", dir, call);
        char *png = g_strdup_printf("%s/call%u-page1.png", dir, call);
        check_tiff(tif, 1728, 64);
        check_png(png);
        g_free(tif);
        g_free(png);
    }
    remove_dir(dir);
    g_rmdir(tmp);
    g_free(want);
    g_free(dir);
    g_free(tmp);
    g_string_free(out, TRUE);
    g_ptr_array_free(calls, TRUE);
    fax_registry_free(r);
}

/* Without page data (the default) nothing is written but the header. */
static void
test_no_page_data(void)
{
    double t0 = 0;
    fax_registry *r = fixture_capture("sample", &t0);
    GPtrArray *calls = fixture_calls(r);
    char *tmp = g_dir_make_tmp("faxcalls-pages-XXXXXX", NULL);
    GString *out = g_string_new(NULL);
    g_assert_cmpuint(fax_page_files_write(tmp, (fax_call *const *)calls->pdata, calls->len, out), ==, 0);
    char *want = g_strdup_printf("Fax pages -> %s\n", tmp);
    g_assert_cmpstr(out->str, ==, want);
    g_rmdir(tmp);
    g_free(want);
    g_free(tmp);
    g_string_free(out, TRUE);
    g_ptr_array_free(calls, TRUE);
    fax_registry_free(r);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/page-files/sample", test_sample);
    g_test_add_func("/page-files/no-page-data", test_no_page_data);
    return g_test_run();
}
