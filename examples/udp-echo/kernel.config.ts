// A UDP echo server on port 7, on QEMU's user-mode network.
import { defineKernel, udpEcho, virtioNet } from 'minikraft'

export default defineKernel({
  name: 'udp-echo',
  boot: 'pvh',
  memory: '8M',
  net: [
    virtioNet({ name: 'net0', address: '10.0.2.15/24', gateway: '10.0.2.2' }),
  ],
  services: [udpEcho({ port: 7 })],
})
