/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin port MTU (plugin_mtu.c): the team's MTU checked against
 * the plugin's max_mtu, and given to its change_mtu op.
 */
#ifndef _VFTEAM_PLUGIN_MTU_H
#define _VFTEAM_PLUGIN_MTU_H

struct vfteam_plugin_port;

int vfteam_plugin_mtu_check(const struct vfteam_plugin_port *pp, int mtu);
int vfteam_plugin_mtu_set_rtnl(struct vfteam_plugin_port *pp, int mtu);

#endif /* _VFTEAM_PLUGIN_MTU_H */
