/**
 * The kernel descriptor: what a user writes in `kernel.config.ts`.
 *
 * These types are the documentation. Every field says what it means, what
 * it defaults to and what a value looks like; `validate()` checks the same
 * rules at run time and reports them at the user's line.
 */

/** A byte size: a number of bytes, or digits with K, M or G (`'8M'`). */
export type Size = number | `${number}${'K' | 'M' | 'G'}`

/** How QEMU (or a boot loader) hands control to the kernel. */
export type BootProtocol = 'pvh' | 'multiboot'

/** Build-time log level of the runtime's `mk_log_*` family. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace'

/** A 16550 UART serial console. */
export interface SerialConsole {
  kind: 'serial'
  /**
   * Which legacy COM port.
   * @default 'COM1'
   * @example 'COM1'
   */
  port?: 'COM1' | 'COM2' | 'COM3' | 'COM4'
  /**
   * Line speed in bits per second (8N1).
   * @default 115200
   */
  baud?: 9600 | 19200 | 38400 | 57600 | 115200
}

/** IPv4 settings of one network device. */
export interface Ipv4Settings {
  /**
   * The device's address with its prefix length.
   * @example '10.0.2.15/24'
   */
  address: string
  /**
   * The router for destinations outside the subnet; must lie inside it.
   * @default none
   * @example '10.0.2.2'
   */
  gateway?: string
}

/** A virtio network card (QEMU's `virtio-net-pci`). */
export interface VirtioNet extends Partial<Ipv4Settings> {
  kind: 'virtio-net'
  /**
   * The device's name, used in logs and by services that pick a device.
   * @example 'net0'
   */
  name: string
  /**
   * A unicast MAC address. Without one the device keeps QEMU's.
   * @default QEMU's address (52:54:00:12:34:56 for the first card)
   * @example '52:54:00:12:34:56'
   */
  mac?: string
}

export type NetDevice = VirtioNet

/** Answers every UDP datagram on `port` with the same bytes. */
export interface UdpEcho {
  kind: 'udp-echo'
  /**
   * The UDP port to serve, 1 to 65535.
   * @example 7
   */
  port: number
}

/**
 * Answers every Ethernet frame on a device with the source and destination
 * MAC swapped. The device is given over to it: no IP service can share it.
 */
export interface EthernetEcho {
  kind: 'ethernet-echo'
  /**
   * The name of the device to echo on.
   * @default the first network device
   */
  device?: string
}

export type Service = UdpEcho | EthernetEcho

/** Application code in C, built and linked into the kernel. */
export interface CApp {
  /**
   * C source files, relative to the config file's folder.
   * @example ['main.c']
   */
  sources: string[]
  /**
   * The function the kernel calls once everything is up:
   * `int entry(void)`, returning 0 on success.
   * @example 'app_main'
   */
  entry: string
}

/** A whole unikernel. */
export interface KernelDescriptor {
  /**
   * The kernel's name: lower-case letters, digits and dashes. Names the
   * build folder, `build/<name>/`.
   * @example 'udp-echo'
   */
  name: string
  /**
   * The boot protocol the image carries.
   * @default 'pvh'
   */
  boot?: BootProtocol
  /**
   * Guest memory, as given to QEMU's `-m`.
   * @default '8M'
   * @example '16M'
   */
  memory?: Size
  /**
   * Where the kernel's log goes.
   * @default serial({ port: 'COM1', baud: 115200 })
   */
  console?: SerialConsole
  /**
   * Build-time log level.
   * @default 'info'
   */
  logLevel?: LogLevel
  /**
   * Network devices, in PCI order.
   * @default []
   * @example [virtioNet({ name: 'net0', address: '10.0.2.15/24' })]
   */
  net?: NetDevice[]
  /**
   * Services the kernel runs after boot. A kernel without services exits
   * (with success) once its app entry returns.
   * @default []
   * @example [udpEcho({ port: 7 })]
   */
  services?: Service[]
  /**
   * Application code in C.
   * @default none
   */
  app?: CApp
}

/** What a config function receives. */
export interface BuildContext {
  /** The CLI command being run: `'generate'`, `'build'`, `'run'`... */
  command: string
  /** The environment, for configs that read variables. */
  env: Record<string, string | undefined>
}

/** A config file's default export: a descriptor or a function making one. */
export type KernelConfig =
  | KernelDescriptor
  | ((context: BuildContext) => KernelDescriptor)
