// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin for the Intel 82576 VF: the mailbox to the PF's driver,
 * which keeps the VF's MAC filter, multicast hashes and frame size.  One
 * buffer of 16 words, owned by the VF (VFU) or the PF in turn.  A read of
 * V2PMAILBOX clears PFACK, PFSTS and RSTD: each read is folded into
 * mbx_shadow, where a wait takes its bit from, so that none is lost.
 *
 * A request waits for PFACK (the PF read it), then PFSTS (its reply: ACK
 * or NACK, and CTS while the PF counts the VF as reset, which a PF or VF
 * reset undoes until the handshake).  A step that times out, or a reply
 * that is not one, leaves the mailbox unusable (mbx_ok) until the next
 * handshake.  The Linux PF answers from its interrupt handler: a step may
 * take a fifth of igbvf's second, as RTNL is held around most requests.
 */
#include <linux/etherdevice.h>
#include <linux/iopoll.h>

#include <vfteam/compat.h>

#include "igbvf.h"

#define IGBVF_MBX_TIMEOUT_US	200000	/* each step of a request */
#define IGBVF_RSTI_TIMEOUT_US	100000	/* the PF out of its own reset */

/* V2PMAILBOX with the read-to-clear bits seen so far; ~0: the VF is gone */
static u32 igbvf_mbx_bits(struct igbvf_priv *vf)
{
	u32 v = er32(vf, IGBVF_MBX);

	if (v == ~0u)
		return v;
	vf->mbx_shadow |= v & IGBVF_MBX_R2C;
	return v | vf->mbx_shadow;
}

/* VFU sticks only while the PF does not own the buffer */
static u32 igbvf_mbx_try_own(struct igbvf_priv *vf)
{
	ew32(vf, IGBVF_MBX, IGBVF_MBX_VFU);
	return igbvf_mbx_bits(vf);
}

static int igbvf_mbx_own(struct igbvf_priv *vf)
{
	u32 v;
	int err;

	err = read_poll_timeout(igbvf_mbx_try_own, v, v & IGBVF_MBX_VFU, 50,
				IGBVF_MBX_TIMEOUT_US, false, vf);
	return v == ~0u ? -ENODEV : err;
}

/* wait for @bit, and take it */
static int igbvf_mbx_wait(struct igbvf_priv *vf, u32 bit)
{
	u32 v;
	int err;

	err = read_poll_timeout(igbvf_mbx_bits, v, v & bit, 50,
				IGBVF_MBX_TIMEOUT_US, false, vf);
	vf->mbx_shadow &= ~bit;
	return v == ~0u ? -ENODEV : err;
}

/*
 * Send @words of @msg, and read @reply words of the PF's answer into
 * @msg: 0 for an ACK, -EPERM for a NACK (refused), else the mailbox
 * failed and stays unusable.
 */
static int igbvf_mbx_req(struct igbvf_priv *vf, u32 *msg, unsigned int words,
			 unsigned int reply)
{
	u32 id = msg[0] & IGBVF_MSG_ID;
	unsigned int i;
	int err;

	if (!vf->mbx_ok)
		return -EIO;
	err = igbvf_mbx_own(vf);
	if (err)
		goto fail;
	/* an old ACK or message was for the buffer this one overwrites */
	vf->mbx_shadow &= ~(IGBVF_MBX_PFACK | IGBVF_MBX_PFSTS);
	for (i = 0; i < words; i++)
		ew32(vf, IGBVF_MBMEM + 4 * i, msg[i]);
	ew32(vf, IGBVF_MBX, IGBVF_MBX_REQ);	/* gives up VFU */
	err = igbvf_mbx_wait(vf, IGBVF_MBX_PFACK);
	if (!err)
		err = igbvf_mbx_wait(vf, IGBVF_MBX_PFSTS);
	if (!err)
		err = igbvf_mbx_own(vf);
	if (err)
		goto fail;
	for (i = 0; i < reply; i++)
		msg[i] = er32(vf, IGBVF_MBMEM + 4 * i);
	ew32(vf, IGBVF_MBX, IGBVF_MBX_ACK);	/* gives up VFU */

	/* the reply to another message, or the PF no longer knows us */
	err = -EPROTO;
	if ((msg[0] & IGBVF_MSG_ID) != id ||
	    (id != IGBVF_MSG_RESET && !(msg[0] & IGBVF_MSG_CTS)))
		goto fail;
	return msg[0] & IGBVF_MSG_ACK ? 0 : -EPERM;

fail:
	vf->mbx_ok = false;
	dev_warn_ratelimited(vf->dev, "mailbox: message %#x: no answer from the PF (%d)\n",
			     id, err);
	return err;
}

/* a request of one word's answer, mbx_lock taken */
static int igbvf_mbx_send(struct igbvf_priv *vf, u32 *msg, unsigned int words)
{
	int err;

	mutex_lock(&vf->mbx_lock);
	err = igbvf_mbx_req(vf, msg, words, 1);
	mutex_unlock(&vf->mbx_lock);
	return err;
}

/*
 * The reset handshake: reset the VF's queues (the PF hears of it), wait
 * for the PF to be out of its own reset, and ask it for the VF's setup;
 * it enables the VF's Rx and Tx, forgets its filters and answers with the
 * MAC the host set.  None (NACK): @mac, if valid, is asked for instead,
 * else -EADDRNOTAVAIL.  -EAGAIN while the PF is down or resetting (the
 * core tries again, and says it waits).
 */
int igbvf_mbx_reset(struct igbvf_priv *vf, u8 *mac)
{
	u32 msg[3] = { IGBVF_MSG_RESET };
	u32 v;
	int err;

	mutex_lock(&vf->mbx_lock);
	ew32(vf, IGBVF_CTRL, IGBVF_CTRL_RST);
	err = read_poll_timeout(igbvf_mbx_bits, v,
				v == ~0u || !(v & IGBVF_MBX_RSTI), 1000,
				IGBVF_RSTI_TIMEOUT_US, false, vf);
	if (v == ~0u || err) {
		mutex_unlock(&vf->mbx_lock);
		return v == ~0u ? -ENODEV : -EAGAIN;
	}
	vf->mbx_shadow = 0;		/* RSTD, and what went before it */
	vf->mbx_ok = true;
	vf->mc_promisc = false;
	err = igbvf_mbx_req(vf, msg, 1, 3);
	if (!err) {
		put_unaligned_le32(msg[1], mac);	/* MAC byte 0: the low byte */
		put_unaligned_le16(msg[2], mac + 4);
	} else if (err == -EPERM && is_valid_ether_addr(mac)) {
		msg[0] = IGBVF_MSG_SET_MAC;
		msg[1] = get_unaligned_le32(mac);
		msg[2] = get_unaligned_le16(mac + 4);
		err = igbvf_mbx_req(vf, msg, 3, 1);
	}
	mutex_unlock(&vf->mbx_lock);
	return err == -EPERM ? -EADDRNOTAVAIL : err;
}

/*
 * Is the PF still there for this VF?  Not after its reset (RSTI, RSTD), a
 * failed request, or a message without CTS (the PF forgot the VF: a reset
 * is coming).  A message with CTS (a link change) is read and acked.
 */
bool igbvf_mbx_check(struct igbvf_priv *vf)
{
	bool ok;
	u32 v;

	mutex_lock(&vf->mbx_lock);
	v = igbvf_mbx_bits(vf);
	if (v == ~0u || (v & (IGBVF_MBX_RSTI | IGBVF_MBX_RSTD)))
		vf->mbx_ok = false;
	/* if the PF is writing, the message is read next time */
	if (vf->mbx_ok && (v & IGBVF_MBX_PFSTS) &&
	    (igbvf_mbx_try_own(vf) & IGBVF_MBX_VFU)) {
		vf->mbx_shadow &= ~IGBVF_MBX_PFSTS;
		if (!(er32(vf, IGBVF_MBMEM) & IGBVF_MSG_CTS))
			vf->mbx_ok = false;
		ew32(vf, IGBVF_MBX, IGBVF_MBX_ACK);
	}
	ok = vf->mbx_ok;
	mutex_unlock(&vf->mbx_lock);
	return ok;
}

/* the PF lets in frames of @mtu, a VLAN tag and the FCS (VMOLR.RLPML) */
int igbvf_mbx_set_mtu(struct igbvf_priv *vf, unsigned int mtu)
{
	u32 msg[2] = { IGBVF_MSG_SET_LPE, mtu + VLAN_ETH_HLEN + ETH_FCS_LEN };

	return igbvf_mbx_send(vf, msg, 2);
}

/*
 * The team's Rx filter as the PF keeps it for a VF: 30 multicast hashes,
 * or all multicast.  No other unicast address: the Linux PF refuses them
 * to a VF whose MAC the host set, as it must be here (pairing is by MAC),
 * unless trusted; and never promiscuous, which it refuses to every VF.
 */
int igbvf_mbx_set_rx(struct igbvf_priv *vf, const struct vfteam_rx_filter *f)
{
	bool allmulti = (f->flags & VFTEAM_RX_ALLMULTI) ||
			f->mc_count > IGBVF_MC_MAX;
	u32 msg[IGBVF_MSG_WORDS] = { };
	unsigned int i, hash;
	int err;

	if (f->flags & VFTEAM_RX_PROMISC)
		return -EOPNOTSUPP;
	if (f->uc_count)
		return -ENOSPC;
	if (allmulti != vf->mc_promisc) {
		msg[0] = IGBVF_MSG_SET_PROMISC | IGBVF_MSG_INFO(allmulti ? 2 : 0);
		err = igbvf_mbx_send(vf, msg, 1);
		if (err)
			return err;
		vf->mc_promisc = allmulti;
	}
	if (allmulti)
		return 0;
	/* hash: bits 47:36 of the address, two to a word */
	msg[0] = IGBVF_MSG_SET_MC | IGBVF_MSG_INFO(f->mc_count);
	for (i = 0; i < f->mc_count; i++) {
		hash = (f->mc[i][4] >> 4 | f->mc[i][5] << 4) & 0xfff;
		msg[1 + i / 2] |= hash << (16 * (i % 2));
	}
	return igbvf_mbx_send(vf, msg, IGBVF_MSG_WORDS);
}
