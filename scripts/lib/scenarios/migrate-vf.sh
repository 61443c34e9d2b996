# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Live migration with a real SR-IOV VF (88-migrate-vf): the VF leaves with
# its igb PF (device_del on the source), and on the destination an igb is
# plugged, a VF created on it and given the team's MAC (the host's job on
# real hardware; here the test does it in the guest, which drives the PF),
# and the team takes it back through vfteam_igbvf. Then cross-vendor: a VF
# to an 82574L (vfteam_e1000e) and back. One guest, four QEMU processes in
# turn, each hop under the 10 ms ping:
#
#   m1 (igb VF) -> m2 (igb VF) -> m3 (e1000e) -> m4 (igb VF)
#
# Sourced by a thin scripts/integration/NN-name.sh after
# scripts/lib/integration.sh; the helpers read the scenario's globals.
here_scenarios=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=scripts/lib/scenarios/igbvf.sh
. "$here_scenarios/igbvf.sh"
# shellcheck source=scripts/lib/scenarios/migrate.sh
. "$here_scenarios/migrate.sh"

# a migration that fails (nobody listens): vfteam-migrate plugs the PF back
# into the source, the host makes the VF again once igb has it, and the
# team returns to the VF
vf_failed_migration() {
	local maker rc=0
	host_makes_vf m1 >"$VFTEAM_OUT/vm/$log_tag-m1-vf-$GUEST_LABEL.log" 2>&1 &
	maker=$!
	SRC_NIC=igbvf failed_migration m1 || rc=1
	wait "$maker" || rc=1
	return "$rc"
}

# on_plugin VM NIC: the team in VM is idle on NIC's plugin port
on_plugin() {
	plugin_active "$1" "$(nic_plugin "$2")" && team_attr_is "$1" migration idle
}

# hop N SRC SRC_NIC DST DST_NIC SB_TAP PT_TAP: the guest in SRC (on
# SRC_NIC) migrates to a new QEMU DST on SB_TAP and PT_TAP, where DST_NIC is
# plugged after the migration; the team must come back on DST_NIC's plugin.
# Fails when no guest runs on DST after it.
hop() {
	local n=$1 src=$2 src_nic=$3 dst=$4 dst_nic=$5 dst_dir tag maker='' rc=0
	tag="hop $n, $src_nic -> $dst_nic"
	dst_dir=$(vm_dir "$dst")
	vm_start_nics "$dst" "$6" "$MAC" "$7" '' '' -incoming "unix:$dst_dir/mig.sock"
	if ! wait_for 30 test -S "$dst_dir/mig.sock"; then
		result FAIL "$(scenario "$tag: destination listens")"
		return 1
	fi
	migrate_args_for "$src"
	if [ "$dst_nic" = igb ]; then
		host_makes_vf "$dst" >"$VFTEAM_OUT/vm/$log_tag-$dst-vf-$GUEST_LABEL.log" 2>&1 &
		maker=$!
	fi
	migrate_run "$tag" "$src" "$dst" --dst-device "$(nic_plug_json "$dst_nic" "$(nic_mac "$dst_nic")")"
	if [ -n "$maker" ]; then
		# no guest runs there after a failed migration: nothing to wait for
		grep -q '^migration: completed' "$out" || kill "$maker" 2>/dev/null || true
		wait "$maker" || rc=$?
		check "$(scenario "$tag: the destination's PF made a VF with the team MAC")" \
			[ "$rc" -eq 0 ]
	fi
	migrated_source_done "$out" "$src" "$tag" || return 1
	check "$(scenario "$tag: team idle on the $(nic_plugin "$dst_nic") plugin port")" \
		wait_for 60 on_plugin "$dst" "$dst_nic"
	check "$(scenario "$tag: ping through the team")" wait_for 30 peer_ping 3
	[ "$dst_nic" != igb ] ||
		check "$(scenario "$tag: the PF keeps anti-spoofing on for the VF")" \
			spoofchk_on "$dst"
	vm_exec "$dst" "cat /sys/class/net/vfteam0/vfteam/ports" | sed 's/^/    /' || true
	# the next hop needs a guest on DST, which the checks above may fail
	# without; migrated_source_done said whether there is one
	return 0
}

scenario_migrate_vf() {
	local sb
	MAC=52:54:00:00:00:88
	log_tag=$(basename "$0" .sh)
	# as in migrate.sh: what lost pings may exceed QEMU's downtime by (ms)
	MARGIN_MS=250

	# the plugins take the VF and the 82574L, not Linux's igbvf and e1000e
	GUEST_APPEND="${GUEST_APPEND:-} modprobe.blacklist=igbvf module_blacklist=igbvf,e1000e"
	netbed_up 2
	netbed_add_tap tap2
	netbed_add_tap tap3

	vm_start_nics m1 tap0 "$MAC" tap1 igb "$IGB_PF_MAC"
	vm_wait_ready m1
	sb=$(guest_ifname m1 "$MAC" virtio_net)
	check "$(scenario 'source: a VF with the team MAC, driven by vfteam_igbvf')" \
		vf_create m1
	team_up m1 "$sb"
	check "$(scenario 'source: team idle on the VF')" wait_for 60 on_plugin m1 igb
	check "$(scenario 'source: ping through the team')" wait_for 30 peer_ping 3
	migrate_args_for m1
	run_step "failed migration: the PF back on the source, a new VF, the team on it" \
		zero vf_failed_migration

	# each destination takes the taps its source's source had
	hop 1 m1 igb m2 igb tap2 tap3 &&
		hop 2 m2 igb m3 e1000e tap0 tap1 &&
		hop 3 m3 e1000e m4 igb tap2 tap3 || return 0
	echo "    switches: $(team_attr m4 switches), lost in switches: $(team_attr m4 lost_packets)"

	vm_exec m4 "ip link del vfteam0 && rmmod vfteam_igbvf vfteam_e1000e vfteam" >/dev/null ||
		result FAIL "$(scenario 'teardown')"
	vm_stop m4
	check "$(scenario 'last destination console clean')" vm_console_clean m4
}
