/* SPDX-License-Identifier: MIT */
/*
 * Interrupt entry stubs for vectors 0-47. Each stub makes the stack look
 * the same (an error code, real or zero, then the vector), saves the
 * general registers as struct mk_trap_frame and calls
 * mk_interrupt_dispatch(frame). Intel SDM vol. 3 §6.14 (64-bit IDT).
 */
#include <mk/interrupts.h>

/* The CPU pushes an error code only for these (SDM vol. 3 §6.15). */
	.macro stub_address vector
	.quad mk_isr_\vector
	.endm

	.macro stub vector
	.p2align 4
mk_isr_\vector:
	.if !((\vector == 8) || (\vector == 10) || (\vector == 11) || \
	      (\vector == 12) || (\vector == 13) || (\vector == 14) || \
	      (\vector == 17) || (\vector == 21) || (\vector == 29) || \
	      (\vector == 30))
	push $0
	.endif
	push $\vector
	jmp mk_isr_common
	.endm

	.text
	.altmacro
	.set vector, 0
	.rept MK_VECTOR_COUNT
	stub %vector
	.set vector, vector + 1
	.endr

mk_isr_common:
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	cld
	mov %rsp, %rdi
	/*
	 * The CPU aligned RSP to 16 before its 5 pushes; with the 2 + 15
	 * pushes here the frame is 22 quadwords: still aligned for the call.
	 */
	call mk_interrupt_dispatch
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	add $16, %rsp               /* vector and error code */
	iretq

/* Stub addresses, indexed by vector, for the IDT. */
	.section .rodata
	.p2align 3
	.globl mk_isr_stubs
mk_isr_stubs:
	.set vector, 0
	.rept MK_VECTOR_COUNT
	stub_address %vector
	.set vector, vector + 1
	.endr
