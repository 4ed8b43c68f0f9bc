/* SPDX-License-Identifier: MIT */
/*
 * Runs the network stack's host test cases, each in a fresh child
 * process (the stack keeps static state). Usage: net-host [--list] [case].
 * Prints "ok NAME" or "FAIL NAME" per case, then "N passed, N failed".
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static bool run_case(const struct host_case *c)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		host_setup();
		c->run();
		fflush(stdout);
		_exit(host_failed ? 1 : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	if (WIFSIGNALED(status))
		printf("  killed by signal %d\n", WTERMSIG(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;
	size_t i;

	for (i = 0; i < host_case_count; i++) {
		const struct host_case *c = &host_cases[i];

		if (only && !strcmp(only, "--list")) {
			printf("%s\n", c->name);
			continue;
		}
		if (only && strcmp(only, c->name))
			continue;
		if (run_case(c)) {
			printf("ok %s\n", c->name);
			passed++;
		} else {
			printf("FAIL %s\n", c->name);
			failed++;
		}
	}
	if (only && !strcmp(only, "--list"))
		return 0;
	printf("%d passed, %d failed\n", passed, failed);
	return failed || !passed ? 1 : 0;
}
