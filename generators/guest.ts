/**
 * A QEMU guest under program control, for the demo, the tests and the
 * benchmark: serial output collected, a hard deadline after which QEMU is
 * killed, and stop() that always ends it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import type { Plan } from './plan.ts'
import { QEMU_BINARY, qemuArgs, type NetBackend } from './qemu.ts'

export interface GuestOptions {
  plan: Plan
  elf: string
  net?: NetBackend
  /** Kill QEMU after this long, whatever happens. */
  timeoutMs: number
  accel?: 'tcg' | 'kvm'
  /** Extra QEMU arguments, appended. */
  extraArgs?: string[]
  /** A command QEMU runs under, e.g. `['ip', 'netns', 'exec', 'ns1']`. */
  wrapper?: string[]
}

export interface GuestExit {
  /** QEMU's exit status, or null when it was killed. */
  status: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
}

const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export class Guest {
  readonly process: ChildProcess
  readonly exited: Promise<GuestExit>
  private serial = ''
  private timedOut = false
  private readonly waiters = new Set<() => void>()

  constructor(options: GuestOptions) {
    const args = qemuArgs(options.plan, {
      elf: options.elf,
      accel: options.accel ?? 'tcg',
      net: options.net,
    })
    const [program, ...rest] = [
      ...(options.wrapper ?? []),
      QEMU_BINARY,
      ...args,
      ...(options.extraArgs ?? []),
    ]
    this.process = spawn(program!, rest, { stdio: ['ignore', 'pipe', 'pipe'] })
    running.add(this.process)
    const deadline = setTimeout(() => {
      this.timedOut = true
      this.process.kill('SIGKILL')
    }, options.timeoutMs)
    const collect = (chunk: Buffer) => {
      this.serial += chunk.toString('latin1')
      for (const wake of this.waiters) wake()
    }
    this.process.stdout!.on('data', collect)
    this.process.stderr!.on('data', collect)
    this.exited = new Promise((resolve) => {
      this.process.on('close', (status, signal) => {
        clearTimeout(deadline)
        running.delete(this.process)
        for (const wake of this.waiters) wake()
        resolve({ status, signal, timedOut: this.timedOut })
      })
    })
  }

  /** Everything QEMU and the kernel printed so far. */
  get output(): string {
    return this.serial
  }

  get pid(): number | undefined {
    return this.process.pid
  }

  /** Resolves with the match once `pattern` shows; rejects on exit or time. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(), timeoutMs)
      const finish = () => {
        const match = this.serial.match(pattern)
        const ended = this.process.exitCode !== null || this.process.signalCode
        if (!match && !ended && Date.now() < start + timeoutMs) return
        clearTimeout(timer)
        this.waiters.delete(finish)
        if (match) resolve(match)
        else reject(new Error(`no ${pattern} in guest output:\n${this.serial}`))
      }
      const start = Date.now()
      this.waiters.add(finish)
      finish()
    })
  }

  /** Ends QEMU (if still running) and waits for it. */
  async stop(): Promise<GuestExit> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGKILL')
    }
    return this.exited
  }
}
