/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin host: the registry of IHV plugins and the PCI driver each
 * becomes (vfteam_plugin_register() and _unregister() are the ABI's entry
 * points, in plugin-abi/include/vfteam/plugin.h).
 */
#ifndef _VFTEAM_PLUGIN_HOST_H
#define _VFTEAM_PLUGIN_HOST_H

#include <linux/stddef.h>

#include <vfteam/plugin.h>

/* an ops table holds at least the mandatory ops (ABI 2's seven) */
#define VFTEAM_PLUGIN_OPS_MIN_SIZE \
	offsetofend(struct vfteam_plugin_ops, restart)

int vfteam_plugin_host_validate(const struct vfteam_plugin *plugin);
const char *vfteam_plugin_host_drv_name(const struct vfteam_plugin *plugin);

#endif /* _VFTEAM_PLUGIN_HOST_H */
