#!/usr/bin/env node
// The minikraft command: loads the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../generators/cli.ts')
await main(process.argv)
