/* faxgen: the simulated UDPTL link between two T.38 terminals: fixed delay,
 * seeded loss, TCF and page corruption, and the receiving side's redundancy
 * recovery (T.38 9.1.4.1), like a gateway that rebuilds missing packets from
 * later packets' secondary IFPs before handing them over in order.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "link.h"
#include "udptl-enc.h"

#include <string.h>
#include <spandsp.h>

#define LINK_DELAY_US 20000u /* one-way delay; the capture point is after the lossy hop */
#define MAX_SEQ 65536
#define MAX_FIELDS 8
#define HDLC_MAX 300

typedef struct {
    int rate;
    const char *modem;
    gboolean corrupted;
    const char *outcome; /* CFR, FTT, or none */
    int dir;
    int dcs_idx;         /* the DCS before it: index in d[dir].msgs, -1 none */
    int answer_idx;      /* the CFR/FTT: index in d[!dir].msgs, -1 none */
} training_rec;

typedef struct {
    uint64_t arrive_us;
    GBytes *dgram;
} in_flight;

/* One HDLC frame as its sender sent it (before any loss). */
typedef struct {
    char name[12];        /* faxcalls' vocabulary (T.30 5.3.6) */
    int first_seq;        /* UDPTL seq of the datagram carrying its first octet */
    int fcs_seq;          /* ... and of the one carrying its FCS marker */
    gboolean fcs_bad;     /* sent with hdlc-fcs-BAD */
} msg_rec;

/* One copy of a datagram as it went onto the link. */
typedef struct {
    int seq;
    uint64_t t_us;        /* arrival time at the capture point */
    gboolean dropped;     /* lost on the lossy hop */
} dgram_rec;

/* What the spy decoder found in one IFP. */
typedef struct {
    int indicator;
    int data_type;
    int nfields;
    int field_type[MAX_FIELDS];
    uint8_t field[MAX_FIELDS][UDPTL_MAX_IFP];
    int field_len[MAX_FIELDS];
} ifp_view;

typedef struct {
    udptl_encoder enc;
    uint32_t prng;
    GQueue queue;              /* in_flight, in arrival order */
    int rx_next;               /* next sequence number the receiver hands over */
    uint8_t *delivered;        /* per seq: a datagram with it arrived */
    uint8_t *recovered;        /* per seq: rebuilt from a later packet */
    uint8_t *handed;           /* per seq: IFP given to the terminal */
    int max_seq;               /* highest seq sent + 1 */
    guint datagrams, datagrams_dropped;
    /* T.30 tracking of what flows in this direction */
    uint8_t hdlc[HDLC_MAX];
    int hdlc_len;
    gboolean expect_tcf, in_tcf, tcf_touched;
    int tcf_rate;
    const char *tcf_modem;
    int post_page_cmds;        /* MPS/EOP/EOM/PPS seen: pages finished so far */
    guint page_pkts_corrupted;
    guint tcf_octets;
    /* every HDLC frame sent, and every datagram copy, for the per-message truth */
    int hdlc_first_seq;
    GArray *msgs;              /* msg_rec */
    GArray *dgrams;            /* dgram_rec */
    int dcs_first_seq;         /* first DCS: seq of its first octet, -1 none yet */
    int last_dcs_idx;          /* index in msgs of the last DCS, -1 none */
    gboolean page_data;        /* page data (non-ECM or FCD) sent since the last post-page command */
    uint8_t *msg_damaged;      /* per msgs index, once fax_link_finish() computed it */
    int page1_end_seq;         /* page 1's last data (non-ECM SIG_END), -1 none yet */
} link_dir;

struct fax_link {
    const call_spec *spec;
    const call_addr *addr;
    capture *cap;
    link_dir d[2];
    t38_core_state_t *spy;
    t38_core_state_t *enc_core;
    ifp_view view;
    uint8_t reenc[UDPTL_MAX_IFP];
    int reenc_len;
    GArray *trainings; /* training_rec */
    int tcf_seen;
    int pending_training; /* index awaiting CFR/FTT, -1 none */
    int pages_sent;       /* distinct pages ended by a post-page command */
    gboolean page_open;   /* last page not yet confirmed */
    uint64_t last_tx_us[2];
    int same_tick_count[2];
    uint64_t cut_from_us, cut_to_us; /* spec->cut: the capture window, once known */
};

static int spy_indicator(t38_core_state_t *s, void *user, int indicator)
{
    ifp_view *v = user;

    (void)s;
    v->indicator = indicator;
    return 0;
}

static int spy_data(t38_core_state_t *s, void *user, int data_type, int field_type,
                    const uint8_t *buf, int len)
{
    ifp_view *v = user;

    (void)s;
    v->data_type = data_type;
    if (v->nfields < MAX_FIELDS && len >= 0 && len <= UDPTL_MAX_IFP) {
        v->field_type[v->nfields] = field_type;
        if (len > 0)
            memcpy(v->field[v->nfields], buf, (size_t)len);
        v->field_len[v->nfields] = len;
        v->nfields++;
    }
    return 0;
}

static int spy_missing(t38_core_state_t *s, void *user, int rx_seq_no, int expected_seq_no)
{
    (void)s;
    (void)user;
    (void)rx_seq_no;
    (void)expected_seq_no;
    return 0;
}

static int reenc_tx(t38_core_state_t *s, void *user, const uint8_t *buf, int len, int count)
{
    fax_link *l = user;

    (void)s;
    (void)count;
    if (len > 0 && len <= UDPTL_MAX_IFP) {
        memcpy(l->reenc, buf, (size_t)len);
        l->reenc_len = len;
    }
    return 0;
}

fax_link *fax_link_new(const call_spec *spec, const call_addr *addr, capture *cap)
{
    fax_link *l = g_new0(fax_link, 1);
    int i;

    l->spec = spec;
    l->addr = addr;
    l->cap = cap;
    for (i = 0; i < 2; i++) {
        udptl_encoder_init(&l->d[i].enc, spec->redundancy);
        l->d[i].prng = (spec->seed ? spec->seed : 0x5EED) * (uint32_t)(i + 1) + 0x9E3779B9u;
        g_queue_init(&l->d[i].queue);
        l->d[i].delivered = g_malloc0(MAX_SEQ);
        l->d[i].recovered = g_malloc0(MAX_SEQ);
        l->d[i].handed = g_malloc0(MAX_SEQ);
        l->d[i].rx_next = 0;
        l->d[i].msgs = g_array_new(FALSE, TRUE, sizeof(msg_rec));
        l->d[i].dgrams = g_array_new(FALSE, TRUE, sizeof(dgram_rec));
        l->d[i].dcs_first_seq = -1;
        l->d[i].page1_end_seq = -1;
        l->d[i].last_dcs_idx = -1;
    }
    l->spy = t38_core_init(NULL, spy_indicator, spy_data, spy_missing, &l->view, NULL, NULL);
    t38_set_t38_version(l->spy, 0);
    t38_set_sequence_number_handling(l->spy, FALSE);
    l->enc_core = t38_core_init(NULL, spy_indicator, spy_data, spy_missing, NULL, reenc_tx, l);
    t38_set_t38_version(l->enc_core, 0);
    l->trainings = g_array_new(FALSE, TRUE, sizeof(training_rec));
    l->pending_training = -1;
    return l;
}

static int training_rate(int ind, const char **modem)
{
    static const struct { int ind; int rate; const char *modem; } map[] = {
        { T38_IND_V27TER_2400_TRAINING, 2400, "v27ter-2400" },
        { T38_IND_V27TER_4800_TRAINING, 4800, "v27ter-4800" },
        { T38_IND_V29_7200_TRAINING, 7200, "v29-7200" },
        { T38_IND_V29_9600_TRAINING, 9600, "v29-9600" },
        { T38_IND_V17_7200_SHORT_TRAINING, 7200, "v17-7200-short" },
        { T38_IND_V17_7200_LONG_TRAINING, 7200, "v17-7200-long" },
        { T38_IND_V17_9600_SHORT_TRAINING, 9600, "v17-9600-short" },
        { T38_IND_V17_9600_LONG_TRAINING, 9600, "v17-9600-long" },
        { T38_IND_V17_12000_SHORT_TRAINING, 12000, "v17-12000-short" },
        { T38_IND_V17_12000_LONG_TRAINING, 12000, "v17-12000-long" },
        { T38_IND_V17_14400_SHORT_TRAINING, 14400, "v17-14400-short" },
        { T38_IND_V17_14400_LONG_TRAINING, 14400, "v17-14400-long" },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(map); i++)
        if (map[i].ind == ind) {
            *modem = map[i].modem;
            return map[i].rate;
        }
    return 0;
}

static void end_tcf(fax_link *l, int dir)
{
    link_dir *d = &l->d[dir];
    training_rec r;

    if (!d->in_tcf)
        return;
    r.rate = d->tcf_rate;
    r.modem = d->tcf_modem;
    r.corrupted = d->tcf_touched;
    r.outcome = "none";
    r.dir = dir;
    r.dcs_idx = d->last_dcs_idx;
    r.answer_idx = -1;
    g_array_append_val(l->trainings, r);
    l->pending_training = (int)l->trainings->len - 1;
    d->in_tcf = FALSE;
    d->expect_tcf = FALSE;
    d->tcf_touched = FALSE;
}

/* The T.30 message name of an HDLC frame's FCF octet (as it travels in T.38,
 * line order), in faxcalls' vocabulary (fax.msg), from spandsp's own FCF
 * constants so that the truth does not borrow the analyser's table. spandsp's
 * T30_* values are the bit-reversed octets; in the groups 0000 XXXX and
 * 1000 XXXX (DIS/CSI/NSF, DTC/CIG/NSC...) the bit spandsp keeps in bit 0 is
 * part of the code, elsewhere it is the X bit (T.30 5.3.6.1). */
static void fcf_msg_name(uint8_t octet, char *buf, size_t size)
{
    static const struct { int fcf; const char *name; } names[] = {
        { T30_DIS, "DIS" }, { T30_CSI, "CSI" }, { T30_NSF, "NSF" }, { T30_DTC, "DTC" },
        { T30_CIG, "CIG" }, { T30_NSC, "NSC" }, { T30_PWD, "PWD" }, { T30_SEP, "SEP" },
        { T30_PSA, "PSA" }, { T30_CIA, "CIA" }, { T30_ISP, "ISP" }, { T30_DCS, "DCS" },
        { T30_TSI, "TSI" }, { T30_NSS, "NSS" }, { T30_SUB, "SUB" }, { T30_SID, "SID" },
        { T30_CTC, "CTC" }, { T30_TSA, "TSA" }, { T30_IRA, "IRA" }, { T30_CFR, "CFR" },
        { T30_FTT, "FTT" }, { T30_CTR, "CTR" }, { T30_CSA, "CSA" }, { T30_EOM, "EOM" },
        { T30_MPS, "MPS" }, { T30_EOP, "EOP" }, { T30_PRI_EOM, "PRI-EOM" },
        { T30_PRI_MPS, "PRI-MPS" }, { T30_PRI_EOP, "PRI-EOP" }, { T30_EOS, "EOS" },
        { T30_PPS, "PPS" }, { T30_EOR, "EOR" }, { T30_RR, "RR" }, { T30_MCF, "MCF" },
        { T30_RTP, "RTP" }, { T30_RTN, "RTN" }, { T30_PIP, "PIP" }, { T30_PIN, "PIN" },
        { T30_PPR, "PPR" }, { T30_RNR, "RNR" }, { T30_ERR, "ERR" }, { T30_FDM, "FDM" },
        { T30_DCN, "DCN" }, { T30_CRP, "CRP" }, { T30_FNV, "FNV" }, { T30_TNR, "TNR" },
        { T30_TR, "TR" }, { T30_PID, "PID" },
        { 0x06, "FCD" }, { 0x86, "RCP" }, /* T.4 Annex A: FCD 0110 0000, RCP 0110 0001 */
    };
    int rev = bit_reverse8(octet);
    int key = (rev & 0x0E) == 0 ? rev : (rev & 0xFE);
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(names); i++)
        if (names[i].fcf == key) {
            g_strlcpy(buf, names[i].name, size);
            return;
        }
    g_snprintf(buf, size, "0x%02X", octet);
}

/* Records the HDLC frame that just ended (FCS marker at FCS_SEQ) in DIR. */
static void record_msg(fax_link *l, int dir, int fcs_seq, gboolean bad)
{
    link_dir *d = &l->d[dir];
    msg_rec m;

    (void)l;
    memset(&m, 0, sizeof m);
    if (d->hdlc_len >= 3)
        fcf_msg_name(d->hdlc[2], m.name, sizeof m.name);
    else
        g_strlcpy(m.name, "short", sizeof m.name);
    m.first_seq = d->hdlc_first_seq;
    m.fcs_seq = fcs_seq;
    m.fcs_bad = bad;
    g_array_append_val(d->msgs, m);
    if (d->dcs_first_seq < 0 && strcmp(m.name, "DCS") == 0)
        d->dcs_first_seq = m.first_seq;
}

/* A complete HDLC frame passed in direction DIR: T.30 5.3.6 frame types. */
static void hdlc_frame(fax_link *l, int dir)
{
    link_dir *d = &l->d[dir];
    int fcf;

    if (d->hdlc_len < 3)
        return;
    /* T.38 carries HDLC octets in line order; spandsp's FCF constants are the
     * bit-reversed octets (T.30 5.3.6), X bit masked */
    fcf = bit_reverse8(d->hdlc[2]) & 0xFE;
    if (fcf == T30_DCS) {
        d->expect_tcf = TRUE;
        d->last_dcs_idx = (int)d->msgs->len; /* record_msg() appends it next */
    } else if (fcf == T30_CFR || fcf == T30_FTT) {
        if (l->pending_training >= 0) {
            training_rec *r = &g_array_index(l->trainings, training_rec, l->pending_training);

            if (r->dir != dir) {
                r->outcome = fcf == T30_CFR ? "CFR" : "FTT";
                r->answer_idx = (int)d->msgs->len;
                l->pending_training = -1;
            }
        }
    } else if (fcf == 0x06) {
        d->page_data = TRUE; /* FCD: ECM page data (T.4 Annex A) */
    } else if (fcf == T30_MPS || fcf == T30_EOP || fcf == T30_EOM
               || (fcf == T30_PPS && d->hdlc_len >= 4 && bit_reverse8(d->hdlc[3]) != 0)) {
        /* T.30 5.3.6.1.4 post-page command (PPS-NULL is not a page end);
         * sent again with no page data since, it repeats the command whose
         * answer the sender did not hear (T.30 5.4.3): the same page */
        d->post_page_cmds++;
        if (!l->page_open && d->page_data)
            l->pages_sent++;
        l->page_open = TRUE;
        d->page_data = FALSE;
    } else if (fcf == T30_MCF || fcf == T30_RTP || fcf == T30_PIP) {
        l->page_open = FALSE;
    }
}

/* Looks at (and, when the scenario says so, damages) one IFP going DIR.
 * Returns TRUE if the packet was rewritten into l->reenc. */
static gboolean inspect_ifp(fax_link *l, int dir, const uint8_t *ifp, size_t len)
{
    link_dir *d = &l->d[dir];
    ifp_view *v = &l->view;
    gboolean touched = FALSE;
    int i;

    memset(v, 0, sizeof *v);
    v->indicator = -1;
    v->data_type = -1;
    t38_core_restart(l->spy);
    t38_core_rx_ifp_packet(l->spy, ifp, (int)len, 0);
    if (v->indicator >= 0) {
        const char *modem = NULL;
        int rate = training_rate(v->indicator, &modem);

        end_tcf(l, dir);
        if (rate > 0 && d->expect_tcf) {
            /* T.30 5.3.2.4: TCF follows DCS at the data rate */
            d->in_tcf = TRUE;
            d->tcf_rate = rate;
            d->tcf_modem = modem;
            d->tcf_touched = FALSE;
            l->tcf_seen++;
        }
        return FALSE;
    }
    for (i = 0; i < v->nfields; i++) {
        int ft = v->field_type[i];

        if (ft == T38_FIELD_HDLC_DATA || ft == T38_FIELD_HDLC_FCS_OK || ft == T38_FIELD_HDLC_FCS_OK_SIG_END
            || ft == T38_FIELD_HDLC_FCS_BAD || ft == T38_FIELD_HDLC_FCS_BAD_SIG_END || ft == T38_FIELD_HDLC_SIG_END) {
            int n = v->field_len[i];
            int seq = d->enc.next_seq; /* the seq udptl_encode() gives this IFP */

            if (d->hdlc_len == 0 && ft == T38_FIELD_HDLC_DATA)
                d->hdlc_first_seq = seq;
            if (d->hdlc_len + n > HDLC_MAX)
                n = HDLC_MAX - d->hdlc_len;
            memcpy(d->hdlc + d->hdlc_len, v->field[i], (size_t)n);
            d->hdlc_len += n;
            if (ft == T38_FIELD_HDLC_FCS_OK || ft == T38_FIELD_HDLC_FCS_OK_SIG_END)
                hdlc_frame(l, dir);
            if (d->hdlc_len > 0 && (ft == T38_FIELD_HDLC_FCS_OK || ft == T38_FIELD_HDLC_FCS_OK_SIG_END
                                    || ft == T38_FIELD_HDLC_FCS_BAD || ft == T38_FIELD_HDLC_FCS_BAD_SIG_END))
                record_msg(l, dir, seq, ft == T38_FIELD_HDLC_FCS_BAD || ft == T38_FIELD_HDLC_FCS_BAD_SIG_END);
            if (ft != T38_FIELD_HDLC_DATA)
                d->hdlc_len = 0;
        } else if (ft == T38_FIELD_T4_NON_ECM_DATA || ft == T38_FIELD_T4_NON_ECM_SIG_END) {
            if (!d->in_tcf && ft == T38_FIELD_T4_NON_ECM_SIG_END && d->post_page_cmds == 0 && d->page1_end_seq < 0)
                d->page1_end_seq = d->enc.next_seq; /* page 1's data ends here */
            if (!d->in_tcf)
                d->page_data = TRUE;
            if (d->in_tcf) {
                gboolean corrupt = l->spec->tcf_corrupt < 0 || l->tcf_seen <= l->spec->tcf_corrupt;
                int k;

                d->tcf_octets += (guint)v->field_len[i];
                if (corrupt && v->field_len[i] > 0) {
                    /* T.30 5.3.2.4: TCF is all zeros; make none of them zero */
                    for (k = 0; k < v->field_len[i]; k++)
                        v->field[i][k] = (uint8_t)(0x55 ^ (k & 0x0F));
                    d->tcf_touched = TRUE;
                    touched = TRUE;
                }
                if (ft == T38_FIELD_T4_NON_ECM_SIG_END)
                    end_tcf(l, dir);
            } else if (l->spec->corrupt_page1 && d->post_page_cmds == 0 && v->field_len[i] > 8) {
                /* page 1, first transmission: hit a few octets of each chunk */
                int k;

                for (k = 2; k < v->field_len[i]; k += 7)
                    v->field[i][k] ^= 0xA5;
                d->page_pkts_corrupted++;
                touched = TRUE;
            }
        }
    }
    if (touched) {
        t38_data_field_t f[MAX_FIELDS];

        for (i = 0; i < v->nfields; i++) {
            f[i].field_type = v->field_type[i];
            f[i].field = v->field[i];
            f[i].field_len = v->field_len[i];
        }
        l->reenc_len = 0;
        t38_core_send_data_multi_field(l->enc_core, v->data_type, f, v->nfields, T38_PACKET_CATEGORY_IMAGE_DATA);
        return l->reenc_len > 0;
    }
    return FALSE;
}

/* Does the capture point see direction DIR at all (spec->capture_dirs)? */
static gboolean link_dir_captured(const fax_link *l, int dir)
{
    return l->spec->capture_dirs == 0 || (l->spec->capture_dirs & (1 << dir)) != 0;
}

void fax_link_send(fax_link *l, int dir, const uint8_t *ifp, size_t len, int count, uint64_t now_us)
{
    link_dir *d = &l->d[dir];
    uint8_t dgram[1400];
    uint16_t seq;
    int n;
    int c;

    if (inspect_ifp(l, dir, ifp, len)) {
        ifp = l->reenc;
        len = (size_t)l->reenc_len;
    }
    n = udptl_encode(&d->enc, ifp, len, dgram, sizeof dgram, &seq);
    if (n < 0)
        return;
    if ((int)seq + 1 > d->max_seq)
        d->max_seq = (int)seq + 1;
    if (count < 1)
        count = 1;
    for (c = 0; c < count; c++) {
        uint64_t t;
        gboolean drop;

        if (now_us == l->last_tx_us[dir])
            l->same_tick_count[dir]++;
        else
            l->same_tick_count[dir] = 0;
        l->last_tx_us[dir] = now_us;
        /* packets of one 20 ms tick spread 0.25 ms apart */
        t = now_us + (uint64_t)MIN(l->same_tick_count[dir], 60) * 250u + LINK_DELAY_US;
        d->datagrams++;
        drop = l->spec->loss > 0.0
               && (double)(faxgen_rand(&d->prng) % 1000000u) < l->spec->loss * 1000000.0;
        {
            dgram_rec r = { seq, t, drop };

            g_array_append_val(d->dgrams, r);
        }
        if (drop) {
            d->datagrams_dropped++;
            continue;
        }
        if (!link_dir_captured(l, dir))
            ; /* one-way capture: delivered to the terminal, not captured */
        else if (dir == LINK_AB)
            capture_add(l->cap, t, l->addr->ip_a, l->addr->t38_a, l->addr->ip_b, l->addr->t38_b, dgram, (size_t)n);
        else
            capture_add(l->cap, t, l->addr->ip_b, l->addr->t38_b, l->addr->ip_a, l->addr->t38_a, dgram, (size_t)n);
        {
            in_flight *f = g_new0(in_flight, 1);

            f->arrive_us = t;
            f->dgram = g_bytes_new(dgram, (size_t)n);
            g_queue_push_tail(&d->queue, f);
        }
    }
}

/* X.691 10.9 length determinant (as written by udptl-enc.c) */
static int get_length(const uint8_t *p, size_t len, size_t *pos, size_t *out)
{
    if (*pos >= len)
        return -1;
    if ((p[*pos] & 0x80) == 0) {
        *out = p[(*pos)++];
        return 0;
    }
    if (*pos + 1 >= len || (p[*pos] & 0x40))
        return -1;
    *out = ((size_t)(p[*pos] & 0x3F) << 8) | p[*pos + 1];
    *pos += 2;
    return 0;
}

/* The receiving gateway: decode UDPTL, rebuild gaps from secondaries,
 * hand IFPs over in order. */
static void receive_dgram(fax_link *l, int dir, const uint8_t *p, size_t len,
                          link_deliver_fn deliver, void *user)
{
    link_dir *d = &l->d[dir];
    size_t pos = 2;
    size_t plen;
    size_t nsec = 0;
    const uint8_t *sec[UDPTL_MAX_REDUNDANCY] = { NULL };
    size_t sec_len[UDPTL_MAX_REDUNDANCY] = { 0 };
    const uint8_t *prim;
    int seq;
    size_t i;

    if (len < 3)
        return;
    seq = (p[0] << 8) | p[1];
    if (get_length(p, len, &pos, &plen) < 0 || pos + plen > len)
        return;
    prim = p + pos;
    pos += plen;
    if (pos < len && p[pos] == 0x00) {
        pos++;
        if (get_length(p, len, &pos, &nsec) < 0)
            return;
        for (i = 0; i < nsec; i++) {
            size_t sl;

            if (get_length(p, len, &pos, &sl) < 0 || pos + sl > len)
                return;
            if (i < UDPTL_MAX_REDUNDANCY) {
                sec[i] = p + pos;
                sec_len[i] = sl;
            }
            pos += sl;
        }
    }
    d->delivered[seq] = 1;
    if (seq < d->rx_next)
        return; /* a repeat copy or a packet already rebuilt */
    while (d->rx_next < seq) {
        int back = seq - d->rx_next; /* secondary index back-1 holds seq-back */

        if (back <= (int)nsec && back <= UDPTL_MAX_REDUNDANCY && sec[back - 1] != NULL) {
            d->recovered[d->rx_next] = 1;
            d->handed[d->rx_next] = 1;
            deliver(user, dir, sec[back - 1], sec_len[back - 1], (uint16_t)d->rx_next);
        }
        d->rx_next++;
    }
    d->handed[seq] = 1;
    deliver(user, dir, prim, plen, (uint16_t)seq);
    d->rx_next = seq + 1;
}

void fax_link_tick(fax_link *l, uint64_t now_us, link_deliver_fn deliver, void *user)
{
    int dir;

    for (dir = 0; dir < 2; dir++) {
        link_dir *d = &l->d[dir];

        while (!g_queue_is_empty(&d->queue)) {
            in_flight *f = g_queue_peek_head(&d->queue);
            gsize n;
            const uint8_t *p;

            if (f->arrive_us > now_us)
                break;
            g_queue_pop_head(&d->queue);
            p = g_bytes_get_data(f->dgram, &n);
            receive_dgram(l, dir, p, n, deliver, user);
            g_bytes_unref(f->dgram);
            g_free(f);
        }
    }
}

gboolean fax_link_cut_window(fax_link *l, uint64_t *from_us, uint64_t *to_us)
{
    const link_dir *a = &l->d[LINK_AB];
    guint i;

    /* spec->cut: from the first DCS's first octet to the end of page 1's
     * data, both sent by the caller (A->B); the window is in arrival times
     * at the capture point and covers every direction */
    *from_us = *to_us = 0;
    if (a->dcs_first_seq < 0 || a->page1_end_seq < 0)
        return FALSE;
    for (i = 0; i < a->dgrams->len; i++) {
        const dgram_rec *r = &g_array_index(a->dgrams, dgram_rec, i);

        if (r->seq == a->dcs_first_seq && *from_us == 0)
            *from_us = r->t_us;
        if (r->seq == a->page1_end_seq)
            *to_us = r->t_us;
    }
    return *from_us != 0 && *to_us >= *from_us;
}

/* The per-message truth of direction DIR: every HDLC frame its sender sent,
 * NAME@FIRST-FCS (UDPTL seq of the datagram with its first octet and of the
 * one with its FCS marker), '~' when sent with a bad FCS, '!' when damaged
 * in the capture: some seq in [FIRST, FCS] reached the capture in no
 * datagram and in no captured later datagram's secondary IFPs. */
static void msgs_truth(fax_link *l, truth *tr, int call, int dir)
{
    static const char *const dname[2] = { "msgs_ab", "msgs_ba" };
    link_dir *d = &l->d[dir];
    uint8_t *in_cap = g_malloc0(MAX_SEQ);
    GString *list = g_string_new(NULL);
    uint64_t from = 0, to = 0;
    gboolean cut = l->spec->cut && fax_link_cut_window(l, &from, &to);
    int red = d->enc.redundancy;
    guint damaged = 0;
    guint i;
    char key[64];

    for (i = 0; i < d->dgrams->len; i++) {
        const dgram_rec *r = &g_array_index(d->dgrams, dgram_rec, i);

        if (!r->dropped && link_dir_captured(l, dir) && (!cut || (r->t_us >= from && r->t_us <= to)))
            in_cap[r->seq] = 1;
    }
    d->msg_damaged = g_malloc0(d->msgs->len + 1);
    for (i = 0; i < d->msgs->len; i++) {
        const msg_rec *m = &g_array_index(d->msgs, msg_rec, i);
        gboolean dmg = FALSE;
        int sq;

        for (sq = m->first_seq; sq <= m->fcs_seq && !dmg; sq++) {
            gboolean ok = in_cap[sq];
            int k;

            /* T.38 9.1.4.1: seq+k carries seq in its k-th secondary IFP */
            for (k = 1; k <= red && !ok && sq + k < MAX_SEQ; k++)
                ok = in_cap[sq + k];
            dmg = !ok;
        }
        if (dmg)
            damaged++;
        d->msg_damaged[i] = (uint8_t)dmg;
        g_string_append_printf(list, "%s%s@%d-%d%s%s", i ? "," : "", m->name, m->first_seq, m->fcs_seq,
                               m->fcs_bad ? "~" : "", dmg ? "!" : "");
    }
    truth_setc(tr, call, dname[dir], "%s", list->len ? list->str : "none");
    g_snprintf(key, sizeof key, "%s.count", dname[dir]);
    truth_setc(tr, call, key, "%u", d->msgs->len);
    g_snprintf(key, sizeof key, "%s.damaged", dname[dir]);
    truth_setc(tr, call, key, "%u", damaged);
    g_string_free(list, TRUE);
    g_free(in_cap);
}

void fax_link_finish(fax_link *l, truth *tr, int call)
{
    static const char *const dname[2] = { "udptl_ab", "udptl_ba" };
    GString *tr_list = g_string_new(NULL);
    GString *modems = g_string_new(NULL);
    GString *corrupted = g_string_new(NULL);
    int final_rate = 0;
    int dir;
    guint i;

    for (dir = 0; dir < 2; dir++) {
        link_dir *d = &l->d[dir];
        int s;
        guint dropped = 0, recovered = 0, lost = 0;
        int last_delivered = -1;
        char key[64];

        for (s = 0; s < d->max_seq; s++)
            if (d->delivered[s])
                last_delivered = s;
        if (d->max_seq - 1 > last_delivered) {
            /* dropped after the last datagram that arrived: nothing in the
             * capture tells that they were ever sent */
            g_snprintf(key, sizeof key, "%s.tail_dropped", dname[dir]);
            truth_setc(tr, call, key, "%d", d->max_seq - 1 - last_delivered);
        }
        for (s = 0; s < d->max_seq; s++) {
            if (d->delivered[s])
                continue;
            dropped++;
            if (d->recovered[s])
                recovered++;
            else
                lost++;
        }
        g_snprintf(key, sizeof key, "%s.sent", dname[dir]);
        truth_setc(tr, call, key, "%d", d->max_seq);
        g_snprintf(key, sizeof key, "%s.dropped", dname[dir]);
        truth_setc(tr, call, key, "%u", dropped);
        g_snprintf(key, sizeof key, "%s.recovered", dname[dir]);
        truth_setc(tr, call, key, "%u", recovered);
        g_snprintf(key, sizeof key, "%s.lost", dname[dir]);
        truth_setc(tr, call, key, "%u", lost);
        g_snprintf(key, sizeof key, "%s.datagrams", dname[dir]);
        truth_setc(tr, call, key, "%u", d->datagrams);
        g_snprintf(key, sizeof key, "%s.datagrams_dropped", dname[dir]);
        truth_setc(tr, call, key, "%u", d->datagrams_dropped);
        g_snprintf(key, sizeof key, "%s.redundancy", dname[dir]);
        truth_setc(tr, call, key, "%d", d->enc.redundancy);
    }
    for (i = 0; i < l->trainings->len; i++) {
        training_rec *r = &g_array_index(l->trainings, training_rec, i);

        g_string_append_printf(tr_list, "%s%d:%s", i ? "," : "", r->rate, r->outcome);
        g_string_append_printf(modems, "%s%s", i ? "," : "", r->modem);
        g_string_append_printf(corrupted, "%s%s", i ? "," : "", r->corrupted ? "yes" : "no");
        if (strcmp(r->outcome, "CFR") == 0)
            final_rate = r->rate;
    }
    msgs_truth(l, tr, call, LINK_AB);
    msgs_truth(l, tr, call, LINK_BA);
    {
        /* what the capture shows of the trainings: a TCF counts when its
         * DCS is intact in the capture, its answer when the CFR/FTT is */
        GString *vis = g_string_new(NULL);
        int vis_rate = 0;
        gboolean answer_damaged = FALSE;

        for (i = 0; i < l->trainings->len; i++) {
            training_rec *r = &g_array_index(l->trainings, training_rec, i);
            const char *out = r->outcome;

            if (r->dcs_idx < 0 || l->d[r->dir].msg_damaged[r->dcs_idx])
                continue;
            if (r->answer_idx >= 0 && l->d[!r->dir].msg_damaged[r->answer_idx]) {
                out = "none";
                answer_damaged = TRUE;
            }
            g_string_append_printf(vis, "%s%d:%s", vis->len ? "," : "", r->rate, out);
            if (strcmp(out, "CFR") == 0)
                vis_rate = r->rate;
        }
        if (strcmp(vis->len ? vis->str : "none", tr_list->len ? tr_list->str : "none") != 0)
            truth_setc(tr, call, "visible_trainings", "%s", vis->len ? vis->str : "none");
        if (vis_rate != final_rate)
            truth_setc(tr, call, "visible_final_rate", "%d", vis_rate);
        /* no CFR readable because the answers were damaged: the capture
         * tells a failure by loss, not a DCS that nobody answered */
        if (vis_rate == 0 && answer_damaged && link_dir_captured(l, LINK_AB)
            && link_dir_captured(l, LINK_BA))
            truth_setc(tr, call, "visible_reason", "damaged");
        g_string_free(vis, TRUE);
    }
    truth_setc(tr, call, "captured", "%s",
               link_dir_captured(l, LINK_AB) ? (link_dir_captured(l, LINK_BA) ? "ab,ba" : "ab") : "ba");
    if (l->spec->cut) {
        uint64_t from, to;

        if (fax_link_cut_window(l, &from, &to)) {
            truth_setc(tr, call, "capture_from_us", "%" G_GUINT64_FORMAT, from - FAXGEN_EPOCH_US);
            truth_setc(tr, call, "capture_to_us", "%" G_GUINT64_FORMAT, to - FAXGEN_EPOCH_US);
        }
    }
    truth_setc(tr, call, "trainings", "%s", tr_list->len ? tr_list->str : "none");
    truth_setc(tr, call, "training_modems", "%s", modems->len ? modems->str : "none");
    truth_setc(tr, call, "tcf_corrupted", "%s", corrupted->len ? corrupted->str : "none");
    truth_setc(tr, call, "final_rate", "%d", final_rate);
    truth_setc(tr, call, "link.page_packets_corrupted", "%u",
               l->d[0].page_pkts_corrupted + l->d[1].page_pkts_corrupted);
    truth_setc(tr, call, "pages_sent", "%d", l->pages_sent);
    truth_setc(tr, call, "link.delay_ms", "%u", LINK_DELAY_US / 1000u);
    truth_setc(tr, call, "link.loss_ppm", "%u", (unsigned)(l->spec->loss * 1000000.0 + 0.5));
    g_string_free(tr_list, TRUE);
    g_string_free(modems, TRUE);
    g_string_free(corrupted, TRUE);
}

void fax_link_free(fax_link *l)
{
    int i;

    for (i = 0; i < 2; i++) {
        in_flight *f;

        while ((f = g_queue_pop_head(&l->d[i].queue)) != NULL) {
            g_bytes_unref(f->dgram);
            g_free(f);
        }
        g_free(l->d[i].delivered);
        g_free(l->d[i].recovered);
        g_free(l->d[i].handed);
        g_array_free(l->d[i].msgs, TRUE);
        g_array_free(l->d[i].dgrams, TRUE);
        g_free(l->d[i].msg_damaged);
    }
    t38_core_free(l->spy);
    t38_core_free(l->enc_core);
    g_array_free(l->trainings, TRUE);
    g_free(l);
}
