/**
 * Parsers for the text formats a descriptor uses: sizes, MAC addresses,
 * IPv4 addresses with prefixes. Each returns undefined for bad input, so
 * the validator can word the error.
 */

const SIZE_UNITS: Record<string, number> = {
  K: 1024,
  M: 1024 * 1024,
  G: 1024 * 1024 * 1024,
}

/** `'8M'` → 8388608; a plain number is bytes. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value > 0 ? value : undefined
  }
  if (typeof value !== 'string') return undefined
  const match = /^(\d+)([KMG])$/.exec(value)
  if (!match) return undefined
  const bytes = Number(match[1]) * SIZE_UNITS[match[2]!]!
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined
}

/** `'52:54:00:12:34:56'` → six bytes. */
export function parseMac(value: unknown): number[] | undefined {
  if (typeof value !== 'string') return undefined
  if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(value)) return undefined
  return value.split(':').map((octet) => parseInt(octet, 16))
}

/** `'10.0.2.15'` → 0x0a00020f; no leading zeros, each octet 0..255. */
export function parseIpv4(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const octets = value.split('.')
  if (octets.length !== 4) return undefined
  let address = 0
  for (const octet of octets) {
    if (!/^(0|[1-9]\d{0,2})$/.test(octet) || Number(octet) > 255) {
      return undefined
    }
    address = address * 256 + Number(octet)
  }
  return address
}

export interface Ipv4Cidr {
  address: number
  prefixLength: number
}

/** `'10.0.2.15/24'` → address and prefix length. */
export function parseIpv4Cidr(value: unknown): Ipv4Cidr | undefined {
  if (typeof value !== 'string') return undefined
  const [text, prefix, ...rest] = value.split('/')
  if (rest.length > 0 || prefix === undefined) return undefined
  if (!/^(0|[1-9]\d?)$/.test(prefix) || Number(prefix) > 32) return undefined
  const address = parseIpv4(text)
  if (address === undefined) return undefined
  return { address, prefixLength: Number(prefix) }
}

/** The netmask of a prefix length, as an unsigned 32-bit number. */
export function prefixMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0
}

export function sameSubnet(a: number, b: number, prefixLength: number) {
  const mask = prefixMask(prefixLength)
  return (a & mask) >>> 0 === (b & mask) >>> 0
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join('.')
}
