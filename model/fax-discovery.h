/* fax-discovery.h: finding T.38 that Wireshark did not decode.  UDP traffic
 * Wireshark left undecoded (or took for RTP on a port a SIP SDP announced) is
 * tested datagram by datagram with udptl_plausible(); a 4-tuple becomes a
 * T.38 stream after FAX_DISC_CONFIRM consecutive plausible datagrams in one
 * direction.  The datagrams held while counting are handed back, in capture
 * order, so that nothing of the stream is missed.
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
