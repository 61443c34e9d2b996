# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The test network: one network namespace per test, holding
#
#       guest NICs (QEMU, run inside the namespace)
#     tap0   tap1  ...  tapN
#       \     |         /
#        +----br0-----+          the "physical switch" (Linux bridge)
#             |
#          peer-br
#             | veth
#           peer  198.18.0.1/24  where the test's traffic starts
#
# Only 198.18.0.0/15 (RFC 2544) addresses, and only inside the namespace.

# shellcheck disable=SC2034 # used by the scenarios that source this
NETBED_PEER_IP=198.18.0.1 NETBED_GUEST_IP=198.18.0.2 NETBED_PREFIX=24

# netbed_up NTAPS: create the namespace; its name is left in NETBED_NS
# (NETBED_NS_PREFIX-RANDOM: a runner names it to remove it after a kill)
netbed_up() {
	local ntaps=$1 i
	NETBED_NS=${NETBED_NS_PREFIX:-vft-$$}-$RANDOM
	ip netns add "$NETBED_NS"
	netbed ip link set lo up
	netbed ip link add br0 type bridge forward_delay 0 stp_state 0
	netbed ip link set br0 up
	for ((i = 0; i < ntaps; i++)); do
		netbed ip tuntap add "tap$i" mode tap
		netbed ip link set "tap$i" master br0 up
	done
	netbed ip link add peer type veth peer name peer-br
	netbed ip link set peer-br master br0 up
	netbed ip addr add "$NETBED_PEER_IP/$NETBED_PREFIX" dev peer
	netbed ip link set peer up
}

# netbed_add_tap NAME: one more switch port (a migration destination's NIC)
netbed_add_tap() {
	netbed ip tuntap add "$1" mode tap
	netbed ip link set "$1" master br0 up
}

netbed() {
	ip netns exec "$NETBED_NS" "$@"
}

netbed_down() {
	[ -n "${NETBED_NS:-}" ] || return 0
	ip netns del "$NETBED_NS" 2>/dev/null || true
	NETBED_NS=
}
