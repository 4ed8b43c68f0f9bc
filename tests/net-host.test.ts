// SPDX-License-Identifier: MIT
// The network stack on the host: compiles runtime-c/net and
// runtime-c/services with the C harness in tests/host under AddressSanitizer
// and UBSan, runs every case (byte-literal frames, then a mini-fuzzer), and
// checks that the same sources still build with the kernel's flags.
import { spawnSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const INCLUDE = path.join(REPO, 'runtime-c/include')
const HOST_DIR = path.join(REPO, 'tests/host')

function cFiles(dir: string): string[] {
  const abs = path.join(REPO, dir)
  return readdirSync(abs)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => path.join(abs, f))
}

const STACK_SOURCES = [
  ...cFiles('runtime-c/net'),
  ...cFiles('runtime-c/services'),
]

/** The flags the kernel build uses (DESIGN.md "The runtime"). */
const KERNEL_FLAGS = [
  '-std=gnu11',
  '-ffreestanding',
  '-fno-pic',
  '-fno-pie',
  '-fno-stack-protector',
  '-mno-red-zone',
  '-mgeneral-regs-only',
  '-O2',
  '-g',
  '-Wall',
  '-Wextra',
  '-Werror',
]

const HOST_FLAGS = [
  '-std=gnu11',
  '-fsanitize=address,undefined',
  '-fno-sanitize-recover=all',
  '-g',
  '-O1',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-I',
  INCLUDE,
  '-I',
  HOST_DIR,
]

const work = mkdtempSync(path.join(tmpdir(), 'mk-net-host-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const binary = path.join(work, 'net-host')
const build = spawnSync(
  'gcc',
  [...HOST_FLAGS, ...STACK_SOURCES, ...cFiles('tests/host'), '-o', binary],
  { encoding: 'utf8' },
)
const built = build.status === 0

const env = {
  ...process.env,
  // The stack allocates nothing; leak checks only trip on ptrace'd hosts.
  ASAN_OPTIONS: 'detect_leaks=0',
  UBSAN_OPTIONS: 'print_stacktrace=1',
}

function harness(...args: string[]) {
  return spawnSync(binary, args, { encoding: 'utf8', env, timeout: 120_000 })
}

const caseNames = built
  ? harness('--list').stdout.split('\n').filter(Boolean)
  : []

describe('network stack on the host (ASan + UBSan)', () => {
  it('compiles with the host harness', () => {
    expect(build.error).toBeUndefined()
    expect(build.stderr).toBe('')
    expect(build.status).toBe(0)
    expect(caseNames.length).toBeGreaterThan(30)
  })

  // One run of every case; each case is a child process of the harness.
  const run = built ? harness() : undefined
  const lines = run?.stdout.split('\n') ?? []

  /** The case's "ok/FAIL NAME" line, plus the detail lines before it. */
  function report(name: string): { ok: boolean; text: string } {
    const end = lines.findIndex(
      (l) => l === `ok ${name}` || l === `FAIL ${name}`,
    )
    if (end < 0) return { ok: false, text: `no result for ${name}` }
    let start = end
    while (start > 0 && lines[start - 1].startsWith('  ')) start--
    return {
      ok: lines[end].startsWith('ok'),
      text: lines.slice(start, end + 1).join('\n'),
    }
  }

  for (const name of caseNames) {
    it(name, () => {
      const { ok, text } = report(name)
      expect(ok, `${text}\n${run?.stderr ?? ''}`).toBe(true)
    })
  }

  it('ends with a summary and exit status 0', () => {
    expect(run?.stdout).toMatch(
      new RegExp(`\\n${caseNames.length} passed, 0 failed\\n$`),
    )
    expect(run?.status, run?.stderr).toBe(0)
  })

  it('runs a single case by name, and fails an unknown one', () => {
    const one = harness('udp_echo')
    expect(one.stdout).toBe('ok udp_echo\n1 passed, 0 failed\n')
    expect(harness('no_such_case').status).toBe(1)
  })
})

describe('network stack with the kernel build flags', () => {
  it('compiles freestanding, warning-free, at every log level', () => {
    for (const level of [1, 3, 5]) {
      const cfg = path.join(work, `level${level}`)
      mkdirSync(cfg, { recursive: true })
      writeFileSync(
        path.join(cfg, 'mk_config.h'),
        `#define MK_KERNEL_NAME "t"\n#define MK_LOG_LEVEL ${level}\n` +
          '#define MK_NETDEV_COUNT 1\n',
      )
      const gcc = spawnSync(
        'gcc',
        [...KERNEL_FLAGS, '-I', INCLUDE, '-I', cfg, '-c', ...STACK_SOURCES],
        { cwd: cfg, encoding: 'utf8' },
      )
      expect(gcc.stderr).toBe('')
      expect(gcc.status).toBe(0)
    }
  })
})
