// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam skeleton plugin: the smallest plugin that builds and loads.  It
 * moves no traffic: xmit declines everything (the standby sends it), poll
 * and irq find nothing, and it never reports link up, so the team never
 * makes it its active port.  Copy it to start a real plugin; each op says
 * what a real one does there.
 *
 * It binds only PCI ID 1b36:feed, which no device has (1b36 is QEMU's
 * vendor ID, feed is not assigned), so it never takes real hardware.  To
 * exercise its probe path in QEMU, give the guest a "pci-testdev"
 * (1b36:0005, one memory BAR) and bind it by hand:
 *   echo "1b36 0005" > /sys/bus/pci/drivers/vfteam_skeleton/new_id
 *
 * Locking: none of its own.  The core serialises the ops (see plugin.h).
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>

#include <vfteam/plugin.h>

#define SKEL_RING_SIZE	16

static char *mac;
module_param(mac, charp, 0444);
MODULE_PARM_DESC(mac, "MAC the port carries (default: a random one)");

struct skel_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct skel_priv {
	void __iomem *regs;		/* BAR 0, NULL without one */
	struct vfteam_ring tx_ring;	/* only to show the ring helpers */
};

static struct skel_priv *skel_priv(struct vfteam_plugin_port *pp)
{
	return vfteam_plugin_port_priv_ptr(pp, struct skel_priv);
}

static int skel_attach(struct vfteam_plugin_port *pp)
{
	struct skel_priv *sp = skel_priv(pp);
	u8 addr[ETH_ALEN];
	int err;

	/* a real plugin maps its register BAR and resets the device here */
	if (vfteam_plugin_port_pci(pp)) {
		sp->regs = vfteam_plugin_port_iomap(pp, 0);
		if (!sp->regs)
			return -ENOMEM;
	}

	/* ... and reads the MAC from the device (EEPROM, registers) */
	if (!mac || !mac_pton(mac, addr))
		eth_random_addr(addr);
	err = vfteam_plugin_port_set_mac(pp, addr);
	if (err)
		return err;

	/* descriptor rings live as long as the port: allocate them here */
	return vfteam_ring_alloc(pp, &sp->tx_ring, SKEL_RING_SIZE,
				 sizeof(struct skel_desc));
}

static void skel_detach(struct vfteam_plugin_port *pp)
{
	vfteam_ring_free(pp, &skel_priv(pp)->tx_ring);
}

/* one queue pair (max_queues 0): @q is always 0 */
static enum vfteam_tx skel_xmit(struct vfteam_plugin_port *pp, unsigned int q,
				struct sk_buff *skb)
{
	/*
	 * a real plugin maps the skb, fills a descriptor, rings a doorbell;
	 * VFTEAM_TX_BUSY while its ring is full
	 */
	return VFTEAM_TX_DECLINE;
}

static int skel_poll(struct vfteam_plugin_port *pp, unsigned int q, int budget)
{
	/*
	 * A real plugin reclaims finished Tx descriptors
	 * (vfteam_plugin_port_tx_done), receives up to @budget frames
	 * (vfteam_plugin_port_rx_buf_skb on the core's Rx buffers, then
	 * vfteam_plugin_port_rx), refills its ring
	 * (vfteam_plugin_port_rx_buf_get), and unmasks its interrupt
	 * before returning less than @budget.
	 */
	return 0;
}

static enum vfteam_irq skel_irq(struct vfteam_plugin_port *pp, unsigned int q)
{
	/* a real plugin reads and acks the cause, masks Rx/Tx, says POLL */
	return VFTEAM_IRQ_NONE;
}

static int skel_quiesce(struct vfteam_plugin_port *pp,
			struct vfteam_ring_checkpoint *cp)
{
	/* a real plugin stops DMA, waits for it, records its ring indices */
	cp->nr_rings = 1;
	cp->ring[0].producer = 0;
	cp->ring[0].consumer = 0;
	return 0;
}

static int skel_restart(struct vfteam_plugin_port *pp,
			const struct vfteam_ring_checkpoint *cp)
{
	/*
	 * A real plugin (re)programs the rings, from @cp or from zero, then
	 * enables DMA and its interrupt sources, and reports the link with
	 * vfteam_plugin_port_link_set() once it knows it.
	 */
	memset(skel_priv(pp)->tx_ring.desc, 0,
	       SKEL_RING_SIZE * sizeof(struct skel_desc));
	return 0;
}

static const struct vfteam_plugin_ops skel_ops = {
	.size		= sizeof(struct vfteam_plugin_ops),
	.attach		= skel_attach,
	.detach		= skel_detach,
	.xmit		= skel_xmit,
	.poll		= skel_poll,
	.irq		= skel_irq,
	.quiesce	= skel_quiesce,
	.restart	= skel_restart,
	/*
	 * Optional, each documented in plugin.h and the guide: set_rx_filter
	 * (unicast/multicast lists, promiscuous), irq_enable (unmask after
	 * NAPI completed), change_mtu (Rx buffers that follow the MTU),
	 * reset (a full device reset before restart from scratch),
	 * get_hw_stats (ethtool -S), set_irq_moderation (ethtool -C),
	 * set_rss (with max_queues > 1: several queue pairs, ethtool -L).
	 */
};

static const struct pci_device_id skel_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT, 0xfeed) },
	{ }
};
MODULE_DEVICE_TABLE(pci, skel_ids);

static struct vfteam_plugin skel_plugin = {
	.name		= "skeleton",
	.owner		= THIS_MODULE,
	.abi_version	= VFTEAM_PLUGIN_ABI_VERSION,
	.id_table	= skel_ids,
	.priv_size	= sizeof(struct skel_priv),
	.ops		= &skel_ops,
};
module_vfteam_plugin(skel_plugin);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vfteam skeleton plugin: the starting point of a plugin");
