// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam team netdev: setup, ndo ops, ethtool ops and rtnl_link_ops.
 *
 * Lock order: RTNL > team->stats_lock (leaf, see xmit.c).
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
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "vfteam.h"

#define VFTEAM_VLAN_FEATURES	(NETIF_F_HW_CSUM | NETIF_F_SG | \
				 NETIF_F_FRAGLIST | NETIF_F_ALL_TSO | \
				 NETIF_F_HIGHDMA | NETIF_F_LRO)
#define VFTEAM_ENC_FEATURES	(NETIF_F_HW_CSUM | NETIF_F_SG | \
				 NETIF_F_RXCSUM | NETIF_F_ALL_TSO)

static const struct net_device_ops vfteam_netdev_ops;

bool vfteam_is_team(const struct net_device *dev)
{
	return dev->netdev_ops == &vfteam_netdev_ops;
}

static int vfteam_init(struct net_device *dev)
{
	netif_carrier_off(dev);
	return 0;
}

/*
 * team unregistering (ip link del, rmmod, netns exit): no migration work
 * may hold it back, and the ports are let go
 */
static void vfteam_uninit(struct net_device *dev)
{
	struct vfteam *team = netdev_priv(dev);

	vfteam_mig_cancel_rtnl(team);
	vfteam_port_release_all_rtnl(team);
}

static int vfteam_open(struct net_device *dev)
{
	struct vfteam *team = netdev_priv(dev);

	ASSERT_RTNL();
	vfteam_select_rtnl(team, NULL);
	netif_tx_start_all_queues(dev);
	return 0;
}

static int vfteam_stop(struct net_device *dev)
{
	netif_tx_stop_all_queues(dev);
	return 0;
}

/*
 * Apply one setting to every netdev port, and if one refuses, put the old
 * value back on those already changed: the team and its ports never
 * disagree. own_change lets the port notifier tell these changes from a
 * user's.
 */
static int vfteam_set_lowers_rtnl(struct vfteam *team,
				  int (*set)(struct net_device *, void *),
				  void *val, void *old, const char *what)
{
	struct vfteam_port *port, *failed = NULL;
	int role, err = 0;

	team->own_change = true;
	vfteam_for_each_lower_rtnl(team, port, role) {
		err = set(port->dev, val);
		if (err) {
			netdev_err(team->dev, "port %s refused the team's %s: %d\n",
				   port->dev->name, what, err);
			failed = port;
			break;
		}
	}
	if (failed) {
		vfteam_for_each_lower_rtnl(team, port, role) {
			if (port == failed)
				break;
			set(port->dev, old);
		}
	}
	team->own_change = false;
	return err;
}

static int vfteam_lower_set_mtu(struct net_device *port_dev, void *mtu)
{
	return dev_set_mtu(port_dev, *(int *)mtu);
}

static int vfteam_lower_set_mac(struct net_device *port_dev, void *ss)
{
	return dev_set_mac_address(port_dev, ss, NULL);
}

static int vfteam_change_mtu(struct net_device *dev, int new_mtu)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;
	int role, err, old_mtu = dev->mtu;

	ASSERT_RTNL();
	vfteam_for_each_port_rtnl(team, port, role) {
		if (port->kind != VFTEAM_PORT_PLUGIN)
			continue;
		err = vfteam_pport_check_mtu(port->pport, new_mtu);
		if (err) {
			netdev_err(dev, "plugin port %s cannot take MTU %d\n",
				   vfteam_port_name(port), new_mtu);
			return err;
		}
	}

	err = vfteam_set_lowers_rtnl(team, vfteam_lower_set_mtu, &new_mtu,
				     &old_mtu, "MTU");
	if (err)
		return err;

	dev->mtu = new_mtu;
	return 0;
}

static int vfteam_set_mac_address(struct net_device *dev, void *p)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;
	struct sockaddr_storage old;
	int role, err;

	ASSERT_RTNL();
	err = eth_prepare_mac_addr_change(dev, p);
	if (err)
		return err;

	vfteam_for_each_port_rtnl(team, port, role) {
		if (port->kind == VFTEAM_PORT_PLUGIN) {
			netdev_err(dev, "plugin port %s carries the team's MAC; it cannot change while the port is in\n",
				   vfteam_port_name(port));
			return -EBUSY;
		}
	}

	old.ss_family = dev->type;
	memcpy(old.__data, dev->dev_addr, dev->addr_len);
	err = vfteam_set_lowers_rtnl(team, vfteam_lower_set_mac, p, &old,
				     "MAC");
	if (err)
		return err;

	eth_commit_mac_addr_change(dev, p);
	return 0;
}

static int vfteam_add_slave(struct net_device *dev, struct net_device *port_dev,
			    struct netlink_ext_ack *extack)
{
	return vfteam_port_add_rtnl(netdev_priv(dev), port_dev, extack);
}

static int vfteam_del_slave(struct net_device *dev, struct net_device *port_dev)
{
	struct vfteam_port *port = vfteam_port_of_rtnl(port_dev);

	if (!port || port->team != netdev_priv(dev))
		return -ENOENT;

	vfteam_port_del_rtnl(port);
	return 0;
}

static netdev_features_t vfteam_fix_features(struct net_device *dev,
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

void vfteam_compute_features_rtnl(struct vfteam *team)
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

/* under netif_addr_lock_bh(dev): atomic context, walk ports under RCU */
static void vfteam_set_rx_mode(struct net_device *dev)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;
	int role;

	rcu_read_lock();
	for (role = 0; role < VFTEAM_ROLE_NR; role++) {
		port = rcu_dereference(team->ports[role]);
		if (!port || port->kind != VFTEAM_PORT_NETDEV)
			continue;
		dev_uc_sync_multiple(port->dev, dev);
		dev_mc_sync_multiple(port->dev, dev);
	}
	rcu_read_unlock();
}

static void vfteam_change_rx_flags(struct net_device *dev, int change)
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

static int vfteam_vlan_rx_add_vid(struct net_device *dev, __be16 proto,
				  u16 vid)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port, *failed = NULL;
	int role, err = 0;

	ASSERT_RTNL();
	vfteam_for_each_lower_rtnl(team, port, role) {
		err = vlan_vid_add(port->dev, proto, vid);
		if (err) {
			failed = port;
			break;
		}
	}
	if (failed) {
		vfteam_for_each_lower_rtnl(team, port, role) {
			if (port == failed)
				break;
			vlan_vid_del(port->dev, proto, vid);
		}
	}
	return err;
}

static int vfteam_vlan_rx_kill_vid(struct net_device *dev, __be16 proto,
				   u16 vid)
{
	struct vfteam *team = netdev_priv(dev);
	struct vfteam_port *port;
	int role;

	ASSERT_RTNL();
	vfteam_for_each_lower_rtnl(team, port, role)
		vlan_vid_del(port->dev, proto, vid);
	return 0;
}

static const struct net_device_ops vfteam_netdev_ops = {
	.ndo_init		= vfteam_init,
	.ndo_uninit		= vfteam_uninit,
	.ndo_open		= vfteam_open,
	.ndo_stop		= vfteam_stop,
	.ndo_start_xmit		= vfteam_start_xmit,
	.ndo_get_stats64	= vfteam_get_stats64,
	.ndo_change_mtu		= vfteam_change_mtu,
	.ndo_set_mac_address	= vfteam_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_add_slave		= vfteam_add_slave,
	.ndo_del_slave		= vfteam_del_slave,
	.ndo_fix_features	= vfteam_fix_features,
	.ndo_set_rx_mode	= vfteam_set_rx_mode,
	.ndo_change_rx_flags	= vfteam_change_rx_flags,
	.ndo_vlan_rx_add_vid	= vfteam_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= vfteam_vlan_rx_kill_vid,
	.ndo_features_check	= passthru_features_check,
};

static void vfteam_get_drvinfo(struct net_device *dev,
			       struct ethtool_drvinfo *info)
{
	strscpy(info->driver, VFTEAM_DRV_NAME, sizeof(info->driver));
}

static const struct ethtool_ops vfteam_ethtool_ops = {
	.get_drvinfo		= vfteam_get_drvinfo,
	.get_link		= ethtool_op_get_link,
};

void vfteam_setup(struct net_device *dev)
{
	struct vfteam *team = netdev_priv(dev);

	ether_setup(dev);

	team->dev = dev;
	team->mig_state = VFTEAM_MIG_IDLE;
	vfteam_mig_init_team(team);
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
	 * No qdisc on the team: the port's own qdisc does the queueing.  No
	 * netpoll: a plugin port's xmit runs under a BH-only tx lock and
	 * must not be entered from netpoll's hard-irq context.  The MAC may
	 * change while up: each port takes it or refuses, and a refusal is
	 * rolled back on the others.
	 */
	dev->priv_flags |= IFF_NO_QUEUE | IFF_UNICAST_FLT | IFF_DISABLE_NETPOLL |
			   IFF_LIVE_ADDR_CHANGE;
	dev->priv_flags &= ~(IFF_XMIT_DST_RELEASE | IFF_TX_SKB_SHARING);

	dev->hw_features = VFTEAM_VLAN_FEATURES | NETIF_F_HW_VLAN_CTAG_TX |
			   NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_FILTER;
	dev->features |= dev->hw_features;
	dev->features |= NETIF_F_LLTX | NETIF_F_NETNS_LOCAL;

	eth_hw_addr_random(dev);
	dev->sysfs_groups[0] = &vfteam_sysfs_group;
}

static int vfteam_validate(struct nlattr *tb[], struct nlattr *data[],
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

struct rtnl_link_ops vfteam_link_ops __read_mostly = {
	.kind		= VFTEAM_DRV_NAME,
	.priv_size	= sizeof(struct vfteam),
	.setup		= vfteam_setup,
	.validate	= vfteam_validate,
};
