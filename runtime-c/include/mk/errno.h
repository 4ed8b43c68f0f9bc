/* SPDX-License-Identifier: MIT */
/*
 * Error numbers for the runtime's one convention: a function returns 0
 * (or a count) on success and a negative MK_E* value on failure. The
 * values follow Linux so that logs read the same.
 */
#ifndef MK_ERRNO_H
#define MK_ERRNO_H

#define MK_ENOENT      2   /* no such entry */
#define MK_EIO         5   /* device failed */
#define MK_EAGAIN      11  /* try again: queue full */
#define MK_ENOMEM      12  /* out of memory */
#define MK_EINVAL      22  /* invalid argument */
#define MK_ENOSPC      28  /* table full */
#define MK_ENODEV      19  /* no such device */
#define MK_EMSGSIZE    90  /* frame or datagram too long */
#define MK_EADDRINUSE  98  /* port already bound */
#define MK_EHOSTUNREACH 113 /* no route or no neighbour */

#endif /* MK_ERRNO_H */
