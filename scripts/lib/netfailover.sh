# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The baseline vfteam is compared with: the same guest and migration, but
# with Linux's own net_failover (virtio-net failover=on, the passthrough
# stand-in paired to it with failover_pair_id) and QEMU doing the unplug and
# re-plug itself. Sourced after scripts/lib/integration.sh. Its migration
# timeline is vfteam-migrate's (migration-hooks/vfteam-timeline.sh), so that
# make demo reads both alike.
#
#   nf_vm_start NAME SB_TAP PT_TAP MAC PT_NIC [QEMU-ARGS...]
#   nf_guest_setup NAME
#   nf_state NAME            -> "MASTER ACTIVE PRIMARY STANDBY" ("none" if absent)
#   nf_migrate SRC DST [OUTFILE]
#
# Without udev in the test guest nothing renames the standby to
# "<master>nsby", so the master is found by what it is (ethtool driver
# net_failover), not by name.

# shellcheck source=migration-hooks/vfteam-timeline.sh
. "$VFTEAM_TOP/migration-hooks/vfteam-timeline.sh"

# Linux's drivers, not the vfteam plugins, must take the passthrough NICs.
# The initramfs loads drivers by modalias through kmod's modprobe, which skips
# modules named in modprobe.blacklist= for alias lookups; module_blacklist=
# makes the kernel refuse them even if something loads them by name.
# Linux's e1000e runs in its default mode, MSI-X. QEMU 7.2 raised link
# changes on the MSI-X "other" vector, where Linux's e1000e missed them, so
# the test bed gave it IntMode=1 then; on QEMU 10 it sees them in MSI-X mode
# (10-failover's set_link steps).
NF_APPEND="modprobe.blacklist=vfteam_e1000e,vfteam_rtl8139 module_blacklist=vfteam_e1000e,vfteam_rtl8139"

# nf_vm_start NAME SB_TAP PT_TAP MAC PT_NIC [QEMU-ARGS...]
# PT_NIC empty: standby only. The standby comes first on the command line:
# it is the virtio-net device that makes QEMU hold the primary back (plugged
# once the guest acknowledges VIRTIO_NET_F_STANDBY, and on a destination once
# the migrated guest runs), so it must exist before the primary is created.
nf_vm_start() {
	local name=$1 sb_tap=$2 pt_tap=$3 mac=$4 pt_nic=$5
	shift 5
	local pt=()
	case $pt_nic in
	'') ;;
	e1000e | rtl8139)
		pt=(-netdev "tap,id=pt,ifname=$pt_tap,script=no,downscript=no"
			-device "$pt_nic,netdev=pt,id=pt0,bus=rp2,failover_pair_id=sb0,mac=$mac,romfile=")
		;;
	*)
		echo "nf_vm_start: PT_NIC is e1000e, rtl8139 or empty, not $pt_nic" >&2
		return 2
		;;
	esac
	vm_start "$name" "$GUEST_KERNEL" "$GUEST_INITRD" "${GUEST_APPEND:-} $NF_APPEND" \
		-netdev "tap,id=sb,ifname=$sb_tap,script=no,downscript=no" \
		-device "virtio-net-pci,netdev=sb,mac=$mac,bus=rp1,id=sb0,failover=on,romfile=" \
		"${pt[@]}" "$@"
}

# Guest-side sh (dash/busybox) printing "MASTER ACTIVE PRIMARY STANDBY".
# The standby shares the master's parent device (the virtio device); the
# primary is the lower with another parent (a PCI function). net_failover
# transmits on the primary when it is up with carrier, else on the standby
# when that is, else drops: "active" applies that same rule.
# shellcheck disable=SC2016 # expanded in the guest
NF_STATE_SH='m=none
for d in /sys/class/net/*; do
	n=${d##*/}
	ethtool -i "$n" 2>/dev/null | grep -qx "driver: net_failover" || continue
	m=$n
	break
done
p=none s=none a=none
if [ "$m" != none ]; then
	md=$(readlink -f /sys/class/net/$m/device)
	for l in /sys/class/net/$m/lower_*; do
		[ -e "$l" ] || continue
		if [ "$(readlink -f "$l/device")" = "$md" ]; then s=${l##*/lower_}; else p=${l##*/lower_}; fi
	done
	ready() {
		[ "$1" != none ] && [ $(($(cat /sys/class/net/$1/flags) & 1)) = 1 ] &&
			[ "$(cat /sys/class/net/$1/carrier 2>/dev/null)" = 1 ]
	}
	if ready "$p"; then a=$p; elif ready "$s"; then a=$s; fi
fi
echo "$m $a $p $s"'

# nf_state NAME: "MASTER ACTIVE PRIMARY STANDBY" of the guest
nf_state() {
	vm_exec "$1" "$NF_STATE_SH"
}

# nf_on_primary NAME: the guest's failover master transmits on its primary
nf_on_primary() {
	local m a p s
	read -r m a p s < <(nf_state "$1" 2>/dev/null) || return 1
	[ "$m" != none ] && [ "$p" != none ] && [ "$a" = "$p" ]
}

# nf_has_master NAME: net_failover has made its master in the guest
nf_has_master() {
	local m
	m=$(nf_state "$1" 2>/dev/null) || return 1
	[ -n "$m" ] && [ "${m%% *}" != none ]
}

# _nf_has_primary NAME: the master has a primary enslaved
_nf_has_primary() {
	local m p
	read -r m _ p _ < <(nf_state "$1" 2>/dev/null) || return 1
	[ "$m" != none ] && [ "$p" != none ]
}

_nf_running() {
	vm_qmp "$1" query-status | grep -q '"status": "running"'
}

# nf_guest_setup NAME: address the failover master, bring it up (which opens
# both slaves), wait until it transmits on the primary
nf_guest_setup() {
	local name=$1 m p sb _
	wait_for 60 nf_has_master "$name" || {
		echo "nf_guest_setup $name: no net_failover master in the guest" >&2
		return 1
	}
	read -r m _ p sb < <(nf_state "$name")
	# The baseline at its best: net_failover leaves IPv6 on its slaves, and
	# a slave's own link-local traffic (DAD, router solicitations) moves the
	# guest's MAC in the switch to that slave's tap; frames then arriving
	# on the standby while a primary is enslaved are dropped, ~1 s every
	# ~9 s when idle. Only the master keeps IPv6, here and on the primaries
	# plugged later (the default).
	vm_exec "$name" "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6 &&
		for s in $p $sb; do [ \"\$s\" = none ] ||
			echo 1 > /proc/sys/net/ipv6/conf/\$s/disable_ipv6; done" || return 1
	vm_exec "$name" "ip addr add $NETBED_GUEST_IP/$NETBED_PREFIX dev $m && ip link set $m up" || return 1
	if ! wait_for 60 nf_on_primary "$name"; then
		echo "nf_guest_setup $name: $m not on a primary: $(nf_state "$name")" >&2
		return 1
	fi
}

# nf_migrate SRC DST [OUTFILE]: live-migrate SRC to DST (started with
# -incoming URI, read from its command line) and wait until the guest's
# failover master is back on a primary there. Prints, like vfteam-migrate,
# "migration: completed, downtime N ms, total-time M ms" and a timeline.
# Non-zero when the migration fails or no primary takes over in time
# (NF_TIMEOUT seconds, default 90; the migration itself NF_MIGRATE_TIMEOUT,
# default 600).
nf_migrate() {
	if [ -n "${3:-}" ]; then
		_nf_migrate "$1" "$2" >"$3" 2>&1
	else
		_nf_migrate "$1" "$2"
	fi
}

_nf_migrate() (
	export LC_ALL=C # "." in $EPOCHREALTIME and in awk's numbers
	src=$1 dst=$2
	timeout=${NF_TIMEOUT:-90}
	timeline_begin

	log() { echo "nf_migrate: $*" >&2; }
	json() { python3 -c "import json, sys; j = json.load(sys.stdin); print($1)"; }
	# line T PHASE [STATE]: one timeline line
	line() {
		local m a p s
		if [ -n "${3:-}" ]; then
			read -r m a p s <<<"$3"
			timeline_line "$1" "$2" "active=$a master=$m primary=$p standby=$s"
		else
			timeline_line "$1" "$2"
		fi
	}
	# guest_state VM: its failover state, never waiting long: the guest
	# may pause under us when the migration ends
	guest_state() {
		VM_EXEC_TIMEOUT=${NF_GUEST_TIMEOUT:-5} nf_state "$1" 2>/dev/null || echo "? ? ? ?"
	}
	# mark PHASE [VM]: a timeline line, with the failover state read in VM
	mark() {
		local t l
		t=$(timeline_elapsed)
		l=$(line "$t" "$1" "${2:+$(guest_state "$2")}")
		TIMELINE+=("$l")
		log "$l"
	}
	# mark_bg PHASE VM: the same, but the state is read in the background so
	# that watching the migration is not held up; filled in by print_timeline
	mark_bg() {
		local t f
		t=$(timeline_elapsed)
		f=$(mktemp)
		guest_state "$2" >"$f" &
		TIMELINE+=("@bg $f $t $1")
		log "$(line "$t" "$1")"
	}
	print_timeline() {
		local i f t ph
		wait
		for i in "${!TIMELINE[@]}"; do
			[[ ${TIMELINE[i]} == "@bg "* ]] || continue
			read -r _ f t ph <<<"${TIMELINE[i]}"
			TIMELINE[i]=$(line "$t" "$ph" "$(cat "$f")")
			rm -f "$f"
		done
		timeline_print
	}
	fail() {
		log "$1"
		mark "failed" "${2:-}"
		print_timeline
		exit "${3:-1}"
	}

	# where the destination listens: its -incoming argument
	uri=$(tr '\0' '\n' <"/proc/$(cat "$(vm_dir "$dst")/pid")/cmdline" 2>/dev/null |
		sed -n '/^-incoming$/{n;p;q}') || true
	[ -n "$uri" ] || fail "destination $dst has no -incoming URI" "" 1

	mark "start" "$src"
	vm_qmp "$src" migrate-set-parameters \
		"{\"downtime-limit\": ${NF_DOWNTIME_MS:-50}, \"max-bandwidth\": $((4 << 30))}" >/dev/null ||
		fail "migrate-set-parameters failed"
	vm_qmp "$src" migrate "{\"uri\": \"$uri\"}" >/dev/null || fail "migrate did not start" "$src"
	t_mig=$EPOCHREALTIME
	mark "migration started"

	# QEMU asks the guest to eject the primary (status wait-unplug) and only
	# then copies memory; the guest runs on its standby from the eject on
	end=$(($(date +%s) + ${NF_MIGRATE_TIMEOUT:-600}))
	seen_wait='' left_wait=''
	while :; do
		info=$(vm_qmp "$src" query-migrate) || info='{}'
		status=$(json "j.get('status', '?')" <<<"$info")
		if [ "$status" = wait-unplug ] && [ -z "$seen_wait" ]; then
			seen_wait=1
			mark_bg "wait-unplug seen (QEMU unplugs)" "$src"
		elif [ -n "$seen_wait" ] && [ -z "$left_wait" ] && [ "$status" != wait-unplug ]; then
			left_wait=1
			# the guest still runs while QEMU copies memory (active), not after
			if [ "$status" = active ]; then
				mark_bg "primary unplugged, copying memory" "$src"
			else
				mark "primary unplugged ($status)"
			fi
		fi
		case $status in
		completed) break ;;
		failed | cancelled)
			fail "migration $status: $(json "j.get('error-desc', '')" <<<"$info")" "$src" 4
			;;
		esac
		if (($(date +%s) >= end)); then
			vm_qmp "$src" migrate_cancel >/dev/null || true
			fail "migration not completed in time: cancelled" "" 4
		fi
		sleep 0.1
	done
	[ -n "$seen_wait" ] || log "never saw status wait-unplug (no primary, or too quick)"
	downtime=$(json "j.get('downtime', '?')" <<<"$info")
	total=$(json "j.get('total-time', '?')" <<<"$info")
	timeline_add_after "$t_mig" "$total" "completed, by QEMU" "(migration start + QEMU total-time)"
	mark "completion seen"
	echo "migration: completed, downtime ${downtime} ms, total-time ${total} ms"

	wait_for "$timeout" _nf_running "$dst" || fail "destination not running" "" 5
	mark "destination running"
	"$VFTEAM_TOP/scripts/vmctl.py" qga-wait "$(vm_dir "$dst")/qga.sock" --timeout "$timeout" >/dev/null ||
		fail "no guest agent on the destination" "" 5
	# QEMU plugs the destination's hidden primary once the guest runs
	wait_for "$timeout" _nf_has_primary "$dst" || fail "no primary enslaved on the destination" "$dst" 5
	mark "destination primary plugged" "$dst"
	wait_for "$timeout" nf_on_primary "$dst" ||
		fail "failover master not back on the primary" "$dst" 5
	mark "failover master back on primary" "$dst"
	print_timeline
)
