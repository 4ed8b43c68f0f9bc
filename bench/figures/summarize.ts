// The summarize() most figures share: each metric's spread over the
// per-round values.

import { spread, type Spread } from '../lib/stats.ts'
import type { Metric } from './types.ts'

export function summarizeMetrics<S>(
  metrics: readonly Metric[],
  samples: readonly S[],
  value: (sample: S, key: string) => number,
): Record<string, Spread> {
  const out: Record<string, Spread> = {}
  for (const m of metrics)
    out[m.key] = spread(samples.map((s) => value(s, m.key)))
  return out
}
