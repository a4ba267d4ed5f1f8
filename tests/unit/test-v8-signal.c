/* test-v8-signal.c: unit tests of model/v8-signal.c on bit streams built
 * here from V.8 clause 5 (ten ones, the framed synchronisation octet, the
 * framed information octets, LSB first) and on hostile streams.  The same
 * decoder against spandsp's V.8 terminals: tests/gen/v8-spandsp.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "v8-signal.h"

static void
put_bit(GByteArray *b, guint bit)
{
    guint8 v = (guint8)bit;
    g_byte_array_append(b, &v, 1);
}

static void
put_octet(GByteArray *b, guint8 o)
{
    put_bit(b, 0);                           /* start */
    for (int k = 0; k < 8; k++)
        put_bit(b, (o >> k) & 1);
    put_bit(b, 1);                           /* stop */
}

/* one sequence: ten ones, the sync octet (CI 0x00, CM/JM 0xE0: line order
 * 0000000001 / 0000001111), the octets */
static void
put_sequence(GByteArray *b, guint8 sync, const guint8 *oct, guint n)
{
    for (int k = 0; k < 10; k++)
        put_bit(b, 1);
    put_octet(b, sync);
    for (guint i = 0; i < n; i++)
        put_octet(b, oct[i]);
}

static guint
run(const GByteArray *b, v8_message *out)
{
    v8_reader r;
    v8_reader_init(&r);
    guint got = 0;
    for (guint i = 0; i < b->len; i++)
        if (v8_reader_bit(&r, b->data[i], out))
            got++;
    v8_message m;
    if (v8_reader_end(&r, &m)) {
        *out = m;
        got++;
    }
    return got;
}

/* CM of a fax sender offering V.34 half-duplex, V.17, V.29, V.27ter:
 * call function octet 100 00001 (T.30 Tx, Table 3), modn0 with the V.34
 * half-duplex bit, modn1 (extension 010) with V.27ter, V.29, V.17 */
static const guint8 cm_fax[] = { 0x81, 0x85, 0xD4 };

static void
test_cm(void)
{
    GByteArray *b = g_byte_array_new();
    for (int k = 0; k < 30; k++)
        put_bit(b, 1);                       /* idle marks */
    put_sequence(b, 0xE0, cm_fax, sizeof cm_fax);
    put_sequence(b, 0xE0, cm_fax, sizeof cm_fax);
    put_sequence(b, 0xE0, cm_fax, sizeof cm_fax);
    v8_message m;
    g_assert_cmpuint(run(b, &m), ==, 1);     /* accepted once, repeats ignored */
    g_assert_cmpint(m.kind, ==, V8_MSG_CM_JM);
    g_assert_true(m.has_call_function);
    g_assert_cmpint(m.call_function, ==, V8_CF_T30_TX);
    g_assert_true(m.has_modulations);
    g_assert_cmphex(m.modulations, ==, V8_MODN_V34HDX | V8_MODN_V27TER | V8_MODN_V29 | V8_MODN_V17);
    char t[128];
    v8_modulations_text(m.modulations, t, sizeof t);
    g_assert_cmpstr(t, ==, "V.34 half-duplex, V.17, V.29, V.27ter");
    g_byte_array_free(b, TRUE);
}

/* one sequence alone, or two that differ, are no message (V.8 7.4) */
static void
test_needs_two(void)
{
    GByteArray *b = g_byte_array_new();
    put_sequence(b, 0xE0, cm_fax, sizeof cm_fax);
    v8_message m;
    g_assert_cmpuint(run(b, &m), ==, 0);
    const guint8 other[] = { 0x81, 0x85, 0x54 };
    put_sequence(b, 0xE0, other, sizeof other);
    g_assert_cmpuint(run(b, &m), ==, 0);
    g_byte_array_free(b, TRUE);
}

/* CI (sync 0x00) carries a call function only */
static void
test_ci(void)
{
    GByteArray *b = g_byte_array_new();
    const guint8 ci[] = { 0xA1 };            /* T.30 Rx */
    put_sequence(b, 0x00, ci, 1);
    put_sequence(b, 0x00, ci, 1);
    for (int k = 0; k < 10; k++)
        put_bit(b, 1);
    v8_message m;
    g_assert_cmpuint(run(b, &m), ==, 1);
    g_assert_cmpint(m.kind, ==, V8_MSG_CI);
    g_assert_cmpint(m.call_function, ==, V8_CF_T30_RX);
    g_assert_false(m.has_modulations);
    g_byte_array_free(b, TRUE);
}

/* HDLC flags and random bits (a T.30 preamble, a data modem) are no V.8 */
static void
test_not_v8(void)
{
    GByteArray *b = g_byte_array_new();
    for (int k = 0; k < 400; k++)
        for (int j = 0; j < 8; j++)
            put_bit(b, (0x7E >> j) & 1);
    guint32 s = 1;
    for (int k = 0; k < 20000; k++) {
        s ^= s << 13; s ^= s >> 17; s ^= s << 5;
        put_bit(b, s & 1);
    }
    v8_message m;
    g_assert_cmpuint(run(b, &m), ==, 0);
    g_byte_array_free(b, TRUE);
}

/* a framing error (stop bit 0) drops the sequence */
static void
test_framing(void)
{
    GByteArray *b = g_byte_array_new();
    for (int rep = 0; rep < 2; rep++) {
        for (int k = 0; k < 10; k++)
            put_bit(b, 1);
        put_octet(b, 0xE0);
        put_bit(b, 0);
        for (int k = 0; k < 8; k++)
            put_bit(b, (0x81 >> k) & 1);
        put_bit(b, 0);                       /* bad stop bit */
    }
    v8_message m;
    g_assert_cmpuint(run(b, &m), ==, 0);
    g_byte_array_free(b, TRUE);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/v8/cm", test_cm);
    g_test_add_func("/v8/needs-two", test_needs_two);
    g_test_add_func("/v8/ci", test_ci);
    g_test_add_func("/v8/not-v8", test_not_v8);
    g_test_add_func("/v8/framing", test_framing);
    return g_test_run();
}
