// The guest network both kernels are configured with: QEMU user
// networking's default subnet. Reached from the host only through
// hostfwd on 127.0.0.1.

export const GUEST_IP = '10.0.2.15'
export const GATEWAY_IP = '10.0.2.2'
export const PREFIX_LENGTH = 24
export const ECHO_PORT = 7
