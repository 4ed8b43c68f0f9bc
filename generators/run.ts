/**
 * Run: start QEMU on a built kernel, serial on the terminal. Chooses the
 * accelerator by probing KVM for real, since /dev/kvm can exist and still
 * hang a guest.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { accessSync, constants } from 'node:fs'
import path from 'node:path'
import { execa } from 'execa'
import type { Plan, PortForward } from './plan.ts'
import {
  EXIT_STATUS_FAILURE,
  EXIT_STATUS_SUCCESS,
  QEMU_BINARY,
  qemuArgs,
  type NetBackend,
} from './qemu.ts'
import { requireTools } from './tools.ts'

export type Accel = 'tcg' | 'kvm'
/** How long the KVM probe lets a kernel take to print its banner. */
const KVM_PROBE_MS = 3000
const BANNER = /MiniKraft \S+ booting/

/**
 * Boots `elf` under KVM with no devices and waits for the banner. The
 * answer is cached per QEMU binary and kernel release in build/.
 */
export async function probeKvm(
  elf: string,
  cacheDir: string,
): Promise<boolean> {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK)
  } catch {
    return false
  }
  const key = `${process.arch}:${readRelease()}`
  const cacheFile = path.join(cacheDir, 'kvm-probe.json')
  const cached = readCache(cacheFile)
  if (cached?.key === key) return cached.works
  const result = await execa(
    QEMU_BINARY,
    [
      '-machine',
      'pc,accel=kvm',
      '-m',
      '16M',
      '-kernel',
      elf,
      '-display',
      'none',
      '-serial',
      'stdio',
      '-nic',
      'none',
      '-no-reboot',
    ],
    { reject: false, timeout: KVM_PROBE_MS, all: true },
  )
  const works = BANNER.test(result.all ?? '')
  mkdirSync(cacheDir, { recursive: true })
  writeFileSync(cacheFile, JSON.stringify({ key, works }))
  return works
}

function readRelease(): string {
  try {
    return readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()
  } catch {
    return 'unknown'
  }
}

function readCache(file: string): { key: string; works: boolean } | undefined {
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

export interface RunOptions {
  elf: string
  accel: Accel
  forwards: PortForward[]
  net?: NetBackend
  vnc?: boolean
}

export function runCommand(plan: Plan, options: RunOptions): string[] {
  return [
    QEMU_BINARY,
    ...qemuArgs(plan, {
      elf: options.elf,
      accel: options.accel,
      net: options.net ?? { kind: 'user', forwards: options.forwards },
      display: options.vnc ? 'vnc' : 'none',
    }),
  ]
}

/** Runs QEMU in the foreground; returns the kernel's status as an exit code. */
export async function runKernel(
  plan: Plan,
  options: RunOptions,
): Promise<number> {
  requireTools('qemu-system-x86_64')
  const [program, ...args] = runCommand(plan, options)
  const result = await execa(program!, args, {
    stdio: 'inherit',
    reject: false,
  })
  return kernelStatus(result.exitCode ?? 1)
}

/** QEMU's exit status → ours: 0 for success, 1 for a failure report. */
export function kernelStatus(qemuStatus: number): number {
  if (qemuStatus === EXIT_STATUS_SUCCESS) return 0
  if (qemuStatus === EXIT_STATUS_FAILURE) return 1
  return qemuStatus
}
