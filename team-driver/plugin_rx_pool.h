/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin Rx buffers (plugin_rx_pool.c): a page pool per queue of a
 * plugin port, which the plugin fills its Rx rings from.
 */
#ifndef _VFTEAM_PLUGIN_RX_POOL_H
#define _VFTEAM_PLUGIN_RX_POOL_H

#include <linux/skbuff.h>

struct vfteam_plugin_port;

/* a buffer's bytes before the device's: room for the stack's headers */
#define VFTEAM_RX_HEADROOM	(NET_SKB_PAD + NET_IP_ALIGN)

/* at destroy, after detach: the pools go when their last page is back */
void vfteam_plugin_rx_pools_destroy(struct vfteam_plugin_port *pp);

#endif /* _VFTEAM_PLUGIN_RX_POOL_H */
