#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vfteam as a distribution installs it: make deb's vfteam-dkms installed
# with dpkg in the Debian guest (vfteam-tools is the host's), DKMS building the
# modules there (the guest has its kernel's headers and a compiler, no
# network), the team made at boot from the package's examples and the
# modules surviving the reboot; then the package removed, and its modules
# and udev rule with it.
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/distro.sh
. "$(dirname "$0")/../lib/distro.sh"
# shellcheck source=scripts/lib/scenarios/distro.sh
. "$(dirname "$0")/../lib/scenarios/distro.sh"

# dpkg -i, DKMS building for the running kernel under TCG: minutes
dkms_install() {
	VM_EXEC_TIMEOUT=1500 vm_exec "$DG" "dpkg -i /run/vfteam-share/deb/vfteam-dkms_*.deb \
		>/var/log/vfteam-dpkg.log 2>&1 ||
		{ tail -n 30 /var/log/vfteam-dpkg.log; exit 1; }"
}

# dkms status: built and installed for the guest's kernel
dkms_installed() {
	vm_exec "$DG" "dkms status vfteam -k \$(uname -r)" | grep -q ': installed'
}

# what the package's README.Debian says to do for a team at boot, with
# networkd configuring it (and a catch-all "Name=en*" DHCP file, which the
# package's networkd file must keep off the standby), and Linux's e1000e
# kept off the device
dkms_setup() {
	vm_exec "$DG" "ex=/usr/share/doc/vfteam-dkms/examples &&
		cp \$ex/modprobe.d/vfteam.conf /etc/modprobe.d/ &&
		cp \$ex/modules-load.d/vfteam.conf /etc/modules-load.d/ &&
		echo 'blacklist e1000e' >/etc/modprobe.d/vfteam-test-no-e1000e.conf" &&
		dg_networkd_setup
}

# after the reboot: the modules loaded are DKMS's, nothing else installed them
dkms_modules_loaded() {
	vm_exec "$DG" "k=/lib/modules/\$(uname -r) &&
		[ \"\$(modinfo -n vfteam)\" = \$k/updates/dkms/vfteam.ko ] &&
		[ \"\$(modinfo -n vfteam_e1000e)\" = \$k/updates/dkms/vfteam_e1000e.ko ] &&
		[ ! -d \$k/updates/vfteam ] &&
		lsmod | grep -q '^vfteam_e1000e ' && lsmod | grep -q '^vfteam '"
}

# removed: no module left to load, no udev rule
dkms_removed() {
	VM_EXEC_TIMEOUT=600 vm_exec "$DG" "dpkg -r vfteam-dkms >/var/log/vfteam-dpkg-r.log 2>&1 &&
		! modinfo vfteam >/dev/null 2>&1 && ! modinfo vfteam_e1000e >/dev/null 2>&1 &&
		[ ! -e /lib/udev/rules.d/80-vfteam.rules ] &&
		[ ! -e /lib/systemd/network/05-vfteam-port.network ] &&
		[ ! -e /usr/lib/NetworkManager/conf.d/80-vfteam.conf ] &&
		[ -z \"\$(dkms status vfteam)\" ]"
}

netbed_up 2
check "$(scenario "boot")" dg_start
dkms_deb_shared() {
	distro_share_mount "$DG" && vm_exec "$DG" "ls /run/vfteam-share/deb/vfteam-dkms_*.deb"
}
check "$(scenario "make deb's vfteam-dkms in the guest")" dkms_deb_shared
t0=$SECONDS
check "$(scenario "dpkg -i vfteam-dkms: DKMS builds the modules")" dkms_install
echo "    dpkg -i with the DKMS build: $((SECONDS - t0))s"
check "$(scenario "dkms status: installed for the guest's kernel")" dkms_installed
check "$(scenario "the team at boot from the package's examples, networkd")" dkms_setup
check "$(scenario "reboot")" dg_reboot pt
check "$(scenario "after the reboot: DKMS's modules loaded (vfteam by modules-load.d, the plugin by udev)")" \
	dkms_modules_loaded
dg_after_checks
check "$(scenario "after the reboot: networkd leaves the standby unmanaged (the package's networkd file)")" \
	networkd_state "$DG_SB" unmanaged
check "$(scenario "dpkg -r: the modules, the udev rule, the networkd and NetworkManager files gone")" dkms_removed
check "$(scenario "console clean")" vm_console_clean "$DG"
distro_vm_stop "$DG"
