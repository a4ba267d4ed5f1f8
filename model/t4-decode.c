/* t4-decode.c: T.4 (MH, MR) and T.6 (MMR) page data decoder.
 *
 * Code tables: T.4 Tables 1/T.4 (terminating codes), 2/T.4 (make-up codes),
 * 3/T.4 (extended make-up codes, 1792-2560, both colours) and 4/T.4 (2-D
 * mode codes, T.6 Table 1 is the same).  Written from the Recommendation;
 * bits are listed first-transmitted first.
 *
 * Damage and resynchronisation: see t4-decode.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "t4-decode.h"

#include <string.h>

typedef struct {
    const char *bits;
    guint16     run;
} t4_code;

/* T.4 Table 1/T.4, white terminating codes, run 0..63 */
static const char *const white_term[64] = {
    "00110101", "000111", "0111", "1000", "1011", "1100", "1110", "1111",
    "10011", "10100", "00111", "01000", "001000", "000011", "110100", "110101",
    "101010", "101011", "0100111", "0001100", "0001000", "0010111", "0000011", "0000100",
    "0101000", "0101011", "0010011", "0100100", "0011000", "00000010", "00000011", "00011010",
    "00011011", "00010010", "00010011", "00010100", "00010101", "00010110", "00010111", "00101000",
    "00101001", "00101010", "00101011", "00101100", "00101101", "00000100", "00000101", "00001010",
    "00001011", "01010010", "01010011", "01010100", "01010101", "00100100", "00100101", "01011000",
    "01011001", "01011010", "01011011", "01001010", "01001011", "00110010", "00110011", "00110100",
};

/* T.4 Table 1/T.4, black terminating codes, run 0..63 */
static const char *const black_term[64] = {
    "0000110111", "010", "11", "10", "011", "0011", "0010", "00011",
    "000101", "000100", "0000100", "0000101", "0000111", "00000100", "00000111", "000011000",
    "0000010111", "0000011000", "0000001000", "00001100111", "00001101000", "00001101100",
    "00000110111", "00000101000",
    "00000010111", "00000011000", "000011001010", "000011001011", "000011001100", "000011001101",
    "000001101000", "000001101001",
    "000001101010", "000001101011", "000011010010", "000011010011", "000011010100", "000011010101",
    "000011010110", "000011010111",
    "000001101100", "000001101101", "000011011010", "000011011011", "000001010100", "000001010101",
    "000001010110", "000001010111",
    "000001100100", "000001100101", "000001010010", "000001010011", "000000100100", "000000110111",
    "000000111000", "000000100111",
    "000000101000", "000001011000", "000001011001", "000000101011", "000000101100", "000001011010",
    "000001100110", "000001100111",
};

/* T.4 Table 2/T.4, make-up codes, run 64 * (i + 1), 64..1728 */
static const char *const white_makeup[27] = {
    "11011", "10010", "010111", "0110111", "00110110", "00110111", "01100100", "01100101",
    "01101000", "01100111", "011001100", "011001101", "011010010", "011010011", "011010100",
    "011010101", "011010110", "011010111", "011011000", "011011001", "011011010", "011011011",
    "010011000", "010011001", "010011010", "011000", "010011011",
};

static const char *const black_makeup[27] = {
    "0000001111", "000011001000", "000011001001", "000001011011", "000000110011", "000000110100",
    "000000110101", "0000001101100", "0000001101101", "0000001001010", "0000001001011",
    "0000001001100", "0000001001101", "0000001110010", "0000001110011", "0000001110100",
    "0000001110101", "0000001110110", "0000001110111", "0000001010010", "0000001010011",
    "0000001010100", "0000001010101", "0000001011010", "0000001011011", "0000001100100",
    "0000001100101",
};

/* T.4 Table 3/T.4, extended make-up codes, run 1792 + 64 * i, both colours */
static const char *const ext_makeup[13] = {
    "00000001000", "00000001100", "00000001101", "000000010010", "000000010011",
    "000000010100", "000000010101", "000000010110", "000000010111", "000000011100",
    "000000011101", "000000011110", "000000011111",
};

/* T.4 Table 4/T.4: 2-D mode codes */
typedef enum {
    M_NONE = 0, M_PASS, M_HORIZ, M_V0, M_VR1, M_VR2, M_VR3, M_VL1, M_VL2, M_VL3, M_EXT
} mode2d;

static const struct { const char *bits; mode2d mode; } modes[] = {
    { "1", M_V0 }, { "011", M_VR1 }, { "010", M_VL1 }, { "001", M_HORIZ }, { "0001", M_PASS },
    { "000011", M_VR2 }, { "000010", M_VL2 }, { "0000011", M_VR3 }, { "0000010", M_VL3 },
    { "0000001", M_EXT },   /* 0000001xxx: extensions, uncompressed mode (not supported) */
};

#define LUT_BITS 13          /* longest code: black make-up, 13 bits */
#define LUT_SIZE (1u << LUT_BITS)
#define MODE_BITS 7

typedef struct {
    guint16 run;             /* run length */
    guint8  len;             /* code length, 0 = no code */
} lut_entry;

typedef enum { R_OK = 0, R_ERR, R_EOL, R_OVERRUN } row_status;

typedef struct {
    const guint8 *data;
    guint64   nbits;
    guint64   pos;
    guint64   limit;         /* next loss place or the end, in bits */
    gboolean  overrun;       /* a read went past limit */
    const gsize *gaps;
    guint     n_gaps;
    guint     next_gap;
    guint     crossed;       /* loss places scan_eol() stepped over */
    guint     width;
    lut_entry lut[2][LUT_SIZE];   /* [colour] 0 white, 1 black */
    guint8    mode_lut[1u << MODE_BITS];
    guint8    mode_len[1u << MODE_BITS];
    guint32  *ref, *cur;     /* changing elements, + 2 sentinels */
    guint     nref, ncur;
    guint8   *row;           /* row being decoded */
    GByteArray *pixels, *flags;
    t4_image *img;
} dec;

/* ---- tables --------------------------------------------------------- */

static void
lut_add(lut_entry *lut, guint lut_bits, const char *bits, guint16 run)
{
    guint len = (guint)strlen(bits), v = 0;

    if (len == 0 || len > lut_bits)
        return;
    for (guint i = 0; i < len; i++)
        v = (v << 1) | (guint)(bits[i] == '1');
    guint shift = lut_bits - len;
    for (guint i = v << shift; i < ((v + 1) << shift); i++) {
        lut[i].run = run;
        lut[i].len = (guint8)len;
    }
}

static void
build_tables(dec *d)
{
    memset(d->lut, 0, sizeof d->lut);
    for (guint i = 0; i < 64; i++) {
        lut_add(d->lut[0], LUT_BITS, white_term[i], (guint16)i);
        lut_add(d->lut[1], LUT_BITS, black_term[i], (guint16)i);
    }
    for (guint i = 0; i < 27; i++) {
        lut_add(d->lut[0], LUT_BITS, white_makeup[i], (guint16)(64 * (i + 1)));
        lut_add(d->lut[1], LUT_BITS, black_makeup[i], (guint16)(64 * (i + 1)));
    }
    for (guint i = 0; i < 13; i++) {
        lut_add(d->lut[0], LUT_BITS, ext_makeup[i], (guint16)(1792 + 64 * i));
        lut_add(d->lut[1], LUT_BITS, ext_makeup[i], (guint16)(1792 + 64 * i));
    }
    memset(d->mode_lut, 0, sizeof d->mode_lut);
    memset(d->mode_len, 0, sizeof d->mode_len);
    for (guint m = 0; m < G_N_ELEMENTS(modes); m++) {
        guint len = (guint)strlen(modes[m].bits), v = 0;
        for (guint i = 0; i < len; i++)
            v = (v << 1) | (guint)(modes[m].bits[i] == '1');
        guint shift = MODE_BITS - len;
        for (guint i = v << shift; i < ((v + 1) << shift); i++) {
            d->mode_lut[i] = (guint8)modes[m].mode;
            d->mode_len[i] = (guint8)len;
        }
    }
}

/* ---- bits ------------------------------------------------------------ */

/* n <= 24 bits from pos, first transmitted first; bits past limit read 0. */
static guint32
peek(const dec *d, guint n)
{
    guint64 p = d->pos;
    guint32 v = 0;

    if (p + n <= d->limit && (p >> 3) + 4 <= d->nbits / 8) {
        const guint8 *b = d->data + (p >> 3);
        guint32 w = ((guint32)b[0] << 24) | ((guint32)b[1] << 16) | ((guint32)b[2] << 8) | b[3];
        return (w << (p & 7)) >> (32 - n);
    }
    for (guint i = 0; i < n; i++, p++) {
        v <<= 1;
        if (p < d->limit)
            v |= (d->data[p >> 3] >> (7 - (p & 7))) & 1u;
    }
    return v;
}

static void
consume(dec *d, guint n)
{
    d->pos += n;
    if (d->pos > d->limit)
        d->overrun = TRUE;
}

/* limit = the first loss place at or after pos, else the end. */
static void
set_limit(dec *d)
{
    while (d->next_gap < d->n_gaps && (guint64)d->gaps[d->next_gap] * 8 < d->pos)
        d->next_gap++;
    d->limit = d->next_gap < d->n_gaps ? MIN((guint64)d->gaps[d->next_gap] * 8, d->nbits)
                                        : d->nbits;
    d->overrun = FALSE;
}

/* Find the next EOL (>= 11 zeros then a 1, T.4 4.1.2; fill zeros allowed)
 * and stand after it.  strict: the first 1 bit must end an EOL (checks that
 * a row ended where its codes said); a loss place relaxes that (any EOL
 * after it resynchronises).  Returns 1 found, 0 not an EOL (strict), -1
 * end of data. */
static int
scan_eol(dec *d, gboolean strict)
{
    guint zeros = 0;

    for (;;) {
        if (d->pos >= d->limit) {
            if (d->limit >= d->nbits)
                return -1;
            /* crossing a loss place */
            d->pos = d->limit;
            d->next_gap++;
            while (d->next_gap < d->n_gaps && (guint64)d->gaps[d->next_gap] * 8 <= d->pos)
                d->next_gap++;
            d->limit = d->next_gap < d->n_gaps
                       ? MIN((guint64)d->gaps[d->next_gap] * 8, d->nbits) : d->nbits;
            zeros = 0;
            strict = FALSE;
            d->crossed++;
            continue;
        }
        /* fast skip of zero octets */
        if ((d->pos & 7) == 0 && d->pos + 8 <= d->limit && d->data[d->pos >> 3] == 0) {
            d->pos += 8;
            zeros += 8;
            continue;
        }
        guint bit = (d->data[d->pos >> 3] >> (7 - (d->pos & 7))) & 1u;
        d->pos++;
        if (bit == 0) {
            zeros++;
        } else if (zeros >= 11) {
            return 1;
        } else {
            if (strict)
                return 0;
            zeros = 0;
        }
    }
}

/* ---- rows ------------------------------------------------------------ */

static void
fill(guint8 *row, guint from, guint to)
{
    for (guint x = from; x < to; x++)
        row[x >> 3] |= (guint8)(0x80u >> (x & 7));
}

/* Record a changing element; two at the same place cancel (zero run). */
static void
add_change(dec *d, guint x)
{
    if (x >= d->width)
        return;
    if (d->ncur > 0 && d->cur[d->ncur - 1] == x) {
        d->ncur--;
        return;
    }
    if (d->ncur < d->width)
        d->cur[d->ncur++] = x;
}

/* One run length of colour c: make-up codes then a terminating code. */
static row_status
read_run(dec *d, guint c, guint *run)
{
    guint total = 0;

    for (;;) {
        if (peek(d, 11) == 0)
            return d->pos + 11 > d->limit ? R_OVERRUN : R_EOL;
        const lut_entry *e = &d->lut[c][peek(d, LUT_BITS)];
        if (e->len == 0)
            return R_ERR;
        consume(d, e->len);
        if (d->overrun)
            return R_OVERRUN;
        total += e->run;
        if (total > d->width + 2560u)
            return R_ERR;
        if (e->run < 64) {
            *run = total;
            return R_OK;
        }
    }
}

/* T.4 4.1: one-dimensional row */
static row_status
decode_1d(dec *d)
{
    guint a0 = 0, c = 0;

    d->ncur = 0;
    while (a0 < d->width) {
        guint run;
        row_status st = read_run(d, c, &run);
        if (st != R_OK)
            return st;
        if (run > d->width - a0)
            return R_ERR;
        if (c)
            fill(d->row, a0, a0 + run);
        a0 += run;
        add_change(d, a0);
        c ^= 1u;
    }
    return R_OK;
}

/* T.4 4.2 / T.6 2.2: two-dimensional row, coded on the reference row d->ref */
static row_status
decode_2d(dec *d)
{
    gint a0 = -1;
    guint c = 0, i = 0, w = d->width;

    d->ncur = 0;
    while (a0 < (gint)w) {
        guint start = a0 < 0 ? 0u : (guint)a0;
        /* b1: first changing element on the reference row right of a0 and of
         * the colour opposite to a0's (even index: to black) */
        if (i > 0)
            i--;                      /* b1 may lie just before the last one */
        while (i > 0 && (gint)d->ref[i - 1] > a0)
            i--;
        while (i < d->nref && ((gint)d->ref[i] <= a0 || (i & 1u) != c))
            i++;
        guint b1 = i < d->nref ? d->ref[i] : w;
        guint b2 = i + 1 < d->nref ? d->ref[i + 1] : w;

        guint32 p = peek(d, MODE_BITS);
        if (p == 0) {
            if (d->pos + 11 > d->limit)
                return R_OVERRUN;
            return peek(d, 11) == 0 ? R_EOL : R_ERR;
        }
        mode2d m = (mode2d)d->mode_lut[p];
        if (m == M_NONE || m == M_EXT)
            return R_ERR;
        consume(d, d->mode_len[p]);
        if (d->overrun)
            return R_OVERRUN;
        switch (m) {
        case M_PASS:
            if (b2 < start)
                return R_ERR;
            if (c)
                fill(d->row, start, b2);
            a0 = (gint)b2;
            break;
        case M_HORIZ: {
            guint r1, r2;
            row_status st = read_run(d, c, &r1);
            if (st != R_OK)
                return st;
            st = read_run(d, c ^ 1u, &r2);
            if (st != R_OK)
                return st;
            if (r1 > w - start || r2 > w - start - r1)
                return R_ERR;
            guint a1 = start + r1, a2 = a1 + r2;
            if (c)
                fill(d->row, start, a1);
            else
                fill(d->row, a1, a2);
            add_change(d, a1);
            add_change(d, a2);
            a0 = (gint)a2;
            break;
        }
        default: {
            static const gint off[] = { [M_V0] = 0, [M_VR1] = 1, [M_VR2] = 2, [M_VR3] = 3,
                                        [M_VL1] = -1, [M_VL2] = -2, [M_VL3] = -3 };
            gint a1 = (gint)b1 + off[m];
            if (a1 < (gint)start || a1 > (gint)w)
                return R_ERR;
            if (c)
                fill(d->row, start, (guint)a1);
            add_change(d, (guint)a1);
            c ^= 1u;
            a0 = a1;
            break;
        }
        }
    }
    return a0 == (gint)w ? R_OK : R_ERR;
}

/* Changing elements of an emitted row, as the next row's reference. */
static void
ref_from_row(dec *d, const guint8 *row)
{
    guint c = 0;

    d->nref = 0;
    for (guint x = 0; x < d->width; x++) {
        guint px = (row[x >> 3] >> (7 - (x & 7))) & 1u;
        if (px != c) {
            d->ref[d->nref++] = x;
            c = px;
        }
    }
}

/* Append the decoded row (or, damaged, a copy of the row above). */
static gboolean
emit_row(dec *d, guint8 flags)
{
    t4_image *img = d->img;
    guint stride = img->stride;

    if (img->rows >= T4_MAX_ROWS) {
        img->truncated = TRUE;
        return FALSE;
    }
    if (flags) {
        memset(d->row, 0, stride);
        if (img->rows > 0)
            memcpy(d->row, d->pixels->data + (gsize)(img->rows - 1) * stride, stride);
        img->rows_damaged++;
        if (flags & T4_ROW_BAD)
            img->rows_bad++;
        if (flags & T4_ROW_LOST)
            img->rows_lost++;
        if (flags & T4_ROW_REF)
            img->rows_ref++;
    }
    g_byte_array_append(d->pixels, d->row, stride);
    g_byte_array_append(d->flags, &flags, 1);
    img->rows++;
    ref_from_row(d, d->row);
    return TRUE;
}

/* T.4 4.1/4.2: EOL-delimited rows (MH, MR) */
/* RTC: EOLs with no row between them (T.4 4.1.4).  TRUE: the page ends. */
static gboolean
at_rtc(dec *d, gboolean mr)
{
    if (d->pos + 12 <= d->limit) {
        guint64 save = d->pos;
        if (mr)
            consume(d, 1);
        if (peek(d, 11) == 0) {
            d->img->end_seen = TRUE;
            return TRUE;
        }
        d->pos = save;
    }
    return FALSE;
}

/* After a row decoded as st: its flags, and *eol the EOL that ends it (as
 * scan_eol gives it).  FALSE: the data ends mid-row, no row. */
static gboolean
row_end(dec *d, row_status st, guint8 *flags, int *eol)
{
    switch (st) {
    case R_OK:
        *eol = scan_eol(d, TRUE);
        if (*eol == 0) {
            *flags = T4_ROW_BAD;   /* the codes ended, the row did not */
            *eol = scan_eol(d, FALSE);
        }
        break;
    case R_EOL:                   /* an EOL inside the row: too short */
        *flags = T4_ROW_BAD;
        *eol = scan_eol(d, FALSE);
        break;
    case R_OVERRUN:
        if (d->limit >= d->nbits) {
            /* the data ends mid-row: a row only if it had a 1 bit */
            return FALSE;
        }
        *flags = T4_ROW_LOST;
        d->pos = d->limit;
        *eol = scan_eol(d, FALSE);
        break;
    case R_ERR:
    default:
        *flags = T4_ROW_BAD;
        *eol = scan_eol(d, FALSE);
        break;
    }
    return TRUE;
}

static void
decode_eol_rows(dec *d, gboolean mr)
{
    gboolean ref_bad = FALSE;
    guint stride = d->img->stride;

    set_limit(d);
    d->crossed = 0;
    if (scan_eol(d, FALSE) != 1)
        return;
    /* the top of the page was lost: one marker row says so */
    if ((d->n_gaps > 0 && d->gaps[0] == 0) || d->crossed > 0)
        if (!emit_row(d, T4_ROW_LOST))
            return;
    for (;;) {
        guint8 flags = 0;
        gboolean one_d = TRUE;
        row_status st;
        int eol = 0;

        set_limit(d);
        d->crossed = 0;
        if (at_rtc(d, mr))
            return;
        if (d->pos >= d->nbits)
            return;
        memset(d->row, 0, stride);
        if (mr) {
            one_d = peek(d, 1) == 1;  /* T.4 4.2.1: tag bit 1 = 1-D */
            consume(d, 1);
        }
        if (d->overrun)
            st = R_OVERRUN;
        else
            st = one_d ? decode_1d(d) : decode_2d(d);
        if (!row_end(d, st, &flags, &eol))
            return;
        if (flags && d->crossed > 0)
            flags |= T4_ROW_LOST;
        if (!flags && !one_d && ref_bad)
            flags = T4_ROW_REF;
        if (flags)
            ref_bad = TRUE;
        else if (one_d)
            ref_bad = FALSE;
        if (!emit_row(d, flags))
            return;
        /* Data lost between two rows: whole rows may have gone with it;
         * one marker row shows the place (its count is unknowable). */
        if (!flags && d->crossed > 0) {
            if (!emit_row(d, T4_ROW_LOST))
                return;
            ref_bad = TRUE;
        }
        if (eol != 1)
            return;
    }
}

/* T.6: MMR rows, no EOL; EOFB ends the page (T.6 2.4.1) */
static void
decode_mmr(dec *d)
{
    guint stride = d->img->stride;

    d->nref = 0;                      /* T.6 2.2.2: imaginary white row */
    for (;;) {
        set_limit(d);
        if (d->pos >= d->nbits)
            return;
        if (peek(d, 12) == 1) {
            d->img->end_seen = TRUE;  /* EOFB = EOL EOL */
            return;
        }
        memset(d->row, 0, stride);
        row_status st = decode_2d(d);
        if (st == R_OK) {
            if (!emit_row(d, 0))
                return;
            continue;
        }
        if (st == R_OVERRUN && d->limit >= d->nbits)
            return;                   /* data ends (padding) */
        (void)emit_row(d, st == R_OVERRUN ? T4_ROW_LOST : T4_ROW_BAD);
        d->img->tail_lost = TRUE;     /* no EOL to resynchronise on */
        return;
    }
}

gboolean
t4_decode(const guint8 *data, gsize len, const gsize *gaps, guint n_gaps,
          t4_coding coding, guint width, t4_image *out)
{
    memset(out, 0, sizeof *out);
    if (width == 0 || width > T4_MAX_WIDTH || (len > 0 && data == NULL))
        return FALSE;
    out->width = width;
    out->stride = (width + 7) / 8;
    if (len > T4_MAX_INPUT) {
        len = T4_MAX_INPUT;
        out->truncated = TRUE;
    }

    dec *d = g_new0(dec, 1);
    d->data = data;
    d->nbits = (guint64)len * 8;
    d->gaps = gaps;
    d->n_gaps = gaps ? MIN(n_gaps, T4_MAX_GAPS) : 0;
    d->width = width;
    d->img = out;
    d->ref = g_new0(guint32, width + 2);
    d->cur = g_new0(guint32, width + 2);
    d->row = g_malloc0(out->stride);
    d->pixels = g_byte_array_new();
    d->flags = g_byte_array_new();
    build_tables(d);
    for (guint i = 0; i < d->n_gaps; i++)
        if (gaps[i] <= len && (i == 0 || gaps[i] != gaps[i - 1]))
            out->gaps++;

    if (coding == T4_CODING_MMR)
        decode_mmr(d);
    else
        decode_eol_rows(d, coding == T4_CODING_MR);

    out->pixels = g_byte_array_free(d->pixels, FALSE);
    out->row_flags = g_byte_array_free(d->flags, FALSE);
    g_free(d->ref);
    g_free(d->cur);
    g_free(d->row);
    g_free(d);
    return TRUE;
}

void
t4_image_clear(t4_image *img)
{
    if (!img)
        return;
    g_free(img->pixels);
    g_free(img->row_flags);
    memset(img, 0, sizeof *img);
}

const char *
t4_coding_name(t4_coding c)
{
    switch (c) {
    case T4_CODING_MH:  return "MH";
    case T4_CODING_MR:  return "MR";
    case T4_CODING_MMR: return "MMR";
    }
    return "?";
}
