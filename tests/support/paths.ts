/** Folders the tests share. */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
)
/** Scratch space inside the repo, so configs can import 'minikraft'. */
export const SCRATCH = path.join(REPO, 'build', 'test-scratch')
export const EXAMPLES = ['hello', 'udp-echo', 'eth-echo']
