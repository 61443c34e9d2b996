# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Debian 12 guests: scripts/build-rootfs.sh's disk, booted with the kernel and
# initrd it shipped, on vm.sh's machine (same QMP, qemu-ga and console
# plumbing, same root ports for NICs). Needs common.sh and vm.sh sourced and
# NETBED_NS set, as vm_start does.

# distro_image: build the image or reuse the cached one; sets DISTRO_ENTRY,
# DISTRO_DISK, DISTRO_KERNEL, DISTRO_INITRD, DISTRO_KVER and prints them
distro_image() {
	DISTRO_ENTRY=$("$VFTEAM_TOP/scripts/build-rootfs.sh") || return 1
	DISTRO_DISK=$DISTRO_ENTRY/disk.qcow2
	DISTRO_KERNEL=$DISTRO_ENTRY/vmlinuz
	DISTRO_INITRD=$DISTRO_ENTRY/initrd.img
	DISTRO_KVER=$(cat "$DISTRO_ENTRY/kver")
	printf 'disk %s\nkernel %s\ninitrd %s\nkver %s\n' \
		"$DISTRO_DISK" "$DISTRO_KERNEL" "$DISTRO_INITRD" "$DISTRO_KVER"
}

# distro_disk NAME: the guest's overlay. Beside its vm_dir, not in it: vm_start
# empties that directory as it starts QEMU, after the overlay must exist.
distro_disk() {
	echo "$(vm_dir "$1").qcow2"
}

# distro_vm_start NAME [QEMU-ARGS...]: boot a Debian guest on a fresh qcow2
# overlay of the cached image, so nothing a test did survives into the next
# boot and the image itself is never written. DISTRO_APPEND adds to the
# kernel command line (e.g. net.ifnames=0). Ready when distro_vm_wait_ready
# returns.
distro_vm_start() {
	local name=$1 disk
	shift
	[ -n "${DISTRO_DISK:-}" ] || distro_image >/dev/null || return 1
	disk=$(distro_disk "$name")
	mkdir -p "$(dirname "$disk")"
	rm -f "$disk"
	qemu-img create -q -f qcow2 -F qcow2 -b "$DISTRO_DISK" "$disk" || return 1
	vm_start "$name" "$DISTRO_KERNEL" "$DISTRO_INITRD" \
		"root=/dev/vda rw ${DISTRO_APPEND:-}" \
		-drive file="$disk",if=none,id=root,format=qcow2,discard=unmap \
		-device virtio-blk-pci,drive=root "$@"
}

# distro_vm_wait_ready NAME [TIMEOUT]: qemu-ga answers, then systemd has
# finished booting. qemu-ga alone is not enough: udev starts it while it is
# still renaming NICs and systemd still starting units. A failed unit
# ("degraded") fails too, so a broken image does not pass for a good one.
distro_vm_wait_ready() {
	local name=$1 timeout=${2:-600} state
	"$VFTEAM_TOP/scripts/vmctl.py" qga-wait "$(vm_dir "$name")/qga.sock" \
		--timeout "$timeout" || return 1
	state=$(VM_EXEC_TIMEOUT=$timeout vm_exec "$name" \
		systemctl is-system-running --wait) || true
	[ "$state" = running ] && return 0
	echo "vm $name: systemd is '$state', not running:" >&2
	vm_exec "$name" systemctl --failed --no-legend >&2 || true
	return 1
}

# distro_vm_stop NAME: quit QEMU and drop the overlay. No kmemleak pass: the
# stock kernel has none, and the guest has no /sbin/vfteam-finish.
distro_vm_stop() {
	local name=$1
	vm_qmp "$name" quit >/dev/null 2>&1 || true
	vm_wait_exit "$name" 30 || kill -9 "$(cat "$(vm_dir "$name")/pid")" 2>/dev/null || true
	rm -f "$(distro_disk "$name")"
}
