/* q931.c: Q.931 messages of H.225.0 call signalling in TPKT (see q931.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "q931.h"

#include <string.h>

#define Q931_PD              0x08   /* Q.931 4.2 protocol discriminator */
#define IE_CAUSE             0x08
#define IE_DISPLAY           0x28
#define IE_CALLING_NUMBER    0x6c
#define IE_CALLED_NUMBER     0x70
#define IE_USER_USER         0x7e

wire_status
tpkt_frame(const guint8 *buf, guint len, guint *pkt_len)
{
    if (len < 1)
        return WIRE_TRUNCATED;
    if (buf[0] != 3)
        return WIRE_BAD_ENCODING;
    if (len < 2)
        return WIRE_TRUNCATED;
    if (buf[1] != 0)
        return WIRE_BAD_ENCODING;
    if (len < 4)
        return WIRE_TRUNCATED;
    guint n = ((guint)buf[2] << 8) | buf[3];
    if (n < 4 + 3)                  /* the header and a minimal Q.931 message */
        return WIRE_BAD_ENCODING;
    if (n > len)
        return WIRE_TRUNCATED;
    *pkt_len = n;
    return WIRE_OK;
}

/* Printable ASCII of s[0..n) into dst[size]. */
static void
copy_ia5(char *dst, gsize size, const guint8 *s, guint n)
{
    gsize o = 0;
    for (guint i = 0; i < n && o + 1 < size; i++)
        if (s[i] >= 0x20 && s[i] < 0x7f)
            dst[o++] = (char)s[i];
    dst[o] = '\0';
}

/* Q.931 4.5.8 / 4.5.10: octet 3 (type of number, numbering plan), octet 3a
 * when its extension bit is 0 (presentation, screening), then IA5 digits. */
static void
party_number(char *dst, gsize size, const guint8 *v, guint n)
{
    guint i = 0;
    if (i < n && !(v[i++] & 0x80))
        i++;
    copy_ia5(dst, size, v + (i < n ? i : n), i < n ? n - i : 0);
}

/* Q.931 4.5.12: octet 3 (coding, location), octet 3a if extended, then
 * the cause value octet (extension bit set). */
static guint8
cause_value(const guint8 *v, guint n)
{
    guint i = 0;
    if (i < n && !(v[i++] & 0x80))
        i++;
    return i < n ? v[i] & 0x7f : 0;
}

wire_status
q931_parse(const guint8 *buf, guint len, q931_msg *out)
{
    memset(out, 0, sizeof *out);
    if (len < 3)
        return WIRE_TRUNCATED;
    if (buf[0] != Q931_PD)
        return WIRE_BAD_ENCODING;
    guint crl = buf[1] & 0x0f;      /* Q.931 4.3: call reference length */
    if (crl > 2)
        return WIRE_BAD_ENCODING;
    if (len < 2 + crl + 1)
        return WIRE_TRUNCATED;
    if (crl > 0) {
        out->from_destination = (buf[2] & 0x80) != 0;
        out->call_ref = buf[2] & 0x7f;
        if (crl == 2)
            out->call_ref = (guint16)((out->call_ref << 8) | buf[3]);
    }
    guint pos = 2 + crl;
    out->msg_type = buf[pos++] & 0x7f;
    /* Q.931 4.5.1: single-octet IEs have bit 8 set; others id, length,
     * contents.  H.225.0 7.2.2.1: the user-user IE has a 2-octet length.
     * 4.5.3/4.5.4: a shift (1001 xnnn) moves to codeset nnn, locking (x=0)
     * or for the next IE only (x=1); only codeset 0 IEs are read here. */
    guint codeset = 0, next_codeset = 0;
    while (pos < len) {
        guint8 id = buf[pos++];
        guint cs = next_codeset;
        next_codeset = codeset;
        if (id & 0x80) {
            if ((id & 0xf0) == 0x90) {
                if (id & 0x08)
                    next_codeset = id & 0x07;
                else
                    codeset = next_codeset = id & 0x07;
            }
            continue;
        }
        guint n;
        if (id == IE_USER_USER) {
            if (pos + 2 > len)
                return WIRE_TRUNCATED;
            n = ((guint)buf[pos] << 8) | buf[pos + 1];
            pos += 2;
        } else {
            if (pos + 1 > len)
                return WIRE_TRUNCATED;
            n = buf[pos++];
        }
        if (n > len - pos)
            return WIRE_TRUNCATED;
        const guint8 *v = buf + pos;
        switch (cs == 0 ? id : 0) {
        case IE_CALLING_NUMBER: party_number(out->calling, sizeof out->calling, v, n); break;
        case IE_CALLED_NUMBER:  party_number(out->called, sizeof out->called, v, n); break;
        case IE_DISPLAY:        copy_ia5(out->display, sizeof out->display, v, n); break;
        case IE_CAUSE:          out->cause = cause_value(v, n); break;
        case IE_USER_USER:      out->has_uuie = TRUE; break;
        default: break;
        }
        pos += n;
    }
    return WIRE_OK;
}

const char *
q931_msg_name(guint8 t)
{
    switch (t) {
    case Q931_ALERTING:         return "Alerting";
    case Q931_CALL_PROCEEDING:  return "Call Proceeding";
    case Q931_PROGRESS:         return "Progress";
    case Q931_SETUP:            return "Setup";
    case Q931_CONNECT:          return "Connect";
    case Q931_SETUP_ACK:        return "Setup Acknowledge";
    case Q931_RELEASE_COMPLETE: return "Release Complete";
    case Q931_FACILITY:         return "Facility";
    case Q931_NOTIFY:           return "Notify";
    case Q931_STATUS:           return "Status";
    case Q931_INFORMATION:      return "Information";
    default:                    return "other";
    }
}

const char *
q850_cause_name(guint8 cause)
{
    switch (cause) {
    case 1:   return "unallocated number";
    case 16:  return "normal call clearing";
    case 17:  return "user busy";
    case 18:  return "no user responding";
    case 19:  return "no answer from user";
    case 21:  return "call rejected";
    case 27:  return "destination out of order";
    case 28:  return "invalid number format";
    case 31:  return "normal, unspecified";
    case 34:  return "no circuit/channel available";
    case 38:  return "network out of order";
    case 41:  return "temporary failure";
    case 42:  return "switching equipment congestion";
    case 44:  return "requested circuit/channel not available";
    case 47:  return "resource unavailable, unspecified";
    case 58:  return "bearer capability not presently available";
    case 63:  return "service or option not available";
    case 65:  return "bearer capability not implemented";
    case 79:  return "service or option not implemented";
    case 88:  return "incompatible destination";
    case 102: return "recovery on timer expiry";
    case 111: return "protocol error, unspecified";
    case 127: return "interworking, unspecified";
    default:  return NULL;
    }
}
