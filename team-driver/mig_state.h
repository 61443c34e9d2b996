/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam guest-side migration state machine: pure functions, no netdev
 * dependencies, so KUnit can drive them on plain values.
 *
 * States: idle, preparing, ready, reattaching.
 *
 *   cur \ event   PREPARE    ABORT     PREPARED  PRIMARY_GONE  PRIMARY_JOINED
 *   idle          preparing  idle (*)  -EBUSY    idle          idle
 *   preparing     -EBUSY     idle      ready     reattaching   -EBUSY
 *   ready         -EBUSY     idle      -EBUSY    reattaching   -EBUSY
 *   reattaching   -EBUSY     idle      -EBUSY    reattaching   idle
 *
 * (*) ABORT while idle is a harmless no-op: it returns 0 and *next stays
 *     idle, so "echo abort" is idempotent and a clean-up script may always
 *     write it.  The caller sees next == cur and notifies nobody.
 *
 * idle + PRIMARY_GONE is an unplanned loss of the primary: the team fails
 * over to the standby and stays idle.  idle + PRIMARY_JOINED is a primary
 * that joins a team which had none: it simply joins.  reattaching +
 * PRIMARY_GONE is a freshly joined primary that left again before carrying
 * traffic: keep waiting.  preparing + PRIMARY_GONE (the host unplugged the
 * primary before the guest reached ready) still waits for a new primary.
 *
 * Every other pair is refused with -EBUSY and *next is left untouched.
 */
#ifndef _VFTEAM_MIG_STATE_H
#define _VFTEAM_MIG_STATE_H

#include <linux/types.h>

enum vfteam_mig_state {
	VFTEAM_MIG_IDLE,
	VFTEAM_MIG_PREPARING,
	VFTEAM_MIG_READY,
	VFTEAM_MIG_REATTACHING,
	VFTEAM_MIG_NR_STATES,
};

enum vfteam_mig_event {
	VFTEAM_MIG_EV_PREPARE,		/* user wrote "prepare" */
	VFTEAM_MIG_EV_ABORT,		/* user wrote "abort" */
	VFTEAM_MIG_EV_PREPARED,		/* standby carries traffic, primary quiesced */
	VFTEAM_MIG_EV_PRIMARY_GONE,	/* primary left the team (unregistered) */
	VFTEAM_MIG_EV_PRIMARY_JOINED,	/* a new primary carries traffic */
	VFTEAM_MIG_NR_EVENTS,
};

int vfteam_mig_state_next(enum vfteam_mig_state cur, enum vfteam_mig_event ev,
			  enum vfteam_mig_state *next);
const char *vfteam_mig_state_name(enum vfteam_mig_state st);
const char *vfteam_mig_state_event_name(enum vfteam_mig_event ev);

/*
 * Parse what user space wrote to .../vfteam/migration: exactly "prepare" or
 * "abort", optionally followed by one newline (sysfs_streq() semantics).
 * Returns 0 and sets *ev, or -EINVAL (and *ev is untouched).
 */
int vfteam_mig_state_parse(const char *buf, size_t len, enum vfteam_mig_event *ev);

#endif /* _VFTEAM_MIG_STATE_H */
