// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the optional plugin ops of ABI v2 around NAPI and the MTU (suite
 * vfteam_plugin_ops).
 *
 * irq_enable is called only once NAPI completed, so the device never
 * interrupts for a poll that is still scheduled, and not at all while
 * napi_defer_hard_irqs has the timer poll again.  change_mtu is called
 * with the port stopped and the team on its standby; the port restarts
 * from scratch with the new MTU, or, when the op refuses, resumes from
 * its checkpoint with the team's MTU unchanged.  The team's ethtool -S
 * and -C reach the plugin's hardware counters and moderation op, and
 * its link settings show the plugin's link speed.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/ethtool.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/string.h>

#include <vfteam/plugin.h>

#include "../team-driver/main.h"
#include "../team-driver/plugin_host.h"
#include "../team-driver/plugin_port.h"
#include "../team-driver/port.h"
#include "../team-driver/team.h"
#include "fake_plugin.h"

/* after @n more irq_enable calls, none for a while */
static bool enables_settle_at(unsigned int n)
{
	if (!fake_wait_for(fake_count(OP_IRQ_ENABLE) >= n))
		return false;
	msleep(50);
	return fake_count(OP_IRQ_ENABLE) == n;
}

static void vfteam_plugin_irq_enable_after_napi(struct kunit *test)
{
	static struct vfteam_plugin_ops ops;
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	struct net_device *dev;
	unsigned int polls, enables;

	fake_bed_up(test, &bed, false);
	dev = bed.team->dev;
	ops = fake_ops;
	ops.irq_enable = fake_irq_enable;
	pp = fake_create_ops(test, &ops, 0);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	/* the poll the start schedules ends in one irq_enable */
	KUNIT_EXPECT_TRUE(test, enables_settle_at(1));

	/* a poll under budget: unmasked once, after NAPI completed */
	polls = fake_count(OP_POLL);
	fake.rx_frames = 3;
	fake_irq_raise(pp, VFTEAM_IRQ_POLL);
	KUNIT_EXPECT_TRUE(test, enables_settle_at(2));
	KUNIT_EXPECT_EQ(test, fake_count(OP_POLL), polls + 1);

	/* a full budget leaves the device masked; the repoll unmasks it */
	polls = fake_count(OP_POLL);
	fake.rx_frames = NAPI_POLL_WEIGHT + 5;
	fake_irq_raise(pp, VFTEAM_IRQ_POLL);
	KUNIT_EXPECT_TRUE(test, enables_settle_at(3));
	KUNIT_EXPECT_EQ(test, fake_count(OP_POLL), polls + 2);
	KUNIT_EXPECT_EQ(test, READ_ONCE(fake.rx_frames), 0);

	/*
	 * napi_defer_hard_irqs: the poll that received stays masked, the
	 * timer's poll (nothing received) unmasks
	 */
	WRITE_ONCE(dev->gro_flush_timeout, 2 * NSEC_PER_MSEC);
	WRITE_ONCE(dev->napi_defer_hard_irqs, 1);
	polls = fake_count(OP_POLL);
	enables = fake_count(OP_IRQ_ENABLE);
	fake.rx_frames = 3;
	fake_irq_raise(pp, VFTEAM_IRQ_POLL);
	KUNIT_EXPECT_TRUE(test, enables_settle_at(enables + 1));
	KUNIT_EXPECT_EQ(test, fake_count(OP_POLL), polls + 2);
	WRITE_ONCE(dev->napi_defer_hard_irqs, 0);
	WRITE_ONCE(dev->gro_flush_timeout, 0);

	KUNIT_EXPECT_EQ(test, atomic_read(&fake.enable_in_napi), 0);
	fake_port_bed_down(pp, &bed);
}

static int set_team_mtu(struct fake_bed *bed, int mtu)
{
	int err;

	rtnl_lock();
	err = dev_set_mtu(bed->team->dev, mtu);
	rtnl_unlock();
	return err;
}

static void vfteam_plugin_change_mtu(struct kunit *test)
{
	static const enum fake_op order[] = {
		OP_QUIESCE, OP_CHANGE_MTU, OP_RESTART_NEW,
	};
	enum fake_op log[FAKE_LOG_MAX];
	static struct vfteam_plugin_ops ops;
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	unsigned int n, i;

	fake_bed_up(test, &bed, true);
	ops = fake_ops;
	ops.change_mtu = fake_change_mtu;
	pp = fake_create_ops(test, &ops, 9000);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_EXPECT_EQ(test, fake.mtu_restart, (unsigned int)ETH_DATA_LEN);
	fake.n = 0;

	/* taken: stopped, told, restarted from scratch with it */
	KUNIT_EXPECT_EQ(test, set_team_mtu(&bed, 9000), 0);
	KUNIT_EXPECT_EQ(test, fake.mtu_op, 9000U);
	KUNIT_EXPECT_TRUE(test, fake.ran_stopped[OP_CHANGE_MTU]);
	KUNIT_EXPECT_EQ(test, fake.mtu_restart, 9000U);
	n = fake_control_log(log, ARRAY_SIZE(log));
	KUNIT_ASSERT_EQ(test, n, (unsigned int)ARRAY_SIZE(order));
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, log[i], order[i]);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));
	KUNIT_EXPECT_EQ(test, bed.team->dev->mtu, 9000U);
	KUNIT_EXPECT_EQ(test, bed.standby->mtu, 9000U);

	/* past max_mtu: refused before the port is touched */
	KUNIT_EXPECT_EQ(test, set_team_mtu(&bed, 9001), -EINVAL);
	KUNIT_EXPECT_EQ(test, fake_count(OP_CHANGE_MTU), 1U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 1U);

	/* the same MTU again: nothing to do */
	KUNIT_EXPECT_EQ(test, set_team_mtu(&bed, 9000), 0);
	KUNIT_EXPECT_EQ(test, fake_count(OP_CHANGE_MTU), 1U);

	/* refused by the op: the team keeps its MTU, the port resumes */
	fake.fail[OP_CHANGE_MTU] = -EOPNOTSUPP;
	KUNIT_EXPECT_EQ(test, set_team_mtu(&bed, 1500), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, bed.team->dev->mtu, 9000U);
	KUNIT_EXPECT_EQ(test, bed.standby->mtu, 9000U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_CP), 1U);
	KUNIT_EXPECT_TRUE(test, fake.cp_seen_ok);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));
	fake.fail[OP_CHANGE_MTU] = 0;

	/* a restart that fails after the change: the team stays on the standby */
	fake.fail[OP_RESTART_NEW] = -EIO;
	KUNIT_EXPECT_EQ(test, set_team_mtu(&bed, 1500), 0);
	KUNIT_EXPECT_EQ(test, bed.team->dev->mtu, 1500U);
	KUNIT_EXPECT_PTR_NE(test, fake_active(&bed), pp->port);
	KUNIT_EXPECT_NOT_NULL(test, fake_active(&bed));
	rtnl_lock();
	KUNIT_EXPECT_TRUE(test, pp->hung);
	rtnl_unlock();

	fake_port_bed_down(pp, &bed);
}

/* without the op the port runs on: no stop for an MTU within max_mtu */
static void vfteam_plugin_mtu_without_op(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };

	fake_bed_up(test, &bed, true);
	pp = fake_create_ops(test, &fake_ops, 4000);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	KUNIT_EXPECT_EQ(test, set_team_mtu(&bed, 4000), 0);
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 0U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 1U);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);
	KUNIT_EXPECT_EQ(test, set_team_mtu(&bed, 4001), -EINVAL);
	KUNIT_EXPECT_EQ(test, bed.team->dev->mtu, 4000U);

	fake_port_bed_down(pp, &bed);
}

static int team_coalesce(struct net_device *dev, u32 usecs)
{
	struct ethtool_coalesce ec = { .rx_coalesce_usecs = usecs };
	struct kernel_ethtool_coalesce kec = { };
	int err;

	rtnl_lock();
	err = dev->ethtool_ops->set_coalesce(dev, &ec, &kec, NULL);
	rtnl_unlock();
	return err;
}

/* the team's own ethtool -S counters: 5, then two per reason */
#define TEAM_STATS	(5 + 2 * VFTEAM_REASON_NR)

/*
 * ethtool -S on the team: its counters, each role's, then the plugin's
 * hardware counters, asked while the port runs and the last answer kept
 * while it does not; ethtool -C to the plugin's moderation op, again
 * after each restart, and refused when the op refuses
 */
static void vfteam_plugin_ethtool(struct kunit *test)
{
	static struct vfteam_plugin_ops ops;
	const struct ethtool_ops *eo;
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	struct net_device *dev;
	u64 *val;
	u8 *names;
	int i, n;

	fake_bed_up(test, &bed, true);
	dev = bed.team->dev;
	eo = dev->ethtool_ops;
	ops = fake_ops;
	ops.get_hw_stats = fake_get_hw_stats;
	ops.hw_stat_names = fake_hw_names;
	ops.n_hw_stats = 2;
	ops.set_irq_moderation = fake_set_irq_moderation;
	pp = fake_create_ops(test, &ops, 0);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	rtnl_lock();
	n = eo->get_sset_count(dev, ETH_SS_STATS);
	rtnl_unlock();
	/*
	 * 5 of the team's, two per reason (switches, the current one), 13 of
	 * each role's, 2 of the device's
	 */
	KUNIT_ASSERT_EQ(test, n, TEAM_STATS + 2 * 13 + 2);
	names = kunit_kzalloc(test, n * ETH_GSTRING_LEN, GFP_KERNEL);
	val = kunit_kcalloc(test, n, sizeof(*val), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, names);
	KUNIT_ASSERT_NOT_NULL(test, val);
	fake.hw[0] = 11;
	fake.hw[1] = 22;
	rtnl_lock();
	eo->get_strings(dev, ETH_SS_STATS, names);
	eo->get_ethtool_stats(dev, NULL, val);
	rtnl_unlock();
	KUNIT_EXPECT_STREQ(test, (char *)names, "switches");
	/* the reasons' names with "_" for "-"; one flag set, the current */
	KUNIT_EXPECT_STREQ(test, (char *)names + (5 + VFTEAM_REASON_PRIMARY_NO_CARRIER) *
			   ETH_GSTRING_LEN, "switches_primary_no_carrier");
	KUNIT_EXPECT_STREQ(test, (char *)names + (5 + VFTEAM_REASON_NR) *
			   ETH_GSTRING_LEN, "reason_primary");
	/* every reason's two names whole: a cut one would read as another's */
	for (i = 0; i < VFTEAM_REASON_NR; i++) {
		char want[2 * ETH_GSTRING_LEN];

		snprintf(want, sizeof(want), "switches_%s",
			 vfteam_policy_reason_name(i));
		strreplace(want, '-', '_');
		KUNIT_EXPECT_STREQ(test, (char *)names + (5 + i) * ETH_GSTRING_LEN, want);
		snprintf(want, sizeof(want), "reason_%s",
			 vfteam_policy_reason_name(i));
		strreplace(want, '-', '_');
		KUNIT_EXPECT_STREQ(test, (char *)names +
				   (5 + VFTEAM_REASON_NR + i) * ETH_GSTRING_LEN, want);
	}
	KUNIT_EXPECT_EQ(test, val[5 + VFTEAM_REASON_PRIMARY], 1ULL);
	KUNIT_EXPECT_EQ(test, val[5 + VFTEAM_REASON_NR + VFTEAM_REASON_PRIMARY], 1ULL);
	KUNIT_EXPECT_EQ(test, val[5 + VFTEAM_REASON_NR + VFTEAM_REASON_NO_USABLE_PORT], 0ULL);
	KUNIT_EXPECT_STREQ(test, (char *)names + TEAM_STATS * ETH_GSTRING_LEN,
			   "primary_tx_packets");
	KUNIT_EXPECT_STREQ(test, (char *)names + (TEAM_STATS + 13) * ETH_GSTRING_LEN,
			   "standby_tx_packets");
	KUNIT_EXPECT_STREQ(test, (char *)names + (n - 1) * ETH_GSTRING_LEN,
			   "primary_hw_fake_b");
	KUNIT_EXPECT_EQ(test, val[n - 2], 11ULL);
	KUNIT_EXPECT_EQ(test, val[n - 1], 22ULL);

	/* stopped: the device is not asked, its last answer stays */
	KUNIT_ASSERT_EQ(test, fake_quiesce_port(pp), 0);
	fake.hw[1] = 99;
	rtnl_lock();
	eo->get_ethtool_stats(dev, NULL, val);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, val[n - 1], 22ULL);

	/* -C while stopped: kept, given to the device when it resumes */
	KUNIT_EXPECT_EQ(test, team_coalesce(dev, 100), 0);
	KUNIT_EXPECT_EQ(test, fake_count(OP_MODERATION), 0U);
	KUNIT_ASSERT_EQ(test, fake_resume_port(pp), 0);
	KUNIT_EXPECT_EQ(test, fake_count(OP_MODERATION), 1U);
	KUNIT_EXPECT_EQ(test, fake.usecs, 100U);

	/* refused by the device: an error, and the team's setting stays */
	fake.fail[OP_MODERATION] = -EINVAL;
	KUNIT_EXPECT_EQ(test, team_coalesce(dev, 70000), -EINVAL);
	KUNIT_EXPECT_EQ(test, bed.team->irq_usecs, 100U);
	fake.fail[OP_MODERATION] = 0;
	KUNIT_EXPECT_EQ(test, team_coalesce(dev, 50), 0);
	KUNIT_EXPECT_EQ(test, fake.usecs, 50U);

	fake_port_bed_down(pp, &bed);
}

/* a primary without the moderation op: -C refused, no hardware counters */
static void vfteam_plugin_ethtool_absent(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	int n;

	fake_bed_up(test, &bed, true);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	rtnl_lock();
	n = bed.team->dev->ethtool_ops->get_sset_count(bed.team->dev,
						       ETH_SS_STATS);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, n, TEAM_STATS + 2 * 13);
	KUNIT_EXPECT_EQ(test, team_coalesce(bed.team->dev, 100), -EOPNOTSUPP);
	KUNIT_EXPECT_FALSE(test, bed.team->irq_usecs_set);
	fake_port_bed_down(pp, &bed);
}

/*
 * hardware counters the core could not show, and interrupt kinds it does
 * not know, are refused at register
 */
static void vfteam_plugin_v2_fields_checked(struct kunit *test)
{
	static struct vfteam_plugin_ops ops;
	struct vfteam_plugin *plugin = fake_plugin(test);

	plugin->irq_kinds = VFTEAM_VEC_ALL + 1;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), -EINVAL);
	plugin->irq_kinds = VFTEAM_VEC_INTX;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), 0);

	ops = fake_ops;
	plugin->ops = &ops;
	ops.get_hw_stats = fake_get_hw_stats;
	ops.hw_stat_names = fake_hw_names;
	ops.n_hw_stats = VFTEAM_MAX_HW_STATS + 1;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), -EINVAL);
	ops.n_hw_stats = 2;
	ops.hw_stat_names = NULL;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), -EINVAL);
	ops.hw_stat_names = fake_hw_names;
	ops.get_hw_stats = NULL;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), -EINVAL);
	ops.get_hw_stats = fake_get_hw_stats;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), 0);
	/* a table that ends before them has none */
	ops.n_hw_stats = VFTEAM_MAX_HW_STATS + 1;
	ops.size = offsetof(struct vfteam_plugin_ops, get_hw_stats);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_host_validate(plugin), 0);
}

/* the team's link settings: the active port's speed and duplex */
static int team_link(struct net_device *dev, struct ethtool_link_ksettings *ks)
{
	int err;

	rtnl_lock();
	err = __ethtool_get_link_ksettings(dev, ks);
	rtnl_unlock();
	return err;
}

/*
 * ethtool on the team shows what the plugin said of its link while its
 * port carries the team; unknown on the standby (the fake one has no
 * ethtool), and again unknown after a stop until the plugin says
 */
static void vfteam_plugin_link_speed(struct kunit *test)
{
	struct ethtool_link_ksettings ks;
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };

	fake_bed_up(test, &bed, true);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_ASSERT_PTR_EQ(test, fake_active(&bed), pp->port);
	KUNIT_ASSERT_EQ(test, team_link(bed.team->dev, &ks), 0);
	KUNIT_EXPECT_EQ(test, ks.base.speed, (u32)SPEED_UNKNOWN);

	vfteam_plugin_port_link_speed(pp, SPEED_1000, DUPLEX_FULL);
	KUNIT_ASSERT_EQ(test, team_link(bed.team->dev, &ks), 0);
	KUNIT_EXPECT_EQ(test, ks.base.speed, (u32)SPEED_1000);
	KUNIT_EXPECT_EQ(test, ks.base.duplex, DUPLEX_FULL);

	KUNIT_EXPECT_EQ(test, fake_quiesce_port(pp), 0);
	KUNIT_ASSERT_EQ(test, team_link(bed.team->dev, &ks), 0);
	KUNIT_EXPECT_EQ(test, ks.base.speed, (u32)SPEED_UNKNOWN);
	KUNIT_EXPECT_EQ(test, ks.base.duplex, DUPLEX_UNKNOWN);
	KUNIT_EXPECT_EQ(test, fake_resume_port(pp), 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));
	KUNIT_ASSERT_EQ(test, team_link(bed.team->dev, &ks), 0);
	KUNIT_EXPECT_EQ(test, ks.base.speed, (u32)SPEED_UNKNOWN);

	fake_port_bed_down(pp, &bed);
}

static void team_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info)
{
	memset(info, 0, sizeof(*info));
	rtnl_lock();
	dev->ethtool_ops->get_drvinfo(dev, info);
	rtnl_unlock();
}

/*
 * ethtool -i on the team: vfteam's version, and the port that carries the
 * traffic, "none" without one: the plugin port (its name, its PCI
 * device), the standby while the plugin port is stopped (its interface,
 * then its driver: "?" for the fake one, which has no ethtool)
 */
static void vfteam_plugin_drvinfo(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct ethtool_drvinfo info;
	struct fake_bed bed = { };
	char sb[ETHTOOL_FWVERS_LEN];

	fake_bed_up(test, &bed, false);
	team_drvinfo(bed.team->dev, &info);
	KUNIT_EXPECT_STREQ(test, info.driver, "vfteam");
	KUNIT_EXPECT_STREQ(test, info.version, VFTEAM_VERSION);
	KUNIT_EXPECT_STREQ(test, info.fw_version, "none");
	KUNIT_EXPECT_STREQ(test, info.bus_info, "");
	fake_bed_down(&bed);

	fake_bed_up(test, &bed, true);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_ASSERT_PTR_EQ(test, fake_active(&bed), pp->port);
	team_drvinfo(bed.team->dev, &info);
	KUNIT_EXPECT_STREQ(test, info.fw_version, pp->name);
	KUNIT_EXPECT_STREQ(test, info.bus_info, dev_name(pp->dev));

	KUNIT_ASSERT_EQ(test, fake_quiesce_port(pp), 0);
	team_drvinfo(bed.team->dev, &info);
	snprintf(sb, sizeof(sb), "%s ?", bed.standby->name);
	KUNIT_EXPECT_STREQ(test, info.fw_version, sb);
	KUNIT_EXPECT_STREQ(test, info.bus_info, "");
	KUNIT_EXPECT_EQ(test, fake_resume_port(pp), 0);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));
	team_drvinfo(bed.team->dev, &info);
	KUNIT_EXPECT_STREQ(test, info.fw_version, pp->name);

	fake_port_bed_down(pp, &bed);
}

static struct kunit_case vfteam_plugin_ops_cases[] = {
	KUNIT_CASE(vfteam_plugin_irq_enable_after_napi),
	KUNIT_CASE(vfteam_plugin_change_mtu),
	KUNIT_CASE(vfteam_plugin_mtu_without_op),
	KUNIT_CASE(vfteam_plugin_ethtool),
	KUNIT_CASE(vfteam_plugin_ethtool_absent),
	KUNIT_CASE(vfteam_plugin_v2_fields_checked),
	KUNIT_CASE(vfteam_plugin_link_speed),
	KUNIT_CASE(vfteam_plugin_drvinfo),
	{}
};

static struct kunit_suite vfteam_plugin_ops_suite = {
	.name = "vfteam_plugin_ops",
	.suite_init = fake_suite_init,
	.suite_exit = fake_suite_exit,
	.init = fake_test_init,
	.test_cases = vfteam_plugin_ops_cases,
};

kunit_test_suite(vfteam_plugin_ops_suite);
