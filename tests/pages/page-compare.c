/* page-compare.c: compare a page faxcalls exported (TIFF) with the page the
 * generator sent, re-created with the generator's own code
 * (tests/gen/tiff-pages.c, same seed: 0xC0FFEE + call index).
 *
 *   page-compare OUR.tif PAGES PAGE SEED FINE exact
 *     every pixel equal, same size
 *   page-compare OUR.tif PAGES PAGE SEED FINE loss
 *     rows not listed as damaged (ImageDescription "damaged rows: ...")
 *     equal the sent rows in order (sent rows may be missing where data was
 *     lost); prints the counts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "faxgen.h"

typedef struct {
    guint32 w, h;
    gsize stride;
    guint8 *px;
    char desc[4096];
} page;

static gboolean
read_page(const char *path, guint dir, page *pg)
{
    TIFF *t = TIFFOpen(path, "r");
    char *d = NULL;

    if (!t || !TIFFSetDirectory(t, (tdir_t)dir))
        return FALSE;
    TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &pg->w);
    TIFFGetField(t, TIFFTAG_IMAGELENGTH, &pg->h);
    pg->desc[0] = '\0';
    if (TIFFGetField(t, TIFFTAG_IMAGEDESCRIPTION, &d) && d)
        g_strlcpy(pg->desc, d, sizeof pg->desc);
    pg->stride = (pg->w + 7) / 8;
    pg->px = g_malloc0(pg->stride * pg->h);
    for (guint32 y = 0; y < pg->h; y++)
        if (TIFFReadScanline(t, pg->px + y * pg->stride, y, 0) < 0) {
            TIFFClose(t);
            return FALSE;
        }
    TIFFClose(t);
    return TRUE;
}

/* "damaged rows: 3, 7-9" (1-based) -> flags */
static guint8 *
damaged_rows(const page *pg)
{
    guint8 *f = g_malloc0(pg->h + 1);
    const char *s = strstr(pg->desc, "damaged rows: ");
    if (!s)
        return f;
    s += strlen("damaged rows: ");
    while (*s >= '0' && *s <= '9') {
        char *e;
        guint a = (guint)strtoul(s, &e, 10), b = a;
        if (*e == '-')
            b = (guint)strtoul(e + 1, &e, 10);
        for (guint r = a; r <= b && r >= 1 && r <= pg->h; r++)
            f[r - 1] = 1;
        s = e;
        while (*s == ',' || *s == ' ')
            s++;
    }
    return f;
}

int
main(int argc, char **argv)
{
    page ours, ref;
    if (argc != 7) {
        fprintf(stderr, "usage: %s OUR.tif PAGES PAGE SEED FINE exact|loss\n", argv[0]);
        return 2;
    }
    int pages = atoi(argv[2]), pageno = atoi(argv[3]);
    guint32 seed = (guint32)strtoul(argv[4], NULL, 0);
    gboolean fine = atoi(argv[5]) != 0, loss = strcmp(argv[6], "loss") == 0;
    char *dir = g_dir_make_tmp("pagecmp-XXXXXX", NULL);
    char *refpath = g_build_filename(dir, "sent.tif", NULL);
    int rc = 0;

    if (tiff_pages_write(refpath, pages, fine, seed) != 0 ||
        !read_page(refpath, (guint)(pageno - 1), &ref) || !read_page(argv[1], 0, &ours)) {
        fprintf(stderr, "cannot read/write the pages\n");
        return 2;
    }
    g_remove(refpath);
    g_rmdir(dir);
    printf("sent %ux%u, exported %ux%u\n", ref.w, ref.h, ours.w, ours.h);
    if (ours.w != ref.w)
        return 1;
    if (!loss) {
        guint diff = 0;
        for (guint32 y = 0; y < MIN(ours.h, ref.h); y++)
            if (memcmp(ours.px + y * ours.stride, ref.px + y * ref.stride, ref.stride) != 0)
                diff++;
        printf("rows differing: %u\n", diff);
        return ours.h == ref.h && diff == 0 ? 0 : 1;
    }
    /* loss: align the undamaged rows with the sent ones, in order */
    guint8 *dmg = damaged_rows(&ours);
    guint j = 0, good = 0, bad_undetected = 0, damaged = 0, skipped = 0;
    for (guint32 i = 0; i < ours.h; i++) {
        if (dmg[i]) {
            damaged++;
            continue;
        }
        guint k = j;
        while (k < ref.h && memcmp(ours.px + i * ours.stride, ref.px + k * ref.stride,
                                   ref.stride) != 0)
            k++;
        if (k >= ref.h) {
            bad_undetected++;
            continue;
        }
        skipped += k - j;
        j = k + 1;
        good++;
    }
    skipped += ref.h - j;
    printf("rows: %u exported, %u damaged, %u undamaged equal to sent rows in order, "
           "%u undamaged differing, %u sent rows not matched\n",
           ours.h, damaged, good, bad_undetected, skipped);
    if (bad_undetected)
        rc = 1;
    g_free(dmg);
    return rc;
}
