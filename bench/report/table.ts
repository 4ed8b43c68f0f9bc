// The Markdown results table: one row per metric with our kernel,
// Linux, their ratio, the goal and whether it is met. Pure.

import type { Spread } from '../lib/stats.ts'
import type { Goal, Metric } from '../figures/types.ts'

export interface TableRow {
  metric: Metric
  ours?: Spread
  linux?: Spread
}

export interface TableHeader {
  title: string
  /** Lines printed under the title: conditions, machine, mode. */
  notes: string[]
}

const DASH = '—'

function fixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return DASH
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
}

/** "412 ms (398–430)": the median, then min–max when there are several. */
export function formatSpread(s: Spread | undefined, metric: Metric): string {
  if (!s || s.n === 0 || !Number.isFinite(s.median)) return DASH
  const median = `${fixed(s.median, metric.digits)} ${metric.unit}`
  if (s.n < 2) return median
  return `${median} (${fixed(s.min, metric.digits)}–${fixed(s.max, metric.digits)})`
}

export function ratio(row: TableRow): number {
  if (!row.ours || !row.linux) return NaN
  if (row.linux.median === 0) return NaN
  return row.ours.median / row.linux.median
}

export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return DASH
  return value >= 10 || value === 0
    ? `${fixed(value, 0)}×`
    : `${value.toPrecision(2)}×`
}

function compare(value: number, goal: Goal, target: number): boolean {
  return goal.op === '<=' ? value <= target : value >= target
}

/** Whether our median meets the goal; undefined when it cannot be told. */
export function goalMet(row: TableRow): boolean | undefined {
  const goal = row.metric.goal
  if (!goal || !row.ours || !Number.isFinite(row.ours.median)) return undefined
  if (goal.kind === 'absolute')
    return compare(row.ours.median, goal, goal.value)
  const r = ratio(row)
  return Number.isFinite(r) ? compare(r, goal, goal.value) : undefined
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|')
}

export function renderTable(header: TableHeader, rows: readonly TableRow[]) {
  const lines = [`## ${header.title}`, '']
  for (const note of header.notes) lines.push(`- ${note}`)
  if (header.notes.length) lines.push('')
  lines.push('| Figure | MiniKraft | Linux | MiniKraft / Linux | Goal | Met? |')
  lines.push('| --- | ---: | ---: | ---: | --- | :---: |')
  for (const row of rows) {
    const met = goalMet(row)
    const cells = [
      row.metric.label,
      formatSpread(row.ours, row.metric),
      formatSpread(row.linux, row.metric),
      formatRatio(ratio(row)),
      row.metric.goal?.text ?? DASH,
      met === undefined ? DASH : met ? 'yes' : 'no',
    ]
    lines.push(`| ${cells.map(cell).join(' | ')} |`)
  }
  lines.push('')
  lines.push(
    'Values are medians over the rounds, with min–max in brackets. ' +
      'Goals are targets for MiniKraft, shown and never asserted.',
  )
  return lines.join('\n') + '\n'
}
