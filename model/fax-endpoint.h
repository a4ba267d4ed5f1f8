/* fax-endpoint.h: one UDP endpoint (address family, address, port) and the
 * unordered pair of two of them, the key of a T.38 stream whatever its
 * direction.  The registry and the discovery key their tables by these, with
 * the one hash, equality and order defined here.
 *
 * Plain C + GLib; no Wireshark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_ENDPOINT_H
#define FAX_ENDPOINT_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    guint8  family;        /* 4 or 6; 0 = unknown */
    guint8  addr[16];
    guint16 port;
} fax_endpoint;

/* fax_endpoint as a hash key (GHashFunc / GEqualFunc), and a total order */
guint    fax_endpoint_hash(gconstpointer e);
gboolean fax_endpoint_equal(gconstpointer a, gconstpointer b);
int      fax_endpoint_cmp(const fax_endpoint *x, const fax_endpoint *y);

/* Same family and address, any port. */
gboolean fax_endpoint_same_addr(const fax_endpoint *x, const fax_endpoint *y);

/* "10.0.0.1:4441" / "[2001:db8::1]:4441" */
void fax_endpoint_format(const fax_endpoint *e, char *buf, gsize size);

/* The two endpoints of a datagram, lower first (fax_endpoint_cmp): the same
 * key for both directions of a stream. */
typedef struct {
    fax_endpoint lo, hi;
} fax_endpoint_pair;

/* Fill *key from a datagram's src and dst; TRUE when src is key->lo. */
gboolean fax_endpoint_pair_make(const fax_endpoint *src, const fax_endpoint *dst,
                                fax_endpoint_pair *key);
/* fax_endpoint_pair as a hash key (GHashFunc / GEqualFunc) */
guint    fax_endpoint_pair_hash(gconstpointer p);
gboolean fax_endpoint_pair_equal(gconstpointer a, gconstpointer b);

G_END_DECLS

#endif /* FAX_ENDPOINT_H */
