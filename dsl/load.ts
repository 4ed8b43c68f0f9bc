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
import {
  MinikraftError,
  type Problem,
  type SourcePosition,
} from './problems.ts'
import type { BuildContext, KernelDescriptor } from './types.ts'
import { validate } from './validate.ts'

/** Names looked for, in order, when a folder is given. */
/** Syntax errors shown at most; one mistake often causes several. */
const MAX_SYNTAX_ERRORS = 5

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
  checkSyntax(file, text)
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

function checkSyntax(file: string, text: string): void {
  if (/[\0\uFFFD]/.test(text)) {
    throw fail(
      'config-not-text',
      'the config is not a UTF-8 text file',
      file,
      'a TypeScript or JavaScript source file',
    )
  }
  const syntax = syntaxErrors(file, text)
  if (syntax.length === 0) return
  const problems: Problem[] = syntax
    .slice(0, MAX_SYNTAX_ERRORS)
    .map(({ message, position }) => ({
      code: 'config-syntax',
      path: '',
      message: `syntax error: ${message}`,
      file,
      position,
    }))
  if (syntax.length > MAX_SYNTAX_ERRORS) {
    problems.push({
      code: 'config-syntax',
      path: '',
      message: `and ${syntax.length - MAX_SYNTAX_ERRORS} more syntax errors`,
      file,
    })
  }
  throw new MinikraftError(`failed to load config from ${file}`, problems)
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

/**
 * Runs `work` with process.exit turned into an error, so that a config
 * that exits cannot end MiniKraft with a status that claims success.
 */
async function withoutExit<T>(work: () => Promise<T>): Promise<T> {
  const exit = process.exit
  process.exit = ((code?: number) => {
    throw new Error(`the config called process.exit(${code ?? ''})`)
  }) as typeof process.exit
  try {
    return await work()
  } finally {
    process.exit = exit
  }
}

async function runConfig(file: string): Promise<unknown> {
  // Stack traces then name lines of the user's file, not compiled code.
  process.setSourceMapsEnabled(true)
  let module: { default?: unknown }
  try {
    module = await withoutExit(() =>
      tsImport(pathToFileURL(file).href, import.meta.url),
    )
  } catch (error) {
    throw fail(
      'config-load',
      `running the config failed: ${firstLine(error)}`,
      file,
      hintFor(error),
      thrownAt(error, file),
    )
  }
  module = unwrapCommonJs(module)
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
    return await withoutExit(async () => exported(context))
  } catch (error) {
    throw fail(
      'config-load',
      `the config function threw: ${firstLine(error)}`,
      file,
      undefined,
      thrownAt(error, file),
    )
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0] ?? text
}

/**
 * A config outside an ESM package is run as CommonJS, and its default
 * export arrives one level down: `{ default: { default: descriptor } }`.
 */
function unwrapCommonJs(module: { default?: unknown }): { default?: unknown } {
  const inner = module.default as { default?: unknown } | undefined
  const keys = inner && typeof inner === 'object' ? Object.keys(inner) : []
  return keys.length === 1 && keys[0] === 'default' ? inner! : module
}

/** Where in the config an error was thrown, from its stack trace. */
function thrownAt(error: unknown, file: string): SourcePosition | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : ''
  for (const name of [file, pathToFileURL(file).href]) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const match = new RegExp(`${escaped}(?:\\?[^:\\s]*)?:(\\d+):(\\d+)`).exec(
      stack,
    )
    if (match) {
      return { file, line: Number(match[1]), column: Number(match[2]) }
    }
  }
  return undefined
}

/** What to do when the config cannot import MiniKraft itself. */
function hintFor(error: unknown): string | undefined {
  if (!/Cannot find (module|package) 'minikraft'/.test(firstLine(error))) {
    return undefined
  }
  return (
    "a folder where 'minikraft' resolves: inside the MiniKraft folder, " +
    'or after `npm link` there and `npm link minikraft` beside the config'
  )
}

function fail(
  code: string,
  message: string,
  file: string,
  expected?: string,
  position?: SourcePosition,
): MinikraftError {
  const problem: Problem = { code, path: '', message, file, expected }
  if (position) problem.position = position
  return new MinikraftError(`failed to load config from ${file}`, [problem])
}
