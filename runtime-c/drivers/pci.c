/* SPDX-License-Identifier: MIT */
/*
 * PCI enumeration through configuration mechanism #1: every bus, slot
 * and function is read, logged, and offered to the drivers below.
 */
#define MK_LOG_SUBSYS "pci"

#include <stdbool.h>

#include <mk_config.h>
#include <mk/errno.h>
#include <mk/io.h>
#include <mk/lib.h>
#include <mk/log.h>
#include <mk/pci.h>
#include <mk/virtio.h>

/* Configuration mechanism #1 (PCI 3.0 §3.2.2.3.2). */
#define PCI_CONFIG_ADDRESS 0xcf8    /* enable | bus | device | function | reg */
#define PCI_CONFIG_DATA    0xcfc    /* the selected dword */
#define PCI_CONFIG_ENABLE  0x80000000u

#define PCI_BUS_COUNT      256
#define PCI_SLOT_COUNT     32
#define PCI_FUNCTION_COUNT 8

struct pci_driver {
	uint16_t vendor_id, device_id;
	const char *name;
	int (*probe)(const struct mk_pci_device *dev);
};

static const struct pci_driver drivers[] = {
	{ MK_VIRTIO_PCI_VENDOR, MK_VIRTIO_PCI_DEVICE_NET_LEGACY,
	  "virtio-net (legacy)", mk_virtio_net_probe },
	{ MK_VIRTIO_PCI_VENDOR, MK_VIRTIO_PCI_DEVICE_NET_MODERN,
	  "virtio-net (modern)", mk_virtio_net_probe_modern },
};

static uint32_t config_address(const struct mk_pci_device *dev,
			       uint8_t offset)
{
	return PCI_CONFIG_ENABLE | (uint32_t)dev->bus << 16 |
	       (uint32_t)dev->slot << 11 | (uint32_t)dev->function << 8 |
	       (offset & 0xfc);
}

uint32_t mk_pci_read32(const struct mk_pci_device *dev, uint8_t offset)
{
	mk_outl(PCI_CONFIG_ADDRESS, config_address(dev, offset));
	return mk_inl(PCI_CONFIG_DATA);
}

uint16_t mk_pci_read16(const struct mk_pci_device *dev, uint8_t offset)
{
	return mk_pci_read32(dev, offset) >> ((offset & 2) * 8);
}

uint8_t mk_pci_read8(const struct mk_pci_device *dev, uint8_t offset)
{
	return mk_pci_read32(dev, offset) >> ((offset & 3) * 8);
}

void mk_pci_write16(const struct mk_pci_device *dev, uint8_t offset,
		    uint16_t value)
{
	mk_outl(PCI_CONFIG_ADDRESS, config_address(dev, offset));
	mk_outw(PCI_CONFIG_DATA + (offset & 2), value);
}

int mk_pci_io_bar(const struct mk_pci_device *dev, int index,
		  uint16_t *base)
{
	uint32_t bar = mk_pci_read32(dev, MK_PCI_BAR0 + 4 * index);

	if (!(bar & MK_PCI_BAR_IO) || !(bar & MK_PCI_BAR_IO_MASK))
		return -MK_ENODEV;
	*base = bar & MK_PCI_BAR_IO_MASK;
	return 0;
}

void mk_pci_enable(const struct mk_pci_device *dev, uint16_t bits)
{
	uint16_t command = mk_pci_read16(dev, MK_PCI_COMMAND);

	mk_pci_write16(dev, MK_PCI_COMMAND, command | bits);
}

static void probe_drivers(const struct mk_pci_device *dev)
{
	for (size_t i = 0; i < MK_ARRAY_SIZE(drivers); i++) {
		const struct pci_driver *d = &drivers[i];

		if (d->vendor_id != dev->vendor_id ||
		    d->device_id != dev->device_id)
			continue;
		int err = d->probe(dev);

		if (err < 0)
			mk_log_error("%02x:%02x.%x: %s failed: %d", dev->bus,
				     dev->slot, dev->function, d->name, err);
	}
}

/* Read one function's identity; false when nothing answers there. */
static bool read_function(struct mk_pci_device *dev)
{
	dev->vendor_id = mk_pci_read16(dev, MK_PCI_VENDOR_ID);
	if (dev->vendor_id == MK_PCI_NO_VENDOR)
		return false;
	dev->device_id = mk_pci_read16(dev, MK_PCI_DEVICE_ID);
	dev->class_code = mk_pci_read8(dev, MK_PCI_CLASS);
	dev->subclass = mk_pci_read8(dev, MK_PCI_SUBCLASS);
	dev->prog_if = mk_pci_read8(dev, MK_PCI_PROG_IF);
	dev->interrupt_line = mk_pci_read8(dev, MK_PCI_INTERRUPT_LINE);
	dev->interrupt_pin = mk_pci_read8(dev, MK_PCI_INTERRUPT_PIN);
	return true;
}

static void scan_function(struct mk_pci_device *dev)
{
	int irq;

	if (!read_function(dev))
		return;
	irq = dev->interrupt_pin ? dev->interrupt_line : -1;
	mk_log_info("%02x:%02x.%x %04x:%04x class %02x%02x%02x irq %d",
		    dev->bus, dev->slot, dev->function, dev->vendor_id,
		    dev->device_id, dev->class_code, dev->subclass,
		    dev->prog_if, irq);
	probe_drivers(dev);
}

static void scan_slot(uint8_t bus, uint8_t slot)
{
	struct mk_pci_device dev = { .bus = bus, .slot = slot };
	int functions = 1;

	if (mk_pci_read16(&dev, MK_PCI_VENDOR_ID) == MK_PCI_NO_VENDOR)
		return;
	if (mk_pci_read8(&dev, MK_PCI_HEADER_TYPE) &
	    MK_PCI_HEADER_MULTIFUNCTION)
		functions = PCI_FUNCTION_COUNT;
	for (int f = 0; f < functions; f++) {
		dev = (struct mk_pci_device){ .bus = bus, .slot = slot,
					      .function = f };
		scan_function(&dev);
	}
}

void mk_pci_init(void)
{
	for (int bus = 0; bus < PCI_BUS_COUNT; bus++) {
		for (int slot = 0; slot < PCI_SLOT_COUNT; slot++)
			scan_slot(bus, slot);
	}
}
