/* faxgen: the simulated UDPTL link between two T.38 terminals.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FAXGEN_LINK_H
#define FAXGEN_LINK_H

#include "faxgen.h"

enum { LINK_AB = 0, LINK_BA = 1 }; /* AB = caller (INVITE sender) to callee */

typedef struct fax_link fax_link;

/* Hands one IFP (in sequence order, after redundancy recovery) to the
 * terminal on the receiving end of direction DIR. */
typedef void (*link_deliver_fn)(void *user, int dir, const uint8_t *ifp, size_t len, uint16_t seq);

fax_link *fax_link_new(const call_spec *spec, const call_addr *addr, capture *cap);
/* A terminal transmitted IFP COUNT times (T.38 repeated packets share one
 * sequence number) at NOW_US. */
void fax_link_send(fax_link *l, int dir, const uint8_t *ifp, size_t len, int count, uint64_t now_us);
/* Delivers every datagram that has arrived by NOW_US. */
void fax_link_tick(fax_link *l, uint64_t now_us, link_deliver_fn deliver, void *user);
/* spec->cut: the capture window (arrival times, epoch microseconds): from
 * the first DCS's first octet to the end of page 1's data; FALSE if the
 * call never got that far. */
gboolean fax_link_cut_window(fax_link *l, uint64_t *from_us, uint64_t *to_us);
/* Closes the books: writes the link's truth keys for call CALL. */
void fax_link_finish(fax_link *l, truth *tr, int call);
void fax_link_free(fax_link *l);

#endif
