/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam ports: what a team holds of each of its two ports, whatever drives
 * them.  A port is of one of two kinds, each behind its own ops, as team's
 * modes sit behind team_mode_ops: a netdev port (a lower net_device driven
 * by its own driver; netdev_port.c) or a plugin port (a PCI function driven
 * by an IHV plugin, no net_device; plugin_port.c).  The control path calls
 * the ops and never asks which kind a port is.
 *
 * Lifetime: allocated by the kind's join (vfteam_port_alloc), visible to
 * the data path from vfteam_port_publish_rtnl() on, and after its kind's
 * release has unpublished it and moved traffic off it, freed with
 * vfteam_port_free() one RCU grace period later.
 */
#ifndef _VFTEAM_PORT_H
#define _VFTEAM_PORT_H

#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>

#include "policy.h"

struct ethtool_drvinfo;
struct ethtool_link_ksettings;
struct vfteam;
struct vfteam_plugin_port;

enum vfteam_role {
	VFTEAM_ROLE_PRIMARY,	/* passthrough NIC (SR-IOV VF, e1000e in tests) */
	VFTEAM_ROLE_STANDBY,	/* paravirtual NIC (virtio-net, netvsc, ...) */
	VFTEAM_ROLE_NR,
};

struct vfteam_port;

/*
 * What a kind of port does for the team.  All run under RTNL except
 * get_stats, which runs under team->stats_lock (atomic context).
 */
/* a port's Tx/Rx queue pairs (ethtool -l) */
struct vfteam_port_queues {
	unsigned int max;	/* the most it can run */
	unsigned int count;	/* the number it runs */
	bool other;		/* a vector for the causes of no queue */
};

struct vfteam_port_ops {
	/* the name shown in sysfs and logs */
	const char *(*name)(const struct vfteam_port *port);
	/* fill in view->running and view->carrier */
	void (*view)(const struct vfteam_port *port,
		     struct vfteam_port_view *view);
	/* the counters of what the port sent and received, since it exists */
	void (*get_stats)(const struct vfteam_port *port,
			  struct rtnl_link_stats64 *stats);
	/* frames it handed back to the core to send elsewhere */
	u64 (*tx_declined)(const struct vfteam_port *port);
	/* frames it handed back for a full ring, to send again later */
	u64 (*tx_busy)(const struct vfteam_port *port);
	/* link ups and downs the port saw, since it exists */
	u64 (*carrier_changes)(const struct vfteam_port *port);
	/* migration prepare: traffic is already off it; stop it, keep it in */
	int (*quiesce)(struct vfteam_port *port);
	/* migration abort: undo quiesce; 1 if it resumed where it stopped */
	int (*resume)(struct vfteam_port *port);
	/* leave the team: move traffic off, unpublish, undo join; frees @port */
	void (*release)(struct vfteam_port *port);
	/* take the team's MTU or MAC, or refuse (-errno); no change then */
	int (*set_mtu)(struct vfteam_port *port, int mtu);
	int (*set_mac)(struct vfteam_port *port, struct sockaddr *addr);
	/* the team's addresses or Rx flags changed (NULL: synced at once) */
	void (*sync_rx_filter)(struct vfteam_port *port);
	/* filter in / out one VLAN of the team's */
	int (*vlan_add)(struct vfteam_port *port, __be16 proto, u16 vid);
	void (*vlan_del)(struct vfteam_port *port, __be16 proto, u16 vid);
	/*
	 * Optional (NULL: none).  ethtool -S: the device's own counters,
	 * their number and names (ETH_GSTRING_LEN each) and values.
	 * ethtool -C: interrupt moderation, 0 or -errno.
	 */
	unsigned int (*hw_stats_count)(const struct vfteam_port *port);
	const char *(*hw_stat_name)(const struct vfteam_port *port,
				    unsigned int i);
	void (*hw_stats)(struct vfteam_port *port, u64 *val);
	int (*set_irq_moderation)(struct vfteam_port *port, unsigned int usecs);
	/*
	 * Optional (NULL: unknown).  ethtool: the port's link speed and
	 * duplex, into @cmd's base (zeroed by the caller)
	 */
	void (*get_link)(struct vfteam_port *port,
			 struct ethtool_link_ksettings *cmd);
	/*
	 * ethtool -i of the team while the port carries its traffic: what
	 * drives it into @info's fw_version, its device into bus_info
	 * (both zeroed by the caller)
	 */
	void (*get_drvinfo)(const struct vfteam_port *port,
			    struct ethtool_drvinfo *info);
	/*
	 * Optional (NULL: one queue pair).  ethtool -l/-L: the port's
	 * queue pairs; set_queues takes 1..max.
	 */
	void (*get_queues)(const struct vfteam_port *port,
			   struct vfteam_port_queues *q);
	int (*set_queues)(struct vfteam_port *port, unsigned int n);
};

struct vfteam_port {
	/* set at join, constant while the port is in the team */
	struct vfteam *team;
	const struct vfteam_port_ops *ops;
	enum vfteam_role role;
	/*
	 * Exactly one is set.  dev: the lower net_device of a netdev port;
	 * features, address lists and promiscuity go to the team's ports
	 * that have one.  plugin_port: the plugin port, which has none.
	 */
	struct net_device *dev;
	struct vfteam_plugin_port *plugin_port;

	/* RTNL: primary handed back for migration (the policy skips it) */
	bool released;
	/* RTNL: quiesced and later resumed where it stopped */
	u64 resumes;

	/*
	 * team->stats_lock: the port's counters when last read (last) and
	 * what it did in the team, added up read by read (sum), so that a
	 * lower driver resetting its counters (at down/up, as a quiesce
	 * does) loses nothing and takes nothing back
	 */
	struct rtnl_link_stats64 last;
	struct rtnl_link_stats64 sum;

	struct rcu_head rcu;
};

/* the next port at or after *role, or NULL; *role is moved to it */
struct vfteam_port *vfteam_port_next_rtnl(struct vfteam *team, int *role);
/* the next port with a lower net_device at or after *role, or NULL */
struct vfteam_port *vfteam_port_next_lower_rtnl(struct vfteam *team,
						int *role);

/* iterate over the team's ports under RTNL; role is an int cursor */
#define vfteam_for_each_port_rtnl(team, port, role)			\
	for ((role) = 0; ((port) = vfteam_port_next_rtnl((team), &(role))); \
	     (role)++)

/* iterate over the team's ports that have a lower net_device, under RTNL */
#define vfteam_for_each_lower_rtnl(team, port, role)			\
	for ((role) = 0;						\
	     ((port) = vfteam_port_next_lower_rtnl((team), &(role)));	\
	     (role)++)

const char *vfteam_port_role_name(enum vfteam_role role);
const char *vfteam_port_name(const struct vfteam_port *port);
void vfteam_port_view_rtnl(const struct vfteam_port *port,
			   const struct vfteam_port *gone,
			   struct vfteam_port_view *view);

struct vfteam_port *vfteam_port_alloc(struct vfteam *team,
				      const struct vfteam_port_ops *ops,
				      enum vfteam_role role, size_t size);
void vfteam_port_free(struct vfteam_port *port);
#if IS_ENABLED(CONFIG_KUNIT)
extern bool vfteam_port_free_now;
#endif

void vfteam_port_publish_rtnl(struct vfteam_port *port);
void vfteam_port_unpublish_rtnl(struct vfteam_port *port);
void vfteam_port_left_rtnl(struct vfteam *team, enum vfteam_role role);
void vfteam_port_release_all_rtnl(struct vfteam *team);
int vfteam_port_quiesce_rtnl(struct vfteam_port *port);
int vfteam_port_resume_rtnl(struct vfteam_port *port);

void vfteam_port_stats_fold(struct rtnl_link_stats64 *sum,
			    struct rtnl_link_stats64 *last,
			    const struct rtnl_link_stats64 *now);
void vfteam_port_stats_sum(struct vfteam_port *port,
			   struct rtnl_link_stats64 *stats);

/* a port's counters, as sysfs port_counters and ethtool -S show them */
#define VFTEAM_PORT_COUNTERS	13
extern const char *const vfteam_port_counter_names[VFTEAM_PORT_COUNTERS];
void vfteam_port_counters_rtnl(struct vfteam_port *port, u64 *val);

#endif /* _VFTEAM_PORT_H */
