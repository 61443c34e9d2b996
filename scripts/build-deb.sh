#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: vfteam-dkms and vfteam-tools (debian/), built with
# dpkg-buildpackage from a copy of the tracked files, into $VFTEAM_OUT/deb/
# (out/deb/). Installs its build dependencies with apt when run as root.
# Prints the path of each .deb, one a line, on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"

# debian/control's Build-Depends, and what dpkg-buildpackage itself needs
pkgs=(dpkg-dev debhelper dh-dkms dkms)
missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] ||
		die "make deb needs ${missing[*]}; run as root to install them"
	echo "deb: installing ${missing[*]}" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
fi

out=$VFTEAM_OUT/deb
rm -rf "$out"
mkdir -p "$out/src/vfteam"
# tracked files only: no out/, no module build left in the tree, no editor
# files; as they are in the work tree, so a change is packaged before it is
# committed (a file deleted but not yet from the index is left out)
if git -C "$VFTEAM_TOP" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$VFTEAM_TOP" ls-files -z |
		rsync -a --from0 --files-from=- --ignore-missing-args \
			"$VFTEAM_TOP/" "$out/src/vfteam/"
else
	rsync -a --exclude /out --exclude /.git "$VFTEAM_TOP/" "$out/src/vfteam/"
fi

if ! (cd "$out/src/vfteam" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
	tail -n 20 "$out/build.log" >&2
	die "dpkg-buildpackage failed: $out/build.log"
fi
mv "$out/src"/*.deb "$out/src"/*.buildinfo "$out/src"/*.changes "$out/"
rm -rf "$out/src"
ls "$out"/*.deb
