/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin port health: a device that stops completing transmits, one
 * its plugin reports broken, or one reset under its port (FLR, PCI error
 * recovery, suspend/resume).
 */
#ifndef _VFTEAM_PLUGIN_HEALTH_H
#define _VFTEAM_PLUGIN_HEALTH_H

#include <vfteam/plugin.h>

struct vfteam_plugin_port;

/*
 * How often the Tx watchdog samples a port, in ms; a port whose device
 * was handed frames but completed none for two samples in a row is taken
 * for hung.  0: no watchdog (KUnit suites that never complete a frame).
 */
extern unsigned int vfteam_plugin_tx_watch_ms;

void vfteam_plugin_health_init(struct vfteam_plugin_port *pp);
void vfteam_plugin_health_exit(struct vfteam_plugin_port *pp);
void vfteam_plugin_health_reset_prepare(struct vfteam_plugin_port *pp,
					const char *why);
void vfteam_plugin_health_reset_done(struct vfteam_plugin_port *pp,
				     const char *why);
void vfteam_plugin_health_failed_rtnl(struct vfteam_plugin_port *pp,
				      enum vfteam_reset_why why);

#endif /* _VFTEAM_PLUGIN_HEALTH_H */
