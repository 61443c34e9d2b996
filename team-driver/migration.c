// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam migration orchestration: the only file that feeds the pure state
 * machine (mig_state.c).  It drives the team downwards (selection, quiesce
 * and resume of the primary through its port ops); the ports and the
 * selection report back through vfteam_migration_report_rtnl() alone, and
 * nothing here is re-entered by it.  Every state change is told to user
 * space here: sysfs_notify() on the migration file and a KOBJ_CHANGE
 * uevent with VFTEAM_MIGRATION=<state>.
 *
 * Lock order: RTNL > team->stats_lock (not taken here).  Everything runs
 * under RTNL: the sysfs store takes it with rtnl_trylock(), the netdev
 * notifier and the select path already hold it, and the quiesce work takes
 * it.  team->mig_state is only written here, with WRITE_ONCE() for the
 * lockless sysfs reader.
 *
 * The quiesce work cannot be cancelled synchronously under RTNL (it takes
 * RTNL), so a queued work holds a reference on the team netdev and checks,
 * under RTNL, that the team is still registered and still preparing.  A
 * work not yet running is cancelled (and its reference dropped) at abort
 * and at the team's ndo_uninit (vfteam_migration_cancel_rtnl()).
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>

#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "main.h"
#include "migration.h"
#include "policy.h"
#include "port.h"
#include "select.h"
#include "team.h"
#include "trace.h"

/* sysfs_notify() + KOBJ_CHANGE uevent with VFTEAM_MIGRATION=<state> */
static void vfteam_migration_notify_rtnl(struct vfteam *team)
{
	struct net_device *dev = team->dev;
	char *envp[2];
	char env[48];

	ASSERT_RTNL();
	if (dev->reg_state != NETREG_REGISTERED)
		return;

	sysfs_notify(&dev->dev.kobj, "vfteam", "migration");
	snprintf(env, sizeof(env), "VFTEAM_MIGRATION=%s",
		 vfteam_mig_state_name(team->mig_state));
	envp[0] = env;
	envp[1] = NULL;
	kobject_uevent_env(&dev->dev.kobj, KOBJ_CHANGE, envp);
}

/* feed @ev to the state machine; on a change, notify user space */
static int vfteam_migration_event_rtnl(struct vfteam *team,
				       enum vfteam_mig_event ev)
{
	enum vfteam_mig_state cur = team->mig_state, next;
	int err;

	ASSERT_RTNL();
	err = vfteam_mig_state_next(cur, ev, &next);
	if (err)
		return err;
	if (next == cur)
		return 0;

	netdev_info(team->dev, "migration: %s -> %s (%s)\n",
		    vfteam_mig_state_name(cur), vfteam_mig_state_name(next),
		    vfteam_mig_state_event_name(ev));
	trace_vfteam_migration(team->dev->name, vfteam_mig_state_name(cur),
			       vfteam_mig_state_name(next),
			       vfteam_mig_state_event_name(ev));
	WRITE_ONCE(team->mig_state, next);
	vfteam_migration_notify_rtnl(team);
	return 0;
}

static int vfteam_migration_check_standby_rtnl(struct vfteam *team)
{
	struct vfteam_port *standby;
	struct vfteam_port_view sv;

	standby = vfteam_port_rtnl(team, VFTEAM_ROLE_STANDBY);
	vfteam_port_view_rtnl(standby, NULL, &sv);
	if (vfteam_policy_usable(&sv))
		return 0;

	if (!sv.present)
		netdev_warn(team->dev, "migration prepare refused: no standby port\n");
	else if (!sv.running)
		netdev_warn(team->dev, "migration prepare refused: standby %s is down\n",
			    vfteam_port_name(standby));
	else
		netdev_warn(team->dev, "migration prepare refused: standby %s has no carrier\n",
			    vfteam_port_name(standby));
	return -ENODEV;
}

/* quiesce the released primary, then report "ready" (or "reattaching") */
static void vfteam_migration_finish_prepare_rtnl(struct vfteam *team)
{
	struct vfteam_port *primary;
	int err;

	ASSERT_RTNL();
	primary = vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY);
	if (primary) {
		err = vfteam_port_quiesce_rtnl(primary);
		if (err)
			netdev_warn(team->dev, "cannot quiesce primary %s: %d\n",
				    vfteam_port_name(primary), err);
	}

	vfteam_migration_event_rtnl(team, VFTEAM_MIG_EV_PREPARED);
	if (!vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY))
		vfteam_migration_event_rtnl(team, VFTEAM_MIG_EV_PRIMARY_GONE);
}

static void vfteam_migration_quiesce_work(struct work_struct *work)
{
	struct vfteam *team = container_of(to_delayed_work(work), struct vfteam,
					   mig_quiesce_work);
	struct net_device *dev = team->dev;

	rtnl_lock();
	/*
	 * abort, the primary's removal or the team's got here first; or this
	 * is the work of a prepare that abort ended, and a new prepare's
	 * grace is still running (its own work is queued)
	 */
	if (dev->reg_state == NETREG_REGISTERED &&
	    team->mig_state == VFTEAM_MIG_PREPARING &&
	    !time_before(jiffies, team->mig_quiesce_at))
		vfteam_migration_finish_prepare_rtnl(team);
	rtnl_unlock();
	dev_put(dev);
}

/*
 * "prepare": move traffic to the standby (make before break: switch and
 * announce first), then quiesce the primary, which stays enslaved so that
 * "abort" can bring it back.  The primary is quiesced only after a grace
 * period: until the switch has learnt the MAC from the announcement on the
 * standby it still sends frames to the primary, which must not be lost.
 * With no primary at all there is nothing to unplug, so the team goes
 * straight on to wait for a new one.
 */
int vfteam_migration_prepare_rtnl(struct vfteam *team)
{
	struct vfteam_port *primary;
	enum vfteam_mig_state next;
	int err;

	ASSERT_RTNL();
	err = vfteam_mig_state_next(team->mig_state, VFTEAM_MIG_EV_PREPARE, &next);
	if (err) {
		netdev_warn(team->dev, "migration prepare refused: state is %s\n",
			    vfteam_mig_state_name(team->mig_state));
		return err;
	}
	err = vfteam_migration_check_standby_rtnl(team);
	if (err)
		return err;

	/* traffic first: the state change and its notifications can wait */
	primary = vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY);
	if (primary)
		primary->released = true;
	vfteam_select_rtnl(team, NULL);
	vfteam_migration_event_rtnl(team, VFTEAM_MIG_EV_PREPARE);

	if (!primary || !team->mig_grace_ms) {
		vfteam_migration_finish_prepare_rtnl(team);
		return 0;
	}

	team->mig_quiesce_at = jiffies + msecs_to_jiffies(team->mig_grace_ms);
	/*
	 * mod, not queue: a work still pending from an earlier prepare (its
	 * primary left during the grace, a new one joined) is moved to this
	 * grace's end, else it would fire early, find the grace not over and
	 * leave this prepare without a work to finish it
	 */
	dev_hold(team->dev);
	if (mod_delayed_work(vfteam_wq, &team->mig_quiesce_work,
			     msecs_to_jiffies(team->mig_grace_ms)))
		dev_put(team->dev);	/* it was pending: it holds one already */
	return 0;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_migration_prepare_rtnl);

/*
 * "abort": give the primary back (re-open it if we closed it); it takes
 * the traffic back as soon as it has carrier.  In reattaching there is no
 * old primary: stay on the standby, a primary that appears later joins.
 * In idle this is a no-op.
 */
int vfteam_migration_abort_rtnl(struct vfteam *team)
{
	enum vfteam_mig_state next;
	struct vfteam_port *primary;
	int err;

	ASSERT_RTNL();
	err = vfteam_mig_state_next(team->mig_state, VFTEAM_MIG_EV_ABORT, &next);
	if (err || next == team->mig_state)
		return err;

	/* in preparing, the primary is still running: keep it so */
	vfteam_migration_cancel_rtnl(team);

	primary = vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY);
	if (primary) {
		primary->released = false;
		err = vfteam_port_resume_rtnl(primary);
		if (err)
			netdev_warn(team->dev, "cannot re-open primary %s: %d\n",
				    vfteam_port_name(primary), err);
	}

	vfteam_migration_event_rtnl(team, VFTEAM_MIG_EV_ABORT);
	vfteam_select_rtnl(team, NULL);
	return 0;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_migration_abort_rtnl);

/*
 * Drop a quiesce work still waiting out the grace: at abort, and when the
 * team unregisters, whose netdev_wait_allrefs() would otherwise wait for
 * the work's reference until the grace (prepare_grace_ms) ran out.  A work
 * already running waits for RTNL and then finds the team gone or idle.
 */
void vfteam_migration_cancel_rtnl(struct vfteam *team)
{
	ASSERT_RTNL();
	if (cancel_delayed_work(&team->mig_quiesce_work))
		dev_put(team->dev);
}

/*
 * What the ports and the selection report (a primary left, a new one
 * carries traffic): a state change at most, which calls nothing back
 */
void vfteam_migration_report_rtnl(struct vfteam *team,
				  enum vfteam_mig_event ev)
{
	vfteam_migration_event_rtnl(team, ev);
}

/* the team's prepare grace (sysfs prepare_grace_ms) */
int vfteam_migration_set_grace_rtnl(struct vfteam *team, unsigned int ms)
{
	ASSERT_RTNL();
	if (ms > VFTEAM_PREPARE_GRACE_MAX_MS) {
		netdev_warn(team->dev, "prepare_grace_ms: %u is over the limit of %u ms\n",
			    ms, VFTEAM_PREPARE_GRACE_MAX_MS);
		return -EINVAL;
	}
	WRITE_ONCE(team->mig_grace_ms, ms);
	return 0;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_migration_set_grace_rtnl);

void vfteam_migration_init_team(struct vfteam *team)
{
	team->mig_state = VFTEAM_MIG_IDLE;
	/* the parameter's setter keeps it within the limit */
	team->mig_grace_ms = READ_ONCE(vfteam_prepare_grace_ms);
	INIT_DELAYED_WORK(&team->mig_quiesce_work, vfteam_migration_quiesce_work);
}
