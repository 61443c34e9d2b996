/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfteam tracepoints (trace system "vfteam"): each switch of the active
 * port, each migration state change, and both ends of every plugin op, so
 * that `trace-cmd record -e vfteam` shows what a failover or a migration
 * did and how long each plugin call took.  The data path's ops (xmit,
 * poll, irq) get one event each, after the call, with what they returned.
 *
 * Names are copied into the event (VFTEAM_TRACE_NAME_LEN, cut if longer)
 * rather than pointed to: a port can be gone when the trace is read.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vfteam

#if !defined(_VFTEAM_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _VFTEAM_TRACE_H

#include <linux/if.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#define VFTEAM_TRACE_NAME_LEN	64

TRACE_EVENT(vfteam_switch,
	TP_PROTO(const char *team, const char *from, const char *to,
		 const char *reason),
	TP_ARGS(team, from, to, reason),
	TP_STRUCT__entry(
		__array(char, team, IFNAMSIZ)
		__array(char, from, VFTEAM_TRACE_NAME_LEN)
		__array(char, to, VFTEAM_TRACE_NAME_LEN)
		__array(char, reason, 24)
	),
	TP_fast_assign(
		strscpy(__entry->team, team, IFNAMSIZ);
		strscpy(__entry->from, from, VFTEAM_TRACE_NAME_LEN);
		strscpy(__entry->to, to, VFTEAM_TRACE_NAME_LEN);
		strscpy(__entry->reason, reason, 24);
	),
	TP_printk("%s: %s -> %s (%s)", __entry->team, __entry->from,
		  __entry->to, __entry->reason)
);

TRACE_EVENT(vfteam_migration,
	TP_PROTO(const char *team, const char *from, const char *to,
		 const char *event),
	TP_ARGS(team, from, to, event),
	TP_STRUCT__entry(
		__array(char, team, IFNAMSIZ)
		__array(char, from, 16)
		__array(char, to, 16)
		__array(char, event, 24)
	),
	TP_fast_assign(
		strscpy(__entry->team, team, IFNAMSIZ);
		strscpy(__entry->from, from, 16);
		strscpy(__entry->to, to, 16);
		strscpy(__entry->event, event, 24);
	),
	TP_printk("%s: %s -> %s (%s)", __entry->team, __entry->from,
		  __entry->to, __entry->event)
);

/* a control-path plugin op (RTNL or the health work): its two ends */
TRACE_EVENT(vfteam_plugin_op_enter,
	TP_PROTO(const char *port, const char *op),
	TP_ARGS(port, op),
	TP_STRUCT__entry(
		__array(char, port, VFTEAM_TRACE_NAME_LEN)
		__array(char, op, 24)
	),
	TP_fast_assign(
		strscpy(__entry->port, port, VFTEAM_TRACE_NAME_LEN);
		strscpy(__entry->op, op, 24);
	),
	TP_printk("%s: %s", __entry->port, __entry->op)
);

TRACE_EVENT(vfteam_plugin_op_exit,
	TP_PROTO(const char *port, const char *op, int ret),
	TP_ARGS(port, op, ret),
	TP_STRUCT__entry(
		__array(char, port, VFTEAM_TRACE_NAME_LEN)
		__array(char, op, 24)
		__field(int, ret)
	),
	TP_fast_assign(
		strscpy(__entry->port, port, VFTEAM_TRACE_NAME_LEN);
		strscpy(__entry->op, op, 24);
		__entry->ret = ret;
	),
	TP_printk("%s: %s = %d", __entry->port, __entry->op, __entry->ret)
);

/* the data path: one event per call, after it */
TRACE_EVENT(vfteam_plugin_xmit,
	TP_PROTO(const char *port, unsigned int q, unsigned int len, int ret),
	TP_ARGS(port, q, len, ret),
	TP_STRUCT__entry(
		__array(char, port, VFTEAM_TRACE_NAME_LEN)
		__field(unsigned int, q)
		__field(unsigned int, len)
		__field(int, ret)
	),
	TP_fast_assign(
		strscpy(__entry->port, port, VFTEAM_TRACE_NAME_LEN);
		__entry->q = q;
		__entry->len = len;
		__entry->ret = ret;
	),
	TP_printk("%s: q %u len %u = %d", __entry->port, __entry->q,
		  __entry->len, __entry->ret)
);

TRACE_EVENT(vfteam_plugin_poll,
	TP_PROTO(const char *port, unsigned int q, int budget, int done,
		 bool rearmed),
	TP_ARGS(port, q, budget, done, rearmed),
	TP_STRUCT__entry(
		__array(char, port, VFTEAM_TRACE_NAME_LEN)
		__field(unsigned int, q)
		__field(int, budget)
		__field(int, done)
		__field(bool, rearmed)
	),
	TP_fast_assign(
		strscpy(__entry->port, port, VFTEAM_TRACE_NAME_LEN);
		__entry->q = q;
		__entry->budget = budget;
		__entry->done = done;
		__entry->rearmed = rearmed;
	),
	TP_printk("%s: q %u %d of %d%s", __entry->port, __entry->q,
		  __entry->done, __entry->budget,
		  __entry->rearmed ? ", irq_enable" : "")
);

TRACE_EVENT(vfteam_plugin_irq,
	TP_PROTO(const char *port, unsigned int q, int ret),
	TP_ARGS(port, q, ret),
	TP_STRUCT__entry(
		__array(char, port, VFTEAM_TRACE_NAME_LEN)
		__field(unsigned int, q)
		__field(int, ret)
	),
	TP_fast_assign(
		strscpy(__entry->port, port, VFTEAM_TRACE_NAME_LEN);
		__entry->q = q;
		__entry->ret = ret;
	),
	TP_printk("%s: q %u = %d", __entry->port, __entry->q, __entry->ret)
);

#endif /* _VFTEAM_TRACE_H */

/* out of the kernel's tree: define_trace.h finds this file by -I (Kbuild) */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
