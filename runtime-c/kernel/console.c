/* SPDX-License-Identifier: MIT */
/*
 * The serial console: a 16550 UART, 8N1, polled. The port and baud rate
 * come from the descriptor's console (mk_config.h); COM1 at 115200 when
 * it names none.
 */
#include <mk_config.h>
#include <mk/console.h>
#include <mk/io.h>

#ifndef MK_CONSOLE_IO_BASE
#define MK_CONSOLE_IO_BASE 0x3f8 /* COM1 */
#endif
#ifndef MK_CONSOLE_BAUD
#define MK_CONSOLE_BAUD 115200
#endif
#define COM_BASE MK_CONSOLE_IO_BASE

/* 16550 registers, offsets from the base port (DLAB = divisor latch). */
#define UART_DATA        0 /* transmit/receive buffer (DLAB=0) */
#define UART_DIVISOR_LOW 0 /* divisor latch low byte (DLAB=1) */
#define UART_IER         1 /* interrupt enable register (DLAB=0) */
#define UART_DIVISOR_HIGH 1 /* divisor latch high byte (DLAB=1) */
#define UART_FCR         2 /* FIFO control register */
#define UART_LCR         3 /* line control register */
#define UART_MCR         4 /* modem control register */
#define UART_LSR         5 /* line status register */

#define UART_LCR_DLAB    0x80 /* divisor latch access bit */
#define UART_LCR_8N1     0x03 /* 8 data bits, no parity, 1 stop bit */
#define UART_FCR_ENABLE  0xc7 /* enable and clear FIFOs, 14-byte trigger */
#define UART_MCR_DTR_RTS 0x03 /* data terminal ready, request to send */
#define UART_LSR_THRE    0x20 /* transmit holding register empty */

#define UART_CLOCK_HZ    115200 /* divisor 1 gives this baud rate */

void mk_console_init(void)
{
	uint16_t divisor = UART_CLOCK_HZ / MK_CONSOLE_BAUD;

	/* Interrupts off: the console is polled. */
	mk_outb(COM_BASE + UART_IER, 0);

	/* Baud rate through the divisor latch, then 8N1. */
	mk_outb(COM_BASE + UART_LCR, UART_LCR_DLAB);
	mk_outb(COM_BASE + UART_DIVISOR_LOW, divisor & 0xff);
	mk_outb(COM_BASE + UART_DIVISOR_HIGH, divisor >> 8);
	mk_outb(COM_BASE + UART_LCR, UART_LCR_8N1);

	/* FIFOs on, modem lines up. */
	mk_outb(COM_BASE + UART_FCR, UART_FCR_ENABLE);
	mk_outb(COM_BASE + UART_MCR, UART_MCR_DTR_RTS);
}

static void console_putc(char c)
{
	while (!(mk_inb(COM_BASE + UART_LSR) & UART_LSR_THRE))
		;
	mk_outb(COM_BASE + UART_DATA, (uint8_t)c);
}

void mk_console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			console_putc('\r');
		console_putc(s[i]);
	}
}
