/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam team netdev's ethtool ops (ethtool.c): -i, -S (the team's
 * counters and its ports'), -c/-C (interrupt moderation of plugin ports).
 */
#ifndef _VFTEAM_ETHTOOL_H
#define _VFTEAM_ETHTOOL_H

#include <linux/ethtool.h>

struct vfteam;

extern const struct ethtool_ops vfteam_ethtool_ops;

#endif /* _VFTEAM_ETHTOOL_H */
