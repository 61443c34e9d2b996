# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Part 1 of `make bench`: the data path of each configuration, measured in
# the guest that bench.sh booted for it (sourced by bench.sh).
#
#   peer 198.18.0.1 (iperf3 -s, ping) --- br0 --- tap0  virtio-net (rp1)
#                                           |\---- tap1  e1000e     (rp2)
#                                           |\---- tap2  rtl8139    (rp3)
#                                            \---- tap3  igb PF     (rp4), its VF
#
# Every configuration of the vfteam guest runs on the same NICs, all with
# the same MAC (the igb's VF: the PF has its own, as a host's PF has);
# vfteam-bench (scripts/bench/guest/) switches drivers and teams between
# them, and makes the VF for the configurations that use it. Each
# measurement is one line in raw.tsv: "datapath CONFIG METRIC VALUE".

E1000E_ID=8086:10d3
RTL8139_ID=10ec:8139
IGBVF_ID=8086:10ca
IGB_PF_MAC=52:54:00:00:00:bf
# 18 bytes of UDP payload: a 64-byte Ethernet frame (with its FCS)
UDP_LEN=18

# Linux's e1000e runs as users run it: MSI-X, its default (named, so that
# no command line changes it). The failover part loads it with IntMode=1
# instead: QEMU 7.2's e1000e signals link changes on the MSI-X "other"
# vector, where Linux's e1000e misses them (as in 10-failover.sh); with
# IntMode=1 its MSI test fails on QEMU 7.2 and it runs on legacy INTx.
E1000E_OPTS=IntMode=2

# dp_vm_start NAME: the guest every configuration but net_failover's runs
# in, its NICs all with BENCH_MAC (the taps of a netbed_up 4).
# Linux's drivers are the ones that bind at boot; vfteam-bench loads the
# plugins in their place when a configuration needs them.
dp_vm_start() {
	vm_start "$1" "$GUEST_KERNEL" "$GUEST_INITRD" \
		"modprobe.blacklist=vfteam_e1000e,vfteam_rtl8139,8139too" \
		-netdev "tap,id=sb,ifname=tap0,script=no,downscript=no" \
		-device "virtio-net-pci,netdev=sb,mac=$BENCH_MAC,bus=rp1,id=sb0,romfile=" \
		-netdev "tap,id=pt,ifname=tap1,script=no,downscript=no" \
		-device "e1000e,netdev=pt,mac=$BENCH_MAC,bus=rp2,id=pt0,romfile=" \
		-netdev "tap,id=pt1,ifname=tap2,script=no,downscript=no" \
		-device "rtl8139,netdev=pt1,mac=$BENCH_MAC,bus=rp3,id=pt1,romfile=" \
		-netdev "tap,id=pf,ifname=tap3,script=no,downscript=no" \
		-device "igb,netdev=pf,mac=$IGB_PF_MAC,bus=rp4,id=pf0,romfile="
}

# iperf3's arguments for each kind of run: UDP_LEN bytes of payload
dp_iperf_args() {
	case $1 in
	tcp_tx) ;;
	tcp_rx) echo -R ;;
	udp_tx) echo "-u -l $UDP_LEN -b 0" ;;
	udp_rx) echo "-u -l $UDP_LEN -b 0 -R" ;;
	*) echo "dp_iperf_args: tcp_tx, tcp_rx, udp_tx or udp_rx, not $1" >&2; return 1 ;;
	esac
}

# dp_guest VM CMD: a guest command line, its output on stdout
dp_guest() {
	local vm=$1
	shift
	VM_EXEC_TIMEOUT=$((BENCH_SECS + 60)) vm_exec "$vm" "$*"
}

# ---- configurations: cfg_<name> VM sets it up, and returns once it
# carries traffic (peer_ping) ----

# the interface of the virtio-net standby, of Linux's e1000e, of 8139cp
sb_if() { dp_guest "$1" vfteam-bench ifname virtio_net; }
drv_if() { dp_guest "$1" vfteam-bench ifname "$2"; }

# bare VM DRIVER: the address on the interface DRIVER made
bare() {
	local ifn
	ifn=$(drv_if "$1" "$2") || return 1
	dp_guest "$1" "ip addr add $NETBED_GUEST_IP/$NETBED_PREFIX dev $ifn && ip link set $ifn up"
}

# dp_team_up VM PORT...: vfteam0 over the standby and PORTs, addressed, up
# (integration.sh's sequence, run through the bench's guest command)
dp_team_up() {
	local vm=$1 sb
	shift
	sb=$(sb_if "$vm") || return 1
	dp_guest "$vm" "$(team_up_cmd "$sb" "$@")"
}

# team_on VM PORT: the team's active port is PORT and it is idle
team_on() {
	local st
	st=$(team_state "$1" 2>/dev/null) || return 1
	[ "$st" = "$2 idle" ]
}

# drive VM E1000E_DRIVER RTL8139_DRIVER (none: unbound); each driver is
# loaded afresh, Linux's e1000e with E1000E_OPTS
drive() {
	local e=$2
	[ "$e" != e1000e ] || e="e1000e $E1000E_OPTS"
	dp_guest "$1" "vfteam-bench reset && vfteam-bench drive $E1000E_ID $e &&
		vfteam-bench drive $RTL8139_ID $3"
}

# e1000e_reload VM: in net_failover's guest, Linux's e1000e loaded afresh
# with E1000E_OPTS; the failover master takes the new primary by itself
e1000e_reload() {
	dp_guest "$1" "rmmod e1000e && modprobe e1000e $E1000E_OPTS" &&
		wait_for 60 nf_on_primary "$1"
}

# drive_vf VM DRIVER: the e1000e and the rtl8139 unbound, and the igb's
# VF (made afresh, with BENCH_MAC) driven by DRIVER
drive_vf() {
	drive "$1" none none &&
		dp_guest "$1" "vfteam-bench vf $BENCH_MAC && vfteam-bench drive $IGBVF_ID $2"
}

cfg_e1000e() {
	drive "$1" e1000e none && bare "$1" e1000e
}

cfg_virtio() {
	drive "$1" none none && bare "$1" virtio_net
}

cfg_vfteam_netdev() {
	local pt
	drive "$1" e1000e none || return 1
	pt=$(drv_if "$1" e1000e) || return 1
	dp_team_up "$1" "$pt" && wait_for 60 team_on "$1" "$pt"
}

# cfg_vfteam_plugin VM NIC: the plugin joins by itself (same MAC)
cfg_vfteam_plugin() {
	local vm=$1 nic=$2
	if [ "$nic" = e1000e ]; then
		drive "$vm" vfteam_e1000e none
	else
		drive "$vm" none vfteam_rtl8139
	fi || return 1
	dp_team_up "$vm" && wait_for 60 plugin_active "$vm" "$nic"
}
cfg_vfteam_e1000e() { cfg_vfteam_plugin "$1" e1000e; }
cfg_vfteam_rtl8139() { cfg_vfteam_plugin "$1" rtl8139; }

cfg_igbvf() {
	drive_vf "$1" igbvf && bare "$1" igbvf
}

cfg_vfteam_igbvf() {
	drive_vf "$1" vfteam_igbvf && dp_team_up "$1" &&
		wait_for 60 plugin_active "$1" igbvf
}

cfg_8139cp() {
	drive "$1" none 8139cp && bare "$1" 8139cp
}

# net_failover's guest (nf_vm_start, which boots with IntMode=1) is set up
# by nf_guest_setup
cfg_netfailover() {
	nf_guest_setup "$1" && e1000e_reload "$1"
}

# ---- measurements ----

# dp_iperf VM CONFIG KIND: one iperf3 run from the guest to the peer's
# server, bracketed by the guest's CPU counters
dp_iperf() {
	local vm=$1 cfg=$2 kind=$3 out
	out=$(dp_guest "$vm" "c0=\$(vfteam-bench cpu) && iperf3 -c $NETBED_PEER_IP -t $BENCH_SECS -J $(dp_iperf_args "$kind") >/tmp/iperf.json;
		rc=\$?; echo \$c0; vfteam-bench cpu; cat /tmp/iperf.json; exit \$rc") || {
		echo "    $cfg: iperf3 $kind failed: $(tail -c 300 <<<"$out")" >&2
		return 1
	}
	"$BENCH_TOOL" iperf "$kind" <<<"$out" | bench_rec datapath "$cfg"
}

dp_ping() {
	local cfg=$1 out
	out=$(netbed ping -i 0.01 -W 1 -c "$BENCH_PING_N" "$NETBED_GUEST_IP") || true
	"$BENCH_TOOL" ping <<<"$out" | bench_rec datapath "$cfg"
}

# request/response: ping -A keeps one request in flight, the next sent as
# the reply comes, so its rate is the transaction rate (answered by the
# guest's kernel, no user space in the loop)
dp_rr() {
	local cfg=$1 out
	out=$(netbed ping -A -q -W 1 -c "$BENCH_RR_N" "$NETBED_GUEST_IP") || true
	"$BENCH_TOOL" rr <<<"$out" | bench_rec datapath "$cfg"
}

# dp_measure VM CONFIG: BENCH_REPS repetitions of every data-path figure
dp_measure() {
	local vm=$1 cfg=$2 r
	for ((r = 1; r <= BENCH_REPS; r++)); do
		bench_progress "data path: $cfg, repetition $r/$BENCH_REPS"
		dp_iperf "$vm" "$cfg" tcp_tx
		dp_iperf "$vm" "$cfg" tcp_rx
		dp_iperf "$vm" "$cfg" udp_tx
		dp_iperf "$vm" "$cfg" udp_rx
		dp_ping "$cfg"
		dp_rr "$cfg"
	done
}

# dp_config VM CONFIG: set CONFIG up, then measure it; a configuration that
# cannot be set up is reported and left out (its figures are then missing)
dp_config() {
	local vm=$1 cfg=$2
	bench_progress "data path: $cfg: setting up"
	if ! "cfg_$cfg" "$vm" || ! wait_for 30 peer_ping 3; then
		bench_progress "data path: $cfg: could not be set up; left out"
		return 0
	fi
	dp_measure "$vm" "$cfg"
}
