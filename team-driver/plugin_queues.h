/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin port queues (plugin_queues.c): how many queue pairs a
 * port runs (ethtool -l/-L on the team) and the RSS that spreads
 * received frames over them.
 */
#ifndef _VFTEAM_PLUGIN_QUEUES_H
#define _VFTEAM_PLUGIN_QUEUES_H

#include <linux/types.h>

struct vfteam;
struct vfteam_plugin_port;
struct vfteam_port;
struct vfteam_port_queues;

void vfteam_plugin_queues_join_rtnl(struct vfteam_plugin_port *pp,
				    const struct vfteam *team);
void vfteam_plugin_queues_get(const struct vfteam_port *port,
			      struct vfteam_port_queues *pq);
int vfteam_plugin_queues_set(struct vfteam_port *port, unsigned int n);
void vfteam_plugin_queues_sync_rtnl(struct vfteam_plugin_port *pp);

#endif /* _VFTEAM_PLUGIN_QUEUES_H */
