#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vfteam with netdev ports: virtio-net standby + e1000e primary (in-kernel
# e1000e driver), both carrying the same MAC, teamed as vfteam0. A 10 ms ping
# from the peer runs through each scenario and its losses are reported.
#
#   peer 198.18.0.1 --- br0 --- tap0 --- virtio-net sb0 (rp1) --+
#                          \--- tap1 --- e1000e pt0 (rp2) -------+- vfteam0 198.18.0.2
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/failover.sh
. "$(dirname "$0")/../lib/scenarios/failover.sh"

scenario_failover
