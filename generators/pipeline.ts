/**
 * The stages in order, for the CLI and the tests: load → validate → plan
 * → emit → write → build.
 */
import { rm } from 'node:fs/promises'
import { loadConfig } from '../dsl/load.ts'
import {
  buildKernel,
  buildPaths,
  writeGenerated,
  type BuildPaths,
} from './build.ts'
import { emit, type GeneratedFiles } from './emit.ts'
import { plan, type Plan } from './plan.ts'

export interface Generated {
  plan: Plan
  files: GeneratedFiles
  paths: BuildPaths
}

export interface PipelineOptions {
  /** Folder holding build/; also where generated paths start from. */
  root?: string
  command?: string
  log?: (line: string) => void
}

/** Loads, validates, plans and emits; writes nothing. */
export async function generateFiles(
  target: string,
  options: PipelineOptions = {},
): Promise<Generated> {
  const root = options.root ?? process.cwd()
  const { descriptor, file } = await loadConfig(target, {
    command: options.command ?? 'generate',
    env: process.env,
  })
  const planned = plan(descriptor, file, { root })
  return {
    plan: planned,
    files: emit(planned),
    paths: buildPaths(planned, root),
  }
}

export async function generate(target: string, options: PipelineOptions = {}) {
  const generated = await generateFiles(target, options)
  await writeGenerated(generated.files, generated.paths.gen)
  options.log?.(`generated ${generated.paths.gen}`)
  return generated
}

export async function build(target: string, options: PipelineOptions = {}) {
  const generated = await generate(target, { command: 'build', ...options })
  const report = await buildKernel(generated.plan, generated.paths, options.log)
  options.log?.(
    `built ${report.elf} (${report.compiled} compiled, ` +
      `${report.upToDate} up to date)`,
  )
  return { ...generated, report }
}

export async function clean(target: string, options: PipelineOptions = {}) {
  const { paths } = await generateFiles(target, {
    command: 'clean',
    ...options,
  })
  await rm(paths.dir, { recursive: true, force: true })
  options.log?.(`removed ${paths.dir}`)
}
