/* fax-frames.h: what the glue keeps about each frame of a fax call, so that
 * every pass (GUI clicks in any order, retaps, tshark -2) renders the same
 * Fax subtree, hints and tap data as the first.
 *
 * Most T.38 packets of a call say nothing beyond "call N, side A, seq S":
 * those get a 12-octet entry in a frame-ordered index.  Frames with more to
 * say (SIP messages, T.30 events, duplicates, losses, ...) get a full record.
 * A bit per frame number answers "is this a fax frame?" before any search.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_FRAMES_H
#define FAX_FRAMES_H

#include <epan/packet.h>
#include "fax-registry.h"

enum { FAX_REC_SIP = 1, FAX_REC_UDPTL = 2, FAX_REC_RTP = 3 };

typedef struct {
    guint32  call;             /* fax call id */
    guint8   kind;             /* FAX_REC_* */
    guint8   side;             /* sender */
    guint8   sip_role;         /* fax_sip_role */
    guint8   bye_mid_fax;      /* fax_phase the call was cut in, 0 none */
    gboolean port_mismatch;    /* first UDPTL of a side from a non-SDP port */
    gboolean found;            /* this frame confirmed a discovered stream */
    guint8   n_notes;
    t38_packet_note pkt;
    fax_note *notes;           /* file scope, n_notes of them */
} fax_frame_rec;

void fax_frames_init(void);
void fax_frames_cleanup(void);

/* First pass.  A SIP message of a fax call (full record, returned to fill). */
fax_frame_rec *fax_frames_add_sip(guint32 frame, guint32 call, fax_side side, fax_sip_role role);
/* A dialog's earlier messages ((frame << 1) | side) once it turned fax. */
void fax_frames_add_earlier_sip(const guint32 *earlier, guint n, const fax_call *c);
/* A UDPTL datagram of a call; found: it confirmed a discovered stream. */
void fax_frames_add_udptl(guint32 frame, const fax_udptl_note *note, gboolean found);

/* An RTP packet of a G.711 pass-through call (audio-fax.c). */
void fax_frames_add_rtp(guint32 frame, const fax_udptl_note *note);

/* Every pass: the frame's record, or NULL.  A compact entry is expanded into
 * *scratch. */
const fax_frame_rec *fax_frames_get(guint32 frame, fax_frame_rec *scratch);

#endif
