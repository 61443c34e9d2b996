// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a plugin port with several queue pairs (suite
 * vfteam_plugin_queues).
 *
 * Each queue has its own NAPI, reached through its own vector; the
 * team's Tx queue i sends through the port's queue i % n; a full ring
 * stops only the team's queues that feed it, and its completion starts
 * only those; the plugin gets an even RSS table over the queues in use;
 * ethtool -L restarts the port with the new count, and refuses what it
 * cannot set without touching the port, and drains the port carrying the
 * team first (the team's prepare grace); a queue index past the port's
 * from a buggy plugin is caught; the Tx watchdog sees a queue that
 * stalls while the other completes.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/ethtool.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>

#include <vfteam/plugin.h>

#include "../team-driver/plugin_health.h"
#include "../team-driver/plugin_host.h"
#include "../team-driver/plugin_port.h"
#include "../team-driver/port.h"
#include "../team-driver/team.h"
#include "fake_plugin.h"

static struct vfteam_plugin_ops mq_ops;

/* a two-queue port, joined with the team asking for @queues */
static struct vfteam_plugin_port *mq_join(struct kunit *test,
					  struct fake_bed *bed,
					  unsigned int queues)
{
	struct vfteam_plugin_port *pp;

	mq_ops = fake_ops;
	mq_ops.set_rss = fake_set_rss;
	pp = fake_create_queues(test, &mq_ops, 2, 0);
	rtnl_lock();
	bed->team->queues = queues;
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, fake_join(pp, bed), 0);
	KUNIT_ASSERT_PTR_EQ(test, fake_active(bed), pp->port);
	return pp;
}

/*
 * A frame of the tests' protocol through the team's Tx queue @txq, as the
 * stack hands it over; what the team's xmit answered (a busy frame is
 * the caller's again: freed here, as a qdisc would keep it)
 */
static netdev_tx_t mq_send(struct kunit *test, struct net_device *dev,
			   unsigned int txq)
{
	struct sk_buff *skb = fake_tx_frame(test, dev, NULL);
	netdev_tx_t ret;

	skb_set_queue_mapping(skb, txq);

	local_bh_disable();
	rcu_read_lock_bh();
	ret = dev->netdev_ops->ndo_start_xmit(skb, dev);
	rcu_read_unlock_bh();
	local_bh_enable();
	if (ret == NETDEV_TX_BUSY)
		kfree_skb(skb);
	return ret;
}

static bool mq_stopped(struct net_device *dev, unsigned int txq)
{
	return netif_xmit_stopped(netdev_get_tx_queue(dev, txq));
}

/* queue @q's vector fires, the plugin asks for a poll */
static void mq_irq(struct vfteam_plugin_port *pp, unsigned int q)
{
	fake.irq_ret = VFTEAM_IRQ_POLL;
	local_bh_disable();
	vfteam_plugin_port_irq(0, &pp->queues[q]);
	local_bh_enable();
}

static int mq_set_channels(struct net_device *dev, unsigned int combined,
			   unsigned int rx)
{
	struct ethtool_channels ch = { .combined_count = combined,
				       .rx_count = rx };
	int err;

	rtnl_lock();
	err = dev->ethtool_ops->set_channels(dev, &ch);
	rtnl_unlock();
	return err;
}

static void vfteam_plugin_queues_data_path(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	struct net_device *dev;
	unsigned int i, polls;

	fake_bed_up(test, &bed, true);
	dev = bed.team->dev;
	pp = mq_join(test, &bed, 2);
	KUNIT_EXPECT_EQ(test, fake.queues_restart, 2U);

	/* RSS: the key, and a table that alternates over the two queues */
	KUNIT_EXPECT_EQ(test, fake_count(OP_SET_RSS), 1U);
	KUNIT_EXPECT_EQ(test, fake.rss.nr_queues, 2U);
	for (i = 0; i < VFTEAM_RSS_INDIR_SIZE; i++)
		KUNIT_EXPECT_EQ(test, fake.rss.indir[i], i % 2);
	KUNIT_EXPECT_TRUE(test, memchr_inv(fake.rss.key, 0,
					   VFTEAM_RSS_KEY_SIZE) != NULL);

	/* queue 1's vector schedules queue 1's NAPI */
	polls = atomic_read(&fake.poll_q[1]);
	mq_irq(pp, 1);
	KUNIT_EXPECT_EQ(test, fake.irq_q, 1U);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(atomic_read(&fake.poll_q[1]) > polls));

	/* team queue i sends through the port's queue i % 2 */
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, mq_send(test, dev, i), NETDEV_TX_OK);
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.xmit_q[0]), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.xmit_q[1]), 2);

	/* queue 1 full: team queues 1, 3, 5... stop; 0, 2... still send */
	WRITE_ONCE(fake.busy_q, BIT(1));
	KUNIT_EXPECT_EQ(test, mq_send(test, dev, 3), NETDEV_TX_BUSY);
	KUNIT_EXPECT_TRUE(test, mq_stopped(dev, 1));
	KUNIT_EXPECT_TRUE(test, mq_stopped(dev, 3));
	KUNIT_EXPECT_FALSE(test, mq_stopped(dev, 0));
	KUNIT_EXPECT_FALSE(test, mq_stopped(dev, 2));
	KUNIT_EXPECT_EQ(test, mq_send(test, dev, 2), NETDEV_TX_OK);
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.xmit_q[0]), 3);

	/* a completion on queue 0 does not start them; one on queue 1 does */
	WRITE_ONCE(fake.busy_q, 0);
	spin_lock_irq(&fake.lock);
	fake.tx_pkts = 1;
	fake.tx_bytes = ETH_ZLEN;
	fake.done_q = 0;
	spin_unlock_irq(&fake.lock);
	polls = atomic_read(&fake.poll_q[0]);
	mq_irq(pp, 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(atomic_read(&fake.poll_q[0]) > polls));
	KUNIT_EXPECT_TRUE(test, mq_stopped(dev, 1));
	spin_lock_irq(&fake.lock);
	fake.tx_pkts = 1;
	fake.tx_bytes = ETH_ZLEN;
	fake.done_q = 1;
	spin_unlock_irq(&fake.lock);
	mq_irq(pp, 1);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(!mq_stopped(dev, 1)));
	KUNIT_EXPECT_FALSE(test, mq_stopped(dev, 3));
	/* nothing went around the full ring through the standby */
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 0);

	fake_port_bed_down(pp, &bed);
}

static void vfteam_plugin_queues_ethtool(struct kunit *test)
{
	struct ethtool_channels ch = { };
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	struct net_device *dev;
	unsigned int quiesces, rss;

	fake_bed_up(test, &bed, true);
	dev = bed.team->dev;
	pp = mq_join(test, &bed, 2);

	rtnl_lock();
	dev->ethtool_ops->get_channels(dev, &ch);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, ch.max_combined, 2U);
	KUNIT_EXPECT_EQ(test, ch.combined_count, 2U);
	KUNIT_EXPECT_EQ(test, ch.max_other, 0U);	/* no vectors here */

	/* a full queue 1, then one queue: what it stopped starts again */
	WRITE_ONCE(fake.busy_q, BIT(1));
	KUNIT_EXPECT_EQ(test, mq_send(test, dev, 1), NETDEV_TX_BUSY);
	KUNIT_EXPECT_TRUE(test, mq_stopped(dev, 1));
	WRITE_ONCE(fake.busy_q, 0);

	quiesces = fake_count(OP_QUIESCE);
	rss = fake_count(OP_SET_RSS);
	KUNIT_EXPECT_EQ(test, mq_set_channels(dev, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), quiesces + 1);
	KUNIT_EXPECT_EQ(test, fake.queues_restart, 1U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_SET_RSS), rss);	/* one queue */
	KUNIT_EXPECT_EQ(test, bed.team->queues, 1U);
	KUNIT_EXPECT_FALSE(test, mq_stopped(dev, 1));
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);
	/* every team queue feeds queue 0 now */
	KUNIT_EXPECT_EQ(test, mq_send(test, dev, 1), NETDEV_TX_OK);
	KUNIT_EXPECT_EQ(test, atomic_read(&fake.xmit_q[0]), 1);

	/* what -L cannot set is refused, and the port left alone */
	quiesces = fake_count(OP_QUIESCE);
	KUNIT_EXPECT_EQ(test, mq_set_channels(dev, 2, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, mq_set_channels(dev, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), quiesces);
	KUNIT_EXPECT_EQ(test, pp->nr_queues, 1U);
	/* the same count again: nothing to do */
	KUNIT_EXPECT_EQ(test, mq_set_channels(dev, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), quiesces);

	KUNIT_EXPECT_EQ(test, mq_set_channels(dev, 2, 0), 0);
	KUNIT_EXPECT_EQ(test, fake.queues_restart, 2U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_SET_RSS), rss + 1);
	KUNIT_EXPECT_EQ(test, fake.rss.nr_queues, 2U);
	KUNIT_EXPECT_TRUE(test, pp->running);

	fake_port_bed_down(pp, &bed);
}

static struct vfteam_plugin_port *mq_drain_pp;

/* a frame for the team arrives on queue 0 while ethtool -L drains it */
static void mq_drain_rx(struct work_struct *work)
{
	WRITE_ONCE(fake.rx_frames, 1);
	mq_irq(mq_drain_pp, 0);
}

/*
 * ethtool -L on the port carrying the team: the team moves to the
 * standby first, and the port goes on receiving for the team's grace
 * (what the switch still sends it is taken up) before it is quiesced;
 * without the grace the frame would sit in a ring that the restart
 * empties
 */
static void vfteam_plugin_queues_drain(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct delayed_work rx_work;
	struct fake_bed bed = { };
	struct net_device *dev;
	unsigned long t0;

	fake_bed_up(test, &bed, true);
	dev = bed.team->dev;
	pp = mq_join(test, &bed, 2);
	rtnl_lock();
	bed.team->mig_grace_ms = 400;
	rtnl_unlock();

	mq_drain_pp = pp;
	INIT_DELAYED_WORK_ONSTACK(&rx_work, mq_drain_rx);
	fake.quiesce_rx_left = -1;
	t0 = jiffies;
	schedule_delayed_work(&rx_work, msecs_to_jiffies(50));
	KUNIT_EXPECT_EQ(test, mq_set_channels(dev, 1, 0), 0);
	cancel_delayed_work_sync(&rx_work);
	destroy_delayed_work_on_stack(&rx_work);

	KUNIT_EXPECT_NOT_NULL(test, fake.quiesce_active);
	KUNIT_EXPECT_PTR_NE(test, fake.quiesce_active, pp->port);
	KUNIT_EXPECT_GE(test, fake.quiesce_at - t0, msecs_to_jiffies(400));
	KUNIT_EXPECT_EQ(test, fake.quiesce_rx_left, 0);
	KUNIT_EXPECT_EQ(test, fake.queues_restart, 1U);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);

	/* a grace of 0: quiesced at once, as before */
	rtnl_lock();
	bed.team->mig_grace_ms = 0;
	rtnl_unlock();
	t0 = jiffies;
	KUNIT_EXPECT_EQ(test, mq_set_channels(dev, 2, 0), 0);
	KUNIT_EXPECT_LT(test, fake.quiesce_at - t0, msecs_to_jiffies(400));
	fake_port_bed_down(pp, &bed);
}

/* no plugin primary: one queue, and only one can be asked for */
static void vfteam_plugin_queues_no_primary(struct kunit *test)
{
	struct ethtool_channels ch = { };
	struct fake_bed bed = { };
	struct net_device *dev;

	fake_bed_up(test, &bed, true);
	dev = bed.team->dev;
	rtnl_lock();
	dev->ethtool_ops->get_channels(dev, &ch);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, ch.max_combined, 1U);
	KUNIT_EXPECT_EQ(test, ch.combined_count, 1U);
	KUNIT_EXPECT_EQ(test, mq_set_channels(dev, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, mq_set_channels(dev, 1, 1), -EINVAL);
	fake_bed_down(&bed);
}

/*
 * a plugin that passes a frame up on a queue the port does not run (one
 * past them, or one ethtool -L turned off): caught, the frame dropped,
 * never handed to another queue's NAPI
 */
static void vfteam_plugin_queue_index_checked(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	struct rtnl_link_stats64 st;

	fake_bed_up(test, &bed, true);
	pp = mq_join(test, &bed, 1);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_bad_returns(pp), 0ULL);
	fake.rx_q_bad = 1;
	fake.rx_frames = 1;
	mq_irq(pp, 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(vfteam_plugin_port_bad_returns(pp)));
	KUNIT_EXPECT_TRUE(test, fake_wait_for(!READ_ONCE(fake.rx_frames)));
	fake.rx_q_bad = VFTEAM_MAX_QUEUES + 3;
	fake.rx_frames = 1;
	mq_irq(pp, 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(!READ_ONCE(fake.rx_frames)));
	pp->port->ops->get_stats(pp->port, &st);
	KUNIT_EXPECT_EQ(test, st.rx_packets, 0ULL);
	dev_get_stats(bed.team->dev, &st);
	KUNIT_EXPECT_EQ(test, st.rx_dropped, 2ULL);
	fake_port_bed_down(pp, &bed);
}

/*
 * Queue 1 takes frames and completes none (its vector masked, say) while
 * queue 0 completes all it is given: the watchdog, looking queue by
 * queue, sees the stall and restarts the device
 */
static void vfteam_plugin_queue_stall(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	struct net_device *dev;
	unsigned long end;

	fake_bed_up(test, &bed, true);
	dev = bed.team->dev;
	pp = mq_join(test, &bed, 2);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 1U);
	fake.done_q = 0;	/* every completion is reported on queue 0 */

	/* the watchdog notices the new period within a second: send past it */
	WRITE_ONCE(vfteam_plugin_tx_watch_ms, 100);
	end = jiffies + msecs_to_jiffies(1600);
	while (time_before(jiffies, end) && fake_count(OP_RESTART_NEW) < 2) {
		mq_send(test, dev, 0);
		mq_send(test, dev, 1);
		mq_irq(pp, 0);
		msleep(25);
	}
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_RESTART_NEW) >= 2));
	WRITE_ONCE(vfteam_plugin_tx_watch_ms, 0);
	KUNIT_EXPECT_GE(test, fake_count(OP_QUIESCE), 1U);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	fake_port_bed_down(pp, &bed);
}

/* more than one queue needs the RSS op and MSI-X; at most the maximum */
static void vfteam_plugin_queues_checked(struct kunit *test)
{
	static struct vfteam_plugin_ops ops;
	struct vfteam_plugin *plugin = fake_plugin(test);

	ops = fake_ops;
	plugin->ops = &ops;
	plugin->max_queues = 2;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), -EINVAL);
	ops.set_rss = fake_set_rss;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), 0);
	plugin->irq_kinds = VFTEAM_VEC_MSI | VFTEAM_VEC_INTX;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), -EINVAL);
	plugin->irq_kinds = VFTEAM_VEC_MSIX | VFTEAM_VEC_INTX;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), 0);
	plugin->max_queues = VFTEAM_MAX_QUEUES + 1;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), -EINVAL);
	/* one queue needs neither */
	plugin->max_queues = 1;
	plugin->irq_kinds = VFTEAM_VEC_INTX;
	ops.set_rss = NULL;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), 0);
}

static struct kunit_case vfteam_plugin_queues_cases[] = {
	KUNIT_CASE(vfteam_plugin_queues_data_path),
	KUNIT_CASE(vfteam_plugin_queues_ethtool),
	KUNIT_CASE(vfteam_plugin_queues_drain),
	KUNIT_CASE(vfteam_plugin_queues_no_primary),
	KUNIT_CASE(vfteam_plugin_queue_index_checked),
	KUNIT_CASE(vfteam_plugin_queue_stall),
	KUNIT_CASE(vfteam_plugin_queues_checked),
	{}
};

static struct kunit_suite vfteam_plugin_queues_suite = {
	.name = "vfteam_plugin_queues",
	.suite_init = fake_suite_init,
	.suite_exit = fake_suite_exit,
	.init = fake_test_init,
	.test_cases = vfteam_plugin_queues_cases,
};

kunit_test_suite(vfteam_plugin_queues_suite);
