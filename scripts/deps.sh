#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install, with apt, everything `make check` and `make demo` need on a Debian 12
# host. Idempotent: when every package is present it prints one line and exits.
set -euo pipefail

pkgs=(
	# guest machine and its tooling
	qemu-system-x86 qemu-utils qemu-guest-agent socat
	# guest kernels: Debian's stock 6.1, and the source for the debug build
	linux-image-amd64 linux-headers-amd64 linux-source-6.1
	# the other kernels vfteam builds for: bookworm's 6.12, the cloud one
	linux-headers-6.12-amd64 linux-headers-cloud-amd64
	# kernel and module build
	build-essential bc bison flex libelf-dev libssl-dev dwarves cpio xz-utils
	python3 rsync kmod
	# guest userland and host test network
	busybox-static iproute2 ethtool iputils-ping libcap2-bin
	# the Debian guest's disk (scripts/build-rootfs.sh)
	mmdebstrap e2fsprogs
	# lint
	shellcheck
	# make deb (debian/control's Build-Depends) and its test: dkms builds
	# the packaged source, lintian reads the packages
	debhelper dh-dkms dkms lintian
	# benchmarks (make bench): traffic in the guest and the peer, captures
	# on the host side of the switch, the figures; perf for make profile
	iperf3 tcpdump gnuplot-nox linux-perf
	# the guest's recorder of vfteam's tracepoints
	trace-cmd
	# libvirt for 48-libvirt-migrate (bookworm's 9.0, driving QEMU 10): the
	# daemon and its QEMU driver, virsh; not libvirt-daemon-system, whose
	# services, default network and users the test does not want on the
	# host (its daemons run in namespaces of their own)
	libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
)

# QEMU >= 8.0 for `-device igb` (an SR-IOV 82576 with VFs), and a TCG whose
# live migration does not now and then crash the destination guest (7.2's
# does): QEMU 10 from bookworm-backports, pinned so that only QEMU and its
# firmware come from there; the rest of the machine stays on bookworm
bpo_list=/etc/apt/sources.list.d/vfteam-bookworm-backports.sources
bpo_pin=/etc/apt/preferences.d/vfteam-qemu
qemu_min=10.0

qemu_ok() {
	local v
	v=$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null) || return 1
	dpkg --compare-versions "${v#*:}" ge "$qemu_min"
}

missing=()
qemu=()
qemu_ok || qemu=(qemu-system-x86 qemu-utils qemu-guest-agent)
for p in "${pkgs[@]}"; do
	# dpkg-query fails for unknown packages; both cases mean "install it"
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ] && [ ${#qemu[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing ${missing[*]}${qemu[*]:+ QEMU >= $qemu_min}; run as root to install them" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}${qemu[*]:+ QEMU >= $qemu_min from bookworm-backports}"
export DEBIAN_FRONTEND=noninteractive
if [ ! -f "$bpo_list" ] || [ ! -f "$bpo_pin" ]; then
	cat >"$bpo_list" <<-EOF
	Types: deb
	URIs: http://deb.debian.org/debian
	Suites: bookworm-backports
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	cat >"$bpo_pin" <<-EOF
	Package: qemu-* seabios ipxe-qemu
	Pin: release n=bookworm-backports
	Pin-Priority: 600
	EOF
fi
apt-get update -qq
# the pin makes QEMU resolve to bookworm-backports (upgrading a 7.2)
apt-get install -y -qq --no-install-recommends "${missing[@]}" "${qemu[@]}" >/dev/null
qemu_ok || { echo "deps: QEMU >= $qemu_min did not install from bookworm-backports" >&2; exit 1; }
echo "deps: done"
