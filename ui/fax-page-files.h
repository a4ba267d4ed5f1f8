/* fax-page-files.h: write the pages of fax calls as image files (TIFF with
 * libtiff, PNG preview with libpng) and say what was written.  No Wireshark
 * here: the -z fax,pages tap (tap-fax-pages.c) and the tests use it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_PAGE_FILES_H
#define FAX_PAGE_FILES_H

#include <glib.h>
#include "fax-registry.h"

G_BEGIN_DECLS

/* For each call (in the order given) and each of its pages: write
 * DIR/call<N>-page<M>.tif (bilevel, re-coded as the page was: G3 1-D, G3
 * 2-D or G4; resolution tags from the DCS) and DIR/call<N>-page<M>.png (a
 * preview with square pixels, damaged rows in red), and append one line per
 * page to out.  DIR is created if needed.  Returns the number of pages
 * written; errors are reported in out. */
guint fax_page_files_write(const char *dir, fax_call *const *calls, guint n_calls,
                           GString *out);

/* One page's image, for tests: TIFF only (NULL png_path to skip PNG). */
gboolean fax_page_files_write_one(const page_asm_image *pg, const char *tif_path,
                                  const char *png_path, GString *err);

G_END_DECLS

#endif /* FAX_PAGE_FILES_H */
