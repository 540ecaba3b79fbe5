import { ExposureTracker, indexPool, prepareAssembly } from './assemble';
import { defaultBlueprint } from './blueprint';
import { fairnessReport, PaperForFairness } from './fairness';
import { derivePaperSeed } from './paper-seed';
import { syntheticPool } from './synthetic-pool';

const D = 'machinery';

describe('fairnessReport', () => {
  it('computes difficulty spread, exposure and same-agency overlap from papers', () => {
    const q = (itemId: number) => ({ itemId, type: 'single' as const, part: 'common' as const });
    const base = { discipline: D, targetDifficulty: 2.5, difficultyTolerance: 0.2 };
    const papers: PaperForFairness[] = [
      { ...base, paperId: 1, agencyId: 1, difficulty: 2.4, questions: [q(1), q(2), q(3)] },
      { ...base, paperId: 2, agencyId: 1, difficulty: 2.6, questions: [q(3), q(4), q(5)] },
      { ...base, paperId: 3, agencyId: 1, difficulty: 2.8, questions: [q(3), q(5), q(6)] },
      { ...base, paperId: 4, agencyId: 2, difficulty: 2.5, questions: [q(1), q(2), q(3)] },
    ];
    const pool = syntheticPool({
      common: { judge: 0, single: 6, multiple: 0 },
      perDiscipline: { judge: 0, single: 0, multiple: 0 },
      disciplines: [],
    });
    const r = fairnessReport(9, papers, pool);
    expect(r.disciplines).toEqual([
      {
        discipline: D,
        disciplineName: '机械',
        papers: 4,
        difficulty: { min: 2.4, mean: 2.575, max: 2.8, target: 2.5, tolerance: 0.2 },
        outsideTolerance: 1,
        maxExposure: 4,
        fairShare: 2,
        agencyPairs: 3,
        // Agency 1: {1,2,3}∩{3,4,5} = 1, {1,2,3}∩{3,5,6} = 1, {3,4,5}∩{3,5,6} = 2.
        meanAgencyOverlap: 1.333,
        randomOverlap: 1.5,
      },
    ]);
    expect(r.overall).toEqual({
      maxExposure: 4,
      agencyPairs: 3,
      meanAgencyOverlap: 1.333,
      enemyGroups: 0,
      enemyConflicts: 0,
    });
  });

  it('shows assembled papers near the fair share, with the least same-agency overlap the pool allows', () => {
    const pool = syntheticPool({
      common: { judge: 40, single: 100, multiple: 30 },
      perDiscipline: { judge: 20, single: 60, multiple: 20 },
      disciplines: [D],
    });
    const index = indexPool(pool);
    const spec = defaultBlueprint();
    const prep = prepareAssembly(spec, index, D);
    const tracker = new ExposureTracker(index);
    const papers: PaperForFairness[] = [];
    for (let t = 0; t < 80; t++) {
      const agencyId = Math.floor(t / 4);
      const p = tracker.assembleNext(prep, derivePaperSeed('11'.repeat(32), t), agencyId);
      papers.push({
        ...p,
        questions: p.questions,
        paperId: t,
        agencyId,
        difficultyTolerance: spec.difficultyTolerance,
      });
    }
    const [row] = fairnessReport(1, papers, pool).disciplines;
    expect(row.outsideTolerance).toBe(0);
    expect(row.maxExposure).toBeLessThanOrEqual(Math.ceil(row.fairShare) + 1);
    // Four colleagues need more items of some buckets than the pool has: the least overlap possible spreads
    // the excess evenly, each item used by q or q + 1 of them.
    const leastShared = prep.buckets.reduce((acc, b) => {
      const total = 4 * b.slots;
      const q = Math.floor(total / b.available);
      const r = total % b.available;
      return acc + (b.available - r) * ((q * (q - 1)) / 2) + r * (((q + 1) * q) / 2);
    }, 0);
    expect(row.meanAgencyOverlap).toBeCloseTo(leastShared / 6, 3);
    expect(row.meanAgencyOverlap!).toBeLessThan(row.randomOverlap / 2);
  });
});
