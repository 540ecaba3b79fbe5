import { RuleViolationError } from '../common/domain-error';
import type { EnemyGroupOfItems, PoolItem } from '../question-bank/pool';
import type { AnswerValue, QuestionType } from '../question-bank/question-type';
import type { BlueprintSpec } from './blueprint';
import { poolHash, Sfc32 } from './paper-seed';
import type { BlueprintAnalysis, BucketPlan, CapacityShortfall, Part } from './plan';
import { analyseBlueprint, describeMinimum, matchesMinimum, partName, partOf } from './plan';

/** Labels shown to candidates, in display order. */
export const DISPLAY_LABELS = 'ABCDEFGH';

/** One question of an assembled paper, frozen as delivered. */
export interface AssembledQuestion {
  /** 1-based, across the whole paper. */
  position: number;
  type: QuestionType;
  part: Part;
  itemId: number;
  versionId: number;
  code: string;
  difficulty: number;
  sourceKey: string;
  article: string;
  points: number;
  /** The bank's option labels in the order shown: "CADB" shows bank option C as A. Empty for judge items. */
  optionOrder: string;
  /** The key in the labels the candidate sees (judge: true/false). */
  key: AnswerValue;
}

/**
 * An assembled paper, kept compact (a campaign holds thousands until they are stored): the questions'
 * pool indexes, parts, points and option orders in position order; `questions` spells them out.
 */
export class AssembledPaper {
  constructor(
    private readonly pool: PoolIndex,
    readonly discipline: string,
    readonly seed: string,
    /** Points-weighted mean difficulty of the paper's items. */
    readonly difficulty: number,
    /** The target the paper was held to (the blueprint's, or the pool's expectation). */
    readonly targetDifficulty: number,
    /** Pool indexes (PoolIndex order) of the questions, in position order. */
    readonly picks: Int32Array,
    /** 0 common, 1 discipline, per question. */
    readonly parts: Uint8Array,
    readonly points: Int32Array,
    readonly optionOrders: readonly string[],
  ) {}

  /** The questions in position order (built on each call). */
  get questions(): AssembledQuestion[] {
    return Array.from(this.picks, (g, k) => {
      const item = this.pool.items[g];
      const optionOrder = this.optionOrders[k];
      return {
        position: k + 1,
        type: item.type,
        part: this.parts[k] === 0 ? 'common' : 'discipline',
        itemId: item.itemId,
        versionId: item.versionId,
        code: item.code,
        difficulty: item.difficulty,
        sourceKey: item.sourceKey,
        article: item.article,
        points: this.points[k],
        optionOrder,
        key: displayedKey(item, optionOrder),
      };
    });
  }

  get itemIds(): number[] {
    return Array.from(this.picks, (g) => this.pool.items[g].itemId);
  }
}

/**
 * What the candidate's campaign has used so far: `itemCounts` (item id → papers containing it) and
 * `agencyItemCounts` (item id → papers of the candidate's colleagues in the same agency containing it).
 */
export interface ExposureState {
  itemCounts: ReadonlyMap<number, number>;
  agencyItemCounts: ReadonlyMap<number, number>;
}

/** The pool in canonical order (by item id), shared by every discipline's preparation and the tracker. */
export interface PoolIndex {
  items: readonly PoolItem[];
  /** Each item's option labels joined ("ABCD"), in the same order. */
  labelStrings: readonly string[];
  indexOf: ReadonlyMap<number, number>;
  /** poolHash() of the items. */
  hash: string;
  /** Per pool index, the pool indexes of the items it may not share a paper with (enemy groups); often empty. */
  enemies: ReadonlyArray<readonly number[]>;
}

/** The pool cannot yield a paper that meets the blueprint; `details` holds the shortfalls. */
export class AssemblyError extends RuleViolationError {
  constructor(
    message: string,
    readonly shortfalls: CapacityShortfall[],
  ) {
    super(message, 'assembly_failed', shortfalls);
  }
}

export function indexPool(
  pool: readonly PoolItem[],
  enemyGroups: readonly EnemyGroupOfItems[] = [],
): PoolIndex {
  const items = [...pool].sort((a, b) => a.itemId - b.itemId);
  const indexOf = new Map<number, number>();
  items.forEach((it, i) => {
    if (indexOf.has(it.itemId)) {
      throw new Error(`item ${it.itemId} appears twice in the pool`);
    }
    indexOf.set(it.itemId, i);
  });
  const enemies = enemyAdjacency(items.length, indexOf, enemyGroups);
  return {
    items,
    indexOf,
    labelStrings: items.map((it) => it.optionLabels.join('')),
    hash: poolHash(items),
    enemies,
  };
}

/** Pool index → the pool indexes sharing an enemy group with it (members outside the pool are ignored). */
function enemyAdjacency(
  size: number,
  indexOf: ReadonlyMap<number, number>,
  groups: readonly EnemyGroupOfItems[],
): number[][] {
  const sets: Array<Set<number> | undefined> = new Array(size);
  for (const g of groups) {
    const members = [...new Set(g.itemIds)]
      .map((id) => indexOf.get(id))
      .filter((x): x is number => x !== undefined);
    for (const a of members) {
      for (const b of members) {
        if (a !== b) {
          (sets[a] ??= new Set()).add(b);
        }
      }
    }
  }
  return Array.from(sets, (set) => (set ? [...set].sort((x, y) => x - y) : []));
}

/**
 * Everything per (blueprint, discipline) that does not depend on the candidate, computed once: the plan, the
 * eligible items as flat typed arrays (in pool order), and scratch buffers reused by every paper.
 */
export interface PreparedAssembly {
  spec: BlueprintSpec;
  discipline: string;
  pool: PoolIndex;
  analysis: BlueprintAnalysis;
  /** Buckets with at least one slot, in section order then common before discipline. */
  buckets: BucketPlan[];
  targetDifficulty: number;
  /** Bounds on Σ difficulty × points of a paper. */
  sumLow: number;
  sumHigh: number;
  /** Eligible items ("local" indices 0…n−1, ascending item id). */
  n: number;
  globalIndex: Int32Array;
  bucketOf: Uint8Array;
  difficulty: Uint8Array;
  /** Points of the item's bucket. */
  pointsOf: Uint8Array;
  /** Bit k set: the item counts towards spec.sourceMinimums[k]. */
  minimumMask: Uint32Array;
  /** Source minimums, tightest first. */
  minimumOrder: number[];
  /**
   * 1 for items a discipline section takes only after the discipline-specific ones (shared-knowledge laws);
   * the most significant preference key.
   */
  tier: Uint8Array;
  /** Per local index, the local indexes of its enemies. */
  enemies: ReadonlyArray<readonly number[]>;
  scratch: {
    random: Uint16Array;
    exposureKey: Int32Array;
    agencyKey: Int32Array;
    order: Int32Array;
    tmp: Int32Array;
    rank: Int32Array;
    chosen: Uint8Array;
    /** How many chosen items are enemies of each item (0: it may join the paper). */
    blocked: Int32Array;
  };
}

const MAX_MINIMUMS = 31;

/** Prepares assembly; throws AssemblyError (with the capacity shortfalls) when the pool cannot satisfy it. */
export function prepareAssembly(spec: BlueprintSpec, pool: PoolIndex, discipline: string): PreparedAssembly {
  if (spec.sourceMinimums.length > MAX_MINIMUMS) {
    throw new AssemblyError(`来源最低分值约束不能超过 ${MAX_MINIMUMS} 条`, []);
  }
  const analysis = analyseBlueprint(spec, pool.items, discipline);
  if (analysis.shortfalls.length > 0 || !analysis.buckets || analysis.targetDifficulty === null) {
    throw new AssemblyError(
      `题库无法按组卷方案为${discipline}组卷：${analysis.shortfalls.map((s) => s.message).join('；')}`,
      analysis.shortfalls,
    );
  }
  const buckets = analysis.buckets.filter((b) => b.slots > 0);
  const bucketIndex = (type: QuestionType, part: Part): number =>
    buckets.findIndex((b) => b.type === type && b.part === part);
  const local: Array<{ g: number; b: number }> = [];
  pool.items.forEach((item, g) => {
    const part = partOf(item, discipline);
    if (part === null) {
      return;
    }
    const b = bucketIndex(item.type, part);
    if (b >= 0) {
      local.push({ g, b });
    }
  });
  const n = local.length;
  const globalIndex = new Int32Array(n);
  const bucketOf = new Uint8Array(n);
  const difficulty = new Uint8Array(n);
  const pointsOf = new Uint8Array(n);
  const minimumMask = new Uint32Array(n);
  const tier = new Uint8Array(n);
  const localOf = new Map<number, number>();
  local.forEach(({ g }, i) => localOf.set(g, i));
  const enemies = local.map(({ g }) =>
    pool.enemies[g].map((e) => localOf.get(e)).filter((x): x is number => x !== undefined),
  );
  local.forEach(({ g, b }, i) => {
    const item = pool.items[g];
    // Fail now, not when a paper is spelled out: every key must be one of the item's options.
    displayedKey(item, pool.labelStrings[g]);
    globalIndex[i] = g;
    bucketOf[i] = b;
    difficulty[i] = item.difficulty;
    pointsOf[i] = buckets[b].pointsEach;
    tier[i] = buckets[b].part === 'discipline' && item.shared ? 1 : 0;
    let mask = 0;
    spec.sourceMinimums.forEach((m, k) => {
      if (matchesMinimum(item, m)) {
        mask |= 1 << k;
      }
    });
    minimumMask[i] = mask >>> 0;
  });
  // Tightest minimum first: the one needing the largest share of what the plan lets it reach.
  const reach = spec.sourceMinimums.map((_, k) => {
    const perBucket = buckets.map(() => 0);
    for (let i = 0; i < n; i++) {
      if ((minimumMask[i] >>> k) & 1) {
        perBucket[bucketOf[i]]++;
      }
    }
    return buckets.reduce((a, b, bi) => a + Math.min(b.slots, perBucket[bi]) * b.pointsEach, 0);
  });
  const minimumOrder = spec.sourceMinimums
    .map((m, k) => ({ k, tightness: m.minPoints / Math.max(1, reach[k]) }))
    .sort((a, b) => b.tightness - a.tightness || a.k - b.k)
    .map((x) => x.k);
  const target = analysis.targetDifficulty;
  const total = spec.totalPoints;
  return {
    spec,
    discipline,
    pool,
    analysis,
    buckets,
    targetDifficulty: target,
    sumLow: (target - spec.difficultyTolerance) * total - 1e-9,
    sumHigh: (target + spec.difficultyTolerance) * total + 1e-9,
    n,
    globalIndex,
    bucketOf,
    difficulty,
    pointsOf,
    minimumMask,
    minimumOrder,
    tier,
    enemies,
    scratch: {
      random: new Uint16Array(n),
      exposureKey: new Int32Array(n),
      agencyKey: new Int32Array(n),
      order: new Int32Array(n),
      tmp: new Int32Array(n),
      rank: new Int32Array(n),
      chosen: new Uint8Array(n),
      blocked: new Int32Array(n),
    },
  };
}

const RAND_BITS = 16;

/**
 * Orders the eligible items by preference: discipline-specific items before shared-knowledge ones (tier),
 * then fewest papers of the candidate's agency colleagues, then fewest papers overall, then a random
 * tie-break from the paper's generator (one draw per eligible item, in pool order).
 */
export function preferenceOrder(
  prep: PreparedAssembly,
  rng: Sfc32,
  exposure: ArrayLike<number>,
  agency: ArrayLike<number>,
): Int32Array {
  const { n, globalIndex } = prep;
  const { random, exposureKey, agencyKey, order, tmp, rank } = prep.scratch;
  let minExposure = Infinity;
  let maxExposure = 0;
  let maxAgency = 0;
  for (let i = 0; i < n; i++) {
    const g = globalIndex[i];
    exposureKey[i] = exposure[g];
    agencyKey[i] = agency[g];
    minExposure = Math.min(minExposure, exposure[g]);
    maxExposure = Math.max(maxExposure, exposure[g]);
    maxAgency = Math.max(maxAgency, agency[g]);
    random[i] = rng.nextUint32() >>> (32 - RAND_BITS);
    order[i] = i;
  }
  if (n === 0) {
    return order;
  }
  // Sorted by (agency, exposure, random, index): least significant key first, each pass a stable counting
  // sort (linear, unlike a comparison sort of 10,000 papers × every eligible item).
  countingSort(order, tmp, n, random, 0, 0xff, 0, 256);
  countingSort(tmp, order, n, random, 8, 0xff, 0, 256);
  const exposureRange = maxExposure - minExposure + 1;
  if (exposureRange <= COUNTING_LIMIT && maxAgency + 1 <= COUNTING_LIMIT) {
    countingSort(order, tmp, n, exposureKey, 0, -1, minExposure, exposureRange);
    countingSort(tmp, order, n, agencyKey, 0, -1, 0, maxAgency + 1);
  } else {
    const sorted = Array.from(order).sort(
      (a, b) =>
        agencyKey[a] - agencyKey[b] || exposureKey[a] - exposureKey[b] || random[a] - random[b] || a - b,
    );
    order.set(sorted);
  }
  if (prep.tier.includes(1)) {
    countingSort(order, tmp, n, prep.tier, 0, -1, 0, 2);
    order.set(tmp.subarray(0, n));
  }
  for (let k = 0; k < n; k++) {
    rank[order[k]] = k;
  }
  return order;
}

/** Beyond this many distinct key values a pass falls back to a comparison sort. */
const COUNTING_LIMIT = 1 << 16;
let counts = new Int32Array(COUNTING_LIMIT + 1);

/** Stable counting sort of `from[0…n)` by key ((keys[i] >>> shift) & mask) − offset, in 0 … range − 1, into `to`. */
function countingSort(
  from: Int32Array,
  to: Int32Array,
  n: number,
  keys: Uint8Array | Uint16Array | Int32Array,
  shift: number,
  mask: number,
  offset: number,
  range: number,
): void {
  if (counts.length < range + 1) {
    counts = new Int32Array(range + 1);
  }
  counts.fill(0, 0, range + 1);
  for (let k = 0; k < n; k++) {
    counts[((keys[from[k]] >>> shift) & mask) - offset + 1]++;
  }
  for (let v = 0; v < range; v++) {
    counts[v + 1] += counts[v];
  }
  for (let k = 0; k < n; k++) {
    const i = from[k];
    to[counts[((keys[i] >>> shift) & mask) - offset]++] = i;
  }
}

const permutation = new Int8Array(DISPLAY_LABELS.length);
/** Option orders already built, per label set and permutation code (a paper's orders are few distinct strings). */
const optionOrders = new Map<string, Map<number, string>>();

/** The generator's shuffle of an item's option labels (Fisher–Yates, as Sfc32.shuffle), as a cached string. */
export function shuffledOptionOrder(rng: Sfc32, labels: string): string {
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    permutation[i] = i;
  }
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextIndex(i + 1);
    const t = permutation[i];
    permutation[i] = permutation[j];
    permutation[j] = t;
  }
  let code = 0;
  for (let i = 0; i < n; i++) {
    code = code * 8 + permutation[i];
  }
  let byCode = optionOrders.get(labels);
  if (!byCode) {
    byCode = new Map();
    optionOrders.set(labels, byCode);
  }
  let order = byCode.get(code);
  if (order === undefined) {
    order = '';
    for (let i = 0; i < n; i++) {
      order += labels[permutation[i]];
    }
    byCode.set(code, order);
  }
  return order;
}

function fail(prep: PreparedAssembly, shortfall: CapacityShortfall): never {
  throw new AssemblyError(`组卷失败（${prep.discipline}）：${shortfall.message}`, [shortfall]);
}

/** The key of `item` in the labels shown when its options are displayed in `optionOrder`. */
export function displayedKey(
  item: Pick<PoolItem, 'type' | 'answer' | 'itemId'>,
  optionOrder: string,
): AnswerValue {
  const relabel = (bankLabel: string): string => {
    const at = optionOrder.indexOf(bankLabel);
    if (at < 0) {
      throw new Error(`item ${item.itemId}: key ${bankLabel} is not among its options`);
    }
    return DISPLAY_LABELS[at];
  };
  switch (item.type) {
    case 'judge':
      return item.answer;
    case 'single':
      return relabel(String(item.answer));
    case 'multiple':
      return (item.answer as string[]).map(relabel).sort();
  }
}

/**
 * Assembles one paper. Deterministic: the same prepared blueprint, seed and exposure give the same paper.
 *
 * 1. Order the eligible items by preference (discipline-specific first, agency overlap, exposure, seeded
 *    tie-break). Throughout, an item whose enemy (same enemy group) is already in the paper is passed over.
 * 2. Meet each source minimum, tightest first, with the most preferred matching items that still fit a slot.
 * 3. Fill every remaining slot of each (type, part) bucket with the most preferred items.
 * 4. While the paper's mean difficulty lies outside target ± tolerance, swap one item for a more (or less)
 *    difficult one of the same bucket: the most preferred replacement, removing the most exposed item of the
 *    most extreme difficulty that keeps the source minimums and does not overshoot the band.
 * 5. Shuffle the questions within each section, then each question's options, with the same generator.
 */
export function assembleWith(
  prep: PreparedAssembly,
  seedHex: string,
  exposure: ArrayLike<number>,
  agency: ArrayLike<number>,
): AssembledPaper {
  const rng = new Sfc32(seedHex);
  const { n, bucketOf, difficulty, minimumMask, buckets, spec, pointsOf } = prep;
  const order = preferenceOrder(prep, rng, exposure, agency);
  const { rank, chosen, blocked } = prep.scratch;
  const { enemies } = prep;
  chosen.fill(0);
  blocked.fill(0);
  const free = buckets.map((b) => b.slots);
  const size = free.reduce((a, b) => a + b, 0);
  /** The paper's items (local indices); a swap replaces an entry in place. */
  const picked = new Int32Array(size);
  let count = 0;
  const minimums = spec.sourceMinimums;
  const sourcePoints = minimums.map(() => 0);
  let sum = 0;
  const addSources = (i: number, sign: 1 | -1): void => {
    const mask = minimumMask[i];
    if (mask === 0) {
      return;
    }
    for (let k = 0; k < minimums.length; k++) {
      if ((mask >>> k) & 1) {
        sourcePoints[k] += sign * pointsOf[i];
      }
    }
  };
  const block = (i: number, sign: 1 | -1): void => {
    for (const e of enemies[i]) {
      blocked[e] += sign;
    }
  };
  const pick = (i: number): void => {
    chosen[i] = 1;
    free[bucketOf[i]]--;
    picked[count++] = i;
    sum += difficulty[i] * pointsOf[i];
    addSources(i, 1);
    block(i, 1);
  };

  for (const k of prep.minimumOrder) {
    const bit = 1 << k;
    for (let r = 0; r < n && sourcePoints[k] < minimums[k].minPoints; r++) {
      const i = order[r];
      if (!chosen[i] && blocked[i] === 0 && minimumMask[i] & bit && free[bucketOf[i]] > 0) {
        pick(i);
      }
    }
    if (sourcePoints[k] < minimums[k].minPoints) {
      fail(prep, {
        constraint: 'assembly',
        sourceKey: minimums[k].sourceKey,
        message: `${describeMinimum(minimums[k])}须不少于 ${minimums[k].minPoints} 分，与其他来源约束争用题位后只能组到 ${sourcePoints[k]} 分`,
      });
    }
  }
  for (let r = 0; r < n && count < size; r++) {
    const i = order[r];
    if (!chosen[i] && blocked[i] === 0 && free[bucketOf[i]] > 0) {
      pick(i);
    }
  }
  if (count < size) {
    const b = buckets[free.findIndex((f) => f > 0)];
    fail(prep, {
      constraint: 'assembly',
      type: b.type,
      message: `${partName(b.part, prep.discipline)}题目不足`,
    });
  }

  const removable = (out: number, replacement: number): boolean => {
    // The replacement may not be the enemy of an item that stays.
    if (blocked[replacement] > (enemies[out].includes(replacement) ? 1 : 0)) {
      return false;
    }
    const lost = minimumMask[out] & ~minimumMask[replacement];
    if (lost === 0) {
      return true;
    }
    for (let k = 0; k < minimums.length; k++) {
      if ((lost >>> k) & 1 && sourcePoints[k] - pointsOf[out] < minimums[k].minPoints) {
        return false;
      }
    }
    return true;
  };

  // Difficulty band, by swaps within a bucket.
  while (sum < prep.sumLow || sum > prep.sumHigh) {
    const up = sum < prep.sumLow;
    const room = up ? prep.sumHigh - sum : sum - prep.sumLow;
    // The paper's items per (bucket, difficulty), most exposed first.
    const byLevel: number[][] = Array.from({ length: buckets.length * 6 }, () => []);
    for (let c = 0; c < size; c++) {
      byLevel[bucketOf[picked[c]] * 6 + difficulty[picked[c]]].push(picked[c]);
    }
    for (const list of byLevel) {
      list.sort((a, b) => rank[b] - rank[a]);
    }
    let swapped = false;
    for (let r = 0; r < n && !swapped; r++) {
      const a = order[r];
      if (chosen[a]) {
        continue;
      }
      const b = bucketOf[a];
      const da = difficulty[a];
      const step = up ? 1 : -1;
      // From the most extreme difficulty on the far side of da towards da: the biggest step that fits.
      for (let level = up ? 1 : 5; level !== da; level += step) {
        if (pointsOf[a] * Math.abs(da - level) > room) {
          continue;
        }
        const out = byLevel[b * 6 + level].find((x) => removable(x, a));
        if (out !== undefined) {
          chosen[out] = 0;
          addSources(out, -1);
          block(out, -1);
          chosen[a] = 1;
          addSources(a, 1);
          block(a, 1);
          picked[picked.indexOf(out)] = a;
          sum += pointsOf[a] * (da - level);
          swapped = true;
          break;
        }
      }
    }
    if (!swapped) {
      fail(prep, {
        constraint: 'difficulty',
        message: `无法在满足其他约束的同时使试卷平均难度落在 ${prep.targetDifficulty}±${spec.difficultyTolerance} 之内`,
      });
    }
  }

  // Sections in blueprint order; within each, the items in pool order, then shuffled; then their options.
  picked.sort();
  const picks = new Int32Array(size);
  const parts = new Uint8Array(size);
  const points = new Int32Array(size);
  const optionOrders = new Array<string>(size);
  let position = 0;
  for (const section of spec.sections) {
    if (section.count === 0) {
      continue;
    }
    const inSection: number[] = [];
    for (let c = 0; c < size; c++) {
      if (buckets[bucketOf[picked[c]]].type === section.type) {
        inSection.push(picked[c]);
      }
    }
    rng.shuffle(inSection);
    for (const i of inSection) {
      const g = prep.globalIndex[i];
      picks[position] = g;
      parts[position] = buckets[bucketOf[i]].part === 'common' ? 0 : 1;
      points[position] = section.pointsEach;
      optionOrders[position] =
        prep.pool.items[g].type === 'judge' ? '' : shuffledOptionOrder(rng, prep.pool.labelStrings[g]);
      position++;
    }
  }
  return new AssembledPaper(
    prep.pool,
    prep.discipline,
    seedHex,
    sum / spec.totalPoints,
    prep.targetDifficulty,
    picks,
    parts,
    points,
    optionOrders,
  );
}

/**
 * Exposure across a campaign while its papers are assembled one after another: how many papers hold each
 * item, overall and per agency. Indexed like the PoolIndex.
 */
export class ExposureTracker {
  readonly counts: Int32Array;
  private readonly agencies = new Map<number, Int32Array>();
  private readonly none: Int32Array;

  constructor(private readonly pool: PoolIndex) {
    this.counts = new Int32Array(pool.items.length);
    this.none = new Int32Array(pool.items.length);
  }

  agencyCounts(agencyId: number | null): Int32Array {
    if (agencyId === null) {
      return this.none;
    }
    let a = this.agencies.get(agencyId);
    if (!a) {
      a = new Int32Array(this.pool.items.length);
      this.agencies.set(agencyId, a);
    }
    return a;
  }

  /** Counts one paper's items (ids not in the pool, e.g. since retired, are ignored). */
  record(agencyId: number | null, itemIds: Iterable<number>): void {
    const a = agencyId === null ? null : this.agencyCounts(agencyId);
    for (const id of itemIds) {
      const g = this.pool.indexOf.get(id);
      if (g === undefined) {
        continue;
      }
      this.counts[g]++;
      if (a) {
        a[g]++;
      }
    }
  }

  /** Assembles the next paper of the campaign for a candidate of `agencyId`, and counts it. */
  assembleNext(prep: PreparedAssembly, seedHex: string, agencyId: number | null): AssembledPaper {
    const paper = assembleWith(prep, seedHex, this.counts, this.agencyCounts(agencyId));
    const a = agencyId === null ? null : this.agencyCounts(agencyId);
    for (const g of paper.picks) {
      this.counts[g]++;
      if (a) {
        a[g]++;
      }
    }
    return paper;
  }
}

/**
 * The whole assembly of one paper from plain inputs: the blueprint, the approved pool, the candidate's
 * discipline and seed (derivePaperSeed), and what the campaign has used so far.
 * Throws AssemblyError when the pool cannot satisfy the blueprint (checkBlueprintCapacity reports why).
 */
export function assemblePaper(
  spec: BlueprintSpec,
  pool: readonly PoolItem[],
  discipline: string,
  seedHex: string,
  exposure: ExposureState = { itemCounts: new Map(), agencyItemCounts: new Map() },
  enemyGroups: readonly EnemyGroupOfItems[] = [],
): AssembledPaper {
  const index = indexPool(pool, enemyGroups);
  const prep = prepareAssembly(spec, index, discipline);
  const counts = new Int32Array(index.items.length);
  const agency = new Int32Array(index.items.length);
  index.items.forEach((it, g) => {
    counts[g] = exposure.itemCounts.get(it.itemId) ?? 0;
    agency[g] = exposure.agencyItemCounts.get(it.itemId) ?? 0;
  });
  return assembleWith(prep, seedHex, counts, agency);
}
