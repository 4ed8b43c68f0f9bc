/**
 * Boot tests under TCG: both boot protocols reach the app and exit with
 * the success status; a fault in the app is reported loudly and exits
 * with the failure status.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from '../generators/pipeline.ts'
import { EXIT_STATUS_FAILURE, EXIT_STATUS_SUCCESS } from '../generators/qemu.ts'
import { configWith, writeConfig } from './support/configs.ts'
import { bootExample } from './support/guests.ts'
import { REPO } from './support/paths.ts'

const HELLO_C = path.join(REPO, 'examples', 'hello', 'hello.c')

/** A copy of examples/hello under another name, with other fields. */
async function helloVariant(name: string, fields: string): Promise<string> {
  const folder = writeConfig(
    configWith(
      [
        `  name: '${name}',`,
        fields,
        `  app: cApp({ sources: [${JSON.stringify(HELLO_C)}], entry: 'hello_main' }),`,
      ].join('\n'),
    ),
  )
  await build(folder, { root: REPO })
  return folder
}

describe('booting', () => {
  it('boots examples/hello by PVH, greets and exits with success', async () => {
    const guest = await bootExample('examples/hello', undefined, 60_000)
    const exit = await guest.exited
    expect(guest.output).toMatch(/MiniKraft hello booting \(pvh\)/)
    expect(guest.output).toContain('Hello from MiniKraft!')
    expect(exit.status, guest.output).toBe(EXIT_STATUS_SUCCESS)
  })

  it('boots the same app by Multiboot and exits with success', async () => {
    const folder = await helloVariant('hello-multiboot', "  boot: 'multiboot',")
    const guest = await bootExample(folder, undefined, 60_000)
    const exit = await guest.exited
    expect(guest.output).toMatch(/booting \(multiboot\)/)
    expect(guest.output).toContain('Hello from MiniKraft!')
    expect(exit.status, guest.output).toBe(EXIT_STATUS_SUCCESS)
  })

  it('writes its console to the COM port the descriptor names', async () => {
    const folder = await helloVariant(
      'hello-com2',
      "  console: serial({ port: 'COM2', baud: 38400 }),",
    )
    const guest = await bootExample(folder, undefined, 60_000)
    const exit = await guest.exited
    expect(guest.output).toContain('Hello from MiniKraft!')
    expect(exit.status, guest.output).toBe(EXIT_STATUS_SUCCESS)
  })

  it('reports a page fault with its address and registers, then fails', async () => {
    const folder = writeConfig(
      configWith(
        [
          "  name: 'fault',",
          "  app: cApp({ sources: ['fault.c'], entry: 'fault_main' }),",
        ].join('\n'),
      ),
      {
        'fault.c': [
          '/* Reads from an address no page maps. */',
          'int fault_main(void)',
          '{',
          '\tvolatile unsigned long *p = (unsigned long *)0x4000000000UL;',
          '\treturn (int)*p;',
          '}',
          '',
        ].join('\n'),
      },
    )
    await build(folder, { root: REPO })
    const guest = await bootExample(folder, undefined, 60_000)
    const exit = await guest.exited
    expect(guest.output).toMatch(/page fault/i)
    expect(guest.output).toMatch(/RIP/)
    expect(guest.output).toMatch(/4000000000/)
    expect(exit.status, guest.output).toBe(EXIT_STATUS_FAILURE)
  })

  it('exits with failure when the app entry returns an error', async () => {
    const folder = writeConfig(
      configWith(
        "  name: 'app-fails',\n  app: cApp({ sources: ['fail.c'], entry: 'fail_main' }),",
      ),
      { 'fail.c': 'int fail_main(void)\n{\n\treturn -5;\n}\n' },
    )
    await build(folder, { root: REPO })
    const guest = await bootExample(folder, undefined, 60_000)
    const exit = await guest.exited
    expect(exit.status, guest.output).toBe(EXIT_STATUS_FAILURE)
  })
})
