# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# libvirt in the test bed (48-libvirt-migrate): libvirtd instances of
# Debian 12's libvirt on this one machine, as two hosts. libvirt refuses a
# migration to a daemon with its own host UUID ("Attempt to migrate guest
# to the same host"), so each instance has its own host_uuid and its own
# /etc/libvirt, /run, /var (lib, log, cache and tmp), bind-mounted in a
# mount namespace of its own (unshare -m) inside the test's network
# namespace: its QEMUs and their taps live there too. Each has its hooks
# dir, with libvirt-qemu-hook as "qemu", its settings under
# lv_dir NAME/vfteam. Nothing is changed outside the namespaces: the user
# libvirt-qemu, which libvirtd 9.0 looks up at start even when qemu.conf
# runs QEMU as root (libvirt-daemon-system would create it), is in a copy
# of /etc/passwd and /etc/group bind-mounted there.
#
# Sourced after integration.sh. Its vm_exec and vm_console replace vm.sh's:
# a guest is named after its libvirt instance, and reached through that
# daemon ("virsh qemu-agent-command"), which owns the guest agent's socket.
# lv_down_all is the exit path (ends the hook's jobs, destroys the domains,
# ends the daemons).

LV_NAMES=()
LV_DOMAIN=vfteam-guest

lv_dir() {
	echo "$VFTEAM_OUT/vm/lv-$1"
}

lv_sock() {
	echo "$(lv_dir "$1")/run/libvirt/libvirt-sock"
}

# lv_uri NAME: that daemon's URI, for virsh -c and for a migration's peer
lv_uri() {
	echo "qemu+unix:///system?socket=$(lv_sock "$1")"
}

# lv_virsh NAME ARGS...: virsh on that daemon
lv_virsh() {
	local name=$1
	shift
	virsh -c "$(lv_uri "$name")" "$@"
}

# lv_up NAME HOST_UUID: start a libvirtd instance (lv_wait: until it answers)
lv_up() {
	local name=$1 uuid=$2 d hook=$VFTEAM_TOP/migration-hooks/libvirt-qemu-hook
	d=$(lv_dir "$name")
	rm -rf "$d"
	mkdir -p "$d/etc/hooks" "$d/run" "$d/var/lib/libvirt" "$d/var/log/libvirt/qemu" \
		"$d/var/cache/libvirt" "$d/var/tmp" "$d/vfteam"
	ln -s /run "$d/var/run"
	cat >"$d/etc/libvirtd.conf" <<-EOC
		host_uuid = "$uuid"
		auth_unix_rw = "none"
		auth_unix_ro = "none"
		log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
	EOC
	# QEMU as root, no cgroups, no private /dev, no virtlogd: this machine
	# has no systemd, and the daemon is a test's
	cat >"$d/etc/qemu.conf" <<-EOC
		user = "root"
		group = "root"
		dynamic_ownership = 0
		remember_owner = 0
		security_driver = "none"
		cgroup_controllers = [ ]
		namespaces = [ ]
		stdio_handler = "file"
	EOC
	# the hook, with this instance's settings directory
	cat >"$d/etc/hooks/qemu" <<-EOC
		#!/bin/sh
		VFTEAM_LIBVIRT_CONF_DIR=$d/vfteam exec $hook "\$@"
	EOC
	chmod +x "$d/etc/hooks/qemu"
	cp /etc/passwd "$d/passwd"
	cp /etc/group "$d/group"
	grep -q '^libvirt-qemu:' "$d/passwd" ||
		echo 'libvirt-qemu:x:64055:64055:libvirt:/var/lib/libvirt:/usr/sbin/nologin' >>"$d/passwd"
	grep -q '^libvirt-qemu:' "$d/group" || echo 'libvirt-qemu:x:64055:' >>"$d/group"
	# the guest's files, beside the others' (the runner's reaper and log dump)
	ln -s var/log/libvirt/qemu/$LV_DOMAIN.console "$d/console.log"
	ln -s var/log/libvirt/qemu/$LV_DOMAIN.log "$d/qemu.log"
	# ip netns exec, unshare and sh exec: $! is libvirtd's pid
	ip netns exec "$NETBED_NS" unshare -m --propagation private sh -ec "
		mount --bind $d/etc /etc/libvirt
		mount --bind $d/passwd /etc/passwd
		mount --bind $d/group /etc/group
		mount --bind $d/run /run
		mount --bind $d/var /var
		exec libvirtd -f /etc/libvirt/libvirtd.conf -p /run/libvirtd.pid" \
		>"$d/libvirtd.out" 2>&1 &
	echo $! >"$d/pid"
	LV_NAMES+=("$name")
}

# lv_wait NAME: that daemon answers (within 60 s)
lv_wait() {
	wait_for 60 test -S "$(lv_sock "$1")" &&
		wait_for 30 lv_virsh "$1" -q version >/dev/null 2>&1
}

# lv_qemu_pids NAME: the QEMUs that daemon started and that still run
lv_qemu_pids() {
	local f pid
	for f in "$(lv_dir "$1")"/run/libvirt/qemu/*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		case $(cat "/proc/$pid/comm" 2>/dev/null) in
		qemu*) echo "$pid" ;;
		esac
	done
}

# lv_down NAME: end the hook's job if one still runs, destroy the domains,
# end the daemon, then any QEMU left
lv_down() {
	local name=$1 d pid dom f
	d=$(lv_dir "$name")
	for f in "$d"/run/vfteam/*.job; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'libvirt-qemu-hook attach-in' ||
			kill "$pid" 2>/dev/null || true
	done
	pid=$(cat "$d/pid" 2>/dev/null) || return 0
	if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = libvirtd ]; then
		for dom in $(lv_virsh "$name" list --name 2>/dev/null); do
			timeout 30 virsh -c "$(lv_uri "$name")" destroy "$dom" >/dev/null 2>&1 || true
		done
		kill "$pid" 2>/dev/null || true
		wait_for 10 vm_gone "$pid" || kill -9 "$pid" 2>/dev/null || true
	fi
	for pid in $(lv_qemu_pids "$name"); do
		kill -9 "$pid" 2>/dev/null || true
	done
}

lv_down_all() {
	local n
	for n in "${LV_NAMES[@]}"; do
		lv_down "$n"
	done
	LV_NAMES=()
}

# vm_console NAME: the guest's serial console on libvirt instance NAME
vm_console() {
	echo "$(lv_dir "$1")/var/log/libvirt/qemu/$LV_DOMAIN.console"
}

# vm_exec NAME CMD...: run a shell command line in the guest on libvirt
# instance NAME, through libvirt's guest agent connection; its output, its
# exit code (125: no answer)
vm_exec() {
	local name=$1
	shift
	python3 - "$(lv_uri "$name")" "$LV_DOMAIN" "${VM_EXEC_TIMEOUT:-120}" "$*" <<-'EOP'
		import base64, json, subprocess, sys, time
		uri, dom, limit, cmd = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]

		def agent(execute, **args):
		    p = subprocess.run(["virsh", "-q", "-c", uri, "qemu-agent-command", dom,
		                        json.dumps({"execute": execute, "arguments": args})],
		                       capture_output=True, text=True)
		    if p.returncode:
		        sys.stderr.write(p.stderr)
		        sys.exit(125)
		    return json.loads(p.stdout)["return"]

		pid = agent("guest-exec", path="/bin/sh", arg=["-c", cmd], **{"capture-output": True})["pid"]
		end = time.monotonic() + limit
		while True:
		    r = agent("guest-exec-status", pid=pid)
		    if r["exited"]:
		        break
		    if time.monotonic() > end:
		        sys.exit("vm_exec: %s: not done after %gs: %s" % (dom, limit, cmd))
		    time.sleep(0.1)
		sys.stdout.write(base64.b64decode(r.get("out-data", "")).decode(errors="replace"))
		sys.stderr.write(base64.b64decode(r.get("err-data", "")).decode(errors="replace"))
		sys.exit(r.get("exitcode", 1))
	EOP
}

# lv_wait_ready NAME: the guest on instance NAME booted and its agent answers
lv_wait_ready() {
	wait_for "${2:-300}" grep -q 'vfteam-guest: ready' "$(vm_console "$1")" 2>/dev/null &&
		wait_for 60 lv_virsh "$1" -q qemu-agent-command "$LV_DOMAIN" '{"execute": "guest-ping"}' \
			>/dev/null 2>&1
}
