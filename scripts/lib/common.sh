# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared helpers for the test-bed scripts: where things live, and step logging
# ("one line when a step starts, one when it ends, with elapsed seconds").

VFTEAM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VFTEAM_CACHE=${VFTEAM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfteam}
VFTEAM_OUT=${VFTEAM_OUT:-$VFTEAM_TOP/out}
export VFTEAM_TOP VFTEAM_CACHE VFTEAM_OUT

# Debian's linux-source-6.1, unpacked once into the cache.
vfteam_src_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1
}

vfteam_src_dir() {
	echo "$VFTEAM_CACHE/src/linux-source-6.1-$(vfteam_src_version)/linux-source-6.1"
}

# vfteam_meta_kver PKG: the kernel release a Debian meta-package points
# at: linux-image-amd64 -> 6.1.0-56-amd64, linux-headers-6.12-amd64 ->
# 6.12.118+deb12-amd64
vfteam_meta_kver() {
	local dep
	dep=$(dpkg-query -W -f='${Depends}' "$1")
	dep=${dep%%[ ,]*}
	dep=${dep#linux-image-}
	echo "${dep#linux-headers-}"
}

# The kernel Debian's linux-image-amd64 points at, e.g. 6.1.0-56-amd64.
vfteam_stock_kver() {
	vfteam_meta_kver linux-image-amd64
}

step_begin() {
	_step_name=$1
	_step_t0=$(date +%s)
	echo "==> $_step_name"
}

step_end() {
	echo "<== $_step_name ($(($(date +%s) - _step_t0))s)"
}

# on_exit CMD: run CMD when the script ends, however it ends, and end with
# the script's own status. Under set -e a plain EXIT trap whose clean-up
# fails (a kill of a process group that had already ended) exits with that
# failure: make check's green runs ended red twice that way. CMD finds the
# script's status in $on_exit_status.
on_exit() {
	_on_exit_cmd=$1
	trap '_on_exit_run $?' EXIT
}

_on_exit_run() {
	on_exit_status=$1
	set +e
	eval "$_on_exit_cmd"
	exit "$on_exit_status"
}

die() {
	echo "error: $*" >&2
	exit 1
}

# wait_for TIMEOUT CMD...: poll CMD (every 0.2 s) until it succeeds
wait_for() {
	local timeout=$1 t0
	shift
	t0=$(date +%s)
	until "$@"; do
		(($(date +%s) - t0 >= timeout)) && return 1
		sleep 0.2
	done
}
