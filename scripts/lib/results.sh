# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# One line per result in $RESULTS ("PASS name", "FAIL name", "SKIP name"),
# echoed as it happens; results_summary prints the closing line
# "N passed, N failed, N skipped" and returns non-zero on any failure.
# With KTAP_LINES set (scripts/lib/runner.sh sets it for a scenario), each
# result is also a KTAP test line there, under the same name, so a run's
# results and its KTAP say the same thing.

# no $RESULTS from a caller: a script run by hand (see results_alone)
[ -n "${RESULTS:-}" ] || RESULTS_ALONE=1
RESULTS=${RESULTS:-$VFTEAM_OUT/results.txt}

# results_alone DIR: a test script that make check runs (with its own
# $RESULTS) and a person may run by hand; run by hand, its results go to
# DIR/results.txt, empty, and results_alone_summary closes the run
results_alone() {
	[ -n "${RESULTS_ALONE:-}" ] || return 0
	RESULTS=$1/results.txt
	results_reset
}

results_alone_summary() {
	[ -z "${RESULTS_ALONE:-}" ] || results_summary
}

results_reset() {
	mkdir -p "$(dirname "$RESULTS")"
	: >"$RESULTS"
}

# result PASS|FAIL|SKIP|TIMEOUT NAME [WHY]: TIMEOUT is a FAIL whose KTAP
# line carries the TIMEOUT directive
result() {
	local st=$1 line
	[ "$st" != TIMEOUT ] || st=FAIL
	line="$st $2${3:+ ($3)}"
	echo "$line" >>"$RESULTS"
	echo "    $line"
	[ -z "${KTAP_LINES:-}" ] || ktap_result "$@" >>"$KTAP_LINES"
}

# ktap_result PASS|FAIL|SKIP|TIMEOUT NAME [WHY]: the KTAP line(s) of a
# result, numbered after those already in $KTAP_LINES; a '#' would start a
# directive, so none is left in the name
ktap_result() {
	local n name=${2//#/_} why=${3:-}
	n=$(($(grep -cE '^(not )?ok ' "$KTAP_LINES" || true) + 1))
	case $1 in
	PASS) echo "ok $n $name" ;;
	SKIP) echo "ok $n $name # SKIP $why" ;;
	TIMEOUT) echo "not ok $n $name # TIMEOUT $why" ;;
	*)
		[ -z "$why" ] || echo "# $name: $why"
		echo "not ok $n $name"
		;;
	esac
}

# check NAME CMD...: PASS when CMD succeeds, else FAIL
check() {
	local name=$1
	shift
	if "$@"; then
		result PASS "$name"
	else
		result FAIL "$name"
	fi
}

results_summary() {
	local p f s
	p=$(grep -c '^PASS ' "$RESULTS" || true)
	f=$(grep -c '^FAIL ' "$RESULTS" || true)
	s=$(grep -c '^SKIP ' "$RESULTS" || true)
	if [ "$f" -gt 0 ]; then
		echo "failed:"
		grep '^FAIL ' "$RESULTS" | sed 's/^/  /'
	fi
	echo "$p passed, $f failed, $s skipped"
	[ "$f" -eq 0 ] && [ "$p" -gt 0 ]
}
