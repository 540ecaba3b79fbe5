/** The character bigrams of a string (the single character when it is one long), as a set. */
export function bigrams(text: string): Set<string> {
  const chars = Array.from(text);
  const out = new Set<string>();
  if (chars.length === 1) {
    out.add(chars[0]);
  }
  for (let i = 0; i + 1 < chars.length; i++) {
    out.add(chars[i] + chars[i + 1]);
  }
  return out;
}

/** Dice's coefficient of two bigram sets: 2·|A∩B| / (|A|+|B|); 1 for two empty sets. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size + b.size === 0) {
    return 1;
  }
  let shared = 0;
  for (const g of a) {
    if (b.has(g)) {
      shared++;
    }
  }
  return (2 * shared) / (a.size + b.size);
}

export interface SimilarPair {
  /** Indices into the input, a < b. */
  a: number;
  b: number;
  /** Dice's coefficient, 0…1. */
  similarity: number;
}

/**
 * Every pair of texts whose bigram Dice coefficient is at least `threshold`. The texts should already be
 * normalised (see normaliseStem). Uses an inverted index of bigrams, so only pairs sharing bigrams are
 * counted (about 1,500 stems take a few milliseconds, not a million comparisons).
 */
export function findNearDuplicates(texts: readonly string[], threshold = 0.9): SimilarPair[] {
  const sets = texts.map(bigrams);
  const ids = new Map<string, number>();
  const postings: number[][] = [];
  const shared = new Int32Array(texts.length);
  const touched: number[] = [];
  const pairs: SimilarPair[] = [];
  sets.forEach((set, i) => {
    for (const g of set) {
      let id = ids.get(g);
      if (id === undefined) {
        id = postings.length;
        ids.set(g, id);
        postings.push([]);
      }
      for (const j of postings[id]) {
        if (shared[j] === 0) {
          touched.push(j);
        }
        shared[j]++;
      }
      postings[id].push(i);
    }
    for (const j of touched) {
      const total = set.size + sets[j].size;
      const similarity = total === 0 ? 1 : (2 * shared[j]) / total;
      if (similarity >= threshold) {
        pairs.push({ a: j, b: i, similarity });
      }
      shared[j] = 0;
    }
    touched.length = 0;
    // Two empty texts share no bigram but are the same text.
    if (set.size === 0) {
      for (let j = 0; j < i; j++) {
        if (sets[j].size === 0) {
          pairs.push({ a: j, b: i, similarity: 1 });
        }
      }
    }
  });
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}
