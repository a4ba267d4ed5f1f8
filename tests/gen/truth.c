/* faxgen: the truth file, sorted key=value lines, and the capture merge.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "faxgen.h"
#include "pcap-writer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static gint key_cmp(gconstpointer a, gconstpointer b, gpointer user_data)
{
    (void)user_data;
    return strcmp(a, b);
}

void truth_init(truth *t)
{
    t->kv = g_tree_new_full(key_cmp, NULL, g_free, g_free);
}

static void truth_setv(truth *t, char *key, const char *fmt, va_list ap)
{
    g_tree_replace(t->kv, key, g_strdup_vprintf(fmt, ap));
}

void truth_set(truth *t, const char *key, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    truth_setv(t, g_strdup(key), fmt, ap);
    va_end(ap);
}

void truth_setc(truth *t, int call, const char *key, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    truth_setv(t, g_strdup_printf("call.%d.%s", call, key), fmt, ap);
    va_end(ap);
}

static gboolean write_one(gpointer key, gpointer value, gpointer data)
{
    fprintf(data, "%s=%s\n", (const char *)key, (const char *)value);
    return FALSE;
}

int truth_write(truth *t, const char *path)
{
    FILE *fp = fopen(path, "w");
    int rc;

    if (fp == NULL)
        return -1;
    g_tree_foreach(t->kv, write_one, fp);
    rc = ferror(fp) ? -1 : 0;
    if (fclose(fp) != 0)
        rc = -1;
    return rc;
}

void truth_clear(truth *t)
{
    g_tree_destroy(t->kv);
    t->kv = NULL;
}

void capture_init(capture *c)
{
    c->pkts = g_array_new(FALSE, TRUE, sizeof(wire_pkt));
    c->next_order = 0;
}

void capture_add(capture *c, uint64_t t_us, uint32_t src_ip, uint16_t src_port,
                 uint32_t dst_ip, uint16_t dst_port, const uint8_t *data, size_t len)
{
    wire_pkt p;

    p.t_us = t_us;
    p.order = c->next_order++;
    p.src_ip = src_ip;
    p.dst_ip = dst_ip;
    p.src_port = src_port;
    p.dst_port = dst_port;
    p.payload = g_bytes_new(data, len);
    g_array_append_val(c->pkts, p);
}

static gint pkt_cmp(gconstpointer a, gconstpointer b)
{
    const wire_pkt *x = a;
    const wire_pkt *y = b;

    if (x->t_us != y->t_us)
        return x->t_us < y->t_us ? -1 : 1;
    return x->order < y->order ? -1 : (x->order > y->order);
}

int capture_write(capture *c, const char *path)
{
    pcap_writer *w = pcap_writer_open(path);
    guint i;
    int rc = 0;

    if (w == NULL)
        return -1;
    g_array_sort(c->pkts, pkt_cmp);
    for (i = 0; i < c->pkts->len; i++) {
        const wire_pkt *p = &g_array_index(c->pkts, wire_pkt, i);
        gsize len;
        const uint8_t *d = g_bytes_get_data(p->payload, &len);

        if (pcap_writer_udp(w, p->t_us, p->src_ip, p->src_port, p->dst_ip, p->dst_port, d, len) < 0)
            rc = -1;
    }
    if (pcap_writer_close(w) < 0)
        rc = -1;
    return rc;
}

typedef struct {
    uint32_t ip_a, ip_b;
    uint64_t from_us, to_us;
    uint16_t port_a, port_b;
} keep_rule;

/* Removes the packets between RULE's two addresses that KEEP refuses. */
static void capture_keep(capture *c, const keep_rule *rule, gboolean (*keep)(const wire_pkt *, const keep_rule *))
{
    guint i = 0;

    while (i < c->pkts->len) {
        wire_pkt *p = &g_array_index(c->pkts, wire_pkt, i);
        gboolean ours = (p->src_ip == rule->ip_a && p->dst_ip == rule->ip_b)
                        || (p->src_ip == rule->ip_b && p->dst_ip == rule->ip_a);

        if (ours && !keep(p, rule)) {
            g_bytes_unref(p->payload);
            g_array_remove_index(c->pkts, i); /* keeps the emission order of the rest */
        } else {
            i++;
        }
    }
}

static gboolean in_window(const wire_pkt *p, const keep_rule *r)
{
    return p->t_us >= r->from_us && p->t_us <= r->to_us;
}

static gboolean on_ports(const wire_pkt *p, const keep_rule *r)
{
    return (p->src_port == r->port_a && p->dst_port == r->port_b)
           || (p->src_port == r->port_b && p->dst_port == r->port_a);
}

void capture_keep_window(capture *c, uint32_t ip_a, uint32_t ip_b, uint64_t from_us, uint64_t to_us)
{
    keep_rule r = { ip_a, ip_b, from_us, to_us, 0, 0 };

    capture_keep(c, &r, in_window);
}

void capture_keep_ports(capture *c, uint32_t ip_a, uint32_t ip_b, uint16_t port_a, uint16_t port_b)
{
    keep_rule r = { ip_a, ip_b, 0, 0, port_a, port_b };

    capture_keep(c, &r, on_ports);
}

void capture_clear(capture *c)
{
    guint i;

    for (i = 0; i < c->pkts->len; i++)
        g_bytes_unref(g_array_index(c->pkts, wire_pkt, i).payload);
    g_array_free(c->pkts, TRUE);
    c->pkts = NULL;
}
