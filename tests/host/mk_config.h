/* SPDX-License-Identifier: MIT */
/* Configuration for the host build of the network stack: log everything. */
#ifndef MK_CONFIG_H
#define MK_CONFIG_H

#define MK_KERNEL_NAME  "net-host"
#define MK_LOG_LEVEL    5               /* trace: exercise every printer */
#define MK_NETDEV_COUNT 2

#endif /* MK_CONFIG_H */
