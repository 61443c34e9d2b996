#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# NetworkManager configures the team in the Debian guest. NetworkManager
# has no device type for vfteam: a "generic" connection gives vfteam0 its
# address (dist/NetworkManager/). "before": NetworkManager as Debian
# installs it (its automatic "Wired connection" on every Ethernet device)
# plus that connection; "after": the same plus vfteam's udev rule, which
# marks the ports NM_UNMANAGED.
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/distro.sh
. "$(dirname "$0")/../lib/distro.sh"
# shellcheck source=scripts/lib/scenarios/distro.sh
. "$(dirname "$0")/../lib/scenarios/distro.sh"

nm_setup() {
	vm_exec "$DG" "f=/etc/NetworkManager/system-connections/vfteam0.nmconnection &&
		printf '[connection]\nid=vfteam0\ntype=generic\ninterface-name=vfteam0\n\n[ipv4]\nmethod=manual\naddress1=$NETBED_GUEST_IP/$NETBED_PREFIX\n\n[ipv6]\nmethod=disabled\n' >\$f &&
		chmod 600 \$f &&
		systemctl enable NetworkManager.service" >/dev/null 2>&1
}

netbed_up 2
dg_before_after NetworkManager nm_setup
check "$(scenario "after: NetworkManager leaves the standby unmanaged")" nm_state "$DG_SB" unmanaged
check "$(scenario "after: NetworkManager's vfteam0 connection is up")" nm_state vfteam0 connected
check "$(scenario "console clean")" vm_console_clean "$DG"
distro_vm_stop "$DG"
