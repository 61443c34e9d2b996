#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make torture`: the long forms of what make check runs short, on the
# debug kernel (KASAN, lockdep, kmemleak): 70-torture's racing control
# paths for TORTURE_SECONDS (600), the flapping primary of the
# netdev-port and plugin-port scenarios for FLAP_TOGGLES (1000) link
# downs and ups each, and 75-migrate-torture's chain of MIG_ROUNDS (20)
# migrations with MIG_CANCELS (10) QEMU migrate_cancels in each of 5 of
# them, there paused, and live on the stock kernel too. Ends with
# "N passed, N failed[, N skipped]".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"

export TORTURE_SECONDS=${TORTURE_SECONDS:-600}
export TORTURE_ABORTS=${TORTURE_ABORTS:-50}
export FLAP_TOGGLES=${FLAP_TOGGLES:-1000}
export MIG_ROUNDS=${MIG_ROUNDS:-20}
export MIG_CANCELS=${MIG_CANCELS:-10}
# a toggle takes FLAP_DOWN_S + FLAP_UP_S (1.5 s): room for 1000 and the rest
flap_timeout=$((FLAP_TOGGLES * 2 + 900))

pass=0 fail=0 skip=0
# a hop with its disturbance takes about a minute on the debug kernel, a
# cancelled migration half that
mig_timeout=$((MIG_ROUNDS * 90 + MIG_ROUNDS * MIG_CANCELS * 10 + 600))

for run in 70-torture:debug 10-failover:debug 30-plugin-e1000e:debug \
	75-migrate-torture:debug 75-migrate-torture:stock; do
	s=${run%:*} k=${run#*:}
	case $s in
	70-torture) t=$((TORTURE_SECONDS + 900)) ;;
	75-migrate-torture) t=$mig_timeout ;;
	*) t=$flap_timeout ;;
	esac
	out=$(mktemp)
	# the stock kernel's run of 75 is make check-full's (live migration)
	VFTEAM_CHECK_FULL=1 SCENARIO_TIMEOUT=$t "$here/scenario.sh" "$s" "$k" | tee "$out" || true
	read -r p f k < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed\(, \([0-9]*\) skipped\)\?$/\1 \2 \4/p' "$out" | tail -n 1)
	rm -f "$out"
	pass=$((pass + ${p:-0})) fail=$((fail + ${f:-1})) skip=$((skip + ${k:-0}))
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
