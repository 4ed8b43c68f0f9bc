/**
 * The plan: the kernel fully resolved from a valid descriptor. Defaults
 * are filled in, devices get PCI slots, services get host ports. Every
 * later stage reads only the plan.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import {
  parseIpv4,
  parseIpv4Cidr,
  parseMac,
  parseSize,
} from '../dsl/formats.ts'
import { MinikraftError, type Problem } from '../dsl/problems.ts'
import type {
  BootProtocol,
  KernelDescriptor,
  LogLevel,
  Service,
} from '../dsl/types.ts'
import { ConfigLocator } from '../dsl/locate.ts'
import { readFileSync } from 'node:fs'

export const DEFAULT_MEMORY = '8M'
export const DEFAULT_BOOT: BootProtocol = 'pvh'
/** The first PCI slot given to network devices on QEMU's `pc` machine. */
export const FIRST_NET_PCI_SLOT = 3
/** Guest ports below this are forwarded from this offset above them. */
export const PRIVILEGED_PORT_LIMIT = 1024
export const PRIVILEGED_PORT_OFFSET = 10000

const COM_IO_BASES = { COM1: 0x3f8, COM2: 0x2f8, COM3: 0x3e8, COM4: 0x2e8 }
const LOG_LEVEL_NUMBERS: Record<LogLevel, number> = {
  error: 1,
  warn: 2,
  info: 3,
  debug: 4,
  trace: 5,
}

export interface PlannedNetDevice {
  index: number
  name: string
  /** Descriptor path, e.g. `net[0]`, and its line in the config. */
  origin: Origin
  mac?: { text: string; bytes: number[] }
  ipv4?: { address: number; text: string; prefixLength: number }
  gateway?: { address: number; text: string }
  pciSlot: number
}

export type PlannedService =
  | { kind: 'udp-echo'; origin: Origin; port: number }
  | { kind: 'ethernet-echo'; origin: Origin; device: number }

export interface PortForward {
  protocol: 'udp' | 'tcp'
  hostPort: number
  guestPort: number
}

export interface Origin {
  path: string
  line?: number
}

export interface Plan {
  name: string
  /** Config path relative to the project root, with forward slashes. */
  configPath: string
  /** Absolute config path. */
  configFile: string
  boot: BootProtocol
  memoryBytes: number
  console: { port: string; ioBase: number; baud: number }
  logLevel: { name: LogLevel; value: number }
  net: PlannedNetDevice[]
  services: PlannedService[]
  app?: { sources: string[]; entry: string; origin: Origin }
  forwards: PortForward[]
  /** Boot stack of the kernel in bytes. */
  stackSize: number
}

export interface PlanOptions {
  /** Folder that relative paths in generated files start from. */
  root: string
}

export function plan(
  descriptor: KernelDescriptor,
  configFile: string,
  options: PlanOptions,
): Plan {
  const origins = new OriginFinder(configFile)
  const net = (descriptor.net ?? []).map((device, index) => {
    const cidr = parseIpv4Cidr(device.address)
    const gateway = parseIpv4(device.gateway)
    const mac = parseMac(device.mac)
    const planned: PlannedNetDevice = {
      index,
      name: device.name,
      origin: origins.of(`net[${index}]`),
      pciSlot: FIRST_NET_PCI_SLOT + index,
    }
    if (mac) planned.mac = { text: device.mac!.toLowerCase(), bytes: mac }
    if (cidr) {
      planned.ipv4 = { ...cidr, text: device.address! }
    }
    if (gateway !== undefined) {
      planned.gateway = { address: gateway, text: device.gateway! }
    }
    return planned
  })
  const services = (descriptor.services ?? []).map((service, index) =>
    planService(service, origins.of(`services[${index}]`), net),
  )
  const console = descriptor.console ?? { kind: 'serial' }
  const port = console.port ?? 'COM1'
  const level = descriptor.logLevel ?? 'info'
  return {
    name: descriptor.name,
    configFile,
    configPath: path
      .relative(options.root, configFile)
      .split(path.sep)
      .join('/'),
    boot: descriptor.boot ?? DEFAULT_BOOT,
    memoryBytes: parseSize(descriptor.memory ?? DEFAULT_MEMORY)!,
    console: { port, ioBase: COM_IO_BASES[port], baud: console.baud ?? 115200 },
    logLevel: { name: level, value: LOG_LEVEL_NUMBERS[level] },
    net,
    services,
    app: descriptor.app && planApp(descriptor.app, configFile, origins),
    forwards: forwardsOf(services),
    stackSize: 64 * 1024,
  }
}

function planService(
  service: Service,
  origin: Origin,
  net: PlannedNetDevice[],
): PlannedService {
  if (service.kind === 'udp-echo') {
    return { kind: 'udp-echo', origin, port: service.port }
  }
  const name = service.device ?? net[0]!.name
  const device = net.findIndex((d) => d.name === name)
  return { kind: 'ethernet-echo', origin, device }
}

function planApp(
  app: NonNullable<KernelDescriptor['app']>,
  configFile: string,
  origins: OriginFinder,
): Plan['app'] {
  const folder = path.dirname(configFile)
  const problems: Problem[] = []
  const sources = app.sources.map((source, index) => {
    const file = path.resolve(folder, source)
    if (!existsSync(file)) {
      problems.push({
        code: 'app-source-missing',
        path: `app.sources[${index}]`,
        message: `no such C file: ${source}`,
        expected: `a file relative to ${path.relative(process.cwd(), folder) || '.'}`,
        file: configFile,
        position: origins.position(`app.sources[${index}]`),
      })
    }
    return file
  })
  if (problems.length > 0) {
    throw new MinikraftError(
      `invalid kernel descriptor in ${configFile}`,
      problems,
    )
  }
  return { sources, entry: app.entry, origin: origins.of('app') }
}

/** Each UDP service port forwarded from 127.0.0.1, unprivileged. */
export function forwardsOf(services: PlannedService[]): PortForward[] {
  return services.flatMap((service) => {
    if (service.kind !== 'udp-echo') return []
    const offset =
      service.port < PRIVILEGED_PORT_LIMIT ? PRIVILEGED_PORT_OFFSET : 0
    return [
      {
        protocol: 'udp' as const,
        guestPort: service.port,
        hostPort: service.port + offset,
      },
    ]
  })
}

/** Descriptor paths → config lines, for comments in generated files. */
class OriginFinder {
  private readonly locator: ConfigLocator | undefined

  constructor(file: string) {
    try {
      this.locator = new ConfigLocator(file, readFileSync(file, 'utf8'))
    } catch {
      this.locator = undefined
    }
  }

  of(path: string): Origin {
    return { path, line: this.locator?.locate(path)?.line }
  }

  position(path: string) {
    return this.locator?.locate(path)
  }
}
