/* audio-fax.c: an RTP G.711 stream read as a fax line.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include "audio-fax.h"
#include "burst-train.h"
#include "tone-detect.h"
#include "v21-rx.h"
#include "hdlc-deframer.h"
#include "t30-fif.h"

#define SEQ_RESYNC    1000     /* a jump this far (either way) restarts */
#define TS_BACK_LIMIT 8000     /* timestamp going back more: restart */
#define TAIL_SAMPLES  400      /* silence that flushes the demodulator */
#define FLAGS_PREAMBLE 4       /* consecutive flags = a V.21 preamble */
/* high-speed bursts: power above -40 dBm0, little in the V.21 bins */
#define HS_MIN_POWER  (2.42e8f * 1.0e-4f)
#define HS_MAX_V21    0.30f
#define HS_CONFIRM    10       /* blocks (200 ms) before it is a burst */
#define HS_END        3        /* quiet blocks that end it */

typedef struct {
    gboolean used;
    guint16  seq;
    guint32  ts;
    guint8   pt;
    guint    len;
    guint32  frame;
    double   t;
    const guint8 *payload;   /* data, or the caller's buffer (direct play) */
    guint8   data[AUDIO_FAX_MAX_PAYLOAD];
} jb_slot;

typedef struct {
    gboolean used;
    guint32  hash;       /* of the frame octets */
    double   t;
    double   power;      /* mean power per sample near its end */
} af_heard;

typedef struct {
    v21_rx      v21;
    hdlc_deframer hdlc;
} af_demod;

/* V.8 7.2: the calling terminal sends CM (V.21 channel 1) once it hears
 * ANSam, until JM: a channel 1 demodulator runs on this direction from the
 * other direction's ANSam for at most V8_CM_WINDOW samples. */
#define V8_CM_WINDOW (8000 * 8)

typedef struct {
    v21_rx  v21;
    v8_reader   v8;
    guint32 samples;
} af_cm;

struct audio_fax {
    fax_side side;
    audio_fax_event_cb cb;
    void *user;
    audio_fax_stats st;

    /* ordering */
    gboolean have_seq;
    guint16  next_seq;
    guint32  ssrc;
    jb_slot *jb;                  /* [AUDIO_FAX_JB_DEPTH], at the first disorder */
    jb_slot  direct;              /* header of a packet played without copy */
    guint    jb_count;
    gboolean have_ts;
    guint32  next_ts;
    gint     last_law;            /* -1 none */
    /* current packet being played: events carry its frame/time */
    guint32  cur_frame;
    double   cur_t;

    tone_detect td;
    gboolean fax;                 /* a fax signal was found */
    gboolean active;              /* demodulating */
    guint8   hist[AUDIO_FAX_HISTORY];
    gint     hist_law;
    guint    hist_pos, hist_n;

    af_demod *dm;                 /* allocated when demodulation starts */
    v8_reader    v8;                  /* JM on channel 2 */
    af_cm   *cm;                  /* CM on channel 1, while it may come */
    gboolean cm_done;
    gboolean preamble_sent;       /* for this carrier */
    /* echo checks: the other direction, the frames heard lately */
    audio_fax *peer;
    double   pow_ema;
    af_heard heard[AUDIO_FAX_ECHO_KEEP];
    guint    heard_pos;

    /* high-speed bursts, after a DCS from this side */
    gboolean dcs_seen;
    fax_modem dcs_modem;
    gboolean tcf_done;
    guint    hs_blocks, hs_quiet;
    gboolean hs_confirmed;
    guint32  hs_blocks_seen;      /* tone detector blocks already judged */
    fax_modem train_modem;        /* the training heard since the DCS/NSS */
    guint32  train_frame;
};

static void
emit(audio_fax *af, fax_event *ev)
{
    ev->side = af->side;
    ev->frame = af->cur_frame;
    ev->t = af->cur_t;
    if (af->cb)
        af->cb(ev, af->user);
}

static void
emit_indicator(audio_fax *af, fax_indicator ind)
{
    fax_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.kind = FAX_EV_INDICATOR;
    ev.indicator = ind;
    ev.modem = FAX_MODEM_NONE;
    emit(af, &ev);
}

static guint32
frame_hash(const guint8 *buf, guint len)
{
    guint32 h = 2166136261u;         /* FNV-1a */
    guint i;
    for (i = 0; i < len; i++)
        h = (h ^ buf[i]) * 16777619u;
    return h ^ len;
}

/* Line echo: a hybrid returns the other side's V.21 into this direction,
 * 20-40 dB down and up to a few hundred ms late, often clean enough to pass
 * the FCS.  A frame the other direction carried, the same octets, shortly
 * before and much stronger, is that echo (T.30 control is half-duplex). */
static gboolean
is_echo(const audio_fax *af, guint32 hash)
{
    const audio_fax *p = af->peer;
    guint i;

    if (p == NULL)
        return FALSE;
    for (i = 0; i < AUDIO_FAX_ECHO_KEEP; i++) {
        const af_heard *h = &p->heard[i];
        if (h->used && h->hash == hash && h->t <= af->cur_t + 0.1
            && h->t >= af->cur_t - AUDIO_FAX_ECHO_WINDOW
            && h->power > AUDIO_FAX_ECHO_RATIO * af->pow_ema)
            return TRUE;
    }
    return FALSE;
}

static void
on_frame(const guint8 *buf, guint len, gboolean fcs_ok, void *user)
{
    audio_fax *af = user;
    fax_event ev;

    guint32 hash = frame_hash(buf, len);

    if (is_echo(af, hash)) {
        af->st.echo_frames++;
        return;
    }
    af->heard[af->heard_pos].used = TRUE;
    af->heard[af->heard_pos].hash = hash;
    af->heard[af->heard_pos].t = af->cur_t;
    af->heard[af->heard_pos].power = af->pow_ema;
    af->heard_pos = (af->heard_pos + 1) % AUDIO_FAX_ECHO_KEEP;

    /* T.30 5.3.5: address 0xFF; anything else with a bad FCS is noise */
    if (!fcs_ok && (len < 3 || buf[0] != 0xFF)) {
        af->st.hdlc_bad++;
        return;
    }
    if (fcs_ok)
        af->st.hdlc_ok++;
    else
        af->st.hdlc_bad++;
    if (fcs_ok && len >= 3 && (buf[2] & 0x7F) == 0x41) {   /* DCS */
        t30_caps caps;
        t30_caps_decode(buf + 3, len - 3, TRUE, &caps);
        af->dcs_seen = TRUE;
        af->dcs_modem = caps.modem;
        af->tcf_done = FALSE;
        af->train_modem = FAX_MODEM_NONE;
    } else if (fcs_ok && len >= 3 && (buf[2] & 0x7F) == 0x44) {
        /* NSS in place of a DCS (T.30 5.3.6.2.6): vendor FIF, modem unknown */
        af->dcs_seen = TRUE;
        af->dcs_modem = FAX_MODEM_NONE;
        af->tcf_done = FALSE;
        af->train_modem = FAX_MODEM_NONE;
    }
    memset(&ev, 0, sizeof(ev));
    ev.kind = FAX_EV_HDLC;
    ev.modem = FAX_MODEM_V21;
    ev.buf = buf;
    ev.len = len;
    ev.fcs_ok = fcs_ok;
    emit(af, &ev);
}

static void
v8_found(audio_fax *af, const v8_message *m)
{
    if (af->st.v8_frame)
        return;
    af->st.v8_frame = af->cur_frame;
    af->st.v8 = *m;
}

static void
on_cm_bit(guint bit, void *user)
{
    audio_fax *af = user;
    v8_message m;
    if (v8_reader_bit(&af->cm->v8, bit, &m) && m.kind == V8_MSG_CM_JM)
        v8_found(af, &m);
}

static void
on_cm_carrier(gboolean up, void *user)
{
    audio_fax *af = user;
    v8_message m;
    if (!up && v8_reader_end(&af->cm->v8, &m) && m.kind == V8_MSG_CM_JM)
        v8_found(af, &m);
}

/* The CM window: open from the other direction's ANSam (or /ANSam) on. */
static void
cm_samples(audio_fax *af, const gint16 *x, guint n)
{
    if (af->cm_done || af->peer == NULL || af->peer->st.ansam_frame == 0)
        return;
    if (!af->cm) {
        af->cm = g_new0(af_cm, 1);
        v21_rx_init(&af->cm->v21, V21_CH1, on_cm_bit, on_cm_carrier, af);
        v8_reader_init(&af->cm->v8);
    }
    v21_rx_samples(&af->cm->v21, x, n);
    af->cm->samples += n;
    if (af->st.v8_frame || af->cm->samples >= V8_CM_WINDOW) {
        af->cm_done = TRUE;       /* read, or not sent: release it */
        g_free(af->cm);
        af->cm = NULL;
    }
}

static void
on_bit(guint bit, void *user)
{
    audio_fax *af = user;
    v8_message m;
    if (!af->st.v8_frame && v8_reader_bit(&af->v8, bit, &m) && m.kind == V8_MSG_CM_JM)
        v8_found(af, &m);       /* JM: V.8 7.3, channel 2 */
    /* power over the last ~8 bits, so a frame is judged on its own level */
    af->pow_ema += (af->dm->v21.pacc / V21_RX_WIN - af->pow_ema) * 0.125;
    hdlc_deframer_bit(&af->dm->hdlc, bit);
    if (!af->preamble_sent && hdlc_deframer_flag_run(&af->dm->hdlc) >= FLAGS_PREAMBLE) {
        af->preamble_sent = TRUE;
        emit_indicator(af, FAX_IND_V21_PREAMBLE);
    }
}

static void
on_carrier(gboolean up, void *user)
{
    audio_fax *af = user;
    v8_message m;
    if (!up)
        hdlc_deframer_reset(&af->dm->hdlc);
    if (!up && !af->st.v8_frame && v8_reader_end(&af->v8, &m) && m.kind == V8_MSG_CM_JM)
        v8_found(af, &m);
    af->pow_ema = 0.0;
    af->preamble_sent = FALSE;
}

audio_fax *
audio_fax_new(fax_side side, audio_fax_event_cb cb, void *user)
{
    audio_fax *af = g_new0(audio_fax, 1);
    af->side = side;
    af->cb = cb;
    af->user = user;
    af->last_law = -1;
    af->dcs_modem = FAX_MODEM_NONE;
    af->train_modem = FAX_MODEM_NONE;
    af->st.first_trained = FAX_MODEM_NONE;
    af->hist_law = -1;
    tone_detect_init(&af->td);
    v8_reader_init(&af->v8);
    return af;
}

void
audio_fax_free(audio_fax *af)
{
    if (af == NULL)
        return;
    if (af->peer && af->peer->peer == af)
        af->peer->peer = NULL;
    g_free(af->jb);
    g_free(af->dm);
    g_free(af->cm);
    g_free(af);
}

void
audio_fax_pair(audio_fax *a, audio_fax *b)
{
    if (a == NULL || b == NULL || a == b)
        return;
    a->peer = b;
    b->peer = a;
}

const audio_fax_stats *
audio_fax_get_stats(const audio_fax *af)
{
    return &af->st;
}

gboolean
audio_fax_is_fax(const audio_fax *af)
{
    return af->fax;
}

/* Same modem family?  (the training shows V.17/V.29 without the rate) */
static gboolean
same_family(fax_modem dcs, fax_modem heard)
{
    if (heard == FAX_MODEM_V17_RATE_UNKNOWN)
        return dcs >= FAX_MODEM_V17_7200 && dcs <= FAX_MODEM_V17_14400;
    if (heard == FAX_MODEM_V29_RATE_UNKNOWN)
        return dcs == FAX_MODEM_V29_7200 || dcs == FAX_MODEM_V29_9600;
    return dcs == heard;
}

/* While a burst is awaited (after a DCS or NSS, before the burst is
 * confirmed), each block is tested for a training segment. */
static void
train_watch(audio_fax *af, const gint16 *x, guint n)
{
    if (!af->dcs_seen || af->hs_confirmed || af->train_modem != FAX_MODEM_NONE || n < 80)
        return;
    fax_modem m = burst_train_classify(x, n);
    if (m == FAX_MODEM_NONE)
        return;
    af->train_modem = m;
    af->train_frame = af->cur_frame;
}

static void
demod_linear(audio_fax *af, const gint16 *x, guint n)
{
    v21_rx_samples(&af->dm->v21, x, n);
    train_watch(af, x, n);
}

static void
demod_codes(audio_fax *af, g711_law law, const guint8 *in, guint n)
{
    gint16 buf[160];
    while (n > 0) {
        guint k = MIN(n, G_N_ELEMENTS(buf));
        g711_decode_codes(law, in, k, buf);
        demod_linear(af, buf, k);
        in += k;
        n -= k;
    }
}

void
audio_fax_activate(audio_fax *af)
{
    guint i, start;
    if (af->active)
        return;
    af->active = TRUE;
    af->st.demod_frame = af->cur_frame;
    af->dm = g_new0(af_demod, 1);
    v21_rx_init(&af->dm->v21, V21_CH2, on_bit, on_carrier, af);
    hdlc_deframer_init(&af->dm->hdlc, on_frame, af);
    tone_detect_force_dense(&af->td);
    /* replay the recent past: the preamble started before it was confirmed */
    start = (af->hist_pos + AUDIO_FAX_HISTORY - af->hist_n) % AUDIO_FAX_HISTORY;
    for (i = 0; i < af->hist_n; i++) {
        guint j = (start + i) % AUDIO_FAX_HISTORY;
        gint16 s = af->hist_law == FAX_G711_ALAW ? g711_alaw_to_linear(af->hist[j])
                                             : g711_ulaw_to_linear(af->hist[j]);
        demod_linear(af, &s, 1);
    }
    af->hist_n = 0;
}

static void
hist_add(audio_fax *af, g711_law law, const guint8 *in, guint n)
{
    if (af->hist_law != (gint)law) {     /* one law in the history */
        af->hist_law = (gint)law;
        af->hist_n = 0;
    }
    if (n > AUDIO_FAX_HISTORY) {
        in += n - AUDIO_FAX_HISTORY;
        n = AUDIO_FAX_HISTORY;
    }
    af->hist_n = MIN(af->hist_n + n, AUDIO_FAX_HISTORY);
    while (n > 0) {
        guint k = MIN(n, AUDIO_FAX_HISTORY - af->hist_pos);
        memcpy(af->hist + af->hist_pos, in, k);
        af->hist_pos = (af->hist_pos + k) % AUDIO_FAX_HISTORY;
        in += k;
        n -= k;
    }
}

static void
found_fax(audio_fax *af)
{
    if (!af->fax) {
        af->fax = TRUE;
        af->st.first_fax_frame = af->cur_frame;
    }
    audio_fax_activate(af);
}

static void
burst_block(audio_fax *af)
{
    fax_event ev;
    gboolean hs;
    guint32 rate;

    hs = af->td.last_power >= HS_MIN_POWER && af->td.last_v21_share < HS_MAX_V21;

    if (!af->dcs_seen) {
        af->hs_blocks = 0;
        af->hs_confirmed = FALSE;
        return;
    }
    rate = fax_modem_rate(af->dcs_modem);
    if (rate == 0)
        rate = fax_modem_rate(af->train_modem);
    if (rate == 0)
        rate = 9600;
    memset(&ev, 0, sizeof(ev));
    /* the DCS says the modem; after an NSS the training does */
    ev.modem = af->dcs_modem != FAX_MODEM_NONE ? af->dcs_modem : af->train_modem;
    if (hs) {
        af->hs_quiet = 0;
        af->hs_blocks++;
        if (af->hs_blocks >= HS_CONFIRM) {
            ev.kind = FAX_EV_NONECM_DATA;
            /* octets in the blocks not yet reported: 20 ms each */
            ev.count = (af->hs_confirmed ? 1u : af->hs_blocks) * rate / 400u;
            if (!af->hs_confirmed) {
                af->st.bursts++;
                if (af->train_modem != FAX_MODEM_NONE) {
                    af->st.bursts_trained++;
                    if (af->st.first_trained == FAX_MODEM_NONE) {
                        af->st.first_trained = af->train_modem;
                        af->st.first_trained_frame = af->train_frame;
                    }
                    if (af->dcs_modem != FAX_MODEM_NONE && !same_family(af->dcs_modem, af->train_modem) &&
                        af->st.train_mismatch++ == 0) {
                        af->st.mismatch_frame = af->train_frame;
                        af->st.mismatch_dcs = af->dcs_modem;
                        af->st.mismatch_heard = af->train_modem;
                    }
                }
            }
            af->hs_confirmed = TRUE;
            emit(af, &ev);
        }
    } else if (af->hs_blocks > 0) {
        if (++af->hs_quiet >= HS_END) {
            if (af->hs_confirmed) {
                ev.kind = FAX_EV_NONECM_END;
                emit(af, &ev);
                af->tcf_done = TRUE;
            }
            af->hs_blocks = 0;
            af->hs_quiet = 0;
            af->hs_confirmed = FALSE;
        }
    }
}

/* play n samples of one law (codes) or of silence (codes == NULL) */
static void
play(audio_fax *af, g711_law law, const guint8 *codes, guint n)
{
    guint bits;

    if (codes == NULL) {
        /* lost or suppressed time: silence, runs broken */
        gint16 z[160];
        memset(z, 0, sizeof(z));
        tone_detect_gap(&af->td, n);
        af->hs_blocks_seen = af->td.blocks_analysed;
        if (af->active) {
            while (n > 0) {
                guint k = MIN(n, G_N_ELEMENTS(z));
                demod_linear(af, z, k);
                n -= k;
            }
        } else {
            af->hist_n = 0;
        }
        return;
    }
    if (!af->active)
        hist_add(af, law, codes, n);
    if (!af->cm_done && af->peer && af->peer->st.ansam_frame) {
        gint16 lin[160];
        for (guint done = 0; done < n && !af->cm_done;) {
            guint k = MIN(n - done, G_N_ELEMENTS(lin));
            g711_decode_codes(law, codes + done, k, lin);
            cm_samples(af, lin, k);
            done += k;
        }
    }
    bits = tone_detect_g711(&af->td, law, codes, n);
    af->st.blocks_analysed = af->td.blocks_analysed;
    if (bits & TONE_CNG) {
        if (!af->st.cng_frame)
            af->st.cng_frame = af->cur_frame;
        found_fax(af);
        emit_indicator(af, FAX_IND_CNG);
    }
    if (bits & TONE_CED) {
        if (!af->st.ced_frame)
            af->st.ced_frame = af->cur_frame;
        found_fax(af);
        emit_indicator(af, FAX_IND_CED);
    }
    if (bits & TONE_ANSAM) {
        if (!af->st.ansam_frame)
            af->st.ansam_frame = af->cur_frame;
        found_fax(af);
        emit_indicator(af, FAX_IND_V8_ANSAM);
    }
    if (bits & TONE_PHASEREV) {
        if (!af->st.phaserev_frame)
            af->st.phaserev_frame = af->cur_frame;
        af->st.phase_reversals++;
    }
    if (bits & TONE_V21) {
        if (!af->st.v21_frame)
            af->st.v21_frame = af->cur_frame;
        found_fax(af);
    }
    if (af->active) {
        if (af->hist_n == 0 || !(bits & (TONE_CNG | TONE_CED | TONE_ANSAM | TONE_V21)))
            demod_codes(af, law, codes, n);
        /* else: activated on this very packet, the replay included it */
        while (af->hs_blocks_seen != af->td.blocks_analysed) {
            af->hs_blocks_seen++;
            burst_block(af);
        }
    } else {
        af->hs_blocks_seen = af->td.blocks_analysed;
    }
}

static void
restart(audio_fax *af)
{
    af->st.resyncs++;
    af->have_ts = FALSE;
    tone_detect_gap(&af->td, 0);
    if (af->dm)
        hdlc_deframer_reset(&af->dm->hdlc);
    af->hist_n = 0;
}

static void
note_loss(audio_fax *af, guint n)
{
    af->st.lost += n;
    if (af->fax) {
        fax_event ev;
        af->st.fax_lost += n;
        if (!af->st.fax_loss_frame)
            af->st.fax_loss_frame = af->cur_frame;
        memset(&ev, 0, sizeof(ev));
        ev.kind = FAX_EV_LOSS;
        ev.modem = FAX_MODEM_NONE;
        ev.count = n;
        emit(af, &ev);
    }
}

static void
release(audio_fax *af, jb_slot *p)
{
    g711_law law;

    af->cur_frame = p->frame;
    af->cur_t = p->t;
    if (p->pt == AUDIO_FAX_PT_CN) {
        /* RFC 3389: the gap until the next audio is filled with silence */
        af->st.cn_packets++;
        if (af->fax) {
            af->st.fax_cn_packets++;
            if (!af->st.fax_cn_frame)
                af->st.fax_cn_frame = p->frame;
        }
        return;
    }
    if (p->pt >= 96 && p->pt <= 127) {
        af->st.event_packets++;
        return;
    }
    if (p->pt != AUDIO_FAX_PT_PCMU && p->pt != AUDIO_FAX_PT_PCMA) {
        af->st.other_packets++;
        if (af->last_law != -1 && af->last_law != 0x100 + p->pt) {
            af->st.codec_changes++;
            if (af->fax) {
                af->st.fax_codec_changes++;
                if (!af->st.fax_codec_frame)
                    af->st.fax_codec_frame = p->frame;
            }
        }
        af->last_law = 0x100 + p->pt;
        restart(af);
        af->st.resyncs--;      /* not a jump: another codec */
        return;
    }
    law = p->pt == AUDIO_FAX_PT_PCMA ? FAX_G711_ALAW : FAX_G711_ULAW;
    af->st.g711_packets++;
    af->st.laws |= law == FAX_G711_ALAW ? 2 : 1;
    if (af->last_law != -1 && af->last_law != (gint)law) {
        af->st.codec_changes++;
        if (af->fax) {
            af->st.fax_codec_changes++;
            if (!af->st.fax_codec_frame)
                af->st.fax_codec_frame = p->frame;
        }
    }
    af->last_law = (gint)law;
    if (af->have_ts) {
        gint32 gap = (gint32)(p->ts - af->next_ts);
        if (gap > 0 && gap <= AUDIO_FAX_MAX_FILL) {
            af->st.fill_samples += (guint32)gap;
            play(af, law, NULL, (guint)gap);
        } else if (gap > AUDIO_FAX_MAX_FILL || gap < -TS_BACK_LIMIT) {
            restart(af);
        } else if (gap < 0) {
            /* overlapping timestamps (a sender restarting its clock a
             * little back): play it as it comes */
        }
    }
    play(af, law, p->payload, p->len);
    af->have_ts = TRUE;
    af->next_ts = p->ts + p->len;
}

static void
release_seq(audio_fax *af)
{
    guint i;
    gboolean again = af->jb != NULL;
    while (again) {
        again = FALSE;
        for (i = 0; i < AUDIO_FAX_JB_DEPTH; i++) {
            if (af->jb[i].used && af->jb[i].seq == af->next_seq) {
                af->jb[i].used = FALSE;
                af->jb_count--;
                af->next_seq++;
                release(af, &af->jb[i]);
                again = TRUE;
                break;
            }
        }
    }
}

/* the oldest held packet goes, the sequence numbers before it are lost */
static void
release_oldest(audio_fax *af)
{
    guint i, best = AUDIO_FAX_JB_DEPTH;
    guint16 bd = G_MAXUINT16;
    if (af->jb == NULL)
        return;
    for (i = 0; i < AUDIO_FAX_JB_DEPTH; i++) {
        if (af->jb[i].used) {
            guint16 d = (guint16)(af->jb[i].seq - af->next_seq);
            if (d < bd) {
                bd = d;
                best = i;
            }
        }
    }
    if (best == AUDIO_FAX_JB_DEPTH)
        return;
    af->cur_frame = af->jb[best].frame;
    af->cur_t = af->jb[best].t;
    if (bd > 0)
        note_loss(af, bd);
    af->next_seq = af->jb[best].seq;
    release_seq(af);
}

/* RTP (RFC 3550) source and sequence: a new SSRC or a jump of SEQ_RESYNC
 * plays what is held and starts again. */
static void
seq_track(audio_fax *af, guint32 ssrc, guint16 seq)
{
    gint16 d;

    if (af->have_seq && (ssrc != af->ssrc
                         || (d = (gint16)(seq - af->next_seq)) >= SEQ_RESYNC
                         || d <= -SEQ_RESYNC)) {
        while (af->jb_count > 0)
            release_oldest(af);
        restart(af);
        af->have_seq = FALSE;
    }
    if (!af->have_seq) {
        af->have_seq = TRUE;
        af->next_seq = seq;
        af->ssrc = ssrc;
    }
}

/* A packet out of order: held in the jitter buffer (a copy) until the
 * packets before it come or the buffer is full. */
static void
jb_hold(audio_fax *af, guint32 frame, double t, guint16 seq, guint32 ts, guint8 pt,
        const guint8 *payload, guint len)
{
    gint16 d;
    guint i, slot = AUDIO_FAX_JB_DEPTH;
    gboolean later_held = FALSE;

    if (af->jb == NULL)
        af->jb = g_new0(jb_slot, AUDIO_FAX_JB_DEPTH);
    for (i = 0; i < AUDIO_FAX_JB_DEPTH; i++) {
        if (af->jb[i].used) {
            if (af->jb[i].seq == seq) {
                af->st.duplicates++;
                return;
            }
            if ((gint16)(af->jb[i].seq - seq) > 0)
                later_held = TRUE;
        } else if (slot == AUDIO_FAX_JB_DEPTH) {
            slot = i;
        }
    }
    if (later_held)
        af->st.reordered++;
    if (slot == AUDIO_FAX_JB_DEPTH) {
        release_oldest(af);
        for (i = 0; i < AUDIO_FAX_JB_DEPTH && slot == AUDIO_FAX_JB_DEPTH; i++)
            if (!af->jb[i].used)
                slot = i;
        if (slot == AUDIO_FAX_JB_DEPTH)
            return;
        d = (gint16)(seq - af->next_seq);
        if (d < 0) {
            af->st.late++;
            return;
        }
    }
    af->jb[slot].used = TRUE;
    af->jb[slot].seq = seq;
    af->jb[slot].ts = ts;
    af->jb[slot].pt = pt;
    af->jb[slot].len = len;
    af->jb[slot].frame = frame;
    af->jb[slot].t = t;
    if (len)
        memcpy(af->jb[slot].data, payload, len);
    af->jb[slot].payload = af->jb[slot].data;
    af->jb_count++;
    release_seq(af);
    /* a hole that does not fill while the buffer fills up: loss */
    while (af->jb_count >= AUDIO_FAX_JB_DEPTH)
        release_oldest(af);
}

void
audio_fax_packet(audio_fax *af, guint32 frame, double t, guint32 ssrc,
                 guint16 seq, guint32 ts, guint8 pt,
                 const guint8 *payload, guint len)
{
    gint16 d;

    if (af == NULL)
        return;
    af->st.packets++;
    if (payload == NULL)
        len = 0;
    seq_track(af, ssrc, seq);
    d = (gint16)(seq - af->next_seq);
    if (d < 0) {
        /* its place was played already: a duplicate, or too late */
        af->st.late++;
        return;
    }
    if (len > AUDIO_FAX_MAX_PAYLOAD) {
        af->st.oversize++;
        len = AUDIO_FAX_MAX_PAYLOAD;
    }
    if (d == 0 && af->jb_count == 0) {
        /* in order, nothing held: play it from the caller's buffer */
        jb_slot *v = &af->direct;
        v->seq = seq;
        v->ts = ts;
        v->pt = pt;
        v->len = len;
        v->frame = frame;
        v->t = t;
        v->payload = payload;
        af->next_seq++;
        release(af, v);
        return;
    }
    jb_hold(af, frame, t, seq, ts, pt, payload, len);
}

void
audio_fax_finish(audio_fax *af)
{
    if (af == NULL)
        return;
    while (af->jb_count > 0)
        release_oldest(af);
    if (af->active)
        play(af, FAX_G711_ULAW, NULL, TAIL_SAMPLES);
}

gboolean
audio_fax_rtp_parse(const guint8 *p, guint len, audio_fax_rtp *out)
{
    guint off, pad = 0;

    if (p == NULL || len < 12 || (p[0] >> 6) != 2)
        return FALSE;
    off = 12u + (p[0] & 0x0Fu) * 4u;                 /* CSRC list */
    if (p[0] & 0x10) {                               /* header extension */
        if (len < off + 4)
            return FALSE;
        off += 4u + ((guint)p[off + 2] << 8 | p[off + 3]) * 4u;
    }
    if (off > len)
        return FALSE;
    if (p[0] & 0x20) {                               /* padding */
        pad = p[len - 1];
        if (pad == 0 || pad > len - off)
            return FALSE;
    }
    out->marker = (p[1] & 0x80) != 0;
    out->pt = p[1] & 0x7F;
    out->seq = (guint16)(p[2] << 8 | p[3]);
    out->ts = (guint32)p[4] << 24 | (guint32)p[5] << 16 | (guint32)p[6] << 8 | p[7];
    out->ssrc = (guint32)p[8] << 24 | (guint32)p[9] << 16 | (guint32)p[10] << 8 | p[11];
    out->payload = p + off;
    out->len = len - off - pad;
    return TRUE;
}
