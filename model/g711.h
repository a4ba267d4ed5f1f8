/* g711.h: ITU-T G.711 companding, µ-law (PCMU, RTP payload type 0) and
 * A-law (PCMA, payload type 8), to and from 16-bit linear samples.
 *
 * Plain C + GLib, no state, no tables built at run time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef G711_H
#define G711_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    FAX_G711_ULAW = 0,   /* RFC 3551 PCMU, payload type 0 */
    FAX_G711_ALAW = 8    /* RFC 3551 PCMA, payload type 8 */
} g711_law;

/* the code of silence (linear 0) in each law */
#define FAX_G711_ULAW_SILENCE 0xFF
#define FAX_G711_ALAW_SILENCE 0xD5

gint16 g711_ulaw_to_linear(guint8 u);
gint16 g711_alaw_to_linear(guint8 a);
guint8 g711_linear_to_ulaw(gint16 pcm);
guint8 g711_linear_to_alaw(gint16 pcm);

/* n codes of one law to linear samples; out holds n */
void g711_decode_codes(g711_law law, const guint8 *in, guint n, gint16 *out);
void g711_encode_samples(g711_law law, const gint16 *in, guint n, guint8 *out);

G_END_DECLS

#endif /* G711_H */
