// Starting and always stopping QEMU guests. Every guest has a hard
// timeout, is killed when the benchmark exits (normally, on an error or
// on ctrl-c), and has its serial output drained into a bounded tail
// kept for error messages.

import { execa, type ResultPromise } from 'execa'
import { readFile } from 'node:fs/promises'

export const QEMU = 'qemu-system-x86_64'

/** Kept identical for both guests: the "same conditions" of the issue. */
export interface MachineConditions {
  machine: string
  accel: 'tcg' | 'kvm'
  memory: string
  nic: string
}

export interface GuestProcess {
  pid: number
  port: number
  spawnedAt: bigint
  /** Last few KiB of serial output, for diagnostics. */
  tail(): string
  /** Resolves when QEMU exits, with its exit code (null if killed). */
  exited: Promise<number | null>
  stop(): Promise<void>
}

const SERIAL_TAIL_BYTES = 8192
const live = new Set<ResultPromise>()

function killAll() {
  for (const child of live) child.kill('SIGKILL')
  live.clear()
}

process.on('exit', killAll)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll()
    process.exit(130)
  })
}

/** The QEMU arguments both guests share, before their own boot files. */
export function commonArgs(
  conditions: MachineConditions,
  port: number,
  memory = conditions.memory,
): string[] {
  return [
    ['-machine', `${conditions.machine},accel=${conditions.accel}`],
    ['-m', memory],
    ['-nographic', '-no-reboot'],
    ['-netdev', `user,id=n0,hostfwd=udp:127.0.0.1:${port}-10.0.2.15:7`],
    ['-device', `${conditions.nic},netdev=n0`],
    ['-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'],
  ].flat()
}

/** Starts QEMU with a hard timeout; the caller must `stop()` it. */
export function startQemu(
  args: string[],
  port: number,
  hardTimeoutMs: number,
): GuestProcess {
  const spawnedAt = process.hrtime.bigint()
  const child = execa(QEMU, args, {
    stdin: 'ignore',
    buffer: false,
    reject: false,
    all: true,
    timeout: hardTimeoutMs,
    killSignal: 'SIGKILL',
    cleanup: true,
  })
  live.add(child)
  let tail = ''
  child.all?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('latin1')).slice(-SERIAL_TAIL_BYTES)
  })
  const exited = child.then((result) => {
    live.delete(child)
    return result.exitCode ?? null
  })
  if (child.pid === undefined) throw new Error(`could not start ${QEMU}`)
  return {
    pid: child.pid,
    port,
    spawnedAt,
    tail: () => tail,
    exited,
    async stop() {
      child.kill('SIGKILL')
      await exited
    },
  }
}

/** User plus system CPU time of a process so far, in seconds. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  // Fields after the ")" that closes the command name; utime and stime
  // are fields 14 and 15 of proc(5), in clock ticks.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks / CLOCK_TICKS_PER_SECOND
}

/** sysconf(_SC_CLK_TCK); 100 on every Linux x86_64 build. */
const CLOCK_TICKS_PER_SECOND = 100

export async function qemuVersion(): Promise<string> {
  const { stdout } = await execa(QEMU, ['--version'])
  return stdout.split('\n')[0]
}
