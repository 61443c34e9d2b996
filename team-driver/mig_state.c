// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam migration state machine and sysfs input parser.
 *
 * Locking: none here.  These are pure functions of their arguments; the
 * callers hold RTNL around the read-modify-write of team->mig_state.
 * KUnit includes this file directly (kunit-tests/state_test.c).
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "mig_state.h"

#define VFTEAM_MIG_BUSY (-1)

/* transitions[cur][ev]: the next state, or VFTEAM_MIG_BUSY if refused */
static const int vfteam_mig_state_table[VFTEAM_MIG_NR_STATES][VFTEAM_MIG_NR_EVENTS] = {
	[VFTEAM_MIG_IDLE] = {
		[VFTEAM_MIG_EV_PREPARE]		= VFTEAM_MIG_PREPARING,
		[VFTEAM_MIG_EV_ABORT]		= VFTEAM_MIG_IDLE,
		[VFTEAM_MIG_EV_PREPARED]	= VFTEAM_MIG_BUSY,
		[VFTEAM_MIG_EV_PRIMARY_GONE]	= VFTEAM_MIG_IDLE,
		[VFTEAM_MIG_EV_PRIMARY_JOINED]	= VFTEAM_MIG_IDLE,
	},
	[VFTEAM_MIG_PREPARING] = {
		[VFTEAM_MIG_EV_PREPARE]		= VFTEAM_MIG_BUSY,
		[VFTEAM_MIG_EV_ABORT]		= VFTEAM_MIG_IDLE,
		[VFTEAM_MIG_EV_PREPARED]	= VFTEAM_MIG_READY,
		[VFTEAM_MIG_EV_PRIMARY_GONE]	= VFTEAM_MIG_REATTACHING,
		[VFTEAM_MIG_EV_PRIMARY_JOINED]	= VFTEAM_MIG_BUSY,
	},
	[VFTEAM_MIG_READY] = {
		[VFTEAM_MIG_EV_PREPARE]		= VFTEAM_MIG_BUSY,
		[VFTEAM_MIG_EV_ABORT]		= VFTEAM_MIG_IDLE,
		[VFTEAM_MIG_EV_PREPARED]	= VFTEAM_MIG_BUSY,
		[VFTEAM_MIG_EV_PRIMARY_GONE]	= VFTEAM_MIG_REATTACHING,
		[VFTEAM_MIG_EV_PRIMARY_JOINED]	= VFTEAM_MIG_BUSY,
	},
	[VFTEAM_MIG_REATTACHING] = {
		[VFTEAM_MIG_EV_PREPARE]		= VFTEAM_MIG_BUSY,
		[VFTEAM_MIG_EV_ABORT]		= VFTEAM_MIG_IDLE,
		[VFTEAM_MIG_EV_PREPARED]	= VFTEAM_MIG_BUSY,
		[VFTEAM_MIG_EV_PRIMARY_GONE]	= VFTEAM_MIG_REATTACHING,
		[VFTEAM_MIG_EV_PRIMARY_JOINED]	= VFTEAM_MIG_IDLE,
	},
};

int vfteam_mig_state_next(enum vfteam_mig_state cur, enum vfteam_mig_event ev,
			  enum vfteam_mig_state *next)
{
	int to;

	if ((unsigned int)cur >= VFTEAM_MIG_NR_STATES ||
	    (unsigned int)ev >= VFTEAM_MIG_NR_EVENTS)
		return -EINVAL;

	to = vfteam_mig_state_table[cur][ev];
	if (to == VFTEAM_MIG_BUSY)
		return -EBUSY;

	*next = to;
	return 0;
}

static const char * const vfteam_mig_state_names[VFTEAM_MIG_NR_STATES] = {
	[VFTEAM_MIG_IDLE]		= "idle",
	[VFTEAM_MIG_PREPARING]		= "preparing",
	[VFTEAM_MIG_READY]		= "ready",
	[VFTEAM_MIG_REATTACHING]	= "reattaching",
};

const char *vfteam_mig_state_name(enum vfteam_mig_state st)
{
	if ((unsigned int)st >= VFTEAM_MIG_NR_STATES)
		return "unknown";
	return vfteam_mig_state_names[st];
}

static const char * const vfteam_mig_state_event_names[VFTEAM_MIG_NR_EVENTS] = {
	[VFTEAM_MIG_EV_PREPARE]		= "prepare",
	[VFTEAM_MIG_EV_ABORT]		= "abort",
	[VFTEAM_MIG_EV_PREPARED]	= "prepared",
	[VFTEAM_MIG_EV_PRIMARY_GONE]	= "primary-gone",
	[VFTEAM_MIG_EV_PRIMARY_JOINED]	= "primary-joined",
};

const char *vfteam_mig_state_event_name(enum vfteam_mig_event ev)
{
	if ((unsigned int)ev >= VFTEAM_MIG_NR_EVENTS)
		return "unknown";
	return vfteam_mig_state_event_names[ev];
}

/* true if buf[0..len) is word, optionally followed by exactly one '\n' */
static bool vfteam_mig_state_word_is(const char *buf, size_t len, const char *word)
{
	size_t wlen = strlen(word);

	len = strnlen(buf, len);
	if (len && buf[len - 1] == '\n')
		len--;

	return len == wlen && !memcmp(buf, word, wlen);
}

int vfteam_mig_state_parse(const char *buf, size_t len, enum vfteam_mig_event *ev)
{
	if (!buf)
		return -EINVAL;

	if (vfteam_mig_state_word_is(buf, len, "prepare")) {
		*ev = VFTEAM_MIG_EV_PREPARE;
		return 0;
	}
	if (vfteam_mig_state_word_is(buf, len, "abort")) {
		*ev = VFTEAM_MIG_EV_ABORT;
		return 0;
	}
	return -EINVAL;
}
