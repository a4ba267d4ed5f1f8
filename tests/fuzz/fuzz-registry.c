/* fuzz-registry.c: libFuzzer harness for the whole model: the call registry
 * (model/fax-registry.h) fed SIP messages and UDP datagrams as the plugin's
 * first pass feeds it, then every call's verdict and both text reports
 * (ui/fax-text.c).  The input is a sequence of datagrams, the format
 * fuzz-corpus.py writes from real captures:
 *
 *   u8  flags: bit 0 UDPTL (else SIP), bit 1 Wireshark decoded it as T.38,
 *       bit 2 run the verdict now, bits 4-7 time step (x 0.1 s)
 *   u8  src IPv4[4], u16 src port, u8 dst IPv4[4], u16 dst port
 *   u16 length, that many payload octets
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "fax-registry.h"
#include "fax-text.h"
#include "fuzz-input.h"

static void
endpoint(fuzz_in *in, fax_endpoint *e)
{
    memset(e, 0, sizeof *e);
    e->family = 4;
    for (int i = 0; i < 4; i++)
        e->addr[i] = fuzz_u8(in);
    e->port = fuzz_u16(in);
}

/* What plugin/packet-fax.c first_pass_sip() does with a SIP datagram. */
static void
feed_sip(fax_registry *r, const guint8 *p, guint len, const fax_endpoint *src,
         const fax_endpoint *dst, guint32 frame, double t)
{
    sip_msg m;
    if (sip_msg_parse(p, len, &m) != WIRE_OK)
        return;
    sdp_info sdp, *sp = NULL;
    const guint8 *body;
    guint blen;
    if (sip_msg_sdp_body(&m, &body, &blen) && sdp_parse(body, blen, &sdp) == WIRE_OK)
        sp = &sdp;
    fax_sip_note note;
    fax_registry_sip(r, &m, sp, src, dst, frame, t, &note);
    for (guint i = 0; i < note.n_earlier; i++)   /* must be readable */
        if ((note.earlier[i] >> 1) > frame)
            __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = { data, size, 0 };
    fax_registry *r = fax_registry_new();
    guint32 frame = 0;
    double t = 1.0e9;
    while (!in.eof && in.left) {
        uint8_t flags = fuzz_u8(&in);
        fax_endpoint src, dst;
        endpoint(&in, &src);
        endpoint(&in, &dst);
        size_t got;
        const uint8_t *p = fuzz_bytes(&in, fuzz_u16(&in), &got);
        guint8 *copy = g_memdup2(p, (gsize)got);   /* ASan sees over-reads */
        t += (flags >> 4) * 0.1;
        frame++;
        if (flags & 1) {
            gboolean ws_t38 = (flags & 2) != 0;
            if (ws_t38 || fax_registry_is_t38_endpoint(r, &src, &dst)) {
                fax_udptl_note note;
                fax_registry_udptl(r, &src, &dst, copy, (guint)got, frame, t, ws_t38, &note);
                if (note.n_notes > FAX_MAX_NOTES_PER_PACKET)
                    __builtin_trap();
            }
        } else {
            feed_sip(r, copy, (guint)got, &src, &dst, frame, t);
        }
        g_free(copy);
        if (flags & 4)
            fax_registry_finish(r);
    }
    fax_registry_finish(r);
    guint n = fax_registry_count(r);
    fax_call **calls = g_new0(fax_call *, n + 1);
    for (guint i = 0; i < n; i++) {
        calls[i] = fax_registry_call(r, i + 1);
        if (!calls[i] || calls[i]->id != i + 1)
            __builtin_trap();
        char ep[64];
        fax_endpoint_format(&calls[i]->sdp_media[0], ep, sizeof ep);
    }
    GString *out = g_string_new(NULL);
    fax_text_stat(out, calls, n, 1.0e9, NULL, "fuzz");
    fax_text_report(out, calls, n, 1.0e9, "ip.addr==10.0.0.1", "fuzz");
    g_string_free(out, TRUE);
    g_free(calls);
    fax_registry_free(r);
    return 0;
}
