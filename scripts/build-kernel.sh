#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug guest kernel from Debian's linux-source-6.1 with the fragment
# scripts/kconfig/debug.config, into a cache outside the repo keyed by the
# fragment, this script and the source package version. A cache hit costs seconds.
#
# Prints the build directory (usable as KDIR for external modules) on stdout.
# Layout of the cache entry:
#   $VFTEAM_CACHE/kernel-<key>/build     O= output tree (bzImage, Module.symvers)
#   $VFTEAM_CACHE/kernel-<key>/modroot   modules_install staging (lib/modules/...)
#   $VFTEAM_CACHE/kernel-<key>/build.log full build log
#   $VFTEAM_CACHE/kernel-<key>/done      written last: the entry is complete
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

frag=$VFTEAM_TOP/scripts/kconfig/debug.config
key=$(cat "$frag" "$0" <(vfteam_src_version) | sha256sum | cut -c1-16)
entry=$VFTEAM_CACHE/kernel-$key
src=$(vfteam_src_dir)

if [ -f "$entry/done" ]; then
	echo "build-kernel: cache hit $entry" >&2
	echo "$entry"
	exit 0
fi

if [ ! -f "$src/Makefile" ]; then
	echo "build-kernel: unpacking linux-source-6.1 $(vfteam_src_version)" >&2
	mkdir -p "$(dirname "$src")"
	tar -C "$(dirname "$src")" -xJf /usr/src/linux-source-6.1.tar.xz
fi

rm -rf "$entry"
mkdir -p "$entry/build"
log=$entry/build.log
echo "build-kernel: building into $entry (log: $log)" >&2

t0=$(date +%s)
# A heartbeat so a person watching knows the long build is alive.
(
	while sleep 60; do
		echo "build-kernel: still building, $(($(date +%s) - t0))s," \
		     "last: $(tail -n 1 "$log" | cut -c1-70)" >&2
	done
) &
beat=$!
trap 'kill $beat 2>/dev/null || true' EXIT

kmake() {
	make -C "$src" O="$entry/build" -j"$(($(nproc) + 1))" "$@" >>"$log" 2>&1
}

kmake x86_64_defconfig kvm_guest.config
"$src/scripts/kconfig/merge_config.sh" -m -O "$entry/build" \
	"$entry/build/.config" "$frag" >>"$log" 2>&1
kmake olddefconfig

# merge_config's own check only warns; a requested option the kernel dropped
# (unmet dependency) must stop us instead of yielding a silently weaker kernel.
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n) opt=${line%%=*}
		grep -q "^$opt=[ym]" "$entry/build/.config" && {
			echo "build-kernel: $opt still set" >&2; missing=1; } ;;
	CONFIG_*=*)
		grep -qxF "$line" "$entry/build/.config" || {
			echo "build-kernel: $line not in final config" >&2; missing=1; } ;;
	esac
done <"$frag"
[ "$missing" -eq 0 ] || die "config fragment not honoured, see $entry/build/.config"

kmake bzImage modules
kmake INSTALL_MOD_PATH="$entry/modroot" modules_install
touch "$entry/done"
echo "build-kernel: done in $(($(date +%s) - t0))s" >&2
echo "$entry"
