/* t30-fcf.c: the T.30 facsimile control field table (T.30 5.3.6.1, Table 1,
 * Annex A).  Values checked against Wireshark's packet-t30.c (same octet
 * order) and spandsp's t30_fcf.h (bit-reversed).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "t30-fcf.h"
#include "t30-session.h"

typedef struct {
    guint8      fcf;
    const char *name;
    const char *description;
} t30_fcf_entry;

static const t30_fcf_entry fcf_table[] = {
    { T30_FCF_DIS,     "DIS",     "Digital Identification Signal" },
    { T30_FCF_CSI,     "CSI",     "Called Subscriber Identification" },
    { T30_FCF_NSF,     "NSF",     "Non-Standard Facilities" },
    { T30_FCF_CFR,     "CFR",     "Confirmation To Receive" },
    { T30_FCF_FTT,     "FTT",     "Failure To Train" },
    { T30_FCF_CTR,     "CTR",     "Response for Continue To Correct" },
    { T30_FCF_CSA,     "CSA",     "Called Subscriber Internet Address" },
    { T30_FCF_MCF,     "MCF",     "Message Confirmation" },
    { T30_FCF_RTN,     "RTN",     "Retrain Negative" },
    { T30_FCF_RTP,     "RTP",     "Retrain Positive" },
    { T30_FCF_PIN,     "PIN",     "Procedure Interrupt Negative" },
    { T30_FCF_PIP,     "PIP",     "Procedure Interrupt Positive" },
    { T30_FCF_PID,     "PID",     "Procedure Interrupt Disconnect" },
    { T30_FCF_RNR,     "RNR",     "Receive Not Ready" },
    { T30_FCF_ERR,     "ERR",     "Response for End of Retransmission" },
    { T30_FCF_PPR,     "PPR",     "Partial Page Request" },
    { T30_FCF_FDM,     "FDM",     "File Diagnostics Message" },
    { T30_FCF_DCS,     "DCS",     "Digital Command Signal" },
    { T30_FCF_TSI,     "TSI",     "Transmitting Subscriber Identification" },
    { T30_FCF_SUB,     "SUB",     "Subaddress" },
    { T30_FCF_NSS,     "NSS",     "Non-Standard facilities Set-up" },
    { T30_FCF_SID,     "SID",     "Sender Identification" },
    { T30_FCF_TSA,     "TSA",     "Transmitting Subscriber Internet Address" },
    { T30_FCF_IRA,     "IRA",     "Internet Routing Address" },
    { T30_FCF_CTC,     "CTC",     "Continue To Correct" },
    { T30_FCF_FNV,     "FNV",     "Field Not Valid" },
    { T30_FCF_TR,      "TR",      "Transmit Ready" },
    { T30_FCF_TNR,     "TNR",     "Transmit Not Ready" },
    { T30_FCF_CRP,     "CRP",     "Command Repeat" },
    { T30_FCF_DNK,     "DNK",     "Digital Not acKnowledge" },
    { T30_FCF_DCN,     "DCN",     "Disconnect" },
    { T30_FCF_FCD,     "FCD",     "Facsimile Coded Data" },
    { T30_FCF_RCP,     "RCP",     "Return to Control for Partial page" },
    { T30_FCF_EOM,     "EOM",     "End Of Message" },
    { T30_FCF_MPS,     "MPS",     "MultiPage Signal" },
    { T30_FCF_EOR,     "EOR",     "End Of Retransmission" },
    { T30_FCF_EOP,     "EOP",     "End Of Procedure" },
    { T30_FCF_RR,      "RR",      "Receive Ready" },
    { T30_FCF_EOS,     "EOS",     "End Of Selection" },
    { T30_FCF_PRI_EOM, "PRI-EOM", "Procedure Interrupt-End Of Message" },
    { T30_FCF_PRI_MPS, "PRI-MPS", "Procedure Interrupt-MultiPage Signal" },
    { T30_FCF_PRI_EOP, "PRI-EOP", "Procedure Interrupt-End Of Procedure" },
    { T30_FCF_PPS,     "PPS",     "Partial Page Signal" },
    { T30_FCF_DTC,     "DTC",     "Digital Transmit Command" },
    { T30_FCF_CIG,     "CIG",     "Calling Subscriber Identification" },
    { T30_FCF_PWD,     "PWD",     "Password" },
    { T30_FCF_NSC,     "NSC",     "Non-Standard facilities Command" },
    { T30_FCF_SEP,     "SEP",     "Selective Polling" },
    { T30_FCF_PSA,     "PSA",     "Polled Subaddress" },
    { T30_FCF_CIA,     "CIA",     "Calling Subscriber Internet Address" },
    { T30_FCF_ISP,     "ISP",     "Internet Selective Polling Address" },
};

guint8
t30_bit_reverse(guint8 b)
{
    b = (guint8)(((b & 0xF0) >> 4) | ((b & 0x0F) << 4));
    b = (guint8)(((b & 0xCC) >> 2) | ((b & 0x33) << 2));
    b = (guint8)(((b & 0xAA) >> 1) | ((b & 0x55) << 1));
    return b;
}

gint
t30_fcf_canonical(guint8 octet, gboolean *x_bit)
{
    /* T.30 5.3.6.1: the groups 0000 XXXX (DIS, CSI, NSF) and 1000 XXXX
     * (DTC, CIG, NSC...) use their first bit as part of the code; every
     * other FCF carries the X bit there. */
    if ((octet & 0x70) == 0) {
        if (x_bit)
            *x_bit = FALSE;
        return octet;
    }
    if (x_bit)
        *x_bit = (octet & 0x80) != 0;
    return octet & 0x7F;
}

static const t30_fcf_entry *
fcf_lookup(gint fcf)
{
    guint8 key;
    gsize i;

    if (fcf < 0 || fcf > 0xFF)
        return NULL;
    key = (guint8)t30_fcf_canonical((guint8)fcf, NULL);
    for (i = 0; i < G_N_ELEMENTS(fcf_table); i++)
        if (fcf_table[i].fcf == key)
            return &fcf_table[i];
    return NULL;
}

const char *
t30_fcf_name(gint fcf)
{
    const t30_fcf_entry *e = fcf_lookup(fcf);
    return e ? e->name : NULL;
}

const char *
t30_fcf_description(gint fcf)
{
    const t30_fcf_entry *e = fcf_lookup(fcf);
    return e ? e->description : NULL;
}

gboolean
t30_fcf_known(gint fcf)
{
    return fcf_lookup(fcf) != NULL;
}

gboolean
t30_fcf_is_post_page(gint fcf)
{
    switch (fcf) {
    case T30_FCF_MPS: case T30_FCF_EOM: case T30_FCF_EOP:
    case T30_FCF_PRI_MPS: case T30_FCF_PRI_EOM: case T30_FCF_PRI_EOP:
        return TRUE;
    default:
        return FALSE;
    }
}

gboolean
t30_fcf_is_post_page_answer(gint fcf)
{
    switch (fcf) {
    case T30_FCF_MCF: case T30_FCF_RTN: case T30_FCF_RTP:
    case T30_FCF_PIN: case T30_FCF_PIP: case T30_FCF_PPR:
    case T30_FCF_ERR:
        return TRUE;
    default:
        return FALSE;
    }
}

gboolean
t30_fcf_is_ecm_data(gint fcf)
{
    return fcf == T30_FCF_FCD || fcf == T30_FCF_RCP;
}
