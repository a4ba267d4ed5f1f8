/* test-audio-fax.c: RTP G.711 streams read as fax lines.  Synthetic streams
 * (tones, V.21 frames; reordering, duplicates, loss, line echo, voice), the
 * generated pass-through captures (pcaps/passthru-*.pcap against their
 * .truth), and the real pass-through captures in ../shared/pcaps/real
 * (skipped loudly when absent).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "audio-fax.h"
#include "t30-session.h"
#include "fax-synth.h"

/* ---- collecting events ------------------------------------------------ */

typedef struct {
    GString *frames;       /* "A:CSI,A:DIS,..." good FCS only */
    guint bad, loss, ind[FAX_IND_COUNT], data_events, ends;
    t30_session *s;
} col;

static void
col_init(col *c)
{
    memset(c, 0, sizeof(*c));
    c->frames = g_string_new(NULL);
    c->s = t30_session_new();
}

static void
col_free(col *c)
{
    g_string_free(c->frames, TRUE);
    t30_session_free(c->s);
}

static void
on_event(const fax_event *ev, void *user)
{
    col *c = user;
    switch (ev->kind) {
    case FAX_EV_HDLC:
        if (ev->fcs_ok && ev->len >= 3) {
            const char *n = t30_fcf_name(ev->buf[2] & 0x7F);
            g_string_append_printf(c->frames, "%s%c:%s", c->frames->len ? "," : "",
                                   ev->side == FAX_SIDE_A ? 'A' : 'B', n ? n : "?");
        } else {
            c->bad++;
        }
        break;
    case FAX_EV_INDICATOR:
        if (ev->indicator < FAX_IND_COUNT)
            c->ind[ev->indicator]++;
        break;
    case FAX_EV_LOSS:
        c->loss += ev->count;
        break;
    case FAX_EV_NONECM_DATA:
        c->data_events++;
        break;
    case FAX_EV_NONECM_END:
        c->ends++;
        break;
    }
    t30_session_feed(c->s, ev, NULL);
}

/* ---- synthetic ---------------------------------------------------------- */

static const guint8 csi[] = { 0xFF, 0xC0, 0x02, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
                              0x20, 0x20, 0x30, 0x30, 0x31, 0x30, 0x20, 0x35, 0x35, 0x35, 0x20,
                              0x31, 0x2B };
static const guint8 dis[] = { 0xFF, 0xC8, 0x01, 0x00, 0x56, 0x00, 0x00, 0xFF, 0x7E, 0x1F };

/* the called side: 3 s CED, 75 ms silence, 1 s flags, CSI, DIS, silence */
static void
called_side(synth *y, double amp)
{
    const guint8 *fr[2] = { csi, dis };
    guint len[2] = { sizeof csi, sizeof dis };
    GByteArray *b = hdlc_bits(fr, len, 2, 38);
    synth_silence(y, 1600);
    synth_tone(y, 2100, amp, 24000, 0, 0);
    synth_silence(y, 600);
    synth_v21(y, 2, b->data, b->len, amp);
    synth_silence(y, 4000);
    g_byte_array_free(b, TRUE);
}

typedef struct {
    GArray *pk;   /* of pkt */
} pkts;

typedef struct {
    guint32 frame;
    double t;
    guint16 seq;
    guint32 ts;
    guint8 pt;
    guint8 data[160];
} pkt;

static void
collect(guint32 frame, double t, guint16 seq, guint32 ts, guint8 pt, const guint8 *payload,
        guint len, void *user)
{
    pkts *p = user;
    pkt k;
    k.frame = frame;
    k.t = t;
    k.seq = seq;
    k.ts = ts;
    k.pt = pt;
    memcpy(k.data, payload, MIN(len, 160u));
    g_array_append_val(p->pk, k);
}

static void
play_pkts(audio_fax *af, const pkts *p)
{
    guint i;
    for (i = 0; i < p->pk->len; i++) {
        const pkt *k = &g_array_index(p->pk, pkt, i);
        audio_fax_packet(af, k->frame, k->t, 0x1234, k->seq, k->ts, k->pt, k->data, 160);
    }
    audio_fax_finish(af);
}

static void
make_pkts(pkts *p, g711_law law, double amp)
{
    synth y;
    synth_init(&y);
    called_side(&y, amp);
    p->pk = g_array_new(FALSE, FALSE, sizeof(pkt));
    synth_packetize(&y, law, collect, p);
    synth_free(&y);
}

static void
test_called_side(void)
{
    g711_law laws[2] = { FAX_G711_ULAW, FAX_G711_ALAW };
    guint i;
    for (i = 0; i < 2; i++) {
        pkts p;
        col c;
        audio_fax *af;
        const audio_fax_stats *st;
        make_pkts(&p, laws[i], 6000);
        col_init(&c);
        af = audio_fax_new(FAX_SIDE_B, on_event, &c);
        play_pkts(af, &p);
        st = audio_fax_get_stats(af);
        g_assert_cmpstr(c.frames->str, ==, "B:CSI,B:DIS");
        g_assert_cmpuint(c.ind[FAX_IND_CED], ==, 1);
        g_assert_cmpuint(c.ind[FAX_IND_V21_PREAMBLE], ==, 1);
        g_assert_cmpuint(c.ind[FAX_IND_CNG], ==, 0);
        g_assert_true(audio_fax_is_fax(af));
        /* CED starts at packet 11; confirmed after 0.5 s */
        g_assert_cmpuint(st->ced_frame, >=, 11 + 24);
        g_assert_cmpuint(st->ced_frame, <=, 11 + 30);
        g_assert_cmpuint(st->laws, ==, i == 0 ? 1 : 2);
        g_assert_cmpuint(st->lost + st->duplicates + st->reordered, ==, 0);
        audio_fax_free(af);
        col_free(&c);
        g_array_free(p.pk, TRUE);
    }
}

/* swapped, duplicated and lost packets inside the preamble */
static void
test_disorder(void)
{
    pkts p;
    col c;
    audio_fax *af;
    const audio_fax_stats *st;
    pkt tmp;
    guint first_flag = (1600 + 24000 + 600) / 160 + 5;
    make_pkts(&p, FAX_G711_ULAW, 6000);
    tmp = g_array_index(p.pk, pkt, first_flag);
    g_array_index(p.pk, pkt, first_flag) = g_array_index(p.pk, pkt, first_flag + 1);
    g_array_index(p.pk, pkt, first_flag + 1) = tmp;
    tmp = g_array_index(p.pk, pkt, first_flag + 10);
    g_array_insert_val(p.pk, first_flag + 12, tmp);        /* a late duplicate */
    g_array_remove_index(p.pk, first_flag + 20);           /* one lost */
    col_init(&c);
    af = audio_fax_new(FAX_SIDE_B, on_event, &c);
    play_pkts(af, &p);
    st = audio_fax_get_stats(af);
    g_assert_cmpstr(c.frames->str, ==, "B:CSI,B:DIS");
    g_assert_cmpuint(st->reordered, ==, 1);
    g_assert_cmpuint(st->duplicates + st->late, ==, 1);
    g_assert_cmpuint(st->lost, ==, 1);
    g_assert_cmpuint(st->fax_lost, ==, 1);
    g_assert_cmpuint(c.loss, ==, 1);
    g_assert_cmpuint(st->fill_samples, ==, 160);
    audio_fax_free(af);
    col_free(&c);
    g_array_free(p.pk, TRUE);
}

/* the other direction carries the same frames 25 dB down, 200 ms late */
static void
test_echo(void)
{
    pkts p, q;
    guint pass;
    make_pkts(&p, FAX_G711_ULAW, 6000);
    make_pkts(&q, FAX_G711_ULAW, 6000 * 0.056);
    for (pass = 0; pass < 2; pass++) {
        col c;
        audio_fax *a, *b;
        guint i;
        col_init(&c);
        a = audio_fax_new(FAX_SIDE_A, on_event, &c);
        b = audio_fax_new(FAX_SIDE_B, on_event, &c);
        if (pass == 1)
            audio_fax_pair(a, b);
        for (i = 0; i < p.pk->len; i++) {
            const pkt *k = &g_array_index(p.pk, pkt, i);
            audio_fax_packet(b, 2 * i + 1, k->t, 1, k->seq, k->ts, k->pt, k->data, 160);
            if (i >= 10) {
                k = &g_array_index(q.pk, pkt, i - 10);
                audio_fax_packet(a, 2 * i + 2, k->t + 0.2, 2, k->seq, k->ts, k->pt, k->data, 160);
            }
        }
        audio_fax_finish(a);
        audio_fax_finish(b);
        if (pass == 0) {
            g_assert_cmpstr(c.frames->str, ==, "B:CSI,A:CSI,B:DIS,A:DIS");
        } else {
            g_assert_cmpstr(c.frames->str, ==, "B:CSI,B:DIS");
            g_assert_cmpuint(audio_fax_get_stats(a)->echo_frames, ==, 2);
        }
        audio_fax_free(a);
        audio_fax_free(b);
        col_free(&c);
    }
    g_array_free(p.pk, TRUE);
    g_array_free(q.pk, TRUE);
}

/* speech-like audio and noise: no event, the demodulator never starts */
static void
test_voice(void)
{
    col c;
    audio_fax *af;
    guint8 pl[160];
    guint i, k;
    guint32 seed = 77;
    double ph = 0.0;
    col_init(&c);
    af = audio_fax_new(FAX_SIDE_A, on_event, &c);
    for (i = 0; i < 3000; i++) {
        for (k = 0; k < 160; k++) {
            double t = (i * 160 + k) / 8000.0, f0 = 100 + 50 * sin(t), v = 0;
            guint h;
            seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
            ph += 2 * G_PI * f0 / 8000.0;      /* pitch 50-150 Hz, 11 harmonics */
            for (h = 1; h < 12; h++)
                v += sin(h * ph) * 2000.0 / h;
            v *= fmod(t, 0.4) < 0.3 ? 1.0 : 0.05;
            pl[k] = g711_linear_to_ulaw((gint16)(v + (gint)(seed & 0x3FF) - 512));
        }
        /* a codec change and a comfort-noise packet on the way */
        audio_fax_packet(af, i + 1, i * 0.02, 9, (guint16)i, i * 160u,
                         i == 1500 ? AUDIO_FAX_PT_CN : i > 2000 ? 8 : 0, pl, i == 1500 ? 1 : 160);
    }
    audio_fax_finish(af);
    g_assert_cmpuint(c.frames->len + c.bad + c.loss + c.data_events, ==, 0);
    for (k = 0; k < FAX_IND_COUNT; k++)
        g_assert_cmpuint(c.ind[k], ==, 0);
    g_assert_false(audio_fax_is_fax(af));
    g_assert_cmpuint(audio_fax_get_stats(af)->demod_frame, ==, 0);
    g_assert_cmpuint(audio_fax_get_stats(af)->cn_packets, ==, 1);
    g_assert_cmpuint(audio_fax_get_stats(af)->codec_changes, ==, 1);
    audio_fax_free(af);
    col_free(&c);
}

/* A data modem that is no fax: V.21 (Bell 103-like) 300 bit/s
 * asynchronous characters, start bit 0, 8 data bits LSB first, stop bit 1
 * (V.21 and V.4 framing), on channel 1 (caller) and channel 2 (answerer),
 * as an alarm receiver's report or a terminal session.  No T.30 frame (an
 * HDLC frame with a good FCS, T.30 5.3.5) comes out of it, so the registry
 * never makes it a fax call, whatever tones it has. */
static void
test_data_modem(void)
{
    static const char *const text[2] = {
        "ATDT5551234\r\n#1234 18 1 131 01 015 ~~ CONTACT ID 0123456789 ~ alarm zone 15\r\n",
        "CONNECT 300\r\nlogin: ~~~ password: ACK 0x7E 0x7E ~}~ ready\r\n"
    };
    for (int side = 0; side < 2; side++) {
        synth y;
        synth_init(&y);
        synth_silence(&y, 4000);
        GByteArray *bits = g_byte_array_new();
        for (int rep = 0; rep < 12; rep++) {
            for (const char *p = text[side]; *p; p++) {
                guint8 b = 0;
                g_byte_array_append(bits, &b, 1);               /* start */
                for (int k = 0; k < 8; k++) {
                    b = (guint8)((*p >> k) & 1);
                    g_byte_array_append(bits, &b, 1);
                }
                b = 1;
                g_byte_array_append(bits, &b, 1);               /* stop */
            }
            guint8 mark = 1;                                    /* idle marks between lines */
            for (int k = 0; k < 30; k++)
                g_byte_array_append(bits, &mark, 1);
        }
        synth_v21(&y, side == 0 ? 1 : 2, bits->data, bits->len, 6000.0);
        synth_silence(&y, 4000);
        pkts p;
        p.pk = g_array_new(FALSE, FALSE, sizeof(pkt));
        synth_packetize(&y, FAX_G711_ULAW, collect, &p);
        col c;
        col_init(&c);
        audio_fax *af = audio_fax_new(side == 0 ? FAX_SIDE_A : FAX_SIDE_B, on_event, &c);
        play_pkts(af, &p);
        g_assert_cmpstr(c.frames->str, ==, "");        /* no frame with a good FCS */
        g_assert_cmpuint(c.data_events, ==, 0);
        if (side == 1)    /* channel 2 is the T.30 channel: it was demodulated */
            g_assert_cmpuint(audio_fax_get_stats(af)->demod_frame, >, 0);
        audio_fax_free(af);
        col_free(&c);
        g_array_free(p.pk, TRUE);
        g_byte_array_free(bits, TRUE);
        synth_free(&y);
    }
}

/* hostile input: empty, oversize, wild sequence/timestamp jumps */
static void
test_robust(void)
{
    col c;
    audio_fax *af;
    guint8 big[2000];
    guint i;
    guint32 seed = 5;
    memset(big, 0x55, sizeof big);
    col_init(&c);
    af = audio_fax_new(FAX_SIDE_A, on_event, &c);
    audio_fax_packet(af, 1, 0, 1, 0, 0, 0, NULL, 0);
    audio_fax_packet(af, 2, 0, 1, 1, 0, 0, big, sizeof big);
    for (i = 0; i < 20000; i++) {
        seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
        audio_fax_packet(af, i + 3, i * 0.02, seed & 3, (guint16)(seed >> 8), seed * 7u,
                         (guint8)((seed >> 3) & 0x7F), big, (seed >> 20) & 0x1FF);
    }
    audio_fax_finish(af);
    g_assert_cmpuint(audio_fax_get_stats(af)->oversize, >=, 1);
    audio_fax_free(af);
    col_free(&c);
}

/* ---- capture files ------------------------------------------------------ */

typedef struct {
    guint16 port_lo, port_hi;    /* RTP between these UDP ports (either way) */
    guint32 src_a;               /* the first RTP source is side A */
    guint16 sport_a;
    gboolean have_a;
    audio_fax *af[2];
    col c;
    guint32 last_frame;
    double last_t;
} capfeed;

static void
cap_udp(guint32 frame, double t, guint32 src, guint16 sport, guint32 dst, guint16 dport,
        const guint8 *p, guint len, void *user)
{
    capfeed *f = user;
    guint32 ssrc, ts;
    guint16 seq;
    guint8 pt;
    const guint8 *pl;
    guint plen;
    int side;
    (void)dst;
    if (!((sport == f->port_lo && dport == f->port_hi) || (sport == f->port_hi && dport == f->port_lo)))
        return;
    if (!rtp_parse(p, len, &ssrc, &seq, &ts, &pt, &pl, &plen))
        return;
    if (!f->have_a) {
        f->have_a = TRUE;
        f->src_a = src;
        f->sport_a = sport;
    }
    side = (src == f->src_a && sport == f->sport_a) ? 0 : 1;
    f->last_frame = frame;
    f->last_t = t;
    audio_fax_packet(f->af[side], frame, t, ssrc, seq, ts, pt, pl, plen);
}

/* decodes the RTP between the two ports; NULL when the file is missing */
static col *
decode_capture(const char *path, guint16 lo, guint16 hi, audio_fax_stats *st)
{
    capfeed f;
    col *c;
    memset(&f, 0, sizeof f);
    f.port_lo = lo;
    f.port_hi = hi;
    c = g_new0(col, 1);
    col_init(c);
    f.af[0] = audio_fax_new(FAX_SIDE_A, on_event, c);
    f.af[1] = audio_fax_new(FAX_SIDE_B, on_event, c);
    audio_fax_pair(f.af[0], f.af[1]);
    if (!pcap_read_udp(path, cap_udp, &f)) {
        audio_fax_free(f.af[0]);
        audio_fax_free(f.af[1]);
        col_free(c);
        g_free(c);
        return NULL;
    }
    audio_fax_finish(f.af[0]);
    audio_fax_finish(f.af[1]);
    t30_session_finish(c->s, f.last_t, f.last_frame, TRUE);
    if (st) {
        st[0] = *audio_fax_get_stats(f.af[0]);
        st[1] = *audio_fax_get_stats(f.af[1]);
    }
    audio_fax_free(f.af[0]);
    audio_fax_free(f.af[1]);
    return c;
}

static gchar *
root_path(const char *rel)
{
    const char *srcdir = g_getenv("G_TEST_SRCDIR");
    gchar *dir = srcdir != NULL ? g_strdup(srcdir) : g_path_get_dirname(__FILE__);
    gchar *p = g_build_filename(dir, "..", "..", rel, NULL);
    g_free(dir);
    return p;
}

/* is every item of sub (comma list) in full, in order? */
static gboolean
is_subsequence(const char *sub, const char *full)
{
    gchar **a = g_strsplit(sub, ",", -1), **b = g_strsplit(full, ",", -1);
    guint i = 0, j = 0;
    gboolean ok;
    while (a[i] && b[j]) {
        if (strcmp(a[i], b[j]) == 0)
            i++;
        j++;
    }
    ok = a[i] == NULL;
    g_strfreev(a);
    g_strfreev(b);
    return ok;
}

static void
test_generated(gconstpointer data)
{
    const char *name = data;
    gchar *rel = g_strdup_printf("pcaps/%s.pcap", name);
    gchar *pcap = root_path(rel), *truthp, *text = NULL;
    gchar **lines, *want = NULL, *result = NULL;
    col *c;
    guint i, lost_truth = 0;
    const t30_summary *m;
    audio_fax_stats st[2];
    truthp = g_strndup(pcap, strlen(pcap) - strlen(".pcap"));
    {
        gchar *t = g_strconcat(truthp, ".truth", NULL);
        g_free(truthp);
        truthp = t;
    }
    if (!g_file_get_contents(truthp, &text, NULL, NULL)) {
        g_printerr("SKIPPED LOUDLY: %s missing (tests/gen/regen.sh %s writes it)\n", truthp, name);
        g_test_skip("generated capture missing");
        goto out;
    }
    lines = g_strsplit(text, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], "call.1.t30_frames="))
            want = g_strdup(lines[i] + 18);
        else if (g_str_has_prefix(lines[i], "call.1.result="))
            result = g_strdup(lines[i] + 14);
        else if (g_str_has_prefix(lines[i], "call.1.rtp_lost_"))
            lost_truth += (guint)atoi(strchr(lines[i], '=') + 1);
    }
    g_strfreev(lines);
    /* faxgen: caller 10.1.0.1:16394, callee 10.2.0.1:18394 */
    c = decode_capture(pcap, 16394, 18394, st);
    g_assert_nonnull(c);
    g_assert_nonnull(want);
    g_test_message("%s: truth %s", name, want);
    g_test_message("%s: heard %s", name, c->frames->str);
    if (lost_truth == 0) {
        g_assert_cmpstr(c->frames->str, ==, want);
        g_assert_cmpuint(c->bad, ==, 0);
    } else {
        /* frames hit by a lost packet are gone; the rest in order */
        g_assert_true(is_subsequence(c->frames->str, want));
        g_assert_cmpuint(st[0].lost + st[1].lost, ==, lost_truth);
    }
    g_assert_cmpuint(c->ind[FAX_IND_CNG], >=, 1);
    g_assert_cmpuint(c->ind[FAX_IND_CED], ==, 1);
    g_assert_cmpuint(st[0].echo_frames + st[1].echo_frames, ==, 0);
    m = t30_session_summary(c->s);
    g_assert_cmpstr(t30_result_name(m->result), ==, result);
    col_free(c);
    g_free(c);
out:
    g_free(want);
    g_free(result);
    g_free(text);
    g_free(rel);
    g_free(pcap);
    g_free(truthp);
}

typedef struct {
    const char *file;
    guint16 lo, hi;
    const char *frames;
    guint pages_confirmed;
} real_case;

static const real_case real_cases[] = {
    /* PROVENANCE.md: NSF, CSI, DIS, NSS, CFR, ECM blocks, PPS-MPS, MCF,
     * PPS-EOP, MCF, DCN; the receiver (10.10.245.5) speaks first */
    { "nrusso-fax_sip_passthru_ogw.pcapng", 16394, 16394,
      "A:NSF,A:CSI,A:DIS,B:NSS,A:CFR,B:PPS,A:MCF,B:PPS,A:MCF,B:DCN", 2 },
    /* PROVENANCE.md: CED, CSI+DIS x5, TSI, DCS, CFR, page, EOP x3, MCF, DCN;
     * the audio has an MCF after each EOP (the sender did not get the first
     * two), and the sender's frames echo back into the receiver's stream */
    { "wiki-FAX-Call-t38-CA-TDM-SIP-FB-1.pcap", 15580, 16756,
      "A:CSI,A:DIS,A:CSI,A:DIS,A:CSI,A:DIS,A:CSI,A:DIS,A:CSI,A:DIS,B:TSI,B:DCS,A:CFR,"
      "B:EOP,A:MCF,B:EOP,A:MCF,B:EOP,A:MCF,B:DCN", 1 },
};

static void
test_real(gconstpointer data)
{
    const real_case *rc = data;
    /* the folder of tests/real-captures.tsv: FAXCALLS_REAL_PCAPS (ctest sets
     * it), else ../shared/pcaps/real next to the repository */
    const gchar *dir = g_getenv("FAXCALLS_REAL_PCAPS");
    gchar *rel = g_build_filename("..", "shared", "pcaps", "real", rc->file, NULL);
    gchar *path = dir && *dir ? g_build_filename(dir, rc->file, NULL) : root_path(rel);
    col *c;
    audio_fax_stats st[2];
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_printerr("SKIPPED LOUDLY: real capture %s not found (tests/README.md, \"Real captures\")\n", path);
        g_test_skip("real capture missing");
        goto out;
    }
    c = decode_capture(path, rc->lo, rc->hi, st);
    g_assert_nonnull(c);
    g_test_message("%s: heard %s", rc->file, c->frames->str);
    g_assert_cmpstr(c->frames->str, ==, rc->frames);
    g_assert_cmpuint(c->bad, ==, 0);
    g_assert_cmpuint(t30_session_summary(c->s)->pages_confirmed, >=, rc->pages_confirmed);
    if (rc->lo != rc->hi) {
        g_assert_cmpuint(c->ind[FAX_IND_CED], ==, 1);
        g_assert_cmpuint(st[0].echo_frames, >=, 6);   /* TSI, DCS, EOP x3, DCN */
        g_assert_cmpuint(st[1].cn_packets, >, 100);   /* the sender's VAD */
    }
    col_free(c);
    g_free(c);
out:
    g_free(rel);
    g_free(path);
}

int
main(int argc, char **argv)
{
    static const char *gen[] = { "passthru-pcmu", "passthru-488-pcma", "passthru-ecm", "passthru-loss" };
    guint i;
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/audio-fax/called-side", test_called_side);
    g_test_add_func("/audio-fax/disorder", test_disorder);
    g_test_add_func("/audio-fax/echo", test_echo);
    g_test_add_func("/audio-fax/voice", test_voice);
    g_test_add_func("/audio-fax/data-modem", test_data_modem);
    g_test_add_func("/audio-fax/robust", test_robust);
    for (i = 0; i < G_N_ELEMENTS(gen); i++) {
        gchar *p = g_strdup_printf("/audio-fax/generated/%s", gen[i]);
        g_test_add_data_func(p, gen[i], test_generated);
        g_free(p);
    }
    for (i = 0; i < G_N_ELEMENTS(real_cases); i++) {
        gchar *p = g_strdup_printf("/audio-fax/real/%s", real_cases[i].file);
        g_test_add_data_func(p, &real_cases[i], test_real);
        g_free(p);
    }
    return g_test_run();
}
