// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin port queues.  A plugin with several Tx/Rx queue pairs
 * (max_queues) gets a NAPI and, with MSI-X, a vector for each
 * (plugin_host.c); the port runs nr_queues of them: the team's choice
 * from ethtool -L (team->queues), else one per online CPU, and never
 * more than its vectors allow.  Changing the count stops the port the
 * way a migration does (traffic on the standby first) and restarts it
 * from scratch with the new count; the team's Tx queues then feed the
 * port's round-robin (txrx.c), and the core gives the plugin the RSS
 * key and an even indirection table over the queues after each restart.
 *
 * Locking: RTNL (join, restart, the team's ethtool ops).
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "plugin_call.h"
#include "plugin_port.h"
#include "plugin_queues.h"
#include "port.h"
#include "team.h"

/* the count a port joining @team runs: the team's, or one per CPU */
void vfteam_plugin_queues_join_rtnl(struct vfteam_plugin_port *pp,
				    const struct vfteam *team)
{
	ASSERT_RTNL();
	WRITE_ONCE(pp->nr_queues, min(pp->max_queues,
				      team->queues ?: num_online_cpus()));
}

void vfteam_plugin_queues_get(const struct vfteam_port *port,
			      struct vfteam_port_queues *pq)
{
	const struct vfteam_plugin_port *pp = port->plugin_port;

	pq->max = pp->max_queues;
	pq->count = pp->nr_queues;
	pq->other = pp->nr_vectors > pp->max_queues;
}

static int vfteam_plugin_queues_change(struct vfteam_plugin_port *pp,
				       unsigned int n)
{
	WRITE_ONCE(pp->nr_queues, n);	/* xmit reads it without RTNL */
	return 0;
}

/* ethtool -L: the port runs @n queue pairs (1..max, checked by the caller) */
int vfteam_plugin_queues_set(struct vfteam_port *port, unsigned int n)
{
	struct vfteam_plugin_port *pp = port->plugin_port;

	ASSERT_RTNL();
	if (n == pp->nr_queues)
		return 0;
	vfteam_plugin_port_reconfigure_rtnl(pp, vfteam_plugin_queues_change, n);
	netdev_info(port->team->dev, "plugin port %s: %u queues\n", pp->name,
		    n);
	return 0;
}

/* after each start: spread what the device receives over its queues */
void vfteam_plugin_queues_sync_rtnl(struct vfteam_plugin_port *pp)
{
	struct vfteam_rss rss;
	unsigned int i;
	int err;

	ASSERT_RTNL();
	if (pp->nr_queues < 2 || !pp->ops->set_rss)
		return;
	netdev_rss_key_fill(rss.key, sizeof(rss.key));
	for (i = 0; i < VFTEAM_RSS_INDIR_SIZE; i++)
		rss.indir[i] = ethtool_rxfh_indir_default(i, pp->nr_queues);
	rss.nr_queues = pp->nr_queues;
	err = vfteam_plugin_call(pp, set_rss, &rss);
	if (err && err != pp->rss_err)
		netdev_warn(pp->port->team->dev,
			    "plugin port %s: set_rss failed: %d; its queues receive what the device chooses\n",
			    pp->name, err);
	pp->rss_err = err;
}
