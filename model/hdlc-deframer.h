/* hdlc-deframer.h: HDLC receiver for the T.30 control channel (ISO 3309
 * framing as T.30 5.3 uses it): flag 01111110, zero-bit de-stuffing, abort on seven
 * ones, FCS-16 (ITU-T V.42 8.1.1.6.1 / ISO 3309 CRC, x^16+x^12+x^5+1).
 *
 * Octets come out in T.38 wire order: the first bit received on the line is
 * the most significant bit of the octet (so the T.30 address is 0xFF and the
 * control field 0xC0/0xC8, the FCF as fax-types.h defines it).  The FCS is
 * checked and stripped.  Frames are bounded (HDLC_DEFRAMER_MAX).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HDLC_DEFRAMER_H
#define HDLC_DEFRAMER_H

#include <glib.h>

G_BEGIN_DECLS

#define HDLC_DEFRAMER_MAX 300   /* octets incl. FCS: T.30 control frames are short */

/* frame: octets without the FCS; fcs_ok from the check.  Frames shorter
 * than 3 octets + FCS or not a whole number of octets are counted, not
 * delivered. */
typedef void (*hdlc_deframer_frame_cb)(const guint8 *frame, guint len, gboolean fcs_ok,
                                 void *user);

typedef struct {
    guint32 frames_ok;
    guint32 frames_bad_fcs;
    guint32 runts;         /* too short or ragged (not octet aligned) */
    guint32 overlong;      /* longer than HDLC_DEFRAMER_MAX: dropped */
    guint32 aborts;        /* seven or more ones inside a frame */
    guint32 flags;         /* flags seen */
} hdlc_deframer_stats;

typedef struct {
    guint8   shift;        /* last 8 raw bits, newest in bit 0 */
    guint    ones;         /* consecutive ones (raw) */
    gboolean in_frame;     /* a flag was seen: octets follow */
    gboolean discard;      /* until the next flag */
    guint8   buf[HDLC_DEFRAMER_MAX];
    guint    nbits;        /* de-stuffed bits in buf */
    guint8   cur;
    guint    flag_run;     /* consecutive flags with nothing between */
    guint    bits_since_flag;
    hdlc_deframer_stats stats;
    hdlc_deframer_frame_cb cb;
    void    *user;
} hdlc_deframer;

void hdlc_deframer_init(hdlc_deframer *h, hdlc_deframer_frame_cb cb, void *user);
/* one demodulated bit (0/1), in line order */
void hdlc_deframer_bit(hdlc_deframer *h, guint bit);
/* carrier lost: the partial frame is dropped */
void hdlc_deframer_reset(hdlc_deframer *h);
/* consecutive flags seen just now (a preamble when >= a few) */
guint hdlc_deframer_flag_run(const hdlc_deframer *h);

/* the FCS-16 of data (T.38 order octets), as it would be sent in the two
 * octets that follow them, T.38 order; for tests and generators */
void hdlc_deframer_fcs16_append(const guint8 *data, guint len, guint8 out[2]);

G_END_DECLS

#endif /* HDLC_DEFRAMER_H */
