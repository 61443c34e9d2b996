# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# vfteam with netdev ports, Linux's e1000e as the primary (10-failover).
# Sourced by a thin scripts/integration/NN-name.sh after
# scripts/lib/integration.sh; result names come from that file's name. The
# helpers below read the scenario's globals (guest name, MAC, ports), set
# by the scenario function before it calls them.

here_scenarios=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=scripts/lib/scenarios/flap.sh
. "$here_scenarios/flap.sh"
# shellcheck source=scripts/lib/scenarios/upper.sh
. "$here_scenarios/upper.sh"
# shellcheck source=scripts/lib/scenarios/sources.sh
. "$here_scenarios/sources.sh"

pt() { guest_ifname ft "$MAC" e1000e; }

pt_gone() { [ -z "$(pt)" ]; }

pt_active() {
	local p
	p=$(pt)
	[ -n "$p" ] && team_attr_is ft active_port "$p"
}

link_down() {
	vm_qmp ft set_link '{"name": "pt", "up": false}' >/dev/null &&
		wait_for 30 team_attr_is ft active_port "$sb"
}

link_up() {
	vm_qmp ft set_link '{"name": "pt", "up": true}' >/dev/null &&
		wait_for 30 pt_active
}

prepare_abort() {
	vm_exec ft "echo prepare > /sys/class/net/vfteam0/vfteam/migration" &&
		wait_for 10 team_attr_is ft migration ready &&
		team_attr_is ft active_reason migration &&
		vm_exec ft "echo abort > /sys/class/net/vfteam0/vfteam/migration" &&
		team_attr_is ft migration idle &&
		wait_for 30 pt_active
}

no_cap_prepare() {
	local out
	# (dd says why its write failed; the shell's echo only "I/O error")
	out=$(vm_exec ft "capsh --drop=cap_net_admin --shell=/bin/sh -- -c \
		'echo prepare | dd of=/sys/class/net/vfteam0/vfteam/migration' 2>&1; echo exit \$?")
	echo "    prepare without CAP_NET_ADMIN: $(tr '\n' ' ' <<<"$out")"
	[[ $out == *"Operation not permitted"* && $out != *"exit 0"* ]] &&
		team_attr_is ft migration idle && pt_active &&
		vm_exec ft "dmesg | grep -q 'migration: write refused: needs CAP_NET_ADMIN'"
}

# prepare_grace_ms: per team, bounded, and only with CAP_NET_ADMIN; each
# refusal leaves the value as it was and says why in one log line
grace_setting() {
	local f=/sys/class/net/vfteam0/vfteam/prepare_grace_ms out
	vm_exec ft "echo 350 > $f" && team_attr_is ft prepare_grace_ms 350 || return 1
	out=$(vm_exec ft "echo 10001 | dd of=$f 2>&1; echo exit \$?")
	echo "    prepare_grace_ms 10001: $(tr '\n' ' ' <<<"$out")"
	[[ $out == *"Invalid argument"* && $out != *"exit 0"* ]] || return 1
	out=$(vm_exec ft "capsh --drop=cap_net_admin --shell=/bin/sh -- -c \
		'echo 0 | dd of=$f' 2>&1; echo exit \$?")
	echo "    prepare_grace_ms without CAP_NET_ADMIN: $(tr '\n' ' ' <<<"$out")"
	[[ $out == *"Operation not permitted"* && $out != *"exit 0"* ]] &&
		team_attr_is ft prepare_grace_ms 350 &&
		vm_exec ft "dmesg | grep -q 'prepare_grace_ms: 10001 is over the limit' &&
			dmesg | grep -q 'prepare_grace_ms: write refused: needs CAP_NET_ADMIN'" &&
		vm_exec ft "echo 200 > $f"
}

uevents() {
	vm_exec ft "setsid busybox uevent /bin/sh -c \
		'[ \"\$INTERFACE\" = vfteam0 ] && [ -n \"\$VFTEAM_MIGRATION\" ] &&
			echo \"\$ACTION \$VFTEAM_MIGRATION\" >> /tmp/vfteam-uevents' \
		</dev/null >/dev/null 2>&1 &
		echo \$! > /tmp/vfteam-uevent.pid" &&
		sleep 1 &&
		prepare_abort &&
		wait_for 10 vm_exec ft "grep -q 'change idle' /tmp/vfteam-uevents" || return 1
	vm_exec ft "kill \$(cat /tmp/vfteam-uevent.pid)" >/dev/null 2>&1 || true
	echo "    uevents: $(vm_exec ft "cat /tmp/vfteam-uevents" | tr '\n' ',')"
	[ "$(vm_exec ft "tr '\n' , < /tmp/vfteam-uevents")" = "change preparing,change ready,change idle," ]
}

prepare_unplug() {
	vm_exec ft "echo prepare > /sys/class/net/vfteam0/vfteam/migration" &&
		wait_for 10 team_attr_is ft migration ready &&
		team_attr_is ft active_port "$sb" &&
		vm_qmp ft device_del '{"id": "pt0"}' >/dev/null &&
		wait_for 60 pt_gone &&
		wait_for 10 team_attr_is ft migration reattaching
}

replug() {
	vm_qmp ft device_add "$(nic_plug_json e1000e "$MAC")" >/dev/null &&
		wait_for 90 pt_active &&
		team_attr_is ft migration idle
}

surprise() {
	vm_qmp ft device_del '{"id": "pt0"}' >/dev/null &&
		wait_for 60 pt_gone &&
		team_attr_is ft active_port "$sb"
}

rename_ports() {
	local p
	p=$(pt)
	vm_exec ft "ip link set $p name vf0 && ip link set $sb name sb0" &&
		team_attr_is ft active_port vf0 &&
		vm_exec ft "grep -q '^sb0 standby' /sys/class/net/vfteam0/vfteam/ports" &&
		vm_exec ft "ip link set vf0 name $p && ip link set sb0 name $sb"
}

bad_input() {
	! vm_exec ft "echo bogus > /sys/class/net/vfteam0/vfteam/migration" 2>/dev/null &&
		team_attr_is ft migration idle
}

port_mtus() {
	vm_exec ft "cat /sys/class/net/vfteam0/mtu /sys/class/net/$sb/mtu /sys/class/net/$(pt)/mtu" |
		tr '\n' ' '
}

mtu_all_or_none() {
	vm_exec ft "ip link set vfteam0 mtu 1400" &&
		[ "$(port_mtus)" = "1400 1400 1400 " ] &&
		# virtio-net takes 65000, e1000e does not: refused, nothing changed
		! vm_exec ft "ip link set vfteam0 mtu 65000" 2>/dev/null &&
		[ "$(port_mtus)" = "1400 1400 1400 " ] &&
		vm_exec ft "ip link set vfteam0 mtu 1500"
}

# port_macs PRIMARY: the distinct MACs of the team and its two ports (the
# primary is named by the caller: pt finds it by the MAC being changed)
port_macs() {
	vm_exec ft "cat /sys/class/net/vfteam0/address /sys/class/net/$sb/address /sys/class/net/$1/address" |
		sort -u
}

mac_on_both() {
	local p
	p=$(pt)
	[ -n "$p" ] &&
		vm_exec ft "ip link set vfteam0 address 52:54:00:00:00:11" &&
		[ "$(port_macs "$p")" = 52:54:00:00:00:11 ] &&
		vm_exec ft "ip link set vfteam0 address $MAC" &&
		[ "$(port_macs "$p")" = "$MAC" ]
}

# a port's MAC is the team's: a user's change on the port is refused
# (EBUSY, one log line), the port keeps the MAC and the traffic
port_mac_vetoed() {
	local p out
	p=$(pt)
	[ -n "$p" ] || return 1
	out=$(vm_exec ft "ip link set $p address 52:54:00:00:00:99 2>&1; echo exit \$?")
	echo "    ip link set $p address ...: $(tr '\n' ' ' <<<"$out")"
	[[ $out == *"busy"* && $out != *"exit 0"* ]] &&
		[ "$(port_macs "$p")" = "$MAC" ] && pt_active &&
		vm_exec ft "dmesg | grep -q 'port $p: its MAC is the team.s; set the MAC on the team instead'"
}

# auto_join 0: a primary plugged with the team's MAC is left alone (and
# says so); enslaved by hand it works; auto_join back on
no_auto_join() {
	local p
	vm_exec ft "echo 0 > /sys/class/net/vfteam0/vfteam/auto_join" &&
		vm_qmp ft device_del '{"id": "pt0"}' >/dev/null &&
		wait_for 60 pt_gone &&
		vm_qmp ft device_add "$(nic_plug_json e1000e "$MAC")" >/dev/null &&
		wait_for 60 vm_exec ft "dmesg | grep -q 'not auto-joining .*auto_join is off'" || return 1
	p=$(pt)
	[ -n "$p" ] && ! pt_active &&
		vm_exec ft "! grep -q '^$p ' /sys/class/net/vfteam0/vfteam/ports" &&
		vm_exec ft "ip link set $p master vfteam0" &&
		wait_for 30 pt_active &&
		vm_exec ft "echo 1 > /sys/class/net/vfteam0/vfteam/auto_join"
}

# a macvlan's own MAC is reached from the peer, on the primary and on the
# standby
macvlan_across() {
	local rc=0
	macvlan_up ft && link_down && peer_ping_ip "$UPPER_MV_IP" 3 &&
		link_up && peer_ping_ip "$UPPER_MV_IP" 3 || rc=1
	macvlan_down ft
	return $rc
}

# a nested guest behind a bridge on the team: its broadcasts loop back
# through the inactive port, on either port
nested_across() {
	nested_broadcasts ft && link_down && nested_broadcasts ft &&
		link_up && nested_broadcasts ft
}

# scenario_failover: team creation, link changes, prepare/abort, hot-plug, renames
scenario_failover() {
	MAC=52:54:00:00:00:30

	# The e1000e here is driven by Linux's own e1000e driver, not the plugin,
	# in its default MSI-X mode (on QEMU 7.2 it missed link changes there and
	# ran with IntMode=1; on QEMU 10 it sees them)
	GUEST_APPEND="${GUEST_APPEND:-} modprobe.blacklist=vfteam_e1000e"
	netbed_up 2
	sources_start
	vm_start_pair ft "$MAC" "$MAC"
	vm_wait_ready ft

	sb=$(guest_ifname ft "$MAC" virtio_net)

	### scenario: team creation, primary becomes active
	team_up ft "$sb" "$(pt)"
	check "$(scenario 'team up, primary active')" \
		wait_for 60 team_attr_is ft active_port "$(pt)"
	check "$(scenario 'ping through the team')" wait_for 30 peer_ping 3
	check "$(scenario 'lower devices carry no IP address')" \
		eval "[ -z \"\$(vm_exec ft 'ip -o addr show dev $sb; ip -o addr show dev $(pt)')\" ]"

	### scenario: primary link down, then up (QMP set_link)
	run_step "primary link down -> standby" any link_down
	run_step "primary link up -> primary" any link_up

	### scenario: a flapping primary: the move away is immediate, the return
	### is held back once it keeps failing, the switch log is rate-limited.
	### Before the hot-plug steps: a re-plugged e1000e saw none of set_link's
	### changes here (0 of 20)
	### On the debug kernel these and the stacked devices below are make
	### check-full's: KUnit runs their paths in the core under KASAN (flap
	### damping, the own-frame filter), 30-plugin-e1000e the flapping on it
	if full_only debug 'flapping primary, macvlan and bridge with a nested guest on the team'; then
		run_step "primary link flapping: damped, log rate-limited, ends on the primary" \
			any flap ft "$(pt)" pt_active

		### scenario: what users stack on a team: a macvlan with its own MAC;
		### a bridge with a nested guest, whose looped broadcasts must not
		### move its FDB entry (they come back through the inactive port)
		check "$(scenario 'macvlan with its own MAC reached, on the primary and on the standby')" \
			macvlan_across
		check "$(scenario 'bridge on the team with a nested guest: both reached')" \
			bridge_up ft "$MAC"
		check "$(scenario "nested guest's broadcasts answered, its FDB entry stays on its port")" \
			nested_across
		PING_TARGET=$UPPER_NEST_IP run_step "nested guest pinged through prepare, abort" \
			zero prepare_abort
		check "$(scenario 'bridge removed, the team has its address back')" bridge_down ft
	fi

	### scenario: prepare, then abort: the primary comes back, nothing lost
	run_step "prepare, abort" zero prepare_abort

	### scenario: without CAP_NET_ADMIN, writing "prepare" is refused (EPERM)
	### and changes nothing (capsh drops it from the bounding set, so the root
	### shell it starts does not have it)
	check "$(scenario 'prepare without CAP_NET_ADMIN: EPERM, nothing changes')" no_cap_prepare

	### scenario: the team's prepare grace: set, bounded at 10 s, CAP_NET_ADMIN
	check "$(scenario 'prepare_grace_ms: set; over 10000 EINVAL; no CAP_NET_ADMIN EPERM')" \
		grace_setting

	### scenario: every migration state change is a KOBJ_CHANGE uevent on the
	### team with VFTEAM_MIGRATION=<state> (busybox's uevent runs a command per
	### event, with the event in its environment)
	check "$(scenario 'uevents: preparing, ready, idle')" uevents

	### scenario: prepare, device_del, device_add: must lose nothing
	run_step "prepare + device_del" zero prepare_unplug
	run_step "device_add, re-attach" zero replug

	### scenario: surprise device_del (no prepare), then back
	run_step "surprise device_del -> standby" any surprise
	run_step "device_add after surprise, re-attach" zero replug

	### scenario: an enslaved, up port is renamed (as udev does) and keeps working
	run_step "rename enslaved ports while up" zero rename_ports

	### scenario: bad input to the migration file is refused and changes nothing
	check "$(scenario 'bad migration input refused')" bad_input

	### scenario: MTU and MAC set on the team reach both ports, all or none
	# Linux's e1000e resets itself to change its MTU and its carrier drops. The
	# team sends through the standby at once (KUnit vfteam_netdev_carrier_tx),
	# but what the switch sends to the resetting e1000e before the team's
	# announcement, which waits for linkwatch, is lost: 0-5 pings here (5-53
	# before transmit looked at the carrier), so losses are counted, not failed
	run_step "team MTU on both ports, refusal rolled back" any mtu_all_or_none
	check "$(scenario 'team MAC on both ports')" mac_on_both
	check "$(scenario "a port's own MAC change is refused, the port keeps the traffic")" \
		port_mac_vetoed

	### scenario: a team that does not want devices taken (auto_join 0)
	run_step "auto_join 0: plugged primary left alone, enslaved by hand" any no_auto_join
	echo "    switches: $(team_attr ft switches), lost in switches: $(team_attr ft lost_packets)"

	vm_exec ft "ip link del vfteam0 && rmmod vfteam" >/dev/null || result FAIL "$(scenario 'teardown')"
	vm_stop ft
	# the team's MAC, the one mac_on_both sets for a while, the macvlan's and
	# the nested guest's; not the one the port-MAC veto refused
	check "$(scenario "frames left with the team's MAC or that of a device on it, no other")" \
		sources_only "$MAC" 52:54:00:00:00:11 "$UPPER_MV_MAC" "$UPPER_NEST_MAC"
	check "$(scenario 'console clean')" vm_console_clean ft
}
