#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The baseline for 40-migrate.sh: the same live migration between two QEMUs
# on this machine, but with Linux's net_failover instead of vfteam. The
# virtio-net standby has failover=on, the e1000e is its failover_pair_id
# primary driven by Linux's e1000e driver; QEMU unplugs the primary on the
# source before copying memory and plugs the destination's after the guest
# resumes there. A 10 ms ping runs throughout. Lost pings and QEMU's downtime
# are reported, not judged: this is what vfteam is compared with. Where the
# losses come from (watched in br0's forwarding table): the guest sends
# nothing when it falls back to the standby, so the switch keeps sending to
# the unplugged primary's tap; net_failover drops what arrives on the standby
# while a primary is enslaved, so on the destination everything is lost from
# the plug until the new primary has link and transmits; and the slaves carry
# their own IPv6 link-local addresses, so the standby's own ND traffic moves
# the guest's MAC to the standby's tap at random times. DST_NIC=rtl8139 tries
# a cross-vendor destination.
#
#   peer --- br0 --- tap0 --- src virtio-net sb0 failover=on (rp1)
#              \---- tap1 --- src e1000e pt0 failover_pair_id=sb0 (rp2)
#              \---- tap2 --- dst virtio-net sb0 failover=on (rp1)
#              \---- tap3 --- dst e1000e pt0 failover_pair_id=sb0 (rp2, hidden
#                             until the migrated guest runs)
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/net-failover-migrate.sh
. "$(dirname "$0")/../lib/scenarios/net-failover-migrate.sh"

scenario_net_failover_migrate e1000e
