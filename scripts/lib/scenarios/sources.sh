# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What source MACs leave the guest: a capture on the switch side of both
# taps for a whole scenario. Frames must leave with the team's MAC, or with
# the MAC of a device stacked on the team that owns it (a macvlan, a guest
# behind a bridge): never a port's own or a refused MAC.

SOURCES_PIDS=()

# sources_start: capture, on tap0 and tap1, what the guest sends
sources_start() {
	local t
	SOURCES_DIR=$(mktemp -d)
	for t in tap0 tap1; do
		netbed tcpdump -i "$t" -Q in -e -n -l >"$SOURCES_DIR/$t.txt" 2>/dev/null &
		SOURCES_PIDS+=($!)
	done
}

# sources_only MAC...: stop the capture; succeed if every source MAC seen
# is one of MAC...; prints what was seen, with frame counts
sources_only() {
	local seen bad
	kill "${SOURCES_PIDS[@]}" 2>/dev/null || true
	wait "${SOURCES_PIDS[@]}" 2>/dev/null || true
	SOURCES_PIDS=()
	seen=$(awk '{ print $2 }' "$SOURCES_DIR"/tap*.txt | sort | uniq -c)
	rm -rf "$SOURCES_DIR"
	echo "    source MACs the guest sent: $(awk '{ printf "%s (%s) ", $2, $1 }' <<<"$seen")"
	bad=$(awk '{ print $2 }' <<<"$seen" | grep -vxF -f <(printf '%s\n' "$@") || true)
	[ -n "$seen" ] && [ -z "$bad" ]
}
