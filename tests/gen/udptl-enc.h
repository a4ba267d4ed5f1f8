/* faxgen: UDPTL (T.38 clause 9.1) packet encoder.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FAXGEN_UDPTL_ENC_H
#define FAXGEN_UDPTL_ENC_H

#include <stddef.h>
#include <stdint.h>

#define UDPTL_MAX_REDUNDANCY 4
#define UDPTL_MAX_IFP 512

/* One direction's UDPTL sender: sequence numbers and the history of
 * primaries kept for redundancy. */
typedef struct {
    uint16_t next_seq;
    int redundancy; /* number of secondary IFPs carried, 0 = t38UDPNoEC */
    uint8_t hist[UDPTL_MAX_REDUNDANCY][UDPTL_MAX_IFP];
    size_t hist_len[UDPTL_MAX_REDUNDANCY]; /* [0] = most recent */
    int hist_count;
} udptl_encoder;

void udptl_encoder_init(udptl_encoder *e, int redundancy);
/* Encodes IFP as the next packet into OUT (capacity CAP); returns its length,
 * or -1 if it does not fit.  *SEQ receives the sequence number used. */
int udptl_encode(udptl_encoder *e, const uint8_t *ifp, size_t ifp_len,
                 uint8_t *out, size_t cap, uint16_t *seq);

#endif
