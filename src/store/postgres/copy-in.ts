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

/** The row of an event at `seq` with chain hash `hash` (hex), in COPY's text format. */
export const copyLine = (e: NewEvent, seq: number, hash: string): string =>
  `${seq}\t${copyText(e.id)}\t${e.instant}\t${copyText(e.action)}\t${copyText(e.type)}\t${copyText(e.name)}\t` +
  `${copyText(foldCase(e.name))}\t${copyNullable(e.resourceId)}\t${copyNullable(e.account)}\t` +
  `${e.account === null ? '\\N' : copyText(foldCase(e.account))}\t${copyText(e.user)}\t${copyText(foldCase(e.user))}\t` +
  `${copyNullable(e.details)}\t\\\\x${hash}\t${copyNullable(e.recordedBy)}\n`;

/** Bytes of rows sent to the server at a time. */
const PIECE_BYTES = 256 * 1024;

/**
 * Rows into a table by COPY ... FROM STDIN. Rows are written into a buffer as they come,
 * and the buffer goes to the server when full, so that a million rows leave no string
 * behind them for the garbage collector: it had been a third of the writer's time. The
 * statement stays open across pieces; `end` closes it, and the next row opens another,
 * the one `statement` says then. While one is open the connection runs nothing else.
 */
export class CopyIn {
  private piece = Buffer.allocUnsafe(PIECE_BYTES);
  private used = 0;
  private stream: ReturnType<typeof copyFrom> | undefined;

  constructor(
    private readonly client: pg.PoolClient,
    /** The COPY statement a new one opens with. */
    private readonly statement: () => string,
  ) {}

  /** Adds a row (one line, ending in \n), opening a COPY when none is open. */
  async add(line: string): Promise<void> {
    // A UTF-16 unit is at most 3 UTF-8 bytes.
    if (this.used + line.length * 3 > this.piece.length) await this.send();
    if (line.length * 3 > this.piece.length) {
      await this.write(Buffer.from(line));
      return;
    }
    this.used += this.piece.write(line, this.used);
  }

  /** Ends the open COPY, if any, and waits for the server to take it: the connection's next statement sees its rows. */
  async end(): Promise<void> {
    await this.send();
    const stream = this.stream;
    this.stream = undefined;
    if (stream === undefined) return;
    stream.end();
    await finished(stream);
  }

  private async send(): Promise<void> {
    if (this.used === 0) return;
    const full = this.piece.subarray(0, this.used);
    this.piece = Buffer.allocUnsafe(PIECE_BYTES);
    this.used = 0;
    await this.write(full);
  }

  private async write(bytes: Buffer): Promise<void> {
    if (this.stream === undefined) {
      const stream = this.client.query(copyFrom(this.statement()));
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
