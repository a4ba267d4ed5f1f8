/* faxgen: the scenario table and main(): one capture + truth per scenario.
 * Usage: faxgen OUTDIR [SCENARIO...]
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "faxgen.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <tiffio.h>

#define S(x) ((uint64_t)(x) * 1000000u)

static const call_spec spec_nonecm_1page = {
    .name = "nonecm-1page", .pages = 1, .max_fax_us = S(120),
};
static const call_spec spec_nonecm_3pages = {
    .name = "nonecm-3pages", .pages = 3, .max_fax_us = S(120),
};
static const call_spec spec_ecm_2pages = {
    .name = "ecm-2pages", .pages = 2, .ecm = TRUE, .max_fax_us = S(120),
};
static const call_spec spec_ftt_fallback = {
    .name = "ftt-fallback", .pages = 1, .tcf_corrupt = 2, .max_fax_us = S(120),
};
static const call_spec spec_training_fail = {
    .name = "training-fail", .pages = 1, .tcf_corrupt = -1, .max_fax_us = S(150),
};
static const call_spec spec_rtn = {
    .name = "rtn", .pages = 2, .corrupt_page1 = TRUE, .max_fax_us = S(150),
};
static const call_spec spec_488 = {
    .name = "sip-488", .reject_t38 = TRUE,
};
static const call_spec spec_t1 = {
    .name = "t1-timeout", .pages = 1, .caller_dead = TRUE, .max_fax_us = S(40),
};
static const call_spec spec_loss_red = {
    .name = "loss-redundancy", .pages = 1, .redundancy = 2, .loss = 0.05, .seed = 20260101u,
    .max_fax_us = S(150),
};
static const call_spec spec_loss_noec = {
    .name = "loss-noec", .pages = 1, .redundancy = 0, .loss = 0.05, .seed = 20260101u,
    .max_fax_us = S(150),
};
/* damaged frames: loss the receiver cannot repair, capture views that show
 * only part of the fax (the frames check, tests/golden/check.py frames) */
static const call_spec spec_loss_noec_10 = {
    .name = "loss-noec-10", .pages = 2, .redundancy = 0, .loss = 0.10, .seed = 5u, /* TSI, CSI, DIS and two MCFs damaged, yet success */
    .max_fax_us = S(200),
};
static const call_spec spec_loss_deep = {
    .name = "loss-deep", .pages = 1, .redundancy = 1, .loss = 0.15, .seed = 3u, /* DCS and CFRs damaged: no response in phase B */
    .max_fax_us = S(200),
};
static const call_spec spec_no_dis = {
    .name = "no-dis", .pages = 1, .callee_no_dis = TRUE, .max_fax_us = S(80),
};
static const call_spec spec_oneway = {
    .name = "oneway", .pages = 1, .capture_dirs = 1, .max_fax_us = S(120),
};
/* UDPTL on ports Wireshark gives to other dissectors (A21 23272, collectd
 * 25826: SBCs take media ports from 20000-30000), no signalling captured;
 * neither dissector hands the octets on as 'data' */
static const call_spec spec_claimed_ports = {
    .name = "claimed-ports", .pages = 1, .t38_port_a = 23272, .t38_port_b = 25826,
    .no_signalling = TRUE, .max_fax_us = S(120),
};
static const call_spec spec_cut = {
    .name = "cut", .pages = 2, .cut = TRUE, .max_fax_us = S(120),
};

/* fax over G.711 pass-through (passthru.c) */
static const call_spec spec_pt_pcmu = {
    .name = "passthru-pcmu", .pages = 1, .passthru = 1, .max_fax_us = S(150),
};
static const call_spec spec_pt_488_pcma = {
    .name = "passthru-488-pcma", .pages = 2, .passthru = 2, .pcma = TRUE, .max_fax_us = S(200),
};
static const call_spec spec_pt_ecm = {
    .name = "passthru-ecm", .pages = 2, .ecm = TRUE, .passthru = 1, .max_fax_us = S(200),
};
static const call_spec spec_pt_loss = {
    .name = "passthru-loss", .pages = 1, .passthru = 1, .loss = 0.01, .seed = 20260112u,
    .max_fax_us = S(200),
};

typedef struct {
    const char *name;
    const call_spec *calls[6];
    uint64_t spacing_us; /* between call starts */
} capture_spec;

static const capture_spec captures[] = {
    { "t38-nonecm-1page", { &spec_nonecm_1page }, 0 },
    { "t38-nonecm-3pages", { &spec_nonecm_3pages }, 0 },
    { "t38-ecm-2pages", { &spec_ecm_2pages }, 0 },
    { "t38-ftt-fallback", { &spec_ftt_fallback }, 0 },
    { "t38-training-fail", { &spec_training_fail }, 0 },
    { "t38-rtn", { &spec_rtn }, 0 },
    { "sip-488", { &spec_488 }, 0 },
    { "t38-t1-timeout", { &spec_t1 }, 0 },
    { "t38-loss-redundancy", { &spec_loss_red }, 0 },
    { "t38-loss-noec", { &spec_loss_noec }, 0 },
    { "t38-loss-noec-10", { &spec_loss_noec_10 }, 0 },
    { "t38-loss-deep", { &spec_loss_deep }, 0 },
    { "t38-no-dis", { &spec_no_dis }, 0 },
    { "t38-oneway", { &spec_oneway }, 0 },
    { "t38-cut", { &spec_cut }, 0 },
    { "t38-claimed-ports", { &spec_claimed_ports }, 0 },
    { "multi-5calls",
      { &spec_nonecm_1page, &spec_ecm_2pages, &spec_ftt_fallback, &spec_488, &spec_loss_red },
      S(2) },
    { "sample", { &spec_nonecm_1page, &spec_ftt_fallback, &spec_488 }, S(2) },
    { "passthru-pcmu", { &spec_pt_pcmu }, 0 },
    { "passthru-488-pcma", { &spec_pt_488_pcma }, 0 },
    { "passthru-ecm", { &spec_pt_ecm }, 0 },
    { "passthru-loss", { &spec_pt_loss }, 0 },
};

static void make_addr(call_addr *a, const char *capname, int k, uint64_t start)
{
    guint h = g_str_hash(capname);

    memset(a, 0, sizeof *a);
    a->index = k;
    a->start_us = start;
    a->ip_a = (10u << 24) | (1u << 16) | (uint32_t)k;        /* 10.1.0.k */
    a->ip_b = (10u << 24) | (2u << 16) | (uint32_t)k;        /* 10.2.0.k */
    a->rtp_a = (uint16_t)(16384 + k * 10);
    a->rtp_b = (uint16_t)(18384 + k * 10);
    a->t38_a = (uint16_t)(40000 + k * 10);
    a->t38_b = (uint16_t)(42000 + k * 10);
    g_snprintf(a->num_a, sizeof a->num_a, "%d", 1000 + k);
    g_snprintf(a->num_b, sizeof a->num_b, "%d", 2000 + k);
    g_snprintf(a->call_id, sizeof a->call_id, "%08x-%d-faxgen@10.1.0.%d", h, k, k);
    g_snprintf(a->tag_a, sizeof a->tag_a, "a%07x%d", h & 0xFFFFFFF, k);
    g_snprintf(a->tag_b, sizeof a->tag_b, "b%07x%d", (h >> 4) & 0xFFFFFFF, k);
    g_snprintf(a->tsi, sizeof a->tsi, "+1 555 010 %04d", 1000 + k);
    g_snprintf(a->csi, sizeof a->csi, "+1 555 020 %04d", 2000 + k);
}

static int run_capture(const capture_spec *cs, const char *outdir, const char *tmpdir)
{
    capture cap;
    truth tr;
    call_addr addr[6];
    char *pcap_path;
    char *truth_path;
    int n = 0;
    int rc = 0;
    int k;

    capture_init(&cap);
    truth_init(&tr);
    while (n < 6 && cs->calls[n] != NULL)
        n++;
    for (k = 0; k < n; k++) {
        make_addr(&addr[k], cs->name, k + 1, FAXGEN_EPOCH_US + (uint64_t)k * cs->spacing_us);
        if (cs->calls[k]->t38_port_a)
            addr[k].t38_a = cs->calls[k]->t38_port_a;
        if (cs->calls[k]->t38_port_b)
            addr[k].t38_b = cs->calls[k]->t38_port_b;
        sip_call_run(cs->calls[k], &addr[k], &cap, &tr, tmpdir);
    }
    truth_set(&tr, "calls", "%d", n);
    truth_set(&tr, "capture", "%s", cs->name);
    if (cs->calls[0]->passthru)
        truth_set(&tr, "generator", "faxgen (spandsp 0.0.6 fax_state_t audio terminals, G.711 RTP)");
    else
        truth_set(&tr, "generator", "faxgen (spandsp 0.0.6 t38_terminal, T.38 version 0)");
    pcap_path = g_strdup_printf("%s/%s.pcap", outdir, cs->name);
    truth_path = g_strdup_printf("%s/%s.truth", outdir, cs->name);
    truth_set(&tr, "packets", "%u", cap.pkts->len);
    if (capture_write(&cap, pcap_path) < 0 || truth_write(&tr, truth_path) < 0) {
        g_printerr("faxgen: cannot write %s\n", pcap_path);
        rc = -1;
    } else {
        printf("%s: %u packets\n", cs->name, cap.pkts->len);
    }
    g_free(pcap_path);
    g_free(truth_path);
    capture_clear(&cap);
    truth_clear(&tr);
    return rc;
}

static void quiet_tiff(const char *module, const char *fmt, va_list ap)
{
    (void)module;
    (void)fmt;
    (void)ap;
}

int main(int argc, char **argv)
{
    char *tmpdir;
    size_t i;
    int rc = 0;
    int j;

    if (argc < 2) {
        fprintf(stderr, "usage: %s OUTDIR [CAPTURE...]\n", argv[0]);
        return 2;
    }
    TIFFSetWarningHandler(quiet_tiff);
    tmpdir = g_dir_make_tmp("faxgen-XXXXXX", NULL);
    if (tmpdir == NULL) {
        fprintf(stderr, "faxgen: no temporary directory\n");
        return 1;
    }
    for (i = 0; i < G_N_ELEMENTS(captures); i++) {
        gboolean want = argc == 2;

        for (j = 2; j < argc; j++)
            if (strcmp(argv[j], captures[i].name) == 0)
                want = TRUE;
        if (want && run_capture(&captures[i], argv[1], tmpdir) < 0)
            rc = 1;
    }
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return rc;
}
