#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile input and racing control paths on a team with the e1000e plugin
# as primary and virtio-net as standby: sysfs and rtnetlink fuzz, then
# "abort" in each migration state (TORTURE_ABORTS rounds: 2; make torture:
# 50), then TORTURE_SECONDS (20; make torture: 600) of prepare/abort, MTU,
# up/down, renames, plugin unload/load and team add/del racing each other.
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/scenarios/torture.sh
. "$(dirname "$0")/../lib/scenarios/torture.sh"

scenario_torture
