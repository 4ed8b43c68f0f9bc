/**
 * Booting the examples in tests: each guest has a hard deadline and is
 * stopped by the test that started it. Raw links carry Ethernet frames
 * to and from a guest as UDP datagrams on 127.0.0.1 (QEMU -netdev dgram).
 */
import dgram from 'node:dgram'
import path from 'node:path'
import { Guest } from '../../generators/guest.ts'
import { Inbox } from '../../generators/inbox.ts'
import { generateFiles } from '../../generators/pipeline.ts'
import type { NetBackend } from '../../generators/qemu.ts'
import { freeUdpPort } from '../../generators/udp.ts'
import { REPO } from './paths.ts'

/** Starts the example built by the global setup (or another config folder). */
export async function bootExample(
  folder: string,
  net: NetBackend | undefined,
  timeoutMs: number,
  wrapper?: string[],
): Promise<Guest> {
  const target = path.isAbsolute(folder) ? folder : path.join(REPO, folder)
  const { plan, paths } = await generateFiles(target, { root: REPO })
  return new Guest({ plan, elf: paths.elf, net, timeoutMs, wrapper })
}

/** Our end of a dgram netdev: send frames in, read the guest's frames. */
export class RawLink {
  private readonly inbox = new Inbox()

  private constructor(
    private readonly socket: dgram.Socket,
    /** The port QEMU listens on for frames to the guest. */
    readonly guestPort: number,
  ) {
    socket.on('message', (frame) => this.inbox.push(frame))
  }

  /** Binds our end; `backend` is what QEMU needs to connect to it. */
  static async open(): Promise<{ link: RawLink; backend: NetBackend }> {
    const socket = dgram.createSocket('udp4')
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
    const guestPort = await freeUdpPort()
    const link = new RawLink(socket, guestPort)
    const backend: NetBackend = {
      kind: 'dgram',
      localPort: guestPort,
      remotePort: socket.address().port,
    }
    return { link, backend }
  }

  send(frame: Uint8Array): void {
    this.socket.send(frame, this.guestPort, '127.0.0.1')
  }

  /** Frames the guest sent that are not yet read. */
  drain(): Buffer[] {
    return this.inbox.drain()
  }

  /** The next frame for which `accept` holds, or undefined on time-out. */
  receive(
    timeoutMs: number,
    accept?: (frame: Buffer) => boolean,
  ): Promise<Buffer | undefined> {
    return this.inbox.take(timeoutMs, accept)
  }

  close(): void {
    this.socket.close()
  }
}
