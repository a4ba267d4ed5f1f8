/* udptl.c: UDPTL (T.38 clause 9.1) and IFP (T.38 Annex A) decoding, ASN.1
 * PER aligned variant (X.691), from raw UDP payload bytes.
 *
 * Every read goes through the bit reader below, which never reads past the
 * length it was given.  Nothing allocates; decoded blobs point into the input.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "udptl.h"

#include <string.h>

/* T.38 (2002) Annex A: values known per enumeration, root + extensions.
 * (The same counts as FAX_IND_COUNT / FAX_MODEM_COUNT in model/fax-types.h;
 * wire/ does not depend on model/.) */
#define T30_INDICATOR_VALUES 23
#define T30_DATA_VALUES      15

/* ---- bounds-checked PER bit reader ---------------------------------- */

typedef struct {
    const guint8 *buf;
    guint         len;     /* octets */
    guint64       bit;     /* next bit to read, 0 = MSB of buf[0] */
} per_reader;

static void
per_init(per_reader *r, const guint8 *buf, guint len)
{
    r->buf = buf;
    r->len = buf ? len : 0;
    r->bit = 0;
}

static guint64
per_bits_left(const per_reader *r)
{
    guint64 total = (guint64)r->len * 8;
    return r->bit >= total ? 0 : total - r->bit;
}

/* Read n (<= 16) bits, MSB first. */
static wire_status
per_bits(per_reader *r, guint n, guint *val)
{
    guint v = 0;

    if (per_bits_left(r) < n)
        return WIRE_TRUNCATED;
    for (guint i = 0; i < n; i++) {
        guint64 b = r->bit + i;
        v = (v << 1) | ((r->buf[b >> 3] >> (7 - (b & 7))) & 1u);
    }
    r->bit += n;
    *val = v;
    return WIRE_OK;
}

/* X.691 10.x: aligned variant, octet-align before lengths and octet strings. */
static void
per_align(per_reader *r)
{
    r->bit = (r->bit + 7) & ~(guint64)7;
}

static guint
per_octet_pos(const per_reader *r)
{
    return (guint)((r->bit + 7) >> 3);
}

/* Take n aligned octets, returning a pointer into the buffer. */
static wire_status
per_octets(per_reader *r, guint n, const guint8 **p)
{
    per_align(r);
    if (per_bits_left(r) < (guint64)n * 8)
        return WIRE_TRUNCATED;
    *p = r->buf + (r->bit >> 3);
    r->bit += (guint64)n * 8;
    return WIRE_OK;
}

/* X.691 10.9.3.5-10.9.3.8: unconstrained length determinant.  Short form
 * (< 128) and long form (< 16384); the fragmented form (11xxxxxx) is never
 * needed by T.38 over UDP and is reported as a bad encoding. */
static wire_status
per_length(per_reader *r, guint *n)
{
    guint b0, b1;
    wire_status st;

    per_align(r);
    if ((st = per_bits(r, 8, &b0)) != WIRE_OK)
        return st;
    if ((b0 & 0x80) == 0) {
        *n = b0;
        return WIRE_OK;
    }
    if ((b0 & 0x40) != 0)
        return WIRE_BAD_ENCODING;  /* fragmented: not followed */
    if ((st = per_bits(r, 8, &b1)) != WIRE_OK)
        return st;
    *n = ((b0 & 0x3F) << 8) | b1;
    return WIRE_OK;
}

/* Open type / unconstrained OCTET STRING: length + octets. */
static wire_status
per_blob(per_reader *r, udptl_blob *out)
{
    guint n;
    wire_status st;
    const guint8 *p = NULL;

    if ((st = per_length(r, &n)) != WIRE_OK)
        return st;
    if ((st = per_octets(r, n, &p)) != WIRE_OK)
        return st;
    if (out) {
        out->buf = n ? p : NULL;
        out->len = n;
    }
    return WIRE_OK;
}

/* ENUMERATED with an extension marker (X.691 13.3): one extension bit, then
 * either root_bits of root index, or a normally small non-negative whole
 * number (X.691 10.6) added to n_root.  Values >= limit are rejected. */
static wire_status
per_enum_ext(per_reader *r, guint root_bits, guint n_root, guint limit,
             guint *val)
{
    guint ext, v, big;
    wire_status st;

    if ((st = per_bits(r, 1, &ext)) != WIRE_OK)
        return st;
    if (!ext) {
        if ((st = per_bits(r, root_bits, &v)) != WIRE_OK)
            return st;
        if (v >= n_root)
            return WIRE_BAD_ENCODING;
        *val = v;
        return WIRE_OK;
    }
    if ((st = per_bits(r, 1, &big)) != WIRE_OK)
        return st;
    if (big)
        return WIRE_BAD_ENCODING;  /* >= 64 extension values: none defined */
    if ((st = per_bits(r, 6, &v)) != WIRE_OK)
        return st;
    if (n_root + v >= limit)
        return WIRE_BAD_ENCODING;  /* an extension this T.38 does not know */
    *val = n_root + v;
    return WIRE_OK;
}

/* ---- IFP (T.38 Annex A IFPPacket) ----------------------------------- */

/* T.38 Annex A Data-Field field-type.  The 1998 ASN.1 (pre-corrigendum)
 * has no extension marker: 3 bits.  The corrected ASN.1 (T.38 2002,
 * post-corrigendum) has "...": one extension bit, then 3 bits or a normally
 * small number for cm-message .. v34rate.  This is exactly what Wireshark's
 * t38.use_pre_corrigendum_asn1_specification switches. */
static wire_status
ifp_field_type_read(per_reader *r, ifp_asn1 v, guint *type)
{
    if (v == IFP_ASN1_PRE_CORRIGENDUM)
        return per_bits(r, 3, type);
    return per_enum_ext(r, 3, 8, IFP_FIELD_COUNT, type);
}

wire_status
ifp_decode(const guint8 *buf, guint len, ifp_asn1 v,
           ifp_packet *out, guint *consumed)
{
    per_reader r;
    guint present, choice, value, count;
    wire_status st;

    if (!out)
        return WIRE_BAD_ENCODING;
    memset(out, 0, sizeof *out);
    if (consumed)
        *consumed = 0;
    per_init(&r, buf, len);

    /* IFPPacket SEQUENCE preamble: data-field OPTIONAL */
    if ((st = per_bits(&r, 1, &present)) != WIRE_OK)
        return st;
    /* Type-of-msg CHOICE, two alternatives: 1 bit */
    if ((st = per_bits(&r, 1, &choice)) != WIRE_OK)
        return st;
    if (choice == 0) {
        /* t30-indicator: 16 root values (4 bits), extensible */
        st = per_enum_ext(&r, 4, 16, T30_INDICATOR_VALUES, &value);
    } else {
        /* t30-data: 9 root values (4 bits), extensible */
        st = per_enum_ext(&r, 4, 9, T30_DATA_VALUES, &value);
    }
    if (st != WIRE_OK)
        return st;
    out->is_data = choice != 0;
    out->value = value;

    if (present) {
        /* Data-Field: SEQUENCE OF, unconstrained count */
        if ((st = per_length(&r, &count)) != WIRE_OK)
            return st;
        for (guint i = 0; i < count; i++) {
            guint fd_present, type, n = 0;
            const guint8 *p = NULL;

            if ((st = per_bits(&r, 1, &fd_present)) != WIRE_OK)
                return st;
            if ((st = ifp_field_type_read(&r, v, &type)) != WIRE_OK)
                return st;
            if (fd_present) {
                /* field-data OCTET STRING (SIZE (1..65535)): the length is a
                 * constrained whole number, 16 bits aligned, minus 1. */
                per_align(&r);
                if ((st = per_bits(&r, 16, &n)) != WIRE_OK)
                    return st;
                n += 1;
                if ((st = per_octets(&r, n, &p)) != WIRE_OK)
                    return st;
            }
            if (out->n_fields < IFP_MAX_FIELDS) {
                ifp_field *f = &out->fields[out->n_fields++];
                f->type = (ifp_field_type)type;
                f->data = fd_present ? p : NULL;
                f->len = fd_present ? n : 0;
            } else {
                out->fields_truncated = TRUE;
            }
        }
    }
    if (consumed)
        *consumed = per_octet_pos(&r);
    return WIRE_OK;
}

/* ---- UDPTLPacket (T.38 9.1, Annex A) -------------------------------- */

wire_status
udptl_decode(const guint8 *buf, guint len, udptl_packet *out)
{
    per_reader r;
    guint seq, choice, count;
    wire_status st;

    if (!out)
        return WIRE_BAD_ENCODING;
    memset(out, 0, sizeof *out);
    per_init(&r, buf, len);

    /* seq-number INTEGER (0..65535): 16 bits aligned */
    if ((st = per_bits(&r, 16, &seq)) != WIRE_OK)
        return st;
    out->seq = (guint16)seq;

    /* primary-ifp-packet: open type */
    if ((st = per_blob(&r, &out->primary)) != WIRE_OK)
        return st;
    if (out->primary.len == 0)
        return WIRE_BAD_ENCODING;   /* an IFPPacket is never empty */

    /* error-recovery CHOICE: 1 bit */
    if ((st = per_bits(&r, 1, &choice)) != WIRE_OK)
        return st;
    if (choice == 0) {
        out->ec = UDPTL_EC_REDUNDANCY;
        /* secondary-ifp-packets: SEQUENCE OF open type */
        if ((st = per_length(&r, &count)) != WIRE_OK)
            return st;
        for (guint i = 0; i < count; i++) {
            udptl_blob b;
            if ((st = per_blob(&r, &b)) != WIRE_OK)
                return st;
            if (out->n_secondary < UDPTL_MAX_SECONDARY)
                out->secondary[out->n_secondary++] = b;
            else
                out->truncated_lists = TRUE;
        }
    } else {
        guint nlen, np = 0;
        out->ec = UDPTL_EC_FEC;
        /* fec-npackets: unconstrained INTEGER, length + two's complement */
        if ((st = per_length(&r, &nlen)) != WIRE_OK)
            return st;
        if (nlen == 0 || nlen > 3)
            return WIRE_BAD_ENCODING;
        for (guint i = 0; i < nlen; i++) {
            guint b;
            if ((st = per_bits(&r, 8, &b)) != WIRE_OK)
                return st;
            if (i == 0 && (b & 0x80))
                return WIRE_BAD_ENCODING;  /* negative */
            np = (np << 8) | b;
        }
        out->fec_npackets = np;
        /* fec-data: SEQUENCE OF OCTET STRING */
        if ((st = per_length(&r, &count)) != WIRE_OK)
            return st;
        for (guint i = 0; i < count; i++) {
            udptl_blob b;
            if ((st = per_blob(&r, &b)) != WIRE_OK)
                return st;
            if (out->n_fec < UDPTL_MAX_FEC)
                out->fec[out->n_fec++] = b;
            else
                out->truncated_lists = TRUE;
        }
    }
    /* A UDPTL datagram holds exactly one UDPTLPacket. */
    if (per_octet_pos(&r) != len)
        return WIRE_BAD_ENCODING;
    return WIRE_OK;
}

/* An IFP that decodes completely in variant v and says something a T.38
 * endpoint would say. */
static gboolean
ifp_sane(const guint8 *buf, guint len, ifp_asn1 v)
{
    ifp_packet ifp;
    guint used = 0;

    if (ifp_decode(buf, len, v, &ifp, &used) != WIRE_OK || used != len)
        return FALSE;
    if (!ifp.is_data)
        return ifp.n_fields == 0;        /* indicators carry no data field */
    if (ifp.n_fields == 0 || ifp.fields_truncated)
        return FALSE;
    for (guint i = 0; i < ifp.n_fields; i++) {
        const ifp_field *f = &ifp.fields[i];
        if ((f->type == IFP_FIELD_HDLC_DATA || f->type == IFP_FIELD_T4_NON_ECM_DATA)
            && f->data == NULL)
            return FALSE;
    }
    return TRUE;
}

gboolean
udptl_plausible(const guint8 *buf, guint len)
{
    udptl_packet u;

    if (udptl_decode(buf, len, &u) != WIRE_OK || u.truncated_lists)
        return FALSE;
    if (!ifp_sane(u.primary.buf, u.primary.len, IFP_ASN1_PRE_CORRIGENDUM)
        && !ifp_sane(u.primary.buf, u.primary.len, IFP_ASN1_POST_CORRIGENDUM))
        return FALSE;
    if (u.ec == UDPTL_EC_REDUNDANCY) {
        for (guint i = 0; i < u.n_secondary; i++) {
            const udptl_blob *b = &u.secondary[i];
            if (b->len == 0)
                return FALSE;
            if (!ifp_sane(b->buf, b->len, IFP_ASN1_PRE_CORRIGENDUM)
                && !ifp_sane(b->buf, b->len, IFP_ASN1_POST_CORRIGENDUM))
                return FALSE;
        }
    } else if (u.fec_npackets == 0 && u.n_fec > 0) {
        return FALSE;
    }
    return TRUE;
}

const char *
ifp_field_type_name(ifp_field_type t)
{
    static const char *const names[IFP_FIELD_COUNT] = {
        "hdlc-data", "hdlc-sig-end", "hdlc-fcs-OK", "hdlc-fcs-BAD",
        "hdlc-fcs-OK-sig-end", "hdlc-fcs-BAD-sig-end",
        "t4-non-ecm-data", "t4-non-ecm-sig-end",
        "cm-message", "jm-message", "ci-message", "v34rate",
    };
    if ((guint)t < IFP_FIELD_COUNT)
        return names[t];
    return "unknown";
}
