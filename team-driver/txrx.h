/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam data path: transmit through the active port, receive from both.
 */
#ifndef _VFTEAM_TXRX_H
#define _VFTEAM_TXRX_H

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>

#include "port.h"
#include "team.h"

netdev_tx_t vfteam_txrx_xmit(struct sk_buff *skb, struct net_device *dev);
rx_handler_result_t vfteam_txrx_handle_frame(struct sk_buff **pskb);

/*
 * Frames from every port go up through the team, active or not, except the
 * team's own frames coming back: both ports sit on one L2 segment, so what
 * the team sends through the active port (broadcast, multicast, unknown
 * unicast) is flooded back to it through the other one.  Taking those in
 * would, among other things, make IPv6 DAD see its own probes as a
 * duplicate address.  RCU; @h_source is followed by at least two bytes.
 */
static inline bool vfteam_txrx_own_frame(struct vfteam *team,
					 const struct vfteam_port *port,
					 const u8 *h_source)
{
	return rcu_access_pointer(team->active) != port &&
	       ether_addr_equal_64bits(h_source, team->dev->dev_addr);
}

#endif /* _VFTEAM_TXRX_H */
