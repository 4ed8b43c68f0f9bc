/**
 * Build: write the generated files and compile everything into
 * build/<name>/kernel.elf. gcc runs on every core at once and skips
 * objects that are newer than their sources, headers and flags.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { MinikraftError } from '../dsl/problems.ts'
import type { GeneratedFiles } from './emit.ts'
import type { Plan } from './plan.ts'
import { requireTools } from './tools.ts'

/** The MiniKraft package folder: runtime-c/ and boot/ live there. */
export const PACKAGE_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
)
const RUNTIME = path.join(PACKAGE_ROOT, 'runtime-c')
const BOOT = path.join(PACKAGE_ROOT, 'boot')
const BOOT_ENTRIES = { pvh: 'pvh.S', multiboot: 'multiboot.S' }

export const CFLAGS = [
  '-std=gnu11',
  '-ffreestanding',
  '-fno-pic',
  '-fno-pie',
  '-fno-stack-protector',
  '-fno-asynchronous-unwind-tables',
  '-mno-red-zone',
  '-mgeneral-regs-only',
  '-fno-omit-frame-pointer',
  '-O2',
  '-g',
  '-Wall',
  '-Wextra',
  '-Werror',
]
export const LDFLAGS = [
  '-nostdlib',
  '-static',
  '-no-pie',
  '-z',
  'max-page-size=0x1000',
  '-z',
  'noexecstack',
  '--no-warn-rwx-segments',
  '--gc-sections',
]

export interface BuildPaths {
  dir: string
  gen: string
  obj: string
  /** The bootable image, without symbols or debug information. */
  elf: string
  /** The same image with them, for gdb and addr2line on panic reports. */
  debugElf: string
}

export function buildPaths(plan: Plan, root: string): BuildPaths {
  const dir = path.join(root, 'build', plan.name)
  return {
    dir,
    gen: path.join(dir, 'gen'),
    obj: path.join(dir, 'obj'),
    elf: path.join(dir, 'kernel.elf'),
    debugElf: path.join(dir, 'kernel.debug.elf'),
  }
}

/** Writes generated files, leaving unchanged ones (and their mtimes). */
export async function writeGenerated(
  files: GeneratedFiles,
  gen: string,
): Promise<string[]> {
  await mkdir(gen, { recursive: true })
  const written: string[] = []
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(gen, name)
    const old = existsSync(file) ? await readFile(file, 'utf8') : undefined
    if (old === text) continue
    await writeFile(file, text, { mode: name.endsWith('.sh') ? 0o755 : 0o644 })
    written.push(file)
  }
  return written
}

interface Unit {
  source: string
  object: string
}

export interface BuildReport {
  elf: string
  compiled: number
  upToDate: number
  linked: boolean
}

export async function buildKernel(
  plan: Plan,
  paths: BuildPaths,
  log: (line: string) => void = () => {},
): Promise<BuildReport> {
  requireTools('gcc', 'ld')
  const units = compileUnits(plan, paths)
  const flags = [
    ...CFLAGS,
    ...(await freestandingIncludes()),
    '-I',
    path.join(RUNTIME, 'include'),
    '-I',
    paths.gen,
  ]
  const flagsChanged = await recordFlags(paths.obj, [...flags, ...LDFLAGS])
  const stale = units.filter((u) => flagsChanged || !upToDate(u))
  log(`compiling ${stale.length} of ${units.length} sources`)
  await runParallel(stale, (unit) => compile(unit, flags))
  const script = path.join(paths.gen, 'kernel.ld')
  const linked =
    stale.length > 0 ||
    !existsSync(paths.elf) ||
    !existsSync(paths.debugElf) ||
    newer(script, paths.elf)
  if (linked) {
    await link(units, script, paths.debugElf)
    await tool('objcopy', ['--strip-all', paths.debugElf, paths.elf], paths.elf)
  }
  return {
    elf: paths.elf,
    compiled: stale.length,
    upToDate: units.length - stale.length,
    linked,
  }
}

/**
 * Only gcc's own headers (stdint.h, stddef.h, stdarg.h, stdbool.h...),
 * not the host's C library, whose functions the kernel does not have: an
 * app including <stdio.h> fails where it is written, not at link time.
 */
async function freestandingIncludes(): Promise<string[]> {
  const result = await execa('gcc', ['-print-file-name=include'])
  return ['-nostdinc', '-isystem', result.stdout.trim()]
}

function compileUnits(plan: Plan, paths: BuildPaths): Unit[] {
  const bootFiles = readdirSync(BOOT)
    .filter((f) => f.endsWith('.S'))
    .filter((f) => !Object.values(BOOT_ENTRIES).includes(f as never))
  const sources = [
    ...bootFiles.map((f) => path.join(BOOT, f)),
    path.join(BOOT, BOOT_ENTRIES[plan.boot]),
    ...listC(RUNTIME),
    path.join(paths.gen, 'app.c'),
  ]
  const units = sources.map((source) => ({
    source,
    object: path.join(paths.obj, objectName(source, paths)),
  }))
  // Numbered, since two folders may each hold a util.c.
  plan.app?.sources.forEach((source, index) => {
    const name = `${index}-${path.basename(source)}.o`
    units.push({ source, object: path.join(paths.obj, 'app', name) })
  })
  return units
}

function objectName(source: string, paths: BuildPaths): string {
  if (source.startsWith(paths.gen)) return `gen/${path.basename(source)}.o`
  return `${path.relative(PACKAGE_ROOT, source)}.o`
}

function listC(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.c'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
}

/** Stores the flags' hash; true when it differs from the last build's. */
async function recordFlags(obj: string, flags: string[]): Promise<boolean> {
  await mkdir(obj, { recursive: true })
  const file = path.join(obj, 'flags.sha256')
  const hash = createHash('sha256').update(flags.join('\0')).digest('hex')
  const old = existsSync(file) ? await readFile(file, 'utf8') : ''
  if (old === hash) return false
  await writeFile(file, hash)
  return true
}

/** An object is up to date when it is newer than everything gcc read. */
function upToDate(unit: Unit): boolean {
  const depFile = `${unit.object}.d`
  if (!existsSync(unit.object) || !existsSync(depFile)) return false
  const built = statSync(unit.object).mtimeMs
  const deps = dependencies(depFile)
  // Another config of the same name may have built this object from
  // another file: gcc lists the source it compiled first.
  if (path.resolve(deps[0] ?? '') !== path.resolve(unit.source)) return false
  return deps.every((dep) => existsSync(dep) && statSync(dep).mtimeMs <= built)
}

/** The prerequisites listed in a gcc -MD file. */
function dependencies(depFile: string): string[] {
  const text = readFileSync(depFile, 'utf8').replace(/\\\n/g, ' ')
  const rule = text.split('\n')[0] ?? ''
  const list = rule.slice(rule.indexOf(':') + 1)
  return list.split(/\s+/).filter(Boolean)
}

function newer(a: string, b: string): boolean {
  return statSync(a).mtimeMs > statSync(b).mtimeMs
}

async function compile(unit: Unit, flags: string[]): Promise<void> {
  await mkdir(path.dirname(unit.object), { recursive: true })
  const args = [...flags, '-MD', '-MF', `${unit.object}.d`, '-c', unit.source]
  await tool('gcc', [...args, '-o', unit.object], unit.source)
}

async function link(units: Unit[], script: string, elf: string) {
  const args = [...LDFLAGS, '-L', BOOT, '-T', script, '-o', elf]
  await tool('ld', [...args, ...units.map((u) => u.object)], elf)
}

async function tool(program: string, args: string[], subject: string) {
  const result = await execa(program, args, { reject: false, all: true })
  if (result.exitCode === 0) return
  throw new MinikraftError(
    `build failed: ${program} exited with ${result.exitCode}`,
    [
      {
        code: 'build-failed',
        path: '',
        message: `${program} failed on ${path.relative(process.cwd(), subject)}:\n${result.all ?? ''}`,
      },
    ],
  )
}

/** Runs `work` over `items`, as many at once as the machine has cores. */
async function runParallel<T>(items: T[], work: (item: T) => Promise<void>) {
  const queue = [...items]
  const workers = Array.from(
    { length: Math.min(os.availableParallelism(), queue.length) },
    async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        await work(item)
      }
    },
  )
  await Promise.all(workers)
}
