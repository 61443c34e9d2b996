# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# vfteam with a real SR-IOV virtual function as its primary: QEMU's igb
# (an 82576) is the PF, driven in the guest by Linux's igb, which creates
# one VF (8086:10ca) driven by Linux's igbvf (80-igbvf-netdev). The VF is
# given the team's MAC by the PF (`ip link set PF vf 0 mac`), as the
# host's PF driver does on real hardware; revoking the VF (sriov_numvfs=0)
# stands in for the hypervisor taking it away, and a PF down/up for a PF
# reset, which the VF rides out through its mailbox.
# Sourced by a thin scripts/integration/NN-name.sh after
# scripts/lib/integration.sh; the helpers read the scenario's globals.
here_scenarios=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=scripts/lib/scenarios/sources.sh
. "$here_scenarios/sources.sh"

# the PF's own address: never the team's, or the team would take the PF
IGB_PF_MAC=52:54:00:00:00:8f

# vf_cmd: guest shell that finds the PF (PF=its PCI address, PFIF=its
# interface); the commands that follow use them
vf_cmd() {
	echo "PF=\$(ls /sys/bus/pci/drivers/igb | grep '^0000:' | head -n 1) &&
		PFIF=\$(ls /sys/bus/pci/devices/\$PF/net) && D=/sys/bus/pci/devices/\$PF"
}

# vf_create: one VF, given the team's MAC and anti-spoofing before igbvf
# sees it (igbvf takes the MAC the PF hands it at its reset; the PF must be
# up for that handshake). Autoprobe is off while the VF is made and given
# its MAC (a VF is not probed then, even when asked), on again to probe it:
# igbvf comes to it by its modalias, as udev would bring it.
vf_create() {
	vm_exec vf "$(vf_cmd) &&
		ip link set \$PFIF up &&
		echo 0 > \$D/sriov_drivers_autoprobe &&
		echo 1 > \$D/sriov_numvfs &&
		ip link set \$PFIF vf 0 mac $MAC spoofchk on &&
		VF=\$(basename \$(readlink \$D/virtfn0)) &&
		modprobe \$(cat /sys/bus/pci/devices/\$VF/modalias) &&
		echo 1 > \$D/sriov_drivers_autoprobe &&
		echo \$VF > /sys/bus/pci/drivers_probe"
}

vf_made() { vf_create && wait_for 30 vf_present; }

vf_revoke() {
	vm_exec vf "$(vf_cmd) && echo 0 > \$D/sriov_numvfs"
}

# vfif: the VF's interface (igbvf's, with the team's MAC), empty if none
vfif() { guest_ifname vf "$MAC" igbvf; }
vf_gone() { [ -z "$(vfif)" ]; }
vf_present() { [ -n "$(vfif)" ]; }
vf_active() {
	local p
	p=$(vfif)
	[ -n "$p" ] && team_attr_is vf active_port "$p"
}

prepare_revoke() {
	vm_exec vf "echo prepare > /sys/class/net/vfteam0/vfteam/migration" &&
		wait_for 10 team_attr_is vf migration ready &&
		team_attr_is vf active_port "$sb" &&
		vf_revoke &&
		wait_for 30 vf_gone &&
		wait_for 10 team_attr_is vf migration reattaching
}

# the VF comes back: the team takes it by itself (auto_join: a new
# Ethernet device with the team's MAC) and returns to it
vf_back() {
	vf_create && wait_for 90 vf_active && team_attr_is vf migration idle
}

surprise_revoke() {
	vf_revoke && wait_for 30 vf_gone && team_attr_is vf active_port "$sb"
}

# PF reset: igb resets the MAC, the VFs' mailboxes say so (RSTI), igbvf's
# watchdog sees the link go and resets the VF once the PF is up again. The
# team must leave the VF while it is down and come back to it after.
pf_reset() {
	local s0
	s0=$(team_attr vf switches) || return 1
	vm_exec vf "$(vf_cmd) && ip link set \$PFIF down && sleep 1 && ip link set \$PFIF up" &&
		wait_for 90 vf_active &&
		(($(team_attr vf switches) >= s0 + 2))
}

# vf_pkts IF: the frames the VF (interface IF) received and sent
vf_pkts() {
	vm_exec vf "cd /sys/class/net/$1/statistics && echo \$((\$(cat rx_packets) + \$(cat tx_packets)))"
}

# 3 s of the 10 ms ping (300 requests and their replies): on the VF
vf_carries() {
	local p0 v
	v=$(vfif)
	[ -n "$v" ] && p0=$(vf_pkts "$v") || return 1
	sleep 3
	(($(vf_pkts "$v") - p0 >= 400))
}

# the PF's anti-spoof setting for VF 0 is still on (nothing in the team's
# handling of the VF turned it off)
spoofchk_on() {
	vm_exec vf "$(vf_cmd) && ip link show \$PFIF" | grep -q 'vf 0 .*spoof checking on'
}

scenario_igbvf_netdev() {
	MAC=52:54:00:00:00:80

	netbed_up 2
	sources_start
	GUEST_APPEND="${GUEST_APPEND:-} modprobe.blacklist=vfteam_igbvf" \
		vm_start_nics vf tap0 "$MAC" tap1 igb "$IGB_PF_MAC"
	vm_wait_ready vf
	sb=$(guest_ifname vf "$MAC" virtio_net)

	check "$(scenario 'PF driven by igb, one VF created with the team MAC, driven by igbvf')" \
		vf_made
	team_up vf "$sb" "$(vfif)"
	check "$(scenario 'team up, the VF active')" wait_for 60 vf_active
	check "$(scenario 'ping through the team')" wait_for 30 peer_ping 3
	run_step "ping burst: the VF carries it" zero vf_carries

	run_step "prepare + VF revoked (sriov_numvfs 0)" zero prepare_revoke
	run_step "VF back with the team MAC: joins by itself, re-attach" zero vf_back
	run_step "surprise VF revoke -> standby" any surprise_revoke
	run_step "VF back after the surprise, re-attach" zero vf_back
	run_step "PF reset (PF down, up): the VF left while down, back after" any pf_reset
	check "$(scenario 'the PF keeps anti-spoofing on for the VF')" spoofchk_on
	echo "    switches: $(team_attr vf switches), lost in switches: $(team_attr vf lost_packets)"

	vm_exec vf "ip link del vfteam0 && rmmod vfteam" >/dev/null || result FAIL "$(scenario 'teardown')"
	vm_stop vf
	# the PF is up and sends its own IPv6 neighbour discovery: its MAC, or
	# the team's, and no other
	check "$(scenario "frames left with the team's MAC or the PF's, no other")" \
		sources_only "$MAC" "$IGB_PF_MAC"
	check "$(scenario 'console clean')" vm_console_clean vf
}
