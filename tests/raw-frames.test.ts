/**
 * Raw Ethernet frames to examples/udp-echo over QEMU's `-netdev dgram`
 * on 127.0.0.1: valid requests are answered exactly; every broken frame,
 * every request whose answer would go to a group, to no one or loop
 * back, and every ARP packet from a sender no host may be, gets no reply
 * and leaves the guest answering the next ping.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Guest } from '../generators/guest.ts'
import {
  ARP_OP,
  ETH_BROADCAST,
  ETH_TYPE,
  ICMP_TYPE,
  IP_PROTO,
  arpRequestFrame,
  buildEthernet,
  describeFrame,
  icmpEchoFrame,
  pad,
  parseFrame,
  truncate,
  udpFrame,
  type Endpoints,
} from './support/frames.ts'
import { bootExample, RawLink } from './support/guests.ts'

/** QEMU's MAC for the first NIC; the example's address. */
const GUEST_MAC = '52:54:00:12:34:56'
const GUEST_IP = '10.0.2.15'
const HOST_MAC = '02:00:00:00:00:02'
const HOST_IP = '10.0.2.2'
/** 10.0.2.0: the guest's /24 with a host part of zero. */
const SUBNET_NUMBER = '10.0.2.0'
const ETH_ZERO = '00:00:00:00:00:00'
const ECHO_PORT = 7
const HOST_PORT = 40000
/** How long a broken frame is given to (wrongly) draw a reply. */
const QUIET_MS = 300
const REPLY_MS = 3000
/** Longer than the guest's statistics interval, 10 s. */
const STATS_MS = 15_000

const toGuest: Endpoints = {
  ethSrc: HOST_MAC,
  ethDst: GUEST_MAC,
  ipSrc: HOST_IP,
  ipDst: GUEST_IP,
}

describe('raw frames to examples/udp-echo', () => {
  let guest: Guest
  let link: RawLink
  let seq = 0

  beforeAll(async () => {
    const opened = await RawLink.open()
    link = opened.link
    guest = await bootExample('examples/udp-echo', opened.backend, 240_000)
    await guest.waitFor(/serving/, 60_000)
    link.drain()
  })

  afterAll(async () => {
    link?.close()
    await guest?.stop()
  })

  /** Sends an echo request and returns the parsed reply, or undefined. */
  async function ping(size: number, wait = REPLY_MS) {
    const mySeq = ++seq
    const data = randomBytes(size)
    link.send(icmpEchoFrame({ ...toGuest, id: 0x4d4b, seq: mySeq, data }))
    const reply = await link.receive(wait, (frame) => {
      const parsed = safeParse(frame)
      return parsed?.icmp?.seq === mySeq
    })
    return reply && { frame: parseFrame(reply), data }
  }

  async function expectNoReply(frame: Uint8Array) {
    link.drain()
    link.send(frame)
    const reply = await link.receive(QUIET_MS)
    expect(reply && describeFrame(reply), 'unexpected reply').toBeUndefined()
    const after = await ping(56)
    expect(
      after,
      `no ping reply after the broken frame\n${guest.output}`,
    ).toBeDefined()
  }

  it('answers an ARP request for its address', async () => {
    link.drain()
    link.send(
      arpRequestFrame({ ethSrc: HOST_MAC, ipSrc: HOST_IP, ipTarget: GUEST_IP }),
    )
    const reply = await link.receive(
      REPLY_MS,
      (f) => safeParse(f)?.arp !== undefined,
    )
    expect(reply).toBeDefined()
    const { eth, arp } = parseFrame(reply!)
    expect(eth).toMatchObject({
      dst: HOST_MAC,
      src: GUEST_MAC,
      type: ETH_TYPE.ARP,
    })
    expect(arp).toMatchObject({
      op: ARP_OP.REPLY,
      sha: GUEST_MAC,
      spa: GUEST_IP,
      tha: HOST_MAC,
      tpa: HOST_IP,
    })
  })

  it('does not answer an ARP request for another address', async () => {
    await expectNoReply(
      arpRequestFrame({
        ethSrc: HOST_MAC,
        ipSrc: HOST_IP,
        ipTarget: '10.0.2.99',
      }),
    )
  })

  for (const size of [56, 1472]) {
    it(`answers a ${size}-byte ICMP echo with the same data`, async () => {
      const reply = await ping(size)
      expect(reply).toBeDefined()
      const { eth, ipv4, icmp } = reply!.frame
      expect(eth).toMatchObject({ dst: HOST_MAC, src: GUEST_MAC })
      expect(ipv4).toMatchObject({
        src: GUEST_IP,
        dst: HOST_IP,
        checksumOk: true,
      })
      expect(icmp).toMatchObject({
        type: ICMP_TYPE.ECHO_REPLY,
        checksumOk: true,
      })
      expect(icmp!.data.equals(reply!.data)).toBe(true)
    })
  }

  it('echoes a UDP datagram with a valid checksum', async () => {
    const data = randomBytes(100)
    link.drain()
    link.send(
      udpFrame({ ...toGuest, srcPort: HOST_PORT, dstPort: ECHO_PORT, data }),
    )
    const { udp, ipv4 } = await udpReply()
    expect(ipv4).toMatchObject({
      src: GUEST_IP,
      dst: HOST_IP,
      checksumOk: true,
    })
    expect(udp).toMatchObject({ srcPort: ECHO_PORT, dstPort: HOST_PORT })
    expect(udp.checksum).not.toBe(0)
    expect(udp.checksumOk).toBe(true)
    expect(udp.data.equals(data)).toBe(true)
  })

  it('accepts a UDP datagram without a checksum (0)', async () => {
    const data = Buffer.from('no checksum')
    link.drain()
    link.send(
      udpFrame({
        ...toGuest,
        srcPort: HOST_PORT,
        dstPort: ECHO_PORT,
        data,
        udp: { checksum: 'none' },
      }),
    )
    const { udp } = await udpReply()
    expect(udp.checksumOk).toBe(true)
    expect(udp.data.equals(data)).toBe(true)
  })

  it('never turns Ethernet padding into payload', async () => {
    const data = Buffer.from([0x5a])
    const frame = udpFrame({
      ...toGuest,
      srcPort: HOST_PORT,
      dstPort: ECHO_PORT,
      data,
    })
    link.drain()
    link.send(pad(frame, 60, 0xee))
    const { udp, ipv4 } = await udpReply()
    expect(ipv4.totalLength).toBe(20 + 8 + 1)
    expect(udp.length).toBe(9)
    expect(udp.data.equals(data)).toBe(true)
  })

  const goodIcmp = () =>
    icmpEchoFrame({ ...toGuest, id: 1, seq: 9999, data: Buffer.alloc(56, 7) })
  const goodUdp = (udp = {}) =>
    udpFrame({
      ...toGuest,
      srcPort: HOST_PORT,
      dstPort: ECHO_PORT,
      data: Buffer.alloc(32, 3),
      udp,
    })
  const icmpWithIp = (ip: object) =>
    icmpEchoFrame({
      ...toGuest,
      id: 1,
      seq: 9998,
      data: Buffer.alloc(56, 7),
      ip,
    })

  const broken: [string, () => Uint8Array][] = [
    [
      'a truncated ARP request',
      () =>
        truncate(
          arpRequestFrame({
            ethSrc: HOST_MAC,
            ipSrc: HOST_IP,
            ipTarget: GUEST_IP,
          }),
          14 + 20,
        ),
    ],
    [
      'an ARP request with a wrong hardware address length',
      () =>
        arpRequestFrame({
          ethSrc: HOST_MAC,
          ipSrc: HOST_IP,
          ipTarget: GUEST_IP,
          arp: { hlen: 8 },
        }),
    ],
    ['an IPv4 header length below 5', () => icmpWithIp({ ihl: 4 })],
    [
      'an IPv4 header length beyond the frame',
      () => truncate(icmpWithIp({ ihl: 15 }), 14 + 40),
    ],
    [
      'an IPv4 total length beyond the frame',
      () => icmpWithIp({ totalLength: 20 + 8 + 56 + 100 }),
    ],
    [
      'an IPv4 total length below the header',
      () => icmpWithIp({ totalLength: 16 }),
    ],
    ['an IPv4 version other than 4', () => icmpWithIp({ version: 6 })],
    ['a bad IPv4 header checksum', () => icmpWithIp({ checksum: 'bad' })],
    ['an IPv4 fragment', () => icmpWithIp({ moreFragments: true })],
    [
      'a bad ICMP checksum',
      () =>
        icmpEchoFrame({
          ...toGuest,
          id: 1,
          seq: 9997,
          data: Buffer.alloc(56),
          icmp: { checksum: 'bad' },
        }),
    ],
    ['a bad UDP checksum', () => goodUdp({ checksum: 'bad' })],
    [
      'a UDP length beyond the datagram',
      () => goodUdp({ length: 8 + 32 + 50 }),
    ],
    ['a UDP length below the header', () => goodUdp({ length: 4 })],
    [
      'a UDP datagram cut short inside its header',
      () => truncate(goodUdp(), 14 + 20 + 4),
    ],
    ['a 1-byte frame', () => Buffer.from([0x42])],
    ['a 13-byte frame', () => truncate(goodIcmp(), 13)],
    [
      'an empty IPv4 frame',
      () =>
        buildEthernet({
          dst: GUEST_MAC,
          src: HOST_MAC,
          type: ETH_TYPE.IPV4,
          payload: Buffer.alloc(0),
        }),
    ],
    [
      'an IPv4 datagram for another host',
      () =>
        icmpEchoFrame({
          ...toGuest,
          ipDst: '10.0.2.99',
          id: 1,
          seq: 9996,
          data: Buffer.alloc(8),
        }),
    ],
    [
      'a datagram of an unknown IP protocol',
      () =>
        buildEthernet({
          dst: GUEST_MAC,
          src: HOST_MAC,
          type: ETH_TYPE.IPV4,
          payload: parseFrame(
            icmpWithIp({ checksum: undefined }),
          ).eth.payload.map((b, i) => (i === 9 ? IP_PROTO.TCP + 100 : b)),
        }),
    ],
  ]

  for (const [name, make] of broken) {
    it(`drops ${name} and keeps answering`, async () => {
      await expectNoReply(make())
    })
  }

  const pingFrom = (from: Partial<Endpoints>) =>
    icmpEchoFrame({
      ...toGuest,
      ...from,
      id: 1,
      seq: 9995,
      data: Buffer.alloc(56, 5),
    })
  const udpEcho = (o: { srcPort?: number; to?: Partial<Endpoints> }) =>
    udpFrame({
      ...toGuest,
      ...o.to,
      srcPort: o.srcPort ?? HOST_PORT,
      dstPort: ECHO_PORT,
      data: Buffer.alloc(32, 4),
    })

  /** An ARP packet for the guest's address from `sha` claiming `spa`. */
  const arpFrom = (o: {
    spa: string
    sha?: string
    ethSrc?: string
    op?: number
  }) =>
    arpRequestFrame({
      ethSrc: o.ethSrc ?? HOST_MAC,
      ipSrc: o.spa,
      ipTarget: GUEST_IP,
      arp: { sha: o.sha ?? o.ethSrc ?? HOST_MAC, op: o.op },
    })

  /** Well-formed, but an answer would go to many hosts, or to none. */
  const refused: [string, () => Uint8Array][] = [
    [
      'a ping from the broadcast MAC',
      () => pingFrom({ ethSrc: ETH_BROADCAST }),
    ],
    [
      'a ping from a multicast MAC',
      () => pingFrom({ ethSrc: '01:00:5e:00:00:01' }),
    ],
    ['a ping from 0.0.0.0', () => pingFrom({ ipSrc: '0.0.0.0' })],
    ['a ping from loopback', () => pingFrom({ ipSrc: '127.0.0.1' })],
    ['a ping from a multicast address', () => pingFrom({ ipSrc: '224.0.0.1' })],
    [
      'a ping from the limited broadcast',
      () => pingFrom({ ipSrc: '255.255.255.255' }),
    ],
    [
      'a ping from the subnet broadcast',
      () => pingFrom({ ipSrc: '10.0.2.255' }),
    ],
    ['a ping from its own address', () => pingFrom({ ipSrc: GUEST_IP })],
    ['a ping from the subnet number', () => pingFrom({ ipSrc: SUBNET_NUMBER })],
    ['a ping from the all-zeros MAC', () => pingFrom({ ethSrc: ETH_ZERO })],
    ['a ping from its own MAC', () => pingFrom({ ethSrc: GUEST_MAC })],
    [
      'a UDP echo from its own MAC',
      () => udpEcho({ to: { ethSrc: GUEST_MAC } }),
    ],
    [
      'its own ARP announcement come back',
      () => arpFrom({ spa: GUEST_IP, ethSrc: GUEST_MAC }),
    ],
    [
      'a UDP echo to the subnet broadcast',
      () => udpEcho({ to: { ethDst: ETH_BROADCAST, ipDst: '10.0.2.255' } }),
    ],
    [
      'a UDP echo to the limited broadcast',
      () =>
        udpEcho({ to: { ethDst: ETH_BROADCAST, ipDst: '255.255.255.255' } }),
    ],
    ['a UDP echo from port 0', () => udpEcho({ srcPort: 0 })],
    ['a UDP echo from the echo port', () => udpEcho({ srcPort: 7 })],
    ['a UDP echo from the chargen port', () => udpEcho({ srcPort: 19 })],
  ]

  for (const [name, make] of refused) {
    it(`does not answer ${name} and keeps answering`, async () => {
      await expectNoReply(make())
    })
  }

  /** Neither answered nor learned: a sender no host may be, or the guest. */
  const badArpSenders: [string, () => Uint8Array][] = [
    ['from 0.1.2.3 (this network)', () => arpFrom({ spa: '0.1.2.3' })],
    ['from loopback', () => arpFrom({ spa: '127.0.0.1' })],
    ['from a multicast address', () => arpFrom({ spa: '224.0.0.1' })],
    ['from class E', () => arpFrom({ spa: '240.0.0.1' })],
    ['from the subnet broadcast', () => arpFrom({ spa: '10.0.2.255' })],
    ['from the subnet number', () => arpFrom({ spa: SUBNET_NUMBER })],
    ['claiming its own address', () => arpFrom({ spa: GUEST_IP })],
    [
      'from the all-zeros hardware address',
      () => arpFrom({ spa: HOST_IP, sha: ETH_ZERO }),
    ],
    [
      'from a group hardware address',
      () => arpFrom({ spa: HOST_IP, sha: ETH_BROADCAST }),
    ],
    [
      'from its own hardware address',
      () => arpFrom({ spa: HOST_IP, sha: GUEST_MAC }),
    ],
    ['reply from 0.0.0.0', () => arpFrom({ spa: '0.0.0.0', op: ARP_OP.REPLY })],
  ]

  for (const [name, make] of badArpSenders) {
    it(`does not answer an ARP packet ${name}`, async () => {
      await expectNoReply(make())
    })
  }

  // The guest dumps changed counters every MK_NET_STATS_INTERVAL_MS.
  it('counts each of those ARP packets once, in its statistics', async () => {
    const counted = new RegExp(`drop_arp_bad_sender=${badArpSenders.length}\\b`)
    await guest.waitFor(counted, STATS_MS)
    expect(guest.output).toMatch(/drop_eth_src_invalid=[1-9]/)
    expect(guest.output).toMatch(/drop_ip_bad_source=[1-9]/)
  })

  it('answers an RFC 5227 probe for its address (sender 0.0.0.0)', async () => {
    link.drain()
    link.send(arpFrom({ spa: '0.0.0.0' }))
    const reply = await link.receive(
      REPLY_MS,
      (f) => safeParse(f)?.arp !== undefined,
    )
    expect(reply, guest.output).toBeDefined()
    const { eth, arp } = parseFrame(reply!)
    expect(eth).toMatchObject({ dst: HOST_MAC, src: GUEST_MAC })
    expect(arp).toMatchObject({
      op: ARP_OP.REPLY,
      sha: GUEST_MAC,
      spa: GUEST_IP,
      tha: HOST_MAC,
      tpa: '0.0.0.0',
    })
  })

  it('survives a burst of random garbage frames', async () => {
    for (let i = 0; i < 500; i++) {
      const frame = randomBytes(1 + Math.floor(Math.random() * 1514))
      if (i % 2 === 0)
        Buffer.from(GUEST_MAC.split(':').map((h) => parseInt(h, 16))).copy(
          frame,
          0,
        )
      link.send(frame)
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await ping(56), guest.output).toBeDefined()
  })

  async function udpReply() {
    const reply = await link.receive(
      REPLY_MS,
      (f) => safeParse(f)?.udp !== undefined,
    )
    expect(reply, guest.output).toBeDefined()
    const parsed = parseFrame(reply!)
    return { udp: parsed.udp!, ipv4: parsed.ipv4! }
  }
})

function safeParse(frame: Uint8Array) {
  try {
    return parseFrame(frame)
  } catch {
    return undefined
  }
}
