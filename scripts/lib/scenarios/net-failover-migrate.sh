# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The baseline for 40-migrate: Linux's net_failover migrated
# (60-net-failover-migrate).
# Sourced by a thin scripts/integration/NN-name.sh after
# scripts/lib/integration.sh; result names come from that file's name. The
# helpers below read the scenario's globals (guest name, MAC, ports), set
# by the scenario function before it calls them.
# shellcheck source=scripts/lib/netfailover.sh
. "$(dirname "${BASH_SOURCE[0]}")/../netfailover.sh"

# primary_driver VM: the driver of the failover master's primary
primary_driver() {
	local p
	p=$(nf_state "$1" | cut -d' ' -f3)
	[ "$p" != none ] || return 1
	vm_exec "$1" "readlink /sys/class/net/$p/device/driver" | sed 's,.*/,,'
}

primary_driver_is() { [ "$(primary_driver "$1" 2>/dev/null)" = "$2" ]; }

# scenario_net_failover_migrate [DST_NIC]: the destination's primary, e1000e
# (default); rtl8139 tries a cross-vendor migration
scenario_net_failover_migrate() {
	DST_NIC=${1:-e1000e}
	# Linux's code, not ours, and it takes a few minutes under TCG: the debug
	# kernel's half of `make check` is already the slow one.
	if [ "$GUEST_LABEL" = debug ]; then
		result SKIP "$(scenario 'net_failover baseline migration')" \
			"baseline of Linux's net_failover: measured on the stock kernel only"
		return 0
	fi

	MAC=52:54:00:00:00:60
	log_tag=$(basename "$0" .sh)

	netbed_up 2
	netbed_add_tap tap2
	netbed_add_tap tap3

	nf_vm_start src tap0 tap1 "$MAC" e1000e
	vm_wait_ready src

	check "$(scenario 'source: failover master on the primary')" nf_guest_setup src
	check "$(scenario 'source: primary driven by Linux e1000e')" primary_driver_is src e1000e
	echo "    source: $(nf_state src) (master active primary standby)"
	check "$(scenario 'source: ping through the failover master')" wait_for 30 peer_ping 3

	dst_dir=$(vm_dir dst)
	nf_vm_start dst tap2 tap3 "$MAC" "$DST_NIC" -incoming "unix:$dst_dir/mig.sock"
	if ! wait_for 30 test -S "$dst_dir/mig.sock"; then
		result FAIL "$(scenario 'destination listens')"
		return 0
	fi

	### the migration, under a 10 ms ping
	out=$VFTEAM_OUT/vm/$log_tag-$GUEST_LABEL.log
	PING_KEEP=$VFTEAM_OUT/vm/$log_tag-ping-$GUEST_LABEL.log
	ping_start
	sleep 1
	rc=0
	nf_migrate src dst "$out" || rc=$?
	sleep 1
	ping_stop
	sed 's/^/    | /' "$out"
	sent=$PING_SENT recv=$PING_RECV lost=$PING_LOST
	t0=$(timeline_t0 "$out")
	ping_gaps_report "$PING_KEEP" "${t0:-0}"
	downtime=$(sed -n 's/^migration: completed, downtime \([0-9]*\) ms.*/\1/p' "$out")
	# time on the standby: from QEMU asking for the unplug to the master being
	# back on a primary at the destination (timeline times, seconds)
	standby_s=$(awk '/wait-unplug seen/ { a = $1 } /back on primary/ { b = $1 }
		END { if (a != "" && b != "") printf "%.1f", b - a; else print "?" }' "$out")
	echo "    net_failover baseline: ping $sent sent, $recv received, $lost lost;" \
		"QEMU downtime ${downtime:-?} ms; on the standby ${standby_s} s"
	echo "    longest round trip: $(ping_max_rtt "$PING_KEEP") ms"
	if [ "$rc" -eq 0 ]; then
		result PASS "$(scenario 'nf_migrate succeeds')" "lost $lost of $sent pings, downtime ${downtime:-?} ms"
	else
		result FAIL "$(scenario 'nf_migrate succeeds')" "exit $rc; see $out"
	fi
	check "$(scenario 'migration completed')" grep -q '^migration: completed' "$out"

	migrated_source_done "$out" || return 0
	check "$(scenario 'destination: failover master back on the primary')" \
		wait_for 30 nf_on_primary dst
	drv=$DST_NIC
	[ "$drv" != rtl8139 ] || drv=8139cp
	check "$(scenario "destination: primary driven by Linux $drv")" primary_driver_is dst "$drv"
	echo "    destination: $(nf_state dst) (master active primary standby)"
	check "$(scenario 'destination: ping after migration')" wait_for 30 peer_ping 3
	vm_stop dst
	check "$(scenario 'destination console clean')" vm_console_clean dst
}
