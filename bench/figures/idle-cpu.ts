// Host CPU time a guest burns while it has nothing to do: utime+stime
// of its QEMU process over a quiet interval right after boot.

import { cpuSeconds } from '../lib/qemu.ts'
import { sleep } from '../lib/udp.ts'
import { summarizeMetrics } from './summarize.ts'
import type { Figure, Metric } from './types.ts'

const metrics: Metric[] = [
  {
    key: 'idleCpuPercent',
    label: 'Host CPU while idle',
    unit: '% of a core',
    better: 'lower',
    digits: 1,
  },
]

export const idleCpuFigure: Figure<{
  idleCpuPercent: number
  seconds: number
}> = {
  name: 'idle-cpu',
  scope: 'session',
  metrics,
  async measure({ session, options }) {
    if (!session) throw new Error('idle-cpu figure needs a running guest')
    const start = process.hrtime.bigint()
    const before = await cpuSeconds(session.qemu.pid)
    await sleep(options.idleMs)
    const used = (await cpuSeconds(session.qemu.pid)) - before
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    return { idleCpuPercent: (100 * used) / seconds, seconds }
  },
  summarize: (samples) =>
    summarizeMetrics(metrics, samples, (s) => s.idleCpuPercent),
}
