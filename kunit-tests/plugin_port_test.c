// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a plugin port's life in a team (suite vfteam_plugin_port).
 *
 * The port lifecycle (create/attach, join/restart, traffic, quiesce,
 * restart, leave, detach), what it declines and receives, op returns
 * outside the ABI, and each op failing.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>

#include <vfteam/plugin.h>

#include "../team-driver/netdev_port.h"
#include "../team-driver/plugin_host.h"
#include "../team-driver/plugin_port.h"
#include "../team-driver/plugin_wait.h"
#include "../team-driver/port.h"
#include "../team-driver/team.h"
#include "fake_plugin.h"

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
	ret = vfteam_plugin_port_irq(0, &pp->queues[0]);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, IRQ_NONE);

	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);
	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(bed.team->dev));

	fake_send(test, bed.team->dev);
	KUNIT_EXPECT_EQ(test, fake_count(OP_XMIT), 1U);

	fake.irq_ret = VFTEAM_IRQ_HANDLED;
	local_bh_disable();
	ret = vfteam_plugin_port_irq(0, &pp->queues[0]);
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

	fake_port_bed_down(pp, &bed);
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

	fake_port_bed_down(pp, &bed);
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
	ret = vfteam_plugin_port_irq(0, &pp->queues[0]);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, IRQ_NONE);

	fake.rx_frames = 3;
	fake.irq_ret = VFTEAM_IRQ_POLL;
	local_bh_disable();
	ret = vfteam_plugin_port_irq(0, &pp->queues[0]);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, IRQ_HANDLED);

	KUNIT_EXPECT_TRUE(test, fake_wait_for(!READ_ONCE(fake.rx_frames)));
	KUNIT_EXPECT_TRUE(test, fake_wait_for((dev_get_stats(bed.team->dev,
							     &st),
					       st.rx_packets == 3)));
	KUNIT_EXPECT_EQ(test, st.rx_bytes, 3ULL * ETH_ZLEN);
	KUNIT_EXPECT_EQ(test, st.tx_packets, 1ULL);
	KUNIT_EXPECT_EQ(test, st.tx_bytes, (u64)ETH_ZLEN);

	fake_port_bed_down(pp, &bed);
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

	fake_port_bed_down(pp, &bed);
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

	fake_port_bed_down(pp, &bed);
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

	fake_port_bed_down(pp, &bed);
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
	fake_port_bed_down(pp, &bed);
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

	fake_port_bed_down(pp, &bed);
	/* quiesce twice by the test; leave did not quiesce a stopped port */
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 2U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_DETACH), 1U);
}

/*
 * A plugin port that cannot take its team's MTU waits, and says why in the
 * team's sysfs "waiting"; the team's MTU lowered, it joins by itself
 */
static void vfteam_plugin_waits_for_mtu(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	char *buf;
	int err;

	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	fake_bed_up(test, &bed, false);
	rtnl_lock();
	err = dev_set_mtu(bed.team->dev, 9000);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);

	pp = fake_create(test);
	rtnl_lock();
	vfteam_plugin_wait_rtnl(pp);
	KUNIT_EXPECT_NULL(test, pp->port);
	KUNIT_EXPECT_GT(test, vfteam_plugin_wait_show_rtnl(bed.team, buf), 0);
	rtnl_unlock();
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "mtu-above-plugin-max -22"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, pp->name));

	rtnl_lock();
	err = dev_set_mtu(bed.team->dev, 1500);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_primary(&bed) == READ_ONCE(pp->port) &&
					      READ_ONCE(pp->port)));
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vfteam_plugin_wait_show_rtnl(bed.team, buf), 0);
	rtnl_unlock();

	fake_port_bed_down(pp, &bed);
}

/*
 * The plugin's error counters add up into the team's statistics; a
 * counter outside the ABI is refused and logged once
 */
static void vfteam_plugin_error_counters(struct kunit *test)
{
	struct rtnl_link_stats64 st;
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;

	fake_bed_up(test, &bed, false);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_ERRORS, 2);
	vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_DROPPED, 3);
	vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_MISSED, 5);
	vfteam_plugin_port_count(pp, VFTEAM_STAT_TX_ERRORS, 7);
	vfteam_plugin_port_count(pp, VFTEAM_STAT_TX_DROPPED, 11);
	vfteam_plugin_port_count(pp, VFTEAM_STAT_NR, 13);
	dev_get_stats(bed.team->dev, &st);
	KUNIT_EXPECT_EQ(test, st.rx_errors, 2ULL);
	KUNIT_EXPECT_EQ(test, st.rx_missed_errors, 5ULL);
	KUNIT_EXPECT_EQ(test, st.tx_errors, 7ULL);
	/* the core adds its own drops (none here) to the plugin's */
	KUNIT_EXPECT_EQ(test, st.rx_dropped, 3ULL);
	KUNIT_EXPECT_EQ(test, st.tx_dropped, 11ULL);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_bad_returns(pp), 1ULL);

	fake_port_bed_down(pp, &bed);
}

/* ---- backpressure ---- */

static bool vfteam_test_tx_stopped(struct net_device *dev)
{
	return netif_xmit_stopped(netdev_get_tx_queue(dev, 0));
}

/*
 * A full ring (VFTEAM_TX_BUSY) stops the team's queues: the frames wait in
 * the team's qdisc, none goes out through the standby around the ring,
 * and the port's next completion sends them, in the same port.
 */
static void vfteam_plugin_tx_busy_waits(struct kunit *test)
{
	struct net_device *dev;
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	unsigned int xmits;

	fake_bed_up(test, &bed, true);
	dev = bed.team->dev;
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_ASSERT_PTR_EQ(test, fake_active(&bed), pp->port);
	fake_send(test, dev);
	KUNIT_ASSERT_EQ(test, fake_count(OP_XMIT), 1U);

	WRITE_ONCE(fake.busy, true);
	fake_send(test, dev);
	fake_send(test, dev);
	fake_send(test, dev);
	/* one busy answer and its retry; the others wait behind it */
	KUNIT_EXPECT_EQ(test, fake_count(OP_XMIT), 3U);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_tx_busy_count(pp), 1ULL);
	KUNIT_EXPECT_TRUE(test, vfteam_test_tx_stopped(dev));
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 0);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_tx_declined_count(pp), 0ULL);

	/* a completion: the ring has room, the three go, on this port */
	WRITE_ONCE(fake.busy, false);
	xmits = fake_count(OP_XMIT);
	spin_lock_irq(&fake.lock);
	fake.tx_pkts = 1;
	fake.tx_bytes = ETH_ZLEN;
	spin_unlock_irq(&fake.lock);
	local_bh_disable();
	fake_irq_raise(pp, VFTEAM_IRQ_POLL);
	local_bh_enable();
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_XMIT) == xmits + 3));
	KUNIT_EXPECT_FALSE(test, vfteam_test_tx_stopped(dev));
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bed.team->lost_refused), 0LL);

	fake_port_bed_down(pp, &bed);
}

/*
 * Stopped by a full ring that never completes (its link went down): the
 * switch to the standby starts the team's queues, and the waiting frames
 * go out there, not stuck behind a dead ring.
 */
static void vfteam_plugin_tx_busy_switch_wakes(struct kunit *test)
{
	struct net_device *dev;
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;

	fake_bed_up(test, &bed, true);
	dev = bed.team->dev;
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_ASSERT_PTR_EQ(test, fake_active(&bed), pp->port);

	WRITE_ONCE(fake.busy, true);
	fake_send(test, dev);
	fake_send(test, dev);
	KUNIT_EXPECT_TRUE(test, vfteam_test_tx_stopped(dev));
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 0);

	vfteam_plugin_port_link_set(pp, false);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) &&
					      fake_active(&bed) != pp->port));
	KUNIT_EXPECT_TRUE(test, fake_wait_for(atomic_read(&fake.standby_seen) == 2));
	KUNIT_EXPECT_FALSE(test, vfteam_test_tx_stopped(dev));

	/* quiesced (leave): nothing left stopped, nothing left waiting */
	WRITE_ONCE(fake.busy, false);
	fake_port_bed_down(pp, &bed);
}

/* ---- a shared INTx line ---- */

/*
 * The line is disabled while restart unmasks the device and while quiesce
 * masks it, and open otherwise: a shared level-triggered line must never
 * be asserted while the handler answers IRQ_NONE.  A dummy interrupt
 * stands in for the PCI function's.
 */
static void vfteam_plugin_intx_held_for_ops(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	int irq;

	fake_bed_up(test, &bed, false);
	pp = fake_create(test);
	irq = irq_alloc_desc(NUMA_NO_NODE);
	KUNIT_ASSERT_GT(test, irq, 0);
	irq_set_chip_and_handler(irq, &dummy_irq_chip, handle_simple_irq);
	irq_modify_status(irq, IRQ_NOREQUEST | IRQ_NOAUTOEN, 0);
	KUNIT_ASSERT_EQ(test, request_irq(irq, vfteam_plugin_port_irq,
					  IRQF_SHARED, "vfkt-intx",
					  &pp->queues[0]), 0);
	pp->vectors[0] = irq;
	pp->nr_vectors = 1;
	pp->irq_exclusive = false;
	fake.irq_line = irq;

	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_EXPECT_EQ(test, fake.line_held[OP_RESTART_NEW], 1);
	KUNIT_EXPECT_FALSE(test, irqd_irq_disabled(irq_get_irq_data(irq)));

	KUNIT_EXPECT_EQ(test, fake_quiesce_port(pp), 0);
	KUNIT_EXPECT_EQ(test, fake.line_held[OP_QUIESCE], 1);
	/* quiesced, the device is masked: the line is the others' again */
	KUNIT_EXPECT_FALSE(test, irqd_irq_disabled(irq_get_irq_data(irq)));

	KUNIT_EXPECT_EQ(test, fake_resume_port(pp), 0);
	KUNIT_EXPECT_EQ(test, fake.line_held[OP_RESTART_CP], 1);
	KUNIT_EXPECT_FALSE(test, irqd_irq_disabled(irq_get_irq_data(irq)));

	/* a failed restart gives the line back too */
	KUNIT_EXPECT_EQ(test, fake_quiesce_port(pp), 0);
	fake.fail[OP_RESTART_CP] = -EIO;
	fake.fail[OP_RESTART_NEW] = -EIO;
	KUNIT_EXPECT_NE(test, fake_resume_port(pp), 0);
	KUNIT_EXPECT_FALSE(test, irqd_irq_disabled(irq_get_irq_data(irq)));

	vfteam_plugin_port_unlink(pp);
	fake.irq_line = 0;
	pp->nr_vectors = 0;
	free_irq(irq, &pp->queues[0]);
	irq_free_desc(irq);
	vfteam_plugin_port_destroy(pp);
	fake_bed_down(&bed);
}

static struct kunit_case vfteam_plugin_port_cases[] = {
	KUNIT_CASE(vfteam_plugin_lifecycle),
	KUNIT_CASE(vfteam_plugin_decline_no_standby),
	KUNIT_CASE(vfteam_plugin_decline_standby),
	KUNIT_CASE(vfteam_plugin_rx),
	KUNIT_CASE(vfteam_plugin_bad_returns),
	KUNIT_CASE(vfteam_plugin_mtu_mac),
	KUNIT_CASE(vfteam_plugin_attach_fails),
	KUNIT_CASE(vfteam_plugin_restart_fails_at_join),
	KUNIT_CASE(vfteam_plugin_quiesce_fails),
	KUNIT_CASE(vfteam_plugin_restart_cp_fails),
	KUNIT_CASE(vfteam_plugin_waits_for_mtu),
	KUNIT_CASE(vfteam_plugin_intx_held_for_ops),
	KUNIT_CASE(vfteam_plugin_tx_busy_waits),
	KUNIT_CASE(vfteam_plugin_error_counters),
	KUNIT_CASE(vfteam_plugin_tx_busy_switch_wakes),
	{}
};

static struct kunit_suite vfteam_plugin_port_suite = {
	.name = "vfteam_plugin_port",
	.suite_init = fake_suite_init,
	.suite_exit = fake_suite_exit,
	.init = fake_test_init,
	.test_cases = vfteam_plugin_port_cases,
};

kunit_test_suite(vfteam_plugin_port_suite);
