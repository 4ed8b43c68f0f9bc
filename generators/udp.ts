/**
 * A UDP peer on 127.0.0.1 for talking to a guest's forwarded port: send a
 * datagram and wait for the reply, or probe until the guest answers.
 */
import dgram from 'node:dgram'
import { Inbox } from './inbox.ts'

const LOOPBACK = '127.0.0.1'
/** What waitForEcho sends; late echoes of it are not strays. */
const PROBE = Buffer.from('minikraft-probe')

/** A port that was free a moment ago (bound and released). */
export async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve))
  const { port } = socket.address()
  await new Promise<void>((resolve) => socket.close(() => resolve()))
  return port
}

export class UdpPeer {
  private readonly socket = dgram.createSocket('udp4')
  private readonly inbox = new Inbox()
  /** Datagrams that arrived but matched no request. */
  stray = 0

  private constructor() {
    this.socket.on('message', (message) => this.inbox.push(message))
  }

  static async open(): Promise<UdpPeer> {
    const peer = new UdpPeer()
    await new Promise<void>((resolve) => peer.socket.bind(0, LOOPBACK, resolve))
    return peer
  }

  send(port: number, payload: Uint8Array): void {
    this.socket.send(payload, port, LOOPBACK)
  }

  /** The next datagram to arrive, or undefined after `timeoutMs`. */
  receive(timeoutMs: number): Promise<Buffer | undefined> {
    return this.inbox.take(timeoutMs)
  }

  /** Sends `payload` and waits for a datagram equal to it. */
  async echo(
    port: number,
    payload: Uint8Array,
    timeoutMs: number,
  ): Promise<boolean> {
    this.send(port, payload)
    const deadline = Date.now() + timeoutMs
    for (let left = timeoutMs; left > 0; left = deadline - Date.now()) {
      const reply = await this.receive(left)
      if (!reply) return false
      if (reply.equals(payload)) return true
      if (!reply.equals(PROBE)) this.stray++
    }
    return false
  }

  /** Probes every `intervalMs` until the port echoes; the time it took. */
  async waitForEcho(
    port: number,
    timeoutMs: number,
    intervalMs = 50,
  ): Promise<number | undefined> {
    const start = Date.now()
    while (Date.now() - start < timeoutMs) {
      if (await this.echo(port, PROBE, intervalMs)) return Date.now() - start
    }
    return undefined
  }

  close(): void {
    this.socket.close()
  }
}
