/** Edit distance (insertions, deletions, substitutions), case ignored. */
const distance = (a: string, b: string): number => {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
};

/**
 * " Did you mean X?" for the known name closest to a misspelt one (within a third of its
 * length, at least 1 and at most 3 edits), or '' when none is that close.
 */
export const didYouMean = (word: string, known: readonly string[]): string => {
  let best = '';
  let min = Math.min(3, Math.max(1, Math.floor(word.length / 3))) + 1;
  for (const k of known) {
    const d = distance(word, k);
    if (d < min) [best, min] = [k, d];
  }
  return best && ` Did you mean ${best}?`;
};
