#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb on the host, nothing installed: both packages built; what each
# holds (vfteam-dkms exactly the tracked files a module build reads); their
# version and the packaged dkms.conf's are team-driver/main.h's; DKMS
# builds the four modules from the packaged source for Debian's stock
# kernel in a dkms tree of its own (the system's and /lib/modules left as
# they were); a dkms.conf with another version, and a changelog with
# another version, fail; the packaged vfteam-migrate runs from its
# /usr/sbin link with the library and vmctl.py beside it; lintian finds
# no error.
#
# usage: test-deb.sh; its results go to $RESULTS when set (make check),
# else it prints its own summary and exits non-zero on a FAIL.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/results.sh
. "$here/lib/results.sh"
results_alone "$tmp"
t0=$(date +%s)

ver=$(sed -n 's/^#define VFTEAM_VERSION "\(.*\)"$/\1/p' "$VFTEAM_TOP/team-driver/main.h")
kver=$(vfteam_stock_kver)
debs=$VFTEAM_OUT/deb
src=usr/src/vfteam-$ver
dkms_deb='' tools_deb=''

# the files (not the directories) of package $1, as usr/sbin/name
deb_files() {
	dpkg-deb -c "$1" | awk '{ print $6 }' | sed 's:^\./::' | grep -vE '^$|/$'
}

# the work tree's state as git sees it, untracked and ignored files
# included, out/ left out
tree_state() {
	git -C "$VFTEAM_TOP" status --porcelain --ignored --untracked-files=all |
		grep -v ' out/' || true
}

built() {
	local before
	before=$(tree_state)
	make -s -C "$VFTEAM_TOP" deb >"$tmp/make-deb.log" 2>&1 || {
		tail -n 20 "$tmp/make-deb.log" >&2
		return 1
	}
	dkms_deb=$(echo "$debs/vfteam-dkms_$ver"-*_all.deb)
	tools_deb=$(echo "$debs/vfteam-tools_$ver"-*_all.deb)
	[ -f "$dkms_deb" ] && [ -f "$tools_deb" ] &&
		grep -qxF "$dkms_deb" "$tmp/make-deb.log" &&
		grep -qxF "$tools_deb" "$tmp/make-deb.log" &&
		[ "$(tree_state)" = "$before" ]
}

# the upstream part of both packages' Version, and dkms.conf's, is main.h's
versions() {
	local d v
	for d in "$dkms_deb" "$tools_deb"; do
		v=$(dpkg-deb -f "$d" Version)
		[ "${v%-*}" = "$ver" ] || { echo "$d: Version $v, not $ver-*" >&2; return 1; }
	done
	dpkg-deb --fsys-tarfile "$dkms_deb" | tar -xO "./$src/dkms.conf" >"$tmp/dkms.conf"
	grep -qx "PACKAGE_VERSION=\"$ver\"" "$tmp/dkms.conf" ||
		{ grep PACKAGE_VERSION "$tmp/dkms.conf" >&2; return 1; }
}

# vfteam-dkms: in /usr/src/vfteam-VERSION exactly the tracked files under
# Kbuild's paths, and dkms.conf; no tests, scripts or Makefile; docs
dkms_contents() {
	deb_files "$dkms_deb" >"$tmp/dkms-files"
	grep "^$src/" "$tmp/dkms-files" | sed "s:^$src/::" | sort >"$tmp/have"
	{
		git -C "$VFTEAM_TOP" ls-files Kbuild team-driver plugin-abi/include \
			plugin-abi/skeleton ihv-plugins
		echo dkms.conf
	} | sort >"$tmp/want"
	diff "$tmp/want" "$tmp/have" >&2 || return 1
	! grep -E '^(scripts|kunit-tests)/|^Makefile$' "$tmp/have" >&2 &&
		grep -qx usr/share/doc/vfteam-dkms/README.Debian "$tmp/dkms-files" &&
		grep -qx usr/share/doc/vfteam-dkms/examples/modprobe.d/vfteam.conf "$tmp/dkms-files" &&
		grep -qx lib/udev/rules.d/80-vfteam.rules "$tmp/dkms-files" &&
		grep -qx lib/systemd/network/05-vfteam-port.network "$tmp/dkms-files" &&
		grep -qx usr/lib/NetworkManager/conf.d/80-vfteam.conf "$tmp/dkms-files" &&
		! grep -vE "^($src|usr/share/doc/vfteam-dkms)/|^lib/udev/rules.d/80-vfteam.rules\$|^lib/systemd/network/05-vfteam-port.network\$|^usr/lib/NetworkManager/conf.d/80-vfteam.conf\$" \
			"$tmp/dkms-files" >&2
}

# vfteam-tools: these files (the libvirt examples among them), and nothing in
# /etc (the hook is not enabled)
tools_contents() {
	local f
	deb_files "$tools_deb" >"$tmp/tools"
	for f in usr/sbin/vfteam-migrate usr/lib/vfteam/vfteam-migrate \
		usr/lib/vfteam/vfteam-timeline.sh usr/lib/vfteam/vmctl.py \
		usr/share/vfteam/libvirt-qemu-hook usr/share/doc/vfteam-tools/README.Debian \
		usr/share/doc/vfteam-tools/examples/vfteam-guest.xml \
		usr/share/doc/vfteam-tools/examples/vfteam-pt.xml \
		usr/share/man/man8/vfteam-migrate.8.gz; do
		grep -qx "$f" "$tmp/tools" || { echo "vfteam-tools: no /$f" >&2; return 1; }
	done
	dpkg-deb -c "$tools_deb" | grep -q ' \./usr/sbin/vfteam-migrate -> \.\./lib/vfteam/vfteam-migrate$' &&
		! grep -E '^(etc|lib)/' "$tmp/tools" >&2
}

# the system's DKMS and module trees, to see that a check left them alone
system_trees() {
	find /var/lib/dkms "/lib/modules/$kver/updates" 2>/dev/null | sort
}

# dkms_builds ROOT: dkms build of ROOT/usr/src/vfteam-VERSION for the
# stock kernel, every tree of its own under ROOT (the signing key too:
# dkms would make one in /var/lib/dkms); exactly the four modules built,
# vfteam.ko of version VERSION, nothing installed
dkms_builds() {
	local root=$1 mods
	mkdir -p "$root/dkms" "$root/inst"
	mok_signing_key=$root/mok.key mok_certificate=$root/mok.pub \
		dkms build -m vfteam -v "$ver" -k "$kver" --dkmstree "$root/dkms" \
		--sourcetree "$root/usr/src" --installtree "$root/inst" >"$root.log" 2>&1 ||
		{ tail -n 5 "$root.log" >&2; return 1; }
	mods=$root/dkms/vfteam/$ver/$kver/$(uname -m)/module
	# (.ko.xz where the kernel compresses its modules, as Debian's 6.12 does)
	[ "$(find "$mods" -mindepth 1 -printf '%f\n' | sed -E 's/\.(xz|gz|zst)$//' | LC_ALL=C sort | tr '\n' ' ')" = \
		"vfteam.ko vfteam_e1000e.ko vfteam_igbvf.ko vfteam_rtl8139.ko " ] ||
		{ ls "$mods" >&2; return 1; }
	# (the plugins carry no version of their own)
	[ "$(modinfo -F version "$mods"/vfteam.ko*)" = "$ver" ] ||
		{ echo "vfteam.ko: not version $ver" >&2; return 1; }
	[ -z "$(ls -A "$root/inst")" ]
}

dkms_build() {
	local before
	before=$(system_trees)
	dpkg-deb -x "$dkms_deb" "$tmp/dkms-ok"
	dkms_builds "$tmp/dkms-ok" && [ "$(system_trees)" = "$before" ]
}

# the same check fails for a dkms.conf whose version is not the package's
dkms_wrong_version() {
	dpkg-deb -x "$dkms_deb" "$tmp/dkms-bad"
	sed -i 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="0.0.1"/' "$tmp/dkms-bad/$src/dkms.conf"
	! dkms_builds "$tmp/dkms-bad" 2>/dev/null
}

# debian/rules stops when the changelog's version is not main.h's
changelog_mismatch() {
	local d=$tmp/changelog
	mkdir -p "$d/team-driver"
	cp -a "$VFTEAM_TOP/debian" "$d/"
	cp "$VFTEAM_TOP/team-driver/main.h" "$d/team-driver/"
	(cd "$d" && make -s -f debian/rules -n clean >/dev/null) || return 1
	sed -i "1s/($ver-/(0.0.1-/" "$d/debian/changelog"
	! (cd "$d" && make -s -f debian/rules -n clean) 2>"$d/err" >/dev/null &&
		grep -q "changelog's version 0.0.1 is not VFTEAM_VERSION $ver" "$d/err"
}

# from the /usr/sbin link: --help (it has sourced its timeline library by
# then), and a run that reaches vmctl.py, which must be the one beside it
tools_run() {
	local root=$tmp/tools-root
	dpkg-deb -x "$tools_deb" "$root"
	if ! "$root/usr/sbin/vfteam-migrate" --help >"$tmp/help" 2>&1 ||
		! grep -q '^usage: vfteam-migrate ' "$tmp/help"; then
		cat "$tmp/help" >&2
		return 1
	fi
	printf '#!/bin/sh\necho "$@" >>"%s"\nexit 1\n' "$root/vmctl-calls" >"$root/usr/lib/vfteam/vmctl.py"
	(unset VMCTL; "$root/usr/sbin/vfteam-migrate" --src-qmp "$tmp/q" --src-qga "$tmp/g" \
		--dst-qmp "$tmp/q" --dst-uri unix:nowhere --pt-id pt0 --json) >/dev/null 2>&1 || true
	[ -s "$root/vmctl-calls" ]
}

# lintian exits non-zero on an error tag (its --fail-on default) and when
# it could not run; warnings are only counted
lintian_clean() {
	lintian "$dkms_deb" "$tools_deb" >"$debs/lintian.txt" 2>&1 &&
		! grep -E '^E: ' "$debs/lintian.txt" >&2
}

mkdir -p "$debs"
check "deb: make deb builds vfteam-dkms and vfteam-tools into out/deb, the tree untouched" built
if [ -f "$dkms_deb" ] && [ -f "$tools_deb" ]; then
	check "deb: both packages' and the packaged dkms.conf's version are VFTEAM_VERSION $ver" versions
	check "deb: vfteam-dkms: /$src holds the tracked files Kbuild reads and dkms.conf, no tests or scripts; the udev rule, networkd and NetworkManager files, dist/ as examples" \
		dkms_contents
	check "deb: vfteam-tools: /usr/sbin/vfteam-migrate a link into /usr/lib/vfteam, the libvirt hook in /usr/share/vfteam and its examples, nothing in /etc" \
		tools_contents
	check "deb: DKMS builds the four modules from vfteam-dkms for $kver, in its own tree" dkms_build
	check "deb: DKMS fails a packaged dkms.conf of another version" dkms_wrong_version
	check "deb: vfteam-tools: vfteam-migrate --help from /usr/sbin, and it runs the vmctl.py beside it" \
		tools_run
	if lintian_clean; then
		result PASS "deb: lintian: no error" \
			"$(grep -c '^W: ' "$debs/lintian.txt" || true) warnings, $debs/lintian.txt"
	else
		result FAIL "deb: lintian: no error" "$debs/lintian.txt"
	fi
else
	result FAIL "deb: the packages' checks" "make deb made no packages"
fi
check "deb: a debian/changelog version other than VFTEAM_VERSION stops debian/rules" changelog_mismatch

echo "    test-deb: $(($(date +%s) - t0)) s"
results_alone_summary
