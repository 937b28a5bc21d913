/** The last id made in this thread, and its millisecond. */
let last: { ms: number; bytes: Buffer } | undefined;

/**
 * A UUIDv7 (RFC 9562) for an event at `at`: ids sort by their events' times. Ids made
 * for the same millisecond (a batch recorded at once, imported history) count up from
 * the one before, RFC 9562's "monotonic random" method, so that they also sort in the
 * order they were made: as the events' seqs.
 */
export function randomEventId(at: number): string {
  const ms = Math.min(Math.max(0, Math.floor(at)), 2 ** 48 - 1);
  let bytes: Buffer;
  if (last !== undefined && last.ms === ms && countUp(last.bytes)) {
    bytes = last.bytes;
  } else {
    bytes = randomBytes16();
    let rest = ms;
    for (let i = 5; i >= 0; i--) {
      bytes[i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    last = { ms, bytes };
  }
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Adds one to the 74 random bits of a UUIDv7 (below the version nibble and the variant
 * bits); false, unchanged, when they are all ones.
 */
function countUp(bytes: Buffer): boolean {
  for (let i = 15; i >= 6; i--) {
    // The bits of byte i that are random: the version and variant take the others.
    const mask = i === 6 ? 0x0f : i === 8 ? 0x3f : 0xff;
    const value = (bytes[i] ?? 0) & mask;
    if (value < mask) {
      bytes[i] = ((bytes[i] ?? 0) & ~mask) | (value + 1);
      for (let j = i + 1; j <= 15; j++) bytes[j] = (bytes[j] ?? 0) & ~(j === 8 ? 0x3f : 0xff);
      return true;
    }
  }
  return false;
}

/** Ids whose random bytes one read of /dev/urandom serves: an import of id-less events makes one an event. */
const POOLED_IDS = 256;

let pool: Buffer = Buffer.alloc(0);
let taken = 0;

/**
 * 16 random bytes from the kernel's CSPRNG, read ahead from /dev/urandom where there is
 * one: loading node:crypto for them costs a few percent of recording one event.
 */
function randomBytes16(): Buffer {
  if (taken + 16 > pool.length) {
    pool = readUrandom(16 * POOLED_IDS) ?? process.getBuiltinModule('node:crypto').randomBytes(16 * POOLED_IDS);
    taken = 0;
  }
  taken += 16;
  return Buffer.from(pool.subarray(taken - 16, taken));
}

function readUrandom(size: number): Buffer | undefined {
  const fs = process.getBuiltinModule('node:fs');
  const bytes = Buffer.alloc(size);
  try {
    const fd = fs.openSync('/dev/urandom', 'r');
    try {
      if (fs.readSync(fd, bytes) === size) return bytes;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // none here: node:crypto instead
  }
  return undefined;
}
