// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a plugin port's device stops working (suite vfteam_plugin_health).
 *
 * A transmit that no longer completes is a hang, and a device its plugin
 * reports broken is one: the team moves to the standby and the device is
 * reset (the plugin's reset op) and restarted from scratch; a port that
 * completes, or only declines, is left alone.  A reset under the port (FLR, PCI error,
 * suspend) stops it first and restarts it from scratch after, and nothing
 * restarts it in between.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include <vfteam/plugin.h>

#include "../team-driver/migration.h"
#include "../team-driver/plugin_health.h"
#include "../team-driver/plugin_port.h"
#include "../team-driver/port.h"
#include "../team-driver/team.h"
#include "fake_plugin.h"

#define WATCH_MS	100

/* send for @ms, polling after each frame if @complete */
static void send_for(struct kunit *test, struct fake_bed *bed,
		     struct vfteam_plugin_port *pp, unsigned int ms,
		     bool complete)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	while (time_before(jiffies, end)) {
		fake_send(test, bed->team->dev);
		if (complete)
			fake_irq_raise(pp, VFTEAM_IRQ_POLL);
		msleep(WATCH_MS / 4);
	}
}

static struct vfteam_plugin_ops reset_ops;

/* a port of a plugin with the reset op */
static struct vfteam_plugin_port *create_with_reset(struct kunit *test)
{
	reset_ops = fake_ops;
	reset_ops.reset = fake_reset;
	return fake_create_ops(test, &reset_ops, 0);
}

/*
 * a device that takes frames and completes none is reset (the reset op,
 * for a transmit stall) and restarted from scratch
 */
static void vfteam_plugin_health_tx_stall(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };

	fake_bed_up(test, &bed, true);
	pp = create_with_reset(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 1U);

	/* the watchdog notices the new period within a second: send past it */
	WRITE_ONCE(vfteam_plugin_tx_watch_ms, WATCH_MS);
	send_for(test, &bed, pp, 1000 + 6 * WATCH_MS, false);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_RESTART_NEW) >= 2));
	WRITE_ONCE(vfteam_plugin_tx_watch_ms, 0);
	KUNIT_EXPECT_GE(test, fake_count(OP_QUIESCE), 1U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_CP), 0U);
	KUNIT_EXPECT_GE(test, fake_count(OP_RESET), 1U);
	KUNIT_EXPECT_EQ(test, fake.reset_why, VFTEAM_RESET_TX_STALL);
	KUNIT_EXPECT_TRUE(test, fake.ran_stopped[OP_RESET]);
	/* restarted, it carries the team again */
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	fake_port_bed_down(pp, &bed);
}

/* poll now and then for @ms, completing all the port holds */
static void complete_for(struct vfteam_plugin_port *pp, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	WRITE_ONCE(fake.complete_all, true);
	while (time_before(jiffies, end)) {
		fake_irq_raise(pp, VFTEAM_IRQ_POLL);
		msleep(WATCH_MS / 4);
	}
}

/*
 * Frames taken and never completed are a hang even once nothing new
 * comes (their senders wait for them: a socket buffer full of them, TCP
 * backing off), but not while the port's link is down, when a ring may
 * hold frames until it is back.  A port that completes what it is given
 * (the stack's own frames too, as a real device does) is not.
 */
static void vfteam_plugin_health_tx_stall_silent(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	int i;

	fake_bed_up(test, &bed, true);
	pp = create_with_reset(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	/* the watchdog notices the new period within a second */
	WRITE_ONCE(vfteam_plugin_tx_watch_ms, WATCH_MS);
	complete_for(pp, 1000 + 2 * WATCH_MS);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESET), 0U);

	/* three frames out, then link down and silence: no hang */
	WRITE_ONCE(fake.complete_all, false);
	for (i = 0; i < 3; i++)
		fake_send(test, bed.team->dev);
	vfteam_plugin_port_link_set(pp, false);
	msleep(6 * WATCH_MS);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESET), 0U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 1U);

	/* link back, the three frames still out: a hang */
	vfteam_plugin_port_link_set(pp, true);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_RESTART_NEW) >= 2));
	KUNIT_EXPECT_EQ(test, fake.reset_why, VFTEAM_RESET_TX_STALL);
	/* restarted, completing what it gets: no second reset */
	complete_for(pp, 6 * WATCH_MS);
	WRITE_ONCE(vfteam_plugin_tx_watch_ms, 0);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 2U);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	fake_port_bed_down(pp, &bed);
}

/*
 * The plugin reports its device broken, from its irq: the team moves to
 * the standby, the device is reset and restarted, at once (no watchdog
 * period); a reset that fails leaves the team on the standby and is
 * tried again until it works.
 */
static void vfteam_plugin_health_report_error(struct kunit *test)
{
	static const enum fake_op order[] = {
		OP_QUIESCE, OP_RESET, OP_RESTART_NEW,
	};
	enum fake_op log[FAKE_LOG_MAX];
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };
	unsigned int n, i;

	fake_bed_up(test, &bed, true);
	pp = create_with_reset(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);
	fake.n = 0;

	local_irq_disable();
	vfteam_plugin_port_report_error(pp);
	local_irq_enable();
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_RESTART_NEW) == 2));
	KUNIT_EXPECT_EQ(test, fake.reset_why, VFTEAM_RESET_REPORTED);
	KUNIT_EXPECT_TRUE(test, fake.ran_stopped[OP_RESET]);
	n = fake_control_log(log, ARRAY_SIZE(log));
	KUNIT_ASSERT_EQ(test, n, (unsigned int)ARRAY_SIZE(order));
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, log[i], order[i]);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	/* the reset fails: on the standby, tried again each period */
	fake.fail[OP_RESET] = -EIO;
	vfteam_plugin_port_report_error(pp);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_RESET) == 2));
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 2U);
	KUNIT_EXPECT_PTR_NE(test, fake_active(&bed), pp->port);
	KUNIT_EXPECT_NOT_NULL(test, fake_active(&bed));
	fake.fail[OP_RESET] = 0;
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_RESTART_NEW) == 3));
	KUNIT_EXPECT_GE(test, fake_count(OP_RESET), 3U);
	KUNIT_EXPECT_EQ(test, fake.reset_why, VFTEAM_RESET_REPORTED);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	fake_port_bed_down(pp, &bed);
}

/*
 * The PF reset a VF (vfteam_plugin_port_report_reset): the reset op is
 * told so; while it says not yet (-EAGAIN: the PF is still down) the team
 * stays on the standby and the reset is tried again each period, and
 * once it works the port is restarted and taken back.  A reason only the
 * core finds, reported by a plugin, is taken as a reported error.
 */
static void vfteam_plugin_health_report_pf(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };

	fake_bed_up(test, &bed, true);
	pp = create_with_reset(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	fake.fail[OP_RESET] = -EAGAIN;
	vfteam_plugin_port_report_reset(pp, VFTEAM_RESET_PF);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_RESET) >= 2));
	KUNIT_EXPECT_EQ(test, fake.reset_why, VFTEAM_RESET_PF);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 1U);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(pp->hung_waiting));
	KUNIT_EXPECT_PTR_NE(test, fake_active(&bed), pp->port);
	KUNIT_EXPECT_NOT_NULL(test, fake_active(&bed));
	fake.fail[OP_RESET] = 0;
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_RESTART_NEW) == 2));
	KUNIT_EXPECT_EQ(test, fake.reset_why, VFTEAM_RESET_PF);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(!READ_ONCE(pp->hung_waiting)));
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	vfteam_plugin_port_report_reset(pp, VFTEAM_RESET_TX_STALL);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_RESTART_NEW) == 3));
	KUNIT_EXPECT_EQ(test, fake.reset_why, VFTEAM_RESET_REPORTED);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	fake_port_bed_down(pp, &bed);
}

/* without the reset op a reported error restarts from scratch alone */
static void vfteam_plugin_health_report_no_op(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };

	fake_bed_up(test, &bed, true);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	vfteam_plugin_port_report_error(pp);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_count(OP_RESTART_NEW) == 2));
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 1U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESET), 0U);
	KUNIT_EXPECT_TRUE(test, fake_wait_for(fake_active(&bed) == pp->port));

	fake_port_bed_down(pp, &bed);
}

/*
 * what must not be taken for a hang: a device that completes what it
 * takes, and one that declines every frame (it cannot send them)
 */
static void vfteam_plugin_health_no_false_stall(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };

	fake_bed_up(test, &bed, true);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	/* a real device completes the stack's frames too */
	WRITE_ONCE(fake.complete_all, true);
	WRITE_ONCE(vfteam_plugin_tx_watch_ms, WATCH_MS);
	send_for(test, &bed, pp, 1000 + 6 * WATCH_MS, true);
	fake.decline = true;
	send_for(test, &bed, pp, 6 * WATCH_MS, true);
	WRITE_ONCE(vfteam_plugin_tx_watch_ms, 0);
	fake.decline = false;

	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 0U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 1U);
	KUNIT_EXPECT_GT(test, vfteam_plugin_port_tx_declined_count(pp), 0ULL);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);

	fake_port_bed_down(pp, &bed);
}

/*
 * A reset under the port: traffic to the standby and the device stopped
 * before it, nothing restarts it meanwhile (a migration abort tries), and
 * it starts from scratch after it (its checkpoint did not survive).
 */
static void vfteam_plugin_health_reset(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };

	fake_bed_up(test, &bed, true);
	pp = create_with_reset(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	vfteam_plugin_health_reset_prepare(pp, "test reset");
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 1U);
	KUNIT_EXPECT_PTR_NE(test, fake_active(&bed), pp->port);
	KUNIT_EXPECT_NOT_NULL(test, fake_active(&bed));

	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vfteam_plugin_port_resume_rtnl(pp), -EAGAIN);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_CP), 0U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 1U);

	KUNIT_EXPECT_EQ(test, fake_count(OP_RESET), 0U);

	vfteam_plugin_health_reset_done(pp, "test reset");
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESET), 1U);
	KUNIT_EXPECT_EQ(test, fake.reset_why, VFTEAM_RESET_FUNCTION);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 2U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_CP), 0U);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);

	fake_port_bed_down(pp, &bed);
}

/*
 * A reset of a port the migration released: not restarted after it (the
 * primary stays released); abort then starts it from scratch, not from a
 * checkpoint the reset made stale.
 */
static void vfteam_plugin_health_reset_released(struct kunit *test)
{
	struct vfteam_plugin_port *pp;
	struct fake_bed bed = { };

	fake_bed_up(test, &bed, true);
	pp = fake_create(test);
	KUNIT_ASSERT_EQ(test, fake_join(pp, &bed), 0);

	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vfteam_migration_prepare_rtnl(bed.team), 0);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 1U);

	vfteam_plugin_health_reset_prepare(pp, "test reset");
	vfteam_plugin_health_reset_done(pp, "test reset");
	KUNIT_EXPECT_EQ(test, fake_count(OP_QUIESCE), 1U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 1U);
	KUNIT_EXPECT_PTR_NE(test, fake_active(&bed), pp->port);

	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vfteam_migration_abort_rtnl(bed.team), 0);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_CP), 0U);
	KUNIT_EXPECT_EQ(test, fake_count(OP_RESTART_NEW), 2U);
	KUNIT_EXPECT_PTR_EQ(test, fake_active(&bed), pp->port);

	fake_port_bed_down(pp, &bed);
}

static struct kunit_case vfteam_plugin_health_cases[] = {
	KUNIT_CASE(vfteam_plugin_health_tx_stall),
	KUNIT_CASE(vfteam_plugin_health_tx_stall_silent),
	KUNIT_CASE(vfteam_plugin_health_report_error),
	KUNIT_CASE(vfteam_plugin_health_report_pf),
	KUNIT_CASE(vfteam_plugin_health_report_no_op),
	KUNIT_CASE(vfteam_plugin_health_no_false_stall),
	KUNIT_CASE(vfteam_plugin_health_reset),
	KUNIT_CASE(vfteam_plugin_health_reset_released),
	{}
};

static struct kunit_suite vfteam_plugin_health_suite = {
	.name = "vfteam_plugin_health",
	.suite_init = fake_suite_init,
	.suite_exit = fake_suite_exit,
	.init = fake_test_init,
	.test_cases = vfteam_plugin_health_cases,
};

kunit_test_suite(vfteam_plugin_health_suite);
