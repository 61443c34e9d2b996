#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# systemd-networkd configures the team in the Debian guest. "before": an
# administrator's two files, the team's (static, no IPv6) and the catch-all
# "Name=en* DHCP=yes" most images have; "after": the same plus vfteam's udev
# rule and 05-vfteam-port.network (dist/). Then the team up on boot before
# the passthrough device exists (it is plugged later and its plugin loaded
# by udev), and a port leaving and joining again (the kernel's change
# uevent updates udev's database each time).
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/distro.sh
. "$(dirname "$0")/../lib/distro.sh"
# shellcheck source=scripts/lib/scenarios/distro.sh
. "$(dirname "$0")/../lib/scenarios/distro.sh"

netbed_up 2
dg_before_after networkd dg_networkd_setup
check "$(scenario "after: networkd leaves the standby unmanaged")" networkd_state "$DG_SB" unmanaged

check "$(scenario "no passthrough: boot")" dg_reboot_captured nopt nopt
check "$(scenario "no passthrough: the team has its address, on the standby")" dg_on_standby
check "$(scenario "no passthrough: the peer reaches the team")" wait_for 30 peer_ping 5
run_step "no passthrough: plugged later, its plugin loaded by udev takes over" any dg_plug_pt
sleep 5
capture_stop
check "$(scenario "no passthrough: no DHCP/IPv6 from a port")" capture_lower_none nopt
# the kernel's change uevent: a port that leaves is no longer marked (and
# the catch-all configures it: it is a NIC of its own again), one that
# joins is marked again without a new "add" uevent. networkd 252 does not
# match its files again on a change uevent: it goes on configuring the
# link it had until told to (networkctl reconfigure, as dist/README.md
# says), and then lets go of it
check "$(scenario "a port that leaves is no longer marked by udev")" dg_sb_leave
sleep 5
check "$(scenario "a port that joins is marked by udev again")" dg_sb_join
dg_report rejoined
check "$(scenario "rejoined: networkctl reconfigure: networkd leaves the port unmanaged")" \
	networkd_reconfigured_unmanaged "$DG_SB"
capture_start rejoin
sleep 10
capture_stop
check "$(scenario "rejoined: from then on no DHCP/IPv6 from the port (10 s)")" capture_lower_none rejoin
check "$(scenario "console clean")" vm_console_clean "$DG"
distro_vm_stop "$DG"
