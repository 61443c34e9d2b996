#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vfteam with a plugin port of a wholly different design: the scenario of
# 30-plugin-e1000e.sh with an RTL8139 (4 fixed Tx slots, one Rx ring buffer)
# driven by the vfteam_rtl8139 plugin, Linux's 8139cp and 8139too kept out.
#
#   peer 198.18.0.1 --- br0 --- tap0 --- virtio-net sb0 (rp1) -------------+
#                          \--- tap1 --- rtl8139 pt0 (rp2, vfteam_rtl8139) +- vfteam0 198.18.0.2
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/plugin.sh
. "$(dirname "$0")/../lib/scenarios/plugin.sh"

scenario_plugin rtl8139
