/**
 * Real Linux peers: examples/udp-echo on a tap device inside a network
 * namespace this test creates, answering ping, arping and UDP from the
 * namespace's own tools. Needs root and iproute2; elsewhere it skips and
 * says why. Every address used lives inside that namespace.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Guest } from '../generators/guest.ts'
import { findOnPath } from '../generators/tools.ts'
import { bootExample } from './support/guests.ts'

const NS = `minikraft-test-${process.pid}`
const TAP = 'mktap0'
const PEER_ADDRESS = '10.0.2.2/24'
const GUEST_IP = '10.0.2.15'

function whyNotRunnable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root for ip netns'
  for (const tool of ['ip', 'ping', 'arping']) {
    if (!findOnPath(tool)) return `needs ${tool}`
  }
  const probe = spawnSync('ip', ['netns', 'add', `${NS}-probe`])
  if (probe.status !== 0) return `ip netns add failed: ${probe.stderr}`
  spawnSync('ip', ['netns', 'del', `${NS}-probe`])
  return undefined
}

const skipReason = whyNotRunnable()
if (skipReason) console.warn(`netns tests skipped: ${skipReason}`)

/** Runs a command inside the test's namespace. */
function inNs(command: string[], timeoutMs = 15_000) {
  return spawnSync('ip', ['netns', 'exec', NS, ...command], {
    encoding: 'utf8',
    timeout: timeoutMs,
  })
}

const UDP_CLIENT = `
import dgram from 'node:dgram'
import { randomBytes } from 'node:crypto'
const socket = dgram.createSocket('udp4')
let echoed = 0
for (let i = 0; i < 200; i++) {
  const payload = randomBytes(1 + (i * 37) % 1472)
  const reply = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 2000)
    socket.once('message', (m) => { clearTimeout(timer); resolve(m) })
    socket.send(payload, 7, '${GUEST_IP}')
  })
  if (reply && reply.equals(payload)) echoed++
}
console.log('echoed ' + echoed)
socket.close()
`

describe.skipIf(skipReason !== undefined)(
  'with Linux peers in a namespace',
  () => {
    let guest: Guest

    beforeAll(async () => {
      execFileSync('ip', ['netns', 'add', NS])
      for (const command of [
        ['ip', 'link', 'set', 'lo', 'up'],
        ['ip', 'tuntap', 'add', 'dev', TAP, 'mode', 'tap'],
        ['ip', 'addr', 'add', PEER_ADDRESS, 'dev', TAP],
        ['ip', 'link', 'set', TAP, 'up'],
      ]) {
        expect(inNs(command).status).toBe(0)
      }
      guest = await bootExample(
        'examples/udp-echo',
        { kind: 'tap', ifname: TAP },
        240_000,
        ['ip', 'netns', 'exec', NS],
      )
      await guest.waitFor(/serving/, 60_000)
    })

    afterAll(async () => {
      await guest?.stop()
      spawnSync('ip', ['netns', 'del', NS])
    })

    it('answers ping', () => {
      const result = inNs(['ping', '-c', '3', '-i', '0.2', '-W', '2', GUEST_IP])
      expect(result.stdout).toMatch(/3 packets transmitted, 3 received/)
    })

    it('answers ping with 1472 bytes of data', () => {
      const result = inNs([
        'ping',
        '-c',
        '2',
        '-s',
        '1472',
        '-W',
        '2',
        GUEST_IP,
      ])
      expect(result.stdout).toMatch(/2 received/)
    })

    it('answers arping with its MAC', () => {
      const result = inNs(['arping', '-c', '2', '-w', '5', '-I', TAP, GUEST_IP])
      expect(result.stdout.toLowerCase()).toContain('52:54:00:12:34:56')
    })

    it('echoes UDP datagrams from a Linux socket', () => {
      const result = inNs(
        [process.execPath, '--input-type=module', '-e', UDP_CLIENT],
        120_000,
      )
      expect(result.stdout.trim(), result.stderr).toBe('echoed 200')
    })
  },
)
