// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam sysfs: /sys/class/net/<team>/vfteam/{migration,active_port,
 * active_reason,ports,switches,lost_packets}.  The group is installed as
 * dev->sysfs_groups[0] in vfteam_setup(), before register_netdevice().
 *
 * Lock order: RTNL > team->stats_lock (not taken here).
 * Store and the shows that walk ports take RTNL with rtnl_trylock() and
 * restart the syscall if it is contended: unregister_netdevice() holds RTNL
 * while it removes these files and waits for running handlers, so a
 * blocking rtnl_lock() here could deadlock (as in bonding's sysfs).
 * migration, switches and lost_packets are single values read locklessly.
 * Writes need CAP_NET_ADMIN in the user namespace of the team's netns.
 */
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sysfs.h>

#include "vfteam.h"

static struct vfteam *vfteam_of(struct device *d)
{
	return netdev_priv(to_net_dev(d));
}

/* sysfs_notify() + KOBJ_CHANGE uevent with VFTEAM_MIGRATION=<state> */
void vfteam_sysfs_notify_rtnl(struct vfteam *team)
{
	struct net_device *dev = team->dev;
	char *envp[2];
	char env[48];

	ASSERT_RTNL();
	if (dev->reg_state != NETREG_REGISTERED)
		return;

	sysfs_notify(&dev->dev.kobj, "vfteam", "migration");
	snprintf(env, sizeof(env), "VFTEAM_MIGRATION=%s",
		 vfteam_mig_state_name(team->mig_state));
	envp[0] = env;
	envp[1] = NULL;
	kobject_uevent_env(&dev->dev.kobj, KOBJ_CHANGE, envp);
}

static ssize_t migration_show(struct device *d, struct device_attribute *attr,
			      char *buf)
{
	struct vfteam *team = vfteam_of(d);

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

	/* as net-sysfs's stores: the file is 0644 in every netns it is seen */
	if (!ns_capable(dev_net(dev)->user_ns, CAP_NET_ADMIN)) {
		if (net_ratelimit())
			netdev_warn(dev, "migration: write refused: needs CAP_NET_ADMIN in the team's network namespace\n");
		return -EPERM;
	}

	err = vfteam_mig_parse(buf, count, &ev);
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
		err = vfteam_mig_prepare_rtnl(team);
	else
		err = vfteam_mig_abort_rtnl(team);
	rtnl_unlock();

	return err ? err : count;
}
static DEVICE_ATTR_RW(migration);

static ssize_t active_port_show(struct device *d,
				struct device_attribute *attr, char *buf)
{
	struct vfteam *team = vfteam_of(d);
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
	struct vfteam *team = vfteam_of(d);

	return sysfs_emit(buf, "%s\n",
			  vfteam_reason_name(READ_ONCE(team->reason)));
}
static DEVICE_ATTR_RO(active_reason);

/*
 * "<name> <role> <up|down> <carrier|no-carrier>[ active]" per port; name is
 * the ifname, or "<plugin>@<pci device>" for a plugin port
 */
static ssize_t ports_show(struct device *d, struct device_attribute *attr,
			  char *buf)
{
	struct vfteam *team = vfteam_of(d);
	struct vfteam_port *port, *active;
	struct vfteam_port_view v;
	ssize_t len = 0;
	int role;

	if (!rtnl_trylock())
		return restart_syscall();
	active = rtnl_dereference(team->active);
	vfteam_for_each_port_rtnl(team, port, role) {
		vfteam_port_view_rtnl(port, NULL, &v);
		if (port->kind == VFTEAM_PORT_NETDEV)	/* as before plugins */
			v.running = netif_running(port->dev);
		len += sysfs_emit_at(buf, len, "%s %s %s %s%s\n",
				     vfteam_port_name(port),
				     vfteam_role_name(role),
				     v.running ? "up" : "down",
				     v.carrier ? "carrier" : "no-carrier",
				     port == active ? " active" : "");
	}
	rtnl_unlock();
	return len;
}
static DEVICE_ATTR_RO(ports);

static ssize_t switches_show(struct device *d, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(vfteam_of(d)->switches));
}
static DEVICE_ATTR_RO(switches);

static ssize_t lost_packets_show(struct device *d,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", vfteam_lost_packets(vfteam_of(d)));
}
static DEVICE_ATTR_RO(lost_packets);

static struct attribute *vfteam_attrs[] = {
	&dev_attr_migration.attr,
	&dev_attr_active_port.attr,
	&dev_attr_active_reason.attr,
	&dev_attr_ports.attr,
	&dev_attr_switches.attr,
	&dev_attr_lost_packets.attr,
	NULL,
};

const struct attribute_group vfteam_sysfs_group = {
	.name	= "vfteam",
	.attrs	= vfteam_attrs,
};
