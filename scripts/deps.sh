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
	# kernel and module build
	build-essential bc bison flex libelf-dev libssl-dev dwarves cpio xz-utils
	python3 rsync kmod
	# guest userland and host test network
	busybox-static iproute2 ethtool iputils-ping libcap2-bin
	# lint
	shellcheck
	# benchmarks (make bench): traffic in the guest and the peer, captures
	# on the host side of the switch, the figures; perf for make profile
	iperf3 tcpdump gnuplot-nox linux-perf
)

missing=()
for p in "${pkgs[@]}"; do
	# dpkg-query fails for unknown packages; both cases mean "install it"
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing ${missing[*]}; run as root to install them" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
