/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam auto-join and auto-pairing of devices that register with a team's
 * MAC.
 */
#ifndef _VFTEAM_PAIR_H
#define _VFTEAM_PAIR_H

struct net_device;

int vfteam_pair_init(void);
void vfteam_pair_exit(void);
void vfteam_pair_queue_rtnl(struct net_device *dev);
void vfteam_pair_flush(void);

#endif /* _VFTEAM_PAIR_H */
