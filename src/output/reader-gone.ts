/**
 * Whether the reader of this process's stdout pipe has gone (`activity tail -f | head -3`
 * after head exits). A writer learns it only when it next writes, and a follower of a
 * quiet store may not write for hours; GNU tail asks poll(2), which reports an error on
 * a pipe whose reader closed. Node has no poll of its own, but its WASI does: a
 * poll_oneoff on fd 1 answers with an error once nobody reads it.
 */
import { fstatSync } from 'node:fs';

/** A module that imports WASI's poll_oneoff and exports it with its memory (hand-assembled). */
const MODULE = Buffer.concat([
  Buffer.from('0061736d01000000', 'hex'), // magic, version 1
  Buffer.from('01090160047f7f7f7f017f', 'hex'), // type 0: (i32 i32 i32 i32) -> i32
  Buffer.from('022601', 'hex'), // one import:
  Buffer.from([22, ...Buffer.from('wasi_snapshot_preview1'), 11, ...Buffer.from('poll_oneoff'), 0, 0]),
  Buffer.from('0503010001', 'hex'), // one page of memory
  Buffer.from('071102', 'hex'), // two exports:
  Buffer.from([6, ...Buffer.from('memory'), 2, 0, 4, ...Buffer.from('poll'), 0, 0]),
]);

const SUBSCRIPTIONS = 0;
const EVENTS = 128;
const COUNT = 240;
const FD_WRITE = 2;
const CLOCK = 0;

type Poll = () => boolean;

/** What is used of WebAssembly, which @types/node does not declare. */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

/** A check of fd 1: true once its reader has gone. Undefined where it cannot tell. */
function stdoutPoll(): Poll | undefined {
  // WASI is marked experimental, and says so on stderr when loaded; only poll_oneoff is used.
  const emitWarning = process.emitWarning;
  let wasi: import('node:wasi').WASI;
  try {
    process.emitWarning = () => {};
    const { WASI } = process.getBuiltinModule('node:wasi') as typeof import('node:wasi');
    wasi = new WASI({ version: 'preview1', returnOnExit: true });
  } finally {
    process.emitWarning = emitWarning;
  }
  const { Instance, Module } = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
  const instance = new Instance(new Module(MODULE), { wasi_snapshot_preview1: wasi.wasiImport });
  wasi.initialize(instance);
  const { memory, poll } = instance.exports as {
    memory: { buffer: ArrayBuffer };
    poll: (subscriptions: number, events: number, count: number, written: number) => number;
  };
  const view = new DataView(memory.buffer);
  return () => {
    new Uint8Array(memory.buffer, 0, 256).fill(0);
    // Subscription 0: fd 1 writable (or failed). Subscription 1: a 1 ms timeout, so that a
    // full pipe (a slow reader) answers at once too.
    view.setUint8(SUBSCRIPTIONS + 8, FD_WRITE);
    view.setUint32(SUBSCRIPTIONS + 16, 1, true);
    view.setBigUint64(SUBSCRIPTIONS + 48, 1n, true);
    view.setUint8(SUBSCRIPTIONS + 56, CLOCK);
    view.setBigUint64(SUBSCRIPTIONS + 72, 1_000_000n, true);
    if (poll(SUBSCRIPTIONS, EVENTS, 2, COUNT) !== 0) return false;
    const events = view.getUint32(COUNT, true);
    for (let i = 0; i < events; i++) {
      const at = EVENTS + 32 * i;
      if (view.getUint8(at + 10) === FD_WRITE && view.getUint16(at + 8, true) !== 0) return true;
    }
    return false;
  };
}

/**
 * Calls `onGone` once the reader of stdout goes away, checking every `everyMs`; for a
 * pipe or socket only (a terminal that closes sends SIGHUP; a file never closes).
 * Returns the function that stops watching.
 */
export function watchStdoutReader(onGone: () => void, everyMs = 250): () => void {
  let poll: Poll | undefined;
  try {
    const stat = fstatSync(1);
    if (stat.isFIFO() || stat.isSocket()) poll = stdoutPoll();
  } catch {
    poll = undefined;
  }
  if (poll === undefined) return () => {};
  const check = poll;
  const timer = setInterval(() => {
    if (!check()) return;
    clearInterval(timer);
    onGone();
  }, everyMs).unref();
  return () => clearInterval(timer);
}
