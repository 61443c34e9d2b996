#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Cross-vendor live migration: the scenario of 40-migrate.sh, but the
# destination gets a Realtek RTL8139 where the source had an Intel 82574L.
# The guest leaves on vfteam_e1000e and must come back on vfteam_rtl8139,
# autoloaded by modalias on the destination.
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/migrate.sh
. "$(dirname "$0")/../lib/scenarios/migrate.sh"

# On the debug kernel (paused migrations, see migrate.sh) this is make
# check-full's: what a migration runs in the guest runs under KASAN in
# make check elsewhere: prepare, unplug and re-plug in 30-plugin-e1000e,
# the migration states racing in 70-torture, the standby's announce and
# the state machine in KUnit
full_only debug 'cross-vendor migration' || exit 0

scenario_migrate e1000e rtl8139
