// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam data path: transmit through the active port (a netdev port's
 * dev_queue_xmit, or a plugin port's xmit op with the offloads it lacks
 * done in software, and what it declines through the standby), and the
 * rx_handler of netdev ports.  A plugin port's frames come in through
 * vfteam_plugin_port_rx() (plugin_port.c), in its NAPI poll.
 *
 * Locking: transmit runs under rcu_read_lock_bh() (taken by
 * dev_queue_xmit() of the team) and reads team->active once; receive runs
 * under rcu_read_lock() in __netif_receive_skb.  Neither takes a lock,
 * except that a plugin port's xmit op runs under its queue's tx_lock
 * (leaf, see plugin_port.h), which is what makes "no xmit op after
 * quiesce" hold.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/sch_generic.h>

#include <vfteam/compat.h>

#include "plugin_port.h"
#include "port.h"
#include "team.h"
#include "trace.h"
#include "txrx.h"

/*
 * Transmit: remember a source other than the team's own MAC (a bridged
 * guest's, a macvlan's).  The common case, the team's MAC, costs one
 * compare; the rest writes only when the slot's address or jiffy moved.
 */
static void vfteam_txrx_note_source(struct vfteam *team,
				    const struct sk_buff *skb)
{
	const u8 *h_source = ((const struct ethhdr *)skb->data)->h_source;
	struct vfteam_sent_src *slot;
	unsigned long now;
	u64 addr;

	if (likely(skb_headlen(skb) < ETH_HLEN ||
		   ether_addr_equal_64bits(h_source, team->dev->dev_addr)))
		return;
	addr = ether_addr_to_u64(h_source);
	slot = vfteam_txrx_sent_slot(team, addr);
	if (READ_ONCE(slot->addr) != addr)
		WRITE_ONCE(slot->addr, addr);
	/* a store per jiffy at most: the slot's line stays shared */
	now = jiffies;
	if (READ_ONCE(slot->at) != now)
		WRITE_ONCE(slot->at, now);
}

/* through a netdev port's own qdisc and driver; a refusal is counted */
static void vfteam_txrx_netdev_send_rcu_bh(struct vfteam *team,
					   struct vfteam_port *port,
					   struct sk_buff *skb)
{
	skb->dev = port->dev;
	qdisc_skb_cb(skb)->slave_dev_queue_mapping = skb->queue_mapping;
	if (unlikely(dev_queue_xmit(skb) != NET_XMIT_SUCCESS))
		atomic64_inc(&team->lost_refused);
}

/*
 * A netdev port's carrier drops at once, but the port notifier hears of it
 * from linkwatch, which batches the events of devices other than bond and
 * team ports: up to a second later (e1000e resetting for an MTU change is
 * one case); a plugin port's link change reaches selection through a work
 * item.  Until then, frames go through the standby if it can take them.
 */
static struct vfteam_port *vfteam_txrx_port_rcu_bh(struct vfteam *team,
						   struct vfteam_port *port)
{
	struct vfteam_port *sb;

	if (likely(port->dev ? netif_carrier_ok(port->dev) :
		   READ_ONCE(port->plugin_port->link_up)))
		return port;
	sb = rcu_dereference_bh(team->ports[VFTEAM_ROLE_STANDBY]);
	if (sb && sb != port && sb->dev &&
	    netif_running(sb->dev) && netif_carrier_ok(sb->dev))
		return sb;
	return port;
}

static netdev_tx_t vfteam_txrx_plugin_xmit_rcu_bh(struct vfteam *team,
						  struct vfteam_plugin_port *pp,
						  struct sk_buff *skb);

netdev_tx_t vfteam_txrx_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;

	port = rcu_dereference_bh(team->active);
	if (likely(port))
		port = vfteam_txrx_port_rcu_bh(team, port);
	if (unlikely(!port)) {
		/* no usable port, e.g. in the middle of a switch */
		atomic64_inc(&team->lost_no_port);
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	vfteam_txrx_note_source(team, skb);

	/*
	 * The one branch on the kind of port left in vfteam, kept on
	 * purpose: a test of a pointer the next line uses anyway, where an
	 * op would be an indirect call (a retpoline) for every frame.
	 */
	if (port->plugin_port)
		return vfteam_txrx_plugin_xmit_rcu_bh(team, port->plugin_port,
						      skb);
	vfteam_txrx_netdev_send_rcu_bh(team, port, skb);
	return NETDEV_TX_OK;
}

/* a netdev port's frame: up through the team unless it is the team's own */
rx_handler_result_t vfteam_txrx_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct vfteam_port *port = rcu_dereference(skb->dev->rx_handler_data);

	if (unlikely(vfteam_txrx_own_frame(port->team, port,
					   eth_hdr(skb)->h_source))) {
		consume_skb(skb);
		return RX_HANDLER_CONSUMED;
	}

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;

	*pskb = skb;
	skb->dev = port->team->dev;
	return RX_HANDLER_ANOTHER;
}

/* a declined frame goes out through the standby, always a netdev port */
static void vfteam_txrx_decline_rcu_bh(struct vfteam *team,
				       struct sk_buff *skb)
{
	struct vfteam_port *standby;

	standby = rcu_dereference_bh(team->ports[VFTEAM_ROLE_STANDBY]);
	if (unlikely(!standby || !standby->dev)) {
		atomic64_inc(&team->lost_declined);
		dev_core_stats_tx_dropped_inc(team->dev);
		kfree_skb(skb);
		return;
	}
	vfteam_txrx_netdev_send_rcu_bh(team, standby, skb);
}

/* the plugin's xmit op, traced: the frame may be gone once it returns */
static enum vfteam_tx vfteam_txrx_plugin_xmit(struct vfteam_plugin_port *pp,
					      struct vfteam_plugin_queue *pq,
					      struct sk_buff *skb)
{
	unsigned int len = skb->len;
	enum vfteam_tx ret;

	ret = pp->ops->xmit(pp, pq->index, skb);
	trace_vfteam_plugin_xmit(pp->name, pq->index, len, ret);
	return ret;
}

/*
 * The team's Tx queues that feed plugin queue @pq: team queue i sends
 * through plugin queue i % nr_queues (vfteam_txrx_plugin_xmit_rcu_bh)
 */
static void vfteam_txrx_plugin_txqs(struct net_device *dev,
				    const struct vfteam_plugin_queue *pq,
				    bool wake)
{
	unsigned int step = READ_ONCE(pq->pp->nr_queues), i;

	for (i = pq->index; i < dev->real_num_tx_queues; i += step) {
		if (wake)
			netif_tx_wake_queue(netdev_get_tx_queue(dev, i));
		else
			netif_tx_stop_queue(netdev_get_tx_queue(dev, i));
	}
}

/*
 * Backpressure.  The ring is full: stop the team's Tx queues that feed
 * it, so that their qdisc keeps the frames that follow, in order, rather
 * than sending them through the standby around those still on the ring.
 * The queue's next completion (vfteam_txrx_plugin_tx_done) starts them
 * again.  Tx lock held; the xmit op is tried once more after tx_stopped
 * is visible: a completion that ran before it saw tx_stopped false and
 * woke nothing, and the descriptors it freed are then seen by this retry.
 */
static enum vfteam_tx vfteam_txrx_plugin_busy_locked(struct vfteam *team,
						     struct vfteam_plugin_queue *pq,
						     struct sk_buff *skb)
{
	struct vfteam_plugin_port *pp = pq->pp;
	enum vfteam_tx ret;

	u64_stats_update_begin(&pq->tx_syncp);
	u64_stats_inc(&pq->tx_busy);
	u64_stats_update_end(&pq->tx_syncp);
	vfteam_txrx_plugin_txqs(team->dev, pq, false);
	WRITE_ONCE(pq->tx_stopped, true);
	smp_mb();	/* tx_stopped before the retry; pairs with tx_done's */
	ret = vfteam_txrx_plugin_xmit(pp, pq, skb);
	if (ret != VFTEAM_TX_BUSY) {
		WRITE_ONCE(pq->tx_stopped, false);
		vfteam_txrx_plugin_txqs(team->dev, pq, true);
	}
	return ret;
}

/*
 * Tx lock held: count what the xmit op answered (taken and declined are
 * the Tx watchdog's samples too); an answer outside the ABI is a frame
 * the plugin may have queued or freed, which cannot be sent on: lost
 */
static void vfteam_txrx_plugin_count_locked(struct vfteam *team,
					    struct vfteam_plugin_queue *pq,
					    enum vfteam_tx ret)
{
	u64_stats_update_begin(&pq->tx_syncp);
	if (likely(ret == VFTEAM_TX_OK))
		u64_stats_inc(&pq->tx_taken);
	else if (ret == VFTEAM_TX_DECLINE)
		u64_stats_inc(&pq->tx_declined);
	u64_stats_update_end(&pq->tx_syncp);
	if (unlikely(ret != VFTEAM_TX_OK && ret != VFTEAM_TX_DECLINE &&
		     ret != VFTEAM_TX_BUSY)) {
		vfteam_plugin_port_bad_return(pq->pp, "xmit", ret,
					      "taken, and lost");
		dev_core_stats_tx_dropped_inc(team->dev);
	}
}

/*
 * One frame the plugin can take as far as offloads go.  VFTEAM_TX_BUSY
 * when the ring had no room: a whole frame is then the caller's to hand
 * back to the qdisc; a segment the core made (@seg), and the segments
 * after it (@rest), wait on tx_pending for the next completion.  Any
 * other return: the skb is gone (taken, declined and sent on, or lost).
 */
static enum vfteam_tx vfteam_txrx_plugin_xmit_one_rcu_bh(struct vfteam *team,
							 struct vfteam_plugin_queue *pq,
							 struct sk_buff *skb,
							 bool seg,
							 struct sk_buff *rest)
{
	struct vfteam_plugin_port *pp = pq->pp;
	enum vfteam_tx ret = VFTEAM_TX_DECLINE;
	struct sk_buff *s, *next;

	spin_lock(&pq->tx_lock);
	if (likely(pq->tx_on)) {
		ret = vfteam_txrx_plugin_xmit(pp, pq, skb);
		if (unlikely(ret == VFTEAM_TX_BUSY))
			ret = vfteam_txrx_plugin_busy_locked(team, pq, skb);
	}
	vfteam_txrx_plugin_count_locked(team, pq, ret);
	if (unlikely(ret == VFTEAM_TX_BUSY && seg)) {
		__skb_queue_tail(&pq->tx_pending, skb);
		skb_list_walk_safe(rest, s, next) {
			skb_mark_not_on_list(s);
			__skb_queue_tail(&pq->tx_pending, s);
		}
	}
	spin_unlock(&pq->tx_lock);

	if (likely(ret == VFTEAM_TX_OK || ret == VFTEAM_TX_BUSY))
		return ret;
	if (likely(ret == VFTEAM_TX_DECLINE)) {
		vfteam_txrx_decline_rcu_bh(team, skb);
		return ret;
	}
	/*
	 * Outside the ABI (counted above): the plugin may have queued or
	 * freed the skb, so it is left alone (at worst, leaked) and lost.
	 */
	return VFTEAM_TX_OK;
}

/*
 * A completion on a queue whose ring was full: send what waits on its
 * tx_pending, then start the team's queues that feed it again.  NAPI
 * (poll's vfteam_plugin_port_tx_done); the port is in its team.
 */
void vfteam_txrx_plugin_tx_done(struct vfteam_plugin_queue *pq)
{
	struct vfteam_plugin_port *pp = pq->pp;
	struct sk_buff_head declined;
	struct vfteam *team;
	struct sk_buff *skb;
	enum vfteam_tx ret;

	smp_mb();	/* the freed descriptors before tx_stopped; pairs with busy */
	if (likely(!READ_ONCE(pq->tx_stopped)))
		return;

	team = pp->port->team;
	__skb_queue_head_init(&declined);
	spin_lock(&pq->tx_lock);
	while (pq->tx_stopped && pq->tx_on &&
	       (skb = skb_peek(&pq->tx_pending))) {
		ret = vfteam_txrx_plugin_xmit(pp, pq, skb);
		if (ret == VFTEAM_TX_BUSY)
			break;
		__skb_unlink(skb, &pq->tx_pending);
		vfteam_txrx_plugin_count_locked(team, pq, ret);
		if (ret == VFTEAM_TX_DECLINE)
			__skb_queue_tail(&declined, skb);
	}
	if (pq->tx_stopped && skb_queue_empty(&pq->tx_pending)) {
		WRITE_ONCE(pq->tx_stopped, false);
		vfteam_txrx_plugin_txqs(team->dev, pq, true);
	}
	spin_unlock(&pq->tx_lock);

	if (unlikely(!skb_queue_empty(&declined))) {
		rcu_read_lock_bh();
		while ((skb = __skb_dequeue(&declined)))
			vfteam_txrx_decline_rcu_bh(team, skb);
		rcu_read_unlock_bh();
	}
}

/*
 * RTNL: the team moved off @old.  If a full ring of @old had stopped
 * team queues, the new port must not wait for @old's completions (a
 * device that lost its link may never complete): start them.  What waits
 * on @old's tx_pending still goes out there at its next completion.
 */
void vfteam_txrx_switched_rtnl(struct vfteam *team, struct vfteam_port *old)
{
	ASSERT_RTNL();
	if (old && old->plugin_port &&
	    vfteam_plugin_port_tx_any_stopped(old->plugin_port))
		netif_tx_wake_all_queues(team->dev);
}

/*
 * Complete in software the offloads the plugin lacks, then send; what
 * vfteam_txrx_plugin_xmit_one_rcu_bh returns
 */
static enum vfteam_tx
vfteam_txrx_plugin_xmit_soft_rcu_bh(struct vfteam *team,
				    struct vfteam_plugin_queue *pq,
				    struct sk_buff *skb,
				    netdev_features_t features, bool seg,
				    struct sk_buff *rest)
{
	if (unlikely((skb->ip_summed == CHECKSUM_PARTIAL &&
		      skb_csum_hwoffload_help(skb, features)) ||
		     (skb_needs_linearize(skb, features) &&
		      __skb_linearize(skb)))) {
		kfree_skb(skb);
		atomic64_inc(&team->lost_refused);
		return VFTEAM_TX_OK;
	}
	return vfteam_txrx_plugin_xmit_one_rcu_bh(team, pq, skb, seg, rest);
}

/*
 * The team's features are those of its netdev ports, so an skb may carry
 * offloads the plugin did not declare: do them in software here, as the
 * stack would for a netdev with the plugin's features.
 */
static netdev_tx_t vfteam_txrx_plugin_xmit_rcu_bh(struct vfteam *team,
						  struct vfteam_plugin_port *pp,
				     struct sk_buff *skb)
{
	netdev_features_t features = pp->plugin->features;
	struct vfteam_plugin_queue *pq;
	struct sk_buff *segs, *next;

	/* the team's queue picks the plugin's: a flow stays on one ring */
	pq = &pp->queues[skb_get_queue_mapping(skb) %
			 READ_ONCE(pp->nr_queues)];

	/*
	 * What the stack's harmonize_features() would strip for a netdev
	 * with the plugin's features: no offload for tunnels, and no
	 * checksum (nor GSO) where the plugin cannot checksum the protocol.
	 */
	if (skb->encapsulation)
		features &= ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);
	else if (skb->ip_summed != CHECKSUM_NONE &&
		 !can_checksum_protocol(features, vlan_get_protocol(skb)))
		features &= ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);

	if (skb_vlan_tag_present(skb) &&
	    !(features & NETIF_F_HW_VLAN_CTAG_TX)) {
		skb = __vlan_hwaccel_push_inside(skb);	/* frees on error */
		if (unlikely(!skb)) {
			atomic64_inc(&team->lost_refused);
			return NETDEV_TX_OK;
		}
	}

	if (netif_needs_gso(skb, features)) {
		segs = skb_gso_segment(skb, features);
		if (IS_ERR(segs)) {
			kfree_skb(skb);
			atomic64_inc(&team->lost_refused);
			return NETDEV_TX_OK;
		}
		if (segs) {
			consume_skb(skb);
			skb_list_walk_safe(segs, skb, next) {
				skb_mark_not_on_list(skb);
				/* busy: it and the rest wait on tx_pending */
				if (vfteam_txrx_plugin_xmit_soft_rcu_bh(team, pq, skb,
									features, true,
									next) ==
				    VFTEAM_TX_BUSY)
					break;
			}
			return NETDEV_TX_OK;
		}
	}

	/* busy: the qdisc takes it back, its queue stopped */
	if (vfteam_txrx_plugin_xmit_soft_rcu_bh(team, pq, skb, features, false,
						NULL) == VFTEAM_TX_BUSY)
		return NETDEV_TX_BUSY;
	return NETDEV_TX_OK;
}
