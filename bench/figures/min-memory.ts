// The smallest guest memory (-m) at which the guest still answers an
// echo: a binary search over options.memoryLadder, which assumes that
// a guest answering at some size also answers at every larger one.
// Each attempt records why it failed (QEMU refusing the size, a guest
// that never answers), so the report shows what QEMU did.

import { log } from '../lib/log.ts'
import { summarizeMetrics } from './summarize.ts'
import type { Figure, FigureContext, Metric } from './types.ts'

const metrics: Metric[] = [
  {
    key: 'mib',
    label: 'Smallest guest memory that answers',
    unit: 'MiB',
    better: 'lower',
    digits: 0,
    goal: { kind: 'absolute', op: '<=', value: 2, text: '≤ 2 MiB' },
  },
]

export interface MemoryAttempt {
  memory: string
  ok: boolean
  reason?: string
}

export interface MemorySample {
  mib: number
  attempts: MemoryAttempt[]
}

/** '16M' → 16, '1G' → 1024. */
export function mebibytes(size: string): number {
  const match = size.match(/^(\d+)([MG])$/)
  if (!match) throw new Error(`memory size "${size}" is not like 16M or 1G`)
  return Number(match[1]) * (match[2] === 'G' ? 1024 : 1)
}

/** Fail fast on a guest that does not answer: a few boot times. */
function attemptTimeoutMs(ctx: FigureContext): number {
  const typical = ctx.medianBootMs ?? ctx.options.bootTimeoutMs / 4
  return Math.min(ctx.options.bootTimeoutMs, Math.max(5_000, 3 * typical))
}

async function tryMemory(
  ctx: FigureContext,
  memory: string,
): Promise<MemoryAttempt> {
  const attempt = await ctx.boot(memory, attemptTimeoutMs(ctx))
  if (!attempt.ok) {
    log.info(`  ${ctx.guest.id} -m ${memory}: no answer (${attempt.reason})`)
    return { memory, ok: false, reason: attempt.reason }
  }
  await attempt.session.qemu.stop()
  log.info(`  ${ctx.guest.id} -m ${memory}: answers`)
  return { memory, ok: true }
}

export const minMemoryFigure: Figure<MemorySample> = {
  name: 'min-memory',
  scope: 'guest',
  metrics,
  async measure(ctx) {
    const ladder = ctx.options.memoryLadder
    const attempts: MemoryAttempt[] = []
    let low = 0
    let high = ladder.length - 1
    let smallest = NaN
    while (low <= high) {
      const mid = (low + high) >> 1
      const attempt = await tryMemory(ctx, ladder[mid])
      attempts.push(attempt)
      if (attempt.ok) {
        smallest = mebibytes(ladder[mid])
        high = mid - 1
      } else {
        low = mid + 1
      }
    }
    return { mib: smallest, attempts }
  },
  summarize: (samples) => summarizeMetrics(metrics, samples, (s) => s.mib),
}
