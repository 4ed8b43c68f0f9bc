// Choosing the accelerator. TCG unless asked otherwise: /dev/kvm exists
// on this machine but is unreliable (a Linux guest hangs under it), so
// KVM is used only after every guest has booted under it and answered
// an echo within a few seconds. Both guests always share one choice.

import { accessSync, constants } from 'node:fs'
import type { Guest } from './guests.ts'
import { log } from './lib/log.ts'
import type { MachineConditions } from './lib/qemu.ts'
import type { BenchOptions } from './options.ts'
import { bootGuest } from './session.ts'

const KVM_PROBE_TIMEOUT_MS = 5_000

async function kvmAnswers(
  guests: Guest[],
  conditions: MachineConditions,
  options: BenchOptions,
) {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK)
  } catch {
    return 'no usable /dev/kvm'
  }
  const kvm: MachineConditions = { ...conditions, accel: 'kvm' }
  for (const guest of guests) {
    const attempt = await bootGuest(
      guest,
      kvm,
      options.memory,
      options.probeIntervalMs,
      KVM_PROBE_TIMEOUT_MS,
    )
    if (!attempt.ok) return `${guest.id} under KVM: ${attempt.reason}`
    await attempt.session.qemu.stop()
    log.info(
      `KVM probe: ${guest.id} answered in ${attempt.session.bootMs.toFixed(0)} ms`,
    )
  }
  return null
}

export async function chooseAccelerator(
  options: BenchOptions,
  guests: Guest[],
  conditions: MachineConditions,
): Promise<'tcg' | 'kvm'> {
  if (options.accel === 'tcg') return 'tcg'
  log.step('probing KVM: every guest must answer within 5 s')
  const failure = await kvmAnswers(guests, conditions, options)
  if (!failure) return 'kvm'
  if (options.accel === 'kvm')
    throw new Error(`KVM requested but it does not work: ${failure}`)
  log.warn(`KVM not used (${failure}); falling back to TCG`)
  return 'tcg'
}
