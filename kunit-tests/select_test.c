// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: which port carries the team (suite vfteam_select).
 *
 * A flapping primary is taken back only after a hold, which a team going
 * away does not wait for; looped frames of a bridge's guests are the
 * team's own; a plugin port is not used while the team needs more of its
 * Rx filter than ABI v1 can program.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include <vfteam/plugin.h>

#include "../team-driver/migration.h"
#include "../team-driver/netdev_port.h"
#include "../team-driver/pair.h"
#include "../team-driver/plugin_host.h"
#include "../team-driver/plugin_port.h"
#include "../team-driver/policy.h"
#include "../team-driver/port.h"
#include "../team-driver/team.h"
#include "fake_plugin.h"

/* a netdev primary in a bed with a standby, joined by hand */
static struct net_device *netdev_primary_up(struct kunit *test,
					    struct fake_bed *bed)
{
	struct net_device *pdev;
	int err;

	fake_bed_up(test, bed, true);
	rtnl_lock();
	bed->team->auto_join = false;
	rtnl_unlock();
	pdev = fake_lower_register(test, false, 0);
	if (!pdev)
		return NULL;
	vfteam_pair_flush();
	rtnl_lock();
	err = vfteam_netdev_port_add_role_rtnl(bed->team, pdev,
					       VFTEAM_ROLE_PRIMARY, NULL);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	if (err) {
		rtnl_lock();
		unregister_netdevice(pdev);
		rtnl_unlock();
		return NULL;
	}
	return pdev;
}

/* RTNL: the link changes and the team hears of it, as from linkwatch */
static void set_carrier_rtnl(struct net_device *pdev, bool on)
{
	if (on)
		netif_carrier_on(pdev);
	else
		netif_carrier_off(pdev);
	netdev_state_change(pdev);
}

static bool on_port(struct fake_bed *bed, struct net_device *dev)
{
	bool on;

	rtnl_lock();
	on = rtnl_dereference(bed->team->active) ==
	     vfteam_netdev_port_of_rtnl(dev);
	rtnl_unlock();
	return on;
}

/* ---- flap damping ---- */

/*
 * The first return to a primary whose link came back is immediate; after
 * it fails again soon, the team waits on the standby (primary-flapping)
 * and returns once the primary was up for the hold, a hold that grows.
 * The move off the primary is immediate every time.
 */
static void vfteam_select_flap_hold(struct kunit *test)
{
	struct fake_bed bed = { };
	struct net_device *pdev;
	unsigned int hold;
	u64 switches;

	pdev = netdev_primary_up(test, &bed);
	if (!pdev) {
		fake_bed_down(&bed);
		return;
	}
	rtnl_lock();
	switches = vfteam_team_switches(bed.team);
	set_carrier_rtnl(pdev, false);
	KUNIT_EXPECT_EQ(test, (int)bed.team->reason,
			(int)VFTEAM_REASON_PRIMARY_NO_CARRIER);
	set_carrier_rtnl(pdev, true);
	KUNIT_EXPECT_EQ(test, (int)bed.team->reason, (int)VFTEAM_REASON_PRIMARY);
	KUNIT_EXPECT_EQ(test, vfteam_team_switches(bed.team), switches + 2);

	/* it fails again right after the return: a hold */
	set_carrier_rtnl(pdev, false);
	KUNIT_EXPECT_EQ(test, (int)bed.team->reason,
			(int)VFTEAM_REASON_PRIMARY_NO_CARRIER);
	set_carrier_rtnl(pdev, true);
	KUNIT_EXPECT_EQ(test, (int)bed.team->reason,
			(int)VFTEAM_REASON_PRIMARY_FLAPPING);
	KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(bed.standby),
			    rtnl_dereference(bed.team->active));
	hold = bed.team->flap_hold_ms;
	KUNIT_EXPECT_GT(test, hold, 0U);
	KUNIT_EXPECT_EQ(test, vfteam_team_switches(bed.team), switches + 3);
	rtnl_unlock();

	/* the hold's end brings it back by itself */
	KUNIT_EXPECT_TRUE(test, fake_wait_for(on_port(&bed, pdev)));

	/* and the next failure soon after doubles it */
	rtnl_lock();
	set_carrier_rtnl(pdev, false);
	set_carrier_rtnl(pdev, true);
	KUNIT_EXPECT_EQ(test, (int)bed.team->reason,
			(int)VFTEAM_REASON_PRIMARY_FLAPPING);
	KUNIT_EXPECT_EQ(test, bed.team->flap_hold_ms, 2 * hold);
	/* a link lost during the hold starts it over: still held */
	set_carrier_rtnl(pdev, false);
	set_carrier_rtnl(pdev, true);
	KUNIT_EXPECT_EQ(test, (int)bed.team->reason,
			(int)VFTEAM_REASON_PRIMARY_FLAPPING);
	KUNIT_EXPECT_EQ(test, vfteam_team_switches(bed.team), switches + 5);
	unregister_netdevice(pdev);
	rtnl_unlock();
	fake_bed_down(&bed);
}

/*
 * A team going away with a hold pending does not wait for it: the hold's
 * work holds a reference on the team, which unregister would wait out.
 */
static void vfteam_select_teardown_in_hold(struct kunit *test)
{
	struct fake_bed bed = { };
	struct net_device *pdev;
	unsigned long t0;

	pdev = netdev_primary_up(test, &bed);
	if (!pdev) {
		fake_bed_down(&bed);
		return;
	}
	rtnl_lock();
	set_carrier_rtnl(pdev, false);
	set_carrier_rtnl(pdev, true);
	/* as after many flaps: the longest hold */
	bed.team->flap_hold_ms = 4000;
	set_carrier_rtnl(pdev, false);
	set_carrier_rtnl(pdev, true);
	KUNIT_EXPECT_EQ(test, (int)bed.team->reason,
			(int)VFTEAM_REASON_PRIMARY_FLAPPING);
	KUNIT_EXPECT_GE(test, bed.team->flap_hold_ms, 4000U);
	rtnl_unlock();

	t0 = jiffies;
	fake_bed_down(&bed);
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - t0), 1000U);
	rtnl_lock();
	unregister_netdevice(pdev);
	rtnl_unlock();
}

/* ---- the own-frame filter ---- */

static atomic_t team_rx;

static int team_rx_count(struct sk_buff *skb, struct net_device *dev,
			 struct packet_type *pt, struct net_device *orig)
{
	atomic_inc(&team_rx);
	kfree_skb(skb);
	return 0;
}

/*
 * A bridge on the team sends its guests' frames with their MACs; the
 * flood of one comes back through the port that is not active.  It must
 * not go up (the bridge would move the guest's FDB entry to the team's
 * side); the same frame on the active port, or a frame from another
 * source, must.
 */
static void vfteam_txrx_bridged_source_looped(struct kunit *test)
{
	struct packet_type pt = { .type = htons(FAKE_PROTO),
				  .func = team_rx_count };
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	u8 guest[ETH_ALEN], peer[ETH_ALEN];

	fake_bed_up(test, &bed, true);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);
	atomic_set(&team_rx, 0);
	pt.dev = bed.team->dev;
	dev_add_pack(&pt);

	eth_random_addr(guest);
	eth_random_addr(peer);
	fake_receive(test, bed.standby, guest);
	KUNIT_EXPECT_EQ(test, atomic_read(&team_rx), 1);

	/* the guest behind the bridge sends through the team */
	fake_send_from(test, bed.team->dev, guest);
	fake_receive(test, bed.standby, guest);
	KUNIT_EXPECT_EQ(test, atomic_read(&team_rx), 1);
	fake_receive(test, bed.standby, bed.team->dev->dev_addr);
	KUNIT_EXPECT_EQ(test, atomic_read(&team_rx), 1);
	fake_receive(test, bed.standby, peer);
	KUNIT_EXPECT_EQ(test, atomic_read(&team_rx), 2);

	/* on the standby (migration prepare), its copy is the one to take */
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vfteam_migration_prepare_rtnl(bed.team), 0);
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, on_port(&bed, bed.standby));
	fake_receive(test, bed.standby, guest);
	KUNIT_EXPECT_EQ(test, atomic_read(&team_rx), 3);

	dev_remove_pack(&pt);
	fake_port_bed_down(pp, &bed);
}

/* ---- a plugin port's Rx filter ---- */

/*
 * ABI v1 lets a plugin take the team's MAC only: a macvlan's address on
 * the team, or the team promiscuous (a bridge on it), moves the team to
 * the standby (primary-rx-filter) until they are gone.
 */
/* a unicast address on the team, as a macvlan adds it (under RTNL) */
static int vfteam_test_uc_add(struct net_device *dev, const u8 *addr)
{
	int err;

	rtnl_lock();
	err = dev_uc_add(dev, addr);
	rtnl_unlock();
	return err;
}

static void vfteam_plugin_port_rx_filter(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	u8 extra[ETH_ALEN];
	int err;

	fake_bed_up(test, &bed, true);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);

	/* as a macvlan does: under RTNL (the standby's promiscuity needs it) */
	eth_random_addr(extra);
	KUNIT_EXPECT_EQ(test, vfteam_test_uc_add(bed.team->dev, extra), 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) != pp->port));
	KUNIT_EXPECT_EQ(test, (int)READ_ONCE(bed.team->reason),
			(int)VFTEAM_REASON_PRIMARY_RX_FILTER);
	/* the standby, a netdev port, got the address */
	KUNIT_EXPECT_FALSE(test, netdev_uc_empty(bed.standby));
	rtnl_lock();
	dev_uc_del(bed.team->dev, extra);
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	rtnl_lock();
	err = dev_set_promiscuity(bed.team->dev, 1);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) != pp->port));
	rtnl_lock();
	dev_set_promiscuity(bed.team->dev, -1);
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	fake_port_bed_down(pp, &bed);
}

/*
 * A plugin with the Rx filter op: the team's extra unicast address and
 * promiscuity go to the op and the port keeps the traffic; an op that
 * cannot take them (-ENOSPC) puts the team on the standby, and the op
 * gets the filter again after a restart (the device came up blank)
 */
static void vfteam_plugin_port_rx_filter_op(struct kunit *test)
{
	static struct vfteam_plugin_ops ops;
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	u8 extra[ETH_ALEN];
	int calls, err;

	fake_bed_up(test, &bed, true);
	ops = fake_ops;
	ops.set_rx_filter = fake_set_rx_filter;
	pp = fake_create_ops(test, &ops, 0);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	/* at the start: the team's lists, nothing extra */
	KUNIT_EXPECT_GE(test, atomic_read(&fake.rxf_calls), 1);
	KUNIT_EXPECT_EQ(test, fake.rxf_uc, 0U);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);

	eth_random_addr(extra);
	calls = atomic_read(&fake.rxf_calls);
	rtnl_lock();
	err = dev_uc_add(bed.team->dev, extra);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(atomic_read(&fake.rxf_calls) > calls));
	KUNIT_EXPECT_EQ(test, fake.rxf_uc, 1U);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(fake.rxf_uc0, extra));
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);
	KUNIT_EXPECT_EQ(test, (int)READ_ONCE(bed.team->reason),
			(int)VFTEAM_REASON_PRIMARY);

	rtnl_lock();
	err = dev_set_promiscuity(bed.team->dev, 1);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake.rxf_flags & VFTEAM_RX_PROMISC));
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);
	rtnl_lock();
	dev_set_promiscuity(bed.team->dev, -1);
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, fake_wait_for(!(fake.rxf_flags & VFTEAM_RX_PROMISC)));

	/* the device's table is full: the standby takes the team */
	fake.rxf_err = -ENOSPC;
	eth_random_addr(extra);
	KUNIT_EXPECT_EQ(test, vfteam_test_uc_add(bed.team->dev, extra), 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) != pp->port));
	KUNIT_EXPECT_EQ(test, (int)READ_ONCE(bed.team->reason),
			(int)VFTEAM_REASON_PRIMARY_RX_FILTER);

	/* room again, and a restart: the op has the lists, the port the team */
	fake.rxf_err = 0;
	calls = atomic_read(&fake.rxf_calls);
	KUNIT_EXPECT_EQ(test, fake_quiesce_port(pp), 0);
	KUNIT_EXPECT_EQ(test, fake_resume_port(pp), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&fake.rxf_calls), calls);
	KUNIT_EXPECT_EQ(test, fake.rxf_uc, 2U);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	fake_port_bed_down(pp, &bed);
}

static struct kunit_case vfteam_select_cases[] = {
	KUNIT_CASE(vfteam_select_flap_hold),
	KUNIT_CASE(vfteam_select_teardown_in_hold),
	KUNIT_CASE(vfteam_txrx_bridged_source_looped),
	KUNIT_CASE(vfteam_plugin_port_rx_filter),
	KUNIT_CASE(vfteam_plugin_port_rx_filter_op),
	{}
};

static struct kunit_suite vfteam_select_suite = {
	.name = "vfteam_select",
	.suite_init = fake_suite_init,
	.suite_exit = fake_suite_exit,
	.init = fake_test_init,
	.test_cases = vfteam_select_cases,
};

kunit_test_suite(vfteam_select_suite);
