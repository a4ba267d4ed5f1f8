/* test-q931.c: unit tests of wire/q931.c, the H.225.0 call signalling
 * decoder: TPKT framing (RFC 1006 6), the Q.931 message header (Q.931 4.2
 * protocol discriminator, 4.3 call reference, 4.4 message type) and the
 * information elements faxcalls reads (Q.931 4.5: calling and called party
 * number, display, cause; H.225.0 7.2.2.1: the user-user IE with its
 * 2-octet length), on crafted messages and on real ones.
 *
 * The real messages are the TPKT packets (TCP payloads) of frames of
 * pcaps/real nrusso-fax_t38_h323_ogw.pcapng; Wireshark's own dissection of
 * that capture is the truth:
 *   tshark -r F -Y q931 -T fields -e frame.number -e q931.message_type \
 *     -e q931.called_party_number.digits -e q931.cause_value \
 *     -e q931.call_ref_flag -e q931.display_information
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "q931.h"

/* ---- helpers ---------------------------------------------------------- */

/* Hex text to a buffer of exactly its length (g_malloc'd), so that ASan or
 * valgrind see any read past the end. */
static guint8 *
unhex(const char *hex, guint *len)
{
    gsize n = strlen(hex);
    g_assert_cmpuint(n % 2, ==, 0);
    guint8 *b = g_malloc(n / 2 > 0 ? n / 2 : 1);
    for (gsize i = 0; i < n / 2; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]), lo = g_ascii_xdigit_value(hex[2 * i + 1]);
        g_assert_cmpint(hi, >=, 0);
        g_assert_cmpint(lo, >=, 0);
        b[i] = (guint8)(hi << 4 | lo);
    }
    *len = (guint)(n / 2);
    return b;
}

/* Every string field NUL-terminated inside its array and printable ASCII. */
#define CHECK_STR(f)                                                  \
    do {                                                              \
        g_assert_nonnull(memchr((f), '\0', sizeof(f)));               \
        for (const char *c_ = (f); *c_ != '\0'; c_++)                 \
            g_assert_true((guint8)*c_ >= 0x20 && (guint8)*c_ < 0x7f); \
    } while (0)

static void
check_strings(const q931_msg *m)
{
    CHECK_STR(m->calling);
    CHECK_STR(m->called);
    CHECK_STR(m->display);
}

/* q931_parse of an exact-length copy of buf[0..len). */
static wire_status
parse_copy(const guint8 *buf, guint len, q931_msg *m)
{
    guint8 *copy = g_memdup2(buf, len);
    wire_status st = q931_parse(copy, len, m);
    g_free(copy);
    check_strings(m);
    return st;
}

static wire_status
parse_hex(const char *hex, q931_msg *m)
{
    guint len;
    guint8 *b = unhex(hex, &len);
    wire_status st = parse_copy(b, len, m);
    g_free(b);
    return st;
}

static wire_status
tpkt_copy(const guint8 *buf, guint len, guint *pkt_len)
{
    guint8 *copy = g_memdup2(buf, len);
    wire_status st = tpkt_frame(copy, len, pkt_len);
    g_free(copy);
    return st;
}

/* A Q.931 message under construction; ends[] the offsets at which a prefix
 * holds whole information elements (Q.931 4.5), where q931_parse of the
 * prefix must say WIRE_OK. */
typedef struct {
    GByteArray *b;
    guint       ends[64];
    guint       n_ends;
} msg_builder;

static void
mb_mark(msg_builder *mb)
{
    g_assert_cmpuint(mb->n_ends, <, G_N_ELEMENTS(mb->ends));
    mb->ends[mb->n_ends++] = mb->b->len;
}

static void
mb_put(msg_builder *mb, const guint8 *p, guint n)
{
    g_byte_array_append(mb->b, p, n);
}

/* Q.931 4.2-4.4: protocol discriminator, call reference (crl octets, flag
 * in bit 8 of the first), message type. */
static void
mb_start(msg_builder *mb, guint crl, guint16 crv, gboolean flag, guint8 type)
{
    mb->b = g_byte_array_new();
    mb->n_ends = 0;
    guint8 h[5] = { 0x08, (guint8)crl };
    guint n = 2;
    if (crl == 1)
        h[n++] = (guint8)((flag ? 0x80 : 0) | (crv & 0x7f));
    else if (crl == 2) {
        h[n++] = (guint8)((flag ? 0x80 : 0) | ((crv >> 8) & 0x7f));
        h[n++] = (guint8)crv;
    }
    h[n++] = type;
    mb_put(mb, h, n);
    mb_mark(mb);
}

/* Q.931 4.5.1: a variable-length IE: identifier, length, contents. */
static void
mb_ie(msg_builder *mb, guint8 id, const guint8 *v, guint n)
{
    g_assert_cmpuint(n, <=, 255);
    guint8 h[2] = { id, (guint8)n };
    mb_put(mb, h, 2);
    mb_put(mb, v, n);
    mb_mark(mb);
}

static void
mb_ie_str(msg_builder *mb, guint8 id, const char *octet3, const char *digits)
{
    guint8 v[256];
    guint n = (guint)strlen(octet3);
    memcpy(v, octet3, n);
    memcpy(v + n, digits, strlen(digits));
    mb_ie(mb, id, v, n + (guint)strlen(digits));
}

/* Q.931 4.5.1: a single-octet IE (bit 8 set). */
static void
mb_single(msg_builder *mb, guint8 id)
{
    g_assert_true(id & 0x80);
    mb_put(mb, &id, 1);
    mb_mark(mb);
}

/* H.225.0 7.2.2.1: the user-user IE with a 2-octet length. */
static void
mb_uuie(msg_builder *mb, const guint8 *v, guint n)
{
    guint8 h[3] = { 0x7e, (guint8)(n >> 8), (guint8)n };
    mb_put(mb, h, 3);
    mb_put(mb, v, n);
    mb_mark(mb);
}

static void
mb_free(msg_builder *mb)
{
    g_byte_array_free(mb->b, TRUE);
}

/* Every prefix of the message is WIRE_TRUNCATED, or WIRE_OK exactly where it
 * ends on an IE boundary; never a read past the prefix (exact copies). */
static void
check_prefixes(const msg_builder *mb)
{
    for (guint len = 0; len <= mb->b->len; len++) {
        q931_msg m;
        wire_status st = parse_copy(mb->b->data, len, &m);
        gboolean boundary = FALSE;
        for (guint i = 0; i < mb->n_ends; i++)
            boundary = boundary || mb->ends[i] == len;
        g_assert_cmpint(st, ==, boundary ? WIRE_OK : WIRE_TRUNCATED);
    }
}

/* ---- TPKT (RFC 1006 6) ------------------------------------------------- */

static void
test_tpkt_ok(void)
{
    /* version 3, reserved 0, length 11 = 4 + a 7-octet Q.931 message,
     * followed by the start of the next packet */
    const guint8 b[] = { 0x03, 0x00, 0x00, 0x0b, 0x08, 0x02, 0x00, 0x01, 0x05, 0xa1, 0xa0,
                         0x03, 0x00 };
    guint n = 0;
    g_assert_cmpint(tpkt_copy(b, 11, &n), ==, WIRE_OK);
    g_assert_cmpuint(n, ==, 11);
    n = 0;
    g_assert_cmpint(tpkt_copy(b, sizeof b, &n), ==, WIRE_OK);
    g_assert_cmpuint(n, ==, 11);
    /* the smallest: the header and a 3-octet message (call reference 0) */
    const guint8 s[] = { 0x03, 0x00, 0x00, 0x07, 0x08, 0x00, 0x7d };
    g_assert_cmpint(tpkt_copy(s, sizeof s, &n), ==, WIRE_OK);
    g_assert_cmpuint(n, ==, 7);
    q931_msg m;
    g_assert_cmpint(parse_copy(s + 4, n - 4, &m), ==, WIRE_OK);
    g_assert_cmpuint(m.msg_type, ==, Q931_STATUS);
    g_assert_cmpuint(m.call_ref, ==, 0);
}

static void
test_tpkt_truncated(void)
{
    const guint8 b[] = { 0x03, 0x00, 0x00, 0x0b, 0x08, 0x02, 0x00, 0x01, 0x05, 0xa1, 0xa0 };
    guint n;
    /* the header itself cut at 0..3 octets */
    for (guint len = 0; len < 4; len++)
        g_assert_cmpint(tpkt_copy(b, len, &n), ==, WIRE_TRUNCATED);
    /* the length says more than the buffer holds */
    for (guint len = 4; len < sizeof b; len++)
        g_assert_cmpint(tpkt_copy(b, len, &n), ==, WIRE_TRUNCATED);
    const guint8 big[] = { 0x03, 0x00, 0xff, 0xff, 0x08, 0x00, 0x7d };
    g_assert_cmpint(tpkt_copy(big, sizeof big, &n), ==, WIRE_TRUNCATED);
}

static void
test_tpkt_bad(void)
{
    guint n;
    /* not version 3: known from the first octet alone */
    const guint8 v2[] = { 0x02, 0x00, 0x00, 0x0b };
    g_assert_cmpint(tpkt_copy(v2, 1, &n), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(tpkt_copy(v2, sizeof v2, &n), ==, WIRE_BAD_ENCODING);
    const guint8 sip[] = { 'I', 'N', 'V', 'I', 'T', 'E' };
    g_assert_cmpint(tpkt_copy(sip, sizeof sip, &n), ==, WIRE_BAD_ENCODING);
    /* reserved octet not 0: known from the second */
    const guint8 res[] = { 0x03, 0x01, 0x00, 0x0b };
    g_assert_cmpint(tpkt_copy(res, 2, &n), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(tpkt_copy(res, sizeof res, &n), ==, WIRE_BAD_ENCODING);
    /* a length below the header and a minimal Q.931 message (4 + 3) */
    for (guint l = 0; l < 7; l++) {
        const guint8 s[] = { 0x03, 0x00, 0x00, (guint8)l, 0x08, 0x00, 0x7d, 0x00 };
        g_assert_cmpint(tpkt_copy(s, sizeof s, &n), ==, WIRE_BAD_ENCODING);
    }
    const guint8 seven[] = { 0x03, 0x00, 0x00, 0x07, 0x08, 0x00, 0x7d };
    g_assert_cmpint(tpkt_copy(seven, sizeof seven, &n), ==, WIRE_OK);
}

/* ---- Q.931 messages, crafted -------------------------------------------- */

/* A Setup: 2-octet call reference, flag 0 (Q.931 4.3: from the side that
 * set the call reference up); single-octet IEs, bearer capability, calling
 * party number with octet 3a (Q.931 4.5.10: octet 3 extension bit 0),
 * called party number (4.5.8), display (4.5.16), and a user-user IE longer
 * than 255 octets whose contents look like IEs: read with a 1-octet length
 * they would be taken for a display and a called number. */
static void
build_setup(msg_builder *mb)
{
    mb_start(mb, 2, 0x2a, FALSE, Q931_SETUP);
    mb_single(mb, 0xa1);                              /* sending complete */
    const guint8 bearer[] = { 0x80, 0x90, 0xa3 };
    mb_ie(mb, 0x04, bearer, sizeof bearer);
    mb_ie_str(mb, 0x6c, "\x21\x80", "5551");          /* national, ISDN; presentation allowed */
    mb_single(mb, 0xb0);                              /* congestion level */
    mb_ie_str(mb, 0x70, "\xa1", "1234");
    mb_ie_str(mb, 0x28, "", "Fax Machine");
    guint8 pdu[261];
    pdu[0] = 0x05;                                    /* X.208/X.209 coded (H.225.0) */
    for (guint i = 1; i < sizeof pdu; i += 4) {
        const guint8 fake[] = { 0x28, 0x02, 'E', 'V' };
        memcpy(pdu + i, fake, MIN(4u, (guint)sizeof pdu - i));
    }
    mb_uuie(mb, pdu, sizeof pdu);
    mb_single(mb, 0xa0);                              /* more data */
}

static void
test_setup(void)
{
    msg_builder mb;
    build_setup(&mb);
    q931_msg m;
    g_assert_cmpint(parse_copy(mb.b->data, mb.b->len, &m), ==, WIRE_OK);
    g_assert_cmpuint(m.msg_type, ==, Q931_SETUP);
    g_assert_cmpuint(m.call_ref, ==, 0x2a);
    g_assert_false(m.from_destination);
    g_assert_cmpstr(m.calling, ==, "5551");
    g_assert_cmpstr(m.called, ==, "1234");
    g_assert_cmpstr(m.display, ==, "Fax Machine");
    g_assert_true(m.has_uuie);
    g_assert_cmpuint(m.cause, ==, 0);
    g_assert_cmpstr(q931_msg_name(m.msg_type), ==, "Setup");
    mb_free(&mb);
}

static void
test_setup_prefixes(void)
{
    msg_builder mb;
    build_setup(&mb);
    check_prefixes(&mb);
    mb_free(&mb);
}

/* Calling party number without octet 3a: octet 3 has its extension bit
 * set, the digits follow at once. */
static void
test_calling_no_3a(void)
{
    q931_msg m;
    /* Setup, call reference 0x1234 (two octets, all 15 bits used) */
    g_assert_cmpint(parse_hex("0802123405" "6c0581" "39383736" "700481" "313233", &m), ==,
                    WIRE_OK);
    g_assert_cmpuint(m.call_ref, ==, 0x1234);
    g_assert_false(m.from_destination);
    g_assert_cmpstr(m.calling, ==, "9876");
    g_assert_cmpstr(m.called, ==, "123");
    g_assert_false(m.has_uuie);
    g_assert_cmpstr(m.display, ==, "");
    /* an empty number and a number IE holding only octet 3 / octets 3, 3a */
    g_assert_cmpint(parse_hex("08020001056c00" "7001a1", &m), ==, WIRE_OK);
    g_assert_cmpstr(m.calling, ==, "");
    g_assert_cmpstr(m.called, ==, "");
    g_assert_cmpint(parse_hex("08020001056c022180", &m), ==, WIRE_OK);
    g_assert_cmpstr(m.calling, ==, "");
    g_assert_cmpint(parse_hex("08020001056c0121", &m), ==, WIRE_OK);
    g_assert_cmpstr(m.calling, ==, "");
}

/* Release Complete from the destination side (Q.931 4.3: flag 1) with a
 * Cause (Q.931 4.5.12) without octet 3a: octet 3 (coding, location) has its
 * extension bit set, the cause value follows. */
static void
test_release_cause(void)
{
    q931_msg m;
    /* cause 16, normal call clearing, location private network (1) */
    g_assert_cmpint(parse_hex("080280075a08028190", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.msg_type, ==, Q931_RELEASE_COMPLETE);
    g_assert_cmpuint(m.call_ref, ==, 7);
    g_assert_true(m.from_destination);
    g_assert_cmpuint(m.cause, ==, 16);
    g_assert_cmpstr(q931_msg_name(m.msg_type), ==, "Release Complete");
    /* with octet 3a (octet 3 extension bit 0: recommendation), cause 17,
     * then a diagnostic octet */
    g_assert_cmpint(parse_hex("080280075a0804018091aa", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.cause, ==, 17);
    /* the cause value octet missing: no cause */
    g_assert_cmpint(parse_hex("080280075a080181", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.cause, ==, 0);
    g_assert_cmpint(parse_hex("080280075a08020180", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.cause, ==, 0);
    g_assert_cmpint(parse_hex("080280075a0800", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.cause, ==, 0);
    /* with a user-user IE after the cause */
    g_assert_cmpint(parse_hex("080200015a080280907e0003052580", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.cause, ==, 16);
    g_assert_false(m.from_destination);
    g_assert_true(m.has_uuie);
}

/* Q.931 4.3: a 1-octet call reference (7 bits and the flag) and the dummy
 * call reference (length 0). */
static void
test_short_call_refs(void)
{
    q931_msg m;
    g_assert_cmpint(parse_hex("08010505" "700481313233", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.call_ref, ==, 5);
    g_assert_false(m.from_destination);
    g_assert_cmpuint(m.msg_type, ==, Q931_SETUP);
    g_assert_cmpstr(m.called, ==, "123");
    g_assert_cmpint(parse_hex("0801ff07", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.call_ref, ==, 0x7f);
    g_assert_true(m.from_destination);
    g_assert_cmpuint(m.msg_type, ==, Q931_CONNECT);
    g_assert_cmpint(parse_hex("0800622806414243", &m), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_hex("08006228034142437e000105", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.call_ref, ==, 0);
    g_assert_false(m.from_destination);
    g_assert_cmpuint(m.msg_type, ==, Q931_FACILITY);
    g_assert_cmpstr(m.display, ==, "ABC");
    g_assert_true(m.has_uuie);
    /* message type bit 8 is not part of the type (Q.931 4.4) */
    g_assert_cmpint(parse_hex("08018585", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.msg_type, ==, Q931_SETUP);
}

static void
test_bad_header(void)
{
    q931_msg m;
    /* Q.931 4.3: call reference length above 2 is not used by H.225.0
     * (Q.931 allows at most 2 octets on the basic access) */
    g_assert_cmpint(parse_hex("080300000105", &m), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(parse_hex("080f000001", &m), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(parse_hex("080300", &m), ==, WIRE_BAD_ENCODING);
    /* the upper nibble of octet 2 is spare: the length is the lower one */
    g_assert_cmpint(parse_hex("08f10505", &m), ==, WIRE_OK);
    g_assert_cmpuint(m.call_ref, ==, 5);
    /* Q.931 4.2: protocol discriminator 0x08 only */
    g_assert_cmpint(parse_hex("0902000105", &m), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(parse_hex("0002000105", &m), ==, WIRE_BAD_ENCODING);
    g_assert_cmpint(parse_hex("030000", &m), ==, WIRE_BAD_ENCODING);
    /* too short to tell */
    g_assert_cmpint(parse_hex("", &m), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_hex("08", &m), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_hex("0802", &m), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_hex("080200", &m), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_hex("08020001", &m), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_hex("080100", &m), ==, WIRE_TRUNCATED);
    /* IEs running past the end */
    g_assert_cmpint(parse_hex("080200010570", &m), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_hex("08020001057005813132", &m), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_hex("08020001057e", &m), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_hex("08020001057e00", &m), ==, WIRE_TRUNCATED);
    g_assert_cmpint(parse_hex("08020001057e000105", &m), ==, WIRE_OK);
    g_assert_cmpint(parse_hex("08020001057e010205", &m), ==, WIRE_TRUNCATED);
}

/* Numbers and display are IA5 (Q.931 4.5.8, 4.5.10, 4.5.16); what is not
 * printable ASCII is dropped, and what does not fit is cut. */
static void
test_non_printable(void)
{
    q931_msg m;
    g_assert_cmpint(parse_hex("0802000105"
                              "6c0881" "3100" "32" "7f" "33" "ff" "0a"
                              "700681" "34" "1b" "35" "80" "36"
                              "280841" "09" "42" "c3a9" "43" "00" "44",
                              &m), ==, WIRE_OK);
    g_assert_cmpstr(m.calling, ==, "123");
    g_assert_cmpstr(m.called, ==, "456");
    g_assert_cmpstr(m.display, ==, "ABCD");
    /* a 40-digit number and a 100-character display are cut to fit */
    GString *hex = g_string_new("0802000105" "702981");
    for (guint i = 0; i < 40; i++)
        g_string_append_printf(hex, "%02x", '0' + i % 10);
    g_string_append(hex, "2864");
    for (guint i = 0; i < 100; i++)
        g_string_append(hex, "78");
    g_assert_cmpint(parse_hex(hex->str, &m), ==, WIRE_OK);
    g_assert_cmpuint(strlen(m.called), ==, sizeof m.called - 1);
    g_assert_true(g_str_has_prefix(m.called, "0123456789012345678901234567890"));
    g_assert_cmpuint(strlen(m.display), ==, sizeof m.display - 1);
    g_string_free(hex, TRUE);
}

static void
test_names(void)
{
    g_assert_cmpstr(q850_cause_name(16), ==, "normal call clearing");
    g_assert_cmpstr(q850_cause_name(17), ==, "user busy");
    g_assert_null(q850_cause_name(200));
    g_assert_null(q850_cause_name(0));
    g_assert_cmpstr(q931_msg_name(Q931_CONNECT), ==, "Connect");
    g_assert_cmpstr(q931_msg_name(Q931_FACILITY), ==, "Facility");
    g_assert_cmpstr(q931_msg_name(0x7f), ==, "other");
}

/* ---- real messages ----------------------------------------------------- */

/* TCP payloads (TPKT packets) of nrusso-fax_t38_h323_ogw.pcapng, H.225.0
 * between 10.10.245.3:12358 (caller) and 10.10.245.5:1720. */
/* frame 5: Setup, call reference 1, flag 0, called 1234, no calling
 * number, no Display IE (the Display "cisco Systems, Inc." is in the
 * Facility messages) */
static const char real_setup_f5[] =
    "0300012b080200010504039090a3700580313233347e0113052080060008914a00042800b500001240013c05"
    "010000fde39d82286911e78006f2ec0d4fce8d00cd1d820007000e32f50330461100fde39d82286911e78008"
    "f2ec0d4fce8d3402130000000c6013800b050001000e32f5034001801e400000060401004c60138012150001"
    "000e32f5034000000e32f5034001800100010001800180010010a80180530140b50000124ce0011200011c3b"
    "1c399e0100036774640000002e49414d2c0d0a4743492c6664653339643832323836393131653738303036"
    "6632656330643466636538640d0a0d0a18800006000400000003350204677464012e49414d2c0d0a474349"
    "2c66646533396438323238363931316537383030366632656330643466636538640d0a0d0a";
/* frame 10: Facility from the caller, Display "cisco Systems, Inc." */
static const char real_facility_f10[] =
    "030000a908020001621c002813636973636f2053797374656d732c20496e632e7e0086052690060008914a00"
    "04fde39d82286911e78006f2ec0d4fce8d8601001f01801100fde39d82286911e78008f2ec0d4fce8d018001"
    "8010c001804b0149027001060008817500078013800014000100000100000100000cc0010001000180001f4a"
    "0812860100807c0100014008c00200c802014040009080000220c0130080010001001f0002";
/* frame 989: Connect from the called side (flag 1), an empty Display */
static const char real_connect_f989[] =
    "03000070080280010704039090a31e02808228007e0059052280060008914a00042800b500001240013c0501"
    "0000fde39d82286911e78006f2ec0d4fce8d1d0c001100fde39d82286911e78008f2ec0d4fce8d0180018010"
    "a00180140140b50000120dc0010018800006000400000002";
/* frames 1805 (caller) and 1806 (called side): Release Complete, cause 16 */
static const char real_release_f1805[] =
    "03000032080200015a080280907e0022052580060008914a000411001100fde39d82286911e78008f2ec0d4f"
    "ce8d10800180";
static const char real_release_f1806[] =
    "03000032080280015a080280907e0022052580060008914a000411001100fde39d82286911e78008f2ec0d4f"
    "ce8d10800180";

/* The TPKT packet in hex: framed whole, every prefix truncated, its Q.931
 * message parsed, and every prefix of that parsed without overread. */
static void
real_parse(const char *hex, q931_msg *m)
{
    guint len, n = 0;
    guint8 *b = unhex(hex, &len);
    g_assert_cmpint(tpkt_copy(b, len, &n), ==, WIRE_OK);
    g_assert_cmpuint(n, ==, len);
    for (guint l = 0; l < len; l++)
        g_assert_cmpint(tpkt_copy(b, l, &n), ==, WIRE_TRUNCATED);
    for (guint l = 0; l < len - 4; l++) {
        q931_msg p;
        wire_status st = parse_copy(b + 4, l, &p);
        g_assert_true(st == WIRE_OK || st == WIRE_TRUNCATED);
    }
    g_assert_cmpint(parse_copy(b + 4, len - 4, m), ==, WIRE_OK);
    g_free(b);
}

static void
test_real_setup(void)
{
    q931_msg m;
    real_parse(real_setup_f5, &m);
    g_assert_cmpuint(m.msg_type, ==, Q931_SETUP);
    g_assert_cmpuint(m.call_ref, ==, 1);
    g_assert_false(m.from_destination);
    g_assert_cmpstr(m.called, ==, "1234");
    g_assert_cmpstr(m.calling, ==, "");
    g_assert_cmpstr(m.display, ==, "");
    g_assert_true(m.has_uuie);
    g_assert_cmpuint(m.cause, ==, 0);
}

static void
test_real_facility(void)
{
    q931_msg m;
    real_parse(real_facility_f10, &m);
    g_assert_cmpuint(m.msg_type, ==, Q931_FACILITY);
    g_assert_cmpuint(m.call_ref, ==, 1);
    g_assert_false(m.from_destination);
    g_assert_cmpstr(m.display, ==, "cisco Systems, Inc.");
    g_assert_true(m.has_uuie);
}

static void
test_real_connect(void)
{
    q931_msg m;
    real_parse(real_connect_f989, &m);
    g_assert_cmpuint(m.msg_type, ==, Q931_CONNECT);
    g_assert_cmpuint(m.call_ref, ==, 1);
    g_assert_true(m.from_destination);
    g_assert_cmpstr(m.display, ==, "");
    g_assert_cmpstr(m.called, ==, "");
    g_assert_true(m.has_uuie);
}

static void
test_real_release(void)
{
    q931_msg m;
    real_parse(real_release_f1805, &m);
    g_assert_cmpuint(m.msg_type, ==, Q931_RELEASE_COMPLETE);
    g_assert_cmpuint(m.call_ref, ==, 1);
    g_assert_false(m.from_destination);
    g_assert_cmpuint(m.cause, ==, 16);
    g_assert_cmpstr(q850_cause_name(m.cause), ==, "normal call clearing");
    g_assert_true(m.has_uuie);
    real_parse(real_release_f1806, &m);
    g_assert_true(m.from_destination);
    g_assert_cmpuint(m.cause, ==, 16);
}

/* Back-to-back TPKT packets in one TCP stream: framed one after the other;
 * the stream cut anywhere frames what is whole and says TRUNCATED for the
 * rest. */
static void
test_real_stream(void)
{
    const char *hex[] = { real_setup_f5, real_facility_f10, real_connect_f989, real_release_f1805 };
    const guint8 types[] = { Q931_SETUP, Q931_FACILITY, Q931_CONNECT, Q931_RELEASE_COMPLETE };
    GByteArray *s = g_byte_array_new();
    for (guint i = 0; i < G_N_ELEMENTS(hex); i++) {
        guint len;
        guint8 *b = unhex(hex[i], &len);
        g_byte_array_append(s, b, len);
        g_free(b);
    }
    for (guint cut = 1; cut <= s->len; cut++) {   /* 0: no buffer */
        guint8 *copy = g_memdup2(s->data, cut);
        guint pos = 0, k = 0, n;
        wire_status st;
        while ((st = tpkt_frame(copy + pos, cut - pos, &n)) == WIRE_OK) {
            q931_msg m;
            g_assert_cmpuint(k, <, G_N_ELEMENTS(types));
            g_assert_cmpint(q931_parse(copy + pos + 4, n - 4, &m), ==, WIRE_OK);
            g_assert_cmpuint(m.msg_type, ==, types[k]);
            g_assert_cmpuint(m.call_ref, ==, 1);
            pos += n;
            k++;
        }
        g_assert_cmpint(st, ==, WIRE_TRUNCATED);
        g_assert_true(pos <= cut);
        if (cut == s->len)
            g_assert_cmpuint(k, ==, G_N_ELEMENTS(types));
        g_free(copy);
    }
    g_byte_array_free(s, TRUE);
}

/* Q.931 4.5.3/4.5.4: IEs after a locking shift, or the one IE after a
 * non-locking shift, belong to another codeset: not party numbers. */
static void
test_shift(void)
{
    msg_builder mb;
    mb_start(&mb, 2, 0x2b, FALSE, Q931_SETUP);
    mb_single(&mb, 0x9e);                             /* non-locking shift to codeset 6 */
    mb_ie_str(&mb, 0x6c, "\x80", "9999");            /* codeset 6: not a calling number */
    mb_ie_str(&mb, 0x70, "\xa1", "1234");            /* back in codeset 0 */
    mb_single(&mb, 0x96);                             /* locking shift to codeset 6 */
    mb_ie_str(&mb, 0x28, "", "Not a display");
    q931_msg m;
    g_assert_cmpint(parse_copy(mb.b->data, mb.b->len, &m), ==, WIRE_OK);
    g_assert_cmpstr(m.calling, ==, "");
    g_assert_cmpstr(m.called, ==, "1234");
    g_assert_cmpstr(m.display, ==, "");
    g_byte_array_free(mb.b, TRUE);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/q931/shift", test_shift);
    g_test_add_func("/q931/tpkt/ok", test_tpkt_ok);
    g_test_add_func("/q931/tpkt/truncated", test_tpkt_truncated);
    g_test_add_func("/q931/tpkt/bad", test_tpkt_bad);
    g_test_add_func("/q931/setup", test_setup);
    g_test_add_func("/q931/setup/prefixes", test_setup_prefixes);
    g_test_add_func("/q931/calling-no-3a", test_calling_no_3a);
    g_test_add_func("/q931/release-cause", test_release_cause);
    g_test_add_func("/q931/short-call-refs", test_short_call_refs);
    g_test_add_func("/q931/bad-header", test_bad_header);
    g_test_add_func("/q931/non-printable", test_non_printable);
    g_test_add_func("/q931/names", test_names);
    g_test_add_func("/q931/real/setup", test_real_setup);
    g_test_add_func("/q931/real/facility", test_real_facility);
    g_test_add_func("/q931/real/connect", test_real_connect);
    g_test_add_func("/q931/real/release", test_real_release);
    g_test_add_func("/q931/real/stream", test_real_stream);
    return g_test_run();
}
