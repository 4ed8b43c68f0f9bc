/**
 * The outside programs MiniKraft needs, and one clear line when one is
 * missing.
 */
import { accessSync, constants } from 'node:fs'
import path from 'node:path'
import { MinikraftError } from '../dsl/problems.ts'

/** Program → the Debian package that brings it. */
export const TOOLS = {
  gcc: 'gcc',
  ld: 'binutils',
  'qemu-system-x86_64': 'qemu-system-x86',
} as const

export type Tool = keyof typeof TOOLS

export function findOnPath(program: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!folder) continue
    const candidate = path.join(folder, program)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      continue
    }
  }
  return undefined
}

/** Throws one problem per missing program, naming its package. */
export function requireTools(...tools: Tool[]): void {
  const missing = tools.filter((tool) => !findOnPath(tool))
  if (missing.length === 0) return
  throw new MinikraftError(
    'missing programs',
    missing.map((tool) => ({
      code: 'tool-missing',
      path: '',
      message: `${tool} is not installed: install it with \`apt-get install ${TOOLS[tool]}\``,
    })),
  )
}
