// SPDX-License-Identifier: MIT
// The raw-frame builders and parsers in tests/support/frames.ts: checksums
// against known vectors, byte-exact frames (the same bytes as the C host
// harness in tests/host/frames.h), round trips, and every way to break one.
import { describe, expect, it } from 'vitest'

import {
  ARP_OP,
  ETH_BROADCAST,
  ETH_TYPE,
  FrameError,
  ICMP_TYPE,
  IP_PROTO,
  arpRequestFrame,
  buildArp,
  buildEthernet,
  buildIcmpEcho,
  buildIpv4,
  buildUdp,
  describeFrame,
  ethEchoReply,
  icmpEchoFrame,
  internetChecksum,
  macBytes,
  pad,
  parseArp,
  parseEthernet,
  parseFrame,
  parseIcmp,
  parseIpv4,
  parseUdp,
  swapMacs,
  truncate,
  udpChecksum,
  udpFrame,
  type Endpoints,
} from './support/frames.ts'

const PEER = '02:00:00:00:00:01'
const GUEST = '52:54:00:12:34:56'
const toGuest: Endpoints = {
  ethSrc: PEER,
  ethDst: GUEST,
  ipSrc: '10.0.2.2',
  ipDst: '10.0.2.15',
}
const ping56 = Buffer.from(Array.from({ length: 56 }, (_, i) => i))
const hello = Buffer.from('hello, minikraft')

/** UDP endpoints for datagrams built without a frame around them. */
function addrs() {
  return { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1234, dstPort: 7 }
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex')

// tests/host/frames.h: arp_request, icmp56_request, udp_request.
const ARP_REQUEST = hex(`
  ffffffffffff 020000000001 0806
  0001 0800 06 04 0001 020000000001 0a000202 000000000000 0a00020f`)
const ICMP56_REQUEST = hex(`
  525400123456 020000000001 0800
  45000054 1c464000 40010653 0a000202 0a00020f
  0800eeb7 12340001
  000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
  202122232425262728292a2b2c2d2e2f3031323334353637`)
const UDP_REQUEST = hex(`
  525400123456 020000000001 0800
  4500002c 00010000 401162b0 0a000202 0a00020f
  9c400007 00183b4b 68656c6c6f2c206d696e696b72616674`)

describe('internetChecksum', () => {
  it('matches the worked example of RFC 1071 §3', () => {
    const data = Uint8Array.from([
      0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7,
    ])
    expect(internetChecksum(data)).toBe(~0xddf2 & 0xffff)
  })

  it('pads an odd length with a zero byte', () => {
    expect(internetChecksum(Uint8Array.from([0x12, 0x34, 0x56]))).toBe(
      internetChecksum(Uint8Array.from([0x12, 0x34, 0x56, 0x00])),
    )
  })

  it('is 0 over data that carries its own checksum', () => {
    const ip = buildIpv4({
      src: '192.168.1.1',
      dst: '192.168.1.2',
      protocol: IP_PROTO.UDP,
      payload: Buffer.alloc(0),
    })
    expect(internetChecksum(ip)).toBe(0)
  })
})

describe('builders', () => {
  it('build the ARP request of the C harness byte for byte', () => {
    const frame = arpRequestFrame({
      ethSrc: PEER,
      ipSrc: '10.0.2.2',
      ipTarget: '10.0.2.15',
    })
    expect(frame.toString('hex')).toBe(ARP_REQUEST.toString('hex'))
  })

  it('build the 56-byte ping of the C harness byte for byte', () => {
    const frame = icmpEchoFrame({
      ...toGuest,
      id: 0x1234,
      seq: 1,
      data: ping56,
      ip: { id: 0x1c46, dontFragment: true },
    })
    expect(frame.toString('hex')).toBe(ICMP56_REQUEST.toString('hex'))
  })

  it('build the UDP datagram of the C harness byte for byte', () => {
    const frame = udpFrame({
      ...toGuest,
      srcPort: 40000,
      dstPort: 7,
      data: hello,
      ip: { id: 1 },
    })
    expect(frame.toString('hex')).toBe(UDP_REQUEST.toString('hex'))
  })

  it('send a computed UDP checksum of 0 as 0xffff', () => {
    // Find a 2-byte payload whose checksum comes out 0.
    let dgram: Buffer = Buffer.alloc(0)
    for (let x = 0; x < 0x10000; x++) {
      const data = Buffer.from([x >> 8, x & 0xff])
      const zero = buildUdp({ ...addrs(), data, checksum: 0 })
      if (udpChecksum('10.0.0.1', '10.0.0.2', zero) === 0) {
        dgram = buildUdp({ ...addrs(), data })
        break
      }
    }
    expect(dgram.readUInt16BE(6)).toBe(0xffff)
    expect(parseUdp(dgram, '10.0.0.1', '10.0.0.2').checksumOk).toBe(true)
  })

  it('pad IPv4 options to a multiple of four bytes', () => {
    const ip = buildIpv4({
      src: '10.0.0.1',
      dst: '10.0.0.2',
      protocol: IP_PROTO.ICMP,
      payload: Buffer.alloc(8),
      options: Uint8Array.from([1, 1, 1]),
    })
    const parsed = parseIpv4(ip)
    expect(parsed.headerLength).toBe(24)
    expect(parsed.checksumOk).toBe(true)
    expect(parsed.options).toEqual(Buffer.from([1, 1, 1, 0]))
  })

  it('reject malformed addresses', () => {
    expect(() => macBytes('52:54:00:12:34')).toThrow(/MAC/)
    expect(() =>
      buildArp({ sha: PEER, spa: '10.0.2.256', tpa: '10.0.2.15' }),
    ).toThrow(/IPv4/)
  })
})

describe('parsers', () => {
  it('read back every field of a built ping', () => {
    const f = parseFrame(ICMP56_REQUEST)
    expect(f.eth).toMatchObject({ dst: GUEST, src: PEER, type: ETH_TYPE.IPV4 })
    expect(f.ipv4).toMatchObject({
      version: 4,
      headerLength: 20,
      totalLength: 84,
      id: 0x1c46,
      dontFragment: true,
      moreFragments: false,
      ttl: 64,
      protocol: IP_PROTO.ICMP,
      checksumOk: true,
      src: '10.0.2.2',
      dst: '10.0.2.15',
    })
    expect(f.icmp).toMatchObject({
      type: ICMP_TYPE.ECHO_REQUEST,
      id: 0x1234,
      seq: 1,
      checksumOk: true,
    })
    expect(f.icmp?.data).toEqual(ping56)
  })

  it('read back an ARP request', () => {
    const f = parseFrame(ARP_REQUEST)
    expect(f.eth.dst).toBe(ETH_BROADCAST)
    expect(f.arp).toEqual({
      htype: 1,
      ptype: 0x0800,
      hlen: 6,
      plen: 4,
      op: ARP_OP.REQUEST,
      sha: PEER,
      spa: '10.0.2.2',
      tha: '00:00:00:00:00:00',
      tpa: '10.0.2.15',
    })
  })

  it('cut Ethernet padding off at the IPv4 total length', () => {
    const data = Buffer.from('h')
    const frame = udpFrame({ ...toGuest, srcPort: 1, dstPort: 7, data })
    const f = parseFrame(pad(frame, 60, 0xaa))
    expect(f.ipv4?.payload.length).toBe(9)
    expect(f.udp).toMatchObject({ length: 9, checksumOk: true })
    expect(f.udp?.data).toEqual(Buffer.from('h'))
  })

  it('throw FrameError for every truncation of a valid frame', () => {
    for (const frame of [ARP_REQUEST, ICMP56_REQUEST, UDP_REQUEST]) {
      for (let len = 0; len < frame.length; len++)
        expect(() => parseFrame(truncate(frame, len))).toThrow(FrameError)
      expect(() => parseFrame(frame)).not.toThrow()
    }
  })

  it('describe a frame in one line, malformed ones too', () => {
    expect(describeFrame(UDP_REQUEST)).toBe(
      `${PEER} > ${GUEST} 58 bytes 10.0.2.2 > 10.0.2.15 udp 40000 > 7 len 24`,
    )
    expect(describeFrame(truncate(UDP_REQUEST, 20))).toMatch(/malformed/)
  })
})

describe('breaking one field at a time', () => {
  const udp = (o: Parameters<typeof udpFrame>[0]['udp'] = {}) =>
    udpFrame({ ...toGuest, srcPort: 40000, dstPort: 7, data: hello, udp: o })

  it('bad IPv4, ICMP and UDP checksums', () => {
    const ip = icmpEchoFrame({
      ...toGuest,
      id: 1,
      seq: 1,
      data: ping56,
      ip: { checksum: 'bad' },
    })
    expect(parseFrame(ip).ipv4?.checksumOk).toBe(false)
    expect(parseFrame(ip).icmp?.checksumOk).toBe(true)

    const icmp = buildIcmpEcho({ id: 1, seq: 1, data: ping56, checksum: 'bad' })
    expect(parseIcmp(icmp).checksumOk).toBe(false)

    expect(parseFrame(udp({ checksum: 'bad' })).udp?.checksumOk).toBe(false)
    expect(parseFrame(udp({ checksum: 'none' })).udp).toMatchObject({
      checksum: 0,
      checksumOk: true,
    })
  })

  it('IHL, version, total length and fragment fields', () => {
    const frame = (ip: Parameters<typeof udpFrame>[0]['ip']) =>
      udpFrame({ ...toGuest, srcPort: 1, dstPort: 7, data: hello, ip })
    const ihl4 = frame({ ihl: 4 })
    expect(ihl4[14]).toBe(0x44)
    expect(() => parseFrame(ihl4)).toThrow(/below 20/)
    expect(frame({ version: 6 })[14]).toBe(0x65)
    expect(() => parseFrame(frame({ totalLength: 100 }))).toThrow(FrameError)
    expect(() => parseFrame(frame({ totalLength: 19 }))).toThrow(/below/)

    const frag = parseFrame(frame({ moreFragments: true, fragmentOffset: 8 }))
    expect(frag.ipv4).toMatchObject({
      moreFragments: true,
      fragmentOffset: 8,
      checksumOk: true,
    })
  })

  it('a UDP length beyond the datagram, and one shorter than it', () => {
    expect(() => parseFrame(udp({ length: 100 }))).toThrow(FrameError)
    const short = parseFrame(udp({ length: 9 })).udp
    expect(short).toMatchObject({ length: 9, checksumOk: true })
    expect(short?.data).toEqual(Buffer.from('h'))
  })

  it('ARP format fields', () => {
    const arp = buildArp({
      sha: PEER,
      spa: '10.0.2.2',
      tpa: '10.0.2.15',
      hlen: 5,
      op: 3,
    })
    expect(parseArp(arp)).toMatchObject({ hlen: 5, op: 3 })
  })

  it('swapMacs swaps the addresses and keeps the rest', () => {
    const frame = buildEthernet({
      dst: GUEST,
      src: PEER,
      type: 0x88b5,
      payload: hello,
    })
    const echoed = parseEthernet(swapMacs(frame))
    expect(echoed).toMatchObject({ dst: PEER, src: GUEST })
    expect(echoed.payload).toEqual(hello)
  })

  it('ethEchoReply answers a group destination from the device MAC', () => {
    const frame = buildEthernet({
      dst: ETH_BROADCAST,
      src: PEER,
      type: 0x88b5,
      payload: hello,
    })
    const echoed = parseEthernet(ethEchoReply(frame, GUEST))
    expect(echoed).toMatchObject({ dst: PEER, src: GUEST })
    expect(echoed.payload).toEqual(hello)
  })
})
