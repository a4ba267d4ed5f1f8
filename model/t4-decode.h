/* t4-decode.h: a bounded decoder of facsimile page data: T.4 clause 4
 * one-dimensional (MH, 4.1) and two-dimensional (MR, 4.2) coding, and T.6
 * (MMR).  Input: the coded octets as they travel in T.38 (first transmitted
 * bit in the MSB of each octet), with the places where data was lost; output:
 * a bilevel bitmap (1 = black, MSB first) and a damage flag per row.
 *
 * Rows damaged: rows that fail to decode, decode to the wrong width, contain
 * lost data, or (MR/MMR) are 2-D coded on a damaged reference row.  MH/MR
 * resynchronise at the next EOL (T.4 4.1.2); T.6 has no EOL, so the rest of
 * an MMR page after an error cannot be decoded (tail_lost).  A damaged row
 * holds a copy of the row above it (white for the first row), as a fax
 * receiver prints it.
 *
 * Plain C + GLib.  Bounded: width <= T4_MAX_WIDTH, rows <= T4_MAX_ROWS,
 * input <= T4_MAX_INPUT octets; nothing is read past len.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef T4_DECODE_H
#define T4_DECODE_H

#include <glib.h>

G_BEGIN_DECLS

#define T4_MAX_WIDTH 4864            /* T.4 2.2: A3 at 16 pels/mm (303 mm) */
#define T4_MAX_ROWS  8192            /* > A3 superfine (420 mm x 15.4 l/mm) */
#define T4_MAX_INPUT (16u << 20)     /* coded octets decoded per page */
#define T4_MAX_GAPS  4096            /* loss places honoured per page */

typedef enum {
    T4_CODING_MH = 0,   /* T.4 4.1 modified Huffman (1-D) */
    T4_CODING_MR,       /* T.4 4.2 modified READ (1-D/2-D, tag bit after EOL) */
    T4_CODING_MMR       /* T.6 modified modified READ (2-D, no EOL) */
} t4_coding;

/* Row flags */
#define T4_ROW_BAD   0x01   /* fails to decode or decodes to the wrong width */
#define T4_ROW_LOST  0x02   /* coded data of this row lost in transit */
#define T4_ROW_REF   0x04   /* 2-D coded on a damaged reference row */

typedef struct {
    guint    width;         /* pixels per row */
    guint    stride;        /* octets per row */
    guint    rows;          /* rows decoded (damaged ones included) */
    guint8  *pixels;        /* rows * stride; 1 = black, MSB = leftmost */
    guint8  *row_flags;     /* rows entries, T4_ROW_* */
    guint    rows_damaged;  /* rows with any flag */
    guint    rows_bad, rows_lost, rows_ref;
    gboolean end_seen;      /* RTC (T.4 4.1.4) or EOFB (T.6 2.4.1) */
    gboolean tail_lost;     /* MMR: the data after an error was not decodable */
    gboolean truncated;     /* T4_MAX_ROWS or T4_MAX_INPUT hit */
    guint    gaps;          /* loss places that fell inside the page data */
} t4_image;

/* Decode len octets.  gaps: sorted octet offsets (0..len) before which data
 * was lost, n_gaps of them (only the first T4_MAX_GAPS used).  width must be
 * 1..T4_MAX_WIDTH; returns FALSE (out emptied) when it is not.  Always
 * leaves out in a state t4_image_clear() accepts. */
gboolean t4_decode(const guint8 *data, gsize len, const gsize *gaps, guint n_gaps,
                   t4_coding coding, guint width, t4_image *out);

void t4_image_clear(t4_image *img);

const char *t4_coding_name(t4_coding c);   /* "MH", "MR", "MMR" */

G_END_DECLS

#endif /* T4_DECODE_H */
