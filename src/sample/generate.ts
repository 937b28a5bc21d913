/**
 * Realistic sample data for the demo, the tests and the benchmarks: resources of all
 * 13 types created, updated and deleted over weeks by a few hundred people across
 * several accounts. Deterministic for a given seed, so tests can compute expected
 * answers from the same events.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { RESOURCE_TYPES, type ResourceType } from '../core/resource-types.js';

/** For bench/run.mjs, which names stored codes in its baseline's SQL. */
export { ACTIONS, RESOURCE_TYPES } from '../core/resource-types.js';

export interface SampleEvent {
  id: string;
  time: string;
  action: 'create' | 'update' | 'delete';
  type: ResourceType;
  name: string;
  resourceId: string;
  account: string;
  user: string;
  details: Record<string, unknown> | null;
}

export interface SampleOptions {
  count: number;
  seed?: number;
  /** The newest event's time (epoch ms); default now. */
  end?: number;
  /** How many days the events span; default 60. */
  days?: number;
  /** How many distinct people act; default 300. */
  users?: number;
}

/** mulberry32: small, fast and good enough to make data look random. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Jane',
  'John',
  'Amelia',
  'Oliver',
  'José',
  'Zoë',
  'Chloé',
  'Björn',
  'Łukasz',
  'Siobhán',
  'Mei',
  'Arjun',
  'Fatima',
  'Kwame',
  'Ingrid',
  'Mateo',
  'Aoife',
  'Nikolai',
  'Priya',
  'Hiroshi',
  'Léa',
  'Søren',
  'Ana',
  'Ömer',
  'Grace',
  'Liam',
  'Noah',
  'Emma',
  'Sofia',
  'Yusuf',
  'Camille',
  'Dmitri',
  'Elif',
  'Tomás',
  'Nadia',
  'Ravi',
];
const LAST = [
  'Doe',
  'Smith',
  "O'Brien",
  "D'Angelo",
  'García',
  'Müller',
  'Nguyen',
  'Kowalski',
  'Dubois',
  'Rossi',
  'Svensson',
  'Okafor',
  'Tanaka',
  'Patel',
  'Haddad',
  'Ivanova',
  'Fernández',
  'Novák',
  'Kim',
  'Schmidt',
  'Brown',
  'Lefèvre',
  'Jensen',
  'Moreau',
  'Costa',
  'Yılmaz',
  'Murphy',
  'Chen',
  'Silva',
  'Andersson',
  'Wójcik',
  'Hughes',
];
const SUFFIX = ['', '', '', '', '', '', '', '', ', Jr.', ', PhD'];

const ACCOUNTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark-industries'];
const WORDS = [
  'payments',
  'checkout',
  'search',
  'billing',
  'auth',
  'gateway',
  'catalog',
  'inventory',
  'orders',
  'ledger',
  'notifications',
  'analytics',
  'media',
  'profile',
  'reports',
  'shipping',
  'pricing',
  'reviews',
  'chat',
  'metrics',
];
const ENVS = ['prod', 'staging', 'dev', 'qa', 'preview'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-south-1'];
const PREFIX: Record<ResourceType, string> = {
  cluster: 'clu',
  project: 'prj',
  environment: 'env',
  service: 'svc',
  job: 'job',
  deployment: 'dep',
  dependency: 'dpd',
  'variable-group': 'vg',
  domain: 'dom',
  'node-pool': 'np',
  volume: 'vol',
  provider: 'prv',
  user: 'usr',
};

export function sampleUsers(count = 300, seed = 1): string[] {
  const rnd = random(seed ^ 0x5eed);
  const names = new Set<string>();
  while (names.size < count) {
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
    names.add(`${pick(FIRST)} ${pick(LAST)}${pick(SUFFIX)}`);
  }
  return [...names];
}

interface Resource {
  type: ResourceType;
  name: string;
  resourceId: string;
  account: string;
  version: number;
}

/** Events in time order, oldest first. */
export function* generateEvents(options: SampleOptions): Generator<SampleEvent> {
  const seed = options.seed ?? 1;
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  const users = sampleUsers(options.users ?? 300, seed);
  const end = options.end ?? Date.now();
  const span = (options.days ?? 60) * 86_400_000;
  const start = end - span;
  const step = options.count > 1 ? span / (options.count - 1) : 0;
  const live: Resource[] = [];
  let serial = 0;

  const nameFor = (type: ResourceType, n: number): string => {
    const word = pick(WORDS);
    switch (type) {
      case 'cluster':
        return `${pick(ENVS)}-${pick(REGIONS)}-${n % 7}`;
      case 'project':
        return `${word}-${n % 100}`;
      case 'environment':
        return `${word}-${pick(ENVS)}`;
      case 'service':
        return `${word}-api-${n % 50}`;
      case 'job':
        return `${word}-nightly-${pick(['backup', 'sync', 'cleanup', 'report'])}`;
      case 'deployment':
        return `${word}-api-v${100 + (n % 400)}`;
      case 'dependency':
        return `${pick(['postgres', 'redis', 'kafka', 'mongodb', 'mysql'])}-${word}`;
      case 'variable-group':
        return `${word}-${pick(ENVS)}-secrets`;
      case 'domain':
        return `${word}.${pick(ACCOUNTS)}.example.com`;
      case 'node-pool':
        return `${pick(['gpu', 'cpu', 'spot', 'highmem'])}-pool-${n % 30}`;
      case 'volume':
        return `${word}-data-${n % 20}`;
      case 'provider':
        return `${pick(['aws', 'gcp', 'azure', 'scaleway'])}-${pick(REGIONS)}`;
      case 'user':
        return pick(users);
    }
  };

  for (let i = 0; i < options.count; i++) {
    const time = Math.round(start + i * step + rnd() * step * 0.5);
    const roll = rnd();
    let action: SampleEvent['action'];
    let resource: Resource;
    // Mostly updates, as in a real audit log: each resource is created once, changed
    // many times (deployments, scaling, variables) and sometimes deleted.
    if (live.length < 50 || roll < 0.15) {
      const type = pick(RESOURCE_TYPES);
      serial++;
      resource = {
        type,
        name: nameFor(type, serial),
        resourceId: `${PREFIX[type]}-${serial.toString(36).padStart(6, '0')}`,
        account: pick(ACCOUNTS),
        version: 0,
      };
      live.push(resource);
      action = 'create';
    } else {
      const index = Math.floor(rnd() * live.length);
      resource = live[index] as Resource;
      if (roll < 0.9) {
        action = 'update';
        resource.version++;
      } else {
        action = 'delete';
        live[index] = live[live.length - 1] as Resource;
        live.pop();
      }
    }
    const details =
      action === 'update'
        ? {
            changed: pick(['replicas', 'image', 'cpu', 'memory', 'variables', 'branch']),
            from: resource.version,
            to: resource.version + 1,
          }
        : null;
    yield {
      id: `evt-${seed}-${i.toString(36).padStart(8, '0')}`,
      time: new Date(Math.min(time, end)).toISOString(),
      action,
      type: resource.type,
      name: resource.name,
      resourceId: resource.resourceId,
      account: resource.account,
      user: pick(users),
      details,
    };
  }
}

/** Writes generated events as NDJSON to a file. */
export async function writeSampleFile(path: string, options: SampleOptions): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (const event of generateEvents(options)) {
    buffer += `${JSON.stringify(event)}\n`;
    if (buffer.length < 1 << 20) continue;
    const accepted = out.write(buffer);
    buffer = '';
    if (!accepted) await once(out, 'drain');
  }
  out.end(buffer);
  await once(out, 'finish');
}
