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
# test and the image itself is never written. DISTRO_KEEP=1 boots the
# overlay NAME already has instead (a reboot); DISTRO_OVERLAY_OF=OTHER, with
# it, guest OTHER's (a migration's destination, which must see the source's
# disk: QEMU takes the image's write lock only once the guest runs there).
# DISTRO_APPEND adds to the kernel command line (e.g. net.ifnames=0);
# DISTRO_SHARE=DIR exports DIR read-only over 9p (tag "vfteam",
# distro_share_mount). Ready when distro_vm_wait_ready returns.
distro_vm_start() {
	local name=$1 disk share=()
	shift
	[ -n "${DISTRO_DISK:-}" ] || distro_image >/dev/null || return 1
	disk=$(distro_disk "${DISTRO_OVERLAY_OF:-$name}")
	mkdir -p "$(dirname "$disk")"
	if [ "${DISTRO_KEEP:-0}" != 1 ]; then
		rm -f "$disk"
		qemu-img create -q -f qcow2 -F qcow2 -b "$DISTRO_DISK" "$disk" || return 1
	elif [ ! -f "$disk" ]; then
		echo "vm $name: DISTRO_KEEP=1 but no overlay $disk" >&2
		return 1
	fi
	[ -z "${DISTRO_SHARE:-}" ] ||
		share=(-virtfs "local,path=$DISTRO_SHARE,mount_tag=vfteam,security_model=none,readonly=on,id=share")
	vm_start "$name" "$DISTRO_KERNEL" "$DISTRO_INITRD" \
		"root=/dev/vda rw ${DISTRO_APPEND:-}" \
		-drive file="$disk",if=none,id=root,format=qcow2,discard=unmap \
		-device virtio-blk-pci,drive=root "${share[@]}" "$@"
}

# distro_vm_poweroff NAME: power the guest off as a user would (systemd
# stops every unit, the disk is unmounted cleanly) and wait for QEMU to end
distro_vm_poweroff() {
	vm_exec "$1" "systemctl poweroff" >/dev/null 2>&1 || true
	vm_wait_exit "$1" 300 || {
		echo "vm $1: did not power off" >&2
		return 1
	}
}

# distro_vm_boot_again NAME [QEMU-ARGS...]: boot the overlay of a guest that
# was powered off, with QEMU-ARGS, ready. QEMU runs with -no-reboot, so a
# reboot is a new QEMU: its devices are whatever QEMU-ARGS say.
distro_vm_boot_again() {
	local name=$1
	shift
	DISTRO_KEEP=1 distro_vm_start "$name" "$@" && distro_vm_wait_ready "$name"
}

# distro_vm_reboot NAME [QEMU-ARGS...]: both
distro_vm_reboot() {
	distro_vm_poweroff "$1" && distro_vm_boot_again "$@"
}

# distro_share_mount NAME: DISTRO_SHARE at /run/vfteam-share in the guest.
# Unmount it (distro_share_umount) before a migration: QEMU refuses to
# migrate a guest with a 9p export mounted.
distro_share_mount() {
	vm_exec "$1" "mkdir -p /run/vfteam-share && mountpoint -q /run/vfteam-share ||
		mount -t 9p -o trans=virtio,version=9p2000.L,ro vfteam /run/vfteam-share"
}

distro_share_umount() {
	vm_exec "$1" "! mountpoint -q /run/vfteam-share || umount /run/vfteam-share"
}

# distro_share_stage DIR LABEL: fill DIR for DISTRO_SHARE: modules/ (the .ko
# files built for guest kernel LABEL), dist/ (the repository's dist/), deb/
# (make deb's packages, if built). Needs build.sh.
distro_share_stage() {
	local dir=$1 label=$2
	rm -rf "$dir"
	mkdir -p "$dir/modules" "$dir/deb"
	built_modules "$label" | xargs -r cp -t "$dir/modules" || return 1
	cp -r "$VFTEAM_TOP/dist" "$dir/dist"
	find "$VFTEAM_OUT/deb" -maxdepth 1 -name '*.deb' -exec cp -t "$dir/deb" {} + 2>/dev/null || true
}

# distro_install_modules NAME: the staged modules into the guest's
# /lib/modules/KVER/updates/vfteam (where a package would put them), as an
# administrator installing vfteam would; modprobe and udev find them
distro_install_modules() {
	vm_exec "$1" "d=/lib/modules/\$(uname -r)/updates/vfteam &&
		mkdir -p \$d && cp /run/vfteam-share/modules/*.ko \$d/ && depmod -a"
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

# distro_scenarios [NN-name...]: run scripts/distro/'s scenarios (default:
# all) with scripts/lib/runner.sh, label "distro"; the image must be built
# (distro_image) and the stock modules too. A share that cannot be staged
# is a FAIL result (and status 1). Needs build.sh and runner.sh.
distro_scenarios() {
	local s names=("$@")
	[ ${#names[@]} -gt 0 ] ||
		mapfile -t names < <(cd "$VFTEAM_TOP/scripts/distro" && ls [0-9]*.sh)
	export DISTRO_SHARE=$VFTEAM_OUT/distro-share
	distro_share_stage "$DISTRO_SHARE" stock || {
		result FAIL "distro: staging $DISTRO_SHARE (modules, dist/, packages)"
		return 1
	}
	export DISTRO_DISK DISTRO_KERNEL DISTRO_INITRD DISTRO_KVER
	for s in "${names[@]}"; do
		scenario_run distro "$DISTRO_KERNEL" "$VFTEAM_TOP/scripts/distro/${s%.sh}.sh" || true
	done
}
