/** Builds every example once, before the test files run in parallel. */
import { rmSync } from 'node:fs'
import { build } from '../../generators/pipeline.ts'
import { EXAMPLES, REPO, SCRATCH } from './paths.ts'

export default async function setup(): Promise<void> {
  rmSync(SCRATCH, { recursive: true, force: true })
  for (const example of EXAMPLES) {
    await build(`examples/${example}`, { root: REPO, command: 'test' })
  }
}
