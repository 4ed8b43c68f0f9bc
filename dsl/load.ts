/**
 * Loading a config: find the file, check its syntax, run it, call it if
 * it is a function, validate what it returns, and point every problem at
 * the user's line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { tsImport } from 'tsx/esm/api'
import { ConfigLocator, syntaxErrors } from './locate.ts'
import { MinikraftError, type Problem } from './problems.ts'
import type { BuildContext, KernelDescriptor } from './types.ts'
import { validate } from './validate.ts'

/** Names looked for, in order, when a folder is given. */
export const CONFIG_NAMES = [
  'kernel.config.ts',
  'kernel.config.mts',
  'kernel.config.js',
  'kernel.config.mjs',
]

export interface LoadedConfig {
  /** Absolute path of the config file. */
  file: string
  descriptor: KernelDescriptor
}

/** A folder (searched for CONFIG_NAMES) or a file → the config's path. */
export function findConfig(target: string): string {
  const resolved = path.resolve(target)
  if (!existsSync(resolved)) {
    throw fail('config-not-found', `no such file or folder: ${target}`, target)
  }
  if (!statSync(resolved).isDirectory()) return resolved
  for (const name of CONFIG_NAMES) {
    const candidate = path.join(resolved, name)
    if (existsSync(candidate)) return candidate
  }
  throw fail(
    'config-not-found',
    `no config file in ${target}`,
    target,
    CONFIG_NAMES.join(', '),
  )
}

export async function loadConfig(
  target: string,
  context: BuildContext,
): Promise<LoadedConfig> {
  const file = findConfig(target)
  const text = readSource(file)
  const syntax = syntaxErrors(file, text)
  if (syntax.length > 0) {
    throw new MinikraftError(
      `failed to load config from ${file}`,
      syntax.map(({ message, position }) => ({
        code: 'config-syntax',
        path: '',
        message: `syntax error: ${message}`,
        file,
        position,
      })),
    )
  }
  const exported = await runConfig(file)
  const descriptor = await callConfig(file, exported, context)
  const problems = validate(descriptor)
  if (problems.length > 0) {
    const locator = new ConfigLocator(file, text)
    throw new MinikraftError(
      `invalid kernel descriptor in ${file}`,
      problems.map((problem) => ({
        ...problem,
        file,
        position: locator.locate(problem.path),
      })),
    )
  }
  return { file, descriptor: descriptor as KernelDescriptor }
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw fail(
      'config-unreadable',
      `cannot read ${file}: ${(error as Error).message}`,
      file,
    )
  }
}

async function runConfig(file: string): Promise<unknown> {
  let module: { default?: unknown }
  try {
    module = await tsImport(pathToFileURL(file).href, import.meta.url)
  } catch (error) {
    throw fail(
      'config-load',
      `running the config failed: ${firstLine(error)}`,
      file,
    )
  }
  if (module.default === undefined) {
    throw fail(
      'config-no-default-export',
      'the config has no default export',
      file,
      'export default defineKernel({ ... })',
    )
  }
  return module.default
}

async function callConfig(
  file: string,
  exported: unknown,
  context: BuildContext,
): Promise<unknown> {
  if (typeof exported !== 'function') return exported
  try {
    return await exported(context)
  } catch (error) {
    throw fail(
      'config-load',
      `the config function threw: ${firstLine(error)}`,
      file,
    )
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0] ?? text
}

function fail(
  code: string,
  message: string,
  file: string,
  expected?: string,
): MinikraftError {
  const problem: Problem = { code, path: '', message, file, expected }
  return new MinikraftError(`failed to load config from ${file}`, [problem])
}
