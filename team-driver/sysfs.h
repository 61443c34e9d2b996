/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam sysfs: /sys/class/net/<team>/vfteam/ (Documentation/ABI/testing/
 * sysfs-class-net-vfteam).
 */
#ifndef _VFTEAM_SYSFS_H
#define _VFTEAM_SYSFS_H

#include <linux/sysfs.h>

extern const struct attribute_group vfteam_sysfs_group;

#endif /* _VFTEAM_SYSFS_H */
