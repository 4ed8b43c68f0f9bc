// UDP echo round-trip latency: requests sent one at a time, sizes
// cycling through options.latencySizes, each timed until its own echo
// returns. Per round: p50/p90/p99/mean, and a quantile grid kept for
// the CDF chart.

import { mean, percentileOfSorted, quantileGrid, sorted } from '../lib/stats.ts'
import { measureRoundTrips } from '../lib/udp.ts'
import { summarizeMetrics } from './summarize.ts'
import type { Figure, Metric } from './types.ts'

export interface LatencySample {
  requests: number
  lost: number
  p50: number
  p90: number
  p99: number
  mean: number
  /** 201 quantiles (0%, 0.5%, ..., 100%) of the round trips, µs. */
  grid: number[]
}

const halfOfLinux = {
  kind: 'ratio',
  op: '<=',
  value: 0.5,
  text: '≤ 1/2 of Linux',
} as const

const latencyMetric = (key: string, label: string, goal = false): Metric => ({
  key,
  label: `UDP round trip ${label}`,
  unit: 'µs',
  better: 'lower',
  digits: 0,
  ...(goal ? { goal: halfOfLinux } : {}),
})

const metrics: Metric[] = [
  latencyMetric('p50', 'p50', true),
  latencyMetric('p90', 'p90'),
  latencyMetric('p99', 'p99', true),
  latencyMetric('mean', 'mean'),
]

/** Reduces raw round-trip times to one serialisable sample. */
export function latencySample(
  latenciesUs: number[],
  lost: number,
): LatencySample {
  const s = sorted(latenciesUs)
  return {
    requests: s.length + lost,
    lost,
    p50: percentileOfSorted(s, 50),
    p90: percentileOfSorted(s, 90),
    p99: percentileOfSorted(s, 99),
    mean: mean(s),
    grid: quantileGrid(s, 200),
  }
}

export const latencyFigure: Figure<LatencySample> = {
  name: 'latency',
  scope: 'session',
  metrics,
  async measure({ session, options }) {
    if (!session) throw new Error('latency figure needs a running guest')
    const { latenciesUs, lost } = await measureRoundTrips(
      session.qemu.port,
      options.latencyRequests,
      options.latencySizes,
      options.requestTimeoutMs,
    )
    return latencySample(latenciesUs, lost)
  },
  summarize: (samples) =>
    summarizeMetrics(metrics, samples, (s, key) =>
      Number(s[key as keyof LatencySample]),
    ),
}
