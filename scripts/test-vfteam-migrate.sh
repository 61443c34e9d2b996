#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# migration-hooks/vfteam-migrate on the host, no VM: every exit code's path
# against a stand-in for scripts/vmctl.py (this script again, called as
# "vmctl"), which answers for a source and a destination QEMU and for
# qemu-ga in a guest with a team, and fails where a case tells it to. Each
# case is one check: its exit code, and its one-line error (usage) or its
# --json document; "abort" written in the guest after prepare (exits 2 to
# 4); the device plugged back on the source (exit 4). The human timeline
# is read back with vfteam-timeline.sh, as make demo reads it.
#
# usage: test-vfteam-migrate.sh; its results go to $RESULTS when set (make
# check), else it prints its own summary and exits non-zero on a FAIL.
# VFTEAM_MIGRATE=PATH tests another copy of the tool.
set -euo pipefail
export LC_ALL=C # "." in $EPOCHREALTIME

# fake_vmctl ARGS...: vmctl.py's command line, answered from files in
# $FAKE_DIR, which it creates at its first call: the devices of each QEMU
# (the socket's name starts with src or dst), the team's state in the
# guest ("active_port migration active_reason": eth1 is the primary, sb0
# the standby), QEMU's migration status. $FAKE holds key=value words for
# what goes wrong (the defaults below). Every call goes to $FAKE_DIR/log,
# as "SIDE qmp COMMAND ARGS" or "SIDE exec SHELL-LINE". In bash: a python
# start costs more than the whole answer, and the tool makes dozens.
fake_vmctl() {
	local team=yes standby=yes prepare=ok del=ok setparams=ok migrate=completed dstadd=ok
	local d=$FAKE_DIR w ap mig reason qemu side line cmd args id st polls
	local sys=/sys/class/net/vfteam0/vfteam
	for w in ${FAKE:-}; do
		printf -v "${w%%=*}" %s "${w#*=}"
	done
	if [ ! -e "$d/guest" ]; then
		printf '%s\n' rp1 rp2 pt0 >"$d/src.devs"
		printf '%s\n' rp1 rp2 >"$d/dst.devs"
		echo "eth1 idle primary" >"$d/guest"
		echo none >"$d/qemu"
		echo 0 >"$d/polls"
	fi
	read -r ap mig reason <"$d/guest"
	read -r qemu <"$d/qemu"
	side=${2##*/}
	side=${side:0:3}

	case $1 in
	qga-wait) return 0 ;;
	exec)
		line=${*: -1}
		echo "$side exec $line" >>"$d/log"
		if [ "$team" != yes ] || [[ $line != *$sys* ]]; then
			fake_fail "exec: sh: can't cd to the team's directory" 2
		fi
		case $line in
		"cd $sys && "*) echo "$ap $mig $reason" ;;
		"cat $sys/ports")
			echo "eth1 primary up carrier"
			[ "$standby" != yes ] || echo "sb0 standby up carrier"
			;;
		"cat $sys/migration") echo "$mig" ;;
		"echo prepare > $sys/migration")
			[ "$prepare" != refuse ] || fake_fail "exec: sh: write error: No such device"
			# stuck: preparing for ever
			if [ "$prepare" = ok ]; then
				fake_guest sb0 ready migration
			else
				fake_guest sb0 preparing migration
			fi
			;;
		"echo abort > $sys/migration")
			if grep -qx pt0 "$d/src.devs"; then
				fake_guest eth1 idle primary
			else
				fake_guest "$ap" idle "$reason"
			fi
			;;
		*) fake_fail "exec: unexpected: $line" 127 ;;
		esac
		return 0
		;;
	esac

	cmd=$3 args=${4:-{\}}
	echo "$side qmp $cmd $args" >>"$d/log"
	id=
	if [[ $args =~ \"id\":\ *\"([^\"]*)\" ]]; then
		id=${BASH_REMATCH[1]}
	fi
	case $cmd in
	qom-get)
		[[ $args =~ peripheral/([^\"]*)\".*\"property\":\ *\"([^\"]*)\" ]] ||
			fake_fail "qmp qom-get: bad arguments"
		grep -qx "${BASH_REMATCH[1]}" "$d/$side.devs" ||
			fake_fail "qmp qom-get: Device '${BASH_REMATCH[1]}' not found"
		case ${BASH_REMATCH[2]} in
		type) echo '"e1000e"' ;;
		mac) echo '"52:54:00:00:00:40"' ;;
		netdev) echo '"pt"' ;;
		esac
		;;
	query-pci)
		echo '[{"bus": 0, "devices": [{"qdev_id": "rp1", "pci_bridge": {"devices": [{"qdev_id": "sb0"}]}},' \
			'{"qdev_id": "rp2", "pci_bridge": {"devices": [{"qdev_id": "pt0"}]}}]}]'
		;;
	qom-list)
		echo "[$(sed 's/.*/{"name": "&", "type": "child<x>"}/' "$d/$side.devs" | paste -sd,)]"
		;;
	device_del)
		# stuck: accepted, but the device stays
		[ "$del" != fail ] || fake_fail "qmp device_del: Bus 'rp2' does not support hotplugging"
		if [ "$del" = ok ]; then
			sed -i "/^$id\$/d" "$d/$side.devs"
			fake_guest "$ap" reattaching primary-absent
		fi
		echo '{}'
		;;
	device_add)
		# noprimary: plugged, but the team stays on its standby
		[ "$side$dstadd" != dstfail ] || fake_fail "qmp device_add: Duplicate device ID '$id'"
		echo "$id" >>"$d/$side.devs"
		[ "$side$dstadd" != dstok ] || fake_guest eth2 idle primary
		echo '{}'
		;;
	migrate-set-parameters)
		[ "$setparams" = ok ] || fake_fail "qmp migrate-set-parameters: Parameter 'downtime-limit' expects a number"
		echo '{}'
		;;
	stop | cont)
		touch "$d/$side.$cmd"
		echo '{}'
		;;
	migrate)
		[ "$migrate" != refuse ] || fake_fail "qmp migrate: Failed to connect to socket: No such file or directory"
		echo active >"$d/qemu"
		echo '{}'
		;;
	migrate_cancel)
		echo cancelled >"$d/qemu"
		echo '{}'
		;;
	query-migrate)
		# "active" once, then what $migrate says (hang: active for ever)
		read -r polls <"$d/polls"
		echo $((polls + 1)) >"$d/polls"
		if [ "$qemu" = active ] && [ "$polls" -gt 0 ] && [ "$migrate" != hang ]; then
			qemu=$migrate
			echo "$qemu" >"$d/qemu"
			[ "$qemu" != completed ] || fake_guest sb0 reattaching primary-absent
		fi
		case $qemu in
		completed) echo '{"status": "completed", "downtime": 12, "total-time": 345}' ;;
		failed) echo '{"status": "failed", "error-desc": "Connection refused"}' ;;
		*) echo "{\"status\": \"$qemu\"}" ;;
		esac
		;;
	query-status)
		st=inmigrate
		if [ "$qemu" = completed ]; then
			st=running
			[ ! -e "$d/src.stop" ] || [ -e "$d/dst.cont" ] || st=paused
		fi
		echo "{\"status\": \"$st\"}"
		;;
	query-migrate-parameters)
		# one announce round: the device_add after it does not wait
		echo '{"announce-initial": 50, "announce-max": 550, "announce-rounds": 1, "announce-step": 100}'
		;;
	*) fake_fail "qmp $cmd: unexpected" ;;
	esac
}

fake_guest() { echo "$1 $2 $3" >"$FAKE_DIR/guest"; }

fake_fail() {
	echo "vmctl: $1" >&2
	exit "${2:-1}"
}

if [ "${0##*/}" = vmctl ]; then
	fake_vmctl "$@"
	exit
fi

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
# shellcheck disable=SC2046 # one pid per word
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
# shellcheck source=scripts/lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=scripts/lib/results.sh
. "$here/lib/results.sh"
# shellcheck source=migration-hooks/vfteam-timeline.sh
. "$VFTEAM_TOP/migration-hooks/vfteam-timeline.sh"
results_alone "$tmp"
migrate=${VFTEAM_MIGRATE:-$VFTEAM_TOP/migration-hooks/vfteam-migrate}
t0=$EPOCHREALTIME

ln -s "$here/test-vfteam-migrate.sh" "$tmp/vmctl"
# The tool starts python3 a dozen times a run, the test about 300 times:
# Debian's own (what the test bed installs), not one a version manager put
# first in PATH (pyenv's shim took a second a start on a busy host, the
# python behind it 0.17 s of CPU, Debian's 0.06 s)
mkdir "$tmp/bin"
py=/usr/bin/python3
[ -x "$py" ] || py=$(python3 -c 'import sys; print(sys.executable)')
ln -s "$py" "$tmp/bin/python3"
PATH=$tmp/bin:$PATH

SYS=/sys/class/net/vfteam0/vfteam
ABORT="src exec echo abort > $SYS/migration"
DEV='{"driver": "e1000e", "id": "pt0", "bus": "rp2", "netdev": "pt", "mac": "52:54:00:00:00:40", "romfile": ""}'
# what the tool reads on the source for the device to plug back
SRC_DEV='{"driver": "e1000e", "id": "pt0", "netdev": "pt", "mac": "52:54:00:00:00:40", "romfile": "", "bus": "rp2"}'
args=(--src-qmp "$tmp/src-qmp" --src-qga "$tmp/src-qga" --dst-qmp "$tmp/dst-qmp"
	--dst-qga "$tmp/dst-qga" --dst-uri unix:nowhere --pt-id pt0 --timeout 1)

# run CASE FAKE ARG...: the tool with ARG..., in the background; CASE's
# directory gets its exit code (rc), stdout, stderr and the stand-in's log
run() {
	local c=$tmp/$1 f=$2
	shift 2
	mkdir "$c"
	(
		rc=0
		FAKE=$f FAKE_DIR=$c VMCTL=$tmp/vmctl "$migrate" "$@" \
			>"$c/out" 2>"$c/err" </dev/null || rc=$?
		echo "$rc" >"$c/rc"
	) &
}

# the cases with a 1 s timeout first: they take longest
run not-ready prepare=stuck "${args[@]}" --json
run still-there del=stuck "${args[@]}" --json
run mig-timeout migrate=hang "${args[@]}" --migrate-timeout 1 --json
run no-primary dstadd=noprimary "${args[@]}" --dst-device "$DEV" --json
run migrated '' "${args[@]}" --dst-device "$DEV" --json
run migrated-human '' "${args[@]}" --dst-device "$DEV"
run paused '' "${args[@]}" --dst-device "$DEV" --paused --json
run refused prepare=refuse "${args[@]}" --json
run del-refused del=fail "${args[@]}" --json
run mig-failed migrate=failed "${args[@]}" --json
run mig-failed-human migrate=failed "${args[@]}"
run mig-refused migrate=refuse "${args[@]}" --json
run params-refused setparams=fail "${args[@]}" --downtime-limit 50 --json
run add-failed dstadd=fail "${args[@]}" --dst-device "$DEV" --json
run no-team team=no "${args[@]}" --json
run no-standby standby=no "${args[@]}" --json
run no-device '' "${args[@]}" --pt-id pt9 --json
run help '' --help
run unknown '' "${args[@]}" --foo
run unknown-json '' --foo "${args[@]}" --json
run no-src-qmp '' "${args[@]:2}"
run no-value '' "${args[@]}" --timeout
run timeout-x '' "${args[@]}" --timeout x
run mig-timeout-0 '' "${args[@]}" --migrate-timeout 0
run downtime-5ms '' "${args[@]}" --downtime-limit 5ms
run bandwidth-neg '' "${args[@]}" --max-bandwidth -1
run dst-array '' "${args[@]}" --dst-device '[1]'
run src-bad-json '' "${args[@]}" --src-device '{x'
run bad-pt-id '' "${args[@]}" --pt-id "pt0'"
wait


# say WHAT: why a check fails, under its FAIL line
say() { echo "      $*" >&2; }

rc_is() {
	local rc
	rc=$(cat "$tmp/$1/rc")
	[ "$rc" = "$2" ] || { say "$1: exit $rc, not $2"; return 1; }
}

# usage_line CASE LINE: exit 1, LINE (a pattern) alone on stderr, nothing
# on stdout, and nothing asked of QEMU or the guest
usage_line() {
	local err
	err=$(cat "$tmp/$1/err")
	rc_is "$1" 1 || return 1
	# shellcheck disable=SC2053 # LINE is a pattern
	if [[ $err != $2 ]] || [ "$(wc -l <"$tmp/$1/err")" -ne 1 ]; then
		say "$1: stderr: $err"
		return 1
	fi
	[ ! -s "$tmp/$1/out" ] || { say "$1: stdout not empty"; return 1; }
	[ ! -e "$tmp/$1/log" ] || { say "$1: vmctl called"; return 1; }
}

# doc CASE EXPR: CASE's stdout is one line, a JSON document of the
# documented shape, on which the python expression EXPR holds (j: the
# document, names: its phases' names, last: its last phase, lines: the
# lines on doc's stdin)
cat >"$tmp/doc.py" <<'PY'
import json
import sys


def holds():
    with open(sys.argv[1]) as f:
        text = f.read()
    assert text.count("\n") == 1 and text.endswith("\n"), "not one line"
    j = json.loads(text)
    assert set(j) == {"exit", "result", "error", "team", "standby",
                      "migration", "phases", "start_epoch"}, sorted(j)
    assert isinstance(j["exit"], int) and isinstance(j["result"], str)
    assert j["start_epoch"] is None or isinstance(j["start_epoch"], float)
    assert j["error"] is None or isinstance(j["error"], str)
    m = j["migration"]
    assert m is None or \
        set(m) == {"status", "downtime_ms", "total_ms", "paused"}, m
    for p in j["phases"]:
        assert set(p) == {"t", "phase", "state", "note"}, p
        assert isinstance(p["t"], (int, float)) and p["t"] >= 0, p
        assert isinstance(p["phase"], str), p
        assert p["state"] is None or \
            set(p["state"]) == {"active_port", "migration", "reason"}, p
    names = [p["phase"] for p in j["phases"]]
    last = j["phases"][-1] if j["phases"] else None
    lines = sys.stdin.read().splitlines()
    # one namespace: a generator in EXPR sees these names too
    return eval(sys.argv[2], {"j": j, "names": names, "last": last,
                              "lines": lines})


try:
    ok = holds()
except Exception as e:
    print(f"      {type(e).__name__}: {e}", file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
PY
doc() {
	python3 "$tmp/doc.py" "$tmp/$1/out" "$2" || { say "$1: not $2"; return 1; }
}

# ran CASE EXIT RESULT [EXPR]: CASE exited EXIT, and its document says so
ran() {
	rc_is "$1" "$2" &&
		doc "$1" "j['exit'] == $2 and j['result'] == '$3' and (${4:-True})" </dev/null
}

# called CASE LINE...: the stand-in got each LINE (a call as it logs it),
# in this order
called() {
	local c=$1 n=0 m
	shift
	while [ $# -gt 0 ]; do
		m=$(grep -nxF -- "$1" "$tmp/$c/log" | head -n 1 | cut -d: -f1)
		if [ -z "$m" ] || [ "$m" -le "$n" ]; then
			say "$c: no call (after line $n): $1"
			return 1
		fi
		n=$m
		shift
	done
}

# never CASE REGEX: the stand-in got no call matching REGEX
never() {
	! grep -qE -- "$2" "$tmp/$1/log" 2>/dev/null || { say "$1: called: $2"; return 1; }
}

# nothing_changed CASE: no write in the guest, no device_del, no migrate
nothing_changed() {
	never "$1" ' exec echo | qmp (device_del|migrate) '
}

# human_matches CASE JSON-CASE: CASE's timeline, read as make demo reads
# it, has the phases of JSON-CASE's document (the same run, --json)
human_matches() {
	local names
	names=$(timeline_phases "$tmp/$1/out" | cut -f2)
	if [ -z "$(timeline_t0 "$tmp/$1/out")" ] || [ -z "$names" ]; then
		say "$1: no timeline"
		return 1
	fi
	doc "$2" "names == lines" <<<"$names" || { say "$1: phases differ from $2's"; return 1; }
}

# shellcheck disable=SC2317 # the cases: called through check
{
help_complete() {
	local out o n
	out=$(cat "$tmp/help/out")
	rc_is help 0 || return 1
	[ ! -s "$tmp/help/err" ] || { say "help: on stderr"; return 1; }
	# every option the parser knows
	while read -r o; do
		grep -q -- "$o" <<<"$out" || { say "help: no $o"; return 1; }
	done < <(sed -n '/^while \[ \$# -gt 0 \]; do$/,/^done$/p' "$migrate" |
		grep -oE -- '--[a-z][a-z-]+' | sort -u)
	for n in 0 1 2 3 4 5; do
		grep -qE "^  $n  " <<<"$out" || { say "help: no exit code $n"; return 1; }
	done
}

usage_json() {
	ran unknown-json 1 usage 'j["error"] == "unknown option --foo" and names == []' ||
		return 1
	[ "$(cat "$tmp/unknown-json/err")" = "vfteam-migrate: unknown option --foo" ] ||
		{ say "unknown-json: stderr: $(cat "$tmp/unknown-json/err")"; return 1; }
}

no_team() { ran no-team 1 setup-failed && nothing_changed no-team; }

no_standby() {
	ran no-standby 1 setup-failed '"standby" in j["error"]' && nothing_changed no-standby
}

no_device() {
	ran no-device 1 setup-failed '"pt9" in j["error"]' && nothing_changed no-device
}

# refused: nothing to undo, the team never left idle
refused() {
	ran refused 2 prepare-failed 'names == ["start", "prepare refused"] and
		last["state"]["migration"] == "idle"' &&
		never refused ' exec echo abort| qmp device_del '
}

not_ready() {
	ran not-ready 2 prepare-failed 'names[-1] == "abort written in the guest"' &&
		called not-ready "src exec echo prepare > $SYS/migration" "$ABORT" &&
		never not-ready ' qmp device_del '
}

del_refused() {
	ran del-refused 3 unplug-failed 'names[-1] == "abort written in the guest" and
		"b) pt0 unplugged" not in names' &&
		called del-refused 'src qmp device_del {"id": "pt0"}' "$ABORT" &&
		never del-refused ' qmp migrate '
}

still_there() {
	ran still-there 3 unplug-failed 'names[-1] == "abort written in the guest"' &&
		called still-there 'src qmp device_del {"id": "pt0"}' "$ABORT" &&
		never still-there ' qmp migrate '
}

# the team back on its primary, in the guest's own words
mig_failed() {
	ran mig-failed 4 migration-failed 'j["migration"]["status"] == "failed" and
		names[-2:] == ["c) pt0 re-plugged on the source", "abort written in the guest"] and
		last["state"] == {"active_port": "eth1", "migration": "idle", "reason": "primary"}' &&
		called mig-failed 'src qmp migrate {"uri": "unix:nowhere"}' \
			"src qmp device_add $SRC_DEV" "$ABORT"
}

mig_refused() {
	ran mig-refused 4 migration-failed 'j["migration"] is None' &&
		called mig-refused 'src qmp migrate {"uri": "unix:nowhere"}' \
			"src qmp device_add $SRC_DEV" "$ABORT"
}

mig_timeout() {
	ran mig-timeout 4 migration-failed 'j["migration"]["status"] == "cancelled"' &&
		called mig-timeout 'src qmp migrate_cancel {}' "src qmp device_add $SRC_DEV" "$ABORT"
}

params_refused() {
	ran params-refused 4 migration-failed 'j["migration"] is None' &&
		called params-refused 'src qmp migrate-set-parameters {"downtime-limit": 50}' \
			"src qmp device_add $SRC_DEV" "$ABORT" &&
		never params-refused ' qmp migrate '
}

add_failed() {
	ran add-failed 5 reattach-failed 'j["migration"]["status"] == "completed" and
		"device_add" in j["error"] and "d) team on the standby" in names' &&
		called add-failed "dst qmp device_add $DEV" && never add-failed ' exec echo abort'
}

no_primary() {
	ran no-primary 5 reattach-failed '"no primary" in j["error"] and
		names[-2:] == ["d) team on the standby", "e) done"] and
		j["phases"][-2]["state"]["active_port"] == "sb0"' &&
		called no-primary "dst qmp device_add $DEV" && never no-primary ' exec echo abort'
}

# the human lines are on stderr with --json
migrated() {
	ran migrated 0 "done" 'j["error"] is None and j["team"] == "vfteam0" and
		j["standby"] == "sb0" and
		j["migration"] == {"status": "completed", "downtime_ms": 12,
		                   "total_ms": 345, "paused": False} and
		names[:4] == ["start", "a) guest ready (on standby)", "b) pt0 unplugged",
		              "c) migration started"] and
		j["phases"][4]["note"] == "migration start + QEMU total-time" and
		j["phases"][0]["state"]["active_port"] == "eth1" and
		names[-2:] == ["d) team back on a primary", "e) done"] and
		j["phases"][-2]["state"]["active_port"] == "eth2" and
		isinstance(j["start_epoch"], float)' &&
		called migrated 'src qmp device_del {"id": "pt0"}' \
			'src qmp migrate {"uri": "unix:nowhere"}' "dst qmp device_add $DEV" &&
		grep -qx 'migration: completed, downtime 12 ms, total-time 345 ms' "$tmp/migrated/err"
}

paused() {
	ran paused 0 "done" 'j["migration"]["paused"] is True and
		"c) destination continued" in names' &&
		called paused 'src qmp stop {}' 'src qmp migrate {"uri": "unix:nowhere"}' 'dst qmp cont {}'
}

# as make demo and the scenarios read it
migrated_human() {
	local ms n
	rc_is migrated-human 0 && human_matches migrated-human migrated || return 1
	ms=$(timeline_migration_ms "$tmp/migrated-human/out")
	[ "$ms" = "12 345" ] || { say "migrated-human: downtime and total: $ms"; return 1; }
	# the migration line, the header and the phases: nothing else
	n=$(wc -l <"$tmp/migrated-human/out")
	[ "$n" -eq 13 ] || { say "migrated-human: $n lines on stdout"; return 1; }
}

mig_failed_human() {
	rc_is mig-failed-human 4 && human_matches mig-failed-human mig-failed
}
}

check "vfteam-migrate: --help: exit 0, on stdout, every option and exit code" help_complete
check "vfteam-migrate: unknown option: exit 1, one line naming it" \
	usage_line unknown 'vfteam-migrate: unknown option --foo'
check "vfteam-migrate: --src-qmp missing: exit 1, one line naming it" \
	usage_line no-src-qmp 'vfteam-migrate: --src-qmp is required'
check "vfteam-migrate: an option without its value: exit 1, one line" \
	usage_line no-value 'vfteam-migrate: --timeout needs a value'
check "vfteam-migrate: --timeout x: exit 1, one line" \
	usage_line timeout-x 'vfteam-migrate: --timeout: not a positive integer: x'
check "vfteam-migrate: --migrate-timeout 0: exit 1, one line" \
	usage_line mig-timeout-0 'vfteam-migrate: --migrate-timeout: not a positive integer: 0'
check "vfteam-migrate: --downtime-limit 5ms: exit 1, one line" \
	usage_line downtime-5ms 'vfteam-migrate: --downtime-limit: not a positive integer: 5ms'
check "vfteam-migrate: --max-bandwidth -1: exit 1, one line" \
	usage_line bandwidth-neg 'vfteam-migrate: --max-bandwidth: not a positive integer: -1'
check "vfteam-migrate: --dst-device not a JSON object: exit 1, one line" \
	usage_line dst-array 'vfteam-migrate: --dst-device: not a JSON object'
check "vfteam-migrate: --src-device not JSON: exit 1, one line" \
	usage_line src-bad-json 'vfteam-migrate: --src-device: not JSON: *'
check "vfteam-migrate: --pt-id with a quote: exit 1, one line" \
	usage_line bad-pt-id "vfteam-migrate: --pt-id: not a QEMU device id: pt0'"
check "vfteam-migrate --json: usage error: exit 1, result usage" usage_json
check "vfteam-migrate --json: no team in the guest: exit 1, nothing changed" no_team
check "vfteam-migrate --json: no standby: exit 1, nothing changed" no_standby
check "vfteam-migrate --json: no such --pt-id on the source: exit 1, nothing changed" no_device
check "vfteam-migrate --json: prepare refused: exit 2, nothing to abort" refused
check "vfteam-migrate --json: guest not ready in time: exit 2, abort written" not_ready
check "vfteam-migrate --json: device_del refused: exit 3, abort written" del_refused
check "vfteam-migrate --json: device still there after --timeout: exit 3, abort written" still_there
check "vfteam-migrate --json: migration failed: exit 4, device back on the source, abort written" mig_failed
check "vfteam-migrate --json: migrate refused: exit 4, device back on the source, abort written" mig_refused
check "vfteam-migrate --json: migration timed out: exit 4, cancelled, device back, abort written" mig_timeout
check "vfteam-migrate --json: migration parameters refused: exit 4, device back, abort written" params_refused
check "vfteam-migrate --json: device_add on the destination refused: exit 5" add_failed
check "vfteam-migrate --json: no primary takes the traffic back: exit 5" no_primary
check "vfteam-migrate --json: migrated: exit 0, the document" migrated
check "vfteam-migrate --json: --paused: exit 0, source stopped, destination continued" paused
check "vfteam-migrate: migrated: exit 0, timeline and downtime as make demo reads them" migrated_human
check "vfteam-migrate: migration failed: exit 4, its timeline as make demo reads it" mig_failed_human

echo "    test-vfteam-migrate: $(find "$tmp" -name rc | wc -l) runs of vfteam-migrate," \
	"$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
results_alone_summary
