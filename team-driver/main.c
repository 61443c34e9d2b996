// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam: team a passthrough NIC (primary) with a paravirtual NIC (standby)
 * so that a guest keeps its network across live migration.
 *
 * This file only loads and unloads the module.
 *
 * Lock order: none taken here.  Init registers, in order, the pairing
 * workqueue, the rtnl_link_ops (which make "ip link add type vfteam" work)
 * and the netdev notifier (which replays NETDEV_REGISTER for existing
 * devices, so auto-pairing sees them).
 *
 * Exit is not a plain mirror image, for the same reason bonding unregisters
 * its notifier last: unregister_netdevice_notifier() replays GOING_DOWN,
 * DOWN and UNREGISTER for every device, which would look like every port
 * vanishing.  So exit first stops and drains the pairing work (no new team
 * can be created), then rtnl_link_unregister() deletes every team (their
 * ndo_uninit releases the ports cleanly, restoring MTU and MAC), and only
 * then the notifier, which by now sees no ports, goes away.  Plugins pin
 * vfteam.ko through the symbols they use, so none is registered at exit;
 * the plugin ports only have their join work to flush, after the notifier
 * (which queues it) is gone.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/rtnetlink.h>

#include "main.h"
#include "netdev_port.h"
#include "pair.h"
#include "plugin_port.h"
#include "plugin_wait.h"
#include "team.h"

bool vfteam_auto_pair;
module_param_named(auto_pair, vfteam_auto_pair, bool, 0444);
MODULE_PARM_DESC(auto_pair,
		 "Create a team for every paravirtual NIC whose MAC no team has (default: false)");

unsigned int vfteam_prepare_grace_ms = 200;

/* the same bound as the per-team sysfs file, with one log line */
static int vfteam_module_set_grace(const char *val,
				   const struct kernel_param *kp)
{
	unsigned int ms;
	int err;

	err = kstrtouint(val, 0, &ms);
	if (err || ms > VFTEAM_PREPARE_GRACE_MAX_MS) {
		pr_err("prepare_grace_ms: \"%s\" is not a number of ms up to %u\n",
		       val, VFTEAM_PREPARE_GRACE_MAX_MS);
		return -EINVAL;
	}
	WRITE_ONCE(vfteam_prepare_grace_ms, ms);
	return 0;
}

static const struct kernel_param_ops vfteam_module_grace_ops = {
	.set = vfteam_module_set_grace,
	.get = param_get_uint,
};
module_param_cb(prepare_grace_ms, &vfteam_module_grace_ops,
		&vfteam_prepare_grace_ms, 0644);
MODULE_PARM_DESC(prepare_grace_ms,
		 "Default of each new team's prepare_grace_ms (sysfs): after migration prepare moved traffic to the standby, how long the primary keeps receiving before it is quiesced, in ms, at most 10000 (default: 200)");

struct workqueue_struct *vfteam_wq;

static int __init vfteam_module_init(void)
{
	int err;

	err = vfteam_pair_init();
	if (err)
		return err;

	vfteam_wq = alloc_workqueue("vfteam", 0, 0);
	if (!vfteam_wq) {
		err = -ENOMEM;
		goto err_wq;
	}

	err = rtnl_link_register(&vfteam_team_link_ops);
	if (err)
		goto err_link_register;

	err = vfteam_netdev_port_notifier_register();
	if (err)
		goto err_notifier_register;

	pr_info("loaded (auto_pair=%d)\n", vfteam_auto_pair);
	return 0;

err_notifier_register:
	rtnl_link_unregister(&vfteam_team_link_ops);
err_link_register:
	destroy_workqueue(vfteam_wq);
err_wq:
	vfteam_pair_exit();
	return err;
}

static void __exit vfteam_module_exit(void)
{
	vfteam_pair_exit();
	rtnl_link_unregister(&vfteam_team_link_ops);
	/* after the teams are gone: drains what their works still run */
	destroy_workqueue(vfteam_wq);
	vfteam_netdev_port_notifier_unregister();
	vfteam_plugin_wait_exit();
}

module_init(vfteam_module_init);
module_exit(vfteam_module_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(VFTEAM_VERSION);
MODULE_DESCRIPTION("Team a passthrough NIC with a paravirtual standby for live migration");
MODULE_ALIAS_RTNL_LINK("vfteam");
