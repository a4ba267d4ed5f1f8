/* page-assembly.c: page assembly (non-ECM bursts, ECM frames) and decoding.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "page-assembly.h"
#include "t30-fcf.h"

#include <string.h>

#define ECM_BLOCKS 256            /* T.30 A.4: block counter is one octet */
#define ECM_FRAMES 256            /* frames per block */

typedef struct {
    guint       number;
    gboolean    ecm;
    guint       transmissions;
    GByteArray *data;             /* non-ECM coded octets */
    GArray     *gaps;             /* gsize offsets into data */
    GHashTable *frames;           /* ECM: (block << 8 | frame) -> GBytes */
    gint16      block_frames[ECM_BLOCKS];  /* from PPS, -1 unknown */
    guint       max_block;        /* highest block index seen + 1 */
    gsize       ecm_octets;
    gboolean    capped;
} page_data;

struct page_asm {
    page_data *pages[T30_MAX_PAGES];
    gsize      total;             /* coded octets kept, all pages */
    guint      burst_page;        /* non-ECM page whose burst is open, 0 none */
    gboolean   pending_loss[2];   /* FAX_EV_LOSS just before the next event */
};

page_asm *
page_asm_new(void)
{
    return g_new0(page_asm, 1);
}

static void
page_reset_nonecm(page_data *pg)
{
    if (pg->data)
        g_byte_array_set_size(pg->data, 0);
    else
        pg->data = g_byte_array_new();
    if (pg->gaps)
        g_array_set_size(pg->gaps, 0);
    else
        pg->gaps = g_array_new(FALSE, FALSE, sizeof(gsize));
}

static void
page_free(page_data *pg)
{
    if (!pg)
        return;
    if (pg->data)
        g_byte_array_free(pg->data, TRUE);
    if (pg->gaps)
        g_array_free(pg->gaps, TRUE);
    if (pg->frames)
        g_hash_table_destroy(pg->frames);
    g_free(pg);
}

void
page_asm_free(page_asm *p)
{
    if (!p)
        return;
    for (guint i = 0; i < T30_MAX_PAGES; i++)
        page_free(p->pages[i]);
    g_free(p);
}

static page_data *
page_get(page_asm *p, guint number)
{
    if (number == 0 || number > T30_MAX_PAGES)
        return NULL;
    page_data *pg = p->pages[number - 1];
    if (!pg) {
        pg = g_new0(page_data, 1);
        pg->number = number;
        for (guint i = 0; i < ECM_BLOCKS; i++)
            pg->block_frames[i] = -1;
        p->pages[number - 1] = pg;
    }
    return pg;
}

static gboolean
room_for(page_asm *p, page_data *pg, gsize now, gsize more)
{
    if (now + more > PAGE_ASM_MAX_DATA || p->total + more > PAGE_ASM_MAX_CALL_DATA) {
        pg->capped = TRUE;
        return FALSE;
    }
    return TRUE;
}

static void
gap_add(page_data *pg)
{
    gsize at = pg->data->len;
    if (pg->gaps->len > 0 && g_array_index(pg->gaps, gsize, pg->gaps->len - 1) == at)
        return;
    if (pg->gaps->len < T4_MAX_GAPS)
        g_array_append_val(pg->gaps, at);
}

/* t4-non-ecm-data of a page (T.38 7.4; T.30 5.3.6 phase C) */
static void
on_nonecm(page_asm *p, const fax_event *ev, const fax_note *note, gboolean loss)
{
    page_data *pg;

    if (note->page == 0) {        /* TCF or data nobody asked for */
        if (ev->kind == FAX_EV_NONECM_END)
            p->burst_page = 0;
        return;
    }
    pg = page_get(p, note->page);
    if (!pg)
        return;
    if (p->burst_page != note->page) {
        /* a new transmission of this page: it replaces an earlier one */
        if (pg->data)
            p->total -= MIN(p->total, pg->data->len);
        page_reset_nonecm(pg);
        pg->capped = FALSE;
        pg->transmissions++;
        p->burst_page = note->page;
    }
    if (loss)
        gap_add(pg);
    if (ev->kind == FAX_EV_NONECM_DATA && ev->buf && ev->len > 0 &&
        room_for(p, pg, pg->data->len, ev->len)) {
        g_byte_array_append(pg->data, ev->buf, ev->len);
        p->total += ev->len;
    } else if (ev->kind == FAX_EV_NONECM_DATA && ev->count > 0 && !ev->buf) {
        gap_add(pg);              /* octets counted but not handed over */
    }
    if (ev->kind == FAX_EV_NONECM_END)
        p->burst_page = 0;
}

/* FCD (T.4 A.3.6.2): FIF = frame number, then the frame's T.4 octets */
static void
on_fcd(page_asm *p, const fax_event *ev, const fax_note *note)
{
    page_data *pg;
    guint block, frame, key;

    if (note->page == 0 || note->ecm_block == 0 || !ev->fcs_ok || ev->len < 4)
        return;
    block = note->ecm_block - 1u;
    frame = t30_bit_reverse(ev->buf[3]);
    if (block >= ECM_BLOCKS || frame >= ECM_FRAMES)
        return;
    pg = page_get(p, note->page);
    if (!pg)
        return;
    pg->ecm = TRUE;
    if (!pg->frames)
        pg->frames = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                           (GDestroyNotify)g_bytes_unref);
    key = (block << 8) | frame;
    gsize n = ev->len - 4;
    GBytes *old = g_hash_table_lookup(pg->frames, GUINT_TO_POINTER(key));
    gsize old_len = old ? g_bytes_get_size(old) : 0;
    if (n > old_len && !room_for(p, pg, pg->ecm_octets, n - old_len))
        return;
    pg->ecm_octets = pg->ecm_octets - old_len + n;
    p->total = p->total - old_len + n;
    /* a frame resent after PPR takes the place of the earlier copy */
    g_hash_table_replace(pg->frames, GUINT_TO_POINTER(key), g_bytes_new(ev->buf + 4, n));
    if (block + 1 > pg->max_block)
        pg->max_block = block + 1;
}

/* PPS (T.30 A.4.3): FIF = post-page FCF, page, block, frames - 1 */
static void
on_pps(page_asm *p, const fax_event *ev, const fax_note *note)
{
    page_data *pg;
    guint block;

    if (note->page == 0 || note->ecm_block == 0 || ev->len < 7)
        return;
    block = note->ecm_block - 1u;
    pg = page_get(p, note->page);
    if (!pg || block >= ECM_BLOCKS)
        return;
    pg->ecm = TRUE;
    pg->block_frames[block] = (gint16)(t30_bit_reverse(ev->buf[6]) + 1);
    if (block + 1 > pg->max_block)
        pg->max_block = block + 1;
}

void
page_asm_feed(page_asm *p, const fax_event *ev, const fax_note *note)
{
    gboolean loss;
    guint side;

    if (!p || !ev || !note)
        return;
    side = ev->side == FAX_SIDE_B ? 1 : 0;
    if (ev->kind == FAX_EV_LOSS) {
        p->pending_loss[side] = TRUE;
        return;
    }
    loss = p->pending_loss[side];
    p->pending_loss[side] = FALSE;
    switch (ev->kind) {
    case FAX_EV_NONECM_DATA:
    case FAX_EV_NONECM_END:
        on_nonecm(p, ev, note, loss);
        break;
    case FAX_EV_HDLC:
        if (note->fcf == T30_FCF_FCD)
            on_fcd(p, ev, note);
        else if (note->fcf == T30_FCF_PPS)
            on_pps(p, ev, note);
        /* a non-ECM burst ends at the post-page command at the latest */
        else if (!note->ecm_data)
            p->burst_page = 0;
        break;
    default:
        break;
    }
}

guint
page_asm_count(const page_asm *p)
{
    guint n = 0;
    for (guint i = 0; p && i < T30_MAX_PAGES; i++)
        if (p->pages[i])
            n++;
    return n;
}

guint
page_asm_width_pixels(guint16 width_mm)
{
    switch (width_mm) {
    case 255: return 2048;        /* B4 */
    case 303: return 2432;        /* A3 */
    default:  return 1728;        /* A4 */
    }
}

/* ECM: blocks in order, frames in order, missing frames as loss places. */
static guint8 *
ecm_assemble(const page_data *pg, gsize *len, GArray *gaps, guint *placed, guint *missing)
{
    GByteArray *out = g_byte_array_new();

    *placed = *missing = 0;
    for (guint b = 0; b < pg->max_block; b++) {
        gint n = pg->block_frames[b];
        if (n < 0) {              /* PPS not seen: up to the highest frame */
            n = 0;
            for (guint f = 0; f < ECM_FRAMES; f++)
                if (g_hash_table_contains(pg->frames, GUINT_TO_POINTER((b << 8) | f)))
                    n = (gint)f + 1;
        }
        for (guint f = 0; f < (guint)n; f++) {
            GBytes *fr = g_hash_table_lookup(pg->frames, GUINT_TO_POINTER((b << 8) | f));
            if (!fr) {
                gsize at = out->len;
                (*missing)++;
                if (gaps->len < T4_MAX_GAPS &&
                    (gaps->len == 0 || g_array_index(gaps, gsize, gaps->len - 1) != at))
                    g_array_append_val(gaps, at);
                continue;
            }
            gsize fl;
            const guint8 *fd = g_bytes_get_data(fr, &fl);
            g_byte_array_append(out, fd, (guint)fl);
            (*placed)++;
        }
    }
    *len = out->len;
    return g_byte_array_free(out, FALSE);
}

/* Better: more rows that are not damaged; then fewer damaged. */
static gboolean
better(const t4_image *a, const t4_image *b)
{
    guint ga = a->rows - a->rows_damaged, gb = b->rows - b->rows_damaged;
    if (ga != gb)
        return ga > gb;
    return a->rows_damaged < b->rows_damaged;
}

/* T.30 Table 2, the DCS: coding (bits 16, 31), width (17-18), vertical
 * resolution (15, 41); MH at 1728 pels and standard resolution, guessed,
 * when the capture has no valid DCS.  The page's T.30 outcome too. */
static void
page_format(const page_data *pg, const t30_summary *sum, page_asm_image *out,
            t4_coding *coding, guint *width)
{
    *coding = T4_CODING_MH;
    *width = 1728;
    out->x_dpi = 204;
    out->y_dpi = 98;
    out->coding_guessed = TRUE;
    if (sum && sum->has_dcs && sum->dcs.valid) {
        *coding = sum->dcs.t6_mmr && pg->ecm ? T4_CODING_MMR
                  : sum->dcs.mr_2d ? T4_CODING_MR : T4_CODING_MH;
        *width = page_asm_width_pixels(sum->dcs.width_mm);
        out->y_dpi = sum->dcs.superfine ? 391 : sum->dcs.fine ? 196 : 98;
        out->coding_guessed = FALSE;
    }
    if (sum && pg->number <= sum->n_pages) {
        out->confirmed = sum->pages[pg->number - 1].confirmed;
        out->rejected = sum->pages[pg->number - 1].rejected;
    }
}

/* The DCS may be missing (capture started late) or wrong: when most rows do
 * not decode, try the other codings and widths and keep the best. */
static void
guess_format(const guint8 *data, gsize len, const gsize *gp, guint n_gaps,
             t4_coding coding, guint width, page_asm_image *out)
{
    static const guint widths[] = { 1728, 2048, 2432, 3456, 4096, 4864 };
    for (guint c = T4_CODING_MH; c <= T4_CODING_MMR; c++)
        for (guint w = 0; w < G_N_ELEMENTS(widths); w++) {
            t4_image alt;
            if ((t4_coding)c == coding && widths[w] == width)
                continue;
            t4_decode(data, len, gp, n_gaps, (t4_coding)c, widths[w], &alt);
            if (better(&alt, &out->img)) {
                t4_image_clear(&out->img);
                out->img = alt;
                out->coding = (t4_coding)c;
                out->coding_guessed = TRUE;
                if (widths[w] > 2432)
                    out->x_dpi = 408;  /* R16 widths: 16 pels/mm */
                else
                    out->x_dpi = 204;
            } else {
                t4_image_clear(&alt);
            }
        }
}

gboolean
page_asm_render(const page_asm *p, guint idx, const t30_summary *sum, page_asm_image *out)
{
    const page_data *pg = NULL;
    guint seen = 0;
    const guint8 *data;
    guint8 *owned = NULL;
    gsize len;
    GArray *gaps;

    memset(out, 0, sizeof *out);
    for (guint i = 0; p && i < T30_MAX_PAGES; i++)
        if (p->pages[i] && seen++ == idx) {
            pg = p->pages[i];
            break;
        }
    if (!pg)
        return FALSE;

    out->number = pg->number;
    out->ecm = pg->ecm;
    out->transmissions = pg->transmissions;
    out->data_capped = pg->capped;
    if (pg->ecm && pg->frames) {
        gaps = g_array_new(FALSE, FALSE, sizeof(gsize));
        owned = ecm_assemble(pg, &len, gaps, &out->ecm_frames, &out->ecm_missing);
        data = owned;
    } else {
        gaps = g_array_new(FALSE, FALSE, sizeof(gsize));
        if (pg->gaps)
            g_array_append_vals(gaps, pg->gaps->data, pg->gaps->len);
        data = pg->data ? pg->data->data : NULL;
        len = pg->data ? pg->data->len : 0;
    }
    out->octets = len;
    out->gaps = gaps->len;

    t4_coding coding;
    guint width;
    page_format(pg, sum, out, &coding, &width);

    const gsize *gp = (const gsize *)(const void *)gaps->data;
    t4_decode(data, len, gp, gaps->len, coding, width, &out->img);
    out->coding = coding;
    if (out->img.rows == 0 || out->img.rows_damaged * 2 > out->img.rows)
        guess_format(data, len, gp, gaps->len, coding, width, out);
    g_array_free(gaps, TRUE);
    g_free(owned);
    return TRUE;
}

void
page_asm_image_clear(page_asm_image *img)
{
    if (!img)
        return;
    t4_image_clear(&img->img);
    memset(img, 0, sizeof *img);
}
