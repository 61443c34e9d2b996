// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fixture shared by vfteam's suites (fake_plugin.h): the fake
 * plugin's ops, the bed (team + standby) its port joins, and what every
 * suite does around its cases.
 */
#include <kunit/test.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>

#include <vfteam/plugin.h>

#include "../team-driver/netdev_port.h"
#include "../team-driver/plugin_health.h"
#include "../team-driver/plugin_host.h"
#include "../team-driver/plugin_port.h"
#include "../team-driver/plugin_rx_pool.h"
#include "../team-driver/plugin_wait.h"
#include "../team-driver/port.h"
#include "../team-driver/team.h"
#include "fake_plugin.h"

struct fake_state fake;

struct fake_priv *fake_priv(struct vfteam_plugin_port *pp)
{
	return vfteam_plugin_port_priv_ptr(pp, struct fake_priv);
}

static void fake_record(enum fake_op op)
{
	unsigned long flags;

	spin_lock_irqsave(&fake.lock, flags);
	if (fake.n < FAKE_LOG_MAX)
		fake.log[fake.n++] = op;
	fake.count[op]++;
	spin_unlock_irqrestore(&fake.lock, flags);
}

unsigned int fake_count(enum fake_op op)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&fake.lock, flags);
	n = fake.count[op];
	spin_unlock_irqrestore(&fake.lock, flags);
	return n;
}

bool fake_is_ours(const struct sk_buff *skb)
{
	return skb->mark == FAKE_MARK;
}

static int fake_attach(struct vfteam_plugin_port *pp)
{
	int err;

	fake_record(OP_ATTACH);
	if (fake.fail[OP_ATTACH])
		return fake.fail[OP_ATTACH];
	if (fake.use_ring) {
		err = vfteam_ring_alloc(pp, &fake_priv(pp)->ring, 16, 16);
		if (err)
			return err;
	}
	if (fake.no_mac)
		return 0;
	return vfteam_plugin_port_set_mac(pp, fake.mac);
}

/* the device gives every Rx buffer back */
static void fake_rx_bufs_put(struct vfteam_plugin_port *pp)
{
	unsigned int i;

	for (i = 0; i < FAKE_RX_BUFS; i++)
		vfteam_plugin_port_rx_buf_put(pp, &fake_priv(pp)->rx_buf[i]);
	fake_priv(pp)->rx_next = 0;
}

/* a buffer in each empty slot of queue 0's ring */
static void fake_rx_bufs_fill(struct vfteam_plugin_port *pp)
{
	struct fake_priv *fp = fake_priv(pp);
	unsigned int i;
	int err;

	for (i = 0; i < FAKE_RX_BUFS; i++) {
		if (fp->rx_buf[i].page)
			continue;
		err = vfteam_plugin_port_rx_buf_get(pp, 0, &fp->rx_buf[i]);
		if (err)
			fake.rx_fill_err = err;
	}
}

static void fake_detach(struct vfteam_plugin_port *pp)
{
	fake_record(OP_DETACH);
	fake_rx_bufs_put(pp);
	if (!fake.leak_ring)
		vfteam_ring_free(pp, &fake_priv(pp)->ring);
}

static enum vfteam_tx fake_xmit(struct vfteam_plugin_port *pp, unsigned int q,
				struct sk_buff *skb)
{
	/* frames of the stack (IPv6 autoconf...) are taken silently */
	if (!fake_is_ours(skb)) {
		if (READ_ONCE(fake.complete_all)) {
			spin_lock(&fake.lock);
			fake.tx_pkts++;
			fake.tx_bytes += skb->len;
			spin_unlock(&fake.lock);
		}
		dev_kfree_skb_any(skb);
		return VFTEAM_TX_OK;
	}
	fake_record(OP_XMIT);
	atomic_inc(&fake.xmit_q[q % VFTEAM_MAX_QUEUES]);
	if (fake.decline)
		return VFTEAM_TX_DECLINE;
	if (READ_ONCE(fake.busy) || (READ_ONCE(fake.busy_q) & BIT(q)))
		return VFTEAM_TX_BUSY;
	if (fake.xmit_bad) {
		/* a buggy plugin: it took the frame and says something else */
		dev_kfree_skb_any(skb);
		return (enum vfteam_tx)fake.xmit_bad;
	}
	spin_lock(&fake.lock);
	fake.tx_pkts++;
	fake.tx_bytes += skb->len;
	spin_unlock(&fake.lock);
	dev_kfree_skb_any(skb);
	return VFTEAM_TX_OK;
}

/*
 * A frame of @len bytes of the tests' protocol from a peer: broadcast,
 * each payload byte its offset's low byte (fake_rx_intact() checks)
 */
static void fake_rx_write(u8 *frame, unsigned int len)
{
	struct ethhdr *eth = (struct ethhdr *)frame;
	unsigned int i;

	for (i = ETH_HLEN; i < len; i++)
		frame[i] = i;
	eth_broadcast_addr(eth->h_dest);
	memset(eth->h_source, 0, ETH_ALEN);
	eth->h_source[0] = 0x02;	/* not the team's MAC */
	eth->h_source[5] = 0x42;
	eth->h_proto = htons(FAKE_PROTO);
}

bool fake_rx_intact(const struct sk_buff *skb)
{
	unsigned int i;

	for (i = 0; i < skb->len; i++)
		if (skb->data[i] != (u8)(i + ETH_HLEN))
			return false;
	return true;
}

/*
 * The device wrote a frame into the next buffer of queue 0's ring (the
 * pool's length of it at most, @len reported): pass it up, refill the
 * slot.  False when the ring is empty.
 */
static bool fake_rx_pool_frame(struct vfteam_plugin_port *pp, unsigned int q,
			       unsigned int len)
{
	struct fake_priv *fp = fake_priv(pp);
	struct vfteam_rx_buf *b = &fp->rx_buf[fp->rx_next];
	struct sk_buff *skb;

	if (!b->page)
		return false;
	fake_rx_write(page_address(b->page) + VFTEAM_RX_HEADROOM,
		      min(len, fake.rx_pool_len));
	skb = vfteam_plugin_port_rx_buf_skb(pp, q, b, len);
	if (vfteam_plugin_port_rx_buf_get(pp, q, b))
		fake.rx_fill_err = -ENOMEM;
	fp->rx_next = (fp->rx_next + 1) % FAKE_RX_BUFS;
	if (skb)
		vfteam_plugin_port_rx(pp, q, skb);
	return true;
}

static int fake_poll(struct vfteam_plugin_port *pp, unsigned int q, int budget)
{
	unsigned int pkts, bytes, len;
	struct sk_buff *skb;
	unsigned long flags;
	int n, done;

	fake_record(OP_POLL);
	atomic_inc(&fake.poll_q[q % VFTEAM_MAX_QUEUES]);
	spin_lock_irqsave(&fake.lock, flags);
	n = min(fake.rx_frames, budget);
	fake.rx_frames -= n;
	len = fake.rx_len ?: ETH_ZLEN;
	pkts = fake.tx_pkts;
	bytes = fake.tx_bytes;
	fake.tx_pkts = 0;
	fake.tx_bytes = 0;
	spin_unlock_irqrestore(&fake.lock, flags);

	/* Tx completions are reported from poll, as the contract says */
	if (pkts)
		vfteam_plugin_port_tx_done(pp, fake.done_q, pkts, bytes);

	for (done = 0; done < n; done++) {
		if (fake.rx_pool) {
			if (fake_rx_pool_frame(pp, q, len))
				continue;
			break;
		}
		skb = vfteam_plugin_port_alloc_rx_skb(pp, q, len);
		if (!skb)
			break;
		fake_rx_write(skb_put(skb, len), len);
		vfteam_plugin_port_rx(pp, fake.rx_q_bad ?: q, skb);
	}
	return done;
}

/* whether @op runs with the test's interrupt line disabled (+1) or not (-1) */
static void fake_note_line(enum fake_op op)
{
	if (fake.irq_line)
		fake.line_held[op] = irqd_irq_disabled(irq_get_irq_data(fake.irq_line)) ? 1 : -1;
}

static enum vfteam_irq fake_irq(struct vfteam_plugin_port *pp, unsigned int q)
{
	fake_record(OP_IRQ);
	fake.irq_q = q;
	return fake.irq_ret;
}

static int fake_quiesce(struct vfteam_plugin_port *pp,
			struct vfteam_ring_checkpoint *cp)
{
	fake_record(OP_QUIESCE);
	fake_note_line(OP_QUIESCE);
	fake.quiesce_active = rtnl_dereference(pp->port->team->active);
	fake.quiesce_at = jiffies;
	fake.quiesce_rx_left = READ_ONCE(fake.rx_frames);
	if (fake.fail[OP_QUIESCE])
		return fake.fail[OP_QUIESCE];
	cp->nr_rings = 1;
	cp->ring[0].producer = 7;
	cp->ring[0].consumer = 5;
	return 0;
}

static int fake_restart(struct vfteam_plugin_port *pp,
			const struct vfteam_ring_checkpoint *cp)
{
	enum fake_op op = cp ? OP_RESTART_CP : OP_RESTART_NEW;

	fake_record(op);
	fake_note_line(op);
	if (fake.fail[op])
		return fake.fail[op];
	if (!cp)
		fake.mtu_restart = vfteam_plugin_port_mtu(pp);
	if (!cp && fake.rx_pool) {
		fake_rx_bufs_put(pp);
		fake.rx_pool_err = vfteam_plugin_port_rx_pool(pp, FAKE_RX_BUFS,
							      fake.rx_pool_len);
		if (fake.rx_pool_err)
			return fake.rx_pool_err;
		fake_rx_bufs_fill(pp);
	}
	fake.queues_restart = vfteam_plugin_port_queues(pp);
	if (cp)
		fake.cp_seen_ok = cp->nr_rings == 1 &&
				  cp->ring[0].producer == 7 &&
				  cp->ring[0].consumer == 5;
	vfteam_plugin_port_link_set(pp, true);
	return 0;
}

const struct vfteam_plugin_ops fake_ops = {
	.size		= sizeof(struct vfteam_plugin_ops),
	.attach		= fake_attach,
	.detach		= fake_detach,
	.xmit		= fake_xmit,
	.poll		= fake_poll,
	.irq		= fake_irq,
	.quiesce	= fake_quiesce,
	.restart	= fake_restart,
};

int fake_set_rx_filter(struct vfteam_plugin_port *pp,
		       const struct vfteam_rx_filter *f)
{
	fake.rxf_flags = f->flags;
	fake.rxf_uc = f->uc_count;
	if (f->uc_count)
		ether_addr_copy(fake.rxf_uc0, f->uc[0]);
	atomic_inc(&fake.rxf_calls);
	return fake.rxf_err;
}

void fake_irq_enable(struct vfteam_plugin_port *pp, unsigned int q)
{
	fake_record(OP_IRQ_ENABLE);
	if (test_bit(NAPI_STATE_SCHED, &pp->queues[q].napi.state))
		atomic_inc(&fake.enable_in_napi);
}

int fake_set_rss(struct vfteam_plugin_port *pp, const struct vfteam_rss *rss)
{
	fake_record(OP_SET_RSS);
	fake.rss = *rss;
	return fake.fail[OP_SET_RSS];
}

int fake_change_mtu(struct vfteam_plugin_port *pp, unsigned int mtu)
{
	fake_record(OP_CHANGE_MTU);
	fake.ran_stopped[OP_CHANGE_MTU] = !pp->running;
	fake.mtu_op = mtu;
	return fake.fail[OP_CHANGE_MTU];
}

int fake_reset(struct vfteam_plugin_port *pp, enum vfteam_reset_why why)
{
	fake_record(OP_RESET);
	fake.ran_stopped[OP_RESET] = !pp->running;
	fake.reset_why = why;
	return fake.fail[OP_RESET];
}

const char fake_hw_names[2][ETH_GSTRING_LEN] = { "fake_a", "fake_b" };

void fake_get_hw_stats(struct vfteam_plugin_port *pp, u64 *data)
{
	data[0] = fake.hw[0];
	data[1] = fake.hw[1];
}

int fake_set_irq_moderation(struct vfteam_plugin_port *pp, unsigned int usecs)
{
	fake_record(OP_MODERATION);
	if (fake.fail[OP_MODERATION])
		return fake.fail[OP_MODERATION];
	fake.usecs = usecs;
	return 0;
}

/* a test ID: QEMU's vendor, a device number nothing uses */
const struct pci_device_id fake_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT, 0xfeee) },
	{ }
};

/*
 * No owner: KUnit runs the suite while this module is still coming up,
 * before its sysfs directory exists, where a driver's owner links to.
 */
const struct vfteam_plugin fake_plugin_template = {
	.name		= "kunit_fake",
	.owner		= NULL,
	.abi_version	= VFTEAM_PLUGIN_ABI_VERSION,
	.id_table	= fake_ids,
	.priv_size	= sizeof(struct fake_priv),
	.ops		= &fake_ops,
};

/* a descriptor owned by the test (register writes its private part) */
struct vfteam_plugin *fake_plugin(struct kunit *test)
{
	struct vfteam_plugin *p;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	*p = fake_plugin_template;
	return p;
}

/* ---- a team and a standby to put the port in ---- */

static netdev_tx_t fake_standby_xmit(struct sk_buff *skb,
				     struct net_device *dev)
{
	if (fake_is_ours(skb))
		atomic_inc(&fake.standby_seen);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops fake_standby_ops = {
	.ndo_start_xmit		= fake_standby_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

void fake_bed_up(struct kunit *test, struct fake_bed *bed,
		 bool standby)
{
	struct net_device *sdev;
	int err;

	rtnl_lock();
	bed->team = vfteam_team_create_rtnl(&init_net, "vfkt%d", fake.mac);
	if (IS_ERR(bed->team)) {
		rtnl_unlock();
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bed->team);
	}
	/* quiesce at prepare itself, so the op order is deterministic */
	bed->team->mig_grace_ms = 0;
	err = dev_open(bed->team->dev, NULL);
	if (!err && standby) {
		sdev = alloc_etherdev(0);
		err = -ENOMEM;
		if (sdev) {
			sdev->netdev_ops = &fake_standby_ops;
			sdev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
			sdev->needs_free_netdev = true;
			/* a standby takes any MTU, as virtio-net does */
			sdev->max_mtu = ETH_MAX_MTU;
			eth_hw_addr_set(sdev, fake.mac);
			err = dev_alloc_name(sdev, "vfkts%d");
			if (err >= 0)
				err = register_netdevice(sdev);
			if (err)
				free_netdev(sdev);
			else
				bed->standby = sdev;
		}
		if (!err)
			err = vfteam_netdev_port_add_role_rtnl(bed->team, sdev,
							       VFTEAM_ROLE_STANDBY,
							NULL);
	}
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
}

void fake_bed_down(struct fake_bed *bed)
{
	rtnl_lock();
	if (bed->team)
		unregister_netdevice(bed->team->dev);
	if (bed->standby)
		unregister_netdevice(bed->standby);
	rtnl_unlock();
	bed->team = NULL;
	bed->standby = NULL;
}

/* the port out of its team and gone, then the bed */
void fake_port_bed_down(struct vfteam_plugin_port *pp, struct fake_bed *bed)
{
	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(bed);
}

struct vfteam_port *fake_active(struct fake_bed *bed)
{
	struct vfteam_port *port;

	rtnl_lock();
	port = rtnl_dereference(bed->team->active);
	rtnl_unlock();
	return port;
}

struct vfteam_port *fake_primary(struct fake_bed *bed)
{
	struct vfteam_port *port;

	rtnl_lock();
	port = vfteam_port_rtnl(bed->team, VFTEAM_ROLE_PRIMARY);
	rtnl_unlock();
	return port;
}

int fake_join(struct vfteam_plugin_port *pp, struct fake_bed *bed)
{
	int err;

	rtnl_lock();
	err = vfteam_plugin_port_join_rtnl(pp, bed->team);
	rtnl_unlock();
	return err;
}

int fake_quiesce_port(struct vfteam_plugin_port *pp)
{
	int err;

	rtnl_lock();
	err = vfteam_plugin_port_quiesce_rtnl(pp);
	rtnl_unlock();
	return err;
}

int fake_resume_port(struct vfteam_plugin_port *pp)
{
	int err;

	rtnl_lock();
	err = vfteam_plugin_port_resume_rtnl(pp);
	rtnl_unlock();
	return err;
}

/* the log without polls (NAPI runs when it likes) */
unsigned int fake_control_log(enum fake_op *out, unsigned int max)
{
	unsigned long flags;
	unsigned int i, n = 0;

	spin_lock_irqsave(&fake.lock, flags);
	for (i = 0; i < fake.n && n < max; i++)
		if (fake.log[i] != OP_POLL && fake.log[i] != OP_IRQ_ENABLE &&
		    fake.log[i] != OP_MODERATION)
			out[n++] = fake.log[i];
	spin_unlock_irqrestore(&fake.lock, flags);
	return n;
}

/*
 * a port of a plugin with @ops (fake_ops, or a test's copy with optional
 * ops added), @max_queues and @max_mtu; the plugin descriptor is shared
 * by the ports a test creates
 */
struct vfteam_plugin_port *fake_create_queues(struct kunit *test,
					      const struct vfteam_plugin_ops *ops,
					      unsigned int max_queues,
					      unsigned int max_mtu)
{
	static struct vfteam_plugin plugin;
	struct vfteam_plugin_port *pp;

	plugin = fake_plugin_template;
	plugin.ops = ops;
	plugin.max_queues = max_queues;
	plugin.max_mtu = max_mtu;
	KUNIT_ASSERT_EQ(test, vfteam_plugin_host_validate(&plugin), 0);
	pp = vfteam_plugin_port_create(&plugin, fake.dev, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pp);
	return pp;
}

struct vfteam_plugin_port *fake_create_ops(struct kunit *test,
					   const struct vfteam_plugin_ops *ops,
					   unsigned int max_mtu)
{
	return fake_create_queues(test, ops, 0, max_mtu);
}

/* a port of the fake plugin as it is */
struct vfteam_plugin_port *fake_create(struct kunit *test)
{
	return fake_create_ops(test, &fake_ops, 0);
}

/* a broadcast frame of the tests' protocol from @src, data at its header */
static struct sk_buff *fake_frame(struct kunit *test, const u8 *src)
{
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(ETH_ZLEN + NET_IP_ALIGN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	skb_reserve(skb, NET_IP_ALIGN);
	eth = skb_put_zero(skb, ETH_ZLEN);
	eth_broadcast_addr(eth->h_dest);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = htons(FAKE_PROTO);
	return skb;
}

/*
 * A frame of the tests' protocol from @src (NULL: @dev's own MAC), ready
 * to be sent through @dev
 */
struct sk_buff *fake_tx_frame(struct kunit *test, struct net_device *dev,
			      const u8 *src)
{
	struct sk_buff *skb = fake_frame(test, src ? src : dev->dev_addr);

	skb_reset_mac_header(skb);
	skb->protocol = htons(FAKE_PROTO);
	skb->dev = dev;
	skb->mark = FAKE_MARK;
	return skb;
}

/* such a frame, sent through @dev's stack */
void fake_send_from(struct kunit *test, struct net_device *dev, const u8 *src)
{
	dev_queue_xmit(fake_tx_frame(test, dev, src));
}

void fake_send(struct kunit *test, struct net_device *dev)
{
	fake_send_from(test, dev, NULL);
}

/* a broadcast frame of the tests' protocol from @src arrives on @dev */
void fake_receive(struct kunit *test, struct net_device *dev, const u8 *src)
{
	struct sk_buff *skb = fake_frame(test, src);

	skb->protocol = eth_type_trans(skb, dev);
	local_bh_disable();
	netif_receive_skb(skb);
	local_bh_enable();
}

/* raise the fake port's interrupt as the hard irq handler would run */
irqreturn_t fake_irq_raise(struct vfteam_plugin_port *pp, enum vfteam_irq ret)
{
	irqreturn_t r;

	fake.irq_ret = ret;
	local_bh_disable();
	r = vfteam_plugin_port_irq(0, &pp->queues[0]);
	local_bh_enable();
	return r;
}

/* ---- a lower device for netdev port cases ---- */

static netdev_tx_t fake_lower_xmit(struct sk_buff *skb, struct net_device *dev)
{
	if (fake_is_ours(skb))
		atomic_inc(&fake.lower_seen);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops fake_lower_ops = {
	.ndo_start_xmit		= fake_lower_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

/*
 * a bus-backed Ethernet device with the team's MAC and @features (on and
 * changeable), registered (and up); its frames count in fake.lower_seen
 */
struct net_device *fake_lower_register(struct kunit *test, bool up,
				       netdev_features_t features)
{
	struct net_device *pdev;
	int err;

	pdev = alloc_etherdev(0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	pdev->netdev_ops = &fake_lower_ops;
	/* takes a MAC while up, as the team's MAC change needs */
	pdev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	pdev->needs_free_netdev = true;
	pdev->hw_features = features;
	pdev->features = features;
	SET_NETDEV_DEV(pdev, fake.dev);
	eth_hw_addr_set(pdev, fake.mac);

	rtnl_lock();
	err = dev_alloc_name(pdev, "vfktj%d");
	if (err >= 0)
		err = register_netdevice(pdev);
	/* up before the pairing work runs: it needs RTNL, held until here */
	if (!err && up)
		err = dev_open(pdev, NULL);
	rtnl_unlock();
	if (err) {
		free_netdev(pdev);
		KUNIT_FAIL(test, "lower netdev: %d", err);
		return NULL;
	}
	return pdev;
}

/* ---- what every suite does around its cases ---- */

int fake_test_init(struct kunit *test)
{
	struct device *dev = fake.dev;

	memset(&fake, 0, sizeof(fake));
	spin_lock_init(&fake.lock);
	atomic_set(&fake.standby_seen, 0);
	atomic_set(&fake.lower_seen, 0);
	atomic_set(&fake.rxf_calls, 0);
	fake.dev = dev;
	eth_random_addr(fake.mac);
	return 0;
}

int fake_suite_init(struct kunit_suite *suite)
{
	struct device *dev;

	/* no owner: at module load the module's sysfs link is not there yet */
	dev = __root_device_register("vfteam_kunit", NULL);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	/*
	 * dma-direct maps for any device with a mask; 64 bits so that it
	 * never bounces (the fake writes frames through the CPU)
	 */
	dev->coherent_dma_mask = DMA_BIT_MASK(64);
	dev->dma_mask = &dev->coherent_dma_mask;
	fake.dev = dev;
	/* released ports freed at once: no use after free hides (team_deleted) */
	WRITE_ONCE(vfteam_port_free_now, true);
	/* the fake completes frames only when a test polls: no Tx watchdog */
	WRITE_ONCE(vfteam_plugin_tx_watch_ms, 0);
	return 0;
}

void fake_suite_exit(struct kunit_suite *suite)
{
	WRITE_ONCE(vfteam_port_free_now, false);
	WRITE_ONCE(vfteam_plugin_tx_watch_ms, 1000);
	root_device_unregister(fake.dev);
	fake.dev = NULL;
}
