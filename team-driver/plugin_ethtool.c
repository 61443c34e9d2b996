// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin port's ethtool parts: the port ops behind the team's
 * ethtool -S hardware counters and ethtool -C (ethtool.c), on the
 * plugin's optional get_hw_stats and set_irq_moderation ops.
 *
 * The device is asked only while the port runs (a stopped or removed
 * device has nothing to say, or says all ones); its last answer is kept
 * and shown meanwhile.  A restart resets the device's moderation: the
 * team's setting is given again after each (vfteam_plugin_ethtool_sync_rtnl).
 *
 * Locking: RTNL (ethtool, restart); pp->hw_stats is RTNL's.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "plugin_call.h"
#include "plugin_ethtool.h"
#include "plugin_port.h"
#include "port.h"
#include "team.h"

unsigned int vfteam_plugin_ethtool_hw_count(const struct vfteam_port *port)
{
	return port->plugin_port->ops->n_hw_stats;
}

const char *vfteam_plugin_ethtool_hw_name(const struct vfteam_port *port,
					  unsigned int i)
{
	return port->plugin_port->ops->hw_stat_names[i];
}

void vfteam_plugin_ethtool_hw_stats(struct vfteam_port *port, u64 *val)
{
	struct vfteam_plugin_port *pp = port->plugin_port;

	ASSERT_RTNL();
	if (pp->running)
		vfteam_plugin_call_void(pp, get_hw_stats, pp->hw_stats);
	memcpy(val, pp->hw_stats, pp->ops->n_hw_stats * sizeof(*val));
}

/*
 * ethtool -C: told to a running device now, to a stopped one when it
 * starts; a plugin without the op refuses
 */
int vfteam_plugin_ethtool_set_moderation(struct vfteam_port *port,
					 unsigned int usecs)
{
	struct vfteam_plugin_port *pp = port->plugin_port;

	ASSERT_RTNL();
	if (!pp->ops->set_irq_moderation)
		return -EOPNOTSUPP;
	return pp->running ? vfteam_plugin_call(pp, set_irq_moderation, usecs) : 0;
}

/* after a restart: the team's moderation again, if ethtool -C set one */
void vfteam_plugin_ethtool_sync_rtnl(struct vfteam_plugin_port *pp)
{
	struct vfteam *team = pp->port->team;
	int err;

	ASSERT_RTNL();
	if (!team->irq_usecs_set || !pp->ops->set_irq_moderation)
		return;
	err = vfteam_plugin_call(pp, set_irq_moderation, team->irq_usecs);
	if (err)
		netdev_warn(team->dev, "plugin port %s: rx-usecs %u refused after its restart: %d\n",
			    pp->name, team->irq_usecs, err);
}

/* what the plugin said of its link (vfteam_plugin_port_link_speed) */
void vfteam_plugin_ethtool_get_link(struct vfteam_port *port,
				    struct ethtool_link_ksettings *cmd)
{
	const struct vfteam_plugin_port *pp = port->plugin_port;

	cmd->base.speed = READ_ONCE(pp->speed);
	cmd->base.duplex = READ_ONCE(pp->duplex);
}

/* "plugin@device", the name the port goes by in sysfs and the log */
void vfteam_plugin_ethtool_get_drvinfo(const struct vfteam_port *port,
				       struct ethtool_drvinfo *info)
{
	const struct vfteam_plugin_port *pp = port->plugin_port;

	strscpy(info->fw_version, pp->name, sizeof(info->fw_version));
	strscpy(info->bus_info, dev_name(pp->dev), sizeof(info->bus_info));
}
