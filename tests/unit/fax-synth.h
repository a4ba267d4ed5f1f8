/* fax-synth.h: synthetic fax line signals for the unit tests: tones, V.21
 * FSK, HDLC framing (flags, bit stuffing, FCS), G.711 RTP packetizing, and a
 * reader of the classic pcap files faxgen writes.  Test-only, header-only.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_SYNTH_H
#define FAX_SYNTH_H

#include <math.h>
#include <string.h>
#include <glib.h>
#include "g711.h"
#include "hdlc-deframer.h"

/* a growing array of linear samples at 8000/s */
typedef struct {
    GArray *s;        /* gint16 */
    double  phase;    /* oscillator phase, radians, kept across calls */
} synth;

static inline void
synth_init(synth *y)
{
    y->s = g_array_new(FALSE, TRUE, sizeof(gint16));
    y->phase = 0.0;
}

static inline void
synth_free(synth *y)
{
    g_array_free(y->s, TRUE);
}

static inline void
synth_silence(synth *y, guint n)
{
    gint16 z = 0;
    guint i;
    for (i = 0; i < n; i++)
        g_array_append_val(y->s, z);
}

/* a tone, phase-continuous; am_depth/am_hz: amplitude modulation (ANSam) */
static inline void
synth_tone(synth *y, double f, double amp, guint n, double am_depth, double am_hz)
{
    guint i;
    for (i = 0; i < n; i++) {
        double a = amp * (1.0 + am_depth * sin(2.0 * G_PI * am_hz * i / 8000.0));
        gint16 v = (gint16)lrint(a * sin(y->phase));
        g_array_append_val(y->s, v);
        y->phase += 2.0 * G_PI * f / 8000.0;
        if (y->phase > 2.0 * G_PI)
            y->phase -= 2.0 * G_PI;
    }
}

/* V.21 FSK (mark = 1): channel 2 1650/1850 Hz, channel 1 980/1180 Hz,
 * 300 bit/s, fractional bit lengths kept exact over the run */
static inline void
synth_v21(synth *y, int channel, const guint8 *bits, guint nbits, double amp)
{
    double fm = channel == 1 ? 980.0 : 1650.0, fs = channel == 1 ? 1180.0 : 1850.0;
    guint i, start = y->s->len;
    for (i = 0; i < nbits; i++) {
        guint end = start + (guint)(((guint64)(i + 1) * 8000u) / 300u);
        while (y->s->len < end) {
            gint16 v = (gint16)lrint(amp * sin(y->phase));
            g_array_append_val(y->s, v);
            y->phase += 2.0 * G_PI * (bits[i] ? fm : fs) / 8000.0;
            if (y->phase > 2.0 * G_PI)
                y->phase -= 2.0 * G_PI;
        }
    }
}

/* HDLC bits of frames (T.38 octet order, without FCS): nflags flags, then
 * each frame + FCS, bit-stuffed, separated by one flag, then 2 flags */
static inline GByteArray *
hdlc_bits(const guint8 *const *frames, const guint *lens, guint nframes, guint nflags)
{
    GByteArray *b = g_byte_array_new();
    const guint8 flag[8] = { 0, 1, 1, 1, 1, 1, 1, 0 };
    guint f, i, k, ones;
    for (i = 0; i < nflags; i++)
        g_byte_array_append(b, flag, 8);
    for (f = 0; f < nframes; f++) {
        guint8 fcs[2];
        guint8 buf[512];
        guint n = lens[f];
        memcpy(buf, frames[f], n);
        hdlc_deframer_fcs16_append(buf, n, fcs);
        buf[n] = fcs[0];
        buf[n + 1] = fcs[1];
        ones = 0;
        for (i = 0; i < n + 2; i++) {
            for (k = 0; k < 8; k++) {
                guint8 bit = (buf[i] >> (7 - k)) & 1u;     /* T.38 order: MSB first */
                g_byte_array_append(b, &bit, 1);
                ones = bit ? ones + 1 : 0;
                if (ones == 5) {
                    guint8 z = 0;
                    g_byte_array_append(b, &z, 1);
                    ones = 0;
                }
            }
        }
        g_byte_array_append(b, flag, 8);
    }
    g_byte_array_append(b, flag, 8);
    g_byte_array_append(b, flag, 8);
    return b;
}

/* a T.30 frame 0xFF 0xC8|0xC0 FCF FIF... */
typedef void (*synth_rtp_cb)(guint32 frame, double t, guint16 seq, guint32 ts, guint8 pt,
                             const guint8 *payload, guint len, void *user);

/* G.711-encode the samples and cut them into 20 ms packets */
static inline guint
synth_packetize(const synth *y, g711_law law, synth_rtp_cb cb, void *user)
{
    guint n = y->s->len / 160, i;
    guint8 pl[160];
    for (i = 0; i < n; i++) {
        g711_encode_samples(law, &g_array_index(y->s, gint16, i * 160), 160, pl);
        cb(i + 1, i * 0.02, (guint16)(1000 + i), 5000u + i * 160u, (guint8)law, pl, 160, user);
    }
    return n;
}

/* ---- capture files: classic pcap and pcapng, little-endian, Ethernet
 * (with 802.1Q) or raw IPv4 link types; IPv4/UDP only ------------------- */

typedef void (*pcap_udp_cb)(guint32 frame, double t, guint32 src, guint16 sport, guint32 dst,
                            guint16 dport, const guint8 *p, guint len, void *user);

static inline guint32
rd32le(const guint8 *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (guint32)p[3] << 24;
}

static inline void
cap_packet(guint linktype, guint32 frame, double t, const guint8 *p, guint incl, pcap_udp_cb cb,
           void *user)
{
    guint off = 0, ihl, ulen;
    const guint8 *ip, *u;
    if (linktype == 1) {                       /* Ethernet */
        guint et;
        if (incl < 14)
            return;
        et = (guint)(p[12] << 8 | p[13]);
        off = 14;
        while (et == 0x8100 && incl >= off + 4) {
            et = (guint)(p[off + 2] << 8 | p[off + 3]);
            off += 4;
        }
        if (et != 0x0800)
            return;
    } else if (linktype != 101 && linktype != 228) {   /* raw IP / raw IPv4 */
        return;
    }
    if (incl < off + 20)
        return;
    ip = p + off;
    if ((ip[0] >> 4) != 4 || ip[9] != 17 || (ip[6] & 0x3F) != 0 || ip[7] != 0)
        return;                                /* IPv4 UDP, not a fragment */
    ihl = (ip[0] & 0x0Fu) * 4u;
    if (ihl < 20 || incl < off + ihl + 8)
        return;
    u = ip + ihl;
    ulen = (guint)(u[4] << 8 | u[5]);
    if (ulen < 8 || off + ihl + ulen > incl)
        return;
    cb(frame, t, (guint32)ip[12] << 24 | ip[13] << 16 | ip[14] << 8 | ip[15],
       (guint16)(u[0] << 8 | u[1]), (guint32)ip[16] << 24 | ip[17] << 16 | ip[18] << 8 | ip[19],
       (guint16)(u[2] << 8 | u[3]), u + 8, ulen - 8, user);
}

static inline gboolean
pcap_read_udp(const char *path, pcap_udp_cb cb, void *user)
{
    gchar *data = NULL;
    gsize n = 0, off;
    guint32 frame = 0;
    const guint8 *d;
    if (!g_file_get_contents(path, &data, &n, NULL))
        return FALSE;
    d = (const guint8 *)data;
    if (n >= 24 && rd32le(d) == 0xA1B2C3D4u) {          /* classic, µs */
        guint lt = rd32le(d + 20);
        for (off = 24; off + 16 <= n;) {
            guint32 incl = rd32le(d + off + 8);
            double t = rd32le(d + off) + rd32le(d + off + 4) / 1e6;
            if (incl > n - off - 16)
                break;
            cap_packet(lt, ++frame, t, d + off + 16, incl, cb, user);
            off += 16 + incl;
        }
    } else if (n >= 12 && rd32le(d) == 0x0A0D0D0Au && rd32le(d + 8) == 0x1A2B3C4Du) {
        guint lt[16] = { 0 }, nif = 0;
        double res[16];
        for (off = 0; off + 12 <= n;) {
            guint32 type = rd32le(d + off), blen = rd32le(d + off + 4);
            if (blen < 12 || blen > n - off)
                break;
            if (type == 1 && nif < 16) {                  /* IDB, if_tsresol option 9 */
                gsize o = off + 16;
                lt[nif] = (guint)(d[off + 8] | d[off + 9] << 8);
                res[nif] = 1e-6;
                while (o + 4 <= off + blen - 4) {
                    guint code = (guint)(d[o] | d[o + 1] << 8), ol = (guint)(d[o + 2] | d[o + 3] << 8);
                    if (code == 0)
                        break;
                    if (code == 9 && ol >= 1)
                        res[nif] = (d[o + 4] & 0x80) ? pow(2.0, -(double)(d[o + 4] & 0x7F))
                                                      : pow(10.0, -(double)d[o + 4]);
                    o += 4 + ((ol + 3u) & ~3u);
                }
                nif++;
            } else if (type == 6 && blen >= 32) {         /* EPB */
                guint32 ifc = rd32le(d + off + 8);
                guint64 ts = (guint64)rd32le(d + off + 12) << 32 | rd32le(d + off + 16);
                guint32 incl = rd32le(d + off + 20);
                if (incl <= blen - 32 && ifc < nif)
                    cap_packet(lt[ifc], ++frame, (double)ts * res[ifc], d + off + 28, incl, cb, user);
                else
                    frame++;
            }
            off += blen;
        }
    } else {
        g_free(data);
        return FALSE;
    }
    g_free(data);
    return TRUE;
}

/* RTP (RFC 3550 5.1) fixed header, CSRCs, extension, padding */
static inline gboolean
rtp_parse(const guint8 *p, guint len, guint32 *ssrc, guint16 *seq, guint32 *ts, guint8 *pt,
          const guint8 **payload, guint *plen)
{
    guint off;
    if (len < 12 || (p[0] >> 6) != 2)
        return FALSE;
    off = 12 + (p[0] & 0x0Fu) * 4u;
    if (p[0] & 0x10) {
        if (len < off + 4)
            return FALSE;
        off += 4 + (guint)(p[off + 2] << 8 | p[off + 3]) * 4u;
    }
    if (off > len)
        return FALSE;
    *plen = len - off;
    if ((p[0] & 0x20) && *plen > 0) {
        if (p[len - 1] > *plen)
            return FALSE;
        *plen -= p[len - 1];
    }
    *pt = p[1] & 0x7F;
    *seq = (guint16)(p[2] << 8 | p[3]);
    *ts = (guint32)p[4] << 24 | p[5] << 16 | p[6] << 8 | p[7];
    *ssrc = (guint32)p[8] << 24 | p[9] << 16 | p[10] << 8 | p[11];
    *payload = p + off;
    return TRUE;
}

#endif /* FAX_SYNTH_H */
