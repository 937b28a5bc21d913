import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Line, MAX_LINE_BYTES, readLines } from '../../src/core/ndjson.js';

const RUNS = { seed: 20261130, numRuns: 500 };

async function linesOf(chunks: Buffer[]): Promise<Line[]> {
  const out: Line[] = [];
  for await (const lines of readLines(chunks)) out.push(...lines);
  return out;
}

/** The reference: split on LF, drop one CR, skip blank lines (empty, or spaces and tabs), decode each line on its own. */
function reference(bytes: Buffer): Line[] {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const out: Line[] = [];
  let start = 0;
  let line = 0;
  while (start < bytes.length) {
    let nl = bytes.indexOf(0x0a, start);
    if (nl === -1) nl = bytes.length;
    line++;
    let end = nl;
    if (end > start && bytes[end - 1] === 0x0d) end--;
    if (end > start && !/^[ \t]*$/.test(bytes.toString('latin1', start, end))) {
      try {
        out.push({ line, text: decoder.decode(bytes.subarray(start, end)) });
      } catch {
        out.push({ line, problem: 'not valid UTF-8' });
      }
    }
    start = nl + 1;
  }
  return out;
}

/** Cuts `bytes` at the given fractions, anywhere: inside a line, a character or a CRLF. */
const cut = (bytes: Buffer, fractions: number[]): Buffer[] => {
  const points = [...new Set(fractions.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
};

describe('readLines', () => {
  it('gives every line as decoding it alone would, however the stream is cut into chunks', async () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => Buffer.from(s)),
      fc.constantFrom(
        Buffer.from('\n'),
        Buffer.from('\r\n'),
        Buffer.from('\r'),
        Buffer.from('\uFEFF'),
        Buffer.from(' \t '),
        Buffer.from('é€😀'),
        Buffer.from([0xff]), // never valid
        Buffer.from([0xe2, 0x82]), // a character cut short
        Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 60 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        async (pieces, fractions) => {
          const bytes = Buffer.concat(pieces);
          expect(await linesOf(cut(bytes, fractions))).toEqual(reference(bytes));
        },
      ),
      RUNS,
    );
  });

  it('refuses a line over the limit by number, and goes on with the next', async () => {
    const long = Buffer.alloc(MAX_LINE_BYTES + 1, 0x61);
    const bytes = Buffer.concat([Buffer.from('{"a":1}\n'), long, Buffer.from('\n{"b":2}\n')]);
    expect(await linesOf(cut(bytes, [0.3, 0.6]))).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, problem: 'line longer than 1 MiB' },
      { line: 3, text: '{"b":2}' },
    ]);
  });
});
