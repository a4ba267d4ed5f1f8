/* faxgen: classic libpcap file writer, Ethernet/IPv4/UDP with real checksums.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "pcap-writer.h"

#include <glib.h>
#include <string.h>

struct pcap_writer {
    FILE *fp;
    uint16_t ip_id; /* IPv4 identification, counts up per datagram */
    gboolean failed;
};

static void put16be(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void put32le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put16le(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* RFC 1071 one's-complement sum, continued over several buffers. */
static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)((p[i] << 8) | p[i + 1]);
    if (len & 1)
        sum += (uint32_t)(p[len - 1] << 8);
    return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return (uint16_t)~sum;
}

/* A locally administered MAC derived from the IPv4 address, so each host
 * keeps one MAC throughout a capture. */
static void mac_for_ip(uint8_t *mac, uint32_t ip)
{
    mac[0] = 0x02;
    mac[1] = 0x00;
    put32be(mac + 2, ip);
}

pcap_writer *pcap_writer_open(const char *path)
{
    uint8_t hdr[24];
    pcap_writer *w;
    FILE *fp = fopen(path, "wb");

    if (fp == NULL)
        return NULL;
    put32le(hdr, 0xA1B2C3D4u);
    put16le(hdr + 4, 2);
    put16le(hdr + 6, 4);
    put32le(hdr + 8, 0);       /* thiszone */
    put32le(hdr + 12, 0);      /* sigfigs */
    put32le(hdr + 16, 65535);  /* snaplen */
    put32le(hdr + 20, 1);      /* LINKTYPE_ETHERNET */
    w = g_new0(pcap_writer, 1);
    w->fp = fp;
    w->ip_id = 0x1000;
    if (fwrite(hdr, sizeof hdr, 1, fp) != 1)
        w->failed = TRUE;
    return w;
}

int pcap_writer_udp(pcap_writer *w, uint64_t time_us,
                    uint32_t src_ip, uint16_t src_port,
                    uint32_t dst_ip, uint16_t dst_port,
                    const uint8_t *payload, size_t len)
{
    uint8_t rec[16];
    uint8_t hdr[14 + 20 + 8];
    uint8_t pseudo[12];
    uint8_t *ip = hdr + 14;
    uint8_t *udp = hdr + 34;
    size_t udp_len = 8 + len;
    size_t frame_len = sizeof hdr + len;
    uint32_t sum;
    uint16_t c;

    if (len > 1400)
        return -1;
    /* Ethernet II */
    mac_for_ip(hdr, dst_ip);
    mac_for_ip(hdr + 6, src_ip);
    put16be(hdr + 12, 0x0800);
    /* IPv4, RFC 791 */
    memset(ip, 0, 20);
    ip[0] = 0x45;
    put16be(ip + 2, (uint16_t)(20 + udp_len));
    put16be(ip + 4, w->ip_id++);
    put16be(ip + 6, 0x4000); /* DF */
    ip[8] = 64;
    ip[9] = 17;
    put32be(ip + 12, src_ip);
    put32be(ip + 16, dst_ip);
    put16be(ip + 10, csum_fold(csum_add(0, ip, 20)));
    /* UDP, RFC 768, checksum over the pseudo header */
    put16be(udp, src_port);
    put16be(udp + 2, dst_port);
    put16be(udp + 4, (uint16_t)udp_len);
    put16be(udp + 6, 0);
    put32be(pseudo, src_ip);
    put32be(pseudo + 4, dst_ip);
    pseudo[8] = 0;
    pseudo[9] = 17;
    put16be(pseudo + 10, (uint16_t)udp_len);
    sum = csum_add(0, pseudo, sizeof pseudo);
    sum = csum_add(sum, udp, 8);
    sum = csum_add(sum, payload, len);
    c = csum_fold(sum);
    put16be(udp + 6, c == 0 ? 0xFFFF : c);

    put32le(rec, (uint32_t)(time_us / 1000000u));
    put32le(rec + 4, (uint32_t)(time_us % 1000000u));
    put32le(rec + 8, (uint32_t)frame_len);
    put32le(rec + 12, (uint32_t)frame_len);
    if (fwrite(rec, sizeof rec, 1, w->fp) != 1 || fwrite(hdr, sizeof hdr, 1, w->fp) != 1
        || (len > 0 && fwrite(payload, len, 1, w->fp) != 1))
        w->failed = TRUE;
    return w->failed ? -1 : 0;
}

int pcap_writer_close(pcap_writer *w)
{
    int rc;

    if (w == NULL)
        return -1;
    rc = w->failed ? -1 : 0;
    if (fclose(w->fp) != 0)
        rc = -1;
    g_free(w);
    return rc;
}
