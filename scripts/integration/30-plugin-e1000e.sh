#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vfteam with a plugin port: virtio-net standby (netdev port) + e1000e
# (82574L) driven by the vfteam_e1000e plugin, both carrying the same MAC.
# Linux's own e1000e driver is blacklisted, so the plugin, loaded by modalias
# (mdev in the guest), drives the device. A 10 ms ping from the peer runs
# through each scenario and its losses are reported. 35-plugin-rtl8139.sh
# runs the same scenario with an rtl8139.
#
#   peer 198.18.0.1 --- br0 --- tap0 --- virtio-net sb0 (rp1) -----------+
#                          \--- tap1 --- e1000e pt0 (rp2, vfteam_e1000e) +- vfteam0 198.18.0.2
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/plugin.sh
. "$(dirname "$0")/../lib/scenarios/plugin.sh"

scenario_plugin e1000e
