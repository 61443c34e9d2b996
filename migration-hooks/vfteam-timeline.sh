# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Migration timelines: written by vfteam-migrate (and by the test bed's
# net_failover driver, scripts/lib/netfailover.sh), read by `make demo`
# (scripts/demo.sh) and the migration scenarios. One file so the writers
# and the readers cannot drift apart. Installed beside vfteam-migrate, which
# sources it from its own directory.
#
# The format: a header "timeline (seconds since start at EPOCH):", then one
# line per phase, "  <seconds>s  <phase, padded to 34> <state>", the state
# being key=value words (active_port=, migration=, ...), a "(note)", or "-"
# when nothing was read at that point.

# timeline_begin: start a timeline now (TIMELINE_T0, TIMELINE)
timeline_begin() {
	TIMELINE_T0=$EPOCHREALTIME
	TIMELINE=()
}

# timeline_elapsed: seconds since the start, "%.3f"
timeline_elapsed() {
	awk -v a="$TIMELINE_T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'
}

# timeline_line SECONDS PHASE [STATE]: one phase line (SECONDS as from
# timeline_elapsed: formatted as a string, whatever the locale's decimal point)
timeline_line() {
	printf '%9ss  %-34s %s' "$1" "$2" "${3:--}"
}

# timeline_add SECONDS PHASE [STATE]: append a phase line (the last one is
# "${TIMELINE[-1]}", for a caller that logs it as it happens)
timeline_add() {
	TIMELINE+=("$(timeline_line "$@")")
}

# timeline_add_after EPOCH MS PHASE NOTE: a phase that happened MS
# milliseconds after EPOCH, as told by someone else (QEMU's total-time
# counted from the migrate command), with a note saying so
timeline_add_after() {
	local t
	t=$(awk -v a="$TIMELINE_T0" -v b="$1" -v ms="$2" 'BEGIN { printf "%.3f", b - a + ms / 1000 }')
	timeline_add "$t" "$3" "$4"
}

# timeline_print: the header and every line, as the readers below expect
timeline_print() {
	echo "timeline (seconds since start at $TIMELINE_T0):"
	printf '  %s\n' "${TIMELINE[@]}"
}

# ---- readers, of a tool's output holding one timeline ----

# timeline_t0 OUT: the timeline's start (epoch seconds), empty if none
timeline_t0() {
	sed -n 's/^timeline (seconds since start at \([0-9.]*\)):$/\1/p' "$1"
}

# timeline_phases OUT: one line per phase, "EPOCH<TAB>PHASE<TAB>STATE"
# (STATE empty for "-" and for a note)
timeline_phases() {
	sed -n '/^timeline (seconds since start at [0-9.]*):$/,$p' "$1" |
		awk '
		NR == 1 { t0 = $0; sub(/.* at /, "", t0); sub(/\):$/, "", t0); next }
		!/^ +[0-9.]+s  / { next }
		{
			line = $0
			sub(/^ +/, "", line)
			t = line; sub(/s .*/, "", t)
			rest = substr(line, length(t) + 4)
			# the phase is padded to 34 columns, then one or two spaces;
			# the state starts at its first key=value word
			i = match(rest, / [a-z_]+=/)
			if (!i) i = index(rest, " (migration start")
			if (!i && rest ~ / -$/) i = length(rest) - 1
			phase = i ? substr(rest, 1, i - 1) : rest
			sub(/ +$/, "", phase)
			st = i ? substr(rest, i + 1) : ""
			if (st == "-" || st ~ /^\(/) st = ""
			printf "%.6f\t%s\t%s\n", t0 + t, phase, st
		}'
}

# timeline_span OUT FROM_RE TO_RE: seconds from the first phase matching
# FROM_RE to the first matching TO_RE ("%.1f s"), "?" if either is missing
timeline_span() {
	awk -v l="$2" -v b="$3" '/^ +[0-9.]+s  / {
			t = $1; sub(/s$/, "", t)
			if (a == "" && $0 ~ l) a = t
			if (e == "" && $0 ~ b) e = t
		}
		END { if (a != "" && e != "") printf "%.1f s\n", e - a; else print "?" }' "$1"
}

# timeline_migration_ms OUT: "DOWNTIME TOTAL" (ms) of the completed
# migration ("migration: completed, downtime N ms, total-time M ms"), "? ?"
timeline_migration_ms() {
	sed -n 's/^migration: completed, downtime \([0-9]*\) ms, total-time \([0-9]*\) ms.*/\1 \2/p' "$1" |
		grep . || echo '? ?'
}
