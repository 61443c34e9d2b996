# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Part 2 of `make bench`: failover latency, the time from an event to the
# first frame of the guest's ping stream seen on the standby's tap (sourced
# by bench.sh). The stream goes from the guest to the peer every
# STREAM_US microseconds (vfteam-bench stream), so what is measured is the
# guest's own switch, not the switch's learning.
#
#   guest ping stream --> e1000e (rp2) --> tap1 \
#                    \--> virtio-net (rp1) --> tap0 -- br0 -- peer
#                                                ^ tcpdump -i any, host clock
#
# The event's time, on the same host clock:
#   set_link    QMP set_link (pt, down), stamped when sent (vmctl --stamp)
#   device_del  QMP device_del (pt0), the same; QEMU 7.2's q35 ejects it
#               through ACPI (acpiphp in the guest) at once
#   prepare     the guest's vfteam-mark-write sends a marker datagram
#               through the primary, then writes "prepare": the marker's
#               timestamp on the primary's tap
# One line per event in raw.tsv: "failover STACK EVENT ms".

FO_SB_TAP=tap0 FO_PT_TAP=tap1
# an event whose stream frame on the standby is not there by then was not
# seen by the guest (Linux's e1000e misses a link change now and then on
# QEMU 7.2): it is counted as missed and made again, up to FO_TRIES times
FO_TIMEOUT=10 FO_TRIES=3
# Linux's e1000e sees QEMU 7.2's link changes only with IntMode=1 (see
# E1000E_OPTS in datapath.sh); the stacks over it run so
# shellcheck disable=SC2034 # read by bench.sh
FO_E1000E_OPTS=IntMode=1

# fo_capture_start FILE: what the guest sends (stream and markers), seen
# on every switch port, one line per frame with its epoch time
fo_capture_start() {
	FO_CAP=$1
	# -Q in: frames as they come from the guest into the switch
	ip netns exec "$NETBED_NS" tcpdump -i any -nn -tt -l -Q in \
		"src host $NETBED_GUEST_IP and (icmp[icmptype] = icmp-echo or udp dst port 9)" \
		>"$FO_CAP" 2>/dev/null &
	FO_CAP_PID=$!
	# tcpdump is listening once it wrote its first line (stderr) or
	# captured; give it the time to open its socket
	sleep 1
}

fo_capture_stop() {
	kill "$FO_CAP_PID" 2>/dev/null || true
	wait "$FO_CAP_PID" 2>/dev/null || true
}

# fo_first TAP KIND AFTER: the epoch of the first frame of KIND (stream:
# ICMP echo, mark: the marker datagram) from TAP after AFTER; empty if none.
# The guest's frames come in on its tap as "P" (to another host) or "In".
fo_first() {
	awk -v tap="$1" -v kind="$2" -v after="$3" '
		$2 == tap && $3 != "Out" && $1 > after &&
		((kind == "stream" && / ICMP echo request/) || (kind == "mark" && / UDP/)) {
			print $1; exit }' "$FO_CAP"
}

# fo_wait_first TAP KIND AFTER TIMEOUT: fo_first, polled until it is there
fo_wait_first() {
	local t end=$((SECONDS + $4))
	until t=$(fo_first "$1" "$2" "$3") && [ -n "$t" ]; do
		((SECONDS < end)) || return 1
		sleep 0.2
	done
	echo "$t"
}

# ---- the stacks: vfteam_netdev, vfteam_e1000e, bond_miimon<N>, netfailover ----

# fo_on_primary VM STACK: the stack transmits on its primary again
fo_on_primary() {
	local vm=$1 pt
	case $2 in
	vfteam_e1000e)
		plugin_active "$vm" e1000e && team_attr_is "$vm" migration idle
		return
		;;
	netfailover)
		nf_on_primary "$vm"
		return
		;;
	esac
	pt=$(vm_exec "$vm" "vfteam-bench ifname e1000e" 2>/dev/null) || return 1
	case $2 in
	vfteam_netdev) team_on "$vm" "$pt" ;;
	bond_*) [ "$(vm_exec "$vm" "cat /sys/class/net/bond0/bonding/active_slave" 2>/dev/null)" = "$pt" ] ;;
	esac
}

# fo_pt_gone VM: QEMU has removed the unplugged function (the guest let
# go of it)
fo_pt_gone() {
	! vm_qmp "$1" qom-get '{"path": "/machine/peripheral/pt0", "property": "type"}' >/dev/null 2>&1
}

# fo_setup_bond VM MIIMON: active-backup over Linux's e1000e (primary) and
# virtio-net, as a bonding user would set it up for failover
fo_setup_bond() {
	local vm=$1 sb pt
	# (drive loads e1000e afresh: after the previous stack's re-plug and
	# re-enslave, the old instance was seen to miss every later link change)
	drive "$vm" e1000e none || return 1
	sb=$(sb_if "$vm") && pt=$(drv_if "$vm" e1000e) || return 1
	dp_guest "$vm" "modprobe bonding max_bonds=0 &&
		ip link add bond0 type bond mode active-backup miimon $2 &&
		ip link set $pt master bond0 && ip link set $sb master bond0 &&
		echo $pt > /sys/class/net/bond0/bonding/primary &&
		ip addr add $NETBED_GUEST_IP/$NETBED_PREFIX dev bond0 && ip link set bond0 up" &&
		wait_for 30 fo_on_primary "$vm" bond_miimon"$2"
}

# fo_replug VM STACK: plug the passthrough stand-in back after device_del.
# bonding does not take a new device by itself: enslave it again. QEMU 7.2
# keeps an unplugged failover primary's options for sb0 and refuses another
# primary (same id or not) until the guest negotiates virtio features
# again: net_failover's guest is started afresh instead.
fo_replug() {
	local vm=$1 stack=$2 pt
	if [ "$stack" = netfailover ]; then
		bench_vm_quit "$vm"
		nf_guest_start "$vm" && cfg_netfailover "$vm" &&
			dp_guest "$vm" "STREAM_US=$STREAM_US vfteam-bench stream start"
		return
	fi
	vm_qmp "$vm" device_add "$(nic_plug_json e1000e "$BENCH_MAC")" >/dev/null || return 1
	case $stack in
	bond*)
		# shellcheck disable=SC2016 # pt is set in this function
		wait_for 60 eval 'pt=$(vm_exec "$vm" "vfteam-bench ifname e1000e" 2>/dev/null)' || return 1
		dp_guest "$vm" "ip link set $pt down; ip link set $pt master bond0 &&
			echo $pt > /sys/class/net/bond0/bonding/primary"
		;;
	esac
}

# fo_qmp_stamped VM COMMAND ARGS: a QMP command; prints when it was sent
fo_qmp_stamped() {
	local t
	t=$("$VFTEAM_TOP/scripts/vmctl.py" qmp "$(vm_dir "$1")/qmp.sock" "$2" "$3" --stamp) &&
		echo "${t%%$'\n'*}"
}

# fo_event VM STACK EVENT: one event and the way back; records its latency
fo_event() {
	local vm=$1 stack=$2 ev=$3 t0 t_ev t_sb rc=0
	t0=$(date +%s.%N)
	case $ev in
	set_link) t_ev=$(fo_qmp_stamped "$vm" set_link '{"name": "pt", "up": false}') ;;
	device_del) t_ev=$(fo_qmp_stamped "$vm" device_del '{"id": "pt0"}') ;;
	prepare)
		dp_guest "$vm" "vfteam-mark-write $NETBED_PEER_IP 9 /sys/class/net/vfteam0/vfteam/migration prepare" &&
			t_ev=$(fo_wait_first "$FO_PT_TAP" mark "$t0" 10) || t_ev=''
		;;
	esac
	if [ -z "$t_ev" ]; then
		echo "    $stack $ev: the event could not be made or its time not seen" >&2
		rc=1
	elif t_sb=$(fo_wait_first "$FO_SB_TAP" stream "$t_ev" "$FO_TIMEOUT"); then
		bench_rec failover "$stack" "$ev" <<<"$(awk -v a="$t_ev" -v b="$t_sb" 'BEGIN { printf "%.3f", (b - a) * 1000 }')"
	else
		echo "    $stack $ev: no stream frame on the standby within $FO_TIMEOUT s: missed" >&2
		bench_rec failover "$stack" "${ev}_missed" <<<1
		rc=2
	fi
	# the way back, whatever happened
	case $ev in
	set_link) vm_qmp "$vm" set_link '{"name": "pt", "up": true}' >/dev/null ;;
	device_del)
		wait_for 30 fo_pt_gone "$vm" &&
			fo_replug "$vm" "$stack"
		;;
	prepare) dp_guest "$vm" "echo abort > /sys/class/net/vfteam0/vfteam/migration" ;;
	esac || rc=1
	# back on the primary, and the stream with it
	wait_for 60 fo_on_primary "$vm" "$stack" || { echo "    $stack: not back on the primary after $ev" >&2; return 1; }
	t0=$(date +%s.%N)
	fo_wait_first "$FO_PT_TAP" stream "$t0" 10 >/dev/null || rc=1
	return "$rc"
}

# fo_event_tries VM STACK EVENT: fo_event until the event is seen (2: made
# again), at most FO_TRIES times
fo_event_tries() {
	local try rc
	for ((try = 1; try <= FO_TRIES; try++)); do
		rc=0
		fo_event "$@" || rc=$?
		[ "$rc" -eq 2 ] || return "$rc"
	done
	return 1
}

# fo_stack VM STACK EVENT...: BENCH_EVENTS of each EVENT, stream running
fo_stack() {
	local vm=$1 stack=$2 ev i
	shift 2
	dp_guest "$vm" "STREAM_US=$STREAM_US vfteam-bench stream start" || return 1
	for ev in "$@"; do
		for ((i = 1; i <= BENCH_EVENTS; i++)); do
			bench_progress "failover: $stack, $ev $i/$BENCH_EVENTS"
			fo_event_tries "$vm" "$stack" "$ev" || bench_progress "failover: $stack, $ev $i: failed (see above)"
		done
	done
	dp_guest "$vm" "vfteam-bench stream stop"
}
