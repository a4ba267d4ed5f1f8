/* v8-spandsp: faxcalls' V.8 reading (model/v8-signal.c through
 * model/audio-fax.c) against spandsp's V.8 terminals: a calling and an
 * answering terminal negotiate (ANSam, CM, JM); their line signals, G.711
 * encoded in 20 ms RTP packets, are fed to a pair of audio_fax as the two
 * directions of a call; the CM and the JM faxcalls reads must carry the
 * call function and modulation modes spandsp was given.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include <glib.h>

#include "audio-fax.h"
#include "g711.h"
#include "v8-spandsp-sp.h"

/* spandsp's v8.h values (V.8 Table 3/4 as spandsp numbers them) */
#define SP_CALL_T30_TX 4
#define SP_MOD_V17     (1u << 0)
#define SP_MOD_V27TER  (1u << 7)
#define SP_MOD_V29     (1u << 8)

static void
no_event(const fax_event *ev, void *user)
{
    (void)ev;
    (void)user;
}

static int
check(unsigned sp_mods, guint32 want_mods)
{
    const guint n = 8000 * 6;
    gint16 *caller = g_new(gint16, n), *answerer = g_new(gint16, n);
    gboolean heard_jm, heard_cm;
    sp_v8_call(SP_CALL_T30_TX, sp_mods, caller, answerer, n, &heard_jm, &heard_cm);
    audio_fax *a = audio_fax_new(FAX_SIDE_A, no_event, NULL);
    audio_fax *b = audio_fax_new(FAX_SIDE_B, no_event, NULL);
    audio_fax_pair(a, b);
    guint8 pa[160], pb[160];
    for (guint i = 0; i + 160 <= n; i += 160) {
        guint k = i / 160;
        g711_encode_samples(FAX_G711_ULAW, caller + i, 160, pa);
        g711_encode_samples(FAX_G711_ULAW, answerer + i, 160, pb);
        audio_fax_packet(b, 2 * k + 1, k * 0.02, 2, (guint16)k, k * 160u, 0, pb, 160);
        audio_fax_packet(a, 2 * k + 2, k * 0.02, 1, (guint16)k, k * 160u, 0, pa, 160);
    }
    const audio_fax_stats *sa = audio_fax_get_stats(a), *sb = audio_fax_get_stats(b);
    int bad = 0;
    char t[128];
    v8_modulations_text(sa->v8.modulations, t, sizeof t);
    g_print("spandsp: caller heard JM %d, answerer heard CM %d; faxcalls: ANSam frame %u, "
            "CM frame %u (%s; %s), JM frame %u\n", heard_jm, heard_cm, sb->ansam_frame, sa->v8_frame,
            sa->v8.has_call_function ? v8_call_function_name(sa->v8.call_function) : "-", t, sb->v8_frame);
    if (!heard_cm || !heard_jm) {
        g_print("FAIL: spandsp's terminals did not complete V.8\n");
        bad++;
    }
    if (!sb->ansam_frame || !sa->v8_frame || !sb->v8_frame) {
        g_print("FAIL: ANSam, CM or JM not read\n");
        bad++;
    }
    if (sa->v8.call_function != V8_CF_T30_TX || sa->v8.modulations != want_mods) {
        g_print("FAIL: CM call function %d modulations 0x%x, want %d 0x%x\n", sa->v8.call_function,
                sa->v8.modulations, V8_CF_T30_TX, want_mods);
        bad++;
    }
    /* V.8 7.3: JM offers what both support: here the same set */
    if (sb->v8.modulations != want_mods) {
        g_print("FAIL: JM modulations 0x%x, want 0x%x\n", sb->v8.modulations, want_mods);
        bad++;
    }
    audio_fax_free(a);
    audio_fax_free(b);
    g_free(caller);
    g_free(answerer);
    return bad;
}

int
main(void)
{
    /* spandsp 0.0.6 offers only the modulations it implements: V.34 is
     * not among them (test-v8-signal.c reads the V.34 bits) */
    int bad = check(SP_MOD_V17 | SP_MOD_V29 | SP_MOD_V27TER, V8_MODN_V17 | V8_MODN_V29 | V8_MODN_V27TER);
    bad += check(SP_MOD_V29 | SP_MOD_V27TER, V8_MODN_V29 | V8_MODN_V27TER);
    return bad ? 1 : 0;
}
