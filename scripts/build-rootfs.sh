#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a Debian 12 (bookworm) guest disk with mmdebstrap from this machine's
# own apt sources: systemd, udev, qemu-guest-agent, the network tools, and
# Debian's kernel with its initramfs-tools initrd, so the guest boots the way a
# real installation does rather than from our busybox initramfs. Root logs in
# on ttyS0 with no password. The result goes into a cache outside the repo
# keyed by the package list, this script and the host's linux-image-amd64
# version (modules built against the host's headers must load in the guest);
# a cache hit costs a second.
#
# VFTEAM_DISTRO_EXTRA="pkg ...": more packages (they are part of the key).
#
# Prints the cache entry on stdout. Layout:
#   $VFTEAM_CACHE/rootfs-<key>/disk.qcow2  ext4 root filesystem, no partitions
#   $VFTEAM_CACHE/rootfs-<key>/vmlinuz     the image's /boot/vmlinuz-<kver>
#   $VFTEAM_CACHE/rootfs-<key>/initrd.img  the image's /boot/initrd.img-<kver>
#   $VFTEAM_CACHE/rootfs-<key>/kver        <kver>
#   $VFTEAM_CACHE/rootfs-<key>/manifest    installed packages and versions
#   $VFTEAM_CACHE/rootfs-<key>/build.log   full build log
#   $VFTEAM_CACHE/rootfs-<key>/done        written last: the entry is complete
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

suite=bookworm
# Room for what later steps install in the guest (headers and a compiler for
# DKMS need about half a GiB); the qcow2 only holds blocks in use.
disk_size=4G

pkgs=(
	systemd systemd-sysv udev dbus
	qemu-guest-agent
	iproute2 ethtool iputils-ping kmod
	linux-image-amd64 initramfs-tools
	# what the scenarios configure the team with, one at a time
	network-manager cloud-init
	# what vfteam-dkms needs to build the modules in the guest
	dkms linux-headers-amd64 build-essential
)
read -r -a extra <<<"${VFTEAM_DISTRO_EXTRA:-}"
pkgs+=("${extra[@]}")

key=$(cat "$0" <(printf '%s\n' "${pkgs[@]}" | sort -u) \
	<(dpkg-query -W -f='${Version}\n' linux-image-amd64) |
	sha256sum | cut -c1-16)
entry=$VFTEAM_CACHE/rootfs-$key

if [ -f "$entry/done" ]; then
	echo "build-rootfs: cache hit $entry" >&2
	echo "$entry"
	exit 0
fi

# root mode: dpkg in a plain chroot and mke2fs reading real owners. The
# unshare mode would need subordinate ids and an mke2fs that reads tarballs
# (1.47.1; bookworm has 1.47.0).
[ "$(id -u)" -eq 0 ] || die "build-rootfs: run as root (mmdebstrap's root mode)"
command -v mmdebstrap >/dev/null || die "build-rootfs: no mmdebstrap; run scripts/deps.sh"

# The host's own bookworm sources (not its backports: the guest is a plain
# Debian 12), so the guest comes from whichever mirror this machine uses.
mirrors=()
# shellcheck disable=SC2016 # apt's own $(FIELD) placeholders
while read -r uri rel comp; do
	mirrors+=("deb $uri $rel $comp")
done < <(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' \
		'Identifier: Packages' | sort -u |
	awk -v s="$suite" '$2 == s || $2 == s "-updates" || $2 == s "-security"')
[ ${#mirrors[@]} -gt 0 ] || die "build-rootfs: no $suite source in the host's apt configuration"

rm -rf "$entry"
mkdir -p "$entry"
log=$entry/build.log
root=$entry/root
echo "build-rootfs: building into $entry (log: $log)" >&2
t0=$(date +%s)

# Hooks run in the finished chroot before mmdebstrap's cleanup.
# - the getty drop-in logs root in on the serial console at once, so a
#   person or a test reading the console gets a shell without typing
# - fstab says rw with no fsck pass: every boot starts from a fresh overlay
#   of a cleanly unmounted image, so there is nothing to check
# - qemu-guest-agent has no [Install]: Debian's udev rule starts it when
#   its virtio port appears, so "enabled" means that rule is there
# - e2scrub_reap only removes stale LVM snapshots of e2scrub, of which a
#   guest on a bare ext4 disk has none; it held boot back by 4 s under TCG
# - NetworkManager and cloud-init are installed but off: each scenario turns
#   on the one it tests (networkd, in systemd, is off as Debian ships it)
# - the initrd only has to mount /dev/vda: initramfs-tools' default (most
#   block and network drivers, 35 MiB) took 3.9 s to unpack under TCG, the
#   list's 6 MiB take 1.2 s; the real root's udev loads the rest anyway
# shellcheck disable=SC2016 # mmdebstrap's sh expands them, $1 is the chroot
hooks=(
	--customize-hook='echo vfteam-guest >"$1/etc/hostname"'
	--customize-hook='printf "127.0.0.1\tlocalhost\n127.0.1.1\tvfteam-guest\n" >"$1/etc/hosts"'
	--customize-hook='printf "/dev/vda\t/\text4\trw,errors=remount-ro\t0\t0\n" >"$1/etc/fstab"'
	--customize-hook='chroot "$1" passwd -d root'
	--customize-hook='mkdir -p "$1/etc/systemd/system/serial-getty@ttyS0.service.d"'
	--customize-hook='printf "[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin root --keep-baud 115200,57600,38400,9600 %%I \$TERM\n" >"$1/etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf"'
	--customize-hook='test -f "$1/lib/udev/rules.d/60-qemu-guest-agent.rules"'
	--customize-hook='chroot "$1" systemctl mask e2scrub_reap.service'
	--customize-hook='chroot "$1" systemctl disable NetworkManager.service NetworkManager-wait-online.service NetworkManager-dispatcher.service'
	--customize-hook='touch "$1/etc/cloud/cloud-init.disabled"'
	--customize-hook='echo MODULES=list >"$1/etc/initramfs-tools/conf.d/vfteam"'
	--customize-hook='printf "virtio_pci\nvirtio_blk\next4\ncrc32c_generic\n" >>"$1/etc/initramfs-tools/modules"'
	--customize-hook='chroot "$1" update-initramfs -u -k all'
	--customize-hook='chroot "$1" dpkg-query -W >"$1/../manifest"'
)

step() {
	echo "build-rootfs: $1 ($(($(date +%s) - t0))s)" >&2
}

step "mmdebstrap $suite: ${pkgs[*]}"
mmdebstrap --mode=root --variant=minbase \
	--include="$(IFS=,; echo "${pkgs[*]}")" \
	"${hooks[@]}" "$suite" "$root" "${mirrors[@]}" >>"$log" 2>&1 ||
	die "build-rootfs: mmdebstrap failed, see $log"

# The guest boots Debian's kernel and initrd from outside the disk (QEMU's
# -kernel/-initrd): no boot loader to install, and the same APPEND plumbing
# as the busybox guests.
kver=$(find "$root/boot" -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sort -V | tail -n 1)
kver=${kver#vmlinuz-}
if [ -z "$kver" ] || [ ! -f "$root/boot/initrd.img-$kver" ]; then
	die "build-rootfs: no kernel and initrd in $root/boot"
fi
cp "$root/boot/vmlinuz-$kver" "$entry/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$entry/initrd.img"
echo "$kver" >"$entry/kver"
[ "$kver" = "$(vfteam_stock_kver)" ] ||
	echo "build-rootfs: guest kernel $kver is not the host's $(vfteam_stock_kver):" \
	     "modules built here will not load there" >&2

step "ext4 image of $(du -sh "$root" | cut -f1)"
rm -f "$entry/disk.raw"
truncate -s "$disk_size" "$entry/disk.raw"
mkfs.ext4 -q -L vfteam-root -d "$root" "$entry/disk.raw" >>"$log" 2>&1 ||
	die "build-rootfs: mkfs.ext4 failed, see $log"
qemu-img convert -O qcow2 "$entry/disk.raw" "$entry/disk.qcow2"
rm -rf "$entry/disk.raw" "$root"

touch "$entry/done"
step "done, disk.qcow2 $(du -h "$entry/disk.qcow2" | cut -f1), kernel $kver"
echo "$entry"
