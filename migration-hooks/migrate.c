// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam migration orchestration: drives the pure state machine (state.c)
 * and the team (select, quiesce/resume of the primary), and tells user
 * space about every state change.
 *
 * Lock order: RTNL > team->stats_lock (not taken here).  Everything runs
 * under RTNL: the sysfs store takes it with rtnl_trylock(), the netdev
 * notifier and the select path already hold it.  team->mig_state is only
 * written here, with WRITE_ONCE() for the lockless sysfs reader.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "vfteam.h"

/* feed @ev to the state machine; on a change, notify user space */
int vfteam_mig_event_rtnl(struct vfteam *team, enum vfteam_mig_event ev)
{
	enum vfteam_mig_state cur = team->mig_state, next;
	int err;

	ASSERT_RTNL();
	err = vfteam_mig_next(cur, ev, &next);
	if (err)
		return err;
	if (next == cur)
		return 0;

	netdev_info(team->dev, "migration: %s -> %s (%s)\n",
		    vfteam_mig_state_name(cur), vfteam_mig_state_name(next),
		    vfteam_mig_event_name(ev));
	WRITE_ONCE(team->mig_state, next);
	vfteam_sysfs_notify_rtnl(team);
	return 0;
}

static int vfteam_mig_check_standby_rtnl(struct vfteam *team)
{
	struct vfteam_port *standby;
	struct vfteam_port_view sv;

	standby = vfteam_port_rtnl(team, VFTEAM_ROLE_STANDBY);
	vfteam_port_view_rtnl(standby, NULL, &sv);
	if (vfteam_view_usable(&sv))
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

/*
 * "prepare": move traffic to the standby (make before break: switch and
 * announce first), then quiesce the primary, which stays enslaved so that
 * "abort" can bring it back.  With no primary at all there is nothing to
 * unplug, so the team goes straight on to wait for a new one.
 */
int vfteam_mig_prepare_rtnl(struct vfteam *team)
{
	struct vfteam_port *primary;
	enum vfteam_mig_state next;
	int err;

	ASSERT_RTNL();
	err = vfteam_mig_next(team->mig_state, VFTEAM_MIG_EV_PREPARE, &next);
	if (err) {
		netdev_warn(team->dev, "migration prepare refused: state is %s\n",
			    vfteam_mig_state_name(team->mig_state));
		return err;
	}
	err = vfteam_mig_check_standby_rtnl(team);
	if (err)
		return err;

	vfteam_mig_event_rtnl(team, VFTEAM_MIG_EV_PREPARE);

	primary = vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY);
	if (primary)
		primary->released = true;
	vfteam_select_rtnl(team, NULL);

	if (primary) {
		err = vfteam_port_quiesce_rtnl(primary);
		if (err)
			netdev_warn(team->dev, "cannot quiesce primary %s: %d\n",
				    vfteam_port_name(primary), err);
	}

	vfteam_mig_event_rtnl(team, VFTEAM_MIG_EV_PREPARED);
	if (!vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY))
		vfteam_mig_event_rtnl(team, VFTEAM_MIG_EV_PRIMARY_GONE);
	return 0;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_mig_prepare_rtnl);

/*
 * "abort": give the primary back (re-open it if we closed it); it takes
 * the traffic back as soon as it has carrier.  In reattaching there is no
 * old primary: stay on the standby, a primary that appears later joins.
 * In idle this is a no-op.
 */
int vfteam_mig_abort_rtnl(struct vfteam *team)
{
	enum vfteam_mig_state next;
	struct vfteam_port *primary;
	int err;

	ASSERT_RTNL();
	err = vfteam_mig_next(team->mig_state, VFTEAM_MIG_EV_ABORT, &next);
	if (err || next == team->mig_state)
		return err;

	primary = vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY);
	if (primary) {
		primary->released = false;
		err = vfteam_port_resume_rtnl(primary);
		if (err)
			netdev_warn(team->dev, "cannot re-open primary %s: %d\n",
				    vfteam_port_name(primary), err);
	}

	vfteam_mig_event_rtnl(team, VFTEAM_MIG_EV_ABORT);
	vfteam_select_rtnl(team, NULL);
	return 0;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_mig_abort_rtnl);
