// One boot of one guest: start QEMU, time the first echo, hand the
// running guest to the figures, always stop it.

import { freeUdpPort } from '../generators/udp.ts'
import {
  commonArgs,
  startQemu,
  type GuestProcess,
  type MachineConditions,
} from './lib/qemu.ts'
import { waitForFirstEcho } from './lib/udp.ts'
import type { Guest } from './guests.ts'

export interface Session {
  guest: Guest
  qemu: GuestProcess
  /** From spawning QEMU to the first echo received on the host. */
  bootMs: number
}

export type BootAttempt =
  | { ok: true; session: Session }
  | { ok: false; reason: string }

/** Room for the figures to run after boot before the hard kill. */
const SESSION_SLACK_MS = 10 * 60_000

/** Last lines of serial/QEMU output, trimmed for a one-line reason. */
function lastOutput(qemu: GuestProcess): string {
  const clean = qemu
    .tail()
    .replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '')
    .replace(/\x1bc/g, '')
  const lines = clean
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  return lines.slice(-3).join(' | ')
}

export async function bootGuest(
  guest: Guest,
  conditions: MachineConditions,
  memory: string,
  probeIntervalMs: number,
  bootTimeoutMs: number,
): Promise<BootAttempt> {
  const port = await freeUdpPort()
  const args = [...commonArgs(conditions, port, memory), ...guest.bootArgs()]
  const qemu = startQemu(args, port, bootTimeoutMs + SESSION_SLACK_MS)
  let exitCode: number | null | undefined
  const exited = qemu.exited.then((code) => (exitCode = code))
  try {
    const at = await waitForFirstEcho(
      port,
      probeIntervalMs,
      bootTimeoutMs,
      exited,
    )
    if (at !== null) {
      const bootMs = Number(at - qemu.spawnedAt) / 1e6
      return { ok: true, session: { guest, qemu, bootMs } }
    }
  } catch (error) {
    await qemu.stop()
    throw error
  }
  const why =
    exitCode === undefined
      ? `no echo within ${bootTimeoutMs} ms`
      : `QEMU exited (code ${exitCode}) before any echo`
  await qemu.stop()
  return { ok: false, reason: `${why}; last output: ${lastOutput(qemu)}` }
}
