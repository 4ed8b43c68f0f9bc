/**
 * The demo: build examples/udp-echo from its descriptor, boot it in QEMU
 * with its port forwarded from 127.0.0.1, send it real UDP datagrams and
 * print the echoes. Exits 0 when every echo came back intact.
 */
import { randomBytes } from 'node:crypto'
import pc from 'picocolors'
import { MinikraftError } from '../dsl/problems.ts'
import { Guest } from '../generators/guest.ts'
import { build } from '../generators/pipeline.ts'
import { renderProblems } from '../generators/report.ts'
import { freeUdpPort, UdpPeer } from '../generators/udp.ts'

const BOOT_TIMEOUT_MS = 60_000
const ECHO_TIMEOUT_MS = 2_000
const MESSAGES = [
  'hello, unikernel',
  'MiniKraft echoes every byte',
  'x'.repeat(1472),
]
const RANDOM_DATAGRAMS = 100

const say = (line: string) => console.log(`${pc.cyan('demo:')} ${line}`)

async function main(): Promise<number> {
  const { plan, paths } = await build('examples/udp-echo', {
    log: (line) => say(line),
  })
  const hostPort = await freeUdpPort()
  const guestPort = plan.forwards[0]!.guestPort
  say(
    `booting ${paths.elf} (TCG); 127.0.0.1:${hostPort} → guest port ${guestPort}`,
  )
  const guest = new Guest({
    plan,
    elf: paths.elf,
    timeoutMs: BOOT_TIMEOUT_MS + 60_000,
    net: {
      kind: 'user',
      forwards: [{ protocol: 'udp', hostPort, guestPort }],
    },
  })
  const peer = await UdpPeer.open()
  try {
    const bootMs = await peer.waitForEcho(hostPort, BOOT_TIMEOUT_MS)
    if (bootMs === undefined) throw new Error('the guest never answered')
    say(`first echo ${bootMs} ms after QEMU started`)
    return await exchange(peer, hostPort)
  } finally {
    peer.close()
    await guest.stop()
    say('guest serial output:')
    process.stdout.write(
      pc.dim(guest.output.replace(/\r/g, '').trimEnd().replace(/^/gm, '  | ')) +
        '\n',
    )
  }
}

async function exchange(peer: UdpPeer, port: number): Promise<number> {
  let failed = 0
  for (const text of MESSAGES) {
    const ok = await peer.echo(port, Buffer.from(text), ECHO_TIMEOUT_MS)
    const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text
    say(
      `${ok ? pc.green('echoed') : pc.red('LOST')} ${text.length} bytes: "${shown}"`,
    )
    if (!ok) failed++
  }
  for (let i = 0; i < RANDOM_DATAGRAMS; i++) {
    const payload = randomBytes(1 + Math.floor(Math.random() * 1472))
    if (!(await peer.echo(port, payload, ECHO_TIMEOUT_MS))) failed++
  }
  const total = MESSAGES.length + RANDOM_DATAGRAMS
  say(
    `${total - failed} of ${total} datagrams echoed byte for byte ` +
      `(${RANDOM_DATAGRAMS} of random size 1..1472)`,
  )
  return failed === 0 ? 0 : 1
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    if (error instanceof MinikraftError) {
      process.stderr.write(renderProblems(error.headline, error.problems))
    } else {
      console.error(pc.red(`demo failed: ${(error as Error).message}`))
    }
    process.exit(1)
  },
)
