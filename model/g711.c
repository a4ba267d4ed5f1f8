/* g711.c: G.711 µ-law and A-law, the segment arithmetic of G.711 Tables 1a/2a
 * (µ-law with the 0x84 bias, output scaled to 16 bits; A-law 13-bit scaled).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "g711.h"

gint16
g711_ulaw_to_linear(guint8 u)
{
    gint t;

    u = (guint8)~u;
    t = (((gint)u & 0x0F) << 3) + 0x84;       /* G.711 Table 2a: bias 33 (x4) */
    t <<= ((guint)u & 0x70) >> 4;
    return (gint16)((u & 0x80) ? (0x84 - t) : (t - 0x84));
}

gint16
g711_alaw_to_linear(guint8 a)
{
    gint t, seg;

    a ^= 0x55;                                 /* G.711 Table 1a: even bits inverted */
    t = ((gint)a & 0x0F) << 4;
    seg = ((gint)a & 0x70) >> 4;
    if (seg == 0)
        t += 8;
    else
        t = (t + 0x108) << (seg - 1);
    return (gint16)((a & 0x80) ? t : -t);
}

static guint
seg_of(gint v, const gint *ends, guint n)
{
    guint i;
    for (i = 0; i < n; i++)
        if (v <= ends[i])
            return i;
    return n;
}

guint8
g711_linear_to_ulaw(gint16 pcm)
{
    static const gint ends[8] = { 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF };
    gint v = pcm >> 2;       /* 14-bit */
    guint8 mask;
    guint seg;

    if (v < 0) {
        v = -v;
        mask = 0x7F;
    } else {
        mask = 0xFF;
    }
    if (v > 8159)            /* G.711 µ-law clip */
        v = 8159;
    v += 0x21;               /* bias 33 */
    seg = seg_of(v, ends, 8) ;
    if (seg >= 8)
        return (guint8)(0x7F ^ mask);
    return (guint8)(((seg << 4) | (((guint)v >> (seg + 1)) & 0x0F)) ^ mask);
}

guint8
g711_linear_to_alaw(gint16 pcm)
{
    static const gint ends[8] = { 0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF };
    gint v = pcm >> 3;       /* 13-bit */
    guint8 mask, aval;
    guint seg;

    if (v >= 0) {
        mask = 0xD5;
    } else {
        mask = 0x55;
        v = -v - 1;
    }
    seg = seg_of(v, ends, 8);
    if (seg >= 8)
        return (guint8)(0x7F ^ mask);
    aval = (guint8)(seg << 4);
    if (seg < 2)
        aval |= (guint8)((v >> 1) & 0x0F);
    else
        aval |= (guint8)((v >> seg) & 0x0F);
    return (guint8)(aval ^ mask);
}

void
g711_decode_codes(g711_law law, const guint8 *in, guint n, gint16 *out)
{
    guint i;
    if (law == FAX_G711_ALAW) {
        for (i = 0; i < n; i++)
            out[i] = g711_alaw_to_linear(in[i]);
    } else {
        for (i = 0; i < n; i++)
            out[i] = g711_ulaw_to_linear(in[i]);
    }
}

void
g711_encode_samples(g711_law law, const gint16 *in, guint n, guint8 *out)
{
    guint i;
    if (law == FAX_G711_ALAW) {
        for (i = 0; i < n; i++)
            out[i] = g711_linear_to_alaw(in[i]);
    } else {
        for (i = 0; i < n; i++)
            out[i] = g711_linear_to_ulaw(in[i]);
    }
}
