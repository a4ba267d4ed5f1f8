/* fax-page.h: page assembly for one fax call.  Fed with the same events the
 * T.30 session gets, together with the session's note on each (page number,
 * ECM block and frame), it keeps the coded data of every page:
 *   non-ECM: the t4-non-ecm-data octets of the page's last transmission
 *     (a page resent after RTN replaces the earlier one), with the places
 *     where UDPTL packets were lost (FAX_EV_LOSS) marked;
 *   ECM (T.30 Annex A, T.4 Annex A): FCD frames placed by block and frame
 *     number, a frame resent after PPR replacing the missing or bad copy,
 *     frames still missing marked as loss places.
 * fax_pages_render() decodes a page with the coding, width and resolution
 * of the DCS (model/t4-decode.c).
 *
 * Plain C + GLib.  Bounded: FAX_PAGE_MAX_DATA coded octets per page,
 * FAX_PAGES_MAX_DATA per call, T30_MAX_PAGES pages.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_PAGE_H
#define FAX_PAGE_H

#include "fax-types.h"
#include "t30-session.h"
#include "t4-decode.h"

G_BEGIN_DECLS

#define FAX_PAGE_MAX_DATA  (8u << 20)    /* coded octets kept per page */
#define FAX_PAGES_MAX_DATA (64u << 20)   /* coded octets kept per call */

typedef struct fax_pages fax_pages;

typedef struct {
    guint     number;        /* T.30 page number (1-based) */
    gboolean  ecm;
    guint     transmissions; /* non-ECM: times the page data was sent */
    gsize     octets;        /* coded octets kept */
    guint     gaps;          /* loss places (non-ECM) / missing frames (ECM) */
    guint     ecm_frames;    /* ECM frames placed */
    guint     ecm_missing;   /* ECM frames never received good */
    gboolean  data_capped;   /* FAX_PAGE(S)_MAX_DATA hit */
    t4_coding coding;        /* used to decode */
    gboolean  coding_guessed;/* no DCS, or the DCS's did not decode */
    guint     x_dpi, y_dpi;  /* 204 (R8) ; 98, 196 or 391 */
    gboolean  confirmed;     /* MCF (or RTP/PIP) from the receiver */
    gboolean  rejected;      /* RTN/PIN */
    t4_image  img;
} fax_page_image;

fax_pages *fax_pages_new(void);
void       fax_pages_free(fax_pages *p);

/* One event and the session's note on it (after t30_session_feed). */
void fax_pages_feed(fax_pages *p, const fax_event *ev, const fax_note *note);

/* Pages with data, in page-number order. */
guint fax_pages_count(const fax_pages *p);

/* Decode the idx-th page (0-based, < fax_pages_count) with the DCS and
 * page states of sum (may be NULL).  out is filled; clear it with
 * fax_page_image_clear().  FALSE when idx is out of range. */
gboolean fax_pages_render(const fax_pages *p, guint idx, const t30_summary *sum,
                          fax_page_image *out);
void     fax_page_image_clear(fax_page_image *img);

/* T.4 2.2 / T.30 Table 2: pixels per row for a DCS width (R8). */
guint fax_page_width_pixels(guint16 width_mm);

G_END_DECLS

#endif /* FAX_PAGE_H */
