/**
 * What users import from 'minikraft': `defineKernel()` and the device,
 * service and console constructors. Each constructor only tags its
 * options; `validate()` checks them.
 */
import type {
  BuildContext,
  CApp,
  EthernetEcho,
  KernelConfig,
  KernelDescriptor,
  SerialConsole,
  UdpEcho,
  VirtioNet,
} from './types.ts'

export type * from './types.ts'

/** Identity helper that lets editors complete and check a config. */
export function defineKernel(config: KernelDescriptor): KernelDescriptor
export function defineKernel(
  config: (context: BuildContext) => KernelDescriptor,
): (context: BuildContext) => KernelDescriptor
export function defineKernel(config: KernelConfig): KernelConfig {
  return config
}

/** A virtio network card with its IPv4 settings. */
export function virtioNet(options: Omit<VirtioNet, 'kind'>): VirtioNet {
  return { kind: 'virtio-net', ...options }
}

/** A UDP echo service on `port`. */
export function udpEcho(options: Omit<UdpEcho, 'kind'>): UdpEcho {
  return { kind: 'udp-echo', ...options }
}

/** An Ethernet frame echo on one device (MACs swapped). */
export function ethernetEcho(
  options: Omit<EthernetEcho, 'kind'> = {},
): EthernetEcho {
  return { kind: 'ethernet-echo', ...options }
}

/** A serial console. */
export function serial(
  options: Omit<SerialConsole, 'kind'> = {},
): SerialConsole {
  return { kind: 'serial', ...options }
}

/** Application code in C. */
export function cApp(options: CApp): CApp {
  return { ...options }
}
