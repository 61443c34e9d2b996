// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam team netdev: setup, ndo ops, rtnl_link_ops, the
 * team's settings going to its ports all or none, and its statistics.
 *
 * Lock order: RTNL > team->stats_lock (leaf: ndo_get_stats64 takes it, and
 * port.c when a port is published or unpublished).
 * ndo_open/stop/change_mtu/set_mac_address/add_slave/del_slave/fix_features/
 * vlan_rx_{add,kill}_vid/change_rx_flags and ndo_uninit run under RTNL.
 * ndo_set_rx_mode runs under the team's addr spinlock (BH off), so it walks
 * the ports under RCU and must not sleep.
 *
 * Plugin ports have no lower netdev: MTU is checked against the plugin's
 * max_mtu, the MAC is the one the device carries (so the team's cannot
 * change under it), and features, address lists, promiscuity and VLAN
 * filters are not propagated to them (a plugin declines what it cannot
 * send and accepts all multicast and VLANs; see plugin-abi/README.md).
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include <vfteam/compat.h>

#include "ethtool.h"
#include "main.h"
#include "migration.h"
#include "netdev_port.h"
#include "plugin_wait.h"
#include "port.h"
#include "select.h"
#include "sysfs.h"
#include "team.h"
#include "txrx.h"

#define VFTEAM_VLAN_FEATURES	(NETIF_F_HW_CSUM | NETIF_F_SG | \
				 NETIF_F_FRAGLIST | NETIF_F_ALL_TSO | \
				 NETIF_F_HIGHDMA | NETIF_F_LRO)
#define VFTEAM_ENC_FEATURES	(NETIF_F_HW_CSUM | NETIF_F_SG | \
				 NETIF_F_RXCSUM | NETIF_F_ALL_TSO)

static const struct net_device_ops vfteam_netdev_ops;
static void vfteam_team_get_stats64(struct net_device *dev,
				    struct rtnl_link_stats64 *stats);

bool vfteam_team_is(const struct net_device *dev)
{
	return dev->netdev_ops == &vfteam_netdev_ops;
}

static int vfteam_team_init(struct net_device *dev)
{
	netif_carrier_off(dev);
	return 0;
}

/*
 * team unregistering (ip link del, rmmod, netns exit): no migration work
 * may hold it back, and the ports are let go
 */
static void vfteam_team_uninit(struct net_device *dev)
{
	struct vfteam *team = netdev_priv(dev);

	vfteam_migration_cancel_rtnl(team);
	vfteam_port_release_all_rtnl(team);
	/* after the ports left: their leaving reselects */
	vfteam_select_cancel_rtnl(team);
	if (cancel_work(&team->rx_mode_work))
		dev_put(dev);
}

static int vfteam_team_open(struct net_device *dev)
{
	struct vfteam *team = netdev_priv(dev);

	ASSERT_RTNL();
	vfteam_select_rtnl(team, NULL);
	netif_tx_start_all_queues(dev);
	return 0;
}

static int vfteam_team_stop(struct net_device *dev)
{
	netif_tx_stop_all_queues(dev);
	return 0;
}

/*
 * One setting of the team's for its ports: apply(port, arg) takes it, and
 * after a later port refused, undo(port, undo_arg) puts the old one back
 * on a port that took it.
 */
struct vfteam_team_change {
	const char *what;	/* for the log line */
	int (*apply)(struct vfteam_port *port, const void *arg);
	const void *arg;
	int (*undo)(struct vfteam_port *port, const void *arg);
	const void *undo_arg;
};

/*
 * Apply @c to every port, and if one refuses, undo it on those already
 * changed: the team and its ports never disagree.  own_change lets the
 * netdev port notifier tell these changes from a user's.
 */
static int vfteam_team_change_ports_rtnl(struct vfteam *team,
					 const struct vfteam_team_change *c)
{
	struct vfteam_port *port, *failed = NULL;
	int role, err = 0;

	ASSERT_RTNL();
	team->own_change = true;
	vfteam_for_each_port_rtnl(team, port, role) {
		err = c->apply(port, c->arg);
		if (err) {
			netdev_err(team->dev, "port %s refused the team's %s: %d\n",
				   vfteam_port_name(port), c->what, err);
			failed = port;
			break;
		}
	}
	if (failed) {
		vfteam_for_each_port_rtnl(team, port, role) {
			if (port == failed)
				break;
			if (c->undo(port, c->undo_arg))
				netdev_err(team->dev, "port %s kept the new %s: the old one was refused\n",
					   vfteam_port_name(port), c->what);
		}
	}
	team->own_change = false;
	/* a port left with a MAC not the team's is not used (foreign_mac) */
	if (failed)
		vfteam_select_rtnl(team, NULL);
	return err;
}

static int vfteam_team_apply_mtu(struct vfteam_port *port, const void *mtu)
{
	return port->ops->set_mtu(port, *(const int *)mtu);
}

static int vfteam_team_undo_mtu(struct vfteam_port *port, const void *mtu)
{
	return vfteam_team_apply_mtu(port, mtu);
}

static int vfteam_team_change_mtu(struct net_device *dev, int new_mtu)
{
	int old_mtu = dev->mtu, err;
	struct vfteam_team_change c = {
		.what = "MTU",
		.apply = vfteam_team_apply_mtu, .arg = &new_mtu,
		.undo = vfteam_team_undo_mtu, .undo_arg = &old_mtu,
	};

	err = vfteam_team_change_ports_rtnl(netdev_priv(dev), &c);
	if (err)
		return err;
	dev->mtu = new_mtu;
	/* a plugin port refused for the old MTU may fit the new one */
	vfteam_plugin_wait_kick();
	return 0;
}

static int vfteam_team_apply_mac(struct vfteam_port *port, const void *addr)
{
	return port->ops->set_mac(port, (struct sockaddr *)addr);
}

static int vfteam_team_undo_mac(struct vfteam_port *port, const void *addr)
{
	return vfteam_team_apply_mac(port, addr);
}

static int vfteam_team_set_mac_address(struct net_device *dev, void *p)
{
	struct sockaddr_storage old;
	struct vfteam_team_change c = {
		.what = "MAC",
		.apply = vfteam_team_apply_mac, .arg = p,
		.undo = vfteam_team_undo_mac, .undo_arg = &old,
	};
	int err;

	err = eth_prepare_mac_addr_change(dev, p);
	if (err)
		return err;

	old.ss_family = dev->type;
	memcpy(old.__data, dev->dev_addr, dev->addr_len);
	err = vfteam_team_change_ports_rtnl(netdev_priv(dev), &c);
	if (err)
		return err;

	eth_commit_mac_addr_change(dev, p);
	/* the ports have the MAC the team has now (see foreign_mac) */
	vfteam_select_rtnl(netdev_priv(dev), NULL);
	return 0;
}

static int vfteam_team_add_slave(struct net_device *dev,
				 struct net_device *port_dev,
				 struct netlink_ext_ack *extack)
{
	return vfteam_netdev_port_add_rtnl(netdev_priv(dev), port_dev, extack);
}

static int vfteam_team_del_slave(struct net_device *dev,
				 struct net_device *port_dev)
{
	struct vfteam_port *port = vfteam_netdev_port_of_rtnl(port_dev);

	if (!port || port->team != netdev_priv(dev)) {
		netdev_err(dev, "cannot release %s: not a port of this team\n",
			   port_dev->name);
		return -ENOENT;
	}

	port->ops->release(port);
	return 0;
}

static netdev_features_t vfteam_team_fix_features(struct net_device *dev,
						  netdev_features_t features)
{
	struct vfteam *team = netdev_priv(dev);
	netdev_features_t mask = features;
	struct vfteam_port *port;
	int role;

	features &= ~NETIF_F_ONE_FOR_ALL;
	features |= NETIF_F_ALL_FOR_ALL;
	vfteam_for_each_lower_rtnl(team, port, role)
		features = netdev_increment_features(features,
						     port->dev->features, mask);

	return netdev_add_tso_features(features, mask);
}

void vfteam_team_compute_features_rtnl(struct vfteam *team)
{
	netdev_features_t vlan_features = VFTEAM_VLAN_FEATURES &
					  NETIF_F_ALL_FOR_ALL;
	netdev_features_t enc_features = VFTEAM_ENC_FEATURES;
	unsigned int dst_release = IFF_XMIT_DST_RELEASE |
				   IFF_XMIT_DST_RELEASE_PERM;
	unsigned short hard_header_len = ETH_HLEN;
	unsigned int tso_max_size = TSO_MAX_SIZE;
	u16 tso_max_segs = TSO_MAX_SEGS;
	struct net_device *dev = team->dev;
	struct vfteam_port *port;
	int role;

	ASSERT_RTNL();
	vfteam_for_each_lower_rtnl(team, port, role) {
		struct net_device *pdev = port->dev;

		vlan_features = netdev_increment_features(vlan_features,
							  pdev->vlan_features,
							  VFTEAM_VLAN_FEATURES);
		enc_features = netdev_increment_features(enc_features,
							 pdev->hw_enc_features,
							 VFTEAM_ENC_FEATURES);
		dst_release &= pdev->priv_flags;
		hard_header_len = max(hard_header_len, pdev->hard_header_len);
		tso_max_size = min(tso_max_size, pdev->tso_max_size);
		tso_max_segs = min(tso_max_segs, pdev->tso_max_segs);
	}

	dev->vlan_features = vlan_features;
	dev->hw_enc_features = enc_features | NETIF_F_GSO_ENCAP_ALL;
	dev->hard_header_len = hard_header_len;
	netif_set_tso_max_size(dev, tso_max_size);
	netif_set_tso_max_segs(dev, tso_max_segs);

	dev->priv_flags &= ~IFF_XMIT_DST_RELEASE;
	if (dst_release == (IFF_XMIT_DST_RELEASE | IFF_XMIT_DST_RELEASE_PERM))
		dev->priv_flags |= IFF_XMIT_DST_RELEASE;

	netdev_change_features(dev);
}

/*
 * The team's Rx filter changed: ports whose driver may sleep get it now
 * (a plugin's set_rx_filter), then selection sees whether each can
 * receive what the team needs
 */
static void vfteam_team_rx_mode_work(struct work_struct *work)
{
	struct vfteam *team = container_of(work, struct vfteam, rx_mode_work);
	struct vfteam_port *port;
	int role;

	rtnl_lock();
	if (team->dev->reg_state == NETREG_REGISTERED) {
		vfteam_for_each_port_rtnl(team, port, role)
			if (port->ops->sync_rx_filter)
				port->ops->sync_rx_filter(port);
		vfteam_select_rtnl(team, NULL);
	}
	rtnl_unlock();
	dev_put(team->dev);
}

/* under netif_addr_lock_bh(dev): atomic context, walk ports under RCU */
static void vfteam_team_set_rx_mode(struct net_device *dev)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;
	bool wide;
	int role;

	rcu_read_lock();
	for (role = 0; role < VFTEAM_ROLE_NR; role++) {
		port = rcu_dereference(team->ports[role]);
		if (!port || !port->dev)
			continue;
		dev_uc_sync_multiple(port->dev, dev);
		dev_mc_sync_multiple(port->dev, dev);
	}
	rcu_read_unlock();

	/*
	 * After the sync: an address deleted from the team while synced to
	 * a port leaves the team's list only when the sync drops it there
	 */
	wide = (dev->flags & IFF_PROMISC) || !netdev_uc_empty(dev);
	WRITE_ONCE(team->rx_wide, wide);
	/* each change: a plugin's filter takes the new lists in the work */
	dev_hold(dev);
	if (!queue_work(vfteam_wq, &team->rx_mode_work))
		dev_put(dev);	/* queued already: it holds one */
}

static void vfteam_team_change_rx_flags(struct net_device *dev, int change)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;
	int role;

	ASSERT_RTNL();
	vfteam_for_each_lower_rtnl(team, port, role) {
		if (change & IFF_PROMISC)
			dev_set_promiscuity(port->dev,
					    dev->flags & IFF_PROMISC ? 1 : -1);
		if (change & IFF_ALLMULTI)
			dev_set_allmulti(port->dev,
					 dev->flags & IFF_ALLMULTI ? 1 : -1);
	}
}

struct vfteam_team_vid {
	__be16 proto;
	u16 vid;
};

static int vfteam_team_apply_vid(struct vfteam_port *port, const void *arg)
{
	const struct vfteam_team_vid *v = arg;

	return port->ops->vlan_add(port, v->proto, v->vid);
}

static int vfteam_team_undo_vid(struct vfteam_port *port, const void *arg)
{
	const struct vfteam_team_vid *v = arg;

	port->ops->vlan_del(port, v->proto, v->vid);
	return 0;
}

static int vfteam_team_vlan_rx_add_vid(struct net_device *dev, __be16 proto,
				       u16 vid)
{
	struct vfteam_team_vid v = { .proto = proto, .vid = vid };
	struct vfteam_team_change c = {
		.what = "VLAN",
		.apply = vfteam_team_apply_vid, .arg = &v,
		.undo = vfteam_team_undo_vid, .undo_arg = &v,
	};

	return vfteam_team_change_ports_rtnl(netdev_priv(dev), &c);
}

static int vfteam_team_vlan_rx_kill_vid(struct net_device *dev, __be16 proto,
					u16 vid)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;
	int role;

	ASSERT_RTNL();
	vfteam_for_each_port_rtnl(team, port, role)
		port->ops->vlan_del(port, proto, vid);
	return 0;
}

static const struct net_device_ops vfteam_netdev_ops = {
	.ndo_init		= vfteam_team_init,
	.ndo_uninit		= vfteam_team_uninit,
	.ndo_open		= vfteam_team_open,
	.ndo_stop		= vfteam_team_stop,
	.ndo_start_xmit		= vfteam_txrx_xmit,
	.ndo_get_stats64	= vfteam_team_get_stats64,
	.ndo_change_mtu		= vfteam_team_change_mtu,
	.ndo_set_mac_address	= vfteam_team_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_add_slave		= vfteam_team_add_slave,
	.ndo_del_slave		= vfteam_team_del_slave,
	.ndo_fix_features	= vfteam_team_fix_features,
	.ndo_set_rx_mode	= vfteam_team_set_rx_mode,
	.ndo_change_rx_flags	= vfteam_team_change_rx_flags,
	.ndo_vlan_rx_add_vid	= vfteam_team_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= vfteam_team_vlan_rx_kill_vid,
	.ndo_features_check	= passthru_features_check,
};

static void vfteam_team_setup(struct net_device *dev)
{
	struct vfteam *team = netdev_priv(dev);

	ether_setup(dev);

	team->dev = dev;
	vfteam_migration_init_team(team);
	vfteam_select_init_team(team);
	INIT_WORK(&team->rx_mode_work, vfteam_team_rx_mode_work);
	team->auto_join = true;
	team->reason = VFTEAM_REASON_NO_USABLE_PORT;
	spin_lock_init(&team->stats_lock);
	atomic64_set(&team->lost_no_port, 0);
	atomic64_set(&team->lost_refused, 0);
	atomic64_set(&team->lost_declined, 0);

	dev->netdev_ops = &vfteam_netdev_ops;
	dev->ethtool_ops = &vfteam_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->max_mtu = ETH_MAX_MTU;

	/*
	 * A qdisc on the team, as on a NIC (ether_setup's queue length): a
	 * plugin port's full ring stops the team's queues (backpressure,
	 * txrx.c), and the qdisc holds the frames until it has room, where a
	 * queueless team could only send them around the ring, through the
	 * standby.  A netdev port never stops them: there the team's qdisc
	 * passes each frame on to the port's own.  No netpoll: a plugin
	 * port's xmit runs under a BH-only tx lock and must not be entered
	 * from netpoll's hard-irq context.  The MAC may change while up: each
	 * port takes it or refuses, and a refusal is rolled back on the
	 * others.
	 */
	dev->priv_flags |= IFF_UNICAST_FLT | IFF_DISABLE_NETPOLL |
			   IFF_LIVE_ADDR_CHANGE;
	dev->priv_flags &= ~(IFF_XMIT_DST_RELEASE | IFF_TX_SKB_SHARING);

	dev->hw_features = VFTEAM_VLAN_FEATURES | NETIF_F_HW_VLAN_CTAG_TX |
			   NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_FILTER;
	dev->features |= dev->hw_features;
	vfteam_compat_lltx_netns_local(dev);

	eth_hw_addr_random(dev);
	dev->sysfs_groups[0] = &vfteam_sysfs_group;
}

static int vfteam_team_validate(struct nlattr *tb[], struct nlattr *data[],
				struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG(extack, "vfteam: MAC must be 6 bytes");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG(extack, "vfteam: invalid MAC address");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

/*
 * Tx queues of a team, as bonding's default: the qdisc's queues let the
 * CPUs of a netdev port's traffic send in parallel, as a queueless team
 * did.  "ip link add ... numtxqueues N" sets another count.
 */
#define VFTEAM_TX_QUEUES	16

static unsigned int vfteam_team_get_num_tx_queues(void)
{
	return VFTEAM_TX_QUEUES;
}

struct rtnl_link_ops vfteam_team_link_ops __read_mostly = {
	.kind		= VFTEAM_DRV_NAME,
	.priv_size	= sizeof(struct vfteam),
	.setup		= vfteam_team_setup,
	.validate	= vfteam_team_validate,
	.get_num_tx_queues = vfteam_team_get_num_tx_queues,
};

/*
 * A new team named from @name (a "%d" template is numbered) with @mac,
 * registered as if by "ip link add": auto-pairing creates its teams this
 * way, and so do the tests.
 */
struct vfteam *vfteam_team_create_rtnl(struct net *net, const char *name,
				       const u8 *mac)
{
	struct net_device *dev;
	int err;

	ASSERT_RTNL();
	dev = alloc_netdev_mqs(sizeof(struct vfteam), name, NET_NAME_ENUM,
			       vfteam_team_setup, VFTEAM_TX_QUEUES, 1);
	if (!dev)
		return ERR_PTR(-ENOMEM);

	dev_net_set(dev, net);
	dev->rtnl_link_ops = &vfteam_team_link_ops;
	eth_hw_addr_set(dev, mac);
	dev->addr_assign_type = NET_ADDR_SET;

	err = register_netdevice(dev);
	if (err) {
		free_netdev(dev);
		return ERR_PTR(err);
	}
	return netdev_priv(dev);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_team_create_rtnl);

/* a registered team in @net with @mac; lacking a port of @role unless NR */
struct vfteam *vfteam_team_find_rtnl(struct net *net, const u8 *mac,
				     enum vfteam_role role)
{
	struct net_device *d;
	struct vfteam *team;

	ASSERT_RTNL();
	for_each_netdev(net, d) {
		if (!vfteam_team_is(d) || d->reg_state != NETREG_REGISTERED ||
		    !ether_addr_equal(d->dev_addr, mac))
			continue;
		team = netdev_priv(d);
		if (role == VFTEAM_ROLE_NR || !vfteam_port_rtnl(team, role))
			return team;
	}
	return NULL;
}

u64 vfteam_team_lost_packets(struct vfteam *team)
{
	return atomic64_read(&team->lost_no_port) +
	       atomic64_read(&team->lost_refused) +
	       atomic64_read(&team->lost_declined);
}

/*
 * What the ports did while in the team, and the ports that left; the core
 * adds the team's own drops (dev_core_stats) on top.  No RTNL here.
 */
static void vfteam_team_get_stats64(struct net_device *dev,
				    struct rtnl_link_stats64 *stats)
{
	struct vfteam *team = netdev_priv(dev);
	struct rtnl_link_stats64 sum, zero = {};
	struct vfteam_port *port;
	int role;

	spin_lock(&team->stats_lock);
	*stats = team->carried;
	rcu_read_lock();
	for (role = 0; role < VFTEAM_ROLE_NR; role++) {
		port = rcu_dereference(team->ports[role]);
		if (!port)
			continue;
		vfteam_port_stats_sum(port, &sum);
		/* stats += sum: the fold from zero counts every field */
		vfteam_port_stats_fold(stats, &zero, &sum);
		memset(&zero, 0, sizeof(zero));
	}
	rcu_read_unlock();
	spin_unlock(&team->stats_lock);
}
