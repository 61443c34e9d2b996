// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam active-port selection and switch.
 *
 * Lock order: RTNL > team->stats_lock (not taken here).
 * vfteam_select_rtnl() runs under RTNL and is the only writer of
 * team->active, team->reason and team->switches_by.  The data path reads
 * team->active under RCU-bh; a port stops being the active one before it is
 * unpublished, and is freed only after a grace period (see port.c).
 *
 * The one thing selection tells the migration is that a new primary
 * carries traffic (vfteam_migration_report_rtnl); it never calls further
 * into it.
 *
 * Flap damping, bonding's updelay made adaptive: the move off a failing
 * primary is always immediate, and so is the first return to it.  A
 * primary that fails again within VFTEAM_FLAP_WINDOW_MS of the team's
 * return to it is taken back only after it has been usable for
 * team->flap_hold_ms without a break, a hold that doubles with each such
 * failure (up to VFTEAM_FLAP_HOLD_MAX_MS) and is dropped after a quiet
 * window or when the primary leaves.  A migration never arms it: only a
 * primary that went down or lost its link does.
 */
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>

#include "main.h"
#include "migration.h"
#include "policy.h"
#include "port.h"
#include "select.h"
#include "team.h"
#include "trace.h"
#include "txrx.h"

#define VFTEAM_FLAP_WINDOW_MS		10000
#define VFTEAM_FLAP_HOLD_MIN_MS		250
#define VFTEAM_FLAP_HOLD_MAX_MS		8000

/*
 * A team's work that reselects (the flap hold ended, the Rx filter
 * changed): under RTNL, unless the team is going away; then it drops the
 * reference taken when the work was queued.
 */
void vfteam_select_deferred(struct vfteam *team)
{
	struct net_device *dev = team->dev;

	rtnl_lock();
	if (dev->reg_state == NETREG_REGISTERED)
		vfteam_select_rtnl(team, NULL);
	rtnl_unlock();
	dev_put(dev);
}

/* the hold ended: the primary may take the traffic back */
static void vfteam_select_flap_work(struct work_struct *work)
{
	vfteam_select_deferred(container_of(to_delayed_work(work), struct vfteam,
					    flap_work));
}

/*
 * Is the primary, usable again, to be held back?  If so, the work that
 * reselects is set for the end of the hold.
 */
static bool vfteam_select_hold_rtnl(struct vfteam *team,
				    const struct vfteam_port *primary,
				    const struct vfteam_port_view *pv)
{
	unsigned long end;

	if (!vfteam_policy_usable(pv) || pv->released) {
		team->flap_usable = false;
		return false;
	}
	if (!team->flap_hold_ms || rtnl_dereference(team->active) == primary)
		return false;
	if (!team->flap_usable) {
		team->flap_usable = true;
		team->flap_usable_since = jiffies;
	}
	end = team->flap_usable_since + msecs_to_jiffies(team->flap_hold_ms);
	if (!time_before(jiffies, end))
		return false;

	dev_hold(team->dev);
	if (mod_delayed_work(vfteam_wq, &team->flap_work, end - jiffies))
		dev_put(team->dev);	/* it was pending: it holds one already */
	return true;
}

/* after a switch: the team came back to the primary, or left a failing one */
static void vfteam_select_flap_note_rtnl(struct vfteam *team,
					 const struct vfteam_port *primary,
					 const struct vfteam_port *old,
					 const struct vfteam_port *new,
					 const struct vfteam_port_view *pv)
{
	if (!primary)
		return;
	if (new == primary) {
		/* a return counts only after a failure, not a join */
		team->flap_returned = team->flap_failed;
		team->flap_back_at = jiffies;
		return;
	}
	if (old != primary || pv->released || (pv->running && pv->carrier))
		return;

	team->flap_failed = true;
	if (team->flap_returned &&
	    time_before(jiffies, team->flap_back_at +
			msecs_to_jiffies(VFTEAM_FLAP_WINDOW_MS)))
		team->flap_hold_ms = clamp(team->flap_hold_ms * 2,
					   VFTEAM_FLAP_HOLD_MIN_MS,
					   VFTEAM_FLAP_HOLD_MAX_MS);
	else
		team->flap_hold_ms = 0;
	team->flap_usable = false;
}

/* at most a burst of switch lines per interval, the rest counted */
static void vfteam_select_log_rtnl(struct vfteam *team,
				   const struct vfteam_port *old,
				   const struct vfteam_port *new,
				   enum vfteam_reason reason)
{
	if (!__ratelimit(&team->switch_log_rs)) {
		team->switch_log_missed++;
		return;
	}
	if (team->switch_log_missed)
		netdev_info(team->dev, "active port %s -> %s (%s), after %u switches not logged\n",
			    vfteam_port_name(old), vfteam_port_name(new),
			    vfteam_policy_reason_name(reason),
			    team->switch_log_missed);
	else
		netdev_info(team->dev, "active port %s -> %s (%s)\n",
			    vfteam_port_name(old), vfteam_port_name(new),
			    vfteam_policy_reason_name(reason));
	team->switch_log_missed = 0;
}

/*
 * Recompute which port carries traffic.  Only a real change of the chosen
 * port is a switch: it is published, counted and announced to the peers
 * (gratuitous ARP / unsolicited NA through the team, hence the new port).
 */
void vfteam_select_rtnl(struct vfteam *team, const struct vfteam_port *gone)
{
	struct vfteam_port *primary = vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY);
	struct vfteam_port *standby = vfteam_port_rtnl(team, VFTEAM_ROLE_STANDBY);
	struct vfteam_port_view pv, sv;
	struct net_device *dev = team->dev;
	struct vfteam_port *old, *new;
	struct vfteam_decision d;

	ASSERT_RTNL();
	vfteam_port_view_rtnl(primary, gone, &pv);
	vfteam_port_view_rtnl(standby, gone, &sv);
	if (!pv.present) {
		/* a primary that joins next has no history */
		team->flap_hold_ms = 0;
		team->flap_failed = false;
		team->flap_returned = false;
	}
	pv.held = vfteam_select_hold_rtnl(team, primary, &pv);
	d = vfteam_policy_choose(&pv, &sv, team->mig_state);

	switch (d.choice) {
	case VFTEAM_CHOICE_PRIMARY:
		new = primary;
		break;
	case VFTEAM_CHOICE_STANDBY:
		new = standby;
		break;
	default:
		new = NULL;
		break;
	}

	WRITE_ONCE(team->reason, d.reason);
	old = rtnl_dereference(team->active);
	if (new != old) {
		rcu_assign_pointer(team->active, new);
		vfteam_txrx_switched_rtnl(team, old);
		WRITE_ONCE(team->switches_by[d.reason],
			   team->switches_by[d.reason] + 1);
		vfteam_select_flap_note_rtnl(team, primary, old, new, &pv);
		vfteam_select_log_rtnl(team, old, new, d.reason);
		trace_vfteam_switch(dev->name, vfteam_port_name(old),
				    vfteam_port_name(new),
				    vfteam_policy_reason_name(d.reason));
		if (new && dev->reg_state == NETREG_REGISTERED &&
		    netif_running(dev))
			__netdev_notify_peers(dev);
	}

	if (new)
		netif_carrier_on(dev);
	else
		netif_carrier_off(dev);

	/* the new primary carries traffic: the migration is complete */
	if (new && new == primary && team->mig_state == VFTEAM_MIG_REATTACHING)
		vfteam_migration_report_rtnl(team, VFTEAM_MIG_EV_PRIMARY_JOINED);
}

void vfteam_select_init_team(struct vfteam *team)
{
	INIT_DELAYED_WORK(&team->flap_work, vfteam_select_flap_work);
	/* 10 lines per 5 s; the count of the rest goes on the next line */
	ratelimit_state_init(&team->switch_log_rs, 5 * HZ, 10);
	ratelimit_set_flags(&team->switch_log_rs, RATELIMIT_MSG_ON_RELEASE);
}

/* the team unregisters: a pending hold must not keep its reference */
void vfteam_select_cancel_rtnl(struct vfteam *team)
{
	ASSERT_RTNL();
	if (cancel_delayed_work(&team->flap_work))
		dev_put(team->dev);
}
