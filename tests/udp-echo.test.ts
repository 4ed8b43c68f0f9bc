/**
 * examples/udp-echo through QEMU's user-mode network: real datagrams from
 * the host to the forwarded port on 127.0.0.1, every echo byte-identical.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Guest } from '../generators/guest.ts'
import { freeUdpPort, UdpPeer } from '../generators/udp.ts'
import { bootExample } from './support/guests.ts'

const DATAGRAMS = 1000
const MAX_PAYLOAD = 1472

describe('examples/udp-echo', () => {
  let guest: Guest
  let peer: UdpPeer
  let port: number

  beforeAll(async () => {
    port = await freeUdpPort()
    guest = await bootExample(
      'examples/udp-echo',
      {
        kind: 'user',
        forwards: [{ protocol: 'udp', hostPort: port, guestPort: 7 }],
      },
      240_000,
    )
    peer = await UdpPeer.open()
    const bootMs = await peer.waitForEcho(port, 60_000)
    expect(bootMs, guest.output).toBeDefined()
  })

  afterAll(async () => {
    peer?.close()
    await guest?.stop()
  })

  it(`echoes ${DATAGRAMS} datagrams of random sizes byte for byte`, async () => {
    const lost: number[] = []
    for (let i = 0; i < DATAGRAMS; i++) {
      const size = 1 + Math.floor(Math.random() * MAX_PAYLOAD)
      if (!(await peer.echo(port, randomBytes(size), 3000))) lost.push(size)
    }
    expect(lost, 'sizes of datagrams without an intact echo').toEqual([])
    expect(peer.stray).toBe(0)
  }, 180_000)

  it('echoes the smallest and the largest datagram', async () => {
    expect(await peer.echo(port, Buffer.from([0x42]), 3000)).toBe(true)
    expect(await peer.echo(port, randomBytes(MAX_PAYLOAD), 3000)).toBe(true)
  })
})
