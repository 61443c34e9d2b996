// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the Tx slots a descriptor-ring plugin keeps with the core's
 * helpers (suite vfteam_plugin_tx_slots).
 *
 * A ring of eight descriptors in plain memory stands for a device's: a
 * test posts frames of one or more slots on it as xmit would (nothing
 * mapped, so no DMA device is needed), sets a frame's done bit as the
 * device would, and checks what reclaim, clear and drop did: reclaim
 * stops at the first frame whose last descriptor is not done, even with
 * later frames done, and reports the segments and bytes of what it
 * freed (a TSO frame's headers once per segment); clear frees all and
 * counts only the frames not done as dropped.  Each skb carries an extra
 * reference the test holds, so that "freed once" is its count going back
 * to one.  The port is a joined fake, so completions reach queue 0.
 */
#include <kunit/test.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/tcp.h>

#include <vfteam/plugin.h>

#include "../team-driver/plugin_port.h"
#include "fake_plugin.h"

#define SLOTS_COUNT	8
#define SLOTS_DD	0x1

/* a descriptor: only its status word matters here */
struct slots_desc {
	__le64 addr;
	__le32 cmd;
	__le32 status;
};

struct slots_bed {
	struct fake_bed bed;
	struct vfteam_plugin_port *pp;
	struct slots_desc desc[SLOTS_COUNT];
	struct vfteam_ring ring;
	struct vfteam_tx_slot slot[SLOTS_COUNT];
	struct vfteam_tx_slots s;
};

static bool slots_done(const void *desc)
{
	const struct slots_desc *d = desc;

	return le32_to_cpu(READ_ONCE(d->status)) & SLOTS_DD;
}

static struct slots_bed *slots_up(struct kunit *test)
{
	struct slots_bed *sb = kunit_kzalloc(test, sizeof(*sb), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sb);
	fake_bed_up(test, &sb->bed, false);
	sb->pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(sb->pp, &sb->bed), 0);
	sb->ring.desc = sb->desc;
	sb->ring.count = SLOTS_COUNT;
	sb->ring.desc_size = sizeof(struct slots_desc);
	KUNIT_ASSERT_EQ(test, vfteam_tx_slots_init(&sb->s, &sb->ring, sb->slot), 0);
	return sb;
}

static void slots_down(struct slots_bed *sb)
{
	fake_port_bed_down(sb->pp, &sb->bed);
}

/* an skb of @len bytes, with a second reference for the test */
static struct sk_buff *slots_skb(struct kunit *test, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, len);
	return skb_get(skb);
}

/* a TSO frame: Ethernet, IPv4 and TCP headers (54 bytes), @segs segments */
static struct sk_buff *slots_tso_skb(struct kunit *test, unsigned int len,
				     unsigned int segs)
{
	struct sk_buff *skb = slots_skb(test, len);

	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + sizeof(struct iphdr));
	tcp_hdr(skb)->doff = sizeof(struct tcphdr) / 4;
	skb_shinfo(skb)->gso_size = 500;
	skb_shinfo(skb)->gso_segs = segs;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	return skb;
}

/* xmit: a frame of @n slots (a context one first, as a plugin's may be) */
static unsigned int slots_post(struct slots_bed *sb, struct sk_buff *skb,
			       unsigned int n)
{
	unsigned int i = sb->s.next_use;

	while (n--) {
		sb->desc[i].status = 0;
		sb->slot[i] = (struct vfteam_tx_slot){ };
		i = (i + 1) % SLOTS_COUNT;
	}
	vfteam_tx_slots_post(&sb->s, skb, i);
	return (i + SLOTS_COUNT - 1) % SLOTS_COUNT;	/* its last */
}

static void slots_set_done(struct slots_bed *sb, unsigned int last)
{
	sb->desc[last].status = cpu_to_le32(SLOTS_DD);
}

static void slots_reclaim(struct slots_bed *sb)
{
	local_bh_disable();	/* poll's context: napi_consume_skb */
	vfteam_tx_slots_reclaim(sb->pp, 0, &sb->s, slots_done, 64);
	local_bh_enable();
}

static u64 slots_pkts(struct slots_bed *sb)
{
	return u64_stats_read(&sb->pp->queues[0].tx_packets);
}

static u64 slots_bytes(struct slots_bed *sb)
{
	return u64_stats_read(&sb->pp->queues[0].tx_bytes);
}

static s64 slots_dropped(struct slots_bed *sb)
{
	return atomic64_read(&sb->pp->stat[VFTEAM_STAT_TX_DROPPED]);
}

/* the test's reference is the last one: the helper freed it, once */
static void slots_expect_freed(struct kunit *test, struct sk_buff *skb)
{
	KUNIT_EXPECT_EQ(test, refcount_read(&skb->users), 1U);
	kfree_skb(skb);
}

static void vfteam_plugin_tx_slots_reclaim(struct kunit *test)
{
	struct slots_bed *sb = slots_up(test);
	struct sk_buff *a, *b, *c, *d;
	unsigned int la, lb, lc, ld;
	u64 pkts = slots_pkts(sb), bytes = slots_bytes(sb);

	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_unused(&sb->s), SLOTS_COUNT - 1U);
	a = slots_skb(test, 100);
	b = slots_tso_skb(test, 1054, 3);
	c = slots_skb(test, 300);
	la = slots_post(sb, a, 2);
	lb = slots_post(sb, b, 3);
	lc = slots_post(sb, c, 1);
	KUNIT_EXPECT_EQ(test, la, 1U);
	KUNIT_EXPECT_EQ(test, lb, 4U);
	KUNIT_EXPECT_EQ(test, lc, 5U);
	KUNIT_EXPECT_EQ(test, sb->slot[0].eop, 1);
	KUNIT_EXPECT_EQ(test, sb->slot[2].eop, 4);
	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_unused(&sb->s), 1U);

	/* nothing done: nothing reclaimed, nothing reported */
	slots_reclaim(sb);
	KUNIT_EXPECT_EQ(test, sb->s.next_clean, 0U);
	KUNIT_EXPECT_EQ(test, slots_pkts(sb), pkts);

	/* the first and third done, the second not: only the first goes */
	slots_set_done(sb, la);
	slots_set_done(sb, lc);
	slots_reclaim(sb);
	KUNIT_EXPECT_EQ(test, sb->s.next_clean, 2U);
	KUNIT_EXPECT_EQ(test, slots_pkts(sb), pkts + 1);
	KUNIT_EXPECT_EQ(test, slots_bytes(sb), bytes + 100);
	KUNIT_EXPECT_NULL(test, sb->slot[la].skb);
	KUNIT_EXPECT_PTR_EQ(test, sb->slot[lb].skb, b);
	KUNIT_EXPECT_PTR_EQ(test, sb->slot[lc].skb, c);
	KUNIT_EXPECT_EQ(test, refcount_read(&b->users), 2U);
	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_unused(&sb->s), 3U);

	/* the second done: it and the third, three segments and one */
	slots_set_done(sb, lb);
	slots_reclaim(sb);
	KUNIT_EXPECT_EQ(test, sb->s.next_clean, 6U);
	KUNIT_EXPECT_EQ(test, slots_pkts(sb), pkts + 1 + 3 + 1);
	KUNIT_EXPECT_EQ(test, slots_bytes(sb),
			bytes + 100 + (1054 + 2 * 54) + 300);
	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_unused(&sb->s), SLOTS_COUNT - 1U);

	/* a frame across the end of the ring */
	d = slots_skb(test, 60);
	ld = slots_post(sb, d, 3);
	KUNIT_EXPECT_EQ(test, ld, 0U);
	KUNIT_EXPECT_EQ(test, sb->slot[6].eop, 0);
	slots_set_done(sb, ld);
	slots_reclaim(sb);
	KUNIT_EXPECT_EQ(test, sb->s.next_clean, 1U);
	KUNIT_EXPECT_EQ(test, slots_pkts(sb), pkts + 6);
	KUNIT_EXPECT_EQ(test, slots_dropped(sb), 0);

	slots_expect_freed(test, a);
	slots_expect_freed(test, b);
	slots_expect_freed(test, c);
	slots_expect_freed(test, d);
	slots_down(sb);
}

static void vfteam_plugin_tx_slots_clear(struct kunit *test)
{
	struct slots_bed *sb = slots_up(test);
	struct sk_buff *e, *f, *g;
	unsigned int i;
	s64 dropped = slots_dropped(sb);
	u64 pkts = slots_pkts(sb);

	e = slots_skb(test, 100);
	f = slots_skb(test, 200);
	g = slots_skb(test, 300);
	/* sent, not yet reclaimed; then two the device never sent */
	slots_set_done(sb, slots_post(sb, e, 2));
	slots_post(sb, f, 1);
	slots_post(sb, g, 2);
	sb->desc[6].cmd = cpu_to_le32(0xdead);

	vfteam_tx_slots_clear(sb->pp, &sb->s, slots_done);
	KUNIT_EXPECT_EQ(test, slots_dropped(sb), dropped + 2);
	KUNIT_EXPECT_EQ(test, slots_pkts(sb), pkts);
	KUNIT_EXPECT_EQ(test, sb->s.next_use, 0U);
	KUNIT_EXPECT_EQ(test, sb->s.next_clean, 0U);
	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_unused(&sb->s), SLOTS_COUNT - 1U);
	for (i = 0; i < SLOTS_COUNT; i++) {
		KUNIT_EXPECT_NULL(test, sb->slot[i].skb);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(sb->desc[i].status), 0U);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(sb->desc[i].cmd), 0U);
	}
	slots_expect_freed(test, e);
	slots_expect_freed(test, f);
	slots_expect_freed(test, g);

	/* an empty ring: nothing counted */
	vfteam_tx_slots_clear(sb->pp, &sb->s, slots_done);
	KUNIT_EXPECT_EQ(test, slots_dropped(sb), dropped + 2);
	slots_down(sb);
}

/* a mapping failed in xmit: the frame is freed and counted, not posted */
static void vfteam_plugin_tx_slots_drop(struct kunit *test)
{
	struct slots_bed *sb = slots_up(test);
	s64 dropped = slots_dropped(sb);
	struct sk_buff *skb = slots_skb(test, 100);

	vfteam_tx_slots_drop(sb->pp, &sb->s, 3, skb);
	KUNIT_EXPECT_EQ(test, slots_dropped(sb), dropped + 1);
	KUNIT_EXPECT_EQ(test, sb->s.next_use, 0U);
	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_unused(&sb->s), SLOTS_COUNT - 1U);
	slots_expect_freed(test, skb);
	slots_down(sb);
}

/* rings the slots cannot stand for, and the pieces of a frame */
static void vfteam_plugin_tx_slots_checked(struct kunit *test)
{
	struct slots_desc desc[SLOTS_COUNT];
	struct vfteam_ring ring = { .desc = desc, .desc_size = sizeof(*desc) };
	struct vfteam_tx_slot slot[SLOTS_COUNT];
	struct vfteam_tx_slots s;
	struct sk_buff *skb;
	struct page *page;

	ring.count = 6;
	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_init(&s, &ring, slot), -EINVAL);
	ring.count = 0;
	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_init(&s, &ring, slot), -EINVAL);
	ring.count = 2 * 65536;	/* eop has 16 bits */
	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_init(&s, &ring, slot), -EINVAL);
	ring.count = SLOTS_COUNT;
	ring.desc = NULL;
	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_init(&s, &ring, slot), -EINVAL);
	ring.desc = desc;
	KUNIT_EXPECT_EQ(test, vfteam_tx_slots_init(&s, &ring, slot), 0);

	/* a head of 100 bytes, a fragment of 20000 */
	page = alloc_pages(GFP_KERNEL | __GFP_COMP, get_order(20000));
	KUNIT_ASSERT_NOT_NULL(test, page);
	skb = alloc_skb(100, GFP_KERNEL);
	if (!skb)
		__free_pages(page, get_order(20000));
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, 100);
	KUNIT_EXPECT_EQ(test, vfteam_tx_pieces(skb, SZ_16K), 1U);
	skb_add_rx_frag(skb, 0, page, 0, 20000, PAGE_SIZE << get_order(20000));
	KUNIT_EXPECT_EQ(test, vfteam_tx_pieces(skb, SZ_16K), 1U + 2U);
	KUNIT_EXPECT_EQ(test, vfteam_tx_pieces(skb, 50), 2U + 400U);
	kfree_skb(skb);
}

static struct kunit_case vfteam_plugin_tx_slots_cases[] = {
	KUNIT_CASE(vfteam_plugin_tx_slots_reclaim),
	KUNIT_CASE(vfteam_plugin_tx_slots_clear),
	KUNIT_CASE(vfteam_plugin_tx_slots_drop),
	KUNIT_CASE(vfteam_plugin_tx_slots_checked),
	{}
};

static struct kunit_suite vfteam_plugin_tx_slots_suite = {
	.name = "vfteam_plugin_tx_slots",
	.suite_init = fake_suite_init,
	.suite_exit = fake_suite_exit,
	.init = fake_test_init,
	.test_cases = vfteam_plugin_tx_slots_cases,
};

kunit_test_suite(vfteam_plugin_tx_slots_suite);
