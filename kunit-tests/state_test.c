// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: vfteam migration state machine (suite vfteam_state) and the
 * sysfs input parser (suite vfteam_sysfs_parse).
 *
 * Locking: none, pure functions.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "../team-driver/mig_state.c"

struct vfteam_trans_case {
	enum vfteam_mig_state cur;
	enum vfteam_mig_event ev;
	int ret;
	enum vfteam_mig_state next;	/* meaningful if ret == 0 */
};

#define T(c, e, r, n) { VFTEAM_MIG_##c, VFTEAM_MIG_EV_##e, r, VFTEAM_MIG_##n }

/* every state x every event */
static const struct vfteam_trans_case vfteam_trans_cases[] = {
	T(IDLE, PREPARE, 0, PREPARING),
	T(IDLE, ABORT, 0, IDLE),
	T(IDLE, PREPARED, -EBUSY, IDLE),
	T(IDLE, PRIMARY_GONE, 0, IDLE),
	T(IDLE, PRIMARY_JOINED, 0, IDLE),
	T(PREPARING, PREPARE, -EBUSY, PREPARING),
	T(PREPARING, ABORT, 0, IDLE),
	T(PREPARING, PREPARED, 0, READY),
	T(PREPARING, PRIMARY_GONE, 0, REATTACHING),
	T(PREPARING, PRIMARY_JOINED, -EBUSY, PREPARING),
	T(READY, PREPARE, -EBUSY, READY),
	T(READY, ABORT, 0, IDLE),
	T(READY, PREPARED, -EBUSY, READY),
	T(READY, PRIMARY_GONE, 0, REATTACHING),
	T(READY, PRIMARY_JOINED, -EBUSY, READY),
	T(REATTACHING, PREPARE, -EBUSY, REATTACHING),
	T(REATTACHING, ABORT, 0, IDLE),
	T(REATTACHING, PREPARED, -EBUSY, REATTACHING),
	T(REATTACHING, PRIMARY_GONE, 0, REATTACHING),
	T(REATTACHING, PRIMARY_JOINED, 0, IDLE),
};

#undef T

static void vfteam_trans_desc(const struct vfteam_trans_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s+%s",
		 vfteam_mig_state_name(c->cur), vfteam_mig_state_event_name(c->ev));
}

KUNIT_ARRAY_PARAM(vfteam_trans, vfteam_trans_cases, vfteam_trans_desc);

static void vfteam_state_transition(struct kunit *test)
{
	const struct vfteam_trans_case *c = test->param_value;
	enum vfteam_mig_state next = VFTEAM_MIG_NR_STATES;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, c);
	ret = vfteam_mig_state_next(c->cur, c->ev, &next);
	KUNIT_EXPECT_EQ(test, ret, c->ret);
	if (c->ret)
		KUNIT_EXPECT_EQ(test, next, VFTEAM_MIG_NR_STATES);
	else
		KUNIT_EXPECT_EQ(test, next, c->next);
}

/* the table above really covers every (state, event) pair exactly once */
static void vfteam_state_table_complete(struct kunit *test)
{
	unsigned int seen[VFTEAM_MIG_NR_STATES][VFTEAM_MIG_NR_EVENTS] = {};
	unsigned int i, s, e;

	for (i = 0; i < ARRAY_SIZE(vfteam_trans_cases); i++) {
		const struct vfteam_trans_case *c = &vfteam_trans_cases[i];

		KUNIT_ASSERT_LT(test, (unsigned int)c->cur, VFTEAM_MIG_NR_STATES);
		KUNIT_ASSERT_LT(test, (unsigned int)c->ev, VFTEAM_MIG_NR_EVENTS);
		seen[c->cur][c->ev]++;
	}
	for (s = 0; s < VFTEAM_MIG_NR_STATES; s++)
		for (e = 0; e < VFTEAM_MIG_NR_EVENTS; e++)
			KUNIT_EXPECT_EQ(test, seen[s][e], 1U);
}

static void vfteam_state_out_of_range(struct kunit *test)
{
	enum vfteam_mig_state next = VFTEAM_MIG_IDLE;

	KUNIT_EXPECT_EQ(test, vfteam_mig_state_next(VFTEAM_MIG_NR_STATES,
						    VFTEAM_MIG_EV_ABORT, &next),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vfteam_mig_state_next(VFTEAM_MIG_IDLE,
						    VFTEAM_MIG_NR_EVENTS, &next),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, next, VFTEAM_MIG_IDLE);
}

/* a full planned migration, then an aborted one */
static void vfteam_state_walk(struct kunit *test)
{
	static const enum vfteam_mig_event planned[] = {
		VFTEAM_MIG_EV_PREPARE, VFTEAM_MIG_EV_PREPARED,
		VFTEAM_MIG_EV_PRIMARY_GONE, VFTEAM_MIG_EV_PRIMARY_JOINED,
	};
	enum vfteam_mig_state st = VFTEAM_MIG_IDLE;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(planned); i++)
		KUNIT_ASSERT_EQ(test, vfteam_mig_state_next(st, planned[i], &st), 0);
	KUNIT_EXPECT_EQ(test, st, VFTEAM_MIG_IDLE);

	KUNIT_ASSERT_EQ(test, vfteam_mig_state_next(st, VFTEAM_MIG_EV_PREPARE, &st), 0);
	KUNIT_ASSERT_EQ(test, vfteam_mig_state_next(st, VFTEAM_MIG_EV_PREPARED, &st), 0);
	KUNIT_EXPECT_EQ(test, st, VFTEAM_MIG_READY);
	KUNIT_ASSERT_EQ(test, vfteam_mig_state_next(st, VFTEAM_MIG_EV_ABORT, &st), 0);
	KUNIT_EXPECT_EQ(test, st, VFTEAM_MIG_IDLE);
}

static void vfteam_state_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, vfteam_mig_state_name(VFTEAM_MIG_IDLE), "idle");
	KUNIT_EXPECT_STREQ(test, vfteam_mig_state_name(VFTEAM_MIG_PREPARING),
			   "preparing");
	KUNIT_EXPECT_STREQ(test, vfteam_mig_state_name(VFTEAM_MIG_READY), "ready");
	KUNIT_EXPECT_STREQ(test, vfteam_mig_state_name(VFTEAM_MIG_REATTACHING),
			   "reattaching");
	KUNIT_EXPECT_STREQ(test, vfteam_mig_state_name(VFTEAM_MIG_NR_STATES),
			   "unknown");
}

static struct kunit_case vfteam_state_cases[] = {
	KUNIT_CASE_PARAM(vfteam_state_transition, vfteam_trans_gen_params),
	KUNIT_CASE(vfteam_state_table_complete),
	KUNIT_CASE(vfteam_state_out_of_range),
	KUNIT_CASE(vfteam_state_walk),
	KUNIT_CASE(vfteam_state_names),
	{}
};

static struct kunit_suite vfteam_state_suite = {
	.name = "vfteam_state",
	.test_cases = vfteam_state_cases,
};

struct vfteam_parse_case {
	const char *in;
	int ret;
	enum vfteam_mig_event ev;	/* meaningful if ret == 0 */
};

static const struct vfteam_parse_case vfteam_parse_cases[] = {
	{ "prepare", 0, VFTEAM_MIG_EV_PREPARE },
	{ "prepare\n", 0, VFTEAM_MIG_EV_PREPARE },
	{ "abort", 0, VFTEAM_MIG_EV_ABORT },
	{ "abort\n", 0, VFTEAM_MIG_EV_ABORT },
	{ "", -EINVAL },
	{ "\n", -EINVAL },
	{ "prep", -EINVAL },
	{ "prepared", -EINVAL },
	{ "prepare now", -EINVAL },
	{ "PREPARE", -EINVAL },
	{ "Abort", -EINVAL },
	{ "abort\n\n", -EINVAL },
	{ " abort", -EINVAL },
	{ "abort ", -EINVAL },
	{ "prepare\r\n", -EINVAL },
	{ "idle", -EINVAL },
};

static void vfteam_parse_desc(const struct vfteam_parse_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%*pE\"",
		 (int)strlen(c->in), c->in);
}

KUNIT_ARRAY_PARAM(vfteam_parse, vfteam_parse_cases, vfteam_parse_desc);

static void vfteam_sysfs_parse_input(struct kunit *test)
{
	const struct vfteam_parse_case *c = test->param_value;
	enum vfteam_mig_event ev = VFTEAM_MIG_NR_EVENTS;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, vfteam_mig_state_parse(c->in, strlen(c->in), &ev),
			c->ret);
	if (c->ret)
		KUNIT_EXPECT_EQ(test, ev, VFTEAM_MIG_NR_EVENTS);
	else
		KUNIT_EXPECT_EQ(test, ev, c->ev);
}

/* sysfs hands over a count; bytes after it must not be looked at */
static void vfteam_sysfs_parse_len(struct kunit *test)
{
	enum vfteam_mig_event ev = VFTEAM_MIG_NR_EVENTS;

	KUNIT_EXPECT_EQ(test, vfteam_mig_state_parse("abortXYZ", 5, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev, VFTEAM_MIG_EV_ABORT);
	KUNIT_EXPECT_EQ(test, vfteam_mig_state_parse("prepare", 4, &ev), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfteam_mig_state_parse("prepare", 0, &ev), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfteam_mig_state_parse(NULL, 0, &ev), -EINVAL);
}

static struct kunit_case vfteam_sysfs_parse_cases[] = {
	KUNIT_CASE_PARAM(vfteam_sysfs_parse_input, vfteam_parse_gen_params),
	KUNIT_CASE(vfteam_sysfs_parse_len),
	{}
};

static struct kunit_suite vfteam_sysfs_parse_suite = {
	.name = "vfteam_sysfs_parse",
	.test_cases = vfteam_sysfs_parse_cases,
};

kunit_test_suites(&vfteam_state_suite, &vfteam_sysfs_parse_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for vfteam's migration state machine, parser and policy");
MODULE_IMPORT_NS(VFTEAM_TESTS);
