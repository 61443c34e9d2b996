// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin ports: the lifecycle of a port driven by an IHV plugin, the
 * quiesce/restart sequencing plugins never have to get right, its port
 * ops, the helpers plugins call (Rx, Tx completion, rings, link), and the
 * ports waiting for a team with their MAC.  Transmit through the plugin's
 * xmit op is in txrx.c.
 *
 * Lifecycle (plugin_host.c adds the PCI glue and the IRQ around it):
 *
 *   create:  alloc, ops->attach                     (no team, not running)
 *   join:    napi add, ops->restart(NULL), start     (RTNL)
 *   quiesce: traffic off, tx off, napi off, irq off, ops->quiesce(cp)
 *   restart: ops->restart(cp or NULL), irq on, napi on, tx on, reselect
 *   leave:   traffic off, quiesce if running, unpublish, napi del (RTNL)
 *   destroy: ops->detach, free what the plugin left (outside RTNL)
 *
 * Lock order: RTNL > a queue's tx_lock (leaf, taken with BH off; never
 * two queues' at once).
 * RTNL serialises join, leave, quiesce and restart, and so every write of
 * pp->port, pp->running and pp->cp.  The data path never takes RTNL:
 *  - xmit (txrx.c) runs under rcu_read_lock_bh() (the team's
 *    dev_queue_xmit) and calls ops->xmit with the queue's tx_lock held,
 *    only while its tx_on; clearing tx_on under that lock is what
 *    guarantees "no xmit op after quiesce";
 *  - poll runs in each queue's NAPI, which napi_disable() waits for;
 *  - the hard irq handlers run ops->irq only while pp->irq_on, and
 *    disable_irq() waits for a running handler; the line is held
 *    disabled across the restart and quiesce ops (irq_hold/irq_release),
 *    so that a shared INTx line is never left asserted for a handler
 *    that answers IRQ_NONE.
 * The port struct (struct vfteam_port) a plugin port uses in its team is
 * freed at leave (vfteam_port_free(), RCU-deferred) and the plugin port
 * itself only after leave, which waits for a grace period
 * (netif_napi_del), so RCU readers that found it through team->active are
 * done with it first.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/overflow.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include <net/net_namespace.h>

#include "main.h"
#include "plugin_call.h"
#include "plugin_ethtool.h"
#include "plugin_health.h"
#include "plugin_host.h"
#include "plugin_mtu.h"
#include "plugin_port.h"
#include "plugin_queues.h"
#include "plugin_rx_filter.h"
#include "plugin_rx_pool.h"
#include "plugin_wait.h"
#include "port.h"
#include "select.h"
#include "team.h"
#include "trace.h"
#include "txrx.h"

/* ---- helpers for plugins ---- */

void *vfteam_plugin_port_priv(struct vfteam_plugin_port *pp)
{
	return pp->priv;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_priv);

struct pci_dev *vfteam_plugin_port_pci(struct vfteam_plugin_port *pp)
{
	return pp->pdev;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_pci);

const char *vfteam_plugin_port_name(const struct vfteam_plugin_port *pp)
{
	return pp->name;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_name);

/* managed by pcim: the region is released when the device is unbound */
void __iomem *vfteam_plugin_port_iomap(struct vfteam_plugin_port *pp, int bar)
{
	int err;

	if (!pp->pdev || bar < 0 || bar >= PCI_STD_NUM_BARS ||
	    !pci_resource_len(pp->pdev, bar))
		return NULL;

	/* the region's name must outlive pp: the driver name does */
	err = pcim_iomap_regions(pp->pdev, BIT(bar),
				 vfteam_plugin_host_drv_name(pp->plugin));
	if (err) {
		dev_err(pp->dev, "%s: cannot map BAR %d: %d\n", pp->name, bar,
			err);
		return NULL;
	}
	return pcim_iomap_table(pp->pdev)[bar];
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_iomap);

/* attach only: before the port ever joins a team */
int vfteam_plugin_port_set_mac(struct vfteam_plugin_port *pp, const u8 *mac)
{
	if (!is_valid_ether_addr(mac))
		return -EADDRNOTAVAIL;
	if (WARN_ON_ONCE(READ_ONCE(pp->port)))
		return -EBUSY;

	ether_addr_copy(pp->mac, mac);
	pp->mac_set = true;
	return 0;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_set_mac);

/* any context; the reselect needs RTNL, so it runs in a work item */
void vfteam_plugin_port_link_set(struct vfteam_plugin_port *pp, bool up)
{
	if (READ_ONCE(pp->link_up) == up)
		return;
	WRITE_ONCE(pp->link_up, up);
	atomic_inc(&pp->carrier_changes);
	schedule_work(&pp->link_work);
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_link_set);

void vfteam_plugin_port_link_speed(struct vfteam_plugin_port *pp, u32 speed,
				   u8 duplex)
{
	WRITE_ONCE(pp->speed, speed);
	WRITE_ONCE(pp->duplex, duplex);
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_link_speed);

static void vfteam_plugin_port_link_work(struct work_struct *work)
{
	struct vfteam_plugin_port *pp = container_of(work, struct vfteam_plugin_port,
					       link_work);

	rtnl_lock();
	if (pp->port)
		vfteam_select_rtnl(pp->port->team, NULL);
	rtnl_unlock();
}

/* RTNL, or the plugin's ops, which the core calls under it */
unsigned int vfteam_plugin_port_queues(const struct vfteam_plugin_port *pp)
{
	return pp->nr_queues;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_queues);

/* set by the PCI glue before the first join, then constant */
unsigned int vfteam_plugin_port_vectors(const struct vfteam_plugin_port *pp)
{
	return pp->nr_vectors ?: 1;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_vectors);

/*
 * The queue a data-path helper named, or NULL for a plugin bug: a queue
 * the port does not run (logged once).  Not taken for another queue,
 * whose NAPI may be polling on another CPU.  nr_queues is constant while
 * NAPI runs.
 */
struct vfteam_plugin_queue *vfteam_plugin_port_q(struct vfteam_plugin_port *pp,
						 unsigned int q)
{
	if (unlikely(q >= READ_ONCE(pp->nr_queues))) {
		vfteam_plugin_port_bad_return(pp, "queue index", q,
					      "nothing done");
		return NULL;
	}
	return &pp->queues[q];
}

/* NAPI only: the queue's napi is on the team netdev */
struct sk_buff *vfteam_plugin_port_alloc_rx_skb(struct vfteam_plugin_port *pp,
						unsigned int q,
						unsigned int len)
{
	struct vfteam_plugin_queue *pq = vfteam_plugin_port_q(pp, q);

	return pq ? napi_alloc_skb(&pq->napi, len) : NULL;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_alloc_rx_skb);

/*
 * An op returned a value the ABI does not have: the core cannot know what
 * the plugin did, so it takes the choice that cannot corrupt memory (see
 * the callers), counts it and says so once per port.
 */
void vfteam_plugin_port_bad_return(struct vfteam_plugin_port *pp, const char *op,
				   int ret, const char *taken_as)
{
	if (atomic64_inc_return(&pp->bad_returns) == 1)
		dev_err(pp->dev, "vfteam: %s: plugin op %s returned %d, not a value of the ABI: taken as %s (logged once)\n",
			pp->name, op, ret, taken_as);
}

u64 vfteam_plugin_port_bad_returns(struct vfteam_plugin_port *pp)
{
	return atomic64_read(&pp->bad_returns);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_bad_returns);

/*
 * NAPI only: pp->port is stable while NAPI is enabled.  The frame's length
 * is the plugin's word about its device's descriptor: one shorter than an
 * Ethernet header, or longer than the team's MTU allows with two VLAN
 * tags, is dropped.
 */
void vfteam_plugin_port_rx(struct vfteam_plugin_port *pp, unsigned int q,
			   struct sk_buff *skb)
{
	struct vfteam_plugin_queue *pq = vfteam_plugin_port_q(pp, q);
	struct vfteam *team = pp->port->team;
	struct net_device *dev = team->dev;
	unsigned int len = skb->len;

	if (unlikely(!pq || len < ETH_HLEN ||
		     len > dev->mtu + ETH_HLEN + 2 * VLAN_HLEN)) {
		dev_core_stats_rx_dropped_inc(dev);
		kfree_skb(skb);
		return;
	}
	if (unlikely(vfteam_txrx_own_frame(team, pp->port,
					   ((struct ethhdr *)skb->data)->h_source))) {
		consume_skb(skb);
		return;
	}

	u64_stats_update_begin(&pq->napi_syncp);
	u64_stats_inc(&pq->rx_packets);
	u64_stats_add(&pq->rx_bytes, len);
	u64_stats_update_end(&pq->napi_syncp);

	skb->protocol = eth_type_trans(skb, dev);
	/* RPS takes it for one of the team's Rx queues, if it has as many */
	if (pq->index < dev->real_num_rx_queues)
		skb_record_rx_queue(skb, pq->index);
	napi_gro_receive(&pq->napi, skb);
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_rx);

void vfteam_plugin_port_count(struct vfteam_plugin_port *pp,
			      enum vfteam_port_stat stat, unsigned int n)
{
	if (unlikely((unsigned int)stat >= VFTEAM_STAT_NR)) {
		vfteam_plugin_port_bad_return(pp, "counter helper: stat",
					      stat, "nothing counted");
		return;
	}
	atomic64_add(n, &pp->stat[stat]);
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_count);

/* NAPI only */
void vfteam_plugin_port_tx_done(struct vfteam_plugin_port *pp, unsigned int q,
				unsigned int pkts, unsigned int bytes)
{
	struct vfteam_plugin_queue *pq = vfteam_plugin_port_q(pp, q);

	if (unlikely(!pq))
		return;
	u64_stats_update_begin(&pq->napi_syncp);
	u64_stats_add(&pq->tx_packets, pkts);
	u64_stats_add(&pq->tx_bytes, bytes);
	u64_stats_update_end(&pq->napi_syncp);
	/* room on the ring again: what VFTEAM_TX_BUSY held back goes */
	vfteam_txrx_plugin_tx_done(pq);
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_tx_done);

/* the core's record of a ring's memory (ring->core), on pp->rings */
struct vfteam_ring_core {
	struct list_head node;
	struct vfteam_ring *ring;
	size_t size;
};

int vfteam_ring_alloc(struct vfteam_plugin_port *pp, struct vfteam_ring *ring,
		      unsigned int count, size_t desc_size)
{
	struct vfteam_ring_core *rc;
	size_t size;

	might_sleep();
	if (!count || !desc_size ||
	    check_mul_overflow((size_t)count, desc_size, &size))
		return -EINVAL;
	/* a second alloc would lose the first's memory */
	if (WARN_ON_ONCE(ring->desc))
		return -EBUSY;

	rc = kzalloc(sizeof(*rc), GFP_KERNEL);
	if (!rc)
		return -ENOMEM;
	ring->desc = dma_alloc_coherent(pp->dev, size, &ring->dma, GFP_KERNEL);
	if (!ring->desc) {
		kfree(rc);
		return -ENOMEM;
	}
	ring->count = count;
	ring->desc_size = desc_size;
	rc->ring = ring;
	rc->size = size;
	ring->core = rc;
	list_add_tail(&rc->node, &pp->rings);
	return 0;
}
EXPORT_SYMBOL_GPL(vfteam_ring_alloc);

/* a ring never allocated, or already freed, is left alone */
void vfteam_ring_free(struct vfteam_plugin_port *pp, struct vfteam_ring *ring)
{
	struct vfteam_ring_core *rc = ring->core;

	if (!ring->desc || WARN_ON_ONCE(!rc))
		return;
	list_del(&rc->node);
	dma_free_coherent(pp->dev, rc->size, ring->desc, ring->dma);
	kfree(rc);
	ring->desc = NULL;
	ring->core = NULL;
}
EXPORT_SYMBOL_GPL(vfteam_ring_free);

/* the rings the plugin left at detach (its private area is still there) */
static void vfteam_plugin_port_free_rings(struct vfteam_plugin_port *pp)
{
	struct vfteam_ring_core *rc, *tmp;

	list_for_each_entry_safe(rc, tmp, &pp->rings, node)
		vfteam_ring_free(pp, rc->ring);
}

/* ---- lifecycle ---- */

static void vfteam_plugin_queue_init(struct vfteam_plugin_port *pp,
				     unsigned int i)
{
	struct vfteam_plugin_queue *pq = &pp->queues[i];

	pq->pp = pp;
	pq->index = i;
	spin_lock_init(&pq->tx_lock);
	skb_queue_head_init(&pq->tx_pending);
	u64_stats_init(&pq->napi_syncp);
	u64_stats_init(&pq->tx_syncp);
}

/*
 * A plugin port for @dev (DMA device; &pdev->dev, or any device in tests
 * with @pdev NULL): allocate it and attach the plugin.  Process context.
 */
struct vfteam_plugin_port *vfteam_plugin_port_create(struct vfteam_plugin *plugin,
						     struct device *dev,
					 struct pci_dev *pdev)
{
	struct vfteam_plugin_port *pp;
	unsigned int i;
	int err;

	might_sleep();
	pp = kzalloc(struct_size(pp, priv, plugin->priv_size), GFP_KERNEL);
	if (!pp)
		return ERR_PTR(-ENOMEM);
	pp->max_queues = plugin->max_queues ?: 1;
	pp->queues = kcalloc(pp->max_queues, sizeof(*pp->queues), GFP_KERNEL);
	if (!pp->queues) {
		kfree(pp);
		return ERR_PTR(-ENOMEM);
	}
	/* the PCI glue lowers both to what its vectors allow */
	pp->nr_queues = min(pp->max_queues, num_online_cpus());

	pp->plugin = plugin;
	/* ops past the plugin's table (a newer core's) stay NULL */
	memcpy(&pp->ops_copy, plugin->ops,
	       min(plugin->ops->size, sizeof(pp->ops_copy)));
	pp->ops = &pp->ops_copy;
	pp->dev = dev;
	pp->pdev = pdev;
	pp->speed = SPEED_UNKNOWN;
	pp->duplex = DUPLEX_UNKNOWN;
	snprintf(pp->name, sizeof(pp->name), "%s@%s", plugin->name,
		 dev_name(dev));
	INIT_LIST_HEAD(&pp->wait_node);
	INIT_LIST_HEAD(&pp->rings);
	INIT_WORK(&pp->link_work, vfteam_plugin_port_link_work);
	for (i = 0; i < pp->max_queues; i++)
		vfteam_plugin_queue_init(pp, i);
	vfteam_plugin_health_init(pp);

	err = vfteam_plugin_call(pp, attach);
	if (err) {
		dev_err(dev, "%s: attach failed: %d\n", pp->name, err);
		goto undo_alloc;
	}
	if (!pp->mac_set) {
		dev_err(dev, "%s: attach reported no MAC\n", pp->name);
		err = -EADDRNOTAVAIL;
		goto undo_attach;
	}
	return pp;

undo_attach:
	vfteam_plugin_call_void(pp, detach);
undo_alloc:
	vfteam_plugin_rx_pools_destroy(pp);
	vfteam_plugin_health_exit(pp);
	cancel_work_sync(&pp->link_work);
	vfteam_plugin_port_free_rings(pp);
	kfree(pp->queues);
	kfree(pp);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_create);

/* undo create; the port has left its team and the pending list */
void vfteam_plugin_port_destroy(struct vfteam_plugin_port *pp)
{
	might_sleep();
	WARN_ON(READ_ONCE(pp->port) || READ_ONCE(pp->waiting));
	vfteam_plugin_call_void(pp, detach);
	vfteam_plugin_rx_pools_destroy(pp);
	/* after detach: a plugin may report an error until it returns */
	vfteam_plugin_health_exit(pp);
	cancel_work_sync(&pp->link_work);
	vfteam_plugin_port_free_rings(pp);
	kfree(pp->queues);
	kfree(pp);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_destroy);

/* the irq op's answer for the vector of @pq, or of the other causes */
static irqreturn_t vfteam_plugin_port_irq_op(struct vfteam_plugin_port *pp,
					     struct vfteam_plugin_queue *pq)
{
	unsigned int q = pq ? pq->index : VFTEAM_IRQ_OTHER;
	enum vfteam_irq ret;

	if (!READ_ONCE(pp->irq_on))
		return IRQ_NONE;	/* not started, or a shared line */

	ret = pp->ops->irq(pp, q);
	trace_vfteam_plugin_irq(pp->name, q, ret);
	switch (ret) {
	case VFTEAM_IRQ_NONE:
		return IRQ_NONE;
	case VFTEAM_IRQ_POLL:
		/* the other causes' vector has no queue: poll queue 0 */
		napi_schedule(&(pq ?: &pp->queues[0])->napi);
		return IRQ_HANDLED;
	case VFTEAM_IRQ_HANDLED:
		return IRQ_HANDLED;
	}
	/* "not ours": a storm of them is then seen by the spurious-irq check */
	vfteam_plugin_port_bad_return(pp, "irq", ret, "not this device's interrupt");
	return IRQ_NONE;
}

/*
 * hard irq of a queue's vector (@data: the queue); also called directly
 * by KUnit with BH disabled
 */
irqreturn_t vfteam_plugin_port_irq(int irq, void *data)
{
	struct vfteam_plugin_queue *pq = data;

	return vfteam_plugin_port_irq_op(pq->pp, pq);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_irq);

/* hard irq of the other causes' vector (msix_other; @data: the port) */
irqreturn_t vfteam_plugin_port_irq_other(int irq, void *data)
{
	return vfteam_plugin_port_irq_op(data, NULL);
}

static int vfteam_plugin_port_poll(struct napi_struct *napi, int budget)
{
	struct vfteam_plugin_queue *pq = container_of(napi, struct vfteam_plugin_queue,
						      napi);
	struct vfteam_plugin_port *pp = pq->pp;
	bool rearm;
	int done;

	done = pp->ops->poll(pp, pq->index, budget);
	if (WARN_ONCE(done < 0 || done > budget,
		      "%s: poll of queue %u returned %d for budget %d\n",
		      pp->name, pq->index, done, budget))
		done = done < 0 ? 0 : budget;

	/*
	 * The device is unmasked only once NAPI is complete, so its next
	 * interrupt schedules a new poll; napi_complete_done() says no while
	 * napi_defer_hard_irqs has the timer poll again instead.
	 */
	rearm = done < budget && napi_complete_done(napi, done) &&
		pp->ops->irq_enable;
	if (rearm)
		pp->ops->irq_enable(pp, pq->index);
	trace_vfteam_plugin_poll(pp->name, pq->index, budget, done, rearm);
	return done;
}

/*
 * The interrupt around restart and quiesce.  The line is disabled at the
 * interrupt controller before irq_on changes and enabled again only after
 * the op has set the device's own mask to match: a legacy INTx line is
 * level-triggered and may be shared, and a device asserting it while the
 * handler answers IRQ_NONE (irq_on false, the device not yet masked by
 * quiesce, or already unmasked by restart) would have the line called
 * spurious ("nobody cared") and shut off for every device on it.  An
 * exclusive vector (MSI/MSI-X) stays disabled while the port is stopped;
 * a shared line only for the op.
 */
static void vfteam_plugin_port_irqs(struct vfteam_plugin_port *pp, bool on)
{
	unsigned int i;

	for (i = 0; i < pp->nr_vectors; i++) {
		if (on)
			enable_irq(pp->vectors[i]);
		else
			disable_irq(pp->vectors[i]);	/* waits for a handler */
	}
}

static void vfteam_plugin_port_irq_hold(struct vfteam_plugin_port *pp)
{
	if (!pp->irq_exclusive)
		vfteam_plugin_port_irqs(pp, false);
}

static void vfteam_plugin_port_irq_on(struct vfteam_plugin_port *pp)
{
	WRITE_ONCE(pp->irq_on, true);
	vfteam_plugin_port_irqs(pp, true);
}

static void vfteam_plugin_port_irq_off(struct vfteam_plugin_port *pp)
{
	if (pp->irq_exclusive)
		vfteam_plugin_port_irqs(pp, false);
	WRITE_ONCE(pp->irq_on, false);
}

/* after the quiesce op: the device no longer asserts a shared line */
static void vfteam_plugin_port_irq_release(struct vfteam_plugin_port *pp)
{
	if (!pp->irq_exclusive)
		vfteam_plugin_port_irqs(pp, true);
}

/*
 * Tx of one queue on or off.  Off, the segments waiting for room on its
 * ring are lost (counted as the team's Tx drops) and the team's queues,
 * if this one stopped them, start again: traffic already moved to another
 * port.
 */
static void vfteam_plugin_queue_tx_set(struct vfteam_plugin_queue *pq, bool on)
{
	struct vfteam *team = pq->pp->port->team;
	struct sk_buff_head drop;
	bool stopped = false;

	__skb_queue_head_init(&drop);
	spin_lock_bh(&pq->tx_lock);
	pq->tx_on = on;
	if (!on) {
		skb_queue_splice_init(&pq->tx_pending, &drop);
		stopped = pq->tx_stopped;
		WRITE_ONCE(pq->tx_stopped, false);
	}
	spin_unlock_bh(&pq->tx_lock);

	if (!skb_queue_empty(&drop)) {
		atomic64_add(skb_queue_len(&drop), &team->lost_refused);
		__skb_queue_purge(&drop);
	}
	if (stopped)
		netif_tx_wake_all_queues(team->dev);
}

/* Tx of the queues in use on, or of all of them off */
static void vfteam_plugin_port_tx_set(struct vfteam_plugin_port *pp, bool on)
{
	unsigned int i;

	for (i = 0; i < (on ? pp->nr_queues : pp->max_queues); i++)
		vfteam_plugin_queue_tx_set(&pp->queues[i], on);
}

static void vfteam_plugin_port_napi_set(struct vfteam_plugin_port *pp, bool on)
{
	unsigned int i;

	for (i = 0; i < pp->nr_queues; i++) {
		if (on)
			napi_enable(&pp->queues[i].napi);
		else
			napi_disable(&pp->queues[i].napi); /* waits for poll */
	}
}

/* any context: a queue's full ring holds the team's Tx back */
bool vfteam_plugin_port_tx_any_stopped(struct vfteam_plugin_port *pp)
{
	unsigned int i;

	for (i = 0; i < pp->max_queues; i++)
		if (READ_ONCE(pp->queues[i].tx_stopped))
			return true;
	return false;
}

/* restart op, then irq, NAPI and Tx on; not reselected here */
static int vfteam_plugin_port_start_rtnl(struct vfteam_plugin_port *pp,
					 const struct vfteam_ring_checkpoint *cp)
{
	struct net_device *dev = pp->port->team->dev;
	unsigned int i;
	int err;

	ASSERT_RTNL();
	vfteam_plugin_port_irq_hold(pp);
	err = vfteam_plugin_call(pp, restart, cp);
	if (err) {
		vfteam_plugin_port_irq_release(pp);
		netdev_warn(dev, "plugin port %s: restart%s failed: %d\n",
			    pp->name, cp ? " from checkpoint" : "", err);
		return err;
	}
	pp->cp_valid = false;

	for (i = 0; i < pp->max_queues; i++) {
		struct vfteam_plugin_totals t = { };

		vfteam_plugin_queue_totals(&pp->queues[i], &t);
		atomic64_set(&pp->queues[i].start_taken, t.tx_taken);
	}
	vfteam_plugin_port_napi_set(pp, true);
	vfteam_plugin_port_irq_on(pp);
	vfteam_plugin_port_tx_set(pp, true);
	pp->running = true;
	/* the device came up blank: the team's filter and moderation again */
	vfteam_plugin_rx_filter_sync_rtnl(pp);
	vfteam_plugin_ethtool_sync_rtnl(pp);
	vfteam_plugin_queues_sync_rtnl(pp);

	/* pick up what the device did while its interrupts were off */
	local_bh_disable();
	for (i = 0; i < pp->nr_queues; i++)
		napi_schedule(&pp->queues[i].napi);
	local_bh_enable();
	return 0;
}

/* Tx, NAPI and irq off, then the quiesce op; traffic is already off it */
static int vfteam_plugin_port_stop_rtnl(struct vfteam_plugin_port *pp)
{
	int err;

	ASSERT_RTNL();
	pp->running = false;
	/* the plugin reports link again after restart */
	WRITE_ONCE(pp->link_up, false);
	vfteam_plugin_port_link_speed(pp, SPEED_UNKNOWN, DUPLEX_UNKNOWN);
	vfteam_plugin_port_tx_set(pp, false);	/* no xmit op runs after this */
	vfteam_plugin_port_napi_set(pp, false);
	vfteam_plugin_port_irq_hold(pp);
	vfteam_plugin_port_irq_off(pp);

	memset(&pp->cp, 0, sizeof(pp->cp));
	err = vfteam_plugin_call(pp, quiesce, &pp->cp);
	vfteam_plugin_port_irq_release(pp);
	pp->cp_valid = !err && pp->cp.nr_rings <= VFTEAM_MAX_RINGS;
	if (err)
		netdev_warn(pp->port->team->dev,
			    "plugin port %s: quiesce failed: %d\n", pp->name,
			    err);
	return err;
}

/* migration prepare, or tests: move traffic off it and stop the device */
int vfteam_plugin_port_quiesce_rtnl(struct vfteam_plugin_port *pp)
{
	ASSERT_RTNL();
	if (!pp->port || !pp->running)
		return 0;

	/* make before break: a port that is not running is never chosen */
	pp->running = false;
	vfteam_select_rtnl(pp->port->team, NULL);
	return vfteam_plugin_port_stop_rtnl(pp);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_quiesce_rtnl);

/* start a quiesced port from @cp (same device) or from scratch (NULL) */
int vfteam_plugin_port_restart_rtnl(struct vfteam_plugin_port *pp,
				    const struct vfteam_ring_checkpoint *cp)
{
	int err;

	ASSERT_RTNL();
	if (!pp->port)
		return -ENOTCONN;	/* NAPI exists only in a team */
	if (pp->running)
		return 0;
	if (pp->resetting)
		return -EAGAIN;		/* plugin_health.c restarts it */

	err = vfteam_plugin_port_start_rtnl(pp, cp);
	if (!err)
		vfteam_select_rtnl(pp->port->team, NULL);
	return err;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_restart_rtnl);

/*
 * RTNL: take a running port out of selection and, if it carried the team,
 * keep it receiving for the team's prepare grace, as a migration's prepare
 * does: until the switch has learnt the team's MAC on the standby (the
 * switch is announced; the replies to what still arrives here go out
 * there), it sends to this port, and the restart from scratch that
 * follows empties its rings.  The grace sleeps under RTNL (an MTU or
 * queue change waits for it), so it is held to VFTEAM_DRAIN_MAX_MS; a
 * sysfs prepare_grace_ms of 0 skips it.
 */
#define VFTEAM_DRAIN_MAX_MS	500

static void vfteam_plugin_port_drain_rtnl(struct vfteam_plugin_port *pp)
{
	struct vfteam *team = pp->port->team;
	struct vfteam_port *was = rtnl_dereference(team->active);

	pp->running = false;
	vfteam_select_rtnl(team, NULL);
	if (was == pp->port && rtnl_dereference(team->active) &&
	    team->mig_grace_ms)
		msleep(min(team->mig_grace_ms, VFTEAM_DRAIN_MAX_MS));
}

/*
 * Change what the device is set up with (its MTU, its queues): stop it
 * the way a migration does (the team's traffic on the standby, a grace
 * for the switch, then quiesce), have @change apply @arg, and start it
 * from scratch, its checkpoint made for the old setup.  @change refusing
 * (-errno) resumes the port from the checkpoint instead; a restart that
 * fails leaves the port to the health watchdog (plugin_health.c), which
 * resets it.  Not running (hung, or quiesced for a migration): @change
 * alone, and the next start takes it.
 */
int vfteam_plugin_port_reconfigure_rtnl(struct vfteam_plugin_port *pp,
					int (*change)(struct vfteam_plugin_port *pp,
						      unsigned int arg),
					unsigned int arg)
{
	bool was_running = pp->running;
	int err;

	ASSERT_RTNL();
	if (was_running) {
		vfteam_plugin_port_drain_rtnl(pp);
		/* the device is stopped even when its quiesce op fails */
		vfteam_plugin_port_stop_rtnl(pp);
	}
	err = change(pp, arg);
	if (err) {
		if (was_running)
			vfteam_plugin_port_resume_rtnl(pp);
		return err;
	}
	pp->cp_valid = false;
	if (was_running && vfteam_plugin_port_restart_rtnl(pp, NULL))
		vfteam_plugin_health_failed_rtnl(pp,
						 VFTEAM_RESET_RESTART_FAILED);
	return 0;
}

/*
 * migration abort: from the checkpoint, else (none, or it failed) afresh;
 * 1 if it resumed from the checkpoint
 */
static int vfteam_plugin_port_resume_from_rtnl(struct vfteam_plugin_port *pp)
{
	int err = -ENODATA;

	ASSERT_RTNL();
	if (pp->running)
		return 0;
	if (pp->cp_valid) {
		err = vfteam_plugin_port_restart_rtnl(pp, &pp->cp);
		if (!err)
			return 1;
	}
	if (pp->port && !pp->running) {
		netdev_info(pp->port->team->dev,
			    "plugin port %s: restarting from scratch\n",
			    pp->name);
		err = vfteam_plugin_port_restart_rtnl(pp, NULL);
	}
	return err;
}

int vfteam_plugin_port_resume_rtnl(struct vfteam_plugin_port *pp)
{
	int ret = vfteam_plugin_port_resume_from_rtnl(pp);

	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_resume_rtnl);

/* ---- port ops ---- */

static const char *vfteam_plugin_port_op_name(const struct vfteam_port *port)
{
	return port->plugin_port->name;
}

static void vfteam_plugin_port_op_view(const struct vfteam_port *port,
				       struct vfteam_port_view *view)
{
	view->running = port->plugin_port->running;
	view->up = view->running;
	view->carrier = READ_ONCE(port->plugin_port->link_up);
	view->rx_filter_short = vfteam_plugin_rx_filter_short(port->plugin_port);
}

/* any context: one queue's counters, added to @t */
void vfteam_plugin_queue_totals(struct vfteam_plugin_queue *pq,
				struct vfteam_plugin_totals *t)
{
	unsigned int start;
	u64 v[4];

	do {
		start = u64_stats_fetch_begin(&pq->napi_syncp);
		v[0] = u64_stats_read(&pq->rx_packets);
		v[1] = u64_stats_read(&pq->rx_bytes);
		v[2] = u64_stats_read(&pq->tx_packets);
		v[3] = u64_stats_read(&pq->tx_bytes);
	} while (u64_stats_fetch_retry(&pq->napi_syncp, start));
	t->rx_packets += v[0];
	t->rx_bytes += v[1];
	t->tx_packets += v[2];
	t->tx_bytes += v[3];
	do {
		start = u64_stats_fetch_begin(&pq->tx_syncp);
		v[0] = u64_stats_read(&pq->tx_taken);
		v[1] = u64_stats_read(&pq->tx_declined);
		v[2] = u64_stats_read(&pq->tx_busy);
	} while (u64_stats_fetch_retry(&pq->tx_syncp, start));
	t->tx_taken += v[0];
	t->tx_declined += v[1];
	t->tx_busy += v[2];
}

/* any context: the counters of all queues, added up */
void vfteam_plugin_port_totals(struct vfteam_plugin_port *pp,
			       struct vfteam_plugin_totals *t)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < pp->max_queues; i++)
		vfteam_plugin_queue_totals(&pp->queues[i], t);
}

static void vfteam_plugin_port_op_get_stats(const struct vfteam_port *port,
					    struct rtnl_link_stats64 *stats)
{
	struct vfteam_plugin_port *pp = port->plugin_port;
	struct vfteam_plugin_totals t;

	vfteam_plugin_port_totals(pp, &t);
	memset(stats, 0, sizeof(*stats));
	stats->rx_packets = t.rx_packets;
	stats->rx_bytes = t.rx_bytes;
	stats->tx_packets = t.tx_packets;
	stats->tx_bytes = t.tx_bytes;
	stats->rx_errors = atomic64_read(&pp->stat[VFTEAM_STAT_RX_ERRORS]);
	stats->rx_dropped = atomic64_read(&pp->stat[VFTEAM_STAT_RX_DROPPED]);
	stats->rx_missed_errors = atomic64_read(&pp->stat[VFTEAM_STAT_RX_MISSED]);
	stats->tx_errors = atomic64_read(&pp->stat[VFTEAM_STAT_TX_ERRORS]);
	stats->tx_dropped = atomic64_read(&pp->stat[VFTEAM_STAT_TX_DROPPED]);
}

/* frames the port declined (they went to the standby, or were lost) */
u64 vfteam_plugin_port_tx_declined_count(struct vfteam_plugin_port *pp)
{
	struct vfteam_plugin_totals t;

	vfteam_plugin_port_totals(pp, &t);
	return t.tx_declined;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_tx_declined_count);

/* the xmit op's VFTEAM_TX_BUSY answers (a full ring stopped the team) */
u64 vfteam_plugin_port_tx_busy_count(struct vfteam_plugin_port *pp)
{
	struct vfteam_plugin_totals t;

	vfteam_plugin_port_totals(pp, &t);
	return t.tx_busy;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_tx_busy_count);

static u64 vfteam_plugin_port_op_tx_busy(const struct vfteam_port *port)
{
	return vfteam_plugin_port_tx_busy_count(port->plugin_port);
}

static u64 vfteam_plugin_port_op_tx_declined(const struct vfteam_port *port)
{
	return vfteam_plugin_port_tx_declined_count(port->plugin_port);
}

static u64 vfteam_plugin_port_op_carrier_changes(const struct vfteam_port *port)
{
	return (unsigned int)atomic_read(&port->plugin_port->carrier_changes);
}

static int vfteam_plugin_port_op_quiesce(struct vfteam_port *port)
{
	/* the core's sequence: tx off, NAPI off, irq off, quiesce op */
	return vfteam_plugin_port_quiesce_rtnl(port->plugin_port);
}

static int vfteam_plugin_port_op_resume(struct vfteam_port *port)
{
	/* restart from the checkpoint on the same device */
	return vfteam_plugin_port_resume_from_rtnl(port->plugin_port);
}

/*
 * The device is still there: it waits for a team with its MAC again (the
 * join work, which leave kicks, tries the teams)
 */
static void vfteam_plugin_port_op_release(struct vfteam_port *port)
{
	struct vfteam_plugin_port *pp = port->plugin_port;

	/* leave frees @port */
	vfteam_plugin_port_leave_rtnl(pp);
	vfteam_plugin_wait_add_rtnl(pp);
}

static int vfteam_plugin_port_op_set_mtu(struct vfteam_port *port, int mtu)
{
	return vfteam_plugin_mtu_set_rtnl(port->plugin_port, mtu);
}

/* the port carries the MAC its device has: the team's cannot change */
static int vfteam_plugin_port_op_set_mac(struct vfteam_port *port,
					 struct sockaddr *addr)
{
	netdev_err(port->team->dev, "plugin port %s carries the team's MAC; it cannot change while the port is in\n",
		   port->plugin_port->name);
	return -EBUSY;
}

/* ABI v1: a plugin port receives every VLAN; nothing to filter */
static int vfteam_plugin_port_op_vlan_add(struct vfteam_port *port,
					  __be16 proto, u16 vid)
{
	return 0;
}

static void vfteam_plugin_port_op_vlan_del(struct vfteam_port *port,
					   __be16 proto, u16 vid)
{
}

static void vfteam_plugin_port_op_sync_rx_filter(struct vfteam_port *port)
{
	vfteam_plugin_rx_filter_sync_rtnl(port->plugin_port);
}

static const struct vfteam_port_ops vfteam_plugin_port_ops = {
	.name		= vfteam_plugin_port_op_name,
	.view		= vfteam_plugin_port_op_view,
	.get_stats	= vfteam_plugin_port_op_get_stats,
	.tx_declined	= vfteam_plugin_port_op_tx_declined,
	.tx_busy	= vfteam_plugin_port_op_tx_busy,
	.carrier_changes = vfteam_plugin_port_op_carrier_changes,
	.quiesce	= vfteam_plugin_port_op_quiesce,
	.resume		= vfteam_plugin_port_op_resume,
	.release	= vfteam_plugin_port_op_release,
	.set_mtu	= vfteam_plugin_port_op_set_mtu,
	.set_mac	= vfteam_plugin_port_op_set_mac,
	.vlan_add	= vfteam_plugin_port_op_vlan_add,
	.vlan_del	= vfteam_plugin_port_op_vlan_del,
	.sync_rx_filter	= vfteam_plugin_port_op_sync_rx_filter,
	.set_irq_moderation = vfteam_plugin_ethtool_set_moderation,
	.hw_stats_count	= vfteam_plugin_ethtool_hw_count,
	.hw_stat_name	= vfteam_plugin_ethtool_hw_name,
	.hw_stats	= vfteam_plugin_ethtool_hw_stats,
	.get_link	= vfteam_plugin_ethtool_get_link,
	.get_drvinfo	= vfteam_plugin_ethtool_get_drvinfo,
	.get_queues	= vfteam_plugin_queues_get,
	.set_queues	= vfteam_plugin_queues_set,
};

/* ---- join and leave ---- */

/*
 * Join @team as its primary: the team must have this port's MAC and no
 * primary.  The device starts from scratch (restart with no checkpoint).
 */
int vfteam_plugin_port_join_rtnl(struct vfteam_plugin_port *pp,
				 struct vfteam *team)
{
	struct net_device *dev = team->dev;
	struct vfteam_port *port;
	unsigned int i;
	int err;

	ASSERT_RTNL();
	if (pp->port || vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY))
		return -EBUSY;
	if (pp->resetting)
		return -EAGAIN;		/* it joins when the reset is done */
	if (!ether_addr_equal(pp->mac, dev->dev_addr))
		return -EADDRNOTAVAIL;
	err = vfteam_plugin_mtu_check(pp, dev->mtu);
	if (err) {
		netdev_warn(dev, "plugin port %s cannot take the team's MTU %u\n",
			    pp->name, dev->mtu);
		return err;
	}
	pp->mtu = dev->mtu;
	vfteam_plugin_queues_join_rtnl(pp, team);

	port = vfteam_port_alloc(team, &vfteam_plugin_port_ops,
				 VFTEAM_ROLE_PRIMARY, sizeof(*port));
	if (!port)
		return -ENOMEM;
	port->plugin_port = pp;

	for (i = 0; i < pp->max_queues; i++)
		netif_napi_add(dev, &pp->queues[i].napi, vfteam_plugin_port_poll);
	pp->port = port;
	err = vfteam_plugin_port_start_rtnl(pp, NULL);
	if (err)
		goto undo_napi;

	vfteam_plugin_wait_remove_rtnl(pp);
	vfteam_port_publish_rtnl(port);
	netdev_info(dev, "plugin port %s joined as primary port\n", pp->name);
	vfteam_select_rtnl(team, NULL);
	return 0;

undo_napi:
	pp->port = NULL;
	for (i = 0; i < pp->max_queues; i++)
		__netif_napi_del(&pp->queues[i].napi);
	synchronize_net();
	kfree(port);
	return err;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_join_rtnl);

/*
 * Leave the team: fail over first, stop the device if it runs, then
 * unpublish.  The caller decides whether the port waits for a team again.
 */
void vfteam_plugin_port_leave_rtnl(struct vfteam_plugin_port *pp)
{
	struct vfteam_port *port = pp->port;
	struct vfteam *team = port->team;
	unsigned int i;

	ASSERT_RTNL();
	vfteam_select_rtnl(team, port);
	if (pp->running)
		vfteam_plugin_port_stop_rtnl(pp);

	vfteam_port_unpublish_rtnl(port);
	for (i = 0; i < pp->max_queues; i++)
		__netif_napi_del(&pp->queues[i].napi);
	synchronize_net();
	pp->port = NULL;
	vfteam_port_free(port);

	netdev_info(team->dev, "released primary port %s\n", pp->name);
	vfteam_port_left_rtnl(team, VFTEAM_ROLE_PRIMARY);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_leave_rtnl);

/* take the port out of its team, or off the waiting list; takes RTNL */
void vfteam_plugin_port_unlink(struct vfteam_plugin_port *pp)
{
	rtnl_lock();
	vfteam_plugin_wait_remove_rtnl(pp);
	if (pp->port)
		vfteam_plugin_port_leave_rtnl(pp);
	rtnl_unlock();
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_port_unlink);
