// The pure parts of the benchmark: statistics, the Markdown table and
// the cpio packer. No timing is asserted here; `npm run bench` measures.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bootFigure } from '../bench/figures/boot.ts'
import { imageSizeFigure } from '../bench/figures/image-size.ts'
import { latencySample } from '../bench/figures/latency.ts'
import { mebibytes } from '../bench/figures/min-memory.ts'
import { initScript, VIRTIO_NET_MODULES } from '../bench/linux/build.ts'
import { packCpio } from '../bench/lib/cpio.ts'
import {
  mean,
  percentile,
  pooledCdf,
  quantileGrid,
  spread,
} from '../bench/lib/stats.ts'
import {
  formatRatio,
  formatSpread,
  goalMet,
  renderTable,
} from '../bench/report/table.ts'

describe('percentile', () => {
  it('interpolates between the closest ranks', () => {
    const values = [1, 2, 3, 4]
    expect(percentile(values, 0)).toBe(1)
    expect(percentile(values, 50)).toBe(2.5)
    expect(percentile(values, 100)).toBe(4)
    expect(percentile(values, 90)).toBeCloseTo(3.7)
  })

  it('does not depend on input order', () => {
    expect(percentile([9, 1, 5], 50)).toBe(5)
  })

  it('is NaN for no values and rejects p outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN()
    expect(() => percentile([1], 101)).toThrow(RangeError)
  })

  it('p99 of 1..100 sits between 99 and 100', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(values, 99)).toBeCloseTo(99.01)
  })
})

describe('spread and mean', () => {
  it('gives median, min, max and quartiles', () => {
    expect(spread([5, 1, 3, 2, 4])).toEqual({
      median: 3,
      min: 1,
      max: 5,
      p25: 2,
      p75: 4,
      n: 5,
    })
  })

  it('averages', () => {
    expect(mean([1, 2, 3, 6])).toBe(3)
    expect(mean([])).toBeNaN()
  })
})

describe('latency sample', () => {
  it('summarises round trips and keeps a 201-point grid', () => {
    const rtts = Array.from({ length: 1000 }, (_, i) => i + 1)
    const s = latencySample(rtts, 3)
    expect(s.requests).toBe(1003)
    expect(s.lost).toBe(3)
    expect(s.p50).toBeCloseTo(500.5)
    expect(s.mean).toBeCloseTo(500.5)
    expect(s.grid).toHaveLength(201)
    expect(s.grid[0]).toBe(1)
    expect(s.grid[200]).toBe(1000)
  })
})

describe('pooled CDF', () => {
  it('merges grids into a monotone CDF from 0 to 1', () => {
    const cdf = pooledCdf([
      quantileGrid([1, 2, 3], 4),
      quantileGrid([10, 20], 4),
    ])
    expect(cdf).toHaveLength(10)
    expect(cdf[0]).toEqual({ value: 1, fraction: 0 })
    expect(cdf.at(-1)).toEqual({ value: 20, fraction: 1 })
    for (let i = 1; i < cdf.length; i++) {
      expect(cdf[i].value).toBeGreaterThanOrEqual(cdf[i - 1].value)
    }
  })
})

/** The figures' own metrics, so the goals tested are the goals shown. */
const bootMetric = bootFigure.metrics[0]!
const sizeMetric = imageSizeFigure.metrics[0]!

const one = (v: number) => spread([v])

describe('goals', () => {
  it('compares a ratio goal against Linux', () => {
    const linux = one(3000)
    expect(goalMet({ metric: bootMetric, ours: one(90), linux })).toBe(true)
    expect(goalMet({ metric: bootMetric, ours: one(200), linux })).toBe(false)
  })

  it('compares an absolute goal without Linux', () => {
    expect(goalMet({ metric: sizeMetric, ours: one(40) })).toBe(true)
    expect(goalMet({ metric: sizeMetric, ours: one(65) })).toBe(false)
  })

  it('cannot tell without our value', () => {
    expect(goalMet({ metric: sizeMetric, linux: one(40) })).toBeUndefined()
  })
})

describe('Markdown table', () => {
  it('formats medians with their range', () => {
    expect(formatSpread(spread([2061, 3149, 2500]), bootMetric)).toBe(
      '2,500 ms (2,061–3,149)',
    )
    expect(formatSpread(one(12.34), sizeMetric)).toBe('12.3 KiB')
    expect(formatSpread(undefined, sizeMetric)).toBe('—')
    expect(formatRatio(0.0123)).toBe('0.012×')
    expect(formatRatio(NaN)).toBe('—')
  })

  it('renders a row per metric with ratio, goal and verdict', () => {
    const md = renderTable({ title: 'T', notes: ['quick mode'] }, [
      { metric: bootMetric, ours: one(150), linux: one(3000) },
      { metric: sizeMetric, linux: one(15000) },
    ])
    expect(md).toMatchInlineSnapshot(`
      "## T

      - quick mode

      | Figure | MiniKraft | Linux | MiniKraft / Linux | Goal | Met? |
      | --- | ---: | ---: | ---: | --- | :---: |
      | Boot to first answer | 150 ms | 3,000 ms | 0.050× | ≤ 1/30 of Linux | no |
      | Image size | — | 15,000.0 KiB | — | ≤ 64 KiB | — |

      Values are medians over the rounds, with min–max in brackets. Goals are targets for MiniKraft, shown and never asserted.
      "
    `)
  })
})

describe('memory sizes', () => {
  it('reads -m values in MiB', () => {
    expect(mebibytes('16M')).toBe(16)
    expect(mebibytes('1G')).toBe(1024)
    expect(() => mebibytes('16')).toThrow()
  })
})

describe('cpio newc packer', () => {
  const archive = packCpio([
    { type: 'dir', path: 'bin' },
    { type: 'file', path: '/bin/hello', data: 'hi!\n', mode: 0o755 },
    { type: 'symlink', path: 'bin/sh', target: 'hello' },
    { type: 'chardev', path: 'dev/console', major: 5, minor: 1 },
  ])
  const text = Buffer.from(archive).toString('latin1')

  it('writes newc headers, 4-byte alignment and the trailer', () => {
    expect(text.startsWith('070701')).toBe(true)
    expect(archive.length % 4).toBe(0)
    expect(text).toContain('TRAILER!!!\0')
    // First header: ino 1, mode 040755, nlink 2, namesize 4 ("bin\0").
    expect(text.slice(6, 14)).toBe('00000001')
    expect(text.slice(14, 22)).toBe((0o40755).toString(16).padStart(8, '0'))
    expect(text.slice(94, 102)).toBe('00000004')
  })

  it('is deterministic', () => {
    expect(packCpio([{ type: 'file', path: 'a', data: 'x' }])).toEqual(
      packCpio([{ type: 'file', path: 'a', data: 'x' }]),
    )
  })

  it('rejects an empty path', () => {
    expect(() => packCpio([{ type: 'dir', path: '/' }])).toThrow()
  })

  it.runIf(hasCpio())('unpacks with GNU cpio', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-cpio-'))
    const file = join(dir, 'a.cpio')
    const noDevices = packCpio([
      { type: 'dir', path: 'bin' },
      { type: 'file', path: 'bin/hello', data: 'hi!\n', mode: 0o755 },
      { type: 'symlink', path: 'bin/sh', target: 'hello' },
    ])
    writeFileSync(file, noDevices)
    execFileSync('cpio', ['-idm', '--quiet', '-F', file], { cwd: dir })
    expect(readFileSync(join(dir, 'bin/hello'), 'utf8')).toBe('hi!\n')
    expect(readlinkSync(join(dir, 'bin/sh'))).toBe('hello')
  })
})

describe('linux init script', () => {
  it('loads the modules in order and starts the echo server last', () => {
    const script = initScript(['virtio', 'virtio_net'])
    expect(script.startsWith('#!/bin/busybox sh\n')).toBe(true)
    expect(script.indexOf('virtio.ko')).toBeLessThan(
      script.indexOf('virtio_net.ko'),
    )
    expect(script).toContain('ip addr add 10.0.2.15/24 dev eth0')
    expect(script).toContain('ip route add default via 10.0.2.2')
    expect(script.trimEnd().endsWith('exec /bin/udp-echo 7')).toBe(true)
  })

  it('orders the virtio stack before virtio_net', () => {
    expect(VIRTIO_NET_MODULES.at(-1)).toBe('virtio_net')
    expect(VIRTIO_NET_MODULES.indexOf('virtio_ring')).toBe(0)
  })
})

function hasCpio(): boolean {
  try {
    execFileSync('cpio', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
