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
 * runs at once and shares nothing.  A ring has one producer (xmit, under
 * its queue's tx lock) and one consumer (its poll), which publish next_use
 * and next_clean with release/acquire.  One slot stays empty: next_use ==
 * next_clean is empty.
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

static unsigned int e1k_tx_free(const struct e1k_txq *tq)
{
	/* the acquire pairs with poll's release of next_clean */
	return (smp_load_acquire(&tq->next_clean) - tq->next_use - 1) &
	       (E1K_TX_COUNT - 1);
}

/* descriptors @skb needs: a context one for an offload, then its data */
static unsigned int e1k_tx_count(const struct sk_buff *skb)
{
	const struct skb_shared_info *si = skb_shinfo(skb);
	unsigned int n = DIV_ROUND_UP(skb_headlen(skb), E1K_TXD_MAX_BYTES);
	int f;

	for (f = 0; f < si->nr_frags; f++)
		n += DIV_ROUND_UP(skb_frag_size(&si->frags[f]), E1K_TXD_MAX_BYTES);
	return n + (skb->ip_summed == CHECKSUM_PARTIAL);
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
	tq->buf[*i] = (struct e1k_tx_buf){ };
	*i = E1K_NEXT(*i, E1K_TX_COUNT);
}

static void e1k_tx_unmap(struct e1k_priv *ep, struct e1k_tx_buf *b)
{
	if (!b->len)
		return;
	if (b->page)
		dma_unmap_page(ep->dev, b->dma, b->len, DMA_TO_DEVICE);
	else
		dma_unmap_single(ep->dev, b->dma, b->len, DMA_TO_DEVICE);
	b->len = 0;
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
		tq->buf[*i] = (struct e1k_tx_buf){
			.dma = dma, .len = first ? len : 0, .page = page,
		};
		first = false;
		dma += n;
		len -= n;
		*i = E1K_NEXT(*i, E1K_TX_COUNT);
	}
}

/* unmap what a failed xmit mapped, from @first up to @end */
static void e1k_tx_unwind(struct e1k_priv *ep, struct e1k_txq *tq,
			  unsigned int first, unsigned int end)
{
	for (; first != end; first = E1K_NEXT(first, E1K_TX_COUNT))
		e1k_tx_unmap(ep, &tq->buf[first]);
}

enum vfteam_tx e1k_xmit(struct vfteam_plugin_port *pp, unsigned int q,
			struct sk_buff *skb)
{
	struct e1k_priv *ep = e1k_priv(pp);
	struct e1k_txq *tq = &ep->txq[q];
	unsigned int first = tq->next_use, i = first, need, last, f;
	const struct skb_shared_info *si = skb_shinfo(skb);
	u32 lower = 0, upper = 0;
	struct e1k_tx_desc *d;
	dma_addr_t dma;

	need = e1k_tx_count(skb);
	/* too many pieces, or a frame longer than the MTU allows */
	if (unlikely(need > E1K_TXD_MAX_FRAME ||
		     (!skb_is_gso(skb) && skb->len > ep->max_frame)))
		return VFTEAM_TX_DECLINE;
	if (unlikely(need > e1k_tx_free(tq)))
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
	/* the last descriptor ends the frame, reports status, holds the skb */
	last = (i - 1) & (E1K_TX_COUNT - 1);
	d = (struct e1k_tx_desc *)tq->ring.desc + last;
	d->lower |= cpu_to_le32(E1K_TXD_CMD_EOP | E1K_TXD_CMD_RS);
	tq->buf[last].skb = skb;
	tq->buf[last].segs = skb_is_gso(skb) ? si->gso_segs : 1;
	tq->buf[last].bytes = skb->len + (tq->buf[last].segs - 1) *
			      (skb_is_gso(skb) ? skb_tcp_all_headers(skb) : 0);
	tq->buf[first].eop = last;
	skb_tx_timestamp(skb);

	/* poll reads the frame's slots only after it sees this index */
	smp_store_release(&tq->next_use, i);
	ew32(ep, E1K_TXQ(q) + E1K_DT, i);	/* after the descriptors */
	return VFTEAM_TX_OK;

unwind:
	/*
	 * A TSO frame's headers were rewritten for the device: it cannot go
	 * to the standby as it is.  Dropped and counted, as e1000e does.
	 */
	e1k_tx_unwind(ep, tq, first, i);
	dev_kfree_skb_any(skb);
	vfteam_plugin_port_count(pp, VFTEAM_STAT_TX_DROPPED, 1);
	return VFTEAM_TX_OK;
}

/* poll of @q: reclaim the frames the device is done with (DD on their last) */
void e1k_clean_tx(struct vfteam_plugin_port *pp, struct e1k_priv *ep,
		  unsigned int q, int budget)
{
	struct e1k_txq *tq = &ep->txq[q];
	unsigned int i = tq->next_clean, eop, pkts = 0, bytes = 0;
	/* pairs with xmit's release: the slots before it are filled in */
	unsigned int end = smp_load_acquire(&tq->next_use);
	struct e1k_tx_desc *d;
	struct e1k_tx_buf *b;

	while (i != end) {
		eop = tq->buf[i].eop;
		d = (struct e1k_tx_desc *)tq->ring.desc + eop;
		if (!(le32_to_cpu(READ_ONCE(d->upper)) & E1K_TXD_STAT_DD))
			break;
		for (;;) {
			b = &tq->buf[i];
			e1k_tx_unmap(ep, b);
			if (b->skb) {
				pkts += b->segs;
				bytes += b->bytes;
				napi_consume_skb(b->skb, budget);
				b->skb = NULL;
			}
			i = E1K_NEXT(i, E1K_TX_COUNT);
			if (b == &tq->buf[eop])
				break;
		}
	}
	/* xmit reuses the slots before it only after it sees this index */
	smp_store_release(&tq->next_clean, i);
	if (pkts)
		vfteam_plugin_port_tx_done(pp, q, pkts, bytes);
}

/*
 * The device stopped: free what is still on @q's ring (a frame whose last
 * descriptor is not done never left), and leave the ring empty.
 */
void e1k_clear_tx(struct vfteam_plugin_port *pp, struct e1k_priv *ep,
		  unsigned int q)
{
	struct e1k_txq *tq = &ep->txq[q];
	struct e1k_tx_desc *d = tq->ring.desc;
	unsigned int unsent = 0, i;
	struct e1k_tx_buf *b;

	for (i = 0; i < E1K_TX_COUNT; i++) {
		b = &tq->buf[i];
		e1k_tx_unmap(ep, b);
		if (!b->skb)
			continue;
		if (!(le32_to_cpu(d[i].upper) & E1K_TXD_STAT_DD))
			unsent++;
		dev_kfree_skb_any(b->skb);
		b->skb = NULL;
	}
	if (unsent)
		vfteam_plugin_port_count(pp, VFTEAM_STAT_TX_DROPPED, unsent);
	memset(d, 0, E1K_TX_COUNT * sizeof(*d));
	tq->next_use = 0;
	tq->next_clean = 0;
}
