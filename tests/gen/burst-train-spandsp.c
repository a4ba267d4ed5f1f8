/* burst-train-spandsp: model/burst-train.c against spandsp's modems: every
 * rate of V.17, V.29 and V.27ter, through G.711 (mu-law and A-law), is
 * named by the first 20 ms blocks of its training (V.17/V.29 without the
 * rate, V.27ter with it), and nothing is named in the scrambled data
 * after the training, in V.21, in a 1800 Hz tone or in silence.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "burst-train.h"
#include "g711.h"
#include "burst-train-spandsp-sp.h"

/* the first block whose samples start the signal, classified */
static fax_modem
first_blocks(const gint16 *x, guint n, guint *onset)
{
    guint i = 0;
    while (i < n && abs(x[i]) < 50)
        i++;
    *onset = i;
    for (guint b = 0; b < 4 && i + 160 <= n; b++, i += 160) {
        fax_modem m = burst_train_classify(x + i, 160);
        if (m != FAX_MODEM_NONE)
            return m;
    }
    return FAX_MODEM_NONE;
}

static void
through_g711(gint16 *x, guint n, g711_law law)
{
    guint8 c[160];
    for (guint i = 0; i + 160 <= n; i += 160) {
        g711_encode_samples(law, x + i, 160, c);
        g711_decode_codes(law, c, 160, x + i);
    }
}

int
main(void)
{
    static const struct { sp_modem m; int rate; fax_modem want; } cases[] = {
        { SP_V17, 14400, FAX_MODEM_V17_RATE_UNKNOWN }, { SP_V17, 12000, FAX_MODEM_V17_RATE_UNKNOWN },
        { SP_V17, 9600, FAX_MODEM_V17_RATE_UNKNOWN },  { SP_V17, 7200, FAX_MODEM_V17_RATE_UNKNOWN },
        { SP_V29, 9600, FAX_MODEM_V29_RATE_UNKNOWN },  { SP_V29, 7200, FAX_MODEM_V29_RATE_UNKNOWN },
        { SP_V29, 4800, FAX_MODEM_V29_RATE_UNKNOWN },
        { SP_V27TER, 4800, FAX_MODEM_V27_4800 },       { SP_V27TER, 2400, FAX_MODEM_V27_2400 },
    };
    const guint n = 8000 * 3;
    gint16 *x = g_new(gint16, n);
    int bad = 0;
    for (guint k = 0; k < G_N_ELEMENTS(cases); k++)
        for (int law = 0; law < 2; law++) {
            sp_modem_tx(cases[k].m, cases[k].rate, x, n);
            through_g711(x, n, law ? FAX_G711_ALAW : FAX_G711_ULAW);
            guint onset;
            fax_modem got = first_blocks(x, n, &onset);
            /* 1.5 s later: scrambled data, no training */
            guint wrong = 0;
            for (guint i = 12000; i + 160 <= n; i += 160)
                if (burst_train_classify(x + i, 160) != FAX_MODEM_NONE)
                    wrong++;
            g_print("%s %5d %s: onset %u, training -> %s; data blocks named: %u\n",
                    cases[k].m == SP_V17 ? "V.17   " : cases[k].m == SP_V29 ? "V.29   " : "V.27ter",
                    cases[k].rate, law ? "A-law " : "mu-law", onset, fax_modem_name(got), wrong);
            if (got != cases[k].want || wrong != 0) {
                g_print("FAIL: want %s and no data block named\n", fax_modem_name(cases[k].want));
                bad++;
            }
        }
    /* not trainings: V.21 flags, an 1800 Hz tone, silence */
    for (guint i = 0; i < n; i++)
        x[i] = (gint16)(8000 * sin(2 * G_PI * ((i / 27) % 2 ? 1650.0 : 1850.0) * i / 8000.0));
    for (guint i = 0; i + 160 <= n; i += 160)
        if (burst_train_classify(x + i, 160) != FAX_MODEM_NONE) {
            g_print("FAIL: V.21 named\n");
            bad++;
            break;
        }
    for (guint i = 0; i < n; i++)
        x[i] = (gint16)(8000 * sin(2 * G_PI * 1800.0 * i / 8000.0));
    if (burst_train_classify(x, 160) != FAX_MODEM_NONE) {
        g_print("FAIL: 1800 Hz named\n");
        bad++;
    }
    memset(x, 0, n * sizeof *x);
    if (burst_train_classify(x, 160) != FAX_MODEM_NONE) {
        g_print("FAIL: silence named\n");
        bad++;
    }
    g_free(x);
    return bad ? 1 : 0;
}
