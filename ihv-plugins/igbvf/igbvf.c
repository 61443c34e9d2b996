// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin for the Intel 82576 virtual function (8086:10ca) on real
 * SR-IOV hardware or QEMU's "-device igb", Linux's igb on the PF: setup,
 * Rx, interrupts and the ops.  Transmit (checksums, TSO) is tx.c's, the
 * mailbox mbx.c's.  The PF keeps the VF's MAC filter, multicast hashes and
 * frame size: attach and the reset op run the mailbox's reset handshake,
 * whose answer holds the MAC; restart from scratch runs it unless it just
 * ran, and asks for the MTU's frame size, as change_mtu does first.  One
 * Tx/Rx queue pair (QEMU models the second only in part), one Rx buffer
 * per frame from the core's pool, advanced descriptors.
 *
 * MSI-X, all a VF has: IVAR sends queue 0's causes to entry 0 and the
 * mailbox's to entry 1 (with one vector, nowhere); EIAC clears a cause as
 * its message goes (QEMU sends the next only after).  The mailbox vector
 * only schedules mbx_work, since the mailbox sleeps.  A PF message without
 * CTS, or the PF's reset (RSTI, RSTD), is the PF dropping the VF (its
 * traffic stops; QEMU wipes its registers): the work reports the link
 * down and the port broken, and the core resets it (the handshake again)
 * and restarts it.  It also reads the link every IGBVF_LINK_PERIOD, as
 * igbvf's watchdog does.  QEMU ORs IVAR writes into the PF's table until
 * the PF resets: the mapping never changes.
 *
 * Locking: the core serialises the ops; the mailbox, mbx_work: igbvf.h;
 * the Tx ring: tx.c.  The Rx ring is poll's, or quiesce/restart/detach's.
 */
#include <linux/bitfield.h>
#include <linux/etherdevice.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/pci.h>

#include <vfteam/plugin.h>

#include "igbvf.h"

/* a checkpoint: the Tx ring, then the Rx ring */
#define IGBVF_CP_TX	0
#define IGBVF_CP_RX	1

/* the PF's link, while the PF knows this VF */
static void igbvf_link(struct igbvf_priv *vf, bool pf_ok)
{
	static const u32 speed[] = { SPEED_10, SPEED_100, SPEED_1000, SPEED_1000 };
	u32 status = er32(vf, IGBVF_STATUS);
	bool up = pf_ok && status != ~0u && (status & IGBVF_STATUS_LU);

	if (up)
		vfteam_plugin_port_link_speed(vf->pp,
					      speed[FIELD_GET(IGBVF_STATUS_SPEED, status)],
					      status & IGBVF_STATUS_FD ?
					      DUPLEX_FULL : DUPLEX_HALF);
	vfteam_plugin_port_link_set(vf->pp, up);
}

static void igbvf_mbx_work(struct work_struct *work)
{
	struct igbvf_priv *vf = container_of(to_delayed_work(work),
					     struct igbvf_priv, mbx_work);
	bool ok = igbvf_mbx_check(vf);

	igbvf_link(vf, ok);
	if (!ok && !vf->pf_lost) {
		vf->pf_lost = true;
		vfteam_plugin_port_report_reset(vf->pp, VFTEAM_RESET_PF);
	}
	schedule_delayed_work(&vf->mbx_work, IGBVF_LINK_PERIOD);
}

/* the reset handshake, and the MAC attach reported (none yet at attach) */
static int igbvf_reset(struct igbvf_priv *vf)
{
	u8 mac[ETH_ALEN];
	int err;

	ether_addr_copy(mac, vf->mac);
	err = igbvf_mbx_reset(vf, mac);
	if (!err && is_zero_ether_addr(vf->mac))
		ether_addr_copy(vf->mac, mac);
	else if (!err && !ether_addr_equal(mac, vf->mac))
		err = -EADDRNOTAVAIL;
	if (err == -EAGAIN && is_zero_ether_addr(vf->mac))
		dev_err(vf->dev, "the PF does not answer the VF's reset: bring the PF's interface up, then probe the VF again\n");
	else if (err == -EADDRNOTAVAIL && is_zero_ether_addr(vf->mac))
		dev_err(vf->dev, "the PF gave this VF no MAC address: set the team's on the PF (ip link set <pf> vf <n> mac <mac>), then probe the VF again\n");
	else if (err == -EADDRNOTAVAIL)	/* and again at each retry */
		dev_err_ratelimited(vf->dev, "the PF no longer gives this VF %pM (but %pM): it cannot carry its team\n",
				    vf->mac, mac);
	vf->fresh = !err;
	return err;
}

/* QEMU starts a queue only at a tail write: enable it before that */
static void igbvf_ring_on(struct igbvf_priv *vf, u32 base,
			  const struct vfteam_ring *r, u32 head, u32 tail)
{
	ew32(vf, base + IGBVF_DCTL, 0);
	ew32(vf, base + IGBVF_DBAL, lower_32_bits(r->dma));
	ew32(vf, base + IGBVF_DBAH, upper_32_bits(r->dma));
	ew32(vf, base + IGBVF_DLEN, r->count * r->desc_size);
	ew32(vf, base + IGBVF_DH, head);
	ew32(vf, base + IGBVF_DCTL, IGBVF_DCTL_ENABLE |
	     (base == IGBVF_RXQ ? IGBVF_RXDCTL_THRESH : 0));
	ew32(vf, base + IGBVF_DT, tail);
}

/* vectors, the rings at the checkpoint's heads (else 0), then causes */
static void igbvf_start(struct igbvf_priv *vf,
			const struct vfteam_ring_checkpoint *cp)
{
	u32 vecs = IGBVF_VEC_QUEUE | (vf->other ? IGBVF_VEC_MBX : 0);

	ew32(vf, IGBVF_IVAR0, IGBVF_IVAR_VALID << 8 | IGBVF_IVAR_VALID);
	if (vf->other)
		ew32(vf, IGBVF_IVAR_MISC, IGBVF_IVAR_VALID | 1);
	ew32(vf, IGBVF_EIAC, vecs);
	/*
	 * No throttling until the core sets rx-usecs: the interval outlives
	 * the VF's reset and the VF (QEMU's igb kept the one Linux's igbvf
	 * left: 1,200 ping -A round trips a second instead of 4,200)
	 */
	ew32(vf, IGBVF_EITR(0), 0);
	ew32(vf, IGBVF_EITR(1), 0);
	ew32(vf, IGBVF_RXQ + IGBVF_SRRCTL, IGBVF_SRRCTL_DROP_EN |
	     IGBVF_SRRCTL_ONEBUF | vf->rx_buf_len / SZ_1K);
	igbvf_ring_on(vf, IGBVF_TXQ, &vf->tx,
		      cp ? cp->ring[IGBVF_CP_TX].consumer : 0,
		      vf->tx_slots.next_use);
	igbvf_ring_on(vf, IGBVF_RXQ, &vf->rx,
		      cp ? cp->ring[IGBVF_CP_RX].consumer : 0, vf->rx_use);
	/* causes from before: the poll the core schedules sees to them */
	ew32(vf, IGBVF_EICR, vecs);
	ew32(vf, IGBVF_EIMS, vecs);
	vf->fresh = false;
}

static void igbvf_stop(struct igbvf_priv *vf)
{
	ew32(vf, IGBVF_EIMC, ~0u);
	ew32(vf, IGBVF_TXQ + IGBVF_DCTL, 0);
	ew32(vf, IGBVF_RXQ + IGBVF_DCTL, 0);
}

/* the device stopped: free every buffer, and leave both rings empty */
static void igbvf_clear_rings(struct vfteam_plugin_port *pp,
			      struct igbvf_priv *vf)
{
	unsigned int i;

	igbvf_clear_tx(pp, vf);
	for (i = 0; i < IGBVF_RX_COUNT; i++)
		vfteam_plugin_port_rx_buf_put(pp, &vf->rx_buf[i]);
	memset(vf->rx.desc, 0, IGBVF_RX_COUNT * sizeof(struct igbvf_rx_desc));
	vf->rx_use = 0;
	vf->rx_clean = 0;
	vf->rx_discard = false;
}

static int igbvf_attach(struct vfteam_plugin_port *pp)
{
	struct igbvf_priv *vf = igbvf_priv(pp);
	int err;

	vf->pp = pp;
	vf->dev = &vfteam_plugin_port_pci(pp)->dev;
	mutex_init(&vf->mbx_lock);
	INIT_DELAYED_WORK(&vf->mbx_work, igbvf_mbx_work);
	vf->regs = vfteam_plugin_port_iomap(pp, 0);
	if (!vf->regs)
		return -ENOMEM;

	err = igbvf_reset(vf);
	if (!err)
		err = vfteam_plugin_port_set_mac(pp, vf->mac);
	if (!err)
		err = vfteam_ring_alloc(pp, &vf->tx, IGBVF_TX_COUNT,
					sizeof(struct igbvf_tx_desc));
	if (!err)
		err = vfteam_tx_slots_init(&vf->tx_slots, &vf->tx, vf->tx_buf);
	if (!err)
		err = vfteam_ring_alloc(pp, &vf->rx, IGBVF_RX_COUNT,
					sizeof(struct igbvf_rx_desc));
	return err;	/* the core frees the rings */
}

static void igbvf_detach(struct vfteam_plugin_port *pp)
{
	struct igbvf_priv *vf = igbvf_priv(pp);

	cancel_delayed_work_sync(&vf->mbx_work);
	igbvf_stop(vf);
	ew32(vf, IGBVF_CTRL, IGBVF_CTRL_RST);	/* the PF takes its filters back */
	usleep_range(1000, 2000);		/* a frame being written lands */
	igbvf_clear_rings(pp, vf);
	vfteam_ring_free(pp, &vf->tx);
	vfteam_ring_free(pp, &vf->rx);
	mutex_destroy(&vf->mbx_lock);
}

/*
 * A buffer in every free slot but one, in batches of IGBVF_RX_BATCH (an
 * RDT write is a trip to the device), or at once when it has none
 */
static void igbvf_refill_rx(struct vfteam_plugin_port *pp,
			    struct igbvf_priv *vf)
{
	unsigned int i = vf->rx_use, start = i;
	struct igbvf_rx_desc *d = vf->rx.desc;

	if (i != vf->rx_clean &&
	    ((vf->rx_clean - i - 1) & (IGBVF_RX_COUNT - 1)) < IGBVF_RX_BATCH)
		return;
	while (IGBVF_NEXT(i, IGBVF_RX_COUNT) != vf->rx_clean &&
	       !vfteam_plugin_port_rx_buf_get(pp, 0, &vf->rx_buf[i])) {
		/* the address, and no header buffer: the write-back took both */
		d[i] = (struct igbvf_rx_desc){ .addr = cpu_to_le64(vf->rx_buf[i].dma) };
		i = IGBVF_NEXT(i, IGBVF_RX_COUNT);
	}
	if (i != start) {
		vf->rx_use = i;
		ew32(vf, IGBVF_RXQ + IGBVF_DT, i);
	}
}

/*
 * VP (a tag stripped) is left out: the PF strips only a port VLAN the host
 * set, which the guest must not see
 */
static int igbvf_clean_rx(struct vfteam_plugin_port *pp, struct igbvf_priv *vf,
			  int budget)
{
	unsigned int i = vf->rx_clean, len;
	struct igbvf_rx_desc *d;
	struct sk_buff *skb;
	u32 status, missed;
	int done = 0;

	for (; done < budget && i != vf->rx_use; done++) {
		d = (struct igbvf_rx_desc *)vf->rx.desc + i;
		status = le32_to_cpu(READ_ONCE(d->status));
		if (!(status & IGBVF_RXD_STAT_DD))
			break;
		dma_rmb();	/* the rest of the descriptor after DD */
		len = le16_to_cpu(d->length);	/* no FCS: the PF sets SECRC */
		if (unlikely(vf->rx_discard || !(status & IGBVF_RXD_STAT_EOP) ||
			     len > vf->rx_buf_len || (status & IGBVF_RXD_ERR_FRAME))) {
			/* a frame over several buffers is dropped whole */
			if (!vf->rx_discard)
				vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_ERRORS, 1);
			vf->rx_discard = !(status & IGBVF_RXD_STAT_EOP);
			vfteam_plugin_port_rx_buf_put(pp, &vf->rx_buf[i]);
		} else {
			skb = vfteam_plugin_port_rx_buf_skb(pp, 0, &vf->rx_buf[i], len);
			/* the device checked the TCP/UDP sum, and found it good */
			if (skb && (status & (IGBVF_RXD_STAT_TCPCS | IGBVF_RXD_STAT_UDPCS)) &&
			    !(status & (IGBVF_RXD_STAT_IXSM | IGBVF_RXD_ERR_TCPE |
					IGBVF_RXD_ERR_IPE)))
				skb->ip_summed = CHECKSUM_UNNECESSARY;
			if (skb)
				vfteam_plugin_port_rx(pp, 0, skb);
		}
		i = IGBVF_NEXT(i, IGBVF_RX_COUNT);
	}
	vf->rx_clean = i;
	/* every buffer filled: the device may have had to drop frames */
	if (unlikely(done && i == vf->rx_use)) {
		missed = er32(vf, IGBVF_RXQ + IGBVF_RQDPC);
		if (missed && missed != ~0u)
			vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_MISSED, missed);
	}
	igbvf_refill_rx(pp, vf);
	return done;
}

static int igbvf_poll(struct vfteam_plugin_port *pp, unsigned int q,
		      int budget)
{
	struct igbvf_priv *vf = igbvf_priv(pp);
	int done;

	igbvf_clean_tx(pp, vf, budget);
	if (!budget)
		return 0;
	done = igbvf_clean_rx(pp, vf, budget);
	/* not one Rx buffer (no memory): no Rx interrupt comes, poll again */
	return vf->rx_use == vf->rx_clean ? budget : done;
}

static void igbvf_irq_enable(struct vfteam_plugin_port *pp, unsigned int q)
{
	ew32(igbvf_priv(pp), IGBVF_EIMS, IGBVF_VEC_QUEUE);
}

/* EIAC cleared the vector's cause (and EICR shows none) */
static enum vfteam_irq igbvf_irq(struct vfteam_plugin_port *pp,
				 unsigned int q)
{
	struct igbvf_priv *vf = igbvf_priv(pp);

	if (q == VFTEAM_IRQ_OTHER) {
		mod_delayed_work(system_wq, &vf->mbx_work, 0);
		return VFTEAM_IRQ_HANDLED;
	}
	ew32(vf, IGBVF_EIMC, IGBVF_VEC_QUEUE);
	return VFTEAM_IRQ_POLL;
}

static int igbvf_quiesce(struct vfteam_plugin_port *pp,
			 struct vfteam_ring_checkpoint *cp)
{
	struct igbvf_priv *vf = igbvf_priv(pp);
	u32 tdh;

	ew32(vf, IGBVF_EIMC, ~0u);
	cancel_delayed_work_sync(&vf->mbx_work);
	/* let the device send what is on the ring: 20 ms at most */
	read_poll_timeout(er32, tdh,
			  tdh == ~0u || tdh == vf->tx_slots.next_use, 200,
			  20000, false, vf, IGBVF_TXQ + IGBVF_DH);
	igbvf_stop(vf);
	if (er32(vf, IGBVF_STATUS) == ~0u)
		return -ENODEV;		/* surprise removal: no checkpoint */
	usleep_range(100, 200);		/* a frame being written lands */

	cp->nr_rings = 2;
	cp->ring[IGBVF_CP_TX].producer = vf->tx_slots.next_use;
	cp->ring[IGBVF_CP_TX].consumer = er32(vf, IGBVF_TXQ + IGBVF_DH);
	cp->ring[IGBVF_CP_RX].producer = vf->rx_use;
	cp->ring[IGBVF_CP_RX].consumer = er32(vf, IGBVF_RXQ + IGBVF_DH);
	return 0;
}

/* the rings as quiesce left them, and no PF reset since (QEMU's wipes them) */
static bool igbvf_resumable(struct igbvf_priv *vf,
			    const struct vfteam_ring_checkpoint *cp)
{
	return cp->nr_rings == 2 &&
	       cp->ring[IGBVF_CP_TX].producer == vf->tx_slots.next_use &&
	       cp->ring[IGBVF_CP_RX].producer == vf->rx_use &&
	       cp->ring[IGBVF_CP_TX].consumer < IGBVF_TX_COUNT &&
	       cp->ring[IGBVF_CP_RX].consumer < IGBVF_RX_COUNT &&
	       er32(vf, IGBVF_RXQ + IGBVF_DLEN) == vf->rx.count * vf->rx.desc_size &&
	       igbvf_mbx_check(vf);
}

static int igbvf_restart(struct vfteam_plugin_port *pp,
			 const struct vfteam_ring_checkpoint *cp)
{
	struct igbvf_priv *vf = igbvf_priv(pp);
	unsigned int mtu = vfteam_plugin_port_mtu(pp);
	int err;

	if (cp && !igbvf_resumable(vf, cp))
		return -ESTALE;
	vf->other = vfteam_plugin_port_vectors(pp) > 1;
	if (!cp) {
		/* from scratch: the handshake, unless just done; empty rings */
		err = vf->fresh && igbvf_mbx_check(vf) ? 0 : igbvf_reset(vf);
		if (err)
			return err;
		igbvf_clear_rings(pp, vf);
		vf->max_frame = mtu + VLAN_ETH_HLEN;
		/* two VLAN tags and the FCS, in SRRCTL's 1 KiB steps */
		vf->rx_buf_len = ALIGN(mtu + VLAN_ETH_HLEN + VLAN_HLEN + ETH_FCS_LEN,
				       SZ_1K);
		err = vfteam_plugin_port_rx_pool(pp, IGBVF_RX_COUNT,
						 vf->rx_buf_len);
		if (!err)
			err = igbvf_mbx_set_mtu(vf, mtu);
		if (err)
			return err;
	}
	igbvf_start(vf, cp);
	vf->pf_lost = false;
	igbvf_link(vf, true);
	schedule_delayed_work(&vf->mbx_work, IGBVF_LINK_PERIOD);
	return 0;
}

static int igbvf_set_rx_filter(struct vfteam_plugin_port *pp,
			       const struct vfteam_rx_filter *f)
{
	return igbvf_mbx_set_rx(igbvf_priv(pp), f);
}

/* asked now, so that a PF that does not answer keeps the team's MTU */
static int igbvf_change_mtu(struct vfteam_plugin_port *pp, unsigned int mtu)
{
	return igbvf_mbx_set_mtu(igbvf_priv(pp), mtu);
}

static int igbvf_reset_op(struct vfteam_plugin_port *pp,
			  enum vfteam_reset_why why)
{
	struct igbvf_priv *vf = igbvf_priv(pp);

	dev_info_ratelimited(vf->dev, "%s: resetting the VF (reason %d)\n",
			     vfteam_plugin_port_name(pp), why);
	igbvf_stop(vf);
	return igbvf_reset(vf);
}

/* at most one interrupt per @usecs on the queue's vector */
static int igbvf_set_irq_moderation(struct vfteam_plugin_port *pp,
				    unsigned int usecs)
{
	if (usecs > FIELD_MAX(IGBVF_EITR_USECS))
		return -EINVAL;
	ew32(igbvf_priv(pp), IGBVF_EITR(0), FIELD_PREP(IGBVF_EITR_USECS, usecs));
	return 0;
}

static const struct vfteam_plugin_ops igbvf_ops = {
	.size		= sizeof(struct vfteam_plugin_ops),
	.attach		= igbvf_attach,
	.detach		= igbvf_detach,
	.xmit		= igbvf_xmit,
	.poll		= igbvf_poll,
	.irq		= igbvf_irq,
	.quiesce	= igbvf_quiesce,
	.restart	= igbvf_restart,
	.set_rx_filter	= igbvf_set_rx_filter,
	.irq_enable	= igbvf_irq_enable,
	.change_mtu	= igbvf_change_mtu,
	.reset		= igbvf_reset_op,
	.set_irq_moderation = igbvf_set_irq_moderation,
};

static const struct pci_device_id igbvf_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_INTEL, 0x10ca) },	/* 82576 VF */
	{ }
};
MODULE_DEVICE_TABLE(pci, igbvf_ids);

static struct vfteam_plugin igbvf_plugin = {
	.name		= "igbvf",
	.owner		= THIS_MODULE,
	.abi_version	= VFTEAM_PLUGIN_ABI_VERSION,
	.id_table	= igbvf_ids,
	.priv_size	= sizeof(struct igbvf_priv),
	.features	= NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			  NETIF_F_TSO | NETIF_F_TSO6,
	.irq_kinds	= VFTEAM_VEC_MSIX,
	.max_queues	= 1,
	.msix_other	= true,
	.max_mtu	= IGBVF_MAX_MTU,
	.ops		= &igbvf_ops,
};
module_vfteam_plugin(igbvf_plugin);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vfteam plugin for the Intel 82576 virtual function (igbvf) as a passthrough port");
