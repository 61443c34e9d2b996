// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam ports: role detection, enslave and release of netdev ports, and the
 * netdev notifier that follows their state.  Plugin ports (kind
 * VFTEAM_PORT_PLUGIN, no lower netdev) join and leave in pport.c; what is
 * common to both kinds (names, release dispatch, quiesce/resume dispatch,
 * what happens after a port left) is here.
 *
 * Lock order: RTNL > team->stats_lock.  Every function here runs under RTNL
 * (ndo_add_slave/ndo_del_slave, ndo_uninit, the netdev notifier chain, the
 * pairing work and the sysfs store all hold it).  A port becomes visible to
 * the data path only through vfteam_port_publish_rtnl() and
 * netdev_rx_handler_register(), and stops being visible before it is freed:
 * the active pointer is moved away and netdev_rx_handler_unregister() waits
 * for an RCU grace period (synchronize_net()); the struct itself is freed
 * with kfree_rcu() (vfteam_port_free()) so RCU readers of team->ports[]
 * are safe as well.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vfteam.h"

static const char * const vfteam_role_names[VFTEAM_ROLE_NR] = {
	[VFTEAM_ROLE_PRIMARY]	= "primary",
	[VFTEAM_ROLE_STANDBY]	= "standby",
};

const char *vfteam_role_name(enum vfteam_role role)
{
	if ((unsigned int)role >= VFTEAM_ROLE_NR)
		return "unknown";
	return vfteam_role_names[role];
}

/* drivers of paravirtual NICs, which can follow the guest across hosts */
static const char * const vfteam_standby_drivers[] = {
	"virtio_net", "hv_netvsc", "vmxnet3", "vif",
};

/*
 * A port is a standby if the driver bound to its parent device is a
 * paravirtual NIC driver, else it is a primary (a passthrough function).
 */
enum vfteam_role vfteam_role_of(const struct net_device *port_dev)
{
	const struct device *parent = port_dev->dev.parent;
	const struct device_driver *drv;

	drv = parent ? READ_ONCE(parent->driver) : NULL;
	if (drv && drv->name &&
	    match_string(vfteam_standby_drivers,
			 ARRAY_SIZE(vfteam_standby_drivers), drv->name) >= 0)
		return VFTEAM_ROLE_STANDBY;
	return VFTEAM_ROLE_PRIMARY;
}

/* the port's name: its netdev's, or "<plugin>@<device>"; "none" for NULL */
const char *vfteam_port_name(const struct vfteam_port *port)
{
	if (!port)
		return "none";
	switch (port->kind) {
	case VFTEAM_PORT_NETDEV:
		return port->dev->name;
	case VFTEAM_PORT_PLUGIN:
		return vfteam_pport_name(port->pport);
	}
	return "unknown";
}

struct vfteam_port *vfteam_port_of_rtnl(const struct net_device *port_dev)
{
	ASSERT_RTNL();
	if (rcu_access_pointer(port_dev->rx_handler) != vfteam_handle_frame)
		return NULL;
	return rtnl_dereference(port_dev->rx_handler_data);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_port_of_rtnl);

static bool vfteam_has_ports_rtnl(struct vfteam *team)
{
	struct vfteam_port *port;
	int role;

	vfteam_for_each_port_rtnl(team, port, role)
		return true;
	return false;
}

static int vfteam_port_check_rtnl(struct vfteam *team,
				  struct net_device *port_dev,
				  enum vfteam_role role,
				  struct netlink_ext_ack *extack)
{
	struct net_device *dev = team->dev;
	struct vfteam_port *taken;

	if (port_dev == dev || vfteam_is_team(port_dev)) {
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
			   port_dev->name, vfteam_role_name(role),
			   vfteam_port_name(taken));
		return -EBUSY;
	}
	return 0;
}

static int vfteam_port_set_mac_rtnl(struct vfteam *team,
				    struct net_device *port_dev, const u8 *mac,
				    struct netlink_ext_ack *extack)
{
	struct sockaddr_storage ss;
	int err;

	ss.ss_family = port_dev->type;
	memcpy(ss.__data, mac, port_dev->addr_len);
	team->own_change = true;
	err = dev_set_mac_address(port_dev, (struct sockaddr *)&ss, extack);
	team->own_change = false;
	return err;
}

static int vfteam_port_set_mtu_rtnl(struct vfteam *team,
				    struct net_device *port_dev, int mtu,
				    struct netlink_ext_ack *extack)
{
	int err;

	team->own_change = true;
	err = dev_set_mtu(port_dev, mtu);
	team->own_change = false;
	if (err)
		NL_SET_ERR_MSG(extack, "vfteam: port refused the team's MTU");
	return err;
}

int vfteam_port_add_rtnl(struct vfteam *team, struct net_device *port_dev,
			 struct netlink_ext_ack *extack)
{
	return vfteam_port_add_role_rtnl(team, port_dev,
					 vfteam_role_of(port_dev), extack);
}

/* enslave @port_dev in @role (tests choose the role; users get role_of) */
int vfteam_port_add_role_rtnl(struct vfteam *team, struct net_device *port_dev,
			      enum vfteam_role role,
			      struct netlink_ext_ack *extack)
{
	struct netdev_lag_upper_info lag_info = {
		.tx_type = NETDEV_LAG_TX_TYPE_ACTIVEBACKUP,
		.hash_type = NETDEV_LAG_HASH_NONE,
	};
	struct net_device *dev = team->dev;
	unsigned char old_team_assign = dev->addr_assign_type;
	u8 old_team_mac[ETH_ALEN];
	struct vfteam_port *port;
	bool took_mac = false;
	int err;

	ASSERT_RTNL();
	err = vfteam_port_check_rtnl(team, port_dev, role, extack);
	if (err)
		return err;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->team = team;
	port->dev = port_dev;
	port->kind = VFTEAM_PORT_NETDEV;
	port->role = role;
	port->orig_mtu = port_dev->mtu;
	memcpy(port->orig_mac, port_dev->dev_addr, port_dev->addr_len);

	/* before dev_open(): keeps addrconf and network managers off it */
	port_dev->flags |= IFF_SLAVE;
	/* udev may still rename it while it is up and enslaved */
	port_dev->priv_flags |= IFF_LIVE_RENAME_OK;

	if (port_dev->mtu != dev->mtu) {
		err = vfteam_port_set_mtu_rtnl(team, port_dev, dev->mtu, extack);
		if (err)
			goto undo_slave_flag;
		port->mtu_changed = true;
	}

	ether_addr_copy(old_team_mac, dev->dev_addr);
	if (dev->addr_assign_type == NET_ADDR_RANDOM &&
	    !vfteam_has_ports_rtnl(team)) {
		/* first port of a team whose MAC nobody chose: take the port's */
		eth_hw_addr_set(dev, port_dev->dev_addr);
		dev->addr_assign_type = NET_ADDR_STOLEN;
		call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
		took_mac = true;
	} else if (!ether_addr_equal(port_dev->dev_addr, dev->dev_addr)) {
		err = vfteam_port_set_mac_rtnl(team, port_dev, dev->dev_addr,
					       extack);
		if (err)
			goto undo_mtu;
		port->mac_changed = true;
	}

	if (!(port_dev->flags & IFF_UP)) {
		err = dev_open(port_dev, extack);
		if (err)
			goto undo_mac;
		port->opened = true;
	}

	err = netdev_rx_handler_register(port_dev, vfteam_handle_frame, port);
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

	vfteam_port_publish_rtnl(team, port);
	vfteam_compute_features_rtnl(team);
	netdev_info(dev, "enslaved %s as %s port\n", port_dev->name,
		    vfteam_role_name(role));
	vfteam_select_rtnl(team, NULL);
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
	if (port->opened)
		dev_close(port_dev);
undo_mac:
	if (took_mac) {
		eth_hw_addr_set(dev, old_team_mac);
		dev->addr_assign_type = old_team_assign;
		call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
	} else if (port->mac_changed) {
		vfteam_port_set_mac_rtnl(team, port_dev, port->orig_mac, NULL);
	}
undo_mtu:
	if (port->mtu_changed)
		vfteam_port_set_mtu_rtnl(team, port_dev, port->orig_mtu, NULL);
undo_slave_flag:
	port_dev->flags &= ~IFF_SLAVE;
	port_dev->priv_flags &= ~IFF_LIVE_RENAME_OK;
	kfree(port);
	return err;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_port_add_role_rtnl);

/*
 * After a port of @role left @team (and was unpublished): recompute, move
 * traffic, tell the migration state machine, and let a plugin port that
 * waits for this team's primary slot try to fill it.
 */
void vfteam_port_gone_rtnl(struct vfteam *team, enum vfteam_role role)
{
	ASSERT_RTNL();
	if (team->dev->reg_state == NETREG_REGISTERED)
		vfteam_compute_features_rtnl(team);
	vfteam_select_rtnl(team, NULL);
	if (role == VFTEAM_ROLE_PRIMARY) {
		vfteam_mig_event_rtnl(team, VFTEAM_MIG_EV_PRIMARY_GONE);
		vfteam_plugin_kick();
	}
}

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * Set by the KUnit suites: free a port at once (after a grace period) in
 * place of kfree_rcu(), so that a use of a released port in the control
 * path is a use after free KASAN sees, not one hidden by the deferred free.
 */
bool vfteam_free_ports_now;
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_free_ports_now);
#endif

/*
 * Free a released port: RCU readers (team->ports[], team->active) may
 * still hold it.  Nothing may touch @port after this call.
 */
void vfteam_port_free(struct vfteam_port *port)
{
#if IS_ENABLED(CONFIG_KUNIT)
	if (READ_ONCE(vfteam_free_ports_now)) {
		synchronize_rcu();
		kfree(port);
		return;
	}
#endif
	kfree_rcu(port, rcu);
}

/*
 * Release a netdev port: from ndo_del_slave, from NETDEV_UNREGISTER of the
 * port (then the lower device is going away and is not restored), or from
 * the team's ndo_uninit.
 */
static void vfteam_port_del_netdev_rtnl(struct vfteam_port *port)
{
	struct vfteam *team = port->team;
	struct net_device *dev = team->dev;
	struct net_device *port_dev = port->dev;
	bool dying = port_dev->reg_state != NETREG_REGISTERED;
	enum vfteam_role role = port->role;

	ASSERT_RTNL();

	/* make before break: move traffic off this port first */
	vfteam_select_rtnl(team, port);

	/* no new RCU reader finds it; its counters go to team->carried */
	vfteam_port_unpublish_rtnl(team, port);

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
	port_dev->flags &= ~IFF_SLAVE;
	port_dev->priv_flags &= ~IFF_LIVE_RENAME_OK;

	if (!dying) {
		if (port->opened && netif_running(port_dev))
			dev_close(port_dev);
		if (port->mac_changed)
			vfteam_port_set_mac_rtnl(team, port_dev, port->orig_mac,
						 NULL);
		if (port->mtu_changed)
			vfteam_port_set_mtu_rtnl(team, port_dev,
						 port->orig_mtu, NULL);
	}

	netdev_info(dev, "released %s port %s\n", vfteam_role_name(role),
		    port_dev->name);
	vfteam_port_free(port);
	vfteam_port_gone_rtnl(team, role);
}

/* release a port of either kind; a plugin port goes back to waiting */
void vfteam_port_del_rtnl(struct vfteam_port *port)
{
	struct vfteam_pport *pp;

	ASSERT_RTNL();
	switch (port->kind) {
	case VFTEAM_PORT_NETDEV:
		vfteam_port_del_netdev_rtnl(port);
		break;
	case VFTEAM_PORT_PLUGIN:
		/* leave frees @port */
		pp = port->pport;
		vfteam_pport_leave_rtnl(pp);
		/* the device is still there: wait for a team with its MAC */
		vfteam_plugin_pending_add_rtnl(pp);
		break;
	}
}

void vfteam_port_release_all_rtnl(struct vfteam *team)
{
	struct vfteam_port *port;
	int role;

	ASSERT_RTNL();
	vfteam_for_each_port_rtnl(team, port, role)
		vfteam_port_del_rtnl(port);
}

/* migration: stop the port's traffic but keep it enslaved */
int vfteam_port_quiesce_rtnl(struct vfteam_port *port)
{
	ASSERT_RTNL();
	switch (port->kind) {
	case VFTEAM_PORT_NETDEV:
		if (netif_running(port->dev)) {
			dev_close(port->dev);
			port->quiesced = true;
		}
		return 0;
	case VFTEAM_PORT_PLUGIN:
		/* the core's sequence: tx off, NAPI off, irq off, quiesce op */
		return vfteam_pport_quiesce_rtnl(port->pport);
	}
	return -EOPNOTSUPP;
}

/* migration aborted: undo vfteam_port_quiesce_rtnl() */
int vfteam_port_resume_rtnl(struct vfteam_port *port)
{
	int err = 0;

	ASSERT_RTNL();
	switch (port->kind) {
	case VFTEAM_PORT_NETDEV:
		if (port->quiesced && !netif_running(port->dev))
			err = dev_open(port->dev, NULL);
		port->quiesced = false;
		return err;
	case VFTEAM_PORT_PLUGIN:
		/* restart from the checkpoint on the same device */
		return vfteam_pport_resume_rtnl(port->pport);
	}
	return -EOPNOTSUPP;
}

static int vfteam_port_event_rtnl(struct vfteam_port *port,
				  unsigned long event)
{
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
		vfteam_port_del_rtnl(port);
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
	case NETDEV_CHANGEADDR:
		if (!team->own_change &&
		    !ether_addr_equal(port_dev->dev_addr, team->dev->dev_addr))
			netdev_warn(team->dev,
				    "port %s no longer has the team's MAC\n",
				    port_dev->name);
		break;
	case NETDEV_FEAT_CHANGE:
		vfteam_compute_features_rtnl(team);
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

static int vfteam_netdev_event(struct notifier_block *nb,
			       unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vfteam_port *port;

	ASSERT_RTNL();
	if (vfteam_is_team(dev)) {
		/* a team with a new MAC may be what a plugin port waits for */
		if (event == NETDEV_REGISTER || event == NETDEV_CHANGEADDR)
			vfteam_plugin_kick();
		return NOTIFY_DONE;
	}
	if (event == NETDEV_REGISTER) {
		vfteam_pair_queue_rtnl(dev);
		return NOTIFY_DONE;
	}

	port = vfteam_port_of_rtnl(dev);
	if (!port)
		return NOTIFY_DONE;
	return vfteam_port_event_rtnl(port, event);
}

static struct notifier_block vfteam_notifier = {
	.notifier_call = vfteam_netdev_event,
};

int vfteam_notifier_register(void)
{
	return register_netdevice_notifier(&vfteam_notifier);
}

void vfteam_notifier_unregister(void)
{
	unregister_netdevice_notifier(&vfteam_notifier);
}
