# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A real SR-IOV VF in the test guest: QEMU's igb (an 82576) is the PF,
# driven in the guest by Linux's igb, which makes the VF (8086:10ca). On a
# real host the PF and the VF's MAC are the host's; here the guest drives
# the PF, so these helpers do the host's part in the guest. Sourced after
# scripts/lib/integration.sh; MAC is the team's (the caller's global).

# the PF's own address: never the team's, or the team would take the PF
# shellcheck disable=SC2034 # read by the scenarios and make demo
IGB_PF_MAC=52:54:00:00:00:8f

# nic_plugin NIC: the plugin (without vfteam_) that drives the passthrough
# device of model NIC: an igb's VF, igbvf
nic_plugin() {
	[ "$1" = igb ] && echo igbvf || echo "$1"
}

# nic_mac NIC: that device's MAC: the team's (MAC), or for an igb the PF's
# own (its VF gets the team's)
nic_mac() {
	[ "$1" = igb ] && echo "$IGB_PF_MAC" || echo "$MAC"
}

# vf_cmd: guest shell that finds the PF (PF=its PCI address, PFIF=its
# interface); the commands that follow use them
vf_cmd() {
	echo "PF=\$(ls /sys/bus/pci/drivers/igb | grep '^0000:' | head -n 1) &&
		PFIF=\$(ls /sys/bus/pci/devices/\$PF/net) && D=/sys/bus/pci/devices/\$PF"
}

# vf_create VM: one VF, given the team's MAC and anti-spoofing before its
# driver sees it (igbvf, or the plugin, takes the MAC the PF hands it at its
# reset; the PF must be up for that handshake). Autoprobe is off while the
# VF is made and given its MAC (a VF is not probed then, even when asked),
# on again to probe it: its driver comes to it by its modalias, as udev
# would bring it.
vf_create() {
	vm_exec "$1" "$(vf_cmd) &&
		ip link set \$PFIF up &&
		echo 0 > \$D/sriov_drivers_autoprobe &&
		echo 1 > \$D/sriov_numvfs &&
		ip link set \$PFIF vf 0 mac $MAC spoofchk on &&
		VF=\$(basename \$(readlink \$D/virtfn0)) &&
		modprobe \$(cat /sys/bus/pci/devices/\$VF/modalias) &&
		echo 1 > \$D/sriov_drivers_autoprobe &&
		echo \$VF > /sys/bus/pci/drivers_probe"
}

# pf_new VM: Linux's igb drives a PF in VM that has no VF yet (one just
# plugged). Each try waits a few seconds at most: before a migration's
# destination runs, its guest agent does not answer.
pf_new() {
	VM_EXEC_TIMEOUT=5 vm_exec "$1" "$(vf_cmd) && [ \"\$(cat \$D/sriov_numvfs)\" = 0 ]" 2>/dev/null
}

# host_makes_vf VM: what the host does for a VF where a PF has just been
# plugged (a migration's destination, or the source after a failed
# migration): once igb has the new PF, vf_create
host_makes_vf() {
	wait_for 300 pf_new "$1" && vf_create "$1"
}
