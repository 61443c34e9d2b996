/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Calling a plugin's control-path op (attach, detach, quiesce, restart,
 * reset, change_mtu, set_rx_filter, set_irq_moderation, set_rss,
 * get_hw_stats): each call goes through these so that both of its ends
 * are traced (trace.h).  The data path's ops trace where they are called
 * (txrx.c, plugin_port.c), one event per call.
 */
#ifndef _VFTEAM_PLUGIN_CALL_H
#define _VFTEAM_PLUGIN_CALL_H

#include "plugin_port.h"
#include "trace.h"

/* pp->ops->op(pp, ...), an int op; evaluates to what it returned */
#define vfteam_plugin_call(pp, op, ...) ({				\
	int __ret;							\
	trace_vfteam_plugin_op_enter((pp)->name, #op);			\
	__ret = (pp)->ops->op((pp), ##__VA_ARGS__);			\
	trace_vfteam_plugin_op_exit((pp)->name, #op, __ret);		\
	__ret;								\
})

/* pp->ops->op(pp, ...), a void op */
#define vfteam_plugin_call_void(pp, op, ...) do {			\
	trace_vfteam_plugin_op_enter((pp)->name, #op);			\
	(pp)->ops->op((pp), ##__VA_ARGS__);				\
	trace_vfteam_plugin_op_exit((pp)->name, #op, 0);		\
} while (0)

#endif /* _VFTEAM_PLUGIN_CALL_H */
