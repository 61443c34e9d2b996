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
# shellcheck disable=SC2034 # read by the scenario sourced below
{
	SRC_NIC=rtl8139
	DST_NIC=none
	LATE_NIC=e1000e
}
# shellcheck source=scripts/integration/40-migrate.sh
. "$(dirname "$0")/40-migrate.sh"
