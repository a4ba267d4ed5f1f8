/* faxgen: shared types of the test-capture generator.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FAXGEN_H
#define FAXGEN_H

#include <glib.h>
#include <stdint.h>

/* Simulated time in microseconds since the Unix epoch. */
#define FAXGEN_EPOCH_US (UINT64_C(1767225600) * 1000000u) /* 2026-01-01T00:00:00Z */
#define FAXGEN_MS(x) ((uint64_t)(x) * 1000u)

/* One datagram seen at the capture point. */
typedef struct {
    uint64_t t_us;
    guint order; /* tie-break: emission order within the capture */
    uint32_t src_ip, dst_ip;
    uint16_t src_port, dst_port;
    GBytes *payload;
} wire_pkt;

/* All datagrams of one capture, merged from its calls. */
typedef struct {
    GArray *pkts; /* of wire_pkt */
    guint next_order;
} capture;

void capture_init(capture *c);
void capture_add(capture *c, uint64_t t_us, uint32_t src_ip, uint16_t src_port,
                 uint32_t dst_ip, uint16_t dst_port, const uint8_t *data, size_t len);
/* Sorts by time and writes PATH; returns 0 on success. */
int capture_write(capture *c, const char *path);
void capture_clear(capture *c);

/* Truth: key=value pairs, written sorted by key. */
typedef struct {
    GTree *kv; /* char* -> char*, owned */
} truth;

void truth_init(truth *t);
void truth_set(truth *t, const char *key, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void truth_setc(truth *t, int call, const char *key, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
int truth_write(truth *t, const char *path);
void truth_clear(truth *t);

/* What one call does: the knobs of a scenario. */
typedef struct {
    const char *name;
    int pages;               /* pages in the TIFF the caller sends */
    gboolean fine;           /* 196 dpi instead of 98 */
    gboolean ecm;
    int redundancy;          /* UDPTL secondaries, 0 = t38UDPNoEC */
    int tcf_corrupt;         /* TCFs the link corrupts, -1 = every one */
    gboolean corrupt_page1;  /* damage page 1's first non-ECM transmission */
    gboolean reject_t38;     /* answer the T.38 re-INVITE with 488 */
    gboolean caller_dead;    /* only the called terminal runs (T1 timeout) */
    double loss;             /* per-datagram loss probability, both directions */
    uint32_t seed;
    uint64_t max_fax_us;     /* cap on the fax phase */
    int passthru;            /* fax as G.711 audio: 1 no re-INVITE, 2 after a 488 */
    gboolean pcma;           /* audio is PCMA (PT 8) instead of PCMU (PT 0) */
    gboolean callee_no_dis;  /* the called side sends CED, never DIS (no_dis) */
    int capture_dirs;        /* UDPTL directions captured: 0 both, 1 A->B only, 2 B->A only */
    gboolean cut;            /* the capture holds only first DCS .. end of page 1's data */
    uint16_t t38_port_a;     /* UDPTL ports (0: the default 40000/42000 + 10 k) */
    uint16_t t38_port_b;
    gboolean no_signalling;  /* the capture holds the UDPTL only (no SIP, no RTP) */
} call_spec;

/* Addresses and identities of one call inside a capture. */
typedef struct {
    int index;               /* 1..N */
    uint64_t start_us;       /* INVITE time */
    uint32_t ip_a, ip_b;     /* caller (sends the fax), callee */
    uint16_t rtp_a, rtp_b, t38_a, t38_b;
    char call_id[64];
    char num_a[16], num_b[16];
    char tag_a[16], tag_b[16];
    char tsi[24], csi[24];
} call_addr;

/* fax-sim.c: runs the T.38 part between two spandsp terminals starting at
 * T0_US; adds its UDPTL datagrams to CAP, its facts to TR; returns the end
 * time of the fax phase. With spec->cut, CUT_WINDOW gets the capture window
 * (epoch microseconds; 0, 0 if the call never reached it). */
uint64_t fax_sim_run(const call_spec *spec, const call_addr *addr, uint64_t t0_us,
                     capture *cap, truth *tr, const char *tiff_path, uint64_t cut_window[2]);
/* Removes every packet between IP_A and IP_B outside [FROM_US, TO_US]. */
void capture_keep_window(capture *c, uint32_t ip_a, uint32_t ip_b, uint64_t from_us, uint64_t to_us);
/* Removes every packet between IP_A and IP_B but those between PORT_A and
 * PORT_B (the call's UDPTL). */
void capture_keep_ports(capture *c, uint32_t ip_a, uint32_t ip_b, uint16_t port_a, uint16_t port_b);

/* tiff-pages.c: writes a PAGES-page 1728-wide bilevel TIFF/F. */
int tiff_pages_write(const char *path, int pages, gboolean fine, uint32_t seed);

/* sip-script.c: the whole call (SIP, RTP, T.38 via fax_sim_run). */
void sip_call_run(const call_spec *spec, const call_addr *addr, capture *cap, truth *tr,
                  const char *tmpdir);

/* passthru.c: the fax as G.711 audio between two spandsp fax terminals,
 * RTP from T0_US with the dialog's sequence numbers, timestamps and SSRCs
 * (advanced in place); returns the end time of the fax phase. */
uint64_t passthru_run(const call_spec *spec, const call_addr *addr, uint64_t t0_us, capture *cap,
                      truth *tr, const char *tiff_path, uint16_t seq[2], uint32_t ts[2],
                      const uint32_t ssrc[2]);

/* A small deterministic PRNG (xorshift32); never seeded from the clock. */
static inline uint32_t faxgen_rand(uint32_t *state)
{
    uint32_t x = *state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

#endif
