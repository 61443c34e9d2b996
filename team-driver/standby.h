/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam standbys: the paravirtual NICs, which follow a guest from host to
 * host.  A netdev port driven by one of their drivers is a standby; a
 * plugin must never drive one of their PCI functions.
 */
#ifndef _VFTEAM_STANDBY_H
#define _VFTEAM_STANDBY_H

#include <linux/mod_devicetable.h>
#include <linux/types.h>

bool vfteam_standby_driver(const char *name);
bool vfteam_standby_id_matches(const struct pci_device_id *id, u16 vendor,
			       u16 device, u16 subvendor, u16 subdevice,
			       u32 class);
const char *vfteam_standby_id_entry(const struct pci_device_id *id);
const char *vfteam_standby_pci_refusal(u16 vendor, u16 device, u32 class);

#endif /* _VFTEAM_STANDBY_H */
