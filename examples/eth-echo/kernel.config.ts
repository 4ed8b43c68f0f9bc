// Echoes every Ethernet frame with its MACs swapped (sent to a group: ours).
import { defineKernel, ethernetEcho, virtioNet } from 'minikraft'

export default defineKernel({
  name: 'eth-echo',
  boot: 'multiboot',
  memory: '8M',
  net: [virtioNet({ name: 'net0', mac: '52:54:00:12:34:56' })],
  services: [ethernetEcho({ device: 'net0' })],
})
