// Progress lines for the benchmark: one prefix, colour only on a
// terminal (picocolors checks), elapsed time since the start.

import pc from 'picocolors'

const started = Date.now()

function stamp(): string {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6)
  return pc.dim(`[bench ${seconds}s]`)
}

export const log = {
  step(message: string) {
    console.log(`${stamp()} ${pc.bold(message)}`)
  },
  info(message: string) {
    console.log(`${stamp()} ${message}`)
  },
  warn(message: string) {
    console.log(`${stamp()} ${pc.yellow(message)}`)
  },
  error(message: string) {
    console.error(`${stamp()} ${pc.red(message)}`)
  },
}
