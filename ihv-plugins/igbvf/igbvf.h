/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam plugin for the Intel 82576 VF: registers, descriptors, mailbox
 * messages and the port's state, shared by igbvf.c, mbx.c and tx.c.  Facts
 * from Linux's igbvf and igb (the PF's side of the mailbox), QEMU's
 * hw/net/igbvf.c and igb_core.c, Documentation/devices/igbvf-on-qemu-igb.md.
 */
#ifndef _VFTEAM_IGBVF_H
#define _VFTEAM_IGBVF_H

#include <linux/if_vlan.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>

#include <vfteam/plugin.h>

/* ---- registers (BAR 0, 32-bit accesses only) ---- */

#define IGBVF_CTRL	0x0000
#define   IGBVF_CTRL_RST		BIT(26)	/* queues off, the PF told */
#define IGBVF_STATUS	0x0008		/* the PF's, read-only */
#define   IGBVF_STATUS_FD		BIT(0)
#define   IGBVF_STATUS_LU		BIT(1)
#define   IGBVF_STATUS_SPEED		GENMASK(7, 6)	/* 10, 100, 1000 */
/* a bit per MSI-X entry: unmask, mask, clear when sent (auto), cause */
#define IGBVF_EIMS	0x1524
#define IGBVF_EIMC	0x1528
#define IGBVF_EIAC	0x152c
#define IGBVF_EICR	0x1580		/* write 1 to clear */
#define   IGBVF_VEC_QUEUE		BIT(0)	/* entry 0: queue 0 */
#define   IGBVF_VEC_MBX			BIT(1)	/* entry 1: the mailbox */
/* the vector's interrupt interval, microseconds in bits 14:2; 0: none */
#define IGBVF_EITR(v)	(0x1680 + 4 * (v))
#define IGBVF_EITR_USECS	GENMASK(14, 2)
#define IGBVF_IVAR0	0x1700		/* entry of Rx 0 (bits 7:0), Tx 0 (15:8) */
#define IGBVF_IVAR_MISC	0x1740		/* entry of the mailbox (7:0) */
#define   IGBVF_IVAR_VALID		0x80
#define IGBVF_MBMEM	0x0800		/* the message buffer, 16 words */
#define IGBVF_MBX	0x0c40		/* V2PMAILBOX */
#define   IGBVF_MBX_REQ			BIT(0)	/* VF: a message for the PF */
#define   IGBVF_MBX_ACK			BIT(1)	/* VF: the PF's message read */
#define   IGBVF_MBX_VFU			BIT(2)	/* VF owns the buffer */
#define   IGBVF_MBX_PFSTS		BIT(4)	/* PF: a message for the VF */
#define   IGBVF_MBX_PFACK		BIT(5)	/* PF: the VF's message read */
#define   IGBVF_MBX_RSTI		BIT(6)	/* PF: resetting */
#define   IGBVF_MBX_RSTD		BIT(7)	/* PF: reset done */
#define   IGBVF_MBX_R2C			(IGBVF_MBX_PFSTS | IGBVF_MBX_PFACK | \
					 IGBVF_MBX_RSTD) /* cleared by a read */
#define IGBVF_RXQ	0x2800		/* queue 0's Rx registers, below */
#define IGBVF_TXQ	0x3800		/* queue 0's Tx registers, below */
#define   IGBVF_DBAL			0x00
#define   IGBVF_DBAH			0x04
#define   IGBVF_DLEN			0x08
#define   IGBVF_SRRCTL			0x0c	/* Rx: buffer size, format */
#define     IGBVF_SRRCTL_ONEBUF		BIT(25)	/* advanced, one buffer */
#define     IGBVF_SRRCTL_DROP_EN	BIT(31)	/* drop, no descriptor */
#define   IGBVF_DH			0x10
#define   IGBVF_DT			0x18
#define   IGBVF_DCTL			0x28	/* RXDCTL, TXDCTL */
#define     IGBVF_DCTL_ENABLE		BIT(25)
#define     IGBVF_RXDCTL_THRESH		(16 | 8 << 8 | 1 << 16) /* igbvf's */
#define   IGBVF_RQDPC			0x30	/* Rx: dropped, clear on read */

/* ---- mailbox messages: word 0 is the id, MSGINFO 23:16 and flags ---- */

#define IGBVF_MSG_RESET		0x01	/* reply: ACK and the MAC, or NACK */
#define IGBVF_MSG_SET_MAC	0x02	/* words 1-2: the MAC */
#define IGBVF_MSG_SET_MC	0x03	/* MSGINFO: count; 16-bit hashes */
#define IGBVF_MSG_SET_LPE	0x05	/* word 1: largest frame, with FCS */
#define IGBVF_MSG_SET_PROMISC	0x06	/* MSGINFO 2: all multicast */
#define IGBVF_MSG_INFO(n)	((n) << 16)
#define IGBVF_MSG_ID		0xffff
#define IGBVF_MSG_ACK		BIT(31)	/* else NACK */
#define IGBVF_MSG_CTS		BIT(29)	/* the PF still knows this VF */
#define IGBVF_MSG_WORDS		16
#define IGBVF_MC_MAX		30	/* hashes in words 1-15 */

/* ---- descriptors (advanced) ---- */

/*
 * Tx: cmd_type_len is length 15:0, DTYP 23:20, command 31:24;
 * olinfo_status POPTS 13:8, PAYLEN 31:14, written back with DD in bit 0
 */
#define IGBVF_TXD_DTYP_CTXT	(2 << 20)
#define IGBVF_TXD_DTYP_DATA	(3 << 20)
#define IGBVF_TXD_CMD_EOP	BIT(24)
#define IGBVF_TXD_CMD_IFCS	BIT(25)
#define IGBVF_TXD_CMD_RS	BIT(27)	/* report status: DD written back */
#define IGBVF_TXD_CMD_DEXT	BIT(29)
#define IGBVF_TXD_CMD_TSE	BIT(31)
#define IGBVF_TXD_POPTS_IXSM	BIT(8)	/* insert the IPv4 header sum */
#define IGBVF_TXD_POPTS_TXSM	BIT(9)	/* insert the TCP/UDP sum */
#define IGBVF_TXD_PAYLEN_SHIFT	14
#define IGBVF_TXD_STAT_DD	BIT(0)
#define IGBVF_TXC_IPV4		BIT(10)	/* context: the L3 header is IPv4 */
#define IGBVF_TXC_L4T_TCP	BIT(11)	/* context: TCP (0: UDP) */
struct igbvf_tx_desc {
	__le64 addr;
	__le32 cmd_type_len;
	__le32 olinfo_status;
};

struct igbvf_tx_ctx_desc {
	__le32 vlan_macip_lens;	/* IP header length 8:0, MAC's 15:9 */
	__le32 seqnum_seed;
	__le32 type_tucmd_mlhl;	/* DEXT, DTYP, IPV4, L4T */
	__le32 mss_l4len_idx;	/* TSO: L4 header length 15:8, MSS 31:16 */
};

/* Rx, one buffer: written with the address, written back DD last */
#define IGBVF_RXD_STAT_DD	BIT(0)
#define IGBVF_RXD_STAT_EOP	BIT(1)
#define IGBVF_RXD_STAT_IXSM	BIT(2)	/* no checksum verdict */
#define IGBVF_RXD_STAT_UDPCS	BIT(4)
#define IGBVF_RXD_STAT_TCPCS	BIT(5)
#define IGBVF_RXD_ERR_FRAME	0x97000000	/* CE, SE, SEQ, CXE, RXE */
#define IGBVF_RXD_ERR_TCPE	BIT(29)
#define IGBVF_RXD_ERR_IPE	BIT(30)
struct igbvf_rx_desc {
	__le64 addr;		/* write-back: packet type, RSS hash */
	__le32 status;		/* read: 0 (no header buffer); errors 31:20 */
	__le16 length;
	__le16 vlan;
};

#define IGBVF_TX_COUNT	256		/* powers of two, multiples of 8 */
#define IGBVF_RX_COUNT	256
#define IGBVF_RX_BATCH	16		/* Rx buffers given at a time */
#define IGBVF_NEXT(i, n)	(((i) + 1) & ((n) - 1))
/* the Linux PF caps a VF's frames (with FCS) at 9728 bytes */
#define IGBVF_MAX_MTU	(9728 - VLAN_ETH_HLEN - ETH_FCS_LEN)
#define IGBVF_LINK_PERIOD	(2 * HZ)	/* mbx_work's, as igbvf's */

struct igbvf_priv {
	struct vfteam_plugin_port *pp;	/* for mbx_work */
	void __iomem *regs;		/* BAR 0 */
	struct device *dev;		/* for the DMA API */
	u8 mac[ETH_ALEN];		/* the PF's for this VF, at attach */
	bool other;			/* a vector for the mailbox */
	bool fresh;			/* reset handshake done, not started */

	/* Tx: xmit (under the queue's tx lock) produces, poll consumes */
	struct vfteam_ring tx;
	struct vfteam_tx_slot tx_buf[IGBVF_TX_COUNT];
	struct vfteam_tx_slots tx_slots;	/* tx_buf on tx, the indices */
	unsigned int max_frame;		/* the longest xmit takes */

	/* Rx: poll's alone, or quiesce/restart/detach's */
	struct vfteam_ring rx;
	struct vfteam_rx_buf rx_buf[IGBVF_RX_COUNT];	/* the core's pool's */
	unsigned int rx_use;		/* = RDT: first slot without a buffer */
	unsigned int rx_clean;		/* next slot the device fills */
	unsigned int rx_buf_len;	/* from the MTU at restart(NULL) */
	bool rx_discard;		/* dropping until the next EOP */

	/*
	 * The mailbox and V2PMAILBOX, whose reads clear bits: one request
	 * at a time, held across it (it sleeps), by the ops and mbx_work
	 * (the mailbox interrupt only schedules that)
	 */
	struct mutex mbx_lock;
	u32 mbx_shadow;			/* mbx_lock: read-to-clear bits seen */
	bool mbx_ok;			/* mbx_lock: usable (reset handshake) */
	bool mc_promisc;		/* the ops': the PF's, since the reset */
	/* from restart to quiesce, which cancels it: no op runs with it */
	struct delayed_work mbx_work;
	bool pf_lost;			/* mbx_work's: reported once */
};

static inline struct igbvf_priv *igbvf_priv(struct vfteam_plugin_port *pp)
{
	return vfteam_plugin_port_priv_ptr(pp, struct igbvf_priv);
}

#define er32(vf, reg)		ioread32((vf)->regs + (reg))
#define ew32(vf, reg, val)	iowrite32((val), (vf)->regs + (reg))

/* mbx.c: each takes mbx_lock, and may sleep */
int igbvf_mbx_reset(struct igbvf_priv *vf, u8 *mac);
bool igbvf_mbx_check(struct igbvf_priv *vf);
int igbvf_mbx_set_mtu(struct igbvf_priv *vf, unsigned int mtu);
int igbvf_mbx_set_rx(struct igbvf_priv *vf, const struct vfteam_rx_filter *f);

/* tx.c */
enum vfteam_tx igbvf_xmit(struct vfteam_plugin_port *pp, unsigned int q,
			  struct sk_buff *skb);
void igbvf_clean_tx(struct vfteam_plugin_port *pp, struct igbvf_priv *vf,
		    int budget);
void igbvf_clear_tx(struct vfteam_plugin_port *pp, struct igbvf_priv *vf);

#endif /* _VFTEAM_IGBVF_H */
