/* fax-frames.c: per-frame records of fax calls (see fax-frames.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-frames.h"

#include <string.h>

/* A T.38 packet with nothing notable: 12 octets. */
typedef struct {
    guint32 frame;
    guint32 call;
    guint16 seq;
    guint8  side;
    guint8  decoded;         /* UDPTL decoded; FRAME_IX_RTP: pass-through audio */
} frame_ix;

#define FRAME_IX_RTP 2

static GArray     *plain;        /* frame_ix in frame order (first pass order) */
static gboolean    plain_sorted;
static GByteArray *fax_bits;     /* bit per frame number: a fax frame */
static wmem_map_t *full;         /* frame -> fax_frame_rec (file scope) */

void
fax_frames_init(void)
{
    plain = g_array_new(FALSE, FALSE, sizeof(frame_ix));
    plain_sorted = TRUE;
    fax_bits = g_byte_array_new();
    full = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
}

void
fax_frames_cleanup(void)
{
    if (plain)
        g_array_free(plain, TRUE);
    if (fax_bits)
        g_byte_array_free(fax_bits, TRUE);
    plain = NULL;
    fax_bits = NULL;
    full = NULL;        /* freed with the file scope */
}

static gboolean
bit_test(guint32 frame)
{
    return fax_bits && (frame >> 3) < fax_bits->len && ((fax_bits->data[frame >> 3] >> (frame & 7)) & 1);
}

static void
bit_set(guint32 frame)
{
    guint need = (frame >> 3) + 1;
    if (fax_bits->len < need) {
        guint old = fax_bits->len;
        guint grow = need > 2 * old ? need : 2 * old;     /* amortised */
        g_byte_array_set_size(fax_bits, grow);
        memset(fax_bits->data + old, 0, grow - old);
    }
    fax_bits->data[frame >> 3] |= (guint8)(1u << (frame & 7));
}

static fax_frame_rec *
full_new(guint32 frame, guint32 call, guint8 kind, guint8 side)
{
    fax_frame_rec *rec = wmem_new0(wmem_file_scope(), fax_frame_rec);
    rec->call = call;
    rec->kind = kind;
    rec->side = side;
    wmem_map_insert(full, GUINT_TO_POINTER(frame), rec);
    bit_set(frame);
    return rec;
}

fax_frame_rec *
fax_frames_add_sip(guint32 frame, guint32 call, fax_side side, fax_sip_role role)
{
    /* A TCP segment can hold several messages (100 Trying and the 200 OK):
     * the frame keeps its first call, and the role of the message that
     * does something for the fax. */
    fax_frame_rec *rec = bit_test(frame) ? wmem_map_lookup(full, GUINT_TO_POINTER(frame)) : NULL;
    if (rec && rec->kind == FAX_REC_SIP) {
        if (role != FAX_SIP_OTHER && rec->call == call)
            rec->sip_role = (guint8)role;
        return rec;
    }
    rec = full_new(frame, call, FAX_REC_SIP, (guint8)side);
    rec->sip_role = (guint8)role;
    return rec;
}

void
fax_frames_add_earlier_sip(const guint32 *earlier, guint n, const fax_call *c)
{
    for (guint i = 0; i < n; i++) {
        guint32 f = earlier[i] >> 1;
        if (bit_test(f))
            continue;
        fax_frames_add_sip(f, c->id, (fax_side)(earlier[i] & 1),
                           f == c->invite_frame ? FAX_SIP_INVITE : FAX_SIP_OTHER);
    }
}

void
fax_frames_add_udptl(guint32 frame, const fax_udptl_note *note, gboolean found)
{
    if (bit_test(frame))
        return;
    const t38_packet_note *p = &note->pkt;
    gboolean notable = found || note->port_mismatch || note->n_notes > 0 || !p->decoded ||
                       p->duplicate || p->reordered || p->recovered || p->lost ||
                       p->post_corrigendum;
    if (!notable) {
        frame_ix ix = { frame, note->call->id, p->seq, (guint8)note->side, 1 };
        if (plain->len && g_array_index(plain, frame_ix, plain->len - 1).frame > frame)
            plain_sorted = FALSE;          /* a replayed earlier datagram */
        g_array_append_val(plain, ix);
        bit_set(frame);
        return;
    }
    fax_frame_rec *rec = full_new(frame, note->call->id, FAX_REC_UDPTL, (guint8)note->side);
    rec->pkt = *p;
    rec->port_mismatch = note->port_mismatch;
    rec->found = found;
    rec->n_notes = (guint8)note->n_notes;
    if (note->n_notes)
        rec->notes = wmem_memdup(wmem_file_scope(), note->notes, note->n_notes * sizeof(fax_note));
}

void
fax_frames_add_rtp(guint32 frame, const fax_udptl_note *note)
{
    if (bit_test(frame))
        return;
    if (note->n_notes == 0) {
        frame_ix ix = { frame, note->call->id, 0, (guint8)note->side, FRAME_IX_RTP };
        if (plain->len && g_array_index(plain, frame_ix, plain->len - 1).frame > frame)
            plain_sorted = FALSE;
        g_array_append_val(plain, ix);
        bit_set(frame);
        return;
    }
    fax_frame_rec *rec = full_new(frame, note->call->id, FAX_REC_RTP, (guint8)note->side);
    rec->n_notes = (guint8)note->n_notes;
    rec->notes = wmem_memdup(wmem_file_scope(), note->notes, note->n_notes * sizeof(fax_note));
}

static gint
ix_cmp(gconstpointer a, gconstpointer b)
{
    guint32 x = ((const frame_ix *)a)->frame, y = ((const frame_ix *)b)->frame;
    return x < y ? -1 : x > y;
}

const fax_frame_rec *
fax_frames_get(guint32 frame, fax_frame_rec *scratch)
{
    if (!bit_test(frame))
        return NULL;
    fax_frame_rec *rec = wmem_map_lookup(full, GUINT_TO_POINTER(frame));
    if (rec)
        return rec;
    if (!plain_sorted) {
        g_array_sort(plain, ix_cmp);
        plain_sorted = TRUE;
    }
    /* binary search; the first pass asks for the last entry */
    guint lo = 0, hi = plain->len;
    if (hi && g_array_index(plain, frame_ix, hi - 1).frame == frame)
        lo = hi - 1;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const frame_ix *ix = &g_array_index(plain, frame_ix, mid);
        if (ix->frame == frame) {
            memset(scratch, 0, sizeof *scratch);
            scratch->call = ix->call;
            scratch->kind = ix->decoded == FRAME_IX_RTP ? FAX_REC_RTP : FAX_REC_UDPTL;
            scratch->side = ix->side;
            scratch->pkt.decoded = ix->decoded == 1;
            scratch->pkt.seq = ix->seq;
            return scratch;
        }
        if (ix->frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
