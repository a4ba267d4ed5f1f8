/* fax-endpoint.c: UDP endpoints and endpoint pairs as hash keys, their
 * order, and their text form (see fax-endpoint.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-endpoint.h"

#include <string.h>

guint
fax_endpoint_hash(gconstpointer p)
{
    const fax_endpoint *e = p;
    guint h = e->family * 131u + e->port;
    guint n = e->family == 6 ? 16 : 4;
    for (guint i = 0; i < n; i++)
        h = h * 31u + e->addr[i];
    return h;
}

gboolean
fax_endpoint_equal(gconstpointer a, gconstpointer b)
{
    const fax_endpoint *x = a, *y = b;
    return x->family == y->family && x->port == y->port &&
           memcmp(x->addr, y->addr, x->family == 6 ? 16 : 4) == 0;
}

int
fax_endpoint_cmp(const fax_endpoint *x, const fax_endpoint *y)
{
    if (x->family != y->family)
        return x->family < y->family ? -1 : 1;
    int c = memcmp(x->addr, y->addr, 16);
    if (c != 0)
        return c;
    return x->port == y->port ? 0 : (x->port < y->port ? -1 : 1);
}

gboolean
fax_endpoint_same_addr(const fax_endpoint *x, const fax_endpoint *y)
{
    return x->family == y->family && memcmp(x->addr, y->addr, x->family == 6 ? 16 : 4) == 0;
}

void
fax_endpoint_format(const fax_endpoint *e, char *buf, gsize size)
{
    if (e->family == 4) {
        g_snprintf(buf, size, "%u.%u.%u.%u:%u", e->addr[0], e->addr[1],
                   e->addr[2], e->addr[3], e->port);
    } else if (e->family == 6) {
        char a[48];
        gsize o = 0;
        for (int i = 0; i < 16; i += 2)
            o += g_snprintf(a + o, sizeof a - o, "%s%x", i ? ":" : "",
                            (e->addr[i] << 8) | e->addr[i + 1]);
        g_snprintf(buf, size, "[%s]:%u", a, e->port);
    } else {
        g_snprintf(buf, size, "?:%u", e->port);
    }
}

gboolean
fax_endpoint_pair_make(const fax_endpoint *src, const fax_endpoint *dst,
                       fax_endpoint_pair *key)
{
    gboolean src_lo = fax_endpoint_cmp(src, dst) <= 0;
    key->lo = src_lo ? *src : *dst;
    key->hi = src_lo ? *dst : *src;
    return src_lo;
}

guint
fax_endpoint_pair_hash(gconstpointer p)
{
    const fax_endpoint_pair *k = p;
    return fax_endpoint_hash(&k->lo) * 17u ^ fax_endpoint_hash(&k->hi);
}

gboolean
fax_endpoint_pair_equal(gconstpointer a, gconstpointer b)
{
    const fax_endpoint_pair *x = a, *y = b;
    return fax_endpoint_equal(&x->lo, &y->lo) && fax_endpoint_equal(&x->hi, &y->hi);
}
