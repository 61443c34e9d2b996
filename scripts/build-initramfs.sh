#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a guest initramfs for one kernel: busybox, the real ip/ethtool/kmod/ping/iperf3/
# qemu-ga binaries with the shared libraries ldd names, the kernel modules the
# test bed needs (with their dependencies), the modules under test and the
# guest scripts of scripts/guest/.
#
# usage: build-initramfs.sh -k KVER -m MODROOT -o OUT.cpio.gz
#                           [-n "mod mod ..."] [-p] [KO_FILE ...]
#   KVER     kernel release (uname -r in the guest)
#   MODROOT  root the kernel's modules are installed under (/ for Debian's)
#   -n       kernel modules to take from MODROOT (default: the test bed's NICs)
#   -p       add perf (linux-perf) for profiling in the guest (about 20 MB)
#   KO_FILE  extra .ko files (the modules under test), put in extra/
set -euo pipefail

kver=''
modroot=''
out=''
mods="virtio_pci virtio_net virtio_console net_failover pktgen bridge macvlan veth"
# taken where the kernel has them: bonding, the bench's baseline, is not in
# the debug kernel; Linux's own drivers of the emulated NICs (what the
# scenarios compare the plugins with, and igb, the PF of the SR-IOV ones)
# are not in the cloud kernel, whose guests reach those NICs only through
# vfteam's plugins
optional_mods="bonding e1000e 8139cp 8139too igb igbvf"
perf=''
while getopts k:m:o:n:p opt; do
	case $opt in
	k) kver=$OPTARG ;;
	m) modroot=$OPTARG ;;
	o) out=$OPTARG ;;
	n) mods=$OPTARG ;;
	p) perf=1 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ -z "$kver" ] || [ -z "$modroot" ] || [ -z "$out" ]; then
	echo "usage: $0 -k KVER -m MODROOT -o OUT [-n MODS] [-p] [KO...]" >&2
	exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,etc,proc,sys,dev,run,tmp,root}
mkdir -p "$root/usr/share/udhcpc" "$root/var"
ln -s ../run "$root/var/run"

# Busybox for the small tools. Its shell runs its own applet for a bare
# command name even when PATH has the real program, so the guest's /bin/sh is
# dash, and busybox gets no link for what comes from Debian's real packages.
real_tools=" sh ip ping modprobe insmod rmmod lsmod depmod modinfo "
cp /bin/busybox "$root/bin/busybox"
for app in $(/bin/busybox --list); do
	case $real_tools in *" $app "*) continue ;; esac
	[ -e "$root/bin/$app" ] || ln -s busybox "$root/bin/$app"
done

# copy a program and the libraries it links, keeping their paths
copy_prog() {
	local src=$1 dst=$2 lib
	install -D -m 0755 "$(readlink -f "$src")" "$root$dst"
	for lib in $(ldd "$src" | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
	done
}
copy_prog /bin/dash /bin/sh
copy_prog /usr/bin/ip /usr/bin/ip
copy_prog /usr/sbin/bridge /usr/sbin/bridge
copy_prog /usr/sbin/ethtool /usr/sbin/ethtool
copy_prog /usr/sbin/qemu-ga /usr/sbin/qemu-ga
copy_prog /usr/bin/kmod /usr/bin/kmod
# a shell without a capability (the permission checks of the sysfs files)
copy_prog /sbin/capsh /sbin/capsh
# for the benchmarks: iputils' ping (sub-millisecond intervals) and iperf3
copy_prog /usr/bin/ping /usr/bin/ping
copy_prog /usr/bin/iperf3 /usr/bin/iperf3
# the tracepoints' scenario
copy_prog /usr/bin/trace-cmd /usr/bin/trace-cmd
[ -z "$perf" ] || copy_prog /usr/bin/perf /usr/bin/perf
cc -static -O2 -Wall -Wextra -Werror -o "$root/usr/bin/vfteam-mark-write" \
	"$here/bench/guest/mark-write.c"
for t in modprobe insmod rmmod lsmod depmod modinfo; do
	ln -sf ../usr/bin/kmod "$root/sbin/$t"
done

install -m 0755 "$here/guest/init" "$root/init"
install -m 0644 "$here/guest/mdev.conf" "$root/etc/mdev.conf"
install -m 0755 "$here/guest/vfteam-finish" "$root/sbin/vfteam-finish"
install -m 0755 "$here/bench/guest/vfteam-bench" "$root/sbin/vfteam-bench"

# kernel modules and what they depend on
mdir=$root/lib/modules/$kver
mkdir -p "$mdir/extra"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -f "$modroot/lib/modules/$kver/$f" ] && cp "$modroot/lib/modules/$kver/$f" "$mdir/"
done
for m in $optional_mods; do
	if modprobe -d "$modroot" -S "$kver" --show-depends "$m" >/dev/null 2>&1; then
		mods="$mods $m"
	else
		echo "build-initramfs: $kver has no $m module; left out" >&2
	fi
done
for m in $mods; do
	modprobe -d "$modroot" -S "$kver" --show-depends "$m" |
		awk '$1 == "insmod" { print $2 }'
done | sort -u | while read -r ko; do
	rel=${ko#"$modroot"}
	rel=${rel#/}
	install -D -m 0644 "$ko" "$root/$rel"
done
for ko in "$@"; do
	install -m 0644 "$ko" "$mdir/extra/"
done
depmod -b "$root" "$kver"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
