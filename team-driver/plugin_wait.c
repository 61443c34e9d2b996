// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin ports waiting for a team: a plugin port joins the team, in
 * the initial network namespace, whose MAC is the one the device carries
 * and which has no primary yet: at probe (the usual case: the team exists
 * with its standby), else later from the join work, kicked when a team
 * registers or changes its MAC and when a team loses its primary.  Why a
 * port still waits is shown in its team's sysfs "waiting".
 *
 * Locking: the list and each port's waiting/wait_node/wait_err are RTNL's.
 */
#include <linux/etherdevice.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "main.h"
#include "plugin_port.h"
#include "plugin_wait.h"
#include "port.h"
#include "team.h"

static LIST_HEAD(vfteam_plugin_waiting);	/* RTNL */

static void vfteam_plugin_wait_work_fn(struct work_struct *work);
static DECLARE_WORK(vfteam_plugin_wait_work,
		    vfteam_plugin_wait_work_fn);

void vfteam_plugin_wait_remove_rtnl(struct vfteam_plugin_port *pp)
{
	ASSERT_RTNL();
	if (!pp->waiting)
		return;
	list_del_init(&pp->wait_node);
	WRITE_ONCE(pp->waiting, false);
}

void vfteam_plugin_wait_add_rtnl(struct vfteam_plugin_port *pp)
{
	ASSERT_RTNL();
	if (pp->waiting)
		return;
	list_add_tail(&pp->wait_node, &vfteam_plugin_waiting);
	WRITE_ONCE(pp->waiting, true);
}

/* join a team with the port's MAC now if there is one, else wait for it */
void vfteam_plugin_wait_rtnl(struct vfteam_plugin_port *pp)
{
	struct vfteam *team;
	int err;

	vfteam_plugin_wait_add_rtnl(pp);
	team = vfteam_team_find_rtnl(&init_net, pp->mac, VFTEAM_ROLE_PRIMARY);
	if (!team)
		return;
	err = vfteam_plugin_port_join_rtnl(pp, team);
	/* each kick retries: one line per cause, not one per kick */
	if (err && err != pp->wait_err)
		netdev_warn(team->dev, "plugin port %s cannot join: %d\n",
			    pp->name, err);
	pp->wait_err = err;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_wait_rtnl);

static void vfteam_plugin_wait_work_fn(struct work_struct *work)
{
	struct vfteam_plugin_port *pp, *tmp;

	rtnl_lock();
	list_for_each_entry_safe(pp, tmp, &vfteam_plugin_waiting,
				 wait_node)
		vfteam_plugin_wait_rtnl(pp);
	rtnl_unlock();
}

/* a team appeared, changed its MAC or lost its primary: retry later */
void vfteam_plugin_wait_kick(void)
{
	schedule_work(&vfteam_plugin_wait_work);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_wait_kick);

/* why a port that carries @team's MAC is not in it, for sysfs */
static const char *vfteam_plugin_wait_why_rtnl(const struct vfteam_plugin_port *pp,
					       struct vfteam *team)
{
	if (pp->resetting)
		return "device-resetting";
	if (vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY))
		return "team-has-a-primary";
	switch (pp->wait_err) {
	case -EINVAL:
		return "mtu-above-plugin-max";
	case 0:
		return "joining";
	default:
		return "join-failed";
	}
}

/*
 * sysfs "waiting" of @team: "<port> <why> <errno>" per plugin port that
 * carries the team's MAC and waits; the team may not be registered in the
 * initial namespace (then none joins it, and none is listed)
 */
ssize_t vfteam_plugin_wait_show_rtnl(struct vfteam *team, char *buf)
{
	struct vfteam_plugin_port *pp;
	ssize_t len = 0;

	ASSERT_RTNL();
	if (!net_eq(dev_net(team->dev), &init_net))
		return 0;
	list_for_each_entry(pp, &vfteam_plugin_waiting, wait_node) {
		if (!ether_addr_equal(pp->mac, team->dev->dev_addr))
			continue;
		len += sysfs_emit_at(buf, len, "%s %s %d\n", pp->name,
				     vfteam_plugin_wait_why_rtnl(pp, team),
				     pp->wait_err);
	}
	return len;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_wait_show_rtnl);

/* plugins pin vfteam.ko, so no port is left; flush the join work */
void vfteam_plugin_wait_exit(void)
{
	cancel_work_sync(&vfteam_plugin_wait_work);
	WARN_ON(!list_empty(&vfteam_plugin_waiting));
}
