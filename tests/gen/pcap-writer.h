/* faxgen: classic libpcap file writer, Ethernet/IPv4/UDP.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FAXGEN_PCAP_WRITER_H
#define FAXGEN_PCAP_WRITER_H

#include <stdint.h>
#include <stdio.h>

typedef struct pcap_writer pcap_writer;

/* Opens PATH and writes the global header (LINKTYPE_ETHERNET, microseconds). */
pcap_writer *pcap_writer_open(const char *path);
/* Writes one Ethernet/IPv4/UDP frame; addresses in host byte order,
 * TIME_US = microseconds since the Unix epoch. Returns 0 on success. */
int pcap_writer_udp(pcap_writer *w, uint64_t time_us,
                    uint32_t src_ip, uint16_t src_port,
                    uint32_t dst_ip, uint16_t dst_port,
                    const uint8_t *payload, size_t len);
/* Closes the file; returns 0 if every write succeeded. */
int pcap_writer_close(pcap_writer *w);

#endif
