// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin for the Intel 82576 VF: transmit.  A frame is advanced
 * data descriptors (the head, then each fragment, in pieces of at most
 * IGBVF_TXD_MAX_BYTES), after an advanced context descriptor when it
 * wants the device's TCP/UDP checksum or TCP segmentation: the context
 * says where the IP and L4 headers are, which L4 it is and, for TSO, the
 * MSS.  Every context goes in slot (IDX) 0.  Only the last descriptor
 * reports status (RS), so that is where poll looks for DD.
 *
 * The ring's slots, their indices and the ordering between xmit (under
 * queue 0's tx lock) and poll are the core's Tx slot helpers' (struct
 * vfteam_tx_slots); this file writes the descriptors, tests DD and writes
 * the tail.
 */
#include <linux/dma-mapping.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>

#include "igbvf.h"

/*
 * Bytes per data descriptor (its length field has 16 bits), and pieces
 * per frame: QEMU's igb drops a frame of more than 64
 */
#define IGBVF_TXD_MAX_BYTES	SZ_16K
#define IGBVF_TXD_MAX_FRAME	48

/* descriptors @skb needs: a context one for an offload, then its data */
static unsigned int igbvf_tx_count(const struct sk_buff *skb)
{
	return vfteam_tx_pieces(skb, IGBVF_TXD_MAX_BYTES) +
	       (skb->ip_summed == CHECKSUM_PARTIAL);
}

/*
 * The context descriptor at *@i for @skb's offload, and the bits its data
 * descriptors carry (@cmd, @olinfo).  TSO: the device rebuilds each
 * segment's IP length and checksums from headers with a zero length and
 * a pseudo-header sum over zero bytes; PAYLEN leaves the headers out.
 */
static void igbvf_tx_context(struct igbvf_priv *vf, struct sk_buff *skb,
			     unsigned int *i, u32 *cmd, u32 *olinfo)
{
	struct igbvf_tx_ctx_desc *c = (struct igbvf_tx_ctx_desc *)vf->tx.desc + *i;
	u32 tucmd = IGBVF_TXD_CMD_DEXT | IGBVF_TXD_DTYP_CTXT, mss = 0;
	unsigned int l3 = skb_network_offset(skb);

	*olinfo |= IGBVF_TXD_POPTS_TXSM;
	if (skb_is_gso(skb)) {
		if (vlan_get_protocol(skb) == htons(ETH_P_IP)) {
			struct iphdr *iph = ip_hdr(skb);

			iph->tot_len = 0;
			iph->check = 0;
			tcp_hdr(skb)->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr,
								 0, IPPROTO_TCP, 0);
			tucmd |= IGBVF_TXC_IPV4;
			*olinfo |= IGBVF_TXD_POPTS_IXSM;
		} else {
			tcp_v6_gso_csum_prep(skb);
		}
		tucmd |= IGBVF_TXC_L4T_TCP;
		mss = skb_shinfo(skb)->gso_size << 16 | tcp_hdrlen(skb) << 8;
		*cmd |= IGBVF_TXD_CMD_TSE;
		/* PAYLEN: the payload after the headers */
		*olinfo -= skb_tcp_all_headers(skb) << IGBVF_TXD_PAYLEN_SHIFT;
	} else if (skb->csum_offset == offsetof(struct tcphdr, check)) {
		tucmd |= IGBVF_TXC_L4T_TCP;
	}
	c->vlan_macip_lens = cpu_to_le32((skb_checksum_start_offset(skb) - l3) |
					 l3 << 9);
	c->seqnum_seed = 0;
	c->type_tucmd_mlhl = cpu_to_le32(tucmd);
	c->mss_l4len_idx = cpu_to_le32(mss);
	vf->tx_buf[*i] = (struct vfteam_tx_slot){ };
	*i = IGBVF_NEXT(*i, IGBVF_TX_COUNT);
}

/* @len bytes at @dma from *@i on, in pieces; the first keeps the mapping */
static void igbvf_tx_data(struct igbvf_priv *vf, unsigned int *i,
			  dma_addr_t dma, unsigned int len, bool page, u32 cmd,
			  u32 olinfo)
{
	struct igbvf_tx_desc *d;
	unsigned int n;
	bool first = true;

	while (len) {
		n = min_t(unsigned int, len, IGBVF_TXD_MAX_BYTES);
		d = (struct igbvf_tx_desc *)vf->tx.desc + *i;
		d->addr = cpu_to_le64(dma);
		d->cmd_type_len = cpu_to_le32(cmd | n);
		d->olinfo_status = cpu_to_le32(olinfo);
		vf->tx_buf[*i] = (struct vfteam_tx_slot){
			.dma = dma, .len = first ? len : 0, .page = page,
		};
		first = false;
		dma += n;
		len -= n;
		*i = IGBVF_NEXT(*i, IGBVF_TX_COUNT);
	}
}

enum vfteam_tx igbvf_xmit(struct vfteam_plugin_port *pp, unsigned int q,
			  struct sk_buff *skb)
{
	struct igbvf_priv *vf = igbvf_priv(pp);
	unsigned int i = vf->tx_slots.next_use, need, last, f;
	const struct skb_shared_info *si = skb_shinfo(skb);
	u32 cmd = IGBVF_TXD_CMD_DEXT | IGBVF_TXD_DTYP_DATA | IGBVF_TXD_CMD_IFCS;
	u32 olinfo = skb->len << IGBVF_TXD_PAYLEN_SHIFT;
	bool gso = skb_is_gso(skb);
	struct igbvf_tx_desc *d;
	dma_addr_t dma;

	need = igbvf_tx_count(skb);
	/* too many pieces, or longer than the MTU allows */
	if (unlikely(need > IGBVF_TXD_MAX_FRAME ||
		     (!gso && skb->len > vf->max_frame)))
		return VFTEAM_TX_DECLINE;
	if (unlikely(need > vfteam_tx_slots_unused(&vf->tx_slots)))
		return VFTEAM_TX_BUSY;	/* untouched: the core offers it again */
	/* TSO rewrites the headers: they must be this skb's own */
	if (gso && skb_cow_head(skb, 0))
		return VFTEAM_TX_DECLINE;
	/* a sum other than TCP's or UDP's: the context has no L4 type for it */
	if (!gso && skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb->csum_offset != offsetof(struct tcphdr, check) &&
	    skb->csum_offset != offsetof(struct udphdr, check) &&
	    skb_checksum_help(skb))
		return VFTEAM_TX_DECLINE;

	if (skb->ip_summed == CHECKSUM_PARTIAL)
		igbvf_tx_context(vf, skb, &i, &cmd, &olinfo);

	dma = dma_map_single(vf->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(vf->dev, dma))
		goto unwind;
	igbvf_tx_data(vf, &i, dma, skb_headlen(skb), false, cmd, olinfo);
	for (f = 0; f < si->nr_frags; f++) {
		const skb_frag_t *frag = &si->frags[f];

		dma = skb_frag_dma_map(vf->dev, frag, 0, skb_frag_size(frag),
				       DMA_TO_DEVICE);
		if (dma_mapping_error(vf->dev, dma))
			goto unwind;
		igbvf_tx_data(vf, &i, dma, skb_frag_size(frag), true, cmd, olinfo);
	}
	/* the last descriptor ends the frame and reports status (DD) */
	last = (i - 1) & (IGBVF_TX_COUNT - 1);
	d = (struct igbvf_tx_desc *)vf->tx.desc + last;
	d->cmd_type_len |= cpu_to_le32(IGBVF_TXD_CMD_EOP | IGBVF_TXD_CMD_RS);
	vfteam_tx_slots_post(&vf->tx_slots, skb, i);
	ew32(vf, IGBVF_TXQ + IGBVF_DT, i);	/* after the descriptors */
	return VFTEAM_TX_OK;

unwind:
	/* headers rewritten for TSO cannot go to the standby: dropped */
	vfteam_tx_slots_drop(pp, &vf->tx_slots, i, skb);
	return VFTEAM_TX_OK;
}

/* the device sent the frame that ends at @desc (DD) */
static bool igbvf_tx_done(const void *desc)
{
	const struct igbvf_tx_desc *d = desc;

	return le32_to_cpu(READ_ONCE(d->olinfo_status)) & IGBVF_TXD_STAT_DD;
}

/* poll: reclaim the frames the device is done with */
void igbvf_clean_tx(struct vfteam_plugin_port *pp, struct igbvf_priv *vf,
		    int budget)
{
	vfteam_tx_slots_reclaim(pp, 0, &vf->tx_slots, igbvf_tx_done, budget);
}

/*
 * The device stopped: free what is still on the ring (a frame whose last
 * descriptor is not done never left), and leave it empty.
 */
void igbvf_clear_tx(struct vfteam_plugin_port *pp, struct igbvf_priv *vf)
{
	vfteam_tx_slots_clear(pp, &vf->tx_slots, igbvf_tx_done);
}
