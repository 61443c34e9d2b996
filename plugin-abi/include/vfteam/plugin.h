/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin ABI: the whole contract between the vfteam core (the
 * "shell", vfteam.ko) and a vendor plugin that drives one kind of
 * passthrough PCI function.  This is the only vfteam header a plugin
 * includes; plugin-abi/README.md is the writer's guide.
 *
 * The core owns the network interface (the team netdev is the only
 * netdev), NAPI, the IRQ vectors, DMA ring memory, statistics, MAC/MTU,
 * link state and failover.  The plugin owns the device registers: it moves
 * frames (xmit, poll), answers its interrupts (irq), and stops and starts
 * DMA when told to (quiesce, restart).
 *
 * Queues: a plugin port has one or more Tx/Rx queue pairs (max_queues),
 * numbered from 0; xmit, poll, irq, irq_enable and the data-path helpers
 * name the queue (@q).  Each queue has its own NAPI, Tx lock and, with
 * MSI-X, its own vector; the core spreads the team's Tx queues over them
 * and gives the plugin the RSS key and indirection table (set_rss).
 *
 * Contexts, in short (the guide has the long version):
 *   attach, detach, quiesce, restart: process context, may sleep; the core
 *     never runs two of them at once for one port, nor any of them at the
 *     same time as poll, irq or xmit of that port (except attach/detach,
 *     when the port is not running at all).
 *   xmit:  softirq/BH, the queue's tx lock held by the core; must not
 *     sleep.  xmit on different queues may run at the same time.
 *   poll:  NAPI (softirq), one per queue; may run on another CPU at the
 *     same time as xmit, and as the poll of another queue.
 *   irq:   hard interrupt.
 */
#ifndef _VFTEAM_PLUGIN_H
#define _VFTEAM_PLUGIN_H

#include <linux/device.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/module.h>
#include <linux/netdev_features.h>
#include <linux/pci.h>
#include <linux/skbuff.h>
#include <linux/types.h>

/*
 * The ABI version.  A single integer: bump it on any change that makes a
 * plugin built against the old header wrong against the new core (a field
 * added, removed or moved in a struct below, an op or helper whose meaning
 * or signature changes).  An op added at the end of struct
 * vfteam_plugin_ops is not such a change: its size field tells the core
 * which ops a plugin was built with.  vfteam_plugin_register() refuses a
 * plugin built for another version with -EPROTO and one log line naming
 * both versions.
 *
 * Version 2: the core's state left the plugin's structs (struct
 * vfteam_plugin and struct vfteam_ring each hold one opaque pointer), the
 * ops table starts with its size, and the data path has queues.
 */
#define VFTEAM_PLUGIN_ABI_VERSION 2

/* a plugin port: opaque to plugins, reached only through the helpers */
struct vfteam_plugin_port;

/* most Tx/Rx queue pairs of a port (struct vfteam_plugin's max_queues) */
#define VFTEAM_MAX_QUEUES	8

/* irq's @q for the vector of the device's other causes (msix_other) */
#define VFTEAM_IRQ_OTHER	(~0U)

/* what xmit did with the skb */
enum vfteam_tx {
	VFTEAM_TX_OK,		/* taken: the plugin owns the skb now */
	VFTEAM_TX_DECLINE,	/* not taken, skb untouched: this device cannot
				 * send this frame; the core sends it through
				 * the standby port instead
				 */
	VFTEAM_TX_BUSY,		/* not taken, skb untouched: the ring is full;
				 * the core stops the team's Tx queues that
				 * feed this queue and offers the skb again,
				 * in order, after the queue's next
				 * vfteam_plugin_port_tx_done()
				 */
};

/* what irq found */
enum vfteam_irq {
	VFTEAM_IRQ_NONE,	/* not this device's interrupt */
	VFTEAM_IRQ_HANDLED,	/* ours, nothing for poll to do */
	VFTEAM_IRQ_POLL,	/* ours, the core schedules the queue's poll */
};

/* what a plugin counts with vfteam_plugin_port_count() */
enum vfteam_port_stat {
	VFTEAM_STAT_RX_ERRORS,	/* frames the device flagged bad: CRC, length,
				 * a frame over several Rx descriptors...
				 */
	VFTEAM_STAT_RX_DROPPED,	/* good frames dropped: no skb, no memory */
	VFTEAM_STAT_RX_MISSED,	/* frames the device lost: no Rx descriptor */
	VFTEAM_STAT_TX_ERRORS,	/* frames the device failed to send */
	VFTEAM_STAT_TX_DROPPED,	/* frames taken and freed unsent: still on the
				 * Tx ring at restart(NULL) or detach
				 */
	VFTEAM_STAT_NR,
};

/* why the core resets a device (the reset op) */
enum vfteam_reset_why {
	VFTEAM_RESET_TX_STALL,	/* frames handed to it, none completed */
	VFTEAM_RESET_REPORTED,	/* vfteam_plugin_port_report_error() */
	VFTEAM_RESET_FUNCTION,	/* the PCI function was reset under the
				 * port (FLR, AER recovery, resume from
				 * suspend): it is blank
				 */
	VFTEAM_RESET_RESTART_FAILED,	/* restart(pp, NULL) failed, after an
					 * MTU change or a migration abort
					 */
	VFTEAM_RESET_PF,	/* vfteam_plugin_port_report_reset(): an
				 * SR-IOV VF's PF reset it, dropped it, or
				 * stopped answering its mailbox
				 */
};

/* struct vfteam_plugin's irq_kinds */
#define VFTEAM_VEC_MSIX		0x1
#define VFTEAM_VEC_MSI		0x2
#define VFTEAM_VEC_INTX		0x4
#define VFTEAM_VEC_ALL		(VFTEAM_VEC_MSIX | VFTEAM_VEC_MSI | \
				 VFTEAM_VEC_INTX)

/* flags of struct vfteam_rx_filter */
#define VFTEAM_RX_PROMISC	0x1	/* every frame: the team is promiscuous */
#define VFTEAM_RX_ALLMULTI	0x2	/* every multicast frame */

/*
 * What a port must receive besides frames to the team's MAC and
 * broadcasts: the team's other unicast addresses (a macvlan's), its
 * multicast groups, and flags.  Given to set_rx_filter; valid during
 * the call only.
 */
struct vfteam_rx_filter {
	unsigned int flags;		/* VFTEAM_RX_* */
	unsigned int uc_count;
	unsigned int mc_count;
	const u8 (*uc)[ETH_ALEN];	/* uc_count addresses */
	const u8 (*mc)[ETH_ALEN];	/* mc_count addresses */
};

/* RSS: the Toeplitz key, and the indirection table's size */
#define VFTEAM_RSS_KEY_SIZE	40
#define VFTEAM_RSS_INDIR_SIZE	128

/*
 * Receive-side scaling, from the core (set_rss): a frame whose Toeplitz
 * hash (over its IPv4/IPv6 addresses, and TCP ports where there are any)
 * is h goes to queue indir[h % VFTEAM_RSS_INDIR_SIZE].  Valid during the
 * call only.
 */
struct vfteam_rss {
	u8 key[VFTEAM_RSS_KEY_SIZE];	/* key byte 0 first, as in the hash */
	u8 indir[VFTEAM_RSS_INDIR_SIZE];	/* queues, each < nr_queues */
	unsigned int nr_queues;		/* the queues in use */
};

/* most hardware counters a plugin shows (ops->n_hw_stats) */
#define VFTEAM_MAX_HW_STATS	64

/* most rings a checkpoint can describe */
#define VFTEAM_MAX_RINGS	32

/*
 * Where each ring stood when the device was quiesced, filled in by
 * quiesce and handed back to restart on the same device.  Indices are in
 * descriptors; the meaning of producer/consumer per ring is the plugin's.
 */
struct vfteam_ring_checkpoint {
	unsigned int nr_rings;
	struct {
		u32 producer;
		u32 consumer;
	} ring[VFTEAM_MAX_RINGS];
};

/*
 * A descriptor ring in coherent DMA memory, allocated and freed by the
 * core (vfteam_ring_alloc/vfteam_ring_free).  The plugin reads the public
 * fields and may embed the struct anywhere in its private area.
 */
struct vfteam_ring {
	void *desc;		/* CPU address of descriptor 0, zeroed */
	dma_addr_t dma;		/* bus address to program into the device */
	unsigned int count;	/* number of descriptors */
	size_t desc_size;	/* bytes per descriptor */

	/* the core's handle on the memory: do not touch */
	struct vfteam_ring_core *core;
};

/*
 * A receive buffer from the core's page pool of a queue
 * (vfteam_plugin_port_rx_pool): the device writes a frame of up to the
 * pool's buf_len bytes at @dma, and the core builds the frame's skb
 * around it without a copy.  Keep one per Rx descriptor; an empty slot
 * has @page NULL.
 */
struct vfteam_rx_buf {
	struct page *page;	/* the core's: do not touch */
	dma_addr_t dma;		/* bus address to program into the device */
};

/* the largest buf_len of an Rx page pool (one frame per buffer) */
#define VFTEAM_RX_BUF_MAX	16384
/* the most buffers a queue's pool recycles (page_pool's ring limit) */
#define VFTEAM_RX_POOL_MAX	32768

/*
 * The operations of a plugin; define them "static const", with .size set
 * to sizeof(struct vfteam_plugin_ops).  The seven below are mandatory
 * (registration refuses a NULL one); ops added after them in later
 * headers are optional, and those past a plugin's .size are absent.
 */
struct vfteam_plugin_ops {
	/*
	 * sizeof(struct vfteam_plugin_ops) in the header the plugin was built
	 * with.  Registration refuses a table smaller than the mandatory ops,
	 * or larger than this core knows with a non-NULL op in the part it
	 * does not know (-EPROTO).
	 */
	size_t size;

	/*
	 * The device was probed: PCI enabled, bus mastering on, DMA mask set.
	 * Map BARs (vfteam_plugin_port_iomap), reset the device, program the MAC,
	 * allocate rings (vfteam_ring_alloc), and report the MAC with
	 * vfteam_plugin_port_set_mac().  Do NOT start DMA or enable interrupts:
	 * restart(pp, NULL) does that.  May sleep.  0 or -errno.
	 */
	int (*attach)(struct vfteam_plugin_port *pp);

	/*
	 * Undo attach.  The device is already quiesced (or was never
	 * started) and its interrupt is freed.  May sleep.  Rings not freed
	 * here are freed by the core afterwards.
	 */
	void (*detach)(struct vfteam_plugin_port *pp);

	/*
	 * Put @skb on Tx queue @q's ring and return VFTEAM_TX_OK; or leave
	 * it untouched and return VFTEAM_TX_BUSY when the ring has no room
	 * for it (it comes back once poll reported completions on @q), or
	 * VFTEAM_TX_DECLINE when the device cannot send it at all (it goes
	 * out through the standby).  Called in softirq with @q's tx lock
	 * held: xmit calls on one queue never overlap each other.  Must not
	 * sleep.
	 */
	enum vfteam_tx (*xmit)(struct vfteam_plugin_port *pp, unsigned int q,
			       struct sk_buff *skb);

	/*
	 * NAPI of queue @q: reclaim its Tx completions (report them with
	 * vfteam_plugin_port_tx_done()), receive at most @budget frames from
	 * its Rx ring (each through vfteam_plugin_port_rx()), return the
	 * number received.  Without irq_enable: when you return less than
	 * @budget, unmask the queue's interrupt sources first: the core then
	 * completes NAPI, and an interrupt that slips in between is not lost.
	 * Softirq, must not sleep.
	 */
	int (*poll)(struct vfteam_plugin_port *pp, unsigned int q, int budget);

	/*
	 * Hard interrupt of the vector of queue @q, or of the other causes
	 * (@q is VFTEAM_IRQ_OTHER; msix_other): read and acknowledge the
	 * cause, mask what poll will handle, and say what it was.  With one
	 * vector for everything (MSI, INTx, or MSI-X without enough vectors)
	 * the port has one queue, and @q 0 is every cause.  Call
	 * vfteam_plugin_port_link_set() for a link change.  Must not sleep.
	 */
	enum vfteam_irq (*irq)(struct vfteam_plugin_port *pp, unsigned int q);

	/*
	 * The core stopped Tx (no xmit runs now or later), disabled NAPI and
	 * the interrupt.  Mask the device's interrupt sources first (a shared
	 * INTx line must not stay asserted), then stop its DMA, wait for
	 * what is in flight (may sleep; bound the wait: the device may be
	 * gone), and fill @cp with each ring's indices.  0 or -errno (then
	 * @cp is not used).
	 */
	int (*quiesce)(struct vfteam_plugin_port *pp,
		       struct vfteam_ring_checkpoint *cp);

	/*
	 * Start the device.  @cp non-NULL: resume from that checkpoint on the
	 * same device (migration aborted); if the device no longer matches
	 * it, return an error (-ESTALE) and do not reset: the core calls
	 * restart again with NULL, and counts a resume only for 0 here.
	 * @cp NULL: from scratch (first start, or after a reset): reset the
	 * device, re-initialise the rings you allocated at attach.  May
	 * sleep.  On 0 the core enables the interrupts, NAPI and Tx, and
	 * schedules one poll per queue.  Start the queues the port has now
	 * (vfteam_plugin_port_queues(); an ethtool -L between a quiesce and
	 * a restart(NULL) changes it), route queue q's causes to MSI-X entry
	 * q and the other causes to entry max_queues (msix_other).
	 */
	int (*restart)(struct vfteam_plugin_port *pp,
		       const struct vfteam_ring_checkpoint *cp);

	/* ---- optional: NULL, or past .size, means absent ---- */

	/*
	 * Program the device's Rx filter: the team's MAC and broadcast stay
	 * in; add the unicast addresses of @f (exact match) and its
	 * multicast ones (exact or by hash: receiving more is harmless); all
	 * multicast for VFTEAM_RX_ALLMULTI, or when the list does not fit;
	 * every frame for VFTEAM_RX_PROMISC, and only then.  Return -ENOSPC
	 * when the unicast addresses do not fit, never go promiscuous on
	 * your own: the core then keeps the team on its standby.  Called
	 * under RTNL in process context while the port runs, after each
	 * restart and whenever the team's addresses or flags change.
	 * Absent: the port is used only while the team needs nothing but
	 * its own MAC, broadcasts and multicast (which the plugin must then
	 * receive all of).
	 */
	int (*set_rx_filter)(struct vfteam_plugin_port *pp,
			     const struct vfteam_rx_filter *f);

	/*
	 * Unmask the interrupt sources irq masked.  Present: poll leaves
	 * them masked, and the core calls this once NAPI is complete: after
	 * a poll that received less than its budget, and only when
	 * napi_complete_done() says so (with the team's napi_defer_hard_irqs
	 * and gro_flush_timeout set, the core polls again on a timer first,
	 * the device still masked).  Softirq, must not sleep.  Absent: poll
	 * unmasks before it returns less than its budget.
	 */
	void (*irq_enable)(struct vfteam_plugin_port *pp, unsigned int q);

	/*
	 * The team's MTU becomes @mtu (never more than the plugin's
	 * max_mtu).  Called under RTNL with the port stopped (quiesced, the
	 * team's traffic on the standby); size the Rx buffers for it at the
	 * restart(pp, NULL) that follows, or return -errno to refuse it (the
	 * team's MTU stays, the port resumes from its checkpoint).  May
	 * sleep.  Absent: the port runs on through an MTU change, and any
	 * MTU up to max_mtu is taken as it is.
	 */
	int (*change_mtu)(struct vfteam_plugin_port *pp, unsigned int mtu);

	/*
	 * Reset the device to its power-on state: the core no longer trusts
	 * it (@why).  Called under RTNL with the port stopped (quiesce ran,
	 * or failed), the team's traffic on the standby; restart(pp, NULL)
	 * follows.  May sleep.  0 or -errno: the core then tries reset and
	 * restart again at each Tx watchdog sample (a second), and the team
	 * stays on its standby; -EAGAIN: not an error, the device cannot be
	 * reset yet (a VF whose PF is down or still resetting), logged once.
	 * Absent: restart(pp, NULL) alone.
	 */
	int (*reset)(struct vfteam_plugin_port *pp, enum vfteam_reset_why why);

	/*
	 * The device's own counters, for ethtool -S on the team (shown as
	 * "primary_hw_<name>"): n_hw_stats (at most VFTEAM_MAX_HW_STATS)
	 * names, and get_hw_stats, which fills @data with as many totals
	 * since attach (accumulate what the device clears on read or at a
	 * reset).  Called under RTNL, in process context, only while the
	 * port runs: the core shows the last values while it does not.
	 * Absent (n_hw_stats 0): no hardware counters.
	 */
	void (*get_hw_stats)(struct vfteam_plugin_port *pp, u64 *data);
	const char (*hw_stat_names)[ETH_GSTRING_LEN];
	unsigned int n_hw_stats;

	/*
	 * Interrupt moderation, from ethtool -C on the team (rx-usecs): at
	 * most one interrupt per @usecs microseconds, 0 for none.  Called
	 * under RTNL, in process context, while the port runs: when the
	 * setting changes and after each restart (a reset cleared it).
	 * 0, or -EINVAL when @usecs is past what the device can do (the
	 * team's setting then stays as it was).  Absent: the device's own
	 * default; ethtool -C is refused while the team's primary is such a
	 * port.
	 */
	int (*set_irq_moderation)(struct vfteam_plugin_port *pp,
				  unsigned int usecs);

	/*
	 * Receive-side scaling: spread received frames over the queues as
	 * @rss says.  Called under RTNL, in process context, while the port
	 * runs with more than one queue: after each restart.  0 or -errno
	 * (logged; the queues then receive what the device chooses).
	 * Mandatory for a plugin with max_queues > 1.
	 */
	int (*set_rss)(struct vfteam_plugin_port *pp,
		       const struct vfteam_rss *rss);
};

/*
 * A plugin's descriptor, one per module, not const (the core keeps its
 * state in the private part).  Fill in the public fields with designated
 * initialisers and hand it to module_vfteam_plugin().  name, owner and
 * abi_version stay the first three fields in every ABI version, so that
 * a mismatch can always be read and reported.
 */
struct vfteam_plugin {
	const char *name;		/* short, unique, e.g. "rtl8139" */
	struct module *owner;		/* THIS_MODULE */
	unsigned int abi_version;	/* VFTEAM_PLUGIN_ABI_VERSION */
	const struct pci_device_id *id_table;	/* also MODULE_DEVICE_TABLE */
	size_t priv_size;		/* bytes of vfteam_plugin_port_priv() */
	netdev_features_t features;	/* Tx offloads xmit does in hardware:
					 * NETIF_F_SG, NETIF_F_HW_CSUM or
					 * NETIF_F_IP_CSUM|NETIF_F_IPV6_CSUM,
					 * NETIF_F_HW_VLAN_CTAG_TX, NETIF_F_TSO...;
					 * the core does the rest in software
					 */
	unsigned int irq_kinds;		/* the interrupt kinds the core may
					 * use, best first: VFTEAM_VEC_MSIX,
					 * _MSI, _INTX; 0 means all three.
					 * Leave one out for a device whose
					 * MSI is broken
					 */
	unsigned int max_queues;	/* Tx/Rx queue pairs the device has,
					 * at most VFTEAM_MAX_QUEUES; 0 means
					 * 1.  More than one needs MSI-X and
					 * the set_rss op
					 */
	bool msix_other;		/* with MSI-X, one more vector (entry
					 * max_queues) for the causes of no
					 * queue: link, errors
					 */
	unsigned int max_mtu;		/* largest MTU the device takes: with
					 * change_mtu, the Rx buffers follow
					 * the MTU; without, the most they
					 * hold.  0 means ETH_DATA_LEN
					 */
	const struct vfteam_plugin_ops *ops;

	/* the core's state while registered: do not touch */
	struct vfteam_plugin_core *core;
};

int vfteam_plugin_register(struct vfteam_plugin *plugin);
void vfteam_plugin_unregister(struct vfteam_plugin *plugin);

/*
 * module_vfteam_plugin() - a plugin module's init and exit in one line.
 * The module still states MODULE_DEVICE_TABLE(pci, ids) (for autoloading
 * by modalias) and MODULE_LICENSE("GPL") itself.
 */
#define module_vfteam_plugin(__plugin) \
	module_driver(__plugin, vfteam_plugin_register, vfteam_plugin_unregister)

/* the port's private area of plugin->priv_size bytes, zeroed at probe */
void *vfteam_plugin_port_priv(struct vfteam_plugin_port *pp);

/*
 * vfteam_plugin_port_priv_ptr(pp, type) - the private area as a "type *".  Wrap
 * it once in your own accessor, e.g.
 *   static struct foo_priv *foo_priv(struct vfteam_plugin_port *pp)
 *   { return vfteam_plugin_port_priv_ptr(pp, struct foo_priv); }
 * so that no call site casts.
 */
#define vfteam_plugin_port_priv_ptr(pp, type)	((type *)vfteam_plugin_port_priv(pp))

/* the PCI function, or NULL when the core drives the port without one */
struct pci_dev *vfteam_plugin_port_pci(struct vfteam_plugin_port *pp);
/* "<plugin>@<device>", for log messages */
const char *vfteam_plugin_port_name(const struct vfteam_plugin_port *pp);
/* request and map a memory or I/O BAR (released automatically), or NULL */
void __iomem *vfteam_plugin_port_iomap(struct vfteam_plugin_port *pp, int bar);
/* the MAC the device carries; from attach; -EADDRNOTAVAIL if invalid */
int vfteam_plugin_port_set_mac(struct vfteam_plugin_port *pp, const u8 *mac);
/*
 * the team's MTU, for sizing Rx buffers in restart (and change_mtu);
 * process context
 */
unsigned int vfteam_plugin_port_mtu(const struct vfteam_plugin_port *pp);
/*
 * any context: the device misbehaves (all-ones reads, a fatal error
 * interrupt, a mailbox that stopped answering).  The core moves the
 * team's traffic off the port and resets it (the reset op, then
 * restart(pp, NULL)) within a Tx watchdog period, and tries again each
 * period while that fails.
 */
void vfteam_plugin_port_report_error(struct vfteam_plugin_port *pp);
/*
 * any context: as report_error, for @why: VFTEAM_RESET_REPORTED (the
 * same), or VFTEAM_RESET_PF (the VF's PF reset it, dropped it, or stopped
 * answering it), which the core logs as such and the reset op is given
 */
void vfteam_plugin_port_report_reset(struct vfteam_plugin_port *pp,
				     enum vfteam_reset_why why);
/* link change, from any context; the core reselects later under RTNL */
void vfteam_plugin_port_link_set(struct vfteam_plugin_port *pp, bool up);
/*
 * any context: the link's speed in Mb/s (SPEED_UNKNOWN if not known) and
 * duplex (DUPLEX_FULL, DUPLEX_HALF, DUPLEX_UNKNOWN), which ethtool on the
 * team shows while the port carries it; unknown again at each stop
 */
void vfteam_plugin_port_link_speed(struct vfteam_plugin_port *pp, u32 speed,
				   u8 duplex);
/*
 * the queue pairs in use (1..max_queues), for restart to start; process
 * context (restart, quiesce, the ops under RTNL); constant while the
 * port runs
 */
unsigned int vfteam_plugin_port_queues(const struct vfteam_plugin_port *pp);
/*
 * the port's interrupt vectors, for restart (not known yet at attach): 1
 * (vector 0 for every cause, one queue), or (MSI-X) max_queues, plus one
 * with msix_other
 */
unsigned int vfteam_plugin_port_vectors(const struct vfteam_plugin_port *pp);

/*
 * Rx buffers from a page pool per queue, mapped for the port's DMA device
 * and recycled when the stack frees the frame (plugin-abi/README.md, "Rx
 * buffers").  rx_pool: in attach or restart(pp, NULL), with the device
 * not writing to any buffer: every queue gets a pool of up to @count
 * buffers of @buf_len bytes (1..VFTEAM_RX_BUF_MAX); the same values
 * again keep the pools, others replace them (give back every buffer
 * first).  -EINVAL (logged) for values out of range.
 */
int vfteam_plugin_port_rx_pool(struct vfteam_plugin_port *pp,
			       unsigned int count, unsigned int buf_len);
/*
 * restart or poll of @q: a buffer for @q's ring into @buf; 0, -ENOMEM
 * (try again at the next poll), or -EINVAL for a queue the port does not
 * run or no pool (a plugin bug, logged once)
 */
int vfteam_plugin_port_rx_buf_get(struct vfteam_plugin_port *pp,
				  unsigned int q, struct vfteam_rx_buf *buf);
/*
 * poll of @q only: the skb of the @len bytes the device wrote into @buf
 * (a short frame copied, a longer one built around the buffer), for
 * vfteam_plugin_port_rx(); @buf is empty after.  NULL if no memory (the
 * buffer recycled, the frame counted as dropped) or for a plugin bug (an
 * empty @buf, @len over buf_len, a queue not run; logged once)
 */
struct sk_buff *vfteam_plugin_port_rx_buf_skb(struct vfteam_plugin_port *pp,
					      unsigned int q,
					      struct vfteam_rx_buf *buf,
					      unsigned int len);
/*
 * any context, the device no longer writing to it: give @buf back (a
 * frame to drop, a ring to clear at quiesce or detach); empty after, and
 * an empty one is left alone
 */
void vfteam_plugin_port_rx_buf_put(struct vfteam_plugin_port *pp,
				   struct vfteam_rx_buf *buf);

/* poll of @q only: an skb with @len bytes of room for a received frame */
struct sk_buff *vfteam_plugin_port_alloc_rx_skb(struct vfteam_plugin_port *pp,
						unsigned int q,
						unsigned int len);
/*
 * poll of @q only: pass up a frame received on @q (skb->data = MAC
 * header)
 */
void vfteam_plugin_port_rx(struct vfteam_plugin_port *pp, unsigned int q,
			   struct sk_buff *skb);
/*
 * poll of @q only: @pkts frames of @bytes in total were sent from @q,
 * and their descriptors are free again (the Tx queues VFTEAM_TX_BUSY
 * stopped start again)
 */
void vfteam_plugin_port_tx_done(struct vfteam_plugin_port *pp, unsigned int q,
				unsigned int pkts, unsigned int bytes);

/*
 * any context: @n more of @stat; they add up into the team's statistics
 * (ip -s link: rx_errors, rx_dropped, rx_missed_errors, tx_errors,
 * tx_dropped) and the port's line in sysfs port_counters
 */
void vfteam_plugin_port_count(struct vfteam_plugin_port *pp,
			      enum vfteam_port_stat stat, unsigned int n);

/* process context (attach/restart): a ring of @count * @desc_size bytes */
int vfteam_ring_alloc(struct vfteam_plugin_port *pp, struct vfteam_ring *ring,
		      unsigned int count, size_t desc_size);
void vfteam_ring_free(struct vfteam_plugin_port *pp, struct vfteam_ring *ring);

/*
 * Tx slots: the bookkeeping of a Tx descriptor ring whose frames are one
 * or more descriptors and whose device marks a frame done on its last
 * (plugin-abi/README.md, "Tx slots").  One struct vfteam_tx_slot per
 * descriptor, in the plugin's private area; the core's helpers below
 * publish a frame, reclaim the frames the device is done with, and free
 * what a stopped device left.  The plugin keeps its descriptor formats,
 * the done test and the tail write.
 *
 * A frame's skb sits on its last slot; its first slot knows the last
 * (eop).  A DMA mapping is recorded on the slot of its first piece (len),
 * and a slot that maps nothing (a context descriptor, a later piece) has
 * len 0.
 */
struct vfteam_tx_slot {
	struct sk_buff *skb;	/* on a frame's last slot, else NULL */
	dma_addr_t dma;		/* the mapping that starts here, */
	unsigned int len;	/* its length; 0: none */
	bool page;		/* mapped as a page (a fragment), else single */
	u16 eop;		/* on a frame's first slot: its last */
	u16 segs;		/* with the skb: segments on the wire, */
	unsigned int bytes;	/* and their bytes */
};

/*
 * A ring's slots and its two indices: xmit (under the queue's tx lock)
 * produces at next_use, poll consumes at next_clean, each publishing its
 * index with a release that the other's acquire pairs with (in the
 * helpers).  One slot stays empty: next_use == next_clean is empty.
 * Set up by vfteam_tx_slots_init(); next_use may be read by the ops
 * that run with the port stopped (quiesce, restart), for a checkpoint.
 */
struct vfteam_tx_slots {
	struct vfteam_tx_slot *slot;	/* ring->count of them */
	struct vfteam_ring *ring;	/* the descriptors they stand for */
	unsigned int next_use;		/* xmit writes (release) */
	unsigned int next_clean;	/* poll writes (release) */
};

/*
 * attach, after vfteam_ring_alloc(@ring): @s stands for @ring, with @slot
 * an array of ring->count zeroed slots (a power of two, at most 65536);
 * the ring empty.  -EINVAL for another count or a ring not allocated.
 */
int vfteam_tx_slots_init(struct vfteam_tx_slots *s, struct vfteam_ring *ring,
			 struct vfteam_tx_slot *slot);
/* xmit: the slots free for new frames */
unsigned int vfteam_tx_slots_unused(const struct vfteam_tx_slots *s);
/* any context: the descriptors @skb's data takes in pieces of @max bytes */
unsigned int vfteam_tx_pieces(const struct sk_buff *skb, unsigned int max);
/*
 * xmit, @skb's descriptors (its last one marked to report status) and
 * slots filled from next_use up to @end: give the frame to poll (skb,
 * segments and bytes on the last slot, eop on the first; the Tx
 * timestamp), then write the device's tail
 */
void vfteam_tx_slots_post(struct vfteam_tx_slots *s, struct sk_buff *skb,
			  unsigned int end);
/*
 * xmit, a mapping failed: unmap what the slots from next_use up to @end
 * map, free @skb and count it in VFTEAM_STAT_TX_DROPPED; the plugin
 * answers VFTEAM_TX_OK
 */
void vfteam_tx_slots_drop(struct vfteam_plugin_port *pp,
			  struct vfteam_tx_slots *s, unsigned int end,
			  struct sk_buff *skb);
/*
 * poll of @q: unmap and free the frames the device is done with, oldest
 * first, up to the first whose last descriptor @done says is not (it is
 * given that descriptor), and report them with
 * vfteam_plugin_port_tx_done(); @budget as poll's (napi_consume_skb)
 */
void vfteam_tx_slots_reclaim(struct vfteam_plugin_port *pp, unsigned int q,
			     struct vfteam_tx_slots *s,
			     bool (*done)(const void *desc), int budget);
/*
 * the device stopped (quiesce, restart, detach; no xmit or poll runs):
 * unmap and free every frame, count those whose last descriptor @done
 * says is not done in VFTEAM_STAT_TX_DROPPED, zero the descriptors and
 * leave the ring empty
 */
void vfteam_tx_slots_clear(struct vfteam_plugin_port *pp,
			   struct vfteam_tx_slots *s,
			   bool (*done)(const void *desc));

#endif /* _VFTEAM_PLUGIN_H */
