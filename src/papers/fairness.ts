import { disciplineName } from '../config/disciplines';
import type { EnemyGroupOfItems, PoolItem } from '../question-bank/pool';
import type { QuestionType } from '../question-bank/question-type';
import type { Part } from './plan';
import { partOf } from './plan';

/** What the fairness report needs of one stored paper. */
export interface PaperForFairness {
  paperId: number;
  discipline: string;
  agencyId: number;
  difficulty: number;
  targetDifficulty: number;
  difficultyTolerance: number;
  questions: ReadonlyArray<{ itemId: number; type: QuestionType; part: Part }>;
}

export interface DisciplineFairness {
  discipline: string;
  disciplineName: string;
  papers: number;
  /** Papers' points-weighted mean difficulty. */
  difficulty: { min: number; mean: number; max: number; target: number; tolerance: number };
  /** Papers whose difficulty lies outside target ± tolerance (0 when assembly kept its promise). */
  outsideTolerance: number;
  /** The most papers of the campaign (any discipline) holding one item of this discipline's papers. */
  maxExposure: number;
  /**
   * The largest fair share among the items this discipline may use: the papers an item would be in if every
   * bucket it is eligible for (per discipline, type and part) spread its slots evenly over its eligible items.
   */
  fairShare: number;
  /** Pairs of this discipline's papers within one agency, and the items they share on average. */
  agencyPairs: number;
  meanAgencyOverlap: number | null;
  /** The items two independently random papers of this discipline would share on average, for comparison. */
  randomOverlap: number;
}

export interface FairnessReport {
  campaignId: number;
  papers: number;
  disciplines: DisciplineFairness[];
  /**
   * Across disciplines: the most papers sharing one item, the overlap of all same-agency pairs, the enemy
   * groups in force and the papers holding two items of one group (0 when assembly kept its promise).
   */
  overall: {
    maxExposure: number;
    agencyPairs: number;
    meanAgencyOverlap: number | null;
    enemyGroups: number;
    enemyConflicts: number;
  };
}

/** Papers holding two or more items of one enemy group. */
export function enemyConflicts(
  papers: readonly PaperForFairness[],
  groups: readonly EnemyGroupOfItems[],
): number {
  const groupsOf = new Map<number, number[]>();
  groups.forEach((g, k) => {
    for (const id of g.itemIds) {
      groupsOf.set(id, [...(groupsOf.get(id) ?? []), k]);
    }
  });
  let conflicts = 0;
  for (const p of papers) {
    const seen = new Set<number>();
    let clash = false;
    for (const q of p.questions) {
      for (const k of groupsOf.get(q.itemId) ?? []) {
        clash ||= seen.has(k);
        seen.add(k);
      }
    }
    conflicts += clash ? 1 : 0;
  }
  return conflicts;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function overlapOf(papers: readonly PaperForFairness[]): { pairs: number; mean: number | null } {
  const byAgency = new Map<number, Array<Set<number>>>();
  for (const p of papers) {
    const list = byAgency.get(p.agencyId) ?? [];
    list.push(new Set(p.questions.map((q) => q.itemId)));
    byAgency.set(p.agencyId, list);
  }
  let pairs = 0;
  let shared = 0;
  for (const sets of byAgency.values()) {
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) {
        pairs++;
        for (const x of sets[i]) {
          if (sets[j].has(x)) {
            shared++;
          }
        }
      }
    }
  }
  return { pairs, mean: pairs === 0 ? null : r3(shared / pairs) };
}

/**
 * The campaign's fairness figures per discipline: the spread of paper difficulty, the most-used item against
 * the fair share, and how much colleagues' papers overlap against what random papers would share. `pool` is
 * the approved pool now (for the fair share and the random baseline).
 */
export function fairnessReport(
  campaignId: number,
  papers: readonly PaperForFairness[],
  pool: readonly PoolItem[],
  groups: readonly EnemyGroupOfItems[] = [],
): FairnessReport {
  const disciplines = [...new Set(papers.map((p) => p.discipline))].sort();
  // Exposure is counted over the whole campaign, as assembly balances it (common items serve every discipline).
  const counts = new Map<number, number>();
  for (const p of papers) {
    for (const q of p.questions) {
      counts.set(q.itemId, (counts.get(q.itemId) ?? 0) + 1);
    }
  }
  // An item's fair share: for each discipline's papers and each (type, part) bucket the item is eligible for,
  // the bucket's slots in those papers divided by the bucket's eligible items.
  const fair = new Map<number, number>();
  const eligibleBy = new Map<string, PoolItem[]>();
  for (const d of disciplines) {
    for (const item of pool) {
      const part = partOf(item, d);
      if (part) {
        const k = `${d}/${item.type}/${part}`;
        const list = eligibleBy.get(k) ?? [];
        list.push(item);
        eligibleBy.set(k, list);
      }
    }
  }
  const slotsBy = new Map<string, number>();
  for (const p of papers) {
    for (const q of p.questions) {
      const k = `${p.discipline}/${q.type}/${q.part}`;
      slotsBy.set(k, (slotsBy.get(k) ?? 0) + 1);
    }
  }
  for (const [k, slots] of slotsBy) {
    const eligible = eligibleBy.get(k) ?? [];
    for (const item of eligible) {
      fair.set(item.itemId, (fair.get(item.itemId) ?? 0) + slots / eligible.length);
    }
  }

  const rows = disciplines.map((d): DisciplineFairness => {
    const ps = papers.filter((p) => p.discipline === d);
    const difficulties = ps.map((p) => p.difficulty);
    let maxExposure = 0;
    for (const p of ps) {
      for (const q of p.questions) {
        maxExposure = Math.max(maxExposure, counts.get(q.itemId) ?? 0);
      }
    }
    let fairShare = 0;
    let randomOverlap = 0;
    for (const [k, slots] of slotsBy) {
      if (!k.startsWith(`${d}/`)) {
        continue;
      }
      for (const item of eligibleBy.get(k) ?? []) {
        fairShare = Math.max(fairShare, fair.get(item.itemId) ?? 0);
      }
      const size = Math.max((eligibleBy.get(k) ?? []).length, 1);
      const perPaper = slots / ps.length;
      randomOverlap += (perPaper * perPaper) / Math.max(size, perPaper);
    }
    const overlap = overlapOf(ps);
    const first = ps[0];
    return {
      discipline: d,
      disciplineName: disciplineName(d),
      papers: ps.length,
      difficulty: {
        min: r3(Math.min(...difficulties)),
        mean: r3(difficulties.reduce((a, b) => a + b, 0) / ps.length),
        max: r3(Math.max(...difficulties)),
        target: first.targetDifficulty,
        tolerance: first.difficultyTolerance,
      },
      outsideTolerance: ps.filter(
        (p) => Math.abs(p.difficulty - p.targetDifficulty) > p.difficultyTolerance + 1e-6,
      ).length,
      maxExposure,
      fairShare: Math.round(fairShare * 100) / 100,
      agencyPairs: overlap.pairs,
      meanAgencyOverlap: overlap.mean,
      randomOverlap: r3(randomOverlap),
    };
  });
  const all = overlapOf(papers);
  return {
    campaignId,
    papers: papers.length,
    disciplines: rows,
    overall: {
      maxExposure: Math.max(0, ...counts.values()),
      agencyPairs: all.pairs,
      meanAgencyOverlap: all.mean,
      enemyGroups: groups.length,
      enemyConflicts: enemyConflicts(papers, groups),
    },
  };
}
