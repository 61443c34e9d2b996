/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam data path: transmit through the active port, receive from both.
 */
#ifndef _VFTEAM_TXRX_H
#define _VFTEAM_TXRX_H

#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>

#include "port.h"
#include "team.h"

struct vfteam_plugin_queue;

netdev_tx_t vfteam_txrx_xmit(struct sk_buff *skb, struct net_device *dev);
void vfteam_txrx_plugin_tx_done(struct vfteam_plugin_queue *pq);
void vfteam_txrx_switched_rtnl(struct vfteam *team, struct vfteam_port *old);
rx_handler_result_t vfteam_txrx_handle_frame(struct sk_buff **pskb);

/* how long a source the team sent from is taken for its own, in jiffies */
#define VFTEAM_SENT_SRC_TTL	(2 * HZ)

static inline struct vfteam_sent_src *vfteam_txrx_sent_slot(struct vfteam *team,
							    u64 addr)
{
	return &team->sent_src[hash_64(addr, VFTEAM_SENT_SRC_BITS)];
}

/*
 * Frames from every port go up through the team, active or not, except the
 * team's own frames coming back: both ports sit on one L2 segment, so what
 * the team sends through the active port (broadcast, multicast, unknown
 * unicast) is flooded back to it through the other one.  Taking those in
 * would make IPv6 DAD see its own probes as a duplicate address, and a
 * bridge on the team learn its guests' addresses on the team's side (its
 * FDB entries move, their traffic goes the wrong way).  So on the
 * inactive port, a frame from the team's MAC or from a source the team
 * sent from in the last VFTEAM_SENT_SRC_TTL is dropped; on the active one,
 * nothing (the switch does not send a frame back where it came from).
 * RCU; @h_source is followed by at least two bytes.
 */
static inline bool vfteam_txrx_own_frame(struct vfteam *team,
					 const struct vfteam_port *port,
					 const u8 *h_source)
{
	const struct vfteam_sent_src *slot;
	u64 addr;

	if (rcu_access_pointer(team->active) == port)
		return false;
	if (ether_addr_equal_64bits(h_source, team->dev->dev_addr))
		return true;
	addr = ether_addr_to_u64(h_source);
	slot = vfteam_txrx_sent_slot(team, addr);
	return READ_ONCE(slot->addr) == addr &&
	       time_before(jiffies, READ_ONCE(slot->at) + VFTEAM_SENT_SRC_TTL);
}

#endif /* _VFTEAM_TXRX_H */
