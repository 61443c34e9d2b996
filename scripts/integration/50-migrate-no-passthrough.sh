#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Live migration to a destination that has no passthrough device: the
# scenario of 40-migrate.sh with the guest leaving from a Realtek RTL8139
# (vfteam_rtl8139) and arriving with its root port empty. The team must stay
# on the virtio-net standby and say so (migration reattaching, reason
# primary-absent) with traffic flowing, then take an Intel 82574L plugged
# there later (vfteam_e1000e) without losing a ping.
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/migrate.sh
. "$(dirname "$0")/../lib/scenarios/migrate.sh"

# the debug kernel migrates paused (migrate.sh): make check-full's, as
# 45-migrate-cross-vendor's is
full_only debug 'migration to a destination without passthrough' || exit 0

scenario_migrate rtl8139 none e1000e
