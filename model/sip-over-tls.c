/* sip-over-tls.c: SIP over TLS flows (RFC 3261 26.2, port 5061) and whether
 * Wireshark could read the SIP in them.  What a fax call with no
 * signalling in the capture can say about it: "signalling encrypted: SIP
 * over TLS to 10.0.0.1:5061, 14 TLS packets, no key log".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-registry-int.h"

#include <string.h>

/* The flow of server, added if there is room (NULL: table full). */
static fax_tls_flow *
flow_of(fax_registry *r, const fax_endpoint *server)
{
    for (guint i = 0; i < r->n_tls; i++)
        if (fax_endpoint_equal(&r->tls[i].server, server))
            return &r->tls[i];
    if (r->n_tls >= FAX_MAX_TLS_SERVERS) {
        r->truncated = TRUE;
        return NULL;
    }
    fax_tls_flow *f = &r->tls[r->n_tls++];
    memset(f, 0, sizeof *f);
    f->server = *server;
    return f;
}

void
fax_registry_sip_encrypted(fax_registry *r, const fax_endpoint *server,
                           const fax_endpoint *client, guint32 frame)
{
    fax_tls_flow *f = flow_of(r, server);
    if (!f)
        return;
    if (f->packets++ == 0) {
        f->first_frame = frame;
        f->client = *client;
    }
    f->last_frame = frame;
    r->dirty = TRUE;
}

void
fax_registry_sip_decrypted(fax_registry *r, const fax_endpoint *server)
{
    fax_tls_flow *f = flow_of(r, server);
    if (f)
        f->decrypted = TRUE;
}

const fax_tls_flow *
fax_registry_tls_flows(const fax_registry *r, guint *n)
{
    *n = r->n_tls;
    return r->tls;
}

static gboolean
same_host(const fax_endpoint *a, const fax_endpoint *b)
{
    return a->family == b->family && memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16) == 0;
}

/* A call with no signalling: the undecrypted SIP-over-TLS flow between the
 * hosts of its media if there is one, else the busiest undecrypted flow. */
void
sip_over_tls_explain(fax_registry *r, fax_call *c)
{
    c->enc_sip_found = FALSE;
    if (c->origin != FAX_ORIGIN_UDPTL)
        return;
    const fax_tls_flow *best = NULL;
    gboolean best_same = FALSE;
    for (guint i = 0; i < r->n_tls; i++) {
        const fax_tls_flow *f = &r->tls[i];
        if (f->decrypted || f->packets == 0)
            continue;
        gboolean same = FALSE;
        for (int sd = 0; sd < 2; sd++)
            same = same || same_host(&f->server, &c->seen_src[sd]) || same_host(&f->client, &c->seen_src[sd]);
        if (!best || (same && !best_same) || (same == best_same && f->packets > best->packets)) {
            best = f;
            best_same = same;
        }
    }
    if (!best)
        return;
    c->enc_sip_found = TRUE;
    c->enc_sip = *best;
    c->enc_sip_same_hosts = best_same;
}
