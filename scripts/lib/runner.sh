# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Runs one integration scenario (scripts/integration/NN-name.sh) on one
# guest kernel, as scripts/check.sh and `make scenario` do, the way
# kselftest runs a test:
#   - under a timeout (scripts/integration/settings, kselftest's format),
#     after which its guests are killed, its namespace removed and a
#     "not ok ... # TIMEOUT" result recorded;
#   - its results also as KTAP, in $VFTEAM_OUT/LABEL/ktap/NAME.ktap;
#   - an exit code of 0 (pass), 1 (fail) or 4 (everything skipped).
# When it fails, the tail of each of its guests' console and QEMU logs goes
# to stderr: CI shows only stdout and stderr, and a guest that stopped
# answering is explained by its console, not by the harness's "no guest
# agent" line. Needs scripts/lib/common.sh and scripts/lib/results.sh.

KSFT_PASS=0 KSFT_FAIL=1 KSFT_SKIP=4

# lines of each guest log shown for a failed scenario
SCENARIO_LOG_LINES=${SCENARIO_LOG_LINES:-40}

# scenario_timeout SCRIPT: its timeout in seconds: $SCENARIO_TIMEOUT, else
# "NN-name.timeout=" in the settings file beside it, else "timeout=" there
scenario_timeout() {
	local settings name t
	settings=$(dirname "$1")/settings
	name=$(basename "$1" .sh)
	if [ -n "${SCENARIO_TIMEOUT:-}" ]; then
		echo "$SCENARIO_TIMEOUT"
		return
	fi
	t=$(sed -n "s/^$name\\.timeout=\\([0-9]*\\)\$/\\1/p" "$settings" 2>/dev/null)
	[ -n "$t" ] || t=$(sed -n 's/^timeout=\([0-9]*\)$/\1/p' "$settings" 2>/dev/null)
	echo "${t:-900}"
}

# scenario_lacks SCRIPT INITRD: the drivers "NN-name.needs=" in the
# settings file beside SCRIPT names that the guest initramfs INITRD does
# not hold as modules (build-initramfs.sh takes e1000e, igb, igbvf, 8139
# only where the kernel has them; Debian's cloud kernel has none),
# space-separated
scenario_lacks() {
	local settings name needs m list
	settings=$(dirname "$1")/settings
	name=$(basename "$1" .sh)
	needs=$(sed -n "s/^$name\.needs=//p" "$settings" 2>/dev/null)
	# no initramfs: nothing to say here, the scenario fails by itself
	[ -n "$needs" ] && [ -r "$2" ] || return 0
	list=$(zcat "$2" | cpio -t --quiet 2>/dev/null)
	for m in $needs; do
		grep -q "/$m\.ko\(\.[a-z]*\)\?\$" <<<"$list" || printf '%s ' "$m"
	done
}

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

# scenario_reap OUTDIR STAMP NSPREFIX: what a killed scenario could not clean up
# itself: the QEMUs it started (by their pid files, and only while that pid
# is still a QEMU), those its libvirtd instances started (scripts/lib/libvirt.sh)
# and the daemons, and its network namespaces (their names start with
# NSPREFIX, the NETBED_NS_PREFIX it ran with)
scenario_reap() {
	local outdir=$1 stamp=$2 nsp=$3 f pid ns
	while read -r f; do
		pid=$(cat "$f")
		case $(cat "/proc/$pid/comm" 2>/dev/null) in
		qemu* | libvirtd) kill -9 "$pid" 2>/dev/null || true ;;
		esac
	done < <(find "$outdir/vm" -path "$outdir/vm/lv-*/run/libvirt/qemu/*.pid" \
			-newer "$stamp" 2>/dev/null
		find "$outdir/vm" -mindepth 2 -maxdepth 2 -name pid -newer "$stamp" 2>/dev/null)
	for ns in $(ip netns list | awk -v p="$nsp-" 'index($1, p) == 1 { print $1 }'); do
		ip netns del "$ns" 2>/dev/null || true
	done
}

# results_count STATUS: how many STATUS lines $RESULTS holds so far
results_count() {
	touch "$RESULTS"
	grep -c "^$1 " "$RESULTS" || true
}

# SCENARIO_PID: the timeout(1) process of the scenario running, for a
# caller's INT/TERM trap (timeout passes the signal on to the scenario)
SCENARIO_PID=

# scenario_run LABEL KERNEL SCRIPT: run SCRIPT with the guest kernel KERNEL
# and the initramfs $VFTEAM_OUT/LABEL.cpio.gz, its logs under
# $VFTEAM_OUT/LABEL; returns a kselftest exit code
scenario_run() {
	local label=$1 kernel=$2 script=$3 name outdir initrd stamp ktap limit
	# the namespaces' prefix: this shell's, not the parent's ($$), so that
	# make check's two runners, subshells of one shell, reap only their own
	local rc=0 pass fail skip t0=$SECONDS nsp=vft-r$BASHPID
	name=$(basename "$script" .sh)
	outdir=$VFTEAM_OUT/$label
	initrd=$VFTEAM_OUT/$label.cpio.gz
	limit=$(scenario_timeout "$script")
	mkdir -p "$outdir/vm" "$outdir/ktap"
	stamp=$outdir/vm/.$name.start
	touch "$stamp"
	ktap=$outdir/ktap/$name.ktap
	local KTAP_LINES=$ktap.lines
	: >"$KTAP_LINES"
	pass=$(results_count PASS) fail=$(results_count FAIL) skip=$(results_count SKIP)

	local lacks
	lacks=$(scenario_lacks "$script" "$initrd")
	if [ -n "$lacks" ]; then
		lacks=${lacks% }
		result SKIP "$label: $name" "the $label kernel has no ${lacks// /, } driver"
		ktap_write "$label: $name" "$KTAP_LINES" >"$ktap"
		rm -f "$KTAP_LINES"
		return "$KSFT_SKIP"
	fi

	# timeout(1) signals the scenario's whole process group (QEMU, ping,
	# vmctl.py too); the scenario's EXIT trap still runs, and -k ends
	# whatever ignores the TERM
	GUEST_LABEL=$label GUEST_KERNEL=$kernel GUEST_INITRD=$initrd \
		VFTEAM_OUT=$outdir KTAP_LINES=$KTAP_LINES NETBED_NS_PREFIX=$nsp \
		timeout -k 30 "$limit" bash "$script" &
	SCENARIO_PID=$!
	wait "$SCENARIO_PID" || rc=$?
	SCENARIO_PID=
	scenario_reap "$outdir" "$stamp" "$nsp"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		result TIMEOUT "$label: $name: timeout" \
			"not done after ${limit}s; guests killed, namespace removed"
	elif [ "$rc" -ne 0 ]; then
		result FAIL "$label: $name: script exited $rc" "logs in $outdir/vm"
	fi
	pass=$(($(results_count PASS) - pass))
	fail=$(($(results_count FAIL) - fail))
	skip=$(($(results_count SKIP) - skip))
	if [ $((pass + fail + skip)) -eq 0 ]; then
		result FAIL "$label: $name: no results" "logs in $outdir/vm"
		fail=1
	fi
	ktap_write "$label: $name" "$KTAP_LINES" >"$ktap"
	rm -f "$KTAP_LINES"
	# what each takes, against make check's hour
	echo "    $label: $name: $((SECONDS - t0))s"

	[ "$fail" -eq 0 ] || {
		echo "$label: $name failed; its guests' logs follow" >&2
		scenario_logs_dump "$outdir" "$stamp"
		return "$KSFT_FAIL"
	}
	[ "$pass" -gt 0 ] || return "$KSFT_SKIP"
	return "$KSFT_PASS"
}

# ktap_write TITLE LINES: a KTAP document of the test lines in LINES, the
# plan up front (as the kernel's kunit.py parser wants it)
ktap_write() {
	echo "KTAP version 1"
	echo "# $1"
	echo "1..$(grep -cE '^(not )?ok ' "$2" || true)"
	cat "$2"
}

# run_scenarios LABEL KERNEL: every integration scenario, each with
# scenario_run (a failing one dumps its guests' logs)
run_scenarios() {
	local label=$1 kernel=$2 s
	for s in "$VFTEAM_TOP"/scripts/integration/*.sh; do
		scenario_run "$label" "$kernel" "$s" || true
	done
}

# run_scenarios_bg LABEL KERNEL [VAR=VALUE...]: run_scenarios in the
# background, its output, results and time in files of its own (read back
# by scenarios_report)
run_scenarios_bg() {
	local label=$1 kernel=$2
	shift 2
	(
		local v t0=$SECONDS
		# stopped with make check: its scenario (timeout(1) passes it on) too
		trap '[ -z "$SCENARIO_PID" ] || kill -TERM "$SCENARIO_PID" 2>/dev/null; exit 1' TERM
		for v in "$@"; do
			export "${v?}"
		done
		# this lane's own results file, for run_scenarios and what it runs
		: >"$VFTEAM_OUT/results-$label.txt"
		RESULTS=$VFTEAM_OUT/results-$label.txt run_scenarios "$label" "$kernel" \
			>"$VFTEAM_OUT/integration-$label.log" 2>&1
		echo $((SECONDS - t0)) >"$VFTEAM_OUT/integration-$label.time"
	) &
}

# scenarios_report LABEL: the log of a finished run_scenarios_bg, and its
# results added to make check's
scenarios_report() {
	local label=$1
	echo "==> integration ($label kernel)"
	cat "$VFTEAM_OUT/integration-$label.log"
	cat "$VFTEAM_OUT/results-$label.txt" >>"$RESULTS"
	echo "<== integration ($label kernel) ($(cat "$VFTEAM_OUT/integration-$label.time" 2>/dev/null || echo '?')s)"
}
