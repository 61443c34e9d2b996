#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vfteam's auto_pair=1: loading the module with a standby and a primary of
# the same MAC present makes the team by itself (as net_failover does); the
# user only gives the team its address.
#
#   peer 198.18.0.1 --- br0 --- tap0 --- virtio-net (rp1) --+
#                          \--- tap1 --- e1000e pt0 (rp2) ---+- vfteam0 (made by vfteam)
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/autopair.sh
. "$(dirname "$0")/../lib/scenarios/autopair.sh"

scenario_autopair
