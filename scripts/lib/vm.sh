# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# QEMU runner for test guests: q35 with PCIe root ports (so NICs can be hot
# unplugged and plugged over QMP), serial console captured to a file, a QMP
# socket, and qemu-ga on a virtio-serial port. Guests run inside the test's
# network namespace so their taps are there. vm_kill_all is the exit path:
# callers install it in their cleanup trap so no guest outlives a test.

VM_PIDS=()

# TCG unless KVM boots a kernel to its first panic within a few seconds; the
# answer is kept per host boot. VFTEAM_ACCEL=tcg|kvm overrides.
vm_accel() {
	local cache kernel
	if [ -n "${VFTEAM_ACCEL:-}" ]; then
		echo "$VFTEAM_ACCEL"
		return
	fi
	cache=/tmp/vfteam-accel.$(cat /proc/sys/kernel/random/boot_id)
	if [ ! -f "$cache" ]; then
		kernel=$(find /boot -name 'vmlinuz-*' | head -n 1)
		if [ -c /dev/kvm ] && [ -n "$kernel" ] &&
		   timeout 20 qemu-system-x86_64 -accel kvm -M q35 -m 256 \
			-nodefaults -display none -no-reboot -serial stdio \
			-kernel "$kernel" -append "console=ttyS0 panic=-1" \
			2>/dev/null | grep -q -m 1 'Kernel panic'; then
			echo kvm >"$cache"
		else
			echo tcg >"$cache"
		fi
	fi
	cat "$cache"
}

vm_dir() {
	echo "$VFTEAM_OUT/vm/$1"
}

# vm_start NAME KERNEL INITRD APPEND [QEMU-ARGS...]
# Devices are added by the caller; the root ports rp1..rp4 are always there.
# VM_IOMMU=1 puts the guest behind QEMU's intel-iommu, strict (every unmap
# invalidated at once), as real passthrough always is: a device's DMA
# outside a buffer mapped for it faults ("DMAR: [DMA ...] fault"), which
# the console check catches.
vm_start() {
	local name=$1 kernel=$2 initrd=$3 append=$4 dir accel mem
	local iommu=()
	shift 4
	if [ "${VM_IOMMU:-0}" = 1 ]; then
		iommu=(-device intel-iommu)
		append="$append intel_iommu=on iommu.strict=1"
	fi
	dir=$(vm_dir "$name")
	rm -rf "$dir"
	mkdir -p "$dir"
	accel=$(vm_accel)
	mem=${VM_MEM:-1536}
	# The traces (epoch-stamped, into qemu.log) say, when a step loses
	# pings, whether an emulated NIC dropped frames and why: no Rx buffer
	# (igb drops for a VF's empty ring while its PF's has room, where e1000e
	# holds frames back), its link down, its Rx off (vm_nic_rx_drops)
	# la57=off: with TCG's "max" CPU the guest picks 5-level paging, and the
	# debug kernel's KASAN then reported an early-boot wild access in an
	# interrupt (in Linux itself, once in ~20 boots); 4-level as on most hosts
	ip netns exec "$NETBED_NS" qemu-system-x86_64 \
		-M q35 -accel "$accel" -cpu max,la57=off -m "$mem" -smp 1 \
		-nodefaults -display none -no-reboot \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0,115200 panic=-1 printk.time=1 $append" \
		-chardev file,id=con,path="$dir/console.log" -serial chardev:con \
		-qmp unix:"$dir/qmp.sock",server=on,wait=off \
		"${iommu[@]}" \
		-msg timestamp=on -trace e1000e_rx_not_written_to_guest \
		-trace e1000x_rx_link_down -trace e1000x_rx_disabled \
		-chardev socket,id=qga,path="$dir/qga.sock",server=on,wait=off \
		-device virtio-serial-pci,id=vser \
		-device virtserialport,chardev=qga,name=org.qemu.guest_agent.0 \
		-device pcie-root-port,id=rp1,chassis=1,slot=1 \
		-device pcie-root-port,id=rp2,chassis=2,slot=2 \
		-device pcie-root-port,id=rp3,chassis=3,slot=3 \
		-device pcie-root-port,id=rp4,chassis=4,slot=4 \
		"$@" >"$dir/qemu.log" 2>&1 &
	echo $! >"$dir/pid"
	VM_PIDS+=($!)
}

# vm_nic_rx_drops T0 T1: for each guest whose emulated NIC dropped frames
# between T0 and T1 (epoch seconds), one line per reason (no Rx buffer, on
# which queues; link down; Rx disabled): how many and when (seconds after
# T0); nothing if none did
vm_nic_rx_drops() {
	local t0=$1 t1=$2 f
	for f in "$VFTEAM_OUT"/vm/*/qemu.log; do
		[ -f "$f" ] || continue
		awk -v t0="$t0" -v t1="$t1" -v vm="$(basename "$(dirname "$f")")" '
			BEGIN {
				why["e1000e_rx_not_written_to_guest"] = "for want of an Rx buffer"
				why["e1000x_rx_link_down"] = "with its link down"
				why["e1000x_rx_disabled"] = "with its Rx disabled"
			}
			/^[0-9]+@[0-9.]+:/ {
				ev = $1; sub(/^[^:]*:/, "", ev)
				if (!(ev in why))
					next
				t = substr($0, index($0, "@") + 1) + 0
				if (t < t0 || t > t1)
					next
				if (!n[ev]++)
					first[ev] = t
				last[ev] = t
				if (!match($0, /\(queue [0-9]+\)/))
					next
				q = substr($0, RSTART + 7, RLENGTH - 8)
				if (!((ev, q) in seen))
					queues[ev] = queues[ev] (queues[ev] == "" ? "" : ",") q
				seen[ev, q] = 1
			}
			END {
				for (ev in n)
					printf "    %s: the emulated NIC dropped %d frames %s%s, from %.3fs to %.3fs\n",
						vm, n[ev], why[ev],
						queues[ev] == "" ? "" : " (queue " queues[ev] ")",
						first[ev] - t0, last[ev] - t0
			}' "$f"
	done
}

vm_console() {
	echo "$(vm_dir "$1")/console.log"
}

# vm_wait_console NAME REGEX TIMEOUT: poll the console for a line
vm_wait_console() {
	local name=$1 re=$2 timeout=$3 t0 pid
	t0=$(date +%s)
	pid=$(cat "$(vm_dir "$name")/pid")
	while ! grep -qE "$re" "$(vm_console "$name")" 2>/dev/null; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "vm $name: QEMU exited; see $(vm_dir "$name")/qemu.log" >&2
			return 1
		fi
		if (($(date +%s) - t0 > timeout)); then
			echo "vm $name: no '$re' after ${timeout}s; see $(vm_console "$name")" >&2
			return 1
		fi
		sleep 1
	done
}

vm_wait_ready() {
	vm_wait_console "$1" 'vfteam-guest: ready' "${2:-600}" &&
		"$VFTEAM_TOP/scripts/vmctl.py" qga-wait "$(vm_dir "$1")/qga.sock" --timeout 120
}

# vm_exec NAME CMD...: run a shell command line in the guest
vm_exec() {
	local name=$1
	shift
	"$VFTEAM_TOP/scripts/vmctl.py" exec "$(vm_dir "$name")/qga.sock" \
		--timeout "${VM_EXEC_TIMEOUT:-120}" -- /bin/sh -c "$*"
}

# vm_qmp NAME COMMAND [JSON-ARGS]
vm_qmp() {
	"$VFTEAM_TOP/scripts/vmctl.py" qmp "$(vm_dir "$1")/qmp.sock" "$2" "${3:-{\}}"
}

# vm_wait_exit NAME TIMEOUT: wait for QEMU to end by itself (guest powered off)
vm_wait_exit() {
	wait_for "$2" vm_gone "$(cat "$(vm_dir "$1")/pid")"
}

# vm_gone PID: that QEMU has ended
vm_gone() {
	! kill -0 "$1" 2>/dev/null
}

# vm_stop NAME: kmemleak scan in the guest, then quit QEMU
vm_stop() {
	local name=$1
	VM_EXEC_TIMEOUT=300 vm_exec "$name" /sbin/vfteam-finish >/dev/null 2>&1 || true
	vm_qmp "$name" quit >/dev/null 2>&1 || true
	vm_wait_exit "$name" 30 || kill -9 "$(cat "$(vm_dir "$name")/pid")" 2>/dev/null || true
}

vm_kill_all() {
	local pid
	# only while the pid is still a QEMU: one that ended (a guest powered
	# off, a reboot) may have its pid reused by now
	for pid in "${VM_PIDS[@]}"; do
		case $(cat "/proc/$pid/comm" 2>/dev/null) in
		qemu*) kill -9 "$pid" 2>/dev/null || true ;;
		esac
	done
	VM_PIDS=()
}

# Kernel reports that make a run red wherever they appear: warnings and
# crashes, lockdep, KASAN/UBSAN, kmemleak, and the hangs (a device reference
# never dropped, an interrupt nobody handles, a hung task, an RCU stall).
VM_BAD_CONSOLE='WARNING:|BUG:|KASAN|UBSAN|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|unreferenced object|Kernel panic|Oops|general protection fault|blocked for more than|unregister_netdevice: waiting for|nobody cared|hung_task|self-detected stall|detected stalls on CPUs|DMAR: \[DMA|DMAR: DRHD: handling fault'

# vm_console_clean NAME: succeed when the console has no kernel report
vm_console_clean() {
	local log
	log=$(vm_console "$1")
	if grep -nE "$VM_BAD_CONSOLE" "$log" >&2; then
		echo "vm $1: kernel report on the console: $log" >&2
		return 1
	fi
}
