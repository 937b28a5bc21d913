/** A UUIDv7 (RFC 9562): time-ordered, so ids sort roughly as events were recorded. */
export function randomEventId(now: number): string {
  const bytes = randomBytes16();
  let ms = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Ids whose random bytes one read of /dev/urandom serves: an import of id-less events makes one an event. */
const POOLED_IDS = 256;

let pool: Buffer = Buffer.alloc(0);
let taken = 0;

/**
 * 16 random bytes from the kernel's CSPRNG, read ahead from /dev/urandom where there is
 * one: loading node:crypto for them costs 3–4 ms, a few percent of recording one event.
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
