#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Live migration end to end, with migration-hooks/vfteam-migrate: two QEMU
# processes on this machine in the test namespace. The source is the guest of
# 30-plugin-e1000e.sh (virtio-net standby + e1000e driven by the
# vfteam_e1000e plugin, same MAC); the destination has the same machine and
# devices but an empty rp2 and its own taps, and waits on -incoming. The guest
# prepares, the e1000e is unplugged, the guest migrates, an e1000e is plugged
# on the destination and the plugin (already loaded in the guest) takes it
# and the traffic back. A 10 ms ping from the peer runs throughout.
#
#   peer --- br0 --- tap0 --- src virtio-net sb0 (rp1)   \
#              \---- tap1 --- src e1000e pt0 (rp2)        | source, until migrated
#              \---- tap2 --- dst virtio-net sb0 (rp1)   \
#              \---- tap3 --- dst e1000e pt0 (rp2, hot-plugged after migration)
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/migrate.sh
. "$(dirname "$0")/../lib/scenarios/migrate.sh"

# the debug kernel migrates paused (migrate.sh): make check-full's, as
# 45-migrate-cross-vendor's is
full_only debug 'migration e1000e -> e1000e' || exit 0

# this scenario's vfteam-migrate with --json, its document checked on a
# real run (45 and 50 read the timeline, as make demo does)
MIGRATE_JSON=1 scenario_migrate e1000e e1000e
