/* page-assembly.h: page assembly for one fax call.  Fed with the same events
 * the T.30 session gets, together with the session's note on each (page number,
 * ECM block and frame), it keeps the coded data of every page:
 *   non-ECM: the t4-non-ecm-data octets of the page's last transmission
 *     (a page resent after RTN replaces the earlier one), with the places
 *     where UDPTL packets were lost (FAX_EV_LOSS) marked;
 *   ECM (T.30 Annex A, T.4 Annex A): FCD frames placed by block and frame
 *     number, a frame resent after PPR replacing the missing or bad copy,
 *     frames still missing marked as loss places.
 * page_asm_render() decodes a page with the coding, width and resolution
 * of the DCS (model/t4-decode.c).
 *
 * Plain C + GLib.  Bounded: PAGE_ASM_MAX_DATA coded octets per page,
 * PAGE_ASM_MAX_CALL_DATA per call, T30_MAX_PAGES pages.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PAGE_ASSEMBLY_H
#define PAGE_ASSEMBLY_H

#include "fax-types.h"
#include "t30-session.h"
#include "t4-decode.h"

G_BEGIN_DECLS

#define PAGE_ASM_MAX_DATA  (8u << 20)    /* coded octets kept per page */
#define PAGE_ASM_MAX_CALL_DATA (64u << 20)   /* coded octets kept per call */

typedef struct page_asm page_asm;

typedef struct {
    guint     number;        /* T.30 page number (1-based) */
    gboolean  ecm;
    guint     transmissions; /* non-ECM: times the page data was sent */
    gsize     octets;        /* coded octets kept */
    guint     gaps;          /* loss places (non-ECM) / missing frames (ECM) */
    guint     ecm_frames;    /* ECM frames placed */
    guint     ecm_missing;   /* ECM frames never received good */
    gboolean  data_capped;   /* PAGE_ASM_MAX_(CALL_)DATA hit */
    t4_coding coding;        /* used to decode */
    gboolean  coding_guessed;/* no DCS, or the DCS's did not decode */
    guint     x_dpi, y_dpi;  /* 204 (R8) ; 98, 196 or 391 */
    gboolean  confirmed;     /* MCF (or RTP/PIP) from the receiver */
    gboolean  rejected;      /* RTN/PIN */
    t4_image  img;
} page_asm_image;

page_asm *page_asm_new(void);
void       page_asm_free(page_asm *p);

/* One event and the session's note on it (after t30_session_feed). */
void page_asm_feed(page_asm *p, const fax_event *ev, const fax_note *note);

/* Pages with data, in page-number order. */
guint page_asm_count(const page_asm *p);

/* Decode the idx-th page (0-based, < page_asm_count) with the DCS and
 * page states of sum (may be NULL).  out is filled; clear it with
 * page_asm_image_clear().  FALSE when idx is out of range. */
gboolean page_asm_render(const page_asm *p, guint idx, const t30_summary *sum,
                          page_asm_image *out);
void     page_asm_image_clear(page_asm_image *img);

/* T.4 2.2 / T.30 Table 2: pixels per row for a DCS width (R8). */
guint page_asm_width_pixels(guint16 width_mm);

G_END_DECLS

#endif /* PAGE_ASSEMBLY_H */
