/* SPDX-License-Identifier: MIT */
/*
 * printf for the runtime: one formatter writing to a sink, which is
 * either a bounded buffer (mk_vsnprintf) or the console (mk_printf).
 */
#include <stdbool.h>
#include <stdint.h>

#include <mk/console.h>

#define CONSOLE_CHUNK 128 /* mk_printf flushes this many bytes at a time */

struct sink {
	char *buf;
	size_t size;     /* capacity of buf */
	size_t used;     /* bytes in buf */
	size_t total;    /* bytes produced, the return value */
	bool console;    /* flush to the console when buf fills */
};

struct spec {
	bool left;       /* '-': pad on the right */
	bool zero;       /* '0': pad with zeros */
	int width;
	int precision;   /* -1: none */
	int length;      /* 0: int, 1: long, 2: long long, 3: size_t, */
			 /* -1: short, -2: char */
};

static void sink_flush(struct sink *s)
{
	if (s->console && s->used) {
		mk_console_write(s->buf, s->used);
		s->used = 0;
	}
}

static void sink_put(struct sink *s, char c)
{
	s->total++;
	if (s->console) {
		if (s->used == s->size)
			sink_flush(s);
		s->buf[s->used++] = c;
	} else if (s->used + 1 < s->size) {
		/* Room is kept for the terminating NUL. */
		s->buf[s->used++] = c;
	}
}

static void put_repeat(struct sink *s, char c, int count)
{
	while (count-- > 0)
		sink_put(s, c);
}

static void put_padded(struct sink *s, const struct spec *sp,
		       const char *str, int len, const char *prefix)
{
	int plen = 0;

	while (prefix[plen])
		plen++;
	int pad = sp->width - len - plen;

	if (!sp->left && !sp->zero)
		put_repeat(s, ' ', pad);
	for (int i = 0; i < plen; i++)
		sink_put(s, prefix[i]);
	if (!sp->left && sp->zero)
		put_repeat(s, '0', pad);
	for (int i = 0; i < len; i++)
		sink_put(s, str[i]);
	if (sp->left)
		put_repeat(s, ' ', pad);
}

static void put_number(struct sink *s, const struct spec *sp,
		       uint64_t value, bool negative, unsigned int base,
		       bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int len = 0;

	do {
		tmp[sizeof(tmp) - 1 - len++] = digits[value % base];
		value /= base;
	} while (value);
	put_padded(s, sp, tmp + sizeof(tmp) - len, len,
		   negative ? "-" : prefix);
}

static uint64_t take_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case 0: return va_arg(*ap, unsigned int);
	case 1: return va_arg(*ap, unsigned long);
	case 2: return va_arg(*ap, unsigned long long);
	default: return va_arg(*ap, size_t);
	}
}

static int64_t take_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case -2: return (signed char)va_arg(*ap, int);
	case -1: return (short)va_arg(*ap, int);
	case 0: return va_arg(*ap, int);
	case 1: return va_arg(*ap, long);
	case 2: return va_arg(*ap, long long);
	default: return (int64_t)va_arg(*ap, size_t);
	}
}

static void put_string(struct sink *s, const struct spec *sp,
		       const char *str)
{
	int len = 0;

	if (!str)
		str = "(null)";
	while (str[len] && (sp->precision < 0 || len < sp->precision))
		len++;
	put_padded(s, sp, str, len, "");
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .precision = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		sp->precision = 0;
		if (*++f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	for (; *f == 'l'; f++)
		sp->length++;
	for (; *f == 'h'; f++)
		sp->length--;
	if (*f == 'z') {
		sp->length = 3;
		f++;
	}
	return f;
}

static void put_conversion(struct sink *s, const struct spec *sp, char conv,
			   va_list *ap)
{
	int64_t v;

	switch (conv) {
	case 'd':
	case 'i':
		v = take_signed(sp, ap);
		put_number(s, sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0,
			   10, false, "");
		break;
	case 'u':
		put_number(s, sp, take_unsigned(sp, ap), false, 10, false, "");
		break;
	case 'x':
	case 'X':
		put_number(s, sp, take_unsigned(sp, ap), false, 16,
			   conv == 'X', "");
		break;
	case 'p':
		put_number(s, sp, (uintptr_t)va_arg(*ap, void *), false, 16,
			   false, "0x");
		break;
	case 's':
		put_string(s, sp, va_arg(*ap, const char *));
		break;
	case 'c':
		sink_put(s, (char)va_arg(*ap, int));
		break;
	default:
		/* '%%', or an unknown conversion printed as-is. */
		sink_put(s, conv);
		break;
	}
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	va_list args;
	struct spec sp;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			sink_put(s, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		if (!*fmt)
			break;
		put_conversion(s, &sp, *fmt++, &args);
	}
	va_end(args);
}

int mk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = size };

	format(&s, fmt, ap);
	if (size)
		buf[s.used] = '\0';
	return (int)s.total;
}

int mk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int mk_printf(const char *fmt, ...)
{
	char chunk[CONSOLE_CHUNK];
	struct sink s = {
		.buf = chunk, .size = sizeof(chunk), .console = true
	};
	va_list ap;

	va_start(ap, fmt);
	format(&s, fmt, ap);
	va_end(ap);
	sink_flush(&s);
	return (int)s.total;
}
