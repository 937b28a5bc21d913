import { isUtf8 } from 'node:buffer';
import type { BatchItem } from './batch.js';
import { ActivityError, describeProblem } from './errors.js';
import { parseEventLine } from './event.js';
import type { Instant } from './time.js';

/** No valid event comes near this (details are at most 64 KiB); longer lines are refused unread. */
export const MAX_LINE_BYTES = 1024 * 1024;

export type Line = { line: number; text: string } | { line: number; problem: string };

const NEWLINE = 0x0a;
const CR = 0x0d;
/** ignoreBOM: false means a byte-order mark before a line's text is dropped, not kept. */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Only spaces and tabs (JSON's whitespace in a line): a blank line, skipped like an empty one. */
function blank(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x09) return false;
  return true;
}

/** The text of bytes [from, to) of `bytes`, a line without its newline (and CR). */
function decodeLine(bytes: Buffer, from: number, to: number, line: number, knownValid: boolean): Line {
  if (knownValid) {
    // Checked once for the whole chunk: decoded without a view object or TextDecoder per line.
    const text = bytes.toString('utf8', from, to);
    return { line, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  try {
    return { line, text: decoder.decode(bytes.subarray(from, to)) };
  } catch {
    return { line, problem: 'not valid UTF-8' };
  }
}

/**
 * Splits a byte stream into numbered lines, chunk by chunk: memory holds one chunk and
 * one partial line whatever the stream's size. Blank lines (nothing, or only spaces and
 * tabs) are skipped; a line over
 * MAX_LINE_BYTES is reported, not buffered. Yields once per input chunk, even when the
 * chunk completed no line, so that a consumer can count the chunks it has been given.
 */
export async function* readLines(stream: AsyncIterable<Buffer | string> | Iterable<Buffer>): AsyncIterable<Line[]> {
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let tooLong = false;
  let line = 0;
  const finish = (bytes: Buffer, from: number, to: number, out: Line[], knownValid = false) => {
    line++;
    let end = to;
    if (end > from && bytes[end - 1] === CR) end--;
    if (tooLong) out.push({ line, problem: `line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB` });
    else if (end > from && !blank(bytes, from, end)) out.push(decodeLine(bytes, from, end, line, knownValid));
    tooLong = false;
  };
  /** Ends the line held in `partial` (the bytes of a refused one were not kept). */
  const finishPartial = (out: Line[]) => {
    const joined = tooLong ? Buffer.alloc(0) : Buffer.concat(partial);
    finish(joined, 0, joined.length, out);
  };
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    const out: Line[] = [];
    let start = 0;
    /** Whether the chunk's whole lines, from `start` on, are valid UTF-8: checked at the first of them. */
    let wholeLinesValid: boolean | undefined;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      if (partial.length > 0) {
        const tail = chunk.subarray(start, nl);
        if (!tooLong && partialBytes + tail.length <= MAX_LINE_BYTES) partial.push(tail);
        else tooLong = true;
        finishPartial(out);
      } else {
        tooLong = nl - start > MAX_LINE_BYTES;
        wholeLinesValid ??= isUtf8(chunk.subarray(start, chunk.lastIndexOf(NEWLINE)));
        finish(chunk, start, nl, out, wholeLinesValid);
      }
      partial = [];
      partialBytes = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (tooLong) {
        // Still inside a refused line: drop its bytes.
      } else if (partialBytes + rest.length > MAX_LINE_BYTES) {
        tooLong = true;
        partial = [Buffer.alloc(0)];
      } else {
        partial.push(Buffer.from(rest)); // a copy: the stream may reuse its chunk
        partialBytes += rest.length;
      }
    }
    yield out;
  }
  if (partial.length > 0 || tooLong) {
    const out: Line[] = [];
    finishPartial(out);
    if (out.length > 0) yield out;
  }
}

/** Lines → validated events or the reason each line was refused, ready for ActivityStore.record. */
export async function* parseEventLines(lines: AsyncIterable<Line[]>, now: Instant): AsyncIterable<BatchItem[]> {
  for await (const chunk of lines) {
    const items: BatchItem[] = [];
    for (const entry of chunk) {
      if ('problem' in entry) {
        items.push(entry);
        continue;
      }
      try {
        items.push({ line: entry.line, event: parseEventLine(entry.text, now) });
      } catch (error) {
        if (!(error instanceof ActivityError)) throw error;
        items.push({ line: entry.line, problem: describeProblem(error) });
      }
    }
    yield items;
  }
}
