/* fax-h323-taps.c: the H.323 facts that take an ASN.1 PER decoder, read
 * from Wireshark's own H.225 and H.245 dissectors through their taps: the
 * H.225.0 callIdentifier, H.245 tunnelling and Fast Start ("h225"), and
 * each H.245 message ("h245dg", one per MultimediaSystemControlMessage,
 * tunnelled or on its own connection).  The Q.931 part of H.225.0 (parties,
 * progress, release) is read in the first pass itself (packet-fax.c).
 *
 * Taps run after a frame's dissection, in every pass that runs them (not
 * tshark -2's first pass): these facts reach the model by the time the
 * reports are drawn, which is when they are used (h323-call.c joins a T.38
 * stream to its call when verdicts are computed).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/guid-utils.h>
#include <epan/dissectors/packet-h225.h>
#include <epan/dissectors/packet-h245.h>

#include "packet-fax.h"
#include "fax-payload.h"

static tap_packet_status
h225_packet(void *p _U_, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data,
            tap_flags_t flags _U_)
{
    const h225_packet_info *pi = data;
    fax_registry *r = fax_capture_registry();
    fax_endpoint src, dst;
    if (!r || !pi || pi->msg_type != H225_CS || !fax_tcp_endpoints(pinfo, &src, &dst))
        return TAP_PACKET_DONT_REDRAW;
    guint8 guid[16];
    /* e_guid_t as RFC 4122 octets: data1..3 big-endian, then data4 */
    guid[0] = (guint8)(pi->guid.data1 >> 24); guid[1] = (guint8)(pi->guid.data1 >> 16);
    guid[2] = (guint8)(pi->guid.data1 >> 8);  guid[3] = (guint8)pi->guid.data1;
    guid[4] = (guint8)(pi->guid.data2 >> 8);  guid[5] = (guint8)pi->guid.data2;
    guid[6] = (guint8)(pi->guid.data3 >> 8);  guid[7] = (guint8)pi->guid.data3;
    memcpy(guid + 8, pi->guid.data4, 8);
    fax_registry_h225_info(r, &src, &dst, guid, pi->is_h245Tunneling, pi->is_faststart);
    return TAP_PACKET_DONT_REDRAW;
}

/* The H.245 message class (H.245 6) from what the dissector says of it. */
static fax_h245_kind
h245_kind(const h245_packet_info *pi)
{
    switch (pi->msg_type) {
    case H245_OpenLogChn:    return FAX_H245_OLC;
    case H245_OpenLogChnAck: return FAX_H245_OLC_ACK;
    case H245_OpenLogChnRjc: return FAX_H245_OLC_REJECT;
    case H245_CloseLogChn:   return FAX_H245_CLC;
    case H245_CloseLogChnAck:return FAX_H245_CLC_ACK;
    default: break;
    }
    /* requestMode and its answers have no class of their own: their name */
    if (strstr(pi->comment, "requestModeReject") || strstr(pi->frame_label, "requestModeReject"))
        return FAX_H245_REQUEST_MODE_REJECT;
    if (strstr(pi->comment, "requestModeAck") || strstr(pi->frame_label, "requestModeAck"))
        return FAX_H245_REQUEST_MODE_ACK;
    if (strstr(pi->comment, "requestMode") || strstr(pi->frame_label, "requestMode"))
        return FAX_H245_REQUEST_MODE;
    return FAX_H245_OTHER;
}

static tap_packet_status
h245_packet(void *p _U_, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data,
            tap_flags_t flags _U_)
{
    const h245_packet_info *pi = data;
    fax_registry *r = fax_capture_registry();
    fax_endpoint src, dst;
    if (!r || !pi || !fax_tcp_endpoints(pinfo, &src, &dst))
        return TAP_PACKET_DONT_REDRAW;
    fax_h245_kind kind = h245_kind(pi);
    gboolean t38 = strstr(pi->frame_label, "t38fax") != NULL || strstr(pi->comment, "t38fax") != NULL;
    /* "H245 openLogicalChannel" and "OLC (t38fax)": "openLogicalChannel t38fax" */
    const char *name = pi->comment[0] ? pi->comment : pi->frame_label;
    if (g_str_has_prefix(name, "H245 "))
        name += 5;
    char what[52];
    const char *open = strchr(pi->frame_label, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    if (close && close > open + 1)
        g_snprintf(what, sizeof what, "%s %.*s", name, (int)(close - open - 1), open + 1);
    else
        g_strlcpy(what, name, sizeof what);
    fax_registry_h245(r, &src, &dst, pinfo->num, kind, t38, what);
    return TAP_PACKET_DONT_REDRAW;
}

void
fax_h323_taps_register(void)
{
    static const struct {
        const char     *tap;
        tap_packet_cb   cb;
    } taps[] = { { "h225", h225_packet }, { "h245dg", h245_packet } };
    for (guint i = 0; i < G_N_ELEMENTS(taps); i++) {
        GString *err = register_tap_listener(taps[i].tap, (void *)&taps[i], NULL, TL_REQUIRES_NOTHING,
                                             NULL, taps[i].cb, NULL, NULL);
        if (err) {
            ws_warning("faxcalls: no %s tap: %s", taps[i].tap, err->str);
            g_string_free(err, TRUE);
        }
    }
}
