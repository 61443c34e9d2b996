#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-distro`: the scenarios of scripts/distro/ in a Debian 12 guest
# (scripts/build-rootfs.sh's disk, cached; Debian's own kernel, which is the
# host's stock one, so the stock modules are the ones installed there).
# make check runs them too, as its "Debian guest" step (scripts/check.sh
# calls distro_scenarios); alone, this prints the usual result lines and
# the closing "N passed, N failed, N skipped".
#   usage: check-distro.sh [NN-name...]    (default: every scenario)
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
# shellcheck source=scripts/lib/distro.sh
. "$here/lib/distro.sh"
# shellcheck source=scripts/lib/runner.sh
. "$here/lib/runner.sh"

export RESULTS=$VFTEAM_OUT/distro-results.txt
results_reset
# an interrupt ends the run: the scenario (its own process group) is told,
# and no next one starts
trap '[ -z "$SCENARIO_PID" ] || kill -TERM "$SCENARIO_PID" 2>/dev/null; exit 130' INT TERM

step_begin "dependencies, stock modules, packages (make deb)"
"$here/deps.sh"
build_modules stock "/lib/modules/$(vfteam_stock_kver)/build" ||
	die "check-distro: the stock modules do not build"
"$here/build-deb.sh" >"$VFTEAM_OUT/distro-deb.log" 2>&1 ||
	die "check-distro: make deb failed, see $VFTEAM_OUT/distro-deb.log"
step_end

step_begin "Debian guest image"
distro_image
step_end

distro_scenarios "$@" || true
results_summary
