/**
 * Edit distance with a swap of two neighbouring letters as one edit (optimal string
 * alignment), for "did you mean" suggestions on short words: `lsit` is one typo from
 * `list`, not two.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      current[j] = best;
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The nearest candidate, or undefined when none is close enough to be a typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(1, Math.floor(input.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

/** A name as "did you mean" compares it: any case, without accents (`Chloé` is `chloe`). */
const loose = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The name of `known` that `input` most likely meant: one that differs only in case or
 * accents, else the nearest within a typo's distance; undefined when none is close.
 */
export function nearestName(input: string, known: readonly string[]): string | undefined {
  const key = loose(input);
  const same = known.find((name) => loose(name) === key);
  if (same !== undefined) return same;
  const byKey = new Map(known.map((name) => [loose(name), name]));
  const nearest = closest(key, [...byKey.keys()]);
  return nearest === undefined ? undefined : byKey.get(nearest);
}
