// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam standbys: one table of the paravirtual NICs, by driver name (how
 * a netdev port's role is told) and by PCI ID (what a plugin may never
 * bind).  No locking: constant data and pure functions.
 */
#include <linux/kernel.h>
#include <linux/pci_ids.h>
#include <linux/string.h>

#include "main.h"
#include "standby.h"

/*
 * device 0 for a standby that is not a PCI function (netvsc on VMBus, Xen's
 * netfront).  virtio-net's 0x1000 is transitional: only its subsystem
 * device says it is a NIC, so it is refused whatever the subsystem IDs.
 */
static const struct {
	const char *driver;
	u16 vendor, device;
} vfteam_standbys[] = {
	{ "virtio_net", PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1000 },
	{ "virtio_net", PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1041 },
	{ "vmxnet3", PCI_VENDOR_ID_VMWARE, 0x07b0 },
	{ "hv_netvsc" },
	{ "vif" },
};

bool vfteam_standby_driver(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vfteam_standbys); i++)
		if (!strcmp(vfteam_standbys[i].driver, name))
			return true;
	return false;
}

/* does @id match a device with these IDs (pci_match_id() semantics)? */
bool vfteam_standby_id_matches(const struct pci_device_id *id, u16 vendor,
			       u16 device, u16 subvendor, u16 subdevice,
			       u32 class)
{
	return (id->vendor == PCI_ANY_ID || id->vendor == vendor) &&
	       (id->device == PCI_ANY_ID || id->device == device) &&
	       (id->subvendor == PCI_ANY_ID || id->subvendor == subvendor) &&
	       (id->subdevice == PCI_ANY_ID || id->subdevice == subdevice) &&
	       !((id->class ^ class) & id->class_mask);
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_standby_id_matches);

/*
 * The driver of a standby a plugin's ID table entry would bind, or NULL.
 * The entry's own subsystem IDs stand for any the standby may have; the
 * refusal at probe is what catches the rest (new_id, driver_override).
 */
const char *vfteam_standby_id_entry(const struct pci_device_id *id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vfteam_standbys); i++)
		if (vfteam_standbys[i].device &&
		    vfteam_standby_id_matches(id, vfteam_standbys[i].vendor,
					      vfteam_standbys[i].device,
					      id->subvendor, id->subdevice,
					      PCI_CLASS_NETWORK_ETHERNET << 8))
			return vfteam_standbys[i].driver;
	return NULL;
}

/*
 * Why a plugin must not drive a device, or NULL: checked at probe on the
 * device itself, since new_id and driver_override bind devices that the
 * plugin's ID table never listed.
 */
const char *vfteam_standby_pci_refusal(u16 vendor, u16 device, u32 class)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vfteam_standbys); i++)
		if (vfteam_standbys[i].device &&
		    vfteam_standbys[i].vendor == vendor &&
		    vfteam_standbys[i].device == device)
			return "a paravirtual standby NIC";
	if (class >> 16 != PCI_BASE_CLASS_NETWORK)
		return "not a network controller";
	return NULL;
}
EXPORT_SYMBOL_FOR_VFTEAM_TESTS(vfteam_standby_pci_refusal);
