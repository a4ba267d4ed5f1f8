/* t30-fif.c: T.30 facsimile information fields (T.30 5.3.6.2, Table 2):
 * DIS/DTC/DCS capabilities and settings, CSI/TSI/CIG identities, NSF T.35
 * country codes.  Bit n of Table 2 is bit (n-1)%8 of FIF octet (n-1)/8,
 * counted from the most significant bit, because T.38 HDLC data carries the
 * first transmitted bit of each octet in its MSB (same masks as Wireshark's
 * packet-t30.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <stdio.h>

#include "t30-fif.h"
#include "t30-fcf.h"

/* Table 2 bit n (1-based) of a FIF, FALSE when the octet is absent */
static gboolean
fif_bit(const guint8 *fif, guint len, guint n)
{
    guint idx = (n - 1) / 8;
    if (fif == NULL || n == 0 || idx >= len)
        return FALSE;
    return (fif[idx] & (0x80u >> ((n - 1) % 8))) != 0;
}

/* T.30 Table 2, bits 11-14 in a DIS/DTC (modems offered) */
static void
dis_rate(t30_caps *c, guint code)
{
    switch (code) {
    case 0x0: c->v27ter = TRUE; c->max_rate = 2400; break;  /* V.27 ter fall-back */
    case 0x4: c->v27ter = TRUE; c->max_rate = 4800; break;
    case 0x8: c->v29 = TRUE; c->max_rate = 9600; break;
    case 0xC: c->v27ter = c->v29 = TRUE; c->max_rate = 9600; break;
    case 0xD: c->v27ter = c->v29 = c->v17 = TRUE; c->max_rate = 14400; break;
    default:  c->reserved_bits = TRUE; break;            /* not used / invalid */
    }
}

/* T.30 Table 2, bits 11-14 in a DCS (modem chosen); 0x2/0x6 are the V.33
 * codes of earlier editions. */
static void
dcs_rate(t30_caps *c, guint code)
{
    switch (code) {
    case 0x0: c->modem = FAX_MODEM_V27_2400;  break;
    case 0x4: c->modem = FAX_MODEM_V27_4800;  break;
    case 0xC: c->modem = FAX_MODEM_V29_7200;  break;
    case 0x8: c->modem = FAX_MODEM_V29_9600;  break;
    case 0xD: c->modem = FAX_MODEM_V17_7200;  break;
    case 0x9: c->modem = FAX_MODEM_V17_9600;  break;
    case 0x5: c->modem = FAX_MODEM_V17_12000; break;
    case 0x1: c->modem = FAX_MODEM_V17_14400; break;
    case 0x6: c->modem = FAX_MODEM_V33_12000; break;
    case 0x2: c->modem = FAX_MODEM_V33_14400; break;
    default:  c->reserved_bits = TRUE; c->modem = FAX_MODEM_NONE; break;
    }
    switch (c->modem) {
    case FAX_MODEM_V27_2400:  c->v27ter = TRUE; c->max_rate = 2400;  break;
    case FAX_MODEM_V27_4800:  c->v27ter = TRUE; c->max_rate = 4800;  break;
    case FAX_MODEM_V29_7200:  c->v29 = TRUE;    c->max_rate = 7200;  break;
    case FAX_MODEM_V29_9600:  c->v29 = TRUE;    c->max_rate = 9600;  break;
    case FAX_MODEM_V17_7200:  c->v17 = TRUE;    c->max_rate = 7200;  break;
    case FAX_MODEM_V17_9600:  c->v17 = TRUE;    c->max_rate = 9600;  break;
    case FAX_MODEM_V17_12000: c->v17 = TRUE;    c->max_rate = 12000; break;
    case FAX_MODEM_V17_14400: c->v17 = TRUE;    c->max_rate = 14400; break;
    case FAX_MODEM_V33_12000: c->v33 = TRUE;    c->max_rate = 12000; break;
    case FAX_MODEM_V33_14400: c->v33 = TRUE;    c->max_rate = 14400; break;
    default: break;
    }
}

void
t30_caps_decode(const guint8 *fif, guint len, gboolean is_dcs, t30_caps *out)
{
    guint n_used;   /* octets covered by the extension bits */
    guint code;

    if (out == NULL)
        return;
    memset(out, 0, sizeof(*out));
    out->is_dcs = is_dcs;
    out->modem = FAX_MODEM_NONE;
    out->n_octets = (guint8)MIN(len, 255u);
    out->width_mm = 215;
    if (fif == NULL || len < 3)
        return;
    out->valid = TRUE;

    /* T.30 Table 2: octets past the third are present only while the
     * extend bit (last bit of the previous octet) is set. */
    n_used = 3;
    while (n_used < len && (fif[n_used - 1] & 0x01))
        n_used++;
    len = n_used;

    /* bits 1-8: 2, 5 and 8 are reserved */
    if (fif[0] & (0x40 | 0x08 | 0x01))
        out->reserved_bits = TRUE;
    if (!is_dcs)
        out->v34 = fif_bit(fif, len, 6);          /* V.8 capabilities */

    /* bits 9-16 */
    code = (fif[1] >> 2) & 0x0F;                  /* bits 11-14 */
    if (is_dcs)
        dcs_rate(out, code);
    else
        dis_rate(out, code);
    out->fine = fif_bit(fif, len, 15);
    out->mr_2d = fif_bit(fif, len, 16);

    /* bits 17-24: width, length, minimum scan line time */
    switch ((fif[2] >> 6) & 0x03) {
    case 0: out->width_mm = 215; break;
    case 1: out->width_mm = 303; break;          /* DIS: A4, B4 and A3 */
    case 2: out->width_mm = 255; break;          /* DIS: A4 and B4 */
    default: out->reserved_bits = TRUE; break;
    }
    switch ((fif[2] >> 4) & 0x03) {
    case 0: out->length = 0; break;              /* A4 */
    case 1: out->length = 2; break;              /* unlimited */
    case 2: out->length = 1; break;              /* B4 (DIS: A4 and B4) */
    default: out->reserved_bits = TRUE; break;
    }
    out->min_scan_time = (guint8)((fif[2] >> 1) & 0x07);

    /* bits 25-32 */
    if (len > 3) {
        if (fif[3] & (0x80 | 0x08 | 0x04))       /* bits 25, 29, 30 */
            out->reserved_bits = TRUE;
        out->uncompressed = fif_bit(fif, len, 26);
        out->ecm = fif_bit(fif, len, 27);
        out->ecm_64 = is_dcs && out->ecm && fif_bit(fif, len, 28);
        out->t6_mmr = fif_bit(fif, len, 31);
    }
    out->jbig = fif_bit(fif, len, 36)            /* T.43 */
             || fif_bit(fif, len, 78);           /* T.85 */
    out->superfine = fif_bit(fif, len, 41)       /* R8 x 15.4 lines/mm */
                  || fif_bit(fif, len, 43);      /* R16 x 15.4 / 400x400 */
    out->jpeg = fif_bit(fif, len, 68);
    out->color = fif_bit(fif, len, 69);          /* full colour mode */
}

void
t30_caps_format(const t30_caps *c, char *buf, gsize bufsize)
{
    GString *s;
    const char *modem = NULL;

    if (buf == NULL || bufsize == 0)
        return;
    buf[0] = '\0';
    if (c == NULL || !c->valid) {
        g_strlcpy(buf, "invalid", bufsize);
        return;
    }
    s = g_string_new(NULL);
    if (c->is_dcs) {
        if (c->v17) modem = "V.17";
        else if (c->v33) modem = "V.33";
        else if (c->v29) modem = "V.29";
        else if (c->v27ter) modem = "V.27ter";
    } else {
        if (c->v17) modem = "V.17";
        else if (c->v29) modem = "V.29";
        else if (c->v27ter) modem = "V.27ter";
    }
    if (modem)
        g_string_append_printf(s, "%s %u", modem, c->max_rate);
    else
        g_string_append(s, "rate ?");
    if (!c->is_dcs && c->v34)
        g_string_append(s, ", V.8");
    if (c->ecm)
        g_string_append(s, c->ecm_64 ? ", ECM-64" : ", ECM");
    if (c->superfine)
        g_string_append(s, ", superfine");
    else if (c->fine)
        g_string_append(s, ", fine");
    if (c->width_mm == 255)
        g_string_append(s, ", B4");
    else if (c->width_mm == 303)
        g_string_append(s, ", A3");
    else
        g_string_append(s, ", A4");
    if (c->t6_mmr)
        g_string_append(s, ", MMR");
    else if (c->mr_2d)
        g_string_append(s, ", MR");
    if (c->jbig)
        g_string_append(s, ", JBIG");
    if (c->jpeg)
        g_string_append(s, ", JPEG");
    if (c->color)
        g_string_append(s, ", colour");
    if (c->reserved_bits)
        g_string_append(s, ", reserved bits set");
    g_strlcpy(buf, s->str, bufsize);
    g_string_free(s, TRUE);
}

void
t30_ident_decode(const guint8 *fif, guint len, char *buf, gsize bufsize)
{
    char tmp[21];
    guint n, i, start, end, out;

    if (buf == NULL || bufsize == 0)
        return;
    buf[0] = '\0';
    if (fif == NULL)
        return;
    /* T.30 5.3.6.2.4: 20 characters (T.50), last character first; each
     * octet bit-reversed in T.38 order.  NUL is taken as padding. */
    n = MIN(len, 20u);
    for (i = 0; i < n; i++) {
        guint8 ch = t30_bit_reverse(fif[i]);
        if (ch == 0x00)
            ch = ' ';
        else if (ch < 0x20 || ch > 0x7E)
            ch = '?';
        tmp[n - 1 - i] = (char)ch;
    }
    tmp[n] = '\0';
    start = 0;
    end = n;
    while (start < end && tmp[start] == ' ')
        start++;
    while (end > start && tmp[end - 1] == ' ')
        end--;
    out = 0;
    for (i = start; i < end && out + 1 < bufsize; i++)
        buf[out++] = tmp[i];
    buf[out] = '\0';
}

gboolean
t30_nsf_decode(const guint8 *fif, guint len, guint8 *country,
               guint16 *vendor, gboolean *vendor_valid)
{
    guint off = 1;
    guint8 cc;

    if (vendor_valid)
        *vendor_valid = FALSE;
    if (vendor)
        *vendor = 0;
    if (fif == NULL || len < 1)
        return FALSE;
    /* T.35 octets travel least significant bit first, like the digits */
    cc = t30_bit_reverse(fif[0]);
    if (cc == 0xFF && len >= 2) {   /* T.35: country code extension */
        off = 2;
    }
    if (country)
        *country = cc;
    if (len >= off + 2) {
        if (vendor)
            *vendor = (guint16)((t30_bit_reverse(fif[off]) << 8)
                                | t30_bit_reverse(fif[off + 1]));
        if (vendor_valid)
            *vendor_valid = TRUE;
    }
    return TRUE;
}

typedef struct {
    guint8      code;
    const char *name;
} t35_country;

/* ITU-T T.35 Annex A, the countries most often seen in NSF frames */
static const t35_country t35_countries[] = {
    { 0x00, "Japan" },          { 0x04, "Germany" },
    { 0x07, "Argentina" },      { 0x09, "Australia" },
    { 0x0A, "Austria" },        { 0x0F, "Belgium" },
    { 0x16, "Brazil" },         { 0x20, "Canada" },
    { 0x26, "China" },          { 0x31, "Denmark" },
    { 0x3C, "Finland" },        { 0x3D, "France" },
    { 0x42, "Germany" },        { 0x50, "Hong Kong" },
    { 0x53, "India" },          { 0x57, "Ireland" },
    { 0x58, "Israel" },         { 0x59, "Italy" },
    { 0x61, "Korea" },          { 0x73, "Mexico" },
    { 0x7B, "Netherlands" },    { 0x7E, "New Zealand" },
    { 0x82, "Norway" },         { 0x8A, "Poland" },
    { 0x8B, "Portugal" },       { 0x9C, "Singapore" },
    { 0x9F, "South Africa" },   { 0xA0, "Spain" },
    { 0xA5, "Sweden" },         { 0xA6, "Switzerland" },
    { 0xAE, "Turkey" },         { 0xB3, "United Arab Emirates" },
    { 0xB4, "United Kingdom" }, { 0xB5, "United States" },
    { 0xCC, "Taiwan" },
};

const char *
t30_country_name(guint8 t35_country_code)
{
    gsize i;
    for (i = 0; i < G_N_ELEMENTS(t35_countries); i++)
        if (t35_countries[i].code == t35_country_code)
            return t35_countries[i].name;
    return NULL;
}
