// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the vfteam plugin host (suite vfteam_plugin).
 *
 * A fake plugin lives in memory: its ops record each call in a log and
 * can be told to fail.  Registration and PCI ID matching are tested on
 * descriptors; the port lifecycle (create/attach, join/restart, traffic,
 * quiesce, restart, leave, detach) is driven without a PCI device, on a
 * root device, inside a real team netdev ("vfkt%d") created by the test,
 * with a fake standby netdev where a test needs one.  The IRQ step is
 * skipped (no PCI device); the test calls the core's irq handler itself.
 *
 * Locking: the fake's log is a spinlock (irqsave: the irq op records too);
 * team operations take RTNL as the core requires.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>

#include <vfteam/plugin.h>

#include "../team-driver/migration.h"
#include "../team-driver/netdev_port.h"
#include "../team-driver/plugin_host.h"
#include "../team-driver/plugin_port.h"
#include "../team-driver/port.h"
#include "../team-driver/standby.h"
#include "../team-driver/team.h"

#define FAKE_MARK	0x76667465	/* skb->mark of the tests' frames */
#define FAKE_PROTO	0x88b5		/* IEEE local experimental */
#define FAKE_LOG_MAX	64

enum fake_op {
	OP_ATTACH,
	OP_DETACH,
	OP_XMIT,
	OP_POLL,
	OP_IRQ,
	OP_QUIESCE,
	OP_RESTART_CP,
	OP_RESTART_NEW,
	OP_NR,
};

static struct {
	spinlock_t lock;	/* log, count, rx_frames, tx_pkts, tx_bytes */
	enum fake_op log[FAKE_LOG_MAX];
	unsigned int n;
	unsigned int count[OP_NR];
	int fail[OP_NR];	/* errno the op returns, 0 = succeed */
	bool no_mac;		/* attach reports no MAC */
	bool use_ring;		/* attach allocates a ring */
	bool leak_ring;		/* detach leaves the ring to the core */
	bool decline;		/* xmit declines the tests' frames */
	int xmit_bad;		/* xmit frees the tests' frames, returns this */
	enum vfteam_irq irq_ret;
	int rx_frames;		/* the next poll receives this many */
	unsigned int rx_len;	/* of each, 0: ETH_ZLEN */
	unsigned int tx_pkts;	/* sent, for the next poll to report */
	unsigned int tx_bytes;
	bool cp_seen_ok;	/* restart got the checkpoint quiesce made */
	atomic_t standby_seen;	/* tests' frames the fake standby sent */
	u8 mac[ETH_ALEN];
	struct device *dev;	/* stands in for the PCI function */
} fake;

struct fake_priv {
	struct vfteam_ring ring;
};

static struct fake_priv *fake_priv(struct vfteam_plugin_port *pp)
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

static unsigned int fake_count(enum fake_op op)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&fake.lock, flags);
	n = fake.count[op];
	spin_unlock_irqrestore(&fake.lock, flags);
	return n;
}

static bool fake_is_ours(const struct sk_buff *skb)
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

static void fake_detach(struct vfteam_plugin_port *pp)
{
	fake_record(OP_DETACH);
	if (!fake.leak_ring)
		vfteam_ring_free(pp, &fake_priv(pp)->ring);
}

static enum vfteam_tx fake_xmit(struct vfteam_plugin_port *pp, struct sk_buff *skb)
{
	/* frames of the stack (IPv6 autoconf...) are taken silently */
	if (!fake_is_ours(skb)) {
		dev_kfree_skb_any(skb);
		return VFTEAM_TX_OK;
	}
	fake_record(OP_XMIT);
	if (fake.decline)
		return VFTEAM_TX_DECLINE;
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

static int fake_poll(struct vfteam_plugin_port *pp, int budget)
{
	unsigned int pkts, bytes, len;
	struct sk_buff *skb;
	struct ethhdr *eth;
	unsigned long flags;
	int n, done;

	fake_record(OP_POLL);
	spin_lock_irqsave(&fake.lock, flags);
	n = min(fake.rx_frames, budget);
	fake.rx_frames = 0;
	len = fake.rx_len ?: ETH_ZLEN;
	pkts = fake.tx_pkts;
	bytes = fake.tx_bytes;
	fake.tx_pkts = 0;
	fake.tx_bytes = 0;
	spin_unlock_irqrestore(&fake.lock, flags);

	/* Tx completions are reported from poll, as the contract says */
	if (pkts)
		vfteam_plugin_port_tx_done(pp, pkts, bytes);

	for (done = 0; done < n; done++) {
		skb = vfteam_plugin_port_alloc_rx_skb(pp, len);
		if (!skb)
			break;
		eth = skb_put_zero(skb, len);
		eth_broadcast_addr(eth->h_dest);
		eth->h_source[0] = 0x02;	/* not the team's MAC */
		eth->h_source[5] = 0x42;
		eth->h_proto = htons(FAKE_PROTO);
		vfteam_plugin_port_rx(pp, skb);
	}
	return done;
}

static enum vfteam_irq fake_irq(struct vfteam_plugin_port *pp)
{
	fake_record(OP_IRQ);
	return fake.irq_ret;
}

static int fake_quiesce(struct vfteam_plugin_port *pp,
			struct vfteam_ring_checkpoint *cp)
{
	fake_record(OP_QUIESCE);
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
	if (fake.fail[op])
		return fake.fail[op];
	if (cp)
		fake.cp_seen_ok = cp->nr_rings == 1 &&
				  cp->ring[0].producer == 7 &&
				  cp->ring[0].consumer == 5;
	vfteam_plugin_port_link_set(pp, true);
	return 0;
}

static const struct vfteam_plugin_ops fake_ops = {
	.attach		= fake_attach,
	.detach		= fake_detach,
	.xmit		= fake_xmit,
	.poll		= fake_poll,
	.irq		= fake_irq,
	.quiesce	= fake_quiesce,
	.restart	= fake_restart,
};

/* a test ID: QEMU's vendor, a device number nothing uses */
static const struct pci_device_id fake_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT, 0xfeee) },
	{ }
};

/*
 * No owner: KUnit runs the suite while this module is still coming up,
 * before its sysfs directory exists, where a driver's owner links to.
 */
static const struct vfteam_plugin fake_plugin_template = {
	.name		= "kunit_fake",
	.owner		= NULL,
	.abi_version	= VFTEAM_PLUGIN_ABI_VERSION,
	.id_table	= fake_ids,
	.priv_size	= sizeof(struct fake_priv),
	.ops		= &fake_ops,
};

/* a descriptor owned by the test (register writes its private part) */
static struct vfteam_plugin *fake_plugin(struct kunit *test)
{
	struct vfteam_plugin *p;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	*p = fake_plugin_template;
	return p;
}

/* ---- registration ---- */

static void vfteam_plugin_register_ok(struct kunit *test)
{
	struct vfteam_plugin *p = fake_plugin(test);

	KUNIT_ASSERT_EQ(test, vfteam_plugin_register(p), 0);
	vfteam_plugin_unregister(p);
	/* unregister then register again */
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), 0);
	vfteam_plugin_unregister(p);
}

static void vfteam_plugin_register_dup(struct kunit *test)
{
	struct vfteam_plugin *a = fake_plugin(test);
	struct vfteam_plugin *b = fake_plugin(test);

	KUNIT_ASSERT_EQ(test, vfteam_plugin_register(a), 0);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(b), -EEXIST);
	vfteam_plugin_unregister(a);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(b), 0);
	vfteam_plugin_unregister(b);
}

static void vfteam_plugin_register_abi(struct kunit *test)
{
	struct vfteam_plugin *p = fake_plugin(test);

	p->abi_version = VFTEAM_PLUGIN_ABI_VERSION + 1;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EPROTO);
	p->abi_version = 0;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EPROTO);
}

/* one mandatory op missing at a time, and no ops at all */
struct vfteam_null_op_case {
	const char *name;
	size_t offset;	/* of the op in struct vfteam_plugin_ops */
};

#define NULL_OP(op) { #op, offsetof(struct vfteam_plugin_ops, op) }

static const struct vfteam_null_op_case vfteam_null_op_cases[] = {
	NULL_OP(attach), NULL_OP(detach), NULL_OP(xmit), NULL_OP(poll),
	NULL_OP(irq), NULL_OP(quiesce), NULL_OP(restart),
	{ "ops table", SIZE_MAX },
};

static void vfteam_null_op_desc(const struct vfteam_null_op_case *c,
				char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "no %s", c->name);
}

KUNIT_ARRAY_PARAM(vfteam_null_op, vfteam_null_op_cases, vfteam_null_op_desc);

static void vfteam_plugin_register_null_op(struct kunit *test)
{
	const struct vfteam_null_op_case *c = test->param_value;
	struct vfteam_plugin *p = fake_plugin(test);
	struct vfteam_plugin_ops *ops;

	if (c->offset == SIZE_MAX) {
		p->ops = NULL;
	} else {
		ops = kunit_kzalloc(test, sizeof(*ops), GFP_KERNEL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ops);
		*ops = fake_ops;
		memset((u8 *)ops + c->offset, 0, sizeof(void *));
		p->ops = ops;
	}
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
}

static void vfteam_plugin_register_bad_ids(struct kunit *test)
{
	static const struct pci_device_id virtio_net[] = {
		{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1000) },
		{ }
	};
	static const struct pci_device_id any_nic[] = {
		{ PCI_DEVICE_CLASS(PCI_CLASS_NETWORK_ETHERNET << 8, 0xffff00) },
		{ }
	};
	/* subsystem IDs no virtio-net of QEMU's has: still virtio-net */
	static const struct pci_device_id virtio_net_sub[] = {
		{ PCI_DEVICE_SUB(PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1041,
				 0x1234, 0x5678) },
		{ }
	};
	static const struct pci_device_id empty[] = { { } };
	struct vfteam_plugin *p = fake_plugin(test);

	p->id_table = virtio_net;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	p->id_table = any_nic;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	p->id_table = virtio_net_sub;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	p->id_table = empty;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	p->id_table = NULL;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	p->id_table = fake_ids;
	p->name = "";
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
}

/* ---- the device a plugin is asked to probe ---- */

struct vfteam_refusal_case {
	const char *what;
	u16 vendor, device;
	u32 class;
	bool refused;
};

static const struct vfteam_refusal_case vfteam_refusal_cases[] = {
	{ "82574L", 0x8086, 0x10d3, 0x020000, false },
	{ "RTL8139", 0x10ec, 0x8139, 0x020000, false },
	{ "82576 VF", 0x8086, 0x10ca, 0x020000, false },
	{ "virtio-net modern", 0x1af4, 0x1041, 0x020000, true },
	{ "virtio-net transitional", 0x1af4, 0x1000, 0x020000, true },
	{ "vmxnet3", 0x15ad, 0x07b0, 0x020000, true },
	{ "virtio-blk", 0x1af4, 0x1042, 0x010000, true },
	{ "82574L's ID on a storage function", 0x8086, 0x10d3, 0x010802, true },
};

static void vfteam_refusal_desc(const struct vfteam_refusal_case *c,
				char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vfteam_refusal, vfteam_refusal_cases, vfteam_refusal_desc);

/* probe checks the device itself: new_id / driver_override bind anything */
static void vfteam_plugin_probe_refusal(struct kunit *test)
{
	const struct vfteam_refusal_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, !!vfteam_standby_pci_refusal(c->vendor, c->device,
							   c->class), c->refused);
}

/* ---- PCI ID matching ---- */

struct vfteam_match_case {
	const char *what;
	struct pci_device_id id;
	u16 vendor, device, subvendor, subdevice;
	u32 class;
	bool match;
};

static const struct vfteam_match_case vfteam_match_cases[] = {
	{ "exact vendor:device", { PCI_DEVICE(0x8086, 0x10d3) },
	  0x8086, 0x10d3, 0x8086, 0x0000, 0x020000, true },
	{ "other device", { PCI_DEVICE(0x8086, 0x10d3) },
	  0x8086, 0x10d4, 0x8086, 0x0000, 0x020000, false },
	{ "other vendor", { PCI_DEVICE(0x8086, 0x10d3) },
	  0x10ec, 0x10d3, 0x8086, 0x0000, 0x020000, false },
	{ "any subvendor", { PCI_DEVICE_SUB(0x10ec, 0x8139, PCI_ANY_ID,
					    PCI_ANY_ID) },
	  0x10ec, 0x8139, 0x1af4, 0x1100, 0x020000, true },
	{ "subvendor given, differs", { PCI_DEVICE_SUB(0x10ec, 0x8139, 0x10ec,
						       PCI_ANY_ID) },
	  0x10ec, 0x8139, 0x1af4, 0x1100, 0x020000, false },
	{ "class match", { PCI_DEVICE_CLASS(0x020000, 0xffff00) },
	  0x1234, 0x5678, 0x0000, 0x0000, 0x020000, true },
	{ "class match ignores prog-if", { PCI_DEVICE_CLASS(0x020000,
							    0xffff00) },
	  0x1234, 0x5678, 0x0000, 0x0000, 0x020001, true },
	{ "class differs", { PCI_DEVICE_CLASS(0x020000, 0xffff00) },
	  0x1234, 0x5678, 0x0000, 0x0000, 0x010600, false },
	{ "no match", { PCI_DEVICE(0x1b36, 0xfeed) },
	  0x1af4, 0x1041, 0x1af4, 0x1100, 0x020000, false },
};

static void vfteam_match_desc(const struct vfteam_match_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vfteam_match, vfteam_match_cases, vfteam_match_desc);

static void vfteam_plugin_pci_match(struct kunit *test)
{
	const struct vfteam_match_case *c = test->param_value;
	struct pci_device_id ids[2] = { c->id, { } };
	struct pci_dev *pdev;

	KUNIT_EXPECT_EQ(test, vfteam_standby_id_matches(&c->id, c->vendor, c->device,
							c->subvendor, c->subdevice,
						  c->class), c->match);

	/* and the PCI core agrees, on a fake pci_dev */
	pdev = kunit_kzalloc(test, sizeof(*pdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	pdev->vendor = c->vendor;
	pdev->device = c->device;
	pdev->subsystem_vendor = c->subvendor;
	pdev->subsystem_device = c->subdevice;
	pdev->class = c->class;
	KUNIT_EXPECT_EQ(test, !!pci_match_id(ids, pdev), c->match);
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

struct fake_bed {
	struct vfteam *team;
	struct net_device *standby;
};

static void fake_bed_up(struct kunit *test, struct fake_bed *bed,
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
			sdev->priv_flags |= IFF_NO_QUEUE;
			sdev->needs_free_netdev = true;
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

static void fake_bed_down(struct fake_bed *bed)
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

static struct vfteam_port *fake_active(struct fake_bed *bed)
{
	struct vfteam_port *port;

	rtnl_lock();
	port = rtnl_dereference(bed->team->active);
	rtnl_unlock();
	return port;
}

static struct vfteam_port *fake_primary(struct fake_bed *bed)
{
	struct vfteam_port *port;

	rtnl_lock();
	port = vfteam_port_rtnl(bed->team, VFTEAM_ROLE_PRIMARY);
	rtnl_unlock();
	return port;
}

static int fake_join(struct vfteam_plugin_port *pp, struct fake_bed *bed)
{
	int err;

	rtnl_lock();
	err = vfteam_plugin_port_join_rtnl(pp, bed->team);
	rtnl_unlock();
	return err;
}

static int fake_quiesce_port(struct vfteam_plugin_port *pp)
{
	int err;

	rtnl_lock();
	err = vfteam_plugin_port_quiesce_rtnl(pp);
	rtnl_unlock();
	return err;
}

static int fake_resume_port(struct vfteam_plugin_port *pp)
{
	int err;

	rtnl_lock();
	err = vfteam_plugin_port_resume_rtnl(pp);
	rtnl_unlock();
	return err;
}

static void fake_send(struct kunit *test, struct net_device *dev)
{
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(ETH_ZLEN + NET_IP_ALIGN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	skb_reserve(skb, NET_IP_ALIGN);
	eth = skb_put_zero(skb, ETH_ZLEN);
	eth_broadcast_addr(eth->h_dest);
	ether_addr_copy(eth->h_source, dev->dev_addr);
	eth->h_proto = htons(FAKE_PROTO);
	skb_reset_mac_header(skb);
	skb->protocol = htons(FAKE_PROTO);
	skb->dev = dev;
	skb->mark = FAKE_MARK;
	dev_queue_xmit(skb);
}

/* wait up to two seconds for a softirq or work item to catch up */
#define fake_wait_for(cond)					\
	({							\
		int __i;					\
		for (__i = 0; __i < 100 && !(cond); __i++)	\
			msleep(20);				\
		(cond);						\
	})

/* the log without polls (NAPI runs when it likes) */
static unsigned int fake_control_log(enum fake_op *out, unsigned int max)
{
	unsigned long flags;
	unsigned int i, n = 0;

	spin_lock_irqsave(&fake.lock, flags);
	for (i = 0; i < fake.n && n < max; i++)
		if (fake.log[i] != OP_POLL)
			out[n++] = fake.log[i];
	spin_unlock_irqrestore(&fake.lock, flags);
	return n;
}

static struct vfteam_plugin_port *fake_create(struct kunit *test)
{
	static struct vfteam_plugin plugin;
	struct vfteam_plugin_port *pp;

	plugin = fake_plugin_template;
	KUNIT_ASSERT_EQ(test, vfteam_plugin_host_validate(&plugin), 0);
	pp = vfteam_plugin_port_create(&plugin, fake.dev, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pp);
	return pp;
}

/* ---- lifecycle ---- */

static void vfteam_plugin_lifecycle(struct kunit *test)
{
	static const enum fake_op want[] = {
		OP_ATTACH, OP_RESTART_NEW, OP_XMIT, OP_IRQ, OP_QUIESCE,
		OP_RESTART_CP, OP_QUIESCE, OP_DETACH,
	};
	enum fake_op got[FAKE_LOG_MAX];
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	unsigned int n, i;
	irqreturn_t ret;

	fake_bed_up(test, &bed, false);
	fake.use_ring = true;
	pp = fake_create(test);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, fake_priv(pp)->ring.desc);
	KUNIT_EXPECT_EQ(test, fake_priv(pp)->ring.count, 16U);

	/* no team yet: the irq handler does not call the op */
	local_bh_disable();
	ret = vfteam_plugin_port_irq(0, pp);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, IRQ_NONE);

	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);
	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(bed.team->dev));

	fake_send(test, bed.team->dev);
	KUNIT_EXPECT_EQ(test, fake_count(OP_XMIT), 1U);

	fake.irq_ret = VFTEAM_IRQ_HANDLED;
	local_bh_disable();
	ret = vfteam_plugin_port_irq(0, pp);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, IRQ_HANDLED);

	KUNIT_EXPECT_EQ(test, fake_quiesce_port(pp), 0);
	KUNIT_EXPECT_NULL(test, fake_active(&bed));
	KUNIT_EXPECT_TRUE(test, pp->cp_valid);

	/* quiesced: a frame is not given to the xmit op */
	fake_send(test, bed.team->dev);
	KUNIT_EXPECT_EQ(test, fake_count(OP_XMIT), 1U);

	KUNIT_EXPECT_EQ(test, fake_resume_port(pp), 0);
	KUNIT_EXPECT_TRUE(test, fake.cp_seen_ok);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);

	vfteam_plugin_port_unlink(pp);
	KUNIT_EXPECT_NULL(test, fake_primary(&bed));
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);

	n = fake_control_log(got, ARRAY_SIZE(got));
	KUNIT_ASSERT_EQ(test, n, (unsigned int)ARRAY_SIZE(want));
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, got[i], want[i], "call %u", i);
}

/* xmit: taken; declined with no standby: counted and dropped */
static void vfteam_plugin_decline_no_standby(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	u64 lost;

	fake_bed_up(test, &bed, false);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	fake.decline = true;
	lost = atomic64_read(&bed.team->lost_declined);
	fake_send(test, bed.team->dev);
	KUNIT_EXPECT_EQ(test, fake_count(OP_XMIT), 1U);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_tx_declined_count(pp), 1ULL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bed.team->lost_declined),
			lost + 1);

	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
}

/* declined with a standby: the standby sends it */
static void vfteam_plugin_decline_standby(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;

	fake_bed_up(test, &bed, true);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);

	fake_send(test, bed.team->dev);
	KUNIT_EXPECT_EQ(test, fake_count(OP_XMIT), 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 0);

	fake.decline = true;
	fake_send(test, bed.team->dev);
	fake_send(test, bed.team->dev);
	KUNIT_EXPECT_EQ(test, fake_count(OP_XMIT), 3U);
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 2);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_tx_declined_count(pp), 2ULL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bed.team->lost_declined), 0LL);

	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
}

/*
 * irq -> poll -> rx through the team, and Tx completions from poll, both
 * counted in the team's stats
 */
static void vfteam_plugin_rx(struct kunit *test)
{
	struct rtnl_link_stats64 st;
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	irqreturn_t ret;

	fake_bed_up(test, &bed, false);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	fake_send(test, bed.team->dev);

	fake.irq_ret = VFTEAM_IRQ_NONE;
	local_bh_disable();
	ret = vfteam_plugin_port_irq(0, pp);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, IRQ_NONE);

	fake.rx_frames = 3;
	fake.irq_ret = VFTEAM_IRQ_POLL;
	local_bh_disable();
	ret = vfteam_plugin_port_irq(0, pp);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, IRQ_HANDLED);

	KUNIT_EXPECT_TRUE(test, fake_wait_for(!READ_ONCE(fake.rx_frames)));
	KUNIT_EXPECT_TRUE(test, fake_wait_for((dev_get_stats(bed.team->dev,
							     &st),
					       st.rx_packets == 3)));
	KUNIT_EXPECT_EQ(test, st.rx_bytes, 3ULL * ETH_ZLEN);
	KUNIT_EXPECT_EQ(test, st.tx_packets, 1ULL);
	KUNIT_EXPECT_EQ(test, st.tx_bytes, (u64)ETH_ZLEN);

	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
}

/* migration: prepare quiesces the plugin primary, abort restarts it from
 * its checkpoint; removal is PRIMARY_GONE, a new device with the MAC joins
 * from the pending list and PRIMARY_JOINED ends the migration
 */
static void vfteam_plugin_migration(struct kunit *test)
{
	struct vfteam_plugin_port *pp, *pp2;
	struct fake_bed bed = { };
	struct vfteam_port *sb;
	int err;

	fake_bed_up(test, &bed, true);
	rtnl_lock();
	sb = vfteam_port_rtnl(bed.team, VFTEAM_ROLE_STANDBY);
	rtnl_unlock();
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	rtnl_lock();
	err = vfteam_migration_prepare_rtnl(bed.team);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, bed.team->mig_state, VFTEAM_MIG_READY);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), sb);
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 1U);

	rtnl_lock();
	err = vfteam_migration_abort_rtnl(bed.team);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, bed.team->mig_state, VFTEAM_MIG_IDLE);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_CP), 1U);
	KUNIT_EXPECT_TRUE(test, fake.cp_seen_ok);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);

	rtnl_lock();
	err = vfteam_migration_prepare_rtnl(bed.team);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);

	/* the host unplugs the device */
	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	KUNIT_EXPECT_EQ(test, bed.team->mig_state, VFTEAM_MIG_REATTACHING);

	/* another one with the same MAC is probed on the destination */
	pp2 = fake_create(test);
	rtnl_lock();
	vfteam_plugin_port_wait_rtnl(pp2);
	rtnl_unlock();
	vfteam_plugin_port_kick();
	KUNIT_EXPECT_TRUE(test, fake_wait_for(READ_ONCE(pp2->port)));
	KUNIT_EXPECT_EQ(test, READ_ONCE(bed.team->mig_state), VFTEAM_MIG_IDLE);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), READ_ONCE(pp2->port));

	vfteam_plugin_port_unlink(pp2);
	vfteam_plugin_port_destroy(pp2);
	fake_bed_down(&bed);
}

/*
 * the team is deleted: the port waits, and joins a new team with its MAC.
 * With vfteam_port_free_now (set for this suite) the team's port struct is
 * freed before leave returns: a use of it afterwards is a KASAN report.
 */
static void vfteam_plugin_team_deleted(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;

	fake_bed_up(test, &bed, false);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	fake_bed_down(&bed);
	KUNIT_EXPECT_NULL(test, READ_ONCE(pp->port));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(pp->waiting));
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 1U);

	fake_bed_up(test, &bed, false);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(READ_ONCE(pp->port)));
	KUNIT_EXPECT_FALSE(test, READ_ONCE(pp->waiting));
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 2U);

	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
}

/* the migration state a team is in when it is deleted */
struct vfteam_teardown_case {
	const char *name;
	unsigned int grace_ms;		/* prepare_grace_ms of the team */
	bool unplug;			/* the primary goes after prepare */
	enum vfteam_mig_state state;
};

static const struct vfteam_teardown_case vfteam_teardown_cases[] = {
	{ "idle", 5000, false, VFTEAM_MIG_IDLE },
	{ "preparing", 5000, false, VFTEAM_MIG_PREPARING },
	{ "ready", 0, false, VFTEAM_MIG_READY },
	{ "reattaching", 5000, true, VFTEAM_MIG_REATTACHING },
};

static void vfteam_teardown_desc(const struct vfteam_teardown_case *c,
				 char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vfteam_teardown, vfteam_teardown_cases, vfteam_teardown_desc);

/*
 * Deleting the team returns at once in every migration state: in
 * preparing, the quiesce work waiting out a 5 s grace holds a reference on
 * the team, and unregistering must not wait for it.
 */
static void vfteam_plugin_teardown_prompt(struct kunit *test)
{
	const struct vfteam_teardown_case *c = test->param_value;
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	unsigned long t0;
	int err = 0;

	fake_bed_up(test, &bed, true);
	bed.team->mig_grace_ms = c->grace_ms;
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	if (c->state != VFTEAM_MIG_IDLE) {
		rtnl_lock();
		err = vfteam_migration_prepare_rtnl(bed.team);
		rtnl_unlock();
	}
	KUNIT_ASSERT_EQ(test, err, 0);
	if (c->unplug) {
		vfteam_plugin_port_unlink(pp);
		vfteam_plugin_port_destroy(pp);
		pp = NULL;
	}
	KUNIT_EXPECT_EQ(test, READ_ONCE(bed.team->mig_state), c->state);

	t0 = jiffies;
	fake_bed_down(&bed);
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - t0), 1000U);

	if (pp) {
		/* the device is still there: it waits for a team again */
		KUNIT_EXPECT_TRUE(test, READ_ONCE(pp->waiting));
		vfteam_plugin_port_unlink(pp);
		vfteam_plugin_port_destroy(pp);
	}
}

/* raise the fake port's interrupt as the hard irq handler would run */
static irqreturn_t fake_irq_raise(struct vfteam_plugin_port *pp, enum vfteam_irq ret)
{
	irqreturn_t r;

	fake.irq_ret = ret;
	local_bh_disable();
	r = vfteam_plugin_port_irq(0, pp);
	local_bh_enable();
	return r;
}

/*
 * The core does not trust what ops return: an xmit value outside the ABI,
 * after the plugin freed the frame, must not send the frame on (it went to
 * the standby, a use after free); an irq value outside it is "not ours"
 * (so a storm of them is seen); an rx frame longer than the team's MTU
 * allows is dropped.  Each is counted.
 */
static void vfteam_plugin_bad_returns(struct kunit *test)
{
	struct rtnl_link_stats64 st, st0;
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;

	fake_bed_up(test, &bed, true);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	fake.xmit_bad = 7;
	fake_send(test, bed.team->dev);
	KUNIT_EXPECT_EQ(test, fake_count(OP_XMIT), 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 0);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_tx_declined_count(pp), 0ULL);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_bad_returns(pp), 1ULL);
	fake.xmit_bad = 0;

	KUNIT_EXPECT_EQ(test, fake_irq_raise(pp, (enum vfteam_irq)42), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_bad_returns(pp), 2ULL);

	/* one frame too long by a byte: dropped, not delivered */
	dev_get_stats(bed.team->dev, &st0);
	fake.rx_len = bed.team->dev->mtu + ETH_HLEN + 2 * VLAN_HLEN + 1;
	fake.rx_frames = 1;
	KUNIT_EXPECT_EQ(test, fake_irq_raise(pp, VFTEAM_IRQ_POLL), IRQ_HANDLED);
	KUNIT_EXPECT_TRUE(test, fake_wait_for((dev_get_stats(bed.team->dev,
							     &st),
					       st.rx_dropped > st0.rx_dropped)));
	KUNIT_EXPECT_EQ(test, st.rx_packets, st0.rx_packets);
	/* the longest one allowed is delivered */
	fake.rx_len = bed.team->dev->mtu + ETH_HLEN + 2 * VLAN_HLEN;
	fake.rx_frames = 1;
	KUNIT_EXPECT_EQ(test, fake_irq_raise(pp, VFTEAM_IRQ_POLL), IRQ_HANDLED);
	KUNIT_EXPECT_TRUE(test, fake_wait_for((dev_get_stats(bed.team->dev,
							     &st),
					       st.rx_packets == st0.rx_packets + 1)));
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_bad_returns(pp), 2ULL);

	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
}

/* the team's MTU and MAC with a plugin port in it */
static void vfteam_plugin_mtu_mac(struct kunit *test)
{
	struct fake_bed bed = { };
	struct sockaddr sa = { .sa_family = ARPHRD_ETHER };
	struct vfteam_plugin_port *pp;
	int err;

	fake_bed_up(test, &bed, false);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	rtnl_lock();
	err = dev_set_mtu(bed.team->dev, 9000);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	err = dev_set_mtu(bed.team->dev, 1400);
	KUNIT_EXPECT_EQ(test, err, 0);
	eth_random_addr((u8 *)sa.sa_data);
	err = dev_set_mac_address(bed.team->dev, &sa, NULL);
	KUNIT_EXPECT_EQ(test, err, -EBUSY);
	rtnl_unlock();

	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
}

/* ---- errors from each op ---- */

static void vfteam_plugin_attach_fails(struct kunit *test)
{
	static struct vfteam_plugin plugin;
	struct vfteam_plugin_port *pp;

	plugin = fake_plugin_template;
	fake.use_ring = true;
	fake.fail[OP_ATTACH] = -EIO;
	pp = vfteam_plugin_port_create(&plugin, fake.dev, NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(pp), -EIO);
	KUNIT_EXPECT_EQ(test, fake_count(OP_DETACH), 0U);

	/* attach that reports no MAC: detached again, ring freed by core */
	fake.fail[OP_ATTACH] = 0;
	fake.no_mac = true;
	fake.leak_ring = true;
	pp = vfteam_plugin_port_create(&plugin, fake.dev, NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(pp), -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, fake_count(OP_DETACH), 1U);
}

static void vfteam_plugin_restart_fails_at_join(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;

	fake_bed_up(test, &bed, false);
	fake.use_ring = true;
	fake.leak_ring = true;
	pp = fake_create(test);
	fake.fail[OP_RESTART_NEW] = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, fake_join(pp, &bed), -ETIMEDOUT);
	KUNIT_EXPECT_NULL(test, pp->port);
	KUNIT_EXPECT_NULL(test, fake_primary(&bed));

	/* and it can join once the device works */
	fake.fail[OP_RESTART_NEW] = 0;
	KUNIT_EXPECT_EQ(test, fake_join(pp, &bed), 0);

	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 2U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 1U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_DETACH), 1U);
}

static void vfteam_plugin_quiesce_fails(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;

	fake_bed_up(test, &bed, false);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	fake.fail[OP_QUIESCE] = -EIO;
	KUNIT_EXPECT_EQ(test, fake_quiesce_port(pp), -EIO);
	KUNIT_EXPECT_FALSE(test, pp->running);
	KUNIT_EXPECT_FALSE(test, pp->cp_valid);
	/* no checkpoint: resume starts from scratch */
	KUNIT_EXPECT_EQ(test, fake_resume_port(pp), 0);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_CP), 0U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 2U);
	KUNIT_EXPECT_TRUE(test, pp->running);

	fake.fail[OP_QUIESCE] = 0;
	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
}

static void vfteam_plugin_restart_cp_fails(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;

	fake_bed_up(test, &bed, false);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_ASSERT_EQ(test, fake_quiesce_port(pp), 0);

	/* the checkpoint is refused: the core falls back to a fresh start */
	fake.fail[OP_RESTART_CP] = -EINVAL;
	KUNIT_EXPECT_EQ(test, fake_resume_port(pp), 0);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_CP), 1U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 2U);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);

	/* both fail: the port stays quiesced, and still leaves cleanly */
	KUNIT_ASSERT_EQ(test, fake_quiesce_port(pp), 0);
	fake.fail[OP_RESTART_NEW] = -EIO;
	KUNIT_EXPECT_EQ(test, fake_resume_port(pp), -EIO);
	KUNIT_EXPECT_FALSE(test, pp->running);
	KUNIT_EXPECT_NULL(test, fake_active(&bed));

	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
	/* quiesce twice by the test; leave did not quiesce a stopped port */
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 2U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_DETACH), 1U);
}

/* ---- a port's announcement is the team's ---- */

static struct {
	struct notifier_block nb;
	struct net_device *team_dev;
	unsigned int team_notified;
} peers;

static int peers_event(struct notifier_block *nb, unsigned long event,
		       void *ptr)
{
	if (event == NETDEV_NOTIFY_PEERS &&
	    netdev_notifier_info_to_dev(ptr) == peers.team_dev)
		peers.team_notified++;
	return NOTIFY_DONE;
}

/*
 * virtio-net announces after a live migration by NETDEV_NOTIFY_PEERS on
 * its own netdev, which as a port has no address: the team must announce
 * itself, but only for its active port (the others do not carry it)
 */
static void vfteam_plugin_port_announce(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	unsigned int n;

	fake_bed_up(test, &bed, true);
	peers.team_dev = bed.team->dev;
	peers.team_notified = 0;
	peers.nb.notifier_call = peers_event;
	KUNIT_ASSERT_EQ(test, register_netdevice_notifier(&peers.nb), 0);

	rtnl_lock();
	KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(bed.standby),
			    rtnl_dereference(bed.team->active));
	rtnl_unlock();
	netdev_notify_peers(bed.standby);
	KUNIT_EXPECT_EQ(test, peers.team_notified, 1U);

	/* the plugin port takes over (and announces the switch) */
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);
	KUNIT_EXPECT_EQ(test, peers.team_notified, 2U);
	n = peers.team_notified;
	netdev_notify_peers(bed.standby);
	KUNIT_EXPECT_EQ(test, peers.team_notified, n);

	unregister_netdevice_notifier(&peers.nb);
	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
}

/* ---- the active port's carrier, before linkwatch tells the team ---- */

static atomic_t fake_primary_seen;

static netdev_tx_t fake_primary_xmit(struct sk_buff *skb,
				     struct net_device *dev)
{
	if (fake_is_ours(skb))
		atomic_inc(&fake_primary_seen);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops fake_primary_ops = {
	.ndo_start_xmit		= fake_primary_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

/*
 * The primary (a netdev port) loses its carrier: until the port notifier
 * hears of it, which RTNL held here delays like linkwatch's batching does,
 * frames go out through the standby, and come back once the carrier does.
 */
/*
 * A lower driver that resets its counters (down/up, as quiesce does) must
 * neither take back what was counted nor count the drop as traffic.
 */
static void vfteam_port_stats_reset(struct kunit *test)
{
	struct rtnl_link_stats64 sum = {}, last = {}, now = {};

	now.tx_packets = 100;
	now.rx_bytes = 5000;
	vfteam_port_stats_fold(&sum, &last, &now);
	KUNIT_EXPECT_EQ(test, sum.tx_packets, 100ULL);
	KUNIT_EXPECT_EQ(test, sum.rx_bytes, 5000ULL);

	/* reset: the counters start again from zero */
	memset(&now, 0, sizeof(now));
	now.tx_packets = 3;
	vfteam_port_stats_fold(&sum, &last, &now);
	KUNIT_EXPECT_EQ(test, sum.tx_packets, 100ULL);
	KUNIT_EXPECT_EQ(test, sum.rx_bytes, 5000ULL);

	/* and what comes after the reset counts from the new base */
	now.tx_packets = 10;
	now.rx_bytes = 40;
	vfteam_port_stats_fold(&sum, &last, &now);
	KUNIT_EXPECT_EQ(test, sum.tx_packets, 107ULL);
	KUNIT_EXPECT_EQ(test, sum.rx_bytes, 5040ULL);
}

/* the team's prepare grace: up to 10 s, -EINVAL above, nothing changed */
static void vfteam_migration_grace_bound(struct kunit *test)
{
	struct fake_bed bed = { };
	int err_max, err_over;

	fake_bed_up(test, &bed, false);
	rtnl_lock();
	err_max = vfteam_migration_set_grace_rtnl(bed.team, 10000);
	err_over = vfteam_migration_set_grace_rtnl(bed.team, 10001);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err_max, 0);
	KUNIT_EXPECT_EQ(test, err_over, -EINVAL);
	KUNIT_EXPECT_EQ(test, bed.team->mig_grace_ms, 10000U);
	fake_bed_down(&bed);
}

static void vfteam_netdev_carrier_tx(struct kunit *test)
{
	struct fake_bed bed = { };
	struct net_device *pdev;
	int err;

	fake_bed_up(test, &bed, true);
	atomic_set(&fake_primary_seen, 0);
	pdev = alloc_etherdev(0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	pdev->netdev_ops = &fake_primary_ops;
	pdev->priv_flags |= IFF_NO_QUEUE;
	pdev->needs_free_netdev = true;
	eth_hw_addr_set(pdev, fake.mac);

	rtnl_lock();
	err = dev_alloc_name(pdev, "vfktp%d");
	if (err >= 0)
		err = register_netdevice(pdev);
	if (err) {
		free_netdev(pdev);
		rtnl_unlock();
		fake_bed_down(&bed);
		KUNIT_FAIL(test, "primary netdev: %d", err);
		return;
	}
	err = vfteam_netdev_port_add_role_rtnl(bed.team, pdev, VFTEAM_ROLE_PRIMARY,
					       NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err) {
		KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(pdev),
				    rtnl_dereference(bed.team->active));
		fake_send(test, bed.team->dev);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake_primary_seen), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 0);

		netif_carrier_off(pdev);
		fake_send(test, bed.team->dev);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake_primary_seen), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 1);
		/* the team did not switch: nothing told it yet */
		KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(pdev),
				    rtnl_dereference(bed.team->active));

		netif_carrier_on(pdev);
		fake_send(test, bed.team->dev);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake_primary_seen), 2);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 1);
	}
	unregister_netdevice(pdev);
	rtnl_unlock();
	fake_bed_down(&bed);
}

/* ---- suite ---- */

static int vfteam_plugin_test_init(struct kunit *test)
{
	struct device *dev = fake.dev;

	memset(&fake, 0, sizeof(fake));
	spin_lock_init(&fake.lock);
	atomic_set(&fake.standby_seen, 0);
	fake.dev = dev;
	eth_random_addr(fake.mac);
	return 0;
}

static int vfteam_plugin_suite_init(struct kunit_suite *suite)
{
	struct device *dev;

	/* no owner: at module load the module's sysfs link is not there yet */
	dev = __root_device_register("vfteam_kunit", NULL);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	/* dma-direct allocates for any device with a mask */
	dev->coherent_dma_mask = DMA_BIT_MASK(32);
	dev->dma_mask = &dev->coherent_dma_mask;
	fake.dev = dev;
	/* released ports freed at once: no use after free hides (team_deleted) */
	WRITE_ONCE(vfteam_port_free_now, true);
	return 0;
}

static void vfteam_plugin_suite_exit(struct kunit_suite *suite)
{
	WRITE_ONCE(vfteam_port_free_now, false);
	root_device_unregister(fake.dev);
	fake.dev = NULL;
}

static struct kunit_case vfteam_plugin_cases[] = {
	KUNIT_CASE(vfteam_plugin_register_ok),
	KUNIT_CASE(vfteam_plugin_register_dup),
	KUNIT_CASE(vfteam_plugin_register_abi),
	KUNIT_CASE_PARAM(vfteam_plugin_register_null_op,
			 vfteam_null_op_gen_params),
	KUNIT_CASE(vfteam_plugin_register_bad_ids),
	KUNIT_CASE_PARAM(vfteam_plugin_pci_match, vfteam_match_gen_params),
	KUNIT_CASE_PARAM(vfteam_plugin_probe_refusal,
			 vfteam_refusal_gen_params),
	KUNIT_CASE(vfteam_plugin_lifecycle),
	KUNIT_CASE(vfteam_plugin_decline_no_standby),
	KUNIT_CASE(vfteam_plugin_decline_standby),
	KUNIT_CASE(vfteam_plugin_rx),
	KUNIT_CASE(vfteam_plugin_bad_returns),
	KUNIT_CASE(vfteam_plugin_migration),
	KUNIT_CASE(vfteam_plugin_team_deleted),
	KUNIT_CASE_PARAM(vfteam_plugin_teardown_prompt,
			 vfteam_teardown_gen_params),
	KUNIT_CASE(vfteam_plugin_mtu_mac),
	KUNIT_CASE(vfteam_plugin_attach_fails),
	KUNIT_CASE(vfteam_plugin_restart_fails_at_join),
	KUNIT_CASE(vfteam_plugin_quiesce_fails),
	KUNIT_CASE(vfteam_plugin_restart_cp_fails),
	KUNIT_CASE(vfteam_plugin_port_announce),
	KUNIT_CASE(vfteam_netdev_carrier_tx),
	KUNIT_CASE(vfteam_port_stats_reset),
	KUNIT_CASE(vfteam_migration_grace_bound),
	{}
};

static struct kunit_suite vfteam_plugin_suite = {
	.name = "vfteam_plugin",
	.suite_init = vfteam_plugin_suite_init,
	.suite_exit = vfteam_plugin_suite_exit,
	.init = vfteam_plugin_test_init,
	.test_cases = vfteam_plugin_cases,
};

kunit_test_suite(vfteam_plugin_suite);
