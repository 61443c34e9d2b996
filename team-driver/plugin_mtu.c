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
#include "plugin_call.h"
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

static int vfteam_plugin_mtu_change(struct vfteam_plugin_port *pp,
				    unsigned int mtu)
{
	int err = vfteam_plugin_call(pp, change_mtu, mtu);

	if (!err)
		pp->mtu = mtu;
	return err;
}

/*
 * The team's MTU becomes @mtu: 0, or -errno (logged) when the port cannot
 * take it, and then the port runs as before.
 */
int vfteam_plugin_mtu_set_rtnl(struct vfteam_plugin_port *pp, int mtu)
{
	struct net_device *dev = pp->port->team->dev;
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

	/* the rings at the checkpoint hold buffers for the old MTU */
	err = vfteam_plugin_port_reconfigure_rtnl(pp, vfteam_plugin_mtu_change,
						  mtu);
	if (err) {
		netdev_err(dev, "plugin port %s refused MTU %d: %d\n", pp->name,
			   mtu, err);
		return err;
	}
	netdev_info(dev, "plugin port %s: MTU %d\n", pp->name, mtu);
	return 0;
}
