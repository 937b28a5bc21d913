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

/**
 * 16 random bytes from /dev/urandom, the kernel's CSPRNG, where there is one: loading
 * node:crypto for them costs 3–4 ms, a few percent of recording one event.
 */
function randomBytes16(): Buffer {
  const fs = process.getBuiltinModule('node:fs');
  const bytes = Buffer.alloc(16);
  try {
    const fd = fs.openSync('/dev/urandom', 'r');
    try {
      if (fs.readSync(fd, bytes) === 16) return bytes;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // none here: node:crypto below
  }
  return process.getBuiltinModule('node:crypto').randomBytes(16);
}
