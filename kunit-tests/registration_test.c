// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: registering a plugin, and the devices it may drive (suite vfteam_registration).
 *
 * Registration is tested on descriptors: names, ABI version, missing ops,
 * PCI ID tables that would bind a standby; then the refusal at probe of
 * devices no plugin may drive, and PCI ID matching itself.
 */
#include <kunit/test.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>

#include <vfteam/plugin.h>

#include "../team-driver/netdev_port.h"
#include "../team-driver/plugin_host.h"
#include "../team-driver/plugin_port.h"
#include "../team-driver/port.h"
#include "../team-driver/team.h"
#include "fake_plugin.h"
#include "../team-driver/standby.h"

/* ---- registration ---- */

static void vfteam_plugin_register_ok(struct kunit *test)
{
	struct vfteam_plugin *p = fake_plugin(test);

	KUNIT_ASSERT_EQ(test, vfteam_plugin_register(p), 0);
	vfteam_plugin_unregister(p);
	/* unregister then register again */
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), 0);
	vfteam_plugin_unregister(p);
}

static void vfteam_plugin_register_dup(struct kunit *test)
{
	struct vfteam_plugin *a = fake_plugin(test);
	struct vfteam_plugin *b = fake_plugin(test);

	KUNIT_ASSERT_EQ(test, vfteam_plugin_register(a), 0);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(b), -EEXIST);
	vfteam_plugin_unregister(a);
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(b), 0);
	vfteam_plugin_unregister(b);
}

static void vfteam_plugin_register_abi(struct kunit *test)
{
	struct vfteam_plugin *p = fake_plugin(test);

	p->abi_version = VFTEAM_PLUGIN_ABI_VERSION + 1;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EPROTO);
	p->abi_version = 0;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EPROTO);
	/* a plugin built against ABI v1 */
	p->abi_version = 1;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EPROTO);
}

/*
 * The ops table's size: below the mandatory ops refused; larger than this
 * core knows taken while the unknown part is all NULL, refused otherwise;
 * the port sees the known ops only
 */
static void vfteam_plugin_register_ops_size(struct kunit *test)
{
	const size_t known = sizeof(struct vfteam_plugin_ops);
	struct vfteam_plugin *p = fake_plugin(test);
	struct vfteam_plugin_ops *ops;
	void **tail;

	ops = kunit_kzalloc(test, known + 2 * sizeof(void *), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ops);
	*ops = fake_ops;
	p->ops = ops;

	ops->size = 0;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	ops->size = VFTEAM_PLUGIN_OPS_MIN_SIZE - 1;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	KUNIT_EXPECT_NULL(test, p->core);

	/* a newer header's table, its new ops unused */
	ops->size = known + 2 * sizeof(void *);
	KUNIT_ASSERT_EQ(test, vfteam_plugin_register(p), 0);
	KUNIT_EXPECT_NOT_NULL(test, p->core);
	vfteam_plugin_unregister(p);
	KUNIT_EXPECT_NULL(test, p->core);

	/* ...and with one of them set: this core cannot honour it */
	tail = (void **)((u8 *)ops + known);
	tail[1] = (void *)fake_ops.attach;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EPROTO);
	KUNIT_EXPECT_NULL(test, p->core);
}

/* a port keeps its own copy of the ops its plugin's table has */
static void vfteam_plugin_ops_copied_to_size(struct kunit *test)
{
	static struct vfteam_plugin plugin;
	struct vfteam_plugin_ops *ops;
	struct vfteam_plugin_port *pp;

	ops = kunit_kzalloc(test, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ops);
	*ops = fake_ops;
	ops->size = VFTEAM_PLUGIN_OPS_MIN_SIZE;
	plugin = fake_plugin_template;
	plugin.ops = ops;
	KUNIT_ASSERT_EQ(test, vfteam_plugin_host_validate(&plugin), 0);
	pp = vfteam_plugin_port_create(&plugin, fake.dev, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pp);
	/* the core's own copy: the plugin's table is not read again */
	KUNIT_EXPECT_PTR_NE(test, pp->ops, (const struct vfteam_plugin_ops *)ops);
	KUNIT_EXPECT_PTR_EQ(test, pp->ops->restart, fake_ops.restart);
	KUNIT_EXPECT_EQ(test, pp->ops->size, VFTEAM_PLUGIN_OPS_MIN_SIZE);
	vfteam_plugin_port_destroy(pp);
}

/* one mandatory op missing at a time, and no ops at all */
struct vfteam_null_op_case {
	const char *name;
	size_t offset;	/* of the op in struct vfteam_plugin_ops */
};

#define NULL_OP(op) { #op, offsetof(struct vfteam_plugin_ops, op) }

static const struct vfteam_null_op_case vfteam_null_op_cases[] = {
	NULL_OP(attach), NULL_OP(detach), NULL_OP(xmit), NULL_OP(poll),
	NULL_OP(irq), NULL_OP(quiesce), NULL_OP(restart),
	{ "ops table", SIZE_MAX },
};

static void vfteam_null_op_desc(const struct vfteam_null_op_case *c,
				char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "no %s", c->name);
}

KUNIT_ARRAY_PARAM(vfteam_null_op, vfteam_null_op_cases, vfteam_null_op_desc);

static void vfteam_plugin_register_null_op(struct kunit *test)
{
	const struct vfteam_null_op_case *c = test->param_value;
	struct vfteam_plugin *p = fake_plugin(test);
	struct vfteam_plugin_ops *ops;

	if (c->offset == SIZE_MAX) {
		p->ops = NULL;
	} else {
		ops = kunit_kzalloc(test, sizeof(*ops), GFP_KERNEL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ops);
		*ops = fake_ops;
		memset((u8 *)ops + c->offset, 0, sizeof(void *));
		p->ops = ops;
	}
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
}

static void vfteam_plugin_register_bad_ids(struct kunit *test)
{
	static const struct pci_device_id virtio_net[] = {
		{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1000) },
		{ }
	};
	static const struct pci_device_id any_nic[] = {
		{ PCI_DEVICE_CLASS(PCI_CLASS_NETWORK_ETHERNET << 8, 0xffff00) },
		{ }
	};
	/* subsystem IDs no virtio-net of QEMU's has: still virtio-net */
	static const struct pci_device_id virtio_net_sub[] = {
		{ PCI_DEVICE_SUB(PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1041,
				 0x1234, 0x5678) },
		{ }
	};
	static const struct pci_device_id empty[] = { { } };
	struct vfteam_plugin *p = fake_plugin(test);

	p->id_table = virtio_net;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	p->id_table = any_nic;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	p->id_table = virtio_net_sub;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	p->id_table = empty;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	p->id_table = NULL;
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
	p->id_table = fake_ids;
	p->name = "";
	KUNIT_EXPECT_EQ(test, vfteam_plugin_register(p), -EINVAL);
}

/* ---- the device a plugin is asked to probe ---- */

struct vfteam_refusal_case {
	const char *what;
	u16 vendor, device;
	u32 class;
	bool refused;
};

static const struct vfteam_refusal_case vfteam_refusal_cases[] = {
	{ "82574L", 0x8086, 0x10d3, 0x020000, false },
	{ "RTL8139", 0x10ec, 0x8139, 0x020000, false },
	{ "82576 VF", 0x8086, 0x10ca, 0x020000, false },
	{ "virtio-net modern", 0x1af4, 0x1041, 0x020000, true },
	{ "virtio-net transitional", 0x1af4, 0x1000, 0x020000, true },
	{ "vmxnet3", 0x15ad, 0x07b0, 0x020000, true },
	{ "virtio-blk", 0x1af4, 0x1042, 0x010000, true },
	{ "82574L's ID on a storage function", 0x8086, 0x10d3, 0x010802, true },
};

static void vfteam_refusal_desc(const struct vfteam_refusal_case *c,
				char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vfteam_refusal, vfteam_refusal_cases, vfteam_refusal_desc);

/* probe checks the device itself: new_id / driver_override bind anything */
static void vfteam_plugin_probe_refusal(struct kunit *test)
{
	const struct vfteam_refusal_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, !!vfteam_standby_pci_refusal(c->vendor, c->device,
							   c->class), c->refused);
}

/* ---- PCI ID matching ---- */

struct vfteam_match_case {
	const char *what;
	struct pci_device_id id;
	u16 vendor, device, subvendor, subdevice;
	u32 class;
	bool match;
};

static const struct vfteam_match_case vfteam_match_cases[] = {
	{ "exact vendor:device", { PCI_DEVICE(0x8086, 0x10d3) },
	  0x8086, 0x10d3, 0x8086, 0x0000, 0x020000, true },
	{ "other device", { PCI_DEVICE(0x8086, 0x10d3) },
	  0x8086, 0x10d4, 0x8086, 0x0000, 0x020000, false },
	{ "other vendor", { PCI_DEVICE(0x8086, 0x10d3) },
	  0x10ec, 0x10d3, 0x8086, 0x0000, 0x020000, false },
	{ "any subvendor", { PCI_DEVICE_SUB(0x10ec, 0x8139, PCI_ANY_ID,
					    PCI_ANY_ID) },
	  0x10ec, 0x8139, 0x1af4, 0x1100, 0x020000, true },
	{ "subvendor given, differs", { PCI_DEVICE_SUB(0x10ec, 0x8139, 0x10ec,
						       PCI_ANY_ID) },
	  0x10ec, 0x8139, 0x1af4, 0x1100, 0x020000, false },
	{ "class match", { PCI_DEVICE_CLASS(0x020000, 0xffff00) },
	  0x1234, 0x5678, 0x0000, 0x0000, 0x020000, true },
	{ "class match ignores prog-if", { PCI_DEVICE_CLASS(0x020000,
							    0xffff00) },
	  0x1234, 0x5678, 0x0000, 0x0000, 0x020001, true },
	{ "class differs", { PCI_DEVICE_CLASS(0x020000, 0xffff00) },
	  0x1234, 0x5678, 0x0000, 0x0000, 0x010600, false },
	{ "no match", { PCI_DEVICE(0x1b36, 0xfeed) },
	  0x1af4, 0x1041, 0x1af4, 0x1100, 0x020000, false },
};

static void vfteam_match_desc(const struct vfteam_match_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vfteam_match, vfteam_match_cases, vfteam_match_desc);

static void vfteam_plugin_pci_match(struct kunit *test)
{
	const struct vfteam_match_case *c = test->param_value;
	struct pci_device_id ids[2] = { c->id, { } };
	struct pci_dev *pdev;

	KUNIT_EXPECT_EQ(test, vfteam_standby_id_matches(&c->id, c->vendor, c->device,
							c->subvendor, c->subdevice,
						  c->class), c->match);

	/* and the PCI core agrees, on a fake pci_dev */
	pdev = kunit_kzalloc(test, sizeof(*pdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	pdev->vendor = c->vendor;
	pdev->device = c->device;
	pdev->subsystem_vendor = c->subvendor;
	pdev->subsystem_device = c->subdevice;
	pdev->class = c->class;
	KUNIT_EXPECT_EQ(test, !!pci_match_id(ids, pdev), c->match);
}

static struct kunit_case vfteam_registration_cases[] = {
	KUNIT_CASE(vfteam_plugin_register_ok),
	KUNIT_CASE(vfteam_plugin_register_dup),
	KUNIT_CASE(vfteam_plugin_register_abi),
	KUNIT_CASE(vfteam_plugin_register_ops_size),
	KUNIT_CASE(vfteam_plugin_ops_copied_to_size),
	KUNIT_CASE_PARAM(vfteam_plugin_register_null_op,
			 vfteam_null_op_gen_params),
	KUNIT_CASE(vfteam_plugin_register_bad_ids),
	KUNIT_CASE_PARAM(vfteam_plugin_pci_match, vfteam_match_gen_params),
	KUNIT_CASE_PARAM(vfteam_plugin_probe_refusal,
			 vfteam_refusal_gen_params),
	{}
};

static struct kunit_suite vfteam_registration_suite = {
	.name = "vfteam_registration",
	.suite_init = fake_suite_init,
	.suite_exit = fake_suite_exit,
	.init = fake_test_init,
	.test_cases = vfteam_registration_cases,
};

kunit_test_suite(vfteam_registration_suite);
