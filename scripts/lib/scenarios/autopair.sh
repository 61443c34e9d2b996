# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# vfteam's auto_pair=1 (20-autopair).
# Sourced by a thin scripts/integration/NN-name.sh after
# scripts/lib/integration.sh; result names come from that file's name. The
# helpers below read the scenario's globals (guest name, MAC, ports), set
# by the scenario function before it calls them.

two_ports() {
	[ "$(vm_exec ap 'wc -l < /sys/class/net/vfteam0/vfteam/ports' 2>/dev/null)" = 2 ]
}

# scenario_autopair: modprobe vfteam auto_pair=1 makes the team by itself
scenario_autopair() {
	MAC=52:54:00:00:00:50
	# Linux's e1000e drives the primary; the plugin must not load vfteam early
	GUEST_APPEND="${GUEST_APPEND:-} modprobe.blacklist=vfteam_e1000e"
	netbed_up 2
	vm_start_pair ap "$MAC" "$MAC"
	vm_wait_ready ap
	sb=$(guest_ifname ap "$MAC" virtio_net)
	pt=$(guest_ifname ap "$MAC" e1000e)

	### scenario: modprobe vfteam auto_pair=1 makes vfteam0 with both ports
	vm_exec ap "modprobe vfteam auto_pair=1"
	check "$(scenario 'team made with both ports')" wait_for 30 two_ports
	check "$(scenario 'standby and primary roles')" eval \
		"vm_exec ap 'cat /sys/class/net/vfteam0/vfteam/ports' | grep -q '^$sb standby' &&
		 vm_exec ap 'cat /sys/class/net/vfteam0/vfteam/ports' | grep -q '^$pt primary'"

	### scenario: the user brings it up with an address; the primary carries traffic
	vm_exec ap "ip addr add $NETBED_GUEST_IP/$NETBED_PREFIX dev vfteam0 && ip link set vfteam0 up"
	check "$(scenario 'primary active, ping')" \
		eval "wait_for 60 team_attr_is ap active_port $pt && wait_for 30 peer_ping 3"

	vm_exec ap "ip link del vfteam0 && rmmod vfteam" >/dev/null ||
		result FAIL "$(scenario 'teardown')"
	vm_stop ap
	check "$(scenario 'console clean')" vm_console_clean ap
}
