/**
 * Every bad descriptor value gives one clear problem: its code, the field
 * path, and the line of the user's file it was written on.
 */
import { chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../dsl/load.ts'
import { MinikraftError, type Problem } from '../dsl/problems.ts'
import { validate } from '../dsl/validate.ts'
import { configWith, writeConfig } from './support/configs.ts'

const NET = "  net: [virtioNet({ name: 'net0', address: '10.0.2.15/24' })],"
const context = { command: 'test', env: {} }

async function problemsOf(text: string): Promise<Problem[]> {
  try {
    await loadConfig(writeConfig(text), context)
  } catch (error) {
    if (error instanceof MinikraftError) return error.problems
    throw error
  }
  return []
}

/** Loads a config made of `lines`; expects exactly one problem. */
async function oneProblem(lines: string[]): Promise<Problem> {
  const problems = await problemsOf(configWith(lines.join('\n')))
  expect(problems).toHaveLength(1)
  return problems[0]!
}

/** Line numbers: the config's fields start on line 4. */
const FIRST_FIELD_LINE = 4

describe('descriptor validation', () => {
  const cases: {
    name: string
    lines: string[]
    code: string
    path: string
    /** Index into `lines` of the line the problem must point at. */
    at: number
  }[] = [
    {
      name: 'rejects a port of 0',
      lines: ["  name: 'k',", NET, '  services: [udpEcho({ port: 0 })],'],
      code: 'port-range',
      path: 'services[0].port',
      at: 2,
    },
    {
      name: 'rejects a port above 65535',
      lines: ["  name: 'k',", NET, '  services: [udpEcho({ port: 65536 })],'],
      code: 'port-range',
      path: 'services[0].port',
      at: 2,
    },
    {
      name: 'rejects a fractional port',
      lines: ["  name: 'k',", NET, '  services: [udpEcho({ port: 7.5 })],'],
      code: 'port-range',
      path: 'services[0].port',
      at: 2,
    },
    {
      name: 'rejects two services on one port',
      lines: [
        "  name: 'k',",
        NET,
        '  services: [',
        '    udpEcho({ port: 7 }),',
        '    udpEcho({ port: 7 }),',
        '  ],',
      ],
      code: 'port-conflict',
      path: 'services[1].port',
      at: 4,
    },
    {
      name: 'rejects a malformed MAC',
      lines: [
        "  name: 'k',",
        "  net: [virtioNet({ name: 'net0', mac: '52:54:00:12:34' })],",
      ],
      code: 'mac',
      path: 'net[0].mac',
      at: 1,
    },
    {
      name: 'rejects a multicast MAC',
      lines: [
        "  name: 'k',",
        "  net: [virtioNet({ name: 'net0', mac: '01:00:5e:00:00:01' })],",
      ],
      code: 'mac-multicast',
      path: 'net[0].mac',
      at: 1,
    },
    {
      name: 'rejects an IPv4 address without prefix',
      lines: [
        "  name: 'k',",
        "  net: [virtioNet({ name: 'net0', address: '10.0.2.15' })],",
      ],
      code: 'ipv4-cidr',
      path: 'net[0].address',
      at: 1,
    },
    {
      name: 'rejects an IPv4 octet above 255',
      lines: [
        "  name: 'k',",
        "  net: [virtioNet({ name: 'net0', address: '10.0.2.256/24' })],",
      ],
      code: 'ipv4-cidr',
      path: 'net[0].address',
      at: 1,
    },
    {
      name: 'rejects a prefix length above 32',
      lines: [
        "  name: 'k',",
        "  net: [virtioNet({ name: 'net0', address: '10.0.2.15/33' })],",
      ],
      code: 'ipv4-cidr',
      path: 'net[0].address',
      at: 1,
    },
    {
      name: 'rejects a gateway outside the subnet',
      lines: [
        "  name: 'k',",
        '  net: [',
        '    virtioNet({',
        "      name: 'net0',",
        "      address: '10.0.2.15/24',",
        "      gateway: '10.0.3.1',",
        '    }),',
        '  ],',
      ],
      code: 'gateway-outside-subnet',
      path: 'net[0].gateway',
      at: 5,
    },
    {
      name: 'rejects an unknown boot protocol',
      lines: ["  name: 'k',", "  boot: 'uefi' as 'pvh',"],
      code: 'one-of',
      path: 'boot',
      at: 1,
    },
    {
      name: 'rejects memory below what the kernel needs',
      lines: ["  name: 'k',", "  memory: '1M',"],
      code: 'memory-range',
      path: 'memory',
      at: 1,
    },
    {
      name: 'rejects a memory size it cannot read',
      lines: ["  name: 'k',", "  memory: '8MB' as '8M',"],
      code: 'size',
      path: 'memory',
      at: 1,
    },
    {
      name: 'rejects a service when no network device is declared',
      lines: ["  name: 'k',", '  services: [udpEcho({ port: 7 })],'],
      code: 'service-needs-network',
      path: 'services[0]',
      at: 1,
    },
    {
      name: 'rejects a misspelt field and suggests the right one',
      lines: ["  name: 'k',", "  memroy: '8M',"],
      code: 'unknown-field',
      path: 'memroy',
      at: 1,
    },
    {
      name: 'rejects a kernel name that cannot name a folder',
      lines: ["  name: 'My Kernel',"],
      code: 'name',
      path: 'name',
      at: 0,
    },
    {
      name: 'rejects two devices with one name',
      lines: [
        "  name: 'k',",
        '  net: [',
        "    virtioNet({ name: 'net0' }),",
        "    virtioNet({ name: 'net0' }),",
        '  ],',
      ],
      code: 'device-duplicate',
      path: 'net[1].name',
      at: 3,
    },
    {
      name: 'rejects an Ethernet echo on a device that does not exist',
      lines: [
        "  name: 'k',",
        NET,
        "  services: [ethernetEcho({ device: 'net9' })],",
      ],
      code: 'one-of',
      path: 'services[0].device',
      at: 2,
    },
    {
      name: 'rejects more network devices than the runtime drives',
      lines: [
        "  name: 'k',",
        '  net: [',
        "    virtioNet({ name: 'n0' }), virtioNet({ name: 'n1' }),",
        "    virtioNet({ name: 'n2' }), virtioNet({ name: 'n3' }),",
        "    virtioNet({ name: 'n4' }),",
        '  ],',
      ],
      code: 'net-too-many',
      path: 'net',
      at: 1,
    },
    {
      name: 'rejects two devices with one IPv4 address',
      lines: [
        "  name: 'k',",
        '  net: [',
        "    virtioNet({ name: 'n0', address: '10.0.2.15/24' }),",
        "    virtioNet({ name: 'n1', address: '10.0.2.15/24' }),",
        '  ],',
      ],
      code: 'ipv4-duplicate',
      path: 'net[1].address',
      at: 3,
    },
    {
      name: 'rejects a loopback address on a device',
      lines: [
        "  name: 'k',",
        "  net: [virtioNet({ name: 'net0', address: '127.0.0.1/8' })],",
      ],
      code: 'ipv4-not-unicast',
      path: 'net[0].address',
      at: 1,
    },
    {
      name: 'rejects a multicast address on a device',
      lines: [
        "  name: 'k',",
        "  net: [virtioNet({ name: 'net0', address: '224.0.0.1/24' })],",
      ],
      code: 'ipv4-not-unicast',
      path: 'net[0].address',
      at: 1,
    },
    {
      name: 'rejects a prefix length of 0',
      lines: [
        "  name: 'k',",
        "  net: [virtioNet({ name: 'net0', address: '10.0.2.15/0' })],",
      ],
      code: 'ipv4-prefix',
      path: 'net[0].address',
      at: 1,
    },
    {
      name: 'rejects the subnet broadcast address as gateway',
      lines: [
        "  name: 'k',",
        '  net: [',
        "    virtioNet({ name: 'net0', address: '10.0.2.15/24', gateway: '10.0.2.255' }),",
        '  ],',
      ],
      code: 'ipv4-not-host',
      path: 'net[0].gateway',
      at: 2,
    },
    {
      name: 'rejects the all-zero MAC',
      lines: [
        "  name: 'k',",
        "  net: [virtioNet({ name: 'net0', mac: '00:00:00:00:00:00' })],",
      ],
      code: 'mac-zero',
      path: 'net[0].mac',
      at: 1,
    },
    {
      name: 'rejects one C file listed twice',
      lines: [
        "  name: 'k',",
        "  app: cApp({ sources: ['main.c', './main.c'], entry: 'app_main' }),",
      ],
      code: 'app-source-duplicate',
      path: 'app.sources[1]',
      at: 1,
    },
    {
      name: 'names the source entry that is not a C file',
      lines: [
        "  name: 'k',",
        "  app: cApp({ sources: ['main.c', 'util.h'], entry: 'app_main' }),",
      ],
      code: 'app-source',
      path: 'app.sources[1]',
      at: 1,
    },
    {
      name: "rejects an entry in the runtime's namespace",
      lines: [
        "  name: 'k',",
        "  app: cApp({ sources: ['main.c'], entry: 'mk_kernel_main' }),",
      ],
      code: 'app-entry-reserved',
      path: 'app.entry',
      at: 1,
    },
    {
      name: 'rejects two devices in one subnet',
      lines: [
        "  name: 'k',",
        '  net: [',
        "    virtioNet({ name: 'n0', address: '10.0.2.15/24' }),",
        "    virtioNet({ name: 'n1', address: '10.0.2.16/24' }),",
        '  ],',
      ],
      code: 'ipv4-subnet-overlap',
      path: 'net[1].address',
      at: 3,
    },
    {
      name: 'rejects an entry the runtime already defines',
      lines: [
        "  name: 'k',",
        "  app: cApp({ sources: ['main.c'], entry: 'memcpy' }),",
      ],
      code: 'app-entry-reserved',
      path: 'app.entry',
      at: 1,
    },
  ]

  for (const c of cases) {
    it(c.name, async () => {
      const problem = await oneProblem(c.lines)
      expect(problem.code).toBe(c.code)
      expect(problem.path).toBe(c.path)
      expect(problem.message.length).toBeGreaterThan(10)
      expect(problem.position?.line).toBe(FIRST_FIELD_LINE + c.at)
      expect(problem.file).toMatch(/kernel\.config\.ts$/)
    })
  }

  it('names the value received and what is accepted', async () => {
    const problem = await oneProblem([
      "  name: 'k',",
      NET,
      '  services: [udpEcho({ port: 70000 })],',
    ])
    expect(problem.received).toBe('70000')
    expect(problem.expected).toBe('a port from 1 to 65535')
    expect(problem.message).toBe(
      'expected a port from 1 to 65535, received 70000',
    )
  })

  it('suggests the nearest field for a typo', async () => {
    const problem = await oneProblem(["  name: 'k',", "  memroy: '8M',"])
    expect(problem.message).toContain('did you mean "memory"?')
  })

  it('reports every problem of a config at once', async () => {
    const problems = await problemsOf(
      configWith(
        [
          "  name: 'k',",
          "  memory: '1M',",
          NET,
          '  services: [udpEcho({ port: 0 })],',
        ].join('\n'),
      ),
    )
    expect(problems.map((p) => p.code)).toEqual(['memory-range', 'port-range'])
  })

  it('accepts every example as written', async () => {
    for (const example of ['hello', 'udp-echo', 'eth-echo']) {
      const loaded = await loadConfig(path.join('examples', example), context)
      expect(loaded.descriptor.name).toBe(example)
    }
  })

  it('accepts a config that is a function of the build context', async () => {
    const folder = writeConfig(
      [
        "import { defineKernel } from 'minikraft'",
        'export default defineKernel((ctx) => ({',
        "  name: ctx.command === 'test' ? 'from-context' : 'other',",
        '}))',
      ].join('\n'),
    )
    const loaded = await loadConfig(folder, context)
    expect(loaded.descriptor.name).toBe('from-context')
  })

  it('points at the line inside a config function', async () => {
    const folder = writeConfig(
      [
        "import { defineKernel } from 'minikraft'",
        'export default defineKernel(() => ({',
        "  name: 'k',",
        "  memory: '1K',",
        '}))',
      ].join('\n'),
    )
    const problems = await loadConfig(folder, context).then(
      () => [],
      (error: MinikraftError) => error.problems,
    )
    expect(problems[0]?.position?.line).toBe(4)
  })
})

describe('config loading', () => {
  async function loadProblem(folder: string): Promise<Problem> {
    const error = await loadConfig(folder, context).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(MinikraftError)
    const problems = (error as MinikraftError).problems
    expect(problems).toHaveLength(1)
    return problems[0]!
  }

  it('reports a syntax error at its line without running the file', async () => {
    const folder = writeConfig(
      "export default {\n  name: 'k',,\n}\nthrow new Error('ran')\n",
    )
    const problem = await loadProblem(folder)
    expect(problem.code).toBe('config-syntax')
    expect(problem.position?.line).toBe(2)
  })

  it('reports a config that throws while it runs', async () => {
    const folder = writeConfig("throw new Error('no such setting')\n")
    const problem = await loadProblem(folder)
    expect(problem.code).toBe('config-load')
    expect(problem.message).toContain('no such setting')
  })

  it('reports a config that calls process.exit', async () => {
    const problem = await loadProblem(
      writeConfig("process.exit(0)\nexport default { name: 'k' }\n"),
    )
    expect(problem.code).toBe('config-load')
    expect(problem.message).toContain('the config called process.exit(0)')
  })

  it('reports a config without a default export', async () => {
    const problem = await loadProblem(writeConfig('export const x = 1\n'))
    expect(problem.code).toBe('config-no-default-export')
  })

  it('reports a folder without a config file', async () => {
    const folder = path.dirname(writeConfig(''))
    const problem = await loadProblem(path.join(folder, 'missing'))
    expect(problem.code).toBe('config-not-found')
  })

  it.skipIf(process.getuid?.() === 0)(
    'reports a config file it may not read',
    async () => {
      const folder = writeConfig("export default { name: 'k' }\n")
      chmodSync(path.join(folder, 'kernel.config.ts'), 0)
      const problem = await loadProblem(folder)
      expect(problem.code).toBe('config-unreadable')
    },
  )

  it('reports a config file that is not text in one problem', async () => {
    const folder = writeConfig('')
    const file = path.join(folder, 'kernel.config.ts')
    writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02, 0x0a]))
    const problem = await loadProblem(folder)
    expect(problem.code).toBe('config-not-text')
  })

  it('shows at most five syntax errors and counts the rest', async () => {
    const folder = writeConfig('a b c d e f g h i j k l m n o p\n')
    const error = await loadConfig(folder, context).then(
      () => undefined,
      (e: MinikraftError) => e,
    )
    const problems = error!.problems
    expect(problems).toHaveLength(6)
    expect(problems[5]!.message).toMatch(/^and \d+ more syntax errors$/)
  })

  it('points into the config a config throws from', async () => {
    const folder = writeConfig(
      "const a = 1\n\nthrow new Error('bad setting ' + a)\nexport default {}\n",
    )
    const problem = await loadProblem(folder)
    expect(problem.code).toBe('config-load')
    expect(problem.message).toContain('bad setting 1')
    // The line itself is checked through the CLI (tests/cli.test.ts):
    // vitest replaces the source-mapped stack traces it is read from.
    expect(problem.position?.file).toBe(problem.file)
  })

  it('reports an app source that does not exist', async () => {
    const { plan } = await import('../generators/plan.ts')
    const folder = writeConfig(
      configWith(
        "  name: 'k',\n  app: cApp({ sources: ['gone.c'], entry: 'main_' }),",
      ),
    )
    const loaded = await loadConfig(folder, context)
    expect(() =>
      plan(loaded.descriptor, loaded.file, { root: process.cwd() }),
    ).toThrow(/no such C file: gone.c/)
  })
})

describe('validate()', () => {
  it('shows a BigInt port as written', () => {
    const problems = validate({
      name: 'k',
      net: [{ kind: 'virtio-net', name: 'net0', address: '10.0.2.15/24' }],
      services: [{ kind: 'udp-echo', port: 7n }],
    })
    expect(problems[0]?.received).toBe('7n')
  })

  it('rejects something that is not an object', () => {
    expect(validate(42)[0]?.code).toBe('type')
  })

  it('accepts a minimal descriptor', () => {
    expect(validate({ name: 'k' })).toEqual([])
  })

  it('rejects the network or broadcast address as a host address', () => {
    const problems = validate({
      name: 'k',
      net: [{ kind: 'virtio-net', name: 'net0', address: '10.0.2.0/24' }],
    })
    expect(problems.map((p) => p.code)).toEqual(['ipv4-not-host'])
  })

  it('rejects a UDP service when Ethernet echo holds every device', () => {
    const problems = validate({
      name: 'k',
      net: [{ kind: 'virtio-net', name: 'net0', address: '10.0.2.15/24' }],
      services: [{ kind: 'ethernet-echo' }, { kind: 'udp-echo', port: 7 }],
    })
    expect(problems.map((p) => p.code)).toEqual(['echo-takes-device'])
  })

  it('rejects a UDP service when no device has an address', () => {
    const problems = validate({
      name: 'k',
      net: [{ kind: 'virtio-net', name: 'net0' }],
      services: [{ kind: 'udp-echo', port: 7 }],
    })
    expect(problems.map((p) => p.code)).toEqual(['service-needs-address'])
  })
})
