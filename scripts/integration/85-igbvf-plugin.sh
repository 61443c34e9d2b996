#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vfteam with a real SR-IOV VF as its primary, driven by the vfteam_igbvf
# plugin: QEMU's igb (82576) as the PF, Linux's igb on it, a virtio-net
# standby, under a 10 ms ping: a VF without a MAC refused, the VF revoked
# after prepare (0 lost), revoked by surprise, given back (it joins by
# itself, 0 lost), a PF reset, the plugin unloaded and loaded again.
#
#   peer --- br0 --- tap0 --- virtio-net sb0 (rp1)      standby
#              \---- tap1 --- igb PF (rp2) --- VF 0     primary (vfteam_igbvf)
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/igbvf.sh
. "$(dirname "$0")/../lib/scenarios/igbvf.sh"

scenario_igbvf_plugin
