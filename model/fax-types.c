/* fax-types.c: human names of the shared T.38 vocabulary.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-types.h"

/* T.38 (2002) Annex A T30-indicator, in enumeration order. */
static const char *const indicator_names[FAX_IND_COUNT] = {
    "no-signal",
    "CNG",
    "CED",
    "V.21 preamble",
    "V.27ter 2400 training",
    "V.27ter 4800 training",
    "V.29 7200 training",
    "V.29 9600 training",
    "V.17 7200 short training",
    "V.17 7200 long training",
    "V.17 9600 short training",
    "V.17 9600 long training",
    "V.17 12000 short training",
    "V.17 12000 long training",
    "V.17 14400 short training",
    "V.17 14400 long training",
    "V.8 ANSam",
    "V.8 signal",
    "V.34 control channel 1200",
    "V.34 primary channel",
    "V.34 CC retrain",
    "V.33 12000 training",
    "V.33 14400 training",
};

/* T.38 (2002) Annex A T30-data, in enumeration order, with bit rates. */
static const struct {
    const char *name;
    guint32     rate;
} modems[FAX_MODEM_COUNT] = {
    { "V.21",                 0 },   /* 300 bit/s control channel */
    { "V.27ter 2400",      2400 },
    { "V.27ter 4800",      4800 },
    { "V.29 7200",         7200 },
    { "V.29 9600",         9600 },
    { "V.17 7200",         7200 },
    { "V.17 9600",         9600 },
    { "V.17 12000",       12000 },
    { "V.17 14400",       14400 },
    { "V.8",                  0 },
    { "V.34 primary rate",    0 },   /* rate negotiated in V.34 itself */
    { "V.34 CC 1200",      1200 },
    { "V.34 primary channel", 0 },
    { "V.33 12000",       12000 },
    { "V.33 14400",       14400 },
    { "V.29",                 0 },   /* trained as V.29, rate not in the training */
    { "V.17",                 0 },
};

const char *
fax_indicator_name(fax_indicator ind)
{
    if ((guint)ind < FAX_IND_COUNT)
        return indicator_names[ind];
    return "unknown indicator";
}

const char *
fax_modem_name(fax_modem m)
{
    if ((guint)m < FAX_MODEM_COUNT)
        return modems[m].name;
    if (m == FAX_MODEM_NONE)
        return "none";
    return "unknown modem";
}

guint32
fax_modem_rate(fax_modem m)
{
    if ((guint)m < FAX_MODEM_COUNT)
        return modems[m].rate;
    return 0;
}
