// bench/RESULTS.md holds one section a benchmark script, in a fixed order; each script
// rewrites its own section and keeps the others as they were measured.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ORDER = ['run', 'server', 'web', 'pg-drivers', 'postgres'];

/**
 * The machine's speed, for scale: 1,000,000 SHA-256 hashes of 260-byte texts on one
 * thread (`node -e`), timed beside a measurement so that a slow spell of this shared
 * machine shows in the same run.
 */
export const HASH_SCRIPT =
  "const {hash}=require('node:crypto');const p='x'.repeat(256);let n=0;" +
  "for(let i=0;i<1e6;i++)if(hash('sha256',p+i,'hex')==='')n++;";
const begin = (name) => `<!-- ${name}: written by bench/${name}.mjs -->`;
const end = (name) => `<!-- end of ${name} -->`;

export function writeSection(root, name, markdown) {
  const file = join(root, 'bench', 'RESULTS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const sections = {};
  for (const each of ORDER) {
    const from = old.indexOf(begin(each));
    const to = old.indexOf(end(each));
    if (from !== -1 && to > from) sections[each] = old.slice(from + begin(each).length, to).trim();
  }
  // A file from before the sections is bench/run.mjs's alone.
  if (Object.keys(sections).length === 0 && old.trim() !== '') sections.run = old.trim();
  sections[name] = markdown.trim();
  const text = ORDER.filter((each) => sections[each] !== undefined)
    .map((each) => `${begin(each)}\n${sections[each]}\n${end(each)}\n`)
    .join('\n');
  writeFileSync(file, text);
}
