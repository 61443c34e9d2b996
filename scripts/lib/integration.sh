# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by every integration scenario. The guest kernel comes from the
# environment (set by scripts/check.sh):
#   GUEST_LABEL    stock | debug, used in result names
#   GUEST_KERNEL   bzImage / vmlinuz
#   GUEST_INITRD   initramfs from scripts/build-initramfs.sh
# Installs the cleanup trap: guests killed, namespace removed, on every exit.

_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$_lib/common.sh"
# shellcheck source=scripts/lib/netbed.sh
. "$_lib/netbed.sh"
# shellcheck source=scripts/lib/vm.sh
. "$_lib/vm.sh"
# shellcheck source=scripts/lib/results.sh
. "$_lib/results.sh"

: "${GUEST_LABEL:?}" "${GUEST_KERNEL:?}" "${GUEST_INITRD:?}"

integration_cleanup() {
	vm_kill_all
	netbed_down
}
on_exit integration_cleanup

# guest_log_wait VM SECONDS STRING: STRING appears in VM's kernel log within
# SECONDS. Polled inside the guest, in one guest command: wait_for with a
# vm_exec would start one every 0.2 s, and on the debug kernel each takes
# seconds of the guest's one CPU from what the test is waiting for.
guest_log_wait() {
	VM_EXEC_TIMEOUT=$(($2 + 60)) vm_exec "$1" "i=0
		until dmesg | grep -qF '$3'; do
			i=\$((i + 1))
			[ \$i -le $(($2 * 2)) ] || exit 1
			sleep 0.5
		done"
}

# A scenario's result name: "<kernel>: <script>: <what>"
scenario() {
	echo "$GUEST_LABEL: $(basename "$0" .sh): $1"
}

# full_only KERNEL WHAT: this scenario's run on guest kernel KERNEL is
# make check-full's (make check's 60 minutes from a fresh machine do not
# hold it): outside check-full there, WHAT is a SKIP result and this fails
full_only() {
	if [ "$GUEST_LABEL" != "$1" ] || [ "${VFTEAM_CHECK_FULL:-0}" = 1 ]; then
		return 0
	fi
	result SKIP "$(scenario "$2")" "$1 kernel: in make check-full"
	return 1
}

# vm_start_nics NAME SB_TAP SB_MAC PT_TAP PT_NIC PT_MAC [QEMU-ARGS...]:
# start a guest with a virtio-net standby (id sb0, rp1, netdev sb on SB_TAP)
# and a passthrough stand-in of model PT_NIC (id pt0, rp2, netdev pt on
# PT_TAP); an empty PT_NIC leaves rp2 free for a device plugged later
vm_start_nics() {
	local name=$1 sb_tap=$2 sb_mac=$3 pt_tap=$4 pt_nic=$5 pt_mac=$6 pt_dev=()
	shift 6
	[ -z "$pt_nic" ] ||
		pt_dev=(-device "$pt_nic,netdev=pt,mac=$pt_mac,bus=rp2,id=pt0,romfile=")
	vm_start "$name" "$GUEST_KERNEL" "$GUEST_INITRD" "${GUEST_APPEND:-}" \
		-netdev "tap,id=sb,ifname=$sb_tap,script=no,downscript=no" \
		-device "virtio-net-pci,netdev=sb,mac=$sb_mac,bus=rp1,id=sb0,romfile=" \
		-netdev "tap,id=pt,ifname=$pt_tap,script=no,downscript=no" \
		"${pt_dev[@]}" "$@"
}

# Start the guest with the standard pair of NICs:
#   virtio-net (standby) on rp1 / tap0, e1000e (primary) id=pt0 on rp2 / tap1
#   $1: guest name, $2: standby MAC, $3: primary MAC, rest: more QEMU args
vm_start_pair() {
	local name=$1 sb_mac=$2 pt_mac=$3
	shift 3
	vm_start_nics "$name" tap0 "$sb_mac" tap1 e1000e "$pt_mac" "$@"
}

# guest_ifname NAME MAC [DRIVER]: the guest interface with that MAC (and driver)
guest_ifname() {
	vm_exec "$1" "for d in /sys/class/net/*; do
		[ \"\$(cat \$d/address 2>/dev/null)\" = '$2' ] || continue
		[ -z '${3:-}' ] || [ \"\$(readlink \$d/device/driver 2>/dev/null | sed 's,.*/,,')\" = '${3:-}' ] || continue
		basename \$d; done" | head -n 1
}

# peer_ping COUNT: ping the guest from the peer, succeed if all replies came
peer_ping() {
	netbed ping -q -c "$1" -i 0.2 -W 2 "$NETBED_GUEST_IP" >/dev/null
}

# ---- a continuous 10 ms ping from the peer, to count what a step loses ----

# ping_start: begin; ping_stop: end it, leaving PING_SENT, PING_RECV, PING_LOST.
# PING_TARGET: the address to ping (default: the guest's, on the team)
ping_start() {
	local target=${PING_TARGET:-$NETBED_GUEST_IP}

	PING_LOG=$(mktemp)
	# `ip netns exec` execs ping, so $! is ping itself and can be signalled;
	# each reply with its arrival time (-D), for ping_gaps
	ip netns exec "$NETBED_NS" ping -D -i 0.01 -W 1 "$target" \
		>"$PING_LOG" 2>&1 &
	PING_PID=$!
}

# Losses are counted by sequence number up to the last reply: requests still
# in flight when ping is stopped are not losses, and ping's own summary
# (which counts them) would be off by one whenever the round trip under TCG
# is longer than the 10 ms interval.
# shellcheck disable=SC2034 # PING_* are read by the scenarios
ping_stop() {
	sleep 1 # replies to the last requests are still in flight
	kill -INT "$PING_PID" 2>/dev/null || true
	wait "$PING_PID" 2>/dev/null || true
	read -r PING_SENT PING_RECV < <(sed -n 's/.*icmp_seq=\([0-9]*\) .*/\1/p' "$PING_LOG" |
		sort -nu | awk '{ n++; if ($1 > max) max = $1 } END { print max + 0, n + 0 }')
	PING_LOST=$((PING_SENT - PING_RECV))
	# PING_KEEP=FILE keeps ping's output (for ping_gaps)
	[ -z "${PING_KEEP:-}" ] || cp "$PING_LOG" "$PING_KEEP"
	rm -f "$PING_LOG"
}

# ping_gaps FILE: the runs of lost sequence numbers in the output kept with
# PING_KEEP=FILE (run_step keeps its own), one line each: "FIRST-LAST COUNT
# T_BEFORE T_AFTER", the T being when the answered requests around the run
# were sent (epoch seconds: reply arrival (-D) minus round trip)
ping_gaps() {
	sed -n 's/^\[\([0-9.]*\)\].*icmp_seq=\([0-9]*\) .*time=\([0-9.]*\) ms.*/\2 \1 \3/p' "$1" |
		sort -nu -k1,1 |
		awk '{ t = $2 - $3 / 1000 }
			NR > 1 && $1 > prev + 1 { printf "%d-%d %d %.6f %.6f\n", prev + 1, $1 - 1, $1 - prev - 1, tprev, t }
			{ prev = $1; tprev = t }'
}

# ping_gaps_report FILE [T0]: ping_gaps as lines for a log, the times
# relative to T0 (epoch seconds, e.g. a migration timeline's start)
ping_gaps_report() {
	ping_gaps "$1" | while read -r seqs n t1 t2; do
		awk -v s="$seqs" -v n="$n" -v a="$t1" -v b="$t2" -v t0="${2:-0}" 'BEGIN {
			printf "    lost seq %s (%d): requests sent from %.3fs to %.3fs (%.0f ms) unanswered\n",
				s, n, a - t0, b - t0, (b - a) * 1000 }'
	done
}

# ping_max_rtt FILE: the longest round trip (ms) in a kept ping output
ping_max_rtt() {
	sed -n 's/.*icmp_seq=.*time=\([0-9.]*\) ms.*/\1/p' "$1" | sort -n | tail -n 1
}

# run_step NAME zero|any CMD...: run CMD under the 10 ms ping and record a
# result with the loss; "zero" makes any lost ping a FAIL. No reply at all is
# always a FAIL. A zero-loss step that lost pings also says when
# (ping_gaps_report) and whether an emulated NIC dropped frames then
# (vm_nic_rx_drops): all that a flake seen once in a CI run leaves to go on.
run_step() {
	local name=$1 zero=$2 sent recv lost t0 ok=1 log
	shift 2
	log=${PING_KEEP:-$(mktemp)}	# kept for the report; the caller's if set
	ping_start
	t0=$(date +%s.%N)
	sleep 1
	"$@" || ok=0
	PING_KEEP=$log ping_stop
	sent=$PING_SENT recv=$PING_RECV lost=$PING_LOST
	if [ "$ok" -eq 0 ]; then
		result FAIL "$(scenario "$name")" "step failed"
	else
		echo "    $name: $sent sent, $recv received, $lost lost"
		if [ "$recv" -eq 0 ] || { [ "$zero" = zero ] && [ "$lost" -ne 0 ]; }; then
			result FAIL "$(scenario "$name")" "lost $lost of $sent"
			ping_gaps_report "$log" "$t0"
			vm_nic_rx_drops "$t0" "$(date +%s.%N)"
		else
			result PASS "$(scenario "$name")" "lost $lost of $sent"
		fi
	fi
	[ -n "${PING_KEEP:-}" ] || rm -f "$log"
}

# vm_migrated NAME: the source QEMU NAME is paused after its migration
# (postmigrate) or gone
vm_migrated() {
	local st
	kill -0 "$(cat "$(vm_dir "$1")/pid")" 2>/dev/null || return 0
	st=$(vm_qmp "$1" query-status) || return 1
	echo "    $1: $st"
	grep -q '"status": "postmigrate"' <<<"$st"
}

# migrated_source_done OUT [SRC [TAG]]: after a migration whose log is OUT,
# the source QEMU SRC (default src) is paused with a clean console, and has
# quit (its taps are free again); fails (with a FAIL result) if OUT does not
# say the migration completed, since then no guest runs on the destination
# and each check there would wait for its timeout. TAG prefixes the results.
migrated_source_done() {
	local src=${2:-src} tag=${3:+$3: }

	check "$(scenario "${tag}source QEMU paused after migration")" vm_migrated "$src"
	check "$(scenario "${tag}source console clean")" vm_console_clean "$src"
	vm_qmp "$src" quit >/dev/null 2>&1 || true
	vm_wait_exit "$src" 30 || kill -9 "$(cat "$(vm_dir "$src")/pid")" 2>/dev/null || true
	grep -q '^migration: completed' "$1" && return 0
	result FAIL "$(scenario "${tag}destination checks")" "migration did not complete; see $1"
	return 1
}

# ---- vfteam in the guest ----

# plugin_pci VM NIC: the PCI address of the device NIC's plugin (vfteam_NIC)
# drives in VM, empty while there is none
plugin_pci() {
	vm_exec "$1" "ls /sys/bus/pci/drivers/vfteam_$2 2>/dev/null | grep '^0000:' || true" |
		head -n 1
}

# plugin_port VM NIC: that device's port name in the team, empty if none
plugin_port() {
	local a
	a=$(plugin_pci "$1" "$2")
	[ -z "$a" ] || echo "$2@$a"
}

# plugin_active VM NIC: the team's active port is NIC's plugin port
plugin_active() {
	local p
	p=$(plugin_port "$1" "$2")
	[ -n "$p" ] && team_attr_is "$1" active_port "$p"
}

# team_up_cmd [PORT...]: the guest command line that loads vfteam, makes
# vfteam0 with the netdev PORTs (the standby first: the team starts on it),
# gives it the guest's address and brings it up; plugin ports join by
# themselves. One sequence for the scenarios, make demo and make bench.
team_up_cmd() {
	local p cmd="modprobe vfteam && ip link add vfteam0 type vfteam"
	for p in "$@"; do
		cmd+=" && ip link set $p master vfteam0"
	done
	echo "$cmd && ip addr add $NETBED_GUEST_IP/$NETBED_PREFIX dev vfteam0 && ip link set vfteam0 up"
}

# team_up VM [PORT...]: team_up_cmd run in VM
team_up() {
	local vm=$1
	shift
	vm_exec "$vm" "$(team_up_cmd "$@")"
}

# team_attr VM ATTR: read /sys/class/net/vfteam0/vfteam/ATTR
team_attr() {
	vm_exec "$1" "cat /sys/class/net/vfteam0/vfteam/$2"
}

# team_attr_is VM ATTR VALUE
team_attr_is() {
	[ "$(team_attr "$1" "$2" 2>/dev/null)" = "$3" ]
}

# team_state VM: "ACTIVE_PORT MIGRATION_STATE", read in one guest command
team_state() {
	vm_exec "$1" "cd /sys/class/net/vfteam0/vfteam && echo \$(cat active_port) \$(cat migration)"
}

# ---- hot-plugging a passthrough stand-in ----

# nic_plug_json DRIVER MAC [ID [BUS [NETDEV]]]: device_add arguments for a
# passthrough stand-in NIC (default id pt0 on rp2, netdev pt: where
# vm_start_pair and the migration scenarios put it); romfile empty as on
# the NICs given at boot, since nothing in the guest runs an option ROM
nic_plug_json() {
	printf '{"driver": "%s", "id": "%s", "bus": "%s", "netdev": "%s", "mac": "%s", "romfile": ""}\n' \
		"$1" "${3:-pt0}" "${4:-rp2}" "${5:-pt}" "$2"
}
