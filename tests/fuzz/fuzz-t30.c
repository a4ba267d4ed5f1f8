/* fuzz-t30.c: libFuzzer harness for the T.30 session model and the FCF/FIF
 * parsers.  The input is a sequence of fax_event records (the format that
 * fuzz-seed-t30 writes from real T.38 streams):
 *
 *   u8 head: bits 0-2 kind (mod 5), bit 3 side, bits 4-7 time step (x 0.25 s)
 *   INDICATOR:   u8 indicator (mod FAX_IND_COUNT)
 *   HDLC:        u8 modem, u8 flags (bit 0 FCS OK), u16 len (mod 1025), bytes
 *   NONECM_DATA: u8 modem, u16 count
 *   NONECM_END:  u8 modem
 *   LOSS:        u8 count
 *
 * Values stay inside the enums, as the T.38 stream layer guarantees.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "fuzz-input.h"
#include "t30-fcf.h"
#include "t30-fif.h"
#include "t30-session.h"

static fax_modem
modem_of(uint8_t b)
{
    return b >= FAX_MODEM_COUNT ? FAX_MODEM_NONE : (fax_modem)b;
}

/* The HDLC frame's own parsers, called directly as the session does. */
static void
parse_frame(const uint8_t *buf, size_t len)
{
    if (len < 3)
        return;
    gboolean x;
    gint fcf = t30_fcf_canonical(buf[2], &x);
    (void)t30_fcf_known(fcf);
    (void)t30_fcf_name(fcf);
    (void)t30_fcf_description(fcf);
    const guint8 *fif = buf + 3;
    guint fl = (guint)(len - 3);
    t30_caps caps;
    char text[256];
    t30_caps_decode(fif, fl, (buf[2] & 1) == 0, &caps);
    t30_caps_format(&caps, text, sizeof text);
    t30_ident_decode(fif, fl, text, 21);
    guint8 country;
    guint16 vendor;
    gboolean vv;
    if (t30_nsf_decode(fif, fl, &country, &vendor, &vv))
        (void)t30_country_name(country);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = { data, size, 0 };
    t30_session *s = t30_session_new();
    guint32 frame = 0;
    double t = 1.0e9;
    while (!in.eof && in.left) {
        uint8_t head = fuzz_u8(&in);
        fax_event ev;
        memset(&ev, 0, sizeof ev);
        ev.kind = (fax_event_kind)((head & 7) % 5);
        ev.side = (head & 8) ? FAX_SIDE_B : FAX_SIDE_A;
        t += (head >> 4) * 0.25;
        ev.frame = ++frame;
        ev.t = t;
        ev.modem = FAX_MODEM_NONE;
        switch (ev.kind) {
        case FAX_EV_INDICATOR:
            ev.indicator = (fax_indicator)(fuzz_u8(&in) % FAX_IND_COUNT);
            break;
        case FAX_EV_HDLC: {
            ev.modem = modem_of(fuzz_u8(&in));
            ev.fcs_ok = fuzz_u8(&in) & 1;
            size_t want = fuzz_u16(&in) % 1025, got;
            ev.buf = fuzz_bytes(&in, want, &got);
            ev.len = (guint)got;
            parse_frame(ev.buf, got);
            break;
        }
        case FAX_EV_NONECM_DATA:
            ev.modem = modem_of(fuzz_u8(&in));
            ev.count = fuzz_u16(&in);
            break;
        case FAX_EV_NONECM_END:
            ev.modem = modem_of(fuzz_u8(&in));
            break;
        case FAX_EV_LOSS:
            ev.count = fuzz_u8(&in);
            break;
        }
        fax_note note;
        t30_session_feed(s, &ev, &note);
        if ((frame & 63) == 0)   /* a verdict mid-call, then more events */
            t30_session_finish(s, t, frame, FALSE);
    }
    t30_session_finish(s, t + 1.0, frame, TRUE);
    const t30_summary *sum = t30_session_summary(s);
    (void)t30_result_name(sum->result);
    (void)t30_reason_name(sum->reason);
    if (strnlen(sum->result_text, sizeof sum->result_text) == sizeof sum->result_text)
        __builtin_trap();   /* the verdict sentence must be terminated */
    t30_session_free(s);
    return 0;
}
