/**
 * The item-writing rules of the bank (issue 13): properties of the approved items, one by one and as a whole,
 * that let a candidate score without knowing the law. Pure functions over parsed items; `checkBank` turns
 * their findings into errors on approved items.
 *
 *  - a judge stem may not reproduce its basis: share of the stem's character bigrams found in the basis
 *    (both normalised like stems for the near-duplicate check) ≥ 0.9 fails, whatever the key;
 *  - per source with ≥ 5 approved judge items, 40–60 % of them are `true`;
 *  - items tagged `recall` are ≤ 15 % of approved items, bank-wide and per source with ≥ 20 approved items;
 *  - per type, the share of items whose keyed options are strictly the longest stays within 10 points of what
 *    a key placed at random would give (see `longestKeyShape`);
 *  - multiple-choice items include some with every option keyed and some with exactly two keys;
 *  - enemy pairs: an item whose stem states another item's key (see `findGiveaways`).
 */
import type { BankItem } from './bank-format';
import { bigrams } from './near-duplicates';
import { normaliseStem } from './normalise';

/** From this share of a judge stem's bigrams found in its basis, the stem counts as the basis copied. */
export const BASIS_COPY_THRESHOLD = 0.9;
/** Approved judge items of a source that are `true`: allowed range (sources with fewer items exempt). */
export const TRUE_SHARE_RANGE = { min: 0.4, max: 0.6, minItems: 5 } as const;
/** Largest share of approved items tagged `recall`; per source only from `minItems` approved items. */
export const RECALL_LIMIT = { share: 0.15, minItems: 20 } as const;
/** Largest distance, in share, between "the key is the longest option" and chance. */
export const LONGEST_KEY_TOLERANCE = 0.1;
/** Smallest share of approved multiple-choice items with every option keyed, and with exactly two keys. */
export const MULTIPLE_SHAPE_MIN_SHARE = 0.05;
/**
 * The bank-wide shares (key is the longest option, multiple-choice shapes) say something only over enough
 * items: below this many approved items of a type they are reported but not enforced.
 */
export const SHARE_RULES_MIN_ITEMS = 20;

/**
 * Share of the stem's bigrams that also occur in the basis (containment, not Dice: a stem that copies half of
 * a long article is still a copy). Both texts are normalised as stems are for near-duplicates.
 */
export function basisOverlap(stem: string, basis: string): number {
  const s = bigrams(normaliseStem(stem));
  if (s.size === 0) {
    return 0;
  }
  const b = bigrams(normaliseStem(basis));
  let shared = 0;
  for (const g of s) {
    if (b.has(g)) {
      shared++;
    }
  }
  return shared / s.size;
}

/** An option's length as a candidate sees it: characters without whitespace and punctuation. */
export function optionLength(text: string): number {
  return Array.from(normaliseStem(text)).length;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) {
    r = (r * (n - k + i)) / i;
  }
  return r;
}

/**
 * Whether the keyed options of a single or multiple item are exactly its longest options (every key strictly
 * longer than every other option), and the chance of that if the k keys were placed among the n options at
 * random: 1 / C(n, k) when the k longest options are strictly longer than the rest, else 0 (ties: no set of k
 * options is strictly the longest). Null for judge items and for items with every option keyed (there the
 * keys are trivially the longest).
 */
export function longestKeyShape(item: BankItem): { hit: boolean; chance: number } | null {
  if (item.type === 'judge' || !item.options) {
    return null;
  }
  const keys = new Set(Array.isArray(item.answer) ? item.answer : [String(item.answer)]);
  const entries = Object.entries(item.options);
  const n = entries.length;
  const k = keys.size;
  if (k === 0 || k >= n) {
    return null;
  }
  const lengths = entries.map(([, t]) => optionLength(t)).sort((a, b) => b - a);
  const strict = lengths[k - 1] > lengths[k];
  if (!strict) {
    return { hit: false, chance: 0 };
  }
  const cut = lengths[k - 1];
  const hit = entries.every(([label, t]) => keys.has(label) === optionLength(t) >= cut);
  return { hit, chance: 1 / binomial(n, k) };
}

/** The share of items whose keys are the longest options, and the share chance would give. */
export interface LongestKeyShare {
  items: number;
  hits: number;
  share: number;
  chance: number;
}

export function longestKeyShare(items: readonly BankItem[]): LongestKeyShare {
  let n = 0;
  let hits = 0;
  let chance = 0;
  for (const item of items) {
    const shape = longestKeyShape(item);
    if (!shape) {
      continue;
    }
    n++;
    hits += shape.hit ? 1 : 0;
    chance += shape.chance;
  }
  return { items: n, hits, share: n ? hits / n : 0, chance: n ? chance / n : 0 };
}

/** How the approved multiple-choice items' keys are shaped. */
export function multipleShapes(items: readonly BankItem[]): {
  items: number;
  allKeyed: number;
  twoKeys: number;
} {
  let n = 0;
  let allKeyed = 0;
  let twoKeys = 0;
  for (const item of items) {
    if (item.type !== 'multiple' || !Array.isArray(item.answer)) {
      continue;
    }
    n++;
    allKeyed += item.answer.length === Object.keys(item.options ?? {}).length ? 1 : 0;
    twoKeys += item.answer.length === 2 ? 1 : 0;
  }
  return { items: n, allKeyed, twoKeys };
}

/** One item giving another away: `revealer`'s stem states what `revealed` asks. */
export interface Giveaway {
  revealer: number;
  revealed: number;
  /** How much of the revealed item's question the revealer's stem covers (0…1). */
  score: number;
  /** keyed: the stem contains the revealed item's key texts; statement: it restates the judge statement. */
  kind: 'keyed' | 'statement';
}

/** From this share of the revealed item's stem (blank removed) found in the revealer's stem: a give-away. */
export const GIVEAWAY_CONTEXT_THRESHOLD = 0.65;
/** For judge items: the share of the statement's bigrams found in another stem. */
export const GIVEAWAY_STATEMENT_THRESHOLD = 0.8;

function containment(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
  if (part.size === 0) {
    return 0;
  }
  let shared = 0;
  for (const g of part) {
    if (whole.has(g)) {
      shared++;
    }
  }
  return shared / part.size;
}

const NUMERAL = /[\d一二三四五六七八九十百千万零两半]/u;

/**
 * Whether `key` occurs in `stem` as a whole: a quantity key ("十万元以下", "20") does not count inside a
 * longer quantity ("五万元以上十万元以下", "2019").
 */
export function containsKey(stem: string, key: string): boolean {
  const quantity = NUMERAL.test(Array.from(key)[0] ?? '');
  for (let at = stem.indexOf(key); at >= 0; at = stem.indexOf(key, at + 1)) {
    if (!quantity) {
      return true;
    }
    const before = stem.slice(Math.max(0, at - 2), at);
    const after = stem.charAt(at + key.length);
    const glued = NUMERAL.test(before.slice(-1)) || before === '以上' || before.endsWith('至');
    if (!glued && !(/^\d/u.test(key) && /\d/u.test(after))) {
      return true;
    }
  }
  return false;
}

/** Characters of the basis taken on each side of a key to describe the key's context. */
const KEY_WINDOW = 10;

/** The bigrams of the basis around each occurrence of the key texts (the key itself left out). */
function keyContext(basis: string, keys: readonly string[]): Set<string> {
  const chars = Array.from(basis);
  const text = chars.join('');
  const out = new Set<string>();
  for (const key of keys) {
    const at = text.indexOf(key);
    if (at < 0) {
      continue;
    }
    const start = Array.from(text.slice(0, at)).length;
    const end = start + Array.from(key).length;
    for (const g of bigrams(chars.slice(Math.max(0, start - KEY_WINDOW), start).join(''))) {
      out.add(g);
    }
    for (const g of bigrams(chars.slice(end, end + KEY_WINDOW).join(''))) {
      out.add(g);
    }
  }
  return out;
}

/**
 * Pairs of items where one stem gives another item's answer away, so the two must never share a paper.
 *
 * - A single or multiple item j is revealed by the stem of item i when i's stem (normalised) contains the
 *   text of every key of j (as a whole: see `containsKey`) and of none of j's other options, and talks about
 *   the same provision: at least `GIVEAWAY_CONTEXT_THRESHOLD` of the bigrams of j's stem, of j's basis as far
 *   as i's stem goes, or of the words of j's basis on either side of the key occur in i's stem. (Key texts
 *   shorter than two characters are too common to tell anything and are not used.)
 * - A judge item j is revealed by item i when at least `GIVEAWAY_STATEMENT_THRESHOLD` of the bigrams of j's
 *   statement occur in i's stem: the candidate reads the provision (or its altered form) next to it.
 *
 * Near-duplicate stems are a separate, stricter check; pairs of items in the same source and article are
 * compared like any other pair.
 */
export function findGiveaways(items: readonly BankItem[]): Giveaway[] {
  const stems = items.map((it) => normaliseStem(it.stem));
  const stemGrams = stems.map((s) => bigrams(s));
  const bases = items.map((it) => normaliseStem(it.basis));
  const basisGrams = bases.map((b) => bigrams(b));
  // Which stems hold a bigram: only stems sharing bigrams with an item are compared with it.
  const postings = new Map<string, number[]>();
  stemGrams.forEach((grams, i) => {
    for (const g of grams) {
      const list = postings.get(g);
      if (list) {
        list.push(i);
      } else {
        postings.set(g, [i]);
      }
    }
  });
  const shared = new Int32Array(items.length);
  const out: Giveaway[] = [];
  items.forEach((j, jx) => {
    if (j.type === 'judge') {
      const statement = stemGrams[jx];
      if (statement.size < 8) {
        return;
      }
      const touched: number[] = [];
      for (const g of statement) {
        for (const ix of postings.get(g) ?? []) {
          if (shared[ix]++ === 0) {
            touched.push(ix);
          }
        }
      }
      for (const ix of touched) {
        const score = shared[ix] / statement.size;
        shared[ix] = 0;
        if (ix !== jx && score >= GIVEAWAY_STATEMENT_THRESHOLD) {
          out.push({ revealer: ix, revealed: jx, score, kind: 'statement' });
        }
      }
      return;
    }
    const keys = new Set(Array.isArray(j.answer) ? j.answer : [String(j.answer)]);
    const keyTexts: string[] = [];
    const otherTexts: string[] = [];
    for (const [label, text] of Object.entries(j.options ?? {})) {
      (keys.has(label) ? keyTexts : otherTexts).push(normaliseStem(text));
    }
    if (keyTexts.length === 0 || keyTexts.some((t) => Array.from(t).length < 2)) {
      return;
    }
    const context = stemGrams[jx];
    let window: Set<string> | null = null;
    // A stem containing the first key contains its first bigram.
    const candidates = postings.get(Array.from(keyTexts[0]).slice(0, 2).join('')) ?? [];
    for (const ix of candidates) {
      const stem = stems[ix];
      if (ix === jx || !keyTexts.every((t) => containsKey(stem, t))) {
        continue;
      }
      if (otherTexts.some((t) => Array.from(t).length >= 2 && containsKey(stem, t))) {
        continue;
      }
      window ??= keyContext(bases[jx], keyTexts);
      const score = Math.max(
        containment(context, stemGrams[ix]),
        containment(stemGrams[ix], basisGrams[jx]),
        window.size >= 6 ? containment(window, stemGrams[ix]) : 0,
      );
      if (score >= GIVEAWAY_CONTEXT_THRESHOLD) {
        out.push({ revealer: ix, revealed: jx, score, kind: 'keyed' });
      }
    }
  });
  return out.sort((x, y) => x.revealed - y.revealed || x.revealer - y.revealer);
}

/** An option that is only a quantity: a number with units of time, money, people, area, share or times. */
const QUANTITY_OPTION =
  /^[\d一二三四五六七八九十百千万零两半.%％个日天年月周小时分钟以上下内后前至\-—～~元人次级倍米平方工作每不超过少于低于高于()（）]+$/u;

/**
 * Whether a choice item's options are all bare quantities (periods, dates, fines, head counts): such an item
 * tests only the recall of a number and should carry `recall: true`. A hint for authors, not a rule: an item
 * may ask for a number that a technician must apply, and the author decides.
 */
export function looksLikeRecall(item: BankItem): boolean {
  if (item.type === 'judge' || !item.options) {
    return false;
  }
  return Object.values(item.options).every((t) => {
    const s = t.replace(/\s+/gu, '');
    return /[\d一二三四五六七八九十百千万两半]/u.test(s) && QUANTITY_OPTION.test(s);
  });
}
