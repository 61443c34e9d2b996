// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam active-port policy.
 *
 * Locking: none here; pure functions.  The caller (select.c) holds RTNL
 * while it builds the views and acts on the decision.
 * KUnit includes this file directly (kunit-tests/policy_test.c).
 *
 * Rules:
 *  - never send on a port that is not running, has no carrier, no longer
 *    has the team's MAC (changed under the team: a PF giving its VF
 *    another one, say), or cannot receive every address the team must (a
 *    plugin port, which has no Rx filter op in ABI v1, under a team that
 *    is promiscuous or has extra unicast addresses: a bridge or a macvlan
 *    on top);
 *  - the primary is preferred when present, running, with carrier and not
 *    released for migration (a primary is also treated as released while
 *    the team is preparing or ready for migration);
 *  - a primary that keeps failing is taken back only after it has been
 *    usable for a while (held, see select.c), unless the standby is not
 *    usable either: a held primary beats no port at all;
 *  - else the standby if usable;
 *  - else none (the data path drops and counts).
 */
#include <linux/kernel.h>

#include "policy.h"

bool vfteam_policy_usable(const struct vfteam_port_view *v)
{
	return v && v->present && v->running && v->carrier && !v->foreign_mac &&
	       !v->rx_filter_short;
}

static enum vfteam_reason
vfteam_policy_primary_reason(const struct vfteam_port_view *p,
			     enum vfteam_mig_state st)
{
	if (!p || !p->present)
		return VFTEAM_REASON_PRIMARY_ABSENT;
	if (p->released || st == VFTEAM_MIG_PREPARING || st == VFTEAM_MIG_READY)
		return VFTEAM_REASON_MIGRATION;
	if (!p->running)
		return VFTEAM_REASON_PRIMARY_DOWN;
	if (p->foreign_mac)
		return VFTEAM_REASON_PRIMARY_MAC_CHANGED;
	if (!p->carrier)
		return VFTEAM_REASON_PRIMARY_NO_CARRIER;
	if (p->rx_filter_short)
		return VFTEAM_REASON_PRIMARY_RX_FILTER;
	if (p->held)
		return VFTEAM_REASON_PRIMARY_FLAPPING;
	return VFTEAM_REASON_PRIMARY;
}

struct vfteam_decision vfteam_policy_choose(const struct vfteam_port_view *primary,
					    const struct vfteam_port_view *standby,
				     enum vfteam_mig_state st)
{
	struct vfteam_decision d;

	d.reason = vfteam_policy_primary_reason(primary, st);
	if (d.reason == VFTEAM_REASON_PRIMARY) {
		d.choice = VFTEAM_CHOICE_PRIMARY;
	} else if (vfteam_policy_usable(standby)) {
		d.choice = VFTEAM_CHOICE_STANDBY;
	} else if (d.reason == VFTEAM_REASON_PRIMARY_FLAPPING) {
		d.choice = VFTEAM_CHOICE_PRIMARY;
		d.reason = VFTEAM_REASON_PRIMARY;
	} else {
		d.choice = VFTEAM_CHOICE_NONE;
		d.reason = VFTEAM_REASON_NO_USABLE_PORT;
	}
	return d;
}

static const char * const vfteam_policy_reason_names[VFTEAM_REASON_NR] = {
	[VFTEAM_REASON_PRIMARY]			= "primary",
	[VFTEAM_REASON_PRIMARY_ABSENT]		= "primary-absent",
	[VFTEAM_REASON_MIGRATION]		= "migration",
	[VFTEAM_REASON_PRIMARY_DOWN]		= "primary-down",
	[VFTEAM_REASON_PRIMARY_NO_CARRIER]	= "primary-no-carrier",
	[VFTEAM_REASON_PRIMARY_MAC_CHANGED]	= "primary-mac-changed",
	[VFTEAM_REASON_PRIMARY_RX_FILTER]	= "primary-rx-filter",
	[VFTEAM_REASON_PRIMARY_FLAPPING]	= "primary-flapping",
	[VFTEAM_REASON_NO_USABLE_PORT]		= "no-usable-port",
};

const char *vfteam_policy_reason_name(enum vfteam_reason reason)
{
	if ((unsigned int)reason >= VFTEAM_REASON_NR)
		return "unknown";
	return vfteam_policy_reason_names[reason];
}

const char *vfteam_policy_choice_name(enum vfteam_choice choice)
{
	switch (choice) {
	case VFTEAM_CHOICE_PRIMARY:
		return "primary";
	case VFTEAM_CHOICE_STANDBY:
		return "standby";
	default:
		return "none";
	}
}
