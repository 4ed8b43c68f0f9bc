// Benchmark options: the full run and the --quick one CI uses.

export type GuestId = 'ours' | 'linux'

export interface BenchOptions {
  quick: boolean
  rounds: number
  guests: GuestId[]
  accel: 'tcg' | 'kvm' | 'auto'
  /** Guest memory for every round, same for both guests. */
  memory: string
  /** One-at-a-time echo requests per round. */
  latencyRequests: number
  /** Datagram sizes the latency requests cycle through, bytes. */
  latencySizes: number[]
  /** Requests in flight during the throughput run. */
  window: number
  throughputSize: number
  throughputMs: number
  /** A request unanswered this long is lost. */
  requestTimeoutMs: number
  idleMs: number
  /** Probe interval while waiting for the first echo. */
  probeIntervalMs: number
  bootTimeoutMs: number
  /** -m values tried when searching the smallest memory that answers. */
  memoryLadder: string[]
  /**
   * Where results go: bench/results (kept in git, shown in the README)
   * for full runs, build/bench/results for quick ones, so that a quick
   * run never replaces the published figures.
   */
  outDir: string
  buildDir: string
}

export const MACHINE = 'pc'
export const NIC = 'virtio-net-pci'

export function defaultOptions(quick: boolean): BenchOptions {
  return {
    quick,
    rounds: quick ? 3 : 5,
    guests: ['ours', 'linux'],
    accel: 'tcg',
    memory: '128M',
    latencyRequests: quick ? 1_000 : 10_000,
    latencySizes: [16, 64, 256, 512, 1024, 1472],
    window: 32,
    throughputSize: 64,
    throughputMs: quick ? 1_000 : 5_000,
    requestTimeoutMs: 200,
    idleMs: quick ? 2_000 : 5_000,
    probeIntervalMs: 5,
    bootTimeoutMs: 60_000,
    memoryLadder: [
      '1M',
      '2M',
      '4M',
      '8M',
      '16M',
      '24M',
      '32M',
      '48M',
      '64M',
      '80M',
      '96M',
      '128M',
      '192M',
      '256M',
    ],
    outDir: quick ? 'build/bench/results' : 'bench/results',
    buildDir: 'build',
  }
}
