#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make torture`: the long forms of what make check runs short, on the
# debug kernel (KASAN, lockdep, kmemleak): 70-torture's racing control
# paths for TORTURE_SECONDS (600), and the flapping primary of the
# netdev-port and plugin-port scenarios for FLAP_TOGGLES (1000) link
# downs and ups each. Ends with "N passed, N failed[, N skipped]".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"

export TORTURE_SECONDS=${TORTURE_SECONDS:-600}
export TORTURE_ABORTS=${TORTURE_ABORTS:-50}
export FLAP_TOGGLES=${FLAP_TOGGLES:-1000}
# a toggle takes FLAP_DOWN_S + FLAP_UP_S (1.5 s): room for 1000 and the rest
flap_timeout=$((FLAP_TOGGLES * 2 + 900))

pass=0 fail=0 skip=0
for s in 70-torture 10-failover 30-plugin-e1000e; do
	case $s in
	70-torture) t=$((TORTURE_SECONDS + 900)) ;;
	*) t=$flap_timeout ;;
	esac
	out=$(mktemp)
	SCENARIO_TIMEOUT=$t "$here/scenario.sh" "$s" debug | tee "$out" || true
	read -r p f k < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed\(, \([0-9]*\) skipped\)\?$/\1 \2 \4/p' "$out" | tail -n 1)
	rm -f "$out"
	pass=$((pass + ${p:-0})) fail=$((fail + ${f:-1})) skip=$((skip + ${k:-0}))
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
