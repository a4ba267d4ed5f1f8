/* t30-fcf.h: the T.30 facsimile control field, its values, names and classes
 * (T.30 5.3.6.1, Table 1; Annex A for the ECM frames).  FCF values are the
 * canonical encoding described in fax-types.h (the octet as in T.38 HDLC
 * data), with the X bit (0x80) masked except in the DIS/DTC group, where the
 * first bit tells DIS (0x01) from DTC (0x81).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef T30_FCF_H
#define T30_FCF_H

#include <glib.h>

G_BEGIN_DECLS

/* T.30 5.3.6.1: first group, sent by the called station (no X bit) */
#define T30_FCF_DIS     0x01
#define T30_FCF_CSI     0x02
#define T30_FCF_NSF     0x04
/* DTC group, sent by a station wanting to receive (polling) */
#define T30_FCF_DTC     0x81
#define T30_FCF_CIG     0x82
#define T30_FCF_PWD     0x83
#define T30_FCF_NSC     0x84
#define T30_FCF_SEP     0x85
#define T30_FCF_PSA     0x86
#define T30_FCF_CIA     0x87
#define T30_FCF_ISP     0x88
/* responses of the receiver (X bit masked) */
#define T30_FCF_CFR     0x21
#define T30_FCF_FTT     0x22
#define T30_FCF_CTR     0x23
#define T30_FCF_CSA     0x24
#define T30_FCF_MCF     0x31
#define T30_FCF_RTN     0x32
#define T30_FCF_RTP     0x33
#define T30_FCF_PIN     0x34
#define T30_FCF_PIP     0x35
#define T30_FCF_PID     0x36
#define T30_FCF_RNR     0x37
#define T30_FCF_ERR     0x38
#define T30_FCF_PPR     0x3D
#define T30_FCF_FDM     0x3F
/* commands of the transmitter */
#define T30_FCF_DCS     0x41
#define T30_FCF_TSI     0x42
#define T30_FCF_SUB     0x43
#define T30_FCF_NSS     0x44
#define T30_FCF_SID     0x45
#define T30_FCF_TSA     0x46
#define T30_FCF_IRA     0x47
#define T30_FCF_CTC     0x48
#define T30_FCF_FNV     0x53
#define T30_FCF_TR      0x56
#define T30_FCF_TNR     0x57
#define T30_FCF_CRP     0x58
#define T30_FCF_DNK     0x59
#define T30_FCF_DCN     0x5F
/* T.30 Annex A (ECM) / T.4 Annex A: not control messages */
#define T30_FCF_FCD     0x60
#define T30_FCF_RCP     0x61
/* post-message commands (T.30 5.3.6.1.4) */
#define T30_FCF_EOM     0x71
#define T30_FCF_MPS     0x72
#define T30_FCF_EOR     0x73
#define T30_FCF_EOP     0x74
#define T30_FCF_RR      0x76
#define T30_FCF_EOS     0x78
#define T30_FCF_PRI_EOM 0x79
#define T30_FCF_PRI_MPS 0x7A
#define T30_FCF_PRI_EOP 0x7C
#define T30_FCF_PPS     0x7D

/* Canonical FCF of an HDLC FCF octet; *x_bit (may be NULL) gets the X bit
 * (always FALSE in the DIS/DTC group). */
gint     t30_fcf_canonical(guint8 octet, gboolean *x_bit);
/* Names */
const char *t30_fcf_name(gint fcf);          /* "DCS"; NULL for an unknown FCF */
const char *t30_fcf_description(gint fcf);   /* "Digital Command Signal" */

gboolean t30_fcf_known(gint fcf);
/* MPS/EOM/EOP/PRI-x: end of a page (non-ECM), or the octet in a PPS FIF */
gboolean t30_fcf_is_post_page(gint fcf);
/* MCF/RTN/RTP/PIP/PIN/PPR/ERR...: answers to a post-page command */
gboolean t30_fcf_is_post_page_answer(gint fcf);
/* FCD/RCP: T.4 Annex A ECM data frames */
gboolean t30_fcf_is_ecm_data(gint fcf);

/* T.4 ECM frame numbers and PPS counters travel least significant bit first:
 * in T.38 octet order they are bit-reversed. */
guint8   t30_bit_reverse(guint8 b);

G_END_DECLS

#endif /* T30_FCF_H */
