/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin port's ethtool parts (plugin_ethtool.c): its device's
 * hardware counters and interrupt moderation, through the plugin's ops.
 */
#ifndef _VFTEAM_PLUGIN_ETHTOOL_H
#define _VFTEAM_PLUGIN_ETHTOOL_H

#include <linux/types.h>

struct ethtool_drvinfo;
struct ethtool_link_ksettings;
struct vfteam_plugin_port;
struct vfteam_port;

unsigned int vfteam_plugin_ethtool_hw_count(const struct vfteam_port *port);
const char *vfteam_plugin_ethtool_hw_name(const struct vfteam_port *port,
					  unsigned int i);
void vfteam_plugin_ethtool_hw_stats(struct vfteam_port *port, u64 *val);
int vfteam_plugin_ethtool_set_moderation(struct vfteam_port *port,
					 unsigned int usecs);
void vfteam_plugin_ethtool_sync_rtnl(struct vfteam_plugin_port *pp);
void vfteam_plugin_ethtool_get_link(struct vfteam_port *port,
				    struct ethtool_link_ksettings *cmd);
void vfteam_plugin_ethtool_get_drvinfo(const struct vfteam_port *port,
				       struct ethtool_drvinfo *info);

#endif /* _VFTEAM_PLUGIN_ETHTOOL_H */
