// The two guests compared: our udp-echo kernel and a Linux guest with
// the same service. Both boot with -kernel and take identical machine,
// memory, NIC and netdev arguments (lib/qemu.ts commonArgs).

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { prepareLinux } from './linux/build.ts'
import { log } from './lib/log.ts'
import type { GuestId } from './options.ts'

export interface ImageFile {
  label: string
  path: string
}

export interface Guest {
  id: GuestId
  label: string
  /** Builds or fetches what the guest boots; throws with the cause. */
  prepare(): Promise<void>
  /** The boot arguments after the common ones. */
  bootArgs(): string[]
  /** The files that make up the bootable image. */
  imageFiles(): ImageFile[]
  /** Package or build identity, for the results file. */
  describe(): string
}

const OUR_EXAMPLE = 'examples/udp-echo'

export function oursGuest(buildDir: string): Guest {
  const kernel = join(buildDir, 'udp-echo', 'kernel.elf')
  return {
    id: 'ours',
    label: 'MiniKraft',
    async prepare() {
      log.step(`building our kernel: npx minikraft build ${OUR_EXAMPLE}`)
      // --no: never fetch a package of that name from the registry.
      const result = await execa(
        'npx',
        ['--no', 'minikraft', 'build', OUR_EXAMPLE],
        { reject: false, all: true },
      )
      if (result.exitCode !== 0) {
        throw new Error(
          `npx minikraft build ${OUR_EXAMPLE} failed ` +
            `(exit ${result.exitCode}):\n${result.all}`,
        )
      }
      if (!existsSync(kernel)) throw new Error(`${kernel} was not produced`)
    },
    bootArgs: () => ['-kernel', kernel],
    imageFiles: () => [{ label: 'kernel.elf', path: kernel }],
    describe: () => kernel,
  }
}

export function linuxGuest(buildDir: string): Guest {
  let image: Awaited<ReturnType<typeof prepareLinux>> | undefined
  const need = () => {
    if (!image) throw new Error('linux guest used before prepare()')
    return image
  }
  return {
    id: 'linux',
    label: 'Linux',
    async prepare() {
      image = await prepareLinux(buildDir)
    },
    bootArgs() {
      const { kernel, initramfs, append } = need()
      return ['-kernel', kernel, '-initrd', initramfs, '-append', append]
    },
    imageFiles() {
      const { kernel, initramfs } = need()
      return [
        { label: 'bzImage', path: kernel },
        { label: 'initramfs.cpio.gz', path: initramfs },
      ]
    },
    describe: () => need().packageVersion,
  }
}
