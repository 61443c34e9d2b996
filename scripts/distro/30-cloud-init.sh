#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cloud-init (NoCloud, its seed directory in the guest) configures the team
# from a version 2 network-config that matches it by MAC, as a cloud's
# metadata does, and names it vfteam0 (set-name): the standby has the same
# MAC, so this is where failover pairs met cloud-init's "duplicate mac"
# error. cloud-init renders for systemd-networkd (the guest has no locales
# or ssh: those modules are turned off). "before": without
# vfteam's udev rule and networkd file, only logged; "after": with them.
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/distro.sh
. "$(dirname "$0")/../lib/distro.sh"
# shellcheck source=scripts/lib/scenarios/distro.sh
. "$(dirname "$0")/../lib/scenarios/distro.sh"

cloudinit_setup() {
	vm_exec "$DG" "d=/var/lib/cloud/seed/nocloud && mkdir -p \$d &&
		printf 'instance-id: vfteam-distro-1\nlocal-hostname: vfteam-guest\n' >\$d/meta-data &&
		printf '#cloud-config\n{}\n' >\$d/user-data &&
		printf 'version: 2\nethernets:\n  vfteam0:\n    match:\n      macaddress: \"$DG_MAC\"\n    set-name: vfteam0\n    addresses: [$NETBED_GUEST_IP/$NETBED_PREFIX]\n    link-local: []\n' >\$d/network-config &&
		printf 'datasource_list: [NoCloud, None]\nsystem_info:\n  network:\n    renderers: [networkd]\nlocale: false\nssh_genkeytypes: []\n' \
			>/etc/cloud/cloud.cfg.d/90-vfteam-test.cfg &&
		rm -f /etc/cloud/cloud-init.disabled &&
		systemctl enable systemd-networkd.service" >/dev/null 2>&1
}

# cloud-init's own verdict on the boot, and what it wrote for networkd
# (dg_report's extra part)
dg_report_extra() {
	echo "    $1: cloud-init:"
	vm_exec "$DG" "cloud-init status --long; grep -h -iE 'duplicate|warn|error' /var/log/cloud-init.log | head -n 10;
		head -n 20 /etc/systemd/network/10-cloud-init-*.network" 2>&1 | sed 's/^/      /' || true
}

cloudinit_done() {
	vm_exec "$DG" "cloud-init status --wait >/dev/null; cloud-init status" | grep -q 'status: done'
}

# cloud-init's networkd file gives the team an IPv6 link-local address of
# its own (networkd's default; version 2's "link-local: []" is not passed
# on), whose frames carry the same MAC as a port's would: only DHCP, which
# the team does not run, tells a port's frames apart here
CAPTURE_LOWER_FILTER="ether src $DG_MAC and (udp port 67 or udp port 68 or udp port 546 or udp port 547)"

netbed_up 2
dg_before_after cloud-init cloudinit_setup record
check "$(scenario "after: cloud-init finished without error")" cloudinit_done
check "$(scenario "console clean")" vm_console_clean "$DG"
distro_vm_stop "$DG"
