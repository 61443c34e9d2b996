// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam auto-join and auto-pairing.
 *
 * When an Ethernet device backed by a bus device registers and its
 * permanent MAC (or current MAC if it has none) equals the MAC of a vfteam
 * that has no port of the device's role, the device is enslaved into that
 * team.  This is how a primary hot-plugged on the migration destination
 * (QEMU device_add ... mac=<same>) re-joins.  With auto_pair=1, a standby
 * whose MAC no team has gets a new team "vfteam%d" with that MAC, and a
 * primary with the same MAC that registered earlier is enslaved as well.
 *
 * Why a work item and not the NETDEV_REGISTER notifier itself: the
 * notifier runs in the middle of the lower driver's register_netdev(), and
 * drivers keep touching the device after that returns (e1000e turns the
 * carrier off, virtio-net used to mark the device ready only afterwards).
 * Opening it, changing its MTU/MAC or creating a whole new netdev from
 * inside that chain races with the rest of probe.  The ordered work runs
 * once the registering thread dropped RTNL, takes RTNL itself, looks the
 * device up again by ifindex and re-checks everything, so a device that is
 * gone or was enslaved in between is simply skipped.  The new team is
 * created (vfteam_team_create_rtnl) under that RTNL, as if by "ip link add".
 *
 * Lock order: RTNL > team->stats_lock.  vfteam_pair_stopping and queueing
 * are under RTNL, so no work is queued after vfteam_pair_exit() starts.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/addrconf.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>

#include "main.h"
#include "netdev_port.h"
#include "pair.h"
#include "port.h"
#include "team.h"

struct vfteam_pair_req {
	struct work_struct work;
	struct net *net;	/* reference held until the work ran */
	int ifindex;
};

static struct workqueue_struct *vfteam_pair_wq;
static bool vfteam_pair_stopping;	/* RTNL */

static const u8 *vfteam_pair_mac(const struct net_device *dev)
{
	if (is_valid_ether_addr(dev->perm_addr))
		return dev->perm_addr;
	return dev->dev_addr;
}

/* a bus-backed Ethernet device that is not ours and has no master */
static bool vfteam_pair_candidate_rtnl(struct net_device *dev)
{
	return dev->type == ARPHRD_ETHER && dev->addr_len == ETH_ALEN &&
	       !(dev->flags & IFF_LOOPBACK) && dev->dev.parent &&
	       !vfteam_team_is(dev) &&
	       !(dev->priv_flags & IFF_FAILOVER_SLAVE) &&
	       !netdev_master_upper_dev_get(dev);
}

/*
 * Why @dev must not be taken without being asked, or NULL.  A device that
 * is up or has an address was configured by someone (a network manager,
 * DHCP, the user) before the pairing work ran: taking it would pull it
 * from under them.  A team may also refuse every device (auto_join 0).
 */
static const char *vfteam_pair_refusal_rtnl(struct vfteam *team,
					    struct net_device *dev)
{
	struct inet6_dev *idev;
	struct in_device *in_dev;

	if (team && !team->auto_join)
		return "the team's auto_join is off";
	if (dev->flags & IFF_UP)
		return "it is up (configured by someone else)";
	in_dev = __in_dev_get_rtnl(dev);
	if (in_dev && rtnl_dereference(in_dev->ifa_list))
		return "it has an IPv4 address";
	idev = __in6_dev_get(dev);
	if (idev && !list_empty(&idev->addr_list))
		return "it has an IPv6 address";
	return NULL;
}

static void vfteam_pair_join_rtnl(struct vfteam *team, struct net_device *dev)
{
	const char *why;
	int err;

	why = vfteam_pair_refusal_rtnl(team, dev);
	if (why) {
		netdev_info(team->dev, "not auto-joining %s (MAC %pM): %s; \"ip link set %s master %s\" adds it\n",
			    dev->name, vfteam_pair_mac(dev), why, dev->name,
			    team->dev->name);
		return;
	}
	err = vfteam_netdev_port_add_rtnl(team, dev, NULL);
	if (err)
		netdev_warn(team->dev, "auto-join of %s failed: %d\n",
			    dev->name, err);
	else
		netdev_info(team->dev, "auto-joined %s: its MAC %pM is the team's\n",
			    dev->name, vfteam_pair_mac(dev));
}

static void vfteam_pair_dev_rtnl(struct net_device *dev)
{
	enum vfteam_role role = vfteam_netdev_port_role(dev);
	const char *why;
	const u8 *mac = vfteam_pair_mac(dev);
	struct net *net = dev_net(dev);
	struct net_device *d;
	struct vfteam *team;

	team = vfteam_team_find_rtnl(net, mac, role);
	if (team) {
		vfteam_pair_join_rtnl(team, dev);
		return;
	}

	if (!vfteam_auto_pair || role != VFTEAM_ROLE_STANDBY ||
	    vfteam_team_find_rtnl(net, mac, VFTEAM_ROLE_NR))
		return;
	why = vfteam_pair_refusal_rtnl(NULL, dev);
	if (why) {
		netdev_info(dev, "vfteam: no team made for %s: %s\n", dev->name,
			    why);
		return;
	}

	team = vfteam_team_create_rtnl(net, "vfteam%d", mac);
	if (IS_ERR(team)) {
		netdev_warn(dev, "vfteam: cannot create a team: %ld\n",
			    PTR_ERR(team));
		return;
	}
	netdev_info(team->dev, "created for standby %s (MAC %pM)\n",
		    dev->name, mac);
	vfteam_pair_join_rtnl(team, dev);

	/* a primary with the same MAC that registered before the standby */
	for_each_netdev(net, d) {
		if (d != dev && vfteam_pair_candidate_rtnl(d) &&
		    vfteam_netdev_port_role(d) == VFTEAM_ROLE_PRIMARY &&
		    ether_addr_equal(vfteam_pair_mac(d), mac)) {
			vfteam_pair_join_rtnl(team, d);
			break;
		}
	}
}

static void vfteam_pair_work(struct work_struct *work)
{
	struct vfteam_pair_req *req =
		container_of(work, struct vfteam_pair_req, work);
	struct net_device *dev;

	rtnl_lock();
	dev = __dev_get_by_index(req->net, req->ifindex);
	if (dev && !vfteam_pair_stopping && vfteam_pair_candidate_rtnl(dev))
		vfteam_pair_dev_rtnl(dev);
	rtnl_unlock();

	put_net(req->net);
	kfree(req);
}

/* NETDEV_REGISTER: queue a pairing attempt if one could succeed */
void vfteam_pair_queue_rtnl(struct net_device *dev)
{
	struct vfteam_pair_req *req;

	ASSERT_RTNL();
	if (vfteam_pair_stopping || !vfteam_pair_candidate_rtnl(dev))
		return;
	if (!vfteam_auto_pair &&
	    !vfteam_team_find_rtnl(dev_net(dev), vfteam_pair_mac(dev),
				   VFTEAM_ROLE_NR))
		return;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return;
	req->net = maybe_get_net(dev_net(dev));
	if (!req->net) {
		kfree(req);
		return;
	}
	req->ifindex = dev->ifindex;
	INIT_WORK(&req->work, vfteam_pair_work);
	queue_work(vfteam_pair_wq, &req->work);
}

int vfteam_pair_init(void)
{
	vfteam_pair_stopping = false;
	vfteam_pair_wq = alloc_ordered_workqueue("vfteam_pair", 0);
	return vfteam_pair_wq ? 0 : -ENOMEM;
}

/* wait for the pairing attempts queued so far (tests) */
void vfteam_pair_flush(void)
{
	flush_workqueue(vfteam_pair_wq);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_pair_flush);

/* stop queueing, then drain what is queued (it skips once stopping) */
void vfteam_pair_exit(void)
{
	rtnl_lock();
	vfteam_pair_stopping = true;
	rtnl_unlock();
	destroy_workqueue(vfteam_pair_wq);
}
