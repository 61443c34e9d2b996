#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: a guest (Debian's stock kernel) whose network is a vfteam of a
# virtio-net standby and a passthrough device driven by a vendor plugin is
# live-migrated three times, across four QEMU processes, changing the
# passthrough vendor each time, while the peer pings it every 10 ms:
#
#   guest 0 (e1000e) --hop 1--> guest 1 (rtl8139) --hop 2--> guest 2 (e1000e)
#     --hop 3--> guest 3 (igb: a real SR-IOV VF)
#
#   peer 198.18.0.1 --- br0 --- tap0 --- guest 0 virtio-net (rp1) --+
#                         |\--- tap1 --- guest 0 e1000e (rp2) ------+- team 198.18.0.2
#                         |\--- tap2, tap3   guest 1 (rtl8139 plugged after hop 1)
#                         |\--- tap4, tap5   guest 2 (e1000e plugged after hop 2)
#                          \--- tap6, tap7   guest 3 (igb plugged after hop 3, a VF
#                                             made on it with the team's MAC)
#
# Then the same chain with Linux's net_failover (scripts/lib/netfailover.sh),
# as a baseline, as far as it can follow: QEMU's failover takes no igb
# (stack_netfailover_takes), so its run ends after hop 2. It prints one
# timeline per stack (every phase, with the pings lost in it) and a table
# with one column per stack.
#
# A stack is a set of functions stack_<name>_<op> (see "the stacks" below);
# run_stack drives any of them through CHAIN. `demo: ok` needs every vfteam
# hop to succeed and the team to end on the last NIC's plugin; the baseline is
# reported, not judged.
#
# VFTEAM_DEMO_PREBUILT=1 with GUEST_KERNEL and GUEST_INITRD set skips the
# dependencies and the build (for working on this script);
# VFTEAM_DEMO_BASELINE=0 leaves net_failover out; VFTEAM_DEMO_CHAIN another
# chain of NICs (make bench runs "e1000e rtl8139" when QUICK).
#
# stack_<name>_<op> and the table's cell functions are called by name
# shellcheck disable=SC2317
set -euo pipefail
export LC_ALL=C # "." in $EPOCHREALTIME and in awk's numbers
demo_t0=$EPOCHREALTIME
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/build.sh
. "$here/lib/build.sh"

# The exit line: `demo: ok` is printed by the end of this script; anything
# else that ends it early (a failed build, a failed command under set -e, a
# signal) still says what failed, in one line.
demo_err=''
demo_said=''
demo_exit() {
	local rc=$on_exit_status
	# guests and namespace, once integration.sh is there
	! declare -F integration_cleanup >/dev/null || integration_cleanup
	if [ "$rc" -ne 0 ] && [ -z "$demo_said" ]; then
		echo "demo: FAILED: ${demo_err:-see the lines above} (exit $rc)"
	fi
}
on_exit demo_exit
set -E
trap 'demo_err=${demo_err:-"line $LINENO: $BASH_COMMAND"}' ERR

if [ -n "${VFTEAM_DEMO_PREBUILT:-}" ]; then
	: "${GUEST_KERNEL:?VFTEAM_DEMO_PREBUILT needs GUEST_KERNEL}"
	: "${GUEST_INITRD:?VFTEAM_DEMO_PREBUILT needs GUEST_INITRD}"
else
	build_stock_guest "$VFTEAM_OUT/stock.cpio.gz"
fi
export GUEST_LABEL=demo GUEST_KERNEL GUEST_INITRD
# shellcheck source=scripts/lib/integration.sh
. "$here/lib/integration.sh"
# the migration timelines of vfteam-migrate and nf_migrate, read alike
# shellcheck source=migration-hooks/vfteam-timeline.sh
. "$VFTEAM_TOP/migration-hooks/vfteam-timeline.sh"
# the igb PF's VF, made by the "host" (in the guest, which drives the PF)
# shellcheck source=scripts/lib/vf.sh
. "$here/lib/vf.sh"
on_exit demo_exit # integration.sh set its own; demo_exit calls it

STACKS=(vfteam)
declare -A STACK_TITLE=([vfteam]=vfteam [netfailover]=net_failover)
# the baseline stack: one place to plug it in
if [ "${VFTEAM_DEMO_BASELINE:-1}" != 0 ] && [ -f "$here/lib/netfailover.sh" ]; then
	# shellcheck source=scripts/lib/netfailover.sh
	. "$here/lib/netfailover.sh"
	STACKS+=(netfailover)
fi

MAC=52:54:00:00:00:40
# the passthrough NIC of guest 0, 1, 2...: each hop goes from one to the next
# (VFTEAM_DEMO_CHAIN: another chain, e.g. "e1000e rtl8139" for one hop).
# igb is QEMU's 82576 PF, the passthrough device its VF: the VF is made and
# given the team's MAC once the PF is there (the host's job, vf.sh)
read -ra CHAIN <<<"${VFTEAM_DEMO_CHAIN:-e1000e rtl8139 e1000e igb}"
for nic in "${CHAIN[@]}"; do
	case $nic in
	e1000e | rtl8139 | igb) ;;
	*) die "VFTEAM_DEMO_CHAIN: the NICs are e1000e, rtl8139 or igb, not $nic" ;;
	esac
done
[ "${#CHAIN[@]}" -ge 2 ] || die "VFTEAM_DEMO_CHAIN: at least two NICs (one hop): ${CHAIN[*]}"
DEMO_DIR=$VFTEAM_OUT/demo
BASE_APPEND=${GUEST_APPEND:-}
MIGRATE=$VFTEAM_TOP/migration-hooks/vfteam-migrate
rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"

# R[stack,key] and R[stack,hN,key]: everything the timelines and the table show
declare -A R=()

since_start() {
	awk -v a="$demo_t0" -v b="${1:-$EPOCHREALTIME}" 'BEGIN { printf "%.2fs", b - a }'
}

# ======================= the stacks =======================
#
# Each stack implements, for VM names, taps and a NIC out of CHAIN:
#   stack_S_boot VM SB_TAP PT_TAP NIC   first guest, team up on NIC
#   stack_S_dest VM SB_TAP PT_TAP NIC   a destination QEMU on -incoming
#   stack_S_hop SRC DST NIC OUT         migrate, output (migration: and
#                                       timeline lines) in OUT; non-zero
#                                       if it did not end on NIC
#   stack_S_state VM                    "ACTIVE DRIVER STATE" read now
#   stack_S_driver NIC                  what drives NIC in this stack
#   stack_S_takes NIC                   whether the stack can hop to NIC
#                                       (if not, prints why; its chain
#                                       ends before it)
#   stack_S_events OUT HOP SRC_NIC DST_NIC   OUT's timeline as event lines
#   stack_S_switches VM                 active-port changes so far (a
#                                       number, or why there is none)
#   stack_S_drops VM                    packets the team could not send
# and has its entries in STACK_TITLE, STANDBY_RE and PRIMARY_RE.

# ---- vfteam: plugins drive the passthrough NICs, vfteam-migrate moves them ----

VF_APPEND="modprobe.blacklist=igbvf module_blacklist=e1000e,8139cp,8139too,igbvf"
VF_SB='' # the standby's name in the guest (the same guest all along)

# vf_qemu VM SB_TAP PT_TAP NIC [QEMU-ARGS...]: NIC empty leaves rp2 free for
# the device vfteam-migrate plugs after the migration
vf_qemu() {
	local vm=$1 sbt=$2 ptt=$3 nic=$4
	shift 4
	GUEST_APPEND="$BASE_APPEND $VF_APPEND" \
		vm_start_nics "$vm" "$sbt" "$MAC" "$ptt" "$nic" "$(nic_mac "$nic")" "$@"
}

# vf_on VM NIC: the team is idle on the port of NIC's plugin
vf_on() {
	local st
	st=$(team_state "$1" 2>/dev/null) || return 1
	[[ $st == "$(nic_plugin "$2")@"*" idle" ]]
}

stack_vfteam_takes() { :; }

stack_vfteam_driver() { echo "vfteam_$(nic_plugin "$1")"; }

stack_vfteam_boot() {
	local vm=$1 nic=$4
	vf_qemu "$@" && vm_wait_ready "$vm" || return 1
	VF_SB=$(guest_ifname "$vm" "$MAC" virtio_net)
	[ -n "$VF_SB" ] || { echo "no virtio-net in the guest" >&2; return 1; }
	if [ "$nic" = igb ] && ! vf_create "$vm"; then
		echo "no VF on the igb" >&2
		return 1
	fi
	# the plugin's port joins the team by itself (same MAC)
	team_up "$vm" "$VF_SB" || return 1
	wait_for 60 vf_on "$vm" "$nic" || {
		echo "the team is not on the $(stack_vfteam_driver "$nic") port" >&2
		return 1
	}
	wait_for 30 peer_ping 3
}

stack_vfteam_dest() {
	local vm=$1 sock
	sock=$(vm_dir "$vm")/mig.sock
	vf_qemu "$1" "$2" "$3" '' -incoming "unix:$sock" &&
		wait_for 30 test -S "$sock"
}

stack_vfteam_hop() {
	local src=$1 dst=$2 nic=$3 out=$4 s d maker=''
	s=$(vm_dir "$src") d=$(vm_dir "$dst")
	if [ "$nic" = igb ]; then
		host_makes_vf "$dst" >"$out.vf" 2>&1 &
		maker=$!
	fi
	# the parameters 40-migrate.sh uses: a local socket outruns QEMU's
	# default bandwidth cap, and an idle guest converges to 50 ms
	"$MIGRATE" --src-qmp "$s/qmp.sock" --src-qga "$s/qga.sock" \
		--dst-qmp "$d/qmp.sock" --dst-qga "$d/qga.sock" \
		--dst-uri "unix:$d/mig.sock" --pt-id pt0 --team vfteam0 \
		--dst-device "$(nic_plug_json "$nic" "$(nic_mac "$nic")")" \
		--timeout 90 --migrate-timeout 600 --max-bandwidth $((4 << 30)) \
		--downtime-limit "${VFTEAM_MIG_DOWNTIME_MS:-50}" >"$out" 2>&1 || {
		echo "vfteam-migrate exit $? (see $out)" >&2
		[ -z "$maker" ] || { kill "$maker" 2>/dev/null; wait "$maker"; } || true
		return 1
	}
	if [ -n "$maker" ] && ! wait "$maker"; then
		echo "no VF made on the destination's igb (see $out.vf)" >&2
		return 1
	fi
	# vfteam-migrate only waits for "a primary": it must be this one
	wait_for 30 vf_on "$dst" "$nic" || {
		echo "the team is not on the $(stack_vfteam_driver "$nic") port after the hop" >&2
		return 1
	}
}

stack_vfteam_state() {
	local a m
	read -r a m < <(team_state "$1")
	echo "$a $(vf_plugin "$a") $m"
}

# vf_plugin ACTIVE_PORT: plugin ports are named <plugin>@<pci address>
vf_plugin() {
	case $1 in
	*@*) echo "vfteam_${1%%@*}" ;;
	'' | '?') echo '?' ;;
	*) echo - ;;
	esac
}

stack_vfteam_events() {
	hop_events "$1" "$2" vfteam "$3" "$4"
}

stack_vfteam_switches() { team_attr "$1" switches; }
stack_vfteam_drops() { team_attr "$1" lost_packets; }

# ---- net_failover: Linux's drivers, QEMU unplugs and plugs (failover=on) ----

# Linux's driver for each stand-in (QEMU's rtl8139 is C+-capable: 8139cp)
stack_netfailover_driver() {
	case $1 in
	rtl8139) echo 8139cp ;;
	*) echo "$1" ;;
	esac
}

# QEMU's virtio-net failover takes a primary only alone in its PCI slot
# (it unplugs the slot), and an igb's VFs are functions of the PF's; a real
# VF given to the guest whole (vfio-pci) is alone in its slot
stack_netfailover_takes() {
	[ "$1" != igb ] ||
		{ echo "QEMU's failover wants its primary alone in a PCI slot; the igb's VFs share the PF's"; return 1; }
}

# nf_on VM NIC: the failover master transmits on a primary driven by NIC's driver
nf_on() {
	local m a p s drv
	read -r m a p s < <(nf_state "$1" 2>/dev/null) || return 1
	[ "$m" != none ] && [ "$p" != none ] && [ "$a" = "$p" ] || return 1
	drv=$(vm_exec "$1" "readlink /sys/class/net/$p/device/driver" 2>/dev/null) || return 1
	[ "${drv##*/}" = "$(stack_netfailover_driver "$2")" ]
}

stack_netfailover_boot() {
	local vm=$1 nic=$4
	GUEST_APPEND=$BASE_APPEND nf_vm_start "$vm" "$2" "$3" "$MAC" "$nic" &&
		vm_wait_ready "$vm" && nf_guest_setup "$vm" || return 1
	wait_for 30 nf_on "$vm" "$nic" || {
		echo "the failover master is not on Linux's $(stack_netfailover_driver "$nic")" >&2
		return 1
	}
	wait_for 30 peer_ping 3
}

# the destination's primary is there from the start, hidden by QEMU until the
# migrated guest runs
stack_netfailover_dest() {
	local vm=$1 sock
	sock=$(vm_dir "$vm")/mig.sock
	GUEST_APPEND=$BASE_APPEND nf_vm_start "$vm" "$2" "$3" "$MAC" "$4" -incoming "unix:$sock" &&
		wait_for 30 test -S "$sock"
}

stack_netfailover_hop() {
	local dst=$2 nic=$3 out=$4
	nf_migrate "$1" "$dst" "$out" || {
		echo "nf_migrate exit $? (see $out)" >&2
		return 1
	}
	wait_for 30 nf_on "$dst" "$nic" || {
		echo "not on Linux's $(stack_netfailover_driver "$nic") after the hop" >&2
		return 1
	}
}

stack_netfailover_state() {
	local m a p s drv=-
	read -r m a p s < <(nf_state "$1")
	if [ "$a" = none ]; then
		drv=none
	elif [ "$a" = "$p" ]; then
		drv=$(vm_exec "$1" "readlink /sys/class/net/$p/device/driver")
		drv=${drv##*/}
	fi
	echo "$a $drv -"
}

stack_netfailover_events() {
	hop_events "$1" "$2" netfailover "$(stack_netfailover_driver "$3")" \
		"$(stack_netfailover_driver "$4")"
}

# net_failover counts neither (and the timeline samples the state too
# sparsely to count the switches from it)
stack_netfailover_switches() { echo "- (no counter)"; }
stack_netfailover_drops() { echo -; }

# ======================= shared by the stacks =======================

# Event lines, one file per stack: "EPOCH<TAB>PHASE<TAB>ACTIVE<TAB>DRIVER<TAB>STATE"
# (an empty ACTIVE: the state was not read at that point).

# event STACK VM PHASE: a line of the demo's own, with the state read in VM
event() {
	local s=$1 vm=$2 phase=$3 t a d m
	t=$EPOCHREALTIME
	read -r a d m < <("stack_${s}_state" "$vm" 2>/dev/null || echo '? ? ?')
	printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$phase" "$a" "$d" "$m" >>"$DEMO_DIR/$s.events"
	printf '    %8s  %s (%s, %s)\n' "$(since_start "$t")" "$phase" "$a" "$d"
}

# hop_events OUT HOP STACK SRC_DRIVER DST_DRIVER: the timeline of a
# vfteam-migrate / nf_migrate output (migration-hooks/vfteam-timeline.sh) as
# event lines. A phase's state is key=value words (active_port= or active=,
# migration=, primary=). For net_failover the driver is not in the line: it
# is the source's until QEMU completes, the destination's after.
hop_events() {
	timeline_phases "$1" |
		awk -F '\t' -v hop="$2" -v stack="$3" -v sdrv="$4" -v ddrv="$5" '
		{
			phase = $2
			delete kv
			n = split($3, w, " ")
			for (k = 1; k <= n; k++)
				if (w[k] ~ /=/) kv[substr(w[k], 1, index(w[k], "=") - 1)] = substr(w[k], index(w[k], "=") + 1)
			a = ("active_port" in kv) ? kv["active_port"] : kv["active"]
			m = ("migration" in kv) ? kv["migration"] : (a == "" ? "" : "-")
			if (a == "") d = ""
			else if (a == "?") d = "?"
			else if (stack == "vfteam") d = (a ~ /@/) ? "vfteam_" substr(a, 1, index(a, "@") - 1) : "-"
			else if (a == "none") d = "none"
			else if (a == kv["primary"]) d = after ? ddrv : sdrv
			else d = "-"
			if (phase ~ /completed, by QEMU/) after = 1
			printf "%s\thop %d: %s\t%s\t%s\t%s\n", $1, hop, phase, a, d, m
		}'
}

# lost_times PING_LOG START: one line per lost ping, the time it was sent
# (epoch), interpolated inside its run of losses; the requests lost before
# the first reply are put at START
lost_times() {
	local first
	# (all of the output read: a pipe closed early is a failure under pipefail)
	first=$(sed -n 's/.*icmp_seq=\([0-9]*\) .*/\1/p' "$1" |
		awk 'NR == 1 || $1 < min { min = $1 } END { if (NR) print min }')
	awk -v n="$((${first:-1} - 1))" -v t="$2" 'BEGIN { for (k = 0; k < n; k++) printf "%.6f\n", t }'
	ping_gaps "$1" | awk '{ n = $2; a = $3; b = $4
		for (k = 1; k <= n; k++) printf "%.6f\n", a + k * (b - a) / (n + 1) }'
}

# count_between FILE FROM TO: lines of FILE (epochs) in (FROM, TO]
count_between() {
	awk -v a="$2" -v b="$3" '$1 > a && $1 <= b { n++ } END { print n + 0 }' "$1"
}

declare -A STANDBY_RE=([vfteam]='a\) guest ready' [netfailover]='wait-unplug seen')
declare -A PRIMARY_RE=([vfteam]='back on a primary' [netfailover]='back on primary')

# attempt CMD...: run CMD in this shell (it may set globals and start VMs);
# on failure leave the last line it wrote to stderr in ATTEMPT_ERR. What it
# writes goes to the stack's log.
attempt() {
	local f=$DEMO_DIR/stderr
	"$@" >>"$DEMO_DIR/$STACK.log" 2>"$f" && return 0
	cat "$f" >>"$DEMO_DIR/$STACK.log"
	ATTEMPT_ERR=$(grep . "$f" | tail -n 1) || ATTEMPT_ERR="$1 failed"
	return 1
}

# run_stack STACK: boot, migrate through CHAIN under a 10 ms ping, check.
# Fills R[STACK,...]; a failure ends the chain and is kept in R[STACK,fail].
run_stack() {
	local s=$1 n=${#CHAIN[@]} i src dst out vm title sw why
	STACK=$s
	title=${STACK_TITLE[$s]}
	: >"$DEMO_DIR/$s.events"
	R[$s,fail]='' R[$s,consoles]=clean R[$s,ended_on]='?' R[$s,hops_run]=0 R[$s,na]=''
	# the chain as far as this stack can follow it
	for ((i = 0; i < ${#CHAIN[@]}; i++)); do
		why=$("stack_${s}_takes" "${CHAIN[i]}") && continue
		R[$s,na]="no hop to ${CHAIN[i]}: $why"
		n=$i
		break
	done
	R[$s,hops]=$((n - 1))
	if [ "$n" -lt 2 ]; then
		R[$s,fail]="boot: ${R[$s,na]}"
		return
	fi
	netbed_up $((2 * n))

	step_begin "$title: guest 0 with virtio-net + ${CHAIN[0]} (QEMU $(vm_accel))"
	STACK_VMS=("${s}0")
	if ! attempt "stack_${s}_boot" "${s}0" tap0 tap1 "${CHAIN[0]}"; then
		R[$s,fail]="boot: $ATTEMPT_ERR"
		stack_vms_quit
		netbed_down
		return
	fi
	step_end

	PING_KEEP=$DEMO_DIR/$s-ping.log
	ping_start
	R[$s,ping_t0]=$EPOCHREALTIME
	step_begin "$title: ${CHAIN[*]:0:n} across $n QEMUs, pinged every 10 ms"
	event "$s" "${s}0" "team up on ${CHAIN[0]}"
	# the switches of the run, not those of making the team
	R[$s,switches0]=$("stack_${s}_switches" "${s}0" 2>/dev/null || echo '?')
	sleep 2
	vm=${s}0
	for ((i = 1; i < n; i++)); do
		src=${s}$((i - 1)) dst=${s}$i
		out=$DEMO_DIR/$s-hop$i.log
		R[$s,hops_run]=$i
		R[$s,h$i,t0]=$EPOCHREALTIME
		STACK_VMS+=("$dst")
		if ! attempt "stack_${s}_dest" "$dst" "tap$((2 * i))" "tap$((2 * i + 1))" "${CHAIN[i]}"; then
			R[$s,fail]="hop $i: guest $i did not start: $ATTEMPT_ERR"
			break
		fi
		event "$s" "$src" "hop $i: guest $i listening (-incoming)"
		attempt "stack_${s}_hop" "$src" "$dst" "${CHAIN[i]}" "$out" ||
			R[$s,fail]="hop $i: $ATTEMPT_ERR"
		R[$s,h$i,t1]=$EPOCHREALTIME
		"stack_${s}_events" "$out" "$i" "${CHAIN[i - 1]}" "${CHAIN[i]}" >>"$DEMO_DIR/$s.events"
		read -r "R[$s,h$i,down_ms]" "R[$s,h$i,total_ms]" < <(timeline_migration_ms "$out")
		R[$s,h$i,standby]=$(timeline_span "$out" "${STANDBY_RE[$s]}" "${PRIMARY_RE[$s]}")
		# a completed migration leaves the source paused, its guest
		# running on the destination
		if grep -q '^migration: completed' "$out"; then
			vm_console_clean "$src" 2>/dev/null || R[$s,consoles]="report: $(vm_console "$src")"
			vm_qmp "$src" quit >/dev/null 2>&1 || true
			vm_wait_exit "$src" 30 || true
			vm=$dst
			event "$s" "$vm" "hop $i: guest $((i - 1)) quit"
		fi
		[ -z "${R[$s,fail]}" ] || break
		sleep 2
	done
	event "$s" "$vm" "ping stopped"
	ping_stop
	R[$s,sent]=$PING_SENT R[$s,recv]=$PING_RECV R[$s,lost]=$PING_LOST
	lost_times "$PING_KEEP" "${R[$s,ping_t0]}" >"$DEMO_DIR/$s.lost"
	R[$s,outside]=$PING_LOST
	for ((i = 1; i < n; i++)); do
		[ -n "${R[$s,h$i,t1]:-}" ] || continue
		R[$s,h$i,lost]=$(count_between "$DEMO_DIR/$s.lost" "${R[$s,h$i,t0]}" "${R[$s,h$i,t1]}")
		R[$s,outside]=$((${R[$s,outside]} - ${R[$s,h$i,lost]}))
	done
	step_end

	sw=$("stack_${s}_switches" "$vm" 2>/dev/null || echo '?')
	if [[ $sw =~ ^[0-9]+$ && ${R[$s,switches0]} =~ ^[0-9]+$ ]]; then
		R[$s,switches]=$((sw - ${R[$s,switches0]}))
	else
		R[$s,switches]=$sw
	fi
	R[$s,drops]=$("stack_${s}_drops" "$vm" 2>/dev/null || echo '?')
	read -r _ "R[$s,ended_on]" _ < <("stack_${s}_state" "$vm" 2>/dev/null || echo '? ? ?')
	if [ -z "${R[$s,fail]}" ] && ! peer_ping 3; then
		# how long it stays unreachable tells a glitch from a dead end
		local t_np=$EPOCHREALTIME
		if wait_for 30 peer_ping 3; then
			R[$s,fail]="no reply from guest $((n - 1)) at the end, for $(awk -v a="$t_np" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s more"
		else
			R[$s,fail]="no reply from guest $((n - 1)) at the end, none within 30 s"
		fi
	fi
	vm_stop "$vm"
	vm_console_clean "$vm" 2>/dev/null || R[$s,consoles]="report: $(vm_console "$vm")"
	stack_vms_quit
	netbed_down
}

# stack_vms_quit: end the QEMUs of STACK_VMS still there (a failed hop
# leaves its destination listening); QMP first, as a SIGKILL makes bash
# report the job on the terminal
stack_vms_quit() {
	local vm
	for vm in "${STACK_VMS[@]}"; do
		kill -0 "$(cat "$(vm_dir "$vm")/pid" 2>/dev/null)" 2>/dev/null || continue
		vm_qmp "$vm" quit >/dev/null 2>&1 || true
		vm_wait_exit "$vm" 30 || true
	done
	vm_kill_all
}

# print_timeline STACK: the events in time order, each with the pings lost
# since the line above (the phase it ends)
print_timeline() {
	local s=$1
	echo
	echo "${STACK_TITLE[$s]}: timeline (time since the demo started; lost: pings lost since the line above; .: not read then)"
	printf '  %9s  %-52s %-20s %-15s %-12s %s\n' time phase "active port" "driven by" migration lost
	sort -s -t $'\t' -k1,1g "$DEMO_DIR/$s.events" |
		awk -F '\t' -v t0="$demo_t0" -v lostf="$DEMO_DIR/$s.lost" '
		BEGIN { while ((getline l < lostf) > 0) lost[++nl] = l + 0 }
		{ t[NR] = $1; line[NR] = $0 }
		END {
			for (k = 1; k <= nl; k++) {
				for (j = 1; j < NR && t[j] < lost[k]; j++) ;
				cnt[j]++
			}
			for (j = 1; j <= NR; j++) {
				split(line[j], f, "\t")
				printf "  %8.2fs  %-52s %-20s %-15s %-12s %d\n", f[1] - t0, f[2],
					f[3] == "" ? "." : f[3], f[4] == "" ? "." : f[4],
					f[5] == "" ? "." : f[5], cnt[j]
			}
		}'
}

# ---- the table: one column per stack ----

row() {
	local line v
	line=$(printf '  %-28s' "$1")
	shift
	for v in "$@"; do line+=$(printf ' %-26s' "$v"); done
	echo "${line%"${line##*[! ]}"}"
}

# row_of LABEL CMD...: a row of CMD... STACK, for each stack
row_of() {
	local label=$1 s vals=()
	shift
	for s in "${STACKS[@]}"; do vals+=("$("$@" "$s")"); done
	row "$label" "${vals[@]}"
}

hops_run() { echo "${R[$1,hops_run]:-0}"; }

# hop_result HOP STACK
hop_result() {
	if [ "$1" -gt "${R[$2,hops]:-0}" ]; then
		echo "n/a (below)"
	elif [ "$(hops_run "$2")" -lt "$1" ]; then
		echo "not run"
	elif [[ ${R[$2,fail]} == "hop $1: "* ]]; then
		echo FAILED
	else
		echo ok
	fi
}

# hop_val HOP KEY UNIT STACK
hop_val() {
	local v=${R[$4,h$1,$2]:-}
	if [ -z "$v" ] || [ "$v" = '?' ] || [ "$(hops_run "$4")" -lt "$1" ]; then
		echo -
	else
		echo "$v$3"
	fi
}

# hop_vs HOP STACK: what the lost pings cost next to what QEMU says
hop_vs() {
	local l=${R[$2,h$1,lost]:-} d=${R[$2,h$1,down_ms]:-}
	if [ -z "$l" ] || [ -z "$d" ] || [ "$d" = '?' ]; then
		echo -
	else
		echo "$((l * 10)) ms vs $d ms"
	fi
}

run_val() { echo "${R[$2,$1]:--}"; }

ping_val() {
	if [ -n "${R[$1,sent]:-}" ]; then
		echo "${R[$1,sent]} / ${R[$1,recv]} / ${R[$1,lost]}"
	else
		echo -
	fi
}

print_table() {
	local i s titles=()
	for s in "${STACKS[@]}"; do titles+=("${STACK_TITLE[$s]}"); done
	echo "summary"
	row "" "${titles[@]}"
	for ((i = 1; i < ${#CHAIN[@]}; i++)); do
		row_of "hop $i: ${CHAIN[i - 1]} -> ${CHAIN[i]}" hop_result "$i"
		row_of "  QEMU downtime" hop_val "$i" down_ms ' ms'
		row_of "  QEMU total-time" hop_val "$i" total_ms ' ms'
		row_of "  pings lost" hop_val "$i" lost ''
		row_of "  lost x 10 ms vs downtime" hop_vs "$i"
		row_of "  on the standby" hop_val "$i" standby ''
	done
	row "whole run"
	row_of "  pings sent / recv / lost" ping_val
	row_of "  lost outside the hops" run_val outside
	row_of "  active-port switches" run_val switches
	row_of "  team's own drops" run_val drops
	row_of "  ended on" run_val ended_on
	row_of "  guest consoles" run_val consoles
	for s in "${STACKS[@]}"; do
		[ -z "${R[$s,na]}" ] || echo "  ${STACK_TITLE[$s]}: ${R[$s,na]}"
		[ -z "${R[$s,fail]}" ] || echo "  ${STACK_TITLE[$s]} failed: ${R[$s,fail]}"
	done
}

# ======================= the run =======================

for s in "${STACKS[@]}"; do
	run_stack "$s"
	print_timeline "$s"
done
echo
print_table
echo "logs: $DEMO_DIR"
# everything the table shows, "STACK,KEY<TAB>VALUE", for make bench
for k in "${!R[@]}"; do printf '%s\t%s\n' "$k" "${R[$k]}"; done | sort >"$DEMO_DIR/results.tsv"

demo_said=1
want=$(stack_vfteam_driver "${CHAIN[-1]}")
if [ -n "${R[vfteam,fail]}" ]; then
	echo "demo: FAILED: vfteam ${R[vfteam,fail]}"
elif [ "${R[vfteam,ended_on]}" != "$want" ]; then
	echo "demo: FAILED: the team ended on ${R[vfteam,ended_on]}, not $want"
elif [ "${R[vfteam,consoles]}" != clean ]; then
	echo "demo: FAILED: kernel report on a guest console: ${R[vfteam,consoles]#report: }"
else
	echo "demo: ok"
	exit 0
fi
exit 1
