// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam data path: transmit, receive handler and statistics.
 *
 * Lock order: RTNL > team->stats_lock.
 * Transmit runs under rcu_read_lock_bh() (taken by dev_queue_xmit() of the
 * team) and reads team->active once; receive runs under rcu_read_lock() in
 * __netif_receive_skb.  Neither takes a lock, except that a plugin port's
 * xmit op runs under that port's tx_lock (pport.c).  team->stats_lock is a leaf
 * lock, taken by ndo_get_stats64 (no RTNL guaranteed) and by the control
 * path when a port is published or unpublished, so that a port's counters
 * are counted exactly once: either live or in team->carried.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/sch_generic.h>

#include "vfteam.h"

/*
 * A netdev port's carrier drops at once, but the port notifier hears of it
 * from linkwatch, which batches the events of devices other than bond and
 * team ports: up to a second later (e1000e resetting for an MTU change is
 * one case). Until then, frames go through the standby if it can take them.
 */
static struct vfteam_port *vfteam_tx_port_rcu_bh(struct vfteam *team,
						 struct vfteam_port *port)
{
	struct vfteam_port *sb;

	if (likely(port->kind != VFTEAM_PORT_NETDEV ||
		   netif_carrier_ok(port->dev)))
		return port;
	sb = rcu_dereference_bh(team->ports[VFTEAM_ROLE_STANDBY]);
	if (sb && sb != port && sb->kind == VFTEAM_PORT_NETDEV &&
	    netif_running(sb->dev) && netif_carrier_ok(sb->dev))
		return sb;
	return port;
}

netdev_tx_t vfteam_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;
	int ret;

	port = rcu_dereference_bh(team->active);
	if (likely(port))
		port = vfteam_tx_port_rcu_bh(team, port);
	if (unlikely(!port)) {
		/* no usable port, e.g. in the middle of a switch */
		atomic64_inc(&team->lost_no_port);
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}

	/* kind, not a function pointer: no indirect call for netdev ports */
	if (port->kind == VFTEAM_PORT_PLUGIN)
		return vfteam_pport_xmit_rcu_bh(team, port->pport, skb);

	skb->dev = port->dev;
	qdisc_skb_cb(skb)->slave_dev_queue_mapping = skb->queue_mapping;
	ret = dev_queue_xmit(skb);
	if (unlikely(ret != NET_XMIT_SUCCESS))
		atomic64_inc(&team->lost_refused);
	return NETDEV_TX_OK;
}

/*
 * Frames from every port go up through the team, active or not, except the
 * team's own frames coming back: both ports sit on one L2 segment, so what
 * the team sends through the active port (broadcast, multicast, unknown
 * unicast) is flooded back to it through the other one. Taking those in
 * would, among other things, make IPv6 DAD see its own probes as a
 * duplicate address.
 */
rx_handler_result_t vfteam_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct vfteam_port *port = rcu_dereference(skb->dev->rx_handler_data);
	struct net_device *team_dev = port->team->dev;

	if (unlikely(port != rcu_dereference(port->team->active) &&
		     ether_addr_equal_64bits(eth_hdr(skb)->h_source,
					     team_dev->dev_addr))) {
		consume_skb(skb);
		return RX_HANDLER_CONSUMED;
	}

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;

	*pskb = skb;
	skb->dev = team_dev;
	return RX_HANDLER_ANOTHER;
}

u64 vfteam_lost_packets(struct vfteam *team)
{
	return atomic64_read(&team->lost_no_port) +
	       atomic64_read(&team->lost_refused) +
	       atomic64_read(&team->lost_declined);
}

/* sum += now - base, field by field (all fields are u64) */
static void vfteam_stats_add(struct rtnl_link_stats64 *sum,
			     const struct rtnl_link_stats64 *now,
			     const struct rtnl_link_stats64 *base)
{
	const u64 *n = (const u64 *)now;
	const u64 *b = (const u64 *)base;
	u64 *s = (u64 *)sum;
	size_t i;

	BUILD_BUG_ON(sizeof(*sum) % sizeof(u64));
	for (i = 0; i < sizeof(*sum) / sizeof(u64); i++)
		s[i] += n[i] - b[i];
}

/* a port's own counters: its netdev's, or the plugin port's */
void vfteam_port_get_stats(struct vfteam_port *port,
			   struct rtnl_link_stats64 *stats)
{
	switch (port->kind) {
	case VFTEAM_PORT_NETDEV:
		dev_get_stats(port->dev, stats);
		break;
	case VFTEAM_PORT_PLUGIN:
		vfteam_pport_get_stats(port->pport, stats);
		break;
	}
}

/* ports' traffic since they joined + ports that left; the core adds the
 * team's own tx_dropped (dev_core_stats) on top
 */
void vfteam_get_stats64(struct net_device *dev,
			struct rtnl_link_stats64 *stats)
{
	struct vfteam *team = netdev_priv(dev);
	struct rtnl_link_stats64 now;
	struct vfteam_port *port;
	int role;

	spin_lock(&team->stats_lock);
	*stats = team->carried;
	rcu_read_lock();
	for (role = 0; role < VFTEAM_ROLE_NR; role++) {
		port = rcu_dereference(team->ports[role]);
		if (!port)
			continue;
		vfteam_port_get_stats(port, &now);
		vfteam_stats_add(stats, &now, &port->base);
	}
	rcu_read_unlock();
	spin_unlock(&team->stats_lock);
}

void vfteam_port_publish_rtnl(struct vfteam *team, struct vfteam_port *port)
{
	ASSERT_RTNL();
	spin_lock(&team->stats_lock);
	vfteam_port_get_stats(port, &port->base);
	rcu_assign_pointer(team->ports[port->role], port);
	spin_unlock(&team->stats_lock);
}

void vfteam_port_unpublish_rtnl(struct vfteam *team, struct vfteam_port *port)
{
	struct rtnl_link_stats64 now;

	ASSERT_RTNL();
	spin_lock(&team->stats_lock);
	vfteam_port_get_stats(port, &now);
	vfteam_stats_add(&team->carried, &now, &port->base);
	RCU_INIT_POINTER(team->ports[port->role], NULL);
	spin_unlock(&team->stats_lock);
}
