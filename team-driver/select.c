// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam active-port selection and switch.
 *
 * Lock order: RTNL > team->stats_lock (not taken here).
 * vfteam_select_rtnl() runs under RTNL and is the only writer of
 * team->active, team->reason and team->switches.  The data path reads
 * team->active under RCU-bh; a port stops being the active one before it is
 * unpublished, and is freed only after a grace period (see port.c).
 *
 * The one thing selection tells the migration is that a new primary
 * carries traffic (vfteam_migration_report_rtnl); it never calls further
 * into it.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "migration.h"
#include "policy.h"
#include "port.h"
#include "select.h"
#include "team.h"

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
		WRITE_ONCE(team->switches, team->switches + 1);
		netdev_info(dev, "active port %s -> %s (%s)\n",
			    vfteam_port_name(old), vfteam_port_name(new),
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
