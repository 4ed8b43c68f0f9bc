/** Writes throw-away config files for tests, inside the repo. */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { SCRATCH } from './paths.ts'

let counter = 0

/** Writes `text` as kernel.config.ts in a new folder; returns the folder. */
export function writeConfig(text: string, files: Record<string, string> = {}) {
  const folder = path.join(SCRATCH, `${process.pid}-${counter++}`)
  mkdirSync(folder, { recursive: true })
  writeFileSync(path.join(folder, 'kernel.config.ts'), text)
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(folder, name), content)
  }
  return folder
}

/** A config around `fields` (object literal body lines). */
export function configWith(fields: string): string {
  return [
    "import { cApp, defineKernel, ethernetEcho, serial, udpEcho, virtioNet } from 'minikraft'",
    '',
    'export default defineKernel({',
    fields,
    '})',
    '',
  ].join('\n')
}
