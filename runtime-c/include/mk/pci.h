/* SPDX-License-Identifier: MIT */
/*
 * PCI through configuration mechanism #1 (I/O ports 0xCF8/0xCFC, PCI
 * Local Bus Specification 3.0 §3.2.2.3.2): enumeration and the config
 * space accessors drivers need.
 */
#ifndef MK_PCI_H
#define MK_PCI_H

#include <stdint.h>

/* Type 0 configuration header offsets (PCI 3.0 §6.1). */
#define MK_PCI_VENDOR_ID      0x00 /* 16 bits; 0xffff: no function */
#define MK_PCI_DEVICE_ID      0x02 /* 16 bits */
#define MK_PCI_COMMAND        0x04 /* 16 bits */
#define MK_PCI_STATUS         0x06 /* 16 bits */
#define MK_PCI_REVISION       0x08 /* 8 bits */
#define MK_PCI_PROG_IF        0x09 /* programming interface */
#define MK_PCI_SUBCLASS       0x0a
#define MK_PCI_CLASS          0x0b
#define MK_PCI_HEADER_TYPE    0x0e /* bit 7: multi-function device */
#define MK_PCI_BAR0           0x10 /* base address registers, 4 bytes each */
#define MK_PCI_INTERRUPT_LINE 0x3c /* IRQ the firmware routed INTx to */
#define MK_PCI_INTERRUPT_PIN  0x3d /* 1-4: INTA#-INTD#, 0: none */

/* Command register bits (PCI 3.0 §6.2.2). */
#define MK_PCI_COMMAND_IO          (1u << 0)  /* I/O space enable */
#define MK_PCI_COMMAND_MEMORY      (1u << 1)  /* memory space enable */
#define MK_PCI_COMMAND_BUS_MASTER  (1u << 2)  /* device may DMA */
#define MK_PCI_COMMAND_INTX_DISABLE (1u << 10) /* INTx disable */

#define MK_PCI_BAR_IO        (1u << 0)    /* BAR bit 0: I/O space */
#define MK_PCI_BAR_IO_MASK   0xfffffffcu  /* I/O BAR address bits */

#define MK_PCI_HEADER_MULTIFUNCTION 0x80
#define MK_PCI_NO_VENDOR            0xffff

struct mk_pci_device {
	uint8_t bus, slot, function;
	uint16_t vendor_id, device_id;
	uint8_t class_code, subclass, prog_if;
	uint8_t interrupt_line, interrupt_pin;
};

uint32_t mk_pci_read32(const struct mk_pci_device *dev, uint8_t offset);
uint16_t mk_pci_read16(const struct mk_pci_device *dev, uint8_t offset);
uint8_t mk_pci_read8(const struct mk_pci_device *dev, uint8_t offset);
void mk_pci_write16(const struct mk_pci_device *dev, uint8_t offset,
		    uint16_t value);

/* I/O port base of BAR `index`, or a negative MK_E* if it is not I/O. */
int mk_pci_io_bar(const struct mk_pci_device *dev, int index,
		  uint16_t *base);

/* Set `bits` in the command register. */
void mk_pci_enable(const struct mk_pci_device *dev, uint16_t bits);

/* Enumerate every bus, log each function, probe the known drivers. */
void mk_pci_init(void);

#endif /* MK_PCI_H */
