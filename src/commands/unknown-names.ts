import type { Context } from '../context.js';
import { echo } from '../core/errors.js';
import { type EventFilter, foldCase } from '../core/filter.js';
import { nearestName } from '../core/suggest.js';
import type { ActivityStore, DistinctField } from '../store/store.js';

/**
 * A note for each `--user` or `--account` that names nobody in the store, with the one
 * it most likely meant (`chloe okafor` → `Chloé Okafor`): otherwise a typo reads as "no
 * events", which is also what a clean audit looks like.
 */
export async function noteUnknownNames(ctx: Context, store: ActivityStore, filter: EventFilter): Promise<void> {
  const asked: [DistinctField, readonly string[]][] = [
    ['user', filter.users],
    ['account', filter.accounts],
  ];
  for (const [field, wanted] of asked) {
    if (wanted.length === 0) continue;
    const known = await store.distinct(field);
    const folded = new Set(known.map(foldCase));
    for (const name of wanted) {
      if (folded.has(name)) continue;
      const guess = nearestName(name, known);
      ctx.out.notice(
        `no ${field} ${echo(name)} in the store${guess === undefined ? '' : `; did you mean ${echo(guess)}?`}`,
      );
    }
  }
}
