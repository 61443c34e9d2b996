// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin for the Intel 82574L (8086:10d3, QEMU's "-device e1000e"):
 * one Tx and one Rx ring of legacy descriptors, 2 KiB Rx buffers, no
 * offloads, one interrupt vector (MSI-X, MSI or INTx, as the core got it),
 * and the Rx filter (receive addresses 1-14, multicast table, UPE/MPE).
 * Facts from Linux's e1000e (regs.h, defines.h, hw.h) and QEMU's
 * hw/net/e1000e_core.c.
 *
 * irq masks all sources (IMC) and acks what it read by writing it back to
 * ICR (the 82574 clears ICR on read only while asserting or with IMS 0);
 * poll unmasks them (IMS).  With MSI-X, IVAR routes Rx 0, Tx 0 and "other"
 * (link) to vector 0.  STATUS.LU is read at the end of each poll (every
 * interrupt schedules one; poll is the only context that reports the link),
 * so a link change is seen on any interrupt, even if its own is lost.
 *
 * Locking: none of its own; the core serialises the ops (plugin.h).  The Tx
 * ring has one producer (xmit, under the core's tx lock) and one consumer
 * (poll), which publish tx_next_use/tx_next_clean with release/acquire.
 * The Rx ring is poll's, and quiesce/restart/detach's, never at once.
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

/* ---- registers (BAR 0) ---- */

#define E1K_CTRL	0x00000
#define   E1K_CTRL_GIO_MASTER_DISABLE	BIT(2)
#define   E1K_CTRL_SLU			BIT(6)	/* set link up */
#define   E1K_CTRL_RST			BIT(26)
#define E1K_STATUS	0x00008
#define   E1K_STATUS_LU			BIT(1)	/* link up */
#define   E1K_STATUS_GIO_MASTER_ENABLE	BIT(19)
#define E1K_EECD	0x00010
#define   E1K_EECD_AUTO_RD		BIT(9)	/* NVM read after reset */
#define E1K_EERD	0x00014		/* NVM word: addr 15:2, data 31:16 */
#define   E1K_EERD_START		BIT(0)
#define   E1K_EERD_DONE			BIT(1)
#define E1K_CTRL_EXT	0x00018
#define   E1K_CTRL_EXT_AUTO_MASK	(BIT(24) | BIT(27))	/* EIAME, IAME */
#define E1K_ICR		0x000c0		/* cause; IMS sets, IMC clears the mask */
#define E1K_IMS		0x000d0
#define E1K_IMC		0x000d8
#define   E1K_ICR_TXDW			BIT(0)	/* Tx descriptor written back */
#define   E1K_ICR_LSC			BIT(2)	/* link status change */
#define   E1K_ICR_RXO			BIT(6)	/* Rx overrun */
#define   E1K_ICR_RXT0			BIT(7)	/* Rx timer */
#define   E1K_ICR_RXQ0			BIT(20)	/* MSI-X: Rx queue 0 */
#define   E1K_ICR_TXQ0			BIT(22)	/* MSI-X: Tx queue 0 */
#define   E1K_ICR_OTHER			BIT(24)	/* MSI-X: other causes */
#define   E1K_ICR_ASSERTED		BIT(31)
#define E1K_IRQ_SOURCES	(E1K_ICR_TXDW | E1K_ICR_LSC | E1K_ICR_RXO | \
			 E1K_ICR_RXT0 | E1K_ICR_RXQ0 | E1K_ICR_TXQ0 | \
			 E1K_ICR_OTHER)
#define E1K_IVAR	0x000e4	/* MSI-X vector of Rx 0, Tx 0 (8), other (16) */
#define   E1K_IVAR_VECTOR0	(0x8 | 0x8 << 8 | 0x8 << 16)	/* valid, 0 */
#define E1K_RCTL	0x00100	/* BSIZE 0 = 2048-byte buffers, DTYP 0 */
#define   E1K_RCTL_EN			BIT(1)
#define   E1K_RCTL_UPE			BIT(3)	/* all unicast */
#define   E1K_RCTL_MPE			BIT(4)	/* all multicast */
#define   E1K_RCTL_BAM			BIT(15)	/* broadcast */
#define   E1K_RCTL_SECRC		BIT(26)	/* strip the CRC */
#define E1K_TCTL	0x00400
#define   E1K_TCTL_EN			BIT(1)
#define   E1K_TCTL_PSP			BIT(3)	/* pad short frames */
#define   E1K_TCTL_CT_COLD		(15 << 4 | 63 << 12)	/* collisions */
#define   E1K_TCTL_RTLC			BIT(24)
#define E1K_RXQ		0x02800	/* Rx queue 0 registers, below */
#define E1K_TXQ		0x03800	/* Tx queue 0 registers, below */
#define   E1K_DBAL			0x00
#define   E1K_DBAH			0x04
#define   E1K_DLEN			0x08
#define   E1K_DH			0x10
#define   E1K_DT			0x18
#define E1K_RFCTL	0x05008
#define   E1K_RFCTL_EXTEN		BIT(15)	/* extended Rx descriptors */
#define E1K_MPC		0x04010	/* missed packets, clear on read */
#define E1K_MTA		0x05200	/* multicast hash table, 128 words */
#define   E1K_MTA_WORDS			128
#define E1K_RAL0	0x05400	/* receive address 0; n at 8 * n */
#define E1K_RAH0	0x05404
#define   E1K_RAH_AV			BIT(31)
#define   E1K_RAR_ENTRIES		15	/* the 82574L's; 0 is the MAC */

/* ---- legacy descriptors ---- */

#define E1K_TXD_CMD_EOP		BIT(24)
#define E1K_TXD_CMD_IFCS	BIT(25)
#define E1K_TXD_CMD_RS		BIT(27)
#define E1K_TXD_STAT_DD		BIT(0)
struct e1k_tx_desc {
	__le64 addr;
	__le32 lower;		/* length 15:0, cso 23:16, cmd 31:24 */
	__le32 upper;		/* status 7:0, css 15:8, special 31:16 */
};

#define E1K_RXD_STAT_DD		BIT(0)
#define E1K_RXD_STAT_EOP	BIT(1)
#define E1K_RXD_ERR_FRAME	0x97	/* CE, SE, SEQ, CXE, RXE */
struct e1k_rx_desc {
	__le64 addr;
	__le16 length;
	__le16 csum;
	u8 status;
	u8 errors;
	__le16 special;
};

#define E1K_TX_COUNT	256		/* powers of two, multiples of 8 */
#define E1K_RX_COUNT	256
#define E1K_RX_BUF	2048
#define E1K_NEXT(i, n)	(((i) + 1) & ((n) - 1))

struct e1k_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

struct e1k_priv {
	void __iomem *regs;		/* BAR 0 */
	struct device *dev;		/* for the DMA API */
	u8 mac[ETH_ALEN];
	bool msi;			/* MSI or MSI-X: the vector is ours */
	bool msix;			/* MSI-X: route causes with IVAR */
	struct vfteam_ring tx;
	struct e1k_buf tx_buf[E1K_TX_COUNT];
	unsigned int tx_next_use;	/* xmit writes (release) */
	unsigned int tx_next_clean;	/* poll writes (release) */
	struct vfteam_ring rx;
	struct e1k_buf rx_buf[E1K_RX_COUNT];
	unsigned int rx_next_use;	/* = RDT: first slot without a buffer */
	unsigned int rx_next_clean;	/* next slot the device fills */
	bool rx_discard;		/* poll: dropping until the next EOP */
};

static struct e1k_priv *e1k_priv(struct vfteam_plugin_port *pp)
{
	return vfteam_plugin_port_priv_ptr(pp, struct e1k_priv);
}

#define er32(ep, reg)		ioread32((ep)->regs + (reg))
#define ew32(ep, reg, val)	iowrite32((val), (ep)->regs + (reg))

/* stop DMA, mask interrupts and reset the MAC; may sleep */
static int e1k_reset(struct e1k_priv *ep)
{
	u32 ctrl, v;
	int err;

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

/* rings at these head indices (the tails are ours), DMA and irq sources on */
static void e1k_start(struct e1k_priv *ep, u32 tdh, u32 rdh)
{
	ew32(ep, E1K_RAL0, get_unaligned_le32(ep->mac));
	ew32(ep, E1K_RAH0, get_unaligned_le16(ep->mac + 4) | E1K_RAH_AV);
	ew32(ep, E1K_CTRL_EXT, er32(ep, E1K_CTRL_EXT) & ~E1K_CTRL_EXT_AUTO_MASK);
	ew32(ep, E1K_IVAR, ep->msix ? E1K_IVAR_VECTOR0 : 0);
	ew32(ep, E1K_RFCTL, er32(ep, E1K_RFCTL) & ~E1K_RFCTL_EXTEN);
	e1k_ring_regs(ep, E1K_TXQ, &ep->tx, tdh, ep->tx_next_use);
	e1k_ring_regs(ep, E1K_RXQ, &ep->rx, rdh, ep->rx_next_use);
	ew32(ep, E1K_TCTL, E1K_TCTL_EN | E1K_TCTL_PSP | E1K_TCTL_CT_COLD |
	     E1K_TCTL_RTLC);
	ew32(ep, E1K_RCTL, E1K_RCTL_EN | E1K_RCTL_BAM | E1K_RCTL_MPE |
	     E1K_RCTL_SECRC);
	ew32(ep, E1K_IMS, E1K_IRQ_SOURCES);
}

static struct sk_buff *e1k_unmap(struct e1k_priv *ep, struct e1k_buf *b,
				 enum dma_data_direction dir)
{
	struct sk_buff *skb = b->skb;

	dma_unmap_single(ep->dev, b->dma, b->len, dir);
	b->skb = NULL;
	return skb;
}

/*
 * unmap and free every buffer on both rings, the device stopped; a Tx
 * frame whose descriptor is not done was never sent
 */
static void e1k_free_bufs(struct vfteam_plugin_port *pp, struct e1k_priv *ep)
{
	struct e1k_tx_desc *d = ep->tx.desc;
	unsigned int unsent = 0;
	int i;

	for (i = 0; i < E1K_TX_COUNT; i++)
		if (ep->tx_buf[i].skb) {
			dev_kfree_skb_any(e1k_unmap(ep, &ep->tx_buf[i],
						    DMA_TO_DEVICE));
			if (!(le32_to_cpu(d[i].upper) & E1K_TXD_STAT_DD))
				unsent++;
		}
	if (unsent)
		vfteam_plugin_port_count(pp, VFTEAM_STAT_TX_DROPPED, unsent);
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

static enum vfteam_tx e1k_xmit(struct vfteam_plugin_port *pp, struct sk_buff *skb)
{
	struct e1k_priv *ep = e1k_priv(pp);
	unsigned int i = ep->tx_next_use, next = E1K_NEXT(i, E1K_TX_COUNT);
	struct e1k_tx_desc *d = (struct e1k_tx_desc *)ep->tx.desc + i;
	dma_addr_t dma;

	/* more than one descriptor's worth: not for this plugin */
	if (unlikely(skb_is_nonlinear(skb) || skb->len > ETH_FRAME_LEN + 4))
		goto decline;
	/* full (one slot stays empty; the acquire pairs with poll's release) */
	if (unlikely(next == smp_load_acquire(&ep->tx_next_clean)))
		return VFTEAM_TX_BUSY;
	dma = dma_map_single(ep->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (unlikely(dma_mapping_error(ep->dev, dma)))
		goto decline;

	ep->tx_buf[i] = (struct e1k_buf){ skb, dma, skb->len };
	d->addr = cpu_to_le64(dma);
	d->lower = cpu_to_le32(skb->len | E1K_TXD_CMD_EOP | E1K_TXD_CMD_IFCS |
			       E1K_TXD_CMD_RS);
	d->upper = 0;
	skb_tx_timestamp(skb);

	/* poll reads the slot's skb only after it sees this index */
	smp_store_release(&ep->tx_next_use, next);
	ew32(ep, E1K_TXQ + E1K_DT, next);	/* after the descriptor */
	return VFTEAM_TX_OK;

decline:
	return VFTEAM_TX_DECLINE;
}

static void e1k_clean_tx(struct vfteam_plugin_port *pp, struct e1k_priv *ep,
			 int budget)
{
	unsigned int i = ep->tx_next_clean;
	/* pairs with xmit's release: the slots before it are filled in */
	unsigned int end = smp_load_acquire(&ep->tx_next_use);
	unsigned int pkts = 0, bytes = 0;
	struct e1k_tx_desc *d;
	struct e1k_buf *b;

	while (i != end) {
		d = (struct e1k_tx_desc *)ep->tx.desc + i;
		if (!(le32_to_cpu(READ_ONCE(d->upper)) & E1K_TXD_STAT_DD))
			break;
		b = &ep->tx_buf[i];
		pkts++;
		bytes += b->len;
		napi_consume_skb(e1k_unmap(ep, b, DMA_TO_DEVICE), budget);
		i = E1K_NEXT(i, E1K_TX_COUNT);
	}
	/* xmit reuses the slots before it only after it sees this index */
	smp_store_release(&ep->tx_next_clean, i);
	if (pkts)
		vfteam_plugin_port_tx_done(pp, pkts, bytes);
}

/* give the device a buffer in every free slot but one; poll only */
static void e1k_refill_rx(struct vfteam_plugin_port *pp, struct e1k_priv *ep)
{
	unsigned int i = ep->rx_next_use, start = i;
	struct e1k_rx_desc *d;
	struct sk_buff *skb;
	dma_addr_t dma;

	while (E1K_NEXT(i, E1K_RX_COUNT) != ep->rx_next_clean) {
		skb = vfteam_plugin_port_alloc_rx_skb(pp, E1K_RX_BUF);
		if (unlikely(!skb))
			break;
		dma = dma_map_single(ep->dev, skb->data, E1K_RX_BUF,
				     DMA_FROM_DEVICE);
		if (unlikely(dma_mapping_error(ep->dev, dma))) {
			dev_kfree_skb_any(skb);
			break;
		}
		ep->rx_buf[i] = (struct e1k_buf){ skb, dma, E1K_RX_BUF };
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
			     !(status & E1K_RXD_STAT_EOP) || len > E1K_RX_BUF ||
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
		ew32(ep, E1K_IMS, E1K_IRQ_SOURCES);
	}
	return done;
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
		err = e1k_reset(ep);
		if (err)
			return err;
		e1k_free_bufs(pp, ep);
		memset(ep->tx.desc, 0, E1K_TX_COUNT * sizeof(struct e1k_tx_desc));
		memset(ep->rx.desc, 0, E1K_RX_COUNT * sizeof(struct e1k_rx_desc));
		ep->tx_next_use = 0;
		ep->tx_next_clean = 0;
		ep->rx_next_use = 0;
		ep->rx_next_clean = 0;
		ep->rx_discard = false;
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
	.max_mtu	= ETH_DATA_LEN,
	.ops		= &e1k_ops,
};
module_vfteam_plugin(e1k_plugin);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vfteam plugin for the Intel 82574L (e1000e) as a passthrough port");
