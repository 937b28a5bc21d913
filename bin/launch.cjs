'use strict';
// The launcher, which bin/activity starts node on: runs the built CLI and sets the exit
// code it returns. It compiles the bundle with V8's code cache (dist/cli.cjs.cache,
// written by the build): start-up is most of a CLI's time, and compiling the bundle a
// good part of it (docs/architecture.md, Measured choices). Without a usable cache (another Node version, say) the bundle compiles
// as usual.
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const file = join(__dirname, '..', 'dist', 'cli.cjs');
const cacheFile = `${file}.cache`;
// The cache file starts with the path it was made for and a NUL. A script compiled
// from V8's cache keeps the file name it was made under, whatever name it is given
// now: a copy moved elsewhere would print stack traces that point at the old path, so
// it goes without the cache.
let cachedData;
try {
  const cache = readFileSync(cacheFile);
  const end = cache.indexOf(0);
  if (end !== -1 && cache.toString('utf8', 0, end) === file) cachedData = cache.subarray(end + 1);
} catch {
  cachedData = undefined;
}
// The bundle is ASCII (esbuild escapes the rest): read as latin1, it skips UTF-8 decoding.
// Wrapped as Node wraps a module; node:module itself is loaded only by what needs it.
const wrapped = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, 'latin1')}\n});`;
const script = new Script(wrapped, { filename: file, cachedData });
const cli = { exports: {} };
// This launcher's require: it resolves packages from the same node_modules as the bundle
// would, and the bundle makes its own for paths relative to itself.
script.runInThisContext()(cli.exports, require, cli, file, dirname(file));

cli.exports.main(process.argv, cli.exports.processIo()).then((code) => {
  process.exitCode = code;
  if (process.env.ACTIVITY_WRITE_CODE_CACHE === '1') {
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${file}\0`), script.createCachedData()]));
  }
});
