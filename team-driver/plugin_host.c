// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin host: the registry of plugins, their validation, and the
 * PCI driver glue (probe/remove around the plugin port's lifecycle in
 * plugin_port.c, its interrupt vector, and the PCI error, reset and PM
 * callbacks, which plugin_health.c answers for the port).
 *
 * Lock order: vfteam_plugins_lock and RTNL are never nested: the registry
 * mutex only guards the list of plugins (no sleeping call under it), and
 * PCI probe/remove (which take RTNL) run outside it.
 *
 * Plugins are not pinned while bound: unloading a plugin unregisters its
 * pci_driver, which removes each of its ports (fail over, quiesce, leave,
 * detach) before the module goes.  The plugin pins vfteam.ko through the
 * symbols it uses.
 */
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include <vfteam/compat.h>

#include "main.h"
#include "plugin_health.h"
#include "plugin_host.h"
#include "plugin_port.h"
#include "plugin_wait.h"
#include "standby.h"

/* a plugin's name becomes "vfteam_<name>", its pci_driver's name */
#define VFTEAM_PLUGIN_NAME_MAX	24
/* a sanity bound on the private area */
#define VFTEAM_PLUGIN_PRIV_MAX	SZ_1M

/*
 * What the core keeps for a registered plugin (plugin->core): allocated
 * at register, freed at unregister once its pci_driver is gone.
 */
struct vfteam_plugin_core {
	struct vfteam_plugin *plugin;
	struct pci_driver pdrv;
	struct list_head node;		/* vfteam_plugins, vfteam_plugins_lock */
	char drv_name[32];		/* "vfteam_<name>", the pci_driver's */
};

static LIST_HEAD(vfteam_plugins);	/* vfteam_plugins_lock */
static DEFINE_MUTEX(vfteam_plugins_lock);

/* ---- PCI ID matching and validation ---- */

static bool vfteam_plugin_host_id_end(const struct pci_device_id *id)
{
	return !id->vendor && !id->subvendor && !id->class_mask;
}

static int vfteam_plugin_host_check_ids(const struct vfteam_plugin *plugin)
{
	const struct pci_device_id *id = plugin->id_table;
	const char *standby;

	if (!id || vfteam_plugin_host_id_end(id)) {
		pr_err("plugin %s: empty PCI ID table\n", plugin->name);
		return -EINVAL;
	}
	for (; !vfteam_plugin_host_id_end(id); id++) {
		standby = vfteam_standby_id_entry(id);
		if (!standby)
			continue;
		pr_err("plugin %s: PCI ID entry %04x:%04x would bind the paravirtual standby NIC of %s\n",
		       plugin->name, id->vendor, id->device, standby);
		return -EINVAL;
	}
	return 0;
}

/* everything register checks, except uniqueness of the name */
/* the optional parts of the ops table (@ops: those this core knows) */
static int vfteam_plugin_host_check_optional(const struct vfteam_plugin *plugin,
					     const struct vfteam_plugin_ops *ops)
{
	if (ops->n_hw_stats > VFTEAM_MAX_HW_STATS ||
	    !ops->n_hw_stats != !ops->get_hw_stats ||
	    (ops->n_hw_stats && !ops->hw_stat_names)) {
		pr_err("plugin %s refused: %u hardware counters (at most %d), each with a name, and get_hw_stats with them only\n",
		       plugin->name, ops->n_hw_stats, VFTEAM_MAX_HW_STATS);
		return -EINVAL;
	}
	if (plugin->max_queues > VFTEAM_MAX_QUEUES ||
	    (plugin->max_queues > 1 &&
	     (!ops->set_rss || (plugin->irq_kinds &&
				!(plugin->irq_kinds & VFTEAM_VEC_MSIX))))) {
		pr_err("plugin %s refused: max_queues %u: at most %d, and more than one needs the set_rss op and MSI-X among its irq_kinds\n",
		       plugin->name, plugin->max_queues, VFTEAM_MAX_QUEUES);
		return -EINVAL;
	}
	return 0;
}

int vfteam_plugin_host_validate(const struct vfteam_plugin *plugin)
{
	const struct vfteam_plugin_ops *ops;
	struct vfteam_plugin_ops known = { };
	int err;

	if (!plugin || !plugin->name || !plugin->name[0] ||
	    strlen(plugin->name) > VFTEAM_PLUGIN_NAME_MAX) {
		pr_err("plugin refused: name missing or longer than %d\n",
		       VFTEAM_PLUGIN_NAME_MAX);
		return -EINVAL;
	}
	if (plugin->abi_version != VFTEAM_PLUGIN_ABI_VERSION) {
		pr_err("plugin %s refused: built for plugin ABI version %u, this vfteam has version %u; rebuild it against this vfteam's plugin.h\n",
		       plugin->name, plugin->abi_version,
		       VFTEAM_PLUGIN_ABI_VERSION);
		return -EPROTO;
	}
	ops = plugin->ops;
	if (!ops || ops->size < VFTEAM_PLUGIN_OPS_MIN_SIZE) {
		pr_err("plugin %s refused: ops table missing, or its size %zu below the %zu bytes of the mandatory ops\n",
		       plugin->name, ops ? ops->size : 0,
		       VFTEAM_PLUGIN_OPS_MIN_SIZE);
		return -EINVAL;
	}
	/* built with a newer header: fine while it leaves the new ops NULL */
	if (ops->size > sizeof(*ops) &&
	    memchr_inv((const u8 *)ops + sizeof(*ops), 0,
		       ops->size - sizeof(*ops))) {
		pr_err("plugin %s refused: its ops table (%zu bytes) has ops this vfteam does not know (%zu bytes)\n",
		       plugin->name, ops->size, sizeof(*ops));
		return -EPROTO;
	}
	if (!ops->attach || !ops->detach || !ops->xmit || !ops->poll ||
	    !ops->irq || !ops->quiesce || !ops->restart) {
		pr_err("plugin %s refused: a mandatory op is NULL\n",
		       plugin->name);
		return -EINVAL;
	}
	if (plugin->irq_kinds & ~VFTEAM_VEC_ALL) {
		pr_err("plugin %s refused: irq_kinds %#x has bits other than VFTEAM_VEC_*\n",
		       plugin->name, plugin->irq_kinds);
		return -EINVAL;
	}
	if (plugin->priv_size > VFTEAM_PLUGIN_PRIV_MAX) {
		pr_err("plugin %s refused: priv_size %zu over %d\n",
		       plugin->name, plugin->priv_size, VFTEAM_PLUGIN_PRIV_MAX);
		return -EINVAL;
	}
	/* an older plugin's table ends early: what it lacks is absent */
	memcpy(&known, ops, min(ops->size, sizeof(known)));
	err = vfteam_plugin_host_check_optional(plugin, &known);
	if (err)
		return err;
	return vfteam_plugin_host_check_ids(plugin);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_host_validate);

/* the name of the plugin's pci_driver, which outlives its ports */
const char *vfteam_plugin_host_drv_name(const struct vfteam_plugin *plugin)
{
	return plugin->core->drv_name;
}

/* ---- PCI glue ---- */

static struct vfteam_plugin *vfteam_plugin_host_of(struct pci_dev *pdev)
{
	struct pci_driver *pdrv = to_pci_driver(pdev->dev.driver);

	return container_of(pdrv, struct vfteam_plugin_core, pdrv)->plugin;
}

static void vfteam_plugin_host_irq_free(struct vfteam_plugin_port *pp)
{
	unsigned int i;

	for (i = 0; i < pp->nr_vectors; i++) {
		/* only a queue's own vector has a hint; INTx may be shared */
		if (pp->nr_vectors > 1 && i < pp->max_queues)
			irq_update_affinity_hint(pp->vectors[i], NULL);
		free_irq(pp->vectors[i], i < pp->max_queues ?
			 (void *)&pp->queues[i] : (void *)pp);
	}
	pp->nr_vectors = 0;
	pci_free_irq_vectors(pp->pdev);
}

/*
 * MSI-X for a port with several queues, or the other causes apart: a
 * vector per queue, and one for the other causes.  -ENOSPC when the
 * device or the platform has fewer.  Not managed affinity
 * (PCI_IRQ_AFFINITY), which gives no more queue vectors than CPUs:
 * ethtool -L may run more queues than CPUs, as with any NIC; each queue's
 * vector is hinted to its own CPU, near the device, round the CPUs.
 */
static int vfteam_plugin_host_msix(struct vfteam_plugin_port *pp)
{
	unsigned int want = pp->max_queues + pp->plugin->msix_other;
	struct pci_dev *pdev = pp->pdev;
	int node = dev_to_node(&pdev->dev);
	unsigned int i;
	int nvec, err;

	nvec = pci_alloc_irq_vectors(pdev, want, want, PCI_IRQ_MSIX);
	if (nvec < 0)
		return nvec;

	pp->irq_exclusive = true;
	for (i = 0; i < want; i++) {
		bool other = i == pp->max_queues;
		const char *name;

		if (other)
			name = devm_kasprintf(&pdev->dev, GFP_KERNEL,
					      "%s-other", pp->name);
		else
			name = devm_kasprintf(&pdev->dev, GFP_KERNEL, "%s-q%u",
					      pp->name, i);
		pp->vectors[i] = pci_irq_vector(pdev, i);
		err = name ? 0 : -ENOMEM;
		if (!err && other)
			err = request_irq(pp->vectors[i],
					  vfteam_plugin_port_irq_other,
					  IRQF_NO_AUTOEN, name, pp);
		else if (!err)
			err = request_irq(pp->vectors[i], vfteam_plugin_port_irq,
					  IRQF_NO_AUTOEN, name, &pp->queues[i]);
		if (err) {
			vfteam_plugin_host_irq_free(pp);
			return err;
		}
		pp->nr_vectors = i + 1;
		if (!other)
			irq_update_affinity_hint(pp->vectors[i],
						 cpumask_of(cpumask_local_spread(i, node)));
	}
	return 0;
}

/*
 * The port's vectors: MSI-X with a vector per queue when the plugin has
 * several queues (or its other causes apart) and the platform has them;
 * else one vector for everything and one queue.  MSI(-X) is ours alone,
 * legacy INTx may be shared.
 */
static int vfteam_plugin_host_irq_setup(struct vfteam_plugin_port *pp)
{
	unsigned int kinds = pp->plugin->irq_kinds ?: VFTEAM_VEC_ALL;
	struct pci_dev *pdev = pp->pdev;
	unsigned int flags = 0;
	int nvec, err;

	if ((kinds & VFTEAM_VEC_MSIX) &&
	    (pp->max_queues > 1 || pp->plugin->msix_other)) {
		err = vfteam_plugin_host_msix(pp);
		if (!err)
			return 0;
		dev_info(&pdev->dev, "%s: no %u MSI-X vectors (%d): one vector, one queue\n",
			 pp->name, pp->max_queues + pp->plugin->msix_other,
			 err);
	}
	pp->max_queues = 1;
	pp->nr_queues = 1;

	if (kinds & VFTEAM_VEC_MSIX)
		flags |= PCI_IRQ_MSIX;
	if (kinds & VFTEAM_VEC_MSI)
		flags |= PCI_IRQ_MSI;
	if (kinds & VFTEAM_VEC_INTX)
		flags |= PCI_IRQ_INTX;
	nvec = pci_alloc_irq_vectors(pdev, 1, 1, flags);
	if (nvec < 0)
		return nvec;

	pp->vectors[0] = pci_irq_vector(pdev, 0);
	pp->irq_exclusive = pdev->msix_enabled || pdev->msi_enabled;
	err = request_irq(pp->vectors[0], vfteam_plugin_port_irq,
			  pp->irq_exclusive ? IRQF_NO_AUTOEN : IRQF_SHARED,
			  pp->name, &pp->queues[0]);
	if (err) {
		pci_free_irq_vectors(pdev);
		return err;
	}
	pp->nr_vectors = 1;
	return 0;
}

static int vfteam_plugin_host_probe(struct pci_dev *pdev,
				    const struct pci_device_id *id)
{
	struct vfteam_plugin *plugin = vfteam_plugin_host_of(pdev);
	struct vfteam_plugin_port *pp;
	const char *why;
	int err;

	why = vfteam_standby_pci_refusal(pdev->vendor, pdev->device, pdev->class);
	if (why) {
		dev_err(&pdev->dev, "vfteam: plugin %s refuses %04x:%04x (class %06x): %s\n",
			plugin->name, pdev->vendor, pdev->device, pdev->class,
			why);
		return -ENODEV;
	}

	err = pcim_enable_device(pdev);
	if (err)
		return err;
	pci_set_master(pdev);
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err)
		err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (err) {
		dev_err(&pdev->dev, "vfteam: no usable DMA mask: %d\n", err);
		return err;
	}

	pp = vfteam_plugin_port_create(plugin, &pdev->dev, pdev);
	if (IS_ERR(pp))
		return PTR_ERR(pp);

	err = vfteam_plugin_host_irq_setup(pp);
	if (err) {
		dev_err(&pdev->dev, "%s: no interrupt: %d\n", pp->name, err);
		goto undo_create;
	}
	pci_set_drvdata(pdev, pp);

	rtnl_lock();
	vfteam_plugin_wait_rtnl(pp);
	/* one line either way: a port never waits without saying so */
	dev_info(&pdev->dev, "%s: MAC %pM, irq %d%s, %u of %u queues; %s\n",
		 pp->name, pp->mac, pp->vectors[0],
		 pp->irq_exclusive ? "" : " (shared)", pp->nr_queues,
		 pp->max_queues,
		 READ_ONCE(pp->port) ? "in a team" :
		 "waiting for a team with this MAC and no primary");
	rtnl_unlock();
	return 0;

undo_create:
	vfteam_plugin_port_destroy(pp);
	return err;
}

/* fail over, quiesce and leave (plugin_port.c), then irq off and detach */
static void vfteam_plugin_host_remove(struct pci_dev *pdev)
{
	struct vfteam_plugin_port *pp = pci_get_drvdata(pdev);

	vfteam_plugin_port_unlink(pp);
	vfteam_plugin_host_irq_free(pp);
	vfteam_plugin_port_destroy(pp);
}

/*
 * A reset under the port: FLR through sysfs "reset" (pci_reset_function),
 * and the resets AER recovery and suspend make.  Before it the port is
 * stopped with its traffic moved off; after it, it starts from scratch.
 */
static void vfteam_plugin_host_reset_prepare(struct pci_dev *pdev)
{
	vfteam_plugin_health_reset_prepare(pci_get_drvdata(pdev),
					   "device reset");
}

static void vfteam_plugin_host_reset_done(struct pci_dev *pdev)
{
	vfteam_plugin_health_reset_done(pci_get_drvdata(pdev), "device reset");
}

static pci_ers_result_t
vfteam_plugin_host_error_detected(struct pci_dev *pdev,
				  pci_channel_state_t state)
{
	vfteam_plugin_health_reset_prepare(pci_get_drvdata(pdev), "PCI error");
	if (state == pci_channel_io_perm_failure)
		return PCI_ERS_RESULT_DISCONNECT;
	return PCI_ERS_RESULT_NEED_RESET;
}

static pci_ers_result_t vfteam_plugin_host_slot_reset(struct pci_dev *pdev)
{
	if (pci_enable_device(pdev)) {
		dev_err(&pdev->dev, "vfteam: cannot enable the device after its reset\n");
		return PCI_ERS_RESULT_DISCONNECT;
	}
	pci_set_master(pdev);
	pci_restore_state(pdev);
	return PCI_ERS_RESULT_RECOVERED;
}

static void vfteam_plugin_host_resume_traffic(struct pci_dev *pdev)
{
	vfteam_plugin_health_reset_done(pci_get_drvdata(pdev),
					"PCI error recovery");
}

static const struct pci_error_handlers vfteam_plugin_host_err_handlers = {
	.error_detected	= vfteam_plugin_host_error_detected,
	.slot_reset	= vfteam_plugin_host_slot_reset,
	.resume		= vfteam_plugin_host_resume_traffic,
	.reset_prepare	= vfteam_plugin_host_reset_prepare,
	.reset_done	= vfteam_plugin_host_reset_done,
};

static int vfteam_plugin_host_suspend(struct device *dev)
{
	vfteam_plugin_health_reset_prepare(dev_get_drvdata(dev), "suspend");
	return 0;
}

static int vfteam_plugin_host_resume(struct device *dev)
{
	vfteam_plugin_health_reset_done(dev_get_drvdata(dev), "resume");
	return 0;
}

static DEFINE_SIMPLE_DEV_PM_OPS(vfteam_plugin_host_pm, vfteam_plugin_host_suspend,
				vfteam_plugin_host_resume);

/* ---- registry ---- */

static struct vfteam_plugin *vfteam_plugin_host_find(const char *name)
{
	struct vfteam_plugin_core *core;

	lockdep_assert_held(&vfteam_plugins_lock);
	list_for_each_entry(core, &vfteam_plugins, node)
		if (!strcmp(core->plugin->name, name))
			return core->plugin;
	return NULL;
}

/**
 * vfteam_plugin_register() - validate a plugin and bind its devices
 * @plugin: the plugin's descriptor; lives until vfteam_plugin_unregister()
 *
 * Return: 0; -EINVAL for a missing op, name or ID table; -EPROTO for an
 * ABI version mismatch or ops this core does not know; -ENOMEM; -EEXIST
 * if a plugin of that name is registered; or an error of
 * pci_register_driver().
 */
int vfteam_plugin_register(struct vfteam_plugin *plugin)
{
	struct vfteam_plugin_core *core;
	struct pci_driver *pdrv;
	int err;

	err = vfteam_plugin_host_validate(plugin);
	if (err)
		return err;

	core = kzalloc(sizeof(*core), GFP_KERNEL);
	if (!core)
		return -ENOMEM;
	core->plugin = plugin;
	snprintf(core->drv_name, sizeof(core->drv_name), "vfteam_%s",
		 plugin->name);
	pdrv = &core->pdrv;
	pdrv->name = core->drv_name;
	pdrv->id_table = plugin->id_table;
	pdrv->probe = vfteam_plugin_host_probe;
	pdrv->remove = vfteam_plugin_host_remove;
	pdrv->err_handler = &vfteam_plugin_host_err_handlers;
	pdrv->driver.pm = pm_sleep_ptr(&vfteam_plugin_host_pm);

	mutex_lock(&vfteam_plugins_lock);
	if (vfteam_plugin_host_find(plugin->name)) {
		mutex_unlock(&vfteam_plugins_lock);
		pr_err("plugin %s refused: a plugin of that name is registered\n",
		       plugin->name);
		kfree(core);
		return -EEXIST;
	}
	list_add_tail(&core->node, &vfteam_plugins);
	/* probe finds it through the pci_driver: set before registering it */
	plugin->core = core;
	mutex_unlock(&vfteam_plugins_lock);

	/* probes the devices already present, each may join a team */
	err = __pci_register_driver(pdrv, plugin->owner, core->drv_name);
	if (err) {
		pr_err("plugin %s: cannot register its PCI driver: %d\n",
		       plugin->name, err);
		mutex_lock(&vfteam_plugins_lock);
		list_del(&core->node);
		plugin->core = NULL;
		mutex_unlock(&vfteam_plugins_lock);
		kfree(core);
		return err;
	}
	pr_info("plugin %s registered (plugin ABI %u)\n", plugin->name,
		VFTEAM_PLUGIN_ABI_VERSION);
	return 0;
}
EXPORT_SYMBOL_GPL(vfteam_plugin_register);

/**
 * vfteam_plugin_unregister() - remove a plugin's ports and forget it
 * @plugin: a registered plugin
 *
 * Each port fails over to its standby, is quiesced, leaves its team and
 * is detached before this returns.  Process context; takes RTNL.
 */
void vfteam_plugin_unregister(struct vfteam_plugin *plugin)
{
	struct vfteam_plugin_core *core = plugin->core;

	pci_unregister_driver(&core->pdrv);

	mutex_lock(&vfteam_plugins_lock);
	list_del(&core->node);
	plugin->core = NULL;
	mutex_unlock(&vfteam_plugins_lock);
	kfree(core);
	pr_info("plugin %s unregistered\n", plugin->name);
}
EXPORT_SYMBOL_GPL(vfteam_plugin_unregister);
