// A packer for the "newc" cpio format (the SVR4 portable format with
// no CRC) that the Linux kernel unpacks as an initramfs. Pure: entries
// in, bytes out, deterministic (every mtime, uid and gid is zero).
//
// Layout of one entry: a 110-byte ASCII header ("070701" then 13
// eight-digit hex fields), the NUL-terminated name padded to a multiple
// of 4 bytes counted from the header start, then the data padded to a
// multiple of 4. The archive ends with an entry named "TRAILER!!!".

const MAGIC = '070701'
const HEADER_SIZE = 110
const TRAILER = 'TRAILER!!!'

const S_IFDIR = 0o040000
const S_IFREG = 0o100000
const S_IFLNK = 0o120000
const S_IFCHR = 0o020000

export type CpioEntry =
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'file'; path: string; data: Uint8Array | string; mode?: number }
  | { type: 'symlink'; path: string; target: string }
  | {
      type: 'chardev'
      path: string
      major: number
      minor: number
      mode?: number
    }

interface RawEntry {
  name: string
  mode: number
  data: Uint8Array
  rdevMajor: number
  rdevMinor: number
  nlink: number
}

const encoder = new TextEncoder()

function hex8(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new RangeError(`cpio field ${n} does not fit 32 bits`)
  }
  return n.toString(16).padStart(8, '0')
}

function pad4(length: number): number {
  return (4 - (length % 4)) % 4
}

function toRaw(entry: CpioEntry): RawEntry {
  const name = entry.path.replace(/^\/+/, '')
  if (name === '' || name === TRAILER) {
    throw new Error(`cpio: invalid entry path "${entry.path}"`)
  }
  const base = { name, rdevMajor: 0, rdevMinor: 0, nlink: 1 }
  switch (entry.type) {
    case 'dir':
      return {
        ...base,
        mode: S_IFDIR | (entry.mode ?? 0o755),
        data: new Uint8Array(),
        nlink: 2,
      }
    case 'file': {
      const data =
        typeof entry.data === 'string' ? encoder.encode(entry.data) : entry.data
      return { ...base, mode: S_IFREG | (entry.mode ?? 0o644), data }
    }
    case 'symlink':
      return {
        ...base,
        mode: S_IFLNK | 0o777,
        data: encoder.encode(entry.target),
      }
    case 'chardev':
      return {
        ...base,
        mode: S_IFCHR | (entry.mode ?? 0o600),
        data: new Uint8Array(),
        rdevMajor: entry.major,
        rdevMinor: entry.minor,
      }
  }
}

function header(raw: RawEntry, ino: number, nameSize: number): string {
  const fields = [
    ino,
    raw.mode,
    0, // uid
    0, // gid
    raw.nlink,
    0, // mtime
    raw.data.length,
    0, // devmajor
    0, // devminor
    raw.rdevMajor,
    raw.rdevMinor,
    nameSize,
    0, // check, unused by newc
  ]
  return MAGIC + fields.map(hex8).join('')
}

function encodeEntry(raw: RawEntry, ino: number): Uint8Array[] {
  const name = encoder.encode(raw.name + '\0')
  const head = encoder.encode(header(raw, ino, name.length))
  const namePad = new Uint8Array(pad4(HEADER_SIZE + name.length))
  const dataPad = new Uint8Array(pad4(raw.data.length))
  return [head, name, namePad, raw.data, dataPad]
}

/** Packs entries, in the order given, into one newc archive. */
export function packCpio(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Uint8Array[] = []
  entries.forEach((entry, i) => parts.push(...encodeEntry(toRaw(entry), i + 1)))
  const trailer: RawEntry = {
    name: TRAILER,
    mode: 0,
    data: new Uint8Array(),
    rdevMajor: 0,
    rdevMinor: 0,
    nlink: 1,
  }
  parts.push(...encodeEntry(trailer, 0))
  return Buffer.concat(parts)
}
