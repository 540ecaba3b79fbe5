import type { EnemyGroupOfItems } from '../question-bank/pool';
import { ExposureTracker, indexPool, prepareAssembly } from './assemble';
import { defaultBlueprint } from './blueprint';
import { checkBlueprintCapacity } from './capacity';
import { enemyConflicts } from './fairness';
import { derivePaperSeed } from './paper-seed';
import { syntheticPool } from './synthetic-pool';

const DISCIPLINE = 'hazardous-chemicals';
const CAMPAIGN_SEED = 'a5'.repeat(32);

describe('enemy groups: items that give each other away never share a paper', () => {
  // A pool just large enough that, without the rule, enemies would often land together.
  const pool = syntheticPool({
    common: { judge: 30, single: 75, multiple: 25 },
    perDiscipline: { judge: 15, single: 40, multiple: 15 },
    disciplines: [DISCIPLINE],
  });
  const commonSingles = pool.filter((p) => p.type === 'single' && p.disciplines.includes('common'));
  // Pairs and a triple among common single-choice items (each paper takes 30 of the 75).
  const groups: EnemyGroupOfItems[] = [
    ...Array.from({ length: 10 }, (_, k) => ({
      code: `eg-${k}`,
      reason: 'stem gives away the key',
      itemIds: [commonSingles[2 * k].itemId, commonSingles[2 * k + 1].itemId],
    })),
    {
      code: 'eg-t',
      reason: 'three items on one fact',
      itemIds: commonSingles.slice(40, 43).map((p) => p.itemId),
    },
  ];

  it('holds over 300 papers, and the same papers without groups do clash (the rule is what prevents it)', () => {
    const spec = defaultBlueprint();
    const assembleMany = (g: EnemyGroupOfItems[]) => {
      const index = indexPool(pool, g);
      const prep = prepareAssembly(spec, index, DISCIPLINE);
      const tracker = new ExposureTracker(index);
      return Array.from({ length: 300 }, (_, t) => {
        const paper = tracker.assembleNext(prep, derivePaperSeed(CAMPAIGN_SEED, t + 1), t % 7);
        return {
          paperId: t,
          discipline: DISCIPLINE,
          agencyId: t % 7,
          difficulty: paper.difficulty,
          targetDifficulty: paper.targetDifficulty,
          difficultyTolerance: spec.difficultyTolerance,
          questions: paper.questions.map((q) => ({ itemId: q.itemId, type: q.type, part: q.part })),
        };
      });
    };
    const withRule = assembleMany(groups);
    expect(enemyConflicts(withRule, groups)).toBe(0);
    for (const p of withRule) {
      expect(new Set(p.questions.map((q) => q.itemId)).size).toBe(85);
      expect(Math.abs(p.difficulty - p.targetDifficulty)).toBeLessThanOrEqual(
        spec.difficultyTolerance + 1e-9,
      );
    }
    expect(enemyConflicts(assembleMany([]), groups)).toBeGreaterThan(0);
  });
});

describe('discipline sections draw discipline-specific items before shared-knowledge ones', () => {
  it('fills the section from specific items while they last, and reports the readiness', () => {
    const specific = syntheticPool({
      common: { judge: 40, single: 100, multiple: 30 },
      perDiscipline: { judge: 10, single: 25, multiple: 8 },
      disciplines: [DISCIPLINE],
    });
    // A second block of discipline-tagged items from a shared-knowledge law (消防法 and the like).
    const shared = syntheticPool({
      common: { judge: 0, single: 0, multiple: 0 },
      perDiscipline: { judge: 20, single: 40, multiple: 15 },
      disciplines: [DISCIPLINE],
      firstItemId: 100_000,
      seed: '5b'.repeat(32),
    }).map((p) => ({ ...p, shared: true }));
    const spec = defaultBlueprint();
    const report = checkBlueprintCapacity(spec, [...specific, ...shared], DISCIPLINE);
    expect(report.ok).toBe(true);
    expect(report.readiness.specificItems).toBe(43);
    expect(report.readiness.sharedItems).toBe(75);
    // The section is 40 points; specific items are plentiful enough to fill it entirely.
    expect(report.readiness.specificPoints).toBe(40);
    expect(report.readiness.specificShare).toBe(1);
    expect(report.readiness.warning).toBeNull();

    const onlyShared = checkBlueprintCapacity(
      spec,
      [...specific.filter((p) => p.disciplines.includes('common')), ...shared],
      DISCIPLINE,
    );
    expect(onlyShared.ok).toBe(true);
    expect(onlyShared.readiness.specificItems).toBe(0);
    expect(onlyShared.readiness.specificShare).toBe(0);
    expect(onlyShared.readiness.warning).toContain('没有已审核的专业题目');
  });
});
