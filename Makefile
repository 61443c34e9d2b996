# SPDX-License-Identifier: GPL-2.0
#
# Thin wrapper around kbuild's external-module build, plus the two commands of
# the README: `make check` (all tests) and `make demo` (end-to-end in QEMU).

KDIR ?= /lib/modules/$(shell uname -r)/build
QUICK ?= 0
CONFIG ?= vfteam_e1000e
RUN ?= tcp_tx

CHECKPATCH ?= $(firstword $(wildcard \
	$(HOME)/.cache/vfteam/src/*/linux-source-6.1/scripts/checkpatch.pl \
	$(KDIR)/scripts/checkpatch.pl))

C_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
SH_FILES = $(shell git ls-files 'scripts/*.sh' 'scripts/lib/*.sh' \
	'scripts/integration/*.sh' 'scripts/lib/scenarios/*.sh' 'scripts/guest/init' 'scripts/guest/vfteam-finish' \
	'scripts/bench/*.sh' 'scripts/bench/guest/vfteam-bench' \
	'migration-hooks/vfteam-migrate' 'migration-hooks/libvirt-qemu-hook' \
	.ci/run 2>/dev/null)

.PHONY: all modules install clean check check-full check-distro check-kernels scenario demo bench profile torture style deb

all: modules

modules:
	@test -f $(KDIR)/Makefile || { \
		echo "KDIR=$(KDIR) is not a kernel build tree;" \
		     "install linux-headers-amd64 or pass KDIR=..."; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

# the modules into /lib/modules/<kernel>/updates (INSTALL_MOD_PATH=DIR: a
# staging root), and what a plugin built out of tree needs, under
# $(DESTDIR)$(PREFIX)/src/vfteam: include/vfteam/{plugin,compat}.h and vfteam's
# Module.symvers (see plugin-abi/README.md, "Building")
PREFIX ?= /usr/local
VFTEAM_SDK = $(DESTDIR)$(PREFIX)/src/vfteam
install: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates modules_install
	install -D -m 0644 plugin-abi/include/vfteam/plugin.h \
		$(VFTEAM_SDK)/include/vfteam/plugin.h
	install -D -m 0644 plugin-abi/include/vfteam/compat.h \
		$(VFTEAM_SDK)/include/vfteam/compat.h
	install -D -m 0644 Module.symvers $(VFTEAM_SDK)/Module.symvers

clean:
	rm -rf out
	find . -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name 'modules.order' -o -name 'Module.symvers' \
		-o -name '*.o.d' | grep -v '^./.git/' | xargs rm -f

check:
	scripts/check.sh

# vfteam-dkms and vfteam-tools (debian/) into out/deb/, from a copy of the
# tracked files; installs its build dependencies with apt
deb:
	scripts/build-deb.sh

# make check with nothing left out (about 25 minutes more): on the debug
# kernel 00-testbed, 10-failover's flapping, macvlan and bridge steps,
# 30-plugin-e1000e's macvlan, bridge, multicast and ethtool steps,
# 35-plugin-rtl8139 and every migration (40, 45, 50, 75); on the stock
# one 70-torture, and 75's 4 hops not 2
check-full:
	VFTEAM_CHECK_FULL=1 scripts/check.sh

# the Debian 12 guest's scenarios (scripts/distro/): a systemd guest with
# udev, networkd, NetworkManager, cloud-init and DKMS; S=NN-name for one
check-distro:
	scripts/check-distro.sh $(S)

# every integration scenario on Debian 12's 6.12 and cloud kernels (make
# check only builds the modules for them)
check-kernels:
	scripts/check-kernels.sh

# one integration scenario on one guest kernel, e.g. S=40-migrate K=debug;
# TIMEOUT=SECONDS overrides scripts/integration/settings
S ?=
K ?= stock
scenario:
	@test -n "$(S)" || { echo "usage: make scenario S=NN-name [K=stock|debug|6.12|cloud|distro] [TIMEOUT=s]"; exit 2; }
	SCENARIO_TIMEOUT=$(TIMEOUT) scripts/scenario.sh $(S) $(K)

demo:
	scripts/demo.sh

# QUICK=1: one repetition and short runs (what make check runs)
bench:
	QUICK=$(QUICK) scripts/bench/bench.sh

# the long forms, on the debug kernel: 70-torture for TORTURE_SECONDS (600),
# the flapping primary for FLAP_TOGGLES (1000) on each port kind
torture:
	scripts/torture.sh

# where the guest's CPU goes in one data-path run of make bench
profile:
	scripts/bench/profile.sh $(CONFIG) $(RUN)

# MACRO_ARG_REUSE: the port iterators (vfteam_for_each_*) and the KUnit
# wait-for-condition macro evaluate their arguments on every pass by design,
# as list_for_each_entry() does. Per file: trace.h is written in the
# TRACE_EVENT() layout of the kernel's include/trace/events/ (lines ending
# in "(", arguments aligned by tab), and plugin_call.h's "op" is a member
# name, which cannot be parenthesised
STYLE_IGNORE_team-driver/trace.h = ,OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT
STYLE_IGNORE_team-driver/plugin_call.h = ,MACRO_ARG_PRECEDENCE
# compat.h is where the version tests go (checkpatch reads
# LINUX_VERSION_CODE as a constant on the left)
STYLE_IGNORE_plugin-abi/include/vfteam/compat.h = ,LINUX_VERSION_CODE,CONSTANT_COMPARISON
style:
	@test -n "$(CHECKPATCH)" || { echo "no checkpatch.pl; run make check once"; exit 1; }
	@fail=0; $(foreach f,$(C_FILES),perl $(CHECKPATCH) --no-tree --strict --terse -q \
		--ignore MACRO_ARG_REUSE$(STYLE_IGNORE_$(f)) -f $(f) || fail=1;) \
	shellcheck -x $(SH_FILES) || fail=1; exit $$fail
