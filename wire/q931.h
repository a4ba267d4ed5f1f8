/* q931.h: the H.225.0 call signalling facts faxcalls reads (ITU-T H.225.0
 * clause 7: Q.931 messages in TPKT, RFC 1006, over TCP): message type, call
 * reference, calling and called party numbers, display, cause.  The H.225
 * user-user information (PER) is not decoded here.  No Wireshark include;
 * bounds-checked; strings NUL-terminated, printable ASCII only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef Q931_H
#define Q931_H

#include <glib.h>
#include "wire-status.h"

G_BEGIN_DECLS

/* Q.931 4.4, Table 4-2 (the messages H.225.0 7.3 uses) */
#define Q931_ALERTING          0x01
#define Q931_CALL_PROCEEDING   0x02
#define Q931_PROGRESS          0x03
#define Q931_SETUP             0x05
#define Q931_CONNECT           0x07
#define Q931_SETUP_ACK         0x0d
#define Q931_RELEASE_COMPLETE  0x5a
#define Q931_FACILITY          0x62
#define Q931_NOTIFY            0x6e
#define Q931_STATUS            0x7d
#define Q931_INFORMATION       0x7b

typedef struct {
    guint8   msg_type;
    guint16  call_ref;          /* call reference value, flag bit removed */
    gboolean from_destination;  /* Q.931 4.3: flag set, sent by the side the call was set up to */
    char     calling[33];       /* Calling party number digits (IE 0x6c), "" if absent */
    char     called[33];        /* Called party number digits (IE 0x70) */
    char     display[83];       /* Display (IE 0x28) */
    guint8   cause;             /* Cause value (IE 0x08, Q.850), 0 if absent */
    gboolean has_uuie;          /* User-user (IE 0x7e): the H.225 PDU */
} q931_msg;

/* The TPKT packet at the start of buf[0..len) (RFC 1006 6: version 3,
 * reserved 0, 16-bit length including the 4-octet header).
 * WIRE_OK: *pkt_len octets hold it; WIRE_TRUNCATED: it continues past len;
 * WIRE_BAD_ENCODING: not a TPKT header. */
wire_status tpkt_frame(const guint8 *buf, guint len, guint *pkt_len);

/* A Q.931 message (protocol discriminator 0x08) in buf[0..len). */
wire_status q931_parse(const guint8 *buf, guint len, q931_msg *out);

const char *q931_msg_name(guint8 msg_type);

/* ITU-T Q.850 Table 1: the name of a cause value, or NULL when not one of
 * the usual ones. */
const char *q850_cause_name(guint8 cause);

G_END_DECLS

#endif /* Q931_H */
