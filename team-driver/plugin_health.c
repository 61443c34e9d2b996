// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin port health: what the core does when a plugin port's
 * device stops working under it.
 *
 *  - A hung device: the Tx watchdog (a work per port, every
 *    vfteam_plugin_tx_watch_ms) sees, for two samples in a row, a queue
 *    that has taken frames since its last completion (tx_done) and
 *    completed none since, while it was handed frames (taken or declined
 *    by the xmit op), or the team's queues were stopped by its full ring
 *    (a hung device's ring fills, then it answers busy), or its link is
 *    up (frames left on a ring with link up are a hang even once nothing
 *    new comes: their senders wait for them).  A port that only declines
 *    frames it cannot send is not hung.  Queue by queue: one queue's
 *    completions do not hide another's stall (its vector masked, say).
 *    A port with nothing out is idle: like the stack's own dev_watchdog,
 *    it cannot tell a hang from silence there, and does not try.
 *  - A device the plugin reports broken (vfteam_plugin_port_report_error),
 *    or reset by its PF (vfteam_plugin_port_report_reset): acted on by the
 *    watchdog's work, at once.
 *  - A reset under the port: FLR through sysfs "reset", AER recovery, or
 *    suspend (plugin_host.c's PCI and PM callbacks).
 *
 * Each way the team's traffic moves off the port first (the port stops
 * running, selection picks the standby), the port is stopped, and once
 * the device can work again it is reset (the plugin's reset op, if it has
 * one) and restarted from scratch (its checkpoint does not survive a
 * reset); the team takes it back through selection, flap damping
 * included.  A device whose reset or restart fails is tried again at
 * each watchdog sample; one whose reset op says not yet (-EAGAIN: a VF
 * whose PF is down) too, logged once rather than at each try.  One that
 * stalls again after the plugin reset it lost more than its registers can
 * hold (its MSI-X vector masked under the driver, say): the core then
 * resets the PCI function (pci_try_reset_function(), which comes back
 * through the PCI callbacks as a reset under the port).
 *
 * Locking: the watchdog's samples and stall_resets belong to its work;
 * pp->resetting, pp->hung and pp->hung_waiting are RTNL's.  The PCI and PM
 * callbacks run in process context under the device lock and take RTNL,
 * the order probe and remove use; so the work resets the function without
 * RTNL, and only if it gets the device lock (remove holds it while it
 * waits for the work).
 */
#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#include "main.h"
#include "plugin_call.h"
#include "plugin_health.h"
#include "plugin_port.h"
#include "plugin_wait.h"
#include "port.h"
#include "team.h"

/* samples in a row with frames handed to the port and none completed */
#define VFTEAM_TX_STALL_SAMPLES	2
/* stalls, each after the plugin's reset, before the function is reset */
#define VFTEAM_TX_STALL_RESETS	2

unsigned int vfteam_plugin_tx_watch_ms = 1000;
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_tx_watch_ms);

/*
 * One queue's sample: whether it stalled since the last (frames handed
 * to it, or its ring full, and none completed, and some taken since its
 * last completion), and whether it completed any; @lost: what it took
 * since its last completion
 */
static bool vfteam_plugin_health_sample(struct vfteam_plugin_queue *pq,
					bool *completed, u64 *lost)
{
	struct vfteam_plugin_totals t = { };
	bool stalled;
	u64 handed, out_since;

	vfteam_plugin_queue_totals(pq, &t);
	handed = t.tx_taken + t.tx_declined;
	*completed = t.tx_packets != pq->watch_done;
	if (*completed)
		pq->watch_taken_at_done = t.tx_taken;
	/* frames out since the last completion, or since the port started */
	out_since = max_t(u64, pq->watch_taken_at_done,
			  atomic64_read(&pq->start_taken));
	/*
	 * Frames still out with link up count even when nothing new came:
	 * the frames a hung ring holds fill their senders' socket buffers
	 * (ping's is a dozen frames), and TCP backs off, so new frames stop
	 * coming.  With link down a ring may hold frames until it is back.
	 */
	stalled = (handed != pq->watch_handed ||
		   READ_ONCE(pq->tx_stopped) || READ_ONCE(pq->pp->link_up)) &&
		  !*completed && t.tx_taken != out_since;
	*lost = t.tx_taken - out_since;
	pq->watch_handed = handed;
	pq->watch_done = t.tx_packets;
	return stalled;
}

/* RTNL: stop a port that is in a team and running; traffic first */
static void vfteam_plugin_health_stop_rtnl(struct vfteam_plugin_port *pp)
{
	ASSERT_RTNL();
	vfteam_plugin_port_quiesce_rtnl(pp);
	/* what the device held is gone, or not to be trusted */
	pp->cp_valid = false;
}

static const char *const vfteam_plugin_health_why[] = {
	[VFTEAM_RESET_TX_STALL]		= "a transmit stall",
	[VFTEAM_RESET_REPORTED]		= "an error the plugin reported",
	[VFTEAM_RESET_FUNCTION]		= "a function reset",
	[VFTEAM_RESET_RESTART_FAILED]	= "a failed restart",
	[VFTEAM_RESET_PF]		= "a reset by its PF",
};

/*
 * RTNL: the plugin's reset op, then restart from scratch; false (and
 * logged) if either failed
 */
static bool vfteam_plugin_health_restart_rtnl(struct vfteam_plugin_port *pp,
					      const char *what,
					      enum vfteam_reset_why why)
{
	struct net_device *dev = pp->port->team->dev;
	int err;

	if (pp->ops->reset) {
		err = vfteam_plugin_call(pp, reset, why);
		if (err == -EAGAIN) {
			if (!pp->hung_waiting)
				netdev_info(dev, "plugin port %s: waiting for the device to be ready for its reset, after %s\n",
					    pp->name, what);
			pp->hung_waiting = true;
			return false;
		}
		if (err) {
			net_warn_ratelimited("%s: plugin port %s: reset after %s failed: %d; it stays off\n",
					     dev->name, pp->name, what, err);
			return false;
		}
	}
	err = vfteam_plugin_port_restart_rtnl(pp, NULL);
	if (err) {
		net_warn_ratelimited("%s: plugin port %s: restart after %s failed: %d; it stays off\n",
				     dev->name, pp->name, what, err);
		return false;
	}
	netdev_info(dev, "plugin port %s: restarted after %s\n", pp->name, what);
	pp->hung_waiting = false;
	return true;
}

/* RTNL: a port whose restart failed, reset and restarted at each sample */
void vfteam_plugin_health_failed_rtnl(struct vfteam_plugin_port *pp,
				      enum vfteam_reset_why why)
{
	ASSERT_RTNL();
	pp->hung = true;
	pp->hung_why = why;
}

/*
 * @reported: the plugin said the device is broken, or its PF reset it
 * (@why); else Tx stalled
 */
static void vfteam_plugin_health_hung(struct vfteam_plugin_port *pp,
				      u64 taken, bool reported,
				      enum vfteam_reset_why why)
{
	rtnl_lock();
	if (pp->port && !pp->resetting && !pp->port->released) {
		if (pp->running) {
			if (reported)
				netdev_warn(pp->port->team->dev,
					    "plugin port %s: %s: traffic moves to the standby, the device resets\n",
					    pp->name, why == VFTEAM_RESET_PF ?
					    "its PF reset the device or stopped answering it" :
					    "the plugin reported an error");
			else
				netdev_warn(pp->port->team->dev,
					    "plugin port %s: transmit stalled (%llu frames taken, none completed in %u ms): traffic moves to the standby, the device resets\n",
					    pp->name, taken,
					    VFTEAM_TX_STALL_SAMPLES *
					    READ_ONCE(vfteam_plugin_tx_watch_ms));
			vfteam_plugin_health_stop_rtnl(pp);
			vfteam_plugin_health_failed_rtnl(pp, reported ? why :
							 VFTEAM_RESET_TX_STALL);
		}
		if (pp->hung && !pp->running)
			pp->hung = !vfteam_plugin_health_restart_rtnl(pp,
					vfteam_plugin_health_why[pp->hung_why],
					pp->hung_why);
	}
	rtnl_unlock();
}

/*
 * No RTNL: the reset's callbacks take it.  True if the function was reset
 * (the port restarted in its reset_done); false if it has no reset, or
 * its device lock is held (a remove waits for this work).
 */
static bool vfteam_plugin_health_reset_function(struct vfteam_plugin_port *pp)
{
	int err;

	if (!pp->pdev)
		return false;
	dev_warn(&pp->pdev->dev, "%s: transmit stalled again after the plugin reset the device: resetting the PCI function\n",
		 pp->name);
	err = pci_try_reset_function(pp->pdev);
	if (err)
		dev_warn(&pp->pdev->dev, "%s: PCI function reset failed: %d; the plugin resets the device again\n",
			 pp->name, err);
	return !err;
}

static void vfteam_plugin_health_watch(struct work_struct *work)
{
	struct vfteam_plugin_port *pp = container_of(to_delayed_work(work),
						     struct vfteam_plugin_port,
						     tx_watch);
	unsigned int ms = READ_ONCE(vfteam_plugin_tx_watch_ms);
	bool reported = test_and_clear_bit(0, &pp->error_reported);
	/* after the bit: the reason set before it (or a later one) */
	enum vfteam_reset_why why = READ_ONCE(pp->report_why);
	bool stalled = false, completed = false, c;
	u64 lost = 0, l;
	unsigned int i;

	if (!ms) {
		/* no stall watch; a reported error is still acted on */
		pp->watch_stalled = 0;
		if (reported || READ_ONCE(pp->hung))
			vfteam_plugin_health_hung(pp, 0, reported, why);
		/* looked at again in a second: a test may turn it on */
		queue_delayed_work(system_wq, &pp->tx_watch, HZ);
		return;
	}

	for (i = 0; i < pp->max_queues; i++) {
		/* a full ring that stopped the team is handed nothing, and waits */
		if (vfteam_plugin_health_sample(&pp->queues[i], &c, &l)) {
			stalled = true;
			lost += l;
		}
		completed |= c;
	}
	if (completed && !stalled)
		pp->stall_resets = 0;	/* the last reset helped */
	if (READ_ONCE(pp->running) && stalled)
		pp->watch_stalled++;
	else
		pp->watch_stalled = 0;

	if (pp->watch_stalled >= VFTEAM_TX_STALL_SAMPLES &&
	    ++pp->stall_resets >= VFTEAM_TX_STALL_RESETS &&
	    vfteam_plugin_health_reset_function(pp)) {
		pp->watch_stalled = 0;
		pp->stall_resets = 0;
	} else if (pp->watch_stalled >= VFTEAM_TX_STALL_SAMPLES ||
		   READ_ONCE(pp->hung) || reported) {
		pp->watch_stalled = 0;
		vfteam_plugin_health_hung(pp, lost, reported, why);
	}
	queue_delayed_work(system_wq, &pp->tx_watch, msecs_to_jiffies(ms));
}

/* any context: the watchdog's work acts on it now, not at its next sample */
void vfteam_plugin_port_report_reset(struct vfteam_plugin_port *pp,
				     enum vfteam_reset_why why)
{
	if (why != VFTEAM_RESET_PF) {
		/* the others are the core's to find */
		if (why != VFTEAM_RESET_REPORTED)
			net_warn_ratelimited("plugin port %s: reset reason %d is not one a plugin reports: taken as an error it reported\n",
					     pp->name, why);
		why = VFTEAM_RESET_REPORTED;
	}
	WRITE_ONCE(pp->report_why, why);
	/* set_bit orders nothing: the barrier puts the reason first */
	smp_mb__before_atomic();
	set_bit(0, &pp->error_reported);
	mod_delayed_work(system_wq, &pp->tx_watch, 0);
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_report_reset);

void vfteam_plugin_port_report_error(struct vfteam_plugin_port *pp)
{
	vfteam_plugin_port_report_reset(pp, VFTEAM_RESET_REPORTED);
}
EXPORT_SYMBOL_GPL(vfteam_plugin_port_report_error);

/* from create: the watchdog runs for the port's whole life */
void vfteam_plugin_health_init(struct vfteam_plugin_port *pp)
{
	INIT_DELAYED_WORK(&pp->tx_watch, vfteam_plugin_health_watch);
	queue_delayed_work(system_wq, &pp->tx_watch, HZ);
}

/* at destroy, without RTNL (the work takes it) */
void vfteam_plugin_health_exit(struct vfteam_plugin_port *pp)
{
	cancel_delayed_work_sync(&pp->tx_watch);
}

/*
 * The device is about to be reset (or was found broken): move the team's
 * traffic off it and stop it while it can still be told to.  Nothing
 * restarts it before vfteam_plugin_health_reset_done().
 */
void vfteam_plugin_health_reset_prepare(struct vfteam_plugin_port *pp,
					const char *why)
{
	rtnl_lock();
	pp->resetting = true;
	if (pp->port && pp->running) {
		netdev_warn(pp->port->team->dev,
			    "plugin port %s: %s: traffic moves to the standby\n",
			    pp->name, why);
		vfteam_plugin_health_stop_rtnl(pp);
	}
	pp->cp_valid = false;
	rtnl_unlock();
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_health_reset_prepare);

/*
 * The device works again: restart the port from scratch, unless the
 * migration released it (abort restarts it then), or it waits for a team
 * (it starts when it joins one).
 */
void vfteam_plugin_health_reset_done(struct vfteam_plugin_port *pp,
				     const char *why)
{
	rtnl_lock();
	pp->resetting = false;
	pp->cp_valid = false;
	pp->hung = false;
	if (pp->port && !pp->running && !pp->port->released) {
		pp->hung_why = VFTEAM_RESET_FUNCTION;
		pp->hung = !vfteam_plugin_health_restart_rtnl(pp, why,
							      pp->hung_why);
	} else if (!pp->port) {
		vfteam_plugin_wait_kick();
	}
	rtnl_unlock();
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_health_reset_done);
