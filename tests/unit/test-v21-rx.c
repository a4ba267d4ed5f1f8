/* test-v21-rx.c: the V.21 demodulator on synthetic FSK: clean, through
 * G.711, with noise, frequency offset and bit-rate error; the wrong channel,
 * low level and noise must give nothing.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "v21-rx.h"
#include "fax-synth.h"

typedef struct {
    hdlc_deframer hdlc;
    guint ok, bad, carrier_ups;
    guint8 last[HDLC_DEFRAMER_MAX];
    guint last_len;
} rx;

static void
on_frame(const guint8 *f, guint len, gboolean ok, void *user)
{
    rx *r = user;
    if (ok) {
        r->ok++;
        memcpy(r->last, f, len);
        r->last_len = len;
    } else {
        r->bad++;
    }
}

static void
on_bit(guint bit, void *user)
{
    rx *r = user;
    hdlc_deframer_bit(&r->hdlc, bit);
}

static void
on_carrier(gboolean up, void *user)
{
    rx *r = user;
    if (up)
        r->carrier_ups++;
    else
        hdlc_deframer_reset(&r->hdlc);
}

/* T.30 CSI "+1 555 0100" (FIF reversed digits, as sent) */
static const guint8 csi[] = { 0xFF, 0xC0, 0x02, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
                              0x20, 0x20, 0x30, 0x30, 0x31, 0x30, 0x20, 0x35, 0x35, 0x35, 0x20,
                              0x31, 0x2B };
static const guint8 dis[] = { 0xFF, 0xC8, 0x01, 0x00, 0x56, 0x00, 0x00, 0xFF, 0x7E, 0x1F };

/* flags + CSI + DIS on channel CH at AMP, optional white noise of NOISE rms,
 * frequency scale FSCALE (1.0 = exact) and bit-rate scale; through G.711 */
static void
make_signal(synth *y, int ch, double amp, double noise, double fscale, double rscale,
            gboolean g711, guint32 seed)
{
    const guint8 *fr[2] = { csi, dis };
    guint len[2] = { sizeof csi, sizeof dis };
    GByteArray *b = hdlc_bits(fr, len, 2, 40);
    double fm = (ch == 1 ? 980.0 : 1650.0) * fscale, fs = (ch == 1 ? 1180.0 : 1850.0) * fscale;
    guint i, start;
    synth_silence(y, 800);
    start = y->s->len;
    for (i = 0; i < b->len; i++) {
        guint end = start + (guint)((i + 1) * 8000.0 / (300.0 * rscale));
        while (y->s->len < end) {
            gint16 v = (gint16)lrint(amp * sin(y->phase));
            g_array_append_val(y->s, v);
            y->phase += 2.0 * G_PI * (b->data[i] ? fm : fs) / 8000.0;
            if (y->phase > 2.0 * G_PI)
                y->phase -= 2.0 * G_PI;
        }
    }
    synth_silence(y, 800);
    for (i = 0; i < y->s->len; i++) {
        gint16 *p = &g_array_index(y->s, gint16, i);
        double v = *p;
        if (noise > 0.0) {       /* sum of 12 uniforms: near Gaussian, rms 1 */
            double g = 0.0;
            guint k;
            for (k = 0; k < 12; k++) {
                seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
                g += (seed & 0xFFFF) / 65536.0;
            }
            v += noise * (g - 6.0);
        }
        v = CLAMP(v, -32768.0, 32767.0);
        *p = (gint16)lrint(v);
        if (g711)
            *p = g711_ulaw_to_linear(g711_linear_to_ulaw(*p));
    }
    g_byte_array_free(b, TRUE);
}

static void
run(int demod_ch, synth *y, rx *r)
{
    v21_rx v;
    memset(r, 0, sizeof(*r));
    hdlc_deframer_init(&r->hdlc, on_frame, r);
    v21_rx_init(&v, demod_ch == 1 ? V21_CH1 : V21_CH2, on_bit, on_carrier, r);
    /* odd chunk sizes: the state must carry across calls */
    {
        guint off = 0, k = 0;
        while (off < y->s->len) {
            guint n = MIN(y->s->len - off, 37u + (k++ % 5) * 29u);
            v21_rx_samples(&v, &g_array_index(y->s, gint16, off), n);
            off += n;
        }
    }
}

static void
check_ok(int sig_ch, double amp, double noise, double fscale, double rscale, gboolean g711)
{
    synth y;
    rx r;
    synth_init(&y);
    make_signal(&y, sig_ch, amp, noise, fscale, rscale, g711, 99);
    run(sig_ch, &y, &r);
    g_assert_cmpuint(r.ok, ==, 2);
    g_assert_cmpmem(r.last, r.last_len, dis, sizeof dis);
    g_assert_cmpuint(r.carrier_ups, ==, 1);
    synth_free(&y);
}

static void test_clean(void)      { check_ok(2, 7000, 0, 1.0, 1.0, FALSE); }
static void test_g711(void)       { check_ok(2, 7000, 0, 1.0, 1.0, TRUE); }
static void test_channel1(void)   { check_ok(1, 7000, 0, 1.0, 1.0, TRUE); }
/* V.21 clause 3: +-6 Hz from the nominal frequencies; test 1 % (17 Hz) */
static void test_offset(void)     { check_ok(2, 7000, 0, 1.01, 1.0, TRUE); check_ok(2, 7000, 0, 0.99, 1.0, TRUE); }
/* V.21 clause 1: modulation rate up to 300 bit/s; test +-1 % */
static void test_rate(void)       { check_ok(2, 7000, 0, 1.0, 1.01, TRUE); check_ok(2, 7000, 0, 1.0, 0.99, TRUE); }
/* signal rms 4950, noise rms 1000: 14 dB SNR over the 4 kHz band */
static void test_noise(void)      { check_ok(2, 7000, 1000, 1.0, 1.0, TRUE); }
/* -35 dBm0 still decodes */
static void test_low(void)        { check_ok(2, 550, 0, 1.0, 1.0, TRUE); }

static void
test_nothing(void)
{
    synth y;
    rx r;
    /* channel 1 signal into the channel 2 demodulator: no carrier */
    synth_init(&y);
    make_signal(&y, 1, 7000, 0, 1.0, 1.0, TRUE, 1);
    run(2, &y, &r);
    g_assert_cmpuint(r.carrier_ups, ==, 0);
    g_assert_cmpuint(r.ok, ==, 0);
    synth_free(&y);
    /* -55 dBm0: below carrier detect (V.21 clause 5: off below -48 dBm) */
    synth_init(&y);
    make_signal(&y, 2, 40, 0, 1.0, 1.0, FALSE, 1);
    run(2, &y, &r);
    g_assert_cmpuint(r.carrier_ups, ==, 0);
    synth_free(&y);
    /* loud white noise: no frame */
    synth_init(&y);
    make_signal(&y, 2, 0, 5000, 1.0, 1.0, TRUE, 7);
    run(2, &y, &r);
    g_assert_cmpuint(r.ok, ==, 0);
    synth_free(&y);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/v21-rx/clean", test_clean);
    g_test_add_func("/v21-rx/g711", test_g711);
    g_test_add_func("/v21-rx/channel1", test_channel1);
    g_test_add_func("/v21-rx/frequency-offset", test_offset);
    g_test_add_func("/v21-rx/bit-rate-error", test_rate);
    g_test_add_func("/v21-rx/noise", test_noise);
    g_test_add_func("/v21-rx/low-level", test_low);
    g_test_add_func("/v21-rx/nothing", test_nothing);
    return g_test_run();
}
