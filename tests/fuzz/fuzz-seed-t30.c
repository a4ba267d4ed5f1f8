/* fuzz-seed-t30.c: turn a T.38 flow pair (fuzz-udptl input format: u8 side,
 * u16 length, payload) into the T.30 event sequence that fuzz-t30 reads,
 * by running it through the real T.38 stream layer.  Writes to stdout.
 * A seed-corpus tool, not a harness (fuzz-corpus.py calls it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include "t38-stream.h"

typedef struct {
    double last_t;
} seed_state;

static void
put16(unsigned v)
{
    putchar((int)(v >> 8 & 0xFF));
    putchar((int)(v & 0xFF));
}

static void
on_event(const fax_event *ev, void *user)
{
    seed_state *st = user;
    int step = (int)((ev->t - st->last_t) / 0.25);
    st->last_t += (step < 0 ? 0 : step > 15 ? 15 : step) * 0.25;
    step = step < 0 ? 0 : step > 15 ? 15 : step;
    putchar((int)(step << 4 | (ev->side == FAX_SIDE_B ? 8 : 0) | ev->kind));
    switch (ev->kind) {
    case FAX_EV_INDICATOR:
        putchar((int)ev->indicator);
        break;
    case FAX_EV_HDLC:
        putchar((int)ev->modem);
        putchar(ev->fcs_ok ? 1 : 0);
        put16(ev->len);
        fwrite(ev->buf, 1, ev->len, stdout);
        break;
    case FAX_EV_NONECM_DATA:
        putchar((int)ev->modem);
        put16(ev->count > 0xFFFF ? 0xFFFF : ev->count);
        break;
    case FAX_EV_NONECM_END:
        putchar((int)ev->modem);
        break;
    case FAX_EV_LOSS:
        putchar((int)(ev->count > 255 ? 255 : ev->count));
        break;
    }
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz-seed-t30 FLOWFILE > T30SEED\n");
        return 2;
    }
    gchar *data;
    gsize n;
    if (!g_file_get_contents(argv[1], &data, &n, NULL)) {
        fprintf(stderr, "fuzz-seed-t30: cannot read %s\n", argv[1]);
        return 1;
    }
    t38_stream *st[2] = { t38_stream_new(FAX_SIDE_A), t38_stream_new(FAX_SIDE_B) };
    seed_state ss = { 0.0 };
    gsize off = 0;
    guint32 frame = 0;
    while (off + 3 <= n) {
        int side = data[off] & 1;
        guint len = (guint8)data[off + 1] << 8 | (guint8)data[off + 2];
        off += 3;
        if (len > n - off)
            len = (guint)(n - off);
        frame++;
        t38_packet_note note;
        t38_stream_feed(st[side], (const guint8 *)data + off, len, frame, frame * 0.02,
                        on_event, &ss, &note);
        off += len;
    }
    t38_stream_free(st[0]);
    t38_stream_free(st[1]);
    g_free(data);
    return 0;
}
