// Image size: the bytes QEMU is handed to boot the guest (our
// kernel.elf; Linux's bzImage plus its initramfs).

import { stat } from 'node:fs/promises'
import { summarizeMetrics } from './summarize.ts'
import type { Figure, Metric } from './types.ts'

const metrics: Metric[] = [
  {
    key: 'kib',
    label: 'Image size',
    unit: 'KiB',
    better: 'lower',
    digits: 1,
    goal: { kind: 'absolute', op: '<=', value: 64, text: '≤ 64 KiB' },
  },
]

export interface ImageSample {
  kib: number
  files: { label: string; bytes: number }[]
}

export const imageSizeFigure: Figure<ImageSample> = {
  name: 'image-size',
  scope: 'guest',
  metrics,
  async measure({ guest }) {
    const files = await Promise.all(
      guest.imageFiles().map(async (f) => ({
        label: f.label,
        bytes: (await stat(f.path)).size,
      })),
    )
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0)
    return { kib: bytes / 1024, files }
  },
  summarize: (samples) => summarizeMetrics(metrics, samples, (s) => s.kib),
}
