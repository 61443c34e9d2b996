/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam.ko as a whole: its name, its module parameters and how it exports
 * symbols to its KUnit suites.
 *
 * Lock order of the whole module (outermost first):
 *   RTNL  >  team->stats_lock            (leaf; team.h)
 *   RTNL  >  plugin_port->tx_lock         (leaf, BH off; plugin_port.h)
 * vfteam_plugins_lock (plugin_host.c) nests with neither: it guards only
 * the list of registered plugins.  RTNL serialises every control-path
 * change; the data path runs under RCU(-bh) and reads pointers published
 * with rcu_assign_pointer().
 */
#ifndef _VFTEAM_MAIN_H
#define _VFTEAM_MAIN_H

#include <linux/export.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#define VFTEAM_DRV_NAME "vfteam"
/* the release, in modinfo (MODULE_VERSION) and ethtool -i */
#define VFTEAM_VERSION "0.15.0"

/* the most a team's prepare grace may be, in ms (sysfs and parameter) */
#define VFTEAM_PREPARE_GRACE_MAX_MS	10000

/* module parameters: read when a team is created or a device registers */
extern bool vfteam_auto_pair;
extern unsigned int vfteam_prepare_grace_ms;

/*
 * The teams' delayed works (the prepare grace, the flap hold-down), which
 * take RTNL; each holds a reference on its team's netdev while queued.
 * Destroyed (drained) at module exit, after the last team is gone.
 */
extern struct workqueue_struct *vfteam_wq;

/*
 * Symbols the KUnit module (kunit-tests/, a separate module) calls but
 * plugins must not: exported only in kernels with KUnit, and only into
 * the VFTEAM_TESTS namespace, which a plugin would have to import by name.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define EXPORT_SYMBOL_FOR_VFTEAM_TESTS(sym)	EXPORT_SYMBOL_NS_GPL(sym, VFTEAM_TESTS)
#else
#define EXPORT_SYMBOL_FOR_VFTEAM_TESTS(sym)	static_assert(1)
#endif

#endif /* _VFTEAM_MAIN_H */
