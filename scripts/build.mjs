// Bundles the CLI with esbuild into one CommonJS file per entry: one CommonJS bundle
// starts sooner than the same code as ES modules, and start-up is most of a CLI's time
// (docs/architecture.md, "Measured choices"). Modules that only some runs need stay
// outside the bundle and are loaded on first use (@inquirer/prompts, and the native
// SQLite addon, by path). Type checking is `npm run typecheck`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Two dependencies do work at load time that this CLI never uses: commander loads
 * child_process (for git-style executable subcommands) and chalk probes the terminal
 * through supports-color (tty), though we hand chalk its colour level ourselves
 * (src/output/io.ts). Load-time only: behaviour is unchanged.
 */
const trimStartup = {
  name: 'trim-startup',
  setup(build) {
    build.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: source.replace("const childProcess = require('node:child_process');", lazy), loader: 'js' };
    });
    build.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color-stub', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: {
    cli: 'src/cli.ts',
    sample: 'src/sample/generate.ts',
    // activity serve's own bundle, required by the serve command alone (src/commands/serve.ts).
    server: 'src/server/serve.ts',
    // Worker threads (src/workers/pool.ts starts them by these names).
    'ingest-worker': 'src/ingest/parse-worker.ts',
    'filter-worker': 'src/filter/filter-worker.ts',
    'verify-worker': 'src/verify/verify-worker.ts',
    'read-worker': 'src/server/read-worker.ts',
    'checkpoint-worker': 'src/store/sqlite/checkpoint-worker.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // better-sqlite3's JavaScript is bundled (its addon is loaded by path: src/store/sqlite/connection.ts); its
  // `bindings` search is never run, so that package stays out. The PostgreSQL driver is required when a
  // postgres:// store is first opened, never by a command on a SQLite file.
  external: [
    'bindings',
    '@inquirer/prompts',
    'fastify',
    '@fastify/swagger',
    '@fastify/rate-limit',
    'pg',
    'pg-copy-streams',
  ],
  // import.meta.url made when first read: the URL module's work is not every start's.
  define: {
    __VERSION__: JSON.stringify(version),
    'import.meta.url': '__importMeta.url',
    'import.meta.dirname': '__dirname',
  },
  banner: {
    js: "const __importMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };",
  },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [trimStartup],
});

// The Activity Log page (src/web/), served by `activity serve` from dist/web/: its script
// bundled for browsers with Preact, its page, stylesheet and icon copied beside it.
await build({
  entryPoints: { app: 'src/web/main.tsx' },
  outdir: 'dist/web',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['index.html', 'app.css', 'favicon.svg']) copyFileSync(`src/web/${file}`, `dist/web/${file}`);

// V8's code cache for bin/activity, made by running the common path (record, then a
// table) once, so the functions those runs compile are in it too.
const scratch = mkdtempSync(join(tmpdir(), 'activity-build-'));
try {
  const store = join(scratch, 'warm-up.db');
  const run = (args, env = {}) =>
    execFileSync('bin/activity', ['--store', store, ...args], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
  run(['record', '--action', 'create', '--type', 'cluster', '--name', 'warm-up', '--user', 'Build']);
  run(['list', '--format', 'table'], { ACTIVITY_WRITE_CODE_CACHE: '1' });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
