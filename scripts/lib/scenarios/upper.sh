# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What users stack on a team: a macvlan with its own MAC, and a bridge with
# a "nested guest" (a veth in its own network namespace). Steps for the
# failover and plugin scenarios; each takes the guest's name as $1 and
# reaches the stacked addresses from the peer, as the team's own address is.

UPPER_MV_MAC=52:54:00:00:00:3b UPPER_MV_IP=198.18.0.13
UPPER_NEST_MAC=52:54:00:00:00:3a UPPER_NEST_IP=198.18.0.12

# peer_ping_ip IP COUNT: ping IP from the peer, all replies or fail
peer_ping_ip() {
	netbed ping -q -c "$2" -i 0.2 -W 2 "$1" >/dev/null
}

# macvlan_up G: a macvlan on vfteam0 with its own MAC and address, in the
# guest's namespace "mv"
macvlan_up() {
	vm_exec "$1" "ip netns add mv &&
		ip link add mv0 link vfteam0 address $UPPER_MV_MAC type macvlan mode bridge &&
		ip link set mv0 netns mv &&
		ip -n mv addr add $UPPER_MV_IP/24 dev mv0 &&
		ip -n mv link set mv0 up" >/dev/null &&
		wait_for 30 peer_ping_ip "$UPPER_MV_IP" 3
}

macvlan_down() {
	vm_exec "$1" "ip netns del mv" >/dev/null
}

# bridge_up G MAC: the team's address moves to a bridge on it (with the
# team's MAC), and a veth "nested guest" in namespace "nest" joins the bridge
bridge_up() {
	vm_exec "$1" "ip link add brn address $2 type bridge &&
		ip addr flush dev vfteam0 &&
		ip link set vfteam0 master brn &&
		ip addr add $NETBED_GUEST_IP/$NETBED_PREFIX dev brn &&
		ip link set brn up &&
		ip netns add nest &&
		ip link add vn0 type veth peer name vn1 &&
		ip link set vn1 netns nest &&
		ip -n nest link set vn1 address $UPPER_NEST_MAC &&
		ip -n nest addr add $UPPER_NEST_IP/24 dev vn1 &&
		ip -n nest link set vn1 up &&
		ip link set vn0 master brn &&
		ip link set vn0 up" >/dev/null &&
		wait_for 30 peer_ping_ip "$UPPER_NEST_IP" 3 &&
		wait_for 30 peer_ping 3
}

# bridge_down G: back to the team holding the address itself
bridge_down() {
	vm_exec "$1" "ip netns del nest &&
		ip link del brn &&
		ip addr add $NETBED_GUEST_IP/$NETBED_PREFIX dev vfteam0" >/dev/null &&
		wait_for 30 peer_ping 3
}

# nested_fdb G: the bridge's port for the nested guest's MAC
nested_fdb() {
	vm_exec "$1" "bridge fdb show br brn" |
		awk -v m="$UPPER_NEST_MAC" '$1 == m && $2 == "dev" { print $3; exit }'
}

# nested_broadcasts G: the nested guest broadcasts (ARP requests for the
# peer): the team sends each out through its active port, and the switch
# floods it back to the other. Every request must be answered, and the
# bridge must still find the nested guest behind vn0, not behind vfteam0
# (where the looped copies would move it, and then drop the answers).
nested_broadcasts() {
	local out port n
	out=$(vm_exec "$1" "ip netns exec nest arping -b -c 5 -w 5 -I vn1 $NETBED_PEER_IP 2>&1")
	port=$(nested_fdb "$1")
	n=$(sed -n 's/.*Received \([0-9]*\) response.*/\1/p' <<<"$out")
	echo "    arping from the nested guest: 5 sent, ${n:-no} responses; its FDB entry: ${port:-none}"
	[ "${n:-0}" -ge 5 ] && [ "$port" = vn0 ]
}
