# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A flapping primary: QMP set_link toggles on the primary's QEMU NIC (id
# "pt"), each held long enough for the guest to see it (QEMU's e1000e holds
# link-up back ~0.5 s for autonegotiation). Used by the failover (netdev
# port) and plugin scenarios; `make torture` runs it long.

# FLAP_TOGGLES: down/up pairs (make check: 10; make torture: 1000)
FLAP_TOGGLES=${FLAP_TOGGLES:-10}
FLAP_DOWN_S=${FLAP_DOWN_S:-0.5}
FLAP_UP_S=${FLAP_UP_S:-1.0}

# port_carrier_changes G PORT: the port's carrier_changes (port_counters)
port_carrier_changes() {
	vm_exec "$1" "sed -n 's/^$2 .* carrier_changes=\([0-9]*\).*/\1/p' /sys/class/net/vfteam0/vfteam/port_counters" |
		grep -x '[0-9][0-9]*'
}

switch_lines() {
	vm_exec "$1" "dmesg | grep -c 'vfteam0: active port'" || true
}

# flap G PORT ACTIVE_CMD: FLAP_TOGGLES link downs and ups of the primary
# PORT, then it must hold that
#  - the guest saw every change (else the test proves nothing);
#  - the team switched at most once per change, and did not flap along
#    with the link: fewer switches than changes once the hold set in;
#  - the switch log lines stayed within their rate limit (10 per 5 s);
#  - the team ends on the primary (ACTIVE_CMD succeeds) once it stays up.
flap() {
	local g=$1 port=$2 c0 c1 s0 s1 l0 l1 t0 t1 i changes switches lines limit
	shift 2
	c0=$(port_carrier_changes "$g" "$port") s0=$(team_attr "$g" switches)
	l0=$(switch_lines "$g") t0=$(date +%s)
	for ((i = 0; i < FLAP_TOGGLES; i++)); do
		vm_qmp "$g" set_link '{"name": "pt", "up": false}' >/dev/null || return 1
		sleep "$FLAP_DOWN_S"
		vm_qmp "$g" set_link '{"name": "pt", "up": true}' >/dev/null || return 1
		sleep "$FLAP_UP_S"
	done
	wait_for 30 "$@" || { echo "    not back on the primary: $(team_attr "$g" active_reason)"; return 1; }
	c1=$(port_carrier_changes "$g" "$port") s1=$(team_attr "$g" switches)
	l1=$(switch_lines "$g") t1=$(date +%s)
	changes=$((c1 - c0)) switches=$((s1 - s0)) lines=$((l1 - l0))
	limit=$((10 * ((t1 - t0) / 5 + 1)))
	echo "    $FLAP_TOGGLES toggles in $((t1 - t0)) s: $changes link changes seen, $switches switches, $lines switch log lines (limit $limit)"
	[ "$changes" -ge $((2 * FLAP_TOGGLES)) ] &&
		[ "$switches" -le "$changes" ] &&
		{ [ "$FLAP_TOGGLES" -lt 5 ] || [ "$switches" -lt "$changes" ]; } &&
		[ "$lines" -le "$limit" ]
}
