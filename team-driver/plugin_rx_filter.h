/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin port Rx filter (plugin_rx_filter.c): the team's addresses
 * given to the plugin's set_rx_filter op.
 */
#ifndef _VFTEAM_PLUGIN_RX_FILTER_H
#define _VFTEAM_PLUGIN_RX_FILTER_H

#include <linux/types.h>

struct vfteam_plugin_port;

void vfteam_plugin_rx_filter_sync_rtnl(struct vfteam_plugin_port *pp);
bool vfteam_plugin_rx_filter_short(const struct vfteam_plugin_port *pp);

#endif /* _VFTEAM_PLUGIN_RX_FILTER_H */
