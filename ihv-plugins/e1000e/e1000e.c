// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin for the Intel 82574L (8086:10d3, QEMU's "-device e1000e"):
 * setup, Rx, interrupts and the ops; transmit, with TCP/UDP checksum
 * offload, TSO and scatter-gather, is tx.c's.  The device's two Tx/Rx
 * queue pairs, one buffer per frame (2 KiB, up to 16 KiB for jumbo frames:
 * sized from the MTU at each restart from scratch), and the Rx filter
 * (receive addresses 1-14, multicast table, UPE/MPE).  Rx descriptors are
 * the extended ones only: RSS needs them, and one format is less code than
 * two; with RXCSUM.PCSD they carry the RSS hash beside the checksum verdict.
 * Facts from Linux's e1000e and QEMU's hw/net/e1000e_core.c.
 *
 * Interrupts, as the core got them (vfteam_plugin_port_vectors()):
 * - three MSI-X vectors (ep->other): IVAR sends queue q's Rx and Tx causes
 *   to vector q, so each queue polls where its vector runs, and the rest
 *   (link, overrun) to vector 2.  EIAC clears and masks a queue's causes
 *   as its vector is sent (IAME 0), so its irq reads nothing (ICR is shared
 *   by the vectors) and irq_enable unmasks its two causes.  The other
 *   vector clears OTHER by writing ICR (QEMU's ICR read does not under
 *   MSI-X), reads the link, and unmasks OTHER.
 * - one vector (MSI-X without three, MSI or INTx), one queue: irq masks
 *   all sources and acks what it read by writing it back to ICR (the 82574
 *   clears ICR on read only while asserting or with IMS 0); irq_enable
 *   unmasks them; poll reads the link, so any interrupt reports a change.
 * RSS is off at restart (MRQC 0) until set_rss.  QEMU holds back every
 * frame (it does not drop them) while the ring RSS picks is empty: after a
 * restart from scratch only until the first polls fill the rings, and a
 * poll whose ring has no buffer at all (no memory) polls again.  With one
 * queue (ethtool -L 1), queue 1's rings are off (length 0) and RSS too.
 * A checkpoint holds the Tx and Rx ring of each queue in use; one of
 * another queue count is stale (ethtool -L came in between).
 *
 * Locking: none of its own; the core serialises the ops (plugin.h).  The Tx
 * rings' producer and consumer: see tx.c.  An Rx ring is its queue's poll's,
 * and quiesce/restart/detach's, never at once.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/skbuff.h>

#include <vfteam/plugin.h>
#include <vfteam/compat.h>

#include "e1k.h"

/* a checkpoint holds two rings per queue in use: its Tx, then its Rx */
#define E1K_CP_TX(q)	(2 * (q))
#define E1K_CP_RX(q)	(2 * (q) + 1)

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
	static const u32 speed[] = { SPEED_10, SPEED_100, SPEED_1000, SPEED_1000 };
	u32 status = er32(ep, E1K_STATUS);

	if (status == ~0u)
		return;
	if (status & E1K_STATUS_LU)
		vfteam_plugin_port_link_speed(pp, speed[FIELD_GET(E1K_STATUS_SPEED, status)],
					      status & E1K_STATUS_FD ? DUPLEX_FULL :
					      DUPLEX_HALF);
	vfteam_plugin_port_link_set(pp, status & E1K_STATUS_LU);
}

/* a ring's registers at @base: at these indices, or off (@r NULL) */
static void e1k_ring_regs(struct e1k_priv *ep, u32 base,
			  const struct vfteam_ring *r, u32 head, u32 tail)
{
	ew32(ep, base + E1K_DBAL, r ? lower_32_bits(r->dma) : 0);
	ew32(ep, base + E1K_DBAH, r ? upper_32_bits(r->dma) : 0);
	ew32(ep, base + E1K_DLEN, r ? r->count * r->desc_size : 0);
	ew32(ep, base + E1K_DH, head);
	ew32(ep, base + E1K_DT, tail);
}

/* RCTL's size for @len: 0 for 2 KiB, else BSEX and BSIZE 3, 2, 1 (4-16 KiB) */
static u32 e1k_rctl_size(unsigned int len)
{
	if (len <= E1K_RX_BUF_MIN)
		return 0;
	return E1K_RCTL_BSEX | E1K_RCTL_LPE |
	       (4 - ilog2(len / E1K_RX_BUF_MIN)) << 16;
}

/* the smallest buffer RCTL offers for a frame of the team's MTU */
static unsigned int e1k_rx_buf_len(unsigned int mtu)
{
	unsigned int len = E1K_RX_BUF_MIN;

	while (len < mtu + VLAN_ETH_HLEN && len < E1K_RX_BUF_MAX)
		len <<= 1;
	return len;
}

/*
 * The rings of the queues in use at the checkpoint's heads (else 0; the
 * tails are ours; an unused queue's are 0 since restart(NULL)), the other
 * queue's off, DMA and interrupt sources on, RSS off.
 */
static void e1k_start(struct e1k_priv *ep,
		      const struct vfteam_ring_checkpoint *cp)
{
	u32 causes = 0;
	unsigned int q;
	bool on;

	ew32(ep, E1K_RAL0, get_unaligned_le32(ep->mac));
	ew32(ep, E1K_RAH0, get_unaligned_le16(ep->mac + 4) | E1K_RAH_AV);
	ew32(ep, E1K_CTRL_EXT, er32(ep, E1K_CTRL_EXT) & ~E1K_CTRL_EXT_AUTO_MASK);
	ew32(ep, E1K_IVAR, ep->other ? E1K_IVAR_QUEUES :
			   ep->msix ? E1K_IVAR_VECTOR0 : 0);
	ew32(ep, E1K_RFCTL, er32(ep, E1K_RFCTL) | E1K_RFCTL_EXTEN |
	     E1K_RFCTL_ACK_DIS);
	ew32(ep, E1K_RXCSUM, E1K_RXCSUM_IPOFL | E1K_RXCSUM_TUOFL |
	     E1K_RXCSUM_PCSD);
	ew32(ep, E1K_MRQC, 0);
	for (q = 0; q < E1K_QUEUES; q++) {
		on = q < ep->nr_queues;
		e1k_ring_regs(ep, E1K_TXQ(q), on ? &ep->txq[q].ring : NULL,
			      on && cp ? cp->ring[E1K_CP_TX(q)].consumer : 0,
			      ep->txq[q].tx.next_use);
		e1k_ring_regs(ep, E1K_RXQ(q), on ? &ep->rxq[q].ring : NULL,
			      on && cp ? cp->ring[E1K_CP_RX(q)].consumer : 0,
			      ep->rxq[q].next_use);
		causes |= on ? E1K_ICR_QUEUE(q) : 0;
	}
	ew32(ep, E1K_EIAC, ep->other ? causes : 0);
	ew32(ep, E1K_TCTL, E1K_TCTL_EN | E1K_TCTL_PSP | E1K_TCTL_CT_COLD |
	     E1K_TCTL_RTLC);
	ew32(ep, E1K_RCTL, E1K_RCTL_EN | E1K_RCTL_BAM | E1K_RCTL_MPE |
	     E1K_RCTL_SECRC | e1k_rctl_size(ep->rx_buf_len));
	/* causes from before: the poll the core schedules per queue sees to them */
	ew32(ep, E1K_ICR, ~0u);
	ew32(ep, E1K_IMS, ep->other ? causes | E1K_IRQ_OTHER : E1K_IRQ_SOURCES);
	ep->fresh = false;
}

/* the device stopped: free every buffer, and leave every ring empty */
static void e1k_clear_rings(struct vfteam_plugin_port *pp, struct e1k_priv *ep)
{
	struct e1k_rxq *rq;
	unsigned int q, i;

	for (q = 0; q < E1K_QUEUES; q++) {
		e1k_clear_tx(pp, ep, q);
		rq = &ep->rxq[q];
		for (i = 0; i < E1K_RX_COUNT; i++)
			vfteam_plugin_port_rx_buf_put(pp, &rq->buf[i]);
		memset(rq->ring.desc, 0, E1K_RX_COUNT * sizeof(struct e1k_rx_desc));
		rq->next_use = 0;
		rq->next_clean = 0;
		rq->discard = false;
	}
}

/* ---- ops ---- */

static int e1k_attach(struct vfteam_plugin_port *pp)
{
	struct e1k_priv *ep = e1k_priv(pp);
	struct pci_dev *pdev = vfteam_plugin_port_pci(pp);
	unsigned int q;
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
	/* both queues' rings, whatever ethtool -L later asks for */
	for (q = 0; !err && q < E1K_QUEUES; q++) {
		err = vfteam_ring_alloc(pp, &ep->txq[q].ring, E1K_TX_COUNT,
					sizeof(struct e1k_tx_desc));
		if (!err)
			err = vfteam_tx_slots_init(&ep->txq[q].tx, &ep->txq[q].ring,
						   ep->txq[q].buf);
		if (!err)
			err = vfteam_ring_alloc(pp, &ep->rxq[q].ring, E1K_RX_COUNT,
						sizeof(struct e1k_rx_desc));
	}
	return err;	/* the core frees the rings */
}

static void e1k_detach(struct vfteam_plugin_port *pp)
{
	struct e1k_priv *ep = e1k_priv(pp);
	unsigned int q;

	e1k_reset(ep);	/* quiesced already: make sure before the buffers go */
	e1k_clear_rings(pp, ep);
	for (q = 0; q < E1K_QUEUES; q++) {
		vfteam_ring_free(pp, &ep->txq[q].ring);
		vfteam_ring_free(pp, &ep->rxq[q].ring);
	}
}

/*
 * Give the device a buffer in every free slot of @q's ring but one, in
 * batches of E1K_RX_BATCH (each RDT write is a trip to the device), or
 * at once when it has none; poll
 */
static void e1k_refill_rx(struct vfteam_plugin_port *pp, struct e1k_priv *ep,
			  unsigned int q)
{
	struct e1k_rxq *rq = &ep->rxq[q];
	unsigned int i = rq->next_use, start = i;
	struct e1k_rx_desc *d = rq->ring.desc;

	if (i != rq->next_clean &&
	    ((rq->next_clean - i - 1) & (E1K_RX_COUNT - 1)) < E1K_RX_BATCH)
		return;

	while (E1K_NEXT(i, E1K_RX_COUNT) != rq->next_clean) {
		if (unlikely(vfteam_plugin_port_rx_buf_get(pp, q, &rq->buf[i])))
			break;
		/* the address each time: the write-back overwrote it */
		d[i] = (struct e1k_rx_desc){ .addr = cpu_to_le64(rq->buf[i].dma) };
		i = E1K_NEXT(i, E1K_RX_COUNT);
	}
	if (i != start) {
		rq->next_use = i;
		ew32(ep, E1K_RXQ(q) + E1K_DT, i);
	}
}

/* the device found the TCP/UDP (and IPv4) sums good; RSS's hash */
static void e1k_rx_meta(struct sk_buff *skb, const struct e1k_rx_desc *d,
			u32 status)
{
	u32 type = le32_to_cpu(d->mrq) & E1K_RXD_RSS_TYPE;

	if ((status & (E1K_RXD_STAT_TCPCS | E1K_RXD_STAT_UDPCS)) &&
	    !(status & (E1K_RXD_ERR_TCPE | E1K_RXD_ERR_IPE)))
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	if (type)
		skb_set_hash(skb, le32_to_cpu(d->hash),
			     type == E1K_RXD_RSS_TCP4 || type == E1K_RXD_RSS_TCP6 ?
			     PKT_HASH_TYPE_L4 : PKT_HASH_TYPE_L3);
}

static int e1k_clean_rx(struct vfteam_plugin_port *pp, struct e1k_priv *ep,
			unsigned int q, int budget)
{
	struct e1k_rxq *rq = &ep->rxq[q];
	unsigned int i = rq->next_clean, len;
	struct e1k_rx_desc *d;
	struct sk_buff *skb;
	u32 status, missed;
	int done = 0;
	bool dry;

	while (done < budget && i != rq->next_use) {
		d = (struct e1k_rx_desc *)rq->ring.desc + i;
		status = le32_to_cpu(READ_ONCE(d->status));
		if (!(status & E1K_RXD_STAT_DD))
			break;
		dma_rmb();	/* the rest of the descriptor after DD */
		len = le16_to_cpu(d->length);	/* no FCS: RCTL.SECRC */
		if (unlikely(rq->discard || !(status & E1K_RXD_STAT_EOP) ||
			     len > ep->rx_buf_len ||
			     (status & E1K_RXD_ERR_FRAME))) {
			/*
			 * A frame over several descriptors is dropped whole:
			 * its later parts are not frames of their own (the
			 * CVE-2009-4536 pattern)
			 */
			if (!rq->discard)
				vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_ERRORS, 1);
			rq->discard = !(status & E1K_RXD_STAT_EOP);
			vfteam_plugin_port_rx_buf_put(pp, &rq->buf[i]);
		} else {
			skb = vfteam_plugin_port_rx_buf_skb(pp, q, &rq->buf[i], len);
			if (likely(skb)) {
				e1k_rx_meta(skb, d, status);
				vfteam_plugin_port_rx(pp, q, skb);
			}
		}
		done++;
		i = E1K_NEXT(i, E1K_RX_COUNT);
	}
	/* every buffer filled: the device may have had to miss frames */
	dry = done && i == rq->next_use;
	rq->next_clean = i;
	e1k_refill_rx(pp, ep, q);
	if (unlikely(dry)) {
		missed = er32(ep, E1K_MPC);
		if (missed && missed != ~0u)
			vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_MISSED, missed);
	}
	return done;
}

static int e1k_poll(struct vfteam_plugin_port *pp, unsigned int q, int budget)
{
	struct e1k_priv *ep = e1k_priv(pp);
	int done;

	e1k_clean_tx(pp, ep, q, budget);
	if (!budget)
		return 0;
	done = e1k_clean_rx(pp, ep, q, budget);
	/* not one Rx buffer (no memory): no Rx interrupt comes, poll again */
	if (unlikely(ep->rxq[q].next_use == ep->rxq[q].next_clean))
		return budget;
	if (done < budget && !ep->other)
		e1k_link_check(pp, ep);
	return done;
}

static void e1k_irq_enable(struct vfteam_plugin_port *pp, unsigned int q)
{
	struct e1k_priv *ep = e1k_priv(pp);

	ew32(ep, E1K_IMS, ep->other ? E1K_ICR_QUEUE(q) : E1K_IRQ_SOURCES);
}

static enum vfteam_irq e1k_irq(struct vfteam_plugin_port *pp, unsigned int q)
{
	struct e1k_priv *ep = e1k_priv(pp);
	u32 icr;

	if (q == VFTEAM_IRQ_OTHER) {
		ew32(ep, E1K_ICR, E1K_IRQ_OTHER);	/* a cause after this fires */
		e1k_link_check(pp, ep);
		ew32(ep, E1K_IMS, E1K_IRQ_OTHER);
		return VFTEAM_IRQ_HANDLED;
	}
	if (ep->other)
		return VFTEAM_IRQ_POLL;	/* EIAC cleared and masked its causes */

	icr = er32(ep, E1K_ICR);
	/* a shared INTx line: only what this device asserts is ours */
	if (icr == ~0u || (!ep->msi && !(icr & E1K_ICR_ASSERTED)))
		return VFTEAM_IRQ_NONE;
	ew32(ep, E1K_IMC, ~0u);
	ew32(ep, E1K_ICR, icr);
	return VFTEAM_IRQ_POLL;		/* poll reads the link too */
}

/* a queue in use whose ring the device has not sent all of */
static bool e1k_tx_busy(struct e1k_priv *ep)
{
	unsigned int q;
	u32 tdh;

	for (q = 0; q < ep->nr_queues; q++) {
		tdh = er32(ep, E1K_TXQ(q) + E1K_DH);
		if (tdh != ~0u && tdh != ep->txq[q].tx.next_use)
			return true;
	}
	return false;
}

static int e1k_quiesce(struct vfteam_plugin_port *pp,
		       struct vfteam_ring_checkpoint *cp)
{
	struct e1k_priv *ep = e1k_priv(pp);
	unsigned int q;
	bool busy;

	ew32(ep, E1K_IMC, ~0u);
	/* let the device send what is on the rings: 20 ms at most */
	read_poll_timeout(e1k_tx_busy, busy, !busy, 200, 20000, false, ep);
	ew32(ep, E1K_TCTL, er32(ep, E1K_TCTL) & ~E1K_TCTL_EN);
	ew32(ep, E1K_RCTL, er32(ep, E1K_RCTL) & ~E1K_RCTL_EN);
	if (er32(ep, E1K_STATUS) == ~0u)
		return -ENODEV;		/* surprise removal: no checkpoint */
	usleep_range(100, 200);		/* a frame being written lands */

	cp->nr_rings = 2 * ep->nr_queues;
	for (q = 0; q < ep->nr_queues; q++) {
		cp->ring[E1K_CP_TX(q)].producer = ep->txq[q].tx.next_use;
		cp->ring[E1K_CP_TX(q)].consumer = er32(ep, E1K_TXQ(q) + E1K_DH);
		cp->ring[E1K_CP_RX(q)].producer = ep->rxq[q].next_use;
		cp->ring[E1K_CP_RX(q)].consumer = er32(ep, E1K_RXQ(q) + E1K_DH);
	}
	return 0;
}

/* @cp is where quiesce left the rings of @nq queues, and they still are */
static bool e1k_cp_matches(const struct e1k_priv *ep,
			   const struct vfteam_ring_checkpoint *cp,
			   unsigned int nq)
{
	unsigned int q;

	if (cp->nr_rings != 2 * nq)
		return false;
	for (q = 0; q < nq; q++)
		if (cp->ring[E1K_CP_TX(q)].producer != ep->txq[q].tx.next_use ||
		    cp->ring[E1K_CP_RX(q)].producer != ep->rxq[q].next_use ||
		    cp->ring[E1K_CP_TX(q)].consumer >= E1K_TX_COUNT ||
		    cp->ring[E1K_CP_RX(q)].consumer >= E1K_RX_COUNT)
			return false;
	return true;
}

static int e1k_restart(struct vfteam_plugin_port *pp,
		       const struct vfteam_ring_checkpoint *cp)
{
	struct e1k_priv *ep = e1k_priv(pp);
	struct pci_dev *pdev = vfteam_plugin_port_pci(pp);
	unsigned int nq = vfteam_plugin_port_queues(pp), mtu;
	int err;

	/* resume where quiesce stopped the rings: the same queues, as they were */
	if (cp && !e1k_cp_matches(ep, cp, nq))
		return -ESTALE;
	ep->msix = pdev->msix_enabled;
	ep->msi = pdev->msix_enabled || pdev->msi_enabled;
	/* a vector per queue and the other, or just one */
	ep->other = vfteam_plugin_port_vectors(pp) > 1;
	ep->nr_queues = nq;
	if (!cp) {
		/* from scratch: empty rings, the first polls fill Rx */
		if (!ep->fresh) {
			err = e1k_reset(ep);
			if (err)
				return err;
		}
		e1k_clear_rings(pp, ep);
		mtu = vfteam_plugin_port_mtu(pp);
		ep->max_frame = mtu + VLAN_ETH_HLEN;
		ep->rx_buf_len = e1k_rx_buf_len(mtu);
		err = vfteam_plugin_port_rx_pool(pp, E1K_RX_COUNT,
						 ep->rx_buf_len);
		if (err)
			return err;
	}
	e1k_start(ep, cp);
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

/* at most one interrupt per @usecs: ITR, and EITR for each MSI-X vector */
static int e1k_set_irq_moderation(struct vfteam_plugin_port *pp,
				  unsigned int usecs)
{
	struct e1k_priv *ep = e1k_priv(pp);
	u64 itr = DIV_ROUND_UP_ULL((u64)usecs * NSEC_PER_USEC, 256);
	unsigned int v;

	if (itr > 0xffff)
		return -EINVAL;
	ew32(ep, E1K_ITR, itr);
	for (v = 0; v <= (ep->other ? E1K_VEC_OTHER : 0); v++)
		ew32(ep, E1K_EITR(v), itr);
	return 0;
}

/*
 * RSS over the two queues: the key, the table, and a hash of the IPv4/IPv6
 * addresses and TCP ports.  Both Rx rings run (restart), if not yet filled.
 */
static int e1k_set_rss(struct vfteam_plugin_port *pp,
		       const struct vfteam_rss *rss)
{
	struct e1k_priv *ep = e1k_priv(pp);
	unsigned int i;

	for (i = 0; i < VFTEAM_RSS_KEY_SIZE; i += 4)
		ew32(ep, E1K_RSSRK + i, get_unaligned_le32(rss->key + i));
	/* an entry (0 or 1, one a byte) is its queue's bit 7 in RETA's byte */
	for (i = 0; i < VFTEAM_RSS_INDIR_SIZE; i += 4)
		ew32(ep, E1K_RETA + i,
		     (get_unaligned_le32(rss->indir + i) & 0x01010101) << 7);
	ew32(ep, E1K_MRQC, E1K_MRQC_RSS);
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
	.set_rss	= e1k_set_rss,
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
	.max_queues	= E1K_QUEUES,
	.msix_other	= true,
	.max_mtu	= E1K_MAX_MTU,
	.ops		= &e1k_ops,
};
module_vfteam_plugin(e1k_plugin);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vfteam plugin for the Intel 82574L (e1000e) as a passthrough port");
