/**
 * examples/eth-echo over `-netdev dgram` on 127.0.0.1: every frame comes
 * back with source and destination MAC swapped and nothing else changed,
 * except that a frame sent to a group address is answered from the
 * guest's own MAC. Frames from a group, all-zeros or the guest's own
 * source address draw no answer.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Guest } from '../generators/guest.ts'
import {
  ETH_BROADCAST,
  ETH_FRAME_MAX,
  describeFrame,
  ethEchoReply,
  isGroupMac,
  macBytes,
  type MacAddress,
} from './support/frames.ts'
import { bootExample, RawLink } from './support/guests.ts'

/** QEMU's MAC for the first NIC. */
const GUEST_MAC = '52:54:00:12:34:56'
const REPLY_MS = 3000
/** How long a dropped frame is given to (wrongly) draw a reply. */
const QUIET_MS = 300
/** Longer than the guest's statistics interval, 10 s. */
const STATS_MS = 15_000

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

  function randomFrame(size: number, dst = macBytes(GUEST_MAC)) {
    const frame = randomBytes(size)
    dst.copy(frame, 0)
    frame[6]! &= 0xfe // a unicast source address
    frame[11]! |= 0x01 // never all zeros, never GUEST_MAC (even last byte)
    return frame
  }

  async function expectEcho(frame: Buffer) {
    link.send(frame)
    const expected = ethEchoReply(frame, GUEST_MAC)
    const reply = await link.receive(REPLY_MS, (f) => f.equals(expected))
    expect(reply, `no echo of a ${frame.length}-byte frame`).toBeDefined()
  }

  /** The frame draws no answer, and the next good frame is echoed. */
  async function expectDropped(frame: Buffer) {
    link.drain()
    link.send(frame)
    const reply = await link.receive(QUIET_MS)
    expect(reply && describeFrame(reply), 'unexpected reply').toBeUndefined()
    await expectEcho(randomFrame(60))
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

  // IEEE 802.3 §3.2.3: a source address is individual, so a frame sent
  // to a group is answered from the guest's own MAC.
  const groups: [string, MacAddress][] = [
    ['the broadcast address', ETH_BROADCAST],
    ['an IPv4 multicast address', '01:00:5e:00:00:01'],
  ]
  for (const [name, group] of groups) {
    it(`answers frames sent to ${name} from its own MAC`, async () => {
      const frame = randomFrame(64, macBytes(group))
      link.drain()
      link.send(frame)
      const reply = await link.receive(REPLY_MS)
      expect(reply, `no echo of a frame to ${group}`).toBeDefined()
      expect(reply!.subarray(0, 6)).toEqual(frame.subarray(6, 12))
      expect(reply!.subarray(6, 12)).toEqual(macBytes(GUEST_MAC))
      expect(reply!.subarray(12)).toEqual(frame.subarray(12))
    })
  }

  it('drops frames shorter than an Ethernet header and keeps echoing', async () => {
    link.drain()
    link.send(Buffer.from([1]))
    link.send(randomFrame(13).subarray(0, 13))
    expect(await link.receive(QUIET_MS)).toBeUndefined()
    await expectEcho(randomFrame(60))
  })

  const unanswerable: [string, MacAddress][] = [
    ['a group (broadcast) source address', ETH_BROADCAST],
    ['the all-zeros source address', '00:00:00:00:00:00'],
    ['its own MAC (a loop)', GUEST_MAC],
  ]
  for (const [name, src] of unanswerable) {
    it(`drops frames from ${name} and keeps echoing`, async () => {
      const frame = randomFrame(64)
      macBytes(src).copy(frame, 6)
      await expectDropped(frame)
    })
  }

  // The guest dumps changed counters every MK_NET_STATS_INTERVAL_MS.
  it('counts the frames from all zeros and from itself once', async () => {
    const invalid = unanswerable.filter(([, mac]) => !isGroupMac(macBytes(mac)))
    const counted = new RegExp(`drop_eth_src_invalid=${invalid.length}\\b`)
    await guest.waitFor(counted, STATS_MS)
    expect(guest.output).toMatch(/drop_eth_src_group=[1-9]/)
  })

  it('logs the echoed frames, rate-limited', async () => {
    await guest.waitFor(/echoed packet #1 \(\d+ bytes\)/, 5000)
    const lines = guest.output.match(/echoed packet #\d+/g) ?? []
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.length).toBeLessThan(100)
  })
})
