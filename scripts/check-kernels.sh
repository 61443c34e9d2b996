#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-kernels`: every integration scenario on Debian 12's two other
# kernels, linux-image-6.12-amd64 and linux-image-cloud-amd64 (what cloud
# images boot), side by side as make check runs the stock and debug ones.
# make check builds the modules for both (W=1) but runs no guest on them;
# this is the long form. A scenario whose NICs need a driver the kernel
# lacks (the cloud kernel has no e1000e, igb or igbvf: only the plugin
# scenarios run there) is one SKIP naming it (scripts/integration/settings,
# "NN-name.needs="). Ends with "N passed, N failed, N skipped".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/results.sh
. "$here/lib/results.sh"
# shellcheck source=scripts/lib/build.sh
. "$here/lib/build.sh"
# shellcheck source=scripts/lib/vm.sh
. "$here/lib/vm.sh"
# shellcheck source=scripts/lib/runner.sh
. "$here/lib/runner.sh"

export RESULTS=$VFTEAM_OUT/kernels-results.txt
results_reset
t_all=$(date +%s)
# shellcheck disable=SC2016 # expanded when it runs, at exit
on_exit 'kill $(jobs -p) 2>/dev/null; vm_kill_all'

step_begin "dependencies"
"$here/deps.sh"
step_end

declare -A kernel
for label in 6.12 cloud; do
	step_begin "guest: $label kernel"
	build_guest "$label" || die "check-kernels: guest build ($label) failed"
	kernel[$label]=$GUEST_KERNEL
	step_end
done

step_begin "integration (6.12 and cloud kernels, side by side)"
rm -f "$VFTEAM_OUT"/integration-*.time
run_scenarios_bg 6.12 "${kernel[6.12]}"
run_scenarios_bg cloud "${kernel[cloud]}"
wait
step_end
scenarios_report 6.12
scenarios_report cloud

echo "make check-kernels: $(($(date +%s) - t_all))s"
results_summary
