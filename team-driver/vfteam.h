/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam private header.
 *
 * Lock order (outermost first):
 *   RTNL  >  team->stats_lock
 *   RTNL  >  pport->tx_lock (leaf, BH off)
 * vfteam_plugins_lock (plugin.c) nests with neither: it guards only the
 * list of registered plugins.
 * RTNL serialises every control-path change (enslave, release, selection,
 * migration state, MTU/MAC/feature propagation).  The data path (xmit,
 * rx_handler, ndo_set_rx_mode, ndo_get_stats64) runs under RCU(-bh) and
 * only reads pointers published with rcu_assign_pointer().
 * team->stats_lock is a leaf spinlock: it makes "fold a removed port's
 * counters into team->carried" atomic against ndo_get_stats64, which may be
 * called without RTNL (/proc/net/dev).
 */
#ifndef _VFTEAM_H
#define _VFTEAM_H

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/if_link.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#include "policy.h"
#include "pport.h"
#include "state.h"

#define VFTEAM_DRV_NAME "vfteam"

/*
 * Symbols the KUnit module (kunit-tests/, a separate module) calls but
 * plugins must not: exported only in kernels with KUnit.  6.1 has no
 * EXPORT_SYMBOL_IF_KUNIT; this is the one place to switch to it later.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define EXPORT_SYMBOL_FOR_VFTEAM_TESTS(sym)	EXPORT_SYMBOL_GPL(sym)
#else
#define EXPORT_SYMBOL_FOR_VFTEAM_TESTS(sym)	static_assert(1)
#endif

enum vfteam_role {
	VFTEAM_ROLE_PRIMARY,	/* passthrough NIC (SR-IOV VF, e1000e in tests) */
	VFTEAM_ROLE_STANDBY,	/* paravirtual NIC (virtio-net, netvsc, ...) */
	VFTEAM_ROLE_NR,
};

/* how the port is driven */
enum vfteam_port_kind {
	VFTEAM_PORT_NETDEV,	/* a lower net_device driven by its own driver */
	VFTEAM_PORT_PLUGIN,	/* a PCI function driven by a plugin; no netdev */
};

struct vfteam;

struct vfteam_port {
	/* set at enslave, constant while the port is linked */
	struct vfteam *team;
	struct net_device *dev;		/* VFTEAM_PORT_NETDEV: lower device */
	struct vfteam_pport *pport;	/* VFTEAM_PORT_PLUGIN: plugin port */
	enum vfteam_port_kind kind;
	enum vfteam_role role;

	/* RTNL: primary handed back for migration (policy skips it) */
	bool released;
	/* RTNL: closed by migration prepare; abort re-opens it */
	bool quiesced;

	/*
	 * VFTEAM_PORT_NETDEV only.  RTNL: what enslave changed on the lower
	 * device, undone at release
	 */
	bool opened;			/* we dev_open()ed it */
	bool mtu_changed;
	bool mac_changed;
	unsigned int orig_mtu;
	u8 orig_mac[MAX_ADDR_LEN];

	/* team->stats_lock: the port's counters when it joined */
	struct rtnl_link_stats64 base;

	struct rcu_head rcu;
};

struct vfteam {
	struct net_device *dev;		/* the team netdev; constant */

	/*
	 * Ports by role.  Written under RTNL (and team->stats_lock, so the
	 * stats fold is atomic); read under RTNL (rtnl_dereference) or RCU.
	 */
	struct vfteam_port __rcu *ports[VFTEAM_ROLE_NR];

	/* port carrying traffic; written under RTNL, read under RCU-bh */
	struct vfteam_port __rcu *active;

	/* RTNL: migration state; sysfs reads it locklessly (READ_ONCE) */
	enum vfteam_mig_state mig_state;
	/*
	 * RTNL: how long a primary released by "prepare" keeps receiving
	 * before it is quiesced, in ms (0: at once); from prepare_grace_ms
	 */
	unsigned int mig_grace_ms;
	/* quiesces that primary after the grace; holds a dev ref while queued */
	struct delayed_work mig_quiesce_work;
	/* RTNL: why active is what it is; sysfs reads under RTNL */
	enum vfteam_reason reason;
	/* RTNL writes, lockless READ_ONCE readers: active-port changes */
	u64 switches;

	/* RTNL: the team itself is changing a port's MTU or MAC right now */
	bool own_change;

	/* data path, lockless: tx dropped because no port was active */
	atomic64_t lost_no_port;
	/* data path, lockless: tx refused by the active port's dev_queue_xmit */
	atomic64_t lost_refused;
	/* data path, lockless: declined by a plugin port, and no standby */
	atomic64_t lost_declined;

	/* leaf lock: carried, ports[] publish/unpublish vs get_stats64 */
	spinlock_t stats_lock;
	/* counters of ports that left the team; protected by stats_lock */
	struct rtnl_link_stats64 carried;
};

static inline struct vfteam_port *
vfteam_port_rtnl(struct vfteam *team, enum vfteam_role role)
{
	return rtnl_dereference(team->ports[role]);
}

/* the next port at or after *role, or NULL; *role is moved to it */
static inline struct vfteam_port *
vfteam_next_port_rtnl(struct vfteam *team, int *role)
{
	struct vfteam_port *port;

	for (; *role < VFTEAM_ROLE_NR; (*role)++) {
		port = vfteam_port_rtnl(team, *role);
		if (port)
			return port;
	}
	return NULL;
}

/* iterate over the team's ports under RTNL; role is an int cursor */
#define vfteam_for_each_port_rtnl(team, port, role)			\
	for ((role) = 0; ((port) = vfteam_next_port_rtnl((team), &(role))); \
	     (role)++)

/* the next port with a lower net_device (not a plugin port), or NULL */
static inline struct vfteam_port *
vfteam_next_lower_rtnl(struct vfteam *team, int *role)
{
	struct vfteam_port *port;

	for (; (port = vfteam_next_port_rtnl(team, role)); (*role)++)
		if (port->kind == VFTEAM_PORT_NETDEV)
			return port;
	return NULL;
}

/* iterate over the team's ports that have a lower net_device, under RTNL */
#define vfteam_for_each_lower_rtnl(team, port, role)			\
	for ((role) = 0; ((port) = vfteam_next_lower_rtnl((team), &(role))); \
	     (role)++)

/* main.c */
extern bool vfteam_auto_pair;
extern unsigned int vfteam_prepare_grace_ms;

/* netdev.c */
extern struct rtnl_link_ops vfteam_link_ops;
void vfteam_setup(struct net_device *dev);
bool vfteam_is_team(const struct net_device *dev);
void vfteam_compute_features_rtnl(struct vfteam *team);

/* port.c */
const char *vfteam_role_name(enum vfteam_role role);
const char *vfteam_port_name(const struct vfteam_port *port);
enum vfteam_role vfteam_role_of(const struct net_device *port_dev);
struct vfteam_port *vfteam_port_of_rtnl(const struct net_device *port_dev);
int vfteam_port_add_rtnl(struct vfteam *team, struct net_device *port_dev,
			 struct netlink_ext_ack *extack);
int vfteam_port_add_role_rtnl(struct vfteam *team, struct net_device *port_dev,
			      enum vfteam_role role,
			      struct netlink_ext_ack *extack);
void vfteam_port_del_rtnl(struct vfteam_port *port);
void vfteam_port_gone_rtnl(struct vfteam *team, enum vfteam_role role);
void vfteam_port_free(struct vfteam_port *port);
#if IS_ENABLED(CONFIG_KUNIT)
extern bool vfteam_free_ports_now;
#endif
void vfteam_port_release_all_rtnl(struct vfteam *team);
int vfteam_port_quiesce_rtnl(struct vfteam_port *port);
int vfteam_port_resume_rtnl(struct vfteam_port *port);
int vfteam_notifier_register(void);
void vfteam_notifier_unregister(void);

/* pair.c */
int vfteam_pair_init(void);
void vfteam_pair_exit(void);
void vfteam_pair_queue_rtnl(struct net_device *dev);
struct vfteam *vfteam_create_rtnl(struct net *net, const char *name,
				  const u8 *mac);

/* plugin.c: registry, PCI glue, ports waiting for a team */
bool vfteam_pci_id_match(const struct pci_device_id *id, u16 vendor,
			 u16 device, u16 subvendor, u16 subdevice, u32 class);
const char *vfteam_pci_refusal(u16 vendor, u16 device, u32 class);
int vfteam_plugin_validate(const struct vfteam_plugin *plugin);
void vfteam_plugin_pending_add_rtnl(struct vfteam_pport *pp);
void vfteam_plugin_pending_del_rtnl(struct vfteam_pport *pp);
void vfteam_plugin_kick(void);
void vfteam_pport_unlink(struct vfteam_pport *pp);
void vfteam_plugin_host_exit(void);

/* pport.c: plugin port lifecycle, quiesce/restart, data path helpers */
struct vfteam_pport *vfteam_pport_create(struct vfteam_plugin *plugin,
					 struct device *dev,
					 struct pci_dev *pdev);
void vfteam_pport_destroy(struct vfteam_pport *pp);
irqreturn_t vfteam_pport_irq(int irq, void *data);
int vfteam_pport_join_rtnl(struct vfteam_pport *pp, struct vfteam *team);
void vfteam_pport_leave_rtnl(struct vfteam_pport *pp);
int vfteam_pport_quiesce_rtnl(struct vfteam_pport *pp);
int vfteam_pport_restart_rtnl(struct vfteam_pport *pp,
			      const struct vfteam_ring_checkpoint *cp);
int vfteam_pport_resume_rtnl(struct vfteam_pport *pp);
int vfteam_pport_check_mtu(const struct vfteam_pport *pp, int mtu);
void vfteam_pport_view_rtnl(const struct vfteam_pport *pp,
			    struct vfteam_port_view *view);
void vfteam_pport_get_stats(struct vfteam_pport *pp,
			    struct rtnl_link_stats64 *stats);
u64 vfteam_pport_tx_declined(struct vfteam_pport *pp);
u64 vfteam_pport_bad_returns(struct vfteam_pport *pp);
netdev_tx_t vfteam_pport_xmit_rcu_bh(struct vfteam *team,
				     struct vfteam_pport *pp,
				     struct sk_buff *skb);

/* select.c */
void vfteam_port_view_rtnl(const struct vfteam_port *port,
			   const struct vfteam_port *gone,
			   struct vfteam_port_view *view);
void vfteam_select_rtnl(struct vfteam *team, const struct vfteam_port *gone);

/* xmit.c */
netdev_tx_t vfteam_start_xmit(struct sk_buff *skb, struct net_device *dev);
rx_handler_result_t vfteam_handle_frame(struct sk_buff **pskb);
void vfteam_get_stats64(struct net_device *dev,
			struct rtnl_link_stats64 *stats);
void vfteam_port_get_stats(struct vfteam_port *port,
			   struct rtnl_link_stats64 *stats);
void vfteam_port_publish_rtnl(struct vfteam *team, struct vfteam_port *port);
void vfteam_port_unpublish_rtnl(struct vfteam *team, struct vfteam_port *port);
u64 vfteam_lost_packets(struct vfteam *team);

/* migration-hooks/migrate.c */
int vfteam_mig_event_rtnl(struct vfteam *team, enum vfteam_mig_event ev);
int vfteam_mig_prepare_rtnl(struct vfteam *team);
int vfteam_mig_abort_rtnl(struct vfteam *team);
void vfteam_mig_cancel_rtnl(struct vfteam *team);
void vfteam_mig_init_team(struct vfteam *team);
int vfteam_mig_init(void);
void vfteam_mig_exit(void);

/* migration-hooks/sysfs.c */
extern const struct attribute_group vfteam_sysfs_group;
void vfteam_sysfs_notify_rtnl(struct vfteam *team);

#endif /* _VFTEAM_H */
