// The smallest kernel: boots, prints a greeting from C, and exits QEMU
// with the success status.
import { cApp, defineKernel } from 'minikraft'

export default defineKernel({
  name: 'hello',
  boot: 'pvh',
  memory: '4M',
  app: cApp({ sources: ['hello.c'], entry: 'hello_main' }),
})
