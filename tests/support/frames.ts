// SPDX-License-Identifier: MIT
// Builders and parsers for raw Ethernet frames (Ethernet II, ARP, IPv4,
// ICMP echo, UDP), for tests that talk to a guest frame by frame.
//
// Builders compute every length and checksum; each has options to break
// one field at a time (a wrong checksum, IHL, total length, UDP length),
// and truncate()/pad() cut or extend a whole frame. Parsers check each
// length against the bytes they were given, throw FrameError when a frame
// is too short to hold what it claims, and report checksums as flags so
// that a test can assert on them.

/** "52:54:00:12:34:56" */
export type MacAddress = string
/** "10.0.2.15" */
export type Ipv4Address = string

export const ETH_HEADER_LEN = 14
export const ETH_FRAME_MAX = 1514 // header + 1500-byte MTU, no FCS
export const ETH_FRAME_MIN = 60 // without FCS: shorter frames get padded
export const ETH_BROADCAST: MacAddress = 'ff:ff:ff:ff:ff:ff'
export const ETH_TYPE = { IPV4: 0x0800, ARP: 0x0806, IPV6: 0x86dd } as const

export const ARP_LEN = 28
export const ARP_OP = { REQUEST: 1, REPLY: 2 } as const

export const IPV4_HEADER_LEN = 20
export const IP_PROTO = { ICMP: 1, TCP: 6, UDP: 17 } as const
const IPV4_FLAG_DF = 0x4000
const IPV4_FLAG_MF = 0x2000
const IPV4_OFFSET_MASK = 0x1fff

export const ICMP_HEADER_LEN = 8
export const ICMP_TYPE = { ECHO_REPLY: 0, ECHO_REQUEST: 8 } as const

export const UDP_HEADER_LEN = 8

/** A frame too short for what it claims to hold. */
export class FrameError extends Error {
  override name = 'FrameError'
}

/** How to fill a checksum field: computed (default), a value, or wrong. */
export type ChecksumOption = number | 'bad'

// ---------------------------------------------------------------- addresses

export function macBytes(mac: MacAddress): Buffer {
  const parts = mac.split(':')
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p)))
    throw new Error(`not a MAC address: ${mac}`)
  return Buffer.from(parts.map((p) => parseInt(p, 16)))
}

export function macString(bytes: Uint8Array): MacAddress {
  return Array.from(bytes.subarray(0, 6), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join(':')
}

export function ipv4Bytes(ip: Ipv4Address): Buffer {
  const parts = ip.split('.').map(Number)
  if (
    parts.length !== 4 ||
    parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)
  )
    throw new Error(`not an IPv4 address: ${ip}`)
  return Buffer.from(parts)
}

export function ipv4String(bytes: Uint8Array): Ipv4Address {
  return Array.from(bytes.subarray(0, 4)).join('.')
}

// ---------------------------------------------------------------- checksum

/** One's complement sum of big-endian 16-bit words, folded (RFC 1071). */
function onesSum(data: Uint8Array, initial = 0): number {
  let sum = initial
  for (let i = 0; i < data.length; i += 2)
    sum += (data[i] << 8) | (i + 1 < data.length ? data[i + 1] : 0)
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000)
  return sum
}

/** The Internet checksum (RFC 1071): 0 over data that holds its own. */
export function internetChecksum(data: Uint8Array): number {
  return ~onesSum(data) & 0xffff
}

/** UDP checksum over the IPv4 pseudo-header and datagram (RFC 768). */
export function udpChecksum(
  src: Ipv4Address,
  dst: Ipv4Address,
  datagram: Uint8Array,
): number {
  const pseudo = Buffer.alloc(12)
  ipv4Bytes(src).copy(pseudo, 0)
  ipv4Bytes(dst).copy(pseudo, 4)
  pseudo[9] = IP_PROTO.UDP
  pseudo.writeUInt16BE(datagram.length, 10)
  return ~onesSum(datagram, onesSum(pseudo)) & 0xffff
}

function fillChecksum(
  buf: Buffer,
  offset: number,
  computed: number,
  option: ChecksumOption | undefined,
): void {
  let value = computed
  if (option === 'bad') value = computed ^ 0x0001
  else if (option !== undefined) value = option
  buf.writeUInt16BE(value & 0xffff, offset)
}

// ---------------------------------------------------------------- Ethernet

export interface EthernetOptions {
  dst: MacAddress
  src: MacAddress
  /** An ETH_TYPE value, or any other. */
  type: number
  payload: Uint8Array
}

export function buildEthernet(o: EthernetOptions): Buffer {
  const frame = Buffer.alloc(ETH_HEADER_LEN + o.payload.length)
  macBytes(o.dst).copy(frame, 0)
  macBytes(o.src).copy(frame, 6)
  frame.writeUInt16BE(o.type, 12)
  Buffer.from(o.payload).copy(frame, ETH_HEADER_LEN)
  return frame
}

/** The first `len` bytes of a frame (a truncated copy). */
export function truncate(frame: Uint8Array, len: number): Buffer {
  return Buffer.from(frame.subarray(0, Math.max(0, len)))
}

/** Extend a frame to `len` bytes (default: the 60-byte minimum). */
export function pad(frame: Uint8Array, len = ETH_FRAME_MIN, byte = 0): Buffer {
  const out = Buffer.alloc(Math.max(len, frame.length), byte)
  Buffer.from(frame).copy(out, 0)
  return out
}

/** MAC addresses swapped, the rest identical. */
export function swapMacs(frame: Uint8Array): Buffer {
  const out = Buffer.from(frame)
  Buffer.from(frame.subarray(6, 12)).copy(out, 0)
  Buffer.from(frame.subarray(0, 6)).copy(out, 6)
  return out
}

/** The group bit (IEEE 802 §8.2.2): multicast and broadcast addresses. */
export function isGroupMac(mac: Uint8Array): boolean {
  return (mac[0] & 0x01) !== 0
}

/**
 * What eth echo sends back: to the sender, from the address the frame
 * was sent to, or from `deviceMac` when that was a group address (a
 * source address is individual, IEEE 802.3 §3.2.3); the rest identical.
 */
export function ethEchoReply(frame: Uint8Array, deviceMac: MacAddress): Buffer {
  const out = swapMacs(frame)
  if (isGroupMac(frame.subarray(0, 6))) macBytes(deviceMac).copy(out, 6)
  return out
}

// ---------------------------------------------------------------- ARP

export interface ArpOptions {
  /** @default ARP_OP.REQUEST */
  op?: number
  sha: MacAddress
  spa: Ipv4Address
  /** @default '00:00:00:00:00:00' */
  tha?: MacAddress
  tpa: Ipv4Address
  /** Break the format: @default 1, 0x0800, 6, 4 */
  htype?: number
  ptype?: number
  hlen?: number
  plen?: number
}

/** A 28-byte ARP packet for IPv4 over Ethernet (RFC 826). */
export function buildArp(o: ArpOptions): Buffer {
  const pkt = Buffer.alloc(ARP_LEN)
  pkt.writeUInt16BE(o.htype ?? 1, 0)
  pkt.writeUInt16BE(o.ptype ?? ETH_TYPE.IPV4, 2)
  pkt[4] = o.hlen ?? 6
  pkt[5] = o.plen ?? 4
  pkt.writeUInt16BE(o.op ?? ARP_OP.REQUEST, 6)
  macBytes(o.sha).copy(pkt, 8)
  ipv4Bytes(o.spa).copy(pkt, 14)
  macBytes(o.tha ?? '00:00:00:00:00:00').copy(pkt, 18)
  ipv4Bytes(o.tpa).copy(pkt, 24)
  return pkt
}

// ---------------------------------------------------------------- IPv4

export interface Ipv4Options {
  src: Ipv4Address
  dst: Ipv4Address
  protocol: number
  payload: Uint8Array
  /** @default 64 */
  ttl?: number
  /** @default 0 */
  id?: number
  /** @default 0 */
  tos?: number
  /** @default false */
  dontFragment?: boolean
  /** @default false */
  moreFragments?: boolean
  /** In 8-byte units. @default 0 */
  fragmentOffset?: number
  /** Option bytes, padded to a multiple of 4 with zeros (end of list). */
  options?: Uint8Array
  /** Break the header: @default 4 */
  version?: number
  /** Written as-is instead of the real header length / 4. */
  ihl?: number
  /** Written as-is instead of the real total length. */
  totalLength?: number
  checksum?: ChecksumOption
}

/** An IPv4 datagram (RFC 791 §3.1); checksum computed unless overridden. */
export function buildIpv4(o: Ipv4Options): Buffer {
  const optLen = Math.ceil((o.options?.length ?? 0) / 4) * 4
  const hlen = IPV4_HEADER_LEN + optLen
  const pkt = Buffer.alloc(hlen + o.payload.length)
  const frag =
    (o.dontFragment ? IPV4_FLAG_DF : 0) |
    (o.moreFragments ? IPV4_FLAG_MF : 0) |
    ((o.fragmentOffset ?? 0) & IPV4_OFFSET_MASK)

  pkt[0] = ((o.version ?? 4) << 4) | ((o.ihl ?? hlen / 4) & 0x0f)
  pkt[1] = o.tos ?? 0
  pkt.writeUInt16BE(o.totalLength ?? pkt.length, 2)
  pkt.writeUInt16BE(o.id ?? 0, 4)
  pkt.writeUInt16BE(frag, 6)
  pkt[8] = o.ttl ?? 64
  pkt[9] = o.protocol
  ipv4Bytes(o.src).copy(pkt, 12)
  ipv4Bytes(o.dst).copy(pkt, 16)
  if (o.options) Buffer.from(o.options).copy(pkt, IPV4_HEADER_LEN)
  Buffer.from(o.payload).copy(pkt, hlen)
  fillChecksum(pkt, 10, internetChecksum(pkt.subarray(0, hlen)), o.checksum)
  return pkt
}

// ---------------------------------------------------------------- ICMP

export interface IcmpEchoOptions {
  /** @default ICMP_TYPE.ECHO_REQUEST */
  type?: number
  /** @default 0 */
  code?: number
  id: number
  seq: number
  data: Uint8Array
  checksum?: ChecksumOption
}

/** An ICMP echo (reply) message (RFC 792), checksummed over all of it. */
export function buildIcmpEcho(o: IcmpEchoOptions): Buffer {
  const msg = Buffer.alloc(ICMP_HEADER_LEN + o.data.length)
  msg[0] = o.type ?? ICMP_TYPE.ECHO_REQUEST
  msg[1] = o.code ?? 0
  msg.writeUInt16BE(o.id, 4)
  msg.writeUInt16BE(o.seq, 6)
  Buffer.from(o.data).copy(msg, ICMP_HEADER_LEN)
  fillChecksum(msg, 2, internetChecksum(msg), o.checksum)
  return msg
}

// ---------------------------------------------------------------- UDP

export interface UdpOptions {
  /** Addresses for the pseudo-header only. */
  src: Ipv4Address
  dst: Ipv4Address
  srcPort: number
  dstPort: number
  data: Uint8Array
  /**
   * Written as-is instead of the real length; the checksum then covers
   * what a receiver would sum: that many bytes, as far as they exist.
   */
  length?: number
  /** 'none' sends 0: no checksum (RFC 768). */
  checksum?: ChecksumOption | 'none'
}

/** A UDP datagram (RFC 768); a computed 0 checksum is sent as 0xffff. */
export function buildUdp(o: UdpOptions): Buffer {
  const dgram = Buffer.alloc(UDP_HEADER_LEN + o.data.length)
  dgram.writeUInt16BE(o.srcPort, 0)
  dgram.writeUInt16BE(o.dstPort, 2)
  const length = o.length ?? dgram.length
  dgram.writeUInt16BE(length, 4)
  Buffer.from(o.data).copy(dgram, UDP_HEADER_LEN)
  const covered = dgram.subarray(0, Math.min(length, dgram.length))
  const sum = udpChecksum(o.src, o.dst, covered) || 0xffff
  fillChecksum(dgram, 6, sum, o.checksum === 'none' ? 0 : o.checksum)
  return dgram
}

// ---------------------------------------------------------------- frames

/** Who a frame goes between, at both layers. */
export interface Endpoints {
  ethSrc: MacAddress
  ethDst: MacAddress
  ipSrc: Ipv4Address
  ipDst: Ipv4Address
}

/** IPv4 header fields to set or break, beyond the endpoints. */
export type Ipv4Overrides = Partial<
  Omit<Ipv4Options, 'src' | 'dst' | 'protocol' | 'payload'>
>

export function arpRequestFrame(o: {
  ethSrc: MacAddress
  ipSrc: Ipv4Address
  ipTarget: Ipv4Address
  arp?: Partial<ArpOptions>
}): Buffer {
  const payload = buildArp({
    sha: o.ethSrc,
    spa: o.ipSrc,
    tpa: o.ipTarget,
    ...o.arp,
  })
  return buildEthernet({
    dst: ETH_BROADCAST,
    src: o.ethSrc,
    type: ETH_TYPE.ARP,
    payload,
  })
}

function ipv4Frame(
  e: Endpoints,
  protocol: number,
  payload: Uint8Array,
  ip?: Ipv4Overrides,
): Buffer {
  const datagram = buildIpv4({
    src: e.ipSrc,
    dst: e.ipDst,
    protocol,
    payload,
    ...ip,
  })
  return buildEthernet({
    dst: e.ethDst,
    src: e.ethSrc,
    type: ETH_TYPE.IPV4,
    payload: datagram,
  })
}

export function icmpEchoFrame(
  o: Endpoints & {
    id: number
    seq: number
    data: Uint8Array
    icmp?: Partial<IcmpEchoOptions>
    ip?: Ipv4Overrides
  },
): Buffer {
  const msg = buildIcmpEcho({ id: o.id, seq: o.seq, data: o.data, ...o.icmp })
  return ipv4Frame(o, IP_PROTO.ICMP, msg, o.ip)
}

export function udpFrame(
  o: Endpoints & {
    srcPort: number
    dstPort: number
    data: Uint8Array
    udp?: Partial<UdpOptions>
    ip?: Ipv4Overrides
  },
): Buffer {
  const dgram = buildUdp({
    src: o.ipSrc,
    dst: o.ipDst,
    srcPort: o.srcPort,
    dstPort: o.dstPort,
    data: o.data,
    ...o.udp,
  })
  return ipv4Frame(o, IP_PROTO.UDP, dgram, o.ip)
}

// ---------------------------------------------------------------- parsers

function need(buf: Uint8Array, len: number, what: string): void {
  if (buf.length < len)
    throw new FrameError(`${what}: ${buf.length} bytes, need ${len}`)
}

export interface ParsedEthernet {
  dst: MacAddress
  src: MacAddress
  type: number
  payload: Buffer
}

export function parseEthernet(frame: Uint8Array): ParsedEthernet {
  need(frame, ETH_HEADER_LEN, 'Ethernet header')
  const buf = Buffer.from(frame)
  return {
    dst: macString(buf.subarray(0, 6)),
    src: macString(buf.subarray(6, 12)),
    type: buf.readUInt16BE(12),
    payload: buf.subarray(ETH_HEADER_LEN),
  }
}

export interface ParsedArp {
  htype: number
  ptype: number
  hlen: number
  plen: number
  op: number
  sha: MacAddress
  spa: Ipv4Address
  tha: MacAddress
  tpa: Ipv4Address
}

export function parseArp(pkt: Uint8Array): ParsedArp {
  need(pkt, ARP_LEN, 'ARP packet')
  const buf = Buffer.from(pkt)
  return {
    htype: buf.readUInt16BE(0),
    ptype: buf.readUInt16BE(2),
    hlen: buf[4],
    plen: buf[5],
    op: buf.readUInt16BE(6),
    sha: macString(buf.subarray(8, 14)),
    spa: ipv4String(buf.subarray(14, 18)),
    tha: macString(buf.subarray(18, 24)),
    tpa: ipv4String(buf.subarray(24, 28)),
  }
}

export interface ParsedIpv4 {
  version: number
  headerLength: number
  tos: number
  totalLength: number
  id: number
  dontFragment: boolean
  moreFragments: boolean
  fragmentOffset: number
  ttl: number
  protocol: number
  checksum: number
  checksumOk: boolean
  src: Ipv4Address
  dst: Ipv4Address
  options: Buffer
  /** Up to the total length: Ethernet padding is cut off. */
  payload: Buffer
}

export function parseIpv4(pkt: Uint8Array): ParsedIpv4 {
  need(pkt, IPV4_HEADER_LEN, 'IPv4 header')
  const buf = Buffer.from(pkt)
  const headerLength = (buf[0] & 0x0f) * 4
  const totalLength = buf.readUInt16BE(2)
  if (headerLength < IPV4_HEADER_LEN)
    throw new FrameError(`IPv4 header length ${headerLength} below 20`)
  need(buf, headerLength, 'IPv4 header with options')
  if (totalLength < headerLength)
    throw new FrameError(`IPv4 total length ${totalLength} below header`)
  need(buf, totalLength, 'IPv4 datagram')
  const frag = buf.readUInt16BE(6)
  return {
    version: buf[0] >> 4,
    headerLength,
    tos: buf[1],
    totalLength,
    id: buf.readUInt16BE(4),
    dontFragment: (frag & IPV4_FLAG_DF) !== 0,
    moreFragments: (frag & IPV4_FLAG_MF) !== 0,
    fragmentOffset: frag & IPV4_OFFSET_MASK,
    ttl: buf[8],
    protocol: buf[9],
    checksum: buf.readUInt16BE(10),
    checksumOk: internetChecksum(buf.subarray(0, headerLength)) === 0,
    src: ipv4String(buf.subarray(12, 16)),
    dst: ipv4String(buf.subarray(16, 20)),
    options: buf.subarray(IPV4_HEADER_LEN, headerLength),
    payload: buf.subarray(headerLength, totalLength),
  }
}

export interface ParsedIcmp {
  type: number
  code: number
  checksum: number
  checksumOk: boolean
  id: number
  seq: number
  data: Buffer
}

export function parseIcmp(msg: Uint8Array): ParsedIcmp {
  need(msg, ICMP_HEADER_LEN, 'ICMP header')
  const buf = Buffer.from(msg)
  return {
    type: buf[0],
    code: buf[1],
    checksum: buf.readUInt16BE(2),
    checksumOk: internetChecksum(buf) === 0,
    id: buf.readUInt16BE(4),
    seq: buf.readUInt16BE(6),
    data: buf.subarray(ICMP_HEADER_LEN),
  }
}

export interface ParsedUdp {
  srcPort: number
  dstPort: number
  length: number
  checksum: number
  /** True when the checksum is 0 (none) or right. */
  checksumOk: boolean
  data: Buffer
}

/** `src`/`dst` are the IPv4 addresses, for the pseudo-header. */
export function parseUdp(
  dgram: Uint8Array,
  src: Ipv4Address,
  dst: Ipv4Address,
): ParsedUdp {
  need(dgram, UDP_HEADER_LEN, 'UDP header')
  const buf = Buffer.from(dgram)
  const length = buf.readUInt16BE(4)
  if (length < UDP_HEADER_LEN)
    throw new FrameError(`UDP length ${length} below 8`)
  need(buf, length, 'UDP datagram')
  const checksum = buf.readUInt16BE(6)
  return {
    srcPort: buf.readUInt16BE(0),
    dstPort: buf.readUInt16BE(2),
    length,
    checksum,
    checksumOk:
      checksum === 0 || udpChecksum(src, dst, buf.subarray(0, length)) === 0,
    data: buf.subarray(UDP_HEADER_LEN, length),
  }
}

export interface ParsedFrame {
  eth: ParsedEthernet
  arp?: ParsedArp
  ipv4?: ParsedIpv4
  icmp?: ParsedIcmp
  udp?: ParsedUdp
}

/** Decode every layer this module knows; throws FrameError when short. */
export function parseFrame(frame: Uint8Array): ParsedFrame {
  const eth = parseEthernet(frame)
  if (eth.type === ETH_TYPE.ARP) return { eth, arp: parseArp(eth.payload) }
  if (eth.type !== ETH_TYPE.IPV4) return { eth }
  const ipv4 = parseIpv4(eth.payload)
  if (ipv4.protocol === IP_PROTO.ICMP)
    return { eth, ipv4, icmp: parseIcmp(ipv4.payload) }
  if (ipv4.protocol === IP_PROTO.UDP)
    return { eth, ipv4, udp: parseUdp(ipv4.payload, ipv4.src, ipv4.dst) }
  return { eth, ipv4 }
}

/** One line for a test log: "52:54:.. > ff:ff:.. arp op 1 10.0.2.2 > ..". */
export function describeFrame(frame: Uint8Array): string {
  let f: ParsedFrame
  try {
    f = parseFrame(frame)
  } catch (err) {
    return `${frame.length} bytes, malformed: ${(err as Error).message}`
  }
  const head = `${f.eth.src} > ${f.eth.dst} ${frame.length} bytes`
  if (f.arp)
    return `${head} arp op ${f.arp.op} ${f.arp.spa} (${f.arp.sha}) > ${f.arp.tpa}`
  if (!f.ipv4) return `${head} type 0x${f.eth.type.toString(16)}`
  const ip = `${head} ${f.ipv4.src} > ${f.ipv4.dst}`
  if (f.icmp)
    return `${ip} icmp type ${f.icmp.type} id ${f.icmp.id} seq ${f.icmp.seq}`
  if (f.udp)
    return `${ip} udp ${f.udp.srcPort} > ${f.udp.dstPort} len ${f.udp.length}`
  return `${ip} proto ${f.ipv4.protocol}`
}
