/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam netdev ports: a lower net_device, driven by its own driver,
 * enslaved to the team (ip link set <dev> master <team>, or auto-join).
 */
#ifndef _VFTEAM_NETDEV_PORT_H
#define _VFTEAM_NETDEV_PORT_H

#include <linux/netdevice.h>

#include "port.h"

struct vfteam;

enum vfteam_role vfteam_netdev_port_role(const struct net_device *port_dev);
struct vfteam_port *vfteam_netdev_port_of_rtnl(const struct net_device *dev);
int vfteam_netdev_port_add_rtnl(struct vfteam *team,
				struct net_device *port_dev,
				struct netlink_ext_ack *extack);
int vfteam_netdev_port_add_role_rtnl(struct vfteam *team,
				     struct net_device *port_dev,
				     enum vfteam_role role,
				     struct netlink_ext_ack *extack);
int vfteam_netdev_port_notifier_register(void);
void vfteam_netdev_port_notifier_unregister(void);

#endif /* _VFTEAM_NETDEV_PORT_H */
