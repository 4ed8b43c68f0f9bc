/**
 * The real `minikraft` binary on fixture folders: stdout, stderr and the
 * exit status a user sees.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { configWith, writeConfig } from './support/configs.ts'
import { REPO } from './support/paths.ts'

const BIN = path.join(REPO, 'bin', 'minikraft.js')

function minikraft(args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [BIN, ...args], {
    cwd: REPO,
    reject: false,
    env: { NO_COLOR: '1', ...env },
  })
}

describe('minikraft CLI', () => {
  it('reports a bad descriptor once, at its line, with exit status 1', async () => {
    const folder = writeConfig(
      configWith(
        [
          "  name: 'cli-bad',",
          "  net: [virtioNet({ name: 'net0', address: '10.0.2.15/24' })],",
          '  services: [udpEcho({ port: 99999 })],',
        ].join('\n'),
      ),
    )
    const result = await minikraft(['build', folder])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('error: invalid kernel descriptor in')
    expect(result.stderr).toContain(
      'services[0].port: expected a port from 1 to 65535, received 99999',
    )
    expect(result.stderr).toMatch(/kernel\.config\.ts:6:\d+/)
    expect(result.stderr).not.toMatch(/node:internal|\.ts:\d+:\d+\)/)
  })

  it('reports a broken config file without a stack trace', async () => {
    const folder = writeConfig('export default {\n  name: ,\n}\n')
    const result = await minikraft(['generate', folder])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('failed to load config from')
    expect(result.stderr).toContain('syntax error')
    expect(result.stderr).toMatch(/kernel\.config\.ts:2:\d+/)
    expect(result.stderr).not.toContain('node:internal')
  })

  it('points at the line a config throws from', async () => {
    const folder = writeConfig(
      "const a = 1\n\nthrow new Error('bad setting ' + a)\nexport default {}\n",
    )
    const result = await minikraft(['generate', folder])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('running the config failed: bad setting 1')
    expect(result.stderr).toMatch(/kernel\.config\.ts:3:\d+/)
  })

  it('rejects -p for TCP, which the runtime does not have yet', async () => {
    const result = await minikraft([
      'run',
      '--print',
      '-p',
      '8080:80/tcp',
      'examples/udp-echo',
    ])
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr).toContain('UDP only')
  })

  it('lets -p take over a host port the defaults use', async () => {
    const result = await minikraft([
      'run',
      '--print',
      '--accel',
      'tcg',
      '-p',
      '10007:9/udp',
      'examples/udp-echo',
    ])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('hostfwd=udp:127.0.0.1:10007-:9')
    expect(result.stdout).not.toContain('-:7')
  })

  it('rejects -p for a kernel without a network device', async () => {
    const result = await minikraft([
      'run',
      '--print',
      '-p',
      '10007:7/udp',
      'examples/hello',
    ])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('-p needs a network device')
  })

  it('builds two app sources of one name from different folders', async () => {
    const folder = writeConfig(
      configWith(
        "  name: 'same-names',\n  app: cApp({ sources: ['a/util.c', 'b/util.c'], entry: 'app_a' }),",
      ),
    )
    mkdirSync(path.join(folder, 'a'))
    mkdirSync(path.join(folder, 'b'))
    writeFileSync(
      path.join(folder, 'a', 'util.c'),
      'int app_b(void);\nint app_a(void)\n{\n\treturn app_b();\n}\n',
    )
    writeFileSync(
      path.join(folder, 'b', 'util.c'),
      'int app_b(void)\n{\n\treturn 0;\n}\n',
    )
    const result = await minikraft(['build', folder])
    expect(result.stderr).toContain('built')
    expect(result.exitCode).toBe(0)
  })

  it('rebuilds an object another config of the same name left', async () => {
    const appOf = (text: string) =>
      writeConfig(
        configWith(
          "  name: 'same-kernel',\n  app: cApp({ sources: ['main.c'], entry: 'app_main' }),",
        ),
        {
          'main.c': `#include <mk/console.h>\nint app_main(void)\n{\n\tmk_printf("${text}\\n");\n\treturn 0;\n}\n`,
        },
      )
    const first = appOf('I am the first')
    const second = appOf('I am the second')
    // Both sources older than any object, as after a checkout.
    const past = new Date(Date.now() - 3600_000)
    for (const folder of [first, second]) {
      utimesSync(path.join(folder, 'main.c'), past, past)
    }
    expect((await minikraft(['build', first])).exitCode).toBe(0)
    expect((await minikraft(['build', second])).exitCode).toBe(0)
    const image = readFileSync(
      path.join(REPO, 'build', 'same-kernel', 'kernel.elf'),
    )
    expect(image.includes('I am the second')).toBe(true)
    expect(image.includes('I am the first')).toBe(false)
  })

  it('stops an app that includes a host C library header where it does so', async () => {
    const folder = writeConfig(
      configWith(
        "  name: 'host-header',\n  app: cApp({ sources: ['main.c'], entry: 'app_main' }),",
      ),
      {
        'main.c': '#include <stdio.h>\nint app_main(void)\n{\n\treturn 0;\n}\n',
      },
    )
    const result = await minikraft(['build', folder])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(/main\.c:1:\d+: fatal error: stdio\.h/)
  })

  it('prints the QEMU command with the service port forwarded', async () => {
    const result = await minikraft([
      'run',
      '--print',
      '--accel',
      'tcg',
      'examples/udp-echo',
    ])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('qemu-system-x86_64 -machine pc,accel=tcg')
    expect(result.stdout).toContain('hostfwd=udp:127.0.0.1:10007-:7')
    expect(result.stdout).toContain('-kernel')
  })

  it('lets -p replace the forwarded host port', async () => {
    const result = await minikraft([
      'run',
      '--print',
      '--accel',
      'tcg',
      '-p',
      '20007:7/udp',
      'examples/udp-echo',
    ])
    expect(result.stdout).toContain('hostfwd=udp:127.0.0.1:20007-:7')
    expect(result.stdout).not.toContain('10007')
  })

  it('rejects a malformed -p', async () => {
    const result = await minikraft([
      'run',
      '--print',
      '-p',
      '7/udp',
      'examples/udp-echo',
    ])
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr).toContain('expected HOST:GUEST/udp')
  })

  it('says in one line what to install when gcc is missing', async () => {
    const emptyBin = mkdtempSync(path.join(os.tmpdir(), 'minikraft-path-'))
    const result = await minikraft(['build', 'examples/hello'], {
      PATH: emptyBin,
    })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(
      'gcc is not installed: install it with `apt-get install gcc`',
    )
  })

  it('rejects arguments it does not take', async () => {
    const result = await minikraft(['generate', 'examples/hello', 'extra'])
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr).toContain('too many arguments')
  })

  it('generates the files into build/<name>/gen', async () => {
    const result = await minikraft(['generate', 'examples/hello'])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain('generated')
    expect(result.stderr).toContain(path.join('build', 'hello', 'gen'))
  })
})
