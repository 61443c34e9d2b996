// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin for the Intel 82574L: transmit.  A frame is one or more
 * extended data descriptors (the head, then each fragment, in pieces of
 * at most E1K_TXD_MAX_BYTES), after a context descriptor when it wants
 * the device's TCP/UDP checksum or TCP segmentation (TSO), as Linux's
 * e1000e does it; only the last descriptor reports status (RS), so that
 * is where poll looks for DD.
 *
 * Each queue has its own ring and tail register, so xmit on both queues
 * runs at once and shares nothing.  A ring's slots, their indices and
 * the ordering between xmit (under its queue's tx lock) and its poll are
 * the core's Tx slot helpers' (struct vfteam_tx_slots); this file writes
 * the descriptors, tests DD and writes the tail.
 */
#include <linux/dma-mapping.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "e1k.h"

/*
 * Bytes per data descriptor: below the 82574's 24 KiB Tx FIFO limit, and
 * few enough pieces that a 64 KiB frame of 17 fragments stays far below
 * the 64 descriptors per frame QEMU's e1000e takes
 */
#define E1K_TXD_MAX_BYTES	SZ_16K
#define E1K_TXD_MAX_FRAME	48

/* descriptors @skb needs: a context one for an offload, then its data */
static unsigned int e1k_tx_count(const struct sk_buff *skb)
{
	return vfteam_tx_pieces(skb, E1K_TXD_MAX_BYTES) +
	       (skb->ip_summed == CHECKSUM_PARTIAL);
}

static bool e1k_tx_is_tcp(struct sk_buff *skb, __be16 proto)
{
	if (proto == htons(ETH_P_IP))
		return ip_hdr(skb)->protocol == IPPROTO_TCP;
	return ipv6_hdr(skb)->nexthdr == IPPROTO_TCP;
}

/*
 * The context descriptor at *@i for @skb's offload, and the bits its data
 * descriptors carry (@lower, @upper).  TSO: the device rebuilds the IP
 * length and checksum and the TCP checksum of each segment from a header
 * with a zero length and a pseudo-header sum over zero bytes.
 */
static void e1k_tx_context(struct e1k_txq *tq, struct sk_buff *skb,
			   unsigned int *i, u32 *lower, u32 *upper)
{
	struct e1k_tx_ctx_desc *c = (struct e1k_tx_ctx_desc *)tq->ring.desc + *i;
	__be16 proto = vlan_get_protocol(skb);
	unsigned int css = skb_checksum_start_offset(skb);
	u32 cmd = E1K_TXD_CMD_DEXT;

	memset(c, 0, sizeof(*c));
	*lower = E1K_TXD_CMD_DEXT | E1K_TXD_DTYP_D;
	*upper = E1K_TXD_POPTS_TXSM;
	if (skb_is_gso(skb)) {
		unsigned int hdr_len = skb_tcp_all_headers(skb);

		if (proto == htons(ETH_P_IP)) {
			struct iphdr *iph = ip_hdr(skb);

			iph->tot_len = 0;
			iph->check = 0;
			tcp_hdr(skb)->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr,
								 0, IPPROTO_TCP, 0);
			c->ipcss = skb_network_offset(skb);
			c->ipcso = c->ipcss + offsetof(struct iphdr, check);
			c->ipcse = cpu_to_le16(skb_transport_offset(skb) - 1);
			cmd |= E1K_TXD_CMD_IP;
			*upper |= E1K_TXD_POPTS_IXSM;
		} else {
			tcp_v6_gso_csum_prep(skb);
		}
		css = skb_transport_offset(skb);
		c->tucso = css + offsetof(struct tcphdr, check);
		c->hdr_len = hdr_len;
		c->mss = cpu_to_le16(skb_shinfo(skb)->gso_size);
		cmd |= E1K_TXD_CMD_TSE | E1K_TXD_CMD_TCP | (skb->len - hdr_len);
		*lower |= E1K_TXD_CMD_TSE;
	} else {
		c->tucso = css + skb->csum_offset;
		if (e1k_tx_is_tcp(skb, proto))
			cmd |= E1K_TXD_CMD_TCP;
	}
	c->tucss = css;
	c->cmd_and_length = cpu_to_le32(cmd);
	tq->buf[*i] = (struct vfteam_tx_slot){ };
	*i = E1K_NEXT(*i, E1K_TX_COUNT);
}

/* @len bytes at @dma from *@i on, in pieces; the first keeps the mapping */
static void e1k_tx_data(struct e1k_txq *tq, unsigned int *i, dma_addr_t dma,
			unsigned int len, bool page, u32 lower, u32 upper)
{
	struct e1k_tx_desc *d;
	unsigned int n;
	bool first = true;

	while (len) {
		n = min_t(unsigned int, len, E1K_TXD_MAX_BYTES);
		d = (struct e1k_tx_desc *)tq->ring.desc + *i;
		d->addr = cpu_to_le64(dma);
		d->lower = cpu_to_le32(lower | E1K_TXD_CMD_IFCS | n);
		d->upper = cpu_to_le32(upper);
		tq->buf[*i] = (struct vfteam_tx_slot){
			.dma = dma, .len = first ? len : 0, .page = page,
		};
		first = false;
		dma += n;
		len -= n;
		*i = E1K_NEXT(*i, E1K_TX_COUNT);
	}
}

enum vfteam_tx e1k_xmit(struct vfteam_plugin_port *pp, unsigned int q,
			struct sk_buff *skb)
{
	struct e1k_priv *ep = e1k_priv(pp);
	struct e1k_txq *tq = &ep->txq[q];
	unsigned int i = tq->tx.next_use, need, last, f;
	const struct skb_shared_info *si = skb_shinfo(skb);
	u32 lower = 0, upper = 0;
	struct e1k_tx_desc *d;
	dma_addr_t dma;

	need = e1k_tx_count(skb);
	/* too many pieces, or a frame longer than the MTU allows */
	if (unlikely(need > E1K_TXD_MAX_FRAME ||
		     (!skb_is_gso(skb) && skb->len > ep->max_frame)))
		return VFTEAM_TX_DECLINE;
	if (unlikely(need > vfteam_tx_slots_unused(&tq->tx)))
		return VFTEAM_TX_BUSY;	/* untouched: the core offers it again */
	/* TSO rewrites the headers: they must be this skb's own */
	if (skb_is_gso(skb) && skb_cow_head(skb, 0))
		return VFTEAM_TX_DECLINE;

	if (skb->ip_summed == CHECKSUM_PARTIAL)
		e1k_tx_context(tq, skb, &i, &lower, &upper);

	dma = dma_map_single(ep->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(ep->dev, dma))
		goto unwind;
	e1k_tx_data(tq, &i, dma, skb_headlen(skb), false, lower, upper);
	for (f = 0; f < si->nr_frags; f++) {
		const skb_frag_t *frag = &si->frags[f];

		dma = skb_frag_dma_map(ep->dev, frag, 0, skb_frag_size(frag),
				       DMA_TO_DEVICE);
		if (dma_mapping_error(ep->dev, dma))
			goto unwind;
		e1k_tx_data(tq, &i, dma, skb_frag_size(frag), true, lower, upper);
	}
	/* the last descriptor ends the frame and reports status (DD) */
	last = (i - 1) & (E1K_TX_COUNT - 1);
	d = (struct e1k_tx_desc *)tq->ring.desc + last;
	d->lower |= cpu_to_le32(E1K_TXD_CMD_EOP | E1K_TXD_CMD_RS);
	vfteam_tx_slots_post(&tq->tx, skb, i);
	ew32(ep, E1K_TXQ(q) + E1K_DT, i);	/* after the descriptors */
	return VFTEAM_TX_OK;

unwind:
	/*
	 * A TSO frame's headers were rewritten for the device: it cannot go
	 * to the standby as it is.  Dropped and counted, as e1000e does.
	 */
	vfteam_tx_slots_drop(pp, &tq->tx, i, skb);
	return VFTEAM_TX_OK;
}

/* the device sent the frame that ends at @desc (DD) */
static bool e1k_tx_done(const void *desc)
{
	const struct e1k_tx_desc *d = desc;

	return le32_to_cpu(READ_ONCE(d->upper)) & E1K_TXD_STAT_DD;
}

/* poll of @q: reclaim the frames the device is done with */
void e1k_clean_tx(struct vfteam_plugin_port *pp, struct e1k_priv *ep,
		  unsigned int q, int budget)
{
	vfteam_tx_slots_reclaim(pp, q, &ep->txq[q].tx, e1k_tx_done, budget);
}

/*
 * The device stopped: free what is still on @q's ring (a frame whose last
 * descriptor is not done never left), and leave the ring empty.
 */
void e1k_clear_tx(struct vfteam_plugin_port *pp, struct e1k_priv *ep,
		  unsigned int q)
{
	vfteam_tx_slots_clear(pp, &ep->txq[q].tx, e1k_tx_done);
}
