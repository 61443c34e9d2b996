#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The test bed itself, before any vfteam: a guest with a virtio-net and an
# e1000e on separate hot-pluggable root ports, pinged from the peer through
# the e1000e, which is then hot-unplugged and re-plugged over QMP.
#
#   peer 198.18.0.1 --- br0 --- tap0 --- virtio-net (rp1)
#                          \--- tap1 --- e1000e pt0 (rp2)  198.18.0.2
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/testbed.sh
. "$(dirname "$0")/../lib/scenarios/testbed.sh"

# none of vfteam runs here: the debug kernel's minutes go to what does
full_only debug 'the test bed' || exit 0
scenario_testbed
