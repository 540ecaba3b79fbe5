import { defaultBlueprint } from './blueprint';
import { checkBlueprintCapacity } from './capacity';
import { syntheticPool } from './synthetic-pool';

const D = 'hazardous-chemicals';
const pool = syntheticPool({
  common: { judge: 40, single: 100, multiple: 30 },
  perDiscipline: { judge: 20, single: 40, multiple: 12 },
  disciplines: [D],
});

describe('checkBlueprintCapacity', () => {
  it('accepts the default blueprint when the pool suffices, with the split and the difficulty it implies', () => {
    const r = checkBlueprintCapacity(defaultBlueprint(), pool, D);
    expect(r.ok).toBe(true);
    expect(r.shortfalls).toEqual([]);
    // Proportional split of each section: 60 % common.
    expect(r.buckets).toEqual([
      { type: 'judge', part: 'common', pointsEach: 1, slots: 12, available: 40 },
      { type: 'judge', part: 'discipline', pointsEach: 1, slots: 8, available: 20 },
      { type: 'single', part: 'common', pointsEach: 1, slots: 30, available: 100 },
      { type: 'single', part: 'discipline', pointsEach: 1, slots: 20, available: 40 },
      { type: 'multiple', part: 'common', pointsEach: 2, slots: 9, available: 30 },
      { type: 'multiple', part: 'discipline', pointsEach: 2, slots: 6, available: 12 },
    ]);
    expect(r.targetDifficulty).toBe(r.expectedDifficulty);
    expect(r.reachableDifficulty!.min).toBeLessThan(r.expectedDifficulty!);
  });

  it('names the section and the number of missing items', () => {
    const few = pool.filter((p) => p.type !== 'multiple' || p.itemId % 4 === 0);
    const available = few.filter((p) => p.type === 'multiple').length;
    const r = checkBlueprintCapacity(defaultBlueprint(), few, D);
    expect(r.ok).toBe(false);
    expect(r.shortfalls).toEqual([
      expect.objectContaining({
        constraint: 'section',
        type: 'multiple',
        needed: 15,
        available,
        missingItems: 15 - available,
      }),
    ]);
    expect(r.shortfalls[0].message).toContain(`缺 ${15 - available} 道`);
  });

  it('reports a common part the pool cannot fill, in points and items', () => {
    const fewCommon = pool.filter((p) => {
      if (!p.disciplines.includes('common') || p.type === 'judge') {
        return true;
      }
      return p.type === 'single' ? p.itemId % 10 === 0 : p.itemId % 6 === 0;
    });
    const commonSingle = fewCommon.filter(
      (p) => p.type === 'single' && p.disciplines.includes('common'),
    ).length;
    const commonMultiple = fewCommon.filter(
      (p) => p.type === 'multiple' && p.disciplines.includes('common'),
    ).length;
    const r = checkBlueprintCapacity(defaultBlueprint(), fewCommon, D);
    expect(r.ok).toBe(false);
    const reach = 20 + commonSingle + 2 * commonMultiple;
    expect(reach).toBeLessThan(60);
    expect(r.shortfalls).toEqual([
      // The fewest items: the missing points in 2-point multiple-choice slots first.
      expect.objectContaining({
        constraint: 'common',
        needed: 60,
        available: reach,
        missingItems: Math.ceil((60 - reach) / 2),
      }),
    ]);
    expect(r.shortfalls[0].message).toContain(`缺 ${60 - reach} 分`);
  });

  it('reports points that the sections cannot compose', () => {
    const r = checkBlueprintCapacity(
      {
        ...defaultBlueprint(),
        sections: [{ type: 'multiple', count: 50, pointsEach: 2 }],
        commonPoints: 61,
        disciplinePoints: 39,
      },
      syntheticPool({
        common: { judge: 0, single: 0, multiple: 80 },
        perDiscipline: { judge: 0, single: 0, multiple: 80 },
        disciplines: [D],
      }),
      D,
    );
    expect(r.shortfalls).toEqual([expect.objectContaining({ constraint: 'structure' })]);
    expect(r.shortfalls[0].message).toContain('61');
  });

  it('reports a discipline part the pool cannot fill, in points and items', () => {
    const r = checkBlueprintCapacity(
      { ...defaultBlueprint(), commonPoints: 0, disciplinePoints: 100 },
      pool,
      D,
    );
    expect(r.ok).toBe(false);
    // Discipline items: 20 judge + 40 single + 12 multiple×2 = 84 points at most.
    expect(r.shortfalls).toEqual([
      expect.objectContaining({ constraint: 'discipline', needed: 100, available: 84, missingItems: 13 }),
    ]);
  });

  it('reports a source minimum, the points it reaches and the items missing', () => {
    const lawItems = pool.filter((p) => p.sourceKey === '安全生产法');
    const r = checkBlueprintCapacity(
      { ...defaultBlueprint(), sourceMinimums: [{ sourceKey: '职业病防治法', minPoints: 10 }] },
      pool,
      D,
    );
    expect(r.ok).toBe(false);
    expect(r.shortfalls).toEqual([
      expect.objectContaining({
        constraint: 'source',
        sourceKey: '职业病防治法',
        needed: 10,
        available: 0,
        missingItems: 5,
      }),
    ]);
    expect(lawItems.length).toBeGreaterThan(0);
  });

  it('moves common slots between sections so that a source minimum can be met', () => {
    // Only judge items cite the law, so the common part must take more judge items than proportional.
    const judgeLaw = pool.map((p) =>
      p.type === 'judge' && p.disciplines.includes('common') ? { ...p, sourceKey: '特别法' } : p,
    );
    const r = checkBlueprintCapacity(
      { ...defaultBlueprint(), sourceMinimums: [{ sourceKey: '特别法', minPoints: 18 }] },
      judgeLaw,
      D,
    );
    expect(r.ok).toBe(true);
    expect(r.buckets!.find((b) => b.type === 'judge' && b.part === 'common')!.slots).toBeGreaterThanOrEqual(
      18,
    );
  });

  it('reports an unreachable difficulty target with the reachable range', () => {
    const r = checkBlueprintCapacity(
      { ...defaultBlueprint(), targetDifficulty: 4.8, difficultyTolerance: 0.1 },
      pool,
      D,
    );
    expect(r.ok).toBe(false);
    expect(r.shortfalls).toEqual([expect.objectContaining({ constraint: 'difficulty', needed: 4.8 })]);
    expect(r.shortfalls[0].message).toContain(String(r.reachableDifficulty!.max));
  });

  it('reports inconsistent structure before looking at the pool', () => {
    const r = checkBlueprintCapacity({ ...defaultBlueprint(), totalPoints: 90 }, pool, D);
    expect(r.ok).toBe(false);
    expect(r.shortfalls.map((s) => s.constraint)).toEqual(['structure', 'structure']);
    expect(r.shortfalls[0].message).toContain('totalPoints');
  });

  it('warns when a bucket is barely larger than a paper needs', () => {
    const r = checkBlueprintCapacity(
      defaultBlueprint(),
      pool.filter((p) => p.itemId % 3 !== 0 || p.type !== 'multiple'),
      D,
    );
    expect(r.ok).toBe(true);
    expect(r.warnings.some((w) => w.includes('多选题'))).toBe(true);
  });
});
