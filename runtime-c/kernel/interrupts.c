/* SPDX-License-Identifier: MIT */
/*
 * The IDT, the two 8259 PICs and interrupt dispatch. Vectors 0-31 are
 * CPU exceptions and end in a report; IRQ 0-15 are remapped to 32-47 and
 * go to the handler a driver registered.
 */
#define MK_LOG_SUBSYS "irq"

#include <mk/errno.h>
#include <mk/interrupts.h>
#include <mk/io.h>
#include <mk/log.h>

#define IDT_INTERRUPT_GATE 0x8e /* present, ring 0, 64-bit interrupt gate */
#define IST_DOUBLE_FAULT 1     /* TSS interrupt stack 1 */
#define VECTOR_DOUBLE_FAULT 8

/* 8259A programmable interrupt controller ports and commands. */
#define PIC1_COMMAND 0x20      /* master: IRQ 0-7 */
#define PIC1_DATA    0x21      /* master interrupt mask register */
#define PIC2_COMMAND 0xa0      /* slave: IRQ 8-15 */
#define PIC2_DATA    0xa1
#define PIC_ICW1_INIT_ICW4 0x11 /* initialization command word 1 + ICW4 */
#define PIC_ICW4_8086 0x01     /* 8086 mode */
#define PIC_CASCADE_IRQ 2      /* the slave is wired to master IRQ 2 */
#define PIC_EOI       0x20     /* non-specific end of interrupt */
#define PIC_READ_ISR  0x0b     /* OCW3: next command read is the ISR */
#define PIC_SPURIOUS_IRQ 7     /* lowest priority line of each PIC */

#define HANDLERS_PER_IRQ 4     /* PCI INTx lines may be shared */

/* 64-bit IDT gate descriptor (Intel SDM vol. 3 §6.14.1). */
struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;          /* interrupt stack table index, 0: none */
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct idt_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

struct irq_slot {
	mk_irq_handler handler;
	void *arg;
};

extern const uint64_t mk_isr_stubs[MK_VECTOR_COUNT]; /* boot/vectors.S */

static struct idt_gate idt[MK_VECTOR_COUNT];
static struct irq_slot irq_slots[MK_IRQ_COUNT][HANDLERS_PER_IRQ];
static volatile bool wakeup;

static void idt_set(int vector, uint64_t address, uint8_t ist)
{
	idt[vector] = (struct idt_gate){
		.offset_low = address & 0xffff,
		.selector = MK_GDT_KERNEL_CODE,
		.ist = ist,
		.type = IDT_INTERRUPT_GATE,
		.offset_mid = (address >> 16) & 0xffff,
		.offset_high = address >> 32,
	};
}

static void idt_load(void)
{
	struct idt_pointer ptr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	for (int v = 0; v < MK_VECTOR_COUNT; v++)
		idt_set(v, mk_isr_stubs[v],
			v == VECTOR_DOUBLE_FAULT ? IST_DOUBLE_FAULT : 0);
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

/*
 * Remap both PICs away from the exception vectors and mask every line
 * but the cascade: ICW1 starts initialization, ICW2 is the vector
 * base, ICW3 wires master and slave, ICW4 selects 8086 mode.
 */
static void pic_init(void)
{
	mk_outb(PIC1_COMMAND, PIC_ICW1_INIT_ICW4);
	mk_outb(PIC2_COMMAND, PIC_ICW1_INIT_ICW4);
	mk_outb(PIC1_DATA, MK_IRQ_VECTOR_BASE);
	mk_outb(PIC2_DATA, MK_IRQ_VECTOR_BASE + 8);
	mk_outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ);
	mk_outb(PIC2_DATA, PIC_CASCADE_IRQ);
	mk_outb(PIC1_DATA, PIC_ICW4_8086);
	mk_outb(PIC2_DATA, PIC_ICW4_8086);

	mk_outb(PIC1_DATA, (uint8_t)~(1 << PIC_CASCADE_IRQ));
	mk_outb(PIC2_DATA, 0xff);
}

static void pic_unmask(unsigned int irq)
{
	uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;

	mk_outb(port, mk_inb(port) & ~(1 << (irq & 7)));
}

static void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		mk_outb(PIC2_COMMAND, PIC_EOI);
	mk_outb(PIC1_COMMAND, PIC_EOI);
}

/*
 * A line that drops before the PIC delivers shows up as IRQ 7 (or 15)
 * without its in-service bit; it must not get an EOI of its own, but a
 * spurious IRQ 15 still came through the master's cascade line.
 */
static bool pic_spurious(unsigned int irq)
{
	uint16_t command = irq < 8 ? PIC1_COMMAND : PIC2_COMMAND;

	if ((irq & 7) != PIC_SPURIOUS_IRQ)
		return false;
	mk_outb(command, PIC_READ_ISR);
	if (mk_inb(command) & (1 << PIC_SPURIOUS_IRQ))
		return false;
	if (irq >= 8)
		mk_outb(PIC1_COMMAND, PIC_EOI);
	return true;
}

void mk_interrupts_init(void)
{
	idt_load();
	pic_init();
}

int mk_irq_register(unsigned int irq, mk_irq_handler handler, void *arg)
{
	if (irq >= MK_IRQ_COUNT || irq == PIC_CASCADE_IRQ || !handler)
		return -MK_EINVAL;
	for (int i = 0; i < HANDLERS_PER_IRQ; i++) {
		struct irq_slot *slot = &irq_slots[irq][i];

		if (slot->handler)
			continue;
		*slot = (struct irq_slot){ handler, arg };
		pic_unmask(irq);
		return 0;
	}
	return -MK_ENOSPC;
}

bool mk_irq_take_wakeup(void)
{
	bool was = wakeup;

	wakeup = false;
	return was;
}

void mk_interrupt_dispatch(struct mk_trap_frame *frame)
{
	unsigned int irq;

	if (frame->vector < MK_EXCEPTION_COUNT)
		mk_trap_report(frame);

	irq = frame->vector - MK_IRQ_VECTOR_BASE;
	if (pic_spurious(irq))
		return;
	wakeup = true;

	/* A shared line: every handler checks its own device. */
	for (int i = 0; i < HANDLERS_PER_IRQ; i++) {
		struct irq_slot *slot = &irq_slots[irq][i];

		if (slot->handler)
			slot->handler(slot->arg);
	}
	pic_eoi(irq);
}
