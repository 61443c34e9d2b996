/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam team: the net_device the guest configures, and what it holds.
 */
#ifndef _VFTEAM_TEAM_H
#define _VFTEAM_TEAM_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/netdevice.h>
#include <linux/ratelimit_types.h>
#include <linux/rtnetlink.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/rtnetlink.h>

#include "mig_state.h"
#include "policy.h"
#include "port.h"

#define VFTEAM_SENT_SRC_BITS	6
#define VFTEAM_SENT_SRC_SLOTS	BIT(VFTEAM_SENT_SRC_BITS)

struct vfteam_sent_src {
	u64 addr;		/* ether_addr_to_u64(); 0: empty */
	unsigned long at;	/* jiffies when last sent from */
};

struct vfteam {
	struct net_device *dev;		/* the team netdev; constant */

	/*
	 * Ports by role.  Written under RTNL and team->stats_lock (so the
	 * stats fold is atomic); read under RTNL (rtnl_dereference) or RCU.
	 */
	struct vfteam_port __rcu *ports[VFTEAM_ROLE_NR];

	/* port carrying traffic; written under RTNL (select.c), read under RCU-bh */
	struct vfteam_port __rcu *active;
	/* RTNL (select.c): why active is what it is; sysfs reads locklessly */
	enum vfteam_reason reason;
	/*
	 * RTNL (select.c) writes, lockless READ_ONCE readers: the switches
	 * made for each reason; their sum is the team's (vfteam_team_switches)
	 */
	u64 switches_by[VFTEAM_REASON_NR];
	/* RTNL (select.c): the switch log line's rate limit, lines not logged */
	struct ratelimit_state switch_log_rs;
	unsigned int switch_log_missed;

	/*
	 * RTNL (select.c): flap damping.  flap_hold_ms: how long a primary
	 * that failed (flap_failed) soon after the team's last return to it
	 * (flap_back_at, valid if flap_returned) must be usable (since
	 * flap_usable_since, valid if flap_usable) before it is taken back;
	 * flap_work reselects at the end of that hold and holds a dev ref
	 * while queued.
	 */
	unsigned int flap_hold_ms;
	bool flap_failed;
	bool flap_returned;
	bool flap_usable;
	unsigned long flap_back_at;
	unsigned long flap_usable_since;
	struct delayed_work flap_work;

	/* RTNL (migration.c): migration state; sysfs reads it locklessly */
	enum vfteam_mig_state mig_state;
	/*
	 * RTNL: how long a primary released by "prepare" keeps receiving
	 * before it is quiesced, in ms (0: at once); sysfs prepare_grace_ms.
	 * A plugin port's MTU or queue change drains the same way, for at
	 * most 500 ms (plugin_port.c).
	 */
	unsigned int mig_grace_ms;
	/* quiesces that primary after the grace; holds a dev ref while queued */
	struct delayed_work mig_quiesce_work;
	/*
	 * RTNL: when the last prepare's grace ends (jiffies).  An earlier
	 * prepare's work that abort could not cancel (it was already waiting
	 * for RTNL) must not cut a later prepare's grace short.
	 */
	unsigned long mig_quiesce_at;

	/*
	 * The team is promiscuous or has unicast addresses besides its own (a
	 * bridge, a macvlan on top), which a plugin port receives only through
	 * its set_rx_filter op.  Written in ndo_set_rx_mode (addr lock), read
	 * under RTNL; each call queues rx_mode_work, which hands the lists to
	 * the ports that sync them late and reselects (it holds a dev ref
	 * while queued).
	 */
	bool rx_wide;
	struct work_struct rx_mode_work;

	/* RTNL: devices with the team's MAC join by themselves (sysfs) */
	bool auto_join;

	/*
	 * RTNL (ethtool.c): interrupt moderation from ethtool -C rx-usecs,
	 * given to each plugin port that has the op when it starts;
	 * irq_usecs_set: -C was used (until then, the device's default)
	 */
	unsigned int irq_usecs;
	bool irq_usecs_set;
	/*
	 * RTNL (ethtool.c): the queue pairs of ethtool -L, run by each
	 * plugin port that can when it joins; 0: one per online CPU
	 */
	unsigned int queues;

	/* RTNL: the team itself is changing a port's MTU or MAC right now */
	bool own_change;

	/*
	 * Data path, lockless: source MACs other than the team's that it sent
	 * from lately (those of guests behind a bridge on the team, of a
	 * macvlan on it), by hash, for the own-frame filter (txrx.h).  A
	 * racing write can lose an entry or pair an address with another's
	 * time: at worst one looped frame goes up, or one frame from an
	 * address that moved away is dropped on the inactive port.
	 */
	struct vfteam_sent_src sent_src[VFTEAM_SENT_SRC_SLOTS];

	/* data path, lockless: tx dropped because no port was active */
	atomic64_t lost_no_port;
	/* data path, lockless: tx refused by the port it was sent through */
	atomic64_t lost_refused;
	/* data path, lockless: declined by a plugin port, and no standby */
	atomic64_t lost_declined;

	/*
	 * Leaf lock: ports[] publish/unpublish, each port's last/sum and
	 * carried, against ndo_get_stats64, which may run without RTNL
	 */
	spinlock_t stats_lock;
	/* counters of ports that left the team */
	struct rtnl_link_stats64 carried;
};

static inline struct vfteam_port *
vfteam_port_rtnl(struct vfteam *team, enum vfteam_role role)
{
	return rtnl_dereference(team->ports[role]);
}

extern struct rtnl_link_ops vfteam_team_link_ops;
bool vfteam_team_is(const struct net_device *dev);
struct vfteam *vfteam_team_create_rtnl(struct net *net, const char *name,
				       const u8 *mac);
struct vfteam *vfteam_team_find_rtnl(struct net *net, const u8 *mac,
				     enum vfteam_role role);
void vfteam_team_compute_features_rtnl(struct vfteam *team);
u64 vfteam_team_lost_packets(struct vfteam *team);

/* every switch of the team's active port, whatever the reason */
static inline u64 vfteam_team_switches(const struct vfteam *team)
{
	u64 n = 0;
	int i;

	for (i = 0; i < VFTEAM_REASON_NR; i++)
		n += READ_ONCE(team->switches_by[i]);
	return n;
}

#endif /* _VFTEAM_TEAM_H */
