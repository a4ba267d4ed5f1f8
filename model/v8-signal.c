/* v8-signal.c: V.8 CI/CM/JM from V.21 bits (see v8-signal.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "v8-signal.h"

#include <string.h>

/* V.8 5.1-5.3: ten ones, then a synchronisation character: 0000000001 for
 * CI, 0000001111 for CM and JM (in line order: the start bit, eight bits,
 * the stop bit), that is the octets 0x00 and 0xE0 sent LSB first.  In the
 * 20-bit window (oldest bit in bit 0): ones in bits 0-9, the start bit 10,
 * the octet in bits 11-18, the stop bit 19. */
#define SYNC_CI    (0x80000u | (0x00u << 11) | 0x3FFu)
#define SYNC_CM_JM (0x80000u | (0xE0u << 11) | 0x3FFu)

/* V.8 Table 2: the tag in bits 1-5 of an information octet */
#define TAG_CALL_FUNCTION 0x01
#define TAG_MODULATION    0x05
#define IS_EXTENSION(o)   (((o) & 0x38) == 0x10)    /* bits 4-6 = 010 */

void
v8_reader_init(v8_reader *r)
{
    memset(r, 0, sizeof *r);
}

void
v8_decode(v8_msg_kind kind, const guint8 *oct, guint n, v8_message *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    guint i = 0;
    while (i < n && oct[i] != 0) {
        guint8 o = oct[i++];
        if ((o & 0x1F) == TAG_CALL_FUNCTION) {
            out->has_call_function = TRUE;
            out->call_function = (v8_call_function)((o >> 5) & 0x07);
        } else if ((o & 0x1F) == TAG_MODULATION) {
            /* modn0, then up to two extension octets (Table 4) */
            out->has_modulations = TRUE;
            guint32 m = 0;
            if (o & 0x80) m |= V8_MODN_V34HDX;
            if (o & 0x40) m |= V8_MODN_V34;
            if (o & 0x20) m |= V8_MODN_V90;
            if (i < n && IS_EXTENSION(oct[i])) {
                guint8 e = oct[i++];
                if (e & 0x80) m |= V8_MODN_V27TER;
                if (e & 0x40) m |= V8_MODN_V29;
                if (e & 0x04) m |= V8_MODN_V17;
                if (e & 0x02) m |= V8_MODN_V22;
                if (e & 0x01) m |= V8_MODN_V32;
                if (i < n && IS_EXTENSION(oct[i])) {
                    e = oct[i++];
                    if (e & 0x80) m |= V8_MODN_V21;
                    if (e & 0x40) m |= V8_MODN_V23HDX;
                    if (e & 0x04) m |= V8_MODN_V23;
                    if (e & 0x02) m |= V8_MODN_V26BIS;
                    if (e & 0x01) m |= V8_MODN_V26TER;
                }
            }
            out->modulations = m;
        }
        /* extension octets of categories not read here */
        while (i < n && IS_EXTENSION(oct[i]))
            i++;
    }
}

/* The sequence read so far ends: a message when it equals the previous
 * one (and none was accepted yet). */
static gboolean
close_sequence(v8_reader *r, v8_message *out)
{
    gboolean got = FALSE;
    if (r->seq_kind != V8_MSG_NONE && r->n > 0) {
        if (!r->accepted && r->prev_kind == r->seq_kind && r->prev_n == r->n &&
            memcmp(r->prev, r->cur, r->n) == 0) {
            v8_decode(r->seq_kind, r->cur, r->n, out);
            r->accepted = TRUE;
            got = TRUE;
        }
        r->prev_kind = r->seq_kind;
        r->prev_n = r->n;
        memcpy(r->prev, r->cur, r->n);
    }
    r->seq_kind = V8_MSG_NONE;
    r->n = 0;
    r->nbit = 0;
    return got;
}

gboolean
v8_reader_bit(v8_reader *r, guint bit, v8_message *out)
{
    gboolean got = FALSE;
    r->window = (r->window >> 1) | ((bit & 1u) << 19);
    if (r->window == SYNC_CM_JM || r->window == SYNC_CI) {
        got = close_sequence(r, out);
        r->seq_kind = r->window == SYNC_CI ? V8_MSG_CI : V8_MSG_CM_JM;
        return got;
    }
    if (r->seq_kind == V8_MSG_NONE)
        return FALSE;
    if (r->nbit == 0) {
        if (bit)                 /* marks between characters: the sequence ends */
            return close_sequence(r, out);
        r->ch = 0;
        r->nbit = 1;
        return FALSE;
    }
    if (r->nbit <= 8) {
        r->ch |= (guint16)((bit & 1u) << (r->nbit - 1));
        r->nbit++;
        return FALSE;
    }
    /* the stop bit */
    r->nbit = 0;
    if (!bit) {
        r->seq_kind = V8_MSG_NONE;     /* framing error: not V.8 */
        r->n = 0;
        return FALSE;
    }
    if (r->n < V8_MAX_OCTETS)
        r->cur[r->n++] = (guint8)r->ch;
    return FALSE;
}

gboolean
v8_reader_end(v8_reader *r, v8_message *out)
{
    return close_sequence(r, out);
}

const char *
v8_call_function_name(v8_call_function cf)
{
    switch (cf) {
    case V8_CF_TBS:       return "TBS";
    case V8_CF_H324:      return "H.324 multimedia";
    case V8_CF_V18:       return "V.18 text telephone";
    case V8_CF_T101:      return "T.101 videotex";
    case V8_CF_T30_TX:    return "T.30 facsimile, the calling terminal sends";
    case V8_CF_T30_RX:    return "T.30 facsimile, the calling terminal receives";
    case V8_CF_V_SERIES:  return "V-series data modem";
    case V8_CF_EXTENSION: return "call function in an extension octet";
    }
    return "?";
}

void
v8_modulations_text(guint32 m, char *buf, gsize size)
{
    static const struct { guint32 bit; const char *name; } names[] = {
        { V8_MODN_V34HDX, "V.34 half-duplex" }, { V8_MODN_V34, "V.34 duplex" },
        { V8_MODN_V90, "V.90" }, { V8_MODN_V17, "V.17" }, { V8_MODN_V29, "V.29" },
        { V8_MODN_V27TER, "V.27ter" }, { V8_MODN_V22, "V.22" }, { V8_MODN_V32, "V.32" },
        { V8_MODN_V21, "V.21" }, { V8_MODN_V23HDX, "V.23 half-duplex" }, { V8_MODN_V23, "V.23" },
        { V8_MODN_V26BIS, "V.26bis" }, { V8_MODN_V26TER, "V.26ter" },
    };
    buf[0] = '\0';
    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (m & names[i].bit) {
            if (buf[0])
                g_strlcat(buf, ", ", size);
            g_strlcat(buf, names[i].name, size);
        }
    if (!buf[0])
        g_strlcpy(buf, "none", size);
}
