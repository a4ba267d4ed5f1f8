/* test-fax-endpoint.c: fax_endpoint order and text form, and the endpoint
 * pair key: both directions of a stream give the same key.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "fax-endpoint.h"

static fax_endpoint
ep4(guint8 a, guint8 b, guint8 c, guint8 d, guint16 port)
{
    fax_endpoint e;
    memset(&e, 0, sizeof e);
    e.family = 4;
    e.addr[0] = a; e.addr[1] = b; e.addr[2] = c; e.addr[3] = d;
    e.port = port;
    return e;
}

static void
test_pair_both_directions(void)
{
    fax_endpoint x = ep4(10, 0, 0, 1, 4000), y = ep4(10, 0, 0, 2, 5000);
    fax_endpoint_pair k1, k2;
    g_assert_true(fax_endpoint_pair_make(&x, &y, &k1));    /* x is lower */
    g_assert_false(fax_endpoint_pair_make(&y, &x, &k2));
    g_assert_true(fax_endpoint_pair_equal(&k1, &k2));
    g_assert_cmpuint(fax_endpoint_pair_hash(&k1), ==, fax_endpoint_pair_hash(&k2));
    g_assert_true(fax_endpoint_equal(&k1.lo, &x));
    g_assert_true(fax_endpoint_equal(&k1.hi, &y));

    /* a different port is a different stream */
    fax_endpoint z = ep4(10, 0, 0, 2, 5002);
    fax_endpoint_pair k3;
    fax_endpoint_pair_make(&x, &z, &k3);
    g_assert_false(fax_endpoint_pair_equal(&k1, &k3));
}

static void
test_order_and_addr(void)
{
    fax_endpoint a = ep4(10, 0, 0, 1, 4000), b = ep4(10, 0, 0, 1, 4002);
    g_assert_cmpint(fax_endpoint_cmp(&a, &b), <, 0);
    g_assert_cmpint(fax_endpoint_cmp(&b, &a), >, 0);
    g_assert_cmpint(fax_endpoint_cmp(&a, &a), ==, 0);
    g_assert_true(fax_endpoint_same_addr(&a, &b));
    g_assert_false(fax_endpoint_equal(&a, &b));
    /* the same pair with equal endpoints (a stream to itself) is still a key */
    fax_endpoint_pair k;
    g_assert_true(fax_endpoint_pair_make(&a, &a, &k));
}

static void
test_format(void)
{
    char buf[64];
    fax_endpoint a = ep4(192, 168, 1, 20, 4441);
    fax_endpoint_format(&a, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "192.168.1.20:4441");

    fax_endpoint b;
    memset(&b, 0, sizeof b);
    b.family = 6;
    b.addr[0] = 0x20; b.addr[1] = 0x01; b.addr[2] = 0x0d; b.addr[3] = 0xb8;
    b.addr[15] = 1;
    b.port = 5004;
    fax_endpoint_format(&b, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "[2001:db8:0:0:0:0:0:1]:5004");

    fax_endpoint u;
    memset(&u, 0, sizeof u);
    u.port = 7;
    fax_endpoint_format(&u, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "?:7");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fax-endpoint/pair-both-directions", test_pair_both_directions);
    g_test_add_func("/fax-endpoint/order-and-addr", test_order_and_addr);
    g_test_add_func("/fax-endpoint/format", test_format);
    return g_test_run();
}
