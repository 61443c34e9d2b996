// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin Rx buffers: a page pool per queue of a plugin port,
 * mapped for the port's DMA device.  The plugin fills its Rx ring from it
 * (at restart, with the ring still empty, and in poll), and the frame's
 * skb is built around the buffer the device wrote, without a copy; the
 * stack gives the page back to its pool when it frees the skb, so a busy
 * queue allocates and maps nothing per frame.
 *
 * Frames up to VFTEAM_RX_COPYBREAK bytes are copied instead, and their
 * page goes straight back to the pool.
 *
 * A buffer is one (compound) page: VFTEAM_RX_HEADROOM bytes the stack
 * may grow headers into, the device's buf_len bytes, then the room
 * build_skb puts the skb_shared_info in.  The device sees only the middle
 * part; page_pool syncs that much for it when it recycles the page.
 *
 * Locking: page_pool's allocation cache has no lock, so a queue's pool is
 * allocated from by one context at a time: the restart op (under RTNL,
 * the queue's NAPI off) or the queue's own poll.  Pages go back from any
 * context, to the pool they came from (page->pp), which outlives its
 * last page (page_pool_destroy defers).  pp->rx_buf_len, rx_pool_count
 * and each queue's rx_pool change only in attach or restart(NULL) (the
 * lifecycle serialises them, and no poll runs) and at destroy.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>
/* the header was split in 6.6 */
#if __has_include("net/page_pool/helpers.h")
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

#include "plugin_port.h"
#include "plugin_rx_pool.h"

/* frames up to this long are copied out of their buffer (see below) */
#define VFTEAM_RX_COPYBREAK	256

/* the bytes a buffer of @buf_len takes, shared info included */
static unsigned int vfteam_rx_buf_size(unsigned int buf_len)
{
	return VFTEAM_RX_HEADROOM + buf_len +
	       SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
}

void vfteam_plugin_rx_pools_destroy(struct vfteam_plugin_port *pp)
{
	unsigned int q;

	for (q = 0; q < pp->max_queues; q++) {
		page_pool_destroy(pp->queues[q].rx_pool);
		pp->queues[q].rx_pool = NULL;
	}
	pp->rx_buf_len = 0;
	pp->rx_buf_truesize = 0;
	pp->rx_pool_count = 0;
}

int vfteam_plugin_port_rx_pool(struct vfteam_plugin_port *pp,
			       unsigned int count, unsigned int buf_len)
{
	struct page_pool_params pool = {
		.flags		= PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV,
		.order		= get_order(vfteam_rx_buf_size(buf_len)),
		.pool_size	= count,
		.nid		= dev_to_node(pp->dev),
		.dev		= pp->dev,
		.dma_dir	= DMA_FROM_DEVICE,
		.max_len	= buf_len,
		.offset		= VFTEAM_RX_HEADROOM,
	};
	struct page_pool *pages;
	unsigned int q;

	might_sleep();
	if (!count || count > VFTEAM_RX_POOL_MAX || !buf_len ||
	    buf_len > VFTEAM_RX_BUF_MAX) {
		dev_err(pp->dev, "%s: Rx pool of %u buffers of %u bytes refused: 1 to %u buffers of 1 to %u bytes\n",
			pp->name, count, buf_len, VFTEAM_RX_POOL_MAX,
			VFTEAM_RX_BUF_MAX);
		return -EINVAL;
	}
	/* a restart with the MTU unchanged keeps the pages the pool has */
	if (count == pp->rx_pool_count && buf_len == pp->rx_buf_len)
		return 0;

	vfteam_plugin_rx_pools_destroy(pp);
	for (q = 0; q < pp->max_queues; q++) {
		pages = page_pool_create(&pool);
		if (IS_ERR(pages)) {
			dev_err(pp->dev, "%s: Rx pool of queue %u: %ld\n",
				pp->name, q, PTR_ERR(pages));
			vfteam_plugin_rx_pools_destroy(pp);
			return PTR_ERR(pages);
		}
		pp->queues[q].rx_pool = pages;
	}
	pp->rx_buf_len = buf_len;
	pp->rx_buf_truesize = PAGE_SIZE << pool.order;
	pp->rx_pool_count = count;
	return 0;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_rx_pool);

int vfteam_plugin_port_rx_buf_get(struct vfteam_plugin_port *pp,
				  unsigned int q, struct vfteam_rx_buf *buf)
{
	struct vfteam_plugin_queue *pq = vfteam_plugin_port_q(pp, q);
	struct page *page;

	if (unlikely(!pq))
		return -EINVAL;
	if (unlikely(!pq->rx_pool)) {
		vfteam_plugin_port_bad_return(pp, "Rx buffer before rx_pool: queue",
					      q, "no buffer");
		return -EINVAL;
	}
	page = page_pool_dev_alloc_pages(pq->rx_pool);
	if (unlikely(!page))
		return -ENOMEM;
	buf->page = page;
	buf->dma = page_pool_get_dma_addr(page) + VFTEAM_RX_HEADROOM;
	return 0;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_rx_buf_get);

void vfteam_plugin_port_rx_buf_put(struct vfteam_plugin_port *pp,
				   struct vfteam_rx_buf *buf)
{
	struct page *page = buf->page;

	if (!page)
		return;
	buf->page = NULL;
	page_pool_put_full_page(page->pp, page, false);
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_rx_buf_put);

/*
 * A short frame copied into an skb of its size, its buffer back to the
 * pool at once: an ACK or a small datagram in a socket then costs its
 * size, not a page, against the socket's buffer
 */
static struct sk_buff *vfteam_rx_buf_copy(struct vfteam_plugin_queue *pq,
					  struct page *page, unsigned int len)
{
	struct sk_buff *skb = napi_alloc_skb(&pq->napi, len);

	if (likely(skb))
		skb_put_data(skb, page_address(page) + VFTEAM_RX_HEADROOM, len);
	page_pool_recycle_direct(page->pp, page);
	return skb;
}

struct sk_buff *vfteam_plugin_port_rx_buf_skb(struct vfteam_plugin_port *pp,
					      unsigned int q,
					      struct vfteam_rx_buf *buf,
					      unsigned int len)
{
	struct vfteam_plugin_queue *pq = vfteam_plugin_port_q(pp, q);
	struct page *page = buf->page;
	struct sk_buff *skb;

	if (unlikely(!page)) {
		vfteam_plugin_port_bad_return(pp, "Rx frame in an empty buffer: length",
					      len, "no frame");
		return NULL;
	}
	if (unlikely(len > pp->rx_buf_len)) {
		vfteam_plugin_port_bad_return(pp, "Rx frame longer than its buffer: length",
					      len, "frame dropped");
		vfteam_plugin_port_rx_buf_put(pp, buf);
		return NULL;
	}
	if (unlikely(!pq)) {
		vfteam_plugin_port_rx_buf_put(pp, buf);
		return NULL;
	}
	buf->page = NULL;
	dma_sync_single_range_for_cpu(pp->dev, page_pool_get_dma_addr(page),
				      VFTEAM_RX_HEADROOM, len, DMA_FROM_DEVICE);
	if (len <= VFTEAM_RX_COPYBREAK) {
		skb = vfteam_rx_buf_copy(pq, page, len);
	} else {
		skb = napi_build_skb(page_address(page), pp->rx_buf_truesize);
		if (likely(skb)) {
			skb_mark_for_recycle(skb);
			skb_reserve(skb, VFTEAM_RX_HEADROOM);
			__skb_put(skb, len);
		} else {
			page_pool_recycle_direct(page->pp, page);
		}
	}
	if (unlikely(!skb))
		vfteam_plugin_port_count(pp, VFTEAM_STAT_RX_DROPPED, 1);
	return skb;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_rx_buf_skb);
