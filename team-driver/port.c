// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam ports: what is common to both kinds (port.h): names, the view the
 * policy gets, allocation and RCU-deferred free, publishing to the data
 * path with the counters each port brings and takes away, and what the
 * team does after a port left.  What differs goes through port->ops.
 *
 * Lock order: RTNL > team->stats_lock.  Everything here runs under RTNL
 * but vfteam_port_stats_sum(), which runs under team->stats_lock from
 * ndo_get_stats64.  A port becomes visible to the data path only through
 * vfteam_port_publish_rtnl() (and, for a netdev port, its rx_handler) and
 * stops being visible before it is freed: the active pointer is moved
 * away first, and the struct is freed after an RCU grace period.
 */
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "main.h"
#include "migration.h"
#include "plugin_port.h"
#include "plugin_wait.h"
#include "port.h"
#include "select.h"
#include "team.h"

static const char * const vfteam_port_role_names[VFTEAM_ROLE_NR] = {
	[VFTEAM_ROLE_PRIMARY]	= "primary",
	[VFTEAM_ROLE_STANDBY]	= "standby",
};

const char *vfteam_port_role_name(enum vfteam_role role)
{
	if ((unsigned int)role >= VFTEAM_ROLE_NR)
		return "unknown";
	return vfteam_port_role_names[role];
}

/* the port's name: its netdev's, or "<plugin>@<device>"; "none" for NULL */
const char *vfteam_port_name(const struct vfteam_port *port)
{
	return port ? port->ops->name(port) : "none";
}

struct vfteam_port *vfteam_port_next_rtnl(struct vfteam *team, int *role)
{
	struct vfteam_port *port;

	for (; *role < VFTEAM_ROLE_NR; (*role)++) {
		port = vfteam_port_rtnl(team, *role);
		if (port)
			return port;
	}
	return NULL;
}

struct vfteam_port *vfteam_port_next_lower_rtnl(struct vfteam *team,
						int *role)
{
	struct vfteam_port *port;

	for (; (port = vfteam_port_next_rtnl(team, role)); (*role)++)
		if (port->dev)
			return port;
	return NULL;
}

/* what the policy sees of @port; @gone is treated as absent */
void vfteam_port_view_rtnl(const struct vfteam_port *port,
			   const struct vfteam_port *gone,
			   struct vfteam_port_view *view)
{
	memset(view, 0, sizeof(*view));
	if (!port || port == gone)
		return;

	view->present = true;
	view->released = port->released;
	port->ops->view(port, view);
}

/* a zeroed port of @size bytes (a kind's struct around struct vfteam_port) */
struct vfteam_port *vfteam_port_alloc(struct vfteam *team,
				      const struct vfteam_port_ops *ops,
				      enum vfteam_role role, size_t size)
{
	struct vfteam_port *port;

	if (WARN_ON_ONCE(size < sizeof(*port)))
		return NULL;
	port = kzalloc(size, GFP_KERNEL);
	if (!port)
		return NULL;
	port->team = team;
	port->ops = ops;
	port->role = role;
	return port;
}

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * Set by the KUnit suites: free a port at once (after a grace period) in
 * place of kfree_rcu(), so that a use of a released port in the control
 * path is a use after free KASAN sees, not one hidden by the deferred free.
 */
bool vfteam_port_free_now;
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_port_free_now);
#endif

/*
 * Free a released port: RCU readers (team->ports[], team->active) may
 * still hold it.  Nothing may touch @port after this call.
 */
void vfteam_port_free(struct vfteam_port *port)
{
#if IS_ENABLED(CONFIG_KUNIT)
	if (READ_ONCE(vfteam_port_free_now)) {
		synchronize_rcu();
		kfree(port);
		return;
	}
#endif
	kfree_rcu(port, rcu);
}

/*
 * sum += now - last, field by field, counting only what went up: a lower
 * driver that resets its counters (down/up, a quiesce) makes them go
 * down, and that is not traffic.  last becomes now.
 */
void vfteam_port_stats_fold(struct rtnl_link_stats64 *sum,
			    struct rtnl_link_stats64 *last,
			    const struct rtnl_link_stats64 *now)
{
	const u64 *n = (const u64 *)now;
	u64 *l = (u64 *)last;
	u64 *s = (u64 *)sum;
	size_t i;

	BUILD_BUG_ON(sizeof(*sum) % sizeof(u64));
	for (i = 0; i < sizeof(*sum) / sizeof(u64); i++) {
		if (n[i] > l[i])
			s[i] += n[i] - l[i];
		l[i] = n[i];
	}
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_port_stats_fold);

/* team->stats_lock held: what @port did in its team, up to now */
void vfteam_port_stats_sum(struct vfteam_port *port,
			   struct rtnl_link_stats64 *stats)
{
	struct rtnl_link_stats64 now;

	lockdep_assert_held(&port->team->stats_lock);
	port->ops->get_stats(port, &now);
	vfteam_port_stats_fold(&port->sum, &port->last, &now);
	*stats = port->sum;
}

const char *const vfteam_port_counter_names[VFTEAM_PORT_COUNTERS] = {
	"tx_packets", "tx_bytes", "rx_packets", "rx_bytes", "tx_declined",
	"resumes", "carrier_changes", "tx_busy", "rx_errors", "rx_dropped",
	"rx_missed", "tx_errors", "tx_dropped",
};

/* what @port did in its team (carrier_changes: since it exists) */
void vfteam_port_counters_rtnl(struct vfteam_port *port, u64 *val)
{
	struct rtnl_link_stats64 st;
	unsigned int i = 0;

	ASSERT_RTNL();
	spin_lock(&port->team->stats_lock);
	vfteam_port_stats_sum(port, &st);
	spin_unlock(&port->team->stats_lock);
	val[i++] = st.tx_packets;
	val[i++] = st.tx_bytes;
	val[i++] = st.rx_packets;
	val[i++] = st.rx_bytes;
	val[i++] = port->ops->tx_declined(port);
	val[i++] = port->resumes;
	val[i++] = port->ops->carrier_changes(port);
	val[i++] = port->ops->tx_busy(port);
	val[i++] = st.rx_errors;
	val[i++] = st.rx_dropped;
	val[i++] = st.rx_missed_errors;
	val[i++] = st.tx_errors;
	val[i++] = st.tx_dropped;
	WARN_ON_ONCE(i != VFTEAM_PORT_COUNTERS);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_port_counters_rtnl);

/* the data path and get_stats64 see the port from now on */
void vfteam_port_publish_rtnl(struct vfteam_port *port)
{
	struct vfteam *team = port->team;

	ASSERT_RTNL();
	spin_lock(&team->stats_lock);
	port->ops->get_stats(port, &port->last);
	memset(&port->sum, 0, sizeof(port->sum));
	rcu_assign_pointer(team->ports[port->role], port);
	spin_unlock(&team->stats_lock);
}

/* no new RCU reader finds it; what it did goes to team->carried */
void vfteam_port_unpublish_rtnl(struct vfteam_port *port)
{
	struct vfteam *team = port->team;
	struct rtnl_link_stats64 sum, zero = {};

	ASSERT_RTNL();
	spin_lock(&team->stats_lock);
	vfteam_port_stats_sum(port, &sum);
	/* carried += sum: the fold from zero counts every (u64) field */
	vfteam_port_stats_fold(&team->carried, &zero, &sum);
	RCU_INIT_POINTER(team->ports[port->role], NULL);
	spin_unlock(&team->stats_lock);
}

/*
 * After a port of @role left @team (unpublished and freed): recompute,
 * move traffic, tell the migration, and let a plugin port that waits for
 * this team's primary slot try to fill it.
 */
void vfteam_port_left_rtnl(struct vfteam *team, enum vfteam_role role)
{
	ASSERT_RTNL();
	if (team->dev->reg_state == NETREG_REGISTERED)
		vfteam_team_compute_features_rtnl(team);
	vfteam_select_rtnl(team, NULL);
	if (role == VFTEAM_ROLE_PRIMARY) {
		vfteam_migration_report_rtnl(team, VFTEAM_MIG_EV_PRIMARY_GONE);
		vfteam_plugin_wait_kick();
	}
}

/* the team goes away: every port leaves (a plugin port waits again) */
void vfteam_port_release_all_rtnl(struct vfteam *team)
{
	struct vfteam_port *port;
	int role;

	ASSERT_RTNL();
	vfteam_for_each_port_rtnl(team, port, role)
		port->ops->release(port);
}

/* migration prepare: stop the port's traffic but keep it in the team */
int vfteam_port_quiesce_rtnl(struct vfteam_port *port)
{
	ASSERT_RTNL();
	return port->ops->quiesce(port);
}

/* migration abort: undo vfteam_port_quiesce_rtnl(), counted when it resumed */
int vfteam_port_resume_rtnl(struct vfteam_port *port)
{
	int ret;

	ASSERT_RTNL();
	ret = port->ops->resume(port);
	if (ret > 0)
		port->resumes++;
	return ret < 0 ? ret : 0;
}
