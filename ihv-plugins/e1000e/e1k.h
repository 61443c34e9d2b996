/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin for the Intel 82574L: its registers and descriptors, the
 * port's private state, and what e1000e.c (the ops, Rx, the filter) and
 * tx.c (transmit with its offloads) share.  The device has two Tx/Rx queue
 * pairs; their registers sit 0x100 apart, so a queue is an index here and
 * every ring helper takes it.  Facts from Linux's e1000e (regs.h,
 * defines.h, hw.h) and QEMU's hw/net/e1000e_core.c.
 */
#ifndef _VFTEAM_E1K_H
#define _VFTEAM_E1K_H

#include <linux/if_vlan.h>
#include <linux/io.h>
#include <linux/skbuff.h>

#include <vfteam/plugin.h>

/* ---- registers (BAR 0) ---- */

#define E1K_CTRL	0x00000
#define   E1K_CTRL_GIO_MASTER_DISABLE	BIT(2)
#define   E1K_CTRL_SLU			BIT(6)	/* set link up */
#define   E1K_CTRL_RST			BIT(26)
#define E1K_STATUS	0x00008
#define   E1K_STATUS_FD			BIT(0)	/* full duplex */
#define   E1K_STATUS_LU			BIT(1)	/* link up */
#define   E1K_STATUS_SPEED		GENMASK(7, 6)	/* 10, 100, 1000 */
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
/* MSI-X: the causes of queue q, Rx (bit 20 + q) and Tx (bit 22 + q) */
#define   E1K_ICR_QUEUE(q)		((BIT(20) | BIT(22)) << (q))
#define   E1K_ICR_OTHER			BIT(24)	/* MSI-X: other causes */
#define   E1K_ICR_ASSERTED		BIT(31)
#define E1K_IRQ_SOURCES	(E1K_ICR_TXDW | E1K_ICR_LSC | E1K_ICR_RXO | \
			 E1K_ICR_RXT0 | E1K_ICR_QUEUE(0) | E1K_ICR_OTHER)
#define E1K_IRQ_OTHER	(E1K_ICR_OTHER | E1K_ICR_LSC)	/* vector 2's */
#define E1K_EIAC	0x000dc	/* MSI-X causes cleared and masked when sent */
#define E1K_IVAR	0x000e4	/* MSI-X vector of each cause: a nibble */
#define   E1K_IVAR_VECTOR0	0x80808		/* Rx 0, Tx 0, other: 0 */
#define   E1K_IVAR_QUEUES	0xa9898		/* Rx/Tx q: q, other: 2 */
#define E1K_ITR		0x000c4	/* interrupt throttle, 256 ns units */
#define E1K_EITR(v)	(0x000e8 + 4 * (v))	/* the same per MSI-X vector */
#define E1K_RCTL	0x00100
#define   E1K_RCTL_EN			BIT(1)
#define   E1K_RCTL_UPE			BIT(3)	/* all unicast */
#define   E1K_RCTL_MPE			BIT(4)	/* all multicast */
#define   E1K_RCTL_BAM			BIT(15)	/* broadcast */
#define   E1K_RCTL_LPE			BIT(5)	/* frames over 1522 bytes */
#define   E1K_RCTL_BSEX			BIT(25)	/* BSIZE (bits 17:16) times 16 */
#define   E1K_RCTL_SECRC		BIT(26)	/* strip the CRC */
#define E1K_TCTL	0x00400
#define   E1K_TCTL_EN			BIT(1)
#define   E1K_TCTL_PSP			BIT(3)	/* pad short frames */
#define   E1K_TCTL_CT_COLD		(15 << 4 | 63 << 12)	/* collisions */
#define   E1K_TCTL_RTLC			BIT(24)
#define E1K_RXQ(q)	(0x02800 + 0x100 * (q))	/* Rx queue registers, below */
#define E1K_TXQ(q)	(0x03800 + 0x100 * (q))	/* Tx queue registers, below */
#define   E1K_DBAL			0x00
#define   E1K_DBAH			0x04
#define   E1K_DLEN			0x08	/* 0: the ring is off */
#define   E1K_DH			0x10
#define   E1K_DT			0x18
#define E1K_RXCSUM	0x05000
#define   E1K_RXCSUM_IPOFL		BIT(8)	/* check IPv4 header sums */
#define   E1K_RXCSUM_TUOFL		BIT(9)	/* check TCP/UDP sums */
#define   E1K_RXCSUM_PCSD		BIT(13)	/* the RSS hash, not IP id/sum */
#define E1K_RFCTL	0x05008
#define   E1K_RFCTL_ACK_DIS		BIT(12)	/* no ACK cause (an "other") */
#define   E1K_RFCTL_EXTEN		BIT(15)	/* extended Rx descriptors */
#define E1K_MRQC	0x05818	/* RSS: on, and what the hash covers */
#define   E1K_MRQC_RSS			(BIT(0) | BIT(16) | BIT(17) | \
					 BIT(18) | BIT(20)) /* TCP/IP, IP: v4, v6 */
#define E1K_RETA	0x05c00	/* 128 bytes: bit 7 of byte n, queue of hash n */
#define E1K_RSSRK	0x05c80	/* the hash key, byte 0 in bits 7:0 */
#define E1K_MPC		0x04010	/* missed packets, clear on read */
#define E1K_HW_STATS	9	/* statistics for ethtool -S: e1k_hw_regs */
#define E1K_MTA		0x05200	/* multicast hash table, 128 words */
#define   E1K_MTA_WORDS			128
#define E1K_RAL0	0x05400	/* receive address 0; n at 8 * n */
#define E1K_RAH0	0x05404
#define   E1K_RAH_AV			BIT(31)
#define   E1K_RAR_ENTRIES		15	/* the 82574L's; 0 is the MAC */

/* ---- descriptors ---- */

/*
 * Tx: data descriptors (extended, DEXT and DTYP_D) and, before the data
 * of a frame with an offload, a context descriptor (DEXT, DTYP 0) that
 * says where the checksums go and how to segment.  lower: length 15:0
 * (context: the TSO payload length 19:0), DTYP 23:20, command 31:24;
 * upper: status 7:0, POPTS 15:8 (data), special 31:16.
 */
#define E1K_TXD_DTYP_D		BIT(20)
#define E1K_TXD_CMD_EOP		BIT(24)	/* data: end of frame */
#define E1K_TXD_CMD_TCP		BIT(24)	/* context: the L4 header is TCP */
#define E1K_TXD_CMD_IFCS	BIT(25)	/* data: insert the FCS */
#define E1K_TXD_CMD_IP		BIT(25)	/* context: IPv4 */
#define E1K_TXD_CMD_TSE		BIT(26)	/* segment (both kinds) */
#define E1K_TXD_CMD_RS		BIT(27)	/* report status: DD written back */
#define E1K_TXD_CMD_DEXT	BIT(29)
#define E1K_TXD_POPTS_IXSM	BIT(8)	/* data, upper: insert the IPv4 sum */
#define E1K_TXD_POPTS_TXSM	BIT(9)	/* data, upper: the TCP/UDP sum */
#define E1K_TXD_STAT_DD		BIT(0)
struct e1k_tx_desc {
	__le64 addr;
	__le32 lower;
	__le32 upper;
};

struct e1k_tx_ctx_desc {
	u8 ipcss;		/* IPv4 header: start, */
	u8 ipcso;		/* its checksum, */
	__le16 ipcse;		/* its last byte */
	u8 tucss;		/* TCP/UDP: start, its checksum, end (0: frame's) */
	u8 tucso;
	__le16 tucse;
	__le32 cmd_and_length;	/* as a data descriptor's lower */
	u8 status;
	u8 hdr_len;		/* TSO: bytes of headers in each segment */
	__le16 mss;		/* TSO: payload bytes per segment */
};

/*
 * Rx, extended: the driver writes the buffer's address and zeroes the
 * rest; the device writes the whole descriptor back, the address too.
 */
#define E1K_RXD_STAT_DD		BIT(0)
#define E1K_RXD_STAT_EOP	BIT(1)
#define E1K_RXD_STAT_UDPCS	BIT(4)
#define E1K_RXD_STAT_TCPCS	BIT(5)
#define E1K_RXD_ERR_FRAME	0x97000000	/* CE, SE, SEQ, CXE, RXE */
#define E1K_RXD_ERR_TCPE	BIT(29)
#define E1K_RXD_ERR_IPE		BIT(30)
#define E1K_RXD_RSS_TYPE	0xf	/* of mrq: 0 no hash, else its kind; */
#define   E1K_RXD_RSS_TCP4		1	/* TCP ports in it: IPv4, */
#define   E1K_RXD_RSS_TCP6		3	/* IPv6 */
struct e1k_rx_desc {
	union {
		__le64 addr;		/* read */
		struct {
			__le32 mrq;	/* write-back: RSS type, queue */
			__le32 hash;	/* the RSS hash (RXCSUM.PCSD) */
		};
	};
	__le32 status;		/* status 19:0, errors 31:20 */
	__le16 length;
	__le16 vlan;
};

#define E1K_QUEUES	2		/* Tx/Rx queue pairs */
#define E1K_VEC_OTHER	E1K_QUEUES	/* MSI-X: queue q's vector is q */
#define E1K_TX_COUNT	256		/* powers of two, multiples of 8 */
#define E1K_RX_COUNT	256
#define E1K_RX_BUF_MIN	2048		/* 2048 << n: the sizes RCTL offers */
#define E1K_RX_BUF_MAX	16384
/* the 82574's largest frame, 9234 bytes with VLAN tag and FCS */
#define E1K_MAX_MTU	(9234 - VLAN_ETH_HLEN - ETH_FCS_LEN)
#define E1K_RX_BATCH	16	/* Rx buffers given to the device at a time */
#define E1K_NEXT(i, n)	(((i) + 1) & ((n) - 1))

/* one Tx queue: xmit (under its tx lock) produces, its poll consumes */
struct e1k_txq {
	struct vfteam_ring ring;
	struct vfteam_tx_slot buf[E1K_TX_COUNT];
	struct vfteam_tx_slots tx;	/* buf on ring, and the indices */
};

/* one Rx queue: its poll's alone, or quiesce/restart/detach's */
struct e1k_rxq {
	struct vfteam_ring ring;
	struct vfteam_rx_buf buf[E1K_RX_COUNT];	/* the core's page pool's */
	unsigned int next_use;		/* = RDT: first slot without a buffer */
	unsigned int next_clean;	/* next slot the device fills */
	bool discard;			/* dropping until the next EOP */
};

struct e1k_priv {
	void __iomem *regs;		/* BAR 0 */
	struct device *dev;		/* for the DMA API */
	u8 mac[ETH_ALEN];
	/* the interrupt, from restart on: */
	bool msi;			/* MSI or MSI-X: the vector is ours */
	bool msix;			/* MSI-X: route causes with IVAR */
	bool other;			/* a vector per queue, one for the rest */
	unsigned int nr_queues;		/* started by restart */
	struct e1k_txq txq[E1K_QUEUES];
	struct e1k_rxq rxq[E1K_QUEUES];
	unsigned int rx_buf_len;	/* from the MTU at restart(NULL), */
	unsigned int max_frame;		/* and the longest frame xmit takes */
	u64 hw_stats[E1K_HW_STATS];	/* the counters' totals since attach */
	bool fresh;			/* reset, not started since */
};

static inline struct e1k_priv *e1k_priv(struct vfteam_plugin_port *pp)
{
	return vfteam_plugin_port_priv_ptr(pp, struct e1k_priv);
}

#define er32(ep, reg)		ioread32((ep)->regs + (reg))
#define ew32(ep, reg, val)	iowrite32((val), (ep)->regs + (reg))

/* tx.c */
enum vfteam_tx e1k_xmit(struct vfteam_plugin_port *pp, unsigned int q,
			struct sk_buff *skb);
void e1k_clean_tx(struct vfteam_plugin_port *pp, struct e1k_priv *ep,
		  unsigned int q, int budget);
void e1k_clear_tx(struct vfteam_plugin_port *pp, struct e1k_priv *ep,
		  unsigned int q);

#endif /* _VFTEAM_E1K_H */
