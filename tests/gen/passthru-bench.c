/* passthru-bench: measures the G.711 pass-through decoder (model/audio-fax.c)
 * and compares its V.21 receiver with spandsp 0.0.6's fsk_rx + hdlc_rx.
 *   passthru-bench detect FILE PORT1 PORT2 [REPEAT]   ns per RTP packet of
 *       audio_fax_packet() on every G.711 packet between the two UDP ports
 *   passthru-bench demod FILE PORT1 PORT2 [REPEAT]    V.21 ch 2 frames and CPU
 *       per second of audio: own demodulator vs spandsp, same samples
 *   passthru-bench voice SECONDS [REPEAT]             speech-like synthetic audio
 * Timing: CLOCK_PROCESS_CPUTIME_ID, best of REPEAT runs.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio-fax.h"
#include "v21-rx.h"
#include "t30-session.h"
#include "t30-fcf.h"
#include "passthru-bench-sp.h"
#include "../unit/fax-synth.h"

typedef struct {
    guint8 side, pt;
    guint16 seq;
    guint32 ts, ssrc, frame;
    double t;
    guint len;
    guint8 data[480];
} rtp_pkt;

typedef struct {
    guint16 lo, hi;
    gboolean have_a;
    guint32 src_a;
    guint16 sport_a;
    GArray *pk;
} loader;

static double
cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
on_udp(guint32 frame, double t, guint32 src, guint16 sport, guint32 dst, guint16 dport,
       const guint8 *p, guint len, void *user)
{
    loader *l = user;
    rtp_pkt k;
    const guint8 *pl;
    guint plen;
    (void)dst;
    if (!((sport == l->lo && dport == l->hi) || (sport == l->hi && dport == l->lo)))
        return;
    memset(&k, 0, sizeof k);
    if (!rtp_parse(p, len, &k.ssrc, &k.seq, &k.ts, &k.pt, &pl, &plen))
        return;
    if (!l->have_a) {
        l->have_a = TRUE;
        l->src_a = src;
        l->sport_a = sport;
    }
    k.side = (src == l->src_a && sport == l->sport_a) ? 0 : 1;
    k.frame = frame;
    k.t = t;
    k.len = MIN(plen, sizeof k.data);
    memcpy(k.data, pl, k.len);
    g_array_append_val(l->pk, k);
}

static GArray *
load(const char *path, int lo, int hi)
{
    loader l;
    memset(&l, 0, sizeof l);
    l.lo = (guint16)lo;
    l.hi = (guint16)hi;
    l.pk = g_array_new(FALSE, FALSE, sizeof(rtp_pkt));
    if (!pcap_read_udp(path, on_udp, &l)) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    return l.pk;
}

static guint n_events;
static void
count_ev(const fax_event *ev, void *user)
{
    (void)ev;
    (void)user;
    n_events++;
}

static void
detect(GArray *pk, int repeat, const char *label)
{
    double best = 1e9;
    int r;
    guint i, g711 = 0, fax = 0;
    guint32 demod[2] = { 0, 0 }, blocks = 0;
    guint64 samples = 0;
    for (i = 0; i < pk->len; i++) {
        const rtp_pkt *k = &g_array_index(pk, rtp_pkt, i);
        if (k->pt == 0 || k->pt == 8) {
            g711++;
            samples += k->len;
        }
    }
    for (r = 0; r < repeat; r++) {
        audio_fax *af[2];
        double t0;
        af[0] = audio_fax_new(FAX_SIDE_A, count_ev, NULL);
        af[1] = audio_fax_new(FAX_SIDE_B, count_ev, NULL);
        audio_fax_pair(af[0], af[1]);
        n_events = 0;
        t0 = cpu_now();
        for (i = 0; i < pk->len; i++) {
            const rtp_pkt *k = &g_array_index(pk, rtp_pkt, i);
            audio_fax_packet(af[k->side], k->frame, k->t, k->ssrc, k->seq, k->ts, k->pt, k->data, k->len);
        }
        audio_fax_finish(af[0]);
        audio_fax_finish(af[1]);
        t0 = cpu_now() - t0;
        best = MIN(best, t0);
        fax = audio_fax_is_fax(af[0]) + audio_fax_is_fax(af[1]);
        demod[0] = audio_fax_get_stats(af[0])->demod_frame;
        demod[1] = audio_fax_get_stats(af[1])->demod_frame;
        blocks = audio_fax_get_stats(af[0])->blocks_analysed + audio_fax_get_stats(af[1])->blocks_analysed;
        audio_fax_free(af[0]);
        audio_fax_free(af[1]);
    }
    printf("%s: %u RTP packets (%u G.711), %.0f ns/packet, fax found in %u direction(s), "
           "demodulator from frame %u / %u, %u events, tone detector on %.0f %% of the audio\n",
           label, pk->len, g711, best * 1e9 / MAX(pk->len, 1u), fax, demod[0], demod[1], n_events,
           samples ? 100.0 * blocks * 160.0 / (double)samples : 0.0);
}

/* ---- demodulator comparison -------------------------------------------- */

typedef struct {
    GString *names;
    guint ok, bad;
} frames;

static void
add_frame(frames *f, const guint8 *b, guint len, gboolean ok)
{
    if (!ok) {
        f->bad++;
        return;
    }
    f->ok++;
    if (len >= 3) {
        const char *n = t30_fcf_name(b[2] & 0x7F);
        g_string_append_printf(f->names, "%s%s", f->names->len ? "," : "", n ? n : "?");
    }
}

/* own */
typedef struct {
    hdlc_deframer h;
    frames *f;
} own_rx;

static void
own_frame(const guint8 *b, guint len, gboolean ok, void *user)
{
    own_rx *o = user;
    /* the same rule as audio-fax.c: bad frames count only with address 0xFF */
    if (!ok && (len < 3 || b[0] != 0xFF))
        return;
    add_frame(o->f, b, len, ok);
}

static void
own_bit(guint bit, void *user)
{
    own_rx *o = user;
    hdlc_deframer_bit(&o->h, bit);
}

static void
own_carrier(gboolean up, void *user)
{
    own_rx *o = user;
    if (!up)
        hdlc_deframer_reset(&o->h);
}

/* spandsp's frames arrive in line order (LSB first): reverse to T.38 order */
static void
sp_frame(const guint8 *pkt, guint len, gboolean ok, void *user)
{
    frames *f = user;
    guint8 b[512];
    guint i;
    for (i = 0; i < len && i < sizeof b; i++)
        b[i] = t30_bit_reverse(pkt[i]);
    if (!ok && (len < 3 || b[0] != 0xFF))
        return;
    add_frame(f, b, MIN(len, (guint)sizeof b), ok);
}

static void
demod(GArray *pk, int repeat, const char *label)
{
    GArray *smp[2];
    guint i, s;
    for (s = 0; s < 2; s++)
        smp[s] = g_array_new(FALSE, FALSE, sizeof(gint16));
    for (i = 0; i < pk->len; i++) {
        const rtp_pkt *k = &g_array_index(pk, rtp_pkt, i);
        gint16 x[480];
        if (k->pt != 0 && k->pt != 8)
            continue;
        g711_decode_codes(k->pt == 8 ? FAX_G711_ALAW : FAX_G711_ULAW, k->data, k->len, x);
        g_array_append_vals(smp[k->side], x, k->len);
    }
    for (s = 0; s < 2; s++) {
        double sec = smp[s]->len / 8000.0, best_own = 1e9, best_sp = 1e9;
        frames fo, fs;
        int r;
        fo.names = g_string_new(NULL);
        fs.names = g_string_new(NULL);
        for (r = 0; r < repeat; r++) {
            own_rx o;
            v21_rx v;
            double t0;
            fo.ok = fo.bad = fs.ok = fs.bad = 0;
            g_string_truncate(fo.names, 0);
            g_string_truncate(fs.names, 0);
            o.f = &fo;
            hdlc_deframer_init(&o.h, own_frame, &o);
            v21_rx_init(&v, V21_CH2, own_bit, own_carrier, &o);
            t0 = cpu_now();
            for (i = 0; i < smp[s]->len; i += 160)
                v21_rx_samples(&v, &g_array_index(smp[s], gint16, i), MIN(160u, smp[s]->len - i));
            best_own = MIN(best_own, cpu_now() - t0);

            t0 = cpu_now();
            sp_v21_run((const gint16 *)smp[s]->data, smp[s]->len, sp_frame, &fs);
            best_sp = MIN(best_sp, cpu_now() - t0);
        }
        printf("%s side %c: %.1f s of audio\n", label, s ? 'B' : 'A', sec);
        printf("  own    : %.1f us CPU per s of audio, %u good + %u bad frames: %s\n",
               best_own * 1e6 / MAX(sec, 1e-9), fo.ok, fo.bad, fo.names->str);
        printf("  spandsp: %.1f us CPU per s of audio, %u good + %u bad frames: %s\n",
               best_sp * 1e6 / MAX(sec, 1e-9), fs.ok, fs.bad, fs.names->str);
        g_string_free(fo.names, TRUE);
        g_string_free(fs.names, TRUE);
        g_array_free(smp[s], TRUE);
    }
}

/* speech-like: glottal pulse train through moving formants, syllables and
 * pauses, a little noise; both directions */
static GArray *
voice(double seconds)
{
    GArray *pk = g_array_new(FALSE, FALSE, sizeof(rtp_pkt));
    guint n = (guint)(seconds * 50), i, k, s;
    guint32 seed = 4242;
    double ph[2] = { 0, 0 };
    for (i = 0; i < n; i++) {
        for (s = 0; s < 2; s++) {
            rtp_pkt p;
            memset(&p, 0, sizeof p);
            p.side = (guint8)s;
            p.seq = (guint16)i;
            p.ts = i * 160u;
            p.ssrc = s + 1;
            p.frame = 2 * i + s + 1;
            p.t = i * 0.02;
            p.len = 160;
            for (k = 0; k < 160; k++) {
                double t = (i * 160 + k) / 8000.0 + s * 0.7, v = 0.0;
                double f0 = 110.0 + 40.0 * sin(2.0 * G_PI * 0.7 * t);
                double fa = 700.0 + 300.0 * sin(2.0 * G_PI * 1.3 * t);
                double fb = 1200.0 + 600.0 * sin(2.0 * G_PI * 0.9 * t);
                guint h;
                ph[s] += 2.0 * G_PI * f0 / 8000.0;
                if (fmod(t, 0.35) < 0.25 && fmod(t, 4.0) < 2.5) {   /* talk spurts */
                    for (h = 1; h * f0 < 3400.0; h++) {
                        double fh = h * f0;
                        v += (1.0 / (1.0 + pow((fh - fa) / 150.0, 2)) + 0.5 / (1.0 + pow((fh - fb) / 200.0, 2)))
                             * sin(h * ph[s]);
                    }
                    v *= 3000.0;
                }
                seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
                v += ((seed & 0xFFF) - 2048.0) * 0.1;
                p.data[k] = g711_linear_to_ulaw((gint16)CLAMP(v, -32000, 32000));
            }
            g_array_append_val(pk, p);
        }
    }
    return pk;
}

int
main(int argc, char **argv)
{
    GArray *pk;
    int repeat;
    if (argc >= 3 && strcmp(argv[1], "voice") == 0) {
        repeat = argc > 3 ? atoi(argv[3]) : 5;
        pk = voice(atof(argv[2]));
        detect(pk, repeat, "speech-like synthetic");
    } else if (argc >= 5 && (strcmp(argv[1], "detect") == 0 || strcmp(argv[1], "demod") == 0)) {
        const char *base = strrchr(argv[2], '/');
        repeat = argc > 5 ? atoi(argv[5]) : 5;
        pk = load(argv[2], atoi(argv[3]), atoi(argv[4]));
        if (strcmp(argv[1], "detect") == 0)
            detect(pk, repeat, base ? base + 1 : argv[2]);
        else
            demod(pk, repeat, base ? base + 1 : argv[2]);
    } else {
        fprintf(stderr, "usage: %s detect|demod FILE PORT1 PORT2 [REPEAT] | voice SECONDS [REPEAT]\n", argv[0]);
        return 2;
    }
    g_array_free(pk, TRUE);
    return 0;
}
