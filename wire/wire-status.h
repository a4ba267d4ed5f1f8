/* wire-status.h: what a wire decoder (UDPTL/IFP, SIP, SDP) says of its
 * input.  Errors are values: no decoder longjmps, aborts or exits.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef WIRE_STATUS_H
#define WIRE_STATUS_H

typedef enum {
    WIRE_OK = 0,
    WIRE_TRUNCATED,        /* ran out of bytes */
    WIRE_BAD_ENCODING      /* a value that the ASN.1 does not allow */
} wire_status;

#endif /* WIRE_STATUS_H */
