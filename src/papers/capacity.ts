import { disciplineName } from '../config/disciplines';
import type { ExcludedItem, PoolItem } from '../question-bank/pool';
import { AssemblyError, assembleWith, indexPool, PoolIndex, prepareAssembly } from './assemble';
import type { BlueprintSpec } from './blueprint';
import type { BlueprintAnalysis } from './plan';
import { analyseBlueprint, partOf } from './plan';

/**
 * How far a discipline's section examines the discipline itself: approved items specific to it, against
 * items of shared-knowledge laws (消防法, 职业病防治法 …) that every discipline shares, and the share of the
 * section's points the trial paper could fill with specific items.
 */
export interface DisciplineReadiness {
  specificItems: number;
  sharedItems: number;
  disciplinePoints: number;
  /** Points of the trial paper's discipline section carried by discipline-specific items (null: no paper). */
  specificPoints: number | null;
  /** specificPoints / disciplinePoints, 0…1 (null: no paper or no discipline section). */
  specificShare: number | null;
  /** Set when the section cannot be filled by discipline-specific items (Chinese, for the administrator). */
  warning: string | null;
}

/** Whether the approved pool can satisfy a blueprint for one discipline, and if not, what it lacks. */
export interface CapacityReport extends BlueprintAnalysis {
  ok: boolean;
  readiness: DisciplineReadiness;
  /** Approved items of this discipline (or common) left out because their source is not current on the date. */
  excludedForCurrency: ExcludedItem[];
}

/** The readiness figures of one discipline; `paperPicks` are the trial paper's items, if one was assembled. */
export function disciplineReadiness(
  spec: BlueprintSpec,
  index: PoolIndex,
  discipline: string,
  trial: { items: readonly PoolItem[]; points: readonly number[]; parts: readonly number[] } | null,
): DisciplineReadiness {
  let specificItems = 0;
  let sharedItems = 0;
  for (const item of index.items) {
    if (partOf(item, discipline) === 'discipline') {
      if (item.shared) {
        sharedItems++;
      } else {
        specificItems++;
      }
    }
  }
  let specificPoints: number | null = null;
  if (trial) {
    specificPoints = 0;
    trial.items.forEach((item, k) => {
      if (trial.parts[k] === 1 && !item.shared) {
        specificPoints! += trial.points[k];
      }
    });
  }
  const specificShare =
    specificPoints === null || spec.disciplinePoints === 0
      ? null
      : Math.round((specificPoints / spec.disciplinePoints) * 1000) / 1000;
  const name = disciplineName(discipline);
  let warning: string | null = null;
  if (spec.disciplinePoints > 0 && specificItems === 0) {
    warning = `${name}没有已审核的专业题目：专业部分 ${spec.disciplinePoints} 分只能来自各专业共用的法律（${sharedItems} 道），考不到本专业的知识`;
  } else if (specificShare !== null && specificShare < 1 && spec.disciplinePoints > 0) {
    warning = `${name}的已审核专业题目只能填满专业部分的 ${Math.round(specificShare * 100)}%（${specificItems} 道），其余来自各专业共用的法律`;
  }
  return {
    specificItems,
    sharedItems,
    disciplinePoints: spec.disciplinePoints,
    specificPoints,
    specificShare,
    warning,
  };
}

/** The seed of the trial paper the capacity check assembles (any fixed value would do). */
const TRIAL_SEED = '0'.repeat(64);

/**
 * Checks a blueprint against the approved pool for one discipline: each constraint on its own (section sizes,
 * the common/discipline split, source minimums, the difficulty range), then all of them together by
 * assembling one trial paper. Never throws for an unsatisfiable blueprint: the report lists each shortfall
 * with what is needed, what the pool offers and how many items are missing.
 */
export function checkBlueprintCapacity(
  spec: BlueprintSpec,
  pool: readonly PoolItem[] | PoolIndex,
  discipline: string,
  excluded: readonly (ExcludedItem & { disciplines?: string[] })[] = [],
): CapacityReport {
  const index: PoolIndex = Array.isArray(pool) ? indexPool(pool as readonly PoolItem[]) : (pool as PoolIndex);
  const analysis = analyseBlueprint(spec, index.items, discipline);
  const excludedForCurrency = excluded.filter(
    (e) => !e.disciplines || partOf({ disciplines: e.disciplines }, discipline) !== null,
  );
  const warnings =
    excludedForCurrency.length > 0
      ? [
          ...analysis.warnings,
          `因法规时效未纳入 ${excludedForCurrency.length} 道已审核题目：${excludedForCurrency
            .slice(0, 20)
            .map((e) => `${e.code}（${e.reason}）`)
            .join('；')}${excludedForCurrency.length > 20 ? '……' : ''}`,
        ]
      : analysis.warnings;
  const base = { ...analysis, warnings, excludedForCurrency };
  if (analysis.shortfalls.length > 0) {
    return { ...base, ok: false, readiness: disciplineReadiness(spec, index, discipline, null) };
  }
  try {
    const prep = prepareAssembly(spec, index, discipline);
    const zeros = new Int32Array(index.items.length);
    const paper = assembleWith(prep, TRIAL_SEED, zeros, zeros);
    const trial = {
      items: Array.from(paper.picks, (g) => index.items[g]),
      points: Array.from(paper.points),
      parts: Array.from(paper.parts),
    };
    return { ...base, ok: true, readiness: disciplineReadiness(spec, index, discipline, trial) };
  } catch (err) {
    if (err instanceof AssemblyError) {
      return {
        ...base,
        ok: false,
        shortfalls: err.shortfalls,
        readiness: disciplineReadiness(spec, index, discipline, null),
      };
    }
    throw err;
  }
}
