/* SPDX-License-Identifier: MIT */
/* The hello example's app: one greeting on the serial console. */
#include <mk/console.h>

int hello_main(void)
{
	mk_printf("Hello from MiniKraft!\n");
	return 0;
}
