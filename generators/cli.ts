/**
 * The `minikraft` command: generate | build | run | clean | all | bench.
 * Every user mistake ends as one rendered report and exit status 1.
 */
import { Command, InvalidArgumentError } from 'commander'
import path from 'node:path'
import pc from 'picocolors'
import { execa } from 'execa'
import { MinikraftError } from '../dsl/problems.ts'
import { PACKAGE_ROOT } from './build.ts'
import { build, clean, generate } from './pipeline.ts'
import type { Plan, PortForward } from './plan.ts'
import { renderProblems } from './report.ts'
import { probeKvm, runCommand, runKernel, type Accel } from './run.ts'
import { shellQuote } from './qemu.ts'
import { VERSION } from './version.ts'

interface RunFlags {
  publish: PortForward[]
  print?: boolean
  accel: 'auto' | Accel
  vnc?: boolean
}

const log = (line: string) =>
  process.stderr.write(`${pc.dim('minikraft:')} ${line}\n`)

/** `-p 8080:80/udp` → a forward from 127.0.0.1:8080 to guest port 80. */
export function parsePublish(value: string, previous: PortForward[] = []) {
  const match = /^(\d+):(\d+)(?:\/udp)?$/.exec(value)
  const ports = match ? [Number(match[1]), Number(match[2])] : []
  if (!match || ports.some((p) => p < 1 || p > 65535)) {
    throw new InvalidArgumentError(
      'expected HOST:GUEST/udp with ports from 1 to 65535, e.g. 10007:7/udp ' +
        '(UDP only: the runtime has no TCP yet)',
    )
  }
  const forward = {
    protocol: 'udp' as const,
    hostPort: ports[0]!,
    guestPort: ports[1]!,
  }
  if (previous.some((p) => p.hostPort === forward.hostPort)) {
    throw new InvalidArgumentError(
      `host port ${forward.hostPort} is already forwarded by another -p`,
    )
  }
  return [...previous, forward]
}

function parseAccel(value: string): RunFlags['accel'] {
  if (value === 'auto' || value === 'tcg' || value === 'kvm') return value
  throw new InvalidArgumentError('expected auto, tcg or kvm')
}

/**
 * The declared forwards, less those a -p replaces (same guest port) or
 * collides with (same host port), then the -p ones.
 */
export function forwards(plan: Plan, publish: PortForward[]): PortForward[] {
  if (publish.length > 0 && plan.net.length === 0) {
    throw new MinikraftError('nothing to forward to', [
      {
        code: 'publish-without-network',
        path: '',
        message: `-p needs a network device, and kernel "${plan.name}" has none`,
      },
    ])
  }
  const replaced = (f: PortForward) =>
    publish.some(
      (p) => p.guestPort === f.guestPort || p.hostPort === f.hostPort,
    )
  return [...plan.forwards.filter((f) => !replaced(f)), ...publish]
}

async function run(target: string, flags: RunFlags): Promise<number> {
  const { plan, paths } = await build(target, { command: 'run', log })
  const accel =
    flags.accel === 'auto'
      ? (await probeKvm(paths.elf, path.join(process.cwd(), 'build')))
        ? 'kvm'
        : 'tcg'
      : flags.accel
  const options = {
    elf: paths.elf,
    accel,
    forwards: forwards(plan, flags.publish),
    vnc: flags.vnc,
  }
  if (flags.print) {
    process.stdout.write(
      runCommand(plan, options).map(shellQuote).join(' ') + '\n',
    )
    return 0
  }
  for (const f of options.forwards) {
    log(`${f.protocol} 127.0.0.1:${f.hostPort} → guest port ${f.guestPort}`)
  }
  log(`booting ${paths.elf} under ${accel} (quit: Ctrl-A X)`)
  return runKernel(plan, options)
}

function runOptions(command: Command): Command {
  return command
    .option(
      '-p, --publish <host:guest/proto>',
      'forward a host port (repeatable)',
      parsePublish,
      [],
    )
    .option('--print', 'print the QEMU command instead of running it')
    .option(
      '--accel <auto|tcg|kvm>',
      'accelerator; auto probes KVM',
      parseAccel,
      'auto',
    )
    .option('--vnc', 'show the display over VNC on 127.0.0.1:5900')
}

export function program(): Command {
  const cli = new Command('minikraft')
    .description(
      'Generate, build and boot unikernels from a TypeScript descriptor',
    )
    .version(VERSION)
    .showHelpAfterError()
  const target = [
    '[target]',
    'config file or folder holding kernel.config.ts',
    '.',
  ] as const
  cli
    .command('generate')
    .description('write C, headers and linker script to build/<name>/gen')
    .argument(...target)
    .action(async (t: string) => {
      await generate(t, { log })
    })
  cli
    .command('build')
    .description('generate, then compile build/<name>/kernel.elf')
    .argument(...target)
    .action(async (t: string) => {
      await build(t, { log })
    })
  runOptions(cli.command('run').description('build, then boot in QEMU'))
    .argument(...target)
    .action(async (t: string, flags: RunFlags) => {
      process.exitCode = await run(t, flags)
    })
  runOptions(cli.command('all').description('generate, build and run'))
    .argument(...target)
    .action(async (t: string, flags: RunFlags) => {
      process.exitCode = await run(t, flags)
    })
  cli
    .command('clean')
    .description('remove build/<name>')
    .argument(...target)
    .action(async (t: string) => {
      await clean(t, { log })
    })
  cli
    .command('bench')
    .description('benchmark against a Linux guest')
    .option('--quick', 'fewer rounds and samples')
    .action(async (flags: { quick?: boolean }) => {
      const script = path.join(PACKAGE_ROOT, 'bench', 'index.ts')
      const args = ['tsx', script, ...(flags.quick ? ['--quick'] : [])]
      const result = await execa('npx', args, {
        stdio: 'inherit',
        reject: false,
      })
      process.exitCode = result.exitCode ?? 1
    })
  for (const command of cli.commands) command.allowExcessArguments(false)
  return cli
}

export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv)
  } catch (error) {
    if (!(error instanceof MinikraftError)) throw error
    process.stderr.write(renderProblems(error.headline, error.problems))
    process.exitCode = 1
  }
}
