# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Hostile input and racing control paths (70-torture), on a team with the
# e1000e plugin as its primary and virtio-net as its standby:
#  - every vfteam sysfs attribute written with input it must refuse: each
#    write fails with an errno, and no attribute changes;
#  - malformed or impossible rtnetlink requests for kind vfteam (bad MAC or
#    MTU, a team as a port, a third port): each an errno, the team
#    unchanged;
#  - loops racing for TORTURE_SECONDS: prepare/abort, MTU and up/down,
#    renames of the standby, plugin unload/load, teams added and deleted,
#    sysfs reads;
#  - then the team must settle on the plugin port and carry traffic, and
#    everything unloads. The console check catches what KASAN, lockdep,
#    kmemleak (vm_stop asks it for a scan) or a hung task say.
# make check runs it for 20 s; make torture for TORTURE_SECONDS=600.

TORTURE_SECONDS=${TORTURE_SECONDS:-20}
# rounds of "abort" in each migration state (make torture: 50)
TORTURE_ABORTS=${TORTURE_ABORTS:-2}
VFT=/sys/class/net/vfteam0/vfteam

tt_pt_active() { plugin_active tt e1000e; }

# every readable attribute of the team, one "name=value" line each
team_snapshot() {
	vm_exec tt "cd $VFT && for a in *; do printf '%s=%s\n' \$a \"\$(cat \$a | tr '\n' ' ')\"; done"
}

# the state that must not change (not counters, which traffic moves)
team_config() {
	team_snapshot | grep -E '^(active_port|active_reason|migration|prepare_grace_ms|auto_join|ports)='
}

# sysfs_fuzz: hostile writes to every attribute (none a valid value of any
# of them: kstrtobool takes anything that starts with 1/y/n/0/o, so none
# does); all refused, none changed
sysfs_fuzz() {
	local before after out
	before=$(team_config)
	out=$(vm_exec tt "cd $VFT
		head -c 4096 /dev/zero | tr '\\\\0' A > /tmp/long
		{ printf Z; head -c 63 /dev/urandom; } > /tmp/random
		n=0 refused=0
		for a in *; do
			for v in '\n' bogus x -1 99999999999999999999 'prepare abort' \
				' prepare' 'abort!' 4294967296; do
				n=\$((n + 1))
				printf '%b' \"\$v\" 2>/dev/null > \$a || refused=\$((refused + 1))
			done
			for f in /tmp/long /tmp/random; do
				n=\$((n + 1))
				cat \$f 2>/dev/null > \$a || refused=\$((refused + 1))
			done
		done
		echo \$n \$refused")
	after=$(team_config)
	echo "    sysfs writes: $out (written, refused)"
	[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after") | sed 's/^/    /'; return 1; }
	read -r n refused <<<"$out"
	[ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" = "$refused" ]
}

# rtnl_refused CMD: a guest ip command that must fail and change nothing
rtnl_refused() {
	local before after out
	before=$(team_config)
	out=$(vm_exec tt "$1 2>&1; echo exit \$?")
	after=$(team_config)
	echo "    $1: $(tr '\n' ' ' <<<"$out")"
	[[ $out != *"exit 0"* ]] && [ "$before" = "$after" ]
}

# (moving a port to another team with "master" is not among them: the
# kernel releases it from the first, as for bonding); 9217 is one more
# than the e1000e plugin's max_mtu
rtnl_fuzz() {
	vm_exec tt "ip link add vfx0 type vfteam &&
		ip link add vfv0 address $MAC type veth peer name vfv1" >/dev/null || return 1
	rtnl_refused "ip link add vfx1 address 01:00:5e:00:00:01 type vfteam" &&
		rtnl_refused "ip link add vfx1 address 00:00:00:00:00:00 type vfteam" &&
		rtnl_refused "ip link add vfx1 mtu 67 type vfteam" &&
		rtnl_refused "ip link add vfx1 mtu 65536 type vfteam" &&
		rtnl_refused "ip link set vfteam0 mtu 9217" &&
		rtnl_refused "ip link set vfteam0 master vfteam0" &&
		rtnl_refused "ip link set vfx0 master vfteam0" &&
		rtnl_refused "ip link set vfteam0 master vfx0" &&
		rtnl_refused "ip link set lo master vfteam0" &&
		rtnl_refused "ip link set vfv0 master vfteam0" &&
		vm_exec tt "ip link del vfx0 && ip link del vfv0" >/dev/null
}

# the racing loops, each a guest background job that runs until a stop
# file appears; their output is thrown away (most of what they try is
# refused, by design)
race() {
	local s=$TORTURE_SECONDS
	vm_exec tt "rm -f /tmp/stop
		loop() { while [ ! -e /tmp/stop ]; do \"\$@\" >/dev/null 2>&1; done; }
		mig() { echo prepare > $VFT/migration; sleep 0.2; echo abort > $VFT/migration; }
		mtu() { ip link set vfteam0 mtu 1400; ip link set vfteam0 down; ip link set vfteam0 up; ip link set vfteam0 mtu 1500; }
		ren() { ip link set $sb name tsb0; ip link set tsb0 name $sb; }
		plug() { rmmod vfteam_e1000e; sleep 0.3; modprobe vfteam_e1000e; sleep 0.5; }
		teams() { ip link add vfr0 type vfteam; ip link set vfr0 up; ip link del vfr0; }
		reads() { cat $VFT/* /proc/net/dev; }
		grace() { echo 0 > $VFT/prepare_grace_ms; echo 300 > $VFT/prepare_grace_ms; }
		for f in mig mtu ren plug teams reads grace; do
			(loop \$f) </dev/null >/dev/null 2>&1 &
		done
		sleep $s; touch /tmp/stop; wait" >/dev/null
}

tt_mig_is() { team_attr_is tt migration "$1"; }

# abort_in STATE: prepare, reach STATE, abort; the primary must come back
#  - preparing: a 3 s grace, abort inside it (the primary never stopped);
#  - ready: grace 0, abort once it was quiesced (resume from checkpoint);
#  - reattaching: the primary unplugged after ready, abort (the team stays
#    on the standby, idle), then plugged again: it joins by itself.
abort_in() {
	local st=$1
	if [ "$st" = preparing ]; then
		# prepare, the state read and abort in one guest command: a round
		# trip through the guest agent can outlast the grace on a busy
		# debug guest, and then the abort would land in ready instead
		[ "$(vm_exec tt "echo 3000 > $VFT/prepare_grace_ms &&
			echo prepare > $VFT/migration && cat $VFT/migration &&
			echo abort > $VFT/migration")" = preparing ] || return 1
	else
		vm_exec tt "echo 0 > $VFT/prepare_grace_ms && echo prepare > $VFT/migration" \
			>/dev/null && wait_for 10 tt_mig_is ready || return 1
	fi
	if [ "$st" = reattaching ]; then
		vm_qmp tt device_del '{"id": "pt0"}' >/dev/null &&
			wait_for 60 tt_mig_is reattaching || return 1
	fi
	[ "$st" = preparing ] || vm_exec tt "echo abort > $VFT/migration" >/dev/null || return 1
	wait_for 10 tt_mig_is idle || return 1
	if [ "$st" = reattaching ]; then
		team_attr_is tt active_port "$sb" &&
			vm_qmp tt device_add "$(nic_plug_json e1000e "$MAC")" >/dev/null ||
			return 1
	fi
	wait_for 90 tt_pt_active
}

# TORTURE_ABORTS rounds of abort in each state, under the 10 ms ping
abort_rounds() {
	local i st
	for ((i = 0; i < TORTURE_ABORTS; i++)); do
		for st in preparing ready reattaching; do
			abort_in "$st" || { echo "    round $i: abort in $st: the primary did not come back"; return 1; }
		done
	done
	vm_exec tt "echo 200 > $VFT/prepare_grace_ms" >/dev/null
}

# after the race: back to a known state, on the plugin port, traffic flows
settle() {
	vm_exec tt "echo abort > $VFT/migration; modprobe vfteam_e1000e;
		ip link set vfteam0 mtu 1500; ip link set vfteam0 up;
		ip link show $sb >/dev/null 2>&1 || ip link set tsb0 name $sb;
		echo 200 > $VFT/prepare_grace_ms" >/dev/null 2>&1
	wait_for 60 tt_pt_active && wait_for 30 peer_ping 3
}

scenario_torture() {
	MAC=52:54:00:00:00:70
	# what races find, KASAN, lockdep and kmemleak see: the debug kernel's
	# run is the one that counts
	full_only stock 'torture' || return 0

	GUEST_APPEND="${GUEST_APPEND:-} module_blacklist=e1000e"
	netbed_up 2
	vm_start_nics tt tap0 "$MAC" tap1 e1000e "$MAC"
	vm_wait_ready tt
	sb=$(guest_ifname tt "$MAC" virtio_net)
	team_up tt "$sb"
	check "$(scenario 'team up on the plugin port')" wait_for 60 tt_pt_active

	check "$(scenario 'sysfs: hostile writes to every attribute refused, nothing changed')" sysfs_fuzz
	check "$(scenario 'rtnetlink: impossible requests refused, nothing changed')" rtnl_fuzz

	run_step "abort in preparing, ready and reattaching, $TORTURE_ABORTS rounds: the primary comes back each time" \
		zero abort_rounds

	race
	check "$(scenario "racing control paths for ${TORTURE_SECONDS} s, then the team settles on the plugin port")" settle
	run_step "ping burst after the race" zero sleep 3

	check "$(scenario 'teardown: team deleted, modules unloaded')" \
		vm_exec tt "ip link del vfteam0 && rmmod vfteam_e1000e vfteam"
	vm_stop tt
	check "$(scenario 'console clean')" vm_console_clean tt
}
