/* faxgen: UDPTL (T.38 clause 9.1) packet encoder, aligned PER (X.691).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "udptl-enc.h"

#include <string.h>

void udptl_encoder_init(udptl_encoder *e, int redundancy)
{
    memset(e, 0, sizeof *e);
    if (redundancy < 0)
        redundancy = 0;
    if (redundancy > UDPTL_MAX_REDUNDANCY)
        redundancy = UDPTL_MAX_REDUNDANCY;
    e->redundancy = redundancy;
}

/* X.691 10.9: length determinant (lengths < 16384 only) */
static int put_length(uint8_t *out, size_t cap, size_t *pos, size_t len)
{
    if (len < 128) {
        if (*pos + 1 > cap)
            return -1;
        out[(*pos)++] = (uint8_t)len;
    } else if (len < 16384) {
        if (*pos + 2 > cap)
            return -1;
        out[(*pos)++] = (uint8_t)(0x80 | (len >> 8));
        out[(*pos)++] = (uint8_t)len;
    } else {
        return -1;
    }
    return 0;
}

/* X.691 10.2: open type = length determinant + octets */
static int put_open(uint8_t *out, size_t cap, size_t *pos, const uint8_t *p, size_t len)
{
    if (put_length(out, cap, pos, len) < 0 || *pos + len > cap)
        return -1;
    memcpy(out + *pos, p, len);
    *pos += len;
    return 0;
}

int udptl_encode(udptl_encoder *e, const uint8_t *ifp, size_t ifp_len,
                 uint8_t *out, size_t cap, uint16_t *seq)
{
    size_t pos = 0;
    int i;
    int n;

    if (ifp_len > UDPTL_MAX_IFP || cap < 2)
        return -1;
    /* seq-number INTEGER (0..65535) */
    out[pos++] = (uint8_t)(e->next_seq >> 8);
    out[pos++] = (uint8_t)e->next_seq;
    /* primary-ifp-packet */
    if (put_open(out, cap, &pos, ifp, ifp_len) < 0)
        return -1;
    /* error-recovery CHOICE: index 0 = secondary-ifp-packets, then the
     * SEQUENCE OF count (octet aligned); count 0 when no redundancy is used. */
    n = e->hist_count < e->redundancy ? e->hist_count : e->redundancy;
    if (pos + 1 > cap)
        return -1;
    out[pos++] = 0x00;
    if (put_length(out, cap, &pos, (size_t)n) < 0)
        return -1;
    for (i = 0; i < n; i++) /* most recent first: seq-1, seq-2, ... */
        if (put_open(out, cap, &pos, e->hist[i], e->hist_len[i]) < 0)
            return -1;
    *seq = e->next_seq;
    e->next_seq++;
    if (e->redundancy > 0) {
        for (i = e->redundancy - 1; i > 0; i--) {
            memcpy(e->hist[i], e->hist[i - 1], e->hist_len[i - 1]);
            e->hist_len[i] = e->hist_len[i - 1];
        }
        memcpy(e->hist[0], ifp, ifp_len);
        e->hist_len[0] = ifp_len;
        if (e->hist_count < e->redundancy)
            e->hist_count++;
    }
    return (int)pos;
}
