// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin for the Realtek RTL8139 (10ec:8139, QEMU "-device rtl8139"),
 * classic mode: four fixed Tx slots (TSD/TSAD 0-3), 2 KiB bounce buffers
 * xmit copies into; one 32 KiB Rx ring buffer (RBSTART, RCR.NOWRAP: a frame
 * runs on into slack past the end) of frames behind a 4-byte header (status
 * 15:0, length with CRC 31:16), 4-byte aligned; CAPR is "offset - 16".  No
 * offloads; INTx.  Facts from Linux's 8139too.c and QEMU's hw/net/rtl8139.c.
 *
 * irq masks IMR and acks ISR (write 1 to clear); poll acks the Rx causes
 * again, walks the buffer until CR.BUFE, reclaims Tx, reads MSR (LINKB set:
 * link *down*) and unmasks IMR last.  A TSD keeps a stale TOK until it is
 * rewritten, so xmit and the Tx reclaim share tx_lock (as 8139too does); a
 * full xmit takes back sent slots itself, poll reports them (tx_done).
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
#include <linux/spinlock.h>

#include <vfteam/plugin.h>
#include <vfteam/compat.h>

/* ---- registers (BAR 1, memory; BAR 0 is the same in I/O space) ---- */

#define RTL_IDR0	0x00	/* MAC, 32-bit writes, 9346CR unlocked */
#define RTL_MAR0	0x08	/* multicast hash filter, 8 bytes */
#define RTL_TSD0	0x10	/* Tx status of slot n: 0x10 + 4n */
#define   RTL_TSD_OWN			BIT(13)	/* DMA to the FIFO done */
#define   RTL_TSD_TUN			BIT(14)
#define   RTL_TSD_TOK			BIT(15)
#define   RTL_TSD_ERTXTH		(8 << 16) /* early Tx at 256 bytes */
#define   RTL_TSD_TABT			BIT(30)
#define RTL_TSAD0	0x20	/* Tx buffer address of slot n: 0x20 + 4n */
#define RTL_RBSTART	0x30
#define RTL_CR		0x37
#define   RTL_CR_BUFE			BIT(0)	/* Rx buffer empty */
#define   RTL_CR_TE			BIT(2)
#define   RTL_CR_RE			BIT(3)
#define   RTL_CR_RST			BIT(4)
#define RTL_CAPR	0x38	/* read pointer - 16 */
#define RTL_CBR		0x3a	/* write pointer */
#define RTL_IMR		0x3c
#define RTL_ISR		0x3e	/* write 1 to clear */
#define   RTL_INT_ROK			BIT(0)
#define   RTL_INT_RER			BIT(1)
#define   RTL_INT_TOK			BIT(2)
#define   RTL_INT_TER			BIT(3)
#define   RTL_INT_RXOVW			BIT(4)
#define   RTL_INT_LINK			BIT(5)	/* PUN/link change */
#define   RTL_INT_FOVW			BIT(6)
#define RTL_INT_RX	(RTL_INT_ROK | RTL_INT_RER | RTL_INT_RXOVW | RTL_INT_FOVW)
#define RTL_INTS	(RTL_INT_RX | RTL_INT_TOK | RTL_INT_TER | RTL_INT_LINK)
#define RTL_TCR		0x40	/* written only while CR.TE is set */
#define   RTL_TCR_VAL			(3 << 24 | 6 << 8) /* IFG 9.6us, DMA 1K */
#define RTL_RCR		0x44	/* writing it resets the Rx pointers */
#define   RTL_RCR_APM			BIT(1)	/* physical match */
#define   RTL_RCR_AM			BIT(2)	/* multicast (by MAR) */
#define   RTL_RCR_AB			BIT(3)	/* broadcast */
#define   RTL_RCR_NOWRAP		BIT(7)	/* run past the end */
#define   RTL_RCR_MXDMA			(7 << 8)  /* unlimited burst */
#define   RTL_RCR_RBLEN_32K		(2 << 11)
#define   RTL_RCR_RXFTH			(7 << 13) /* whole frame first */
#define RTL_9346CR	0x50
#define   RTL_9346CR_UNLOCK		0xc0	/* config register writes */
#define   RTL_9346CR_LOCK		0x00
#define RTL_MSR		0x58
#define   RTL_MSR_LINKB			BIT(2)	/* set: link down */

#define RTL_TX_SLOTS	4
#define RTL_TX_BUF	2048		/* one slot's buffer */
#define RTL_TX_MAX	1536		/* longest frame xmit takes */
#define RTL_RX_LEN	32768		/* RCR.RBLEN */
#define RTL_RX_ALLOC	(RTL_RX_LEN + 16 + 2048) /* + slack for NOWRAP */
#define RTL_RX_MIN	(ETH_ZLEN + ETH_FCS_LEN)
#define RTL_RX_MAX	1522		/* a VLAN-tagged frame + CRC */
#define RTL_RX_EARLY	0xfff0		/* length while early Rx copies */
#define RTL_RX_STAT_OK	BIT(0)

struct rtl_priv {
	void __iomem *regs;
	u8 mac[ETH_ALEN];
	int link;			/* last reported: 0, 1, -1 unknown */
	struct vfteam_ring tx;		/* RTL_TX_SLOTS x RTL_TX_BUF */
	struct vfteam_ring rx;		/* 1 x RTL_RX_ALLOC */
	spinlock_t tx_lock;		/* the tx_* below, the TSD writes */
	unsigned int tx_next;		/* free-running: next slot to fill */
	unsigned int tx_dirty;		/* free-running: next to reclaim */
	unsigned int tx_len[RTL_TX_SLOTS];
	unsigned int tx_sent, tx_bytes;	/* reclaimed, not yet reported */
	unsigned int rx_off;		/* next frame's header in rx */
};

static struct rtl_priv *rtl_priv(struct vfteam_plugin_port *pp)
{
	return vfteam_plugin_port_priv_ptr(pp, struct rtl_priv);
}

#define rr8(rp, reg)		ioread8((rp)->regs + (reg))
#define rr16(rp, reg)		ioread16((rp)->regs + (reg))
#define rr32(rp, reg)		ioread32((rp)->regs + (reg))
#define rw8(rp, reg, v)		iowrite8((v), (rp)->regs + (reg))
#define rw16(rp, reg, v)	iowrite16((v), (rp)->regs + (reg))
#define rw32(rp, reg, v)	iowrite32((v), (rp)->regs + (reg))

/* software reset: DMA off, IMR 0, Tx slots host-owned; may sleep */
static int rtl_reset(struct rtl_priv *rp)
{
	u8 cr;

	rw16(rp, RTL_IMR, 0);
	rw8(rp, RTL_CR, RTL_CR_RST);
	return read_poll_timeout(rr8, cr, cr != 0xff && !(cr & RTL_CR_RST),
				 100, 10000, false, rp, RTL_CR);
}

static void rtl_link_check(struct vfteam_plugin_port *pp, struct rtl_priv *rp)
{
	u8 msr = rr8(rp, RTL_MSR);

	if (msr != 0xff && (!(msr & RTL_MSR_LINKB)) != rp->link) {
		rp->link = !(msr & RTL_MSR_LINKB);
		vfteam_plugin_port_link_set(pp, rp->link);
	}
}

/* from scratch after rtl_reset: MAC, filters, buffers, DMA and irq on */
static void rtl_start(struct rtl_priv *rp)
{
	int i;

	rw8(rp, RTL_9346CR, RTL_9346CR_UNLOCK);
	rw32(rp, RTL_IDR0, get_unaligned_le32(rp->mac));
	rw32(rp, RTL_IDR0 + 4, get_unaligned_le16(rp->mac + 4));
	rw8(rp, RTL_9346CR, RTL_9346CR_LOCK);
	/* all multicast: the core passes no multicast list */
	rw32(rp, RTL_MAR0, ~0u);
	rw32(rp, RTL_MAR0 + 4, ~0u);
	for (i = 0; i < RTL_TX_SLOTS; i++)	/* 32-bit DMA: see attach */
		rw32(rp, RTL_TSAD0 + 4 * i, rp->tx.dma + i * RTL_TX_BUF);
	rw32(rp, RTL_RBSTART, rp->rx.dma);
	/* TCR is only taken with TE on; RCR resets CBR/CAPR to 0 */
	rw8(rp, RTL_CR, RTL_CR_RE | RTL_CR_TE);
	rw32(rp, RTL_RCR, RTL_RCR_APM | RTL_RCR_AM | RTL_RCR_AB |
	     RTL_RCR_NOWRAP | RTL_RCR_MXDMA | RTL_RCR_RBLEN_32K |
	     RTL_RCR_RXFTH);
	rw32(rp, RTL_TCR, RTL_TCR_VAL);
	rw16(rp, RTL_CAPR, (u16)(rp->rx_off - 16));
	rw16(rp, RTL_ISR, 0xffff);
	rw16(rp, RTL_IMR, RTL_INTS);
}

/* ---- ops ---- */

static int rtl_attach(struct vfteam_plugin_port *pp)
{
	struct rtl_priv *rp = rtl_priv(pp);
	struct pci_dev *pdev = vfteam_plugin_port_pci(pp);
	int err, i;

	spin_lock_init(&rp->tx_lock);
	rp->regs = vfteam_plugin_port_iomap(pp, 1);
	if (!rp->regs)
		rp->regs = vfteam_plugin_port_iomap(pp, 0);
	if (!rp->regs)
		return -ENOMEM;
	/* TSAD and RBSTART hold 32-bit bus addresses; the core set 64 */
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (err)
		return err;

	err = rtl_reset(rp);
	if (err)
		return err;
	for (i = 0; i < ETH_ALEN; i++)
		rp->mac[i] = rr8(rp, RTL_IDR0 + i);
	err = vfteam_plugin_port_set_mac(pp, rp->mac);
	if (!err)
		err = vfteam_ring_alloc(pp, &rp->tx, RTL_TX_SLOTS, RTL_TX_BUF);
	if (!err)
		err = vfteam_ring_alloc(pp, &rp->rx, 1, RTL_RX_ALLOC);
	if (err)
		return err;	/* the core frees the rings */

	return 0;
}

static void rtl_detach(struct vfteam_plugin_port *pp)
{
	struct rtl_priv *rp = rtl_priv(pp);

	rw16(rp, RTL_IMR, 0);	/* quiesced already: make sure of it */
	rw8(rp, RTL_CR, 0);
	rr8(rp, RTL_CR);
	vfteam_ring_free(pp, &rp->tx);
	vfteam_ring_free(pp, &rp->rx);
}

/* free the slots the device is done with; tx_lock held */
static void rtl_reap_tx(struct rtl_priv *rp)
{
	unsigned int slot;
	u32 tsd;

	while (rp->tx_dirty != rp->tx_next) {
		slot = rp->tx_dirty % RTL_TX_SLOTS;
		tsd = rr32(rp, RTL_TSD0 + 4 * slot);
		if (tsd == ~0u ||
		    !(tsd & (RTL_TSD_TOK | RTL_TSD_TUN | RTL_TSD_TABT)))
			break;
		if (tsd & RTL_TSD_TOK) {
			rp->tx_sent++;
			rp->tx_bytes += rp->tx_len[slot];
		}
		rp->tx_dirty++;
	}
}

/* one queue pair (max_queues 0): @q is always 0 */
static enum vfteam_tx rtl_xmit(struct vfteam_plugin_port *pp, unsigned int q,
			       struct sk_buff *skb)
{
	struct rtl_priv *rp = rtl_priv(pp);
	unsigned int len = skb->len, slot;
	u8 *buf;

	if (unlikely(len > RTL_TX_MAX))
		goto decline;
	spin_lock(&rp->tx_lock);
	/* all four busy: take back those already sent (poll reports them) */
	if (rp->tx_next - rp->tx_dirty >= RTL_TX_SLOTS)
		rtl_reap_tx(rp);
	if (rp->tx_next - rp->tx_dirty >= RTL_TX_SLOTS) {
		spin_unlock(&rp->tx_lock);
		return VFTEAM_TX_BUSY;	/* again after poll's tx_done */
	}
	slot = rp->tx_next % RTL_TX_SLOTS;
	buf = rp->tx.desc + slot * RTL_TX_BUF;
	skb_copy_bits(skb, 0, buf, len);
	if (len < ETH_ZLEN) {		/* the chip does not pad */
		memset(buf + len, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	rp->tx_len[slot] = skb->len;
	skb_tx_timestamp(skb);
	wmb();				/* the buffer before the device reads it */
	rw32(rp, RTL_TSD0 + 4 * slot, RTL_TSD_ERTXTH | len);
	rp->tx_next++;
	spin_unlock(&rp->tx_lock);
	dev_consume_skb_any(skb);
	return VFTEAM_TX_OK;

decline:
	return VFTEAM_TX_DECLINE;
}

/* poll: reclaim, and report what xmit or poll reclaimed */
static void rtl_clean_tx(struct vfteam_plugin_port *pp, struct rtl_priv *rp)
{
	unsigned int pkts, bytes;

	spin_lock(&rp->tx_lock);
	rtl_reap_tx(rp);
	pkts = rp->tx_sent;
	bytes = rp->tx_bytes;
	rp->tx_sent = 0;
	rp->tx_bytes = 0;
	spin_unlock(&rp->tx_lock);
	if (pkts)
		vfteam_plugin_port_tx_done(pp, 0, pkts, bytes);
}

/* a bad header: start the Rx buffer over at 0 (an RCR write resets it) */
static void rtl_rx_reset(struct rtl_priv *rp)
{
	rw8(rp, RTL_CR, RTL_CR_TE);
	rw32(rp, RTL_RCR, rr32(rp, RTL_RCR));
	rw8(rp, RTL_CR, RTL_CR_RE | RTL_CR_TE);
	rp->rx_off = 0;
	rw16(rp, RTL_CAPR, (u16)-16);
}

static int rtl_clean_rx(struct vfteam_plugin_port *pp, struct rtl_priv *rp,
			int budget)
{
	unsigned int off = rp->rx_off, status, len;
	struct sk_buff *skb;
	int done = 0;
	u32 hdr;

	/* frames landing after this ack raise ROK again */
	rw16(rp, RTL_ISR, RTL_INT_RX);
	while (done < budget && !(rr8(rp, RTL_CR) & RTL_CR_BUFE)) {
		dma_rmb();		/* the frame after CBR moved past it */
		hdr = le32_to_cpu(*(__le32 *)(rp->rx.desc + off));
		status = hdr & 0xffff;
		len = hdr >> 16;
		if (len == RTL_RX_EARLY)
			break;
		if (unlikely(!(status & RTL_RX_STAT_OK) || len < RTL_RX_MIN ||
			     len > RTL_RX_MAX)) {
			vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_ERRORS, 1);
			rtl_rx_reset(rp);
			return done;
		}
		skb = vfteam_plugin_port_alloc_rx_skb(pp, 0, len - ETH_FCS_LEN);
		if (likely(skb)) {
			skb_put_data(skb, rp->rx.desc + off + 4,
				     len - ETH_FCS_LEN);
			vfteam_plugin_port_rx(pp, 0, skb);
		} else {
			vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_DROPPED, 1);
		}
		done++;
		off = ((off + 4 + len + 3) & ~3u) % RTL_RX_LEN;
		rp->rx_off = off;
		rw16(rp, RTL_CAPR, (u16)(off - 16));
	}
	return done;
}

static int rtl_poll(struct vfteam_plugin_port *pp, unsigned int q, int budget)
{
	struct rtl_priv *rp = rtl_priv(pp);
	int done;

	rtl_clean_tx(pp, rp);
	if (!budget)
		return 0;
	done = rtl_clean_rx(pp, rp, budget);
	if (done < budget) {
		rtl_link_check(pp, rp);
		rw16(rp, RTL_IMR, RTL_INTS);
	}
	return done;
}

static enum vfteam_irq rtl_irq(struct vfteam_plugin_port *pp, unsigned int q)
{
	struct rtl_priv *rp = rtl_priv(pp);
	u16 isr = rr16(rp, RTL_ISR);

	/* INTx may be shared: only unmasked causes are this device's */
	if (!isr || isr == 0xffff || !(isr & rr16(rp, RTL_IMR)))
		return VFTEAM_IRQ_NONE;
	rw16(rp, RTL_IMR, 0);
	rw16(rp, RTL_ISR, isr);
	return VFTEAM_IRQ_POLL;		/* poll reads the link too */
}

static int rtl_quiesce(struct vfteam_plugin_port *pp,
		       struct vfteam_ring_checkpoint *cp)
{
	struct rtl_priv *rp = rtl_priv(pp);
	unsigned int slot;
	u32 tsd;

	rw16(rp, RTL_IMR, 0);
	/* let the device take what is in the slots: 20 ms at most */
	if (rp->tx_next != rp->tx_dirty) {
		slot = (rp->tx_next - 1) % RTL_TX_SLOTS;
		read_poll_timeout(rr32, tsd, tsd == ~0u || (tsd & RTL_TSD_OWN),
				  200, 20000, false, rp, RTL_TSD0 + 4 * slot);
	}
	rw8(rp, RTL_CR, 0);
	if (rr8(rp, RTL_CR) == 0xff)
		return -ENODEV;		/* surprise removal: no checkpoint */
	rw16(rp, RTL_ISR, 0xffff);
	usleep_range(100, 200);		/* a frame being written lands */

	cp->nr_rings = 2;
	cp->ring[0].producer = rp->tx_next;
	cp->ring[0].consumer = rp->tx_dirty;
	cp->ring[1].producer = rr16(rp, RTL_CBR);
	cp->ring[1].consumer = rp->rx_off;
	return 0;
}

static int rtl_restart(struct vfteam_plugin_port *pp,
		       const struct vfteam_ring_checkpoint *cp)
{
	struct rtl_priv *rp = rtl_priv(pp);
	int err;

	rp->link = -1;
	/*
	 * Resume: clearing RE/TE kept CBR, CAPR, the Tx slot pointer, RCR and
	 * TCR (QEMU resets Rx pointers only on an RCR write or a reset), so RE
	 * and TE on again continue where quiesce stopped, if the device still
	 * agrees (RBSTART, CAPR + 16).  If not (it was reset), -ESTALE: the
	 * core then starts it from scratch, and counts no resume.
	 */
	if (cp) {
		if (cp->nr_rings != 2 || cp->ring[0].producer != rp->tx_next ||
		    cp->ring[0].consumer != rp->tx_dirty ||
		    cp->ring[1].consumer != rp->rx_off ||
		    rr32(rp, RTL_RBSTART) != (u32)rp->rx.dma ||
		    ((rr16(rp, RTL_CAPR) + 16) & (RTL_RX_LEN - 1)) != rp->rx_off)
			return -ESTALE;
		rw8(rp, RTL_CR, RTL_CR_RE | RTL_CR_TE);
		rw16(rp, RTL_IMR, RTL_INTS);
	} else {
		err = rtl_reset(rp);
		if (err)
			return err;
		rp->tx_next = 0;
		rp->tx_dirty = 0;
		rp->tx_sent = 0;
		rp->tx_bytes = 0;
		rp->rx_off = 0;
		rtl_start(rp);
	}
	rtl_link_check(pp, rp);
	return 0;
}

static const struct vfteam_plugin_ops rtl_ops = {
	.size		= sizeof(struct vfteam_plugin_ops),
	.attach		= rtl_attach,
	.detach		= rtl_detach,
	.xmit		= rtl_xmit,
	.poll		= rtl_poll,
	.irq		= rtl_irq,
	.quiesce	= rtl_quiesce,
	.restart	= rtl_restart,
};

static const struct pci_device_id rtl_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REALTEK, 0x8139) },
	{ }
};
MODULE_DEVICE_TABLE(pci, rtl_ids);

static struct vfteam_plugin rtl_plugin = {
	.name		= "rtl8139",
	.owner		= THIS_MODULE,
	.abi_version	= VFTEAM_PLUGIN_ABI_VERSION,
	.id_table	= rtl_ids,
	.priv_size	= sizeof(struct rtl_priv),
	.max_mtu	= ETH_DATA_LEN,
	.ops		= &rtl_ops,
};
module_vfteam_plugin(rtl_plugin);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vfteam plugin for the Realtek RTL8139 as a passthrough port");
