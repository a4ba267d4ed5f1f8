/* fuzz-udptl.c: libFuzzer harness for the UDPTL/IFP decoder (wire/udptl.c)
 * and the T.38 stream layer (model/t38-stream.c).  The input is a sequence
 * of datagrams, the format fuzz-corpus.py writes from real captures:
 *
 *   u8 flags (bit 0: side B), u16 length, that many payload octets
 *
 * Each datagram is decoded directly (framing, both IFP ASN.1 variants, the
 * discovery check) and fed to the stream of its direction; every event the
 * stream emits is checked against the stream's own promises.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "fuzz-input.h"
#include "t38-stream.h"
#include "udptl.h"

static volatile unsigned sink;

static void
on_event(const fax_event *ev, void *user)
{
    (void)user;
    if ((unsigned)ev->kind > FAX_EV_LOSS)
        __builtin_trap();
    if (ev->kind == FAX_EV_INDICATOR && (unsigned)ev->indicator >= FAX_IND_COUNT)
        __builtin_trap();
    if (ev->kind == FAX_EV_HDLC) {
        if (ev->len > T38_HDLC_MAX || (ev->len && !ev->buf))
            __builtin_trap();
        for (guint i = 0; i < ev->len; i++)   /* every octet must be readable */
            sink += ev->buf[i];
    }
}

static void
decode_direct(const uint8_t *p, size_t n)
{
    udptl_packet u;
    if (udptl_decode(p, (guint)n, &u) == WIRE_OK) {
        ifp_packet ifp;
        guint used;
        for (int v = 0; v < 2; v++) {
            if (ifp_decode(u.primary.buf, u.primary.len, (ifp_asn1)v, &ifp, &used) == WIRE_OK) {
                if (used > u.primary.len || ifp.n_fields > IFP_MAX_FIELDS)
                    __builtin_trap();
                for (guint i = 0; i < ifp.n_fields; i++) {
                    (void)ifp_field_type_name(ifp.fields[i].type);
                    for (guint k = 0; k < ifp.fields[i].len; k++)
                        sink += ifp.fields[i].data[k];
                }
            }
            for (guint i = 0; i < u.n_secondary && i < UDPTL_MAX_SECONDARY; i++)
                (void)ifp_decode(u.secondary[i].buf, u.secondary[i].len, (ifp_asn1)v, &ifp, &used);
        }
    }
    (void)udptl_plausible(p, (guint)n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = { data, size, 0 };
    t38_stream *st[2] = { t38_stream_new(FAX_SIDE_A), t38_stream_new(FAX_SIDE_B) };
    guint32 frame = 0;
    while (!in.eof && in.left) {
        int side = fuzz_u8(&in) & 1;
        size_t got;
        const uint8_t *p = fuzz_bytes(&in, fuzz_u16(&in), &got);
        /* a copy of exactly the datagram, so ASan sees any over-read */
        uint8_t *copy = g_memdup2(p, (gsize)got);
        decode_direct(copy, got);
        t38_packet_note note;
        frame++;
        t38_stream_feed(st[side], copy, (guint)got, frame, 1.0e9 + frame * 0.02, on_event, NULL, &note);
        g_free(copy);
    }
    for (int i = 0; i < 2; i++) {
        const t38_stream_stats *ss = t38_stream_get_stats(st[i]);
        if (ss->recovered + ss->lost > ss->missing + ss->resyncs * 65536u)
            sink++;
        t38_stream_free(st[i]);
    }
    return 0;
}
