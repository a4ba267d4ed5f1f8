/* fax-registry.c: the registry proper: its tables, the calls in order of
 * their first frame, their verdicts at the end of the capture (see
 * fax-registry.h; SIP, UDPTL, RTP and discovery input live in their own
 * files, fax-registry-int.h lists them).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-registry-int.h"

#include <string.h>

static void
call_free(gpointer p)
{
    fax_call_free(p);
}

fax_registry *
fax_registry_new(void)
{
    fax_registry *r = g_new0(fax_registry, 1);
    r->dialogs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, sip_dialog_free);
    r->bindings = g_hash_table_new_full(fax_endpoint_hash, fax_endpoint_equal, g_free, g_free);
    r->bare = g_hash_table_new_full(fax_endpoint_pair_hash, fax_endpoint_pair_equal,
                                    g_free, NULL);
    r->calls = g_ptr_array_new_with_free_func(call_free);
    r->audio = g_hash_table_new_full(fax_endpoint_hash, fax_endpoint_equal, g_free, g_free);
    r->found = g_hash_table_new_full(fax_endpoint_pair_hash, fax_endpoint_pair_equal,
                                     g_free, g_free);
    h323_registry_init(r);
    mgcp_registry_init(r);
    return r;
}

void
fax_registry_set_pages(fax_registry *r, gboolean on)
{
    r->pages = on;
}

void
fax_registry_free(fax_registry *r)
{
    if (!r)
        return;
    g_hash_table_destroy(r->dialogs);
    g_hash_table_destroy(r->bindings);
    g_hash_table_destroy(r->bare);
    g_hash_table_destroy(r->audio);
    g_hash_table_destroy(r->found);
    g_ptr_array_free(r->calls, TRUE);
    h323_registry_free(r);
    mgcp_registry_free(r);
    g_free(r);
}

guint
fax_registry_count(const fax_registry *r)
{
    return r->calls->len;
}

fax_call *
fax_registry_call(const fax_registry *r, guint id)
{
    if (id == 0 || id > r->calls->len)
        return NULL;
    return g_ptr_array_index(r->calls, id - 1);
}

gboolean
fax_registry_truncated(const fax_registry *r)
{
    return r->truncated;
}

fax_call *
registry_call_new(fax_registry *r, fax_origin origin, guint32 frame, double t)
{
    if (r->calls->len >= FAX_MAX_CALLS) {
        r->truncated = TRUE;
        return NULL;
    }
    fax_call *c = fax_call_new(r->calls->len + 1, origin, frame, t, r->pages);
    g_ptr_array_add(r->calls, c);
    return c;
}

fax_call *
registry_bare_new(fax_registry *r, const fax_endpoint_pair *key,
                  const fax_endpoint *src, const fax_endpoint *dst,
                  guint32 frame, double t)
{
    fax_call *c = registry_call_new(r, FAX_ORIGIN_UDPTL, frame, t);
    if (!c)
        return NULL;
    c->seen_src[FAX_SIDE_A] = *src;
    c->seen_src[FAX_SIDE_B] = *dst;
    g_hash_table_insert(r->bare, g_memdup2(key, sizeof *key), c);
    return c;
}

void
fax_registry_finish(fax_registry *r)
{
    if (!r->dirty)
        return;
    for (guint i = 0; i < r->calls->len; i++) {
        fax_call *c = g_ptr_array_index(r->calls, i);
        h323_join(r, c);
        sip_over_tls_explain(r, c);
        fax_call_verdict(c);
    }
    r->dirty = FALSE;
}

void
registry_endpoint_from_sdp(const sdp_media *m, fax_endpoint *e)
{
    memset(e, 0, sizeof *e);
    e->family = m->conn.family;
    memcpy(e->addr, m->conn.bytes, sizeof e->addr);
    e->port = m->port;
}
