// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam netdev ports: role detection, enslave and release of a lower
 * net_device, its port ops, and the netdev notifier that follows the
 * ports' state (and hands new devices to auto-join, new teams to the
 * plugin host).
 *
 * Lock order: RTNL > team->stats_lock.  Every function here runs under
 * RTNL (ndo_add_slave/ndo_del_slave, ndo_uninit, the netdev notifier
 * chain, the pairing work), but get_stats, which runs under
 * team->stats_lock.  The lower device's rx_handler is registered last at
 * enslave and unregistered (which waits for running handlers) before the
 * port is freed.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/sch_generic.h>

#include <vfteam/compat.h>

#include "main.h"
#include "netdev_port.h"
#include "pair.h"
#include "plugin_port.h"
#include "plugin_wait.h"
#include "port.h"
#include "select.h"
#include "standby.h"
#include "team.h"
#include "txrx.h"

struct vfteam_netdev_port {
	struct vfteam_port port;

	/* RTNL: what enslave changed on the lower device, undone at release */
	bool opened;			/* we dev_open()ed it */
	bool mtu_changed;
	bool mac_changed;
	unsigned int orig_mtu;
	u8 orig_mac[MAX_ADDR_LEN];
	/* RTNL: closed by migration prepare; abort re-opens it */
	bool quiesced;
};

static struct vfteam_netdev_port *to_netdev_port(struct vfteam_port *port)
{
	return container_of(port, struct vfteam_netdev_port, port);
}

/*
 * A port is a standby if the driver bound to its parent device is a
 * paravirtual NIC driver, else it is a primary (a passthrough function).
 */
enum vfteam_role vfteam_netdev_port_role(const struct net_device *port_dev)
{
	const struct device *parent = port_dev->dev.parent;
	const struct device_driver *drv;

	drv = parent ? READ_ONCE(parent->driver) : NULL;
	if (drv && drv->name && vfteam_standby_driver(drv->name))
		return VFTEAM_ROLE_STANDBY;
	return VFTEAM_ROLE_PRIMARY;
}

struct vfteam_port *vfteam_netdev_port_of_rtnl(const struct net_device *dev)
{
	ASSERT_RTNL();
	if (rcu_access_pointer(dev->rx_handler) != vfteam_txrx_handle_frame)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_netdev_port_of_rtnl);

/* ---- port ops ---- */

static const char *vfteam_netdev_port_name(const struct vfteam_port *port)
{
	return port->dev->name;
}

static void vfteam_netdev_port_view(const struct vfteam_port *port,
				    struct vfteam_port_view *view)
{
	view->up = netif_running(port->dev);
	view->running = view->up && netif_device_present(port->dev);
	/*
	 * A port opened without link gets its qdisc only when linkwatch
	 * handles the carrier coming on, which needs RTNL: a carrier that
	 * came on while the team held it (during the enslave, say) is not yet
	 * a way out, since dev_queue_xmit() drops into noop_qdisc until then.
	 * linkwatch's NETDEV_CHANGE, after it attached the qdisc, selects again.
	 */
	view->carrier = netif_carrier_ok(port->dev) &&
			!qdisc_tx_is_noop(port->dev);
	view->foreign_mac = !ether_addr_equal(port->dev->dev_addr,
					      port->team->dev->dev_addr);
}

static void vfteam_netdev_port_get_stats(const struct vfteam_port *port,
					 struct rtnl_link_stats64 *stats)
{
	dev_get_stats(port->dev, stats);
}

static u64 vfteam_netdev_port_tx_declined(const struct vfteam_port *port)
{
	return 0;	/* a netdev port's driver queues or drops, never declines */
}

static u64 vfteam_netdev_port_tx_busy(const struct vfteam_port *port)
{
	return 0;	/* its own qdisc holds what its ring cannot take */
}

static u64 vfteam_netdev_port_carrier_changes(const struct vfteam_port *port)
{
	return (u64)atomic_read(&port->dev->carrier_up_count) +
	       atomic_read(&port->dev->carrier_down_count);
}

static int vfteam_netdev_port_quiesce(struct vfteam_port *port)
{
	if (netif_running(port->dev)) {
		dev_close(port->dev);
		to_netdev_port(port)->quiesced = true;
	}
	return 0;
}

static int vfteam_netdev_port_resume(struct vfteam_port *port)
{
	struct vfteam_netdev_port *np = to_netdev_port(port);
	int err;

	if (!np->quiesced)
		return 0;
	np->quiesced = false;
	if (netif_running(port->dev))
		return 0;
	err = dev_open(port->dev, NULL);
	return err ? err : 1;
}

/* what is not the port's own any more is put back at release */
static int vfteam_netdev_port_set_mtu(struct vfteam_port *port, int mtu)
{
	struct vfteam_netdev_port *np = to_netdev_port(port);
	int err;

	err = dev_set_mtu(port->dev, mtu);
	if (!err)
		np->mtu_changed = port->dev->mtu != np->orig_mtu;
	return err;
}

static int vfteam_netdev_port_set_mac(struct vfteam_port *port,
				      struct sockaddr *addr)
{
	struct vfteam_netdev_port *np = to_netdev_port(port);
	int err;

	err = dev_set_mac_address(port->dev, addr, NULL);
	if (!err)
		np->mac_changed = !ether_addr_equal(port->dev->dev_addr,
						    np->orig_mac);
	return err;
}

static int vfteam_netdev_port_vlan_add(struct vfteam_port *port,
				       __be16 proto, u16 vid)
{
	return vlan_vid_add(port->dev, proto, vid);
}

static void vfteam_netdev_port_vlan_del(struct vfteam_port *port,
					__be16 proto, u16 vid)
{
	vlan_vid_del(port->dev, proto, vid);
}

static void vfteam_netdev_port_release(struct vfteam_port *port);

/* the lower device's own answer; unknown if it has none */
static void vfteam_netdev_port_get_link(struct vfteam_port *port,
					struct ethtool_link_ksettings *cmd)
{
	struct ethtool_link_ksettings lower;

	if (__ethtool_get_link_ksettings(port->dev, &lower))
		return;
	cmd->base.speed = lower.base.speed;
	cmd->base.duplex = lower.base.duplex;
}

/* the lower device's own driver and bus, as its ethtool -i says them */
static void vfteam_netdev_port_get_drvinfo(const struct vfteam_port *port,
					   struct ethtool_drvinfo *info)
{
	const struct ethtool_ops *ops = port->dev->ethtool_ops;
	struct ethtool_drvinfo lower = {};

	if (ops && ops->get_drvinfo)
		ops->get_drvinfo(port->dev, &lower);
	/* a driver name too long for what is left is cut */
	scnprintf(info->fw_version, sizeof(info->fw_version), "%s %s",
		  port->dev->name, lower.driver[0] ? lower.driver : "?");
	strscpy(info->bus_info, lower.bus_info, sizeof(info->bus_info));
}

static const struct vfteam_port_ops vfteam_netdev_port_ops = {
	.name		= vfteam_netdev_port_name,
	.view		= vfteam_netdev_port_view,
	.get_stats	= vfteam_netdev_port_get_stats,
	.tx_declined	= vfteam_netdev_port_tx_declined,
	.tx_busy	= vfteam_netdev_port_tx_busy,
	.carrier_changes = vfteam_netdev_port_carrier_changes,
	.quiesce	= vfteam_netdev_port_quiesce,
	.resume		= vfteam_netdev_port_resume,
	.release	= vfteam_netdev_port_release,
	.set_mtu	= vfteam_netdev_port_set_mtu,
	.set_mac	= vfteam_netdev_port_set_mac,
	.vlan_add	= vfteam_netdev_port_vlan_add,
	.vlan_del	= vfteam_netdev_port_vlan_del,
	.get_link	= vfteam_netdev_port_get_link,
	.get_drvinfo	= vfteam_netdev_port_get_drvinfo,
};

/* ---- enslave and release ---- */

static bool vfteam_netdev_port_team_empty_rtnl(struct vfteam *team)
{
	struct vfteam_port *port;
	int role;

	vfteam_for_each_port_rtnl(team, port, role)
		return false;
	return true;
}

static int vfteam_netdev_port_check_rtnl(struct vfteam *team,
					 struct net_device *port_dev,
					 enum vfteam_role role,
					 struct netlink_ext_ack *extack)
{
	struct net_device *dev = team->dev;
	struct vfteam_port *taken;

	if (port_dev == dev || vfteam_team_is(port_dev)) {
		NL_SET_ERR_MSG(extack, "vfteam: a vfteam cannot be a port");
		return -EINVAL;
	}
	if (port_dev->type != ARPHRD_ETHER || port_dev->addr_len != ETH_ALEN ||
	    (port_dev->flags & IFF_LOOPBACK)) {
		NL_SET_ERR_MSG(extack, "vfteam: a port must be an Ethernet device");
		return -EINVAL;
	}
	if (netdev_master_upper_dev_get(port_dev)) {
		NL_SET_ERR_MSG(extack, "vfteam: device already has a master");
		return -EBUSY;
	}
	if ((port_dev->features & NETIF_F_VLAN_CHALLENGED) &&
	    vlan_uses_dev(dev)) {
		NL_SET_ERR_MSG(extack, "vfteam: VLANs on team, port cannot do VLANs");
		return -EPERM;
	}

	taken = vfteam_port_rtnl(team, role);
	if (taken) {
		NL_SET_ERR_MSG(extack, "vfteam: team already has a port of this role");
		netdev_err(dev, "cannot enslave %s: %s port %s already present\n",
			   port_dev->name, vfteam_port_role_name(role),
			   vfteam_port_name(taken));
		return -EBUSY;
	}
	return 0;
}

/* the team's own MAC change on a port, told apart by the notifier */
static int vfteam_netdev_port_own_mac_rtnl(struct vfteam_port *port,
					   const u8 *mac)
{
	struct sockaddr_storage ss;
	int err;

	ss.ss_family = port->dev->type;
	memcpy(ss.__data, mac, port->dev->addr_len);
	port->team->own_change = true;
	err = vfteam_netdev_port_set_mac(port, (struct sockaddr *)&ss);
	port->team->own_change = false;
	return err;
}

static int vfteam_netdev_port_own_mtu_rtnl(struct vfteam_port *port, int mtu)
{
	int err;

	port->team->own_change = true;
	err = vfteam_netdev_port_set_mtu(port, mtu);
	port->team->own_change = false;
	return err;
}

int vfteam_netdev_port_add_rtnl(struct vfteam *team,
				struct net_device *port_dev,
				struct netlink_ext_ack *extack)
{
	return vfteam_netdev_port_add_role_rtnl(team, port_dev,
						vfteam_netdev_port_role(port_dev),
						extack);
}

/*
 * Tell user space that @port_dev became, or stopped being, a port: udev
 * runs its rules on it again, and the rule vfteam ships (dist/udev) keeps
 * NetworkManager and networkd off a port.  The device's "add" uevent cannot
 * say it: auto-join enslaves after register_netdevice() has returned.
 */
static void vfteam_netdev_port_uevent(struct net_device *port_dev)
{
	kobject_uevent(&port_dev->dev.kobj, KOBJ_CHANGE);
}

/* enslave @port_dev in @role (tests choose the role; users get its own) */
int vfteam_netdev_port_add_role_rtnl(struct vfteam *team,
				     struct net_device *port_dev,
				     enum vfteam_role role,
				     struct netlink_ext_ack *extack)
{
	struct netdev_lag_upper_info lag_info = {
		.tx_type = NETDEV_LAG_TX_TYPE_ACTIVEBACKUP,
		.hash_type = NETDEV_LAG_HASH_NONE,
	};
	struct net_device *dev = team->dev;
	unsigned char old_team_assign = dev->addr_assign_type;
	struct vfteam_netdev_port *np;
	u8 old_team_mac[ETH_ALEN];
	struct vfteam_port *port;
	bool took_mac = false;
	int err;

	ASSERT_RTNL();
	err = vfteam_netdev_port_check_rtnl(team, port_dev, role, extack);
	if (err)
		return err;

	port = vfteam_port_alloc(team, &vfteam_netdev_port_ops, role,
				 sizeof(*np));
	if (!port)
		return -ENOMEM;
	port->dev = port_dev;
	np = to_netdev_port(port);
	np->orig_mtu = port_dev->mtu;
	memcpy(np->orig_mac, port_dev->dev_addr, port_dev->addr_len);

	/*
	 * before dev_open(): keeps addrconf and network managers off it;
	 * udev may still rename it while it is up and enslaved
	 */
	vfteam_compat_port_flags(port_dev, true);

	if (port_dev->mtu != dev->mtu) {
		err = vfteam_netdev_port_own_mtu_rtnl(port, dev->mtu);
		if (err) {
			NL_SET_ERR_MSG(extack, "vfteam: port refused the team's MTU");
			goto undo_slave_flag;
		}
		np->mtu_changed = true;
	}

	ether_addr_copy(old_team_mac, dev->dev_addr);
	if (dev->addr_assign_type == NET_ADDR_RANDOM &&
	    vfteam_netdev_port_team_empty_rtnl(team)) {
		/* first port of a team whose MAC nobody chose: take the port's */
		eth_hw_addr_set(dev, port_dev->dev_addr);
		dev->addr_assign_type = NET_ADDR_STOLEN;
		call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
		took_mac = true;
	} else if (!ether_addr_equal(port_dev->dev_addr, dev->dev_addr)) {
		err = vfteam_netdev_port_own_mac_rtnl(port, dev->dev_addr);
		if (err) {
			NL_SET_ERR_MSG(extack, "vfteam: port refused the team's MAC");
			goto undo_mtu;
		}
		np->mac_changed = true;
	}

	if (!(port_dev->flags & IFF_UP)) {
		err = dev_open(port_dev, extack);
		if (err)
			goto undo_mac;
		np->opened = true;
	}

	err = netdev_rx_handler_register(port_dev, vfteam_txrx_handle_frame,
					 port);
	if (err)
		goto undo_open;

	err = netdev_master_upper_dev_link(port_dev, dev, NULL, &lag_info,
					   extack);
	if (err)
		goto undo_rx_handler;

	err = vlan_vids_add_by_dev(port_dev, dev);
	if (err)
		goto undo_upper_link;

	if (dev->flags & IFF_PROMISC) {
		err = dev_set_promiscuity(port_dev, 1);
		if (err)
			goto undo_vids;
	}
	if (dev->flags & IFF_ALLMULTI) {
		err = dev_set_allmulti(port_dev, 1);
		if (err)
			goto undo_promisc;
	}

	netif_addr_lock_bh(dev);
	dev_uc_sync_multiple(port_dev, dev);
	dev_mc_sync_multiple(port_dev, dev);
	netif_addr_unlock_bh(dev);

	vfteam_port_publish_rtnl(port);
	/*
	 * also turns LRO off on the new port if the team has it off (a bridge
	 * on top turned it off so frames can be forwarded): the core syncs
	 * NETIF_F_UPPER_DISABLES down to the lower devices
	 */
	vfteam_team_compute_features_rtnl(team);
	netdev_info(dev, "enslaved %s as %s port\n", port_dev->name,
		    vfteam_port_role_name(role));
	vfteam_select_rtnl(team, NULL);
	vfteam_netdev_port_uevent(port_dev);
	return 0;

undo_promisc:
	if (dev->flags & IFF_PROMISC)
		dev_set_promiscuity(port_dev, -1);
undo_vids:
	vlan_vids_del_by_dev(port_dev, dev);
undo_upper_link:
	netdev_upper_dev_unlink(port_dev, dev);
undo_rx_handler:
	netdev_rx_handler_unregister(port_dev);
undo_open:
	if (np->opened)
		dev_close(port_dev);
undo_mac:
	if (took_mac) {
		eth_hw_addr_set(dev, old_team_mac);
		dev->addr_assign_type = old_team_assign;
		call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
	} else if (np->mac_changed) {
		vfteam_netdev_port_own_mac_rtnl(port, np->orig_mac);
	}
undo_mtu:
	if (np->mtu_changed)
		vfteam_netdev_port_own_mtu_rtnl(port, np->orig_mtu);
undo_slave_flag:
	vfteam_compat_port_flags(port_dev, false);
	kfree(np);
	return err;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_netdev_port_add_role_rtnl);

/*
 * Release a netdev port: from ndo_del_slave, from NETDEV_UNREGISTER of the
 * port (then the lower device is going away and is not restored), or from
 * the team's ndo_uninit.
 */
static void vfteam_netdev_port_release(struct vfteam_port *port)
{
	struct vfteam_netdev_port *np = to_netdev_port(port);
	struct vfteam *team = port->team;
	struct net_device *dev = team->dev;
	struct net_device *port_dev = port->dev;
	bool dying = port_dev->reg_state != NETREG_REGISTERED;
	enum vfteam_role role = port->role;

	ASSERT_RTNL();

	/* make before break: move traffic off this port first */
	vfteam_select_rtnl(team, port);

	vfteam_port_unpublish_rtnl(port);

	dev_uc_unsync(port_dev, dev);
	dev_mc_unsync(port_dev, dev);
	if (dev->flags & IFF_PROMISC)
		dev_set_promiscuity(port_dev, -1);
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(port_dev, -1);
	vlan_vids_del_by_dev(port_dev, dev);
	netdev_upper_dev_unlink(port_dev, dev);
	/* waits for the rx_handler and for the xmit of the old active port */
	netdev_rx_handler_unregister(port_dev);
	vfteam_compat_port_flags(port_dev, false);

	if (!dying) {
		if (np->opened && netif_running(port_dev))
			dev_close(port_dev);
		if (np->mac_changed)
			vfteam_netdev_port_own_mac_rtnl(port, np->orig_mac);
		if (np->mtu_changed)
			vfteam_netdev_port_own_mtu_rtnl(port, np->orig_mtu);
	}

	netdev_info(dev, "released %s port %s\n", vfteam_port_role_name(role),
		    port_dev->name);
	if (!dying)
		vfteam_netdev_port_uevent(port_dev);
	vfteam_port_free(port);
	vfteam_port_left_rtnl(team, role);
}

/* ---- the netdev notifier ---- */

static int vfteam_netdev_port_event_rtnl(struct vfteam_port *port,
					 unsigned long event, void *ptr)
{
	struct netdev_notifier_pre_changeaddr_info *pre;
	struct vfteam *team = port->team;
	struct net_device *port_dev = port->dev;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		vfteam_select_rtnl(team, NULL);
		break;
	case NETDEV_GOING_DOWN:
		/* switch while the port can still send */
		vfteam_select_rtnl(team, port);
		break;
	case NETDEV_UNREGISTER:
		vfteam_netdev_port_release(port);
		break;
	case NETDEV_PRECHANGEMTU:
		if (!team->own_change) {
			netdev_warn(team->dev,
				    "port %s: set the MTU on the team instead\n",
				    port_dev->name);
			return notifier_from_errno(-EBUSY);
		}
		break;
	case NETDEV_CHANGEMTU:
		/* only the team's own changes get past PRECHANGEMTU */
		break;
	case NETDEV_PRE_CHANGEADDR:
		/* a user's change; the team's own go through own_change */
		pre = ptr;
		if (!team->own_change &&
		    !ether_addr_equal(pre->dev_addr, team->dev->dev_addr)) {
			netdev_warn(team->dev,
				    "port %s: its MAC is the team's; set the MAC on the team instead\n",
				    port_dev->name);
			return notifier_from_errno(-EBUSY);
		}
		break;
	case NETDEV_CHANGEADDR:
		/*
		 * Changed with no PRE_CHANGEADDR to veto it (a VF driver
		 * taking the MAC its PF gave it): the port no longer takes
		 * the team's frames, so the team leaves it until it has the
		 * MAC again
		 */
		if (team->own_change)
			break;	/* the team reselects once its own MAC is set */
		if (!ether_addr_equal(port_dev->dev_addr, team->dev->dev_addr))
			netdev_warn(team->dev,
				    "port %s no longer has the team's MAC: not used until it has it again\n",
				    port_dev->name);
		vfteam_select_rtnl(team, NULL);
		break;
	case NETDEV_FEAT_CHANGE:
		vfteam_team_compute_features_rtnl(team);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		return NOTIFY_BAD;
	case NETDEV_CHANGENAME:
		/* names are looked up when shown: nothing to do */
		break;
	case NETDEV_NOTIFY_PEERS:
		/*
		 * A port has no address of its own, so its announcement
		 * (virtio-net's VIRTIO_NET_S_ANNOUNCE after a live migration,
		 * for one) would send nothing: the team announces instead,
		 * through that port when it is the active one.
		 */
		if (port == rtnl_dereference(team->active) &&
		    netif_running(team->dev))
			__netdev_notify_peers(team->dev);
		break;
	}
	return NOTIFY_DONE;
}

static int vfteam_netdev_port_event(struct notifier_block *nb,
				    unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vfteam_port *port;

	ASSERT_RTNL();
	if (vfteam_team_is(dev)) {
		/* a team with a new MAC may be what a plugin port waits for */
		if (event == NETDEV_REGISTER || event == NETDEV_CHANGEADDR)
			vfteam_plugin_wait_kick();
		return NOTIFY_DONE;
	}
	if (event == NETDEV_REGISTER) {
		vfteam_pair_queue_rtnl(dev);
		return NOTIFY_DONE;
	}

	port = vfteam_netdev_port_of_rtnl(dev);
	if (!port)
		return NOTIFY_DONE;
	return vfteam_netdev_port_event_rtnl(port, event, ptr);
}

static struct notifier_block vfteam_netdev_port_notifier = {
	.notifier_call = vfteam_netdev_port_event,
};

int vfteam_netdev_port_notifier_register(void)
{
	return register_netdevice_notifier(&vfteam_netdev_port_notifier);
}

void vfteam_netdev_port_notifier_unregister(void)
{
	unregister_netdevice_notifier(&vfteam_netdev_port_notifier);
}
