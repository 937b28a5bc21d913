const __importMetaUrl = require('node:url').pathToFileURL('/work/main/dist/cli.cjs').href;
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/store/sqlite.ts
var sqlite_exports = {};
__export(sqlite_exports, {
  SqliteStore: () => SqliteStore
});
module.exports = __toCommonJS(sqlite_exports);
var import_node_fs = require("node:fs");
var import_node_module = require("node:module");
var import_node_path = require("node:path");
var import_better_sqlite3 = __toESM(require("better-sqlite3"));

// src/core/errors.ts
var ExitCode = {
  ok: 0,
  noMatch: 1,
  usage: 2,
  integrity: 3,
  auth: 4,
  store: 5,
  interrupted: 130
};
var ActivityError = class extends Error {
  exitCode = ExitCode.usage;
  /** What to do about it, printed under the message. */
  hint;
  constructor(message, hint, options) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
  }
};
var UsageError = class extends ActivityError {
  exitCode = ExitCode.usage;
};
var InvalidInputError = class extends UsageError {
  problems;
  total;
  constructor(problems, total, outcome = "nothing recorded", hint = "fix the lines named and run the same command again") {
    const shown = problems.map((p) => `line ${p.line}: ${p.message}`).join("; ");
    const more = total > problems.length ? `; and ${total - problems.length} more` : "";
    super(`${total} invalid line${total === 1 ? "" : "s"}, ${outcome}: ${shown}${more}`, hint);
    this.problems = problems;
    this.total = total;
  }
};
var StoreError = class extends ActivityError {
  exitCode = ExitCode.store;
};

// src/core/filter.ts
var isEmptyFilter = (f) => f.users.length === 0 && f.actions.length === 0 && f.types.length === 0 && f.accounts.length === 0 && f.resourceIds.length === 0 && f.search === void 0 && f.since === void 0 && f.until === void 0;
var foldCase = (text) => text.normalize("NFC").toLowerCase();
var actionsMatchingSearch = (search, actions) => actions.filter((action) => action.includes(search));

// src/core/resource-types.ts
var RESOURCE_TYPES = [
  "cluster",
  "project",
  "environment",
  "service",
  "job",
  "deployment",
  "dependency",
  "variable-group",
  "domain",
  "node-pool",
  "volume",
  "provider",
  "user"
];
var ACTIONS = ["create", "update", "delete"];
var plural = (slug) => slug.endsWith("y") ? `${slug.slice(0, -1)}ies` : `${slug}s`;
var TYPE_FORMS = new Map(
  RESOURCE_TYPES.flatMap((slug) => [
    [slug, slug],
    [plural(slug), slug]
  ])
);

// src/core/time.ts
var UNIT_MS = {};
for (const [ms, names] of [
  [1e3, ["s", "sec", "secs", "second", "seconds"]],
  [6e4, ["m", "min", "mins", "minute", "minutes"]],
  [36e5, ["h", "hr", "hrs", "hour", "hours"]],
  [864e5, ["d", "day", "days"]],
  [6048e5, ["w", "wk", "wks", "week", "weeks"]]
]) {
  for (const name of names) UNIT_MS[name] = ms;
}
var pad = (n, width = 2) => String(n).padStart(width, "0");
var cachedDay = Number.NaN;
var cachedDayText = "";
function formatIsoTime(instant) {
  const day = Math.floor(instant / 864e5);
  if (day !== cachedDay) {
    cachedDayText = new Date(day * 864e5).toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = instant - day * 864e5;
  const ms = rest % 1e3;
  rest = (rest - ms) / 1e3;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${cachedDayText}${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(ms, 3)}Z`;
}

// src/store/sqlite-sql.ts
var EVENT_INDEXES = [
  ["events_by_time", "time, type, action, user, subject"],
  ["events_by_type", "type, action, time, user, subject"],
  ["events_by_user", "user, time, type, action, subject"],
  ["events_by_subject", "subject, time, type, action, user"]
];
var SUBJECT_INDEXES = [
  ["subjects_by_account", "account"],
  ["subjects_by_resource", "resource_id"],
  ["subjects_by_name", "name, events"]
];
var createIndexes = (table) => (table === "events" ? EVENT_INDEXES : SUBJECT_INDEXES).map(([name, columns]) => `CREATE INDEX ${name} ON ${table} (${columns});`).join("\n");
var MIGRATIONS = [
  `CREATE TABLE users (
     id   INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     key  TEXT NOT NULL
   );
   CREATE INDEX users_by_key ON users (key);
   CREATE TABLE names (
     id   INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE
   );
   CREATE TABLE subjects (
     id          INTEGER PRIMARY KEY,
     type        TEXT    NOT NULL,
     account     TEXT    NOT NULL,
     resource_id TEXT    NOT NULL,
     name        INTEGER NOT NULL REFERENCES names (id),
     -- How many events name this subject: counts for search, account and resource
     -- filters without reading their events.
     events      INTEGER NOT NULL DEFAULT 0,
     UNIQUE (type, account, resource_id, name)
   );
   ${createIndexes("subjects")}
   CREATE TABLE events (
     seq     INTEGER PRIMARY KEY,
     id      TEXT    NOT NULL UNIQUE,
     time    INTEGER NOT NULL,
     action  TEXT    NOT NULL,
     type    TEXT    NOT NULL,
     subject INTEGER NOT NULL REFERENCES subjects (id),
     user    INTEGER NOT NULL REFERENCES users (id),
     details TEXT,
     hash    TEXT    NOT NULL
   );
   ${createIndexes("events")}
   -- Substring search over names without reading every row (detail=none keeps it small).
   CREATE VIRTUAL TABLE names_search USING fts5 (
     name, content = 'names', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
   );`
];
var TRIGRAM = 3;
function trigramQuery(search) {
  const chars = [...search];
  const grams = /* @__PURE__ */ new Set();
  for (let i = 0; i + TRIGRAM <= chars.length; i++) grams.add(chars.slice(i, i + TRIGRAM).join(""));
  return [...grams].map((gram) => `"${gram.replaceAll('"', '""')}"`).join(" AND ");
}
var EVENT_JSON = `CAST(json_object('seq', e.seq, 'id', e.id,
  'time', strftime('%Y-%m-%dT%H:%M:%S', (e.time - (e.time % 1000 + 1000) % 1000) / 1000, 'unixepoch')
    || '.' || printf('%03d', (e.time % 1000 + 1000) % 1000) || 'Z',
  'action', e.action, 'type', e.type, 'name', n.name, 'resourceId', nullif(s.resource_id, ''),
  'account', nullif(s.account, ''), 'user', u.name, 'details', json(e.details), 'hash', e.hash) AS BLOB)`;
var EVENT_COLUMNS = `e.seq, e.id, e.time, e.action, e.type, n.name, s.resource_id, s.account, u.name AS user,
  e.details, e.hash`;
var JOIN_NAMES = "CROSS JOIN subjects s ON s.id = e.subject CROSS JOIN names n ON n.id = s.name CROSS JOIN users u ON u.id = e.user";
var SELECT_EVENTS = `SELECT ${EVENT_COLUMNS} FROM events e ${JOIN_NAMES}`;
var toEvent = (row) => ({
  seq: row[0],
  id: row[1],
  time: formatIsoTime(row[2]),
  action: row[3],
  type: row[4],
  name: row[5],
  resourceId: row[6] === "" ? null : row[6],
  account: row[7] === "" ? null : row[7],
  user: row[8],
  details: row[9],
  hash: row[10]
});
var ORDER_BY = {
  newest: "ORDER BY e.time DESC, e.seq DESC",
  oldest: "ORDER BY e.time ASC, e.seq ASC",
  seq: "ORDER BY e.seq ASC"
};

// src/core/cache.ts
function keep(cache, key, value, limit) {
  if (cache.size >= limit && !cache.has(key)) {
    let evict = Math.ceil(limit / 2);
    for (const old of cache.keys()) {
      cache.delete(old);
      if (--evict === 0) break;
    }
  }
  cache.set(key, value);
}
function remember(cache, key, load, limit) {
  let value = cache.get(key);
  if (value === void 0) {
    value = load();
    keep(cache, key, value, limit);
  }
  return value;
}

// src/core/chain.ts
var GENESIS_HASH = "0".repeat(64);
var NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
var quote = (s) => s === null ? "null" : NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
var canonicalEncoding = (seq, e) => `[${seq},${quote(e.id)},${quote(e.time)},${quote(e.action)},${quote(e.type)},${quote(e.name)},${quote(e.resourceId)},${quote(e.account)},${quote(e.user)},${e.details ?? "null"}]`;
var sha256;
function chainHash(previousHash, seq, e) {
  if (!sha256) {
    const { hash } = process.getBuiltinModule("node:crypto");
    sha256 = (data) => hash("sha256", data, "hex");
  }
  return sha256(`${previousHash}
${canonicalEncoding(seq, e)}`);
}

// src/core/event.ts
var LIMITS = {
  id: 128,
  name: 256,
  user: 256,
  resourceId: 128,
  account: 128,
  detailsBytes: 64 * 1024,
  detailsDepth: 32
};
var sameContent = (a, b) => a.action === b.action && a.type === b.type && a.name === b.name && a.resourceId === b.resourceId && a.account === b.account && a.user === b.user && a.details === b.details;
function subjectFingerprint(e) {
  let a = 2166136261;
  let b = 2538058380;
  for (const field of [e.type, e.account ?? "", e.resourceId ?? "", e.name]) {
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      a = Math.imul(a ^ c, 16777619);
      b = Math.imul(b ^ c, 1540483477);
    }
    a = Math.imul(a ^ 65535, 16777619);
    b = Math.imul(b ^ 65535, 1540483477);
  }
  return (a >>> 0) * 1048576 + (b >>> 12);
}

// src/core/problems.ts
var SHOWN = 20;
var ProblemList = class {
  shown = [];
  total = 0;
  add(line, message) {
    this.total++;
    if (this.shown.length < SHOWN) this.shown.push({ line, message });
  }
  get any() {
    return this.total > 0;
  }
  get count() {
    return this.total;
  }
  throwIfAny(outcome, hint) {
    if (this.total > 0) throw new InvalidInputError(this.shown, this.total, outcome, hint);
  }
};

// src/store/sqlite-writer.ts
var BULK_AFTER = 2e4;
var GROUP = 50;
var CACHE_KIB = 16e3;
var BULK_CACHE_KIB = 4e3;
var CACHE_LIMIT = 5e4;
var COLUMNS = "seq, id, time, action, type, subject, user, details, hash";
var ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
var SqliteWriter = class {
  constructor(db, statement, read) {
    this.db = db;
    this.statement = statement;
    this.read = read;
  }
  /** In a bulk write: indexes are rebuilt at the end rather than kept up row by row. */
  bulk = false;
  users = /* @__PURE__ */ new Map();
  names = /* @__PURE__ */ new Map();
  /** Subject ids by subjectFingerprint, with the fields to tell a collision apart. */
  subjects = /* @__PURE__ */ new Map();
  /** See ActivityStore.record. */
  async record(chunks) {
    const db = this.db;
    let began = false;
    try {
      db.exec("BEGIN IMMEDIATE");
      began = true;
      const batch = new Batch(this, this.read.head() ?? { seq: 0, hash: GENESIS_HASH });
      for await (const chunk of chunks) {
        if (!this.bulk && batch.wantsBulk()) this.beginBulk(batch);
        for (const item of chunk) batch.add(item);
      }
      const summary = batch.finish();
      if (this.bulk) this.rebuildAfterBulk(batch.bulkFrom);
      db.exec("COMMIT");
      began = false;
      return summary;
    } catch (error) {
      if (began && db.inTransaction) db.exec("ROLLBACK");
      this.users.clear();
      this.names.clear();
      this.subjects.clear();
      throw error;
    } finally {
      if (this.bulk) {
        db.pragma("threads = 0");
        db.pragma(`cache_size = -${CACHE_KIB}`);
        this.bulk = false;
      }
    }
  }
  beginBulk(batch) {
    for (const [name] of [...EVENT_INDEXES, ...SUBJECT_INDEXES]) this.db.exec(`DROP INDEX ${name}`);
    batch.startBulk();
    this.bulk = true;
    this.db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  }
  /**
   * The end of a bulk write: the indexes dropped for it are built again (the sorter may
   * use helper threads), and the per-subject counts of the events written since
   * `fromSeq` are added in one pass, before the index that holds them exists.
   */
  rebuildAfterBulk(fromSeq) {
    const db = this.db;
    db.pragma("threads = 2");
    db.exec(createIndexes("events"));
    this.statement(
      `UPDATE subjects SET events = events + added.n
       FROM (SELECT subject, count(*) AS n FROM events WHERE seq > ? GROUP BY subject) AS added
       WHERE subjects.id = added.subject`
    ).run(fromSeq);
    db.exec(createIndexes("subjects"));
    db.exec("INSERT INTO names_search (names_search) VALUES ('rebuild')");
  }
  readById(id) {
    return this.read.byId(id);
  }
  /** Inserts one event unless its id is taken; whether it was inserted. */
  insertOne(p) {
    const e = p.item.event;
    return this.statement(`INSERT INTO events (${COLUMNS}) VALUES ${ROW} ON CONFLICT (id) DO NOTHING`).run(
      p.seq,
      e.id,
      Date.parse(e.time),
      e.action,
      e.type,
      p.subject,
      this.userId(e.user),
      e.details,
      p.hash
    ).changes === 1;
  }
  /**
   * Inserts a full group in one statement; false, with nothing inserted, when an id of
   * the group was taken (the caller then goes event by event).
   */
  insertGroup(group) {
    const params = [];
    for (const p of group) {
      const e = p.item.event;
      params.push(p.seq, e.id, Date.parse(e.time), e.action, e.type, p.subject, this.userId(e.user), e.details, p.hash);
    }
    try {
      this.statement(`INSERT INTO events (${COLUMNS}) VALUES ${Array(GROUP).fill(ROW).join(", ")}`).run(params);
      return true;
    } catch (error) {
      if (error.code === "SQLITE_CONSTRAINT_UNIQUE") return false;
      throw error;
    }
  }
  /** Adds per-subject event counts (outside bulk writes, which count in one pass at the end). */
  countEvents(added) {
    const bump = this.statement("UPDATE subjects SET events = events + ? WHERE id = ?");
    for (const [subject, n] of added) bump.run(n, subject);
    added.clear();
  }
  get inBulk() {
    return this.bulk;
  }
  userId(name) {
    return remember(
      this.users,
      name,
      () => {
        const found = this.statement("SELECT id FROM users WHERE name = ?").pluck().get(name);
        return found ?? Number(
          this.statement("INSERT INTO users (name, key) VALUES (?, ?)").run(name, foldCase(name)).lastInsertRowid
        );
      },
      CACHE_LIMIT
    );
  }
  nameId(name) {
    return remember(
      this.names,
      name,
      () => {
        const found = this.statement("SELECT id FROM names WHERE name = ?").pluck().get(name);
        if (found !== void 0) return found;
        const id = Number(this.statement("INSERT INTO names (name) VALUES (?)").run(name).lastInsertRowid);
        if (!this.bulk) this.statement("INSERT INTO names_search (rowid, name) VALUES (?, ?)").run(id, name);
        return id;
      },
      CACHE_LIMIT
    );
  }
  subjectId(e, fingerprint = subjectFingerprint(e)) {
    const known = this.subjects.get(fingerprint);
    if (known !== void 0 && known.name === e.name && known.type === e.type && known.account === e.account && known.resourceId === e.resourceId) {
      return known.id;
    }
    const id = this.loadSubjectId(e);
    const { type, account, resourceId, name } = e;
    keep(this.subjects, fingerprint, { id, type, account, resourceId, name }, CACHE_LIMIT);
    return id;
  }
  loadSubjectId(e) {
    const account = e.account ?? "";
    const resourceId = e.resourceId ?? "";
    const name = this.nameId(e.name);
    const found = this.statement(
      "SELECT id FROM subjects WHERE type = ? AND account = ? AND resource_id = ? AND name = ?"
    ).pluck().get(e.type, account, resourceId, name);
    return found ?? Number(
      this.statement("INSERT INTO subjects (type, account, resource_id, name) VALUES (?, ?, ?, ?)").run(
        e.type,
        account,
        resourceId,
        name
      ).lastInsertRowid
    );
  }
};
var Batch = class {
  constructor(writer, head) {
    this.writer = writer;
    this.head = head;
    this.before = head.seq;
  }
  summary = { recorded: 0, unchanged: 0 };
  problems = new ProblemList();
  /** The seq after which a bulk write began. */
  bulkFrom = 0;
  before;
  group = [];
  /** Events added per subject, flushed as it fills so that memory stays bounded. */
  added = /* @__PURE__ */ new Map();
  wantsBulk() {
    return !this.problems.any && this.summary.recorded >= BULK_AFTER && this.summary.recorded > this.before;
  }
  startBulk() {
    this.writer.countEvents(this.added);
    this.bulkFrom = this.head.seq;
  }
  add(item) {
    if ("problem" in item) {
      this.flush();
      this.problems.add(item.line, item.problem);
      return;
    }
    if (this.problems.any) return;
    const last = this.group.at(-1) ?? this.head;
    const seq = last.seq + 1;
    const link = item.link;
    const hash = link !== void 0 && link.seq === seq && link.previous === last.hash ? link.hash : chainHash(last.hash, seq, item.event);
    this.group.push({ item, seq, hash, subject: this.writer.subjectId(item.event, item.subject) });
    if (this.group.length === GROUP) this.flush();
  }
  finish() {
    this.flush();
    this.problems.throwIfAny();
    this.writer.countEvents(this.added);
    return this.summary;
  }
  /** Writes the waiting group: in one statement when it is full and no id of it was taken. */
  flush() {
    const group = this.group;
    if (group.length === 0) return;
    this.group = [];
    if (group.length === GROUP && this.writer.insertGroup(group)) {
      for (const placed of group) this.written(placed);
      return;
    }
    for (const placed of group) {
      const seq = this.head.seq + 1;
      const again = placed.seq === seq ? placed : { ...placed, seq, hash: chainHash(this.head.hash, seq, placed.item.event) };
      if (this.writer.insertOne(again)) {
        this.written(again);
        continue;
      }
      const e = placed.item.event;
      const existing = this.writer.readById(e.id);
      if (sameContent(e, { ...e, ...existing, time: e.time })) this.summary.unchanged++;
      else {
        this.problems.add(
          placed.item.line,
          `id "${e.id}" was already recorded (seq ${existing.seq}) with other content`
        );
      }
    }
  }
  written(placed) {
    this.head.seq = placed.seq;
    this.head.hash = placed.hash;
    this.summary.firstSeq ??= placed.seq;
    this.summary.lastSeq = placed.seq;
    this.summary.recorded++;
    if (!this.writer.inBulk) {
      this.added.set(placed.subject, (this.added.get(placed.subject) ?? 0) + 1);
      if (this.added.size >= CACHE_LIMIT) this.writer.countEvents(this.added);
    }
  }
};

// src/store/sqlite.ts
var WALK_TIME_INDEX_ABOVE = 20;
var PAGE_SIZE = 500;
var MMAP_BYTES = 1024 * 1024 * 1024;
var POLL_MS = 50;
function pause(ms, signal) {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve(!signal.aborted);
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
function nativeBinding() {
  try {
    return (0, import_node_module.createRequire)(__importMetaUrl).resolve("better-sqlite3/build/Release/better_sqlite3.node");
  } catch {
    return void 0;
  }
}
function storeFailure(location, error) {
  if (error instanceof ActivityError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(`store ${location} failed: ${message}`, "check the path, its permissions and free disk space", {
    cause: error
  });
}
var marks = (values) => values.map(() => "?").join(", ");
var Conditions = class {
  clauses = [];
  params = [];
  add(clause, ...params) {
    this.clauses.push(clause);
    this.params.push(...params);
  }
  /** `column IN (…)`, or nothing for an empty list ("any"). */
  anyOf(column, values) {
    if (values.length > 0) this.add(`${column} IN (${marks(values)})`, ...values);
  }
  /** A comparison, or nothing when the bound is absent. */
  bound(clause, value) {
    if (value !== void 0) this.add(clause, value);
  }
  sql() {
    return { where: this.clauses.length > 0 ? ` WHERE ${this.clauses.join(" AND ")}` : "", params: this.params };
  }
};
var SqliteStore = class _SqliteStore {
  constructor(db, location) {
    this.db = db;
    this.location = location;
  }
  statements = /* @__PURE__ */ new Map();
  /** Commits by this connection, so that its own writes invalidate the caches below. */
  ownWrites = 0;
  /** Opens (and in write mode creates) the store file, and brings its schema up to date. */
  static open(path, mode) {
    let exists = false;
    try {
      const stat = (0, import_node_fs.statSync)(path);
      if (stat.isDirectory()) {
        throw new StoreError(`store ${path} is a directory, not a store file`, "give the path of a file with --store");
      }
      exists = true;
    } catch (error) {
      if (error instanceof ActivityError) throw error;
      if (error.code !== "ENOENT") throw storeFailure(path, error);
    }
    try {
      const file = exists || mode === "write" ? path : ":memory:";
      if (file !== ":memory:") (0, import_node_fs.mkdirSync)((0, import_node_path.dirname)(path), { recursive: true });
      const binding = nativeBinding();
      const db = new import_better_sqlite3.default(file, {
        timeout: 6e4,
        ...binding ? { nativeBinding: binding } : {}
      });
      const store = new _SqliteStore(db, path);
      try {
        store.prepareConnection();
      } catch (error) {
        db.close();
        throw error;
      }
      return store;
    } catch (error) {
      throw storeFailure(path, error);
    }
  }
  prepareConnection() {
    const db = this.db;
    const version = db.pragma("user_version", { simple: true });
    if (version > MIGRATIONS.length) {
      throw new StoreError(
        `store ${this.location} has schema version ${version}, newer than this activity knows (${MIGRATIONS.length})`,
        "upgrade activity"
      );
    }
    if (version === 0) db.pragma("page_size = 16384");
    if (db.name !== ":memory:") db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.function("fold", { deterministic: true }, (text) => typeof text === "string" ? foldCase(text) : null);
    if (version < MIGRATIONS.length) this.migrate(version);
  }
  migrate(from) {
    const db = this.db;
    db.exec("BEGIN IMMEDIATE");
    try {
      const current = db.pragma("user_version", { simple: true });
      for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] ?? "");
      db.pragma(`user_version = ${MIGRATIONS.length}`);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
    if (from > 0) db.exec("ANALYZE");
  }
  statement(sql) {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
  writer;
  async record(chunks) {
    this.writer ??= new SqliteWriter(this.db, (sql) => this.statement(sql), {
      head: () => this.readHead(),
      byId: (id) => this.readById(id)
    });
    try {
      const summary = await this.writer.record(chunks);
      this.ownWrites++;
      return summary;
    } catch (error) {
      throw storeFailure(this.location, error);
    }
  }
  readHead() {
    return this.statement("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").get();
  }
  readById(id) {
    const row = this.statement(`${SELECT_EVENTS} WHERE e.id = ?`).raw().get(id);
    return row && toEvent(row);
  }
  query(query) {
    return this.pages(query, EVENT_COLUMNS, (row) => toEvent(row));
  }
  queryJson(query) {
    return this.pages(query, EVENT_JSON, (row) => row[0]);
  }
  async *pages(query, columns, map) {
    const { where, params } = this.where(query.filter, query);
    const order = ORDER_BY[query.order];
    let sql;
    if (query.limit === void 0) {
      sql = `SELECT ${columns} FROM events e ${JOIN_NAMES}${where} ${order}`;
    } else {
      this.db.pragma(`mmap_size = ${MMAP_BYTES}`);
      const walkTime = query.order !== "seq" && !isEmptyFilter(query.filter) && await this.count(query.filter) > query.limit * WALK_TIME_INDEX_ABOVE;
      sql = `SELECT ${columns} FROM (SELECT e.seq FROM events e${walkTime ? " INDEXED BY events_by_time" : ""}${where} ${order} LIMIT ${Math.floor(query.limit)}) AS page CROSS JOIN events e ON e.seq = page.seq ${JOIN_NAMES} ${order}`;
    }
    let rows;
    try {
      rows = this.statement(sql).raw().iterate(...params);
    } catch (error) {
      throw storeFailure(this.location, error);
    }
    let page = [];
    for (const row of rows) {
      page.push(map(row));
      if (page.length === PAGE_SIZE) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }
  async *follow(filter, afterSeq, signal) {
    if (this.db.name === ":memory:") {
      while (!(0, import_node_fs.existsSync)(this.location)) {
        if (!await pause(POLL_MS, signal)) return;
      }
      const store = _SqliteStore.open(this.location, "read");
      try {
        yield* store.follow(filter, afterSeq, signal);
      } finally {
        await store.close();
      }
      return;
    }
    let after = afterSeq;
    let version;
    while (!signal.aborted) {
      const now = this.run(() => this.db.pragma("data_version", { simple: true }));
      if (now !== version) {
        version = now;
        const head = (await this.head())?.seq ?? 0;
        if (head > after) {
          for await (const page of this.query({ filter, order: "seq", afterSeq: after, throughSeq: head })) {
            yield { events: page, through: page.at(-1)?.seq ?? after };
          }
          yield { events: [], through: head };
          after = head;
        }
      }
      if (!await pause(POLL_MS, signal)) return;
    }
  }
  /** The last count, since a page's query and its "Showing 50 of N" ask the same. */
  lastCount;
  async count(filter) {
    const key = `${this.version()} ${JSON.stringify(filter)}`;
    if (this.lastCount?.key === key) return this.lastCount.count;
    const count = this.run(() => {
      if (isEmptyFilter(filter)) return this.readHead()?.seq ?? 0;
      if (bySubjectOnly(filter)) return this.matchingSubjects(filter).events;
      const { where, params } = this.where(filter, {});
      return this.statement(`SELECT count(*) FROM events e${where}`).pluck().get(...params);
    });
    this.lastCount = { key, count };
    return count;
  }
  async get(ref) {
    return this.run(() => {
      if ("id" in ref) return this.readById(ref.id);
      const row = this.statement(`${SELECT_EVENTS} WHERE e.seq = ?`).raw().get(ref.seq);
      return row && toEvent(row);
    });
  }
  async head() {
    return this.run(() => this.readHead());
  }
  async close() {
    if (!this.db.open) return;
    if (this.ownWrites > 0) {
      try {
        this.db.exec("BEGIN IMMEDIATE");
        this.db.pragma("optimize");
        this.db.exec("COMMIT");
      } catch {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
      }
    }
    this.db.close();
  }
  run(work) {
    try {
      return work();
    } catch (error) {
      throw storeFailure(this.location, error);
    }
  }
  /**
   * The SQL of SPEC §3's filters over `events e`. Users, accounts, resource ids and
   * names are looked up in their small tables first; each clause then has an index.
   */
  where(filter, range) {
    const where = new Conditions();
    if (filter.users.length > 0) {
      const ids = this.statement(`SELECT id FROM users WHERE key IN (${marks(filter.users)})`).pluck().all(...filter.users);
      if (ids.length === 0) where.add("0");
      where.anyOf("e.user", ids);
    }
    where.anyOf("e.action", filter.actions);
    where.anyOf("e.type", filter.types);
    where.bound("e.time >= ?", filter.since);
    where.bound("e.time < ?", filter.until);
    where.bound("e.seq > ?", range.afterSeq);
    where.bound("e.seq <= ?", range.throughSeq);
    if (filter.accounts.length > 0 || filter.resourceIds.length > 0 || filter.search !== void 0) {
      const { ids } = this.matchingSubjects(filter);
      const byAction = filter.search === void 0 ? [] : actionsMatchingSearch(filter.search, ACTIONS);
      const orAction = byAction.length > 0 ? ` OR e.action IN (${marks(byAction)})` : "";
      where.add(`(e.subject IN (SELECT value FROM json_each(?))${orAction})`, ids, ...byAction);
    }
    return where.sql();
  }
  lastSubjects;
  /** Changes whenever this or another connection commits: what the small caches above key on. */
  version() {
    return `${this.db.pragma("data_version", { simple: true })}.${this.ownWrites}`;
  }
  /**
   * The subjects that the account, resource-id and search filters select (and the type
   * filter, which events also carry), as a JSON array of ids, with their event count.
   */
  matchingSubjects(filter) {
    const key = `${this.version()} ${JSON.stringify([filter.types, filter.accounts, filter.resourceIds, filter.search])}`;
    if (this.lastSubjects?.key !== key) {
      const { where, params } = this.subjectWhere(filter);
      const [ids, events] = this.statement(
        `SELECT json_group_array(id), coalesce(sum(events), 0) FROM subjects${where}`
      ).raw().get(...params);
      this.lastSubjects = { key, ids, events };
    }
    return this.lastSubjects;
  }
  /** The filters that are properties of a subject, over the subjects table. */
  subjectWhere(filter) {
    const where = new Conditions();
    where.anyOf("type", filter.types);
    where.anyOf("account", filter.accounts);
    where.anyOf("resource_id", filter.resourceIds);
    if (filter.search !== void 0) {
      const ascii = /^[ -~]*$/.test(filter.search);
      const narrowed = [...filter.search].length >= TRIGRAM;
      const check = `instr(${ascii ? "lower" : "fold"}(name), ?) > 0`;
      if (narrowed) {
        where.add(
          `name IN (SELECT id FROM names WHERE id IN (SELECT rowid FROM names_search WHERE names_search MATCH ?) AND ${check})`,
          trigramQuery(filter.search),
          filter.search
        );
      } else {
        where.add(`name IN (SELECT id FROM names WHERE ${check})`, filter.search);
      }
    }
    return where.sql();
  }
};
var bySubjectOnly = (f) => f.users.length === 0 && f.actions.length === 0 && f.since === void 0 && f.until === void 0 && (f.accounts.length > 0 || f.resourceIds.length > 0 || f.search !== void 0) && (f.search === void 0 || actionsMatchingSearch(f.search, ACTIONS).length === 0);
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  SqliteStore
});
