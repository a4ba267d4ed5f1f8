/* passthru-bare.c: G.711 audio that no signalling in the capture announced
 * (an H.323, SCCP or MGCP call whose signalling is elsewhere, a capture
 * filtered on the media, a SIP call whose INVITE came before the capture)
 * but in which the glue heard a fax tone.  The stream pair gets a dialog of
 * its own, keyed by its two endpoints, so that the G.711 pass-through watch
 * (passthru-watch.c) follows it like the audio of a SIP dialog; it becomes
 * a fax call only when a T.30 frame is heard, as there.  Side A is the
 * sender of the packet the tone was heard in.
 *
 * A SIP dialog the capture holds from mid-call on (no INVITE, so no audio
 * SDP) whose signalling runs between the same two hosts takes the stream
 * instead, when it is the only such dialog: the fax then is that call's
 * (its T.38 refused, the fax went on in the audio).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-registry-int.h"

#include <string.h>

/* The endpoint as an SDP media line would give it, for the audio table. */
static sdp_media
media_of(const fax_endpoint *e)
{
    sdp_media m;
    memset(&m, 0, sizeof m);
    m.conn.family = e->family;
    memcpy(m.conn.bytes, e->addr, sizeof m.conn.bytes);
    m.port = e->port;
    return m;
}

/* The one mid-call SIP dialog with no audio SDP between these hosts; *a_is_src:
 * src is its side A's host. */
static fax_dialog *
mid_call_dialog(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst, gboolean *a_is_src)
{
    fax_dialog *found = NULL;
    guint n = 0;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, r->dialogs);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        fax_dialog *d = v;
        if (d->origin != FAX_ORIGIN_SIP || d->invite_frame != 0 || d->audio_announced ||
            d->audio[0] != NULL)
            continue;
        gboolean fwd = fax_endpoint_same_addr(&d->sig[FAX_SIDE_A], src) &&
                       fax_endpoint_same_addr(&d->sig[FAX_SIDE_B], dst);
        gboolean rev = fax_endpoint_same_addr(&d->sig[FAX_SIDE_A], dst) &&
                       fax_endpoint_same_addr(&d->sig[FAX_SIDE_B], src);
        if (fwd || rev) {
            found = d;
            *a_is_src = fwd;
            n++;
        }
    }
    return n == 1 ? found : NULL;
}

gboolean
fax_registry_rtp_found(fax_registry *r, const fax_endpoint *src, const fax_endpoint *dst)
{
    if (g_hash_table_lookup(r->audio, src) || g_hash_table_lookup(r->audio, dst))
        return FALSE;               /* announced, or found already */
    sdp_media ms = media_of(src), md = media_of(dst);
    gboolean a_is_src = FALSE;
    fax_dialog *sip = mid_call_dialog(r, src, dst, &a_is_src);
    if (sip) {
        passthru_bind_audio(r, sip, a_is_src ? FAX_SIDE_A : FAX_SIDE_B, &ms);
        passthru_bind_audio(r, sip, a_is_src ? FAX_SIDE_B : FAX_SIDE_A, &md);
        return TRUE;
    }
    fax_endpoint_pair key;
    fax_endpoint_pair_make(src, dst, &key);
    char a[64], b[64];
    fax_endpoint_format(&key.lo, a, sizeof a);
    fax_endpoint_format(&key.hi, b, sizeof b);
    char *id = g_strdup_printf("rtp:%s|%s", a, b);
    if (g_hash_table_lookup(r->dialogs, id) || g_hash_table_size(r->dialogs) >= FAX_MAX_DIALOGS) {
        r->truncated = r->truncated || !g_hash_table_lookup(r->dialogs, id);
        g_free(id);
        return FALSE;
    }
    fax_dialog *d = g_new0(fax_dialog, 1);
    d->origin = FAX_ORIGIN_UDPTL;       /* no signalling */
    d->call_id = id;
    d->bare_media[FAX_SIDE_A] = *src;
    d->bare_media[FAX_SIDE_B] = *dst;
    g_hash_table_insert(r->dialogs, d->call_id, d);
    passthru_bind_audio(r, d, FAX_SIDE_A, &ms);     /* A receives where it sends from */
    passthru_bind_audio(r, d, FAX_SIDE_B, &md);
    return TRUE;
}
