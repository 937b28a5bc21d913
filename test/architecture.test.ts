/**
 * The layers of docs/architecture.md, checked: which folder of src/ may import which,
 * and which files may load each dependency. A change that crosses a layer fails here,
 * and the doc says why the layers are as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = join(ROOT, 'src');

/** Each layer and the layers it may import (besides itself). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  output: ['core'],
  workers: ['core'],
  store: ['core'],
  ingest: ['core', 'workers'],
  filter: ['core', 'workers'],
  verify: ['core', 'workers', 'store'],
  sample: ['core'],
  web: ['core'],
  server: ['core', 'store', 'ingest', 'workers'],
  app: ['core', 'output', 'store'],
  commands: ['core', 'output', 'store', 'app', 'ingest', 'filter', 'verify', 'server'],
  cli: ['core', 'output', 'app', 'commands'],
};

/** The layer of a file: its folder under src/, or `app` for context, config and state files. */
function layerOf(file: string): string {
  const path = relative(SRC, file);
  if (path === 'cli.ts') return 'cli';
  return path.includes('/') ? (path.split('/')[0] ?? '') : 'app';
}

/** Only these files may load each package: the rest reach it through them. */
const PACKAGES: Record<string, RegExp> = {
  'better-sqlite3': /^store\/sqlite\//,
  pg: /^store\/postgres\//,
  'pg-copy-streams': /^store\/postgres\//,
  '@inquirer/prompts': /^output\/prompt\.ts$/,
  commander: /^(cli\.ts|commands\/)/,
  chalk: /^output\//,
  'date-fns': /^output\/relative-time\.ts$/,
  fastify: /^server\//,
  '@fastify/swagger': /^server\//,
  '@fastify/rate-limit': /^server\//,
  preact: /^web\//,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file imports, statically, dynamically, or by require. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\(\s*|require\(\s*|\)\(\s*)'([^']+)'/g)].map((m) => m[1] ?? '');
}

describe('the architecture', () => {
  const files = sourceFiles(SRC);

  it('keeps each layer to the layers below it', () => {
    const crossings: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const target of importsOf(file).filter((m) => m.startsWith('.'))) {
        const to = layerOf(resolve(dirname(file), target.replace(/\.jsx?$/, '.ts')));
        if (to !== from && !MAY_IMPORT[from]?.includes(to)) crossings.push(`${relative(SRC, file)} → ${target}`);
      }
    }
    expect(crossings).toEqual([]);
  });

  it('loads each dependency in the one place that owns it', () => {
    const misplaced: string[] = [];
    for (const file of files) {
      const path = relative(SRC, file);
      for (const module of importsOf(file)) {
        const owner = Object.entries(PACKAGES).find(([name]) => module === name || module.startsWith(`${name}/`));
        if (owner && !owner[1].test(path)) misplaced.push(`${path} → ${module}`);
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('has a layer for every folder of src/', () => {
    expect(new Set(files.map(layerOf)).size).toBeGreaterThan(5);
    for (const file of files) expect(MAY_IMPORT[layerOf(file)], relative(SRC, file)).toBeDefined();
  });
});
