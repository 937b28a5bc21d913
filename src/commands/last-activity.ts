import type { Context } from '../context.js';
import type { ActivityEvent } from '../core/event.js';
import { emptyFilter } from '../core/filter.js';
import { renderLastActivityCard } from '../output/card.js';
import { resourceUrls, urlTemplate } from './resource-urls.js';

export const CARD_SIZE = 5;

/** The bare `activity`: the dashboard's Last Activity card. */
export async function runLastActivity(ctx: Context): Promise<void> {
  const store = await ctx.store('read');
  const events: ActivityEvent[] = [];
  for await (const page of store.query({ filter: emptyFilter(), order: 'newest', limit: CARD_SIZE })) {
    events.push(...page);
  }
  await ctx.out.write(
    renderLastActivityCard(events, {
      chalk: ctx.out.chalk,
      now: ctx.now,
      urls: await resourceUrls(store, urlTemplate(ctx), events),
      hyperlinks: ctx.out.hyperlinks,
      ...(ctx.out.columns === undefined ? {} : { columns: ctx.out.columns }),
    }),
  );
  await ctx.out.flush();
}
