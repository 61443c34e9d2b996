#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make scenario S=NN-name K=stock|debug|6.12|cloud`: one integration scenario on one
# guest kernel (K=distro: one of scripts/distro/, by scripts/check-distro.sh), built as make check builds it (modules, initramfs; the debug
# kernel from scripts/build-kernel.sh's cache). Prints the usual result
# lines, then the scenario's KTAP and the closing "N passed, N failed, N
# skipped"; exits as kselftest does: 0 pass, 1 fail, 4 all skipped.
#   usage: scenario.sh NN-name [stock|debug|6.12|cloud|distro]    (SCENARIO_TIMEOUT=SECONDS)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/results.sh
. "$here/lib/results.sh"
# shellcheck source=scripts/lib/build.sh
. "$here/lib/build.sh"
# shellcheck source=scripts/lib/runner.sh
. "$here/lib/runner.sh"

name=$(basename "${1:?usage: scenario.sh NN-name [stock|debug|6.12|cloud|distro]}" .sh)
label=${2:-stock}
# the Debian guest's scenarios have their own runner
[ "$label" != distro ] || exec "$here/check-distro.sh" "$name"
script=$here/integration/$name.sh
[ -f "$script" ] ||
	die "no scenario '$name'; there are: $(cd "$here/integration" && echo [0-9]*.sh)"

export RESULTS=$VFTEAM_OUT/scenario-results.txt
results_reset
# an interrupt reaches make and this shell, not the scenario's own process
# group: pass it on, so that its guests and namespace go too
trap '[ -z "$SCENARIO_PID" ] || kill -TERM "$SCENARIO_PID" 2>/dev/null || true' INT TERM

step_begin "guest: $label kernel"
"$here/deps.sh"
build_guest "$label" || die "guest build ($label) failed"
step_end

# the debug kernel's KASAN and kmemleak need the room (as in make check)
[ "$label" != debug ] || export VM_MEM=${VM_MEM:-2048}
step_begin "$name ($label, timeout $(scenario_timeout "$script")s)"
rc=0
scenario_run "$label" "$GUEST_KERNEL" "$script" || rc=$?
step_end
cat "$VFTEAM_OUT/$label/ktap/$name.ktap"
results_summary || true
exit "$rc"
