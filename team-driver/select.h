/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam selection: which port carries the team's traffic, and the switch.
 */
#ifndef _VFTEAM_SELECT_H
#define _VFTEAM_SELECT_H

struct vfteam;
struct vfteam_port;

void vfteam_select_rtnl(struct vfteam *team, const struct vfteam_port *gone);
void vfteam_select_deferred(struct vfteam *team);
void vfteam_select_init_team(struct vfteam *team);
void vfteam_select_cancel_rtnl(struct vfteam *team);

#endif /* _VFTEAM_SELECT_H */
