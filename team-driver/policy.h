/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam active-port policy: a pure decision on plain structs, no netdev
 * dependencies, so KUnit can test every combination.
 */
#ifndef _VFTEAM_POLICY_H
#define _VFTEAM_POLICY_H

#include <linux/types.h>

#include "mig_state.h"

/* what the policy needs to know about one port; filled in by the caller */
struct vfteam_port_view {
	bool present;	/* the team has a port in this role */
	bool running;	/* administratively up (netif_running) and present */
	bool carrier;	/* link up, and a netdev port's qdisc attached */
	bool released;	/* handed back for migration (primary only) */
	bool up;	/* administratively up (sysfs "ports"; not a policy input) */
	bool foreign_mac;	/* no longer has the team's MAC (changed under it) */
	/* cannot receive every address the team must (a plugin port) */
	bool rx_filter_short;
	bool held;	/* usable, but held back after flapping (select.c) */
};

enum vfteam_choice {
	VFTEAM_CHOICE_NONE,
	VFTEAM_CHOICE_PRIMARY,
	VFTEAM_CHOICE_STANDBY,
};

/* why the choice was made; shown in sysfs active_reason */
enum vfteam_reason {
	VFTEAM_REASON_PRIMARY,			/* primary usable: on primary */
	VFTEAM_REASON_PRIMARY_ABSENT,		/* no primary port: on standby */
	VFTEAM_REASON_MIGRATION,		/* primary released: on standby */
	VFTEAM_REASON_PRIMARY_DOWN,		/* primary not running */
	VFTEAM_REASON_PRIMARY_NO_CARRIER,	/* primary has no link */
	VFTEAM_REASON_PRIMARY_MAC_CHANGED,	/* primary lost the team's MAC */
	VFTEAM_REASON_PRIMARY_RX_FILTER,	/* primary cannot filter as asked */
	VFTEAM_REASON_PRIMARY_FLAPPING,		/* primary back, but held back */
	VFTEAM_REASON_NO_USABLE_PORT,		/* neither port usable: none */
	VFTEAM_REASON_NR,
};

struct vfteam_decision {
	enum vfteam_choice choice;
	enum vfteam_reason reason;
};

bool vfteam_policy_usable(const struct vfteam_port_view *v);
struct vfteam_decision vfteam_policy_choose(const struct vfteam_port_view *primary,
					    const struct vfteam_port_view *standby,
				     enum vfteam_mig_state st);
const char *vfteam_policy_reason_name(enum vfteam_reason reason);
const char *vfteam_policy_choice_name(enum vfteam_choice choice);

#endif /* _VFTEAM_POLICY_H */
