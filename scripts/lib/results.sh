# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# One line per result in $RESULTS ("PASS name", "FAIL name", "SKIP name"),
# echoed as it happens; results_summary prints the closing line
# "N passed, N failed, N skipped" and returns non-zero on any failure.

RESULTS=${RESULTS:-$VFTEAM_OUT/results.txt}

results_reset() {
	mkdir -p "$(dirname "$RESULTS")"
	: >"$RESULTS"
}

# result PASS|FAIL|SKIP NAME [WHY]
result() {
	local line="$1 $2${3:+ ($3)}"
	echo "$line" >>"$RESULTS"
	echo "    $line"
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
