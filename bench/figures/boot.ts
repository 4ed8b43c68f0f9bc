// Boot to first answer: from spawning QEMU to the first UDP echo that
// reaches the host, probing every few milliseconds (session.ts).

import { summarizeMetrics } from './summarize.ts'
import type { Figure, Metric } from './types.ts'

const metrics: Metric[] = [
  {
    key: 'bootMs',
    label: 'Boot to first answer',
    unit: 'ms',
    better: 'lower',
    digits: 0,
    goal: { kind: 'ratio', op: '<=', value: 1 / 30, text: '≤ 1/30 of Linux' },
  },
]

export const bootFigure: Figure<{ bootMs: number }> = {
  name: 'boot',
  scope: 'session',
  metrics,
  async measure({ session }) {
    if (!session) throw new Error('boot figure needs a running guest')
    return { bootMs: session.bootMs }
  },
  summarize: (samples) => summarizeMetrics(metrics, samples, (s) => s.bootMs),
}
