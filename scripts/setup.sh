#!/usr/bin/env bash
# Installs what MiniKraft needs and this machine lacks: the Debian
# packages for gcc, binutils and QEMU, then the npm packages. With
# --bench, also the package lists the benchmark's Linux guest is
# downloaded from.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

missing=()
command -v gcc >/dev/null || missing+=(gcc)
command -v ld >/dev/null || missing+=(binutils)
# Host-compiled tests and the benchmark's static Linux server need libc.
[ -f /usr/include/stdio.h ] || missing+=(libc6-dev)
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
# Linux peers for the network-namespace tests.
command -v ip >/dev/null || missing+=(iproute2)
command -v ping >/dev/null || missing+=(iputils-ping)
command -v arping >/dev/null || missing+=(iputils-arping)

if ((${#missing[@]} > 0)); then
	echo "setup: installing ${missing[*]}" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >&2
fi

if [ ! -f node_modules/.package-lock.json ] ||
	[ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "setup: installing npm packages" >&2
	npm ci --no-audit --no-fund >&2
fi

if [ "${1:-}" = "--bench" ] &&
	! apt-cache show linux-image-cloud-amd64 busybox-static >/dev/null 2>&1; then
	echo "setup: reading Debian's package lists" >&2
	$sudo apt-get update -qq
fi
