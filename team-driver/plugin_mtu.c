// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin port MTU.  A plugin port has no netdev of its own: the
 * team's MTU is the port's, bounded by the plugin's max_mtu.  A plugin
 * whose Rx buffers follow the MTU has the change_mtu op; its port is
 * stopped for the change the way a migration stops it (the team's
 * traffic on the standby first, make before break), the op told, and the
 * device restarted from scratch with buffers for the new MTU.  A plugin
 * without the op keeps running: its buffers hold max_mtu.
 *
 * Locking: RTNL (the team's ndo_change_mtu, a join).
 */
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "main.h"
#include "plugin_health.h"
#include "plugin_mtu.h"
#include "plugin_port.h"
#include "port.h"
#include "team.h"

static unsigned int vfteam_plugin_mtu_max(const struct vfteam_plugin_port *pp)
{
	return pp->plugin->max_mtu ?: ETH_DATA_LEN;
}

int vfteam_plugin_mtu_check(const struct vfteam_plugin_port *pp, int mtu)
{
	return mtu < 0 || (unsigned int)mtu > vfteam_plugin_mtu_max(pp) ?
		-EINVAL : 0;
}

/* the plugin's restart reads it: RTNL, which restart runs under */
unsigned int vfteam_plugin_port_mtu(const struct vfteam_plugin_port *pp)
{
	return pp->mtu;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_mtu);

/*
 * The team's MTU becomes @mtu: 0, or -errno (logged) when the port cannot
 * take it, and then the port runs as before.
 */
int vfteam_plugin_mtu_set_rtnl(struct vfteam_plugin_port *pp, int mtu)
{
	struct net_device *dev = pp->port->team->dev;
	bool was_running = pp->running;
	int err;

	ASSERT_RTNL();
	err = vfteam_plugin_mtu_check(pp, mtu);
	if (err) {
		netdev_err(dev, "plugin port %s cannot take MTU %d (max %u)\n",
			   pp->name, mtu, vfteam_plugin_mtu_max(pp));
		return err;
	}
	if (!pp->ops->change_mtu || (unsigned int)mtu == pp->mtu) {
		pp->mtu = mtu;
		return 0;
	}

	/* the device is stopped even when its quiesce op fails */
	vfteam_plugin_port_quiesce_rtnl(pp);
	err = pp->ops->change_mtu(pp, mtu);
	if (err) {
		netdev_err(dev, "plugin port %s refused MTU %d: %d\n", pp->name,
			   mtu, err);
		if (was_running)
			vfteam_plugin_port_resume_rtnl(pp);
		return err;
	}
	pp->mtu = mtu;
	/* the rings at the checkpoint hold buffers for the old MTU */
	pp->cp_valid = false;
	if (was_running && vfteam_plugin_port_restart_rtnl(pp, NULL))
		vfteam_plugin_health_failed_rtnl(pp,
						 VFTEAM_RESET_RESTART_FAILED);
	netdev_info(dev, "plugin port %s: MTU %d\n", pp->name, mtu);
	return 0;
}
