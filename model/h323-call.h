/* h323-call.h: an H.323 call as the capture shows it (ITU-T H.323, H.225.0
 * call signalling, H.245 control): who called whom, how it progressed and
 * released, and what H.245 did; a T.38 stream between the same hosts joins
 * it (h323-call.c).
 *
 * Plain C + GLib; no Wireshark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H323_CALL_H
#define H323_CALL_H

#include <glib.h>
#include "fax-endpoint.h"
#include "fax-types.h"

G_BEGIN_DECLS

#define FAX_H323_MAX_EVENTS 48   /* H.245 messages kept per call */

/* H.245 messages (ITU-T H.245 clause 6) as the H.245 dissector classes them */
typedef enum {
    FAX_H245_OTHER = 0,
    FAX_H245_OLC,             /* openLogicalChannel */
    FAX_H245_OLC_ACK,
    FAX_H245_OLC_REJECT,
    FAX_H245_CLC,             /* closeLogicalChannel */
    FAX_H245_CLC_ACK,
    FAX_H245_REQUEST_MODE,
    FAX_H245_REQUEST_MODE_ACK,
    FAX_H245_REQUEST_MODE_REJECT
} fax_h245_kind;

typedef struct {
    guint32       frame;
    fax_side      side;       /* A: the side that sent the Setup */
    fax_h245_kind kind;
    gboolean      t38fax;     /* the message names the t38fax data type */
    char          what[52];   /* the message as Wireshark's H.245 dissector names it */
} fax_h245_event;

typedef struct fax_h323 {
    fax_endpoint sig[2];       /* H.225.0 TCP ends: [A] sent the Setup */
    guint16      call_ref;     /* Q.931 call reference */
    char         calling[33], called[33];   /* party numbers of the Setup */
    char         display[2][83];
    guint32      setup_frame, proceeding_frame, alerting_frame, connect_frame, release_frame;
    double       t_setup, t_connect, t_release, t_last;
    guint8       cause;        /* Release Complete cause (Q.850), 0 = none */
    fax_side     release_side;
    guint8       guid[16];     /* H.225.0 callIdentifier */
    gboolean     has_guid;
    gboolean     tunnelling;   /* H.245 seen in the H.225.0 connection */
    gboolean     faststart;
    fax_h245_event events[FAX_H323_MAX_EVENTS];
    guint        n_events;
    guint        n_events_dropped;
} fax_h323;

/* The first T.38 logical channel opening: the OLC naming t38fax, or 0. */
guint32 fax_h323_t38_olc(const fax_h323 *h);
/* A requestMode rejected (the H.323 twin of SIP's 488), or 0. */
guint32 fax_h323_mode_rejected(const fax_h323 *h);
/* "Facility" ... */
const char *fax_h245_kind_name(fax_h245_kind k);

G_END_DECLS

#endif /* H323_CALL_H */
