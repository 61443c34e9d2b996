// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: netdev ports, and what is common to both kinds (suite vfteam_netdev_port).
 *
 * A port's announcement is the team's; a netdev port losing its carrier
 * before linkwatch tells the team, or getting it before linkwatch gave it
 * a qdisc; counters that a lower driver resets.
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
#include <net/sch_generic.h>

#include <vfteam/plugin.h>

#include "../team-driver/netdev_port.h"
#include "../team-driver/pair.h"
#include "../team-driver/policy.h"
#include "../team-driver/plugin_host.h"
#include "../team-driver/plugin_port.h"
#include "../team-driver/port.h"
#include "../team-driver/team.h"
#include "fake_plugin.h"

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
	fake_port_bed_down(pp, &bed);
}

/* ---- the active port's carrier, before linkwatch tells the team ---- */

/*
 * a team with its standby, auto-join off, and a lower device that is down
 * and not yet a port; NULL (the bed taken down) if it could not be made
 */
static struct net_device *carrier_bed_up(struct kunit *test,
					 struct fake_bed *bed)
{
	struct net_device *pdev;

	fake_bed_up(test, bed, true);
	rtnl_lock();
	bed->team->auto_join = false;
	rtnl_unlock();
	pdev = fake_lower_register(test, false, 0);
	if (!pdev) {
		fake_bed_down(bed);
		return NULL;
	}
	vfteam_pair_flush();
	return pdev;
}

/*
 * The primary (a netdev port) loses its carrier: until the port notifier
 * hears of it, which RTNL held here delays like linkwatch's batching does,
 * frames go out through the standby, and come back once the carrier does.
 */
static void vfteam_netdev_carrier_tx(struct kunit *test)
{
	struct fake_bed bed = { };
	struct net_device *pdev;
	int err;

	pdev = carrier_bed_up(test, &bed);
	if (!pdev)
		return;

	rtnl_lock();
	err = vfteam_netdev_port_add_role_rtnl(bed.team, pdev, VFTEAM_ROLE_PRIMARY,
					       NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err) {
		KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(pdev),
				    rtnl_dereference(bed.team->active));
		fake_send(test, bed.team->dev);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.lower_seen), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 0);

		netif_carrier_off(pdev);
		fake_send(test, bed.team->dev);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.lower_seen), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 1);
		/* the team did not switch: nothing told it yet */
		KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(pdev),
				    rtnl_dereference(bed.team->active));

		netif_carrier_on(pdev);
		fake_send(test, bed.team->dev);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.lower_seen), 2);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 1);
	}
	unregister_netdevice(pdev);
	rtnl_unlock();
	fake_bed_down(&bed);
}

/*
 * A port opened without link whose carrier comes on while the team holds
 * RTNL (a hot-plugged e1000e's does during its own enslave) has no qdisc
 * until linkwatch, which needs RTNL, attaches one: selected before that,
 * it would drop into noop_qdisc what the team sends.  The team stays on
 * the standby and takes the primary at linkwatch's NETDEV_CHANGE.
 */
static void vfteam_netdev_carrier_before_linkwatch(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_port *primary = NULL;
	struct net_device *pdev;
	int err, i;

	pdev = carrier_bed_up(test, &bed);
	if (!pdev)
		return;

	rtnl_lock();
	netif_carrier_off(pdev);
	err = vfteam_netdev_port_add_role_rtnl(bed.team, pdev, VFTEAM_ROLE_PRIMARY,
					       NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err) {
		primary = vfteam_netdev_port_of_rtnl(pdev);
		KUNIT_EXPECT_TRUE(test, qdisc_tx_is_noop(pdev));
		netif_carrier_on(pdev);
		/* any port event selects again: the standby's, here */
		netdev_state_change(bed.standby);
		KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(bed.standby),
				    rtnl_dereference(bed.team->active));
		fake_send(test, bed.team->dev);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.lower_seen), 0);
	}
	rtnl_unlock();

	if (!err) {
		/* linkwatch batches a first carrier-on: up to a second */
		for (i = 0; i < 150 && fake_active(&bed) != primary; i++)
			msleep(20);
		KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), primary);
		fake_send(test, bed.team->dev);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.lower_seen), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&fake.standby_seen), 1);
	}
	rtnl_lock();
	unregister_netdevice(pdev);
	rtnl_unlock();
	fake_bed_down(&bed);
}

/* ---- auto-join takes only what nobody configured ---- */

struct vfteam_join_case {
	const char *name;
	bool up;		/* configured before the team could take it */
	bool auto_join;		/* the team's setting */
	bool joined;		/* what must happen */
};

static const struct vfteam_join_case vfteam_join_cases[] = {
	{ "down, auto_join on: joins", false, true, true },
	{ "up, auto_join on: left alone", true, true, false },
	{ "down, auto_join off: left alone", false, false, false },
};

static void vfteam_join_desc(const struct vfteam_join_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vfteam_join, vfteam_join_cases, vfteam_join_desc);

/*
 * A device with the team's MAC joins by itself only if nobody configured
 * it and the team allows it; else it is left alone, with one log line.
 */
static void vfteam_netdev_auto_join(struct kunit *test)
{
	const struct vfteam_join_case *c = test->param_value;
	struct fake_bed bed = { };
	struct net_device *pdev;
	struct vfteam_port *port;

	fake_bed_up(test, &bed, false);
	rtnl_lock();
	bed.team->auto_join = c->auto_join;
	rtnl_unlock();

	pdev = fake_lower_register(test, c->up, 0);
	if (pdev) {
		vfteam_pair_flush();
		rtnl_lock();
		port = vfteam_netdev_port_of_rtnl(pdev);
		KUNIT_EXPECT_EQ(test, !!port, c->joined);
		if (port)
			KUNIT_EXPECT_PTR_EQ(test, port->team, bed.team);
		/* a device taken while up would have been left as it was */
		KUNIT_EXPECT_EQ(test, !!netdev_master_upper_dev_get(pdev),
				c->joined);
		unregister_netdevice(pdev);
		rtnl_unlock();
	}
	fake_bed_down(&bed);
}

/* ---- a port's MAC is the team's ---- */

/*
 * A user's MAC change on a port is vetoed (PRE_CHANGEADDR); a change the
 * notifier hears of only afterwards (a VF given another MAC by its PF)
 * moves the team off the port until it has the team's MAC again.
 */
static void vfteam_netdev_port_mac_changed(struct kunit *test)
{
	struct fake_bed bed = { };
	struct vfteam_port *port;
	struct net_device *pdev;
	struct sockaddr sa;
	u8 other[ETH_ALEN];
	int err;

	fake_bed_up(test, &bed, true);
	/* enslaved by the test, not by auto-join */
	rtnl_lock();
	bed.team->auto_join = false;
	rtnl_unlock();
	pdev = fake_lower_register(test, false, 0);
	if (!pdev) {
		fake_bed_down(&bed);
		return;
	}
	vfteam_pair_flush();
	rtnl_lock();
	err = vfteam_netdev_port_add_role_rtnl(bed.team, pdev,
					       VFTEAM_ROLE_PRIMARY, NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(pdev),
			    rtnl_dereference(bed.team->active));

	eth_random_addr(other);
	sa.sa_family = pdev->type;
	memcpy(sa.sa_data, other, ETH_ALEN);
	err = dev_set_mac_address(pdev, &sa, NULL);
	KUNIT_EXPECT_EQ(test, err, -EBUSY);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(pdev->dev_addr, fake.mac));

	/* the driver changes it by itself: only CHANGEADDR is sent */
	eth_hw_addr_set(pdev, other);
	call_netdevice_notifiers(NETDEV_CHANGEADDR, pdev);
	KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(bed.standby),
			    rtnl_dereference(bed.team->active));
	KUNIT_EXPECT_EQ(test, (int)bed.team->reason,
			(int)VFTEAM_REASON_PRIMARY_MAC_CHANGED);

	eth_hw_addr_set(pdev, fake.mac);
	call_netdevice_notifiers(NETDEV_CHANGEADDR, pdev);
	KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(pdev),
			    rtnl_dereference(bed.team->active));

	/* the team's own change reaches both ports and stays on the primary */
	eth_random_addr(other);
	memcpy(sa.sa_data, other, ETH_ALEN);
	err = dev_set_mac_address(bed.team->dev, &sa, NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(pdev->dev_addr, other));
	KUNIT_EXPECT_PTR_EQ(test, vfteam_netdev_port_of_rtnl(pdev),
			    rtnl_dereference(bed.team->active));

	/* released, it gets its own MAC back, not the team's of the moment */
	port = vfteam_netdev_port_of_rtnl(pdev);
	if (port)
		port->ops->release(port);
	KUNIT_EXPECT_NULL(test, vfteam_netdev_port_of_rtnl(pdev));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(pdev->dev_addr, fake.mac));
	unregister_netdevice(pdev);
	rtnl_unlock();
	fake_bed_down(&bed);
}

/*
 * a port joining a team without LRO (a bridge on top) loses its LRO: the
 * team's feature update syncs it down (NETIF_F_UPPER_DISABLES)
 */
static void vfteam_netdev_port_lro(struct kunit *test)
{
	struct fake_bed bed = { };
	struct net_device *pdev;
	int err;

	fake_bed_up(test, &bed, true);
	rtnl_lock();
	bed.team->auto_join = false;
	dev_disable_lro(bed.team->dev);
	KUNIT_EXPECT_FALSE(test, bed.team->dev->features & NETIF_F_LRO);
	rtnl_unlock();

	pdev = fake_lower_register(test, false, NETIF_F_LRO);
	if (!pdev) {
		fake_bed_down(&bed);
		return;
	}
	vfteam_pair_flush();
	rtnl_lock();
	/* on right before it joins, whatever turned it off since it registered */
	pdev->wanted_features |= NETIF_F_LRO;
	netdev_update_features(pdev);
	KUNIT_EXPECT_TRUE(test, pdev->features & NETIF_F_LRO);
	err = vfteam_netdev_port_add_role_rtnl(bed.team, pdev,
					       VFTEAM_ROLE_PRIMARY, NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_FALSE(test, pdev->features & NETIF_F_LRO);
	unregister_netdevice(pdev);
	rtnl_unlock();
	fake_bed_down(&bed);
}

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

static struct kunit_case vfteam_netdev_port_cases[] = {
	KUNIT_CASE(vfteam_plugin_port_announce),
	KUNIT_CASE(vfteam_netdev_carrier_tx),
	KUNIT_CASE(vfteam_netdev_carrier_before_linkwatch),
	KUNIT_CASE(vfteam_port_stats_reset),
	KUNIT_CASE_PARAM(vfteam_netdev_auto_join, vfteam_join_gen_params),
	KUNIT_CASE(vfteam_netdev_port_mac_changed),
	KUNIT_CASE(vfteam_netdev_port_lro),
	{}
};

static struct kunit_suite vfteam_netdev_port_suite = {
	.name = "vfteam_netdev_port",
	.suite_init = fake_suite_init,
	.suite_exit = fake_suite_exit,
	.init = fake_test_init,
	.test_cases = vfteam_netdev_port_cases,
};

kunit_test_suite(vfteam_netdev_port_suite);
