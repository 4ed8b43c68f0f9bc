// Entry point of `npm run bench` (and `minikraft bench`): parses the
// options and runs the side-by-side benchmark (run.ts).

import { Command, Option } from 'commander'
import { log } from './lib/log.ts'
import { defaultOptions, type GuestId } from './options.ts'
import { runBench } from './run.ts'

const program = new Command('bench')
  .description(
    'Benchmark the udp-echo kernel against a Linux guest, side by side',
  )
  .option(
    '--quick',
    'short run for CI: 3 rounds, 1,000 latency requests, 1 s of load',
  )
  .option('--rounds <n>', 'rounds of A B boots', (v) => parseInt(v, 10))
  .option('--guests <list>', 'comma-separated: ours,linux', 'ours,linux')
  .addOption(
    new Option('--accel <mode>', 'accelerator')
      .choices(['tcg', 'kvm', 'auto'])
      .default('tcg'),
  )
  .option('--memory <size>', 'guest memory for the rounds, both guests')
  .option('--requests <n>', 'latency requests per round', (v) =>
    parseInt(v, 10),
  )
  .option('--window <n>', 'requests in flight for throughput', (v) =>
    parseInt(v, 10),
  )
  .parse()

const flags = program.opts()
const options = defaultOptions(Boolean(flags.quick))
const guests = String(flags.guests).split(',') as GuestId[]
for (const g of guests) {
  if (g !== 'ours' && g !== 'linux')
    program.error(`unknown guest "${g}" (ours, linux)`)
}
options.guests = guests
options.accel = flags.accel
if (flags.rounds) options.rounds = flags.rounds
if (flags.memory) options.memory = flags.memory
if (flags.requests) options.latencyRequests = flags.requests
if (flags.window) options.window = flags.window

try {
  const complete = await runBench(options)
  if (!complete) {
    log.error('some guests could not be measured; see above')
    process.exitCode = 1
  }
} catch (error) {
  log.error(
    `benchmark failed: ${error instanceof Error ? error.message : error}`,
  )
  process.exitCode = 1
}
