/* test-t30-fif.c: T.30 Table 2 decoding (DIS/DTC/DCS), identities, NSF and
 * the FCF table, with frames taken from real captures:
 *   t38faxcap-sample.pcap (minektur/t38faxcap): CSI "Fax", DIS, DCS V.17 14400
 *   nrusso-fax_t38_h323_ogw.pcapng: NSF, CSI "1007", DIS, DCS V.29 9600 ECM
 * (FIF octets only: address, control and FCF removed.)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "t30-fif.h"
#include "t30-session.h"
#include "t30-fcf.h"

static const guint8 dis_sample[] = { 0x20, 0x77, 0x1f, 0x23, 0x01, 0x89, 0x01, 0x01, 0x01, 0x18 };
static const guint8 dcs_sample[] = { 0x00, 0x47, 0x1e };
static const guint8 dis_h323[] = { 0x00, 0x72, 0x1d, 0x21, 0x01, 0x88 };
static const guint8 dcs_h323[] = { 0x00, 0x60, 0x1f, 0x21, 0x01, 0x00 };
static const guint8 csi_sample[] = { 0x1e, 0x86, 0x62, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04,
                                     0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04 };
static const guint8 csi_h323[] = { 0xec, 0x0c, 0x0c, 0x8c, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04,
                                   0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04 };
static const guint8 nsf_h323[] = { 0xff, 0xff, 0xff, 0xff, 0xaa, 0x00, 0x11, 0x09, 0x01, 0xba, 0x00 };

static void
test_dis_real(void)
{
    t30_caps c;
    char buf[80];

    /* Wireshark: DSR "V.27 ter, V.29, and V.17", ECM, T.6, R8x15.4,
     * recording length unlimited, scan time 0 ms */
    t30_caps_decode(dis_sample, sizeof(dis_sample), FALSE, &c);
    g_assert_true(c.valid);
    g_assert_false(c.is_dcs);
    g_assert_true(c.v27ter && c.v29 && c.v17);
    g_assert_false(c.v33);
    g_assert_cmpuint(c.max_rate, ==, 14400);
    g_assert_cmpint(c.modem, ==, FAX_MODEM_NONE);
    g_assert_true(c.ecm);
    g_assert_false(c.ecm_64);
    g_assert_true(c.t6_mmr);
    g_assert_true(c.mr_2d);
    g_assert_true(c.fine);
    g_assert_true(c.superfine);
    g_assert_false(c.uncompressed);
    g_assert_cmpuint(c.width_mm, ==, 215);
    g_assert_cmpuint(c.length, ==, 2);
    g_assert_cmpuint(c.min_scan_time, ==, 7);
    g_assert_false(c.reserved_bits);
    g_assert_false(c.jpeg);
    g_assert_false(c.color);
    g_assert_cmpuint(c.n_octets, ==, 10);
    t30_caps_format(&c, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "V.17 14400, ECM, superfine, A4, MMR");

    t30_caps_decode(dis_h323, sizeof(dis_h323), FALSE, &c);
    g_assert_true(c.v27ter && c.v29);
    g_assert_false(c.v17);
    g_assert_cmpuint(c.max_rate, ==, 9600);
    g_assert_true(c.ecm);
    g_assert_false(c.t6_mmr);
    g_assert_cmpuint(c.length, ==, 2);
    g_assert_cmpuint(c.min_scan_time, ==, 6);
}

static void
test_dcs_real(void)
{
    t30_caps c;
    char buf[80];

    t30_caps_decode(dcs_sample, sizeof(dcs_sample), TRUE, &c);
    g_assert_true(c.valid);
    g_assert_true(c.is_dcs);
    g_assert_cmpint(c.modem, ==, FAX_MODEM_V17_14400);
    g_assert_cmpuint(c.max_rate, ==, 14400);
    g_assert_true(c.v17);
    g_assert_false(c.v29);
    g_assert_false(c.ecm);
    g_assert_true(c.fine);
    g_assert_true(c.mr_2d);
    g_assert_cmpuint(c.length, ==, 2);
    g_assert_false(c.reserved_bits);
    t30_caps_format(&c, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "V.17 14400, fine, A4, MR");

    t30_caps_decode(dcs_h323, sizeof(dcs_h323), TRUE, &c);
    g_assert_cmpint(c.modem, ==, FAX_MODEM_V29_9600);
    g_assert_cmpuint(c.max_rate, ==, 9600);
    g_assert_true(c.ecm);
    g_assert_false(c.ecm_64);   /* bit 28 clear: 256-octet frames */
    g_assert_false(c.reserved_bits);
    t30_caps_format(&c, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "V.29 9600, ECM, A4");
}

static void
test_dcs_rates(void)
{
    static const struct { guint code; fax_modem m; guint32 rate; } tab[] = {
        { 0x0, FAX_MODEM_V27_2400, 2400 },  { 0x4, FAX_MODEM_V27_4800, 4800 },
        { 0xC, FAX_MODEM_V29_7200, 7200 },  { 0x8, FAX_MODEM_V29_9600, 9600 },
        { 0xD, FAX_MODEM_V17_7200, 7200 },  { 0x9, FAX_MODEM_V17_9600, 9600 },
        { 0x5, FAX_MODEM_V17_12000, 12000 }, { 0x1, FAX_MODEM_V17_14400, 14400 },
    };
    guint i;
    for (i = 0; i < G_N_ELEMENTS(tab); i++) {
        guint8 f[3] = { 0x00, (guint8)(0x40 | (tab[i].code << 2)), 0x00 };
        t30_caps c;
        t30_caps_decode(f, sizeof(f), TRUE, &c);
        g_assert_cmpint(c.modem, ==, tab[i].m);
        g_assert_cmpuint(c.max_rate, ==, tab[i].rate);
        g_assert_false(c.reserved_bits);
    }
}

static void
test_reserved_and_short(void)
{
    t30_caps c;
    guint8 f[4] = { 0x00, 0x4c, 0x00, 0x00 };   /* DCS rate code 0011: reserved */
    guint8 g[5] = { 0x01, 0x44, 0xc1, 0x88, 0xff };   /* bits 8, 17-18, 25, 29 */
    guint8 ext_off[5] = { 0x00, 0x44, 0x00, 0x20, 0x20 };

    t30_caps_decode(f, sizeof(f), TRUE, &c);
    g_assert_true(c.valid);
    g_assert_true(c.reserved_bits);
    g_assert_cmpint(c.modem, ==, FAX_MODEM_NONE);

    t30_caps_decode(g, sizeof(g), TRUE, &c);
    g_assert_true(c.reserved_bits);
    g_assert_cmpint(c.modem, ==, FAX_MODEM_V17_14400);

    /* octet 4 ignored: the extend bit of octet 3 is clear */
    t30_caps_decode(ext_off, sizeof(ext_off), TRUE, &c);
    g_assert_false(c.ecm);

    t30_caps_decode(f, 2, TRUE, &c);
    g_assert_false(c.valid);
    t30_caps_decode(NULL, 10, FALSE, &c);
    g_assert_false(c.valid);
    t30_caps_decode(f, sizeof(f), FALSE, NULL);
}

static guint8
rev(guint8 ch)
{
    return t30_bit_reverse(ch);
}

static void
test_ident(void)
{
    char buf[24];
    guint8 f[20];
    guint i;
    const char *num = "+1 555 0100";
    gsize n = strlen(num);

    t30_ident_decode(csi_sample, sizeof(csi_sample), buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "Fax");
    t30_ident_decode(csi_h323, sizeof(csi_h323), buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "1007");

    /* T.30 5.3.6.2.4: last digit first, padded with spaces */
    memset(f, rev(' '), sizeof(f));
    for (i = 0; i < n; i++)
        f[i] = rev((guint8)num[n - 1 - i]);
    t30_ident_decode(f, sizeof(f), buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "+1 555 0100");

    /* non-printable -> '?' */
    f[0] = rev(0x07);
    f[1] = rev(0xC3);
    t30_ident_decode(f, sizeof(f), buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "+1 555 01??");

    /* short FIF and small buffers */
    t30_ident_decode(f, 3, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "1??");
    t30_ident_decode(csi_h323, sizeof(csi_h323), buf, 3);
    g_assert_cmpstr(buf, ==, "10");
    t30_ident_decode(NULL, 20, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "");
    t30_ident_decode(csi_h323, 0, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "");
}

static void
test_nsf(void)
{
    guint8 country = 0;
    guint16 vendor = 0;
    gboolean vv = FALSE;
    guint8 us[] = { 0x00, 0x00, 0x00, 0x01 };

    g_assert_true(t30_nsf_decode(nsf_h323, sizeof(nsf_h323), &country, &vendor, &vv));
    g_assert_cmpuint(country, ==, 0xFF);   /* T.35 extension code (Cisco) */
    g_assert_true(vv);

    us[0] = rev(0xB5);
    us[1] = rev(0x00);
    us[2] = rev(0x26);
    g_assert_true(t30_nsf_decode(us, sizeof(us), &country, &vendor, &vv));
    g_assert_cmpuint(country, ==, 0xB5);
    g_assert_cmpuint(vendor, ==, 0x0026);
    g_assert_true(vv);
    g_assert_cmpstr(t30_country_name(country), ==, "United States");
    g_assert_true(t30_nsf_decode(us, 1, &country, &vendor, &vv));
    g_assert_false(vv);
    g_assert_false(t30_nsf_decode(us, 0, &country, &vendor, &vv));
    g_assert_cmpstr(t30_country_name(0x00), ==, "Japan");
    g_assert_cmpstr(t30_country_name(0x04), ==, "Germany");
    g_assert_cmpstr(t30_country_name(0xB4), ==, "United Kingdom");
    g_assert_null(t30_country_name(0xFE));
}

static void
test_fcf_table(void)
{
    /* spandsp t30_fcf.h values (bit-reversed) -> our names */
    static const struct { guint8 spandsp; const char *name; } sp[] = {
        { 0x80, "DIS" }, { 0x40, "CSI" }, { 0x20, "NSF" }, { 0x81, "DTC" },
        { 0x41, "CIG" }, { 0x21, "NSC" }, { 0x82, "DCS" }, { 0x42, "TSI" },
        { 0x22, "NSS" }, { 0x12, "CTC" }, { 0x84, "CFR" }, { 0x44, "FTT" },
        { 0xC4, "CTR" }, { 0x8E, "EOM" }, { 0x4E, "MPS" }, { 0x2E, "EOP" },
        { 0x9E, "PRI-EOM" }, { 0x5E, "PRI-MPS" }, { 0x3E, "PRI-EOP" },
        { 0xBE, "PPS" }, { 0xCE, "EOR" }, { 0x6E, "RR" }, { 0x8C, "MCF" },
        { 0xCC, "RTP" }, { 0x4C, "RTN" }, { 0xAC, "PIP" }, { 0x2C, "PIN" },
        { 0xBC, "PPR" }, { 0xEC, "RNR" }, { 0x1C, "ERR" }, { 0xFA, "DCN" },
        { 0x1A, "CRP" }, { 0x06, "FCD" }, { 0x86, "RCP" }, { 0x1E, "EOS" },
    };
    guint i;

    for (i = 0; i < G_N_ELEMENTS(sp); i++) {
        guint8 o = t30_bit_reverse(sp[i].spandsp);
        g_assert_cmpstr(t30_fcf_name(t30_fcf_canonical(o, NULL)), ==, sp[i].name);
        if ((o & 0x70) != 0)   /* X bit set: same name */
            g_assert_cmpstr(t30_fcf_name(o | 0x80), ==, sp[i].name);
    }
    /* Wireshark packet-t30.c numbering */
    g_assert_cmpstr(t30_fcf_name(0x01), ==, "DIS");
    g_assert_cmpstr(t30_fcf_name(0x81), ==, "DTC");
    g_assert_cmpstr(t30_fcf_name(0x41), ==, "DCS");
    g_assert_cmpstr(t30_fcf_name(0xC1), ==, "DCS");
    g_assert_cmpstr(t30_fcf_name(0x5F), ==, "DCN");
    g_assert_cmpstr(t30_fcf_name(0x7D), ==, "PPS");
    g_assert_cmpstr(t30_fcf_name(0x3D), ==, "PPR");
    g_assert_cmpstr(t30_fcf_name(0x60), ==, "FCD");
    g_assert_cmpstr(t30_fcf_description(0x41), ==, "Digital Command Signal");
    g_assert_cmpstr(t30_fcf_description(0x31), ==, "Message Confirmation");
    g_assert_null(t30_fcf_name(0x5A));
    g_assert_null(t30_fcf_name(-1));
    g_assert_null(t30_fcf_name(0x100));
    g_assert_null(t30_fcf_description(0x00));
    {
        gboolean x = FALSE;
        g_assert_cmpint(t30_fcf_canonical(0xF4, &x), ==, 0x74);
        g_assert_true(x);
        g_assert_cmpint(t30_fcf_canonical(0x81, &x), ==, 0x81);
        g_assert_false(x);
    }
    g_assert_cmpuint(t30_bit_reverse(0x01), ==, 0x80);
    g_assert_cmpuint(t30_bit_reverse(0xF0), ==, 0x0F);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/t30/fif/dis-real", test_dis_real);
    g_test_add_func("/t30/fif/dcs-real", test_dcs_real);
    g_test_add_func("/t30/fif/dcs-rates", test_dcs_rates);
    g_test_add_func("/t30/fif/reserved-and-short", test_reserved_and_short);
    g_test_add_func("/t30/fif/ident", test_ident);
    g_test_add_func("/t30/fif/nsf", test_nsf);
    g_test_add_func("/t30/fif/fcf-table", test_fcf_table);
    return g_test_run();
}
