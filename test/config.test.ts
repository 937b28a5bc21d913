import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, defaultStorePath, loadConfig, saveFilter } from '../src/config.js';
import { tempDir } from './helpers.js';

const dir = tempDir();

describe('config', () => {
  it('reads a store path as home-relative with ~/, else relative to the file; a URL as it is', () => {
    const file = join(dir, 'conf', 'config.json');
    mkdirSync(join(dir, 'conf'), { recursive: true });
    const env = { HOME: join(dir, 'home'), ACTIVITY_CONFIG: file };
    const cases: [string, string][] = [
      ['~/stores/a.db', join(dir, 'home', 'stores', 'a.db')],
      ['b.db', join(dir, 'conf', 'b.db')],
      ['file:../c.db', join(dir, 'c.db')],
      ['/abs/d.db', '/abs/d.db'],
      ['postgres://db.example/activity', 'postgres://db.example/activity'],
    ];
    for (const [written, read] of cases) {
      writeFileSync(file, JSON.stringify({ store: written }));
      expect(loadConfig(env).store, written).toBe(read);
    }
  });

  it('saving a filter keeps the rest of the file as it was written', () => {
    const file = join(dir, 'saved.json');
    writeFileSync(file, JSON.stringify({ store: '~/mine.db', user: 'Jane Doe' }));
    const env = { HOME: join(dir, 'home'), ACTIVITY_CONFIG: file };
    saveFilter(env, 'deletes', ['--action', 'delete']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      store: '~/mine.db',
      user: 'Jane Doe',
      filters: { deletes: ['--action', 'delete'] },
    });
  });

  it('ignores XDG directories that are not absolute, as the XDG spec says', () => {
    const env = { HOME: '/home/jane', XDG_DATA_HOME: 'data', XDG_CONFIG_HOME: './conf' };
    expect(defaultStorePath(env)).toBe('/home/jane/.local/share/activity/activity.db');
    expect(configPath(env)).toBe('/home/jane/.config/activity/config.json');
    expect(defaultStorePath({ ...env, XDG_DATA_HOME: '/xdg/data' })).toBe('/xdg/data/activity/activity.db');
  });
});
