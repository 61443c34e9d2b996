/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam migration: the guest's side of a live migration with a
 * passthrough primary (prepare, abort, and the primary leaving and
 * joining), driving the pure state machine of mig_state.c.
 */
#ifndef _VFTEAM_MIGRATION_H
#define _VFTEAM_MIGRATION_H

#include "mig_state.h"

struct vfteam;

/* from user space (sysfs) */
int vfteam_migration_prepare_rtnl(struct vfteam *team);
int vfteam_migration_abort_rtnl(struct vfteam *team);
int vfteam_migration_set_grace_rtnl(struct vfteam *team, unsigned int ms);

/* the one call by which the ports and the selection tell what happened */
void vfteam_migration_report_rtnl(struct vfteam *team,
				  enum vfteam_mig_event ev);

/* the team's life */
void vfteam_migration_init_team(struct vfteam *team);
void vfteam_migration_cancel_rtnl(struct vfteam *team);

#endif /* _VFTEAM_MIGRATION_H */
