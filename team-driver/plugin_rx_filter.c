// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin port Rx filter: the team's unicast and multicast lists
 * and flags, handed to a plugin's set_rx_filter op, and whether the port
 * can receive what the team needs.
 *
 * A netdev port gets the team's lists in ndo_set_rx_mode itself
 * (dev_uc_sync).  A plugin's op may sleep, so the team's rx_mode_work
 * calls it (vfteam_plugin_rx_filter_sync_rtnl), and so does every start
 * of the port, since a restart resets the device.  The port is usable
 * while the team needs only its own MAC, broadcasts and multicast, or
 * while the op took the team's last lists.
 *
 * Locking: pp->rx_filter_err is RTNL's; the lists are copied under the
 * team's address lock (netif_addr_lock_bh), the op runs on the copy.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "plugin_call.h"
#include "plugin_port.h"
#include "plugin_rx_filter.h"
#include "port.h"
#include "team.h"

/* a copy of @dev's lists into @f; the memory to free is returned */
static void *vfteam_plugin_rx_filter_copy(struct net_device *dev,
					  struct vfteam_rx_filter *f)
{
	struct netdev_hw_addr *ha;
	unsigned int uc, mc, i = 0;
	u8 (*a)[ETH_ALEN];

	/* the lists may grow between the count and the copy: count again */
	for (;;) {
		netif_addr_lock_bh(dev);
		uc = netdev_uc_count(dev);
		mc = netdev_mc_count(dev);
		netif_addr_unlock_bh(dev);
		a = kmalloc_array(max(uc + mc, 1U), ETH_ALEN, GFP_KERNEL);
		if (!a)
			return NULL;
		netif_addr_lock_bh(dev);
		if (uc == netdev_uc_count(dev) && mc == netdev_mc_count(dev))
			break;
		netif_addr_unlock_bh(dev);
		kfree(a);
	}
	netdev_for_each_uc_addr(ha, dev)
		ether_addr_copy(a[i++], ha->addr);
	netdev_for_each_mc_addr(ha, dev)
		ether_addr_copy(a[i++], ha->addr);
	netif_addr_unlock_bh(dev);

	f->flags = (dev->flags & IFF_PROMISC ? VFTEAM_RX_PROMISC : 0) |
		   (dev->flags & IFF_ALLMULTI ? VFTEAM_RX_ALLMULTI : 0);
	f->uc = (const u8 (*)[ETH_ALEN])a;
	f->uc_count = uc;
	f->mc = (const u8 (*)[ETH_ALEN])a + uc;
	f->mc_count = mc;
	return a;
}

/*
 * RTNL: give a running plugin port with the op the team's current
 * filter; its answer decides whether the port can carry the team
 */
void vfteam_plugin_rx_filter_sync_rtnl(struct vfteam_plugin_port *pp)
{
	struct net_device *dev;
	struct vfteam_rx_filter f;
	void *mem;
	int err;

	ASSERT_RTNL();
	if (!pp->ops->set_rx_filter || !pp->port || !pp->running)
		return;
	dev = pp->port->team->dev;
	mem = vfteam_plugin_rx_filter_copy(dev, &f);
	err = mem ? vfteam_plugin_call(pp, set_rx_filter, &f) : -ENOMEM;
	kfree(mem);
	/* one line per outcome, not one per address change */
	if (err && err != pp->rx_filter_err)
		netdev_info(dev, "plugin port %s cannot filter for the team (%u unicast, %u multicast%s): %d; the team needs its standby for it\n",
			    pp->name, mem ? f.uc_count : 0, mem ? f.mc_count : 0,
			    mem && (f.flags & VFTEAM_RX_PROMISC) ? ", promiscuous" : "",
			    err);
	pp->rx_filter_err = err;
}

/* RTNL or a snapshot: the port cannot receive all the team asks for */
bool vfteam_plugin_rx_filter_short(const struct vfteam_plugin_port *pp)
{
	if (!READ_ONCE(pp->port->team->rx_wide))
		return false;
	return !pp->ops->set_rx_filter || pp->rx_filter_err;
}
