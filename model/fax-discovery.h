/* fax-discovery.h: finding T.38 that Wireshark did not decode.  UDP traffic
 * Wireshark left undecoded, took for RTP on a port a SIP SDP announced, or
 * gave to the dissector registered for its port is tested datagram by
 * datagram with udptl_plausible(); a 4-tuple becomes a T.38 stream after
 * FAX_DISC_CONFIRM consecutive plausible datagrams in one direction whose
 * UDPTL sequence numbers (T.38 9.1) step forward by at most
 * FAX_DISC_SEQ_STEP.  The datagrams held while counting are handed back, in
 * capture order, so that nothing of the stream is missed.
 *
 * Plain C + GLib, no Wireshark.  Bounded: at most FAX_DISC_MAX_TUPLES
 * candidate 4-tuples at a time, FAX_DISC_CONFIRM datagrams held per
 * direction; only tuples with a plausible datagram pending are kept.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_DISCOVERY_H
#define FAX_DISCOVERY_H

#include "fax-endpoint.h"
#include "../wire/udptl.h"   /* udptl_plausible */

G_BEGIN_DECLS

#define FAX_DISC_CONFIRM      3      /* consecutive plausible datagrams */
#define FAX_DISC_MAX_TUPLES   4096   /* candidate tuples held at a time */
#define FAX_DISC_MAX_DATAGRAM 1500   /* longer datagrams are not held */
#define FAX_DISC_SEQ_STEP     16     /* seq-number step between consecutive
                                        datagrams of a direction: 0 (a repeat,
                                        T.38 9.1) up to a few lost */
#define FAX_DISC_WAIT_FRAMES  256    /* a candidate is waited for this many
                                        capture frames after its last
                                        plausible datagram */

typedef enum {
    FAX_DISC_NO = 0,      /* not UDPTL (or a cap was hit): ignore */
    FAX_DISC_PENDING,     /* plausible, held until the tuple is confirmed */
    FAX_DISC_CONFIRMED    /* the tuple is UDPTL: replay the held datagrams */
} fax_disc_verdict;

typedef struct {
    fax_endpoint src, dst;
    guint32      frame;
    double       t;
    guint        len;
    guint8      *payload;   /* owned by the discovery until the next call */
} fax_disc_datagram;

typedef struct fax_discovery fax_discovery;

fax_discovery *fax_discovery_new(void);
void           fax_discovery_free(fax_discovery *d);

/* One undecoded UDP datagram (capture order).  On FAX_DISC_CONFIRMED,
 * *replay / *n_replay list the held datagrams of the tuple, this one
 * included, in frame order; they stay valid until the next call. */
fax_disc_verdict fax_discovery_feed(fax_discovery *d, const fax_endpoint *src,
                                    const fax_endpoint *dst,
                                    const guint8 *payload, guint len,
                                    guint32 frame, double t,
                                    const fax_disc_datagram **replay,
                                    guint *n_replay);

/* Candidate tuples waiting for more plausible datagrams (0 = none). */
guint fax_discovery_pending(const fax_discovery *d);

/* Whether a candidate had a plausible datagram in the FAX_DISC_WAIT_FRAMES
 * frames before FRAME: while so, every datagram is worth testing; a
 * candidate whose tuple fell silent (a one-off datagram) stops counting. */
gboolean fax_discovery_waiting(const fax_discovery *d, guint32 frame);

/* Counters for the tests and the report. */
typedef struct {
    guint32 tested;        /* datagrams tested */
    guint32 plausible;     /* of those, plausible UDPTL */
    guint32 confirmed;     /* tuples confirmed */
    guint32 dropped;       /* candidate tuples not kept: cap reached */
} fax_disc_stats;

const fax_disc_stats *fax_discovery_stats(const fax_discovery *d);

G_END_DECLS

#endif /* FAX_DISCOVERY_H */
