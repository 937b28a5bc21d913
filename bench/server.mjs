#!/usr/bin/env node
// Benchmark of the remote store: `activity serve` on a copy of the 1,000,000-event store,
// each figure against the bar it must meet, all in one run.
// Usage: node bench/server.mjs [-- --events 1000000 --duration 10 --connections 32 --ingest 200000
//   --posters 3 --followed 200 --runs 20]
// Writes its section of bench/RESULTS.md. Needs the build (npm install). Data lives in bench/data/ (ignored
// by git), shared with bench/run.mjs: the NDJSON file and the store are made there if missing.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchStore } from './data.mjs';
import { writeSection } from './results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const EVENTS = option('events', 1_000_000);
const DURATION_S = option('duration', 10);
const CONNECTIONS = option('connections', 32);
const INGEST = option('ingest', 200_000);
const BATCH = 5000;
const POSTERS = option('posters', 3);
const FOLLOWED = option('followed', 200);
const FOLLOW_GAP_MS = 20;
const RUNS = option('runs', 20);
const WARM_UP_S = 2;

const bin = join(root, 'bin', 'activity');
// What is measured: the commit, and the build in dist/, which must not change during the run.
const commit = execFileSync('git', ['-C', root, 'log', '-1', '--format=%h (%cs)']).toString().trim();
const distDir = join(root, 'dist');
const distStamp = () =>
  readdirSync(distDir)
    .map((file) => `${file}:${statSync(join(distDir, file)).mtimeMs}`)
    .join(' ');
const distAtStart = distStamp();
const distBuilt = statSync(join(distDir, 'cli.cjs')).mtime.toISOString().slice(0, 16).replace('T', ' ');

const log = (text) => process.stderr.write(`${text}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sorted = (values) => [...values].sort((a, b) => a - b);
/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
const percentile = (values, p) => {
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (values) => percentile(values, 50);

// 1. The data: the files bench/run.mjs uses. The server works on a copy, so the shared store is untouched.
const sourceStore = await benchStore(root, EVENTS);
const scratch = mkdtempSync(join(tmpdir(), 'activity-server-bench-'));
const store = join(scratch, 'bench.db');
log(`copying the store to ${store}`);
for (const suffix of ['', '-wal']) {
  if (existsSync(`${sourceStore}${suffix}`)) copyFileSync(`${sourceStore}${suffix}`, `${store}${suffix}`);
}
// A second copy, untouched by the server, for the local ingest baseline below.
copyFileSync(store, join(scratch, 'pristine.db'));
const storeMB = statSync(store).size / 1e6;

const cli = (...cliArgs) => execFileSync(bin, ['--store', store, ...cliArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
const readToken = cli('token', 'create', '--name', 'bench-read', '--scope', 'read').toString().trim();
const writeToken = cli('token', 'create', '--name', 'bench-write', '--scope', 'write').toString().trim();

// 2. The server, its log (one line a request) to a file: a pipe nobody read would stall it.
const serverLog = join(scratch, 'serve.log');
const logFd = openSync(serverLog, 'w');
const server = spawn(bin, ['--store', store, 'serve', '--host', '127.0.0.1', '--port', '0', '--rate-limit', '0'], {
  stdio: ['ignore', 'ignore', logFd],
});
closeSync(logFd);
const serverExit = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
let exited = false;
serverExit.then(() => {
  exited = true;
});
// Whatever happens below, the server and the copy do not outlive this script.
process.on('exit', () => {
  if (!exited) server.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});
const readLog = () => readFileSync(serverLog, 'utf8');
let base;
for (const started = Date.now(); base === undefined; await sleep(20)) {
  const match = /activity serve: listening on (http:\/\/\S+)/.exec(readLog());
  if (match) base = match[1];
  else if (exited || Date.now() - started > 30_000) throw new Error(`the server did not start:\n${readLog()}`);
}
// bin/activity is a sh launcher that execs node, so its pid is node's; checked, since the
// RSS below must be the server's and not a shell's.
const pid = server.pid;
if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'node') throw new Error(`pid ${pid} is not node`);
log(`server: ${base}, pid ${pid}`);

const procStatus = (field) => {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? Number.NaN) / 1024; // MB (MiB)
};
const cpuTicks = (processId) => {
  const fields = readFileSync(`/proc/${processId}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
};
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** One HTTP exchange, the whole answer read; `agent` keeps the connection for the next. */
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
function http(method, path, { token = readToken, body, contentType = 'application/x-ndjson' } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = contentType;
    const sent = request(new URL(path, base), { method, headers, agent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) reject(new Error(`${method} ${path}: HTTP ${response.statusCode} ${text}`));
        else resolve(JSON.parse(text));
      });
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}
const headSeq = async () => (await http('GET', '/v1/head')).seq;

/** The server's CPU (% of one core) and peak RSS while `work` runs, RSS sampled every 25 ms. */
async function watched(work) {
  let peak = 0;
  let anon = 0;
  let file = 0;
  let walBytes = 0;
  const sample = () => {
    peak = Math.max(peak, procStatus('VmRSS'));
    // What of it is the process's own memory, and what the store file's pages mapped in (mmap reads).
    anon = Math.max(anon, procStatus('RssAnon'));
    file = Math.max(file, procStatus('RssFile'));
    if (existsSync(`${store}-wal`)) walBytes = Math.max(walBytes, statSync(`${store}-wal`).size);
  };
  sample();
  const sampler = setInterval(sample, 25);
  const ticks = cpuTicks(pid);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      result,
      peakRssMB: peak,
      peakAnonMB: anon,
      peakFileMB: file,
      walMB: walBytes / 2 ** 20,
      serverCpu: ((cpuTicks(pid) - ticks) / ticksPerSecond / seconds) * 100,
      benchCpu: ((used.user + used.system) / 1e6 / seconds) * 100,
    };
  } finally {
    clearInterval(sampler);
  }
}

const startSeq = await headSeq();

// 3. list under load: one filter of reference §3's four (user, action, type, since) as
// GET /v1/events?…&limit=50, the page a `list` asks for. The user is a real one, the one
// with the most events (as in bench/run.mjs), and the action and type are that user's
// commonest in the last 30 days, all asked of the server's /v1/stats: the filter then
// fills the page, the most work a page is. How many events match is reported.
const topUser = (await http('GET', '/v1/stats?users=1')).topUsers[0].user;
const commonest = (counts) => Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
const recent = await http('GET', `/v1/stats?${new URLSearchParams({ user: topUser, since: '30d' })}`);
const filterTerms = { user: topUser, action: commonest(recent.byAction), type: commonest(recent.byType), since: '30d' };
const filter = new URLSearchParams(filterTerms);
const listPath = `/v1/events?${filter}&limit=50`;
const page = await http('GET', listPath);
const matched = (await http('GET', `/v1/count?${filter}`)).count;
if (page.events.length === 0) throw new Error(`the filter ${filter} matches nothing`);
log(`list load: ${listPath} (${matched} events match, ${page.events.length} on the page)`);

const cannon = (duration, latencies) =>
  new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: new URL(listPath, base).href,
        connections: CONNECTIONS,
        duration,
        headers: { authorization: `Bearer ${readToken}` },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    // autocannon's own histogram keeps whole milliseconds; the exact times come with each response.
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status === 200) latencies?.push(ms);
    });
  });
// A short load first, not counted: the server's code is compiled by then and its caches warm.
await cannon(WARM_UP_S);
const listLatencies = [];
const listLoad = await watched(() => cannon(DURATION_S, listLatencies));
const listResult = listLoad.result;
if (listResult.errors > 0 || listResult.non2xx > 0) {
  throw new Error(`list load: ${listResult.errors} errors, ${listResult.non2xx} non-2xx answers`);
}
const listHwmMB = procStatus('VmHWM');
const listRps = listLatencies.length / listResult.duration;

// 4. Ingest: batches of 5,000 distinct events as NDJSON, from a few posters at once, into
// the copied 1,000,000-event store (its indexes cost more than an empty store's: the
// harder case). The events are the sample generator's (another seed than the store's):
// resources created, updated and deleted, names and users repeating as in the store;
// without ids or times, which the server gives. The bodies are made before the clock starts.
const { generateEvents } = await import(join(root, 'dist', 'sample.cjs'));
const runTag = Date.now().toString(36);
const ingestLines = [];
for (const event of generateEvents({ count: INGEST, seed: 8, days: 1 })) {
  delete event.id;
  delete event.time;
  ingestLines.push(JSON.stringify(event));
}
const bodies = [];
for (let at = 0; at < ingestLines.length; at += BATCH) {
  bodies.push(`${ingestLines.slice(at, at + BATCH).join('\n')}\n`);
}
log(`ingest: ${INGEST} events in batches of ${BATCH}, ${POSTERS} posters`);
const beforeIngest = await headSeq();
const batchMs = [];
const ingest = await watched(async () => {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: POSTERS }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const sent = performance.now();
        const answer = await http('POST', '/v1/events', { token: writeToken, body });
        batchMs.push(performance.now() - sent);
        if (answer.recorded !== BATCH) throw new Error(`a batch recorded ${answer.recorded} of ${BATCH}`);
      }
    }),
  );
  return performance.now() - started;
});
const ingestMs = ingest.result;
const ingested = (await headSeq()) - beforeIngest;
if (ingested !== INGEST) throw new Error(`the head moved by ${ingested}, not ${INGEST}`);
const ingestRate = INGEST / (ingestMs / 1000);
// For scale, right after: the same events recorded by a local `record --file` into another
// copy of the same 1M-event store, with no server in the way (its process's wall time,
// start-up included).
const ingestFile = join(scratch, 'ingest.ndjson');
writeFileSync(ingestFile, `${ingestLines.join('\n')}\n`);
const localStore = join(scratch, 'local.db');
renameSync(join(scratch, 'pristine.db'), localStore);
const localStarted = performance.now();
execFileSync(bin, ['--store', localStore, 'record', '--file', ingestFile], { stdio: 'ignore' });
const localIngestMs = performance.now() - localStarted;
rmSync(localStore, { force: true });
rmSync(ingestFile, { force: true });
const localIngestRate = INGEST / (localIngestMs / 1000);

// 5. Following: one SSE client on /v1/stream (plain node:http), and single events recorded
// one after another, each carrying its send time. Two latencies per event: from just
// before its POST to its message on the stream, and from the POST's answer (the commit is
// done by then) to the message; the second is negative when the push beats the answer.
/** An event stream's messages, parsed as they come. */
function openStream(onMessage) {
  return new Promise((resolve, reject) => {
    const sent = request(new URL('/v1/stream', base), {
      headers: { authorization: `Bearer ${readToken}`, accept: 'text/event-stream' },
      agent: false,
    });
    sent.on('response', (response) => {
      if (response.statusCode !== 200) return reject(new Error(`/v1/stream: HTTP ${response.statusCode}`));
      let rest = '';
      response.setEncoding('utf8');
      response.on('data', (text) => {
        rest += text;
        for (let end = rest.indexOf('\n\n'); end !== -1; end = rest.indexOf('\n\n')) {
          const message = { event: 'message', data: '' };
          for (const line of rest.slice(0, end).split('\n')) {
            if (line.startsWith(':')) continue; // a heartbeat
            const colon = line.indexOf(':');
            const field = line.slice(0, colon);
            if (field === 'event' || field === 'data' || field === 'id') message[field] = line.slice(colon + 2);
          }
          rest = rest.slice(end + 2);
          onMessage(message, performance.now());
        }
      });
      resolve({ request: sent, response });
    });
    sent.on('error', reject);
    sent.end();
  });
}
const arrivals = new Map(); // event name → resolve(arrival time)
let throughSeen;
const throughMessage = new Promise((resolve) => {
  throughSeen = resolve;
});
const stream = await openStream((message, at) => {
  if (message.event === 'through') throughSeen();
  if (message.event !== 'event') return;
  const event = JSON.parse(message.data);
  arrivals.get(event.name)?.({ at, event });
});
await throughMessage; // the stream has read the head: what is recorded from now on is pushed
log(`following: ${FOLLOWED} events, ${FOLLOW_GAP_MS} ms apart`);
const WARM_UP_EVENTS = 5;
const sendToSeen = [];
const answerToSeen = [];
const sendToAnswer = [];
for (let i = -WARM_UP_EVENTS; i < FOLLOWED; i++) {
  const name = `follow-${runTag}-${i}`;
  const seen = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} never arrived on the stream`)), 10_000);
    arrivals.set(name, (arrival) => {
      clearTimeout(timer);
      resolve(arrival);
    });
  });
  const sentAt = performance.now();
  const body = `${JSON.stringify({
    action: 'update',
    type: 'job',
    name,
    user: 'Bench Bot',
    details: { sentAt: performance.timeOrigin + sentAt },
  })}\n`;
  await http('POST', '/v1/events', { token: writeToken, body });
  const answeredAt = performance.now();
  const { at, event } = await seen;
  arrivals.delete(name);
  if (i >= 0) {
    // The send time as the event carries it: the same clock, this process's.
    sendToSeen.push(performance.timeOrigin + at - event.details.sentAt);
    answerToSeen.push(at - answeredAt);
    sendToAnswer.push(answeredAt - sentAt);
  }
  await sleep(FOLLOW_GAP_MS);
}
stream.request.destroy();

// 6. Start-up: a remote `list --limit 50` against a local one on the same store, in turn,
// in a clean environment: this machine's NODE_EXTRA_CA_CERTS adds ~30 ms to every node
// start, which would hide the difference. node -e 0 in the same turns, for scale; and the
// pair again with the filter of (1), whose page the server finds by another plan.
const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
const listFlags = Object.entries(filterTerms).flatMap(([term, value]) => [`--${term}`, value]);
const remoteStore = ['--store', base, '--token', readToken];
const startCases = [
  ['node -e 0', process.execPath, ['-e', '0']],
  ['local', bin, ['--store', store, 'list', '--limit', '50']],
  ['remote', bin, [...remoteStore, 'list', '--limit', '50']],
  ['local, filtered', bin, ['--store', store, 'list', ...listFlags, '--limit', '50']],
  ['remote, filtered', bin, [...remoteStore, 'list', ...listFlags, '--limit', '50']],
];
// Both sides print the same events (a check that the two are comparable).
const outputs = startCases.slice(1).map(([name, command, commandArgs]) => {
  const result = spawnSync(command, commandArgs, { env: cleanEnv });
  if (result.status !== 0) throw new Error(`${name}: exit ${result.status}: ${result.stderr}`);
  return result.stdout.toString();
});
if (outputs[0] !== outputs[1] || outputs[2] !== outputs[3] || outputs[0].trim().split('\n').length !== 50) {
  throw new Error('the local and the remote list printed different events');
}
log(`start-up: ${startCases.length} commands, ${RUNS} runs each, interleaved, clean environment`);
const startTimes = startCases.map(() => []);
// Where each run's part of the server's log begins: its lines are that run's requests.
const logSlices = [];
for (let run = 0; run < RUNS; run++) {
  startCases.forEach(([name, command, commandArgs], i) => {
    logSlices.push({ i, from: statSync(serverLog).size });
    const started = performance.now();
    const result = spawnSync(command, commandArgs, { env: cleanEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    startTimes[i].push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${name}: exit ${result.status}: ${result.stderr}`);
  });
}
await sleep(100); // the last request's log line
// spawnSync held this event loop the whole time: the server's close of our idle keep-alive
// connections (after its 5 s) is not seen yet, and the next request would take a dead socket.
for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets) socket.destroy();
const [nodeMs, localMs, remoteMs, localFilteredMs, remoteFilteredMs] = startTimes.map(median);
const startRatio = remoteMs / localMs;
// Where a remote list's time goes: the server's own time for each request it made (its
// log line's "ms", from the request's arrival to its answer), by case and path.
const logBytes = readFileSync(serverLog);
const serverMs = startCases.map(() => new Map()); // path → ms of each run
logSlices.forEach(({ i, from }, k) => {
  const to = logSlices[k + 1]?.from ?? logBytes.length;
  for (const line of logBytes.toString('utf8', from, to).split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line);
    if (entry.msg === 'request') serverMs[i].set(entry.path, [...(serverMs[i].get(entry.path) ?? []), entry.ms]);
  }
});
const serverShare = (i) =>
  [...serverMs[i]].map(([path, ms]) => `\`GET ${path}\` ${fmt(median(ms), 1)} ms`).join(' + ') || 'no request';

const endSeq = await headSeq();

// 7. Shutdown: SIGTERM with a stream open; the stream must end and the server exit 0.
const lastStream = await openStream(() => {});
const streamEnded = new Promise((resolve) => lastStream.response.on('close', resolve));
const termAt = performance.now();
server.kill('SIGTERM');
const exit = await Promise.race([serverExit, sleep(15_000).then(() => ({ code: null, signal: 'timeout' }))]);
const shutdownMs = performance.now() - termAt;
const streamClosed = await Promise.race([streamEnded.then(() => true), sleep(1000).then(() => false)]);
agent.destroy();

// The report.
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n) => `${fmt(n, n < 100 ? 1 : 0)} ms`;
const met = (ok) => (ok ? 'yes' : '**no**');
const quoted = (text) => (/[\s,]/.test(text) ? `"${text}"` : text);
/** A figure with its bar (and aim); `bar` undefined: a figure for information or scale. */
const row = (measure, value, bar, aim, ok) =>
  `| ${measure} | ${value} | ${bar ?? '—'} | ${aim ?? ''} | ${bar === undefined ? '' : met(ok)} |`;
const listP99 = percentile(listLatencies, 99);
const followP99 = percentile(sendToSeen, 99);
const shutdownOk = exit.code === 0 && exit.signal === null;
const usedArgs = args.length > 0 ? ` ${args.join(' ')}` : '';
const distChanged = distStamp() !== distAtStart;
if (distChanged) log('warning: dist/ changed during the run (a build ran meanwhile): run again');
const p50p99 = (values) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 99))}`;

const report = `## The remote store (\`activity serve\`)

Produced by \`node bench/server.mjs${usedArgs}\` (bench/server.mjs) on ${new Date().toISOString().slice(0, 10)}, commit
${commit}, dist/ built ${distBuilt}${distChanged ? ' (**dist/ changed during the run: these figures are mixed**)' : ''}:
${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}. The server serves a
copy of the ${fmt(EVENTS)}-event store of bench/data (seed 7, 60 days; ${fmt(storeMB)} MB), which holds
${fmt(startSeq)} events at the start and ${fmt(endSeq)} at the end.

A bar is what the figure must meet, the aim what it should; rows without a bar are for
information or scale, measured in the same run.

| measure | value | bar | aim | met |
|---|---:|---|---|---|
${row('1. `list` under load: latency p50 / p99', p50p99(listLatencies), 'p99 ≤ 50 ms', 'p99 ≤ 10 ms', listP99 <= 50)}
${row('1. `list` under load: throughput', `${fmt(listRps)} requests/s`)}
${row('1. the server during the load: CPU', `${fmt(listLoad.serverCpu)}% of one core (this script, the load: ${fmt(listLoad.benchCpu)}%)`)}
${row('2. ingest over HTTP, batches of 5,000, into the 1M store', `${fmt(ingestRate)} events/s (${fmt(ingestMs / 1000, 1)} s)`, '≥ 20,000 events/s', '100,000 events/s', ingestRate >= 20_000)}
${row('2. for scale: the same events by a local `record --file` into a copy of the same store', `${fmt(localIngestRate)} events/s (${fmt(localIngestMs / 1000, 1)} s)`)}
${row('2. one batch of 5,000: time p50 / p99', p50p99(batchMs))}
${row('2. the server during ingest: CPU, peak RSS (its peaks of anonymous / file-backed pages); the largest the WAL grew', `${fmt(ingest.serverCpu)}% of one core, ${fmt(ingest.peakRssMB)} MB (${fmt(ingest.peakAnonMB)} / ${fmt(ingest.peakFileMB)} MB); ${fmt(ingest.walMB)} MB`, '≤ 250 MB', '', ingest.peakRssMB <= 250)}
${row('3. `tail -f` push, POST sent → SSE message: p50 / p99', p50p99(sendToSeen), 'p99 ≤ 100 ms', 'p99 ≤ 30 ms', followP99 <= 100)}
${row('3. POST answered (committed) → SSE message: p50 / p99', p50p99(answerToSeen))}
${row('3. POST sent → POST answered: p50 / p99 / max', `${p50p99(sendToAnswer)} / ${ms(sorted(sendToAnswer).at(-1))}`)}
${row('4. server peak RSS under the list load of 1 (VmRSS every 25 ms; anonymous / file-backed peaks)', `${fmt(listLoad.peakRssMB)} MB (${fmt(listLoad.peakAnonMB)} / ${fmt(listLoad.peakFileMB)} MB)`, '≤ 250 MB', '', listLoad.peakRssMB <= 250)}
${row('4. server VmHWM after that load (its peak since it started)', `${fmt(listHwmMB)} MB`)}
${row('5. start-up: remote `list --limit 50` / local, medians', `${fmt(startRatio, 2)}× (${fmt(remoteMs)} / ${fmt(localMs)} ms)`, '≤ 1.3×', '', startRatio <= 1.3)}
${row("5. the server's time for the remote list's requests, medians", serverShare(2))}
${row('5. the same with the filter of 1: remote / local, medians', `${fmt(remoteFilteredMs / localFilteredMs, 2)}× (${fmt(remoteFilteredMs)} / ${fmt(localFilteredMs)} ms)`)}
${row("5. the server's time for those requests, medians", serverShare(4))}
${row('5. `node -e 0` in the same turns, median', `${fmt(nodeMs)} ms`)}
${row('SIGTERM with an event stream open', `exit ${exit.code ?? exit.signal} after ${fmt(shutdownMs)} ms, the stream ${streamClosed ? 'ended' : '**still open**'}`, 'exit 0', '', shutdownOk && streamClosed)}

### How measured

The server is \`bin/activity --store <copy> serve --host 127.0.0.1 --port 0 --rate-limit 0\`, its request log
going to a file; the load and the clients run in this script's process, on the same ${cpus().length} cores, so the
figures include their share of the machine. (1) autocannon, ${CONNECTIONS} connections for ${DURATION_S} s (after ${WARM_UP_S} s not
counted), on \`GET ${listPath}\` with a read token (the user with the most events, and that user's commonest action and type of the last 30 days):
${fmt(matched)} events match, a page of ${page.events.length}. Latencies are
each response's own (autocannon's histogram keeps whole ms); percentiles are nearest-rank. (2) ${fmt(INGEST)} events of
the sample generator (seed 8; no ids or times, which the server gives), ${fmt(INGEST / BATCH)} NDJSON bodies of ${fmt(BATCH)} made
before the clock starts, POSTed to \`/v1/events\` by ${POSTERS} posters at once over keep-alive connections, into the
served copy; the rate is events over the wall time from the first POST to the last answer, and the head is checked
to have moved by exactly that many. The local \`record --file\` of the same events (the process's wall time) runs
right after, into a second copy. (3) One SSE connection on \`/v1/stream\` (node:http); then ${FOLLOWED} single events
(after ${WARM_UP_EVENTS} not counted), each POSTed ${FOLLOW_GAP_MS} ms after the previous one arrived, its \`details.sentAt\` the time just
before its POST; the latency is from that to the message's arrival. (4) \`VmRSS\` of the server's node process
(bin/activity execs node, so the launcher's pid is node's) from \`/proc/<pid>/status\`, every 25 ms during (1).
(5) \`bin/activity --store http://… --token … list --limit 50\` and \`bin/activity --store <copy> list --limit 50\`
(and both with \`${listFlags.map(quoted).join(' ')}\`), stdout to /dev/null, ${RUNS} runs of each in turn with
\`node -e 0\`, under \`env -i PATH=… HOME=…\`; medians of each process's wall time. Both sides' output is first
checked to be the same events. The server's share is from its log lines of those runs (\`ms\`: from a request's
arrival to its answer). Last, SIGTERM with a stream open, waiting for the exit.

Re-run (about a minute and a half; a first run also makes the data, about 25 s):

\`\`\`sh
npm run build && node bench/server.mjs${usedArgs}
\`\`\`
`;
writeSection(root, 'server', report);
process.stdout.write(report);
if (!shutdownOk) process.exitCode = 1;
