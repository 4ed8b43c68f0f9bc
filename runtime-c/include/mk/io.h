/* SPDX-License-Identifier: MIT */
/* x86 port I/O, control registers and the few CPU instructions C needs. */
#ifndef MK_IO_H
#define MK_IO_H

#include <stdint.h>

static inline void mk_outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline void mk_outw(uint16_t port, uint16_t value)
{
	__asm__ volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

static inline void mk_outl(uint16_t port, uint32_t value)
{
	__asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint8_t mk_inb(uint16_t port)
{
	uint8_t value;

	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline uint16_t mk_inw(uint16_t port)
{
	uint16_t value;

	__asm__ volatile("inw %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline uint32_t mk_inl(uint16_t port)
{
	uint32_t value;

	__asm__ volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

/* Orders memory accesses against a device that reads shared memory. */
static inline void mk_barrier(void)
{
	__asm__ volatile("" : : : "memory");
}

/* Full fence: a store must be visible before a following load. */
static inline void mk_mfence(void)
{
	__asm__ volatile("mfence" : : : "memory");
}

static inline void mk_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline void mk_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

/*
 * Enable interrupts and halt as one step: STI takes effect only after
 * the next instruction, so an interrupt pending at this point wakes the
 * HLT instead of being taken before it (Intel SDM vol. 2, STI).
 */
static inline void mk_irq_enable_and_halt(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

static inline uint64_t mk_read_cr2(void)
{
	uint64_t value;

	__asm__ volatile("mov %%cr2, %0" : "=r"(value));
	return value;
}

static inline uint64_t mk_read_cr3(void)
{
	uint64_t value;

	__asm__ volatile("mov %%cr3, %0" : "=r"(value));
	return value;
}

static inline uint64_t mk_read_rbp(void)
{
	uint64_t value;

	__asm__ volatile("mov %%rbp, %0" : "=r"(value));
	return value;
}

#endif /* MK_IO_H */
