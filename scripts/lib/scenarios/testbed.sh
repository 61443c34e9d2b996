# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The test bed itself, before any vfteam (00-testbed).
# Sourced by a thin scripts/integration/NN-name.sh after
# scripts/lib/integration.sh; result names come from that file's name. The
# helpers below read the scenario's globals (guest name, MAC, ports), set
# by the scenario function before it calls them.

e1000e_up() {
	local ifc
	ifc=$(guest_ifname tb "$PT_MAC" e1000e)
	[ -n "$ifc" ] || return 1
	vm_exec tb "ip addr flush dev $ifc && ip addr add $NETBED_GUEST_IP/$NETBED_PREFIX dev $ifc && ip link set $ifc up"
}

e1000e_gone() {
	[ -z "$(guest_ifname tb "$PT_MAC" e1000e)" ]
}

# scenario_testbed: a guest with both NICs, the e1000e pinged, unplugged, re-plugged
scenario_testbed() {
	SB_MAC=52:54:00:00:00:10
	PT_MAC=52:54:00:00:00:20

	GUEST_APPEND="${GUEST_APPEND:-} modprobe.blacklist=vfteam_e1000e"
	netbed_up 2
	vm_start_pair tb "$SB_MAC" "$PT_MAC"
	vm_wait_ready tb

	### scenario: ping through the e1000e
	check "$(scenario 'ping via e1000e')" \
		wait_for 60 eval 'e1000e_up && peer_ping 3'

	### scenario: hot-unplug the e1000e over QMP
	vm_qmp tb device_del '{"id": "pt0"}' >/dev/null
	check "$(scenario 'e1000e hot-unplugged')" wait_for 60 e1000e_gone

	### scenario: re-plug it into the same root port and ping again
	vm_qmp tb device_add "$(nic_plug_json e1000e "$PT_MAC")" >/dev/null
	check "$(scenario 'e1000e re-plugged, ping')" \
		wait_for 90 eval 'e1000e_up && peer_ping 3'

	vm_stop tb
	check "$(scenario 'console clean')" vm_console_clean tb
}
