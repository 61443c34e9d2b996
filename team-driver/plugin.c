// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam plugin host: the registry of plugins, their validation, the PCI
 * driver glue (probe/remove around the lifecycle in pport.c), and plugin
 * ports waiting for a team with their MAC.
 *
 * Lock order: vfteam_plugins_lock and RTNL are never nested: the registry
 * mutex only guards the list of plugins (no sleeping call under it), and
 * PCI probe/remove (which take RTNL) run outside it.  RTNL guards the
 * pending list and every join/leave.
 *
 * A plugin port joins the team, in the initial network namespace, whose
 * MAC is the one the device carries and which has no primary yet: at
 * probe (the usual case: the team exists with its standby), else later
 * from vfteam_join_work, kicked when a team registers or changes its MAC
 * and when a team loses its primary.
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
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "vfteam.h"

/* a plugin's name becomes "vfteam_<name>", its pci_driver's name */
#define VFTEAM_PLUGIN_NAME_MAX	24
/* a sanity bound on the private area */
#define VFTEAM_PLUGIN_PRIV_MAX	SZ_1M

static LIST_HEAD(vfteam_plugins);	/* vfteam_plugins_lock */
static DEFINE_MUTEX(vfteam_plugins_lock);

static LIST_HEAD(vfteam_pending);	/* RTNL: ports without a team */

static void vfteam_join_work_fn(struct work_struct *work);
static DECLARE_WORK(vfteam_join_work, vfteam_join_work_fn);

/* ---- PCI ID matching and validation ---- */

/* does @id match a device with these IDs (pci_match_id() semantics)? */
bool vfteam_pci_id_match(const struct pci_device_id *id, u16 vendor,
			 u16 device, u16 subvendor, u16 subdevice, u32 class)
{
	return (id->vendor == PCI_ANY_ID || id->vendor == vendor) &&
	       (id->device == PCI_ANY_ID || id->device == device) &&
	       (id->subvendor == PCI_ANY_ID || id->subvendor == subvendor) &&
	       (id->subdevice == PCI_ANY_ID || id->subdevice == subdevice) &&
	       !((id->class ^ class) & id->class_mask);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_pci_id_match);

static bool vfteam_pci_id_end(const struct pci_device_id *id)
{
	return !id->vendor && !id->subvendor && !id->class_mask;
}

/*
 * Paravirtual NICs: standbys, which a plugin must never bind, whatever
 * their subsystem IDs (virtio-net's 0x1000 is transitional: its subsystem
 * device says it is a NIC, but no other virtio device is of class network).
 */
static const struct {
	u16 vendor, device;
} vfteam_standby_ids[] = {
	/* virtio-net, transitional and modern */
	{ PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1000 },
	{ PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1041 },
	/* vmxnet3 */
	{ PCI_VENDOR_ID_VMWARE, 0x07b0 },
};

/*
 * Why a plugin must not drive a device, or NULL: checked at probe on the
 * device itself, since new_id and driver_override bind devices that the
 * plugin's ID table never listed.
 */
const char *vfteam_pci_refusal(u16 vendor, u16 device, u32 class)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vfteam_standby_ids); i++)
		if (vfteam_standby_ids[i].vendor == vendor &&
		    vfteam_standby_ids[i].device == device)
			return "a paravirtual standby NIC";
	if (class >> 16 != PCI_BASE_CLASS_NETWORK)
		return "not a network controller";
	return NULL;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_pci_refusal);

static int vfteam_plugin_check_ids(const struct vfteam_plugin *plugin)
{
	const struct pci_device_id *id = plugin->id_table;
	size_t i;

	if (!id || vfteam_pci_id_end(id)) {
		pr_err("plugin %s: empty PCI ID table\n", plugin->name);
		return -EINVAL;
	}
	for (; !vfteam_pci_id_end(id); id++) {
		for (i = 0; i < ARRAY_SIZE(vfteam_standby_ids); i++) {
			/* the entry's own subsystem IDs: any standby's */
			if (!vfteam_pci_id_match(id, vfteam_standby_ids[i].vendor,
						 vfteam_standby_ids[i].device,
						 id->subvendor, id->subdevice,
						 PCI_CLASS_NETWORK_ETHERNET << 8))
				continue;
			pr_err("plugin %s: PCI ID entry %04x:%04x would bind the paravirtual standby NIC %04x:%04x\n",
			       plugin->name, id->vendor, id->device,
			       vfteam_standby_ids[i].vendor,
			       vfteam_standby_ids[i].device);
			return -EINVAL;
		}
	}
	return 0;
}

/* everything register checks, except uniqueness of the name */
int vfteam_plugin_validate(const struct vfteam_plugin *plugin)
{
	const struct vfteam_plugin_ops *ops;

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
	if (!ops || !ops->attach || !ops->detach || !ops->xmit ||
	    !ops->poll || !ops->irq || !ops->quiesce || !ops->restart) {
		pr_err("plugin %s refused: ops table missing or incomplete\n",
		       plugin->name);
		return -EINVAL;
	}
	if (plugin->priv_size > VFTEAM_PLUGIN_PRIV_MAX) {
		pr_err("plugin %s refused: priv_size %zu over %d\n",
		       plugin->name, plugin->priv_size, VFTEAM_PLUGIN_PRIV_MAX);
		return -EINVAL;
	}
	return vfteam_plugin_check_ids(plugin);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_validate);

/* ---- ports waiting for a team ---- */

void vfteam_plugin_pending_add_rtnl(struct vfteam_pport *pp)
{
	ASSERT_RTNL();
	if (pp->pending)
		return;
	list_add_tail(&pp->pending_node, &vfteam_pending);
	WRITE_ONCE(pp->pending, true);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_pending_add_rtnl);

void vfteam_plugin_pending_del_rtnl(struct vfteam_pport *pp)
{
	ASSERT_RTNL();
	if (!pp->pending)
		return;
	list_del_init(&pp->pending_node);
	WRITE_ONCE(pp->pending, false);
}

/* a registered team in init_net with @mac and no primary */
static struct vfteam *vfteam_plugin_team_for_rtnl(const u8 *mac)
{
	struct net_device *dev;
	struct vfteam *team;

	ASSERT_RTNL();
	for_each_netdev(&init_net, dev) {
		if (!vfteam_is_team(dev) || dev->reg_state != NETREG_REGISTERED ||
		    !ether_addr_equal(dev->dev_addr, mac))
			continue;
		team = netdev_priv(dev);
		if (!vfteam_port_rtnl(team, VFTEAM_ROLE_PRIMARY))
			return team;
	}
	return NULL;
}

static void vfteam_plugin_try_join_rtnl(struct vfteam_pport *pp)
{
	struct vfteam *team;
	int err;

	ASSERT_RTNL();
	team = vfteam_plugin_team_for_rtnl(pp->mac);
	if (!team)
		return;
	err = vfteam_pport_join_rtnl(pp, team);
	if (err)
		netdev_warn(team->dev, "plugin port %s cannot join: %d\n",
			    pp->name, err);
}

static void vfteam_join_work_fn(struct work_struct *work)
{
	struct vfteam_pport *pp, *tmp;

	rtnl_lock();
	list_for_each_entry_safe(pp, tmp, &vfteam_pending, pending_node)
		vfteam_plugin_try_join_rtnl(pp);
	rtnl_unlock();
}

/* a team appeared, changed its MAC or lost its primary: retry later */
void vfteam_plugin_kick(void)
{
	schedule_work(&vfteam_join_work);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_plugin_kick);

/* take the port out of its team, or off the pending list; takes RTNL */
void vfteam_pport_unlink(struct vfteam_pport *pp)
{
	rtnl_lock();
	vfteam_plugin_pending_del_rtnl(pp);
	if (pp->port)
		vfteam_pport_leave_rtnl(pp);
	rtnl_unlock();
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_pport_unlink);

/* plugins pin vfteam.ko, so none is left; flush the join work */
void vfteam_plugin_host_exit(void)
{
	cancel_work_sync(&vfteam_join_work);
	WARN_ON(!list_empty(&vfteam_pending));
}

/* ---- PCI glue ---- */

static struct vfteam_plugin *vfteam_plugin_of(struct pci_dev *pdev)
{
	struct pci_driver *pdrv = to_pci_driver(pdev->dev.driver);

	return container_of(pdrv, struct vfteam_plugin, core.pdrv);
}

/* one vector; MSI(-X) is ours alone, legacy INTx may be shared */
static int vfteam_plugin_irq_setup(struct vfteam_pport *pp)
{
	struct pci_dev *pdev = pp->pdev;
	int nvec, err;

	nvec = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSIX | PCI_IRQ_MSI |
				     PCI_IRQ_LEGACY);
	if (nvec < 0)
		return nvec;

	pp->irq = pci_irq_vector(pdev, 0);
	pp->irq_exclusive = pdev->msix_enabled || pdev->msi_enabled;
	err = request_irq(pp->irq, vfteam_pport_irq,
			  pp->irq_exclusive ? IRQF_NO_AUTOEN : IRQF_SHARED,
			  pp->name, pp);
	if (err) {
		pci_free_irq_vectors(pdev);
		pp->irq = 0;
	}
	return err;
}

static int vfteam_plugin_probe(struct pci_dev *pdev,
			       const struct pci_device_id *id)
{
	struct vfteam_plugin *plugin = vfteam_plugin_of(pdev);
	struct vfteam_pport *pp;
	const char *why;
	int err;

	why = vfteam_pci_refusal(pdev->vendor, pdev->device, pdev->class);
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

	pp = vfteam_pport_create(plugin, &pdev->dev, pdev);
	if (IS_ERR(pp))
		return PTR_ERR(pp);

	err = vfteam_plugin_irq_setup(pp);
	if (err) {
		dev_err(&pdev->dev, "%s: no interrupt: %d\n", pp->name, err);
		goto undo_create;
	}
	pci_set_drvdata(pdev, pp);

	rtnl_lock();
	vfteam_plugin_pending_add_rtnl(pp);
	vfteam_plugin_try_join_rtnl(pp);
	rtnl_unlock();

	dev_info(&pdev->dev, "%s: MAC %pM, irq %d%s\n", pp->name, pp->mac,
		 pp->irq, pp->irq_exclusive ? "" : " (shared)");
	return 0;

undo_create:
	vfteam_pport_destroy(pp);
	return err;
}

/* fail over, quiesce and leave (pport.c), then irq off and detach */
static void vfteam_plugin_remove(struct pci_dev *pdev)
{
	struct vfteam_pport *pp = pci_get_drvdata(pdev);

	vfteam_pport_unlink(pp);
	free_irq(pp->irq, pp);
	pci_free_irq_vectors(pdev);
	vfteam_pport_destroy(pp);
}

/* ---- registry ---- */

static struct vfteam_plugin *vfteam_plugin_find(const char *name)
{
	struct vfteam_plugin *plugin;

	lockdep_assert_held(&vfteam_plugins_lock);
	list_for_each_entry(plugin, &vfteam_plugins, core.node)
		if (!strcmp(plugin->name, name))
			return plugin;
	return NULL;
}

/**
 * vfteam_plugin_register() - validate a plugin and bind its devices
 * @plugin: the plugin's descriptor; lives until vfteam_plugin_unregister()
 *
 * Return: 0; -EINVAL for a missing op, name or ID table; -EPROTO for an
 * ABI version mismatch; -EEXIST if a plugin of that name is registered;
 * or an error of pci_register_driver().
 */
int vfteam_plugin_register(struct vfteam_plugin *plugin)
{
	struct pci_driver *pdrv;
	int err;

	err = vfteam_plugin_validate(plugin);
	if (err)
		return err;

	mutex_lock(&vfteam_plugins_lock);
	if (vfteam_plugin_find(plugin->name)) {
		mutex_unlock(&vfteam_plugins_lock);
		pr_err("plugin %s refused: a plugin of that name is registered\n",
		       plugin->name);
		return -EEXIST;
	}
	list_add_tail(&plugin->core.node, &vfteam_plugins);
	mutex_unlock(&vfteam_plugins_lock);

	pdrv = &plugin->core.pdrv;
	memset(pdrv, 0, sizeof(*pdrv));
	snprintf(plugin->core.drv_name, sizeof(plugin->core.drv_name),
		 "vfteam_%s", plugin->name);
	pdrv->name = plugin->core.drv_name;
	pdrv->id_table = plugin->id_table;
	pdrv->probe = vfteam_plugin_probe;
	pdrv->remove = vfteam_plugin_remove;

	/* probes the devices already present, each may join a team */
	err = __pci_register_driver(pdrv, plugin->owner, plugin->core.drv_name);
	if (err) {
		pr_err("plugin %s: cannot register its PCI driver: %d\n",
		       plugin->name, err);
		mutex_lock(&vfteam_plugins_lock);
		list_del_init(&plugin->core.node);
		mutex_unlock(&vfteam_plugins_lock);
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
	pci_unregister_driver(&plugin->core.pdrv);

	mutex_lock(&vfteam_plugins_lock);
	list_del_init(&plugin->core.node);
	mutex_unlock(&vfteam_plugins_lock);
	pr_info("plugin %s unregistered\n", plugin->name);
}
EXPORT_SYMBOL_GPL(vfteam_plugin_unregister);
