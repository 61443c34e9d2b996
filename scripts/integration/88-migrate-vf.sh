#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Live migration with a real SR-IOV VF under the team, driven by the
# vfteam_igbvf plugin: VF to VF, then cross-vendor VF to 82574L (e1000e) and
# 82574L to VF. The source's VF goes with its PF (device_del of the igb);
# the destination's igb is plugged after the migration and its VF made and
# given the team's MAC there. Zero loss outside QEMU's stop-and-copy.
#
#   peer --- br0 --- tap0/tap2 --- virtio-net sb0 (rp1)            standby
#              \---- tap1/tap3 --- igb PF pt0 (rp2) --- VF 0       primary
#                                  or e1000e pt0 (rp2)              (m3)
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/migrate-vf.sh
. "$(dirname "$0")/../lib/scenarios/migrate-vf.sh"

# make check-full's on both kernels: in make check its four guests in turn
# ran beside the debug kernel's 85-igbvf-plugin, whose zero-loss re-attach
# steps then lost pings (17 and 1) that they do not lose beside one guest;
# what it runs is in make check elsewhere (40/45's migrations, 80/85's VF)
full_only debug 'migration with a VF' || exit 0
full_only stock 'migration with a VF' || exit 0

scenario_migrate_vf
