// UDP echo throughput at saturation: options.window requests of
// options.throughputSize bytes kept in flight for options.throughputMs;
// answers per second and the share of requests never answered.

import { measureThroughput, type ThroughputResult } from '../lib/udp.ts'
import { summarizeMetrics } from './summarize.ts'
import type { Figure, Metric } from './types.ts'

const metrics: Metric[] = [
  {
    key: 'answeredPerSecond',
    label: 'UDP echo throughput',
    unit: 'packets/s',
    better: 'higher',
    digits: 0,
    goal: { kind: 'ratio', op: '>=', value: 2, text: '≥ 2× Linux' },
  },
  {
    key: 'lossPercent',
    label: 'UDP loss at saturation',
    unit: '%',
    better: 'lower',
    digits: 2,
  },
]

export type ThroughputSample = ThroughputResult & {
  window: number
  size: number
  lossPercent: number
}

export const throughputFigure: Figure<ThroughputSample> = {
  name: 'throughput',
  scope: 'session',
  metrics,
  async measure({ session, options }) {
    if (!session) throw new Error('throughput figure needs a running guest')
    const result = await measureThroughput(
      session.qemu.port,
      options.window,
      options.throughputSize,
      options.throughputMs,
      options.requestTimeoutMs,
    )
    return {
      ...result,
      window: options.window,
      size: options.throughputSize,
      lossPercent: 100 * result.lossRatio,
    }
  },
  summarize: (samples) =>
    summarizeMetrics(metrics, samples, (s, key) =>
      key === 'lossPercent' ? s.lossPercent : s.answeredPerSecond,
    ),
}
