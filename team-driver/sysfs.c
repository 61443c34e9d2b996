// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam sysfs: /sys/class/net/<team>/vfteam/{migration,active_port,
 * active_reason,ports,port_counters,switches,lost_packets,
 * prepare_grace_ms,auto_join}.  The group is installed as dev->sysfs_groups[0] in
 * the team's setup, before register_netdevice().
 *
 * Lock order: RTNL > team->stats_lock (port_counters takes it to read
 * each port's counters).
 * Store and the shows that walk ports take RTNL with rtnl_trylock() and
 * restart the syscall if it is contended: unregister_netdevice() holds RTNL
 * while it removes these files and waits for running handlers, so a
 * blocking rtnl_lock() here could deadlock (as in bonding's sysfs).
 * migration, active_reason, switches and lost_packets are single values
 * read locklessly.
 * Writes need CAP_NET_ADMIN in the user namespace of the team's netns.
 */
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sysfs.h>

#include "migration.h"
#include "plugin_wait.h"
#include "policy.h"
#include "port.h"
#include "sysfs.h"
#include "team.h"

static struct vfteam *vfteam_sysfs_team(struct device *d)
{
	return netdev_priv(to_net_dev(d));
}

/* as net-sysfs's stores: the files are 0644 in every netns they are seen */
static bool vfteam_sysfs_may_write(struct net_device *dev, const char *file)
{
	if (ns_capable(dev_net(dev)->user_ns, CAP_NET_ADMIN))
		return true;
	if (net_ratelimit())
		netdev_warn(dev, "%s: write refused: needs CAP_NET_ADMIN in the team's network namespace\n",
			    file);
	return false;
}

static ssize_t migration_show(struct device *d, struct device_attribute *attr,
			      char *buf)
{
	struct vfteam *team = vfteam_sysfs_team(d);

	return sysfs_emit(buf, "%s\n",
			  vfteam_mig_state_name(READ_ONCE(team->mig_state)));
}

static ssize_t migration_store(struct device *d, struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct net_device *dev = to_net_dev(d);
	struct vfteam *team = netdev_priv(dev);
	enum vfteam_mig_event ev;
	size_t shown;
	int err;

	if (!vfteam_sysfs_may_write(dev, "migration"))
		return -EPERM;

	err = vfteam_mig_state_parse(buf, count, &ev);
	if (err) {
		shown = strnlen(buf, min_t(size_t, count, 32));
		if (shown && buf[shown - 1] == '\n')
			shown--;
		netdev_warn(dev, "migration: ignoring \"%*pE\", write prepare or abort\n",
			    (int)shown, buf);
		return err;
	}

	if (!rtnl_trylock())
		return restart_syscall();
	if (ev == VFTEAM_MIG_EV_PREPARE)
		err = vfteam_migration_prepare_rtnl(team);
	else
		err = vfteam_migration_abort_rtnl(team);
	rtnl_unlock();

	return err ? err : count;
}
static DEVICE_ATTR_RW(migration);

static ssize_t active_port_show(struct device *d,
				struct device_attribute *attr, char *buf)
{
	struct vfteam *team = vfteam_sysfs_team(d);
	struct vfteam_port *port;
	ssize_t ret;

	if (!rtnl_trylock())
		return restart_syscall();
	port = rtnl_dereference(team->active);
	ret = sysfs_emit(buf, "%s\n", vfteam_port_name(port));
	rtnl_unlock();
	return ret;
}
static DEVICE_ATTR_RO(active_port);

static ssize_t active_reason_show(struct device *d,
				  struct device_attribute *attr, char *buf)
{
	struct vfteam *team = vfteam_sysfs_team(d);

	return sysfs_emit(buf, "%s\n",
			  vfteam_policy_reason_name(READ_ONCE(team->reason)));
}
static DEVICE_ATTR_RO(active_reason);

/*
 * "<name> <role> <up|down> <carrier|no-carrier>[ active]" per port; name is
 * the ifname, or "<plugin>@<pci device>" for a plugin port
 */
static ssize_t ports_show(struct device *d, struct device_attribute *attr,
			  char *buf)
{
	struct vfteam *team = vfteam_sysfs_team(d);
	struct vfteam_port *port, *active;
	struct vfteam_port_view v;
	ssize_t len = 0;
	int role;

	if (!rtnl_trylock())
		return restart_syscall();
	active = rtnl_dereference(team->active);
	vfteam_for_each_port_rtnl(team, port, role) {
		vfteam_port_view_rtnl(port, NULL, &v);
		len += sysfs_emit_at(buf, len, "%s %s %s %s%s\n",
				     vfteam_port_name(port),
				     vfteam_port_role_name(role),
				     v.up ? "up" : "down",
				     v.carrier ? "carrier" : "no-carrier",
				     port == active ? " active" : "");
	}
	rtnl_unlock();
	return len;
}
static DEVICE_ATTR_RO(ports);

/*
 * "<name> <role> tx_packets=N tx_bytes=N rx_packets=N rx_bytes=N
 * tx_declined=N resumes=N carrier_changes=N tx_busy=N rx_errors=N
 * rx_dropped=N rx_missed=N tx_errors=N tx_dropped=N" per port: what it
 * did since it joined the team (carrier_changes: since it exists)
 */
static ssize_t port_counters_show(struct device *d,
				  struct device_attribute *attr, char *buf)
{
	struct vfteam *team = vfteam_sysfs_team(d);
	u64 val[VFTEAM_PORT_COUNTERS];
	struct vfteam_port *port;
	ssize_t len = 0;
	unsigned int i;
	int role;

	if (!rtnl_trylock())
		return restart_syscall();
	vfteam_for_each_port_rtnl(team, port, role) {
		vfteam_port_counters_rtnl(port, val);
		len += sysfs_emit_at(buf, len, "%s %s", vfteam_port_name(port),
				     vfteam_port_role_name(role));
		for (i = 0; i < VFTEAM_PORT_COUNTERS; i++)
			len += sysfs_emit_at(buf, len, " %s=%llu",
					     vfteam_port_counter_names[i],
					     val[i]);
		len += sysfs_emit_at(buf, len, "\n");
	}
	rtnl_unlock();
	return len;
}
static DEVICE_ATTR_RO(port_counters);

static ssize_t prepare_grace_ms_show(struct device *d,
				     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  READ_ONCE(vfteam_sysfs_team(d)->mig_grace_ms));
}

static ssize_t prepare_grace_ms_store(struct device *d,
				      struct device_attribute *attr,
				      const char *buf, size_t count)
{
	struct net_device *dev = to_net_dev(d);
	unsigned int ms;
	int err;

	if (!vfteam_sysfs_may_write(dev, "prepare_grace_ms"))
		return -EPERM;
	err = kstrtouint(buf, 0, &ms);
	if (err) {
		netdev_warn(dev, "prepare_grace_ms: not a number of ms\n");
		return err;
	}
	if (!rtnl_trylock())
		return restart_syscall();
	err = vfteam_migration_set_grace_rtnl(netdev_priv(dev), ms);
	rtnl_unlock();
	return err ? err : count;
}
static DEVICE_ATTR_RW(prepare_grace_ms);

static ssize_t auto_join_show(struct device *d, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(vfteam_sysfs_team(d)->auto_join));
}

static ssize_t auto_join_store(struct device *d, struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct net_device *dev = to_net_dev(d);
	bool on;
	int err;

	if (!vfteam_sysfs_may_write(dev, "auto_join"))
		return -EPERM;
	err = kstrtobool(buf, &on);
	if (err) {
		netdev_warn(dev, "auto_join: write 0 or 1\n");
		return err;
	}
	if (!rtnl_trylock())
		return restart_syscall();
	WRITE_ONCE(vfteam_sysfs_team(d)->auto_join, on);
	rtnl_unlock();
	return count;
}
static DEVICE_ATTR_RW(auto_join);

/* "<plugin port> <why> <errno>" per plugin port with the team's MAC waiting */
static ssize_t waiting_show(struct device *d, struct device_attribute *attr,
			    char *buf)
{
	struct vfteam *team = vfteam_sysfs_team(d);
	ssize_t len;

	if (!rtnl_trylock())
		return restart_syscall();
	len = vfteam_plugin_wait_show_rtnl(team, buf);
	rtnl_unlock();
	return len;
}
static DEVICE_ATTR_RO(waiting);

static ssize_t switches_show(struct device *d, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%llu\n", vfteam_team_switches(vfteam_sysfs_team(d)));
}
static DEVICE_ATTR_RO(switches);

static ssize_t lost_packets_show(struct device *d,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", vfteam_team_lost_packets(vfteam_sysfs_team(d)));
}
static DEVICE_ATTR_RO(lost_packets);

static struct attribute *vfteam_attrs[] = {
	&dev_attr_migration.attr,
	&dev_attr_active_port.attr,
	&dev_attr_active_reason.attr,
	&dev_attr_ports.attr,
	&dev_attr_port_counters.attr,
	&dev_attr_waiting.attr,
	&dev_attr_switches.attr,
	&dev_attr_lost_packets.attr,
	&dev_attr_prepare_grace_ms.attr,
	&dev_attr_auto_join.attr,
	NULL,
};

const struct attribute_group vfteam_sysfs_group = {
	.name	= "vfteam",
	.attrs	= vfteam_attrs,
};
