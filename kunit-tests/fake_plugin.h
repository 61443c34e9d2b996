/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit fixture shared by vfteam's suites: a fake plugin that lives in
 * memory (its ops record each call in a log and can be told to fail),
 * and a bed to put its port in: a real team netdev ("vfkt%d") and, where
 * a test needs one, a fake standby netdev.  No PCI device: the port is
 * driven on a root device, and the tests call the core's irq handler
 * themselves.
 *
 * Locking: the fake's log is a spinlock (irqsave: the irq op records too);
 * team operations take RTNL as the core requires.
 */
#ifndef _VFTEAM_FAKE_PLUGIN_H
#define _VFTEAM_FAKE_PLUGIN_H

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/spinlock.h>

#include <vfteam/plugin.h>

struct vfteam;
struct vfteam_port;

#define FAKE_MARK	0x76667465	/* skb->mark of the tests' frames */
#define FAKE_PROTO	0x88b5		/* IEEE local experimental */
#define FAKE_LOG_MAX	64
#define FAKE_RX_BUFS	4	/* queue 0's ring of Rx buffers (rx_pool) */

enum fake_op {
	OP_ATTACH,
	OP_DETACH,
	OP_XMIT,
	OP_POLL,
	OP_IRQ,
	OP_QUIESCE,
	OP_RESTART_CP,
	OP_RESTART_NEW,
	OP_IRQ_ENABLE,
	OP_CHANGE_MTU,
	OP_RESET,
	OP_MODERATION,
	OP_SET_RSS,
	OP_NR,
};

struct fake_state {
	spinlock_t lock;	/* log, count, rx_frames, tx_pkts, tx_bytes */
	enum fake_op log[FAKE_LOG_MAX];
	unsigned int n;
	unsigned int count[OP_NR];
	int fail[OP_NR];	/* errno the op returns, 0 = succeed */
	bool no_mac;		/* attach reports no MAC */
	bool use_ring;		/* attach allocates a ring */
	bool leak_ring;		/* detach leaves the ring to the core */
	bool decline;		/* xmit declines the tests' frames */
	bool busy;		/* xmit answers VFTEAM_TX_BUSY to them */
	unsigned long busy_q;	/* ...on the queues of these bits */
	/* the queues: xmit and poll calls on each, irq's and restart's */
	atomic_t xmit_q[VFTEAM_MAX_QUEUES];
	atomic_t poll_q[VFTEAM_MAX_QUEUES];
	unsigned int irq_q;
	unsigned int queues_restart;	/* vfteam_plugin_port_queues() */
	unsigned int done_q;	/* the queue poll reports completions on */
	unsigned int rx_q_bad;	/* non-zero: poll passes frames up on it */
	struct vfteam_rss rss;	/* set_rss' last @rss */
	/* set_rx_filter (fake_ops_rx_filter): calls, last filter, answer */
	atomic_t rxf_calls;
	unsigned int rxf_flags;
	unsigned int rxf_uc;
	u8 rxf_uc0[ETH_ALEN];
	int rxf_err;
	bool complete_all;	/* poll completes the stack's frames too */
	int xmit_bad;		/* xmit frees the tests' frames, returns this */
	enum vfteam_irq irq_ret;
	int rx_frames;		/* the next poll receives this many */
	unsigned int rx_len;	/* of each, 0: ETH_ZLEN */
	/*
	 * rx_pool: restart(NULL) gives back the fake's buffers, asks for a
	 * pool of FAKE_RX_BUFS buffers of rx_pool_len bytes (its answer in
	 * rx_pool_err) and fills queue 0's ring (-ENOMEM there in
	 * rx_fill_err); poll receives into those buffers, at most
	 * rx_pool_len bytes of each frame written
	 */
	bool rx_pool;
	unsigned int rx_pool_len;
	int rx_pool_err;
	int rx_fill_err;
	unsigned int tx_pkts;	/* sent, for the next poll to report */
	unsigned int tx_bytes;
	bool cp_seen_ok;	/* restart got the checkpoint quiesce made */
	/* at the last quiesce: the team's active port, when, rx_frames */
	const struct vfteam_port *quiesce_active;
	unsigned long quiesce_at;
	int quiesce_rx_left;
	int irq_line;		/* a test's interrupt line, 0: none */
	int line_held[OP_NR];	/* restart/quiesce: ran with it disabled */
	/* the optional ops (fake_irq_enable, fake_change_mtu, fake_reset) */
	atomic_t enable_in_napi;	/* irq_enable with NAPI still scheduled */
	unsigned int mtu_op;		/* change_mtu's @mtu */
	unsigned int mtu_restart;	/* the port's MTU at restart(NULL) */
	bool ran_stopped[OP_NR];	/* change_mtu/reset: port not running */
	enum vfteam_reset_why reset_why;
	u64 hw[2];			/* get_hw_stats' answer */
	unsigned int usecs;		/* set_irq_moderation's last @usecs */
	atomic_t standby_seen;	/* tests' frames the fake standby sent */
	atomic_t lower_seen;	/* tests' frames fake_lower_register's sent */
	u8 mac[ETH_ALEN];
	struct device *dev;	/* stands in for the PCI function */
};

extern struct fake_state fake;
extern const struct vfteam_plugin fake_plugin_template;
extern const struct vfteam_plugin_ops fake_ops;
/* the optional Rx filter op, for a test that adds it to a copy of fake_ops */
int fake_set_rx_filter(struct vfteam_plugin_port *pp,
		       const struct vfteam_rx_filter *f);
void fake_irq_enable(struct vfteam_plugin_port *pp, unsigned int q);
int fake_set_rss(struct vfteam_plugin_port *pp, const struct vfteam_rss *rss);
int fake_change_mtu(struct vfteam_plugin_port *pp, unsigned int mtu);
int fake_reset(struct vfteam_plugin_port *pp, enum vfteam_reset_why why);
void fake_get_hw_stats(struct vfteam_plugin_port *pp, u64 *data);
extern const char fake_hw_names[2][ETH_GSTRING_LEN];
int fake_set_irq_moderation(struct vfteam_plugin_port *pp, unsigned int usecs);
extern const struct pci_device_id fake_ids[];

struct fake_priv {
	struct vfteam_ring ring;
	struct vfteam_rx_buf rx_buf[FAKE_RX_BUFS];	/* queue 0's, rx_pool */
	unsigned int rx_next;		/* the slot the next frame goes to */
};

struct fake_bed {
	struct vfteam *team;
	struct net_device *standby;
};

/* wait up to two seconds for a softirq or work item to catch up */
#define fake_wait_for(cond)					\
	({							\
		int __i;					\
		for (__i = 0; __i < 100 && !(cond); __i++)	\
			msleep(20);				\
		(cond);						\
	})

unsigned int fake_count(enum fake_op op);
bool fake_is_ours(const struct sk_buff *skb);
/* a received frame (skb->data past the MAC header) holds what was sent */
bool fake_rx_intact(const struct sk_buff *skb);
struct vfteam_plugin *fake_plugin(struct kunit *test);
void fake_bed_up(struct kunit *test, struct fake_bed *bed,
		 bool standby);
void fake_bed_down(struct fake_bed *bed);
void fake_port_bed_down(struct vfteam_plugin_port *pp, struct fake_bed *bed);
struct vfteam_port *fake_active(struct fake_bed *bed);
struct vfteam_port *fake_primary(struct fake_bed *bed);
int fake_join(struct vfteam_plugin_port *pp, struct fake_bed *bed);
int fake_quiesce_port(struct vfteam_plugin_port *pp);
int fake_resume_port(struct vfteam_plugin_port *pp);
void fake_send(struct kunit *test, struct net_device *dev);
irqreturn_t fake_irq_raise(struct vfteam_plugin_port *pp, enum vfteam_irq ret);
struct sk_buff *fake_tx_frame(struct kunit *test, struct net_device *dev,
			      const u8 *src);
void fake_send_from(struct kunit *test, struct net_device *dev, const u8 *src);
void fake_receive(struct kunit *test, struct net_device *dev, const u8 *src);
struct net_device *fake_lower_register(struct kunit *test, bool up,
				       netdev_features_t features);
unsigned int fake_control_log(enum fake_op *out, unsigned int max);
struct vfteam_plugin_port *fake_create(struct kunit *test);
struct vfteam_plugin_port *fake_create_queues(struct kunit *test,
					      const struct vfteam_plugin_ops *ops,
					      unsigned int max_queues,
					      unsigned int max_mtu);
struct vfteam_plugin_port *fake_create_ops(struct kunit *test,
					   const struct vfteam_plugin_ops *ops,
					   unsigned int max_mtu);
struct fake_priv *fake_priv(struct vfteam_plugin_port *pp);
int fake_test_init(struct kunit *test);
int fake_suite_init(struct kunit_suite *suite);
void fake_suite_exit(struct kunit_suite *suite);

#endif /* _VFTEAM_FAKE_PLUGIN_H */
