// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin for the Intel 82574L (8086:10d3, QEMU's "-device e1000e"):
 * the device's setup, Rx and interrupt, and the ops; transmit, with TCP/UDP
 * checksum offload, TSO and scatter-gather, is tx.c's.  One Tx and one Rx
 * ring, legacy Rx descriptors with the device's checksum verdict and one
 * buffer per frame (2 KiB, up to 16 KiB for jumbo frames: sized from the
 * MTU at each restart from scratch), one interrupt vector (MSI-X, MSI or
 * INTx, as the core got it), and the Rx filter (receive addresses 1-14,
 * multicast table, UPE/MPE).
 * Facts from Linux's e1000e (regs.h, defines.h, hw.h, netdev.c) and QEMU's
 * hw/net/e1000e_core.c.
 *
 * irq masks all sources (IMC) and acks what it read by writing it back to
 * ICR (the 82574 clears ICR on read only while asserting or with IMS 0);
 * irq_enable unmasks them (IMS) once the core completed NAPI.  With MSI-X,
 * IVAR routes Rx 0, Tx 0 and "other" (link) to vector 0.  STATUS.LU is
 * read at the end of each poll (every interrupt schedules one; poll is the
 * only context that reports the link), so a link change is seen on any
 * interrupt, even if its own is lost.
 *
 * Locking: none of its own; the core serialises the ops (plugin.h).  The Tx
 * ring's producer and consumer: see tx.c.  The Rx ring is poll's, and
 * quiesce/restart/detach's, never at once.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/skbuff.h>
#include <asm/unaligned.h>

#include <vfteam/plugin.h>

#include "e1k.h"

/* stop DMA, mask interrupts and reset the MAC (fresh once it worked) */
static int e1k_reset(struct e1k_priv *ep)
{
	u32 ctrl, v;
	int err;

	ep->fresh = false;
	ew32(ep, E1K_IMC, ~0u);
	ew32(ep, E1K_RCTL, 0);
	ew32(ep, E1K_TCTL, E1K_TCTL_PSP);
	/* no master request may be pending when the MAC resets */
	ctrl = er32(ep, E1K_CTRL);
	if (ctrl == ~0u)
		return -ENODEV;
	ew32(ep, E1K_CTRL, ctrl | E1K_CTRL_GIO_MASTER_DISABLE);
	read_poll_timeout(er32, v, !(v & E1K_STATUS_GIO_MASTER_ENABLE), 100,
			  80000, false, ep, E1K_STATUS);
	usleep_range(10000, 11000);
	ew32(ep, E1K_CTRL, er32(ep, E1K_CTRL) | E1K_CTRL_RST);
	/* the NVM is read again after reset */
	err = read_poll_timeout(er32, v, v & E1K_EECD_AUTO_RD, 1000, 20000,
				true, ep, E1K_EECD);
	if (err)
		return err;

	ew32(ep, E1K_IMC, ~0u);
	er32(ep, E1K_ICR);
	ctrl = er32(ep, E1K_CTRL);
	ctrl &= ~(E1K_CTRL_GIO_MASTER_DISABLE | E1K_CTRL_RST);
	ew32(ep, E1K_CTRL, ctrl | E1K_CTRL_SLU);
	ep->fresh = true;
	return 0;
}

/* the MAC: RAL0/RAH0 as loaded from the NVM at reset, else NVM words 0-2 */
static int e1k_read_mac(struct e1k_priv *ep)
{
	u32 ral = er32(ep, E1K_RAL0), rah = er32(ep, E1K_RAH0), v;
	int i, err;

	put_unaligned_le32(ral, ep->mac);
	put_unaligned_le16(rah & 0xffff, ep->mac + 4);
	if ((rah & E1K_RAH_AV) && is_valid_ether_addr(ep->mac))
		return 0;
	for (i = 0; i < ETH_ALEN / 2; i++) {
		ew32(ep, E1K_EERD, i << 2 | E1K_EERD_START);
		err = read_poll_timeout_atomic(er32, v, v != ~0u &&
					       (v & E1K_EERD_DONE), 5, 500,
					       false, ep, E1K_EERD);
		if (err)
			return err;
		put_unaligned_le16(v >> 16, ep->mac + 2 * i);
	}
	return 0;
}

static void e1k_link_check(struct vfteam_plugin_port *pp, struct e1k_priv *ep)
{
	u32 status = er32(ep, E1K_STATUS);

	if (status != ~0u)
		vfteam_plugin_port_link_set(pp, status & E1K_STATUS_LU);
}

static void e1k_ring_regs(struct e1k_priv *ep, u32 q, struct vfteam_ring *r,
			  u32 head, u32 tail)
{
	ew32(ep, q + E1K_DBAL, lower_32_bits(r->dma));
	ew32(ep, q + E1K_DBAH, upper_32_bits(r->dma));
	ew32(ep, q + E1K_DLEN, r->count * r->desc_size);
	ew32(ep, q + E1K_DH, head);
	ew32(ep, q + E1K_DT, tail);
}

/* RCTL's buffer size (and long frames past 2 KiB) */
static u32 e1k_rctl_size(unsigned int len)
{
	switch (len) {
	case 4096:
		return E1K_RCTL_SZ_4096 | E1K_RCTL_LPE;
	case 8192:
		return E1K_RCTL_SZ_8192 | E1K_RCTL_LPE;
	case 16384:
		return E1K_RCTL_SZ_16384 | E1K_RCTL_LPE;
	}
	return 0;
}

/* the smallest buffer RCTL offers for a frame of the team's MTU */
static unsigned int e1k_rx_buf_len(unsigned int mtu)
{
	unsigned int len = E1K_RX_BUF_MIN;

	while (len < mtu + VLAN_ETH_HLEN && len < E1K_RX_BUF_MAX)
		len <<= 1;
	return len;
}

/* rings at these head indices (the tails are ours), DMA and irq sources on */
static void e1k_start(struct e1k_priv *ep, u32 tdh, u32 rdh)
{
	ew32(ep, E1K_RAL0, get_unaligned_le32(ep->mac));
	ew32(ep, E1K_RAH0, get_unaligned_le16(ep->mac + 4) | E1K_RAH_AV);
	ew32(ep, E1K_CTRL_EXT, er32(ep, E1K_CTRL_EXT) & ~E1K_CTRL_EXT_AUTO_MASK);
	ew32(ep, E1K_IVAR, ep->msix ? E1K_IVAR_VECTOR0 : 0);
	ew32(ep, E1K_RFCTL, er32(ep, E1K_RFCTL) & ~E1K_RFCTL_EXTEN);
	ew32(ep, E1K_RXCSUM, E1K_RXCSUM_IPOFL | E1K_RXCSUM_TUOFL);
	e1k_ring_regs(ep, E1K_TXQ, &ep->tx, tdh, ep->tx_next_use);
	e1k_ring_regs(ep, E1K_RXQ, &ep->rx, rdh, ep->rx_next_use);
	ew32(ep, E1K_TCTL, E1K_TCTL_EN | E1K_TCTL_PSP | E1K_TCTL_CT_COLD |
	     E1K_TCTL_RTLC);
	ew32(ep, E1K_RCTL, E1K_RCTL_EN | E1K_RCTL_BAM | E1K_RCTL_MPE |
	     E1K_RCTL_SECRC | e1k_rctl_size(ep->rx_buf_len));
	ew32(ep, E1K_IMS, E1K_IRQ_SOURCES);
	ep->fresh = false;
}

static struct sk_buff *e1k_unmap(struct e1k_priv *ep, struct e1k_buf *b,
				 enum dma_data_direction dir)
{
	struct sk_buff *skb = b->skb;

	dma_unmap_single(ep->dev, b->dma, b->len, dir);
	b->skb = NULL;
	return skb;
}

/* unmap and free every buffer on both rings, the device stopped */
static void e1k_free_bufs(struct vfteam_plugin_port *pp, struct e1k_priv *ep)
{
	int i;

	e1k_free_tx_bufs(pp, ep);
	for (i = 0; i < E1K_RX_COUNT; i++)
		if (ep->rx_buf[i].skb)
			dev_kfree_skb_any(e1k_unmap(ep, &ep->rx_buf[i],
						    DMA_FROM_DEVICE));
}

/* ---- ops ---- */

static int e1k_attach(struct vfteam_plugin_port *pp)
{
	struct e1k_priv *ep = e1k_priv(pp);
	struct pci_dev *pdev = vfteam_plugin_port_pci(pp);
	int err;

	ep->dev = &pdev->dev;
	ep->regs = vfteam_plugin_port_iomap(pp, 0);
	if (!ep->regs)
		return -ENOMEM;

	err = e1k_reset(ep);
	if (!err)
		err = e1k_read_mac(ep);
	if (!err)
		err = vfteam_plugin_port_set_mac(pp, ep->mac);
	if (!err)
		err = vfteam_ring_alloc(pp, &ep->tx, E1K_TX_COUNT,
					sizeof(struct e1k_tx_desc));
	if (!err)
		err = vfteam_ring_alloc(pp, &ep->rx, E1K_RX_COUNT,
					sizeof(struct e1k_rx_desc));
	if (err)
		return err;	/* the core frees the rings */

	return 0;
}

static void e1k_detach(struct vfteam_plugin_port *pp)
{
	struct e1k_priv *ep = e1k_priv(pp);

	/* quiesced already: make sure of it before the buffers go */
	ew32(ep, E1K_IMC, ~0u);
	ew32(ep, E1K_RCTL, 0);
	ew32(ep, E1K_TCTL, 0);
	er32(ep, E1K_STATUS);
	e1k_free_bufs(pp, ep);
	vfteam_ring_free(pp, &ep->tx);
	vfteam_ring_free(pp, &ep->rx);
}

/* give the device a buffer in every free slot but one; poll only */
static void e1k_refill_rx(struct vfteam_plugin_port *pp, struct e1k_priv *ep)
{
	unsigned int i = ep->rx_next_use, start = i;
	struct e1k_rx_desc *d;
	struct sk_buff *skb;
	dma_addr_t dma;

	while (E1K_NEXT(i, E1K_RX_COUNT) != ep->rx_next_clean) {
		skb = vfteam_plugin_port_alloc_rx_skb(pp, ep->rx_buf_len);
		if (unlikely(!skb))
			break;
		dma = dma_map_single(ep->dev, skb->data, ep->rx_buf_len,
				     DMA_FROM_DEVICE);
		if (unlikely(dma_mapping_error(ep->dev, dma))) {
			dev_kfree_skb_any(skb);
			break;
		}
		ep->rx_buf[i] = (struct e1k_buf){ skb, dma, ep->rx_buf_len };
		d = (struct e1k_rx_desc *)ep->rx.desc + i;
		memset(d, 0, sizeof(*d));
		d->addr = cpu_to_le64(dma);
		i = E1K_NEXT(i, E1K_RX_COUNT);
	}
	if (i != start) {
		ep->rx_next_use = i;
		ew32(ep, E1K_RXQ + E1K_DT, i);
	}
}

/* the device checked the TCP/UDP (and IPv4) sums and found them good */
static void e1k_rx_csum(struct sk_buff *skb, u8 status, u8 errors)
{
	if (!(status & E1K_RXD_STAT_IXSM) &&
	    (status & (E1K_RXD_STAT_TCPCS | E1K_RXD_STAT_UDPCS)) &&
	    !(errors & (E1K_RXD_ERR_TCPE | E1K_RXD_ERR_IPE)))
		skb->ip_summed = CHECKSUM_UNNECESSARY;
}

static int e1k_clean_rx(struct vfteam_plugin_port *pp, struct e1k_priv *ep,
			int budget)
{
	unsigned int i = ep->rx_next_clean, len;
	struct e1k_rx_desc *d;
	struct sk_buff *skb;
	int done = 0;
	u8 status;

	while (done < budget && i != ep->rx_next_use) {
		d = (struct e1k_rx_desc *)ep->rx.desc + i;
		status = READ_ONCE(d->status);
		if (!(status & E1K_RXD_STAT_DD))
			break;
		dma_rmb();	/* the rest of the descriptor after DD */
		skb = e1k_unmap(ep, &ep->rx_buf[i], DMA_FROM_DEVICE);
		len = le16_to_cpu(d->length);
		if (unlikely(ep->rx_discard ||
			     !(status & E1K_RXD_STAT_EOP) ||
			     len > ep->rx_buf[i].len ||
			     (d->errors & E1K_RXD_ERR_FRAME))) {
			/*
			 * A frame over several descriptors is dropped whole:
			 * its later parts are not frames of their own (the
			 * CVE-2009-4536 pattern)
			 */
			if (!ep->rx_discard)
				vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_ERRORS, 1);
			ep->rx_discard = !(status & E1K_RXD_STAT_EOP);
			dev_kfree_skb_any(skb);
		} else {
			skb_put(skb, len);
			e1k_rx_csum(skb, status, d->errors);
			vfteam_plugin_port_rx(pp, skb);
		}
		done++;
		i = E1K_NEXT(i, E1K_RX_COUNT);
	}
	ep->rx_next_clean = i;
	e1k_refill_rx(pp, ep);
	return done;
}

static int e1k_poll(struct vfteam_plugin_port *pp, int budget)
{
	struct e1k_priv *ep = e1k_priv(pp);
	u32 missed;
	int done;

	e1k_clean_tx(pp, ep, budget);
	if (!budget)
		return 0;
	done = e1k_clean_rx(pp, ep, budget);
	if (done < budget) {
		missed = er32(ep, E1K_MPC);
		if (missed)
			vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_MISSED, missed);
		e1k_link_check(pp, ep);
	}
	return done;
}

static void e1k_irq_enable(struct vfteam_plugin_port *pp)
{
	struct e1k_priv *ep = e1k_priv(pp);

	ew32(ep, E1K_IMS, E1K_IRQ_SOURCES);
}

static enum vfteam_irq e1k_irq(struct vfteam_plugin_port *pp)
{
	struct e1k_priv *ep = e1k_priv(pp);
	u32 icr = er32(ep, E1K_ICR);

	/* a shared INTx line: only what this device asserts is ours */
	if (icr == ~0u || (!ep->msi && !(icr & E1K_ICR_ASSERTED)))
		return VFTEAM_IRQ_NONE;
	ew32(ep, E1K_IMC, ~0u);
	ew32(ep, E1K_ICR, icr);
	return VFTEAM_IRQ_POLL;		/* poll reads the link too */
}

static int e1k_quiesce(struct vfteam_plugin_port *pp,
		       struct vfteam_ring_checkpoint *cp)
{
	struct e1k_priv *ep = e1k_priv(pp);
	u32 tdh;

	ew32(ep, E1K_IMC, ~0u);
	/* let the device send what is on the ring: 20 ms at most */
	read_poll_timeout(er32, tdh, tdh == ~0u || tdh == ep->tx_next_use,
			  200, 20000, false, ep, E1K_TXQ + E1K_DH);
	ew32(ep, E1K_TCTL, er32(ep, E1K_TCTL) & ~E1K_TCTL_EN);
	ew32(ep, E1K_RCTL, er32(ep, E1K_RCTL) & ~E1K_RCTL_EN);
	if (er32(ep, E1K_STATUS) == ~0u)
		return -ENODEV;		/* surprise removal: no checkpoint */
	usleep_range(100, 200);		/* a frame being written lands */

	cp->nr_rings = 2;
	cp->ring[0].producer = ep->tx_next_use;
	cp->ring[0].consumer = er32(ep, E1K_TXQ + E1K_DH);
	cp->ring[1].producer = ep->rx_next_use;
	cp->ring[1].consumer = er32(ep, E1K_RXQ + E1K_DH);
	return 0;
}

static int e1k_restart(struct vfteam_plugin_port *pp,
		       const struct vfteam_ring_checkpoint *cp)
{
	struct e1k_priv *ep = e1k_priv(pp);
	struct pci_dev *pdev = vfteam_plugin_port_pci(pp);
	unsigned int mtu;
	int err;

	ep->msix = pdev->msix_enabled;
	ep->msi = pdev->msix_enabled || pdev->msi_enabled;

	if (cp) {
		/* resume on the same device where quiesce stopped it */
		if (cp->nr_rings != 2 ||
		    cp->ring[0].producer != ep->tx_next_use ||
		    cp->ring[1].producer != ep->rx_next_use ||
		    cp->ring[0].consumer >= E1K_TX_COUNT ||
		    cp->ring[1].consumer >= E1K_RX_COUNT)
			return -EINVAL;
		e1k_start(ep, cp->ring[0].consumer, cp->ring[1].consumer);
	} else {
		/* from scratch: empty rings, the first poll fills Rx */
		if (!ep->fresh) {
			err = e1k_reset(ep);
			if (err)
				return err;
		}
		e1k_free_bufs(pp, ep);
		memset(ep->tx.desc, 0, E1K_TX_COUNT * sizeof(struct e1k_tx_desc));
		memset(ep->rx.desc, 0, E1K_RX_COUNT * sizeof(struct e1k_rx_desc));
		ep->tx_next_use = 0;
		ep->tx_next_clean = 0;
		ep->rx_next_use = 0;
		ep->rx_next_clean = 0;
		ep->rx_discard = false;
		mtu = vfteam_plugin_port_mtu(pp);
		ep->max_frame = mtu + VLAN_ETH_HLEN;
		ep->rx_buf_len = e1k_rx_buf_len(mtu);
		e1k_start(ep, 0, 0);
	}
	e1k_link_check(pp, ep);
	return 0;
}

/*
 * The team's other unicast addresses in RAR 1-14, its multicast groups in
 * the hash table (bits 47:36 of the address, RCTL.MO 0), the flags in
 * RCTL.
 */
static int e1k_set_rx_filter(struct vfteam_plugin_port *pp,
			     const struct vfteam_rx_filter *f)
{
	struct e1k_priv *ep = e1k_priv(pp);
	u32 mta[E1K_MTA_WORDS] = { };
	unsigned int i, hash;
	u32 rctl;

	if (f->uc_count > E1K_RAR_ENTRIES - 1)
		return -ENOSPC;
	for (i = 1; i < E1K_RAR_ENTRIES; i++) {
		const u8 *a = f->uc[i - 1];

		ew32(ep, E1K_RAH0 + 8 * i, 0);	/* invalid while rewritten */
		if (i > f->uc_count)
			continue;
		ew32(ep, E1K_RAL0 + 8 * i, get_unaligned_le32(a));
		ew32(ep, E1K_RAH0 + 8 * i, get_unaligned_le16(a + 4) | E1K_RAH_AV);
	}
	for (i = 0; i < f->mc_count; i++) {
		hash = (f->mc[i][4] >> 4 | f->mc[i][5] << 4) & 0xfff;
		mta[hash >> 5] |= BIT(hash & 31);
	}
	for (i = 0; i < E1K_MTA_WORDS; i++)
		ew32(ep, E1K_MTA + 4 * i, mta[i]);

	rctl = er32(ep, E1K_RCTL) & ~(E1K_RCTL_UPE | E1K_RCTL_MPE);
	if (f->flags & VFTEAM_RX_PROMISC)
		rctl |= E1K_RCTL_UPE | E1K_RCTL_MPE;
	else if (f->flags & VFTEAM_RX_ALLMULTI)
		rctl |= E1K_RCTL_MPE;
	ew32(ep, E1K_RCTL, rctl);
	return 0;
}

/* any MTU up to max_mtu: restart(NULL), next, sizes the Rx buffers */
static int e1k_change_mtu(struct vfteam_plugin_port *pp, unsigned int mtu)
{
	return 0;
}

/*
 * The core no longer trusts the device: reset it here, and restart(NULL)
 * finds it fresh.  Announced, as a reset that costs the port its traffic
 * for a moment should be.
 */
static int e1k_reset_op(struct vfteam_plugin_port *pp,
			enum vfteam_reset_why why)
{
	struct e1k_priv *ep = e1k_priv(pp);

	dev_info(ep->dev, "%s: resetting the device (reason %d)\n",
		 vfteam_plugin_port_name(pp), why);
	return e1k_reset(ep);
}

/* GPRC, BPRC, MPRC, TPR, CRCERRS, ROC, GPTC, TPT, TSCTC: clear on read */
static const u32 e1k_hw_regs[E1K_HW_STATS] = {
	0x04074, 0x04078, 0x0407c, 0x040d0, 0x04000, 0x040ac, 0x04080, 0x040d4,
	0x040f8,
};

static const char e1k_hw_names[E1K_HW_STATS][ETH_GSTRING_LEN] = {
	"rx_good_packets", "rx_broadcast", "rx_multicast", "rx_total_packets",
	"rx_crc_errors", "rx_oversize", "tx_good_packets", "tx_total_packets",
	"tx_tso_contexts",
};

/* totals of what each read cleared */
static void e1k_get_hw_stats(struct vfteam_plugin_port *pp, u64 *data)
{
	struct e1k_priv *ep = e1k_priv(pp);
	u32 v;
	int i;

	for (i = 0; i < E1K_HW_STATS; i++) {
		v = er32(ep, e1k_hw_regs[i]);
		if (v != ~0u)
			ep->hw_stats[i] += v;
		data[i] = ep->hw_stats[i];
	}
}

/* at most one interrupt per @usecs: ITR, and EITR for the MSI-X vector */
static int e1k_set_irq_moderation(struct vfteam_plugin_port *pp,
				  unsigned int usecs)
{
	struct e1k_priv *ep = e1k_priv(pp);
	u64 itr = DIV_ROUND_UP_ULL((u64)usecs * NSEC_PER_USEC, 256);

	if (itr > 0xffff)
		return -EINVAL;
	ew32(ep, E1K_ITR, itr);
	ew32(ep, E1K_EITR0, itr);
	return 0;
}

static const struct vfteam_plugin_ops e1k_ops = {
	.size		= sizeof(struct vfteam_plugin_ops),
	.attach		= e1k_attach,
	.detach		= e1k_detach,
	.xmit		= e1k_xmit,
	.poll		= e1k_poll,
	.irq		= e1k_irq,
	.quiesce	= e1k_quiesce,
	.restart	= e1k_restart,
	.set_rx_filter	= e1k_set_rx_filter,
	.irq_enable	= e1k_irq_enable,
	.change_mtu	= e1k_change_mtu,
	.reset		= e1k_reset_op,
	.get_hw_stats	= e1k_get_hw_stats,
	.hw_stat_names	= e1k_hw_names,
	.n_hw_stats	= E1K_HW_STATS,
	.set_irq_moderation = e1k_set_irq_moderation,
};

static const struct pci_device_id e1k_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_INTEL, 0x10d3) },	/* 82574L */
	{ }
};
MODULE_DEVICE_TABLE(pci, e1k_ids);

static struct vfteam_plugin e1k_plugin = {
	.name		= "e1000e",
	.owner		= THIS_MODULE,
	.abi_version	= VFTEAM_PLUGIN_ABI_VERSION,
	.id_table	= e1k_ids,
	.priv_size	= sizeof(struct e1k_priv),
	.features	= NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			  NETIF_F_TSO | NETIF_F_TSO6,
	.max_mtu	= E1K_MAX_MTU,
	.ops		= &e1k_ops,
};
module_vfteam_plugin(e1k_plugin);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vfteam plugin for the Intel 82574L (e1000e) as a passthrough port");
