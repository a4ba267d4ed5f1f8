/* sdp.h: SDP (RFC 4566) media lines and the T.38 attributes (T.38 Annex D /
 * RFC 3362 usage) faxcalls needs.  No Wireshark include; bounds-checked.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SDP_H
#define SDP_H

#include <glib.h>
#include "wire-status.h"

G_BEGIN_DECLS

#define SDP_MAX_MEDIA 8

typedef enum { SDP_DIR_SENDRECV = 0, SDP_DIR_SENDONLY, SDP_DIR_RECVONLY, SDP_DIR_INACTIVE } sdp_dir;

typedef struct {
    guint8 family;       /* 4 or 6; 0 if none/unparsable */
    guint8 bytes[16];    /* network order */
} sdp_addr;

typedef struct {
    char     media[12];      /* "audio", "image", ... */
    guint16  port;           /* 0 = rejected/disabled stream */
    char     proto[24];      /* "udptl", "RTP/AVP", "TCP/TPKT/T38", ... */
    char     fmt[48];        /* format list as written: "t38", "0 8 101" */
    sdp_addr conn;           /* media c= or else session c= */
    sdp_dir  dir;
    gboolean is_t38;         /* m=image <port> udptl t38 (or tcp variants) */
    /* T.38 attributes (-1 / 0 / "" when absent) */
    gint     t38_version;         /* T38FaxVersion */
    guint32  t38_max_bitrate;     /* T38MaxBitRate */
    char     t38_rate_mgmt[20];   /* T38FaxRateManagement: localTCF/transferredTCF */
    guint32  t38_max_buffer;      /* T38FaxMaxBuffer */
    guint32  t38_max_datagram;    /* T38FaxMaxDatagram */
    char     t38_udp_ec[20];      /* T38FaxUdpEC: t38UDPRedundancy/t38UDPFEC/t38UDPNoEC */
    gboolean t38_fill_bit_removal;
    gboolean t38_transcoding_mmr;
    gboolean t38_transcoding_jbig;
} sdp_media;

typedef struct {
    sdp_addr  session_conn;     /* session-level c= */
    char      origin_user[32];  /* o= username */
    guint     n_media;
    sdp_media media[SDP_MAX_MEDIA];
    gboolean  media_truncated;  /* more m= lines than SDP_MAX_MEDIA */
} sdp_info;

wire_status sdp_parse(const guint8 *buf, guint len, sdp_info *out);

/* Index of the first T.38 image media with a non-zero port, or -1. */
int sdp_t38_media(const sdp_info *s);

G_END_DECLS

#endif /* SDP_H */
