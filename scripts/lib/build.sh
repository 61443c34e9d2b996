# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Build the repo's modules against one kernel tree, out of the source tree
# (kbuild in Linux 6.1 builds external modules in place, so each kernel gets
# its own copy of the sources under $VFTEAM_OUT/build/<label>).

# build_modules LABEL KDIR: prints nothing; leaves .ko files and build.log
build_modules() {
	local label=$1 kdir=$2 dir
	dir=$VFTEAM_OUT/build/$label
	mkdir -p "$dir"
	rsync -a --delete --exclude /out --exclude /.git --exclude '*.ko' \
		--exclude '*.o' "$VFTEAM_TOP/" "$dir/src/"
	# a failed build must not leave the last good modules to be tested
	find "$dir/src" -name '*.ko' -delete
	if ! make -C "$kdir" M="$dir/src" W=1 modules >"$dir/build.log" 2>&1; then
		echo "build ($label) failed: $dir/build.log" >&2
		tail -n 20 "$dir/build.log" >&2
		return 1
	fi
	if grep -E 'warning:|error:' "$dir/build.log" >&2; then
		echo "build ($label) has warnings: $dir/build.log" >&2
		return 1
	fi
}

# plugin_out_of_tree KDIR: make install of the stock build into a staging
# root, then the skeleton plugin, copied out of the tree, built against
# what was installed only (its header and vfteam's Module.symvers): a
# vendor's build. W=1, no warning, no undefined symbol.
plugin_out_of_tree() {
	local kdir=$1 t sdk log=$VFTEAM_OUT/build/out-of-tree.log rc=0
	t=$(mktemp -d)
	sdk=$t/usr/src/vfteam
	mkdir -p "$t/plugin"
	cp "$VFTEAM_TOP/plugin-abi/skeleton/skeleton.c" "$t/plugin/"
	printf 'ccflags-y += -I%s/include\nobj-m += vfteam_skeleton.o\nvfteam_skeleton-y := skeleton.o\n' \
		"$sdk" >"$t/plugin/Kbuild"
	# (modules_install signs with a key only the kernel's builder has:
	# its complaints are in the log, and harmless)
	make -C "$VFTEAM_OUT/build/stock/src" install KDIR="$kdir" \
		DESTDIR="$t" PREFIX=/usr INSTALL_MOD_PATH="$t" >"$log.install" 2>&1 &&
		make -C "$kdir" M="$t/plugin" W=1 \
			KBUILD_EXTRA_SYMBOLS="$sdk/Module.symvers" modules >"$log" 2>&1 ||
		rc=$?
	if [ "$rc" -eq 0 ] && [ -f "$t/plugin/vfteam_skeleton.ko" ] &&
		[ -n "$(find "$t/lib/modules" -name vfteam.ko)" ] &&
		! grep -E 'warning:|error:|undefined!' "$log" >&2; then
		rm -rf "$t"
		return 0
	fi
	echo "out-of-tree plugin build failed (exit $rc): $log.install, $log" >&2
	tail -n 20 "$log.install" "$log" >&2
	rm -rf "$t"
	return 1
}

# built_modules LABEL: the .ko files of the last build for LABEL
built_modules() {
	find "$VFTEAM_OUT/build/$1/src" -name '*.ko' | sort
}

# build_stock_guest INITRD [BUILD-INITRAMFS-OPTIONS...]: where make demo,
# make bench and make profile start: the dependencies, the modules for
# Debian's stock kernel, and a guest initramfs with them at INITRD. Sets
# GUEST_KERNEL and GUEST_INITRD. Needs scripts/lib/common.sh.
build_stock_guest() {
	local initrd=$1 kver kos
	shift
	step_begin "dependencies"
	"$VFTEAM_TOP/scripts/deps.sh"
	step_end
	kver=$(vfteam_stock_kver)
	step_begin "vfteam for $kver"
	build_modules stock "/lib/modules/$kver/build" || return 1
	mapfile -t kos < <(built_modules stock)
	"$VFTEAM_TOP/scripts/build-initramfs.sh" "$@" -k "$kver" -m / -o "$initrd" "${kos[@]}" ||
		return 1
	step_end
	# shellcheck disable=SC2034 # read by the caller
	GUEST_KERNEL=/boot/vmlinuz-$kver GUEST_INITRD=$initrd
}

# build_guest LABEL: the modules and initramfs ($VFTEAM_OUT/LABEL.cpio.gz)
# for one guest kernel as make check builds them: stock (Debian's), debug
# (scripts/build-kernel.sh's cached build), or Debian 12's 6.12 or cloud
# kernel (make scenario K=6.12|cloud). Sets GUEST_KERNEL. Needs
# scripts/lib/common.sh.
# shellcheck disable=SC2034 # GUEST_KERNEL is read by the caller
build_guest() {
	local label=$1 kver kdir modroot kcache kos
	case $label in
	stock)
		kver=$(vfteam_stock_kver)
		kdir=/lib/modules/$kver/build modroot=/
		GUEST_KERNEL=/boot/vmlinuz-$kver
		;;
	6.12 | cloud)
		# Debian 12's other kernels: linux-image-6.12-amd64, -cloud-amd64
		kver=$(vfteam_meta_kver "linux-image-$label-amd64")
		kdir=/lib/modules/$kver/build modroot=/
		GUEST_KERNEL=/boot/vmlinuz-$kver
		;;
	debug)
		kcache=$("$VFTEAM_TOP/scripts/build-kernel.sh") || return 1
		kdir=$kcache/build modroot=$kcache/modroot
		kver=$(cat "$kdir/include/config/kernel.release")
		GUEST_KERNEL=$kdir/arch/x86/boot/bzImage
		;;
	*)
		echo "guest kernel: stock, debug, 6.12 or cloud, not '$label'" >&2
		return 2
		;;
	esac
	build_modules "$label" "$kdir" || return 1
	mapfile -t kos < <(built_modules "$label")
	"$VFTEAM_TOP/scripts/build-initramfs.sh" -k "$kver" -m "$modroot" \
		-o "$VFTEAM_OUT/$label.cpio.gz" "${kos[@]}"
}
