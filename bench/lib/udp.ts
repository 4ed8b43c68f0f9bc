// UDP clients that talk to a guest through QEMU's hostfwd on
// 127.0.0.1: a boot probe, a one-at-a-time round-trip timer and a
// windowed load generator. Every loop is bounded in count and time.
//
// Each request starts with a 32-bit sequence number so that a late
// answer to an earlier request is never taken for the current one.

import { createSocket, type Socket } from 'node:dgram'

const HOST = '127.0.0.1'
const SEQ_BYTES = 4

function now(): bigint {
  return process.hrtime.bigint()
}

function micros(from: bigint, to: bigint): number {
  return Number(to - from) / 1000
}

async function openSocket(port: number): Promise<Socket> {
  const socket = createSocket('udp4')
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.connect(port, HOST, () => resolve())
  })
  return socket
}

function request(seq: number, size: number): Buffer {
  const buf = Buffer.alloc(Math.max(size, SEQ_BYTES), 0x5a)
  buf.writeUInt32BE(seq >>> 0, 0)
  return buf
}

function sequenceOf(reply: Buffer): number {
  return reply.length >= SEQ_BYTES ? reply.readUInt32BE(0) : -1
}

/**
 * Sends a probe every `intervalMs` until the first echo comes back;
 * resolves with the arrival time, or null when `timeoutMs` passes or
 * `abort` resolves first (the guest exited).
 */
export async function waitForFirstEcho(
  port: number,
  intervalMs: number,
  timeoutMs: number,
  abort: Promise<unknown>,
): Promise<bigint | null> {
  const socket = await openSocket(port)
  // Sends can fail with ECONNREFUSED before QEMU binds the port.
  socket.on('error', () => {})
  try {
    return await new Promise<bigint | null>((resolve) => {
      let seq = 0
      const timer = setInterval(
        () => socket.send(request(seq++, 8)),
        intervalMs,
      )
      const finish = (at: bigint | null) => {
        clearInterval(timer)
        clearTimeout(deadline)
        resolve(at)
      }
      const deadline = setTimeout(() => finish(null), timeoutMs)
      socket.once('message', () => finish(now()))
      abort.then(() => finish(null))
      socket.send(request(seq++, 8))
    })
  } finally {
    socket.close()
  }
}

export interface RoundTripResult {
  /** Round-trip times of answered requests, microseconds. */
  latenciesUs: number[]
  lost: number
}

/**
 * Sends `count` requests one at a time, sizes cycling through `sizes`,
 * and times each until its own echo arrives. A request unanswered
 * after `timeoutMs` counts as lost.
 */
export async function measureRoundTrips(
  port: number,
  count: number,
  sizes: readonly number[],
  timeoutMs: number,
): Promise<RoundTripResult> {
  const socket = await openSocket(port)
  const latenciesUs: number[] = []
  let lost = 0
  try {
    for (let seq = 0; seq < count; seq++) {
      const rtt = await roundTrip(
        socket,
        seq,
        sizes[seq % sizes.length],
        timeoutMs,
      )
      if (rtt === null) lost++
      else latenciesUs.push(rtt)
    }
  } finally {
    socket.close()
  }
  return { latenciesUs, lost }
}

function roundTrip(
  socket: Socket,
  seq: number,
  size: number,
  timeoutMs: number,
): Promise<number | null> {
  return new Promise((resolve) => {
    const onMessage = (reply: Buffer) => {
      if (sequenceOf(reply) !== seq) return
      finish(micros(sentAt, now()))
    }
    const finish = (rtt: number | null) => {
      clearTimeout(timer)
      socket.off('message', onMessage)
      resolve(rtt)
    }
    const timer = setTimeout(() => finish(null), timeoutMs)
    socket.on('message', onMessage)
    const sentAt = now()
    socket.send(request(seq, size))
  })
}

export interface ThroughputResult {
  sent: number
  answered: number
  lost: number
  seconds: number
  answeredPerSecond: number
  lossRatio: number
}

/**
 * Keeps `window` requests of `size` bytes in flight for `durationMs`:
 * every answer, and every request unanswered after `timeoutMs`, makes
 * room for the next one. Requests still unanswered `timeoutMs` after
 * the end count as lost.
 */
export async function measureThroughput(
  port: number,
  window: number,
  size: number,
  durationMs: number,
  timeoutMs: number,
): Promise<ThroughputResult> {
  const socket = await openSocket(port)
  const inFlight = new Map<number, bigint>()
  const timeoutNs = BigInt(timeoutMs) * 1_000_000n
  let seq = 0
  let answered = 0
  let lost = 0
  let sending = true
  const start = now()

  const sendOne = () => {
    const s = seq++ >>> 0
    inFlight.set(s, now())
    socket.send(request(s, size))
  }
  socket.on('message', (reply: Buffer) => {
    if (!inFlight.delete(sequenceOf(reply))) return
    answered++
    if (sending) sendOne()
  })
  const expire = () => {
    const limit = now() - timeoutNs
    for (const [s, sentAt] of inFlight) {
      if (sentAt > limit) continue
      inFlight.delete(s)
      lost++
      if (sending) sendOne()
    }
  }
  const sweeper = setInterval(expire, Math.max(1, timeoutMs / 4))
  for (let i = 0; i < window; i++) sendOne()

  await sleep(durationMs)
  sending = false
  const seconds = micros(start, now()) / 1e6
  const answeredInTime = answered
  await sleep(timeoutMs)
  clearInterval(sweeper)
  lost += inFlight.size
  socket.close()
  return {
    sent: seq,
    answered,
    lost,
    seconds,
    answeredPerSecond: answeredInTime / seconds,
    lossRatio: seq ? lost / seq : 0,
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
