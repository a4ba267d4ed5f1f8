/* test-tone-detect.c: CNG, CED/ANS, ANSam, phase reversals, V.21; nothing on
 * noise, speech-like audio and low levels; the idle stride.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tone-detect.h"
#include "fax-synth.h"

/* feed as G.711 µ-law in 20 ms packets, OR the results */
static guint
detect(const synth *y, tone_detect *td)
{
    guint i, bits = 0;
    guint8 pl[160];
    tone_detect_init(td);
    for (i = 0; i + 160 <= y->s->len; i += 160) {
        g711_encode_samples(FAX_G711_ULAW, &g_array_index(y->s, gint16, i), 160, pl);
        bits |= tone_detect_g711(td, FAX_G711_ULAW, pl, 160);
    }
    return bits;
}

static void
test_cng(void)
{
    synth y;
    tone_detect td;
    guint i;
    synth_init(&y);
    for (i = 0; i < 2; i++) {          /* T.30 5.2.1: 0.5 s on, 3 s off */
        synth_tone(&y, 1100, 4000, 4000, 0, 0);
        synth_silence(&y, 24000);
    }
    g_assert_cmphex(detect(&y, &td), ==, TONE_CNG);
    g_assert_cmpuint(td.seen[0].count, ==, 2);
    /* 0.25 s of 1100 Hz is not CNG */
    synth_free(&y);
    synth_init(&y);
    synth_silence(&y, 800);
    synth_tone(&y, 1100, 4000, 2000, 0, 0);
    synth_silence(&y, 8000);
    g_assert_cmphex(detect(&y, &td), ==, 0);
    synth_free(&y);
}

/* a short CNG burst (0.425 s, T.30 -15 %) is found wherever it falls
 * against the idle stride */
static void
test_cng_short(void)
{
    guint off;
    for (off = 0; off < 4 * 160; off += 40) {
        synth y;
        tone_detect td;
        synth_init(&y);
        synth_silence(&y, 8000 + off);
        synth_tone(&y, 1100, 4000, 3400, 0, 0);
        synth_silence(&y, 8000);
        g_assert_cmphex(detect(&y, &td), ==, TONE_CNG);
        synth_free(&y);
    }
}

static void
test_ced(void)
{
    synth y;
    tone_detect td;
    synth_init(&y);
    synth_silence(&y, 1000);
    synth_tone(&y, 2100, 6000, 8000 * 3, 0, 0);
    synth_silence(&y, 1600);
    g_assert_cmphex(detect(&y, &td), ==, TONE_CED);
    synth_free(&y);
}

static void
test_ansam(void)
{
    synth y;
    tone_detect td;
    synth_init(&y);
    /* V.8 7.1: 2100 Hz, 15 Hz AM, 0.2 depth, reversals every 450 ms */
    synth_silence(&y, 800);
    synth_tone(&y, 2100, 6000, 3600, 0.2, 15);
    y.phase += G_PI;
    synth_tone(&y, 2100, 6000, 3600, 0.2, 15);
    y.phase += G_PI;
    synth_tone(&y, 2100, 6000, 3600, 0.2, 15);
    g_assert_cmphex(detect(&y, &td), ==, TONE_CED | TONE_ANSAM | TONE_PHASEREV);
    g_assert_cmpuint(td.seen[3].count, ==, 2);
    synth_free(&y);
    /* /ANS (V.25): reversals, no AM */
    synth_init(&y);
    synth_tone(&y, 2100, 6000, 3600, 0, 0);
    y.phase += G_PI;
    synth_tone(&y, 2100, 6000, 3600, 0, 0);
    g_assert_cmphex(detect(&y, &td), ==, TONE_CED | TONE_PHASEREV);
    synth_free(&y);
}

static void
test_v21(void)
{
    synth y;
    tone_detect td;
    GByteArray *b = hdlc_bits(NULL, NULL, 0, 38);   /* 1 s of flags */
    synth_init(&y);
    synth_silence(&y, 800);
    synth_v21(&y, 2, b->data, b->len, 5000);
    synth_silence(&y, 800);
    g_assert_cmphex(detect(&y, &td), ==, TONE_V21);
    g_byte_array_free(b, TRUE);
    synth_free(&y);
}

/* speech-like: a glottal pulse train through changing formants, with
 * syllables and pauses; and white noise.  No finding, and idle stride. */
static void
test_voice_nothing(void)
{
    synth y;
    tone_detect td;
    guint i;
    guint32 seed = 4242;
    double f0 = 120.0, ph = 0.0;
    synth_init(&y);
    for (i = 0; i < 8000 * 20; i++) {
        double t = i / 8000.0, v = 0.0, syl = fmod(t, 0.35);
        guint h;
        f0 = 110.0 + 40.0 * sin(2.0 * G_PI * 0.7 * t);
        ph += 2.0 * G_PI * f0 / 8000.0;
        if (syl < 0.25) {
            double fa = 700.0 + 300.0 * sin(2.0 * G_PI * 1.3 * t);
            double fb = 1200.0 + 600.0 * sin(2.0 * G_PI * 0.9 * t);
            for (h = 1; h * f0 < 3400.0; h++) {
                double fh = h * f0;
                double g = 1.0 / (1.0 + pow((fh - fa) / 150.0, 2)) + 0.5 / (1.0 + pow((fh - fb) / 200.0, 2));
                v += g * sin(h * ph);
            }
            v *= 3000.0;
        }
        seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
        v += ((seed & 0xFFF) - 2048.0) * 0.2;
        {
            gint16 s = (gint16)CLAMP(v, -32000, 32000);
            g_array_append_val(y.s, s);
        }
    }
    g_assert_cmphex(detect(&y, &td), ==, 0);
    /* idle: far fewer blocks analysed than there are (1000 blocks) */
    g_assert_cmpuint(td.blocks_analysed, <, 1000);
    g_test_message("speech-like: %u of 1000 blocks analysed", td.blocks_analysed);
    synth_free(&y);
    synth_init(&y);
    for (i = 0; i < 8000 * 5; i++) {
        gint16 s;
        seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
        s = (gint16)((gint)(seed & 0x3FFF) - 0x2000);
        g_array_append_val(y.s, s);
    }
    g_assert_cmphex(detect(&y, &td), ==, 0);
    g_assert_cmpuint(td.blocks_analysed, <=, 250 / TONE_IDLE_STRIDE + 1);
    synth_free(&y);
}

static void
test_low_level(void)
{
    synth y;
    tone_detect td;
    synth_init(&y);
    synth_tone(&y, 2100, 60, 8000 * 3, 0, 0);    /* about -51 dBm0 */
    g_assert_cmphex(detect(&y, &td), ==, 0);
    synth_free(&y);
}

/* a gap (lost packets) breaks a run: 0.3 + 0.3 s of CNG is not 0.6 s */
static void
test_gap(void)
{
    synth y;
    tone_detect td;
    guint8 pl[160];
    guint i, bits = 0;
    synth_init(&y);
    synth_tone(&y, 1100, 4000, 2400, 0, 0);
    tone_detect_init(&td);
    for (i = 0; i + 160 <= y.s->len; i += 160) {
        g711_encode_samples(FAX_G711_ULAW, &g_array_index(y.s, gint16, i), 160, pl);
        bits |= tone_detect_g711(&td, FAX_G711_ULAW, pl, 160);
    }
    tone_detect_gap(&td, 160);
    for (i = 0; i + 160 <= y.s->len; i += 160) {
        g711_encode_samples(FAX_G711_ULAW, &g_array_index(y.s, gint16, i), 160, pl);
        bits |= tone_detect_g711(&td, FAX_G711_ULAW, pl, 160);
    }
    g_assert_cmphex(bits, ==, 0);
    synth_free(&y);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tone-detect/cng", test_cng);
    g_test_add_func("/tone-detect/cng-short", test_cng_short);
    g_test_add_func("/tone-detect/ced", test_ced);
    g_test_add_func("/tone-detect/ansam", test_ansam);
    g_test_add_func("/tone-detect/v21", test_v21);
    g_test_add_func("/tone-detect/voice-nothing", test_voice_nothing);
    g_test_add_func("/tone-detect/low-level", test_low_level);
    g_test_add_func("/tone-detect/gap", test_gap);
    return g_test_run();
}
