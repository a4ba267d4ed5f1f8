/* fax-idset.h: the set of fax call ids a tap listener saw, one bit per id.
 *
 * Call ids are small and dense (1, 2, 3 ... in order of the call's first
 * frame), and the listeners are called for every frame of every fax call:
 * a bit test and set is all the per-frame work (a GHashTable insert per
 * frame was measurable, bench/ and docs/PERFORMANCE.md).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FAX_IDSET_H
#define FAX_IDSET_H

#include <glib.h>
#include <string.h>

typedef struct {
    GByteArray *bits;
} fax_idset;

static inline void
fax_idset_init(fax_idset *s)
{
    s->bits = g_byte_array_new();
}

static inline void
fax_idset_clear(fax_idset *s)
{
    g_byte_array_set_size(s->bits, 0);
}

static inline void
fax_idset_free(fax_idset *s)
{
    if (s->bits)
        g_byte_array_free(s->bits, TRUE);
    s->bits = NULL;
}

static inline gboolean
fax_idset_has(const fax_idset *s, guint id)
{
    return (id >> 3) < s->bits->len && ((s->bits->data[id >> 3] >> (id & 7)) & 1);
}

static inline void
fax_idset_add(fax_idset *s, guint id)
{
    guint need = (id >> 3) + 1;
    if (s->bits->len < need) {
        guint old = s->bits->len;
        guint grow = need > 2 * old ? need : 2 * old;      /* amortised */
        g_byte_array_set_size(s->bits, grow);
        memset(s->bits->data + old, 0, grow - old);
    }
    s->bits->data[id >> 3] |= (guint8)(1u << (id & 7));
}

/* The ids in the set, in increasing order (call order). */
static inline GArray *
fax_idset_ids(const fax_idset *s)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint id = 0; id < s->bits->len * 8u; id++)
        if (fax_idset_has(s, id))
            g_array_append_val(ids, id);
    return ids;
}

#endif
