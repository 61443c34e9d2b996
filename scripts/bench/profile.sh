#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make profile CONFIG=<configuration> RUN=<tcp_tx|tcp_rx|udp_tx|udp_rx|rr>`:
# where the guest's CPU goes in one data-path run of `make bench`. The
# same guest, NICs and configuration (scripts/bench/datapath.sh), an
# iperf3 run of SECS seconds (default 5; RUN=rr: the peer's ping -A for
# as long) under `perf record -a -g` in the
# guest, and perf's report of the hottest symbols and where they are
# called from. TCG has no PMU: perf
# samples on cpu-clock, which is what the guest's CPU time is.
#
#   configurations: e1000e virtio vfteam_netdev vfteam_e1000e 8139cp
#                   vfteam_rtl8139
#
# The report is printed and kept in out/profile/<configuration>-<run>.txt.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/../lib/common.sh"
# shellcheck source=scripts/lib/build.sh
. "$here/../lib/build.sh"

cfg=${1:?usage: profile.sh CONFIGURATION [RUN]}
run=${2:-tcp_tx}
BENCH_SECS=${SECS:-5}
BENCH_MAC=52:54:00:00:00:b0
out=$VFTEAM_OUT/profile
mkdir -p "$out"

build_stock_guest "$out/profile.cpio.gz" -p
export GUEST_LABEL=profile GUEST_KERNEL GUEST_INITRD
# shellcheck source=scripts/lib/integration.sh
. "$here/../lib/integration.sh"
# shellcheck source=scripts/bench/datapath.sh
. "$here/datapath.sh"
if ! declare -F "cfg_$cfg" >/dev/null || [ "$cfg" = netfailover ]; then
	die "no configuration $cfg (see the top of $0)"
fi
# rr: the peer's ping -A (datapath.sh's request/response) while perf
# records the guest for BENCH_SECS; the others: an iperf3 run in the guest
if [ "$run" = rr ]; then
	load="sleep $BENCH_SECS"
else
	load="iperf3 -c $NETBED_PEER_IP -t $BENCH_SECS $(dp_iperf_args "$run")"
fi

netbed_up 4
ip netns exec "$NETBED_NS" iperf3 -s >/dev/null 2>&1 &
iperf_pid=$!
trap 'kill $iperf_pid 2>/dev/null || true; integration_cleanup' EXIT
dp_vm_start prof
vm_wait_ready prof
if ! "cfg_$cfg" prof || ! wait_for 30 peer_ping 3; then
	die "$cfg: could not be set up"
fi

report=$out/$cfg-$run.txt
rr_pid=
if [ "$run" = rr ]; then
	netbed ping -A -q -W 1 -w $((BENCH_SECS + 30)) "$NETBED_GUEST_IP" >"$out/$cfg-rr-ping.txt" 2>&1 &
	rr_pid=$!
fi
dp_guest prof "echo 0 > /proc/sys/kernel/kptr_restrict &&
	perf record -q -a -g -o /tmp/perf.data -- \
		$load 2>&1 | tail -n 4 &&
	perf report -i /tmp/perf.data --stdio --no-children --sort sym \
		--percent-limit 1 -g none 2>/dev/null | grep -v '^\$' &&
	echo '# where the hottest come from (callers, chains over 2%)' &&
	perf report -i /tmp/perf.data --stdio --no-children --sort sym \
		--percent-limit 5 -g caller,2,callee 2>/dev/null | grep -v '^\$' | grep -v '^#'" >"$report"
if [ -n "$rr_pid" ]; then
	kill -INT "$rr_pid" 2>/dev/null || true
	wait "$rr_pid" || true
	tail -n 2 "$out/$cfg-rr-ping.txt" >>"$report"
fi
cat "$report"
echo "profile: $report"
