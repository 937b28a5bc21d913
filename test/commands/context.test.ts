import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Context, type GlobalOptions } from '../../src/context.js';
import { tempDir } from '../helpers.js';
import { fakeIo, homeIn } from './run-in-process.js';

const dir = tempDir();
const config = join(dir, 'config.json');
writeFileSync(config, JSON.stringify({ store: 'configured.db', token: 'from-config', durability: 'full' }));
const home = { ...homeIn(dir), ACTIVITY_CONFIG: config };
const globals: GlobalOptions = { color: 'auto', input: true, debug: false };

describe('Context.storeOptions: one way to open a store', () => {
  it('resolves the location, durability and token as the reference says, flag before variable before config', () => {
    const ctx = (options: Partial<GlobalOptions>, env: Record<string, string> = {}) =>
      new Context(fakeIo(home, { env }), { ...globals, ...options });
    expect(ctx({}).storeOptions('read')).toEqual({
      location: join(dir, 'configured.db'),
      mode: 'read',
      durability: 'full',
      token: 'from-config',
    });
    expect(
      ctx({}, { ACTIVITY_TOKEN: 'from-env', ACTIVITY_STORE: '/env.db', ACTIVITY_DURABILITY: 'normal' }).storeOptions(
        'write',
      ),
    ).toEqual({
      location: '/env.db',
      mode: 'write',
      durability: 'normal',
      token: 'from-env',
    });
    expect(
      ctx({ token: 'from-flag', store: 'http://127.0.0.1:8080' }, { ACTIVITY_TOKEN: 'from-env' }).storeOptions('read'),
    ).toMatchObject({
      location: 'http://127.0.0.1:8080',
      token: 'from-flag',
    });
  });

  it('has no token when none is given anywhere', () => {
    const bare = join(dir, 'bare.json');
    writeFileSync(bare, '{}');
    const ctx = new Context(fakeIo({ ...home, ACTIVITY_CONFIG: bare }), globals);
    expect(ctx.storeOptions('existing')).not.toHaveProperty('token');
  });
});
