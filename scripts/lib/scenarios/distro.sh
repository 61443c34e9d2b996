# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# vfteam in a Debian 12 guest (scripts/build-rootfs.sh) set up as a
# distribution would: the modules installed under /lib/modules, the
# vendor plugin loaded by udev for its device, the standby given its
# predictable name (enp1s0) by udev while it is a port, and a network
# manager configuring the team. Sourced by scripts/distro/NN-name.sh after
# scripts/lib/integration.sh and scripts/lib/distro.sh; DISTRO_SHARE (set by
# the runner) holds the modules and dist/ (distro_share_stage).
#
#   peer 198.18.0.1 --- br0 --- tap0 --- virtio-net sb0 (rp1), enp1s0 ----+
#                          \--- tap1 --- e1000e pt0 (rp2), vfteam_e1000e --+- vfteam0 198.18.0.2
#
# Each manager's scenario boots the guest three times on one overlay:
# provisioning (modules, blacklist of Linux's e1000e, vfteam's modprobe.d
# and modules-load.d), then "before" (the manager set up as an
# administrator would, without vfteam's udev rule and networkd file), then
# "after" (with them). Both record what the manager did with the standby;
# a capture on the standby's and the passthrough's taps, over each boot,
# counts what a lower device sent on its own (DHCP, IPv6 neighbour
# discovery): the team itself is configured with neither, so every such
# frame with the team's MAC came from a port.

: "${DISTRO_SHARE:?DISTRO_SHARE: the staged modules and dist/ (scripts/check-distro.sh)}"

DG=dg
DG_MAC=52:54:00:5e:00:02
DG_SB=enp1s0

# dg_nics pt|nopt: the guest's NICs, with or without the passthrough device
dg_nics() {
	local pt=()
	[ "$1" = nopt ] ||
		pt=(-device "e1000e,netdev=pt,mac=$DG_MAC,bus=rp2,id=pt0,romfile=")
	echo -netdev tap,id=sb,ifname=tap0,script=no,downscript=no \
		-device "virtio-net-pci,netdev=sb,mac=$DG_MAC,bus=rp1,id=sb0,romfile=" \
		-netdev tap,id=pt,ifname=tap1,script=no,downscript=no "${pt[@]}"
}

# dg_start: the first boot, on a fresh overlay, with both NICs
dg_start() {
	# shellcheck disable=SC2046 # dg_nics prints one QEMU argument per word
	distro_vm_start "$DG" $(dg_nics pt) && distro_vm_wait_ready "$DG" 900
}

# dg_reboot pt|nopt: power off, boot the same disk again with those NICs
dg_reboot() {
	# shellcheck disable=SC2046
	distro_vm_reboot "$DG" $(dg_nics "$1")
}

# dg_reboot_captured NAME pt|nopt: dg_reboot with capture NAME running from
# the moment the guest is off: what the last boot's system sent as it
# stopped is not this boot's
dg_reboot_captured() {
	distro_vm_poweroff "$DG" || return 1
	capture_start "$1"
	# shellcheck disable=SC2046
	distro_vm_boot_again "$DG" $(dg_nics "$2")
}

# dg_provision: what any vfteam installation does, whichever manager:
# the modules, Linux's e1000e kept off the device (the plugin drives it),
# and vfteam loaded at boot with auto_pair=1 (dist/)
dg_provision() {
	distro_share_mount "$DG" && distro_install_modules "$DG" &&
		vm_exec "$DG" "s=/run/vfteam-share/dist &&
			echo 'blacklist e1000e' >/etc/modprobe.d/vfteam-test-no-e1000e.conf &&
			cp \$s/modprobe.d/vfteam.conf /etc/modprobe.d/ &&
			cp \$s/modules-load.d/vfteam.conf /etc/modules-load.d/"
}

# dg_networkd_setup: networkd on, with the team's file (static, no IPv6)
# and the catch-all "Name=en*" "DHCP=yes" most images have, which vfteam's
# networkd file must keep off the standby
dg_networkd_setup() {
	vm_exec "$DG" "mkdir -p /etc/systemd/network &&
		printf '[Match]\nKind=vfteam\n\n[Network]\nAddress=$NETBED_GUEST_IP/$NETBED_PREFIX\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n' \
			>/etc/systemd/network/10-vfteam.network &&
		printf '[Match]\nName=en*\n\n[Network]\nDHCP=yes\n' >/etc/systemd/network/50-en.network &&
		systemctl enable systemd-networkd.service" >/dev/null 2>&1
}

# dg_install_fix: vfteam's udev rule, networkd file and NetworkManager
# configuration (dist/)
dg_install_fix() {
	distro_share_mount "$DG" &&
		vm_exec "$DG" "s=/run/vfteam-share/dist &&
			cp \$s/udev/rules.d/80-vfteam.rules /etc/udev/rules.d/ &&
			mkdir -p /etc/systemd/network &&
			cp \$s/systemd/network/05-vfteam-port.network /etc/systemd/network/ &&
			cp \$s/NetworkManager/conf.d/80-vfteam.conf /etc/NetworkManager/conf.d/"
}

# ---- the capture ----

# capture_start NAME: tcpdump on both NICs' taps from now on; fails unless
# both say they are listening
capture_start() {
	local t
	for t in tap0 tap1; do
		rm -f "$VFTEAM_OUT/$1-$t.pcap"
		# `ip netns exec` execs tcpdump: $! is tcpdump, to be signalled
		ip netns exec "$NETBED_NS" tcpdump -i "$t" -U -n \
			-w "$VFTEAM_OUT/$1-$t.pcap" >"$VFTEAM_OUT/$1-$t.log" 2>&1 &
		CAPTURE_PIDS+=($!)
	done
	for t in tap0 tap1; do
		wait_for 10 grep -q 'listening on' "$VFTEAM_OUT/$1-$t.log" || {
			echo "capture $1: no tcpdump listening on $t: $(cat "$VFTEAM_OUT/$1-$t.log")" >&2
			return 1
		}
	done
}

# capture_stop: end it (-U wrote each packet as it came; TERM, since a
# background job of a script ignores INT)
capture_stop() {
	local p
	for p in "${CAPTURE_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	CAPTURE_PIDS=()
}
CAPTURE_PIDS=()

# What a lower device sends by itself when something configures it: DHCP
# (v4 and v6) and IPv6 neighbour discovery (router solicitations, DAD,
# MLD). The team is given a static IPv4 address and no IPv6 at all.
CAPTURE_LOWER_FILTER="ether src $DG_MAC and (udp port 67 or udp port 68 or udp port 546 or udp port 547 or icmp6)"

# capture_lower NAME: the frames of CAPTURE_LOWER_FILTER in NAME's capture,
# one line each (tcpdump's summary), from either tap; fails if a capture
# file is missing or unreadable, so that no capture never passes for an
# empty one
capture_lower() {
	local t out
	for t in tap0 tap1; do
		out=$(tcpdump -r "$VFTEAM_OUT/$1-$t.pcap" -n -e "$CAPTURE_LOWER_FILTER" 2>/dev/null) || {
			echo "capture $1: cannot read $VFTEAM_OUT/$1-$t.pcap" >&2
			return 1
		}
		[ -z "$out" ] || awk -v t="$t" '{ print t, $0 }' <<<"$out"
	done
}

# capture_lower_none NAME: nothing of it; else the first lines, for the log
capture_lower_none() {
	local out
	out=$(capture_lower "$1") || return 1
	[ -z "$out" ] && return 0
	echo "    $(wc -l <<<"$out") frames from a port of the team, e.g.:" >&2
	head -n 5 <<<"$out" | sed 's/^/      /' >&2
	return 1
}

# capture_lower_some NAME: the capture did see a port's own frames (the
# "before" case): the capture is able to fail the "after" one
capture_lower_some() {
	local out
	out=$(capture_lower "$1") || return 1
	[ -n "$out" ] || return 1
	echo "    $(wc -l <<<"$out") frames from a port of the team, e.g.:"
	head -n 3 <<<"$out" | sed 's/^/      /'
}

# ---- what the guest looks like ----

# dg_report TAG: the guest's interfaces, addresses and what the managers
# say of them, into the log (the closing note's "before and after")
dg_report() {
	echo "    $1: interfaces and addresses:"
	vm_exec "$DG" "ip -br link; ip -br addr;
		command -v networkctl >/dev/null && systemctl -q is-active systemd-networkd &&
			networkctl list --no-legend --no-pager;
		systemctl -q is-active NetworkManager && nmcli -t -f DEVICE,TYPE,STATE,CONNECTION dev;
		for d in /sys/class/net/e*; do
			echo \"\$(basename \$d): master=\$(basename \"\$(readlink \$d/master)\" 2>/dev/null)\" \
				\$(udevadm info -q property \$d | grep -E '^(VFTEAM_PORT|NM_UNMANAGED)=' | tr '\n' ' ')
		done" 2>&1 | sed 's/^/      /' || true
	# a scenario's own part of the report
	! declare -F dg_report_extra >/dev/null || dg_report_extra "$1"
}

# the standby: udev's predictable name, enslaved to vfteam0
dg_sb_renamed_port() {
	vm_exec "$DG" "[ \"\$(basename \"\$(readlink /sys/class/net/$DG_SB/master)\")\" = vfteam0 ] &&
		[ \"\$(cat /sys/class/net/$DG_SB/name_assign_type)\" = 4 ]"
}

# the plugin, loaded by udev for the e1000e (Linux's own blacklisted), is
# the team's active port
dg_plugin_active() {
	vm_exec "$DG" "! lsmod | grep -q '^e1000e '" && plugin_active "$DG" e1000e
}

# the team has the guest's address, the standby no address at all
dg_team_addressed() {
	vm_exec "$DG" "ip -4 -o addr show dev vfteam0 | grep -qF ' $NETBED_GUEST_IP/$NETBED_PREFIX ' &&
		[ -z \"\$(ip -o addr show dev $DG_SB)\" ]"
}

# dg_udev_port yes|no: udev's database marks the standby as a port (or not)
dg_udev_port() {
	local want=$1
	VM_EXEC_TIMEOUT=60 vm_exec "$DG" "i=0
		while :; do
			udevadm settle -t 10
			if udevadm info -q property /sys/class/net/$DG_SB | grep -qx VFTEAM_PORT=1; then
				[ $want = yes ] && exit 0
			else
				[ $want = no ] && exit 0
			fi
			i=\$((i + 1)); [ \$i -lt 20 ] || exit 1; sleep 0.5
		done"
}

# dg_after_checks: what must hold once vfteam's files are installed,
# whichever manager configured the team (results named "after: ...")
dg_after_checks() {
	check "$(scenario "after: the standby renamed $DG_SB by udev while a port")" dg_sb_renamed_port
	check "$(scenario "after: the plugin loaded by udev carries the traffic")" \
		wait_for 60 dg_plugin_active
	check "$(scenario "after: only the team has an address")" wait_for 60 dg_team_addressed
	check "$(scenario "after: udev marks the standby as a port (VFTEAM_PORT, NM_UNMANAGED)")" \
		dg_udev_port yes
	check "$(scenario "after: the peer reaches the team")" wait_for 30 peer_ping 5
}

# dg_link_flap: a link down and up of the passthrough device under the
# 10 ms ping (to the standby and back)
dg_link_flap() {
	vm_qmp "$DG" set_link '{"name": "pt0", "up": false}' >/dev/null &&
		wait_for 30 team_attr_is "$DG" active_reason primary-no-carrier &&
		vm_qmp "$DG" set_link '{"name": "pt0", "up": true}' >/dev/null &&
		wait_for 30 dg_plugin_active
}

# dg_before_after WHAT CONFIGURE [BEFORE]: the three boots each manager's
# scenario starts with. CONFIGURE (a function) sets the manager up in the
# guest as an administrator would; WHAT names it in the results. With
# BEFORE=some, "before" must see a port's own frames (the manager does
# configure a port without vfteam's files, and the capture is shown able
# to fail "after"); with BEFORE=record it is only logged. "after" must see
# none, and then the team must ride out a link down and up.
dg_before_after() {
	local what=$1 configure=$2 before=${3:-some}
	check "$(scenario "provisioning boot")" dg_start
	check "$(scenario "vfteam installed (modules, modprobe.d, modules-load.d)")" dg_provision
	check "$(scenario "$what set up")" "$configure"

	check "$(scenario "before: boot")" dg_reboot_captured before pt
	sleep 15
	capture_stop
	dg_report before
	if [ "$before" = some ]; then
		check "$(scenario "before: $what configures the standby (DHCP/IPv6 seen by the capture)")" \
			capture_lower_some before
	else
		capture_lower_some before || echo "    before: no DHCP/IPv6 from a port"
	fi

	check "$(scenario "after: vfteam's udev rule, networkd and NetworkManager files installed")" dg_install_fix
	check "$(scenario "after: boot")" dg_reboot_captured after pt
	dg_after_checks
	sleep 10
	capture_stop
	dg_report after
	check "$(scenario "after: no DHCP/IPv6 from a port (capture over boot + 10 s)")" \
		capture_lower_none after
	run_step "after: passthrough link down and up" any dg_link_flap
}

# networkd_state DEV STATE: networkctl's setup state of DEV is STATE
networkd_state() {
	[ "$(vm_exec "$DG" "networkctl list --no-legend --no-pager $1" | awk '{ print $5 }')" = "$2" ]
}

# nm_state DEV STATE: NetworkManager's state of DEV is STATE
nm_state() {
	vm_exec "$DG" "nmcli -t -f DEVICE,STATE dev" | grep -qx "$1:$2"
}

# the team has its address and carries the traffic on the standby
dg_on_standby() {
	wait_for 60 dg_team_addressed && team_attr_is "$DG" active_port "$DG_SB"
}

# dg_sb_leave, dg_sb_join: the standby leaves the team, joins it again
# (ip link), and udev's database follows (the kernel's change uevent)
dg_sb_leave() {
	vm_exec "$DG" "ip link set $DG_SB nomaster" && dg_udev_port no
}

dg_sb_join() {
	vm_exec "$DG" "ip link set $DG_SB master vfteam0" && dg_udev_port yes
}

# the passthrough device plugged as the host would, its plugin loaded by udev
dg_plug_pt() {
	vm_qmp "$DG" device_add "$(nic_plug_json e1000e "$DG_MAC")" >/dev/null &&
		wait_for 60 dg_plugin_active
}

# networkctl reconfigure DEV, and networkd lets go of it (a port)
networkd_reconfigured_unmanaged() {
	vm_exec "$DG" "networkctl reconfigure $1" && wait_for 30 networkd_state "$1" unmanaged
}
