#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A live migration of the Debian guest with the demo's tools
# (migration-hooks/vfteam-migrate), the team configured by networkd with
# vfteam's files: e1000e (vfteam_e1000e, loaded by udev) on the source, the
# same on the destination, plugged there after the migration. Both QEMUs
# use one disk (the source's overlay), as hosts with shared storage do.
#
#   source:      tap0 virtio-net sb0, tap1 e1000e pt0
#   destination: tap2 virtio-net sb0, tap3 (pt0 plugged after the migration)
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/distro.sh
. "$(dirname "$0")/../lib/distro.sh"
# shellcheck source=scripts/lib/scenarios/distro.sh
. "$(dirname "$0")/../lib/scenarios/distro.sh"
# shellcheck source=scripts/lib/scenarios/migrate.sh
. "$(dirname "$0")/../lib/scenarios/migrate.sh"

# migrate.sh's globals
log_tag=$(basename "$0" .sh)
MARGIN_MS=250

# the destination: the source's devices, its own taps, rp2 empty, listening
dst_start() {
	local dst_dir
	dst_dir=$(vm_dir dgdst)
	DISTRO_KEEP=1 DISTRO_OVERLAY_OF=$DG distro_vm_start dgdst \
		-netdev tap,id=sb,ifname=tap2,script=no,downscript=no \
		-device "virtio-net-pci,netdev=sb,mac=$DG_MAC,bus=rp1,id=sb0,romfile=" \
		-netdev tap,id=pt,ifname=tap3,script=no,downscript=no \
		-incoming "unix:$dst_dir/mig.sock" &&
		wait_for 60 test -S "$dst_dir/mig.sock"
}

dst_plugin_active() {
	plugin_active dgdst e1000e
}

# networkd on the destination still has the team configured, the port not
dst_networkd() {
	[ "$(vm_exec dgdst "networkctl list --no-legend --no-pager" |
		awk '$2 == "vfteam0" || $2 == "'"$DG_SB"'" { printf "%s=%s ", $2, $5 }')" = \
		"$DG_SB=unmanaged vfteam0=configured " ]
}

netbed_up 2
netbed_add_tap tap2
netbed_add_tap tap3
check "$(scenario "provisioning boot")" dg_start
provision() { dg_provision && dg_networkd_setup && dg_install_fix; }
check "$(scenario "vfteam installed, networkd set up, vfteam's files")" provision
check "$(scenario "boot")" dg_reboot pt
src_ready() { wait_for 60 dg_team_addressed && wait_for 60 dg_plugin_active; }
check "$(scenario "source: the team configured, on the plugin")" src_ready
# QEMU refuses to migrate a guest with a 9p export mounted
check "$(scenario "source: the share unmounted")" distro_share_umount "$DG"
check "$(scenario "destination listens")" dst_start

migrate_args_for "$DG"
migrate_run '' "$DG" dgdst --dst-device "$(nic_plug_json e1000e "$DG_MAC")"
migrated_source_done "$out" "$DG" || exit 0

check "$(scenario "destination: the team on the plugin port, loaded by udev")" \
	wait_for 60 dst_plugin_active
check "$(scenario "destination: migration idle")" team_attr_is dgdst migration idle
check "$(scenario "destination: networkd: the team configured, the port unmanaged")" dst_networkd
check "$(scenario "destination: the peer reaches the team")" wait_for 30 peer_ping 5
check "$(scenario "destination: console clean")" vm_console_clean dgdst
distro_vm_stop dgdst
rm -f "$(distro_disk "$DG")"
