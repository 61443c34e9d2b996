# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Runs one integration scenario (scripts/integration/NN-name.sh) on one
# guest kernel, as scripts/check.sh and `make scenario` do. When it fails,
# the tail of each of its guests' console and QEMU logs goes to stderr:
# CI shows only stdout and stderr, and a guest that stopped answering is
# explained by its console, not by the harness's "no guest agent" line.
# Needs scripts/lib/common.sh and scripts/lib/results.sh.

# lines of each guest log shown for a failed scenario
SCENARIO_LOG_LINES=${SCENARIO_LOG_LINES:-40}

# scenario_logs_dump OUTDIR STAMP: the last lines of the console.log and
# qemu.log of every guest started after STAMP (a file touched when the
# scenario began: the vm/ directory also holds earlier scenarios' guests)
scenario_logs_dump() {
	local outdir=$1 stamp=$2 f
	while read -r f; do
		echo "---- last $SCENARIO_LOG_LINES lines of $f" >&2
		tail -n "$SCENARIO_LOG_LINES" "$f" >&2
	done < <(find "$outdir/vm" -mindepth 2 -maxdepth 2 \
		\( -name console.log -o -name qemu.log \) -newer "$stamp" 2>/dev/null | sort)
	echo "---- end of guest logs" >&2
}

# results_failed: how many FAIL lines $RESULTS holds so far
results_failed() {
	touch "$RESULTS"
	grep -c '^FAIL ' "$RESULTS" || true
}

# scenario_run LABEL KERNEL SCRIPT: run SCRIPT with the guest kernel KERNEL
# and the initramfs $VFTEAM_OUT/LABEL.cpio.gz, its logs under
# $VFTEAM_OUT/LABEL; returns non-zero if it recorded a FAIL or exited so
scenario_run() {
	local label=$1 kernel=$2 script=$3 name outdir initrd stamp rc=0 failed
	name=$(basename "$script" .sh)
	outdir=$VFTEAM_OUT/$label
	initrd=$VFTEAM_OUT/$label.cpio.gz
	mkdir -p "$outdir/vm"
	stamp=$outdir/vm/.$name.start
	touch "$stamp"
	failed=$(results_failed)
	GUEST_LABEL=$label GUEST_KERNEL=$kernel GUEST_INITRD=$initrd \
		VFTEAM_OUT=$outdir bash "$script" || rc=$?
	if [ "$rc" -ne 0 ]; then
		result FAIL "$label: $name: script exited $rc" "logs in $outdir/vm"
	fi
	[ "$(results_failed)" -gt "$failed" ] || return 0
	echo "$label: $name failed; its guests' logs follow" >&2
	scenario_logs_dump "$outdir" "$stamp"
	return 1
}
