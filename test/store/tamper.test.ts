import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { chainHash } from '../../src/core/chain.js';
import { validateEvent } from '../../src/core/event.js';
import type { BreakKind } from '../../src/core/verify.js';
import { generateEvents } from '../../src/sample/generate.js';
import { ACTION_CODE } from '../../src/store/sqlite/schema.js';
import { verifyRange } from '../../src/verify/verify-chain.js';
import { tempDir } from '../helpers.js';
import { openSqlite } from './open-sqlite.js';

const dir = tempDir();
const NOW = Date.parse('2026-11-25T12:00:00.000Z');

/** A small seeded generator (mulberry32), so that every run mutates the same way. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function makeStore(path: string, count: number, seed: number): Promise<void> {
  const store = openSqlite(path, 'write');
  const events = [...generateEvents({ count, seed, end: NOW, days: 5, users: 12 })].map((e) => validateEvent(e, NOW));
  await store.record([events.map((event, i) => ({ line: i + 1, event }))]);
  await store.close();
}

/**
 * What `activity verify` finds, by the path it takes for a chain of this length;
 * `lookUpNames`: with no names loaded ahead, each subject and user looked up in SQL, as
 * for those past the ones a store loads.
 */
async function verify(path: string, lookUpNames = false) {
  const store = openSqlite(path, 'read', lookUpNames ? { loadedNames: 0 } : {});
  const head = await store.head();
  const verdict = await verifyRange(store, 0, head?.seq ?? 0);
  await store.close();
  return verdict.broken;
}

type Mutation = (db: Database.Database, seq: number, count: number, next: () => number) => number;

const CHANGED: BreakKind = 'content changed';

/**
 * Each mutation changes the database directly, as someone with the file could, and
 * returns the first seq it touched; verify must name that seq and the kind of break.
 */
const KINDS: Record<string, BreakKind> = {
  'change the action': CHANGED,
  'change the type': CHANGED,
  'change the time by 1 ms': CHANGED,
  'change the id': CHANGED,
  'change the details': CHANGED,
  'change the user': CHANGED,
  'change the name, account or resource (another subject)': CHANGED,
  'rename the resource everywhere': CHANGED,
  'change the hash': CHANGED,
  'delete an event': 'event missing',
  'swap two events': 'order changed',
  'swap the last two events': 'order changed',
  'swap an event with the last one': 'order changed',
  'change two events in a row': CHANGED,
  'rename a user everywhere': CHANGED,
  'insert a forged event (later ones renumbered)': 'forged event',
  'renumber an event': 'event missing',
};

function swap(db: Database.Database, a: number, b: number): number {
  db.exec(`UPDATE events SET seq = -1 WHERE seq = ${a}; UPDATE events SET seq = ${a} WHERE seq = ${b};
           UPDATE events SET seq = ${b} WHERE seq = -1;`);
  return Math.min(a, b);
}

const MUTATIONS: Record<string, Mutation> = {
  'change the action': (db, seq) => {
    db.prepare('UPDATE events SET action = (action + 1) % 3 WHERE seq = ?').run(seq);
    return seq;
  },
  'change the type': (db, seq) => {
    db.prepare('UPDATE events SET type = (type + 1) % 13 WHERE seq = ?').run(seq);
    return seq;
  },
  'change the time by 1 ms': (db, seq) => {
    db.prepare('UPDATE events SET time = time + 1 WHERE seq = ?').run(seq);
    return seq;
  },
  'change the id': (db, seq) => {
    db.prepare("UPDATE events SET id = id || 'x' WHERE seq = ?").run(seq);
    return seq;
  },
  'change the details': (db, seq) => {
    db.prepare(`UPDATE events SET details = '{"forged":true}' WHERE seq = ?`).run(seq);
    return seq;
  },
  'change the user': (db, seq) => {
    db.prepare('UPDATE events SET user = (SELECT id FROM users WHERE id != events.user LIMIT 1) WHERE seq = ?').run(
      seq,
    );
    return seq;
  },
  'change the name, account or resource (another subject)': (db, seq) => {
    db.prepare(
      'UPDATE events SET subject = (SELECT id FROM subjects WHERE id != events.subject LIMIT 1) WHERE seq = ?',
    ).run(seq);
    return seq;
  },
  'rename the resource everywhere': (db, seq) => {
    const subject = db.prepare('SELECT subject FROM events WHERE seq = ?').pluck().get(seq);
    db.prepare("UPDATE names SET name = name || '-renamed' WHERE id = (SELECT name FROM subjects WHERE id = ?)").run(
      subject,
    );
    return db
      .prepare(
        'SELECT min(seq) FROM events WHERE subject IN (SELECT id FROM subjects WHERE name = (SELECT name FROM subjects WHERE id = ?))',
      )
      .pluck()
      .get(subject) as number;
  },
  'change the hash': (db, seq) => {
    db.prepare('UPDATE events SET hash = zeroblob(32) WHERE seq = ?').run(seq);
    return seq;
  },
  'delete an event': (db, seq) => {
    db.prepare('DELETE FROM events WHERE seq = ?').run(seq);
    return seq;
  },
  'swap two events': (db, seq, count, next) => swap(db, seq, seq + 1 + Math.floor(next() * (count - seq))),
  'swap the last two events': (db, _seq, count) => swap(db, count - 1, count),
  'swap an event with the last one': (db, seq, count) => swap(db, seq, count),
  'change two events in a row': (db, seq, count) => {
    const first = Math.min(seq, count - 2);
    db.prepare(`UPDATE events SET details = '{"forged":true}' WHERE seq IN (?, ?)`).run(first, first + 1);
    return first;
  },
  'rename a user everywhere': (db, seq) => {
    db.prepare("UPDATE users SET name = name || ' (renamed)' WHERE id = (SELECT user FROM events WHERE seq = ?)").run(
      seq,
    );
    return db
      .prepare('SELECT min(seq) FROM events WHERE user = (SELECT user FROM events WHERE seq = ?)')
      .pluck()
      .get(seq) as number;
  },
  'insert a forged event (later ones renumbered)': (db, seq) => {
    db.exec(`UPDATE events SET seq = -seq WHERE seq >= ${seq}; UPDATE events SET seq = -seq + 1 WHERE seq < 0;`);
    const before = db
      .prepare('SELECT lower(hex(hash)) FROM events WHERE seq = ?')
      .pluck()
      .get(seq - 1) as string | undefined;
    const row = db.prepare('SELECT * FROM events WHERE seq = ?').get(seq + 1) as Record<string, unknown>;
    // a forger who knows the encoding links the forged event to its predecessor
    const forged = { ...row, seq, id: 'forged', action: ACTION_CODE.delete };
    db.prepare(
      'INSERT INTO events (seq, id, time, action, type, subject, user, details, hash) VALUES (@seq, @id, @time, @action, @type, @subject, @user, @details, @hash)',
    ).run({
      ...forged,
      hash: Buffer.from(
        before
          ? chainHash(before, seq, {
              id: 'forged',
              time: '',
              action: 'delete',
              type: '',
              name: '',
              resourceId: null,
              account: null,
              user: '',
              details: null,
            })
          : 'f'.repeat(64),
        'hex',
      ),
    });
    return seq;
  },
  'renumber an event': (db, seq, count) => {
    db.prepare('UPDATE events SET seq = ? WHERE seq = ?').run(count + 10, seq);
    return seq;
  },
};

describe('tampering', () => {
  it('every single mutation of the database is detected, at the first seq it touched', async () => {
    const next = random(20261125);
    let detected = 0;
    let total = 0;
    const missed: string[] = [];
    for (let round = 0; round < 20; round++) {
      for (const [name, mutate] of Object.entries(MUTATIONS)) {
        const count = 10 + Math.floor(next() * 90);
        const path = join(dir, `tamper-${round}-${total}.db`);
        await makeStore(path, count, 1000 + total);
        // Not the last event: removing the end of the chain is truncation, which only a checkpoint catches.
        const seq = 1 + Math.floor(next() * (count - 1));
        const db = new Database(path);
        const first = mutate(db, seq, count, next);
        db.close();
        // Every other round with the names of subjects and users looked up in SQL.
        const broken = await verify(path, round % 2 === 1);
        total++;
        if (broken?.seq === first && broken.kind === KINDS[name]) detected++;
        else
          missed.push(
            `${name} at seq ${first} of ${count}: ${broken ? `${broken.kind} at ${broken.seq}` : 'not detected'}, expected ${KINDS[name]}`,
          );
      }
    }
    expect(missed).toEqual([]);
    expect(detected).toBe(total);
    expect(total).toBe(20 * Object.keys(MUTATIONS).length);
    expect(Object.keys(KINDS)).toEqual(Object.keys(MUTATIONS));
  }, 120_000);
});

describe('ranges (how verify splits a long chain among worker threads)', () => {
  it('two ranges meeting where the chain was changed name the same break as one walk', async () => {
    const next = random(7);
    let compared = 0;
    for (const [name, mutate] of Object.entries(MUTATIONS)) {
      for (const seq of [49, 50, 51]) {
        const path = join(dir, `ranges-${compared}.db`);
        await makeStore(path, 100, 500 + compared);
        const db = new Database(path);
        mutate(db, seq, 100, next);
        db.close();
        const store = openSqlite(path, 'read');
        const whole = await verifyRange(store, 0, 100);
        const [first, second] = [await verifyRange(store, 0, 50), await verifyRange(store, 50, 100)];
        await store.close();
        expect({ name, seq, broken: first.broken ?? second.broken }).toEqual({ name, seq, broken: whole.broken });
        expect(whole.broken).toBeDefined();
        compared++;
      }
    }
    expect(compared).toBe(3 * Object.keys(MUTATIONS).length);
  }, 60_000);
});
