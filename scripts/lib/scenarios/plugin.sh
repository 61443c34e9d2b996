# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# vfteam with a plugin port (30-plugin-e1000e, 35-plugin-rtl8139).
# Sourced by a thin scripts/integration/NN-name.sh after
# scripts/lib/integration.sh; result names come from that file's name. The
# helpers below read the scenario's globals (guest name, MAC, ports), set
# by the scenario function before it calls them.

here_scenarios=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=scripts/lib/scenarios/flap.sh
. "$here_scenarios/flap.sh"
# shellcheck source=scripts/lib/scenarios/upper.sh
. "$here_scenarios/upper.sh"

# The kernel's addrconf leaves a port alone (IFF_SLAVE before 6.2,
# IFF_NO_ADDRCONF since: compat.h): the standby, down until the team opened
# it, has no IPv6 address while the team has its link-local one, so no
# router solicitation or DAD leaves through a port under the team's MAC
sb_no_addrconf() {
	vm_exec pl "! grep -qE ' $sb\$' /proc/net/if_inet6 && grep -qE ' vfteam0\$' /proc/net/if_inet6"
}

# the plugin's device (PCI address) and port name, empty while there is none
pt_pci() { plugin_pci pl "$NIC"; }

pt_port() { plugin_port pl "$NIC"; }

pt_here() { [ -n "$(pt_pci)" ]; }

pt_gone() { [ -z "$(pt_pci)" ]; }

pt_active() { plugin_active pl "$NIC"; }

# pt_snap: one reading, in one guest command (each costs seconds on the
# debug kernel), of the plugin port's counters since it joined, as the
# core keeps them (its vfteam/port_counters line), and of the standby's
# tx_packets (as sb_tx=)
pt_snap() {
	vm_exec pl "grep '^$NIC@' /sys/class/net/vfteam0/vfteam/port_counters; \
		echo \" sb_tx=\$(cat /sys/class/net/$sb/statistics/tx_packets)\""
}

# snap_get SNAPSHOT tx_packets|rx_packets|tx_declined|tx_busy|resumes|sb_tx...:
# that counter of a pt_snap reading; fails if it has none
snap_get() {
	grep -o " $2=[0-9]*" <<<"$1" | head -n 1 | cut -d= -f2 | grep -x '[0-9][0-9]*'
}

# pt_count COUNTER: one counter of the plugin port (see snap_get)
pt_count() { snap_get "$(pt_snap)" "$1"; }

burst() {
	local s0 s1 tx0 rx0 sb0 dc0 tx1 rx1 sb1 dc1
	s0=$(pt_snap)
	sleep 3
	s1=$(pt_snap)
	tx0=$(snap_get "$s0" tx_packets) rx0=$(snap_get "$s0" rx_packets)
	sb0=$(snap_get "$s0" sb_tx) dc0=$(snap_get "$s0" tx_declined)
	tx1=$(snap_get "$s1" tx_packets) rx1=$(snap_get "$s1" rx_packets)
	sb1=$(snap_get "$s1" sb_tx) dc1=$(snap_get "$s1" tx_declined)
	echo "    plugin tx +$((tx1 - tx0)) rx +$((rx1 - rx0)) declines +$((dc1 - dc0)), standby tx +$((sb1 - sb0))"
	[ $((tx1 - tx0)) -ge 100 ] && [ $((rx1 - rx0)) -ge 100 ] &&
		[ "$sb1" -eq "$sb0" ]
}

# tcp_peer recv|send PORT: the peer's end, in python (the peer is this host);
# prints "BYTES SHA256" of what it received or sent
tcp_peer() {
	netbed timeout 120 python3 -c '
import hashlib, os, socket, sys
mode, port, n, guest = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
h = hashlib.sha256()
if mode == "recv":
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", port))
    s.listen(1)
    c, _ = s.accept()
    got = 0
    while got < n:
        b = c.recv(65536)
        if not b:
            break
        h.update(b)
        got += len(b)
    c.close()
else:
    data = os.urandom(n)
    h.update(data)
    c = socket.create_connection((guest, port), timeout=30)
    c.sendall(data)
    c.close()
    got = n
print(got, h.hexdigest())' "$1" "$2" "$TCP_BYTES" "$NETBED_GUEST_IP"
}

tcp_guest_to_peer() {
	local peer_out g s tx0 tx1 dc0 dc1 bz0 bz1 ts0 ts1
	# the team offers TSO and checksum offload whatever its plugin port has
	vm_exec pl "ethtool -k vfteam0 | grep -q '^tcp-segmentation-offload: on' &&
		ethtool -k vfteam0 | grep -q '^tx-checksumming: on'" || {
		echo "    vfteam0 does not offer TSO and tx checksumming" >&2
		return 1
	}
	peer_out=$(mktemp)
	tcp_peer recv 5002 >"$peer_out" &
	sleep 1
	s=$(pt_snap)
	tx0=$(snap_get "$s" tx_packets) dc0=$(snap_get "$s" tx_declined) bz0=$(snap_get "$s" tx_busy)
	ts0=$(team_stat primary_hw_tx_tso_contexts)
	g=$(vm_exec pl "head -c $TCP_BYTES /dev/urandom > /tmp/tcp-out &&
		timeout 90 nc $NETBED_PEER_IP 5002 < /tmp/tcp-out >/dev/null;
		sha256sum < /tmp/tcp-out | cut -d' ' -f1")
	wait $! || true
	s=$(pt_snap)
	tx1=$(snap_get "$s" tx_packets) dc1=$(snap_get "$s" tx_declined) bz1=$(snap_get "$s" tx_busy)
	ts1=$(team_stat primary_hw_tx_tso_contexts)
	echo "    guest -> peer: peer got $(cut -d' ' -f1 "$peer_out") bytes, plugin tx +$((tx1 - tx0)), ring full +$((bz1 - bz0)), declined +$((dc1 - dc0))${ts0:+, device TSO contexts +$((ts1 - ts0))}"
	# a full ring holds the flow back (tx_busy), never sends part of it
	# around the ring through the standby (tx_declined); a device with
	# TSO cut the segments itself (its own count of TSO contexts)
	[ "$(cat "$peer_out")" = "$TCP_BYTES $g" ] &&
		[ $((tx1 - tx0)) -ge $((TCP_BYTES / 1514)) ] &&
		[ "$dc1" -eq "$dc0" ] &&
		{ [ -z "$ts0" ] || [ $((ts1 - ts0)) -gt 0 ]; }
	local rc=$?
	rm -f "$peer_out"
	return $rc
}

tcp_peer_to_guest() {
	local p g
	vm_exec pl "rm -f /tmp/tcp-in; setsid nc -l -p 5001 > /tmp/tcp-in 2>/dev/null </dev/null &" &&
		sleep 1 &&
		p=$(tcp_peer send 5001) &&
		wait_for 30 vm_exec pl "[ \$(wc -c < /tmp/tcp-in) -eq $TCP_BYTES ]" || return 1
	g=$(vm_exec pl "sha256sum < /tmp/tcp-in | cut -d' ' -f1")
	echo "    peer -> guest: guest got $TCP_BYTES bytes"
	[ "$p" = "$TCP_BYTES $g" ]
}

link_down() {
	vm_qmp pl set_link '{"name": "pt", "up": false}' >/dev/null &&
		wait_for 30 team_attr_is pl active_port "$sb"
}

link_up() {
	vm_qmp pl set_link '{"name": "pt", "up": true}' >/dev/null &&
		wait_for 30 pt_active
}

prepare_abort() {
	local r0
	r0=$(pt_count resumes) || return 1
	vm_exec pl "echo prepare > /sys/class/net/vfteam0/vfteam/migration" &&
		wait_for 10 team_attr_is pl migration ready &&
		team_attr_is pl active_port "$sb" &&
		vm_exec pl "echo abort > /sys/class/net/vfteam0/vfteam/migration" &&
		team_attr_is pl migration idle &&
		wait_for 30 pt_active &&
		[ "$(pt_count resumes)" -eq $((r0 + 1)) ]
}

prepare_unplug() {
	vm_exec pl "echo prepare > /sys/class/net/vfteam0/vfteam/migration" &&
		wait_for 10 team_attr_is pl migration ready &&
		team_attr_is pl active_port "$sb" &&
		vm_qmp pl device_del '{"id": "pt0"}' >/dev/null &&
		wait_for 60 pt_gone &&
		wait_for 10 team_attr_is pl migration reattaching
}

replug() {
	vm_qmp pl device_add "$(nic_plug_json "$NIC" "$MAC")" >/dev/null &&
		wait_for 90 pt_active &&
		team_attr_is pl migration idle
}

surprise() {
	vm_qmp pl device_del '{"id": "pt0"}' >/dev/null &&
		wait_for 60 pt_gone &&
		team_attr_is pl active_port "$sb"
}

unload() {
	vm_exec pl "rmmod $PLUGIN" &&
		team_attr_is pl active_port "$sb" &&
		vm_exec pl "! grep -q '^$NIC@' /sys/class/net/vfteam0/vfteam/ports" &&
		vm_exec pl "! grep -q '^$NIC@' /sys/class/net/vfteam0/vfteam/port_counters"
}

reload() {
	vm_exec pl "modprobe $PLUGIN" && wait_for 60 pt_active
}

standby_refused() {
	local p
	p=$(vm_exec pl "basename \$(readlink -f /sys/class/net/$sb/device/..)") || return 1
	vm_exec pl "echo $PLUGIN > /sys/bus/pci/devices/$p/driver_override &&
		echo $p > /sys/bus/pci/drivers/virtio-pci/unbind &&
		{ echo $p > /sys/bus/pci/drivers_probe; true; }" || return 1
	vm_exec pl "[ ! -e /sys/bus/pci/drivers/$PLUGIN/$p ] &&
		dmesg | grep -q 'vfteam: plugin $NIC refuses 1af4:.*a paravirtual standby NIC'" || {
		echo "    $p: bound by $PLUGIN, or no log line" >&2
		return 1
	}
	vm_exec pl "echo > /sys/bus/pci/devices/$p/driver_override &&
		echo $p > /sys/bus/pci/drivers/virtio-pci/bind &&
		[ -e /sys/bus/pci/drivers/virtio-pci/$p ]"
}

# a reset under the plugin port (FLR through sysfs, pci_reset_function):
# the team is on the standby before the reset (one log line), the port
# restarts from scratch after it and carries the team again
device_reset() {
	local p name
	p=$(pt_pci) name=$(pt_port)
	vm_exec pl "echo 1 > /sys/bus/pci/devices/$p/reset" &&
		vm_exec pl "dmesg | grep -qF 'plugin port $name: device reset: traffic moves to the standby'" &&
		wait_for 30 pt_active &&
		vm_exec pl "dmesg | grep -qF 'plugin port $name: restarted after device reset'"
}

# device_reset as a step, where the device has a reset method at all
device_reset_step() {
	local methods
	methods=$(vm_exec pl "cat /sys/bus/pci/devices/$(pt_pci)/reset_method 2>/dev/null" || true)
	if [ -z "$methods" ]; then
		result SKIP "$(scenario 'device reset (FLR) under the plugin port')" \
			"QEMU's $NIC offers no reset method"
		return
	fi
	echo "    reset methods: $methods"
	run_step "device reset ($methods) under the plugin port: standby, then plugin" \
		any device_reset
	run_step "ping burst on the plugin port after its reset" zero burst
}

# a macvlan (its own MAC) on the team. A plugin without the Rx filter op
# (rtl8139) cannot add the address to its device: the team moves to the
# standby and says why (primary-rx-filter), the macvlan is reached, and
# once it is gone the team is back on the plugin port
plugin_macvlan_no_filter() {
	macvlan_up pl &&
		team_attr_is pl active_reason primary-rx-filter &&
		team_attr_is pl active_port "$sb" &&
		macvlan_down pl &&
		wait_for 30 pt_active
}

# ...and one with the op (e1000e) takes it: the team stays on the plugin
# port throughout, the macvlan reached through it
plugin_macvlan_filtered() {
	local rx0 rx1
	rx0=$(pt_count rx_packets)
	macvlan_up pl &&
		team_attr_is pl active_reason primary &&
		pt_active || return 1
	rx1=$(pt_count rx_packets)
	echo "    plugin port rx +$((rx1 - rx0)) while the macvlan was pinged"
	macvlan_down pl && pt_active && [ $((rx1 - rx0)) -ge 3 ]
}

# multicast through the plugin's filter (its hash table, no all-multicast):
# the peer sends its pings to the guest's address in frames to a
# multicast MAC (a static neighbour entry); the plugin port must not
# receive them while the team is not in that group, and must once it is
MCAST_MAC=01:00:5e:7f:12:34
mcast_pings() {
	netbed ping -q -c 5 -i 0.2 -W 1 "$NETBED_GUEST_IP" >/dev/null 2>&1 || true
}

plugin_multicast() {
	local r0 r1 r2 rc
	netbed ip neigh replace "$NETBED_GUEST_IP" lladdr "$MCAST_MAC" dev peer nud permanent
	r0=$(pt_count rx_packets)
	mcast_pings
	r1=$(pt_count rx_packets)
	vm_exec pl "ip maddr add $MCAST_MAC dev vfteam0" >/dev/null
	sleep 1
	mcast_pings
	r2=$(pt_count rx_packets)
	vm_exec pl "ip maddr del $MCAST_MAC dev vfteam0" >/dev/null
	netbed ip neigh del "$NETBED_GUEST_IP" dev peer
	echo "    plugin port rx: +$((r1 - r0)) to a group the team is not in, +$((r2 - r1)) once it joined"
	[ $((r1 - r0)) -lt 5 ] && [ $((r2 - r1)) -ge 5 ]
	rc=$?
	wait_for 30 peer_ping 3 && return $rc
}

# the switch's MTU: its ports first, the bridge follows them
netbed_mtu() {
	local i
	for i in peer peer-br tap0 tap1; do
		netbed ip link set "$i" mtu "$1" || return 1
	done
}

# the peer pings the guest 20 times with unfragmented frames of @1 bytes
# of payload
big_pings() {
	netbed ping -q -c 20 -i 0.1 -W 2 -M 'do' -s "$1" "$NETBED_GUEST_IP" >/dev/null
}

# jumbo frames on the plugin port: the team's MTU to 9000 stops the port
# (the team on the standby meanwhile), the plugin's change_mtu op takes
# it, and the port restarts with Rx buffers for it; 9000-byte frames then
# cross it both ways, unfragmented. And back to 1500.
plugin_jumbo() {
	local s rx0 tx0 rx1 tx1
	netbed_mtu 9000 &&
		vm_exec pl "ip link set vfteam0 mtu 9000" &&
		vm_exec pl "dmesg | grep -qF 'plugin port $(pt_port): MTU 9000'" &&
		wait_for 30 pt_active || return 1
	s=$(pt_snap)
	rx0=$(snap_get "$s" rx_bytes) tx0=$(snap_get "$s" tx_bytes)
	big_pings 8972 || return 1
	s=$(pt_snap)
	rx1=$(snap_get "$s" rx_bytes) tx1=$(snap_get "$s" tx_bytes)
	# the 10 ms pings of 98 bytes beside them are far fewer bytes
	echo "    plugin port at MTU 9000: rx +$((rx1 - rx0)), tx +$((tx1 - tx0)) bytes for 20 pings of 9000"
	[ $((rx1 - rx0)) -ge 180000 ] && [ $((tx1 - tx0)) -ge 180000 ] &&
		team_attr_is pl active_port "$(pt_port)" &&
		vm_exec pl "ip link set vfteam0 mtu 1500" &&
		netbed_mtu 1500 &&
		wait_for 30 pt_active
}

# msix_mask [VALUE]: the mask words (vector control) of the plugin
# device's three MSI-X vectors (two queues and the other), in QEMU's e1000e
# MSI-X table (BAR 3, which the plugin does not claim: /dev/mem reaches
# it), as they were read; with VALUE each is then written. One guest
# command (each costs seconds on the debug kernel), so a write masks the
# three at once.
msix_mask() {
	vm_exec pl "bar=\$(sed -n 4p /sys/bus/pci/devices/$(pt_pci)/resource | cut -d' ' -f1)
		[ \$((bar)) -ne 0 ] || exit 1
		out=
		for v in 0 1 2; do
			a=\$((bar + 16 * v + 12))
			out=\$out\$(devmem \$a 32) || exit 1
			[ -z '${1:-}' ] || devmem \$a 32 '${1:-}' || exit 1
		done
		echo \$out"
}

# msix_mask_hold UNTIL: in the guest's background, vectors 0-2 masked again
# whenever something unmasks them, until the guest's log says UNTIL. A
# read is cheap and a log search is not: the log is searched only before
# a write, which so never lands after UNTIL (the function reset that
# follows it takes 100 ms before it restores the table).
msix_mask_hold() {
	vm_exec pl "bar=\$(sed -n 4p /sys/bus/pci/devices/$(pt_pci)/resource | cut -d' ' -f1) &&
		[ \$((bar)) -ne 0 ] || exit 1
		while :; do
			for v in 0 1 2; do
				a=\$((bar + 16 * v + 12))
				[ \$((\$(devmem \$a 32) & 1)) -eq 1 ] && continue
				dmesg | grep -qF '$1' && exit 0
				devmem \$a 32 1
			done
			sleep 0.2
		done >/dev/null 2>&1 &
		echo \$! >/tmp/mask-hold.pid"
}

# The device's MSI-X vectors masked under the driver (a hypervisor's slip
# that persists, a reset the guest did not see): the device completes
# transmits but says nothing. The core's Tx watchdog moves the team to the
# standby and has the plugin reset the device (its reset op, for a
# transmit stall); the port stalls again, and the core resets the PCI
# function, which restores the MSI-X table: the port carries the team
# again. The guest sends (pings the peer) meanwhile. The kernel sometimes
# unmasks a vector as the port restarts (it rewrites a vector's control
# word as it last set it; QEMU's MAC reset leaves the table alone), which
# would end the slip at a random time: the guest masks it again at once,
# until the function reset. Completions in that moment count as the
# plugin's reset having helped, so the function reset may come after more
# than one plugin reset.
tx_stall() {
	local name rc stage fn_reset
	name=$(pt_port)
	fn_reset="$name: transmit stalled again after the plugin reset the device: resetting the PCI function"
	# with Rx silent too, the guest's ARP for the peer would fail and its
	# pings stop: a permanent neighbour keeps them going out
	vm_exec pl "ip neigh replace $NETBED_PEER_IP dev vfteam0 nud permanent \
		lladdr $(netbed cat /sys/class/net/peer/address)" || return 1
	msix_mask 1 >/dev/null || return 1
	echo "    MSI-X vectors 0-2 mask words $(msix_mask)"
	msix_mask_hold "$fn_reset" || return 1
	# the watchdog sees a stall only in what the guest sends, and with Rx
	# silent only the guest's own pings are sent: they go on until the
	# port is back, in the guest's background (the guest agent serves one
	# command at a time). A count, not a deadline: with -w, iputils' ping
	# ends at its first send error, and the guest sent nothing after it
	# (seen on the debug kernel: the port restarted, still masked, and
	# never stalled again, for want of anything to send). Its socket
	# buffer holds about a dozen frames: once the masked ring holds them,
	# every send fails (ENOBUFS) and nothing new reaches the port, which
	# the watchdog must see as a stall all the same (frames out, link up)
	vm_exec pl "ping -q -c 1500 -i 0.1 -W 1 $NETBED_PEER_IP >/tmp/stall-ping.log 2>&1 &" || return 1
	stage='stall, the plugin reset op' &&
		guest_log_wait pl 60 "plugin port $name: transmit stalled" &&
		guest_log_wait pl 60 "$name: resetting the device (reason 0)" &&
		guest_log_wait pl 60 "plugin port $name: restarted after a transmit stall" &&
		stage='stall again, PCI function reset' &&
		guest_log_wait pl 120 "$fn_reset" &&
		guest_log_wait pl 60 "plugin port $name: restarted after device reset" &&
		stage='back on the plugin, vectors unmasked' &&
		wait_for 30 pt_active &&
		[ "$(msix_mask)" = 0x000000000x000000000x00000000 ]
	rc=$?
	vm_exec pl "kill \$(cat /tmp/mask-hold.pid) 2>/dev/null; killall -INT ping" || true
	vm_exec pl "ip neigh del $NETBED_PEER_IP dev vfteam0" || true
	if [ $rc -eq 0 ]; then
		echo "    plugin resets before the function reset: $(vm_exec pl "dmesg | grep -cF '$name: resetting the device (reason 0)'")"
		return 0
	fi
	echo "    failed at: $stage; mask words now $(msix_mask)"
	vm_exec pl "cat /proc/uptime; dmesg | tail -n 20; grep -F '$name' /proc/interrupts; \
		cat /sys/class/net/vfteam0/vfteam/port_counters; cat /tmp/stall-ping.log" |
		sed 's/^/    /'
	# the steps after this one are not to fail for it: vectors unmasked
	msix_mask 0 >/dev/null || true
	return $rc
}

# one counter of ethtool -S vfteam0
team_stat() {
	vm_exec pl "ethtool -S vfteam0" | sed -n "s/^ *$1: \([0-9]*\)$/\1/p"
}

# the plugin port's interrupts so far, on the vectors named *@1 (all of
# them by default; one CPU)
pt_irqs() {
	vm_exec pl "grep -F '$(pt_port)${1:-}' /proc/interrupts" |
		awk '{ n += $2 } END { print n + 0 }'
}

# the peer's end of @1 TCP flows from the guest: accepts them, reads
# $2 bytes from each, prints the total
tcp_peer_flows() {
	netbed timeout 120 python3 -c '
import selectors, socket, sys
flows, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", 5003))
s.listen(flows)
sel = selectors.DefaultSelector()
sel.register(s, selectors.EVENT_READ)
got, done, total = {}, 0, 0
while done < flows:
    for key, _ in sel.select(timeout=60):
        if key.fileobj is s:
            c, _ = s.accept()
            got[c] = 0
            sel.register(c, selectors.EVENT_READ)
            continue
        c = key.fileobj
        b = c.recv(65536)
        got[c] += len(b)
        total += len(b)
        if not b or got[c] >= n:
            sel.unregister(c)
            c.close()
            done += 1
print(total)' "$1" "$2"
}

# The port's queue pairs (ethtool -l/-L): two with a vector each and
# the other causes' vector; 16 TCP flows from the guest are spread over
# both queues (the team's Tx queues round-robin on Tx, RSS on their
# ACKs), each vector interrupting; one queue and back to two restarts
# the port, the team meanwhile on the standby; what -L cannot set is
# refused with the port left alone
plugin_queues() {
	local s q0 q1 q0b q1b total bz0 bz1 dc0 dc1
	vm_exec pl "ethtool -l vfteam0 | grep -A4 '^Pre-set' | grep -q '^Combined:[[:space:]]*2'" &&
		vm_exec pl "ethtool -L vfteam0 combined 2" &&
		vm_exec pl "ethtool -l vfteam0 | grep -A4 '^Current' | grep -q '^Combined:[[:space:]]*2'" &&
		vm_exec pl "grep -qF '$(pt_port)-q1' /proc/interrupts &&
			grep -qF '$(pt_port)-other' /proc/interrupts" &&
		wait_for 30 pt_active || return 1
	q0=$(pt_irqs -q0) q1=$(pt_irqs -q1)
	s=$(pt_snap)
	bz0=$(snap_get "$s" tx_busy) dc0=$(snap_get "$s" tx_declined)
	tcp_peer_flows 16 262144 >/tmp/vfteam-flows.$$ &
	sleep 1
	vm_exec pl "for i in \$(seq 16); do head -c 262144 /dev/urandom |
		timeout 90 nc $NETBED_PEER_IP 5003 >/dev/null & done; wait"
	wait $! || true
	total=$(cat /tmp/vfteam-flows.$$); rm -f /tmp/vfteam-flows.$$
	q0b=$(pt_irqs -q0) q1b=$(pt_irqs -q1)
	s=$(pt_snap)
	bz1=$(snap_get "$s" tx_busy) dc1=$(snap_get "$s" tx_declined)
	echo "    16 flows, $total bytes: interrupts q0 +$((q0b - q0)), q1 +$((q1b - q1)); a ring full +$((bz1 - bz0)), declined +$((dc1 - dc0))"
	# a full ring holds its flows back, never sends them around it
	[ "$total" = $((16 * 262144)) ] && [ "$dc1" -eq "$dc0" ] &&
		[ $((q0b - q0)) -ge 10 ] && [ $((q1b - q1)) -ge 10 ] || return 1

	! vm_exec pl "ethtool -L vfteam0 combined 3" 2>/dev/null &&
		! vm_exec pl "ethtool -L vfteam0 rx 1" 2>/dev/null &&
		vm_exec pl "ethtool -l vfteam0 | grep -A4 '^Current' | grep -q '^Combined:[[:space:]]*2'" &&
		vm_exec pl "ethtool -L vfteam0 combined 1" &&
		vm_exec pl "dmesg | grep -qF 'plugin port $(pt_port): 1 queues'" &&
		wait_for 30 pt_active && big_pings 56 &&
		vm_exec pl "ethtool -L vfteam0 combined 2" &&
		wait_for 30 pt_active && big_pings 56
}

# the plugin port's interrupts per second over 3 s of 2 ms pings
irq_rate() {
	local i0 i1
	i0=$(pt_irqs)
	netbed ping -q -c 1500 -i 0.002 -w 3 "$NETBED_GUEST_IP" >/dev/null 2>&1 || true
	i1=$(pt_irqs)
	echo $(((i1 - i0) / 3))
}

# ethtool on the team with the e1000e plugin port in it: -S shows the
# team's counters, each port's, and the device's own (they follow the
# traffic); -C rx-usecs reaches the device, which then interrupts less
# for the same pings (half as often at most: QEMU's EITR model also
# interrupts when its throttle timer ends, so not down to 1 per 16 ms),
# and a value past its range (16.7 ms) is refused
plugin_ethtool() {
	local g0 g1 free slow
	g0=$(team_stat primary_hw_rx_good_packets)
	big_pings 56 || return 1
	g1=$(team_stat primary_hw_rx_good_packets)
	echo "    ethtool -S: primary_hw_rx_good_packets $g0 -> $g1, switches $(team_stat switches)"
	[ -n "$g0" ] && [ $((g1 - g0)) -ge 20 ] &&
		[ -n "$(team_stat standby_tx_packets)" ] || return 1
	# the plugin's link speed (QEMU's 82574L: 1000 Mb/s, full duplex)
	vm_exec pl "ethtool vfteam0" | grep -E '^\s*(Speed|Duplex):' | sed 's/^\s*/    /'
	vm_exec pl "ethtool vfteam0 | grep -q 'Speed: 1000Mb/s' &&
		ethtool vfteam0 | grep -q 'Duplex: Full'" || return 1

	free=$(irq_rate)
	vm_exec pl "ethtool -C vfteam0 rx-usecs 16000" || return 1
	slow=$(irq_rate)
	echo "    plugin interrupts/s under 2 ms pings: $free, $slow with rx-usecs 16000"
	vm_exec pl "ethtool -c vfteam0 | grep -q '^rx-usecs: *16000'" &&
		[ $((slow * 2)) -lt "$free" ] &&
		! vm_exec pl "ethtool -C vfteam0 rx-usecs 20000" 2>/dev/null &&
		vm_exec pl "dmesg | grep -qF 'refused rx-usecs 20000'" &&
		vm_exec pl "ethtool -c vfteam0 | grep -q '^rx-usecs: *16000'" &&
		vm_exec pl "ethtool -C vfteam0 rx-usecs 0"
}

# one field of ethtool -i on the guest's interface IF (default vfteam0)
drvinfo() {
	vm_exec pl "ethtool -i ${2:-vfteam0}" | sed -n "s/^$1: //p"
}

# the team's ethtool -i and -S say where its traffic goes and why
# (info_is PORT BUS REASON): firmware-version the port, bus-info its device,
# reason_REASON the one flag set
info_is() {
	local fw bus flags
	fw=$(drvinfo firmware-version) bus=$(drvinfo bus-info)
	flags=$(vm_exec pl "ethtool -S vfteam0" | sed -n 's/^ *reason_\(.*\): 1$/\1/p' | tr '\n' ' ')
	echo "    ethtool -i: firmware-version $fw, bus-info $bus; -S reason_ set: $flags"
	[ "$fw" = "$1" ] && [ "$bus" = "$2" ] && [ "$flags" = "$3 " ]
}

# ethtool -i and -S through a link down and up: the driver and its
# version (modinfo's), then the plugin port, the standby with the reason
# (primary_no_carrier, counted in switches_primary_no_carrier), the
# plugin again (switches_primary)
plugin_ethtool_info() {
	local ver sb_drv sb_bus nc0 p0 ok=0
	ver=$(vm_exec pl "modinfo -F version vfteam")
	sb_drv=$(drvinfo driver "$sb") sb_bus=$(drvinfo bus-info "$sb")
	nc0=$(team_stat switches_primary_no_carrier) p0=$(team_stat switches_primary)
	[ "$(drvinfo driver)" = vfteam ] && [ -n "$ver" ] &&
		[ "$(drvinfo version)" = "$ver" ] &&
		info_is "$(pt_port)" "$(pt_pci)" primary &&
		link_down || return 1
	# the link comes back whatever was seen meanwhile: the steps after
	# this one need it
	info_is "$sb $sb_drv" "$sb_bus" primary_no_carrier &&
		[ "$(team_stat switches_primary_no_carrier)" -eq $((nc0 + 1)) ] ||
		ok=1
	link_up && info_is "$(pt_port)" "$(pt_pci)" primary &&
		[ "$(team_stat switches_primary)" -eq $((p0 + 1)) ] &&
		[ "$ok" -eq 0 ]
}

# the tracepoints, recorded with trace-cmd over a prepare and an abort
# and a few pings: the two switches with their reasons, the migration
# states, both ends of the plugin's quiesce and restart (restart from
# the checkpoint), and its data path (xmit, poll, irq)
plugin_trace() {
	local port f=/sys/class/net/vfteam0/vfteam/migration ev report
	port=$(pt_port)
	vm_exec pl "trace-cmd record -q -e vfteam -o /tmp/vfteam.dat sh -c '
		echo prepare > $f && sleep 1; echo abort > $f; sleep 1 &&
		ping -q -c 3 -i 0.2 $NETBED_PEER_IP'" >/dev/null || return 1
	# trace-cmd pads each event's name: one space after it, as written here
	report=$(vm_exec pl "trace-cmd report -i /tmp/vfteam.dat 2>/dev/null" | tr -s ' ')
	echo "    trace-cmd: $(grep -c ' vfteam_' <<<"$report") vfteam events"
	for ev in "vfteam_switch: vfteam0: $port -> $sb (migration)" \
		"vfteam_switch: vfteam0: $sb -> $port (primary)" \
		"vfteam_migration: vfteam0: idle -> preparing (prepare)" \
		"vfteam_migration: vfteam0: ready -> idle (abort)" \
		"op_enter: $port: quiesce" "op_exit: $port: quiesce = 0" \
		"op_enter: $port: restart" "op_exit: $port: restart = 0" \
		"vfteam_plugin_xmit: $port: q 0" "vfteam_plugin_poll: $port: q 0" \
		"vfteam_plugin_irq: $port: q 0"; do
		grep -qF "$ev" <<<"$report" || {
			echo "    no \"$ev\" in the trace"
			return 1
		}
	done
}

# ...and with the rtl8139 plugin, which has neither: no hardware
# counters, and ethtool -C refused with one log line
plugin_ethtool_absent() {
	[ -n "$(team_stat primary_tx_packets)" ] &&
		[ -z "$(team_stat primary_hw_rx_good_packets)" ] &&
		! vm_exec pl "ethtool -C vfteam0 rx-usecs 100" 2>/dev/null &&
		vm_exec pl "dmesg | grep -qF 'has no interrupt moderation'"
}

# a bridge with a nested guest on the team: promiscuous, which a plugin
# with the Rx filter op is asked for, and the team stays on it; the
# nested guest's broadcasts looped back by the switch do not move its
# FDB entry
plugin_bridge() {
	bridge_up pl "$MAC" &&
		team_attr_is pl active_reason primary &&
		pt_active &&
		nested_broadcasts pl &&
		bridge_down pl &&
		wait_for 30 pt_active
}

# scenario_plugin NIC: the passthrough stand-in, e1000e or rtl8139, driven
# by its vfteam plugin
scenario_plugin() {
	NIC=$1
	case $NIC in
	e1000e)
		MAC=52:54:00:00:00:31
		# Linux's drivers for this device, kept out of the guest
		LINUX_DRIVERS=e1000e
		;;
	rtl8139)
		MAC=52:54:00:00:00:35
		LINUX_DRIVERS=8139cp,8139too
		# the core's plugin-port paths run under the debug kernel in
		# 30-plugin-e1000e, this plugin in 45-migrate-cross-vendor
		full_only debug 'rtl8139 plugin' || return 0
		;;
	*) echo "scenario_plugin: e1000e or rtl8139, not $NIC" >&2; return 2 ;;
	esac
	PLUGIN=vfteam_$NIC
	DRV=/sys/bus/pci/drivers/$PLUGIN

	GUEST_APPEND="${GUEST_APPEND:-} module_blacklist=$LINUX_DRIVERS"
	# behind an IOMMU, as real passthrough is: a plugin's stray DMA faults
	export VM_IOMMU=1
	netbed_up 2
	vm_start_nics pl tap0 "$MAC" tap1 "$NIC" "$MAC"
	vm_wait_ready pl

	sb=$(guest_ifname pl "$MAC" virtio_net)

	### scenario: the plugin took the device (not Linux's driver), then the team
	check "$(scenario "plugin bound by modalias, $LINUX_DRIVERS blacklisted")" \
		wait_for 60 pt_here
	# autoloaded by nothing but its PCI IDs: every alias it has is pci:...
	check "$(scenario "$PLUGIN autoloads only by PCI ID aliases")" \
		vm_exec pl "a=\$(modinfo -F alias $PLUGIN) && [ -n \"\$a\" ] &&
			! echo \"\$a\" | grep -v '^pci:v'"
	check "$(scenario "the plugin's device is behind the IOMMU, strict")" \
		vm_exec pl "[ -e /sys/bus/pci/devices/$(pt_pci)/iommu_group ] &&
			grep -q 'iommu.strict=1' /proc/cmdline"
	check "$(scenario "no $LINUX_DRIVERS loaded")" \
		vm_exec pl "! grep -qE '^(${LINUX_DRIVERS//,/|}) ' /proc/modules"
	# probed before its team exists: it says that it waits, and for what
	check "$(scenario 'plugin port says it waits for a team with its MAC')" \
		vm_exec pl "dmesg | grep -q '$NIC@.*MAC $MAC, .*waiting for a team with this MAC'"
	team_up pl "$sb"
	check "$(scenario 'plugin port joins the team and is active')" \
		wait_for 60 pt_active
	check "$(scenario 'ports lists the plugin port as active primary')" \
		vm_exec pl "grep -q '^$(pt_port) primary up carrier active' /sys/class/net/vfteam0/vfteam/ports"
	check "$(scenario 'ping through the plugin port')" wait_for 30 peer_ping 3
	check "$(scenario 'the standby port got no IPv6 address of its own, the team did')" \
		wait_for 10 sb_no_addrconf
	echo "    plugin interrupt: $(vm_exec pl "cat $DRV/0000:*/msi_irqs/* 2>/dev/null || echo intx")"

	### scenario: traffic runs on the plugin port, not on the standby
	run_step "ping burst on the plugin port, standby idle" zero burst

	### scenario: TCP, 2 MiB each way, through the plugin port. The e1000e
	### plugin's device segments and checksums what the guest's stack hands
	### the team (GSO super-frames, CHECKSUM_PARTIAL; its own TSO context
	### count must grow); for the rtl8139 plugin, which declares no
	### offloads, the core does it in software. The data must arrive whole,
	### in full-size frames.
	TCP_BYTES=$((2 << 20))
	check "$(scenario 'TCP 2 MiB guest -> peer, whole, segmented onto the plugin port, none of it around a full ring')" \
		tcp_guest_to_peer
	check "$(scenario 'TCP 2 MiB peer -> guest, whole')" tcp_peer_to_guest

	### scenario: link down, then up (QMP set_link)
	run_step "plugin link down -> standby" any link_down
	run_step "plugin link up -> plugin" any link_up

	### scenario: ethtool -i/-S say which port carries the traffic and why;
	### the tracepoints record a prepare and an abort
	if [ "$NIC" = e1000e ]; then
		run_step "ethtool -i/-S: the plugin port, the standby with its reason through a link down, the plugin again" \
			any plugin_ethtool_info
		run_step "trace-cmd: switches, migration states, both ends of quiesce and restart, the data path's ops" \
			zero plugin_trace
	fi

	### scenario: prepare, then abort: resume from the checkpoint (the core
	### counts one resume; a fallback to a fresh start would count none)
	run_step "prepare, abort (resume from checkpoint)" zero prepare_abort
	run_step "ping burst on the plugin port after abort" zero burst

	### scenario: a reset under the port (without the core's reset_prepare
	### and reset_done, the device comes back blank and the team stays on it)
	device_reset_step

	### scenario: a flapping link: damped return, rate-limited log
	run_step "plugin link flapping: damped, log rate-limited, ends on the plugin" \
		any flap pl "$(pt_port)" pt_active

	### scenario: the device's features: MTU, a macvlan, a bridge with a
	### nested guest, multicast, ethtool, queues, a lost interrupt vector
	if [ "$NIC" = e1000e ]; then
		run_step "MTU 9000: the plugin port restarts for it, 9000-byte frames cross it both ways; back to 1500" \
			zero plugin_jumbo
		# what the stack stacks on the team and reads from it: on the debug
		# kernel the core's side runs under KASAN in KUnit (Rx filter,
		# ethtool), and these minutes are make check-full's
		if full_only debug 'macvlan, bridge, multicast and ethtool -S/-C on the team'; then
			run_step "macvlan on the team: its address in the plugin's Rx filter, reached on the plugin port" \
				zero plugin_macvlan_filtered
			check "$(scenario 'bridge with a nested guest on the team: plugin port promiscuous, both reached')" \
				plugin_bridge
			check "$(scenario "multicast: the plugin receives a group only once the team joined it")" \
				plugin_multicast
			run_step "ethtool (the plugin's link speed), -S (team, ports, device counters) and -C rx-usecs (device interrupts throttled) on the team" \
				zero plugin_ethtool
		fi
		run_step "ethtool -l/-L: two queue pairs, each with its vector, 16 TCP flows spread over both; one queue and back; bad counts refused" \
			zero plugin_queues
		run_step "MSI-X vector masked under the plugin port: Tx watchdog, standby, the plugin's reset op, then a PCI function reset, back on the plugin" \
			any tx_stall
		run_step "ping burst on the plugin port after its reset" zero burst
	else
		run_step "macvlan on the team: no Rx filter op, standby (primary-rx-filter), reached; removed: plugin" \
			zero plugin_macvlan_no_filter
		check "$(scenario 'ethtool: no device counters, -C refused (no moderation op)')" \
			plugin_ethtool_absent
	fi

	### scenario: prepare, device_del, device_add: must lose nothing
	run_step "prepare + device_del" zero prepare_unplug
	run_step "device_add, plugin re-attaches" zero replug

	### scenario: surprise device_del (no prepare), then back
	run_step "surprise device_del -> standby" any surprise
	run_step "device_add after surprise, re-attach" zero replug

	### scenario: the plugin module is unloaded under traffic, then loaded again
	run_step "rmmod $PLUGIN -> standby" any unload
	run_step "modprobe $PLUGIN, re-attach" zero reload
	run_step "ping burst on the plugin port again" zero burst

	### scenario: the standby offered to the plugin (driver_override, then a
	### probe) is refused at probe with one log line, and goes back to
	### virtio-pci. Last: the team loses its standby on the way.
	check "$(scenario 'standby offered by driver_override: refused at probe')" standby_refused

	echo "    switches: $(team_attr pl switches), lost in switches: $(team_attr pl lost_packets)"
	vm_exec pl "cat /sys/class/net/vfteam0/vfteam/ports" | sed 's/^/    /'

	vm_exec pl "ip link del vfteam0 && rmmod $PLUGIN vfteam" >/dev/null ||
		result FAIL "$(scenario 'teardown')"
	vm_stop pl
	check "$(scenario 'console clean')" vm_console_clean pl
}
