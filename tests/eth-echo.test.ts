/**
 * examples/eth-echo over `-netdev dgram` on 127.0.0.1: every frame comes
 * back with source and destination MAC swapped and nothing else changed.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Guest } from '../generators/guest.ts'
import { ETH_FRAME_MAX, swapMacs } from './support/frames.ts'
import { bootExample, RawLink } from './support/guests.ts'

const GUEST_MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56]
const REPLY_MS = 3000

describe('examples/eth-echo', () => {
  let guest: Guest
  let link: RawLink

  beforeAll(async () => {
    const opened = await RawLink.open()
    link = opened.link
    guest = await bootExample('examples/eth-echo', opened.backend, 240_000)
    await guest.waitFor(/serving/, 60_000)
    link.drain()
  })

  afterAll(async () => {
    link?.close()
    await guest?.stop()
  })

  function randomFrame(size: number, dst = Buffer.from(GUEST_MAC)) {
    const frame = randomBytes(size)
    dst.copy(frame, 0)
    frame[6]! &= 0xfe // a unicast source address
    return frame
  }

  async function expectEcho(frame: Buffer) {
    link.send(frame)
    const expected = swapMacs(frame)
    const reply = await link.receive(REPLY_MS, (f) => f.equals(expected))
    expect(reply, `no echo of a ${frame.length}-byte frame`).toBeDefined()
  }

  it('sends back 200 frames of random sizes and types, MACs swapped', async () => {
    for (let i = 0; i < 200; i++) {
      await expectEcho(
        randomFrame(14 + Math.floor(Math.random() * (ETH_FRAME_MAX - 13))),
      )
    }
  })

  it('echoes the smallest and the largest frame', async () => {
    await expectEcho(randomFrame(14))
    await expectEcho(randomFrame(ETH_FRAME_MAX))
  })

  it('echoes frames sent to the broadcast address', async () => {
    await expectEcho(randomFrame(64, Buffer.alloc(6, 0xff)))
  })

  it('drops frames shorter than an Ethernet header and keeps echoing', async () => {
    link.drain()
    link.send(Buffer.from([1]))
    link.send(randomFrame(13).subarray(0, 13))
    expect(await link.receive(300)).toBeUndefined()
    await expectEcho(randomFrame(60))
  })

  it('drops frames from a group (broadcast) source address', async () => {
    link.drain()
    const frame = randomFrame(64)
    Buffer.alloc(6, 0xff).copy(frame, 6)
    link.send(frame)
    expect(await link.receive(300)).toBeUndefined()
    await expectEcho(randomFrame(60))
  })

  it('logs the echoed frames, rate-limited', async () => {
    await guest.waitFor(/echoed packet #1 \(\d+ bytes\)/, 5000)
    const lines = guest.output.match(/echoed packet #\d+/g) ?? []
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.length).toBeLessThan(100)
  })
})
