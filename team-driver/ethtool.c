// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam team netdev's ethtool ops.
 *
 * ethtool -i: the driver and its version; as firmware-version and
 * bus-info, the port that carries the team's traffic ("<plugin>@<device>"
 * for a plugin port, "<ifname> <driver>" for a netdev port, "none") and
 * its device, so that one command says which device and which code the
 * traffic goes through.
 *
 * ethtool -S: the team's own counters; the switches made for each reason
 * ("switches_<reason>"); the reason the team is where it is now, as one
 * flag per reason ("reason_<reason>", 1 for the current one:
 * sysfs active_reason says it as a word); then each role's port counters
 * ("primary_*", "standby_*", zero while the role is empty: what sysfs
 * port_counters shows), then the primary's hardware counters when it
 * is a plugin port with them ("primary_hw_*").  The list grows and
 * shrinks with the primary's hardware counters only.
 *
 * ethtool -c/-C: rx-usecs, the interrupt moderation of the primary when
 * it is a plugin port with the op; the team keeps the setting and gives
 * it to each such port when it starts (plugin_port.c).
 *
 * ethtool (link settings): the speed and duplex of the port that carries
 * the team's traffic, as net_failover and bonding's active-backup show
 * theirs; unknown with none.
 *
 * ethtool -l/-L: "combined", the queue pairs of the primary when it is a
 * plugin port with several (plugin_queues.c); the team keeps the count
 * and gives it to each such port when it joins.  "other" is the vector
 * of the primary's other causes, shown, not set.
 *
 * Locking: the ethtool core calls these under RTNL.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/string.h>

#include "ethtool.h"
#include "main.h"
#include "port.h"
#include "team.h"

static const char *const vfteam_ethtool_team_names[] = {
	"switches", "lost_packets", "lost_no_port", "lost_refused",
	"lost_declined",
};

#define VFTEAM_ETHTOOL_TEAM	(ARRAY_SIZE(vfteam_ethtool_team_names) + \
				 2 * VFTEAM_REASON_NR)
#define VFTEAM_ETHTOOL_ROLE_STATS (VFTEAM_ROLE_NR * VFTEAM_PORT_COUNTERS)

static void vfteam_ethtool_get_drvinfo(struct net_device *dev,
				       struct ethtool_drvinfo *info)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;

	ASSERT_RTNL();
	strscpy(info->driver, VFTEAM_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, VFTEAM_VERSION, sizeof(info->version));
	port = rtnl_dereference(team->active);
	if (port && port->ops->get_drvinfo)
		port->ops->get_drvinfo(port, info);
	else if (!port)
		strscpy(info->fw_version, "none", sizeof(info->fw_version));
}

/* a reason's name in a counter's: "primary-down" -> "<prefix>primary_down" */
static void vfteam_ethtool_reason_string(u8 **data, const char *prefix,
					 enum vfteam_reason reason)
{
	char *s = (char *)*data;

	ethtool_sprintf(data, "%s%s", prefix, vfteam_policy_reason_name(reason));
	strreplace(s, '-', '_');
}

/* the primary's hardware counters: how many, 0 without them */
static unsigned int vfteam_ethtool_hw_count(struct vfteam *team,
					    struct vfteam_port **primary)
{
	struct vfteam_port *port = vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY);

	*primary = port;
	return port && port->ops->hw_stats_count ?
		port->ops->hw_stats_count(port) : 0;
}

static int vfteam_ethtool_get_sset_count(struct net_device *dev, int sset)
{
	struct vfteam_port *primary;

	ASSERT_RTNL();
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return VFTEAM_ETHTOOL_TEAM + VFTEAM_ETHTOOL_ROLE_STATS +
	       vfteam_ethtool_hw_count(netdev_priv(dev), &primary);
}

static void vfteam_ethtool_get_strings(struct net_device *dev, u32 sset,
				       u8 *data)
{
	struct vfteam_port *primary;
	unsigned int i, n;
	int role;

	ASSERT_RTNL();
	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(vfteam_ethtool_team_names); i++)
		ethtool_sprintf(&data, "%s", vfteam_ethtool_team_names[i]);
	for (i = 0; i < VFTEAM_REASON_NR; i++)
		vfteam_ethtool_reason_string(&data, "switches_", i);
	for (i = 0; i < VFTEAM_REASON_NR; i++)
		vfteam_ethtool_reason_string(&data, "reason_", i);
	for (role = 0; role < VFTEAM_ROLE_NR; role++)
		for (i = 0; i < VFTEAM_PORT_COUNTERS; i++)
			ethtool_sprintf(&data, "%s_%s",
					vfteam_port_role_name(role),
					vfteam_port_counter_names[i]);
	n = vfteam_ethtool_hw_count(netdev_priv(dev), &primary);
	for (i = 0; i < n; i++)
		ethtool_sprintf(&data, "primary_hw_%s",
				primary->ops->hw_stat_name(primary, i));
}

static void vfteam_ethtool_get_stats(struct net_device *dev,
				     struct ethtool_stats *stats, u64 *data)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;
	unsigned int i;
	int role;

	ASSERT_RTNL();
	*data++ = vfteam_team_switches(team);
	*data++ = vfteam_team_lost_packets(team);
	*data++ = atomic64_read(&team->lost_no_port);
	*data++ = atomic64_read(&team->lost_refused);
	*data++ = atomic64_read(&team->lost_declined);
	for (i = 0; i < VFTEAM_REASON_NR; i++)
		*data++ = team->switches_by[i];
	for (i = 0; i < VFTEAM_REASON_NR; i++)
		*data++ = READ_ONCE(team->reason) == i;
	for (role = 0; role < VFTEAM_ROLE_NR; role++) {
		port = vfteam_port_rtnl(team, role);
		if (port)
			vfteam_port_counters_rtnl(port, data);
		else
			memset(data, 0, VFTEAM_PORT_COUNTERS * sizeof(*data));
		data += VFTEAM_PORT_COUNTERS;
	}
	if (vfteam_ethtool_hw_count(team, &port))
		port->ops->hw_stats(port, data);
}

static int vfteam_ethtool_get_coalesce(struct net_device *dev,
				       struct ethtool_coalesce *ec,
				       struct kernel_ethtool_coalesce *kec,
				       struct netlink_ext_ack *extack)
{
	struct vfteam *team = netdev_priv(dev);

	ASSERT_RTNL();
	ec->rx_coalesce_usecs = team->irq_usecs;
	return 0;
}

static int vfteam_ethtool_set_coalesce(struct net_device *dev,
				       struct ethtool_coalesce *ec,
				       struct kernel_ethtool_coalesce *kec,
				       struct netlink_ext_ack *extack)
{
	struct vfteam *team = netdev_priv(dev);
	u32 usecs = ec->rx_coalesce_usecs;
	struct vfteam_port *port;
	int err;

	ASSERT_RTNL();
	port = vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY);
	if (port) {
		err = port->ops->set_irq_moderation ?
		      port->ops->set_irq_moderation(port, usecs) : -EOPNOTSUPP;
		if (err == -EOPNOTSUPP) {
			NL_SET_ERR_MSG(extack, "the primary port has no interrupt moderation");
			netdev_err(dev, "ethtool -C: primary port %s has no interrupt moderation\n",
				   vfteam_port_name(port));
			return err;
		}
		if (err) {
			NL_SET_ERR_MSG(extack, "the primary port refused rx-usecs");
			netdev_err(dev, "ethtool -C: primary port %s refused rx-usecs %u: %d\n",
				   vfteam_port_name(port), usecs, err);
			return err;
		}
	}
	team->irq_usecs = usecs;
	team->irq_usecs_set = true;
	return 0;
}

static int vfteam_ethtool_get_link_ksettings(struct net_device *dev,
					     struct ethtool_link_ksettings *cmd)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;

	ASSERT_RTNL();
	memset(cmd, 0, sizeof(*cmd));
	cmd->base.speed = SPEED_UNKNOWN;
	cmd->base.duplex = DUPLEX_UNKNOWN;
	cmd->base.port = PORT_OTHER;
	port = rtnl_dereference(team->active);
	if (port && port->ops->get_link)
		port->ops->get_link(port, cmd);
	return 0;
}

/* the primary's queues; one pair when it has no say */
static void vfteam_ethtool_queues(struct vfteam *team,
				  struct vfteam_port **primary,
				  struct vfteam_port_queues *q)
{
	struct vfteam_port *port = vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY);

	*primary = port && port->ops->get_queues ? port : NULL;
	q->max = 1;
	q->count = 1;
	q->other = false;
	if (*primary)
		port->ops->get_queues(port, q);
}

static void vfteam_ethtool_get_channels(struct net_device *dev,
					struct ethtool_channels *ch)
{
	struct vfteam_port_queues q;
	struct vfteam_port *port;

	ASSERT_RTNL();
	vfteam_ethtool_queues(netdev_priv(dev), &port, &q);
	ch->max_combined = q.max;
	ch->combined_count = q.count;
	ch->max_other = q.other;
	ch->other_count = q.other;
}

/* the ethtool core has checked each count against its maximum */
static int vfteam_ethtool_set_channels(struct net_device *dev,
				       struct ethtool_channels *ch)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port_queues q;
	struct vfteam_port *port;
	int err;

	ASSERT_RTNL();
	vfteam_ethtool_queues(team, &port, &q);
	if (!ch->combined_count || ch->rx_count || ch->tx_count ||
	    ch->other_count != q.other) {
		netdev_err(dev, "ethtool -L: only \"combined\" (1..%u) can be set; other stays %u\n",
			   q.max, q.other);
		return -EINVAL;
	}
	if (port) {
		err = port->ops->set_queues(port, ch->combined_count);
		if (err) {
			netdev_err(dev, "ethtool -L: primary port %s refused %u queues: %d\n",
				   vfteam_port_name(port), ch->combined_count,
				   err);
			return err;
		}
	}
	team->queues = ch->combined_count;
	return 0;
}

const struct ethtool_ops vfteam_ethtool_ops = {
	.supported_coalesce_params = ETHTOOL_COALESCE_RX_USECS,
	.get_drvinfo		= vfteam_ethtool_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= vfteam_ethtool_get_link_ksettings,
	.get_sset_count		= vfteam_ethtool_get_sset_count,
	.get_strings		= vfteam_ethtool_get_strings,
	.get_ethtool_stats	= vfteam_ethtool_get_stats,
	.get_coalesce		= vfteam_ethtool_get_coalesce,
	.set_coalesce		= vfteam_ethtool_set_coalesce,
	.get_channels		= vfteam_ethtool_get_channels,
	.set_channels		= vfteam_ethtool_set_channels,
};
