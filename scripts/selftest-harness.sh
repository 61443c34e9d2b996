#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The harness must turn red on what it exists to catch. Feed the result
# readers consoles with a failing KUnit case and with a kernel WARNING, and
# record a FAIL for every red signal they miss (and for a clean console they
# wrongly call red). usage: selftest-harness.sh KERNEL_SRC
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/results.sh
. "$here/lib/results.sh"
# shellcheck source=scripts/lib/vm.sh
. "$here/lib/vm.sh"
ksrc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fake guest "vm" directories so vm_console() finds the logs
VFTEAM_OUT=$tmp
mkdir -p "$tmp/vm/red" "$tmp/vm/green"

cat >"$tmp/vm/red/console.log" <<'LOG'
[    0.500000] KTAP version 1
[    0.500001] 1..0
[    1.000002]     KTAP version 1
[    1.000003]     # Subtest: harness_selftest
[    1.000004]     1..2
[    1.000005]     ok 1 case_that_passes
[    1.000006]     # case_that_fails: EXPECTATION FAILED at x.c:1
[    1.000007]     not ok 2 case_that_fails
[    1.000008] not ok 1 harness_selftest
[    1.000009]     KTAP version 1
[    1.000009]     # Subtest: harness_init_fails
[    1.000009]     1..2
[    1.000009]     # harness_init_fails: failed to initialize (-12)
[    1.000009] not ok 2 harness_init_fails
[    1.000010]     KTAP version 1
[    1.000011]     # Subtest: harness_crashes
[    1.000012]     1..2
[    1.000013]     ok 1 case_before_crash
[    1.100000] ------------[ cut here ]------------
[    1.100001] WARNING: CPU: 0 PID: 1 at x.c:2 injected+0x0/0x10
LOG
sed -e 's/not ok 2 case_that_fails/ok 2 case_that_fails/' \
    -e 's/not ok 1 harness_selftest/ok 1 harness_selftest/' \
    -e '/EXPECTATION FAILED/d' -e '/cut here/d' -e '/WARNING/d' \
    -e '/harness_init_fails/,$d' \
	"$tmp/vm/red/console.log" >"$tmp/vm/green/console.log"

red=$("$here/ktap-results.py" "$ksrc" "$tmp/vm/red/console.log" || true)
green=$("$here/ktap-results.py" "$ksrc" "$tmp/vm/green/console.log")

check "harness: failing KUnit case read as FAIL" \
	grep -qx 'FAIL kunit: harness_selftest.case_that_fails' <<<"$red"
check "harness: suite that never finished read as FAIL" \
	grep -q '^FAIL kunit: harness_crashes' <<<"$red"
check "harness: suite whose init failed read as FAIL" \
	grep -q '^FAIL kunit: harness_init_fails' <<<"$red"
check "harness: passing KUnit case read as PASS" \
	grep -qx 'PASS kunit: harness_selftest.case_that_passes' <<<"$red"
check "harness: all-green KTAP has no FAIL" \
	eval "! grep -q '^FAIL' <<<'$green'"
check "harness: kernel WARNING on a console is caught" \
	eval '! vm_console_clean red 2>/dev/null'
check "harness: a clean console passes" vm_console_clean green

# the hangs: each alone on an otherwise clean console must be caught
while IFS='|' read -r what line; do
	mkdir -p "$tmp/vm/hang"
	{ cat "$tmp/vm/green/console.log"; echo "$line"; } >"$tmp/vm/hang/console.log"
	check "harness: $what on a console is caught" \
		eval '! vm_console_clean hang 2>/dev/null'
done <<'LOG'
a netdev reference never dropped|[   12.000000] unregister_netdevice: waiting for vfteam0 to become free. Usage count = 2
an interrupt nobody handles|[   12.000000] irq 11: nobody cared (try booting with the "irqpoll" option)
a hung task|[   12.000000] INFO: task kworker/0:1:42 blocked for more than 120 seconds.
an RCU stall (self-detected)|[   12.000000] rcu: INFO: rcu_sched self-detected stall on CPU
an RCU stall (seen by another CPU)|[   12.000000] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:
a DMA fault behind the IOMMU|[   12.000000] DMAR: [DMA Read NO_PASID] Request device [02:00.0] fault addr 0x1000 [fault reason 0x06] PTE Read access is not set
LOG

# a step that lost pings says whether an emulated NIC dropped frames then:
# only the drops inside the step's window, per guest; nothing if none
mkdir -p "$tmp/vm/nic"
cat >"$tmp/vm/nic/qemu.log" <<'LOG'
812@1000.500000:e1000e_rx_not_written_to_guest Received packet NOT written to guest (queue 2)
812@1010.250000:e1000e_rx_not_written_to_guest Received packet NOT written to guest (queue 2)
812@1010.260000:e1000e_rx_not_written_to_guest Received packet NOT written to guest (queue 0)
812@1010.270000:igb_core_vf_reset VF0
812@1011.000000:e1000x_rx_link_down Received packet dropped because the link is down STATUS = 2147484672
812@1030.000000:e1000e_rx_not_written_to_guest Received packet NOT written to guest (queue 2)
LOG
drops=$(vm_nic_rx_drops 1010 1020)
check "harness: NIC Rx drops in a step's window counted, those outside not" \
	grep -q 'nic: the emulated NIC dropped 2 frames for want of an Rx buffer (queue 2,0), from 0.250s to 0.260s' <<<"$drops"
check "harness: NIC Rx drops with the link down told apart" \
	grep -q 'nic: the emulated NIC dropped 1 frames with its link down, from 1.000s to 1.000s' <<<"$drops"
none=$(vm_nic_rx_drops 1012 1029)
check "harness: no NIC Rx drop in a step's window, nothing said" [ -z "$none" ]

# a failing scenario must show its guests' logs on stderr (CI sees nothing
# else), and only the guests it started itself
# shellcheck source=scripts/lib/runner.sh
. "$here/lib/runner.sh"
mkdir -p "$tmp/runner/t/vm/older"
echo 'an earlier scenario' >"$tmp/runner/t/vm/older/console.log"
cat >"$tmp/runner/99-fails.sh" <<'SH'
mkdir -p "$VFTEAM_OUT/vm/g"
echo 'last words of the guest' >"$VFTEAM_OUT/vm/g/console.log"
echo 'qemu said this' >"$VFTEAM_OUT/vm/g/qemu.log"
echo "FAIL t: 99-fails: something" >>"$RESULTS"
SH
sleep 1 # -newer compares modification times in whole seconds on some file systems
dumped=$(RESULTS=$tmp/runner/results.txt VFTEAM_OUT=$tmp/runner \
	scenario_run t /dev/null "$tmp/runner/99-fails.sh" 2>&1 >/dev/null || true)
check "harness: a failed scenario's guest console is shown" \
	grep -q 'last words of the guest' <<<"$dumped"
check "harness: a failed scenario's QEMU log is shown" \
	grep -q 'qemu said this' <<<"$dumped"
check "harness: an earlier scenario's guest is not shown" \
	eval "! grep -q 'an earlier scenario' <<<\"\$dumped\""

# a scenario that hangs is ended by its timeout, recorded as a TIMEOUT in
# its KTAP and as a FAIL; one that only skips exits 4 (kselftest's skip)
cat >"$tmp/runner/98-hangs.sh" <<'SH'
echo "PASS t: 98-hangs: before the hang" >>"$RESULTS"
sleep 60
SH
cat >"$tmp/runner/97-skips.sh" <<'SH'
. "$VFTEAM_TOP/scripts/lib/results.sh"
result SKIP "t: 97-skips: nothing to do here" "why"
SH
rc=0
RESULTS=$tmp/runner/results.txt VFTEAM_OUT=$tmp/runner SCENARIO_TIMEOUT=2 \
	scenario_run t /dev/null "$tmp/runner/98-hangs.sh" >/dev/null 2>&1 || rc=$?
check "harness: a hanging scenario is ended by its timeout (exit 1)" [ "$rc" -eq 1 ]
check "harness: the timeout is a KTAP TIMEOUT and a FAIL" \
	eval "grep -q '^not ok 1 t: 98-hangs: timeout # TIMEOUT' '$tmp/runner/t/ktap/98-hangs.ktap' &&
		grep -q '^FAIL t: 98-hangs: timeout' '$tmp/runner/results.txt'"
rc=0
RESULTS=$tmp/runner/results.txt VFTEAM_OUT=$tmp/runner \
	scenario_run t /dev/null "$tmp/runner/97-skips.sh" >/dev/null 2>&1 || rc=$?
check "harness: a scenario that only skips exits 4" [ "$rc" -eq 4 ]
check "harness: a skip is a KTAP SKIP" \
	grep -qx 'ok 1 t: 97-skips: nothing to do here # SKIP why' "$tmp/runner/t/ktap/97-skips.ktap"

# a clean-up at exit that fails (here: the kill of a process group that has
# already ended, as make check's of build-rootfs) neither stops the rest of
# the clean-up nor turns a green script red; a red script stays red
sh_exit() {
	local rc=0
	bash -c '. "$1"; set -euo pipefail; on_exit "$2"; exit "$3"' _ \
		"$here/lib/common.sh" "$1" "$2" >/dev/null 2>&1 || rc=$?
	echo "$rc"
}
setsid sleep 0 &
gone=$!
wait "$gone"
check "harness: a failed clean-up at exit leaves a green script's status 0" \
	[ "$(sh_exit "kill -- -$gone 2>/dev/null; touch '$tmp/cleaned'" 0)" -eq 0 ]
check "harness: the clean-up goes on past a step that fails" [ -e "$tmp/cleaned" ]
check "harness: a script's own failure survives its clean-up" \
	[ "$(sh_exit true 3)" -eq 3 ]
sh_exit "echo \$on_exit_status >'$tmp/status'" 5 >/dev/null
check "harness: the clean-up at exit is told the script's status" \
	grep -qx 5 "$tmp/status"
