import type { PoolItem } from '../question-bank/pool';
import { AssemblyError, assembleWith, indexPool, PoolIndex, prepareAssembly } from './assemble';
import type { BlueprintSpec } from './blueprint';
import type { BlueprintAnalysis } from './plan';
import { analyseBlueprint } from './plan';

/** Whether the approved pool can satisfy a blueprint for one discipline, and if not, what it lacks. */
export interface CapacityReport extends BlueprintAnalysis {
  ok: boolean;
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
): CapacityReport {
  const index: PoolIndex = Array.isArray(pool) ? indexPool(pool as readonly PoolItem[]) : (pool as PoolIndex);
  const analysis = analyseBlueprint(spec, index.items, discipline);
  if (analysis.shortfalls.length > 0) {
    return { ...analysis, ok: false };
  }
  try {
    const prep = prepareAssembly(spec, index, discipline);
    const zeros = new Int32Array(index.items.length);
    assembleWith(prep, TRIAL_SEED, zeros, zeros);
  } catch (err) {
    if (err instanceof AssemblyError) {
      return { ...analysis, ok: false, shortfalls: err.shortfalls };
    }
    throw err;
  }
  return { ...analysis, ok: true };
}
