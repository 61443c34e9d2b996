#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: the data path, failover latency and migration outage of
# vfteam next to Linux's own drivers, virtio-net, net_failover and bonding,
# all in one run on this machine, written to BENCHMARKS.md with its figures.
#
#   1. data path   one guest, eight configurations (datapath.sh), then
#                  net_failover's guest: iperf3 TCP both ways, UDP 64-byte
#                  frames both ways, 10 ms ping, request/response rate,
#                  guest CPU per MB / per packet
#   2. failover    in the same guests (failover.sh): set_link down,
#                  device_del, prepare; vfteam (netdev and plugin port),
#                  bonding active-backup (miimon 100 and 10), net_failover
#   3. migration   the demo's chain (scripts/demo.sh), repeated per stack
#   4. report      scripts/bench/benchtool.py: medians, ratios, goals,
#                  gnuplot figures
#
# QUICK=1: one repetition, short runs, one event each, one hop; written
# under out/bench only, and it fails unless every figure was produced (no
# threshold is checked: numbers are reported, never judged).
# BENCH_PREBUILT=1 with GUEST_KERNEL and GUEST_INITRD skips deps and build;
# BENCH_PARTS="datapath failover migration" (the default) picks parts, and
# BENCH_CONFIGS the data path's configurations (unset: all nine, e.g.
# "e1000e vfteam_e1000e" for a plugin's change); for working on one thing:
# what is left out leaves its figures missing, and such a run writes its
# report under out/bench only, as QUICK=1 does.
#
# shellcheck disable=SC2034 # BENCH_* are read by the sourced parts
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/../lib/common.sh"
# shellcheck source=scripts/lib/build.sh
. "$here/../lib/build.sh"

QUICK=${QUICK:-0}
[ "$QUICK" = 0 ] || QUICK=1
BENCH_DIR=$VFTEAM_OUT/bench
if [ "$QUICK" = 1 ]; then
	BENCH_REPS=1 BENCH_SECS=1 BENCH_PING_N=50 BENCH_RR_N=200 BENCH_EVENTS=1 BENCH_MIG_RUNS=1
	BENCH_CHAIN="e1000e rtl8139"
else
	BENCH_REPS=3 BENCH_SECS=5 BENCH_PING_N=300 BENCH_RR_N=1000 BENCH_EVENTS=10 BENCH_MIG_RUNS=5
	BENCH_CHAIN="e1000e rtl8139 e1000e"
fi
STREAM_US=500
BENCH_MAC=52:54:00:00:00:b0
BENCH_TOOL=$here/benchtool.py
bench_t0=$(date +%s)
# a run that picks its parts or configurations is not the project's record
partial=${BENCH_PARTS:+1}${BENCH_CONFIGS:+1}
BENCH_PARTS=" ${BENCH_PARTS:-datapath failover migration} "
part() { [[ $BENCH_PARTS == *" $1 "* ]]; }
# no BENCH_CONFIGS: every configuration
config() { [ -z "${BENCH_CONFIGS:-}" ] || [[ " $BENCH_CONFIGS " == *" $1 "* ]]; }

rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
RAW=$BENCH_DIR/raw.tsv
: >"$RAW"

bench_progress() {
	printf 'bench %4ds: %s\n' "$(($(date +%s) - bench_t0))" "$*"
}

# bench_rec PART CONFIG [METRIC]: record "METRIC VALUE" lines from stdin
# (or one VALUE line under METRIC) in raw.tsv, echoing them
bench_rec() {
	local part=$1 cfg=$2 metric=${3:-} a b
	while read -r a b; do
		[ -n "$a" ] || continue
		if [ -n "$metric" ]; then
			b=$a a=$metric
		fi
		printf '%s\t%s\t%s\t%s\n' "$part" "$cfg" "$a" "$b" >>"$RAW"
		printf '        %-14s %-24s %s\n' "$cfg" "$a" "$b"
	done
}

meta() {
	printf 'meta\t-\t%s\t%s\n' "$1" "$2" >>"$RAW"
}

if [ -n "${BENCH_PREBUILT:-}" ]; then
	: "${GUEST_KERNEL:?BENCH_PREBUILT needs GUEST_KERNEL}" "${GUEST_INITRD:?BENCH_PREBUILT needs GUEST_INITRD}"
else
	build_stock_guest "$VFTEAM_OUT/stock.cpio.gz"
fi
export GUEST_LABEL=bench GUEST_KERNEL GUEST_INITRD
# shellcheck source=scripts/lib/integration.sh
. "$here/../lib/integration.sh"
# shellcheck source=scripts/lib/netfailover.sh
. "$here/../lib/netfailover.sh"
# shellcheck source=scripts/bench/datapath.sh
. "$here/datapath.sh"
# shellcheck source=scripts/bench/failover.sh
. "$here/failover.sh"

# bench_vm_quit VM: kmemleak scan, quit, and a line in raw.tsv for its
# console ("console VM clean|report"; its log is kept under bench/)
bench_vm_quit() {
	local st=clean n
	vm_stop "$1"
	if ! vm_console_clean "$1" 2>/dev/null; then
		st=report
		bench_progress "kernel report on the console of $1: $(vm_console "$1")"
	fi
	n=$(find "$BENCH_DIR" -maxdepth 1 -name "console-$1-*.log" | wc -l)
	cp "$(vm_console "$1")" "$BENCH_DIR/console-$1-$((n + 1)).log"
	printf 'console\t%s\tclean\t%d\n' "$1" "$([ $st = clean ] && echo 1 || echo 0)" >>"$RAW"
}

# nf_guest_start VM: net_failover's guest (its primary paired with sb0)
nf_guest_start() {
	GUEST_APPEND='' nf_vm_start "$1" tap0 tap1 "$BENCH_MAC" e1000e && vm_wait_ready "$1"
}

IPERF_PID=''
bench_cleanup() {
	[ -z "$IPERF_PID" ] || kill "$IPERF_PID" 2>/dev/null || true
	[ -z "${FO_CAP_PID:-}" ] || kill "$FO_CAP_PID" 2>/dev/null || true
	integration_cleanup
}
trap bench_cleanup EXIT

meta quick "$QUICK"
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta host "$(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n 1)"
meta host_kernel "$(uname -r)"
meta guest_kernel "$(basename "$GUEST_KERNEL")"
meta qemu "$(qemu-system-x86_64 --version | head -n 1)"
meta accel "$(vm_accel)"
meta iperf3 "$(iperf3 --version | head -n 1)"
meta reps "$BENCH_REPS"
meta secs "$BENCH_SECS"
meta events "$BENCH_EVENTS"
meta mig_runs "$BENCH_MIG_RUNS"
meta chain "$BENCH_CHAIN"
meta stream_us "$STREAM_US"

# bench_net: a fresh switch with four taps and the peer's iperf3 server
bench_net() {
	netbed_up 4
	ip netns exec "$NETBED_NS" iperf3 -s >"$BENCH_DIR/iperf3-server.log" 2>&1 &
	IPERF_PID=$!
}

bench_net_down() {
	[ -z "$IPERF_PID" ] || kill "$IPERF_PID" 2>/dev/null || true
	wait "$IPERF_PID" 2>/dev/null || true
	IPERF_PID=''
	vm_kill_all
	netbed_down
}

# ======================= 1+2: the vfteam guest =======================
step_begin "data path and failover: vfteam guest (QEMU $(vm_accel))"
bench_net
dp_vm_start bench
vm_wait_ready bench
stacks=(vfteam_netdev vfteam_e1000e bond_miimon100 bond_miimon10)
for cfg in e1000e virtio vfteam_netdev vfteam_e1000e 8139cp vfteam_rtl8139 igbvf vfteam_igbvf; do
	part datapath || break
	config "$cfg" || continue
	dp_config bench "$cfg"
done

part failover || stacks=()
E1000E_OPTS=$FO_E1000E_OPTS
fo_capture_start "$BENCH_DIR/capture-vfteam.txt"
for stack in "${stacks[@]}"; do
	case $stack in
	bond_miimon*) fo_setup_bond bench "${stack#bond_miimon}" ;;
	*) "cfg_$stack" bench ;;
	esac || {
		bench_progress "failover: $stack could not be set up; left out"
		continue
	}
	case $stack in
	vfteam*) fo_stack bench "$stack" set_link device_del prepare ;;
	*) fo_stack bench "$stack" set_link device_del ;;
	esac
done
fo_capture_stop
"$BENCH_TOOL" stream "$BENCH_DIR/capture-vfteam.txt" "$FO_SB_TAP" | bench_rec meta - stream_interval_us
bench_vm_quit bench
bench_net_down
step_end

# ======================= 1+2: net_failover's guest =======================
step_begin "data path and failover: net_failover guest"
if { part datapath && config netfailover; } || part failover; then
	bench_net
	nf_guest_start nfbench
	if part datapath && config netfailover; then
		dp_config nfbench netfailover
	else
		cfg_netfailover nfbench
	fi
	if part failover; then
		E1000E_OPTS=$FO_E1000E_OPTS
		e1000e_reload nfbench
		fo_capture_start "$BENCH_DIR/capture-netfailover.txt"
		fo_stack nfbench netfailover set_link device_del
		fo_capture_stop
	fi
	bench_vm_quit nfbench
	bench_net_down
fi
step_end

# ======================= 3: migration outage =======================
step_begin "migration: the demo's chain ($BENCH_CHAIN), $BENCH_MIG_RUNS run(s)"
part migration || BENCH_MIG_RUNS=0
mkdir -p "$BENCH_DIR/migration"
for ((run = 1; run <= BENCH_MIG_RUNS; run++)); do
	bench_progress "migration: run $run/$BENCH_MIG_RUNS"
	d=$BENCH_DIR/migration/run$run
	VFTEAM_DEMO_PREBUILT=1 VFTEAM_DEMO_CHAIN=$BENCH_CHAIN VFTEAM_OUT=$d \
		"$VFTEAM_TOP/scripts/demo.sh" >"$BENCH_DIR/migration/run$run.log" 2>&1 ||
		bench_progress "migration: run $run: $(tail -n 1 "$BENCH_DIR/migration/run$run.log")"
	[ -f "$d/demo/results.tsv" ] || continue
	"$BENCH_TOOL" demo "$d/demo" | while read -r stack metric value; do
		printf '%s\t%s\t%s\t%s\n' migration "$stack" "$metric" "$value" >>"$RAW"
	done
	grep -A 40 '^summary' "$BENCH_DIR/migration/run$run.log" | sed 's/^/        /' || true
done
step_end

# ======================= 4: the report =======================
step_begin "report"
if [ "$QUICK" = 1 ] || [ -n "$partial" ]; then
	md=$BENCH_DIR/BENCHMARKS.md figs=$BENCH_DIR
else
	md=$VFTEAM_TOP/BENCHMARKS.md figs=$VFTEAM_TOP/Documentation/benchmarks
fi
mkdir -p "$figs"
meta duration_s "$(($(date +%s) - bench_t0))"
# kept beside the figures: the report can be made again from it
[ "$md" = "$BENCH_DIR/BENCHMARKS.md" ] || cp "$RAW" "$figs/raw.tsv"
"$BENCH_TOOL" report "$RAW" --md "$md" --figures "$figs" --work "$BENCH_DIR" \
	--migration "$BENCH_DIR/migration/run1/demo" ${partial:+--partial}
step_end
echo "bench: $(($(date +%s) - bench_t0))s; $md"
