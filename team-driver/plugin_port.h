/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin port: the core's side of a port driven by an IHV plugin
 * (plugin-abi/include/vfteam/plugin.h).  Private to vfteam.ko; plugins
 * see struct vfteam_plugin_port only as an opaque pointer.
 *
 * Lifetime: created at probe (vfteam_plugin_port_create: allocation + attach),
 * destroyed at remove (vfteam_plugin_port_destroy: detach + free).  In between
 * it joins and leaves teams; while it is not in a team it waits on the
 * waiting list for a team with its MAC (plugin_wait.c).
 * The PCI glue around it (probe, interrupt vector, remove) is plugin_host.c.
 */
#ifndef _VFTEAM_PLUGIN_PORT_H
#define _VFTEAM_PLUGIN_PORT_H

#include <linux/if_ether.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#include <vfteam/plugin.h>

#define VFTEAM_PLUGIN_PORT_NAME_LEN	64

struct page_pool;
struct vfteam_port;
struct vfteam_plugin_port;

/*
 * One Tx/Rx queue pair of a plugin port: its NAPI, Tx state and counters.
 * The data path of one queue never touches another's.
 */
struct vfteam_plugin_queue {
	struct vfteam_plugin_port *pp;	/* constant */
	unsigned int index;		/* constant: @q of the ops */

	/*
	 * Tx: tx_on, tx_stopped and tx_pending are read and written under
	 * tx_lock, and xmit runs under it.  tx_stopped: the xmit op said
	 * VFTEAM_TX_BUSY and the team's Tx queues that feed this one are
	 * stopped until its next completion (tx_done; poll reads it
	 * without the lock first).  tx_pending: the segments of a frame the
	 * core segmented in software that found the ring full, sent first
	 * at that completion.
	 */
	spinlock_t tx_lock;
	bool tx_on;
	bool tx_stopped;
	struct sk_buff_head tx_pending;
	/* on the team netdev while joined (netif_napi_add at join) */
	struct napi_struct napi;
	/* Rx buffers, if the plugin asked for them (plugin_rx_pool.c) */
	struct page_pool *rx_pool;

	/* counters written by this queue's NAPI only (rx, tx_done) */
	struct u64_stats_sync napi_syncp;
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	/* counters written under tx_lock */
	struct u64_stats_sync tx_syncp;
	u64_stats_t tx_declined;
	u64_stats_t tx_taken;		/* the xmit op said VFTEAM_TX_OK */
	u64_stats_t tx_busy;		/* ...VFTEAM_TX_BUSY */

	/*
	 * tx_taken as the port last started (RTNL writes, before Tx is on):
	 * what a stop or reset dropped from the ring is not waited for
	 */
	atomic64_t start_taken;
	/* the Tx watchdog's last samples of this queue (plugin_health.c) */
	u64 watch_handed;
	u64 watch_done;
	u64 watch_taken_at_done;
} ____cacheline_aligned_in_smp;

struct vfteam_plugin_port {
	/* constant from create to destroy */
	struct vfteam_plugin *plugin;
	const struct vfteam_plugin_ops *ops;	/* &ops_copy */
	/* plugin->ops as this core knows them: validated, unknown ops NULL */
	struct vfteam_plugin_ops ops_copy;
	struct device *dev;		/* DMA device: &pdev->dev, or a test's */
	struct pci_dev *pdev;		/* NULL when driven without PCI */
	char name[VFTEAM_PLUGIN_PORT_NAME_LEN];	/* "<plugin>@<device>" */

	/*
	 * Set by the PCI glue before the first join, then constant.
	 * vectors: the Linux irqs of the port, nr_vectors of them (none in
	 * KUnit): one for everything, or (MSI-X) queue q's at q and the
	 * other causes' (msix_other) at max_queues.  max_queues: the queue
	 * pairs the plugin has, and the vectors allow (1 without MSI-X).
	 */
	int vectors[VFTEAM_MAX_QUEUES + 1];
	unsigned int nr_vectors;
	bool irq_exclusive;		/* MSI/MSI-X: disable_irq() allowed */
	unsigned int max_queues;

	/* written in attach (process context, before any join), then read */
	u8 mac[ETH_ALEN];
	bool mac_set;

	/* RTNL: our team port while joined, else NULL; stable while running */
	struct vfteam_port *port;
	/* RTNL: on the waiting list (plugin_wait.c), and its last join's error */
	struct list_head wait_node;
	bool waiting;
	int wait_err;
	/* RTNL: restarted and not quiesced; select reads it under RTNL */
	bool running;
	/* RTNL: the team's MTU while joined (plugin_mtu.c) */
	unsigned int mtu;
	/* RTNL: the queue pairs in use; constant while running */
	unsigned int nr_queues;
	/*
	 * The Rx pools' buffers (plugin_rx_pool.c): 0 without pools.
	 * Written in attach or restart(NULL), read by poll.
	 */
	unsigned int rx_buf_len;
	unsigned int rx_buf_truesize;
	unsigned int rx_pool_count;
	/* RTNL: set_rss' last answer (plugin_queues.c) */
	int rss_err;
	/* RTNL: get_hw_stats' last answer (plugin_ethtool.c) */
	u64 hw_stats[VFTEAM_MAX_HW_STATS];
	/* RTNL: set_rx_filter's last answer (plugin_rx_filter.c) */
	int rx_filter_err;
	/* RTNL: cp is the checkpoint of the last successful quiesce */
	bool cp_valid;
	struct vfteam_ring_checkpoint cp;

	/* any context writes (WRITE_ONCE), select reads: carrier */
	bool link_up;
	/* any context writes (WRITE_ONCE), ethtool reads */
	u32 speed;
	u8 duplex;
	/* any context: changes of link_up (sysfs port_counters) */
	atomic_t carrier_changes;
	/* reselects under RTNL after a link change; cancelled at destroy */
	struct work_struct link_work;

	/* RTNL writes (WRITE_ONCE), the hard irq handlers read */
	bool irq_on;
	/* the plugin's max_queues of them, from create to destroy */
	struct vfteam_plugin_queue *queues;

	/*
	 * Health (plugin_health.c).  tx_watch: the Tx watchdog, from create
	 * to destroy; watch_stalled, stall_resets (and each queue's
	 * watch_*): its own.  RTNL: resetting,
	 * the device is being reset (nothing restarts it); hung, stopped for
	 * a transmit stall or a reported error (hung_why), reset and
	 * restarted at each sample until it works; hung_waiting, its reset
	 * op said not yet (-EAGAIN), logged once.  error_reported: any
	 * context sets it (vfteam_plugin_port_report_reset), after
	 * report_why, the watchdog takes it (test_and_clear_bit), then reads
	 * report_why.
	 */
	struct delayed_work tx_watch;
	unsigned int watch_stalled;
	unsigned int stall_resets;	/* stalls since the last completion */
	bool resetting;
	bool hung;
	enum vfteam_reset_why hung_why;
	bool hung_waiting;
	unsigned long error_reported;	/* bit 0 */
	enum vfteam_reset_why report_why;
	/* any context: the plugin's error counts (vfteam_plugin_port_count) */
	atomic64_t stat[VFTEAM_STAT_NR];
	/* any context: op returns outside the ABI (a plugin bug), logged once */
	atomic64_t bad_returns;

	/*
	 * Rings allocated through vfteam_ring_alloc() (the struct
	 * vfteam_ring_core of each, plugin_port.c); touched only by
	 * attach, restart, detach and destroy, which the lifecycle already
	 * serialises (attach before any join, restart under RTNL while
	 * joined, detach/destroy after leaving).
	 */
	struct list_head rings;

	/* plugin->priv_size bytes for the plugin */
	u8 priv[] __aligned(2 * sizeof(void *));
};

struct vfteam;

struct vfteam_plugin_port *
vfteam_plugin_port_create(struct vfteam_plugin *plugin, struct device *dev,
			  struct pci_dev *pdev);
void vfteam_plugin_port_destroy(struct vfteam_plugin_port *pp);
irqreturn_t vfteam_plugin_port_irq(int irq, void *data);
irqreturn_t vfteam_plugin_port_irq_other(int irq, void *data);
bool vfteam_plugin_port_tx_any_stopped(struct vfteam_plugin_port *pp);

/* a port's counters, all its queues added up */
struct vfteam_plugin_totals {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
	u64 tx_taken;
	u64 tx_declined;
	u64 tx_busy;
};

void vfteam_plugin_queue_totals(struct vfteam_plugin_queue *pq,
				struct vfteam_plugin_totals *t);
void vfteam_plugin_port_totals(struct vfteam_plugin_port *pp,
			       struct vfteam_plugin_totals *t);
void vfteam_plugin_port_bad_return(struct vfteam_plugin_port *pp,
				   const char *op, int ret,
				   const char *taken_as);
struct vfteam_plugin_queue *vfteam_plugin_port_q(struct vfteam_plugin_port *pp,
						 unsigned int q);

int vfteam_plugin_port_join_rtnl(struct vfteam_plugin_port *pp,
				 struct vfteam *team);
void vfteam_plugin_port_leave_rtnl(struct vfteam_plugin_port *pp);
int vfteam_plugin_port_quiesce_rtnl(struct vfteam_plugin_port *pp);
int vfteam_plugin_port_restart_rtnl(struct vfteam_plugin_port *pp,
				    const struct vfteam_ring_checkpoint *cp);
int vfteam_plugin_port_resume_rtnl(struct vfteam_plugin_port *pp);
int vfteam_plugin_port_reconfigure_rtnl(struct vfteam_plugin_port *pp,
					int (*change)(struct vfteam_plugin_port *pp,
						      unsigned int arg),
					unsigned int arg);
u64 vfteam_plugin_port_tx_declined_count(struct vfteam_plugin_port *pp);
u64 vfteam_plugin_port_tx_busy_count(struct vfteam_plugin_port *pp);
u64 vfteam_plugin_port_bad_returns(struct vfteam_plugin_port *pp);

void vfteam_plugin_port_unlink(struct vfteam_plugin_port *pp);

#endif /* _VFTEAM_PLUGIN_PORT_H */
