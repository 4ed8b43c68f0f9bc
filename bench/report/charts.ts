// SVG charts of the results, drawn with Vega-Lite compiled to Vega and
// rendered headless (no browser, no canvas): the latency CDF of both
// guests and the throughput bars. PNG copies come from rsvg-convert
// when it is installed.

import { writeFile } from 'node:fs/promises'
import { execa } from 'execa'
import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import { log } from '../lib/log.ts'
import type { Spread } from '../lib/stats.ts'

export interface CdfPoint {
  guest: string
  latencyUs: number
  fraction: number
}

export interface ThroughputBar {
  guest: string
  spread: Spread
}

const WIDTH = 560
const HEIGHT = 320
const COLORS = { domain: ['MiniKraft', 'Linux'], range: ['#d95f02', '#1b9e77'] }

export function latencyCdfSpec(
  points: CdfPoint[],
  subtitle: string,
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'UDP echo round-trip time, CDF', subtitle },
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    data: { values: points },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: {
        field: 'latencyUs',
        type: 'quantitative',
        scale: { type: 'log' },
        title: 'round-trip time (µs, log scale)',
      },
      y: {
        field: 'fraction',
        type: 'quantitative',
        title: 'fraction of requests answered within',
        axis: { format: '%' },
      },
      color: { field: 'guest', type: 'nominal', scale: COLORS, title: null },
    },
  }
}

export function throughputSpec(
  bars: ThroughputBar[],
  subtitle: string,
): TopLevelSpec {
  const values = bars.map((b) => ({
    guest: b.guest,
    median: Math.round(b.spread.median),
    min: b.spread.min,
    max: b.spread.max,
  }))
  const x = {
    field: 'guest',
    type: 'nominal',
    title: null,
    sort: COLORS.domain,
    axis: { labelAngle: 0, labelFontSize: 13 },
  } as const
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'UDP echo throughput at saturation', subtitle },
    width: 320,
    height: HEIGHT,
    background: 'white',
    data: { values },
    encoding: { x },
    layer: [
      {
        mark: { type: 'bar', width: 80 },
        encoding: {
          y: {
            field: 'median',
            type: 'quantitative',
            title: 'answered packets/s (median)',
          },
          color: {
            field: 'guest',
            type: 'nominal',
            scale: COLORS,
            legend: null,
          },
        },
      },
      {
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          y: { field: 'min', type: 'quantitative' },
          y2: { field: 'max' },
        },
      },
      {
        mark: { type: 'text', dy: -10, fontSize: 13 },
        encoding: {
          y: { field: 'max', type: 'quantitative' },
          text: { field: 'median', type: 'quantitative', format: ',' },
        },
      },
    ],
  }
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), {
    renderer: 'none',
  })
  const svg = await view.toSVG()
  view.finalize()
  return svg
}

/** Writes the SVG and, when rsvg-convert exists, a PNG beside it. */
export async function writeChart(spec: TopLevelSpec, svgPath: string) {
  await writeFile(svgPath, await renderSvg(spec))
  const png = svgPath.replace(/\.svg$/, '.png')
  const result = await execa('rsvg-convert', ['-o', png, svgPath], {
    reject: false,
  })
  if (result.exitCode !== 0) {
    log.warn(
      `no PNG for ${svgPath}: rsvg-convert unavailable (apt librsvg2-bin)`,
    )
  }
}
