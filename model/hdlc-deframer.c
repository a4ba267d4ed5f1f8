/* hdlc-deframer.c: flags, de-stuffing, FCS-16 over the bit stream.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include "hdlc-deframer.h"

/* ISO 3309 FCS over a bit stream in line order, reflected form: the
 * register after the frame and its own FCS holds the good residue 0xF0B8. */
#define FCS_INIT 0xFFFFu
#define FCS_GOOD 0xF0B8u

static guint16
fcs_bit(guint16 crc, guint bit)
{
    guint fb = (crc ^ bit) & 1u;
    crc >>= 1;
    if (fb)
        crc ^= 0x8408u;
    return crc;
}

void
hdlc_deframer_init(hdlc_deframer *h, hdlc_deframer_frame_cb cb, void *user)
{
    memset(h, 0, sizeof(*h));
    h->cb = cb;
    h->user = user;
}

void
hdlc_deframer_reset(hdlc_deframer *h)
{
    h->in_frame = FALSE;
    h->discard = FALSE;
    h->nbits = 0;
    h->ones = 0;
    h->shift = 0;
    h->flag_run = 0;
    h->bits_since_flag = 0;
}

guint
hdlc_deframer_flag_run(const hdlc_deframer *h)
{
    return h->flag_run;
}

static void
end_of_frame(hdlc_deframer *h)
{
    guint n, i, b;
    guint16 crc = FCS_INIT;

    /* the flag's first 7 bits (0111111) were already stored: drop them */
    if (h->nbits < 7)
        return;
    n = h->nbits - 7;
    if (n == 0)
        return;                          /* flag right after flag */
    if ((n & 7u) != 0 || n < 8u * 5u) {  /* address, control, FCF + FCS */
        h->stats.runts++;
        return;
    }
    for (i = 0; i < n; i++) {
        b = (h->buf[i >> 3] >> (7 - (i & 7u))) & 1u;
        crc = fcs_bit(crc, b);
    }
    if (crc == FCS_GOOD)
        h->stats.frames_ok++;
    else
        h->stats.frames_bad_fcs++;
    if (h->cb)
        h->cb(h->buf, n / 8 - 2, crc == FCS_GOOD, h->user);
}

void
hdlc_deframer_bit(hdlc_deframer *h, guint bit)
{
    bit &= 1u;
    h->shift = (guint8)((h->shift << 1) | bit);
    if (bit) {
        h->ones++;
        if (h->ones >= 7) {              /* abort / idle ones */
            if (h->in_frame && h->nbits > 0)
                h->stats.aborts++;
            h->in_frame = FALSE;
            h->flag_run = 0;
            return;
        }
    } else {
        if (h->ones == 6) {              /* 01111110: a flag */
            h->stats.flags++;
            if (h->in_frame && !h->discard)
                end_of_frame(h);
            if (h->in_frame && h->nbits <= 7)
                h->flag_run++;
            else
                h->flag_run = 1;
            h->in_frame = TRUE;
            h->discard = FALSE;
            h->nbits = 0;
            h->ones = 0;
            return;
        }
        if (h->ones == 5) {              /* stuffed zero */
            h->ones = 0;
            return;
        }
        h->ones = 0;
    }
    if (!h->in_frame || h->discard)
        return;
    if (h->nbits >= 8u * HDLC_DEFRAMER_MAX) {
        h->stats.overlong++;
        h->discard = TRUE;
        h->flag_run = 0;
        return;
    }
    if (bit)
        h->buf[h->nbits >> 3] |= (guint8)(0x80u >> (h->nbits & 7u));
    else
        h->buf[h->nbits >> 3] &= (guint8)~(0x80u >> (h->nbits & 7u));
    h->nbits++;
    if (h->nbits > 7)
        h->flag_run = 0;
}

void
hdlc_deframer_fcs16_append(const guint8 *data, guint len, guint8 out[2])
{
    guint16 crc = FCS_INIT;
    guint i, k;
    guint16 f;

    for (i = 0; i < len; i++)
        for (k = 0; k < 8; k++)
            crc = fcs_bit(crc, (data[i] >> (7 - k)) & 1u);
    f = (guint16)~crc;
    /* sent least significant bit first: in T.38 order each octet reversed */
    out[0] = 0;
    out[1] = 0;
    for (k = 0; k < 8; k++) {
        if (f & (1u << k))
            out[0] |= (guint8)(0x80u >> k);
        if (f & (1u << (k + 8)))
            out[1] |= (guint8)(0x80u >> k);
    }
}
