// Every figure the benchmark measures, in the order it measures them.
// Session figures run on each round's boot in this order, so the idle
// reading comes before any load.

import { bootFigure } from './boot.ts'
import { idleCpuFigure } from './idle-cpu.ts'
import { imageSizeFigure } from './image-size.ts'
import { latencyFigure } from './latency.ts'
import { minMemoryFigure } from './min-memory.ts'
import { throughputFigure } from './throughput.ts'
import type { Figure } from './types.ts'

export const figures: Figure<any>[] = [
  bootFigure,
  idleCpuFigure,
  latencyFigure,
  throughputFigure,
  imageSizeFigure,
  minMemoryFigure,
]
