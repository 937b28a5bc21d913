/** Changing one term of a filter, and reading list terms as the CLI does (`--action create,update`: comma-separated). */
import type { FilterText } from '../core/filter-codec.js';

type ListKey = 'user' | 'action' | 'type' | 'account' | 'resourceId' | 'recordedBy';
type SingleKey = 'search' | 'since' | 'until';

/** The filter with a list term set; an empty list removes it. */
export function withList(filter: FilterText, key: ListKey, values: readonly string[]): FilterText {
  const { [key]: _, ...rest } = filter;
  return values.length === 0 ? rest : { ...rest, [key]: [...values] };
}

/** The filter with a single term set; an empty or undefined value removes it. */
export function withSingle(filter: FilterText, key: SingleKey, value: string | undefined): FilterText {
  const { [key]: _, ...rest } = filter;
  return value === undefined || value === '' ? rest : { ...rest, [key]: value };
}

/** A list term's items: each value split on commas, trimmed, empty ones dropped. */
export const itemsOf = (values: readonly string[] | undefined): string[] =>
  (values ?? []).flatMap((value) => value.split(',')).flatMap((item) => (item.trim() === '' ? [] : [item.trim()]));
