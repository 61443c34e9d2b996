/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels vfteam builds on, for vfteam and its
 * plugins alike: Debian 12's 6.1 and 6.12 (and the cloud flavour of
 * each).  Every difference is here, each tested by the name it has
 * where a #define lets it be, by version otherwise; the rest of the tree
 * has no version test.  A plugin includes it after
 * <vfteam/plugin.h> when it needs one of these.
 */
#ifndef _VFTEAM_COMPAT_H
#define _VFTEAM_COMPAT_H

#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/version.h>

/* get_unaligned_le32() and its kin: <linux/unaligned.h> since 6.12 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* skb_gso_segment(): <net/gso.h> since 6.5, <linux/netdevice.h> before */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

/* INTx was PCI_IRQ_LEGACY until 6.8, which named it PCI_IRQ_INTX */
#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

/*
 * A virtual device's lockless Tx and its staying in its namespace: feature
 * bits (NETIF_F_LLTX, NETIF_F_NETNS_LOCAL) until 6.12 made them flags of
 * the device (lltx, netns_immutable)
 */
static inline void vfteam_compat_lltx_netns_local(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX | NETIF_F_NETNS_LOCAL;
#else
	dev->lltx = true;
	dev->netns_immutable = true;
#endif
}

/*
 * A team's port, marked (@on) or unmarked.  IFF_SLAVE: network managers
 * and, until 6.2, IPv6 addrconf leave it alone.  6.2 made addrconf look at
 * IFF_NO_ADDRCONF instead, and let every running device be renamed, which
 * 6.1 allows only with IFF_LIVE_RENAME_OK (udev renames a port that is up
 * and enslaved).  The kernel that dropped IFF_LIVE_RENAME_OK's #define has
 * no way left to test for these enum values: 6.2 is the line.
 */
static inline void vfteam_compat_port_flags(struct net_device *port_dev,
					    bool on)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	const u64 priv = IFF_NO_ADDRCONF;
#else
	const u64 priv = IFF_LIVE_RENAME_OK;
#endif

	if (on) {
		port_dev->flags |= IFF_SLAVE;
		port_dev->priv_flags |= priv;
	} else {
		port_dev->flags &= ~IFF_SLAVE;
		port_dev->priv_flags &= ~priv;
	}
}

#endif /* _VFTEAM_COMPAT_H */
