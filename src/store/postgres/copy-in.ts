/**
 * Events into PostgreSQL by COPY, for writer.ts and restore.ts: one row's text, and a
 * sink that gathers rows into buffers and streams them through one COPY statement
 * until it is ended (docs/store.md, "PostgreSQL").
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { NewEvent } from '../../core/event.js';
import { foldCase } from '../../core/filter.js';

export const COPY_COLUMNS =
  'seq, id, time, action, type, name, name_key, resource_id, account, account_key, user_name, user_key, details, hash, recorded_by';

const COPY_SPECIAL = /[\\\t\n\r]/;

/**
 * Text in COPY's text format: backslash, tab and line ends escaped. Tested before it is
 * replaced: a global replace on every value had been a third of the writer's own time.
 */
const copyText = (value: string): string =>
  COPY_SPECIAL.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;

/** Nullable text: `\N` for null. */
const copyNullable = (value: string | null | undefined): string => (value == null ? '\\N' : copyText(value));

// biome-ignore lint/suspicious/noControlCharactersInRegex: any ASCII
const ASCII = /^[\u0000-\u007f]*$/;

/** foldCase, without ICU's NFC pass for ASCII text (its own normal form): most names are ASCII. */
export const fold = (text: string): string => (ASCII.test(text) ? text.toLowerCase() : foldCase(text));

/** The row of an event at `seq` with chain hash `hash` (hex), in COPY's text format. */
export const copyLine = (e: NewEvent, seq: number, hash: string): string =>
  `${seq}\t${copyText(e.id)}\t${e.instant}\t${copyText(e.action)}\t${copyText(e.type)}\t${copyText(e.name)}\t` +
  `${copyText(fold(e.name))}\t${copyNullable(e.resourceId)}\t${copyNullable(e.account)}\t` +
  `${e.account === null ? '\\N' : copyText(fold(e.account))}\t${copyText(e.user)}\t${copyText(fold(e.user))}\t` +
  `${copyNullable(e.details)}\t\\\\x${hash}\t${copyNullable(e.recordedBy)}\n`;

/** Bytes of rows sent to the server at a time. */
const PIECE_BYTES = 256 * 1024;

/**
 * Rows into a table by COPY ... FROM STDIN. Rows are written into a buffer as they come,
 * and the buffer goes to the server when full, so that a million rows leave no string
 * behind them for the garbage collector: it had been a third of the writer's time. The
 * statement stays open across pieces; `end` closes it, and the next row opens another.
 * While one is open the connection runs nothing else.
 */
export class CopyIn {
  private piece = Buffer.allocUnsafe(PIECE_BYTES);
  private used = 0;
  private stream: ReturnType<typeof copyFrom> | undefined;
  private ending: Promise<void> | undefined;

  constructor(private readonly client: pg.PoolClient) {}

  /** Adds a row (one line, ending in \n) for the COPY `statement`, opening it when none is open. */
  async add(statement: string, line: string): Promise<void> {
    // A UTF-16 unit is at most 3 UTF-8 bytes.
    if (this.used + line.length * 3 > this.piece.length) await this.send(statement);
    if (line.length * 3 > this.piece.length) {
      await this.write(statement, Buffer.from(line));
      return;
    }
    this.used += this.piece.write(line, this.used);
  }

  /**
   * Ends the open COPY, if any, without waiting for the server: `ended` does. The
   * connection's next statement runs after it, and sees its rows.
   */
  async end(statement: string): Promise<void> {
    await this.send(statement);
    const stream = this.stream;
    this.stream = undefined;
    if (stream !== undefined) {
      this.ending = finished(stream);
      // Awaited by `ended`; a failure meanwhile is not unhandled.
      this.ending.catch(() => {});
      stream.end();
    }
  }

  /** Waits for the COPY last ended to be taken by the server, rethrowing its failure. */
  async ended(): Promise<void> {
    const ending = this.ending;
    this.ending = undefined;
    await ending;
  }

  private async send(statement: string): Promise<void> {
    if (this.used === 0) return;
    const full = this.piece.subarray(0, this.used);
    this.piece = Buffer.allocUnsafe(PIECE_BYTES);
    this.used = 0;
    await this.write(statement, full);
  }

  private async write(statement: string, bytes: Buffer): Promise<void> {
    if (this.stream === undefined) {
      await this.ended();
      const stream = this.client.query(copyFrom(statement));
      // A failure is the next write's, end's or ended's to report, not an unhandled error.
      stream.on('error', () => {});
      this.stream = stream;
    }
    const stream = this.stream;
    if (stream.errored) throw stream.errored;
    // once() rejects if the stream fails meanwhile.
    if (!stream.write(bytes)) await once(stream, 'drain');
  }
}
