/* t38-stream.h: one direction of a T.38 UDPTL stream.  Takes UDPTL datagrams
 * in capture order, puts them back in sequence (duplicates dropped, gaps
 * filled from redundancy or FEC when a later packet carries them, the rest
 * counted as lost), reassembles HDLC frames from hdlc-data fragments, and
 * hands fax_event's to a callback in the order they happened.
 *
 * Plain C + GLib, no Wireshark.  Bounded memory per stream.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef T38_STREAM_H
#define T38_STREAM_H

#include "fax-types.h"
#include "../wire/udptl.h"

G_BEGIN_DECLS

#define T38_HDLC_MAX 1024   /* longest HDLC frame kept (ECM FCD is 256+4) */

typedef struct {
    guint32  packets;        /* datagrams fed */
    guint32  malformed;      /* could not be decoded at all */
    guint32  duplicates;     /* sequence number seen before */
    guint32  reordered;      /* arrived after a later sequence number */
    guint32  missing;        /* sequence numbers never seen as primary */
    guint32  recovered;      /* of those, rebuilt from redundancy/FEC */
    guint32  lost;           /* of those, lost for good */
    guint32  wraps;          /* sequence number wrapped 65535 -> 0 */
    guint32  max_datagram;   /* largest UDPTL payload, octets */
    gboolean used_redundancy;
    gboolean used_fec;
    guint32  redundancy_packets; /* datagrams carrying secondary IFPs */
    guint32  fec_packets;        /* datagrams carrying FEC entries */
    gboolean post_corrigendum;  /* the sender uses post-corrigendum ASN.1 */
    guint32  hdlc_frames;
    guint32  hdlc_overlong;  /* frames cut at T38_HDLC_MAX */
    guint32  hdlc_dropped;   /* partial frames thrown away: sig-end or a new
                                signal mid-frame, with no loss in them */
    guint32  hdlc_damaged;   /* frames handed over damaged by UDPTL loss */
    guint32  resyncs;        /* sequence number jumped far back: restarted */
} t38_stream_stats;

/* What happened to one datagram, for the per-frame record. */
typedef struct {
    gboolean     decoded;      /* UDPTL framing and primary IFP decoded */
    wire_status  status;       /* why not, when !decoded */
    guint16      seq;
    gboolean     duplicate;
    gboolean     reordered;
    guint16      recovered;    /* earlier packets rebuilt from this one */
    guint16      lost;         /* earlier packets now known lost for good */
    gboolean     post_corrigendum;
    gboolean     is_data;      /* primary IFP: data or indicator */
    guint        value;        /* indicator or modem */
    guint16      n_events;     /* events emitted while feeding it */
} t38_packet_note;

typedef void (*t38_event_cb)(const fax_event *ev, void *user);

typedef struct t38_stream t38_stream;

t38_stream *t38_stream_new(fax_side side);
void        t38_stream_free(t38_stream *s);

/* Feed one UDPTL payload.  Events are delivered through cb (ev->buf valid
 * only during the callback), with ev->frame = frame and ev->t = t. */
void t38_stream_feed(t38_stream *s, const guint8 *payload, guint len,
                     guint32 frame, double t,
                     t38_event_cb cb, void *user, t38_packet_note *note);

const t38_stream_stats *t38_stream_get_stats(const t38_stream *s);

G_END_DECLS

#endif /* T38_STREAM_H */
