// Builds the Linux side of the benchmark from Debian packages, cached
// under build/bench/linux/: the Debian cloud kernel (downloaded with
// apt-get download and unpacked with dpkg-deb, never installed into
// the host), busybox from busybox-static, and an initramfs holding
// busybox, the virtio network modules, our static UDP echo server and
// an init script. Rebuilt only when an input changes.

import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { execa } from 'execa'
import { packCpio, type CpioEntry } from '../lib/cpio.ts'
import { log } from '../lib/log.ts'
import { GUEST_IP, GATEWAY_IP, PREFIX_LENGTH } from '../lib/network.ts'

const KERNEL_METAPACKAGE = 'linux-image-cloud-amd64'
const BUSYBOX_PACKAGE = 'busybox-static'
const SOURCE_DIR = new URL('.', import.meta.url).pathname
const ECHO_SOURCE = join(SOURCE_DIR, 'udp-echo.c')

/**
 * The virtio network stack in load order: each module after the ones
 * it needs. Entries built into the kernel (modules.builtin) are skipped.
 */
export const VIRTIO_NET_MODULES = [
  'virtio_ring',
  'virtio',
  'virtio_pci_legacy_dev',
  'virtio_pci_modern_dev',
  'virtio_pci',
  'failover',
  'net_failover',
  'virtio_net',
]

export interface LinuxImage {
  kernel: string
  initramfs: string
  /** Kernel command line; console on the serial port. */
  append: string
  packageVersion: string
}

/** The init script run as PID 1 inside the initramfs. */
export function initScript(modules: readonly string[]): string {
  const bb = '/bin/busybox'
  return [
    `#!${bb} sh`,
    `${bb} mount -t proc proc /proc`,
    `${bb} mount -t sysfs sysfs /sys`,
    ...modules.map((m) => `${bb} insmod /lib/modules/${m}.ko`),
    `${bb} ip link set lo up`,
    `${bb} ip addr add ${GUEST_IP}/${PREFIX_LENGTH} dev eth0`,
    `${bb} ip link set eth0 up`,
    `${bb} ip route add default via ${GATEWAY_IP}`,
    'exec /bin/udp-echo 7',
    '',
  ].join('\n')
}

async function run(cmd: string, args: string[], cwd?: string) {
  const result = await execa(cmd, args, { cwd, reject: false, all: true })
  if (result.exitCode !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.all}`)
  }
  return result.stdout
}

/** The versioned package behind the metapackage, e.g. linux-image-6.1.0-57-cloud-amd64. */
async function resolveKernelPackage(): Promise<string> {
  const out = await run('apt-cache', ['depends', KERNEL_METAPACKAGE])
  const match = out.match(/Depends:\s*(linux-image-[^\s]+-cloud-amd64)/)
  if (!match) {
    throw new Error(
      `cannot resolve ${KERNEL_METAPACKAGE} (run apt-get update?):\n${out}`,
    )
  }
  return match[1]
}

async function candidateVersion(pkg: string): Promise<string> {
  const out = await run('apt-cache', ['policy', pkg])
  const match = out.match(/Candidate:\s*(\S+)/)
  if (!match || match[1] === '(none)')
    throw new Error(`no candidate for ${pkg}`)
  return match[1]
}

/** Downloads (once) and unpacks a .deb into dir/<pkg>/. */
async function fetchPackage(dir: string, pkg: string): Promise<string> {
  const debs = join(dir, 'debs')
  await mkdir(debs, { recursive: true })
  const version = await candidateVersion(pkg)
  // apt-get download writes the epoch's colon as %3a.
  const debName = `${pkg}_${version.replace(':', '%3a')}_amd64.deb`
  if (!existsSync(join(debs, debName))) {
    log.info(`downloading ${pkg} ${version} (apt-get download)`)
    await run('apt-get', ['download', `${pkg}=${version}`], debs)
  }
  const tree = join(dir, 'pkg', pkg)
  await rm(tree, { recursive: true, force: true })
  await mkdir(tree, { recursive: true })
  await run('dpkg-deb', ['-x', join(debs, debName), tree])
  return `${pkg}=${version}`
}

async function findFile(dir: string, base: string): Promise<string | null> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      const found = await findFile(path, base)
      if (found) return found
    } else if (entry.name.startsWith(base + '.ko')) {
      return path
    }
  }
  return null
}

/** A module's bytes, decompressed on the host: busybox insmod takes plain .ko only. */
async function moduleBytes(path: string): Promise<Buffer> {
  if (path.endsWith('.ko')) return readFile(path)
  const tool = path.endsWith('.xz')
    ? 'xz'
    : path.endsWith('.zst')
      ? 'zstd'
      : null
  if (!tool) throw new Error(`unknown module compression: ${path}`)
  const { stdout } = await execa(tool, ['-dc', path], { encoding: 'buffer' })
  return Buffer.from(stdout)
}

interface KernelTree {
  release: string
  vmlinuz: string
  modulesDir: string
}

async function kernelTree(dir: string, pkg: string): Promise<KernelTree> {
  const root = join(dir, 'pkg', pkg)
  const [release] = await readdir(join(root, 'lib/modules'))
  return {
    release,
    vmlinuz: join(root, 'boot', `vmlinuz-${release}`),
    modulesDir: join(root, 'lib/modules', release),
  }
}

/** Modules to load, in order, with the built-in ones left out. */
async function loadableModules(tree: KernelTree) {
  const builtin = await readFile(
    join(tree.modulesDir, 'modules.builtin'),
    'utf8',
  )
  const builtinNames = new Set(
    builtin.split('\n').map((l) => l.split('/').pop()?.replace(/\.ko$/, '')),
  )
  const modules: { name: string; path: string }[] = []
  for (const name of VIRTIO_NET_MODULES) {
    if (builtinNames.has(name)) continue
    const path = await findFile(join(tree.modulesDir, 'kernel'), name)
    if (!path) throw new Error(`module ${name} is neither built in nor shipped`)
    modules.push({ name, path })
  }
  return modules
}

async function buildEchoServer(dir: string): Promise<string> {
  const out = join(dir, 'udp-echo')
  await run('gcc', [
    '-static',
    '-O2',
    '-Wall',
    '-Wextra',
    '-o',
    out,
    ECHO_SOURCE,
  ])
  return out
}

async function initramfsEntries(
  dir: string,
  tree: KernelTree,
  busybox: string,
): Promise<CpioEntry[]> {
  const modules = await loadableModules(tree)
  const entries: CpioEntry[] = [
    ...['bin', 'dev', 'proc', 'sys', 'lib', 'lib/modules'].map(
      (path) => ({ type: 'dir', path }) as const,
    ),
    // The kernel opens /dev/console for init before anything is mounted.
    { type: 'chardev', path: 'dev/console', major: 5, minor: 1 },
    {
      type: 'file',
      path: 'bin/busybox',
      data: await readFile(busybox),
      mode: 0o755,
    },
    { type: 'symlink', path: 'bin/sh', target: 'busybox' },
    {
      type: 'file',
      path: 'bin/udp-echo',
      data: await readFile(await buildEchoServer(dir)),
      mode: 0o755,
    },
    {
      type: 'file',
      path: 'init',
      data: initScript(modules.map((m) => m.name)),
      mode: 0o755,
    },
  ]
  for (const m of modules) {
    const data = await moduleBytes(m.path)
    entries.push({ type: 'file', path: `lib/modules/${m.name}.ko`, data })
  }
  return entries
}

async function inputsDigest(packages: string[]): Promise<string> {
  const hash = createHash('sha256')
  hash.update(packages.join('\n'))
  hash.update(await readFile(ECHO_SOURCE))
  hash.update(await readFile(new URL(import.meta.url)))
  hash.update(await readFile(new URL('../lib/cpio.ts', import.meta.url)))
  return hash.digest('hex')
}

/** Versions to build from: fresh from apt, or the cached ones when apt has no lists. */
async function resolveVersions(dir: string): Promise<string[] | null> {
  try {
    const kernelPkg = await resolveKernelPackage()
    return [
      `${kernelPkg}=${await candidateVersion(kernelPkg)}`,
      `${BUSYBOX_PACKAGE}=${await candidateVersion(BUSYBOX_PACKAGE)}`,
    ]
  } catch (error) {
    if (existsSync(join(dir, 'stamp.json'))) return null
    throw error
  }
}

/** Returns the Linux guest's files, building them if an input changed. */
export async function prepareLinux(buildDir: string): Promise<LinuxImage> {
  const dir = join(buildDir, 'bench', 'linux')
  await mkdir(dir, { recursive: true })
  const stampPath = join(dir, 'stamp.json')
  const versions = await resolveVersions(dir)
  const stamp = existsSync(stampPath)
    ? JSON.parse(await readFile(stampPath, 'utf8'))
    : null
  const digest = versions ? await inputsDigest(versions) : stamp.digest
  const image: LinuxImage = {
    kernel: join(dir, 'bzImage'),
    initramfs: join(dir, 'initramfs.cpio.gz'),
    append: 'console=ttyS0 quiet panic=-1 rdinit=/init',
    packageVersion: versions ? versions[0] : stamp.packageVersion,
  }
  const cached =
    stamp?.digest === digest &&
    existsSync(image.kernel) &&
    existsSync(image.initramfs)
  if (cached) {
    log.info(`linux image up to date (${image.packageVersion})`)
    return image
  }

  log.step(`building the linux guest from ${versions!.join(', ')}`)
  const [kernelPkg, busyboxPkg] = versions!.map((v) => v.split('=')[0])
  await fetchPackage(dir, kernelPkg)
  await fetchPackage(dir, busyboxPkg)
  const tree = await kernelTree(dir, kernelPkg)
  const busybox = join(dir, 'pkg', busyboxPkg, 'bin', 'busybox')
  const entries = await initramfsEntries(dir, tree, busybox)
  await writeFile(image.initramfs, gzipSync(packCpio(entries), { level: 9 }))
  await writeFile(image.kernel, await readFile(tree.vmlinuz))
  await writeFile(
    stampPath,
    JSON.stringify({ digest, packageVersion: image.packageVersion }, null, 2),
  )
  const size = (await stat(image.initramfs)).size
  log.info(`linux image ready: ${tree.release}, initramfs ${size} bytes`)
  return image
}
