/**
 * Emit: the plan → generated files, through handlebars templates. Pure:
 * no disk writes, no processes; the same plan gives the same bytes.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Handlebars from 'handlebars'
import type { Plan, PlannedService } from './plan.ts'
import { QEMU_BINARY, qemuArgs, shellQuote } from './qemu.ts'
import { VERSION } from './version.ts'

const TEMPLATES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'templates',
)

/** Generated file name → template. */
const OUTPUTS = {
  'mk_config.h': 'mk_config.h.hbs',
  'app.c': 'app.c.hbs',
  'kernel.ld': 'kernel.ld.hbs',
  'qemu.sh': 'qemu.sh.hbs',
} as const

export type GeneratedFiles = Record<keyof typeof OUTPUTS, string>

const handlebars = Handlebars.create()
handlebars.registerHelper('hex', (value: number) => `0x${value.toString(16)}`)
handlebars.registerHelper(
  'hex2',
  (value: number) => `0x${value.toString(16).padStart(2, '0')}`,
)
handlebars.registerHelper('describe', (service: PlannedService) =>
  service.kind === 'udp-echo'
    ? `udpEcho({ port: ${service.port} })`
    : `ethernetEcho() on device ${service.device}`,
)
handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b)
handlebars.registerHelper('ipv4Macro', (address: number) => {
  const octets = [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff)
  return `MK_IPV4(${octets.join(', ')})`
})
handlebars.registerPartial('header', template('header.hbs'))

const compiled = Object.fromEntries(
  Object.entries(OUTPUTS).map(([name, file]) => [
    name,
    handlebars.compile(template(file), { noEscape: true }),
  ]),
) as Record<keyof typeof OUTPUTS, HandlebarsTemplateDelegate>

function template(file: string): string {
  return readFileSync(path.join(TEMPLATES, file), 'utf8')
}

/** The image path QEMU gets in the generated qemu.sh. */
export function imagePath(plan: Plan): string {
  return `build/${plan.name}/kernel.elf`
}

export function emit(plan: Plan): GeneratedFiles {
  const context = {
    ...plan,
    version: VERSION,
    bootMacro: plan.boot === 'pvh' ? 'PVH' : 'MULTIBOOT',
    entry: plan.boot === 'pvh' ? 'mk_entry_pvh' : 'mk_entry_multiboot',
    hasSteps: plan.net.length + plan.services.length > 0 || !!plan.app,
    commandLines: commandLines([
      QEMU_BINARY,
      ...qemuArgs(plan, {
        elf: imagePath(plan),
        accel: 'tcg',
        net: { kind: 'user', forwards: plan.forwards },
      }),
    ]),
  }
  const files = {} as GeneratedFiles
  for (const name of Object.keys(OUTPUTS) as (keyof typeof OUTPUTS)[]) {
    files[name] = compiled[name](context)
  }
  return files
}

/** One shell line per option with its value, for a readable script. */
function commandLines(args: string[]): string[] {
  const lines: string[] = []
  for (const arg of args.map(shellQuote)) {
    const last = lines.length - 1
    if (last > 0 && !arg.startsWith('-') && !lines[last]!.includes(' ')) {
      lines[last] += ` ${arg}`
    } else {
      lines.push(arg)
    }
  }
  return lines
}
