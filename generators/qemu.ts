/**
 * The QEMU command line for a plan. Pure: the runner and the generated
 * qemu.sh both take it from here.
 */
import type { Plan, PortForward } from './plan.ts'

export const QEMU_BINARY = 'qemu-system-x86_64'
export const QEMU_MACHINE = 'pc'
/** isa-debug-exit: the kernel writes its status here (runtime kernel.h). */
export const DEBUG_EXIT_DEVICE = 'isa-debug-exit,iobase=0xf4,iosize=0x04'
/** Host exit status of QEMU when the kernel reports success (0x10 << 1 | 1). */
export const EXIT_STATUS_SUCCESS = 33
export const EXIT_STATUS_FAILURE = 35

export type NetBackend =
  /** QEMU user-mode networking, service ports forwarded from 127.0.0.1. */
  | { kind: 'user'; forwards: PortForward[] }
  /** Every Ethernet frame as one UDP datagram between two local ports. */
  | { kind: 'dgram'; localPort: number; remotePort: number }
  /** A tap device, e.g. inside a network namespace. */
  | { kind: 'tap'; ifname: string }

export interface QemuOptions {
  elf: string
  accel: 'tcg' | 'kvm'
  /** Backend of the first device; the others get unconnected user nets. */
  net?: NetBackend
  display?: 'none' | 'vnc'
}

export function qemuArgs(plan: Plan, options: QemuOptions): string[] {
  const args = [
    '-machine',
    `${QEMU_MACHINE},accel=${options.accel}`,
    '-m',
    memoryArg(plan.memoryBytes),
    '-kernel',
    options.elf,
    '-no-reboot',
    ...serialArgs(plan.console.port),
    '-device',
    DEBUG_EXIT_DEVICE,
  ]
  args.push(
    ...(options.display === 'vnc'
      ? ['-display', 'none', '-vnc', '127.0.0.1:0']
      : ['-display', 'none', '-vga', 'none']),
  )
  if (plan.net.length === 0) args.push('-nic', 'none')
  for (const device of plan.net) {
    const id = `n${device.index}`
    const backend =
      device.index === 0 && options.net ? options.net : unconnected()
    args.push('-netdev', netdevSpec(backend, id))
    const mac = device.mac ? `,mac=${device.mac.text}` : ''
    args.push(
      '-device',
      `virtio-net-pci,netdev=${id},addr=${hex(device.pciSlot)}${mac}`,
    )
  }
  return args
}

/**
 * The console's COM port on stdio, multiplexed with the QEMU monitor so
 * that Ctrl-A X quits; the ports before it unconnected.
 */
function serialArgs(port: string): string[] {
  const index = Number(port.slice('COM'.length)) - 1
  const unused = Array.from({ length: index }, () => ['-serial', 'null'])
  return [...unused.flat(), '-serial', 'mon:stdio']
}

function unconnected(): NetBackend {
  return { kind: 'user', forwards: [] }
}

/** QEMU's -m value: whole mebibytes where it can, else kibibytes. */
function memoryArg(bytes: number): string {
  const mib = 1024 * 1024
  return bytes % mib === 0 ? `${bytes / mib}M` : `${Math.ceil(bytes / 1024)}K`
}

function netdevSpec(backend: NetBackend, id: string): string {
  switch (backend.kind) {
    case 'user':
      return [
        `user,id=${id}`,
        ...backend.forwards.map(
          (f) =>
            `hostfwd=${f.protocol}:127.0.0.1:${f.hostPort}-:${f.guestPort}`,
        ),
      ].join(',')
    case 'dgram':
      return [
        `dgram,id=${id}`,
        'local.type=inet',
        'local.host=127.0.0.1',
        `local.port=${backend.localPort}`,
        'remote.type=inet',
        'remote.host=127.0.0.1',
        `remote.port=${backend.remotePort}`,
      ].join(',')
    case 'tap':
      return `tap,id=${id},ifname=${backend.ifname},script=no,downscript=no`
  }
}

function hex(value: number): string {
  return `0x${value.toString(16)}`
}

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}
