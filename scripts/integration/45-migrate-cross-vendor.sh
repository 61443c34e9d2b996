#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Cross-vendor live migration: the scenario of 40-migrate.sh, but the
# destination gets a Realtek RTL8139 where the source had an Intel 82574L.
# The guest leaves on vfteam_e1000e and must come back on vfteam_rtl8139,
# autoloaded by modalias on the destination.
set -euo pipefail
# shellcheck disable=SC2034 # read by the scenario sourced below
DST_NIC=rtl8139
# shellcheck source=scripts/integration/40-migrate.sh
. "$(dirname "$0")/40-migrate.sh"
