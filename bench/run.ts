// The benchmark run: prepare both guests, settle the accelerator, boot
// them alternately (A B A B ...) for several rounds measuring every
// session figure, then the once-per-guest figures, then write the
// JSON, the Markdown table and the charts.

import { mkdir, writeFile, copyFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { figures } from './figures/index.ts'
import type { LatencySample } from './figures/latency.ts'
import type { FigureContext } from './figures/types.ts'
import { linuxGuest, oursGuest, type Guest } from './guests.ts'
import { log } from './lib/log.ts'
import { qemuVersion, type MachineConditions } from './lib/qemu.ts'
import { pooledCdf, type Spread } from './lib/stats.ts'
import { MACHINE, NIC, type BenchOptions, type GuestId } from './options.ts'
import { latencyCdfSpec, throughputSpec, writeChart } from './report/charts.ts'
import { renderTable, type TableRow } from './report/table.ts'
import { bootGuest } from './session.ts'
import { chooseAccelerator } from './accel.ts'

type PerGuest<T> = Partial<Record<GuestId, T>>

interface FigureResult {
  samples: PerGuest<unknown[]>
  summary: PerGuest<Record<string, Spread>>
}

export interface BenchResults {
  startedAt: string
  mode: 'quick' | 'full'
  options: BenchOptions
  machine: { cpu: string; cores: number; node: string }
  qemu: string
  conditions: MachineConditions
  guests: PerGuest<{ image?: string; error?: string }>
  figures: Record<string, FigureResult>
}

async function prepareGuests(options: BenchOptions, results: BenchResults) {
  const all: Record<GuestId, Guest> = {
    ours: oursGuest(options.buildDir),
    linux: linuxGuest(options.buildDir),
  }
  const ready: Guest[] = []
  for (const id of options.guests) {
    try {
      await all[id].prepare()
      results.guests[id] = { image: all[id].describe() }
      ready.push(all[id])
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      results.guests[id] = { error: message }
      log.error(`${all[id].label} guest unavailable: ${message}`)
    }
  }
  return ready
}

function record(
  results: BenchResults,
  figure: string,
  guest: GuestId,
  sample: unknown,
) {
  const entry = (results.figures[figure] ??= { samples: {}, summary: {} })
  ;(entry.samples[guest] ??= []).push(sample)
}

function brief(figure: string, sample: any): string {
  switch (figure) {
    case 'boot':
      return `boot ${sample.bootMs.toFixed(0)} ms`
    case 'idle-cpu':
      return `idle ${sample.idleCpuPercent.toFixed(1)}%`
    case 'latency':
      return `p50 ${sample.p50.toFixed(0)} µs p99 ${sample.p99.toFixed(0)} µs (${sample.requests} req, ${sample.lost} lost)`
    case 'throughput':
      return `${sample.answeredPerSecond.toFixed(0)} pkt/s, loss ${sample.lossPercent.toFixed(2)}%`
    default:
      return ''
  }
}

async function runRounds(
  guests: Guest[],
  options: BenchOptions,
  conditions: MachineConditions,
  results: BenchResults,
) {
  const sessionFigures = figures.filter((f) => f.scope === 'session')
  for (let round = 1; round <= options.rounds; round++) {
    for (const guest of guests) {
      const label = `round ${round}/${options.rounds} ${guest.id}`
      const attempt = await bootGuest(
        guest,
        conditions,
        options.memory,
        options.probeIntervalMs,
        options.bootTimeoutMs,
      )
      if (!attempt.ok) {
        log.error(`${label}: did not boot: ${attempt.reason}`)
        continue
      }
      const notes: string[] = []
      try {
        for (const figure of sessionFigures) {
          const ctx = figureContext(guest, options, conditions)
          ctx.session = attempt.session
          const sample = await figure.measure(ctx)
          record(results, figure.name, guest.id, sample)
          notes.push(brief(figure.name, sample))
        }
      } finally {
        await attempt.session.qemu.stop()
      }
      log.info(`${label}: ${notes.filter(Boolean).join(', ')}`)
    }
  }
}

function figureContext(
  guest: Guest,
  options: BenchOptions,
  conditions: MachineConditions,
  medianBootMs?: number,
): FigureContext {
  return {
    guest,
    options,
    medianBootMs,
    boot: (memory, timeoutMs) =>
      bootGuest(guest, conditions, memory, options.probeIntervalMs, timeoutMs),
  }
}

async function runGuestFigures(
  guests: Guest[],
  options: BenchOptions,
  conditions: MachineConditions,
  results: BenchResults,
) {
  for (const figure of figures.filter((f) => f.scope === 'guest')) {
    for (const guest of guests) {
      log.step(`${figure.name}: ${guest.id}`)
      const boot = results.figures.boot?.samples[guest.id] as
        | { bootMs: number }[]
        | undefined
      const median = medianOf(boot?.map((b) => b.bootMs))
      const ctx = figureContext(guest, options, conditions, median)
      record(results, figure.name, guest.id, await figure.measure(ctx))
    }
  }
}

function medianOf(values?: number[]): number | undefined {
  if (!values?.length) return undefined
  const s = [...values].sort((a, b) => a - b)
  return s[s.length >> 1]
}

function summarize(results: BenchResults) {
  for (const figure of figures) {
    const entry = results.figures[figure.name]
    if (!entry) continue
    for (const [id, samples] of Object.entries(entry.samples)) {
      entry.summary[id as GuestId] = figure.summarize(samples as unknown[])
    }
  }
}

function tableRows(results: BenchResults): TableRow[] {
  return figures.flatMap((figure) =>
    figure.metrics.map((metric) => ({
      metric,
      ours: results.figures[figure.name]?.summary.ours?.[metric.key],
      linux: results.figures[figure.name]?.summary.linux?.[metric.key],
    })),
  )
}

function tableNotes(results: BenchResults): string[] {
  const o = results.options
  const c = results.conditions
  const missing = Object.entries(results.guests)
    .filter(([, g]) => g?.error)
    .map(([id]) => `${id} was not measured (see the run log)`)
  return [
    `${results.startedAt}, ${results.mode} mode, ${o.rounds} rounds, guests booted alternately`,
    `QEMU: ${results.qemu}; -machine ${c.machine},accel=${c.accel} -m ${c.memory}; ${c.nic} on -netdev user with hostfwd on 127.0.0.1`,
    `Host: ${results.machine.cpu}, ${results.machine.cores} cores`,
    `Latency: ${o.latencyRequests.toLocaleString('en-US')} requests per round, one at a time, sizes ${o.latencySizes.join('/')} B` +
      (o.quick ? ' (quick mode; the full run uses 10,000)' : ''),
    `Throughput: ${o.window} requests of ${o.throughputSize} B in flight for ${o.throughputMs / 1000} s; a request unanswered after ${o.requestTimeoutMs} ms is lost`,
    `Linux: ${results.guests.linux?.image ?? 'not measured'}`,
    ...missing,
  ]
}

const LABELS: Record<GuestId, string> = { ours: 'MiniKraft', linux: 'Linux' }

async function writeCharts(results: BenchResults, outDir: string) {
  const latency = results.figures.latency?.samples ?? {}
  const points = Object.entries(latency).flatMap(([id, samples]) =>
    pooledCdf((samples as LatencySample[]).map((s) => s.grid)).map((p) => ({
      guest: LABELS[id as GuestId],
      latencyUs: p.value,
      fraction: p.fraction,
    })),
  )
  const o = results.options
  const conditions = `${results.conditions.accel.toUpperCase()}, ${o.rounds} rounds pooled`
  await writeChart(
    latencyCdfSpec(
      points,
      `${o.latencyRequests} requests per round, ${conditions}`,
    ),
    join(outDir, 'latency-cdf.svg'),
  )
  const tp = results.figures.throughput?.summary ?? {}
  const bars = Object.entries(tp).map(([id, s]) => ({
    guest: LABELS[id as GuestId],
    spread: s.answeredPerSecond,
  }))
  await writeChart(
    throughputSpec(
      bars,
      `window ${o.window} × ${o.throughputSize} B, ${results.conditions.accel.toUpperCase()}, bars: median of ${o.rounds} rounds, lines: min–max`,
    ),
    join(outDir, 'throughput.svg'),
  )
}

async function writeOutputs(results: BenchResults) {
  const outDir = results.options.outDir
  await mkdir(outDir, { recursive: true })
  const stamp = results.startedAt.replace(/[:.]/g, '-')
  const json = JSON.stringify(results, null, 2) + '\n'
  const jsonPath = join(outDir, `${stamp}.json`)
  await writeFile(jsonPath, json)
  await copyFile(jsonPath, join(outDir, 'latest.json'))
  const markdown = renderTable(
    { title: 'MiniKraft vs Linux: UDP echo', notes: tableNotes(results) },
    tableRows(results),
  )
  await writeFile(join(outDir, 'latest.md'), markdown)
  await writeCharts(results, outDir)
  console.log('\n' + markdown)
  log.step(
    `results: ${jsonPath}, ${outDir}/latest.md, ${outDir}/latency-cdf.svg, ${outDir}/throughput.svg`,
  )
}

/** Runs the whole benchmark; resolves false when a guest could not be measured. */
export async function runBench(options: BenchOptions): Promise<boolean> {
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    options,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      node: process.version,
    },
    qemu: await qemuVersion(),
    conditions: {
      machine: MACHINE,
      accel: 'tcg',
      memory: options.memory,
      nic: NIC,
    },
    guests: {},
    figures: {},
  }
  log.step(
    `MiniKraft benchmark, ${results.mode} mode: ${options.guests.join(' vs ')}`,
  )
  const guests = await prepareGuests(options, results)
  if (guests.length > 0) {
    results.conditions.accel = await chooseAccelerator(
      options,
      guests,
      results.conditions,
    )
    log.step(
      `rounds: ${options.rounds} × ${guests.map((g) => g.id).join(', ')} under ${results.conditions.accel}`,
    )
    await runRounds(guests, options, results.conditions, results)
    await runGuestFigures(guests, options, results.conditions, results)
  }
  summarize(results)
  await writeOutputs(results)
  return guests.length === options.guests.length
}
