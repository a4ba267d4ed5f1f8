/* t30-fif.h: T.30 Table 2 facsimile information fields: DIS/DTC/DCS bits,
 * identities (CSI/TSI/CIG), NSF country/vendor.  Bounds-checked readers only.
 *
 * FIF octets are taken as they travel in T.38 HDLC data (see fax-types.h);
 * T.30 Table 2 bit numbers count 1..8 in the first FIF octet, 9..16 in the
 * second, and so on, bit 1 being the first transmitted.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef T30_FIF_H
#define T30_FIF_H

#include "fax-types.h"

G_BEGIN_DECLS

/* Capabilities (DIS/DTC) or settings (DCS), decoded. */
typedef struct {
    gboolean valid;          /* at least the first 3 FIF octets were present */
    gboolean is_dcs;         /* settings, not capabilities */
    /* DIS/DTC: set of modems supported; DCS: exactly the one chosen */
    gboolean v27ter, v29, v17, v33, v34;
    guint32  max_rate;       /* DIS: highest bit/s offered; DCS: the chosen rate */
    fax_modem modem;         /* DCS: the chosen modem (FAX_MODEM_NONE for DIS) */
    gboolean ecm;            /* bit 27 */
    gboolean ecm_64;         /* bit 28 (frame size 64 octets) */
    gboolean t6_mmr;         /* bit 31 (T.6 coding) */
    gboolean mr_2d;          /* bit 16 (two-dimensional coding) */
    gboolean uncompressed;   /* bit 26 */
    gboolean fine;           /* bit 15: 7.7 lines/mm (fine) */
    gboolean superfine;      /* bit 41 */
    guint16  width_mm;       /* 215 (A4), 255 (B4), 303 (A3): bits 17-18 */
    guint16  length;         /* 0 = A4, 1 = B4, 2 = unlimited: bits 19-20 */
    guint8   min_scan_time;  /* bits 21-23 raw code */
    gboolean jbig, jpeg, color;
    gboolean reserved_bits;  /* a reserved bit was set (noted, not fatal) */
    guint8   n_octets;       /* FIF length */
} t30_caps;

/* Decode a DIS/DTC (is_dcs FALSE) or DCS FIF.  Never reads past len. */
void t30_caps_decode(const guint8 *fif, guint len, gboolean is_dcs, t30_caps *out);

/* Short human form: "V.17 14400, ECM, fine, A4, MR". */
void t30_caps_format(const t30_caps *c, char *buf, gsize bufsize);

/* CSI/TSI/CIG: 20 digits sent last-digit-first (T.30 5.3.6.2.4); returns the
 * printable identity, trimmed of spaces; non-printables become '?'.  buf gets
 * at most bufsize-1 characters. */
void t30_ident_decode(const guint8 *fif, guint len, char *buf, gsize bufsize);

/* NSF (T.30 5.3.6.2.7): T.35 country code and provider code. */
gboolean t30_nsf_decode(const guint8 *fif, guint len, guint8 *country,
                        guint16 *vendor, gboolean *vendor_valid);
const char *t30_country_name(guint8 t35_country);  /* NULL if unknown */

G_END_DECLS

#endif /* T30_FIF_H */
