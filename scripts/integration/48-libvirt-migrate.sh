#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Live migration under real libvirt (Debian 12's libvirtd 9.0, QEMU 10,
# TCG), with migration-hooks/libvirt-qemu-hook installed as each daemon's
# qemu hook. Two libvirtd instances on this machine play the two hosts
# (scripts/lib/libvirt.sh: own host UUIDs, own /etc/libvirt, /run and /var
# in mount namespaces of their own, in the test's network namespace). The
# guest is migration-hooks/libvirt/vfteam-guest.xml booting the test bed's
# kernel and initramfs: a virtio-net standby and an emulated e1000e with
# the same MAC (migration-hooks/libvirt/vfteam-pt.xml, the hook's
# SRC_HOSTDEV and DST_HOSTDEV), both on br0 through libvirt's taps.
#
# On the source the hook's "out" runs by hand (libvirt has no source-side
# hook) and drives the guest through "virsh qemu-agent-command"; then
# "virsh migrate --live --p2p" over TCP on 198.18.1.1 (in the namespace);
# on the destination libvirtd itself calls the hook ("migrate begin",
# "started begin"), whose detached job attaches the e1000e once the guest
# runs there. A 10 ms ping from the peer runs throughout. Before that, the
# unhappy paths: "out" for a guest without settings, "out" for a team the
# guest does not have (both: a clear error, the guest as it was), and a
# migration libvirt cannot start (no destination daemon) or refuses (to
# this very host): "abort" attaches the e1000e again and the team goes back
# to it.
set -euo pipefail
# shellcheck source=scripts/lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# shellcheck source=scripts/lib/libvirt.sh
. "$(dirname "$0")/../lib/libvirt.sh"

# the debug kernel's migrations are make check-full's (as 40-migrate's)
full_only debug 'libvirt: migration e1000e -> e1000e' || exit 0

on_exit 'lv_down_all; integration_cleanup'

HOOK=$VFTEAM_TOP/migration-hooks/libvirt-qemu-hook
XMLDIR=$VFTEAM_TOP/migration-hooks/libvirt
MAC=52:54:00:00:00:40
# where the destination's QEMU listens for the migration stream
MIG_IP=198.18.1.1 MIG_PORT=49152
# lost pings may exceed the downtime libvirt reports by this much (ms), as
# in 40-migrate (scripts/lib/scenarios/migrate.sh)
MARGIN_MS=250
t_start=$SECONDS

netbed_up 0
netbed ip addr add "$MIG_IP/32" dev lo

lv_up src 5eed0000-0000-4000-8000-00000000000a
lv_up dst 5eed0000-0000-4000-8000-00000000000b
for n in src dst; do
	cat >"$(lv_dir "$n")/vfteam/$LV_DOMAIN.conf" <<-EOC
		TEAM=vfteam0
		SRC_HOSTDEV=$XMLDIR/vfteam-pt.xml
		DST_HOSTDEV=$XMLDIR/vfteam-pt.xml
		TIMEOUT=60
		LOG=$(lv_dir "$n")/hook.log
	EOC
done
check "$(scenario 'libvirtd: source daemon answers')" lv_wait src
check "$(scenario 'libvirtd: destination daemon answers')" lv_wait dst

# the shipped example, booting the test bed's kernel and initramfs
xml=$VFTEAM_OUT/vm/lv-$LV_DOMAIN.xml
python3 - "$XMLDIR/vfteam-guest.xml" "$GUEST_KERNEL" "$GUEST_INITRD" "${GUEST_APPEND:-} module_blacklist=e1000e,8139cp,8139too" \
	"${VM_MEM:-1536}" >"$xml" <<-'EOP'
	import re, sys
	s = open(sys.argv[1]).read()
	for tag, v in (("kernel", sys.argv[2]), ("initrd", sys.argv[3]), ("memory unit='MiB'", sys.argv[5])):
	    s = re.sub(r"(<%s>)[^<]*(</)" % tag, lambda m: m.group(1) + v + m.group(2), s, count=1)
	s = re.sub(r"(<cmdline>[^<]*)(</)", lambda m: m.group(1) + " printk.time=1 " + sys.argv[4] + m.group(2), s, count=1)
	sys.stdout.write(s)
EOP
check "$(scenario 'source: virsh create of vfteam-guest.xml')" lv_virsh src -q create "$xml"
check "$(scenario 'source: guest booted, agent answers through libvirt')" lv_wait_ready src

# the e1000e's plugin port, and its PCI device in the live domain
pt_active() { plugin_active "$1" e1000e; }
pt_attached() { lv_virsh "$1" -q dumpxml "$LV_DOMAIN" | grep -q "<model type='e1000e'/>"; }
sb=$(guest_ifname src "$MAC" virtio_net)
check "$(scenario 'source: plugin bound by modalias')" wait_for 60 test -n "$(plugin_pci src e1000e)"
team_up src "$sb"
check "$(scenario 'source: team on the plugin port')" wait_for 60 pt_active src
check "$(scenario 'source: ping through the team')" wait_for 30 peer_ping 3

# since T0 [T1]: seconds from T0 to T1 (default now), epoch seconds with a fraction
since() {
	awk -v a="$1" -v b="${2:-$(date +%s.%N)}" 'BEGIN { printf "%.1f", b - a }'
}

# hook_src CONF_DIR ARGS...: the hook by hand on the source host
hook_src() {
	local dir=$1
	shift
	LIBVIRT_DEFAULT_URI=$(lv_uri src) VFTEAM_LIBVIRT_CONF_DIR=$dir "$HOOK" "$@"
}

# untouched: the guest is as it was: team idle on the e1000e, still attached
untouched() {
	pt_active src && team_attr_is src migration idle && pt_attached src
}

# refused WHAT RC PATTERN CONF_DIR: "out" with CONF_DIR exits RC, says
# PATTERN on stderr, and leaves the guest as it was
refused() {
	local what=$1 want=$2 pat=$3 dir=$4 rc=0 err
	err=$(hook_src "$dir" out "$LV_DOMAIN" 2>&1 >/dev/null) || rc=$?
	echo "    out ($what): exit $rc: $err"
	# a few tries: one agent or virsh round trip can fail under load (one
	# did in make check, with the guest's log showing it untouched); what
	# a hook changed would stay changed
	[ "$rc" -eq "$want" ] && grep -q -- "$pat" <<<"$err" && wait_for 10 untouched
}

### unhappy paths of "out": nothing changes in the guest
noconf=$VFTEAM_OUT/vm/lv-noconf
noteam=$VFTEAM_OUT/vm/lv-noteam
mkdir -p "$noconf" "$noteam"
{
	echo TEAM=nosuch0
	echo "SRC_HOSTDEV=$XMLDIR/vfteam-pt.xml"
	echo TIMEOUT=10
} >"$noteam/$LV_DOMAIN.conf"
check "$(scenario 'hook out, guest without settings: exit 1, error, guest as it was')" \
	refused 'no settings' 1 'not a vfteam guest' "$noconf"
check "$(scenario 'hook out, team not in the guest: exit 2, error, guest as it was')" \
	refused 'no team' 2 'no team nosuch0' "$noteam"

# failed_migration: out, a migration libvirt cannot start (no daemon at
# the destination URI) and one it refuses (to the source's own daemon:
# "Attempt to migrate guest to the same host"), abort: the e1000e back and
# the team on it
failed_migration() {
	local rc=0 err
	hook_src "$(lv_dir src)/vfteam" out "$LV_DOMAIN" || return 1
	if ! team_attr_is src active_port "$sb" || pt_attached src; then
		echo "    out: the team is not on the standby, or the e1000e still attached" >&2
		return 1
	fi
	err=$(lv_virsh src migrate --live --p2p "$LV_DOMAIN" \
		"qemu+unix:///system?socket=$VFTEAM_OUT/vm/lv-nowhere/libvirt-sock" \
		--migrateuri "tcp:$MIG_IP:$MIG_PORT" 2>&1) || rc=$?
	echo "    virsh migrate to no daemon: exit $rc: $err"
	[ "$rc" -ne 0 ] || return 1
	# libvirt's own refusal: the destination is this host (its UUID)
	rc=0
	err=$(lv_virsh src migrate --live --p2p "$LV_DOMAIN" "$(lv_uri src)" \
		--migrateuri "tcp:$MIG_IP:$MIG_PORT" 2>&1) || rc=$?
	echo "    virsh migrate to this host: exit $rc: $err"
	[ "$rc" -ne 0 ] && grep -q 'same host' <<<"$err" || return 1
	hook_src "$(lv_dir src)/vfteam" abort "$LV_DOMAIN" || return 1
	wait_for 60 pt_active src && team_attr_is src migration idle
}
run_step "failed migration: abort brings the primary back" zero failed_migration

### the migration, under a 10 ms ping
migration() {
	local t0 t1 t2 rc=0
	t0=$(date +%s.%N)
	hook_src "$(lv_dir src)/vfteam" out "$LV_DOMAIN" || rc=$?
	t1=$(date +%s.%N)
	echo "    out: exit $rc, $(since "$t0" "$t1") s"
	[ "$rc" -eq 0 ] || { result FAIL "$(scenario 'hook out on the source')" "exit $rc"; return 1; }
	result PASS "$(scenario 'hook out on the source')"
	lv_virsh src -q migrate-setmaxdowntime "$LV_DOMAIN" 50 || true
	lv_virsh src migrate --live --p2p "$LV_DOMAIN" "$(lv_uri dst)" \
		--migrateuri "tcp:$MIG_IP:$MIG_PORT" >"$mig_out" 2>&1 || rc=$?
	t2=$(date +%s.%N)
	sed 's/^/    | /' "$mig_out"
	echo "    virsh migrate: exit $rc, $(since "$t1" "$t2") s (from $(since "$t0" "$t1") s to $(since "$t0" "$t2") s)"
	[ "$rc" -eq 0 ] || { result FAIL "$(scenario 'virsh migrate --live --p2p')" "exit $rc"; return 1; }
	result PASS "$(scenario 'virsh migrate --live --p2p')"
	# the hook's job on the destination attaches the e1000e once the guest
	# runs there; the team moves back to it
	check "$(scenario 'destination: team back on the e1000e plugin port')" wait_for 120 pt_active dst
	echo "    team back on a primary $(since "$t2") s after the migration," \
		"$(since "$t0") s after out began"
	MIG_T0=$t0
}
mig_out=$VFTEAM_OUT/vm/lv-migrate.log
PING_KEEP=$VFTEAM_OUT/vm/lv-migrate-ping.log
ping_start
sleep 1
mig_ok=0
migration && mig_ok=1
ping_stop

check "$(scenario 'destination: domain running')" \
	test "$(lv_virsh dst -q domstate "$LV_DOMAIN" 2>/dev/null)" = running
check "$(scenario 'source: domain gone')" \
	test -z "$(lv_virsh src -q list --all --name 2>/dev/null)"
# hook_lines HOST: its hook's log, the times from when out began
hook_lines() {
	local line t
	while IFS= read -r line; do
		t=$(date -d "${line:0:23}" +%s.%N)
		echo "    hook ($1) $(since "${MIG_T0:-$t}" "$t")s: ${line#*]: }"
	done <"$(lv_dir "$1")/hook.log"
}
dlog=$(lv_dir dst)/hook.log
hook_called() { grep -q 'libvirtd: migrate begin' "$dlog" && grep -q 'libvirtd: started begin, incoming' "$dlog"; }
check "$(scenario 'destination: libvirtd called the hook (migrate begin, started begin)')" hook_called
# the job sees the team back by itself, a few guest-exec round trips
# after the test did
check "$(scenario "destination: the hook's job attached the e1000e, team on a primary")" \
	wait_for 60 grep -q 'attach-in: team back on a primary' "$dlog"
hook_lines src 2>/dev/null | tail -n 1 || true
hook_lines dst 2>/dev/null || true

if [ "$mig_ok" = 1 ]; then
	check "$(scenario 'destination: migration idle')" team_attr_is dst migration idle
	check "$(scenario 'destination: ping through the team')" wait_for 30 peer_ping 3
	vm_exec dst "cat /sys/class/net/vfteam0/vfteam/ports" | sed 's/^/    /'
	jobinfo=$(lv_virsh dst domjobinfo --completed "$LV_DOMAIN" 2>/dev/null || true)
	grep -E 'Time elapsed|Total downtime|Data processed' <<<"$jobinfo" | sed 's/^/    libvirt: /'
	downtime=$(awk '/^Total downtime:/ { print $3 }' <<<"$jobinfo")
	downtime=${downtime:-0}
	echo "    ping: $PING_SENT sent, $PING_RECV received, $PING_LOST lost"
	ping_gaps_report "$PING_KEEP" "${MIG_T0:-0}"
	if [ "$PING_RECV" -gt 0 ] && [ $((PING_LOST * 10)) -le $((downtime + MARGIN_MS)) ]; then
		result PASS "$(scenario 'pings lost within downtime')" \
			"lost $PING_LOST x 10 ms <= downtime $downtime ms + $MARGIN_MS ms"
	else
		result FAIL "$(scenario 'pings lost within downtime')" \
			"lost $PING_LOST x 10 ms > downtime $downtime ms + $MARGIN_MS ms (received $PING_RECV)"
	fi
	check "$(scenario 'destination console clean')" vm_console_clean dst
fi
check "$(scenario 'source console clean')" vm_console_clean src
lv_down_all
echo "    48-libvirt-migrate: $((SECONDS - t_start)) s"
