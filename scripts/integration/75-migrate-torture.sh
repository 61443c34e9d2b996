#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A chain of MIG_ROUNDS (2; make check-full: 4; make torture: 20)
# migrations alternating the passthrough NIC's vendor, under a ping and a
# UDP stream, each after a disturbance: surprise removal, QEMU
# migrate_cancel, an MTU change while failed over, the plugin unloaded
# under traffic. Ends with rmmod vfteam.
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/migrate-torture.sh
. "$(dirname "$0")/../lib/scenarios/migrate-torture.sh"

scenario_migrate_torture
