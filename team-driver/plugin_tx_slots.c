// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin Tx slots: the bookkeeping a descriptor-ring plugin keeps
 * beside its Tx ring (struct vfteam_tx_slots in the plugin ABI), shared
 * so that a plugin writes only its descriptors, its done test and its
 * tail write.  A frame is one or more descriptors; its skb, segments and
 * bytes sit on its last slot, and its first slot knows the last (eop),
 * which is where the device reports the frame done.
 *
 * Locking and ordering: a ring has one producer, xmit (under its queue's
 * tx lock: vfteam_tx_slots_unused, _post, _drop), and one consumer, the
 * queue's poll (vfteam_tx_slots_reclaim).  Each publishes its index with
 * a release that the other reads with an acquire:
 *  - post's release of next_use, after the frame's slots and descriptors
 *    are written, pairs with reclaim's acquire: reclaim reads only slots
 *    before the index it saw;
 *  - reclaim's release of next_clean, after it is done with the slots,
 *    pairs with free's acquire: xmit refills only slots before it.
 * vfteam_tx_slots_init and _clear run with the device stopped and no
 * xmit or poll running (attach, quiesce, restart, detach: the core
 * serialises them), so they write both indices plainly.
 */
#include <linux/dma-mapping.h>
#include <linux/log2.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/tcp.h>

#include "plugin_port.h"

static unsigned int vfteam_tx_slot_next(const struct vfteam_tx_slots *s,
					unsigned int i)
{
	return (i + 1) & (s->ring->count - 1);
}

/* the descriptor of slot @i, for the plugin's done test */
static const void *vfteam_tx_slot_desc(const struct vfteam_tx_slots *s,
				       unsigned int i)
{
	return s->ring->desc + i * s->ring->desc_size;
}

/* unmap the mapping that starts at @slot, if one does */
static void vfteam_tx_slot_unmap(struct vfteam_plugin_port *pp,
				 struct vfteam_tx_slot *slot)
{
	if (!slot->len)
		return;
	if (slot->page)
		dma_unmap_page(pp->dev, slot->dma, slot->len, DMA_TO_DEVICE);
	else
		dma_unmap_single(pp->dev, slot->dma, slot->len, DMA_TO_DEVICE);
	slot->len = 0;
}

int vfteam_tx_slots_init(struct vfteam_tx_slots *s, struct vfteam_ring *ring,
			 struct vfteam_tx_slot *slot)
{
	/* eop is a u16 */
	if (!ring->desc || !is_power_of_2(ring->count) ||
	    ring->count > U16_MAX + 1)
		return -EINVAL;
	s->slot = slot;
	s->ring = ring;
	s->next_use = 0;
	s->next_clean = 0;
	return 0;
}
EXPORT_SYMBOL_GPL(vfteam_tx_slots_init);

unsigned int vfteam_tx_slots_unused(const struct vfteam_tx_slots *s)
{
	/* pairs with reclaim's release: the slots before it are done with */
	return (smp_load_acquire(&s->next_clean) - s->next_use - 1) &
	       (s->ring->count - 1);
}
EXPORT_SYMBOL_GPL(vfteam_tx_slots_unused);

unsigned int vfteam_tx_pieces(const struct sk_buff *skb, unsigned int max)
{
	const struct skb_shared_info *si = skb_shinfo(skb);
	unsigned int n = DIV_ROUND_UP(skb_headlen(skb), max);
	int f;

	for (f = 0; f < si->nr_frags; f++)
		n += DIV_ROUND_UP(skb_frag_size(&si->frags[f]), max);
	return n;
}
EXPORT_SYMBOL_GPL(vfteam_tx_pieces);

void vfteam_tx_slots_post(struct vfteam_tx_slots *s, struct sk_buff *skb,
			  unsigned int end)
{
	unsigned int last = (end - 1) & (s->ring->count - 1);
	struct vfteam_tx_slot *slot = &s->slot[last];
	bool gso = skb_is_gso(skb);

	slot->skb = skb;
	slot->segs = gso ? skb_shinfo(skb)->gso_segs : 1;
	/* each segment after the first repeats the headers */
	slot->bytes = skb->len +
		      (slot->segs - 1) * (gso ? skb_tcp_all_headers(skb) : 0);
	s->slot[s->next_use].eop = last;
	skb_tx_timestamp(skb);

	/* reclaim reads the frame's slots only after it sees this index */
	smp_store_release(&s->next_use, end);
}
EXPORT_SYMBOL_GPL(vfteam_tx_slots_post);

void vfteam_tx_slots_drop(struct vfteam_plugin_port *pp,
			  struct vfteam_tx_slots *s, unsigned int end,
			  struct sk_buff *skb)
{
	unsigned int i;

	for (i = s->next_use; i != end; i = vfteam_tx_slot_next(s, i))
		vfteam_tx_slot_unmap(pp, &s->slot[i]);
	dev_kfree_skb_any(skb);
	vfteam_plugin_port_count(pp, VFTEAM_STAT_TX_DROPPED, 1);
}
EXPORT_SYMBOL_GPL(vfteam_tx_slots_drop);

void vfteam_tx_slots_reclaim(struct vfteam_plugin_port *pp, unsigned int q,
			     struct vfteam_tx_slots *s,
			     bool (*done)(const void *desc), int budget)
{
	unsigned int i = s->next_clean, eop, pkts = 0, bytes = 0;
	/* pairs with post's release: the slots before it are filled in */
	unsigned int end = smp_load_acquire(&s->next_use);
	struct vfteam_tx_slot *slot;

	while (i != end) {
		eop = s->slot[i].eop;
		if (!done(vfteam_tx_slot_desc(s, eop)))
			break;
		do {
			slot = &s->slot[i];
			vfteam_tx_slot_unmap(pp, slot);
			if (slot->skb) {
				pkts += slot->segs;
				bytes += slot->bytes;
				napi_consume_skb(slot->skb, budget);
				slot->skb = NULL;
			}
			i = vfteam_tx_slot_next(s, i);
		} while (slot != &s->slot[eop]);
	}
	/* xmit reuses the slots before it only after it sees this index */
	smp_store_release(&s->next_clean, i);
	if (pkts)
		vfteam_plugin_port_tx_done(pp, q, pkts, bytes);
}
EXPORT_SYMBOL_GPL(vfteam_tx_slots_reclaim);

void vfteam_tx_slots_clear(struct vfteam_plugin_port *pp,
			   struct vfteam_tx_slots *s,
			   bool (*done)(const void *desc))
{
	unsigned int unsent = 0, i;
	struct vfteam_tx_slot *slot;

	for (i = 0; i < s->ring->count; i++) {
		slot = &s->slot[i];
		vfteam_tx_slot_unmap(pp, slot);
		if (!slot->skb)
			continue;
		/* a frame whose last descriptor is not done never left */
		if (!done(vfteam_tx_slot_desc(s, i)))
			unsent++;
		dev_kfree_skb_any(slot->skb);
		slot->skb = NULL;
	}
	if (unsent)
		vfteam_plugin_port_count(pp, VFTEAM_STAT_TX_DROPPED, unsent);
	memset(s->ring->desc, 0, s->ring->count * s->ring->desc_size);
	s->next_use = 0;
	s->next_clean = 0;
}
EXPORT_SYMBOL_GPL(vfteam_tx_slots_clear);
