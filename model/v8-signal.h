/* v8-signal.h: the V.8 messages (ITU-T V.8 clause 5: CI, CM, JM) read from
 * the bits of a V.21 demodulator: CI and CM from the calling terminal on
 * V.21 channel 1, JM from the answering one on channel 2, 300 bit/s, each
 * octet framed by a start bit (0) and a stop bit (1), least significant
 * bit first, every sequence opened by ten ones and a synchronisation
 * octet.  A message counts when two consecutive sequences are identical
 * (V.8 7.4 / 8.1).
 *
 * Plain C + GLib; no Wireshark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef V8_SIGNAL_H
#define V8_SIGNAL_H

#include <glib.h>

G_BEGIN_DECLS

/* V.8 Table 2/3: call functions (bits 6-8 of the call function octet) */
typedef enum {
    V8_CF_TBS = 0, V8_CF_H324 = 1, V8_CF_V18 = 2, V8_CF_T101 = 3,
    V8_CF_T30_TX = 4,          /* facsimile, calling terminal sends */
    V8_CF_T30_RX = 5,          /* facsimile, calling terminal receives */
    V8_CF_V_SERIES = 6,        /* data modem */
    V8_CF_EXTENSION = 7
} v8_call_function;

/* V.8 Table 4: modulation modes (the modulation octets' bits) */
enum {
    V8_MODN_V34HDX  = 1u << 0, V8_MODN_V34 = 1u << 1, V8_MODN_V90 = 1u << 2,
    V8_MODN_V27TER  = 1u << 3, V8_MODN_V29 = 1u << 4, V8_MODN_V17 = 1u << 5,
    V8_MODN_V22     = 1u << 6, V8_MODN_V32 = 1u << 7, V8_MODN_V21 = 1u << 8,
    V8_MODN_V23HDX  = 1u << 9, V8_MODN_V23 = 1u << 10, V8_MODN_V26BIS = 1u << 11,
    V8_MODN_V26TER  = 1u << 12
};

typedef enum { V8_MSG_NONE = 0, V8_MSG_CI, V8_MSG_CM_JM } v8_msg_kind;

#define V8_MAX_OCTETS 24

typedef struct {
    v8_msg_kind kind;
    gboolean    has_call_function;
    v8_call_function call_function;
    gboolean    has_modulations;
    guint32     modulations;   /* V8_MODN_* */
} v8_message;

typedef struct {
    guint32     window;        /* the last 20 bits, newest in bit 19 */
    v8_msg_kind seq_kind;      /* the sequence being read, or NONE */
    guint       nbit;          /* bits of the current character so far */
    guint16     ch;
    guint8      cur[V8_MAX_OCTETS];
    guint       n;
    v8_msg_kind prev_kind;
    guint8      prev[V8_MAX_OCTETS];
    guint       prev_n;
    gboolean    accepted;      /* a message was accepted (then ignores repeats) */
} v8_reader;

void v8_reader_init(v8_reader *r);
/* One demodulated bit.  TRUE when it completes the second identical
 * sequence of a message: *out holds it. */
gboolean v8_reader_bit(v8_reader *r, guint bit, v8_message *out);
/* The carrier dropped: the sequence being read ends there. */
gboolean v8_reader_end(v8_reader *r, v8_message *out);

/* Decode the octets of one sequence (after the synchronisation octet). */
void v8_decode(v8_msg_kind kind, const guint8 *oct, guint n, v8_message *out);

const char *v8_call_function_name(v8_call_function cf);
/* "V.34 half-duplex, V.17, V.29, V.27ter" (buf of size) */
void v8_modulations_text(guint32 modulations, char *buf, gsize size);

G_END_DECLS

#endif /* V8_SIGNAL_H */
