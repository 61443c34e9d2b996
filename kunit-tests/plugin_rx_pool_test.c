// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the Rx buffers a plugin takes from the core's page pools (suite
 * vfteam_plugin_rx_pool).
 *
 * The fake plugin fills a ring of four buffers at restart and receives
 * into them in poll: frames arrive whole, more of them than buffers (the
 * pages come back), short ones copied; a restart with the same buffer length keeps the
 * pools, another length replaces them; out-of-range requests are refused
 * with the pools left as they were; a plugin's misuse (a queue it does
 * not run, no pool, an empty buffer, a frame longer than its buffer) is
 * caught and counted; and a frame the stack still holds when its port is
 * destroyed stays valid (KASAN fails the case otherwise).
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include <vfteam/plugin.h>

#include "../team-driver/plugin_port.h"
#include "../team-driver/team.h"
#include "fake_plugin.h"

/* what the team passed up of the tests' protocol */
static atomic_t pool_rx;		/* frames */
static atomic_t pool_rx_bad;		/* ...not as the fake wrote them */
static atomic_t pool_rx_recycled;	/* ...on a page pool's page */
static unsigned int pool_rx_len;	/* the last one's length */
static struct sk_buff *pool_rx_kept;	/* pool_keep: the last one, held */
static bool pool_keep;

static int pool_rx_count(struct sk_buff *skb, struct net_device *dev,
			 struct packet_type *pt, struct net_device *orig)
{
	if (!fake_rx_intact(skb))
		atomic_inc(&pool_rx_bad);
	if (skb->pp_recycle)
		atomic_inc(&pool_rx_recycled);
	WRITE_ONCE(pool_rx_len, skb->len);
	atomic_inc(&pool_rx);
	if (pool_keep && !pool_rx_kept) {
		pool_rx_kept = skb;
		return 0;
	}
	kfree_skb(skb);
	return 0;
}

static struct packet_type pool_pt = {
	.type = htons(FAKE_PROTO),
	.func = pool_rx_count,
};

/* a port whose restart asks for buffers of @len bytes, joined, watched */
static struct vfteam_plugin_port *pool_join(struct kunit *test,
					    struct fake_bed *bed,
					    unsigned int len)
{
	struct vfteam_plugin_port *pp;

	atomic_set(&pool_rx, 0);
	atomic_set(&pool_rx_bad, 0);
	atomic_set(&pool_rx_recycled, 0);
	pool_rx_kept = NULL;
	pool_keep = false;
	fake.rx_pool = true;
	fake.rx_pool_len = len;
	fake_bed_up(test, bed, false);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, bed), 0);
	pool_pt.dev = bed->team->dev;
	dev_add_pack(&pool_pt);
	return pp;
}

static void pool_leave(struct vfteam_plugin_port *pp, struct fake_bed *bed)
{
	dev_remove_pack(&pool_pt);
	fake_port_bed_down(pp, bed);
}

/* @n frames of @len bytes arrive on queue 0; wait until the team has @want */
static bool pool_receive(struct vfteam_plugin_port *pp, int n,
			 unsigned int len, int want)
{
	fake.rx_len = len;
	fake.rx_frames = n;
	fake_irq_raise(pp, VFTEAM_IRQ_POLL);
	return fake_wait_for(!READ_ONCE(fake.rx_frames) &&
			     atomic_read(&pool_rx) == want);
}

static int pool_restart_new(struct vfteam_plugin_port *pp)
{
	int err;

	rtnl_lock();
	err = vfteam_plugin_port_quiesce_rtnl(pp);
	if (!err)
		err = vfteam_plugin_port_restart_rtnl(pp, NULL);
	rtnl_unlock();
	return err;
}

static void vfteam_plugin_rx_pool_frames(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	unsigned int i;

	pp = pool_join(test, &bed, 2048);
	KUNIT_EXPECT_NOT_NULL(test, pp->queues[0].rx_pool);
	KUNIT_EXPECT_EQ(test, fake.rx_pool_err, 0);
	KUNIT_EXPECT_EQ(test, fake.rx_fill_err, 0);
	for (i = 0; i < FAKE_RX_BUFS; i++) {
		KUNIT_EXPECT_NOT_NULL(test, fake_priv(pp)->rx_buf[i].page);
		KUNIT_EXPECT_NE(test, fake_priv(pp)->rx_buf[i].dma, 0);
	}

	/* five times the ring: the stack's pages come back to be used again */
	KUNIT_EXPECT_TRUE(test, pool_receive(pp, 5 * FAKE_RX_BUFS, 1000,
					     5 * FAKE_RX_BUFS));
	KUNIT_EXPECT_EQ(test, atomic_read(&pool_rx_bad), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pool_rx_recycled), 5 * FAKE_RX_BUFS);
	KUNIT_EXPECT_EQ(test, READ_ONCE(pool_rx_len), 1000U - ETH_HLEN);
	KUNIT_EXPECT_EQ(test, fake.rx_fill_err, 0);
	/* the longest frame a buffer holds */
	KUNIT_EXPECT_TRUE(test, pool_receive(pp, 1, bed.team->dev->mtu + ETH_HLEN,
					     5 * FAKE_RX_BUFS + 1));
	KUNIT_EXPECT_EQ(test, READ_ONCE(pool_rx_len), bed.team->dev->mtu);
	KUNIT_EXPECT_EQ(test, atomic_read(&pool_rx_bad), 0);
	/* short frames are copied: plain skbs, their pages back in the pool */
	KUNIT_EXPECT_TRUE(test, pool_receive(pp, 3 * FAKE_RX_BUFS, ETH_ZLEN,
					     8 * FAKE_RX_BUFS + 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&pool_rx_recycled), 5 * FAKE_RX_BUFS + 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(pool_rx_len), ETH_ZLEN - ETH_HLEN);
	KUNIT_EXPECT_EQ(test, atomic_read(&pool_rx_bad), 0);
	KUNIT_EXPECT_EQ(test, fake.rx_fill_err, 0);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_bad_returns(pp), 0ULL);

	pool_leave(pp, &bed);
}

static void vfteam_plugin_rx_pool_resize(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	struct page_pool *first;

	pp = pool_join(test, &bed, 2048);
	first = pp->queues[0].rx_pool;
	KUNIT_EXPECT_EQ(test, pp->rx_buf_truesize, (unsigned int)PAGE_SIZE);

	/* the same length at the next restart: the same pool */
	KUNIT_ASSERT_EQ(test, pool_restart_new(pp), 0);
	KUNIT_EXPECT_PTR_EQ(test, pp->queues[0].rx_pool, first);

	/* jumbo buffers: a new pool of pages that hold one */
	fake.rx_pool_len = 9018;
	KUNIT_ASSERT_EQ(test, pool_restart_new(pp), 0);
	KUNIT_EXPECT_PTR_NE(test, pp->queues[0].rx_pool, first);
	KUNIT_EXPECT_EQ(test, pp->rx_buf_len, 9018U);
	KUNIT_EXPECT_GE(test, pp->rx_buf_truesize, 9018U + NET_SKB_PAD);
	KUNIT_EXPECT_EQ(test, fake.rx_fill_err, 0);
	KUNIT_EXPECT_TRUE(test, pool_receive(pp, 2 * FAKE_RX_BUFS, 1400,
					     2 * FAKE_RX_BUFS));
	KUNIT_EXPECT_EQ(test, atomic_read(&pool_rx_bad), 0);

	pool_leave(pp, &bed);
}

/* refused requests leave the pools and their buffers as they were */
static void vfteam_plugin_rx_pool_checked(struct kunit *test)
{
	static const unsigned int bad[][2] = {
		{ 0, 2048 },
		{ FAKE_RX_BUFS, 0 },
		{ FAKE_RX_BUFS, VFTEAM_RX_BUF_MAX + 1 },
		{ VFTEAM_RX_POOL_MAX + 1, 2048 },
	};
	struct vfteam_rx_buf b = { };
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	struct page_pool *first;
	struct sk_buff *skb;
	unsigned int i;

	pp = pool_join(test, &bed, 2048);
	first = pp->queues[0].rx_pool;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, vfteam_plugin_port_rx_pool(pp, bad[i][0],
								 bad[i][1]),
				-EINVAL);
		KUNIT_EXPECT_PTR_EQ(test, pp->queues[0].rx_pool, first);
		KUNIT_EXPECT_EQ(test, pp->rx_buf_len, 2048U);
	}
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_rx_pool(pp, VFTEAM_RX_POOL_MAX + 1,
							 VFTEAM_RX_BUF_MAX),
			-EINVAL);

	/* a queue the port does not run */
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_rx_buf_get(pp, 1, &b), -EINVAL);
	KUNIT_EXPECT_NULL(test, b.page);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_bad_returns(pp), 1ULL);

	/* an empty buffer has no frame, and giving it back does nothing */
	local_bh_disable();
	skb = vfteam_plugin_port_rx_buf_skb(pp, 0, &b, ETH_ZLEN);
	local_bh_enable();
	KUNIT_EXPECT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_bad_returns(pp), 2ULL);
	vfteam_plugin_port_rx_buf_put(pp, &b);

	/*
	 * a descriptor that claims more than its buffer: dropped, the
	 * buffer recycled, the next frame whole
	 */
	KUNIT_EXPECT_TRUE(test, pool_receive(pp, 1, 2049, 0));
	KUNIT_EXPECT_TRUE(test, fake_wait_for(vfteam_plugin_port_bad_returns(pp) == 3));
	KUNIT_EXPECT_TRUE(test, pool_receive(pp, FAKE_RX_BUFS, 200,
					     FAKE_RX_BUFS));
	KUNIT_EXPECT_EQ(test, atomic_read(&pool_rx_bad), 0);
	KUNIT_EXPECT_EQ(test, fake.rx_fill_err, 0);

	pool_leave(pp, &bed);
}

/* a plugin that takes buffers without asking for a pool gets none */
static void vfteam_plugin_rx_pool_absent(struct kunit *test)
{
	struct vfteam_rx_buf b = { };
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;

	fake_bed_up(test, &bed, false);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_EXPECT_NULL(test, pp->queues[0].rx_pool);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_rx_buf_get(pp, 0, &b), -EINVAL);
	KUNIT_EXPECT_NULL(test, b.page);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_bad_returns(pp), 1ULL);
	fake_port_bed_down(pp, &bed);
}

/*
 * A frame still in a socket when its port (and the port's pools) go, as
 * at a hot unplug: its page stays valid until the stack frees it
 */
static void vfteam_plugin_rx_pool_outlives_port(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_plugin_port *pp;
	struct sk_buff *skb;

	pp = pool_join(test, &bed, 2048);
	pool_keep = true;
	KUNIT_EXPECT_TRUE(test, pool_receive(pp, 2, 300, 2));
	pool_leave(pp, &bed);

	skb = pool_rx_kept;
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_TRUE(test, fake_rx_intact(skb));
	KUNIT_EXPECT_EQ(test, skb->len, 300U - ETH_HLEN);
	local_bh_disable();
	kfree_skb(skb);
	local_bh_enable();
}

static struct kunit_case vfteam_plugin_rx_pool_cases[] = {
	KUNIT_CASE(vfteam_plugin_rx_pool_frames),
	KUNIT_CASE(vfteam_plugin_rx_pool_resize),
	KUNIT_CASE(vfteam_plugin_rx_pool_checked),
	KUNIT_CASE(vfteam_plugin_rx_pool_absent),
	KUNIT_CASE(vfteam_plugin_rx_pool_outlives_port),
	{}
};

static struct kunit_suite vfteam_plugin_rx_pool_suite = {
	.name = "vfteam_plugin_rx_pool",
	.suite_init = fake_suite_init,
	.suite_exit = fake_suite_exit,
	.init = fake_test_init,
	.test_cases = vfteam_plugin_rx_pool_cases,
};

kunit_test_suite(vfteam_plugin_rx_pool_suite);
