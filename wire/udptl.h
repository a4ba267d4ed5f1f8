/* udptl.h: UDPTL (T.38 clause 9.1) and IFP (T.38 Annex A, ASN.1 PER aligned)
 * decoding from raw UDP payload bytes.  No Wireshark include.  Every read is
 * bounds-checked; nothing here allocates: pointers point into the input.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef UDPTL_H
#define UDPTL_H

#include <glib.h>
#include "wire-status.h"

G_BEGIN_DECLS

#define IFP_MAX_FIELDS      16
#define UDPTL_MAX_SECONDARY 16
#define UDPTL_MAX_FEC       16

/* T.38 Annex A Data-Field field-type, in enumeration order. */
typedef enum {
    IFP_FIELD_HDLC_DATA = 0,
    IFP_FIELD_HDLC_SIG_END,
    IFP_FIELD_HDLC_FCS_OK,
    IFP_FIELD_HDLC_FCS_BAD,
    IFP_FIELD_HDLC_FCS_OK_SIG_END,
    IFP_FIELD_HDLC_FCS_BAD_SIG_END,
    IFP_FIELD_T4_NON_ECM_DATA,
    IFP_FIELD_T4_NON_ECM_SIG_END,
    /* extensions (T.38 2002, post-corrigendum only) */
    IFP_FIELD_CM_MESSAGE,
    IFP_FIELD_JM_MESSAGE,
    IFP_FIELD_CI_MESSAGE,
    IFP_FIELD_V34RATE,
    IFP_FIELD_COUNT
} ifp_field_type;

typedef struct {
    ifp_field_type type;
    const guint8  *data;   /* NULL when field-data is absent */
    guint          len;
} ifp_field;

/* Which ASN.1 of T.38 the sender used: Wireshark decodes the
 * pre-corrigendum one by default (preference
 * t38.use_pre_corrigendum_asn1_specification). */
typedef enum {
    IFP_ASN1_PRE_CORRIGENDUM = 0,
    IFP_ASN1_POST_CORRIGENDUM = 1
} ifp_asn1;

typedef struct {
    gboolean  is_data;      /* t30-data (TRUE) or t30-indicator (FALSE) */
    guint     value;        /* fax_indicator or fax_modem value */
    guint     n_fields;
    ifp_field fields[IFP_MAX_FIELDS];
    gboolean  fields_truncated;  /* more than IFP_MAX_FIELDS in the packet */
} ifp_packet;

/* Decode one IFP packet (T.38 Annex A IFPPacket) encoded with variant v.
 * On success *consumed (if not NULL) is the number of octets used. */
wire_status ifp_decode(const guint8 *buf, guint len, ifp_asn1 v,
                       ifp_packet *out, guint *consumed);

typedef enum {
    UDPTL_EC_REDUNDANCY = 0,   /* secondary-ifp-packets */
    UDPTL_EC_FEC = 1           /* fec-info */
} udptl_ec;

typedef struct {
    const guint8 *buf;
    guint         len;
} udptl_blob;

typedef struct {
    guint16    seq;                    /* seq-number */
    udptl_blob primary;                /* primary-ifp-packet (open type contents) */
    udptl_ec   ec;
    guint      n_secondary;            /* redundancy: secondary[0] is seq-1, [1] seq-2 ... */
    udptl_blob secondary[UDPTL_MAX_SECONDARY];
    guint      fec_npackets;           /* FEC: packets covered by each FEC entry */
    guint      n_fec;
    udptl_blob fec[UDPTL_MAX_FEC];
    gboolean   truncated_lists;        /* more entries than the caps above */
} udptl_packet;

/* Decode the UDPTLPacket framing (T.38 9.1 / Annex A). */
wire_status udptl_decode(const guint8 *buf, guint len, udptl_packet *out);

/* Cheap structural check for discovery: does this payload decode as UDPTL
 * whose primary IFP decodes in either ASN.1 variant? */
gboolean udptl_plausible(const guint8 *buf, guint len);

const char *ifp_field_type_name(ifp_field_type t);

G_END_DECLS

#endif /* UDPTL_H */
