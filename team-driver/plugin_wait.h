/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin ports waiting for a team with their MAC.
 */
#ifndef _VFTEAM_PLUGIN_WAIT_H
#define _VFTEAM_PLUGIN_WAIT_H

#include <linux/types.h>

struct vfteam;
struct vfteam_plugin_port;

void vfteam_plugin_wait_rtnl(struct vfteam_plugin_port *pp);
void vfteam_plugin_wait_add_rtnl(struct vfteam_plugin_port *pp);
void vfteam_plugin_wait_remove_rtnl(struct vfteam_plugin_port *pp);
void vfteam_plugin_wait_kick(void);
ssize_t vfteam_plugin_wait_show_rtnl(struct vfteam *team, char *buf);
void vfteam_plugin_wait_exit(void);

#endif /* _VFTEAM_PLUGIN_WAIT_H */
