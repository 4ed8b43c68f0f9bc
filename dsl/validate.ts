/**
 * Every rule that can be checked before C exists: types, formats, ranges
 * and conflicts between entries. Returns problems; throws nothing.
 */
import {
  parseIpv4,
  parseIpv4Cidr,
  parseMac,
  parseSize,
  prefixMask,
  sameSubnet,
} from './formats.ts'
import { show, type Problem } from './problems.ts'

/** The smallest guest memory the runtime boots and serves in. */
export const MIN_MEMORY_BYTES = 2 * 1024 * 1024
/** Memory is identity-mapped below the 32-bit PCI hole. */
export const MAX_MEMORY_BYTES = 3 * 1024 * 1024 * 1024

const BOOT_PROTOCOLS = ['pvh', 'multiboot']
const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace']
const COM_PORTS = ['COM1', 'COM2', 'COM3', 'COM4']
const BAUD_RATES = [9600, 19200, 38400, 57600, 115200]
const NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
/** C library functions the runtime defines itself (kernel/lib.c). */
const RUNTIME_C_FUNCTIONS = [
  'memcmp',
  'memcpy',
  'memmove',
  'memset',
  'strcmp',
  'strlen',
  'strncmp',
  'strnlen',
]
/** The runtime drives this many network devices (MK_NETDEV_MAX). */
export const MAX_NET_DEVICES = 4

const KERNEL_FIELDS = [
  'name',
  'boot',
  'memory',
  'console',
  'logLevel',
  'net',
  'services',
  'app',
]
const FIELDS_BY_KIND: Record<string, string[]> = {
  serial: ['kind', 'port', 'baud'],
  'virtio-net': ['kind', 'name', 'mac', 'address', 'gateway'],
  'udp-echo': ['kind', 'port'],
  'ethernet-echo': ['kind', 'device'],
}
const SERVICE_CONSTRUCTORS: Record<string, string> = {
  'udp-echo': 'udpEcho()',
  'ethernet-echo': 'ethernetEcho()',
}

type Record_ = Record<string, unknown>

class Checker {
  readonly problems: Problem[] = []

  report(problem: Problem): void {
    this.problems.push(problem)
  }

  isObject(value: unknown, path: string, what: string): value is Record_ {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return true
    }
    this.report({
      code: 'type',
      path,
      message: `expected ${what}, received ${show(value)}`,
      received: show(value),
      expected: what,
    })
    return false
  }

  unknownFields(value: Record_, allowed: string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue
      const hint = closest(key, allowed)
      this.report({
        code: 'unknown-field',
        path: join(path, key),
        message:
          `unknown field "${key}"` + (hint ? `; did you mean "${hint}"?` : ''),
        received: key,
        expected: allowed.filter((f) => f !== 'kind').join(', '),
      })
    }
  }

  oneOf(value: unknown, allowed: readonly unknown[], path: string): boolean {
    if (allowed.includes(value)) return true
    const list = allowed.map((a) => show(a)).join(', ')
    this.report({
      code: 'one-of',
      path,
      message: `expected one of ${list}, received ${show(value)}`,
      received: show(value),
      expected: list,
    })
    return false
  }

  invalid(code: string, path: string, value: unknown, expected: string) {
    this.report({
      code,
      path,
      message: `expected ${expected}, received ${show(value)}`,
      received: show(value),
      expected,
    })
  }
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path ? `${path}.${key}` : key
}

/** The allowed name nearest to a misspelt one, if near enough. */
function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution)
    }
    previous = current
  }
  return previous[b.length]!
}

/** Checks a loaded descriptor; an empty list means it is valid. */
export function validate(descriptor: unknown): Problem[] {
  const check = new Checker()
  if (!check.isObject(descriptor, '', 'a kernel descriptor object')) {
    return check.problems
  }
  check.unknownFields(descriptor, KERNEL_FIELDS, '')
  checkName(check, descriptor.name)
  if (descriptor.boot !== undefined) {
    check.oneOf(descriptor.boot, BOOT_PROTOCOLS, 'boot')
  }
  if (descriptor.logLevel !== undefined) {
    check.oneOf(descriptor.logLevel, LOG_LEVELS, 'logLevel')
  }
  checkMemory(check, descriptor.memory)
  checkConsole(check, descriptor.console)
  const devices = checkDevices(check, descriptor.net)
  checkServices(check, descriptor.services, devices)
  checkApp(check, descriptor.app)
  return check.problems
}

function checkName(check: Checker, name: unknown): void {
  if (typeof name === 'string' && NAME_PATTERN.test(name)) return
  check.invalid(
    'name',
    'name',
    name,
    'a name of lower-case letters, digits and dashes, starting with a ' +
      'letter, at most 32 characters',
  )
}

function checkMemory(check: Checker, memory: unknown): void {
  if (memory === undefined) return
  const bytes = parseSize(memory)
  if (bytes === undefined) {
    check.invalid('size', 'memory', memory, "a size such as '8M' or '512K'")
  } else if (bytes < MIN_MEMORY_BYTES || bytes > MAX_MEMORY_BYTES) {
    check.report({
      code: 'memory-range',
      path: 'memory',
      message:
        bytes < MIN_MEMORY_BYTES
          ? `${show(memory)} is less than the kernel needs (at least 2M)`
          : `${show(memory)} is more than the kernel can map (at most 3G)`,
      received: show(memory),
      expected: 'from 2M to 3G',
    })
  }
}

function checkConsole(check: Checker, console: unknown): void {
  if (console === undefined) return
  if (!check.isObject(console, 'console', 'serial({ ... })')) return
  if (!check.oneOf(console.kind, ['serial'], 'console.kind')) return
  check.unknownFields(console, FIELDS_BY_KIND.serial!, 'console')
  if (console.port !== undefined) {
    check.oneOf(console.port, COM_PORTS, 'console.port')
  }
  if (console.baud !== undefined) {
    check.oneOf(console.baud, BAUD_RATES, 'console.baud')
  }
}

interface Device {
  name: string
  hasAddress: boolean
}

/** Checks `net`; returns the devices that services can name. */
function checkDevices(check: Checker, net: unknown): Device[] {
  if (net === undefined) return []
  if (!Array.isArray(net)) {
    check.invalid('type', 'net', net, 'an array of devices')
    return []
  }
  if (net.length > MAX_NET_DEVICES) {
    check.report({
      code: 'net-too-many',
      path: 'net',
      message: `${net.length} network devices; the runtime drives at most ${MAX_NET_DEVICES}`,
      received: String(net.length),
      expected: `at most ${MAX_NET_DEVICES} devices`,
    })
  }
  const names: string[] = []
  const devices: Device[] = []
  const macs = new Map<string, string>()
  const subnets: Subnet[] = []
  net.forEach((device, index) => {
    const path = join('net', index)
    if (!check.isObject(device, path, 'virtioNet({ ... })')) return
    if (!check.oneOf(device.kind, ['virtio-net'], join(path, 'kind'))) return
    check.unknownFields(device, FIELDS_BY_KIND['virtio-net']!, path)
    if (checkDeviceName(check, device.name, path, names)) {
      const hasAddress = device.address !== undefined
      devices.push({ name: device.name as string, hasAddress })
    }
    checkMac(check, device.mac, join(path, 'mac'), macs)
    checkIpv4(check, device, path, subnets)
  })
  return devices
}

function checkDeviceName(
  check: Checker,
  name: unknown,
  path: string,
  names: string[],
): boolean {
  const namePath = join(path, 'name')
  if (typeof name !== 'string' || !/^[a-z][a-z0-9_]{0,14}$/.test(name)) {
    check.invalid(
      'device-name',
      namePath,
      name,
      'a device name of lower-case letters, digits and underscores, ' +
        'at most 15 characters, such as "net0"',
    )
  } else if (names.includes(name)) {
    check.report({
      code: 'device-duplicate',
      path: namePath,
      message: `another device is already named "${name}"`,
      received: show(name),
      expected: 'a name no other device has',
    })
  } else {
    names.push(name)
    return true
  }
  return false
}

function checkMac(
  check: Checker,
  mac: unknown,
  path: string,
  seen: Map<string, string>,
): void {
  if (mac === undefined) return
  const bytes = parseMac(mac)
  if (!bytes) {
    check.invalid('mac', path, mac, "a MAC address such as '52:54:00:12:34:56'")
    return
  }
  if (bytes.every((b) => b === 0)) {
    check.report({
      code: 'mac-zero',
      path,
      message: `${show(mac)} is not a usable address`,
      received: show(mac),
      expected: "a unicast MAC such as '52:54:00:12:34:56'",
    })
    return
  }
  if (bytes[0]! & 1) {
    check.report({
      code: 'mac-multicast',
      path,
      message: `${show(mac)} is a multicast address; a device needs a unicast one`,
      received: show(mac),
      expected: 'a MAC whose first octet is even',
    })
    return
  }
  const key = (mac as string).toLowerCase()
  const other = seen.get(key)
  if (other !== undefined) {
    check.report({
      code: 'mac-duplicate',
      path,
      message: `${show(mac)} is already the MAC of ${other}`,
      received: show(mac),
      expected: 'a MAC no other device has',
    })
  }
  seen.set(key, path)
}

function checkIpv4(
  check: Checker,
  device: Record_,
  path: string,
  subnets: Subnet[],
): void {
  const addressPath = join(path, 'address')
  if (device.address === undefined) {
    if (device.gateway !== undefined) {
      check.report({
        code: 'gateway-without-address',
        path: join(path, 'gateway'),
        message: 'a gateway needs the device to have an address',
        expected: "an address such as '10.0.2.15/24' beside it",
      })
    }
    return
  }
  const cidr = parseIpv4Cidr(device.address)
  if (!cidr) {
    check.invalid(
      'ipv4-cidr',
      addressPath,
      device.address,
      "an IPv4 address with prefix length such as '10.0.2.15/24'",
    )
    return
  }
  if (!checkUnicast(check, cidr.address, addressPath, device.address)) return
  if (cidr.prefixLength === 0) {
    check.report({
      code: 'ipv4-prefix',
      path: addressPath,
      message: 'a prefix length of 0 puts every address on the link',
      received: show(device.address),
      expected: 'a prefix length from 1 to 32',
    })
    return
  }
  checkHostAddress(
    check,
    cidr.address,
    cidr.prefixLength,
    addressPath,
    device.address,
  )
  checkOverlap(check, cidr, addressPath, device.address, subnets)
  subnets.push({ ...cidr, path })
  if (device.gateway === undefined) return
  const gatewayPath = join(path, 'gateway')
  const gateway = parseIpv4(device.gateway)
  if (gateway === undefined) {
    check.invalid(
      'ipv4',
      gatewayPath,
      device.gateway,
      "an IPv4 address such as '10.0.2.2'",
    )
  } else if (!sameSubnet(gateway, cidr.address, cidr.prefixLength)) {
    check.report({
      code: 'gateway-outside-subnet',
      path: gatewayPath,
      message: `gateway ${show(device.gateway)} is outside the subnet of ${show(device.address)}`,
      received: show(device.gateway),
      expected: `an address inside ${show(device.address)}`,
    })
  } else if (gateway === cidr.address) {
    check.report({
      code: 'gateway-is-self',
      path: gatewayPath,
      message: `gateway ${show(device.gateway)} is the device's own address`,
      received: show(device.gateway),
      expected: 'another host of the subnet',
    })
  } else {
    checkHostAddress(
      check,
      gateway,
      cidr.prefixLength,
      gatewayPath,
      device.gateway,
    )
  }
}

interface Subnet {
  address: number
  prefixLength: number
  /** The device's descriptor path. */
  path: string
}

/**
 * Two devices in one subnet (or nested subnets) would leave the stack no
 * way to tell which of them reaches an address of it.
 */
function checkOverlap(
  check: Checker,
  cidr: { address: number; prefixLength: number },
  path: string,
  value: unknown,
  subnets: Subnet[],
): void {
  const other = subnets.find((subnet) =>
    sameSubnet(
      subnet.address,
      cidr.address,
      Math.min(subnet.prefixLength, cidr.prefixLength),
    ),
  )
  if (!other) return
  const same = other.address === cidr.address
  check.report({
    code: same ? 'ipv4-duplicate' : 'ipv4-subnet-overlap',
    path,
    message: same
      ? `${show(value)} is already the address of ${other.path}`
      : `${show(value)} shares a subnet with ${other.path}`,
    received: show(value),
    expected: same
      ? 'an address no other device has'
      : 'a subnet no other device is in',
  })
}

/** Address blocks no interface may have (RFC 1122 §3.2.1.3, RFC 5735). */
const SPECIAL_BLOCKS: [number, number, string][] = [
  [0x00000000, 8, 'in 0.0.0.0/8, "this network"'],
  [0x7f000000, 8, 'a loopback address (127.0.0.0/8)'],
  [0xe0000000, 4, 'a multicast address (224.0.0.0/4)'],
  [0xf0000000, 4, 'a reserved or broadcast address (240.0.0.0/4)'],
]

function checkUnicast(
  check: Checker,
  address: number,
  path: string,
  value: unknown,
): boolean {
  const block = SPECIAL_BLOCKS.find(([base, length]) =>
    sameSubnet(address, base, length),
  )
  if (!block) return true
  check.report({
    code: 'ipv4-not-unicast',
    path,
    message: `${show(value)} is ${block[2]}, which no device can have`,
    received: show(value),
    expected: 'a unicast address such as 10.0.2.15/24',
  })
  return false
}

/** The network and broadcast addresses of a subnet belong to no host. */
function checkHostAddress(
  check: Checker,
  address: number,
  prefixLength: number,
  path: string,
  value: unknown,
): void {
  if (prefixLength >= 31) return
  const host = (address & ~prefixMask(prefixLength)) >>> 0
  const hostMask = ~prefixMask(prefixLength) >>> 0
  if (host !== 0 && host !== hostMask) return
  check.report({
    code: 'ipv4-not-host',
    path,
    message:
      `${show(value)} is the ` +
      (host === 0 ? 'network' : 'broadcast') +
      ' address of its subnet',
    received: show(value),
    expected: 'a host address inside the subnet',
  })
}

function checkServices(
  check: Checker,
  services: unknown,
  devices: Device[],
): void {
  if (services === undefined) return
  if (!Array.isArray(services)) {
    check.invalid('type', 'services', services, 'an array of services')
    return
  }
  const ports = new Map<number, string>()
  const echoDevices = new Map<string, string>()
  let ipServicePath: string | undefined
  services.forEach((service, index) => {
    const path = join('services', index)
    const kinds = Object.keys(SERVICE_CONSTRUCTORS)
    if (!check.isObject(service, path, 'a service such as udpEcho({ ... })')) {
      return
    }
    if (!check.oneOf(service.kind, kinds, join(path, 'kind'))) return
    check.unknownFields(service, FIELDS_BY_KIND[service.kind as string]!, path)
    if (!requireNetwork(check, service.kind as string, devices, path)) return
    if (service.kind === 'udp-echo') {
      checkPort(check, service.port, join(path, 'port'), ports)
      ipServicePath ??= path
    } else {
      const names = devices.map((d) => d.name)
      checkEchoDevice(check, service, path, names, echoDevices)
    }
  })
  checkEchoExclusive(check, echoDevices, devices, ipServicePath)
}

function requireNetwork(
  check: Checker,
  kind: string,
  devices: Device[],
  path: string,
): boolean {
  if (devices.length > 0) return true
  check.report({
    code: 'service-needs-network',
    path,
    message: `${SERVICE_CONSTRUCTORS[kind]} needs a network device, and none is declared`,
    expected: "a device in net, such as virtioNet({ name: 'net0', ... })",
  })
  return false
}

function checkPort(
  check: Checker,
  port: unknown,
  path: string,
  ports: Map<number, string>,
): void {
  if (
    typeof port !== 'number' ||
    !Number.isInteger(port) ||
    port < 1 ||
    port > 65535
  ) {
    check.invalid('port-range', path, port, 'a port from 1 to 65535')
    return
  }
  const other = ports.get(port)
  if (other !== undefined) {
    check.report({
      code: 'port-conflict',
      path,
      message: `UDP port ${port} is already served by ${other}`,
      received: String(port),
      expected: 'a port no other UDP service uses',
    })
    return
  }
  ports.set(port, path.replace(/\.port$/, ''))
}

function checkEchoDevice(
  check: Checker,
  service: Record_,
  path: string,
  devices: string[],
  echoDevices: Map<string, string>,
): void {
  const device = service.device ?? devices[0]
  if (typeof device !== 'string' || !devices.includes(device)) {
    check.oneOf(service.device, devices, join(path, 'device'))
    return
  }
  const other = echoDevices.get(device)
  if (other !== undefined) {
    check.report({
      code: 'echo-conflict',
      path,
      message: `device "${device}" already has an Ethernet echo (${other})`,
      expected: 'one ethernetEcho() per device',
    })
    return
  }
  echoDevices.set(device, path)
}

/**
 * An IP service needs a device with an address that no Ethernet echo
 * holds, since an echo takes every frame of its device.
 */
function checkEchoExclusive(
  check: Checker,
  echoDevices: Map<string, string>,
  devices: Device[],
  ipServicePath: string | undefined,
): void {
  if (ipServicePath === undefined) return
  const addressed = devices.filter((d) => d.hasAddress)
  if (addressed.length === 0) {
    check.report({
      code: 'service-needs-address',
      path: ipServicePath,
      message: 'a UDP service needs a network device with an IPv4 address',
      expected: "an address such as '10.0.2.15/24' on a device",
    })
    return
  }
  if (addressed.some((d) => !echoDevices.has(d.name))) return
  check.report({
    code: 'echo-takes-device',
    path: ipServicePath,
    message:
      'every network device is taken by ethernetEcho(), so no UDP ' +
      'service can be reached',
    expected: 'a device without ethernetEcho() for IP services',
  })
}

function checkApp(check: Checker, app: unknown): void {
  if (app === undefined) return
  if (!check.isObject(app, 'app', 'cApp({ sources, entry })')) return
  check.unknownFields(app, ['sources', 'entry'], 'app')
  checkSources(check, app.sources)
  checkEntry(check, app.entry)
}

function checkSources(check: Checker, sources: unknown): void {
  if (!Array.isArray(sources) || sources.length === 0) {
    check.invalid(
      'app-sources',
      'app.sources',
      sources,
      "a list of C files such as ['main.c']",
    )
    return
  }
  const seen = new Map<string, string>()
  sources.forEach((source, index) => {
    const path = join('app.sources', index)
    if (typeof source !== 'string' || !/\.c$/.test(source)) {
      check.invalid('app-source', path, source, "a C file such as 'main.c'")
      return
    }
    const key = normalizeSource(source)
    const other = seen.get(key)
    if (other !== undefined) {
      check.report({
        code: 'app-source-duplicate',
        path,
        message: `${show(source)} is already listed as ${other}`,
        received: show(source),
        expected: 'each C file once',
      })
    }
    seen.set(key, path)
  })
}

/** `./a/../b.c` → `b.c`, so one file listed twice is found. */
function normalizeSource(source: string): string {
  const parts: string[] = []
  for (const part of source.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop()
    else parts.push(part)
  }
  return (source.startsWith('/') ? '/' : '') + parts.join('/')
}

function checkEntry(check: Checker, entry: unknown): void {
  if (typeof entry !== 'string' || !C_IDENTIFIER.test(entry)) {
    check.invalid(
      'app-entry',
      'app.entry',
      entry,
      "a C function name such as 'app_main'",
    )
  } else if (
    /^(mk_|__mk_)/.test(entry) ||
    RUNTIME_C_FUNCTIONS.includes(entry)
  ) {
    check.report({
      code: 'app-entry-reserved',
      path: 'app.entry',
      message: `${show(entry)} is already defined by the runtime`,
      received: show(entry),
      expected: "a name that does not start with mk_, such as 'app_main'",
    })
  }
}
