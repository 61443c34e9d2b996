# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# vfteam with a real SR-IOV virtual function as its primary: QEMU's igb
# (an 82576) is the PF, driven in the guest by Linux's igb, which creates
# one VF (8086:10ca), driven by Linux's igbvf as a netdev port
# (80-igbvf-netdev) or by the vfteam_igbvf plugin (85-igbvf-plugin). The VF is
# given the team's MAC by the PF (`ip link set PF vf 0 mac`), as the
# host's PF driver does on real hardware; revoking the VF (sriov_numvfs=0)
# stands in for the hypervisor taking it away, and a PF down/up for a PF
# reset, which the VF rides out through its mailbox.
# Sourced by a thin scripts/integration/NN-name.sh after
# scripts/lib/integration.sh; the helpers read the scenario's globals.
here_scenarios=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=scripts/lib/scenarios/sources.sh
. "$here_scenarios/sources.sh"
# shellcheck source=scripts/lib/vf.sh
. "$here_scenarios/../vf.sh"

vf_made() { vf_create vf && wait_for 30 vf_present; }

vf_revoke() {
	vm_exec vf "$(vf_cmd) && echo 0 > \$D/sriov_numvfs"
}

# vfif: the VF's port in the team (igbvf's interface with the team's MAC,
# or the plugin's port name), empty if none
vfif() {
	if [ "$VF_DRIVER" = igbvf ]; then
		guest_ifname vf "$MAC" igbvf
	else
		plugin_port vf igbvf
	fi
}
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
	vf_create vf && wait_for 90 vf_active && team_attr_is vf migration idle
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

# vf_pkts PORT: the frames the team's port PORT received and sent, as the
# core counts them
vf_pkts() {
	vm_exec vf "grep '^$1 ' /sys/class/net/vfteam0/vfteam/port_counters" |
		awk '{ for (i = 1; i <= NF; i++)
			if ($i ~ /^[rt]x_packets=/) { split($i, kv, "="); n += kv[2] } }
			END { print n + 0 }'
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
# handling of the VF turned it off), in guest VM (default vf)
spoofchk_on() {
	vm_exec "${1:-vf}" "$(vf_cmd) && ip link show \$PFIF" | grep -q 'vf 0 .*spoof checking on'
}

# a VF the host gave no MAC (the PF NACKs its reset): the plugin cannot
# know which team it is for, refuses it with one line saying what to do,
# and leaves it unbound. Probed once numvfs is written, as vf_create does:
# Linux's igb probes a new VF (autoprobe on) before it has reset itself
# for VFs, and the VF's reset then finds no PF to answer it (a refusal of
# its own, "the PF does not answer").
plugin_no_mac() {
	local msg='the PF gave this VF no MAC address: set the team'
	vm_exec vf "$(vf_cmd) && ip link set \$PFIF up && modprobe vfteam_igbvf &&
		echo 0 > \$D/sriov_drivers_autoprobe &&
		echo 1 > \$D/sriov_numvfs &&
		VF=\$(basename \$(readlink \$D/virtfn0)) &&
		echo 1 > \$D/sriov_drivers_autoprobe &&
		echo \$VF > /sys/bus/pci/drivers_probe" &&
		guest_log_wait vf 30 "$msg" &&
		[ -z "$(plugin_pci vf igbvf)" ] &&
		[ "$(vm_exec vf "dmesg | grep -cF '$msg'")" = 1 ] &&
		vm_exec vf "$(vf_cmd) && echo 0 > \$D/sriov_numvfs"
}

# rmmod of the plugin under the ping: the team leaves the VF for the
# standby, and the port is gone from it
plugin_unload() {
	vm_exec vf "rmmod vfteam_igbvf" &&
		team_attr_is vf active_port "$sb" &&
		vm_exec vf "! grep -q '^igbvf@' /sys/class/net/vfteam0/vfteam/ports"
}

plugin_reload() {
	vm_exec vf "modprobe vfteam_igbvf" && wait_for 60 vf_active
}

# the VF port's interrupts so far, all its vectors (none without a port)
vf_irqs() {
	local p
	p=$(vfif)
	[ -n "$p" ] || { echo 0; return; }
	vm_exec vf "grep -F '$p' /proc/interrupts" | awk '{ n += $2 } END { print n + 0 }'
}

# the VF port's interrupts per second over 3 s of 2 ms pings
vf_irq_rate() {
	local i0 i1
	i0=$(vf_irqs)
	netbed ping -q -c 1500 -i 0.002 -w 3 "$NETBED_GUEST_IP" >/dev/null 2>&1 || true
	i1=$(vf_irqs)
	echo $(((i1 - i0) / 3))
}

# ethtool -C rx-usecs on the team reaches the VF (its EITR): fewer
# interrupts for the same pings; past the VF's 8,191 us refused with one
# line, the setting kept. Then a new team, which never set rx-usecs, on
# the plugin loaded again: its interrupts are not throttled, though QEMU's
# igb keeps the interval the last driver left on the VF's vectors (the
# plugin clears it at each start)
plugin_moderation() {
	local free slow fresh
	free=$(vf_irq_rate)
	vm_exec vf "ethtool -C vfteam0 rx-usecs 8000" || return 1
	slow=$(vf_irq_rate)
	vm_exec vf "ethtool -c vfteam0 | grep -q '^rx-usecs: *8000'" &&
		! vm_exec vf "ethtool -C vfteam0 rx-usecs 9000" 2>/dev/null &&
		[ "$(vm_exec vf "dmesg | grep -cF 'refused rx-usecs 9000'")" = 1 ] &&
		vm_exec vf "ethtool -c vfteam0 | grep -q '^rx-usecs: *8000'" &&
		vm_exec vf "ip link del vfteam0 && rmmod vfteam_igbvf" &&
		team_up vf "$sb" && vm_exec vf "modprobe vfteam_igbvf" &&
		wait_for 60 vf_active || return 1
	fresh=$(vf_irq_rate)
	echo "    VF interrupts/s under 2 ms pings: $free; $slow with rx-usecs 8000; $fresh in a new team"
	[ "$slow" -gt 0 ] && [ $((slow * 2)) -lt "$free" ] && [ $((slow * 2)) -lt "$fresh" ]
}

# igbvf_scenario: the steps both VF drivers go through (VF_DRIVER: igbvf,
# Linux's, a netdev port the team is given; vfteam_igbvf, the plugin,
# whose port joins the team by itself)
igbvf_scenario() {
	local other
	MAC=52:54:00:00:00:80
	other=$([ "$VF_DRIVER" = igbvf ] && echo vfteam_igbvf || echo igbvf)

	netbed_up 2
	sources_start
	GUEST_APPEND="${GUEST_APPEND:-} modprobe.blacklist=$other module_blacklist=$other" \
		vm_start_nics vf tap0 "$MAC" tap1 igb "$IGB_PF_MAC"
	vm_wait_ready vf
	sb=$(guest_ifname vf "$MAC" virtio_net)

	[ "$VF_DRIVER" = igbvf ] ||
		check "$(scenario 'a VF without a MAC from the PF: refused at probe, one log line')" \
			plugin_no_mac
	check "$(scenario "PF driven by igb, one VF created with the team MAC, driven by $VF_DRIVER")" \
		vf_made
	if [ "$VF_DRIVER" = igbvf ]; then
		team_up vf "$sb" "$(vfif)"
	else
		check "$(scenario 'vfteam_igbvf came by the VF modalias alone, igbvf not loaded')" \
			vm_exec vf "a=\$(modinfo -F alias vfteam_igbvf) && [ -n \"\$a\" ] &&
				! echo \"\$a\" | grep -v '^pci:v' &&
				! grep -q '^igbvf ' /proc/modules"
		team_up vf "$sb"
	fi
	check "$(scenario 'team up, the VF active')" wait_for 60 vf_active
	check "$(scenario 'ping through the team')" wait_for 30 peer_ping 3
	run_step "ping burst: the VF carries it" zero vf_carries

	run_step "prepare + VF revoked (sriov_numvfs 0)" zero prepare_revoke
	run_step "VF back with the team MAC: joins by itself, re-attach" zero vf_back
	run_step "surprise VF revoke -> standby" any surprise_revoke
	run_step "VF back after the surprise, re-attach" zero vf_back
	run_step "PF reset (PF down, up): the VF left while down, back after" any pf_reset
	if [ "$VF_DRIVER" = vfteam_igbvf ]; then
		run_step "rmmod vfteam_igbvf under traffic -> standby" any plugin_unload
		run_step "modprobe vfteam_igbvf, re-attach" zero plugin_reload
		run_step "ping burst: the VF carries it again" zero vf_carries
		run_step "ethtool -C rx-usecs throttles the VF; past its range refused; a new team not throttled" \
			any plugin_moderation
	fi
	check "$(scenario 'the PF keeps anti-spoofing on for the VF')" spoofchk_on
	echo "    switches: $(team_attr vf switches), lost in switches: $(team_attr vf lost_packets)"

	vm_exec vf "ip link del vfteam0 && rmmod $([ "$VF_DRIVER" = igbvf ] || echo vfteam_igbvf) vfteam" >/dev/null ||
		result FAIL "$(scenario 'teardown')"
	vm_stop vf
	# the PF is up and sends its own IPv6 neighbour discovery: its MAC, or
	# the team's, and no other
	check "$(scenario "frames left with the team's MAC or the PF's, no other")" \
		sources_only "$MAC" "$IGB_PF_MAC"
	check "$(scenario 'console clean')" vm_console_clean vf
}

scenario_igbvf_netdev() {
	VF_DRIVER=igbvf igbvf_scenario
}

scenario_igbvf_plugin() {
	VF_DRIVER=vfteam_igbvf igbvf_scenario
}
