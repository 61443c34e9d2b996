// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: vfteam active-port policy (suite vfteam_policy).
 *
 * The table holds every combination of a primary view (absent, or present
 * with running/carrier/released each on or off: 9 cases) with every
 * standby view (the same 9), in each of the 4 migration states, with the
 * expected choice and reason written out from the rules in policy.c; then
 * ports whose MAC was changed under the team (foreign_mac).
 *
 * Locking: none, pure functions.
 */
#include <kunit/test.h>

#include "../team-driver/policy.c"

struct vfteam_policy_case {
	struct vfteam_port_view primary;
	struct vfteam_port_view standby;
	enum vfteam_mig_state st;
	enum vfteam_choice choice;
	enum vfteam_reason reason;
};

/* V(running, carrier, released): a present port */
#define V(r, c, rel)	{ .present = true, .running = (r), \
			  .carrier = (c), .released = (rel) }
/* VF(running, carrier, released): present, with a MAC not the team's */
#define VF(r, c, rel)	{ .present = true, .running = (r), \
			  .carrier = (c), .released = (rel), .foreign_mac = true }
/* VH(running, carrier, released): present, held back after flapping */
#define VH(r, c, rel)	{ .present = true, .running = (r), \
			  .carrier = (c), .released = (rel), .held = true }
/* VR(running, carrier, released): present, Rx filter short of the team's */
#define VR(r, c, rel)	{ .present = true, .running = (r), \
			  .carrier = (c), .released = (rel), .rx_filter_short = true }
#define ABSENT		{ }
#define C(p, s, st, ch, rs)						\
	{ p, s, VFTEAM_MIG_##st, VFTEAM_CHOICE_##ch, VFTEAM_REASON_##rs }

static const struct vfteam_policy_case vfteam_policy_cases[] = {
	C(ABSENT, ABSENT, IDLE, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 1, 1), IDLE, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 1, 0), IDLE, STANDBY, PRIMARY_ABSENT),
	C(ABSENT, V(1, 1, 1), IDLE, STANDBY, PRIMARY_ABSENT),
	C(V(0, 0, 0), ABSENT, IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 1, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 1, 0), IDLE, STANDBY, PRIMARY_DOWN),
	C(V(0, 0, 0), V(1, 1, 1), IDLE, STANDBY, PRIMARY_DOWN),
	C(V(0, 0, 1), ABSENT, IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 1, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 1, 0), IDLE, STANDBY, MIGRATION),
	C(V(0, 0, 1), V(1, 1, 1), IDLE, STANDBY, MIGRATION),
	C(V(0, 1, 0), ABSENT, IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 1, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 1, 0), IDLE, STANDBY, PRIMARY_DOWN),
	C(V(0, 1, 0), V(1, 1, 1), IDLE, STANDBY, PRIMARY_DOWN),
	C(V(0, 1, 1), ABSENT, IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 1, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 1, 0), IDLE, STANDBY, MIGRATION),
	C(V(0, 1, 1), V(1, 1, 1), IDLE, STANDBY, MIGRATION),
	C(V(1, 0, 0), ABSENT, IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 1, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 1, 0), IDLE, STANDBY, PRIMARY_NO_CARRIER),
	C(V(1, 0, 0), V(1, 1, 1), IDLE, STANDBY, PRIMARY_NO_CARRIER),
	C(V(1, 0, 1), ABSENT, IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 1, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 1, 0), IDLE, STANDBY, MIGRATION),
	C(V(1, 0, 1), V(1, 1, 1), IDLE, STANDBY, MIGRATION),
	C(V(1, 1, 0), ABSENT, IDLE, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(0, 0, 0), IDLE, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(0, 0, 1), IDLE, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(0, 1, 0), IDLE, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(0, 1, 1), IDLE, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(1, 0, 0), IDLE, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(1, 0, 1), IDLE, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(1, 1, 0), IDLE, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(1, 1, 1), IDLE, PRIMARY, PRIMARY),
	C(V(1, 1, 1), ABSENT, IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 1, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 0, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 0, 1), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 1, 0), IDLE, STANDBY, MIGRATION),
	C(V(1, 1, 1), V(1, 1, 1), IDLE, STANDBY, MIGRATION),
	C(ABSENT, ABSENT, PREPARING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 1, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 1, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 1, 0), PREPARING, STANDBY, PRIMARY_ABSENT),
	C(ABSENT, V(1, 1, 1), PREPARING, STANDBY, PRIMARY_ABSENT),
	C(V(0, 0, 0), ABSENT, PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 1, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 1, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 1, 0), PREPARING, STANDBY, MIGRATION),
	C(V(0, 0, 0), V(1, 1, 1), PREPARING, STANDBY, MIGRATION),
	C(V(0, 0, 1), ABSENT, PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 1, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 1, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 1, 0), PREPARING, STANDBY, MIGRATION),
	C(V(0, 0, 1), V(1, 1, 1), PREPARING, STANDBY, MIGRATION),
	C(V(0, 1, 0), ABSENT, PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 1, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 1, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 1, 0), PREPARING, STANDBY, MIGRATION),
	C(V(0, 1, 0), V(1, 1, 1), PREPARING, STANDBY, MIGRATION),
	C(V(0, 1, 1), ABSENT, PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 1, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 1, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 1, 0), PREPARING, STANDBY, MIGRATION),
	C(V(0, 1, 1), V(1, 1, 1), PREPARING, STANDBY, MIGRATION),
	C(V(1, 0, 0), ABSENT, PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 1, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 1, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 1, 0), PREPARING, STANDBY, MIGRATION),
	C(V(1, 0, 0), V(1, 1, 1), PREPARING, STANDBY, MIGRATION),
	C(V(1, 0, 1), ABSENT, PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 1, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 1, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 1, 0), PREPARING, STANDBY, MIGRATION),
	C(V(1, 0, 1), V(1, 1, 1), PREPARING, STANDBY, MIGRATION),
	C(V(1, 1, 0), ABSENT, PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(0, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(0, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(0, 1, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(0, 1, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(1, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(1, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(1, 1, 0), PREPARING, STANDBY, MIGRATION),
	C(V(1, 1, 0), V(1, 1, 1), PREPARING, STANDBY, MIGRATION),
	C(V(1, 1, 1), ABSENT, PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 1, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 1, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 0, 0), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 0, 1), PREPARING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 1, 0), PREPARING, STANDBY, MIGRATION),
	C(V(1, 1, 1), V(1, 1, 1), PREPARING, STANDBY, MIGRATION),
	C(ABSENT, ABSENT, READY, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 1, 0), READY, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 1, 1), READY, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 1, 0), READY, STANDBY, PRIMARY_ABSENT),
	C(ABSENT, V(1, 1, 1), READY, STANDBY, PRIMARY_ABSENT),
	C(V(0, 0, 0), ABSENT, READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 1, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 1, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 1, 0), READY, STANDBY, MIGRATION),
	C(V(0, 0, 0), V(1, 1, 1), READY, STANDBY, MIGRATION),
	C(V(0, 0, 1), ABSENT, READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 1, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 1, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 1, 0), READY, STANDBY, MIGRATION),
	C(V(0, 0, 1), V(1, 1, 1), READY, STANDBY, MIGRATION),
	C(V(0, 1, 0), ABSENT, READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 1, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 1, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 1, 0), READY, STANDBY, MIGRATION),
	C(V(0, 1, 0), V(1, 1, 1), READY, STANDBY, MIGRATION),
	C(V(0, 1, 1), ABSENT, READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 1, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 1, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 1, 0), READY, STANDBY, MIGRATION),
	C(V(0, 1, 1), V(1, 1, 1), READY, STANDBY, MIGRATION),
	C(V(1, 0, 0), ABSENT, READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 1, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 1, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 1, 0), READY, STANDBY, MIGRATION),
	C(V(1, 0, 0), V(1, 1, 1), READY, STANDBY, MIGRATION),
	C(V(1, 0, 1), ABSENT, READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 1, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 1, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 1, 0), READY, STANDBY, MIGRATION),
	C(V(1, 0, 1), V(1, 1, 1), READY, STANDBY, MIGRATION),
	C(V(1, 1, 0), ABSENT, READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(0, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(0, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(0, 1, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(0, 1, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(1, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(1, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), V(1, 1, 0), READY, STANDBY, MIGRATION),
	C(V(1, 1, 0), V(1, 1, 1), READY, STANDBY, MIGRATION),
	C(V(1, 1, 1), ABSENT, READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 1, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 1, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 0, 0), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 0, 1), READY, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 1, 0), READY, STANDBY, MIGRATION),
	C(V(1, 1, 1), V(1, 1, 1), READY, STANDBY, MIGRATION),
	C(ABSENT, ABSENT, REATTACHING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 1, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(0, 1, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(ABSENT, V(1, 1, 0), REATTACHING, STANDBY, PRIMARY_ABSENT),
	C(ABSENT, V(1, 1, 1), REATTACHING, STANDBY, PRIMARY_ABSENT),
	C(V(0, 0, 0), ABSENT, REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 1, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(0, 1, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 0), V(1, 1, 0), REATTACHING, STANDBY, PRIMARY_DOWN),
	C(V(0, 0, 0), V(1, 1, 1), REATTACHING, STANDBY, PRIMARY_DOWN),
	C(V(0, 0, 1), ABSENT, REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 1, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(0, 1, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 0, 1), V(1, 1, 0), REATTACHING, STANDBY, MIGRATION),
	C(V(0, 0, 1), V(1, 1, 1), REATTACHING, STANDBY, MIGRATION),
	C(V(0, 1, 0), ABSENT, REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 1, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(0, 1, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 0), V(1, 1, 0), REATTACHING, STANDBY, PRIMARY_DOWN),
	C(V(0, 1, 0), V(1, 1, 1), REATTACHING, STANDBY, PRIMARY_DOWN),
	C(V(0, 1, 1), ABSENT, REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 1, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(0, 1, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(0, 1, 1), V(1, 1, 0), REATTACHING, STANDBY, MIGRATION),
	C(V(0, 1, 1), V(1, 1, 1), REATTACHING, STANDBY, MIGRATION),
	C(V(1, 0, 0), ABSENT, REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 1, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(0, 1, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 0), V(1, 1, 0), REATTACHING, STANDBY, PRIMARY_NO_CARRIER),
	C(V(1, 0, 0), V(1, 1, 1), REATTACHING, STANDBY, PRIMARY_NO_CARRIER),
	C(V(1, 0, 1), ABSENT, REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 1, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(0, 1, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 0, 1), V(1, 1, 0), REATTACHING, STANDBY, MIGRATION),
	C(V(1, 0, 1), V(1, 1, 1), REATTACHING, STANDBY, MIGRATION),
	C(V(1, 1, 0), ABSENT, REATTACHING, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(0, 0, 0), REATTACHING, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(0, 0, 1), REATTACHING, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(0, 1, 0), REATTACHING, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(0, 1, 1), REATTACHING, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(1, 0, 0), REATTACHING, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(1, 0, 1), REATTACHING, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(1, 1, 0), REATTACHING, PRIMARY, PRIMARY),
	C(V(1, 1, 0), V(1, 1, 1), REATTACHING, PRIMARY, PRIMARY),
	C(V(1, 1, 1), ABSENT, REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 1, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(0, 1, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 0, 0), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 0, 1), REATTACHING, NONE, NO_USABLE_PORT),
	C(V(1, 1, 1), V(1, 1, 0), REATTACHING, STANDBY, MIGRATION),
	C(V(1, 1, 1), V(1, 1, 1), REATTACHING, STANDBY, MIGRATION),

	/* a port whose MAC was changed under the team is never used */
	C(VF(1, 1, 0), V(1, 1, 0), IDLE, STANDBY, PRIMARY_MAC_CHANGED),
	C(VF(1, 1, 0), V(1, 1, 0), REATTACHING, STANDBY, PRIMARY_MAC_CHANGED),
	C(VF(1, 1, 0), ABSENT, IDLE, NONE, NO_USABLE_PORT),
	C(VF(1, 1, 0), VF(1, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(ABSENT, VF(1, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(V(1, 1, 0), VF(1, 1, 0), IDLE, PRIMARY, PRIMARY),
	C(V(0, 1, 0), VF(1, 1, 0), IDLE, NONE, NO_USABLE_PORT),
	C(VF(1, 1, 1), V(1, 1, 0), IDLE, STANDBY, MIGRATION),

	/*
	 * a primary held back after flapping waits on the standby, but is
	 * better than no port; a hold says nothing of a down, carrierless or
	 * released primary
	 */
	C(VH(1, 1, 0), V(1, 1, 0), IDLE, STANDBY, PRIMARY_FLAPPING),
	C(VH(1, 1, 0), V(1, 1, 0), REATTACHING, STANDBY, PRIMARY_FLAPPING),
	C(VH(1, 1, 0), ABSENT, IDLE, PRIMARY, PRIMARY),
	C(VH(1, 1, 0), V(1, 0, 0), IDLE, PRIMARY, PRIMARY),
	C(VH(1, 0, 0), V(1, 1, 0), IDLE, STANDBY, PRIMARY_NO_CARRIER),
	C(VH(0, 1, 0), V(1, 1, 0), IDLE, STANDBY, PRIMARY_DOWN),
	C(VH(1, 1, 1), V(1, 1, 0), IDLE, STANDBY, MIGRATION),
	C(VH(1, 1, 0), V(1, 1, 0), PREPARING, STANDBY, MIGRATION),

	/* a primary that cannot receive what the team must is never used */
	C(VR(1, 1, 0), V(1, 1, 0), IDLE, STANDBY, PRIMARY_RX_FILTER),
	C(VR(1, 1, 0), ABSENT, IDLE, NONE, NO_USABLE_PORT),
	C(VR(1, 0, 0), V(1, 1, 0), IDLE, STANDBY, PRIMARY_NO_CARRIER),
	C(VR(1, 1, 1), V(1, 1, 0), IDLE, STANDBY, MIGRATION),
};

#undef C
#undef ABSENT
#undef VH
#undef VR
#undef VF
#undef V

static void vfteam_view_desc(const struct vfteam_port_view *v, char *buf,
			     size_t len)
{
	if (!v->present)
		snprintf(buf, len, "absent");
	else
		snprintf(buf, len, "%s,%s%s%s%s%s", v->running ? "up" : "down",
			 v->carrier ? "carrier" : "no-carrier",
			 v->released ? ",released" : "",
			 v->foreign_mac ? ",foreign-mac" : "",
			 v->rx_filter_short ? ",rx-filter-short" : "",
			 v->held ? ",held" : "");
}

static void vfteam_policy_desc(const struct vfteam_policy_case *c, char *desc)
{
	char p[40], s[40];

	vfteam_view_desc(&c->primary, p, sizeof(p));
	vfteam_view_desc(&c->standby, s, sizeof(s));
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s P[%s] S[%s]",
		 vfteam_mig_state_name(c->st), p, s);
}

KUNIT_ARRAY_PARAM(vfteam_policy, vfteam_policy_cases, vfteam_policy_desc);

static void vfteam_policy_decides(struct kunit *test)
{
	const struct vfteam_policy_case *c = test->param_value;
	struct vfteam_decision d;

	KUNIT_ASSERT_NOT_NULL(test, c);
	d = vfteam_policy_choose(&c->primary, &c->standby, c->st);
	KUNIT_EXPECT_STREQ(test, vfteam_policy_choice_name(d.choice),
			   vfteam_policy_choice_name(c->choice));
	KUNIT_EXPECT_STREQ(test, vfteam_policy_reason_name(d.reason),
			   vfteam_policy_reason_name(c->reason));
}

/* whatever the inputs, a port that cannot carry traffic is never chosen */
static void vfteam_policy_never_unusable(struct kunit *test)
{
	const struct vfteam_policy_case *c = test->param_value;
	struct vfteam_decision d;

	KUNIT_ASSERT_NOT_NULL(test, c);
	d = vfteam_policy_choose(&c->primary, &c->standby, c->st);
	if (d.choice == VFTEAM_CHOICE_PRIMARY) {
		KUNIT_EXPECT_TRUE(test, vfteam_policy_usable(&c->primary));
		KUNIT_EXPECT_FALSE(test, c->primary.released);
	}
	if (d.choice == VFTEAM_CHOICE_STANDBY)
		KUNIT_EXPECT_TRUE(test, vfteam_policy_usable(&c->standby));
	/* and the same inputs always give the same answer (no flapping) */
	KUNIT_EXPECT_EQ(test, (int)vfteam_policy_choose(&c->primary, &c->standby,
							c->st).choice, (int)d.choice);
}

/* NULL views are treated as absent ports */
static void vfteam_policy_null_views(struct kunit *test)
{
	struct vfteam_decision d = vfteam_policy_choose(NULL, NULL, VFTEAM_MIG_IDLE);

	KUNIT_EXPECT_EQ(test, (int)d.choice, (int)VFTEAM_CHOICE_NONE);
	KUNIT_EXPECT_EQ(test, (int)d.reason, (int)VFTEAM_REASON_NO_USABLE_PORT);
}

static void vfteam_policy_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, vfteam_policy_reason_name(VFTEAM_REASON_PRIMARY),
			   "primary");
	KUNIT_EXPECT_STREQ(test,
			   vfteam_policy_reason_name(VFTEAM_REASON_PRIMARY_ABSENT),
			   "primary-absent");
	KUNIT_EXPECT_STREQ(test, vfteam_policy_reason_name(VFTEAM_REASON_MIGRATION),
			   "migration");
	KUNIT_EXPECT_STREQ(test, vfteam_policy_reason_name(VFTEAM_REASON_PRIMARY_DOWN),
			   "primary-down");
	KUNIT_EXPECT_STREQ(test,
			   vfteam_policy_reason_name(VFTEAM_REASON_PRIMARY_NO_CARRIER),
			   "primary-no-carrier");
	KUNIT_EXPECT_STREQ(test,
			   vfteam_policy_reason_name(VFTEAM_REASON_PRIMARY_MAC_CHANGED),
			   "primary-mac-changed");
	KUNIT_EXPECT_STREQ(test,
			   vfteam_policy_reason_name(VFTEAM_REASON_PRIMARY_RX_FILTER),
			   "primary-rx-filter");
	KUNIT_EXPECT_STREQ(test,
			   vfteam_policy_reason_name(VFTEAM_REASON_PRIMARY_FLAPPING),
			   "primary-flapping");
	KUNIT_EXPECT_STREQ(test,
			   vfteam_policy_reason_name(VFTEAM_REASON_NO_USABLE_PORT),
			   "no-usable-port");
	KUNIT_EXPECT_STREQ(test, vfteam_policy_reason_name(VFTEAM_REASON_NR),
			   "unknown");
}

static struct kunit_case vfteam_policy_test_cases[] = {
	KUNIT_CASE_PARAM(vfteam_policy_decides, vfteam_policy_gen_params),
	KUNIT_CASE_PARAM(vfteam_policy_never_unusable, vfteam_policy_gen_params),
	KUNIT_CASE(vfteam_policy_null_views),
	KUNIT_CASE(vfteam_policy_names),
	{}
};

static struct kunit_suite vfteam_policy_suite = {
	.name = "vfteam_policy",
	.test_cases = vfteam_policy_test_cases,
};

kunit_test_suites(&vfteam_policy_suite);
