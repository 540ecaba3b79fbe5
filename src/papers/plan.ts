import { COMMON, disciplineName } from '../config/disciplines';
import type { PoolItem } from '../question-bank/pool';
import type { QuestionType } from '../question-bank/question-type';
import { questionTypeName } from '../question-bank/question-type';
import { articleNumber } from './article-number';
import type { BlueprintSpec, SourceMinimum } from './blueprint';
import { blueprintProblems, isSet } from './blueprint';

/** Which half of the content an item serves in a paper. */
export type Part = 'common' | 'discipline';
export const PARTS: readonly Part[] = ['common', 'discipline'];

/** One cell of a paper's structure: the items of one type from one part. */
export interface BucketPlan {
  type: QuestionType;
  part: Part;
  pointsEach: number;
  /** Items of this bucket in every paper. */
  slots: number;
  /** Approved items eligible for it. */
  available: number;
}

export type ShortfallKind =
  'structure' | 'section' | 'common' | 'discipline' | 'source' | 'difficulty' | 'assembly';

/** One constraint the approved pool cannot meet, and by how much. */
export interface CapacityShortfall {
  constraint: ShortfallKind;
  /** For people, in Chinese: what is needed, what there is, what is missing. */
  message: string;
  unit?: 'items' | 'points' | 'difficulty';
  needed?: number;
  available?: number;
  /** How many more approved items (of the right kind) would remove this shortfall. */
  missingItems?: number;
  type?: QuestionType;
  sourceKey?: string;
}

export interface BlueprintAnalysis {
  discipline: string;
  shortfalls: CapacityShortfall[];
  warnings: string[];
  /** The per-type split between common and discipline items, when one exists. */
  buckets: BucketPlan[] | null;
  /** A uniformly random paper's points-weighted mean difficulty under this plan. */
  expectedDifficulty: number | null;
  /** The easiest and hardest paper the plan allows (ignoring source minimums). */
  reachableDifficulty: { min: number; max: number } | null;
  /** The target in force: the blueprint's, or the expectation when it sets none (3 decimals). */
  targetDifficulty: number | null;
}

/**
 * The part an item plays for a discipline: items tagged `common` are common (laws and regulations, the same
 * for every discipline); items tagged with the discipline are discipline items; others are not eligible.
 */
export function partOf(item: Pick<PoolItem, 'disciplines'>, discipline: string): Part | null {
  if (item.disciplines.includes(COMMON)) {
    return 'common';
  }
  return item.disciplines.includes(discipline) ? 'discipline' : null;
}

/** Whether an item counts towards a source minimum (its source and, if given, its article range). */
export function matchesMinimum(item: Pick<PoolItem, 'sourceKey' | 'article'>, m: SourceMinimum): boolean {
  if (item.sourceKey !== m.sourceKey) {
    return false;
  }
  if (!isSet(m.articleFrom) && !isSet(m.articleTo)) {
    return true;
  }
  const n = articleNumber(item.article);
  return (
    n !== null && (!isSet(m.articleFrom) || n >= m.articleFrom) && (!isSet(m.articleTo) || n <= m.articleTo)
  );
}

export function describeMinimum(m: SourceMinimum): string {
  const range =
    isSet(m.articleFrom) || isSet(m.articleTo) ? `第${m.articleFrom ?? 1}条至第${m.articleTo ?? '末'}条` : '';
  return `《${m.sourceKey}》${range}`;
}

export function partName(part: Part, discipline: string): string {
  return part === 'common' ? '公共部分' : `专业部分（${disciplineName(discipline)}）`;
}

/** Fewest items that cover `deficit` points, using the spare slots with the highest points first. */
function itemsToCover(deficit: number, spare: Array<{ points: number; slots: number }>): number {
  let items = 0;
  let left = deficit;
  for (const s of [...spare].sort((a, b) => b.points - a.points)) {
    const n = Math.min(s.slots, Math.ceil(left / s.points));
    items += n;
    left -= n * s.points;
    if (left <= 0) {
      return items;
    }
  }
  return items + Math.max(0, left);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Checks one blueprint against the approved pool for one discipline, without assembling: the structure, each
 * section's item count, the common/discipline split, each source minimum and the difficulty range. Chooses the
 * split of each section between common and discipline items: closest to proportional among the splits that
 * let every source minimum be met. Never throws for an unsatisfiable blueprint: it reports.
 */
export function analyseBlueprint(
  spec: BlueprintSpec,
  pool: readonly PoolItem[],
  discipline: string,
): BlueprintAnalysis {
  const result: BlueprintAnalysis = {
    discipline,
    shortfalls: [],
    warnings: [],
    buckets: null,
    expectedDifficulty: null,
    reachableDifficulty: null,
    targetDifficulty: spec.targetDifficulty,
  };
  for (const p of blueprintProblems(spec)) {
    result.shortfalls.push({ constraint: 'structure', message: p });
  }
  if (result.shortfalls.length > 0) {
    return result;
  }
  const sections = spec.sections.filter((s) => s.count > 0);
  const dName = disciplineName(discipline);

  // Eligible items per (section, part), with the difficulties and per-minimum counts the checks need.
  const difficulties = sections.map(() => PARTS.map(() => [] as number[]));
  const minimumAvail = spec.sourceMinimums.map(() => sections.map(() => PARTS.map(() => 0)));
  for (const item of pool) {
    const si = sections.findIndex((s) => s.type === item.type);
    const part = partOf(item, discipline);
    if (si < 0 || part === null) {
      continue;
    }
    const pi = PARTS.indexOf(part);
    difficulties[si][pi].push(item.difficulty);
    spec.sourceMinimums.forEach((m, k) => {
      if (matchesMinimum(item, m)) {
        minimumAvail[k][si][pi]++;
      }
    });
  }
  const availC = sections.map((_, si) => difficulties[si][0].length);
  const availD = sections.map((_, si) => difficulties[si][1].length);

  let sectionsOk = true;
  sections.forEach((s, si) => {
    const avail = availC[si] + availD[si];
    if (avail < s.count) {
      sectionsOk = false;
      result.shortfalls.push({
        constraint: 'section',
        type: s.type,
        unit: 'items',
        needed: s.count,
        available: avail,
        missingItems: s.count - avail,
        message: `${questionTypeName(s.type)}需 ${s.count} 道，${dName}可用的已审核题目（公共题与本专业题）仅 ${avail} 道，缺 ${s.count - avail} 道`,
      });
    }
  });
  if (!sectionsOk) {
    return result;
  }

  // Every split x (common items per section) with Σ x·points = commonPoints; keep the best.
  const lo = sections.map((s, si) => Math.max(0, s.count - availD[si]));
  const hi = sections.map((s, si) => Math.min(s.count, availC[si]));
  const proportional = sections.map((s) => (s.count * spec.commonPoints) / spec.totalPoints);
  const deficitOf = (x: number[]): number[] =>
    spec.sourceMinimums.map((m, k) => {
      let reach = 0;
      sections.forEach((s, si) => {
        reach += Math.min(x[si], minimumAvail[k][si][0]) * s.pointsEach;
        reach += Math.min(s.count - x[si], minimumAvail[k][si][1]) * s.pointsEach;
      });
      return Math.max(0, m.minPoints - reach);
    });
  const found: { best: { x: number[]; deficit: number; deviation: number } | null } = { best: null };
  const x = sections.map(() => 0);
  const visit = (si: number, pointsSoFar: number): void => {
    const s = sections[si];
    if (si === sections.length - 1) {
      const rest = spec.commonPoints - pointsSoFar;
      if (rest % s.pointsEach !== 0) {
        return;
      }
      const n = rest / s.pointsEach;
      if (n < lo[si] || n > hi[si]) {
        return;
      }
      x[si] = n;
      const deficit = deficitOf(x).reduce((a, b) => a + b, 0);
      const deviation = x.reduce((a, xi, i) => a + Math.abs(xi - proportional[i]), 0);
      const best = found.best;
      if (
        !best ||
        deficit < best.deficit ||
        (deficit === best.deficit && deviation < best.deviation - 1e-9)
      ) {
        found.best = { x: [...x], deficit, deviation };
      }
      return;
    }
    for (let n = lo[si]; n <= hi[si]; n++) {
      const pts = pointsSoFar + n * s.pointsEach;
      if (pts > spec.commonPoints) {
        break;
      }
      x[si] = n;
      visit(si + 1, pts);
    }
  };
  if (sections.length === 0) {
    found.best = spec.commonPoints === 0 ? { x: [], deficit: 0, deviation: 0 } : null;
  } else {
    visit(0, 0);
  }

  const plan = found.best;
  if (!plan) {
    const maxCommon = sections.reduce((a, s, si) => a + hi[si] * s.pointsEach, 0);
    const minCommon = sections.reduce((a, s, si) => a + lo[si] * s.pointsEach, 0);
    if (maxCommon < spec.commonPoints) {
      const deficit = spec.commonPoints - maxCommon;
      result.shortfalls.push({
        constraint: 'common',
        unit: 'points',
        needed: spec.commonPoints,
        available: maxCommon,
        missingItems: itemsToCover(
          deficit,
          sections.map((s, si) => ({ points: s.pointsEach, slots: s.count - hi[si] })),
        ),
        message: `公共部分需 ${spec.commonPoints} 分，已审核的公共题最多可组 ${maxCommon} 分，缺 ${deficit} 分`,
      });
    } else if (minCommon > spec.commonPoints) {
      const maxDiscipline = spec.totalPoints - minCommon;
      const deficit = spec.disciplinePoints - maxDiscipline;
      result.shortfalls.push({
        constraint: 'discipline',
        unit: 'points',
        needed: spec.disciplinePoints,
        available: maxDiscipline,
        missingItems: itemsToCover(
          deficit,
          sections.map((s, si) => ({ points: s.pointsEach, slots: lo[si] })),
        ),
        message: `${partName('discipline', discipline)}需 ${spec.disciplinePoints} 分，已审核的本专业题最多可组 ${maxDiscipline} 分，缺 ${deficit} 分`,
      });
    } else {
      result.shortfalls.push({
        constraint: 'structure',
        message: `commonPoints：各题型的每题分值无法组合出公共部分 ${spec.commonPoints} 分`,
      });
    }
    return result;
  }

  const buckets: BucketPlan[] = [];
  sections.forEach((s, si) => {
    PARTS.forEach((part, pi) => {
      buckets.push({
        type: s.type,
        part,
        pointsEach: s.pointsEach,
        slots: pi === 0 ? plan.x[si] : s.count - plan.x[si],
        available: difficulties[si][pi].length,
      });
    });
  });
  result.buckets = buckets;

  deficitOf(plan.x).forEach((deficit, k) => {
    if (deficit === 0) {
      return;
    }
    const m = spec.sourceMinimums[k];
    const spare: Array<{ points: number; slots: number }> = [];
    sections.forEach((s, si) => {
      spare.push({ points: s.pointsEach, slots: Math.max(0, plan.x[si] - minimumAvail[k][si][0]) });
      spare.push({
        points: s.pointsEach,
        slots: Math.max(0, s.count - plan.x[si] - minimumAvail[k][si][1]),
      });
    });
    result.shortfalls.push({
      constraint: 'source',
      sourceKey: m.sourceKey,
      unit: 'points',
      needed: m.minPoints,
      available: m.minPoints - deficit,
      missingItems: itemsToCover(deficit, spare),
      message: `${describeMinimum(m)}须不少于 ${m.minPoints} 分，已审核的相关题目最多可组 ${m.minPoints - deficit} 分，缺 ${deficit} 分`,
    });
  });

  // Difficulty: the easiest and hardest papers, and a random paper's expectation.
  let minSum = 0;
  let maxSum = 0;
  let expected = 0;
  sections.forEach((s, si) => {
    PARTS.forEach((_, pi) => {
      const n = pi === 0 ? plan.x[si] : s.count - plan.x[si];
      const ds = [...difficulties[si][pi]].sort((a, b) => a - b);
      if (n === 0 || ds.length === 0) {
        return;
      }
      const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
      minSum += sum(ds.slice(0, n)) * s.pointsEach;
      maxSum += sum(ds.slice(ds.length - n)) * s.pointsEach;
      expected += (sum(ds) / ds.length) * n * s.pointsEach;
    });
  });
  const total = spec.totalPoints;
  result.expectedDifficulty = total > 0 ? round3(expected / total) : null;
  result.reachableDifficulty =
    total > 0 ? { min: round3(minSum / total), max: round3(maxSum / total) } : null;
  const target = spec.targetDifficulty ?? result.expectedDifficulty;
  result.targetDifficulty = target;
  if (target !== null && result.reachableDifficulty) {
    const { min, max } = result.reachableDifficulty;
    const tol = spec.difficultyTolerance;
    if (target - tol > max + 1e-9 || target + tol < min - 1e-9) {
      result.shortfalls.push({
        constraint: 'difficulty',
        unit: 'difficulty',
        needed: target,
        available: target - tol > max ? max : min,
        message: `目标难度 ${target}±${tol} 无法达到：现有已审核题目组卷的平均难度只能在 ${min} 至 ${max} 之间，需补充${target - tol > max ? '较难' : '较易'}的题目`,
      });
    }
  }

  for (const b of buckets) {
    if (b.slots > 0 && b.available < 2 * b.slots) {
      result.warnings.push(
        `${partName(b.part, discipline)}${questionTypeName(b.type)}每卷需 ${b.slots} 道，可用题目仅 ${b.available} 道（不足 2 倍），不同考生的试卷将大量重复`,
      );
    }
  }
  return result;
}
